"""Bale's Bot API surface as data, and the checks the local server makes in its Bale profile.

The tables below transcribe docs/bale.md (a test keeps the two in step). In the Bale profile the server
refuses what is not here: a method Bale does not document answers 404, a parameter or a reply-markup field
Bale does not document answers 400 naming it. Everything here is pure: no aiohttp, no server state.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

__all__ = [
    "CHAT_ACTIONS",
    "EDIT_WINDOW_SECONDS",
    "FILE_LINK_SECONDS",
    "MARKUP_FIELDS",
    "METHODS",
    "OTHER_METHODS",
    "UPDATE_TYPES",
    "is_documented",
    "markup_problem",
    "unsupported_params",
]

METHODS: dict[str, frozenset[str]] = {
    "getMe": frozenset(),
    "getUpdates": frozenset({"offset", "limit", "timeout"}),
    "setWebhook": frozenset({"url"}),
    "deleteWebhook": frozenset(),
    "getWebhookInfo": frozenset(),
    "sendMessage": frozenset({"chat_id", "text", "reply_to_message_id", "reply_markup"}),
    "forwardMessage": frozenset({"chat_id", "from_chat_id", "message_id"}),
    "copyMessage": frozenset({"chat_id", "from_chat_id", "message_id"}),
    "sendPhoto": frozenset({"chat_id", "photo", "caption", "reply_to_message_id", "reply_markup"}),
    "sendDocument": frozenset({"chat_id", "document", "caption", "reply_to_message_id", "reply_markup"}),
    "sendChatAction": frozenset({"chat_id", "action"}),
    "getFile": frozenset({"file_id"}),
    "editMessageText": frozenset({"chat_id", "message_id", "text", "reply_markup"}),
    "editMessageCaption": frozenset({"chat_id", "message_id", "caption", "reply_markup"}),
    "editMessageReplyMarkup": frozenset({"chat_id", "message_id", "reply_markup"}),
    "deleteMessage": frozenset({"chat_id", "message_id"}),
    "answerCallbackQuery": frozenset({"callback_query_id", "text", "show_alert"}),
    "getChat": frozenset({"chat_id"}),
    "getChatMember": frozenset({"chat_id", "user_id"}),
}
"""The methods the local server simulates, each with the parameters Bale documents for it."""

OTHER_METHODS: frozenset[str] = frozenset(
    {
        "sendAudio",
        "sendVideo",
        "sendAnimation",
        "sendVoice",
        "sendMediaGroup",
        "sendLocation",
        "sendContact",
        "sendSticker",
        "getChatAdministrators",
        "getChatMembersCount",
        "banChatMember",
        "unbanChatMember",
        "promoteChatMember",
        "setChatTitle",
        "setChatDescription",
        "setChatPhoto",
        "deleteChatPhoto",
        "leaveChat",
        "inviteUser",
        "createChatInviteLink",
        "revokeChatInviteLink",
        "exportChatInviteLink",
        "pinChatMessage",
        "unpinChatMessage",
        "unpinAllChatMessages",
        "uploadStickerFile",
        "createNewStickerSet",
        "addStickerToSet",
        "sendInvoice",
        "createInvoiceLink",
        "answerPreCheckoutQuery",
        "inquireTransaction",
        "askReview",
    }
)
"""Methods Bale documents that the local server does not simulate (they answer its plain 404)."""

MARKUP_FIELDS: dict[str, frozenset[str]] = {
    "InlineKeyboardMarkup": frozenset({"inline_keyboard"}),
    "InlineKeyboardButton": frozenset({"text", "callback_data", "url", "web_app", "copy_text"}),
    "ReplyKeyboardMarkup": frozenset({"keyboard", "resize_keyboard", "one_time_keyboard"}),
    "KeyboardButton": frozenset({"text", "request_contact", "request_location", "web_app"}),
    "ReplyKeyboardRemove": frozenset({"remove_keyboard"}),
}
"""The reply-markup objects Bale documents and their fields (no ForceReply)."""

UPDATE_TYPES: frozenset[str] = frozenset(
    {"message", "edited_message", "callback_query", "pre_checkout_query"}
)
"""The kinds of Update Bale documents."""

CHAT_ACTIONS: frozenset[str] = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "choose_sticker",
    }
)
"""The ``action`` values of sendChatAction Bale documents."""

EDIT_WINDOW_SECONDS = 48 * 3600
"""Messages can be edited or deleted only this long after they were sent."""

FILE_LINK_SECONDS = 3600
"""A getFile download link is valid this long."""

_CANONICAL = {name.lower(): name for name in (*METHODS, *OTHER_METHODS)}


def is_documented(method: str) -> bool:
    """Whether Bale documents the method (names are case-insensitive, as on Bale)."""
    return method.lower() in _CANONICAL


def unsupported_params(method: str, params: Mapping[str, Any]) -> list[str]:
    """The parameters of a call to a simulated method that Bale does not document, in sorted order."""
    allowed = METHODS.get(_CANONICAL.get(method.lower(), method), frozenset())
    return sorted(name for name in params if name not in allowed)


def _fields(value: Any) -> Iterator[str]:
    return iter(value) if isinstance(value, dict) else iter(())


def _rows(value: Any) -> Iterator[Any]:
    if isinstance(value, list):
        for row in value:
            if isinstance(row, list):
                yield from row


def markup_problem(markup: Any) -> str | None:
    """The first reply-markup object or field Bale does not document (``force_reply``, ``is_persistent``)."""
    if not isinstance(markup, dict) or not markup:
        return None
    if "inline_keyboard" in markup:
        kind, button_kind, rows = "InlineKeyboardMarkup", "InlineKeyboardButton", markup["inline_keyboard"]
    elif "keyboard" in markup:
        kind, button_kind, rows = "ReplyKeyboardMarkup", "KeyboardButton", markup["keyboard"]
    elif "remove_keyboard" in markup:
        kind, button_kind, rows = "ReplyKeyboardRemove", "", None
    elif "force_reply" in markup:
        return "force_reply"
    else:
        return str(min(markup))  # a markup object Bale has no name for
    for name in sorted(_fields(markup)):
        if name not in MARKUP_FIELDS[kind]:
            return name
    for button in _rows(rows):
        for name in sorted(_fields(button)):
            if name not in MARKUP_FIELDS[button_kind]:
                return name
    return None
