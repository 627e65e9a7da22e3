"""The gate: only linked employees pass (and are put on the context); everyone else is onboarded."""

from __future__ import annotations

import logging
import re

from telegram import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from kit.context import RefahContext
from kit.menu import main_menu
from kit.staff import commands_of, commands_text
from services import onboarding, roles
from services.onboarding import Outcome
from services.render import fa, invalid_text, jalali_time
from texts import common as t
from texts import onboarding as onboard_t
from texts import staff as staff_t

_LOG = logging.getLogger(__name__)


def contact_keyboard() -> ReplyKeyboardMarkup:
    """One button that shares the user's own phone number."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(t.BTN_SHARE_CONTACT, request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s|$)")


def _command(text: str | None) -> str | None:
    """The command a message starts with (``/today@bot args`` -> ``today``), or None."""
    match = _COMMAND.match(text or "")
    return match[1].lower() if match else None


async def gate(update: Update, context: RefahContext) -> None:
    """Let linked employees through, and staff to their commands; onboard everyone else in a private chat.

    Role holders need no employee record for their staff commands and buttons (their handlers check the
    role); a staff member's /start lists their commands, then onboarding starts as for anyone. Other chats
    are ignored.
    """
    if update.message is None and update.callback_query is None:
        # edits, channel posts, business messages, member and poll updates...: Refah answers none of them
        # (Bale delivers every kind whatever allowed_updates says; an edit is not a new answer to a step)
        raise ApplicationHandlerStop
    query = update.callback_query
    if query is not None and not query.data:
        # PTB lets a press without data (empty, or a game's) match every patterned handler: none is ours
        await query.answer(t.STALE_BUTTON, show_alert=True)
        raise ApplicationHandlerStop
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type != ChatType.PRIVATE:
        return
    env = context.env
    employee = await onboarding.linked_employee(env, user.id)
    if employee is not None:
        context.employee = employee
        message = update.message
        in_a_step = any(str(key).startswith("draft:") for key in (context.user_data or {}))
        if (
            message is not None
            and not in_a_step  # inside a conversation their own ID may well be the answer to a step
            and await onboarding.linking_answer_lost(env, employee, user.id, message.text, message.date)
        ):
            # the message that linked them, delivered again after a crash lost its answer
            await reply_outcome(update, context, onboarding.Result(Outcome.ALREADY_LINKED, employee=employee))
            raise ApplicationHandlerStop
        return
    message = update.message
    command = _command(message.text or message.caption) if message is not None else None
    if command in context.host.open_commands:
        return
    if (command is not None or update.callback_query is not None) and await roles.is_staff(env, user.id):
        staff = {c.name for c in context.host.staff_menu}
        if command in staff or update.callback_query is not None:
            return
        if command == "start" and update.effective_message is not None:
            mine = await commands_of(env, context.host.staff_menu, user.id)
            await update.effective_message.reply_text(f"{staff_t.STAFF_OUTSIDER_HOME}\n{commands_text(mine)}")
    if update.callback_query is not None:
        await update.callback_query.answer(onboard_t.ONBOARD_FIRST, show_alert=True)
        raise ApplicationHandlerStop
    message = update.effective_message
    if message is None:
        raise ApplicationHandlerStop
    if message.contact is not None:
        result = await onboarding.receive_contact(
            env, user.id, message.contact.user_id, message.contact.phone_number
        )
    elif (
        message.text
        and not message.text.startswith("/")
        and await onboarding.awaiting_national_id(env, user.id)
    ):
        result = await onboarding.receive_national_id(env, user.id, message.text)
    else:
        await message.reply_text(onboard_t.ONBOARD_WELCOME, reply_markup=contact_keyboard())
        raise ApplicationHandlerStop
    await reply_outcome(update, context, result)
    raise ApplicationHandlerStop


async def reply_outcome(update: Update, context: RefahContext, result: onboarding.Result) -> None:
    """Tell the user how onboarding went, in one catalog message."""
    message = update.effective_message
    assert message is not None
    outcome = result.outcome
    if outcome == Outcome.ASK_NATIONAL_ID:
        await message.reply_text(onboard_t.ONBOARD_ASK_NATIONAL_ID, reply_markup=ReplyKeyboardRemove())
    elif outcome == Outcome.NOT_OWN_CONTACT:
        await message.reply_text(onboard_t.ONBOARD_NOT_OWN_CONTACT, reply_markup=contact_keyboard())
    elif outcome == Outcome.UNKNOWN:
        await message.reply_text(
            onboard_t.ONBOARD_UNKNOWN.format(contact=context.env.office_contact),
            reply_markup=ReplyKeyboardRemove(),
        )
    elif outcome == Outcome.LOCKED:
        until = jalali_time(result.locked_until, context.env.zone) if result.locked_until else ""
        await message.reply_text(
            onboard_t.ONBOARD_LOCKED.format(until=until), reply_markup=ReplyKeyboardRemove()
        )
    elif outcome == Outcome.INVALID:
        await message.reply_text(invalid_text(result.invalid_code))
    elif outcome == Outcome.WRONG:
        await message.reply_text(onboard_t.ONBOARD_WRONG_NATIONAL_ID.format(left=fa(result.tries_left or 0)))
    elif outcome == Outcome.NEED_CONTACT:
        await message.reply_text(onboard_t.ONBOARD_WELCOME, reply_markup=contact_keyboard())
    elif outcome in (Outcome.LINKED, Outcome.ALREADY_LINKED) and result.employee is not None:
        await message.reply_text(
            onboard_t.ONBOARD_LINKED.format(name=result.employee.full_name), reply_markup=main_menu()
        )
