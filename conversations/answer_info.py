"""Answering a clerk's request for more information: text and documents, then send; the case goes back."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from domain.buttons import ANSWER_INFO, Button
from domain.workflow import Status, WorkflowError
from kit.context import RefahContext
from kit.conversation import (
    END,
    FREE_INPUT,
    collect_file,
    draft,
    drop_draft,
    new_draft,
    persistent_conversation,
)
from kit.files import from_json
from kit.keyboards import inline, nav_row
from kit.settings import Settings
from services.requests import MAX_REASON, RequestNotFound, answer_info, view_request
from texts import common as t

FEATURE = "info"
MAX_FILES = 5


SEND = Button(FEATURE, "send")


class State(StrEnum):
    """The one step: collect the answer."""

    COLLECT = "info.collect"


async def start_answer(update: Update, context: RefahContext) -> State | None:
    """The user pressed "answer" under the clerk's question (refused: an answer under way goes on)."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    request_id = ANSWER_INFO.number(query.data)
    try:
        view = await view_request(context.env, request_id=request_id, user_id=update.effective_user.id)
    except RequestNotFound:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return None
    if view.request.status != Status.NEEDS_INFO:
        await query.answer(t.INFO_NOT_WAITING, show_alert=True)
        return None
    await query.answer()
    new_draft(context, FEATURE, request_id=request_id, code=view.request.tracking_code, text="", files=[])
    await context.bot.send_message(
        update.effective_user.id, t.INFO_ASK.format(code=view.request.tracking_code), reply_markup=_rows()
    )
    return State.COLLECT


async def receive_text(update: Update, context: RefahContext) -> State:
    """Text of the answer (several messages are joined, up to a limit)."""
    message = update.effective_message
    assert message is not None and message.text is not None
    current = draft(context, FEATURE)
    current["text"] = (current.get("text", "") + "\n" + message.text).strip()[:MAX_REASON]
    await message.reply_text(t.INFO_GOT_TEXT, reply_markup=_rows())
    return State.COLLECT


async def receive_file(update: Update, context: RefahContext) -> State:
    """A document for the answer."""
    assert update.effective_message is not None
    files = draft(context, FEATURE)["files"]
    await collect_file(
        update.effective_message, files, limit=MAX_FILES, markup=_rows(), received=t.INFO_FILE_RECEIVED
    )
    return State.COLLECT


async def send_answer(update: Update, context: RefahContext) -> State | int:
    """Send the answer; the request returns to the clerk."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    current = draft(context, FEATURE)
    if not current:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return END
    if not current.get("text") and not current.get("files"):
        await query.answer(t.INFO_EMPTY, show_alert=True)
        return State.COLLECT
    await query.answer()
    try:
        await answer_info(
            context.env,
            request_id=current["request_id"],
            user_id=update.effective_user.id,
            text=current.get("text"),
            attachments=[from_json(f) for f in current["files"]],
        )
    except (WorkflowError, RequestNotFound):
        await context.bot.send_message(update.effective_user.id, t.INFO_NOT_WAITING)
    drop_draft(context, FEATURE)
    await query.edit_message_reply_markup(None)
    return END


async def reask(update: Update, context: RefahContext) -> State:
    """A sticker or anything else: say what is expected."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t.INFO_WHAT, reply_markup=_rows())
    return State.COLLECT


def _rows() -> Any:
    return inline([[(t.BTN_SEND, SEND.data())], nav_row(FEATURE, back=False)])


def build_answer_info_conversation(settings: Settings) -> ConversationHandler[Any]:
    """The answer-to-a-clerk conversation."""
    private = filters.ChatType.PRIVATE
    return persistent_conversation(
        FEATURE,
        entry_points=[CallbackQueryHandler(start_answer, pattern=ANSWER_INFO.pattern)],
        states={
            State.COLLECT: [
                MessageHandler(FREE_INPUT & filters.TEXT, receive_text),
                MessageHandler(private & (filters.PHOTO | filters.Document.ALL), receive_file),
                CallbackQueryHandler(send_answer, pattern=SEND.pattern),
                MessageHandler(FREE_INPUT, reask),
            ],
        },
        settings=settings,
    )
