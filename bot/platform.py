"""Telegram and Bale speak one Bot API, with gaps: Bale's updates lack fields PTB requires.

PTB drops an update whose JSON lacks a required field, so every response is normalised before PTB parses
it: a callback query without ``chat_instance`` gets one derived from its chat, a user without ``is_bot`` is
a person, a message without ``date`` is dated now. Telegram's updates pass through unchanged.
"""

from __future__ import annotations

import time
from typing import Any

from telegram.request import HTTPXRequest

JSON = dict[str, Any]

_MESSAGE_KEYS = ("message", "edited_message", "channel_post", "edited_channel_post")


def normalise_update(update: JSON) -> JSON:
    """Fill the fields PTB requires that Bale may leave out (in place; returns the update)."""
    for key in _MESSAGE_KEYS:
        if isinstance(update.get(key), dict):
            _message(update[key])
    query = update.get("callback_query")
    if isinstance(query, dict):
        _user(query.get("from"))
        message = query.get("message")
        if isinstance(message, dict):
            _message(message)
        if "chat_instance" not in query:
            chat = (message or {}).get("chat") or {}
            query["chat_instance"] = str(chat.get("id") or (query.get("from") or {}).get("id") or "0")
    return update


def _message(message: JSON) -> None:
    message.setdefault("date", int(time.time()))
    _user(message.get("from"))
    chat = message.get("chat")
    if isinstance(chat, dict) and "type" not in chat:
        chat["type"] = "private" if int(chat.get("id", 0)) > 0 else "group"
    reply = message.get("reply_to_message")
    if isinstance(reply, dict):
        _message(reply)


def _user(user: Any) -> None:
    if isinstance(user, dict):
        user.setdefault("is_bot", False)
        user.setdefault("first_name", "")


def normalise_payload(data: JSON) -> JSON:
    """Normalise a Bot API response; only ``getUpdates``-shaped results are touched."""
    result = data.get("result")
    if isinstance(result, list):
        for item in result:
            if isinstance(item, dict) and "update_id" in item:
                normalise_update(item)
    return data


class TolerantRequest(HTTPXRequest):
    """PTB's HTTPX transport, normalising each response before PTB parses it."""

    @staticmethod
    def parse_json_payload(payload: bytes) -> JSON:
        """Parse like PTB, then fill the fields Bale leaves out."""
        return normalise_payload(HTTPXRequest.parse_json_payload(payload))
