"""Texts of the welfare-fund loan service."""

from __future__ import annotations

# Welfare-fund loans (services/loans_text.py, conversations/loan.py): eligibility, the form, the two approvals,
# the budget queue, the bank letter for finance, the payroll list and the repayment notices.
LOAN_TITLE = "وام صندوق رفاه"
MENU_LOAN = "💰 وام صندوق رفاه"
LOAN_STATUS_LABELS = {
    "reviewed": "در انتظار تصمیم رئیس اداره",
    "queued": "تأیید شد؛ در صف بودجه صندوق",
    "funded": "تأیید شد؛ نامه بانک صادر شد",
    "disbursed": "پرداخت شد؛ در حال بازپرداخت",
    "settled": "تسویه شد",
}
LOAN_ACTION_LABELS = {"disburse": "💸 وام پرداخت شد"}
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
    "no_sheba": (
        "• شماره شبای شما در سامانه ثبت نشده است؛ وام به حساب شبای شما واریز می‌شود. برای ثبت آن با اداره رفاه"
        " تماس بگیرید."
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
LOAN_NO_SHEBA_APPROVAL = (
    "شماره شبای این همکار در سامانه ثبت نشده است؛ نامه بانک بدون آن نوشته نمی‌شود. پس از ثبت شبا"
    " دوباره تأیید کنید."
)
