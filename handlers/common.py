"""Shared handler pieces: stale buttons, stray messages, errors."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden
from telegram.ext import ApplicationHandlerStop, BaseHandler, CallbackQueryHandler, MessageHandler, filters

from kit.context import RefahContext
from kit.menu import main_menu
from texts import commands as commands_t
from texts import common as t

_LOG = logging.getLogger(__name__)

#: Messages a chat shows about itself (a timer set, a payment made, access granted): nobody to answer.
SERVICE_MESSAGES = filters.StatusUpdate.ALL | filters.SUCCESSFUL_PAYMENT


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


async def unknown_command(update: Update, context: RefahContext) -> None:
    """A private command no handler took, in any state: say so and list the commands.

    Inside a conversation nothing changes: its steps do not take commands, so the update reaches this handler
    with the conversation's state untouched. ``/cancel`` outside a conversation has nothing to cancel.
    """
    message = update.effective_message
    if message is None:
        return
    if (message.text or "").split(maxsplit=1)[0].split("@")[0].lower() == "/cancel":
        await message.reply_text(commands_t.COMMAND_NOTHING_TO_CANCEL, reply_markup=main_menu())
        return
    lines = [commands_t.COMMAND_LINE.format(name=n, description=d) for n, d in t.COMMANDS]
    await message.reply_text(commands_t.COMMAND_UNKNOWN.format(commands="\n".join(lines)))


def fallbacks() -> list[BaseHandler[Update, RefahContext, None]]:
    """Registered last in group 0: stale buttons anywhere, stray private messages, unknown commands."""
    private = filters.ChatType.PRIVATE
    return [
        CallbackQueryHandler(stale_button),
        MessageHandler(private & ~filters.COMMAND & ~SERVICE_MESSAGES, stray_message),
        MessageHandler(private & filters.COMMAND, unknown_command),
    ]


async def on_error(update: object, context: RefahContext) -> None:
    """Log the error and tell the user something went wrong, without losing their place.

    It fails closed: when the gate let no employee through (it failed, or the sender is not linked),
    no further handler runs for the update.
    """
    if isinstance(context.error, Forbidden):  # the person blocked the bot, or the chat is gone
        _LOG.warning("chat refuses messages: %s", context.error.message)
        _stop_unless_let_in(context)
        return
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
    _stop_unless_let_in(context)


def _stop_unless_let_in(context: RefahContext) -> None:
    """Stop the update's other handlers if the gate put no employee on it."""
    try:
        context.employee  # noqa: B018 - raises when the gate let no one in
    except LookupError:
        raise ApplicationHandlerStop from None
