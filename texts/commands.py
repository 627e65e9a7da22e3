"""Texts for commands the bot does not know, sent in any state (a conversation stays where it was)."""

from __future__ import annotations

COMMAND_UNKNOWN = (
    "این دستور را نمی‌شناسم. اگر در میانهٔ کاری بودید، همان‌جا ادامه دهید؛ چیزی تغییر نکرد.\n"
    "دستورهای ربات:\n{commands}"
)
COMMAND_LINE = "/{name}: {description}"
COMMAND_NOTHING_TO_CANCEL = "کار نیمه‌تمامی برای انصراف نیست. از منو خدمت مورد نظر را انتخاب کنید."
