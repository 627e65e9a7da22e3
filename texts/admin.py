"""Texts of the clerks' group: card actions, reasons, roles."""

from __future__ import annotations

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
ADMIN_ASK_REASON_NEXT = (
    "{name}، لطفاً دلیل «{action}» درخواست {code} را در پیام بعدی خود در همین گروه بنویسید، "
    "یا «انصراف» را بزنید."
)
ADMIN_REASON_CANCELLED = "دلیلی ثبت نشد؛ درخواست {code} بدون تغییر ماند."
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
