"""Texts of the medical expense claims service (خسارت درمانی)."""

from __future__ import annotations

# Medical claims (services/medical.py, conversations/medical.py): the claim form, the stages, the review,
# the insurer's batch and decisions, and the accounting batch.
MED_TITLE = "خسارت درمانی"
MENU_MEDICAL = "🏥 خسارت درمانی"
MED_STATUS_LABELS = {
    "submitted": "ثبت شد؛ در انتظار تشکیل پرونده",
    "file_opened": "پرونده تشکیل شد",
    "at_doctor": "نزد پزشک معتمد بیمه",
    "reviewed": "بررسی پزشک بیمه انجام شد",
    "remitted": "حواله ثبت شد",
    "at_accounting": "در حسابداری، در انتظار پرداخت",
    "paid": "پرداخت شد",
}
MED_ACTION_LABELS = {
    "open_file": "📂 تشکیل پرونده",
    "to_doctor": "🩺 ارسال نزد پزشک بیمه",
    "record_review": "📝 ثبت نتیجه بررسی",
    "remit": "🧾 ثبت حواله",
    "to_accounting": "📤 ارسال به حسابداری",
    "pay": "💳 پرداخت شد",
    "ask_info": "❓ درخواست مدارک بیشتر",
}
MED_KIND_LABELS = {
    "hospital": "بستری و بیمارستان",
    "outpatient": "ویزیت سرپایی",
    "paraclinic": "پاراکلینیک و آزمایش",
    "dental": "دندانپزشکی",
    "medicine": "دارو",
    "optical": "عینک و بینایی",
    "other": "سایر هزینه‌ها",
}
MED_DOCUMENT_LABELS = {
    "invoice": "فاکتور یا صورتحساب",
    "prescription": "نسخه پزشک",
    "discharge_summary": "خلاصه پرونده ترخیص",
    "lab_result": "جواب آزمایش",
    "dental_form": "فرم دندانپزشکی",
    "optometry": "نسخه بینایی‌سنجی",
    "medical_report": "گزارش پزشک",
    "referral": "برگه ارجاع",
}
MED_REASON_LABELS = {
    "not_covered": "خارج از پوشش بیمه",
    "over_tariff": "مازاد بر تعرفه",
    "deductible": "سهم فرانشیز",
    "over_ceiling": "بیش از سقف تعهد",
    "duplicate": "هزینه تکراری",
    "insufficient_documents": "مدارک ناکافی",
    "late": "خارج از مهلت",
    "other": "سایر موارد",
}
MED_LIST_SEPARATOR = "، "

# --- the claim form ---------------------------------------------------------------------------------------
MED_ASK_PERSON = "خسارت درمانی چه کسی را ثبت می‌کنید؟"
MED_PERSON_BUTTON = "{name} ({relation})"
MED_ASK_KIND = "هزینه ردیف {number} برای {name}: نوع هزینه را انتخاب کنید."
MED_ASK_DATE = (
    "تاریخ انجام خدمت ({kind}) را به شمسی بنویسید، مثلاً {example}.\n"
    "هزینه‌های {days} روز گذشته تا امروز پذیرفته می‌شود."
)
MED_ASK_AMOUNT = (
    "مبلغ پرداختی ({kind}، {date}) را به ریال بنویسید؛ با ارقام فارسی یا انگلیسی، با یا بدون جداکننده."
)
MED_REMAINING = "مانده سقف سالانه «{kind}» برای {name}: {remaining}"
MED_ASK_DOCUMENT = (
    "مدرک {number} از {count} برای ردیف {line} ({kind}): «{label}»\n"
    "عکس یا PDF آن را بفرستید (چند صفحه یا آلبوم هم پذیرفته است)، سپس «✅ تمام شد» را بزنید."
)
MED_FILE_RECEIVED = "«{label}» دریافت شد ({count} فایل). صفحه دیگری هست بفرستید، وگرنه «✅ تمام شد» را بزنید."
MED_ALBUM_RECEIVED = "آلبوم «{label}» در حال دریافت است. پس از رسیدن همه صفحه‌ها «✅ تمام شد» را بزنید."
MED_FILE_DUPLICATE = "این فایل را قبلاً فرستاده‌اید و دوباره پذیرفته نمی‌شود. فایل دیگری بفرستید."
MED_FILES_TOO_MANY = "برای هر مدرک حداکثر {max} فایل پذیرفته می‌شود."
MED_DOCUMENT_MISSING = "«{label}» الزامی است و هنوز فایلی برای آن نفرستاده‌اید. لطفاً عکس یا PDF آن را بفرستید."
MED_LINES_TOO_MANY = "هر پرونده حداکثر {max} ردیف هزینه دارد."
MED_REVIEW = (
    "لطفاً بررسی کنید:\nخسارت درمانی برای: {name} ({relation})\n{lines}\n"
    "جمع مبلغ درخواستی: {total}\nدر صورت درستی، ثبت نهایی را بزنید؛ برای هزینه دیگر «➕ افزودن هزینه» را بزنید."
)
MED_REVIEW_LINE = "{number}. {kind} — {date} — {amount} — {files} فایل"
MED_BTN_ADD_LINE = "➕ افزودن هزینه"
MED_SUBMITTED = (
    "خسارت درمانی {name} ثبت شد.\nکد رهگیری: {code}\nشماره پرونده خسارت: {file_number}\n"
    "جمع مبلغ درخواستی: {total}\n"
    "گام بعد: کارشناس رفاه پرونده را تشکیل می‌دهد؛ هر مرحله همین‌جا به شما اطلاع داده می‌شود."
)
MED_SUBMIT_REFUSED = "ثبت انجام نشد:\n{problems}\nلطفاً ردیف‌ها را اصلاح کنید."
MED_PROBLEM_LINE = "• ردیف {number}: {problem}"
MED_PROBLEM_CLAIM = "• {problem}"
MED_REFUSALS = {
    "kind_not_covered": "این نوع هزینه تحت پوشش نیست.",
    "future_date": "تاریخ خدمت نمی‌تواند بعد از امروز باشد. لطفاً دوباره وارد کنید.",
    "too_old": "از تاریخ این هزینه بیش از {limit} روز گذشته و مهلت ثبت آن تمام شده است.",
    "line_too_large": "مبلغ هر ردیف از این نوع حداکثر {limit} است.",
    "over_ceiling": "این مبلغ از سقف سالانه این نوع هزینه بیشتر است؛ مانده سقف امسال: {limit}.",
    "missing_documents": "مدارک لازم کامل نیست: {missing}.",
    "no_lines": "دست‌کم یک ردیف هزینه لازم است.",
    "too_many_lines": "هر پرونده حداکثر {limit} ردیف هزینه دارد.",
    "file_number_format": "شماره پرونده معتبر نیست (مثال: ۱۴۰۴-۰۰۰۱۲).",
    "not_all_reviewed": "نتیجه بررسی همه ردیف‌ها هنوز ثبت نشده است.",
    "nothing_approved": "هیچ مبلغی تأیید نشده است؛ پرونده را با ذکر دلیل رد کنید.",
}

# --- the clerks' card and the employee's notices ----------------------------------------------------------
MED_CARD_PERSON = "بیمه‌شده: {name} ({relation})"
MED_CARD_FILE = "شماره پرونده: {file_number}"
MED_CARD_LINE = "{number}. {kind} — {date} — درخواستی {claimed}"
MED_CARD_LINE_REVIEWED = "{number}. {kind} — {date} — درخواستی {claimed} — تأییدشده {approved}"
MED_CARD_TOTALS = "جمع درخواستی: {claimed}"
MED_CARD_APPROVED = "جمع تأییدشده: {approved}"
MED_CARD_PAID = "پرداخت‌شده: {paid}"
MED_NOTICE_STAGE = "خسارت درمانی {name} با کد {code}:\n{what}\nگام بعد: {next}"
MED_STAGES = {
    "open_file": "پرونده خسارت شما با شماره {file_number} تشکیل شد.",
    "to_doctor": "پرونده برای بررسی نزد پزشک معتمد بیمه فرستاده شد.",
    "remit": "حواله خسارت به مبلغ {approved} ثبت شد.",
    "to_accounting": "پرونده برای پرداخت به حسابداری فرستاده شد.",
}
MED_NEXT = {
    "open_file": "ارسال پرونده نزد پزشک معتمد بیمه.",
    "to_doctor": "بررسی هزینه‌ها توسط پزشک بیمه و اعلام مبلغ قابل پرداخت.",
    "remit": "ارسال به حسابداری برای پرداخت.",
    "to_accounting": "واریز مبلغ به حساب شما؛ پس از واریز خبر داده می‌شود.",
}
MED_NOTICE_REVIEWED = (
    "نتیجه بررسی خسارت درمانی {name} با کد {code}:\n{lines}\n"
    "جمع درخواستی: {claimed}\nجمع تأییدشده: {approved}\n"
    "گام بعد: ثبت حواله و ارسال به حسابداری برای پرداخت."
)
MED_NOTICE_LINE = "{number}. {kind}: درخواستی {claimed}، تأییدشده {approved}"
MED_NOTICE_LINE_CUT = "{number}. {kind}: درخواستی {claimed}، تأییدشده {approved} — دلیل کسر: {reason}"
MED_NOTICE_PAID = (
    "خسارت درمانی {name} با کد {code} پرداخت شد.\nمبلغ پرداختی: {paid}\n"
    "به حساب شبای ثبت‌شده شما واریز می‌شود. پرونده بسته شد."
)

# --- the review, line by line, in the clerks' group -------------------------------------------------------
MED_REV_ASK_AMOUNT = (
    "نتیجه بررسی درخواست {code} ({clerk})، ردیف {number} از {count}:\n{kind} — {date} — درخواستی {claimed}\n"
    "مبلغ تأییدشده را به ریال بنویسید (پاسخ به همین پیام)، یا یکی از دکمه‌ها را بزنید."
)
MED_REV_BTN_FULL = "✅ کل مبلغ"
MED_REV_BTN_NONE = "⛔️ هیچ (صفر)"
MED_REV_ASK_REASON = "ردیف {number}: تأییدشده {approved} از {claimed}. دلیل کسر را انتخاب کنید:"
MED_REV_ABOVE_CLAIMED = "مبلغ تأییدشده نمی‌تواند بیشتر از مبلغ درخواستی ({claimed}) باشد. دوباره بنویسید."
MED_REV_SUMMARY = "خلاصه بررسی ({clerk}) درخواست {code}:\n{lines}\nجمع تأییدشده: {approved}\nثبت شود؟"
MED_REV_BTN_SAVE = "✅ ثبت نتیجه بررسی"
MED_REV_SAVED = "نتیجه بررسی درخواست {code} ثبت شد و به متقاضی اطلاع داده شد."
MED_REV_CANCELLED = "ثبت نتیجه بررسی درخواست {code} لغو شد؛ چیزی تغییر نکرد."
MED_REV_TIMED_OUT = "ثبت نتیجه بررسی به دلیل بی‌پاسخ ماندن بسته شد؛ چیزی تغییر نکرد."
MED_REV_USE_BUTTONS = "لطفاً مبلغ را به عدد بنویسید یا یکی از دکمه‌های پیام بالا را بزنید."

# --- the insurer's batch and decisions --------------------------------------------------------------------
MED_BATCH_NONE = "پرونده تشکیل‌شده‌ای برای ارسال نزد پزشک بیمه نیست."
MED_BATCH_CHANGED = "وضعیت برخی پرونده‌ها هم‌زمان تغییر کرد. لطفاً دوباره تلاش کنید."
MED_BATCH_DOWNLOAD_FAILED = (
    "دریافت مدارک از سرور پیام‌رسان ممکن نشد؛ چیزی ارسال نشد. کمی بعد دوباره تلاش کنید."
)
MED_BATCH_POSTED = (
    "دسته {batch} خسارت درمانی: {count} پرونده نزد پزشک بیمه فرستاده شد.\n"
    "فایل فشرده مدارک و فهرست اکسل به گفتگوی خصوصی {clerk} فرستاده شد.\n"
    "تصمیم بیمه‌گر را (فایل اکسل برگه decisions) در پاسخ به همین پیام در این گروه بفرستید."
)
MED_BATCH_ZIP_CAPTION = "مدارک دسته {batch} خسارت درمانی ({count} پرونده) برای پزشک بیمه."
MED_BATCH_XLSX_CAPTION = (
    "فهرست دسته {batch}: برگه summary جزئیات است؛ ستون‌های مبلغ تأییدشده و دلیل برگه decisions را "
    "بیمه‌گر پر می‌کند."
)
MED_DECISIONS_NOT_XLSX = "تصمیم بیمه‌گر باید فایل اکسل (xlsx) باشد."
MED_DECISIONS_UNREADABLE = "این فایل اکسل خوانده نشد. لطفاً همان فایل فهرست را پر کنید و بفرستید."
MED_DECISIONS_REFUSED = "تصمیم بیمه‌گر ثبت نشد و هیچ پرونده‌ای تغییر نکرد. ردیف‌های نادرست:\n{rows}"
MED_DECISIONS_ROW = "• ردیف {row}: {problem}"
MED_DECISIONS_APPLIED = "تصمیم بیمه‌گر برای {count} پرونده ثبت شد و به متقاضیان اطلاع داده شد."
MED_REVIEW_PROBLEMS = {
    "columns": "باید چهار ستون داشته باشد: کد رهگیری، ردیف، مبلغ تأییدشده، دلیل",
    "tracking_format": "کد رهگیری معتبر نیست",
    "not_awaiting": "این پرونده منتظر تصمیم بیمه‌گر نیست",
    "line_format": "شماره ردیف معتبر نیست",
    "unknown_line": "این پرونده چنین ردیفی ندارد",
    "amount_format": "مبلغ تأییدشده عدد معتبر نیست",
    "above_claimed": "مبلغ تأییدشده بیشتر از مبلغ درخواستی است",
    "reason_required": "برای کسر مبلغ، دلیل لازم است",
    "unknown_reason": "دلیل شناخته‌شده نیست",
    "duplicate": "این ردیف دو بار آمده است",
    "lines_missing": "ردیف‌های {lines} این پرونده در فایل نیامده است",
    "no_rows": "فایل هیچ ردیفی ندارد",
}
MED_SHEET_SUMMARY = "summary"
MED_SHEET_DECISIONS = "decisions"
MED_SHEET_PAYMENTS = "پرداخت هزینه درمان"
MED_SHEET_INSURER_TITLE = "دسته ارسالی هزینه‌های درمان به بیمه‌گر"
MED_SHEET_PAYMENTS_TITLE = "فهرست پرداخت هزینه‌های درمان"
MED_COL_CODE = "کد رهگیری"
MED_COL_LINE = "ردیف"
MED_COL_FILE = "شماره پرونده"
MED_COL_PERSON = "بیمه‌شده"
MED_COL_NATIONAL_ID = "کد ملی"
MED_COL_RELATION = "نسبت"
MED_COL_KIND = "نوع هزینه"
MED_COL_DATE = "تاریخ خدمت"
MED_COL_CLAIMED = "مبلغ درخواستی (ریال)"
MED_COL_FILES = "تعداد مدارک"
MED_COL_APPROVED = "مبلغ تأییدشده (ریال)"
MED_COL_REASON = "دلیل کسر"
MED_COL_PERSONNEL_NO = "شماره پرسنلی"
MED_COL_NAME = "نام و نام خانوادگی"
MED_COL_SHEBA = "شماره شبا"
MED_COL_TOTAL = "جمع کل"

# --- accounting -------------------------------------------------------------------------------------------
MED_PAY_NONE = "پرونده‌ای در حسابداری منتظر پرداخت نیست."
MED_PAY_POSTED = (
    "دسته پرداخت {batch} خسارت درمانی: {count} پرونده، جمع {total}.\n"
    "فهرست اکسل به گفتگوی خصوصی {name} فرستاده شد. پس از واریز، «💳 همه پرداخت شد» را بزنید."
)
MED_PAY_CAPTION = "فهرست پرداخت دسته {batch} خسارت درمانی: {count} پرونده، جمع {total}."
MED_BTN_PAY_ALL = "💳 همه پرداخت شد"
MED_PAY_DONE = "دسته پرداخت {batch}: {count} پرونده پرداخت‌شده ثبت شد و به همه اطلاع داده شد."
MED_PAY_DONE_GROUP = "دسته پرداخت {batch} توسط {name} پرداخت‌شده ثبت شد ({count} پرونده، جمع {total})."
MED_PAY_ALREADY = "این دسته پرداخت قبلاً ثبت شده است."
MED_PAY_REFUSED = "دسته پرداخت ثبت نشد: {reason}"

# --- staff refusals ---------------------------------------------------------------------------------------
MED_CLERKS_ONLY = "این کار فقط از کارشناس خسارت درمانی برمی‌آید."
MED_FINANCE_ONLY = "این کار فقط از امور مالی برمی‌آید."
MED_GROUP_ONLY = "این فرمان را در گروه کارشناسان بفرستید."
