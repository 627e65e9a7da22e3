"""Texts of document verification: what whoever scans a document's QR code is told."""

from __future__ import annotations

VERIFY_GENUINE = (
    "این سند اصیل و معتبر است ✅\nنوع سند: {kind}\nتاریخ صدور: {date}\nمبلغ: {amount}\nبه نام: {name}"
)
VERIFY_VOID = (
    "این سند در سامانه صادر شده اما دیگر معتبر نیست ⛔️ ({why})\n"
    "نوع سند: {kind}\n"
    "تاریخ صدور: {date}\n"
    "مبلغ: {amount}\n"
    "به نام: {name}"
)
VERIFY_WHY = {
    "cancelled": "لغو شده است",
    "rejected": "رد شده است",
    "expired": "منقضی شده است",
    "revoked": "ابطال شده است",
}
VERIFY_UNKNOWN = "چنین سندی در سامانه اداره رفاه ثبت نشده است؛ به این سند اعتماد نکنید ⚠️"
VERIFY_NO_AMOUNT = "ندارد"
