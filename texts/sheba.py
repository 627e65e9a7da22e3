"""Texts about an employee's Sheba (bank account) being missing from the registry."""

SHEBA_LOAN_REASON = (
    "• شماره شبای شما در سامانه ثبت نشده است؛ وام به حساب شبای شما واریز می‌شود. برای ثبت آن با اداره رفاه"
    " تماس بگیرید."
)
SHEBA_LOAN_APPROVAL_REFUSED = (
    "شماره شبای این همکار در سامانه ثبت نشده است؛ نامه بانک بدون آن نوشته نمی‌شود. پس از ثبت شبا"
    " دوباره تأیید کنید."
)
