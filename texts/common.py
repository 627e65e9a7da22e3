"""Texts every part of the bot shares: buttons, errors, validation, requests, cards, files."""

from __future__ import annotations

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
# A right-to-left reader turns pages leftwards: the next month sits on the left and points left.
DATEPICKER_PREV = "▶️"
DATEPICKER_NEXT = "◀️"
DATEPICKER_CLOSED = "✖{day}"

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

MENU_MY_REQUESTS = "📋 درخواست‌های من"
MENU_HELP = "❓ راهنما"
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
CARD_ANSWERED = (
    "پاسخ متقاضی رسید: {name} به پرسش درخواست {code} پاسخ داد ({files} فایل) و پرونده برای بررسی برگشت."
)
REQUEST_HISTORY_LINE = "• {at} — {status}: {note}"

CARD_HEADER = "درخواست {title} — کد {code}"
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
INFO_FILE_RECEIVED = "دریافت شد ({count} فایل). فایل دیگری هست بفرستید، وگرنه «📨 ارسال پاسخ» را بزنید."
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
