"""Bot API payloads as plain JSON (services build them without importing telegram)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Button = tuple[str, str]


def inline_keyboard(rows: Sequence[Sequence[Button]]) -> dict[str, Any]:
    """An ``InlineKeyboardMarkup`` as Bot API JSON from rows of (label, callback data)."""
    return {
        "inline_keyboard": [[{"text": text, "callback_data": data} for text, data in row] for row in rows]
    }


def text_message(text: str, keyboard: dict[str, Any] | None = None) -> dict[str, Any]:
    """A ``sendMessage`` payload (plain text: Bale has no parse modes)."""
    payload: dict[str, Any] = {"text": text}
    if keyboard is not None:
        payload["reply_markup"] = keyboard
    return payload
