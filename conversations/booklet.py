"""Health-insurance booklet: choose the process (first issue, a family member, a cancellation, a duplicate)
or see the booklet's status; pick the person, send the papers one by one, review, submit; send the
counter's reply to a cancellation letter.

One-shot handlers (``booklet:...``): the clerk signs a form or issues a letter and payroll approves, each
rendering its document first; the owner gets a form again; payroll reads, approves or returns the month's
list of premium changes (``/premiums``).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from telegram import InputFile, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from domain import buttons
from domain.booklet import BkAction, CancelReason, Document, MemberCategory, Process, parse_member_name
from domain.buttons import INDEX, Button
from domain.refusals import InputRefused
from domain.workflow import (
    IllegalTransition,
    NotPermitted,
    Refused,
    Role,
    SameActor,
    WorkflowError,
)
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
from kit.files import FileRefused, attachment_from, from_json, to_json
from kit.keyboards import inline, nav_row
from kit.manifest import Manifest, StaffCommand
from kit.menu import MenuEntry
from kit.settings import Settings
from services import booklet
from services.render import action_label, fa, status_label
from services.requests import RequestNotFound, current_status
from texts import admin as admin_t
from texts import booklet as booklet_t
from texts import common as t

FEATURE = booklet.CONVERSATION
PICK_PROCESS = Button(FEATURE, "proc", "|".join(p.value for p in Process))
SHOW_STATUS = Button(FEATURE, "status")
PICK_PERSON = Button(FEATURE, "person", INDEX)
DONE = Button(FEATURE, "done")
PICK_MEMBER = Button(FEATURE, "member", INDEX)
NEW_MEMBER = Button(FEATURE, "member_new")
PICK_CATEGORY = Button(FEATURE, "cat", "|".join(c.value for c in MemberCategory))
PICK_WHO = Button(FEATURE, "who", INDEX)
PICK_REASON = Button(FEATURE, "reason", "|".join(r.value for r in CancelReason))
SUBMIT = buttons.submit(FEATURE)
BACK = buttons.nav(FEATURE)[0]
MAX_FILES = 5
Rows = list[list[tuple[str, str]]]


class State(StrEnum):
    """The steps of the booklet conversation."""

    PROCESS = "booklet.process"
    PERSON = "booklet.person"
    DOCS = "booklet.docs"
    CONFIRM = "booklet.confirm"
    MEMBER = "booklet.member"
    CATEGORY = "booklet.category"
    NAME = "booklet.name"
    NATIONAL_ID = "booklet.national_id"
    BIRTH = "booklet.birth"
    CANCEL_PERSON = "booklet.cancel_person"
    REASON = "booklet.reason"
    FILES = "booklet.files"
    REVIEW = "booklet.review"
    REPLY = "booklet.reply"


# --- the process --------------------------------------------------------------------------------------------


async def ask_process(update: Update, context: RefahContext) -> State:
    """What to do: one of the four processes, or the booklet's status."""
    if update.message is not None or not draft(context, FEATURE):
        new_draft(context, FEATURE, process=None)
    rows: Rows = [
        [(booklet_t.BK_BTN_PROCESS[p.value], PICK_PROCESS.data(p.value))]
        for p in (Process.FIRST_ISSUE, Process.ADD_DEPENDANT, Process.CANCELLATION, Process.DUPLICATE)
    ]
    rows.append([(booklet_t.BK_BTN_STATUS, SHOW_STATUS.data())])
    rows.append(nav_row(FEATURE, back=False))
    await show(update, booklet_t.BK_ASK_PROCESS, inline(rows))
    return State.PROCESS


async def receive_process(update: Update, context: RefahContext) -> State | int:
    """The chosen process: refused at once if the employee may not ask for it."""
    query = update.callback_query
    assert query is not None and query.data is not None
    process = Process(PICK_PROCESS.arg(query.data))
    refusal = await booklet.may_ask(context.env, context.employee, process)
    if refusal is not None:
        await query.answer(booklet_t.BK_REFUSALS[refusal.value], show_alert=True)
        return State.PROCESS
    await query.answer()
    if process is Process.DUPLICATE:
        return await ask_person(update, context)
    new_draft(context, FEATURE, process=process.value, files=[])
    if process is Process.ADD_DEPENDANT:
        return await ask_member(update, context)
    if process is Process.CANCELLATION:
        return await ask_cancel_person(update, context)
    draft(context, FEATURE)["person"] = booklet.Person(
        context.employee.full_name, context.employee.national_id, "self"
    ).as_json()
    return await ask_files(update, context)


async def show_status(update: Update, context: RefahContext) -> int:
    """Each covered person, each open process with its stage and the next step, and forms ready."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    page = await booklet.status_page(context.env, context.employee)
    drop_draft(context, FEATURE)
    await show(update, page.text, inline(page.buttons) if page.buttons else None)
    return END


# --- the duplicate (as before) ------------------------------------------------------------------------------


async def ask_person(update: Update, context: RefahContext) -> State:
    """Whose duplicate: the employee or one of the dependants on file."""
    employee = context.employee
    people = [{"name": employee.full_name, "national_id": employee.national_id, "relation": "self"}]
    people += [
        {"name": d.full_name, "national_id": d.national_id, "relation": d.relation}
        for d in await booklet.household(context.env, employee)
    ]
    current = draft(context, FEATURE)
    if not current or update.message is not None or current.get("process") != Process.DUPLICATE:
        current = new_draft(context, FEATURE, process=Process.DUPLICATE.value, people=people, files=[])
    rows = [[(_person_label(p), PICK_PERSON.data(i))] for i, p in enumerate(people)]
    rows.append(nav_row(FEATURE))
    await show(update, booklet_t.BOOKLET_ASK_PERSON, inline(rows))
    return State.PERSON


async def receive_person(update: Update, context: RefahContext) -> State | int:
    """The chosen person; then the documents."""
    query = update.callback_query
    assert query is not None and query.data is not None
    current = draft(context, FEATURE)
    index = PICK_PERSON.number(query.data)
    if not current or "people" not in current or index >= len(current["people"]):
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return State.PERSON
    current["person"] = current["people"][index]
    await query.answer()
    return await ask_docs(update, context)


async def ask_docs(update: Update, context: RefahContext) -> State:
    """Ask for the ID card and decree scans."""
    current = draft(context, FEATURE)
    text = booklet_t.BOOKLET_ASK_DOCS.format(name=current["person"]["name"], count=fa(len(current["files"])))
    await show(update, text, inline(_docs_rows()))
    return State.DOCS


async def receive_doc(update: Update, context: RefahContext) -> State:
    """One photo or PDF; the user may send several, then presses done."""
    assert update.effective_message is not None
    files = draft(context, FEATURE)["files"]
    await collect_file(update.effective_message, files, limit=MAX_FILES, markup=inline(_docs_rows()))
    return State.DOCS


async def reask_docs(update: Update, context: RefahContext) -> State:
    """Anything but a file while documents are expected."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t.FILE_REFUSED["not_a_file"], reply_markup=inline(_docs_rows()))
    return State.DOCS


async def review(update: Update, context: RefahContext) -> State:
    """Show everything before it is submitted."""
    query = update.callback_query
    assert query is not None
    current = draft(context, FEATURE)
    if not current.get("files"):
        await query.answer(t.FILES_NEEDED, show_alert=True)
        return State.DOCS
    await query.answer()
    text = booklet_t.BOOKLET_REVIEW.format(
        kind=booklet_t.BOOKLET_KINDS["duplicate"],
        name=current["person"]["name"],
        count=fa(len(current["files"])),
    )
    await show(update, text, inline(submit_rows(FEATURE, current)))
    return State.CONFIRM


async def submit(update: Update, context: RefahContext) -> State | int:
    """File the request once, whatever happens to this button afterwards."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    current = await submitted_draft(update, context, FEATURE)
    if current is None:
        return State.CONFIRM
    await query.answer()
    await booklet.submit_booklet(
        context.env,
        employee=context.employee,
        user_id=update.effective_user.id,
        kind="duplicate",
        person=current["person"],
        attachments=[from_json(f) for f in current["files"]],
        key=current["key"],
    )
    drop_draft(context, FEATURE)
    await query.edit_message_reply_markup(None)
    return END


def _person_label(person: dict[str, Any]) -> str:
    return booklet_t.BK_PERSON_BUTTON.format(
        name=person["name"], relation=t.RELATION_LABELS.get(person["relation"], "")
    )


def _docs_rows() -> Rows:
    return [[(t.BTN_DONE, DONE.data())], nav_row(FEATURE)]


# --- a family member ----------------------------------------------------------------------------------------


async def ask_member(update: Update, context: RefahContext) -> State:
    """Which member: a dependant on the registry not yet insured, or someone new."""
    current = draft(context, FEATURE)
    people = [p.as_json() for p in await booklet.members_to_add(context.env, context.employee)]
    current.update(people=people, person=None, category=None, new_member=False, files=[])
    rows: Rows = [[(_person_label(p), PICK_MEMBER.data(i))] for i, p in enumerate(people)]
    rows.append([(booklet_t.BK_BTN_NEW_MEMBER, NEW_MEMBER.data())])
    rows.append(nav_row(FEATURE))
    text = booklet_t.BK_ASK_MEMBER if people else booklet_t.BK_NO_MEMBERS
    await show(update, text, inline(rows))
    return State.MEMBER


async def receive_member(update: Update, context: RefahContext) -> State | int:
    """A registry dependant: their category (asked only when more than one fits)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    current = draft(context, FEATURE)
    index = PICK_MEMBER.number(query.data)
    if current.get("process") != Process.ADD_DEPENDANT or index >= len(current.get("people", [])):
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return State.MEMBER
    await query.answer()
    current.update(person=current["people"][index], new_member=False)
    fitting = booklet.categories_for(current["person"]["relation"])
    if len(fitting) == 1:
        return await _take_category(update, context, fitting[0])
    return await ask_category(update, context)


async def receive_new_member(update: Update, context: RefahContext) -> State:
    """Someone not on the registry: their category, name, national ID and birth date are asked."""
    query = update.callback_query
    assert query is not None
    current = draft(context, FEATURE)
    if current.get("process") != Process.ADD_DEPENDANT:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return State.MEMBER
    await query.answer()
    current.update(person=None, new_member=True)
    return await ask_category(update, context)


async def ask_category(update: Update, context: RefahContext) -> State:
    """What the member is to the employee (it decides the papers and the ages that fit)."""
    current = draft(context, FEATURE)
    person = current.get("person")
    fitting = booklet.categories_for(person["relation"]) if person else list(MemberCategory)
    rows: Rows = [[(booklet_t.BK_CATEGORIES[c.value], PICK_CATEGORY.data(c.value))] for c in fitting]
    rows.append(nav_row(FEATURE))
    text = booklet_t.BK_ASK_CATEGORY.format(name=person["name"]) if person else booklet_t.BK_ASK_CATEGORY_NEW
    await show(update, text, inline(rows))
    return State.CATEGORY


async def receive_category(update: Update, context: RefahContext) -> State | int:
    """The category: a registry member's age is checked now; a new member's details are asked next."""
    query = update.callback_query
    assert query is not None and query.data is not None
    current = draft(context, FEATURE)
    category = MemberCategory(PICK_CATEGORY.arg(query.data))
    person = current.get("person")
    if current.get("process") != Process.ADD_DEPENDANT or (
        person is not None and category not in booklet.categories_for(person["relation"])
    ):
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return State.CATEGORY
    if person is None:
        await query.answer()
        current["category"] = category.value
        return await ask_name(update, context)
    refused = await _age_refused(context, category, person)
    if refused is not None:
        await query.answer(refused, show_alert=True)
        return State.CATEGORY
    await query.answer()
    return await _take_category(update, context, category)


async def _age_refused(context: RefahContext, category: MemberCategory, person: dict[str, Any]) -> str | None:
    if not person.get("born"):
        return None
    born = booklet.person_of(person).born
    assert born is not None
    refusal = await booklet.member_age_refusal(context.env, context.employee, category, born)
    return booklet.refusal_text(refusal) if refusal is not None else None


async def _take_category(update: Update, context: RefahContext, category: MemberCategory) -> State:
    current = draft(context, FEATURE)
    refused = await _age_refused(context, category, current["person"])
    if refused is not None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(refused)
        return await ask_member(update, context)
    current["category"] = category.value
    return await ask_files(update, context)


def _category_name(current: dict[str, Any]) -> str:
    return booklet_t.BK_CATEGORIES.get(current.get("category") or "", "")


async def ask_name(update: Update, context: RefahContext) -> State:
    """The new member's full name."""
    current = draft(context, FEATURE)
    text = booklet_t.BK_ASK_NAME.format(category=_category_name(current))
    await show(update, text, inline([nav_row(FEATURE)]))
    return State.NAME


async def receive_name(update: Update, context: RefahContext) -> State:
    """The name, checked; then the national ID."""
    message = update.effective_message
    assert message is not None and message.text is not None
    current = draft(context, FEATURE)
    try:
        current["member_name"] = parse_member_name(message.text)
    except InputRefused as refused:
        await message.reply_text(booklet.refusal_text(refused), reply_markup=inline([nav_row(FEATURE)]))
        return State.NAME
    return await ask_national_id(update, context)


async def ask_national_id(update: Update, context: RefahContext) -> State:
    """The new member's national ID."""
    current = draft(context, FEATURE)
    text = booklet_t.BK_ASK_NATIONAL_ID.format(name=current.get("member_name", ""))
    await show(update, text, inline([nav_row(FEATURE)]))
    return State.NATIONAL_ID


async def receive_national_id(update: Update, context: RefahContext) -> State:
    """The national ID with its check digit, not the employee's nor anyone's in the household."""
    message = update.effective_message
    assert message is not None and message.text is not None
    current = draft(context, FEATURE)
    try:
        current["member_id"] = await booklet.read_member_id(context.env, context.employee, message.text)
    except InputRefused as refused:
        await message.reply_text(booklet.refusal_text(refused), reply_markup=inline([nav_row(FEATURE)]))
        return State.NATIONAL_ID
    return await ask_birth(update, context)


async def ask_birth(update: Update, context: RefahContext) -> State:
    """The new member's Jalali birth date."""
    current = draft(context, FEATURE)
    text = booklet_t.BK_ASK_BIRTH.format(name=current.get("member_name", ""))
    await show(update, text, inline([nav_row(FEATURE)]))
    return State.BIRTH


async def receive_birth(update: Update, context: RefahContext) -> State:
    """The birth date: a real day, not in the future, of an age that fits the category; then the papers."""
    message = update.effective_message
    assert message is not None and message.text is not None
    current = draft(context, FEATURE)
    category = MemberCategory(current["category"])
    try:
        born = await booklet.read_member_birth(context.env, category, message.text)
    except InputRefused as refused:
        await message.reply_text(booklet.refusal_text(refused), reply_markup=inline([nav_row(FEATURE)]))
        return State.BIRTH
    current["person"] = booklet.Person(
        current["member_name"], current["member_id"], category.relation.value, born
    ).as_json()
    return await ask_files(update, context)


# --- a cancellation -----------------------------------------------------------------------------------------


async def ask_cancel_person(update: Update, context: RefahContext) -> State:
    """Whose booklet is cancelled."""
    current = draft(context, FEATURE)
    people = [p.as_json() for p in await booklet.people_to_cancel(context.env, context.employee)]
    current.update(people=people, person=None, reason=None, files=[])
    rows: Rows = [[(_person_label(p), PICK_WHO.data(i))] for i, p in enumerate(people)]
    rows.append(nav_row(FEATURE))
    await show(update, booklet_t.BK_ASK_CANCEL_PERSON, inline(rows))
    return State.CANCEL_PERSON


async def receive_cancel_person(update: Update, context: RefahContext) -> State:
    """The person; then the reason."""
    query = update.callback_query
    assert query is not None and query.data is not None
    current = draft(context, FEATURE)
    index = PICK_WHO.number(query.data)
    if current.get("process") != Process.CANCELLATION or index >= len(current.get("people", [])):
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return State.CANCEL_PERSON
    await query.answer()
    current["person"] = current["people"][index]
    return await ask_reason(update, context)


async def ask_reason(update: Update, context: RefahContext) -> State:
    """Why: only the reasons that may concern this person."""
    current = draft(context, FEATURE)
    person = current["person"]
    rows: Rows = [
        [(booklet_t.BK_REASONS[r.value], PICK_REASON.data(r.value))]
        for r in booklet.reasons_for(person["relation"])
    ]
    rows.append(nav_row(FEATURE))
    await show(update, booklet_t.BK_ASK_REASON.format(name=person["name"]), inline(rows))
    return State.REASON


async def receive_reason(update: Update, context: RefahContext) -> State:
    """The reason; then its papers."""
    query = update.callback_query
    assert query is not None and query.data is not None
    current = draft(context, FEATURE)
    reason = CancelReason(PICK_REASON.arg(query.data))
    if not current.get("person") or reason not in booklet.reasons_for(current["person"]["relation"]):
        await query.answer(booklet_t.BK_REFUSALS["reason_not_for_person"], show_alert=True)
        return State.REASON
    await query.answer()
    current["reason"] = reason.value
    return await ask_files(update, context)


# --- the papers, the review, the submission -----------------------------------------------------------------


def _selection(current: dict[str, Any]) -> tuple[Process, MemberCategory | None, CancelReason | None]:
    process = Process(current["process"])
    category = MemberCategory(current["category"]) if current.get("category") else None
    reason = CancelReason(current["reason"]) if current.get("reason") else None
    return process, category, reason


def _missing(current: dict[str, Any]) -> list[str]:
    have = {f["doc"] for f in current.get("files", [])}
    return [d for d in current.get("required", []) if d not in have]


def _files_text(current: dict[str, Any]) -> str:
    have = {f["doc"] for f in current.get("files", [])}
    checklist = "\n".join(
        (booklet_t.BK_CHECK_DONE if d in have else booklet_t.BK_CHECK_TODO).format(
            label=booklet_t.BK_DOCUMENTS[d]
        )
        for d in current["required"]
    )
    kind = booklet_t.BOOKLET_KINDS[current["process"]]
    name = current["person"]["name"]
    missing = _missing(current)
    if not missing:
        return booklet_t.BK_ASK_FILES_COMPLETE.format(kind=kind, name=name, checklist=checklist)
    return booklet_t.BK_ASK_FILES.format(
        kind=kind, name=name, checklist=checklist, next=booklet_t.BK_DOCUMENTS[missing[0]]
    )


async def ask_files(update: Update, context: RefahContext) -> State:
    """The papers this request needs, one at a time, with a checklist."""
    current = draft(context, FEATURE)
    process, category, reason = _selection(current)
    required = await booklet.required(context.env, process, category=category, reason=reason)
    current["required"] = [d.value for d in required]
    current["files"] = [f for f in current.get("files", []) if f["doc"] in current["required"]]
    await show(update, _files_text(current), inline(_docs_rows()))
    return State.FILES


async def receive_file(update: Update, context: RefahContext) -> State:
    """One photo or PDF: it is the next paper still missing."""
    message = update.effective_message
    assert message is not None
    current = draft(context, FEATURE)
    try:
        attachment = attachment_from(message)
    except FileRefused as refused:
        await message.reply_text(t.FILE_REFUSED[refused.code], reply_markup=inline(_docs_rows()))
        return State.FILES
    missing = _missing(current)
    if missing:
        current["files"].append({"doc": missing[0], **to_json(attachment)})
    await message.reply_text(_files_text(current), reply_markup=inline(_docs_rows()))
    return State.FILES


async def reask_file(update: Update, context: RefahContext) -> State:
    """A sticker, a text...: only a photo or a PDF of the paper asked for."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t.FILE_REFUSED["not_a_file"], reply_markup=inline(_docs_rows()))
    return State.FILES


async def review_process(update: Update, context: RefahContext) -> State:
    """Every paper is there: the summary before it is filed (a missing paper is refused here)."""
    query = update.callback_query
    assert query is not None
    current = draft(context, FEATURE)
    missing = _missing(current)
    if missing:
        names = booklet_t.BK_LIST_SEPARATOR.join(booklet_t.BK_DOCUMENTS[d] for d in missing)
        await query.answer(booklet_t.BK_FILES_MISSING.format(missing=names), show_alert=True)
        return State.FILES
    await query.answer()
    return await show_review(update, context)


async def show_review(update: Update, context: RefahContext) -> State:
    """The summary with the submit button."""
    current = draft(context, FEATURE)
    person = current["person"]
    extra = ""
    if current.get("category"):
        born = booklet.person_of(person).born
        extra = booklet_t.BK_REVIEW_CATEGORY.format(
            category=_category_name(current),
            national_id=fa(person["national_id"]),
            born=booklet.day_label(born) if born else "",
        )
    if current.get("reason"):
        extra = booklet_t.BK_REVIEW_REASON.format(reason=booklet_t.BK_REASONS[current["reason"]])
    text = booklet_t.BK_REVIEW.format(
        kind=booklet_t.BOOKLET_KINDS[current["process"]],
        name=person["name"],
        relation=t.RELATION_LABELS.get(person["relation"], ""),
        extra=extra,
        documents=booklet_t.BK_LIST_SEPARATOR.join(
            booklet_t.BK_DOCUMENTS[f["doc"]] for f in current["files"]
        ),
    )
    await show(update, text, inline(submit_rows(FEATURE, current)))
    return State.REVIEW


async def submit_process(update: Update, context: RefahContext) -> State | int:
    """File it once; the rules are checked again."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    current = await submitted_draft(update, context, FEATURE)
    if current is None or not current.get("required"):
        return State.REVIEW
    process, category, reason = _selection(current)
    try:
        await booklet.submit_process(
            context.env,
            employee=context.employee,
            user_id=update.effective_user.id,
            process=process,
            person=booklet.person_of(current["person"]),
            files=[
                (Document(f["doc"]), from_json({k: v for k, v in f.items() if k != "doc"}))
                for f in current["files"]
            ],
            key=current["key"],
            category=category,
            reason=reason,
        )
    except booklet.NotFiled as refused:
        await query.answer(booklet_t.BK_SUBMIT_REFUSED.format(reason=refused.text), show_alert=True)
        return State.REVIEW
    await query.answer()
    drop_draft(context, FEATURE)
    await query.edit_message_reply_markup(None)
    return END


async def back_from_files(update: Update, context: RefahContext) -> State:
    """Back from the papers to the step before them."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    current = draft(context, FEATURE)
    process = current.get("process")
    if process == Process.CANCELLATION:
        return await ask_reason(update, context)
    if process == Process.ADD_DEPENDANT:
        if current.get("new_member"):
            return await ask_birth(update, context)
        return await ask_member(update, context)
    return await ask_process(update, context)


async def reask_choice(update: Update, context: RefahContext) -> None:
    """Typed text where a button is expected: point at the buttons, stay on this step."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t.USE_BUTTONS)


async def reask_text(update: Update, context: RefahContext) -> None:
    """Not a text where a typed answer is expected."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t.INVALID_GENERIC, reply_markup=inline([nav_row(FEATURE)]))


# --- the counter's reply to a cancellation ------------------------------------------------------------------


async def start_reply(update: Update, context: RefahContext) -> State | None:
    """The owner pressed "send the counter's reply" under the letter (refused: a step under way goes on)."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    try:
        request = await booklet.awaiting_reply(
            context.env, request_id=booklet.REPLY.number(query.data), user_id=update.effective_user.id
        )
    except RequestNotFound:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return None
    except WorkflowError:
        await query.answer(booklet_t.BK_REPLY_NOT_WAITING, show_alert=True)
        return None
    await query.answer()
    new_draft(context, FEATURE, process="reply", request_id=request.id, code=request.tracking_code)
    await context.bot.send_message(
        update.effective_user.id,
        booklet_t.BK_ASK_REPLY.format(code=request.tracking_code),
        reply_markup=inline([nav_row(FEATURE, back=False)]),
    )
    return State.REPLY


async def receive_reply(update: Update, context: RefahContext) -> State | int:
    """The reply letter, a photo or a PDF: attached, and the case returns to the clerk."""
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    current = draft(context, FEATURE)
    try:
        attachment = attachment_from(message)
    except FileRefused as refused:
        await message.reply_text(
            t.FILE_REFUSED[refused.code], reply_markup=inline([nav_row(FEATURE, back=False)])
        )
        return State.REPLY
    try:
        acted = await booklet.bring_reply(
            context.env, request_id=current["request_id"], user_id=update.effective_user.id, reply=attachment
        )
    except (RequestNotFound, WorkflowError):
        drop_draft(context, FEATURE)
        await message.reply_text(booklet_t.BK_REPLY_NOT_WAITING)
        return END
    drop_draft(context, FEATURE)
    await message.reply_text(booklet_t.BK_REPLY_RECEIVED.format(code=acted.request.tracking_code))
    return END


async def reask_reply(update: Update, context: RefahContext) -> State:
    """Anything but a file while the reply letter is expected."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        t.FILE_REFUSED["not_a_file"], reply_markup=inline([nav_row(FEATURE, back=False)])
    )
    return State.REPLY


# --- one-shot: the office's document-producing actions, forms again, payroll's list -------------------------


def _refusal(error: WorkflowError, status: str) -> str:
    if isinstance(error, NotPermitted):
        return admin_t.ADMIN_NO_ROLE
    if isinstance(error, SameActor):
        return admin_t.ADMIN_SAME_ACTOR
    if isinstance(error, IllegalTransition):
        return admin_t.ADMIN_ALREADY_HANDLED.format(status=status_label(status))
    if isinstance(error, Refused):
        return error.text
    return t.STALE_BUTTON


def _pressed(data: str | None, candidates: tuple[Button, ...]) -> Button | None:
    """Which of ``candidates`` was pressed (None for anything else)."""
    return next((b for b in candidates if data and re.fullmatch(b.pattern, data)), None)


async def own_press(update: Update, context: RefahContext) -> None:
    """Sign a form, issue a letter (clerks' group) or approve as payroll (group or payroll's own chat)."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    pressed = _pressed(query.data, booklet.OWN_BUTTONS)
    message = query.message
    if pressed is None or message is None:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return
    request_id, action = pressed.number(query.data), pressed.action
    in_group = message.chat.id == context.env.admin_chat_id
    if not in_group and (action != BkAction.PAYROLL_OK or message.chat.id != update.effective_user.id):
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return
    env = context.env
    try:
        acted = await booklet.take_own_action(
            env,
            request_id=request_id,
            action=action,
            actor=update.effective_user.id,
            actor_name=update.effective_user.full_name or str(update.effective_user.id),
        )
    except RequestNotFound:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return
    except WorkflowError as error:
        await query.answer(_refusal(error, await current_status(env, request_id)), show_alert=True)
        return
    spec = env.services.get(acted.request.service)
    await query.answer(admin_t.ADMIN_DONE.format(action=action_label(action, spec)))
    if not in_group:
        await query.edit_message_reply_markup(None)


async def send_form(update: Update, context: RefahContext) -> None:
    """The owner asks for their form (or letter) again: rendered now and sent to them."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    try:
        pdf, filename, caption = await booklet.form_for_owner(
            context.env, request_id=booklet.FORM.number(query.data), user_id=update.effective_user.id
        )
    except RequestNotFound:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return
    except Refused as refused:
        await query.answer(refused.text, show_alert=True)
        return
    await query.answer()
    await context.bot.send_document(
        update.effective_user.id, InputFile(pdf, filename=filename), caption=caption
    )


async def list_press(update: Update, context: RefahContext) -> None:
    """Payroll's list: the XLSX, approve, return; a clerk sends a returned list again."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None and query.message is not None
    pressed = _pressed(query.data, booklet.LIST_BUTTONS)
    try:
        month = booklet.parse_month_arg(pressed.arg(query.data)) if pressed is not None else ""
    except ValueError:
        month = ""
    if pressed is None or not month:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return
    user = update.effective_user
    label = booklet.month_label(booklet.key_month(month))
    try:
        if pressed is booklet.LIST_XLSX:
            sheet = await booklet.premium_sheet(context.env, actor=user.id, month=month)
            await query.answer()
            await context.bot.send_document(
                user.id, InputFile(sheet.xlsx, filename=f"premiums-{month}.xlsx"), caption=sheet.caption
            )
            return
        if pressed is booklet.LIST_RESEND:
            await booklet.resend_premium_list(context.env, month=month, actor=user.id)
            await query.answer(booklet_t.BK_LIST_RESENT.format(month=label))
            await query.edit_message_reply_markup(None)
            return
        approve = pressed is booklet.LIST_OK
        await booklet.decide_premium_list(
            context.env,
            month=month,
            actor=user.id,
            actor_name=user.full_name or str(user.id),
            approve=approve,
        )
    except (booklet.NotPayroll, NotPermitted):
        await query.answer(booklet_t.BK_LIST_NO_ROLE, show_alert=True)
        return
    except booklet.ListNotOpen:
        await query.answer(booklet_t.BK_LIST_NOT_OPEN, show_alert=True)
        return
    done = booklet_t.BK_LIST_APPROVED if approve else booklet_t.BK_LIST_RETURNED
    await query.answer(done.format(month=label))
    await query.edit_message_reply_markup(None)


async def premiums_command(update: Update, context: RefahContext) -> None:
    """``/premiums [1404/05]``: the month's list of premium changes as an XLSX (payroll)."""
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    try:
        month = booklet.parse_month_text(" ".join(context.args)) if context.args else None
    except ValueError:
        await message.reply_text(booklet_t.BK_PREMIUMS_USAGE)
        return
    sheet = await booklet.premium_sheet(context.env, actor=update.effective_user.id, month=month)
    if not sheet.rows:
        await message.reply_text(
            booklet_t.BK_LIST_EMPTY.format(month=booklet.month_label(booklet.key_month(sheet.month)))
        )
        return
    await message.reply_document(
        InputFile(sheet.xlsx, filename=f"premiums-{sheet.month}.xlsx"), caption=sheet.caption
    )


# --- assembly -----------------------------------------------------------------------------------------------

_BACK = BACK.pattern


def handlers(settings: Settings) -> list[BaseHandler[Update, RefahContext, Any]]:
    """The office's document-producing buttons, the owner's form, payroll's list."""
    return [
        *(CallbackQueryHandler(own_press, pattern=b.pattern) for b in booklet.OWN_BUTTONS),
        CallbackQueryHandler(send_form, pattern=booklet.FORM.pattern),
        *(CallbackQueryHandler(list_press, pattern=b.pattern) for b in booklet.LIST_BUTTONS),
    ]


def build_conversation(settings: Settings) -> ConversationHandler[Any]:
    """The booklet conversation: the processes, the status, and the counter's reply."""
    private = filters.ChatType.PRIVATE
    choice = MessageHandler(FREE_INPUT, reask_choice)
    typed = MessageHandler(FREE_INPUT, reask_text)
    back_to_process = CallbackQueryHandler(back_to(ask_process), pattern=_BACK)
    return persistent_conversation(
        FEATURE,
        entry_points=[
            MessageHandler(private & filters.Text([booklet_t.MENU_BOOKLET]), ask_process),
            MessageHandler(private & filters.Text([booklet_t.MENU_BOOKLET_DUPLICATE]), ask_person),
            CallbackQueryHandler(start_reply, pattern=booklet.REPLY.pattern),
        ],
        states={
            State.PROCESS: [
                CallbackQueryHandler(receive_process, pattern=PICK_PROCESS.pattern),
                CallbackQueryHandler(show_status, pattern=SHOW_STATUS.pattern),
                choice,
            ],
            State.PERSON: [
                CallbackQueryHandler(receive_person, pattern=PICK_PERSON.pattern),
                back_to_process,
                choice,
            ],
            State.DOCS: [
                MessageHandler(private & (filters.PHOTO | filters.Document.ALL), receive_doc),
                CallbackQueryHandler(review, pattern=DONE.pattern),
                CallbackQueryHandler(back_to(ask_person), pattern=_BACK),
                MessageHandler(FREE_INPUT, reask_docs),
            ],
            State.CONFIRM: [
                CallbackQueryHandler(submit, pattern=SUBMIT.pattern),
                CallbackQueryHandler(back_to(ask_docs), pattern=_BACK),
                choice,
            ],
            State.MEMBER: [
                CallbackQueryHandler(receive_member, pattern=PICK_MEMBER.pattern),
                CallbackQueryHandler(receive_new_member, pattern=NEW_MEMBER.pattern),
                back_to_process,
                choice,
            ],
            State.CATEGORY: [
                CallbackQueryHandler(receive_category, pattern=PICK_CATEGORY.pattern),
                CallbackQueryHandler(back_to(ask_member), pattern=_BACK),
                choice,
            ],
            State.NAME: [
                MessageHandler(FREE_INPUT & filters.TEXT, receive_name),
                CallbackQueryHandler(back_to(ask_category), pattern=_BACK),
                typed,
            ],
            State.NATIONAL_ID: [
                MessageHandler(FREE_INPUT & filters.TEXT, receive_national_id),
                CallbackQueryHandler(back_to(ask_name), pattern=_BACK),
                typed,
            ],
            State.BIRTH: [
                MessageHandler(FREE_INPUT & filters.TEXT, receive_birth),
                CallbackQueryHandler(back_to(ask_national_id), pattern=_BACK),
                typed,
            ],
            State.CANCEL_PERSON: [
                CallbackQueryHandler(receive_cancel_person, pattern=PICK_WHO.pattern),
                back_to_process,
                choice,
            ],
            State.REASON: [
                CallbackQueryHandler(receive_reason, pattern=PICK_REASON.pattern),
                CallbackQueryHandler(back_to(ask_cancel_person), pattern=_BACK),
                choice,
            ],
            State.FILES: [
                MessageHandler(private & (filters.PHOTO | filters.Document.ALL), receive_file),
                CallbackQueryHandler(review_process, pattern=DONE.pattern),
                CallbackQueryHandler(back_from_files, pattern=_BACK),
                MessageHandler(FREE_INPUT, reask_file),
            ],
            State.REVIEW: [
                CallbackQueryHandler(submit_process, pattern=SUBMIT.pattern),
                CallbackQueryHandler(back_to(ask_files), pattern=_BACK),
                choice,
            ],
            State.REPLY: [
                MessageHandler(private & (filters.PHOTO | filters.Document.ALL), receive_reply),
                MessageHandler(FREE_INPUT, reask_reply),
            ],
        },
        settings=settings,
    )


MANIFEST = Manifest(
    spec=booklet.SPEC,
    menu=MenuEntry(booklet_t.MENU_BOOKLET, row=1),
    conversation=build_conversation,
    handlers=handlers,
    commands=(
        StaffCommand(
            "premiums",
            Role.PAYROLL,
            premiums_command,
            refusal=booklet_t.BK_LIST_NO_ROLE,
            description=booklet_t.BK_COMMAND_PREMIUMS,
        ),
    ),
)
#: The other three processes: their own service keys and workflows, started from the same conversation.
FIRST_ISSUE = Manifest(spec=booklet.SPEC_FIRST)
MEMBERS = Manifest(spec=booklet.SPEC_MEMBER)
CANCELLATION = Manifest(spec=booklet.SPEC_CANCEL)
