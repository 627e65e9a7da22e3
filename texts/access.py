"""Texts of access rules that hold across services: one's own case, commands the bot does not know."""

from __future__ import annotations

ACCESS_OWN_CASE = (
    "شما نمی‌توانید به‌عنوان کارشناس روی درخواست خودتان یا یکی از اعضای خانواده‌تان اقدام کنید؛ "
    "این درخواست را همکار دیگری بررسی می‌کند."
)
