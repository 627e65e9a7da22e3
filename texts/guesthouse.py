"""Texts of the guesthouse and pilgrim-house booking service."""

from __future__ import annotations

# Guesthouse and pilgrim-house booking (services/guesthouse_text.py, conversations/guesthouse.py): the calendar,
# guests, review, the clerk's confirm or proposed dates, the hold and payment, the voucher, reminders, /today.
GH_TITLE = "رزرو زائرسرا و مهمانسرا"
MENU_GUESTHOUSE = "🏨 رزرو زائرسرا و مهمانسرا"
GUESTHOUSE_KINDS = {"pilgrim": "زائرسرا", "official": "مأمورسرا"}
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
GH_HOLD_WARNING = (
    "یادآوری درخواست {code}: فقط تا {until} برای واریز و ارسال رسید فرصت دارید؛ پس از آن اتاق {room} "
    "در {name} آزاد می‌شود. رسید را با دکمه «🧾 ارسال رسید پرداخت» در پیام تأیید بفرستید."
)
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
GH_REMIND_CHECKOUT = "امروز روز خروج است: لطفاً اتاق {room} در {name} را تا ساعت {time} تحویل دهید. سفر بخیر!"

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
