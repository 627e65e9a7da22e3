"""Inline keyboards from rows of (label, callback data), and the back/cancel row every step carries."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from domain.buttons import nav
from texts import common as t


def inline(rows: Sequence[Sequence[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """An inline keyboard from rows of (label, callback data)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows]
    )


def nav_row(feature: str, *, back: bool = True) -> list[tuple[str, str]]:
    """The back and cancel buttons every step of a conversation carries."""
    back_button, cancel_button = nav(feature)
    row = [(t.BTN_BACK, back_button.data())] if back else []
    row.append((t.BTN_CANCEL, cancel_button.data()))
    return row
