"""Texts of the study-award campaigns (جوایز دانش‌آموزی و دانشجویی)."""

from __future__ import annotations

# services/awards.py, conversations/awards.py: the campaign, the application per child, the clerk's check,
# the list for finance and the payment.
AW_TITLE = "جایزه تحصیلی فرزندان"
MENU_AWARDS = "🎓 جایزه تحصیلی فرزندان"
AW_LEVEL_LABELS = {
    "primary": "دبستان",
    "lower_secondary": "متوسطه اول",
    "upper_secondary": "متوسطه دوم",
    "university": "کاردانی و کارشناسی",
    "postgraduate": "کارشناسی ارشد و دکتری",
}
AW_STATUS_LABELS = {"approved": "تأیید شد؛ در انتظار پرداخت", "paid": "جایزه پرداخت شد"}
AW_ACTION_LABELS = {"pay": "💰 جایزه پرداخت شد", "approve": "✅ تأیید مدارک", "ask_info": "📷 تصویر بهتر"}
AW_CAMPAIGN_TITLE = "جوایز تحصیلی سال تحصیلی {year}"
AW_LEVEL_LINE = "• {level}: معدل دست‌کم {threshold} از ۲۰ — جایزه {amount}"

AW_ANNOUNCE = (
    "🎓 جوایز تحصیلی فرزندان همکاران، سال تحصیلی {year}\n{levels}\n"
    "مهلت ثبت درخواست: {deadline}\n"
    "برای هر فرزند، از منو «🎓 جایزه تحصیلی فرزندان» را بزنید و معدل، کارنامه و گواهی اشتغال به تحصیل را بفرستید."
)
AW_REMIND = (
    "یادآوری: مهلت ثبت درخواست جایزه تحصیلی سال {year} تا {deadline} است و هنوز برای {names} درخواستی ثبت نکرده‌اید. "
    "از منو «🎓 جایزه تحصیلی فرزندان» را بزنید."
)
AW_NAMES_SEPARATOR = "، "

AW_NO_CAMPAIGN = "اکنون فراخوان جایزه تحصیلی بازی وجود ندارد. فراخوان بعدی همین‌جا به شما اطلاع داده می‌شود."
AW_NO_CHILDREN = "فرزندی در پرونده شما ثبت نشده است. برای ثبت فرزندان با اداره رفاه تماس بگیرید: {contact}"
AW_ASK_CHILD = "{title}\nمهلت: {deadline}\nبرای کدام فرزند درخواست می‌دهید؟"
AW_ASK_LEVEL = "مقطع تحصیلی {name} را انتخاب کنید:"
AW_LEVEL_BUTTON = "{level} (معدل {threshold}، {amount})"
AW_ASK_GPA = "معدل {name} در مقطع {level} (از ۲۰) را بنویسید؛ تا دو رقم اعشار، مثلاً ۱۸٫۷۵ (رقم‌های فارسی یا انگلیسی هر دو پذیرفته می‌شود)."
AW_GPA_REFUSED = {
    "gpa_format": "معدل را فقط با عدد بنویسید، مثلاً ۱۸٫۵.",
    "gpa_range": "معدل باید بین ۰ و ۲۰ باشد.",
    "gpa_precision": "معدل حداکثر دو رقم اعشار دارد، مثلاً ۱۸٫۷۵.",
}
AW_INELIGIBLE = "متأسفانه این درخواست شرایط جایزه را ندارد:\n{reasons}"
AW_REASONS = {
    "deadline_passed": "• مهلت ثبت درخواست ({deadline}) گذشته است.",
    "not_dependant": "• این فرد در پرونده شما به عنوان فرزند ثبت نشده است.",
    "not_child": "• جایزه تحصیلی فقط برای فرزندان است.",
    "level_not_offered": "• این فراخوان برای این مقطع جایزه‌ای ندارد.",
    "gpa_below_threshold": "• معدل {gpa} کمتر از حد نصاب {threshold} برای این مقطع است.",
    "age_unknown": "• تاریخ تولد فرزند در پرونده ثبت نشده است؛ با اداره رفاه تماس بگیرید.",
    "age_implausible": "• سن فرزند ({age} سال در اول مهر) با این مقطع سازگار نیست ({minimum} تا {maximum} سال).",
    "already_applied": "• برای این فرزند در این فراخوان قبلاً درخواست ثبت شده است.",
}
AW_ELIGIBLE = "✅ {name} با معدل {gpa} در مقطع {level} واجد جایزه {amount} است."
AW_DOCUMENT_LABELS = ("کارنامه (گواهی معدل)", "گواهی اشتغال به تحصیل")
AW_ASK_DOCUMENT = "مدرک {number} از {count}: تصویر یا فایل PDF «{label}» را بفرستید."
AW_DOCUMENT_RECEIVED = "«{label}» دریافت شد."
AW_REVIEW = (
    "لطفاً بررسی کنید:\nفراخوان: {title}\nفرزند: {name}\nمقطع: {level}\nمعدل: {gpa}\nمبلغ جایزه: {amount}\n"
    "مدارک: {documents}\nدر صورت درستی، ثبت نهایی را بزنید."
)
AW_CARD_CAMPAIGN = "فراخوان: {title}"
AW_CARD_CHILD = "فرزند: {name} (کد ملی {national_id})"
AW_CARD_LEVEL = "مقطع: {level} — معدل {gpa}"
AW_CARD_AMOUNT = "مبلغ جایزه: {amount}"
AW_NOTICE_PAID = "💰 جایزه تحصیلی {name} ({amount}) با کد {code} به حساب شما واریز شد."

# The admin's campaign form (/award_new).
AW_ADMIN_ASK_YEAR = "فراخوان تازه جایزه تحصیلی.\nسال تحصیلی را بنویسید (سال شروع، مثلاً ۱۴۰۴ برای ۱۴۰۴-۱۴۰۵)."
AW_ADMIN_BAD_YEAR = "سال تحصیلی را به شکل چهار رقم شمسی بنویسید، مثلاً ۱۴۰۴."
AW_ADMIN_ASK_LEVELS = (
    "مقطع‌های این فراخوان را یکی‌یکی انتخاب کنید و حد نصاب معدل و مبلغ جایزه هر یک را بنویسید.\n{levels}"
)
AW_ADMIN_NO_LEVEL_YET = "هنوز مقطعی تعیین نشده است."
AW_ADMIN_BTN_DONE_LEVELS = "✅ مقطع‌ها کامل است"
AW_ADMIN_ASK_TERMS = (
    "مقطع {level}: حد نصاب معدل (از ۲۰) و مبلغ جایزه به ریال را با یک فاصله بنویسید، مثلاً: ۱۷ ۵۰۰۰۰۰۰۰"
)
AW_ADMIN_BAD_TERMS = "دو عدد بنویسید: حد نصاب معدل و مبلغ جایزه، مثلاً: ۱۷٫۵ ۵۰۰۰۰۰۰۰"
AW_ADMIN_NEED_LEVEL = "دست‌کم یک مقطع را تعیین کنید."
AW_ADMIN_REVIEW = (
    "لطفاً بررسی کنید:\n{title}\n{levels}\nمهلت ثبت درخواست: {deadline}\n"
    "با تأیید، فراخوان باز می‌شود و به همه همکاران متصل اطلاع داده می‌شود."
)
AW_ADMIN_BTN_OPEN = "📣 بازکردن فراخوان و اطلاع‌رسانی"
AW_ADMIN_OPENED = "فراخوان «{title}» باز شد؛ {count} نفر در صف اطلاع‌رسانی هستند."
AW_ADMIN_EXISTS = "این فراخوان قبلاً باز شده است."
AW_CAMPAIGNS_NONE = "هنوز فراخوان جایزه تحصیلی‌ای باز نشده است."
AW_CAMPAIGN_SUMMARY = (
    "{title} — مهلت {deadline} ({status})\nاطلاع‌رسانی: {sent} ارسال، {unreachable} ناموفق، {pending} در صف\n"
    "درخواست‌ها: {submitted} در انتظار بررسی، {approved} تأییدشده، {paid} پرداخت‌شده، {rejected} ردشده"
)
AW_CAMPAIGN_STATUS = {"open": "باز", "closed": "بسته"}

# Finance.
AW_CLOSED_FINANCE = (
    "مهلت «{title}» به پایان رسید. {count} درخواست تأییدشده به مبلغ {total} آماده پرداخت است. "
    "برای دریافت فهرست پرداخت و نامه، دکمه زیر را بزنید."
)
AW_BTN_LIST = "📥 فهرست پرداخت و نامه"
AW_LIST_CAPTION = "فهرست پرداخت «{title}»: {count} جایزه، جمع {total}. پس از واریز، دکمه زیر را بزنید."
AW_LIST_EMPTY = "درخواست تأییدشده‌ای در انتظار پرداخت نیست."
AW_LIST_SENT = "فهرست و نامه برای شما ارسال شد."
AW_BTN_PAID = "💰 واریز شد؛ به همکاران اطلاع داده شود"
AW_PAID_DONE = "{count} جایزه پرداخت‌شده ثبت و به همکاران اطلاع داده شد."
AW_PAID_ALREADY = "این فهرست قبلاً پرداخت‌شده ثبت شده است."
AW_DOC_LETTER_LABEL = "نامه پرداخت جوایز تحصیلی"
AW_DOC_CHILD = "فرزند"
AW_DOC_LEVEL = "مقطع"
AW_DOC_GPA = "معدل"
AW_DOC_LIST_TITLE = "فهرست پرداخت {title}"
AW_DOC_SHEET_NAME = "جوایز تحصیلی"
AW_DOC_LETTER_RECIPIENT = "مدیریت محترم امور مالی"
AW_DOC_LETTER_SUBJECT = "موضوع: پرداخت {title}"
AW_DOC_LETTER_BODY = (
    "بدین‌وسیله فهرست پیوست شامل همکارانی که فرزندانشان در «{title}» واجد جایزه شناخته شده‌اند و مدارک آنان"
    " بررسی و تأیید شده است، ارسال می‌گردد. خواهشمند است دستور فرمایید مبلغ جایزه هر ردیف به شماره شبای"
    " درج‌شده واریز گردد."
)
AW_DOC_LETTER_SUMMARY = "تعداد ردیف‌ها: {count} — جمع کل: {total}"
#: The admins' command menu entry of /awards.
AW_COMMAND_AWARDS = "وضعیت فراخوان‌های جایزه تحصیلی"
