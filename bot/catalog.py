"""The Persian message catalog: every user-visible string of Refah, and nothing else.

Keys are ``<FEATURE>_<WHAT>``; templates use ``str.format`` named placeholders. A test formats every
template and checks that no Persian literal appears anywhere else in the code.
"""

from __future__ import annotations

# --- general ---------------------------------------------------------------------------------------------
BTN_BACK = "↩️ بازگشت"
BTN_CANCEL = "✖️ انصراف"
BTN_DONE = "✅ تمام شد"
BTN_SUBMIT = "✅ ثبت نهایی درخواست"
BTN_SEND = "📨 ارسال پاسخ"
BTN_YES_CANCEL = "بله، لغو شود"
BTN_CANCEL_REQUEST = "🗑 لغو این درخواست"
BTN_ANSWER_INFO = "✍️ پاسخ و ارسال مدارک"
BTN_DOCUMENTS = "📎 مشاهده مدارک (در گفتگوی خصوصی)"
BTN_SHARE_CONTACT = "📱 ارسال شماره تلفن من"

CANCELLED = "انصراف داده شد؛ چیزی ثبت نشد. از منو خدمت دیگری را انتخاب کنید."
TIMED_OUT = (
    "این گفتگو به دلیل مدتی بی‌پاسخ ماندن بسته شد و چیزی ثبت نشد. هر زمان خواستید از منو دوباره شروع کنید."
)
STALE_BUTTON = "این دکمه دیگر معتبر نیست. لطفاً از منوی اصلی دوباره شروع کنید."
USE_BUTTONS = "لطفاً یکی از دکمه‌های پیام بالا را انتخاب کنید، یا «✖️ انصراف» را بزنید."
UNKNOWN_MESSAGE = "متوجه نشدم. لطفاً یکی از خدمات منو را انتخاب کنید."
INTERNAL_ERROR = "متأسفانه خطایی پیش آمد. اطلاعات شما محفوظ است؛ لطفاً چند لحظه بعد دوباره تلاش کنید."
MONEY_RIALS = "{amount} ریال"

COMMANDS = (
    ("menu", "منوی خدمات"),
    ("requests", "درخواست‌های من"),
    ("track", "پیگیری با کد رهگیری"),
    ("loan", "وام صندوق رفاه: شرایط، مانده و قسط بعدی"),
    ("cancel", "انصراف از کار جاری"),
    ("help", "راهنما"),
)

JALALI_MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
WEEKDAYS_SHORT = ("ش", "ی", "د", "س", "چ", "پ", "ج")
DATEPICKER_TITLE = "{month} {year}"
DATEPICKER_PREV = "◀️"
DATEPICKER_NEXT = "▶️"
DATEPICKER_CLOSED = "·{day}·"

# --- input validation: one message per refusal code of domain.validators --------------------------------
INVALID_GENERIC = "ورودی معتبر نیست. لطفاً دوباره وارد کنید."
INVALID_INPUT = {
    "empty": "چیزی وارد نشده است. لطفاً دوباره وارد کنید.",
    "too_long": "متن ارسالی بیش از حد طولانی است. لطفاً فقط مقدار خواسته‌شده را بفرستید.",
    "not_digits": "لطفاً فقط عدد وارد کنید (ارقام فارسی یا انگلیسی).",
    "national_id_length": "کد ملی باید ۱۰ رقم باشد. لطفاً دوباره وارد کنید.",
    "national_id_repeated": "این کد ملی معتبر نیست. لطفاً دوباره وارد کنید.",
    "national_id_checksum": "کد ملی واردشده معتبر نیست (رقم کنترل نادرست است). لطفاً دوباره بررسی کنید.",
    "sheba_format": "شماره شبا باید با IR و ۲۴ رقم باشد.",
    "sheba_checksum": "شماره شبا معتبر نیست. لطفاً دوباره بررسی کنید.",
    "mobile_format": "شماره همراه معتبر نیست (مثال: ۰۹۱۲۱۲۳۴۵۶۷).",
    "date_format": "تاریخ را به شکل ۱۴۰۴/۰۱/۱۵ وارد کنید.",
    "date_impossible": "چنین تاریخی در تقویم وجود ندارد. لطفاً دوباره وارد کنید.",
    "amount_format": "مبلغ را فقط با عدد و به ریال وارد کنید (مثال: ۵۰٬۰۰۰٬۰۰۰).",
    "amount_too_small": "مبلغ کمتر از حد مجاز است.",
    "amount_too_large": "مبلغ بیشتر از حد مجاز است.",
    "tracking_format": "کد رهگیری معتبر نیست (مثال: ABCD-2345).",
}

# --- onboarding ------------------------------------------------------------------------------------------
ONBOARD_WELCOME = (
    "به ربات اداره رفاه کارکنان خوش آمدید.\n"
    "برای استفاده از خدمات، ابتدا با دکمه زیر شماره تلفن همراه خود را بفرستید تا با پرونده شما تطبیق داده شود."
)
ONBOARD_FIRST = "ابتدا باید هویت شما تأیید شود. لطفاً /start را بزنید."
ONBOARD_NOT_OWN_CONTACT = (
    "این شماره متعلق به حساب خود شما نیست. لطفاً فقط با دکمه زیر شماره خودتان را بفرستید."
)
ONBOARD_UNKNOWN = (
    "متأسفانه این شماره در فهرست کارکنان و بازنشستگان ثبت نشده است.\n"
    "اگر فکر می‌کنید اشتباهی رخ داده، با اداره رفاه تماس بگیرید: {contact}"
)
ONBOARD_ASK_NATIONAL_ID = "شماره شما پیدا شد. برای تأیید هویت، کد ملی ۱۰ رقمی خود را بفرستید."
ONBOARD_WRONG_NATIONAL_ID = "کد ملی با پرونده مطابقت ندارد. {left} بار دیگر می‌توانید تلاش کنید."
ONBOARD_LOCKED = "به دلیل چند تلاش ناموفق، تأیید هویت تا {until} متوقف شده است. پس از آن دوباره تلاش کنید."
ONBOARD_LINKED = "{name} عزیز، هویت شما تأیید شد. اکنون می‌توانید از خدمات اداره رفاه استفاده کنید."

# --- menu ------------------------------------------------------------------------------------------------
MENU_GUESTHOUSE = "🏨 رزرو زائرسرا و مهمانسرا"
MENU_LOAN = "💰 وام صندوق رفاه"
MENU_BOOKLET = "📘 المثنی دفترچه بیمه"
MENU_MY_REQUESTS = "📋 درخواست‌های من"
MENU_HELP = "❓ راهنما"
MENU_ROWS = [
    [MENU_GUESTHOUSE, MENU_LOAN],
    [MENU_BOOKLET],
    [MENU_MY_REQUESTS, MENU_HELP],
]
MENU_GREETING = "{name} عزیز، خوش آمدید. خدمت مورد نظر را از منو انتخاب کنید."
HELP = (
    "راهنمای ربات اداره رفاه:\n"
    "• خدمت مورد نظر را از منو انتخاب کنید و مراحل را دنبال کنید؛ پیش از ثبت، خلاصه درخواست را می‌بینید.\n"
    "• در هر مرحله «↩️ بازگشت» یک قدم به عقب می‌برد و «✖️ انصراف» یا /cancel بدون ثبت خارج می‌شود.\n"
    "• وضعیت و سابقه درخواست‌ها در «📋 درخواست‌های من» است و هر تغییری به شما پیام داده می‌شود.\n"
    "• تاریخ‌ها شمسی‌اند و اعداد را با ارقام فارسی یا انگلیسی می‌توانید بنویسید.\n"
    "تماس با اداره رفاه: {contact}"
)
WHOAMI = "شناسه عددی شما: {user_id}"

# --- requests --------------------------------------------------------------------------------------------
SERVICE_TITLES = {
    "booklet": "دفترچه بیمه سلامت",
    "guesthouse": "رزرو زائرسرا و مهمانسرا",
    "loan": "وام صندوق رفاه",
}
STATUS_LABELS = {
    "submitted": "در انتظار بررسی",
    "needs_info": "نیازمند اطلاعات تکمیلی",
    "approved": "تأیید شد",
    "rejected": "رد شد",
    "cancelled": "لغو شد",
    "done": "انجام شد",
}
ACTION_LABELS = {
    "approve": "✅ تأیید",
    "reject": "❌ رد",
    "ask_info": "❓ درخواست اطلاعات",
    "cancel": "لغو",
}
EMPLOYEE_STATUS_LABELS = {"employed": "شاغل", "retired": "بازنشسته", "pensioner": "وظیفه‌بگیر"}
RELATION_LABELS = {"self": "خودم", "spouse": "همسر", "child": "فرزند", "parent": "والدین"}

REQUEST_SUBMITTED = (
    "درخواست «{title}» ثبت شد.\nکد رهگیری: {code}\n"
    "نتیجه بررسی همین‌جا به شما اطلاع داده می‌شود و در «📋 درخواست‌های من» قابل پیگیری است."
)
REQUEST_APPROVED = "درخواست «{title}» با کد {code} تأیید شد."
REQUEST_REJECTED = "درخواست «{title}» با کد {code} رد شد.\nدلیل: {reason}"
REQUEST_NEEDS_INFO = (
    "برای بررسی درخواست «{title}» با کد {code} اطلاعات بیشتری لازم است:\n{reason}\n"
    "با دکمه زیر پاسخ دهید یا مدارک را بفرستید."
)
REQUEST_STATUS_CHANGED = "وضعیت درخواست «{title}» با کد {code}: {status}"
REQUEST_ANSWER_SENT = "پاسخ شما برای درخواست {code} ثبت شد و پرونده دوباره به کارشناس ارجاع شد."
REQUEST_HISTORY_LINE = "• {at} — {status}: {note}"

CARD_HEADER = "🆕 {title} — کد {code}"
CARD_APPLICANT = "متقاضی: {name} (پرسنلی {personnel_no}، {status})"
CARD_SUBMITTED_AT = "ثبت: {at}"
CARD_ATTACHMENTS = "مدارک پیوست: {count} فایل"
CARD_STATUS = "وضعیت: {status}"
CARD_LAST_ACTION = "آخرین اقدام: {name} در {at}"
CARD_NOTE = "توضیح: {note}"
DOCUMENT_CAPTION = "مدرک {number} از {total} — درخواست {code}"

MY_REQUESTS_TITLE = "درخواست‌های شما (جدیدترین در بالا):"
MY_REQUESTS_EMPTY = "هنوز درخواستی ثبت نکرده‌اید."
MY_REQUEST_BUTTON = "{title} | {code} | {status}"
MY_REQUEST_HEADER = "{title}\nکد رهگیری: {code}"
MY_REQUEST_STATUS = "وضعیت: {status}"
MY_REQUEST_FILES = "مدارک: {count} فایل"
MY_REQUEST_HISTORY = "سابقه:"
MY_REQUEST_UPDATED = "آخرین به‌روزرسانی: {at}"
MY_REQUEST_CANCEL_CONFIRM = "آیا از لغو این درخواست مطمئن هستید؟"
MY_REQUEST_CANCELLED = "درخواست {code} لغو شد."
CANNOT_CANCEL = "این درخواست دیگر قابل لغو نیست."
TRACK_USAGE = "نحوه استفاده: /track و سپس کد رهگیری، مثلاً /track K7QM-3XDP"
TRACK_NOT_FOUND = "درخواستی با این کد رهگیری در پرونده‌های شما پیدا نشد."

INFO_ASK = (
    "پاسخ خود به پرسش کارشناس درباره درخواست {code} را بنویسید و/یا مدارک (عکس یا PDF) را بفرستید، "
    "سپس «📨 ارسال پاسخ» را بزنید."
)
INFO_GOT_TEXT = "متن پاسخ ثبت شد. اگر مدرکی هم هست بفرستید، سپس «📨 ارسال پاسخ» را بزنید."
INFO_EMPTY = "هنوز متن یا مدرکی نفرستاده‌اید."
INFO_WHAT = "لطفاً متن پاسخ یا عکس/PDF مدرک را بفرستید."
INFO_NOT_WAITING = "این درخواست دیگر منتظر پاسخ شما نیست."

FILE_REFUSED = {
    "not_a_file": "لطفاً عکس یا فایل PDF مدرک را بفرستید (استیکر و متن پذیرفته نمی‌شود).",
    "type": "فقط عکس (JPG/PNG) یا PDF پذیرفته می‌شود.",
    "size": "حجم فایل بیش از ۱۰ مگابایت است.",
}
FILE_RECEIVED = "دریافت شد ({count} فایل). فایل دیگری هست بفرستید، وگرنه «✅ تمام شد» را بزنید."
FILES_TOO_MANY = "حداکثر {max} فایل پذیرفته می‌شود."
FILES_NEEDED = "دست‌کم یک مدرک لازم است."

# --- clerks' group ---------------------------------------------------------------------------------------
ADMIN_NO_ROLE = "شما نقش لازم برای این اقدام را ندارید."
ADMIN_SAME_ACTOR = "تأیید مرحله دوم باید توسط فرد دیگری انجام شود."
ADMIN_REASON_REQUIRED = "برای این اقدام نوشتن دلیل الزامی است. لطفاً دلیل را در پاسخ به همان پیام بنویسید."
ADMIN_ALREADY_HANDLED = "این درخواست قبلاً رسیدگی شده است (وضعیت فعلی: {status})."
ADMIN_DONE = "انجام شد: {action}"
ADMIN_DOCS_SENT = (
    "{count} مدرک به گفتگوی خصوصی شما با ربات فرستاده شد (اگر ربات را شروع نکرده‌اید، ابتدا /start را بزنید)."
)
ADMIN_ASK_REASON = "{name}، لطفاً دلیل «{action}» درخواست {code} را در پاسخ (Reply) به همین پیام بنویسید."
ADMIN_REASON_PLACEHOLDER = "دلیل را بنویسید"
ADMIN_REASON_RECORDED = "ثبت شد. درخواست {code}: {status}"
ADMIN_NOT_YOUR_PROMPT = "این پرسش از کارشناس دیگری است."

ROLE_LABELS = {
    "admin": "مدیر سامانه",
    "clerk": "کارشناس",
    "head": "رئیس اداره",
    "finance": "امور مالی",
    "payroll": "حقوق و دستمزد",
    "coop_operator": "متصدی تعاونی",
    "guesthouse_operator": "متصدی مهمانسرا",
}
ROLES_USAGE = "نحوه استفاده: /grant <شناسه کاربر> <نقش> [حوزه] یا /revoke با همان قالب."
ROLES_ADMINS_ONLY = "فقط مدیر سامانه می‌تواند نقش‌ها را تغییر دهد."
ROLES_UNKNOWN = "نقش نامعتبر است. نقش‌ها: {roles}"
ROLES_GRANTED = "نقش {role} {scope} به کاربر {user_id} داده شد."
ROLES_ALREADY = "کاربر {user_id} از قبل نقش {role} {scope} را دارد."
ROLES_REVOKED = "نقش {role} {scope} از کاربر {user_id} گرفته شد."
ROLES_NOT_HELD = "کاربر {user_id} نقش {role} {scope} را نداشت."
ROLES_TITLE = "نقش‌های تعریف‌شده:"
ROLES_LINE = "• {user_id}: {role} {scope}"
ROLES_NONE = "هنوز نقشی تعریف نشده است."

# --- booklet ---------------------------------------------------------------------------------------------
BOOKLET_KINDS = {
    "first_issue": "صدور اولیه",
    "add_dependant": "افزودن افراد خانواده",
    "cancellation": "ابطال",
    "duplicate": "صدور المثنی",
}
BOOKLET_ASK_PERSON = "المثنی دفترچه بیمه برای چه کسی صادر شود؟"
BOOKLET_ASK_DOCS = (
    "دفترچه {name}.\nتصویر کارت ملی یا شناسنامه و حکم (عکس یا PDF) را بفرستید؛ "
    "تاکنون {count} فایل دریافت شده. پس از ارسال، «✅ تمام شد» را بزنید."
)
BOOKLET_REVIEW = (
    "لطفاً بررسی کنید:\nخدمت: {kind}\nبرای: {name}\nمدارک: {count} فایل\nدر صورت درستی، ثبت نهایی را بزنید."
)
BOOKLET_CARD_KIND = "نوع: {kind}"
BOOKLET_CARD_PERSON = "برای: {name} ({relation})"


# --- playground ------------------------------------------------------------------------------------------
# The offline playground's sample office (playground/sample.py): its people, places and loans. Never with a token.
PLAYGROUND_BOT_NAME = "ربات رفاه"
PLAYGROUND_GROUP_TITLE = "گروه کارشناسان رفاه"
PLAYGROUND_MALE_NAMES = (
    "علی",
    "حسین",
    "محمد",
    "رضا",
    "مهدی",
    "امیر",
    "حمید",
    "سعید",
    "مجید",
    "کاظم",
    "جواد",
    "بهزاد",
    "مرتضی",
    "وحید",
    "ناصر",
    "کامران",
)
PLAYGROUND_FEMALE_NAMES = (
    "مریم",
    "زهرا",
    "فاطمه",
    "سارا",
    "نرگس",
    "لیلا",
    "مینا",
    "الهام",
    "شیما",
    "پریسا",
    "نازنین",
    "سمیرا",
    "فرزانه",
    "طاهره",
    "رویا",
    "هستی",
)
PLAYGROUND_LAST_NAMES = (
    "رضایی",
    "احمدی",
    "کریمی",
    "موسوی",
    "حسینی",
    "محمدی",
    "جعفری",
    "صادقی",
    "رحیمی",
    "قاسمی",
    "نوری",
    "طاهری",
    "کاظمی",
    "عباسی",
    "یزدانی",
    "فرهادی",
    "شریفی",
    "مرادی",
    "اکبری",
    "بهرامی",
)
#: key -> (first name, last name, who the person is on the playground page)
PLAYGROUND_PEOPLE = {
    "family": ("علی", "رضایی", "شاغل · عضو صندوق بدون بدهی · همسر و دو فرزند"),
    "debtor": ("مریم", "احمدی", "شاغل · عضو صندوق با بدهی"),
    "newcomer": ("امیر", "کاظمی", "شاغل · عضو صندوق نیست"),
    "retiree": ("حسن", "کریمی", "بازنشسته · عضو صندوق"),
    "pensioner": ("طاهره", "موسوی", "وظیفه‌بگیر"),
    "admin": ("بهزاد", "فرهادی", "مدیر سامانه"),
    "clerk": ("نرگس", "صادقی", "کارشناس رفاه (همه خدمات)"),
    "clerk2": ("سعید", "رحیمی", "کارشناس رفاه (همه خدمات)"),
    "head": ("مجید", "طاهری", "رئیس اداره رفاه"),
    "finance": ("لیلا", "قاسمی", "امور مالی"),
    "payroll": ("جواد", "نوری", "حقوق و دستمزد"),
    "operator": ("الهام", "یزدانی", "متصدی مهمانسرا"),
}
PLAYGROUND_GROUP_ABOUT = "کارت درخواست‌ها برای بررسی کارشناسان"
#: The sample configuration: key -> (name, city, where to pay) of each house; loan products; the fund's bank.
PLAYGROUND_HOUSES = {
    "mashhad": ("امام رضا (ع)", "مشهد", "حساب ۰۱۰۰۲۰۰۳۰۰۴ بانک ملی به نام صندوق رفاه کارکنان"),
    "ramsar": ("ساحلی رامسر", "رامسر", "حساب ۰۱۰۰۲۰۰۳۰۰۴ بانک ملی به نام صندوق رفاه کارکنان"),
    "isfahan": ("نقش جهان", "اصفهان", "حساب ۰۱۰۰۲۰۰۳۰۰۴ بانک ملی به نام صندوق رفاه کارکنان"),
}
PLAYGROUND_LOAN_PRODUCTS = {"emergency": "وام ضروری", "housing": "وام مسکن", "marriage": "وام ازدواج"}
PLAYGROUND_BANK = ("ملی", "مرکزی")


# --- loans -----------------------------------------------------------------------------------------------
# Welfare-fund loans (services/loans.py, conversations/loan.py): eligibility, the form, the two approvals,
# the budget queue, the bank letter for finance, the payroll list and the repayment notices.
LOAN_STATUS_LABELS = {
    "reviewed": "در انتظار تصمیم رئیس اداره",
    "queued": "تأیید شد؛ در صف بودجه صندوق",
    "funded": "تأیید شد؛ نامه بانک صادر شد",
    "disbursed": "پرداخت شد؛ در حال بازپرداخت",
    "settled": "تسویه شد",
}
STATUS_LABELS.update(LOAN_STATUS_LABELS)
ACTION_LABELS.update({"disburse": "💸 وام پرداخت شد"})
LOAN_DOCUMENT_LABELS = {
    "payslip": "فیش حقوقی آخرین ماه",
    "financial_inquiry": "استعلام وضعیت مالی (اعتبارسنجی بانکی)",
    "guarantor": "تعهدنامه ضامن",
    "national_card": "کارت ملی",
}
LOAN_FEE_LABELS = {
    "percent_upfront": "{percent}٪ مبلغ وام (یکجا)",
    "fixed": "مبلغ ثابت {amount}",
    "declining_percent": "{percent}٪ سالانه بر مانده وام",
}
LOAN_MONTH = "{month} {year}"
LOAN_LIST_SEPARATOR = "، "

LOAN_NOT_AVAILABLE = (
    "خدمت وام صندوق رفاه هنوز راه‌اندازی نشده است. برای اطلاع با اداره رفاه تماس بگیرید: {contact}"
)
LOAN_INELIGIBLE = "متأسفانه اکنون شرایط دریافت وام صندوق رفاه را ندارید:\n{reasons}"
LOAN_REASONS = {
    "not_member": "• عضو صندوق رفاه نیستید. برای عضویت با اداره رفاه تماس بگیرید.",
    "has_debt": "• {amount} بدهی به صندوق دارید؛ پس از تسویه آن می‌توانید درخواست دهید.",
    "open_loan": "• یک وام یا درخواست وام باز در صندوق دارید؛ تا تسویه آن درخواست تازه پذیرفته نمی‌شود.",
    "membership_too_short": (
        "• سابقه عضویت شما در صندوق کمتر از {months} ماه است؛ از {date} واجد شرایط می‌شوید."
    ),
}
LOAN_ASK_PRODUCT = "شرایط دریافت وام صندوق رفاه را دارید. نوع وام را انتخاب کنید:"
LOAN_PRODUCT_BUTTON = "{name} (تا {max})"
LOAN_ASK_AMOUNT = (
    "{name}\nتعداد اقساط: {instalments}\nکارمزد: {fee}\n\n"
    "مبلغ درخواستی را به ریال بنویسید (از {min} تا {max})؛ با ارقام فارسی یا انگلیسی، با یا بدون جداکننده."
)
LOAN_AMOUNT_RANGE = "مبلغ باید از {min} تا {max} باشد."
LOAN_PREVIEW = (
    "پیش‌نمایش بازپرداخت «{name}»:\nمبلغ وام: {amount}\nکارمزد: {fee}\nجمع بازپرداخت: {total} در {instalments} قسط\n\n"
    "{lines}\n\nماه‌ها با فرض پرداخت وام در همین ماه است؛ اولین قسط از حقوق ماه پس از پرداخت کسر می‌شود."
)
LOAN_PREVIEW_LINE = "{number}. {month}: {amount}"
LOAN_PREVIEW_RUN = "قسط {first} تا {last} ({first_month} تا {last_month}): هر قسط {amount}"
LOAN_BTN_CONTINUE = "✅ ادامه و ارسال مدارک"
LOAN_ASK_DOCUMENT = "مدرک {number} از {count}: تصویر یا فایل PDF «{label}» را بفرستید."
LOAN_DOCUMENT_RECEIVED = "«{label}» دریافت شد."
LOAN_REVIEW = (
    "لطفاً بررسی کنید:\nنوع وام: {name}\nمبلغ: {amount}\nکارمزد: {fee}\n"
    "جمع بازپرداخت: {total} در {instalments} قسط ماهانه\nمدارک ارسالی: {documents}\n"
    "در صورت درستی، ثبت نهایی را بزنید."
)
LOAN_PRODUCT_GONE = "این نوع وام دیگر ارائه نمی‌شود یا شرایط آن تغییر کرده است. لطفاً از منو دوباره شروع کنید."

LOAN_STATUS_TITLE = "وام‌های صندوق رفاه شما:"
LOAN_STATUS_ENTRY = "\n{name} — کد {code}\nمبلغ: {amount}\nوضعیت: {status}"
LOAN_STATUS_QUEUE = "نوبت شما در صف بودجه صندوق: {place}"
LOAN_STATUS_FUNDED = "نامه بانک برای امور مالی فرستاده شده است؛ پس از واریز به شما خبر می‌دهیم."
LOAN_STATUS_PROGRESS = "اقساط کسرشده: {paid} از {instalments}\nمانده بدهی: {outstanding}"
LOAN_STATUS_NEXT = "قسط بعدی: {month} — {amount}"
LOAN_STATUS_NO_NEW = "\nتا تسویه وام باز، درخواست وام تازه پذیرفته نمی‌شود."

LOAN_NOTICE_REVIEWED = (
    "درخواست «{title}» با کد {code} بررسی کارشناس را گذراند و برای تصمیم نهایی نزد رئیس اداره است."
)
LOAN_NOTICE_APPROVED_FUNDED = (
    "وام شما با کد {code} به مبلغ {amount} تأیید شد. نامه بانک برای امور مالی فرستاده شد؛ "
    "پس از واریز به شما خبر می‌دهیم."
)
LOAN_NOTICE_APPROVED_QUEUED = (
    "وام شما با کد {code} به مبلغ {amount} تأیید شد، اما بودجه این ماه صندوق تمام شده است.\n"
    "نوبت شما در صف بودجه: {place}\nبا رسیدن بودجه به ترتیب نوبت پرداخت می‌شود و به شما خبر می‌دهیم."
)
LOAN_NOTICE_FUNDED = (
    "نوبت وام شما با کد {code} رسید: از بودجه صندوق تخصیص یافت و نامه بانک برای امور مالی فرستاده شد."
)
LOAN_NOTICE_DISBURSED = (
    "وام شما با کد {code} به مبلغ {amount} پرداخت شد.\nبازپرداخت: {total} در {instalments} قسط؛ "
    "اولین قسط ({first_amount}) از حقوق {first_month} کسر می‌شود."
)
LOAN_NOTICE_DEDUCTED = "قسط {number} از {instalments} وام {code} به مبلغ {amount} از حقوق {month} کسر شد.\nمانده بدهی: {outstanding}"
LOAN_NOTICE_SETTLED = "آخرین قسط وام {code} کسر شد و وام شما تسویه شد. اکنون می‌توانید وام تازه درخواست کنید."

LOAN_CARD_PRODUCT = "نوع وام: {name}"
LOAN_CARD_AMOUNT = "مبلغ: {amount} در {instalments} قسط | کارمزد: {fee}"
LOAN_CARD_TOTAL = "جمع بازپرداخت: {total}"
LOAN_CARD_DOCUMENTS = "مدارک ارسالی: {documents}"
LOAN_CARD_QUEUE = "نوبت در صف بودجه: {place}"
LOAN_CARD_LETTER = "نامه بانک: شماره {letter_no}"
LOAN_CARD_PROGRESS = "بازپرداخت: {paid} از {instalments} قسط | مانده: {outstanding}"
LOAN_CARD_NEXT = "قسط بعدی: {month} — {amount}"

LOAN_LETTER_CAPTION = (
    "نامه بانک برای پرداخت وام {code}\nمتقاضی: {name} (پرسنلی {personnel_no})\nمبلغ: {amount}\n"
    "پس از واریز، «💸 وام پرداخت شد» را بزنید."
)
LOAN_BTN_DISBURSED = "💸 وام پرداخت شد"
LOAN_DISBURSE_DONE = "ثبت شد: وام {code} پرداخت شد."

LOAN_PAYROLL_ONLY = "این فهرست فقط برای همکاران حقوق و دستمزد است."
LOAN_DEDUCTIONS_USAGE = "نحوه استفاده: /deductions برای ماه جاری، یا مثلاً /deductions ۱۴۰۴/۰۸"
LOAN_DEDUCTIONS_NONE = "در {month} قسطی برای کسر از حقوق نیست."
LOAN_DEDUCTIONS_CAPTION = (
    "فهرست کسر اقساط وام صندوق رفاه — {month}\n{count} قسط، جمع {total}.\n"
    "پس از اعمال در حقوق، «✅ ثبت کسر اقساط» را بزنید."
)
LOAN_DEDUCTIONS_RECORDED_CAPTION = "فهرست کسر اقساط {month} ({count} قسط، جمع {total})؛ ثبت‌شده در {at}."
LOAN_BTN_RECORD = "✅ ثبت کسر اقساط"
LOAN_RECORD_DONE = "کسر {count} قسط در {month} ثبت شد؛ {settled} وام تسویه شد."
LOAN_RECORD_ALREADY = "کسر اقساط {month} قبلاً ثبت شده است."
LOAN_RECORD_FUTURE = "ماه {month} هنوز نرسیده است."


# --- guesthouse ------------------------------------------------------------------------------------------
# Guesthouse and pilgrim-house booking (services/guesthouse.py, conversations/guesthouse.py): the calendar,
# guests, review, the clerk's confirm or proposed dates, the hold and payment, the voucher, reminders, /today.
GUESTHOUSE_KINDS = {"pilgrim": "زائرسرا", "official": "مامورسرا"}
GH_STATUS_LABELS = {
    "proposed": "تاریخ دیگری پیشنهاد شد؛ در انتظار انتخاب متقاضی",
    "held": "اتاق نگه داشته شد؛ در انتظار پرداخت",
    "paid": "رسید پرداخت رسید؛ در انتظار تأیید",
    "booked": "رزرو قطعی شد",
    "expired": "منقضی شد",
}
GH_ACTION_LABELS = {
    "confirm": "✅ تأیید تاریخ و نگه‌داشتن اتاق",
    "propose": "📅 پیشنهاد تاریخ دیگر",
    "verify": "💳 تأیید پرداخت و صدور برگه",
    "pick": "انتخاب تاریخ پیشنهادی",
    "pay": "ارسال رسید پرداخت",
    "expire": "پایان مهلت",
    "complete": "آغاز اقامت",
}
STATUS_LABELS.update(GH_STATUS_LABELS)
ACTION_LABELS.update(GH_ACTION_LABELS)
GH_WEEKDAYS = ("شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه")
GH_DAY = "{weekday} {day} {month} {year}"
GH_MOMENT = "{day}، ساعت {time}"
GH_LIST_SEPARATOR = "، "
GH_NONE = "—"

GH_NO_HOUSES = "در حال حاضر زائرسرا یا مهمانسرایی برای رزرو تعریف نشده است."
GH_ASK_HOUSE = "کدام زائرسرا یا مهمانسرا را می‌خواهید؟"
GH_HOUSE_BUTTON = "{kind} {name} — {city}"
GH_ASK_DAY = (
    "{kind} {name} ({city})\nروز ورود را از تقویم انتخاب کنید. اقامت {nights} شب است: ورود ساعت {check_in} "
    "و تخلیه اتاق ساعت {check_out} روز آخر.\nفقط روزهایی که برای همه شب‌های اقامت اتاق خالی دارند قابل انتخاب‌اند."
)
GH_NO_DAYS = "{kind} {name}: در بازه رزرو روز ورودی که برای شما قابل انتخاب باشد نمانده است."
GH_DAY_INVALID = "این تاریخ معتبر نیست؛ لطفاً از تقویم انتخاب کنید."
GH_DAY_REFUSED = "این روز قابل رزرو نیست: {reason}"
GH_DAY_NOT_OPEN = "این روز قابل انتخاب نیست."
GH_REFUSALS = {
    "past": "روز ورود باید از فردا به بعد باشد.",
    "horizon": "این روز بیرون از بازه مجاز رزرو است.",
    "closed": "اقامتگاه در این تاریخ‌ها تعطیل است.",
    "yearly_limit": "سهمیه اقامت امسال شما در این نوع اقامتگاه استفاده شده یا درخواست بازی دارید.",
    "first_timers": "این تاریخ فعلاً فقط برای همکارانی است که تاکنون اقامت نداشته‌اند.",
    "too_many_guests": "تعداد نفرات بیش از ظرفیت اتاق‌هاست.",
    "full": "برای همه شب‌های این اقامت اتاق خالی نمانده است.",
}
GH_ASK_GUESTS = (
    "ورود: {check_in}\nچه کسانی همراه شما می‌آیند؟ روی نام هر نفر بزنید تا انتخاب یا حذف شود، سپس «ادامه» را "
    "بزنید.\nظرفیت: حداکثر {max} نفر (با خودتان). تعداد فعلی: {count} نفر."
)
GH_GUEST_ON = "☑️ {name} ({relation})"
GH_GUEST_OFF = "⬜️ {name} ({relation})"
GH_BTN_CONTINUE = "➡️ ادامه"
GH_GUESTS_FULL = "حداکثر {max} نفر در یک اتاق جا می‌شوند."
GH_REVIEW = (
    "لطفاً بررسی کنید:\n{kind} {name} ({city})\nورود: {check_in}\nخروج: {check_out}\nمدت: {nights} شب\n"
    "مهمانان ({count} نفر): {guests}\nهزینه: {fee}\n"
    "پس از ثبت، کارشناس رفاه تاریخ را بررسی می‌کند؛ با تأیید او اتاق برایتان نگه داشته می‌شود و مبلغ را واریز می‌کنید."
)
GH_SUBMIT_REFUSED = "ثبت نشد: {reason}\nلطفاً روز دیگری انتخاب کنید."

GH_CARD_HOUSE = "محل: {kind} {name}، {city}"
GH_CARD_STAY = "ورود: {check_in}\nخروج: {check_out} ({nights} شب)"
GH_CARD_GUESTS = "مهمانان ({count} نفر): {names}"
GH_CARD_FEE = "هزینه: {fee}"
GH_CARD_FIRST_TIME = "سابقه: نخستین اقامت در {kind}"
GH_CARD_STAYED_BEFORE = "سابقه: پیش‌تر در {kind} اقامت داشته است"
GH_CARD_ROOM = "اتاق: {room}"
GH_CARD_HOLD_UNTIL = "مهلت پرداخت: {until}"
GH_CARD_PROPOSALS = "تاریخ‌های پیشنهادی: {days}"
GH_CARD_PAYMENT_REF = "شماره پیگیری پرداخت: {ref}"

GH_HELD = (
    "درخواست {code}: تاریخ شما تأیید شد و اتاق {room} در {name} تا {until} برای شما نگه داشته می‌شود.\n"
    "ورود: {check_in}\nخروج: {check_out}\nمبلغ قابل پرداخت: {fee}\nواریز به: {account}\n"
    "پس از واریز، با دکمه زیر تصویر رسید (عکس یا PDF) و شماره پیگیری آن را بفرستید. "
    "اگر تا این مهلت رسید نرسد، اتاق آزاد می‌شود."
)
GH_BTN_PAY = "🧾 ارسال رسید پرداخت"
GH_PROPOSED = (
    "درخواست {code}: ورود در {asked} ممکن نشد. کارشناس رفاه این روزها را پیشنهاد می‌کند؛ "
    "با انتخاب یکی، اتاق برایتان نگه داشته می‌شود:"
)
GH_BTN_PROPOSAL = "📅 {day}"
GH_BTN_NONE_SUITS = "✖️ هیچ‌کدام؛ لغو درخواست"
GH_PICKED = "ورود در {day} را انتخاب کردید؛ جزئیات پرداخت در پیام بعد است."
GH_HOLD_EXPIRED = (
    "درخواست {code}: مهلت پرداخت به پایان رسید و اتاق نگه‌داشته‌شده آزاد شد. در صورت تمایل دوباره درخواست دهید."
)
GH_LAPSED = "درخواست {code}: روز ورود فرارسید و درخواست پیش از نهایی شدن بسته شد."
GH_CANNOT_HOLD = "امکان نگه‌داشتن اتاق نیست: {reason}"
GH_TOO_LATE_TO_CANCEL = "زمان ورود گذشته است و این رزرو دیگر قابل لغو نیست."

GH_VOUCHER_ORG_NAME = "اقامتگاه‌های رفاهی کارکنان"
GH_VOUCHER_TEXT = (
    "✅ رزرو شما قطعی شد.\nکد رزرو: {code}\n{kind} {name}، {city}\nاتاق: {room}\nورود: {check_in}\n"
    "خروج: {check_out} ({nights} شب)\nمهمانان: {guests}\nمبلغ پرداخت‌شده: {fee} (پیگیری {ref})\n"
    "هنگام پذیرش اصل شناسنامه همه مهمانان، کارت ملی و اصل رسید پرداخت را همراه داشته باشید. "
    "برگه رزرو (PDF) در پیام بعد است."
)
GH_VOUCHER_CAPTION = "برگه رزرو {code}"
GH_OPERATOR_NEW = (
    "📥 رزرو قطعی جدید — {name}\nکد رزرو: {code}\nمیهمان: {guest} (کد ملی {national_id}، همراه {mobile})\n"
    "اتاق: {room}\nورود: {check_in}\nخروج: {check_out} ({nights} شب)\nمهمانان ({count} نفر): {guests}\n"
    "پرداخت: {fee} (پیگیری {ref})"
)
GH_OPERATOR_CANCELLED = "❌ رزرو {code} در {name} (اتاق {room}، ورود {check_in}) لغو شد؛ اتاق آزاد است."

GH_REMIND_EVE = (
    "یادآوری: فردا، {day}، ورود شما به {name} ({city}) است. اصل شناسنامه همه مهمانان، کارت ملی و اصل رسید "
    "پرداخت را همراه داشته باشید. کد رزرو: {code}"
)
GH_REMIND_MORNING = (
    "امروز روز ورود شماست: اتاق {room} در {name} از ساعت {time} در اختیار شماست. کد رزرو: {code}"
)
GH_REMIND_CHECKOUT = "امروز روز خروج است: لطفاً اتاق {room} در {name} را تا ساعت {time} تحویل دهید. سفر خوش!"

GH_PAY_ASK_FILE = "درخواست {code}: تصویر رسید واریز {fee} را (عکس یا PDF) بفرستید."
GH_PAY_ASK_REF = "رسید دریافت شد. اکنون شماره پیگیری واریز را بنویسید (ارقام فارسی یا انگلیسی)."
GH_PAY_REF_TOO_SHORT = "شماره پیگیری باید دست‌کم ۴ رقم باشد."
GH_PAY_FILE_KINDS = {"photo": "عکس", "document": "فایل PDF"}
GH_PAY_REVIEW = (
    "رسید درخواست {code}:\nرسید: {file}\nشماره پیگیری: {ref}\nدر صورت درستی «ارسال رسید» را بزنید."
)
GH_BTN_SEND_RECEIPT = "📨 ارسال رسید"
GH_PAY_SENT = "رسید پرداخت درخواست {code} ثبت شد؛ پس از تأیید کارشناس، برگه رزرو برایتان فرستاده می‌شود."
GH_PAY_NOT_WAITING = "این درخواست دیگر منتظر رسید پرداخت نیست."

GH_PROPOSE_PROMPT = (
    "{clerk}، برای درخواست {code} ({name}، ورود درخواستی {asked}) تا {max} روز ورود دیگر را از تقویم انتخاب "
    "کنید، سپس «ارسال پیشنهاد» را بزنید.\nانتخاب‌شده: {chosen}"
)
GH_BTN_PROPOSE_SEND = "📨 ارسال پیشنهاد به متقاضی"
GH_BTN_PROPOSE_CLOSE = "✖️ بستن"
GH_PROPOSE_TOO_MANY = "حداکثر {max} روز می‌توان پیشنهاد داد."
GH_PROPOSE_EMPTY = "دست‌کم یک روز انتخاب کنید."
GH_PROPOSE_SENT = "پیشنهاد برای درخواست {code} فرستاده شد: {days}"
GH_PROPOSE_CLOSED = "انتخاب روز برای درخواست {code} بسته شد."
GH_PROPOSE_NO_DAYS = "روز خالی دیگری برای این درخواست در بازه رزرو نیست؛ می‌توانید درخواست را رد کنید."

GH_TODAY_NOT_OPERATOR = "این فرمان ویژه متصدیان زائرسرا و مهمانسراست."
GH_TODAY_TITLE = "{kind} {name} — امروز {day}"
GH_TODAY_ARRIVALS = "ورودها ({count}):"
GH_TODAY_DEPARTURES = "خروج‌ها ({count}):"
GH_TODAY_LINE = "• اتاق {room}: {guest} — {count} نفر — کد {code}"


# --- documents -------------------------------------------------------------------------------------------
# PDF vouchers/letters and XLSX lists (documents/). Digits inside values are localised by the generators.
DOC_OFFICE_NAME = "اداره رفاه کارکنان"
DOC_LIST_SEPARATOR = "، "

DOC_LABEL_FULL_NAME = "نام و نام خانوادگی"
DOC_LABEL_FATHER_NAME = "نام پدر"
DOC_LABEL_PERSONNEL_NO = "شماره پرسنلی"
DOC_LABEL_NATIONAL_ID = "کد ملی"
DOC_LABEL_MOBILE = "تلفن همراه"
DOC_LABEL_TRACKING_CODE = "کد رهگیری"

DOC_VOUCHER_TITLE = "برگه تأیید رزرو مهمانسرا"
DOC_VOUCHER_RESERVATION_CODE = "کد رزرو"
DOC_VOUCHER_GUESTHOUSE = "مهمانسرا"
DOC_VOUCHER_CITY = "شهر"
DOC_VOUCHER_ROOM = "اتاق"
DOC_VOUCHER_CHECK_IN = "ورود"
DOC_VOUCHER_CHECK_OUT = "خروج"
DOC_VOUCHER_STAY = "مدت اقامت"
DOC_VOUCHER_NIGHTS = "{nights} شب"
DOC_VOUCHER_GUESTS = "مهمانان"
DOC_VOUCHER_FEE = "مبلغ پرداخت‌شده"
DOC_VOUCHER_PAYMENT_REF = "شماره پیگیری پرداخت"
DOC_VOUCHER_ISSUED_AT = "تاریخ صدور: {issued_at}"
DOC_VOUCHER_BRING_TITLE = "هنگام پذیرش همراه داشته باشید:"
DOC_VOUCHER_BRING_BIRTH_CERT = "اصل شناسنامه همه مهمانان"
DOC_VOUCHER_BRING_NATIONAL_CARD = "اصل کارت ملی"
DOC_VOUCHER_BRING_RECEIPT = "اصل رسید پرداخت"
DOC_VOUCHER_TIMES = "پذیرش از {check_in} و تخلیه اتاق تا {check_out}"
DOC_VOUCHER_FOOTER = "این برگه را هنگام پذیرش به مسئول مهمانسرا ارائه دهید."

DOC_LETTER_INVOCATION = "بسمه تعالی"
DOC_LETTER_NO = "شماره: {letter_no}"
DOC_LETTER_DATE = "تاریخ: {date}"
DOC_LETTER_RECIPIENT = "ریاست محترم بانک {bank_name} شعبه {branch_name}"
DOC_LETTER_SUBJECT = "موضوع: پرداخت وام صندوق رفاه کارکنان"
DOC_LETTER_GREETING = "با سلام و احترام،"
DOC_LETTER_BODY = (
    "بدین‌وسیله به استحضار می‌رساند پرداخت وام صندوق رفاه کارکنان به مبلغ {amount} ریال"
    " به {applicant} با مشخصات زیر مورد تأیید این اداره است. بازپرداخت این وام در {instalments}"
    " قسط ماهانه از حقوق ایشان کسر خواهد شد. خواهشمند است دستور فرمایید مبلغ یادشده به حساب"
    " شماره شبای {sheba} به نام ایشان واریز گردد."
)
DOC_LETTER_THANKS = "پیشاپیش از همکاری شما سپاسگزاریم."
DOC_LETTER_SHEBA = "شماره شبا"
DOC_LETTER_LOAN_AMOUNT = "مبلغ وام"
DOC_LETTER_INSTALMENTS = "تعداد اقساط"
DOC_LETTER_INSTALMENTS_VALUE = "{instalments} قسط ماهانه"
DOC_LETTER_SIGN_HEAD = "رئیس اداره رفاه کارکنان"
DOC_LETTER_SIGN_FINANCE = "مدیر امور مالی"
DOC_LETTER_SIGN_HINT = "مهر و امضا"

DOC_SHEET_LOAN = "وام (کد رهگیری)"
DOC_SHEET_INSTALMENT = "شماره قسط"
DOC_SHEET_INSTALMENT_OF = "{no} / {total}"
DOC_SHEET_AMOUNT = "مبلغ (ریال)"
DOC_SHEET_TOTAL = "جمع کل"
DOC_SHEET_PAYROLL_TITLE = "کسر اقساط وام صندوق رفاه - {period}"
