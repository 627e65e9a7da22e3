"""Keyboards built from the catalog: the main menu, confirm/back/cancel rows."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup

from bot import catalog as t


def main_menu() -> ReplyKeyboardMarkup:
    """The services and the user's own pages, as a persistent reply keyboard."""
    return ReplyKeyboardMarkup(t.MENU_ROWS, resize_keyboard=True, is_persistent=True)


def inline(rows: Sequence[Sequence[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """An inline keyboard from rows of (label, callback data)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows]
    )


def nav_row(feature: str, *, back: bool = True) -> list[tuple[str, str]]:
    """The back and cancel buttons every step of a conversation carries."""
    row = [(t.BTN_BACK, f"{feature}:back")] if back else []
    row.append((t.BTN_CANCEL, f"{feature}:cancel"))
    return row
