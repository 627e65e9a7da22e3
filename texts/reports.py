"""Texts of the head's report, the weekly digest and the requests export."""

from __future__ import annotations

# Reports (services/reports.py, handlers/office.py, documents/charts.py via services).
REPORT_TITLE = "گزارش اداره رفاه از {first} تا {last}"
REPORT_DIGEST_TITLE = "گزارش هفتگی اداره رفاه، از {first} تا {last}"
REPORT_TOTAL = "درخواست‌های ثبت‌شده: {count}"
REPORT_SERVICE_LINE = "• {title}: {count} درخواست ({statuses})"
REPORT_STATUS_PART = "{status}: {count}"
REPORT_PART_SEPARATOR = "، "
REPORT_DECISION_LINE = "  زمان تا تصمیم: میانه {median} روز، صدک ۹۰ {p90} روز ({decided} تصمیم)"
REPORT_NO_DECISION = "  زمان تا تصمیم: هنوز تصمیمی گرفته نشده است"
REPORT_LATE = "درخواست‌های گذشته از مهلت (امروز): {count}"
REPORT_LOAN = "وام صندوق در {month}: بودجه {budget}، مصرف‌شده {used}، در صف انتظار {queued}"
REPORT_GUESTHOUSE = "اشغال مهمانسراها: {held} از {offered} شب‌اتاق ({percent}٪)"
REPORT_CLAIMS = "هزینه‌های درمان: درخواستی {claimed}، تأییدشده {approved}، پرداخت‌شده {paid}"
REPORT_FILES = "نمودارها و فهرست کامل درخواست‌ها (فایل اکسل) در پیام‌های بعدی می‌آید."
REPORT_CHART_COUNTS = "درخواست‌ها به تفکیک خدمت و وضعیت"
REPORT_CHART_DECISION = "زمان تا تصمیم به تفکیک خدمت"
REPORT_CHART_DAILY = "درخواست‌های ثبت‌شده در هر روز"
REPORT_MEDIAN = "میانه"
REPORT_P90 = "صدک ۹۰"
REPORT_UNIT_DAYS = "روز"
REPORT_NO_DATA = "بدون درخواست"
REPORT_XLSX_CAPTION = "فهرست کامل درخواست‌ها از {first} تا {last}"
REPORT_SHEET_LIST = "فهرست درخواست‌ها از {first} تا {last}"
REPORT_SHEET_SUMMARY = "شمار درخواست‌ها به تفکیک خدمت و وضعیت"
REPORT_COLUMNS = (
    "کد پیگیری",
    "خدمت",
    "وضعیت",
    "نام و نام خانوادگی",
    "شماره پرسنلی",
    "تاریخ ثبت",
    "تاریخ تصمیم",
    "روز تا تصمیم",
    "مهلت مرحله",
    "روز کاری تأخیر",
)
REPORT_SUMMARY_COLUMNS = ("خدمت", "وضعیت", "تعداد")
REPORT_NOT_ALLOWED = "این گزارش فقط برای رئیس اداره و مدیران سامانه است."
REPORT_USAGE = (
    "برای گزارش بنویسید:\n/report — ماه جاری\n/report ۷ — هفت روز گذشته\n/report ۱۴۰۵/۰۳ — یک ماه\n"
    "/report ۱۴۰۵/۰۱/۰۱ ۱۴۰۵/۰۶/۳۱ — یک بازه"
)
REPORT_BAD_PERIOD = {
    "format": "بازه گزارش را نفهمیدم.",
    "order": "تاریخ پایان پیش از تاریخ شروع است.",
    "too_long": "بازه گزارش حداکثر {days} روز است.",
}
REPORT_PREPARING = "گزارش در حال آماده شدن است…"
