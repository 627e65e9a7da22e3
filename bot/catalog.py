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
TIMED_OUT = "این گفتگو به دلیل مدتی بی‌پاسخ ماندن بسته شد و چیزی ثبت نشد. هر زمان خواستید از منو دوباره شروع کنید."
STALE_BUTTON = "این دکمه دیگر معتبر نیست. لطفاً از منوی اصلی دوباره شروع کنید."
USE_BUTTONS = "لطفاً یکی از دکمه‌های پیام بالا را انتخاب کنید، یا «✖️ انصراف» را بزنید."
UNKNOWN_MESSAGE = "متوجه نشدم. لطفاً یکی از خدمات منو را انتخاب کنید."
INTERNAL_ERROR = "متأسفانه خطایی پیش آمد. اطلاعات شما محفوظ است؛ لطفاً چند لحظه بعد دوباره تلاش کنید."
MONEY_RIALS = "{amount} ریال"

COMMANDS = (
    ("menu", "منوی خدمات"),
    ("requests", "درخواست‌های من"),
    ("track", "پیگیری با کد رهگیری"),
    ("cancel", "انصراف از کار جاری"),
    ("help", "راهنما"),
)

JALALI_MONTHS = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
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
ONBOARD_NOT_OWN_CONTACT = "این شماره متعلق به حساب خود شما نیست. لطفاً فقط با دکمه زیر شماره خودتان را بفرستید."
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
ADMIN_DOCS_SENT = "{count} مدرک به گفتگوی خصوصی شما با ربات فرستاده شد (اگر ربات را شروع نکرده‌اید، ابتدا /start را بزنید)."
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
BOOKLET_REVIEW = "لطفاً بررسی کنید:\nخدمت: {kind}\nبرای: {name}\nمدارک: {count} فایل\nدر صورت درستی، ثبت نهایی را بزنید."
BOOKLET_CARD_KIND = "نوع: {kind}"
BOOKLET_CARD_PERSON = "برای: {name} ({relation})"


# --- playground ------------------------------------------------------------------------------------------
# The offline playground's sample office (playground/sample.py): people and who they are. Never used with a token.
PLAYGROUND_BOT_NAME = "ربات رفاه"
PLAYGROUND_GROUP_TITLE = "گروه کارشناسان رفاه"
PLAYGROUND_MALE_NAMES = (
    "علی", "حسین", "محمد", "رضا", "مهدی", "امیر", "حمید", "سعید", "مجید", "کاظم", "جواد", "بهزاد",
    "مرتضی", "وحید", "ناصر", "کامران",
)
PLAYGROUND_FEMALE_NAMES = (
    "مریم", "زهرا", "فاطمه", "سارا", "نرگس", "لیلا", "مینا", "الهام", "شیما", "پریسا", "نازنین", "سمیرا",
    "فرزانه", "طاهره", "رویا", "هستی",
)
PLAYGROUND_LAST_NAMES = (
    "رضایی", "احمدی", "کریمی", "موسوی", "حسینی", "محمدی", "جعفری", "صادقی", "رحیمی", "قاسمی", "نوری",
    "طاهری", "کاظمی", "عباسی", "یزدانی", "فرهادی", "شریفی", "مرادی", "اکبری", "بهرامی",
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


# --- documents -------------------------------------------------------------------------------------------
# PDF vouchers/letters and XLSX lists (documents/). Digits inside values are localised by the generators.
DOC_OFFICE_NAME = "اداره رفاه کارکنان"
DOC_AMOUNT_RIALS = "{amount} ریال"
DOC_ROW_NO = "ردیف"

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
