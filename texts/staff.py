"""Texts of staff commands: their descriptions in the command menu, and the list a staff member's /start shows."""

from __future__ import annotations

STAFF_COMMANDS_TITLE = "دستورهای کاری شما:"
STAFF_COMMAND_LINE = "• /{name} — {description}"
STAFF_OUTSIDER_HOME = "سلام؛ شما در سامانه اداره رفاه نقش کاری دارید."
STAFF_COMMAND_FALLBACK = "دستور کارکنان"
#: Descriptions of staff commands whose manifest gives none (a new command should set its own).
STAFF_COMMAND_DESCRIPTIONS = {
    "deductions": "فهرست کسر اقساط وام (اکسل)",
    "today": "ورود و خروج امروز مهمانسرا",
    "grant": "دادن نقش: /grant شناسه نقش",
    "revoke": "گرفتن نقش: /revoke شناسه نقش",
    "roles": "فهرست نقش‌ها",
    "whoami": "شناسه عددی من",
    "start": "شروع و فهرست دستورها",
}
