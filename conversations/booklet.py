"""Health-insurance booklet duplicate (al-mosanna): pick the person, send the documents, review, submit."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from domain import buttons
from domain.buttons import INDEX, Button
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
from services import booklet
from services.render import fa
from texts import booklet as booklet_t
from texts import common as t

FEATURE = "bk"
MAX_FILES = 5


PERSON = Button(FEATURE, "person", INDEX)
DONE = Button(FEATURE, "done")
BACK = buttons.nav(FEATURE)[0]


class State(StrEnum):
    """The steps of the booklet conversation."""

    PERSON = "booklet.person"
    DOCS = "booklet.docs"
    CONFIRM = "booklet.confirm"


async def ask_person(update: Update, context: RefahContext) -> State:
    """Whose booklet: the employee or one of the dependants on file."""
    employee = context.employee
    people = [{"name": employee.full_name, "national_id": employee.national_id, "relation": "self"}]
    people += [
        {"name": d.full_name, "national_id": d.national_id, "relation": d.relation}
        for d in await booklet.household(context.env, employee)
    ]
    current = draft(context, FEATURE)
    if not current or update.message is not None:
        current = new_draft(context, FEATURE, people=people, files=[])
    rows = [[(_person_label(p), PERSON.data(i))] for i, p in enumerate(people)]
    rows.append(nav_row(FEATURE, back=False))
    await show(update, booklet_t.BOOKLET_ASK_PERSON, inline(rows))
    return State.PERSON


async def receive_person(update: Update, context: RefahContext) -> State | int:
    """The chosen person; then the documents."""
    query = update.callback_query
    assert query is not None and query.data is not None
    current = draft(context, FEATURE)
    index = PERSON.number(query.data)
    if not current or index >= len(current["people"]):
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
    rows = submit_rows(FEATURE, current)
    await show(update, text, inline(rows))
    return State.CONFIRM


async def submit(update: Update, context: RefahContext) -> State | int:
    """File the request once, whatever happens to this button afterwards."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    current = await submitted_draft(update, context, FEATURE)
    if current is None:
        return State.CONFIRM
    await query.answer()
    employee = context.employee
    await booklet.submit_booklet(
        context.env,
        employee=employee,
        user_id=update.effective_user.id,
        kind="duplicate",
        person=current["person"],
        attachments=[from_json(f) for f in current["files"]],
        key=current["key"],
    )
    drop_draft(context, FEATURE)
    await query.edit_message_reply_markup(None)
    return END


async def reask_choice(update: Update, context: RefahContext) -> None:
    """Typed text where a button is expected: point at the buttons, stay on this step."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t.USE_BUTTONS)


def _person_label(person: dict[str, Any]) -> str:
    relation = t.RELATION_LABELS.get(person["relation"], "")
    return f"{person['name']} ({relation})"


def _docs_rows() -> list[list[tuple[str, str]]]:
    return [[(t.BTN_DONE, DONE.data())], nav_row(FEATURE)]


def build_conversation(settings: Settings) -> ConversationHandler[Any]:
    """The booklet-duplicate conversation."""
    private = filters.ChatType.PRIVATE
    choice = MessageHandler(FREE_INPUT, reask_choice)
    return persistent_conversation(
        FEATURE,
        entry_points=[MessageHandler(private & filters.Text([booklet_t.MENU_BOOKLET]), ask_person)],
        states={
            State.PERSON: [
                CallbackQueryHandler(receive_person, pattern=PERSON.pattern),
                choice,
            ],
            State.DOCS: [
                MessageHandler(private & (filters.PHOTO | filters.Document.ALL), receive_doc),
                CallbackQueryHandler(review, pattern=DONE.pattern),
                CallbackQueryHandler(back_to(ask_person), pattern=BACK.pattern),
                MessageHandler(FREE_INPUT, reask_docs),
            ],
            State.CONFIRM: [
                CallbackQueryHandler(submit, pattern=buttons.submit(FEATURE).pattern),
                CallbackQueryHandler(back_to(ask_docs), pattern=BACK.pattern),
                choice,
            ],
        },
        settings=settings,
    )


MANIFEST = Manifest(
    spec=booklet.SPEC,
    menu=MenuEntry(booklet_t.MENU_BOOKLET, row=1),
    conversation=build_conversation,
)
