"""Chat actions: what the user sees while the bot prepares a reply (a document takes a moment to draw)."""

from __future__ import annotations

import contextlib

from telegram import Update
from telegram.constants import ChatAction
from telegram.error import TelegramError

from kit.context import RefahContext


def document_action(is_bale: bool) -> str:
    """The "sending a document" action (Bale has none: it shows "typing", docs/bale.md)."""
    return ChatAction.TYPING if is_bale else ChatAction.UPLOAD_DOCUMENT


async def preparing_document(update: Update, context: RefahContext) -> None:
    """Show "sending a document" in the chat before a document sent directly is drawn (best effort)."""
    chat = update.effective_chat
    if chat is None:
        return
    with contextlib.suppress(TelegramError):
        await context.bot.send_chat_action(chat.id, document_action(context.settings.is_bale))
