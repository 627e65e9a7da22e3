"""What every service conversation shares: a name, persistence, cancel, a timeout, a draft with its key."""

from __future__ import annotations

import re
import secrets
import warnings
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from domain.buttons import KEY, Button, ForgedButton, nav, parse, submit
from kit.context import RefahContext
from kit.files import FileRefused, attachment_from, to_json
from kit.keyboards import nav_row
from kit.menu import MENU_BUTTONS, main_menu
from kit.settings import Settings
from services.render import fa
from texts import common as t

END = ConversationHandler.END
#: The deep-link payload that opens a service's conversation: ``s_<feature>``.
SERVICE_PREFIX = "s_"
T = TypeVar("T")

#: A private message that is neither a command nor a menu button: what a step's catch-all may re-ask on.
FREE_INPUT = filters.ChatType.PRIVATE & ~filters.COMMAND & ~MENU_BUTTONS & ~filters.Text([t.BTN_CANCEL])


async def show(update: Update, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Edit the pressed message in place, or answer a typed or sent message."""
    if markup is not None and not markup.inline_keyboard:
        markup = None  # Telegram refuses an empty keyboard
    if update.callback_query is not None:
        await update.callback_query.edit_message_text(text, reply_markup=markup)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text, reply_markup=markup)


def back_button(feature: str) -> str:
    """The pattern of a conversation's back button."""
    return nav(feature)[0].pattern


def back_to(
    step: Callable[[Update, RefahContext], Coroutine[Any, Any, T]],
) -> Callable[[Update, RefahContext], Coroutine[Any, Any, T]]:
    """The callback of a "back" button: answer the press, then show ``step`` again."""

    async def back(update: Update, context: RefahContext) -> T:
        if update.callback_query is not None:
            await update.callback_query.answer()
        return await step(update, context)

    back.__doc__ = f"Back to {step.__name__}."
    return back


async def collect_file(
    message: Message,
    files: list[dict[str, Any]],
    *,
    limit: int,
    markup: InlineKeyboardMarkup,
    received: str = t.FILE_RECEIVED,
) -> None:
    """Add the message's photo or PDF to a draft's ``files``, or say why not; the step stays the same.

    ``received`` names the button that ends the step (the one on screen), with a ``{count}`` placeholder.
    """
    try:
        attachment = attachment_from(message)
    except FileRefused as refused:
        await message.reply_text(t.FILE_REFUSED[refused.code], reply_markup=markup)
        return
    if len(files) >= limit:
        await message.reply_text(t.FILES_TOO_MANY.format(max=fa(limit)), reply_markup=markup)
        return
    files.append(to_json(attachment))
    await message.reply_text(received.format(count=fa(len(files))), reply_markup=markup)


def submit_rows(feature: str, current: dict[str, Any]) -> list[list[tuple[str, str]]]:
    """The review step's buttons: submit (carrying the draft's key), back and cancel."""
    return [[(t.BTN_SUBMIT, submit(feature).data(current["key"]))], nav_row(feature)]


async def submitted_draft(
    update: Update, context: RefahContext, feature: str, *, button: Button | None = None, **expect: Any
) -> dict[str, Any] | None:
    """The draft a key-carrying button (``button``, or any of the feature's) belongs to; None if old."""
    query = update.callback_query
    assert query is not None
    current = draft(context, feature)
    if button is not None:
        try:
            key: str | None = button.arg(query.data)
        except ForgedButton:
            key = None
    else:  # any of the feature's buttons that carries a draft key (submit, open a campaign...)
        pressed = parse(query.data)
        ok = pressed is not None and pressed.feature == feature and re.fullmatch(KEY, pressed.arg or "")
        key = pressed.arg if ok and pressed is not None else None
    if not current or key != current.get("key") or any(current.get(k) != v for k, v in expect.items()):
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return None
    return current


def new_draft(context: RefahContext, feature: str, **fields: Any) -> dict[str, Any]:
    """Start a fresh draft for ``feature``; its key makes the final submission idempotent."""
    draft = {"key": secrets.token_hex(8), **fields}
    context.user_data[f"draft:{feature}"] = draft  # type: ignore[index]
    return draft


def draft(context: RefahContext, feature: str) -> dict[str, Any]:
    """The user's draft for ``feature`` (empty if there is none, e.g. after a timeout)."""
    found = (context.user_data or {}).get(f"draft:{feature}")
    return found if isinstance(found, dict) else {}


def drop_draft(context: RefahContext, feature: str) -> None:
    """Forget the draft."""
    (context.user_data or {}).pop(f"draft:{feature}", None)


def persistent_conversation(
    feature: str,
    *,
    entry_points: list[BaseHandler[Update, Any, Any]],
    states: dict[object, list[BaseHandler[Update, Any, Any]]],
    settings: Settings,
) -> ConversationHandler[Any]:
    """A named, persistent conversation with cancel (button, command, /menu), and an inactivity timeout.

    The deep link ``https://t.me/<bot>?start=s_<feature>`` (``DeepLinks.start("s_" + feature)``, for an
    announcement) enters it as its first entry point does.
    """

    async def cancel(update: Update, context: RefahContext) -> int:
        """Leave the conversation; nothing is submitted."""
        drop_draft(context, feature)
        if update.callback_query is not None:
            await update.callback_query.answer()
            await update.callback_query.edit_message_reply_markup(None)
        if update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, t.CANCELLED, reply_markup=main_menu())
        return END

    async def timed_out(update: Update, context: RefahContext) -> None:
        """Tell the user an abandoned conversation was closed."""
        drop_draft(context, feature)
        if update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, t.TIMED_OUT, reply_markup=main_menu())

    with warnings.catch_warnings():
        # Buttons are tracked per chat on purpose: a conversation's buttons live in the user's own chat.
        warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)
        deep_link = CommandHandler(
            "start",
            entry_points[0].callback,
            filters=filters.ChatType.PRIVATE & filters.Regex(rf"^/start(?:@\w+)? {SERVICE_PREFIX}{feature}$"),
        )
        return ConversationHandler(
            entry_points=[deep_link, *entry_points],
            states={**states, ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)]},
            fallbacks=[
                CallbackQueryHandler(cancel, pattern=nav(feature)[1].pattern),
                CommandHandler(["cancel", "menu", "start"], cancel),
                MessageHandler(filters.Text([t.BTN_CANCEL]) | MENU_BUTTONS, cancel),
            ],
            name=feature,
            persistent=True,
            allow_reentry=True,
            conversation_timeout=settings.conversation_timeout_minutes * 60,
        )
