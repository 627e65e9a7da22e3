"""Texts of stage deadlines: the expected date, the daily reminder of late requests, the escalation."""

from __future__ import annotations

# Deadlines (services/deadlines.py, handlers/my_requests.py).
DEADLINE_EXPECTED = "تاریخ پیش‌بینی‌شده برای رسیدگی: {date}"
DEADLINE_EXPECTED_LATE = "تاریخ پیش‌بینی‌شده برای رسیدگی: {date} (با تأخیر؛ پیگیری شده است)"
DEADLINE_REMINDER = "یادآوری: این درخواست‌ها از مهلت رسیدگی گذشته‌اند ({count} مورد):\n{lines}"
DEADLINE_ESCALATION = "گزارش به رئیس اداره: این درخواست‌ها بیش از {days} روز کاری از مهلت رسیدگی گذشته‌اند ({count} مورد):\n{lines}"
DEADLINE_LINE = "• {code} — {title} — {status} — مهلت {due} — {late} روز کاری تأخیر"
DEADLINE_MORE = "و {count} مورد دیگر (فهرست کامل در گزارش /report)"
