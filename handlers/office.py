"""Office-wide commands: the head's ``/report`` and naming substitutes (``/substitute``).

Both may be sent by staff who are not linked employees (they are open commands; each checks the sender's
role itself), in a private chat or in the clerks' group; a report always goes to the sender's private chat.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from domain.reports import MAX_DAYS, BadPeriod, parse_period
from domain.validators import InvalidInput, parse_date
from kit.context import RefahContext
from services import reports, substitutes
from services.render import fa
from texts import reports as rep_t
from texts import substitutes as sub_t

_LOG = logging.getLogger(__name__)

#: Commands these handlers answer for anyone (each checks the sender's role itself).
OPEN_COMMANDS = frozenset({"report", "substitute", "substitutes", "substitute_end"})


async def report(update: Update, context: RefahContext) -> None:
    """``/report [period]``: the head's report, sent privately as text, charts and XLSX."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    env = context.env
    if not await reports.may_see_reports(env, user.id):
        await message.reply_text(rep_t.REPORT_NOT_ALLOWED)
        return
    try:
        period = parse_period(context.args or [], substitutes.office_today(env))
    except BadPeriod as bad:
        text = rep_t.REPORT_BAD_PERIOD[bad.code.value].format(days=fa(MAX_DAYS))
        await message.reply_text(f"{text}\n{rep_t.REPORT_USAGE}")
        return
    await message.reply_text(rep_t.REPORT_PREPARING)
    await reports.send_report(env, chat_id=user.id, period=period)


async def substitute(update: Update, context: RefahContext) -> None:
    """``/substitute SUB FROM TO`` for oneself, or ``/substitute STAFF SUB FROM TO`` (admins)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    args = context.args or []
    if len(args) not in (3, 4) or not all(a.isdigit() for a in args[: len(args) - 2]):
        await message.reply_text(sub_t.SUB_USAGE)
        return
    ids = [int(a) for a in args[: len(args) - 2]]
    principal, substitute_id = (user.id, ids[0]) if len(ids) == 1 else (ids[0], ids[1])
    days = []
    for text in args[-2:]:
        try:
            days.append(parse_date(text))
        except InvalidInput:
            await message.reply_text(f"{sub_t.SUB_BAD_DATE.format(text=text)}\n{sub_t.SUB_USAGE}")
            return
    try:
        named = await substitutes.name_substitute(
            context.env,
            actor=user.id,
            principal=principal,
            substitute=substitute_id,
            first_day=days[0],
            last_day=days[1],
        )
    except substitutes.SubstitutionRefused as refused:
        await message.reply_text(substitutes.refusal_text(refused.code))
        return
    await message.reply_text(
        sub_t.SUB_NAMED.format(
            id=fa(named.id),
            substitute=await substitutes.person_name(context.env.db, named.substitute),
            principal=await substitutes.person_name(context.env.db, named.principal),
            first=substitutes.day_label(named.first_day),
            last=substitutes.day_label(named.last_day),
        )
    )


async def list_substitutes(update: Update, context: RefahContext) -> None:
    """``/substitutes``: running and coming substitutions (all of them for admins)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    found = await substitutes.current_substitutions(context.env, actor=user.id)
    if not found:
        await message.reply_text(sub_t.SUB_LIST_EMPTY)
        return
    lines = [await substitutes.describe(context.env, s) for s in found]
    await message.reply_text("\n".join([sub_t.SUB_LIST_TITLE, *lines]))


async def end_substitute(update: Update, context: RefahContext) -> None:
    """``/substitute_end ID``: end a substitution early."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    args = context.args or []
    if len(args) != 1 or not args[0].isdigit():
        await message.reply_text(sub_t.SUB_USAGE)
        return
    try:
        await substitutes.end_substitute(context.env, actor=user.id, substitution_id=int(args[0]))
    except substitutes.SubstitutionRefused as refused:
        await message.reply_text(substitutes.refusal_text(refused.code))
        return
    await message.reply_text(sub_t.SUB_ENDED.format(id=fa(int(args[0]))))


def handlers() -> list[BaseHandler[Update, RefahContext, None]]:
    """The office-wide commands."""
    return [
        CommandHandler("report", report),
        CommandHandler("substitute", substitute),
        CommandHandler("substitutes", list_substitutes),
        CommandHandler("substitute_end", end_substitute),
    ]
