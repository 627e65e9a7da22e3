"""Request-free benefits in the chat: "My benefits", one's Sheba, registering one's own event, objecting,
and finance marking a payment batch paid.

Nobody starts a benefit by hand: the registry run files and moves the cases. People see each judgement and
its reason, add the Sheba an owed allowance waits for, register a marriage or a child's birth the registry
has not sent yet, and object (with certificates) to a "not paid" answer. Each of these short flows is a step
or three of one persistent conversation; every step has back and cancel and a catch-all that re-asks.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from domain import buttons
from domain.buttons import Button
from domain.validators import InvalidInput, parse_date, parse_national_id, parse_sheba
from domain.workflow import WorkflowError
from kit.context import RefahContext
from kit.conversation import (
    END,
    FREE_INPUT,
    back_to,
    collect_file,
    draft,
    drop_draft,
    new_draft,
    persistent_conversation,
    show,
    submit_rows,
    submitted_draft,
)
from kit.files import from_json
from kit.keyboards import inline, nav_row
from kit.manifest import Manifest
from kit.menu import MenuEntry
from kit.settings import Settings
from services import benefits
from services.render import fa, invalid_text, rials
from storage.benefits import BenefitCase
from texts import benefits as bn_t
from texts import common as t

FEATURE = benefits.FEATURE
REGISTER = Button(FEATURE, "reg", "marriage|birth")
DONE = Button(FEATURE, "done")
SUBMIT = buttons.submit(FEATURE)
BACK = buttons.nav(FEATURE)[0]
MAX_FILES = 5
Rows = list[list[tuple[str, str]]]


class State(StrEnum):
    """The steps of the benefits' short flows."""

    SHEBA = "benefits.sheba"
    SHEBA_CONFIRM = "benefits.sheba_confirm"
    DATE = "benefits.date"
    OTHER = "benefits.other"
    DOCS = "benefits.docs"
    CONFIRM = "benefits.confirm"


# --- My benefits ----------------------------------------------------------------------------------------


def mine_text(cases: list[BenefitCase], sheba: str) -> str:
    """Each case, its state, amount and reasons, and the Sheba on file."""
    if not cases:
        lines = [bn_t.BENEFITS_MINE_EMPTY]
    else:
        lines = [bn_t.BENEFITS_MINE_TITLE]
        for case in cases:
            lines.append(
                bn_t.BENEFITS_MINE_ENTRY.format(
                    benefit=bn_t.BENEFIT_LABELS.get(case.benefit, case.benefit),
                    date=benefits.jalali_date(case.event_date),
                    state=benefits.case_state_label(case),
                )
            )
            if case.amount:
                lines.append(bn_t.BENEFITS_MINE_AMOUNT.format(amount=rials(case.amount)))
            if case.state in ("not_eligible", "rejected"):
                lines += benefits.reason_lines(case)
    lines.append(bn_t.BENEFITS_MINE_SHEBA.format(sheba=sheba) if sheba else bn_t.BENEFITS_MINE_NO_SHEBA)
    return "\n".join(lines)


def mine_rows(cases: list[BenefitCase]) -> Rows:
    """Object to a case not paid; add the Sheba; register one's own event."""
    rows: Rows = [
        [
            (
                bn_t.BENEFITS_BTN_OBJECT_CASE.format(
                    benefit=bn_t.BENEFIT_LABELS.get(c.benefit, ""), date=benefits.jalali_date(c.event_date)
                ),
                benefits.OBJECT_BUTTON.data(c.request_id),
            )
        ]
        for c in cases
        if c.state == "not_eligible" and c.request_id is not None
    ]
    rows += [
        [(bn_t.BENEFITS_BTN_SHEBA, benefits.SHEBA.data())],
        [
            (bn_t.BENEFITS_BTN_REGISTER_MARRIAGE, REGISTER.data("marriage")),
            (bn_t.BENEFITS_BTN_REGISTER_BIRTH, REGISTER.data("birth")),
        ],
    ]
    return rows


async def show_mine(update: Update, context: RefahContext) -> int:
    """ "My benefits": every judgement and its reason, and what one can do."""
    assert update.effective_message is not None
    drop_draft(context, FEATURE)
    employee = context.employee
    cases = await benefits.my_cases(context.env, employee)
    await update.effective_message.reply_text(
        mine_text(cases, employee.sheba), reply_markup=inline(mine_rows(cases))
    )
    return END


async def _say(update: Update, context: RefahContext, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Edit the message of a step's own button; a notice's button gets a new message instead."""
    query = update.callback_query
    if query is not None and draft(context, FEATURE).get("edit") is False:
        assert update.effective_user is not None
        draft(context, FEATURE)["edit"] = True
        await context.bot.send_message(update.effective_user.id, text, reply_markup=markup)
        return
    await show(update, text, markup)


# --- the Sheba ------------------------------------------------------------------------------------------


async def start_sheba(update: Update, context: RefahContext) -> State:
    """Start giving one's Sheba (from "My benefits" or from a notice)."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    new_draft(context, FEATURE, flow="sheba", edit=False)
    return await ask_sheba(update, context)


async def ask_sheba(update: Update, context: RefahContext) -> State:
    """Ask for the Sheba."""
    await _say(update, context, bn_t.BENEFITS_ASK_SHEBA, inline([nav_row(FEATURE, back=False)]))
    return State.SHEBA


async def receive_sheba(update: Update, context: RefahContext) -> State:
    """A typed Sheba, validated; then the review."""
    message = update.effective_message
    assert message is not None and message.text is not None
    try:
        sheba = parse_sheba(message.text)
    except InvalidInput as invalid:
        await message.reply_text(
            invalid_text(invalid.code), reply_markup=inline([nav_row(FEATURE, back=False)])
        )
        return State.SHEBA
    current = draft(context, FEATURE)
    current["sheba"] = sheba
    await message.reply_text(
        bn_t.BENEFITS_REVIEW_SHEBA.format(sheba=sheba), reply_markup=inline(submit_rows(FEATURE, current))
    )
    return State.SHEBA_CONFIRM


async def submit_sheba(update: Update, context: RefahContext) -> State | int:
    """Save the Sheba once."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    current = await submitted_draft(update, context, FEATURE, flow="sheba")
    if current is None:
        return State.SHEBA_CONFIRM
    await query.answer()
    sheba = await benefits.save_sheba(
        context.env, employee=context.employee, user_id=update.effective_user.id, text=current["sheba"]
    )
    drop_draft(context, FEATURE)
    await query.edit_message_text(bn_t.BENEFITS_SHEBA_SAVED.format(sheba=sheba))
    return END


# --- registering one's own event ------------------------------------------------------------------------


async def start_register(update: Update, context: RefahContext) -> State:
    """Register one's own marriage or child's birth."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    benefit = REGISTER.arg(query.data)
    new_draft(context, FEATURE, flow="register", benefit=benefit, files=[], edit=False)
    return await ask_date(update, context)


async def ask_date(update: Update, context: RefahContext) -> State:
    """Ask for the day of the event."""
    benefit = draft(context, FEATURE)["benefit"]
    await _say(update, context, bn_t.BENEFITS_ASK_DATE[benefit], inline([nav_row(FEATURE, back=False)]))
    return State.DATE


async def receive_date(update: Update, context: RefahContext) -> State:
    """The day, Jalali or Gregorian, not in the future; then the other person's national ID."""
    message = update.effective_message
    assert message is not None and message.text is not None
    markup = inline([nav_row(FEATURE, back=False)])
    try:
        day = parse_date(message.text)
    except InvalidInput as invalid:
        await message.reply_text(invalid_text(invalid.code), reply_markup=markup)
        return State.DATE
    if day > context.env.clock.now().astimezone(context.env.zone).date():
        await message.reply_text(bn_t.BENEFITS_DATE_FUTURE, reply_markup=markup)
        return State.DATE
    draft(context, FEATURE)["date"] = day.isoformat()
    return await ask_other(update, context)


async def ask_other(update: Update, context: RefahContext) -> State:
    """Ask for the spouse's or the child's national ID."""
    benefit = draft(context, FEATURE)["benefit"]
    await _say(update, context, bn_t.BENEFITS_ASK_OTHER[benefit], inline([nav_row(FEATURE)]))
    return State.OTHER


async def receive_other(update: Update, context: RefahContext) -> State:
    """The other national ID (not one's own); then the certificates."""
    message = update.effective_message
    assert message is not None and message.text is not None
    current = draft(context, FEATURE)
    try:
        other = parse_national_id(message.text)
    except InvalidInput as invalid:
        await message.reply_text(invalid_text(invalid.code), reply_markup=inline([nav_row(FEATURE)]))
        return State.OTHER
    if other == context.employee.national_id:
        who = bn_t.BENEFITS_WHO[current["benefit"]]
        await message.reply_text(
            bn_t.BENEFITS_OTHER_IS_SELF.format(who=who), reply_markup=inline([nav_row(FEATURE)])
        )
        return State.OTHER
    current["other"] = other
    return await ask_docs(update, context)


async def ask_docs(update: Update, context: RefahContext) -> State:
    """Ask for the certificates (photos or PDFs)."""
    current = draft(context, FEATURE)
    which = "objection" if current["flow"] == "object" else current["benefit"]
    text = bn_t.BENEFITS_ASK_CERTIFICATES[which].format(count=fa(len(current["files"])))
    await _say(update, context, text, inline(_docs_rows(current)))
    return State.DOCS


async def receive_doc(update: Update, context: RefahContext) -> State:
    """One photo or PDF."""
    assert update.effective_message is not None
    current = draft(context, FEATURE)
    await collect_file(
        update.effective_message, current["files"], limit=MAX_FILES, markup=inline(_docs_rows(current))
    )
    return State.DOCS


async def reask_docs(update: Update, context: RefahContext) -> State:
    """Anything but a file while certificates are expected."""
    assert update.effective_message is not None
    markup = inline(_docs_rows(draft(context, FEATURE)))
    await update.effective_message.reply_text(t.FILE_REFUSED["not_a_file"], reply_markup=markup)
    return State.DOCS


async def review(update: Update, context: RefahContext) -> State:
    """Everything before it is submitted."""
    query = update.callback_query
    assert query is not None
    current = draft(context, FEATURE)
    if not current.get("files"):
        await query.answer(t.FILES_NEEDED, show_alert=True)
        return State.DOCS
    await query.answer()
    if current["flow"] == "object":
        text = bn_t.BENEFITS_REVIEW_OBJECTION.format(
            benefit=current["label"], code=current["code"], count=fa(len(current["files"]))
        )
    else:
        text = bn_t.BENEFITS_REVIEW_REGISTER.format(
            benefit=bn_t.BENEFIT_LABELS[current["benefit"]],
            date=benefits.jalali_date(dt.date.fromisoformat(current["date"])),
            who=bn_t.BENEFITS_WHO[current["benefit"]],
            other=fa(current["other"]),
            count=fa(len(current["files"])),
        )
    await show(update, text, inline(submit_rows(FEATURE, current)))
    return State.CONFIRM


async def submit(update: Update, context: RefahContext) -> State | int:
    """File the registration or the objection once."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    current = await submitted_draft(update, context, FEATURE)
    if current is None or current.get("flow") not in ("register", "object"):
        return State.CONFIRM
    await query.answer()
    files = [from_json(f) for f in current["files"]]
    user_id = update.effective_user.id
    if current["flow"] == "object":
        try:
            request = await benefits.object_to(
                context.env,
                request_id=current["request_id"],
                employee=context.employee,
                user_id=user_id,
                attachments=files,
            )
        except WorkflowError:
            text = bn_t.BENEFITS_NOT_OBJECTABLE
        else:
            text = bn_t.BENEFITS_OBJECTED.format(code=request.tracking_code)
    else:
        day = dt.date.fromisoformat(current["date"])
        try:
            filed = await benefits.register_event(
                context.env,
                employee=context.employee,
                user_id=user_id,
                benefit=current["benefit"],
                event_date=day,
                other=current["other"],
                attachments=files,
                key=current["key"],
            )
        except benefits.AlreadyOnFile:
            text = bn_t.BENEFITS_ALREADY_ON_FILE
        else:
            text = bn_t.BENEFITS_REGISTERED.format(
                benefit=bn_t.BENEFIT_LABELS[current["benefit"]],
                date=benefits.jalali_date(day),
                code=filed.request.tracking_code,
            )
    drop_draft(context, FEATURE)
    await query.edit_message_text(text)
    return END


# --- objecting ------------------------------------------------------------------------------------------


async def start_objection(update: Update, context: RefahContext) -> State | None:
    """Object to a "not paid" answer (from its notice or "My benefits"; refused: a step under way goes on)."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    request = await benefits.objectable(
        context.env, request_id=benefits.OBJECT_BUTTON.number(query.data), user_id=update.effective_user.id
    )
    if request is None:
        await query.answer(bn_t.BENEFITS_NOT_OBJECTABLE, show_alert=True)
        return None
    await query.answer()
    label = bn_t.BENEFIT_LABELS.get(request.payload.get("benefit", ""), "")
    new_draft(
        context,
        FEATURE,
        flow="object",
        request_id=request.id,
        code=request.tracking_code,
        label=label,
        files=[],
    )
    draft(context, FEATURE)["edit"] = False
    return await ask_docs(update, context)


# --- shared pieces --------------------------------------------------------------------------------------


def _docs_rows(current: dict[str, Any]) -> Rows:
    return [[(t.BTN_DONE, DONE.data())], nav_row(FEATURE, back=current.get("flow") == "register")]


async def reask_text(update: Update, context: RefahContext) -> None:
    """Not text where text is expected: say what is."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t.INVALID_GENERIC)


async def reask_choice(update: Update, context: RefahContext) -> None:
    """Typed text where a button is expected."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t.USE_BUTTONS)


async def back_from_docs(update: Update, context: RefahContext) -> State:
    """Back from the certificates: to the other national ID."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    return await ask_other(update, context)


# --- finance --------------------------------------------------------------------------------------------


async def mark_paid(update: Update, context: RefahContext) -> None:
    """Finance pressed "paid" under a batch."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    batch_id = benefits.PAID_BATCH.number(query.data)
    try:
        told = await benefits.mark_paid(context.env, batch_id=batch_id, actor=update.effective_user.id)
    except benefits.NotFinance:
        await query.answer(bn_t.BENEFITS_FINANCE_ONLY, show_alert=True)
        return
    if told is None:
        await query.answer(bn_t.BENEFITS_BATCH_ALREADY, show_alert=True)
    else:
        await query.answer(
            bn_t.BENEFITS_BATCH_PAID.format(batch=fa(batch_id), count=fa(told)), show_alert=True
        )
    await query.edit_message_reply_markup(None)


def handlers(settings: Settings) -> list[BaseHandler[Update, RefahContext, Any]]:
    """Finance's "paid" button under a batch."""
    return [CallbackQueryHandler(mark_paid, pattern=benefits.PAID_BATCH.pattern)]


def build_conversation(settings: Settings) -> ConversationHandler[Any]:
    """My benefits, and its short flows: the Sheba, one's own event, an objection."""
    private = filters.ChatType.PRIVATE
    text = FREE_INPUT & filters.TEXT
    files = private & (filters.PHOTO | filters.Document.ALL)
    choice = MessageHandler(FREE_INPUT, reask_choice)
    return persistent_conversation(
        FEATURE,
        entry_points=[
            MessageHandler(private & filters.Text([bn_t.MENU_BENEFITS]), show_mine),
            CallbackQueryHandler(start_sheba, pattern=benefits.SHEBA.pattern),
            CallbackQueryHandler(start_register, pattern=REGISTER.pattern),
            CallbackQueryHandler(start_objection, pattern=benefits.OBJECT_BUTTON.pattern),
        ],
        states={
            State.SHEBA: [MessageHandler(text, receive_sheba), MessageHandler(FREE_INPUT, reask_text)],
            State.SHEBA_CONFIRM: [
                CallbackQueryHandler(submit_sheba, pattern=SUBMIT.pattern),
                CallbackQueryHandler(back_to(ask_sheba), pattern=BACK.pattern),
                choice,
            ],
            State.DATE: [MessageHandler(text, receive_date), MessageHandler(FREE_INPUT, reask_text)],
            State.OTHER: [
                MessageHandler(text, receive_other),
                CallbackQueryHandler(back_to(ask_date), pattern=BACK.pattern),
                MessageHandler(FREE_INPUT, reask_text),
            ],
            State.DOCS: [
                MessageHandler(files, receive_doc),
                CallbackQueryHandler(review, pattern=DONE.pattern),
                CallbackQueryHandler(back_from_docs, pattern=BACK.pattern),
                MessageHandler(FREE_INPUT, reask_docs),
            ],
            State.CONFIRM: [
                CallbackQueryHandler(submit, pattern=SUBMIT.pattern),
                CallbackQueryHandler(back_to(ask_docs), pattern=BACK.pattern),
                choice,
            ],
        },
        settings=settings,
    )


MANIFEST = Manifest(
    spec=benefits.SPEC,
    menu=MenuEntry(bn_t.MENU_BENEFITS, row=1, place=1),
    conversation=build_conversation,
    handlers=handlers,
)
