"""Texts both campaigns share: following an announcement to everyone."""

from __future__ import annotations

# services/campaigns.py: the opener's progress message and the final count.
CAMPAIGN_PROGRESS = (
    "📣 اطلاع‌رسانی «{title}»:\n{sent} از {queued} پیام ارسال شد؛ {unreachable} نفر در دسترس نبودند؛ "
    "{pending} پیام در صف ارسال است."
)
CAMPAIGN_FINAL = (
    "📣 اطلاع‌رسانی «{title}» به پایان رسید.\nارسال‌شده: {sent} نفر\nدر دسترس نبودند: {unreachable} نفر\n"
    "جمع: {queued} نفر"
)
CAMPAIGN_BTN_PROGRESS = "🔄 پیشرفت اطلاع‌رسانی"
CAMPAIGN_ADMIN_ONLY = "این کار ویژه مدیران سامانه رفاه است."
CAMPAIGN_FINANCE_ONLY = "این کار ویژه کارشناسان امور مالی است."
CAMPAIGN_ASK_DATE = "آخرین مهلت را به تاریخ شمسی بنویسید (مثال: ۱۴۰۴/۰۸/۳۰)."
CAMPAIGN_DATE_PAST = "این تاریخ گذشته است. تاریخی از امروز به بعد بنویسید."
CAMPAIGN_NO_RECIPIENTS = "هیچ کاربر متصلی برای اطلاع‌رسانی وجود ندارد."
