"""Medical expense claims: the person, then expense lines (kind, Jalali day of service, amount, the kind's
papers as photos, PDFs or albums), the review of all lines and the total, submit.

Also the office's side, in the clerks' group: a clerk records a claim's review line by line (a short
conversation of that clerk in the group), sends the opened files to the insurer's doctor as one batch
(``/med_batch``: ZIP and XLSX in the clerk's private chat) and imports the insurer's decisions (the XLSX sent
as a reply to the batch message); finance takes the claims ready for payment (``/med_payments``: XLSX in
private) and marks the whole batch paid with one button. Callback data is ``med:...``.
"""

from __future__ import annotations

import datetime as dt
import warnings
from enum import StrEnum
from typing import Any

from telegram import Message, Update
from telegram.error import TelegramError
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

from domain import buttons
from domain import medical as med
from domain.buttons import ID, INDEX, Button, card_action
from domain.jalali import format_jalali_date
from domain.medical import DocumentKind, ExpenseKind, ReviewReason
from domain.refusals import InputRefused
from domain.validators import InvalidInput, parse_amount
from domain.workflow import IllegalTransition, NotPermitted, Refused, SameActor, WorkflowError
from kit.context import RefahContext
from kit.conversation import (
    END,
    FREE_INPUT,
    draft,
    drop_draft,
    new_draft,
    persistent_conversation,
    show,
    submit_rows,
    submitted_draft,
)
from kit.files import FileRefused, attachment_from, from_json, to_json
from kit.keyboards import inline, nav_row
from kit.manifest import Manifest
from kit.menu import MenuEntry
from kit.settings import Settings
from services import medical as ms
from services.render import fa, invalid_text, rials, status_label
from services.requests import RequestNotFound, current_status
from texts import admin as admin_t
from texts import common as t
from texts import medical as med_t

FEATURE = ms.FEATURE
REVIEW_FEATURE = "medrev"
PICK_PERSON = Button(FEATURE, "person", INDEX)
PICK_KIND = Button(FEATURE, "kind", r"[a-z_]{1,16}")
DONE = Button(FEATURE, "done")
ADD_LINE = Button(FEATURE, "add")
SUBMIT = buttons.submit(FEATURE)
BACK = buttons.nav(FEATURE)[0]
#: The clerk's review of a claim in the group: the card's button, then per line all, nothing or a reason.
RECORD_REVIEW = card_action(med.MedAction.RECORD_REVIEW, FEATURE)
REVIEW_FULL = Button(FEATURE, "rfull")
REVIEW_NONE = Button(FEATURE, "rnone")
REVIEW_REASON = Button(FEATURE, "reason", r"[a-z_]{1,30}")
REVIEW_SAVE = Button(FEATURE, "rsave")
REVIEW_CANCEL = Button(FEATURE, "rcancel")
PAY_ALL = Button(FEATURE, "payall", ID)
#: Files one paper of one line may have (pages of an invoice, an album).
MAX_FILES_PER_DOCUMENT = 10
_BATCHES = "med_batches"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Rows = list[list[tuple[str, str]]]


class State(StrEnum):
    """The steps of a claim."""

    PERSON = "med.person"
    KIND = "med.kind"
    DATE = "med.date"
    AMOUNT = "med.amount"
    DOCS = "med.docs"
    REVIEW = "med.review"


class ReviewState(StrEnum):
    """The steps of a clerk's review in the group."""

    AMOUNT = "medrev.amount"
    REASON = "medrev.reason"
    CONFIRM = "medrev.confirm"


# --- the claim ----------------------------------------------------------------------------------------------


async def start(update: Update, context: RefahContext) -> State:
    """The menu entry: a fresh claim, beginning with whose it is."""
    people = await ms.household(context.env, context.employee)
    new_draft(
        context,
        FEATURE,
        people=[{"name": p.name, "national_id": p.national_id, "relation": p.relation} for p in people],
        lines=[],
        cur=None,
        doc=0,
    )
    return await ask_person(update, context)


async def ask_person(update: Update, context: RefahContext) -> State:
    """The employee or a dependant on file."""
    current = draft(context, FEATURE)
    rows: Rows = [
        [
            (
                med_t.MED_PERSON_BUTTON.format(name=p["name"], relation=ms.relation_label(p["relation"])),
                PICK_PERSON.data(i),
            )
        ]
        for i, p in enumerate(current["people"])
    ]
    rows.append(nav_row(FEATURE, back=False))
    await show(update, med_t.MED_ASK_PERSON, inline(rows))
    return State.PERSON


async def receive_person(update: Update, context: RefahContext) -> State | int:
    """The chosen person; then the first line's kind."""
    query = update.callback_query
    assert query is not None and query.data is not None
    current = draft(context, FEATURE)
    index = PICK_PERSON.number(query.data)
    if not current or index >= len(current["people"]):
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return State.PERSON
    await query.answer()
    current["person"] = index
    return await ask_kind(update, context)


def _person(current: dict[str, Any]) -> dict[str, Any]:
    person: dict[str, Any] = current["people"][current["person"]]
    return person


async def ask_kind(update: Update, context: RefahContext) -> State:
    """The kind of the next expense line (the covered kinds only)."""
    current = draft(context, FEATURE)
    policy = await ms.current_policy(context.env.db)
    rows: Rows = [[(ms.kind_label(k), PICK_KIND.data(k.value))] for k in policy.covered_kinds()]
    rows.append(nav_row(FEATURE))
    text = med_t.MED_ASK_KIND.format(number=fa(len(current["lines"]) + 1), name=_person(current)["name"])
    await show(update, text, inline(rows))
    return State.KIND


async def receive_kind(update: Update, context: RefahContext) -> State | int:
    """The chosen kind; then the day of service."""
    query = update.callback_query
    assert query is not None and query.data is not None
    current = draft(context, FEATURE)
    kind = med.kind_of(PICK_KIND.arg(query.data))
    policy = await ms.current_policy(context.env.db)
    if not current or "person" not in current or kind is None or not policy.rule(kind).covered:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return State.KIND
    await query.answer()
    current.update(cur={"kind": kind.value, "docs": []}, doc=0)
    return await ask_date(update, context)


async def back_from_kind(update: Update, context: RefahContext) -> State:
    """Back from a new line's kind: to the review if lines exist, else to the person."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    current = draft(context, FEATURE)
    current["cur"] = None
    if current.get("lines"):
        return await review(update, context)
    return await ask_person(update, context)


async def ask_date(update: Update, context: RefahContext) -> State:
    """The Jalali day of service."""
    await show(update, await _date_prompt(context), inline([nav_row(FEATURE)]))
    return State.DATE


async def _date_prompt(context: RefahContext) -> str:
    current = draft(context, FEATURE)
    policy = await ms.current_policy(context.env.db)
    today = ms.office_today(context.env)
    return med_t.MED_ASK_DATE.format(
        kind=ms.kind_label(current["cur"]["kind"]),
        example=fa(format_jalali_date(today)),
        days=fa(policy.window_days),
    )


async def receive_date(update: Update, context: RefahContext) -> State:
    """A typed day of service: not in the future, within the office's window; else refused, asked again."""
    message = update.effective_message
    assert message is not None and message.text is not None
    current = draft(context, FEATURE)
    policy = await ms.current_policy(context.env.db)
    try:
        day = med.parse_service_date(message.text, today=ms.office_today(context.env), policy=policy)
    except InputRefused as refused:
        limit = policy.window_days if refused.code == med.Refusal.TOO_OLD else refused.limit
        text = f"{ms.refusal_text(refused.code, limit=limit)}\n{await _date_prompt(context)}"
        await message.reply_text(text, reply_markup=inline([nav_row(FEATURE)]))
        return State.DATE
    current["cur"]["date"] = day.isoformat()
    return await ask_amount(update, context)


async def reask_date(update: Update, context: RefahContext) -> State:
    """Anything but text while the day is expected."""
    assert update.effective_message is not None
    text = f"{invalid_text('date_format')}\n{await _date_prompt(context)}"
    await update.effective_message.reply_text(text, reply_markup=inline([nav_row(FEATURE)]))
    return State.DATE


def _earlier(current: dict[str, Any]) -> list[tuple[ExpenseKind, dt.date, int]]:
    return [
        (ExpenseKind(line["kind"]), dt.date.fromisoformat(line["date"]), int(line["amount"]))
        for line in current["lines"]
    ]


async def _amount_prompt(context: RefahContext) -> str:
    current = draft(context, FEATURE)
    cur = current["cur"]
    text = med_t.MED_ASK_AMOUNT.format(kind=ms.kind_label(cur["kind"]), date=ms.date_label(cur["date"]))
    left = await ms.remaining(
        context.env,
        person=_person(current)["national_id"],
        kind=ExpenseKind(cur["kind"]),
        day=dt.date.fromisoformat(cur["date"]),
        earlier=_earlier(current),
    )
    if left is not None:
        text += "\n" + med_t.MED_REMAINING.format(
            kind=ms.kind_label(cur["kind"]), name=_person(current)["name"], remaining=rials(left)
        )
    return text


async def ask_amount(update: Update, context: RefahContext) -> State:
    """The amount paid, in rials (with what remains of the kind's annual ceiling, if it has one)."""
    await show(update, await _amount_prompt(context), inline([nav_row(FEATURE)]))
    return State.AMOUNT


async def receive_amount(update: Update, context: RefahContext) -> State:
    """A typed amount: any digits and separators, within the line limit and the annual ceiling."""
    message = update.effective_message
    assert message is not None and message.text is not None
    current = draft(context, FEATURE)
    cur = current["cur"]
    kind = ExpenseKind(cur["kind"])
    policy = await ms.current_policy(context.env.db)
    try:
        amount = med.parse_line_amount(message.text, kind=kind, policy=policy)
    except InputRefused as refused:
        text = f"{ms.refusal_text(refused.code, limit=refused.limit)}\n{await _amount_prompt(context)}"
        await message.reply_text(text, reply_markup=inline([nav_row(FEATURE)]))
        return State.AMOUNT
    over = await ms.check_line(
        context.env,
        person=_person(current)["national_id"],
        kind=kind,
        day=dt.date.fromisoformat(cur["date"]),
        amount=amount,
        earlier=_earlier(current),
    )
    if over is not None:
        text = ms.refusal_text(med.Refusal.OVER_CEILING, limit=over.remaining)
        await message.reply_text(text, reply_markup=inline([nav_row(FEATURE)]))
        return State.AMOUNT
    cur["amount"] = amount
    current["doc"] = 0
    return await ask_document(update, context)


async def reask_amount(update: Update, context: RefahContext) -> State:
    """Anything but text while the amount is expected."""
    assert update.effective_message is not None
    text = f"{invalid_text('amount_format')}\n{await _amount_prompt(context)}"
    await update.effective_message.reply_text(text, reply_markup=inline([nav_row(FEATURE)]))
    return State.AMOUNT


async def _required(context: RefahContext) -> tuple[DocumentKind, ...]:
    cur = draft(context, FEATURE)["cur"]
    policy = await ms.current_policy(context.env.db)
    return policy.rule(ExpenseKind(cur["kind"])).documents


def _docs_rows() -> Rows:
    return [[(t.BTN_DONE, DONE.data())], nav_row(FEATURE)]


async def _document_prompt(context: RefahContext) -> str:
    current = draft(context, FEATURE)
    required = await _required(context)
    index = current["doc"]
    return med_t.MED_ASK_DOCUMENT.format(
        number=fa(index + 1),
        count=fa(len(required)),
        line=fa(len(current["lines"]) + 1),
        kind=ms.kind_label(current["cur"]["kind"]),
        label=ms.document_label(required[index]),
    )


async def ask_document(update: Update, context: RefahContext) -> State:
    """The next paper the kind requires; once all are in, the line is complete and the review follows."""
    current = draft(context, FEATURE)
    required = await _required(context)
    if current["doc"] >= len(required):
        current["lines"].append(current["cur"])
        current.update(cur=None, doc=0)
        return await review(update, context)
    await show(update, await _document_prompt(context), inline(_docs_rows()))
    return State.DOCS


def _all_files(current: dict[str, Any]) -> list[dict[str, Any]]:
    lines = [*current["lines"], *([current["cur"]] if current.get("cur") else [])]
    return [d["file"] for line in lines for d in line.get("docs", [])]


async def receive_document(update: Update, context: RefahContext) -> State:
    """One photo or PDF of the paper asked for (albums arrive as several messages): type, size and
    duplicates checked; the step stays until "done"."""
    message = update.effective_message
    assert message is not None
    current = draft(context, FEATURE)
    required = await _required(context)
    doc = required[current["doc"]]
    label = ms.document_label(doc)
    markup = inline(_docs_rows())
    try:
        attachment = attachment_from(message)
    except FileRefused as refused:
        await message.reply_text(t.FILE_REFUSED[refused.code], reply_markup=markup)
        return State.DOCS
    unique = attachment.file_unique_id or attachment.file_id
    known = {f.get("file_unique_id") or f["file_id"] for f in _all_files(current)}
    if unique in known or await ms.seen_files(context.env, context.employee.id, [unique]):
        await message.reply_text(med_t.MED_FILE_DUPLICATE, reply_markup=markup)
        return State.DOCS
    mine = [d for d in current["cur"]["docs"] if d["doc"] == doc.value]
    if len(mine) >= MAX_FILES_PER_DOCUMENT:
        await message.reply_text(
            med_t.MED_FILES_TOO_MANY.format(max=fa(MAX_FILES_PER_DOCUMENT)), reply_markup=markup
        )
        return State.DOCS
    current["cur"]["docs"].append({"doc": doc.value, "file": to_json(attachment)})
    group = message.media_group_id
    if group is not None and current.get("album") == group:
        return State.DOCS  # the rest of an album: one acknowledgement is enough
    current["album"] = group
    if group is not None:
        await message.reply_text(med_t.MED_ALBUM_RECEIVED.format(label=label), reply_markup=markup)
    else:
        text = med_t.MED_FILE_RECEIVED.format(label=label, count=fa(len(mine) + 1))
        await message.reply_text(text, reply_markup=markup)
    return State.DOCS


async def document_done(update: Update, context: RefahContext) -> State:
    """ "Done" for one paper: refused while it has no file; then the next paper, or the review."""
    query = update.callback_query
    assert query is not None
    current = draft(context, FEATURE)
    if not current.get("cur"):
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return State.DOCS
    required = await _required(context)
    doc = required[current["doc"]]
    if not any(d["doc"] == doc.value for d in current["cur"]["docs"]):
        await query.answer(med_t.MED_DOCUMENT_MISSING.format(label=ms.document_label(doc)), show_alert=True)
        return State.DOCS
    await query.answer()
    current["doc"] += 1
    current["album"] = None
    await query.edit_message_reply_markup(None)
    return await ask_document(update, context)


async def reask_document(update: Update, context: RefahContext) -> State:
    """Anything but a file while a paper is expected."""
    assert update.effective_message is not None
    text = f"{t.FILE_REFUSED['not_a_file']}\n{await _document_prompt(context)}"
    await update.effective_message.reply_text(text, reply_markup=inline(_docs_rows()))
    return State.DOCS


async def back_from_document(update: Update, context: RefahContext) -> State:
    """Back one paper, or to the amount before the first."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    current = draft(context, FEATURE)
    if current["doc"] > 0:
        current["doc"] -= 1
        return await ask_document(update, context)
    return await ask_amount(update, context)


def _review_text(current: dict[str, Any]) -> str:
    person = _person(current)
    lines = [
        med_t.MED_REVIEW_LINE.format(
            number=fa(i),
            kind=ms.kind_label(line["kind"]),
            date=ms.date_label(line["date"]),
            amount=rials(line["amount"]),
            files=fa(len(line["docs"])),
        )
        for i, line in enumerate(current["lines"], start=1)
    ]
    return med_t.MED_REVIEW.format(
        name=person["name"],
        relation=ms.relation_label(person["relation"]),
        lines="\n".join(lines),
        total=rials(sum(int(line["amount"]) for line in current["lines"])),
    )


async def review(update: Update, context: RefahContext) -> State:
    """Every line and the total before submitting; another line may be added."""
    current = draft(context, FEATURE)
    rows: Rows = [[(med_t.MED_BTN_ADD_LINE, ADD_LINE.data())], *submit_rows(FEATURE, current)]
    await show(update, _review_text(current), inline(rows))
    return State.REVIEW


async def add_line(update: Update, context: RefahContext) -> State:
    """Another expense line (up to the office's limit)."""
    query = update.callback_query
    assert query is not None
    current = draft(context, FEATURE)
    policy = await ms.current_policy(context.env.db)
    if not current.get("lines"):
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return State.REVIEW
    if len(current["lines"]) >= policy.max_lines:
        await query.answer(med_t.MED_LINES_TOO_MANY.format(max=fa(policy.max_lines)), show_alert=True)
        return State.REVIEW
    await query.answer()
    return await ask_kind(update, context)


async def back_from_review(update: Update, context: RefahContext) -> State:
    """Back from the review: the last line is opened again at its last paper."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    current = draft(context, FEATURE)
    if not current.get("lines"):
        return await ask_person(update, context)
    current["cur"] = current["lines"].pop()
    required = await _required(context)
    if not required:
        return await ask_amount(update, context)
    current["doc"] = len(required) - 1
    return await ask_document(update, context)


async def submit(update: Update, context: RefahContext) -> State | int:
    """File the claim once; a claim the rules refuse now is shown with every reason and kept."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    current = await submitted_draft(update, context, FEATURE)
    if current is None:
        return State.REVIEW
    person = _person(current)
    lines = [
        ms.DraftLine(
            kind=ExpenseKind(line["kind"]),
            service_date=dt.date.fromisoformat(line["date"]),
            amount=int(line["amount"]),
            documents=[(DocumentKind(d["doc"]), from_json(d["file"])) for d in line["docs"]],
        )
        for line in current["lines"]
    ]
    try:
        await ms.submit_claim(
            context.env,
            employee=context.employee,
            user_id=update.effective_user.id,
            person=ms.Person(person["name"], person["national_id"], person["relation"]),
            lines=lines,
            key=current["key"],
        )
    except ms.ClaimRefused as refused:
        await query.answer()
        problems = ms.problems_text(refused.problems) if refused.problems else med_t.MED_FILE_DUPLICATE
        assert query.message is not None
        await context.bot.send_message(
            query.message.chat.id, med_t.MED_SUBMIT_REFUSED.format(problems=problems)
        )
        return State.REVIEW
    except RequestNotFound:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        drop_draft(context, FEATURE)
        return END
    await query.answer()
    drop_draft(context, FEATURE)
    await query.edit_message_reply_markup(None)
    return END


async def reask_choice(update: Update, context: RefahContext) -> None:
    """Typed text where a button is expected: point at the buttons, stay on this step."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t.USE_BUTTONS)


def _back(step: Any) -> Any:
    """A back button that answers the press and shows ``step``."""

    async def back(update: Update, context: RefahContext) -> Any:
        if update.callback_query is not None:
            await update.callback_query.answer()
        return await step(update, context)

    back.__doc__ = f"Back to {step.__name__}."
    return back


def build_conversation(settings: Settings) -> ConversationHandler[Any]:
    """The claim conversation."""
    private = filters.ChatType.PRIVATE
    choice = MessageHandler(FREE_INPUT, reask_choice)
    back = BACK.pattern
    return persistent_conversation(
        FEATURE,
        entry_points=[
            MessageHandler(private & filters.Text([med_t.MENU_MEDICAL]), start),
            CommandHandler("medical", start, filters=private),
        ],
        states={
            State.PERSON: [
                CallbackQueryHandler(receive_person, pattern=PICK_PERSON.pattern),
                choice,
            ],
            State.KIND: [
                CallbackQueryHandler(receive_kind, pattern=PICK_KIND.pattern),
                CallbackQueryHandler(back_from_kind, pattern=back),
                choice,
            ],
            State.DATE: [
                MessageHandler(FREE_INPUT & filters.TEXT, receive_date),
                CallbackQueryHandler(_back(ask_kind), pattern=back),
                MessageHandler(FREE_INPUT, reask_date),
            ],
            State.AMOUNT: [
                MessageHandler(FREE_INPUT & filters.TEXT, receive_amount),
                CallbackQueryHandler(_back(ask_date), pattern=back),
                MessageHandler(FREE_INPUT, reask_amount),
            ],
            State.DOCS: [
                MessageHandler(private & (filters.PHOTO | filters.Document.ALL), receive_document),
                CallbackQueryHandler(document_done, pattern=DONE.pattern),
                CallbackQueryHandler(back_from_document, pattern=back),
                MessageHandler(FREE_INPUT, reask_document),
            ],
            State.REVIEW: [
                CallbackQueryHandler(submit, pattern=SUBMIT.pattern),
                CallbackQueryHandler(add_line, pattern=ADD_LINE.pattern),
                CallbackQueryHandler(back_from_review, pattern=back),
                choice,
            ],
        },
        settings=settings,
    )


# --- the review in the clerks' group ------------------------------------------------------------------------


def _clerk(update: Update) -> str:
    user = update.effective_user
    assert user is not None
    return user.full_name or str(user.id)


async def _staff_refusal(context: RefahContext, error: Exception, request_id: int) -> str:
    """The one message for a clerk's refused press."""
    if isinstance(error, NotPermitted):
        return admin_t.ADMIN_NO_ROLE
    if isinstance(error, SameActor):
        return admin_t.ADMIN_SAME_ACTOR
    if isinstance(error, IllegalTransition):
        status = await current_status(context.env, request_id)
        return admin_t.ADMIN_ALREADY_HANDLED.format(status=status_label(status, ms.SPEC))
    if isinstance(error, Refused):
        return error.text
    return t.STALE_BUTTON


async def start_review(update: Update, context: RefahContext) -> ReviewState | int:
    """The card's "record the review": the clerk enters each line's approved amount in the group."""
    query = update.callback_query
    assert query is not None and query.data is not None and query.message is not None
    assert update.effective_user is not None
    if query.message.chat.id != context.env.admin_chat_id:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return END
    request_id = RECORD_REVIEW.number(query.data)
    try:
        case = await ms.review_case(context.env, request_id=request_id, actor=update.effective_user.id)
    except (RequestNotFound, WorkflowError) as error:
        await query.answer(await _staff_refusal(context, error, request_id), show_alert=True)
        return END
    await query.answer()
    new_draft(
        context,
        REVIEW_FEATURE,
        request_id=request_id,
        code=case.request.tracking_code,
        lines=[
            {
                "no": line.line_no,
                "kind": line.kind,
                "date": line.service_date.isoformat(),
                "claimed": line.claimed,
            }
            for line in case.lines
        ],
        done=[],
    )
    await _ask_line(update, context)
    return ReviewState.AMOUNT


def _line(context: RefahContext) -> dict[str, Any]:
    current = draft(context, REVIEW_FEATURE)
    line: dict[str, Any] = current["lines"][len(current["done"])]
    return line


async def _ask_line(update: Update, context: RefahContext) -> None:
    """Post the next line's question in the group."""
    current = draft(context, REVIEW_FEATURE)
    line = _line(context)
    text = med_t.MED_REV_ASK_AMOUNT.format(
        clerk=_clerk(update),
        code=current["code"],
        number=fa(line["no"]),
        count=fa(len(current["lines"])),
        kind=ms.kind_label(line["kind"]),
        date=ms.date_label(line["date"]),
        claimed=rials(line["claimed"]),
    )
    rows: Rows = [
        [(med_t.MED_REV_BTN_FULL, REVIEW_FULL.data()), (med_t.MED_REV_BTN_NONE, REVIEW_NONE.data())],
        [(t.BTN_CANCEL, REVIEW_CANCEL.data())],
    ]
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=inline(rows))


async def _take(update: Update, context: RefahContext, approved: int) -> ReviewState:
    """One line's approved amount: a cut asks for its reason; then the next line or the summary."""
    line = _line(context)
    if approved < line["claimed"]:
        draft(context, REVIEW_FEATURE)["pending"] = approved
        rows: Rows = [[(label, REVIEW_REASON.data(code))] for code, label in med_t.MED_REASON_LABELS.items()]
        rows.append([(t.BTN_CANCEL, REVIEW_CANCEL.data())])
        text = med_t.MED_REV_ASK_REASON.format(
            number=fa(line["no"]), approved=rials(approved), claimed=rials(line["claimed"])
        )
        assert update.effective_chat is not None
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=inline(rows))
        return ReviewState.REASON
    return await _next(update, context, approved, None)


async def _next(update: Update, context: RefahContext, approved: int, reason: str | None) -> ReviewState:
    current = draft(context, REVIEW_FEATURE)
    current["done"].append([_line(context)["no"], approved, reason])
    current.pop("pending", None)
    if len(current["done"]) < len(current["lines"]):
        await _ask_line(update, context)
        return ReviewState.AMOUNT
    payload = {
        "lines": [
            {**line, "approved": done[1], "reason": done[2]}
            for line, done in zip(current["lines"], current["done"], strict=True)
        ]
    }
    text = med_t.MED_REV_SUMMARY.format(
        clerk=_clerk(update),
        code=current["code"],
        lines=ms.review_lines_text(payload),
        approved=rials(sum(d[1] for d in current["done"])),
    )
    rows: Rows = [[(med_t.MED_REV_BTN_SAVE, REVIEW_SAVE.data())], [(t.BTN_CANCEL, REVIEW_CANCEL.data())]]
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=inline(rows))
    return ReviewState.CONFIRM


async def receive_review_amount(update: Update, context: RefahContext) -> ReviewState:
    """A typed approved amount (any digits), at most the claimed amount."""
    message = update.effective_message
    assert message is not None and message.text is not None
    line = _line(context)
    try:
        approved = parse_amount(message.text, minimum=0)
    except InvalidInput as invalid:
        await message.reply_text(invalid_text(invalid.code))
        return ReviewState.AMOUNT
    if approved > line["claimed"]:
        await message.reply_text(med_t.MED_REV_ABOVE_CLAIMED.format(claimed=rials(line["claimed"])))
        return ReviewState.AMOUNT
    return await _take(update, context, approved)


async def review_button(update: Update, context: RefahContext) -> ReviewState:
    """ "The whole amount" or "nothing" for the current line."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    await query.edit_message_reply_markup(None)
    line = _line(context)
    return await _take(update, context, line["claimed"] if query.data == REVIEW_FULL.data() else 0)


async def receive_reason(update: Update, context: RefahContext) -> ReviewState:
    """The reason of a cut."""
    query = update.callback_query
    assert query is not None and query.data is not None
    code = REVIEW_REASON.arg(query.data)
    current = draft(context, REVIEW_FEATURE)
    if code not in {r.value for r in ReviewReason} or "pending" not in current:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return ReviewState.REASON
    await query.answer()
    await query.edit_message_reply_markup(None)
    return await _next(update, context, int(current["pending"]), code)


async def save_review(update: Update, context: RefahContext) -> int:
    """Record the review; the employee sees claimed against approved, line by line."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    current = draft(context, REVIEW_FEATURE)
    try:
        await ms.record_review(
            context.env,
            request_id=current["request_id"],
            actor=update.effective_user.id,
            actor_name=_clerk(update),
            reviews=[(int(n), int(a), r) for n, a, r in current["done"]],
        )
    except (RequestNotFound, WorkflowError) as error:
        await query.answer(await _staff_refusal(context, error, current["request_id"]), show_alert=True)
        drop_draft(context, REVIEW_FEATURE)
        await query.edit_message_reply_markup(None)
        return END
    await query.answer()
    drop_draft(context, REVIEW_FEATURE)
    await query.edit_message_text(med_t.MED_REV_SAVED.format(code=current["code"]))
    return END


async def cancel_review(update: Update, context: RefahContext) -> int:
    """Leave the review; nothing is recorded."""
    current = draft(context, REVIEW_FEATURE)
    drop_draft(context, REVIEW_FEATURE)
    if update.callback_query is not None:
        await update.callback_query.answer()
        await update.callback_query.edit_message_reply_markup(None)
    if update.effective_chat is not None:
        await context.bot.send_message(
            update.effective_chat.id, med_t.MED_REV_CANCELLED.format(code=current.get("code", ""))
        )
    return END


async def review_timed_out(update: Update, context: RefahContext) -> None:
    """An abandoned review is closed."""
    drop_draft(context, REVIEW_FEATURE)
    if update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, med_t.MED_REV_TIMED_OUT)


async def reask_review(update: Update, context: RefahContext) -> None:
    """Something else while the clerk's review waits for a button or an amount."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(med_t.MED_REV_USE_BUTTONS)


def build_review_conversation(settings: Settings) -> ConversationHandler[Any]:
    """One clerk's review of one claim, in the clerks' group (per clerk; other messages pass by).

    Built without ``persistent_conversation``: that one answers cancel and timeouts with the employees'
    main menu, which does not belong in the clerks' group.
    """
    assert settings.admin_chat_id is not None
    group = filters.Chat(settings.admin_chat_id)
    typed = group & filters.TEXT & ~filters.COMMAND
    rcancel: BaseHandler[Update, Any, Any] = CallbackQueryHandler(
        cancel_review, pattern=REVIEW_CANCEL.pattern
    )
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)
        return ConversationHandler(
            entry_points=[CallbackQueryHandler(start_review, pattern=RECORD_REVIEW.pattern)],
            states={
                ReviewState.AMOUNT: [
                    MessageHandler(typed, receive_review_amount),
                    CallbackQueryHandler(review_button, pattern=REVIEW_FULL.pattern),
                    CallbackQueryHandler(review_button, pattern=REVIEW_NONE.pattern),
                    rcancel,
                ],
                ReviewState.REASON: [
                    CallbackQueryHandler(receive_reason, pattern=REVIEW_REASON.pattern),
                    rcancel,
                    MessageHandler(typed, reask_review),
                ],
                ReviewState.CONFIRM: [
                    CallbackQueryHandler(save_review, pattern=REVIEW_SAVE.pattern),
                    rcancel,
                    MessageHandler(typed, reask_review),
                ],
                ConversationHandler.TIMEOUT: [TypeHandler(Update, review_timed_out)],
            },
            fallbacks=[CommandHandler("cancel", cancel_review, filters=group)],
            name=REVIEW_FEATURE,
            persistent=True,
            allow_reentry=True,
            conversation_timeout=settings.conversation_timeout_minutes * 60,
        )


# --- batches: the insurer's doctor and accounting -----------------------------------------------------------


async def _download(context: RefahContext, file_id: str) -> bytes:
    """A file's bytes from the messenger (getFile, then the download right away)."""
    found = await context.bot.get_file(file_id)
    return bytes(await found.download_as_bytearray())


async def batch_command(update: Update, context: RefahContext) -> None:
    """``/med_batch`` in the clerks' group: the opened files go to the insurer's doctor as one batch."""
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    user = update.effective_user

    async def fetch(file_id: str) -> bytes:
        return await _download(context, file_id)

    try:
        batch = await ms.send_insurer_batch(
            context.env, actor=user.id, actor_name=_clerk(update), fetch=fetch
        )
    except NotPermitted:
        await message.reply_text(med_t.MED_CLERKS_ONLY)
        return
    except ms.FetchFailed:
        await message.reply_text(med_t.MED_BATCH_DOWNLOAD_FAILED)
        return
    except (ms.BatchChanged, WorkflowError):
        await message.reply_text(med_t.MED_BATCH_CHANGED)
        return
    if batch is None:
        await message.reply_text(med_t.MED_BATCH_NONE)
        return
    posted = await message.reply_text(
        med_t.MED_BATCH_POSTED.format(batch=fa(batch.id), count=fa(batch.count), clerk=_clerk(update))
    )
    batches: dict[str, int] = context.chat_data.setdefault(_BATCHES, {})  # type: ignore[union-attr]
    batches[str(posted.message_id)] = batch.id


def _is_xlsx(message: Message) -> bool:
    document = message.document
    if document is None:
        return False
    name = (document.file_name or "").lower()
    return document.mime_type == XLSX_MIME or name.endswith(".xlsx")


async def receive_decisions(update: Update, context: RefahContext) -> None:
    """The insurer's decision file, sent as a reply to a batch message: all applied, or none."""
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    batches: dict[str, int] = (context.chat_data or {}).get(_BATCHES, {})
    replied = message.reply_to_message
    if replied is None or str(replied.message_id) not in batches:
        return
    if not _is_xlsx(message):
        await message.reply_text(med_t.MED_DECISIONS_NOT_XLSX)
        return
    assert message.document is not None
    try:
        data = await _download(context, message.document.file_id)
        outcome = await ms.import_decisions(
            context.env, actor=update.effective_user.id, actor_name=_clerk(update), data=data
        )
    except NotPermitted:
        await message.reply_text(med_t.MED_CLERKS_ONLY)
        return
    except (ValueError, TelegramError):
        await message.reply_text(med_t.MED_DECISIONS_UNREADABLE)
        return
    except (ms.BatchChanged, WorkflowError):
        await message.reply_text(med_t.MED_BATCH_CHANGED)
        return
    if outcome.bad:
        await message.reply_text(med_t.MED_DECISIONS_REFUSED.format(rows=ms.bad_rows_text(outcome.bad)))
        return
    await message.reply_text(med_t.MED_DECISIONS_APPLIED.format(count=fa(outcome.applied)))


async def payments_command(update: Update, context: RefahContext) -> None:
    """``/med_payments`` in the clerks' group: finance gets the claims ready for payment as one batch."""
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    try:
        batch = await ms.open_payment_batch(context.env, actor=update.effective_user.id)
    except NotPermitted:
        await message.reply_text(med_t.MED_FINANCE_ONLY)
        return
    except ms.BatchChanged:
        await message.reply_text(med_t.MED_BATCH_CHANGED)
        return
    if batch is None:
        await message.reply_text(med_t.MED_PAY_NONE)
        return
    text = med_t.MED_PAY_POSTED.format(
        batch=fa(batch.id), count=fa(batch.count), total=rials(batch.total), name=_clerk(update)
    )
    await message.reply_text(text, reply_markup=inline([[(med_t.MED_BTN_PAY_ALL, PAY_ALL.data(batch.id))]]))


async def pay_all(update: Update, context: RefahContext) -> None:
    """Finance marks the whole payment batch paid; every employee is told the amount paid."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    batch_id = PAY_ALL.number(query.data)
    try:
        paid = await ms.pay_batch(
            context.env, batch_id=batch_id, actor=update.effective_user.id, actor_name=_clerk(update)
        )
    except NotPermitted:
        await query.answer(med_t.MED_FINANCE_ONLY, show_alert=True)
        return
    except ms.NotPaid:
        await query.answer(med_t.MED_PAY_ALREADY, show_alert=True)
        return
    except (RequestNotFound, WorkflowError) as error:
        reason = await _staff_refusal(context, error, 0)
        await query.answer(med_t.MED_PAY_REFUSED.format(reason=reason), show_alert=True)
        return
    await query.answer(med_t.MED_PAY_DONE.format(batch=fa(paid.id), count=fa(paid.count)), show_alert=True)
    await query.edit_message_text(
        med_t.MED_PAY_DONE_GROUP.format(
            batch=fa(paid.id), name=_clerk(update), count=fa(paid.count), total=rials(paid.total)
        )
    )


def handlers(settings: Settings) -> list[BaseHandler[Update, RefahContext, Any]]:
    """The clerks' group: the review conversation, the two batches and the decision file."""
    if settings.admin_chat_id is None:
        return []
    group = filters.Chat(settings.admin_chat_id)
    return [
        build_review_conversation(settings),
        CommandHandler("med_batch", batch_command, filters=group),
        CommandHandler("med_payments", payments_command, filters=group),
        MessageHandler(group & filters.Document.ALL & filters.REPLY, receive_decisions),
        CallbackQueryHandler(pay_all, pattern=PAY_ALL.pattern),
    ]


MANIFEST = Manifest(
    spec=ms.SPEC,
    menu=MenuEntry(med_t.MENU_MEDICAL, row=1, place=1),
    conversation=build_conversation,
    handlers=handlers,
)
