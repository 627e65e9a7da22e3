"""Shared handler pieces: stale buttons, stray messages, errors."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from kit.context import RefahContext
from kit.menu import main_menu
from texts import common as t

_LOG = logging.getLogger(__name__)


async def stale_button(update: Update, context: RefahContext) -> None:
    """A button no handler is waiting for: old, pressed twice, or forged."""
    query = update.callback_query
    assert query is not None
    _LOG.info("stale or forged callback %r from %s", query.data, query.from_user.id)
    await query.answer(t.STALE_BUTTON, show_alert=True)


async def stray_message(update: Update, context: RefahContext) -> None:
    """A private message outside any conversation: show the menu."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(t.UNKNOWN_MESSAGE, reply_markup=main_menu())


def fallbacks() -> list[BaseHandler[Update, RefahContext, None]]:
    """Registered last in group 0: stale buttons anywhere, stray private messages."""
    return [
        CallbackQueryHandler(stale_button),
        MessageHandler(filters.ChatType.PRIVATE & ~filters.COMMAND, stray_message),
    ]


async def on_error(update: object, context: RefahContext) -> None:
    """Log the error and tell the user something went wrong, without losing their place."""
    _LOG.error("error while handling an update", exc_info=context.error)
    if isinstance(context.error, BadRequest) and "not modified" in context.error.message:
        return
    if (
        isinstance(update, Update)
        and update.effective_chat
        and update.effective_chat.type == ChatType.PRIVATE
    ):
        try:
            await context.bot.send_message(update.effective_chat.id, t.INTERNAL_ERROR)
        except Exception:  # the error may be the network itself
            _LOG.warning("could not tell the user about the error", exc_info=True)
