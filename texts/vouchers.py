"""Texts of the goods-voucher campaigns (بن کالا)."""

from __future__ import annotations

# services/vouchers.py, handlers/vouchers.py: the campaign, the vouchers and their redemption.
VC_TITLE = "بن کالا"
VC_MODE_LABELS = {"cash": "واریز نقدی به حساب", "goods": "بن کالا در فروشگاه تعاونی"}
VC_CAMPAIGN_TITLE = "بن کالا {amount} (تا {ends_on})"
VC_ISSUED_CAPTION = (
    "🎁 بن کالای شما به مبلغ {amount}\nکد بن: {code}\nمهلت استفاده: تا پایان {ends_on}\n"
    "این کد یا تصویر QR را در فروشگاه تعاونی ارائه دهید؛ هر بن فقط یک بار پذیرفته می‌شود. کد را به دیگران ندهید."
)
VC_CASH_ANNOUNCE = (
    "🎁 بن {amount} به همه {statuses} تعلق گرفت و به حساب شما واریز خواهد شد؛ پس از واریز خبر می‌دهیم."
)
VC_NOTICE_PAID = "💰 بن {amount} به حساب شما واریز شد."
VC_NOTICE_USED = "بن کالای {code} شما در {at} در فروشگاه تعاونی استفاده شد."
VC_STATUS_SEPARATOR = "، "

# The admin's campaign form (/voucher_new).
VC_ADMIN_ASK_AMOUNT = "فراخوان تازه بن کالا.\nمبلغ بن هر نفر را به ریال بنویسید (مثال: ۵۰٬۰۰۰٬۰۰۰)."
VC_ADMIN_ASK_STATUSES = "چه کسانی بن می‌گیرند؟ یک یا چند گروه را انتخاب کنید و سپس «تمام شد» را بزنید."
VC_ADMIN_NEED_STATUS = "دست‌کم یک گروه را انتخاب کنید."
VC_ADMIN_ASK_MODE = "شیوه پرداخت بن را انتخاب کنید:"
VC_ADMIN_ASK_ENDS = "آخرین روز استفاده از بن را به تاریخ شمسی بنویسید (مثال: ۱۴۰۴/۱۲/۲۰)."
VC_ADMIN_REVIEW = (
    "لطفاً بررسی کنید:\nمبلغ هر نفر: {amount}\nگروه‌ها: {statuses}\nشیوه: {mode}\nپایان: {ends_on}\n"
    "مشمولان: {count} نفر (جمع {total})\nبا تأیید، بن‌ها صادر و به همه اطلاع داده می‌شود."
)
VC_ADMIN_BTN_OPEN = "🎁 صدور بن‌ها و اطلاع‌رسانی"
VC_ADMIN_OPENED = "«{title}» صادر شد: {count} نفر مشمول؛ {queued} نفر در صف اطلاع‌رسانی هستند."
VC_ADMIN_NOBODY = "در این گروه‌ها کسی در پرونده نیست."
VC_CAMPAIGNS_NONE = "هنوز بنی صادر نشده است."
VC_CAMPAIGN_SUMMARY = (
    "{title} — {mode}\nصادرشده: {issued}، استفاده‌شده: {redeemed}، باز: {open}\n"
    "اطلاع‌رسانی: {sent} ارسال، {unreachable} ناموفق، {pending} در صف"
)
VC_CAMPAIGN_PAID = "واریز ثبت شد: {at}"

# Finance (cash mode).
VC_LIST_CAPTION = "فهرست واریز «{title}»: {count} نفر، جمع {total}. پس از واریز، دکمه زیر را بزنید."
VC_BTN_PAID = "💰 واریز شد؛ به همه اطلاع داده شود"
VC_PAID_DONE = "واریز ثبت و به {count} نفر اطلاع داده شد."
VC_PAID_ALREADY = "واریز این بن قبلاً ثبت شده است."
VC_DOC_STATUS = "وضعیت"
VC_DOC_LIST_TITLE = "فهرست واریز {title}"
VC_DOC_SHEET_NAME = "واریز بن نقدی"

# The cooperative's counter (/redeem).
VC_REDEEM_USAGE = (
    "برای پذیرش بن، «/redeem» و سپس کد بن را بفرستید (مثال: /redeem K7Q2-MX9D-4HT8)، "
    "یا عکس QR بن را با عنوان /redeem بفرستید."
)
VC_REDEEM_ONLY_OPERATOR = "پذیرش بن ویژه متصدیان فروشگاه تعاونی است."
VC_REDEEM_DONE = "✅ بن پذیرفته شد.\nکد: {code}\nمبلغ: {amount}\nدارنده: {name} (پرسنلی {personnel_no})"
VC_REDEEM_CODE_REFUSED = {
    "empty": "کد بن را بنویسید.",
    "too_long": "کد بن بیش از حد طولانی است.",
    "voucher_characters": "کد بن فقط از حروف لاتین و ارقام تشکیل شده است؛ دوباره بررسی کنید.",
    "voucher_length": "کد بن ۱۲ نویسه است (مثال: K7Q2-MX9D-4HT8).",
    "voucher_check": "این کد درست نیست (احتمالاً یک نویسه اشتباه تایپ شده)؛ دوباره بررسی کنید.",
}
VC_REDEEM_UNKNOWN = "بنی با این کد صادر نشده است."
VC_REDEEM_USED = "⛔️ این بن قبلاً در {at} توسط {by} استفاده شده است."
VC_REDEEM_EXPIRED = "⛔️ مهلت این بن ({ends_on}) به پایان رسیده است."
VC_REDEEM_NO_QR = "در این عکس QR خوانایی پیدا نشد. عکس واضح‌تری بفرستید یا کد را بنویسید."
VC_REDEEM_NOT_VOUCHER = "کد QR این عکس، کد بن نیست."

# The holder's own vouchers (/voucher).
VC_MINE_NONE = "بن فعالی برای شما صادر نشده است."
VC_MINE_LINE = "• {title}: {state}"
VC_MINE_STATES = {
    "open": "قابل استفاده؛ کد {code}",
    "used": "استفاده‌شده در {at}",
    "expired": "منقضی‌شده",
    "cash": "واریز به حساب",
}
#: The command menu entries of /redeem (the cooperative's counter) and /vouchers (admins).
VC_COMMAND_REDEEM = "ثبت استفاده از بن: /redeem کد"
VC_COMMAND_VOUCHERS = "آمار بن‌های صادرشده و استفاده‌شده"
