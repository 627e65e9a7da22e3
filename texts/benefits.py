"""Texts of the request-free benefits: the marriage and birth allowances, paid from the registry's file."""

from __future__ import annotations

BENEFITS_TITLE = "کمک‌هزینه ازدواج و تولد"
MENU_BENEFITS = "🎁 کمک‌هزینه‌های من"
BENEFIT_LABELS = {"marriage": "کمک‌هزینه ازدواج", "birth": "کمک‌هزینه تولد فرزند"}
BENEFITS_STATUS_LABELS = {
    "received": "دریافت شد؛ در بررسی ماهانه سنجیده می‌شود",
    "batched": "در فهرست پرداخت این ماه",
    "awaiting_sheba": "در انتظار ثبت شماره شبا",
    "not_paid": "پرداخت نشد",
    "objected": "اعتراض در دست بررسی",
    "upheld": "اعتراض پذیرفته شد؛ در پرداخت بعدی",
    "paid": "پرداخت شد",
}
BENEFITS_ACTION_LABELS = {"uphold": "✅ پذیرش اعتراض", "reject": "❌ رد اعتراض"}

# --- why not: one plain sentence per reason code of domain.benefits.BenefitCode ----------------------------
BENEFITS_REASONS = {
    "not_insured": "نام شما در فهرست بیمه‌شدگان اداره نیست.",
    "temporary_marriage": "ازدواج موقت مشمول این کمک‌هزینه نیست؛ فقط ازدواج دائم پرداخت می‌شود.",
    "not_first_marriage": "این کمک‌هزینه فقط برای نخستین ازدواج دائم پرداخت می‌شود و ازدواج دائم پیشین شما ({earlier}) ثبت است.",
    "already_paid": "این کمک‌هزینه پیش‌تر به شما پرداخت شده است.",
    "not_employed": "در تاریخ رویداد شاغل نبوده‌اید (وضعیت شما: {status}).",
    "hire_date_unknown": "تاریخ استخدام شما در پرونده ثبت نشده است؛ لطفاً با اداره رفاه تماس بگیرید.",
    "hired_after_event": "تاریخ استخدام شما ({hire}) پس از تاریخ رویداد ({date}) است.",
    "contribution_short": "سابقه بیمه شما در {months} ماه پیش از ماه ازدواج ({first} تا {last}) {days} روز است؛ دست‌کم {required} روز لازم است.",
    "no_pay": "در {months} ماه پیش از ماه ازدواج ({first} تا {last}) حقوقی برای شما ثبت نشده است.",
    "child_limit": "این کمک‌هزینه برای حداکثر {max} فرزند پرداخت می‌شود و پیش‌تر برای {paid} فرزند شما پرداخت شده است.",
}
BENEFITS_REASON_LINE = "• {reason}"

# --- what people are told ------------------------------------------------------------------------------------
BENEFITS_NOTICE_NOT_PAID = (
    "درباره {benefit} برای رویداد {date}:\n"
    "بر پایه اطلاعات ثبت احوال و سوابق بیمه شما، این کمک‌هزینه پرداخت نمی‌شود، به این دلیل:\n{reasons}\n"
    "اگر به این نتیجه اعتراض دارید، با دکمه زیر تصویر عقدنامه یا شناسنامه را بفرستید. کد پیگیری: {code}"
)
BENEFITS_NOTICE_NEED_SHEBA = (
    "خبر خوب: {benefit} برای رویداد {date} به مبلغ {amount} به شما تعلق می‌گیرد.\n"
    "اما شماره شبای معتبری از شما در پرونده نیست. با دکمه زیر شبای حساب خود را ثبت کنید تا در پرداخت بعدی "
    "واریز شود. کد پیگیری: {code}"
)
BENEFITS_NOTICE_PAID = (
    "واریز شد: {benefit} به مبلغ {amount} به حساب {sheba} پرداخت شد.\nچرا: {why}\nکد پیگیری: {code}"
)
BENEFITS_NOTICE_UPHELD = (
    "اعتراض شما درباره {benefit} (کد {code}) پذیرفته شد؛ مبلغ {amount} در پرداخت بعدی واریز می‌شود."
)
BENEFITS_NOTICE_REJECTED = "اعتراض شما درباره {benefit} (کد {code}) پذیرفته نشد.\nدلیل: {reason}"
BENEFITS_WHY_MARRIAGE = (
    "ازدواج دائم شما در {date} در ثبت احوال ثبت است، در آن روز شاغل بوده‌اید و {days} روز سابقه بیمه در "
    "{months} ماه پیش از ماه ازدواج دارید؛ مبلغ، میانگین حقوق {pay_months} ماه پیش از ماه ازدواج "
    "({first} تا {last}) است (ماده ۸۵ قانون تأمین اجتماعی)."
)
BENEFITS_WHY_BIRTH = "تولد فرزند شما در {date} ثبت است و در آن روز شاغل بوده‌اید؛ مبلغ ثابت کمک‌هزینه تولد."
BENEFITS_WHY_UPHELD = "اعتراض شما را کارشناس اداره رفاه پذیرفت."
BENEFITS_BTN_OBJECT = "📝 اعتراض و ارسال مدارک"
BENEFITS_BTN_SHEBA = "🏦 ثبت شماره شبا"
BENEFITS_BTN_REGISTER_MARRIAGE = "💍 ثبت ازدواج من"
BENEFITS_BTN_REGISTER_BIRTH = "👶 ثبت تولد فرزندم"

# --- My benefits ---------------------------------------------------------------------------------------------
BENEFITS_MINE_TITLE = "کمک‌هزینه‌های شما (ازدواج و تولد فرزند):"
BENEFITS_MINE_EMPTY = (
    "هنوز رویدادی (ازدواج یا تولد فرزند) برای شما ثبت نشده است. اگر رویدادی در ثبت احوال ثبت شود، در بررسی "
    "پایان ماه سنجیده و در صورت داشتن شرایط بدون درخواست پرداخت می‌شود. می‌توانید خودتان هم ثبت کنید."
)
BENEFITS_MINE_ENTRY = "\n{benefit} — رویداد {date}\nوضعیت: {state}"
BENEFITS_MINE_AMOUNT = "مبلغ: {amount}"
BENEFITS_MINE_CODE = "کد پیگیری: {code}"
BENEFITS_MINE_SHEBA = "\nشبای ثبت‌شده شما: {sheba}"
BENEFITS_MINE_NO_SHEBA = "\nشماره شبایی از شما در پرونده نیست."
BENEFITS_STATES = {
    "pending": "ثبت شد؛ در بررسی پایان ماه سنجیده می‌شود",
    "not_eligible": "پرداخت نمی‌شود",
    "awaiting_sheba": "به شما تعلق می‌گیرد؛ منتظر ثبت شبای شما",
    "due": "در فهرست پرداخت بعدی",
    "batched": "در فهرست پرداخت؛ منتظر واریز امور مالی",
    "paid": "پرداخت شد",
    "objected": "اعتراض شما در دست بررسی است",
    "upheld": "اعتراض پذیرفته شد؛ در پرداخت بعدی",
    "rejected": "اعتراض پذیرفته نشد",
}
BENEFITS_BTN_OBJECT_CASE = "📝 اعتراض: {benefit} {date}"

# --- the Sheba number -----------------------------------------------------------------------------------------
BENEFITS_ASK_SHEBA = "شماره شبای حساب بانکی خود را بنویسید (IR و ۲۴ رقم؛ ارقام فارسی یا انگلیسی)."
BENEFITS_REVIEW_SHEBA = "لطفاً بررسی کنید:\nشبای جدید: {sheba}\nدر صورت درستی، ثبت نهایی را بزنید."
BENEFITS_SHEBA_SAVED = "شماره شبای شما ثبت شد: {sheba}\nکمک‌هزینه‌های منتظر شبا در پرداخت بعدی واریز می‌شوند."

# --- registering one's own marriage or child's birth -----------------------------------------------------------
BENEFITS_ASK_DATE = {
    "marriage": "تاریخ ازدواج (عقد دائم) را بنویسید، مثلاً ۱۴۰۳/۰۷/۱۵.",
    "birth": "تاریخ تولد فرزند را بنویسید، مثلاً ۱۴۰۳/۰۷/۱۵.",
}
BENEFITS_DATE_FUTURE = "این تاریخ هنوز نرسیده است. لطفاً تاریخ رویداد را دوباره بنویسید."
BENEFITS_ASK_OTHER = {"marriage": "کد ملی همسر را بنویسید.", "birth": "کد ملی فرزند را بنویسید."}
BENEFITS_OTHER_IS_SELF = "این کد ملی خود شماست. لطفاً کد ملی {who} را بنویسید."
BENEFITS_WHO = {"marriage": "همسر", "birth": "فرزند"}
BENEFITS_ASK_CERTIFICATES = {
    "marriage": (
        "تصویر عقدنامه و صفحه ازدواج شناسنامه را بفرستید (عکس یا PDF)؛ تاکنون {count} فایل دریافت شده. "
        "پس از ارسال، «✅ تمام شد» را بزنید."
    ),
    "birth": (
        "تصویر شناسنامه یا گواهی ولادت فرزند را بفرستید (عکس یا PDF)؛ تاکنون {count} فایل دریافت شده. "
        "پس از ارسال، «✅ تمام شد» را بزنید."
    ),
    "objection": (
        "برای اعتراض، تصویر عقدنامه و صفحه ازدواج شناسنامه (یا مدرک مرتبط) را بفرستید؛ تاکنون {count} فایل "
        "دریافت شده. پس از ارسال، «✅ تمام شد» را بزنید."
    ),
}
BENEFITS_REVIEW_REGISTER = (
    "لطفاً بررسی کنید:\nثبت {benefit}\nتاریخ رویداد: {date}\nکد ملی {who}: {other}\nمدارک: {count} فایل\n"
    "این رویداد در بررسی پایان ماه با همان قواعد سنجیده می‌شود. در صورت درستی، ثبت نهایی را بزنید."
)
BENEFITS_REVIEW_OBJECTION = (
    "لطفاً بررسی کنید:\nاعتراض به نتیجه {benefit} (کد {code})\nمدارک: {count} فایل\n"
    "کارشناس اداره رفاه اعتراض را بررسی می‌کند. در صورت درستی، ثبت نهایی را بزنید."
)
BENEFITS_REGISTERED = (
    "ثبت شد. {benefit} برای رویداد {date} در بررسی پایان ماه سنجیده و نتیجه به شما اطلاع داده می‌شود.\n"
    "کد پیگیری: {code}"
)
BENEFITS_ALREADY_ON_FILE = "این رویداد پیش‌تر برای شما ثبت شده است؛ نتیجه را در «🎁 کمک‌هزینه‌های من» ببینید."
BENEFITS_OBJECTED = "اعتراض شما ثبت شد و برای بررسی به کارشناس فرستاده شد. کد پیگیری: {code}"
BENEFITS_NOT_OBJECTABLE = "این پرونده اکنون قابل اعتراض نیست."
BENEFITS_CARD_EVENT = "{benefit} — رویداد {date} (کد ملی {who}: {other})"
BENEFITS_CARD_AMOUNT = "مبلغ: {amount}"
BENEFITS_CARD_REASONS = "دلایل پرداخت‌نشدن:\n{reasons}"
BENEFITS_CARD_SOURCE = {"registry": "منبع: فایل ثبت احوال", "self": "منبع: ثبت توسط خود کارمند"}

# --- finance ---------------------------------------------------------------------------------------------------
BENEFITS_BATCH_CAPTION = (
    "فهرست پرداخت کمک‌هزینه ازدواج و تولد — شماره {batch}، {month}\n{lines} نفر، جمع {total}.\n"
    "پس از واریز، «✅ واریز شد» را بزنید تا به هر نفر خبر داده شود."
)
BENEFITS_LETTER_CAPTION = "نامه پوشش فهرست پرداخت شماره {batch}"
BENEFITS_BTN_PAID = "✅ واریز شد"
BENEFITS_BATCH_PAID = "فهرست شماره {batch} پرداخت‌شده ثبت شد؛ به {count} نفر خبر داده می‌شود."
BENEFITS_BATCH_ALREADY = "این فهرست پیش‌تر پرداخت‌شده ثبت شده است."
BENEFITS_FINANCE_ONLY = "این کار فقط از عهده امور مالی برمی‌آید."

# --- the payment documents ---------------------------------------------------------------------------------------
BENEFITS_SHEET_TITLE = "فهرست پرداخت کمک‌هزینه ازدواج و تولد — شماره {batch}، {month}"
BENEFITS_SHEET_HEADERS = (
    "ردیف",
    "شماره پرسنلی",
    "نام و نام خانوادگی",
    "کد ملی",
    "نوع کمک‌هزینه",
    "تاریخ رویداد",
    "شماره شبا",
    "مبلغ (ریال)",
)
BENEFITS_SHEET_TOTAL = "جمع کل"
BENEFITS_SHEET_NAME = "کمک‌هزینه ازدواج و تولد"
BENEFITS_LETTER_LABEL = "نامه پرداخت کمک‌هزینه ازدواج و تولد"
BENEFITS_LETTER_TO = "مدیریت محترم امور مالی"
BENEFITS_LETTER_SUBJECT = "موضوع: پرداخت کمک‌هزینه ازدواج و تولد — فهرست شماره {batch}"
BENEFITS_LETTER_GREETING = "با سلام و احترام،"
BENEFITS_LETTER_BODY = (
    "بدین‌وسیله فهرست پرداخت کمک‌هزینه ازدواج و تولد فرزند ماه {month} شامل {lines} نفر به جمع {total} ریال "
    "که بر پایه فایل ثبت احوال و سوابق بیمه و بدون نیاز به درخواست، احراز شرایط شده‌اند، پیوست تقدیم می‌شود. "
    "خواهشمند است دستور فرمایید مبالغ به شماره‌های شبای درج‌شده در فهرست واریز گردد."
)
BENEFITS_LETTER_SUMMARY = {
    "marriage": "کمک‌هزینه ازدواج: {count} نفر، {amount} ریال",
    "birth": "کمک‌هزینه تولد: {count} نفر، {amount} ریال",
}
BENEFITS_LETTER_SIGN = "رئیس اداره رفاه کارکنان"
BENEFITS_LETTER_DATE = "تاریخ: {date}"
BENEFITS_LETTER_NO = "شماره: {batch}"
BENEFITS_UPHOLD_NO_AMOUNT = "برای این پرونده مبلغی محاسبه نمی‌شود (حقوقی در دوره میانگین ثبت نشده است)؛ ابتدا فهرست حقوق را بارگذاری کنید."
BENEFITS_LIST_SEPARATOR = "، "
