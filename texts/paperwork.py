"""Texts of official letters, forms and sheets beyond the basics: amounts in words, attachments, footers."""

from __future__ import annotations

PAPER_AMOUNT_WORDS = "{words} ریال"
PAPER_AMOUNT_FIGURES_AND_WORDS = "{figures} ریال ({words} ریال)"
PAPER_LETTER_BODY = (
    "بدین‌وسیله به استحضار می‌رساند پرداخت وام صندوق رفاه کارکنان به مبلغ {amount} ریال"
    " ({words} ریال) به {applicant} با مشخصات زیر مورد تأیید این اداره است. بازپرداخت این وام در"
    " {instalments} قسط ماهانه از حقوق ایشان کسر خواهد شد. خواهشمند است دستور فرمایید مبلغ یادشده به"
    " حساب شماره شبای زیر به نام ایشان واریز گردد."
)
PAPER_LETTER_ATTACHMENTS = "پیوست: {attachments}"
PAPER_LETTER_NO_ATTACHMENTS = "پیوست: ندارد"
PAPER_LETTER_AMOUNT_IN_WORDS = "مبلغ به حروف"
PAPER_FOOTER_ADDRESS = "نشانی: {address}"
PAPER_FOOTER_PHONE = "تلفن: {phone}"
PAPER_FOOTER_SEPARATOR = "  |  "
PAPER_VERIFY_HINT = "برای استعلام اصالت و اعتبار این سند، کد QR را با تلفن همراه بخوانید."
PAPER_SHEET_INSTALMENTS = "تعداد اقساط"
PAPER_SHEET_PAYROLL_NAME = "کسر اقساط"

#: What each kind of document is called when someone checks it.
PAPER_KIND_BANK_LETTER = "نامه پرداخت وام به بانک"
PAPER_KIND_GUESTHOUSE_VOUCHER = "برگه تأیید رزرو مهمانسرا"
