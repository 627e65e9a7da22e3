"""Study awards: an employee applies per child (child, level, GPA answered at once, two documents, review);
an admin opens a campaign (``/award_new``: year, levels with threshold and award, deadline, review).

Also the one-shot handlers: the opener refreshes the announcement's progress, finance asks for the payment
list and marks it paid; ``/awards`` gives admins the campaigns at a glance.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from domain import buttons
from domain.awards import GpaRefusal, Level, LevelRule
from domain.buttons import ID, INDEX, KEY, Button
from domain.text import normalize_digits
from domain.validators import InvalidInput, parse_amount, parse_date
from domain.workflow import Role
from kit.context import RefahContext
from kit.conversation import (
    END,
    FREE_INPUT,
    back_to,
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
from services import awards
from services.campaigns import NotAdmin, NotFinance, UnknownCampaign, jalali_day
from services.render import fa, invalid_text, rials
from services.roles import is_admin
from storage.awards import AwardCampaign
from texts import awards as aw_t
from texts import campaigns as camp_t
from texts import common as t

FEATURE = awards.FEATURE
_LEVEL = r"[a-z_]{1,20}"
CHILD = Button(FEATURE, "child", INDEX)
LEVEL = Button(FEATURE, "level", _LEVEL)
ADMIN_LEVEL = Button(FEATURE, "alevel", "|".join(level.value for level in Level))
ADMIN_LEVELS_OK = Button(FEATURE, "alevels_ok")
OPEN = Button(FEATURE, "open", KEY)
PROGRESS = Button(FEATURE, "progress", ID)
SUBMIT = buttons.submit(FEATURE)
BACK = buttons.nav(FEATURE)[0]

Rows = list[list[tuple[str, str]]]


class State(StrEnum):
    """The steps of the application and of the admin's campaign form."""

    CHILD = "awards.child"
    LEVEL = "awards.level"
    GPA = "awards.gpa"
    DOCS = "awards.docs"
    CONFIRM = "awards.confirm"
    ADMIN_YEAR = "awards.admin_year"
    ADMIN_LEVELS = "awards.admin_levels"
    ADMIN_TERMS = "awards.admin_terms"
    ADMIN_DEADLINE = "awards.admin_deadline"
    ADMIN_CONFIRM = "awards.admin_confirm"


# --- the application ----------------------------------------------------------------------------------------


async def start(update: Update, context: RefahContext) -> State | int:
    """The menu entry: the open campaign and the employee's children, or why there is nothing to apply to."""
    message = update.effective_message
    assert message is not None
    drop_draft(context, FEATURE)
    campaign = await awards.current(context.env)
    if campaign is None:
        await message.reply_text(aw_t.AW_NO_CAMPAIGN)
        return END
    kids = await awards.children(context.env, context.employee)
    if not kids:
        await message.reply_text(aw_t.AW_NO_CHILDREN.format(contact=context.env.office_contact))
        return END
    children = [{"national_id": k.national_id, "name": k.full_name} for k in kids]
    new_draft(context, FEATURE, campaign_id=campaign.id, children=children, documents=[])
    return await ask_child(update, context)


async def ask_child(update: Update, context: RefahContext) -> State | int:
    """Which child."""
    current = draft(context, FEATURE)
    campaign = await _campaign(context)
    if campaign is None:
        return await _gone(update, context)
    rows: Rows = [[(c["name"], CHILD.data(i))] for i, c in enumerate(current["children"])]
    rows.append(nav_row(FEATURE, back=False))
    text = aw_t.AW_ASK_CHILD.format(
        title=awards.title(campaign.academic_year), deadline=jalali_day(campaign.deadline)
    )
    await show(update, text, inline(rows))
    return State.CHILD


async def receive_child(update: Update, context: RefahContext) -> State | int:
    """The chosen child; then the level."""
    query = update.callback_query
    assert query is not None and query.data is not None
    current = draft(context, FEATURE)
    index = CHILD.number(query.data)
    if not current or index >= len(current.get("children", [])):
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return State.CHILD
    await query.answer()
    current["child"] = current["children"][index]
    return await ask_level(update, context)


async def ask_level(update: Update, context: RefahContext) -> State | int:
    """The levels the campaign offers, with threshold and award."""
    campaign = await _campaign(context)
    if campaign is None:
        return await _gone(update, context)
    rows: Rows = [
        [
            (
                aw_t.AW_LEVEL_BUTTON.format(
                    level=awards.level_label(rule.level),
                    threshold=awards.gpa_text(rule.threshold),
                    amount=rials(rule.amount),
                ),
                LEVEL.data(rule.level),
            )
        ]
        for rule in awards.to_rules(campaign).levels
    ]
    rows.append(nav_row(FEATURE))
    name = draft(context, FEATURE)["child"]["name"]
    await show(update, aw_t.AW_ASK_LEVEL.format(name=name), inline(rows))
    return State.LEVEL


async def receive_level(update: Update, context: RefahContext) -> State | int:
    """The chosen level; then the GPA."""
    query = update.callback_query
    assert query is not None and query.data is not None
    current = draft(context, FEATURE)
    level = LEVEL.arg(query.data)
    campaign = await _campaign(context)
    if not current or campaign is None or awards.to_rules(campaign).rule_for(level) is None:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return State.LEVEL
    await query.answer()
    current["level"] = level
    return await ask_gpa(update, context)


async def ask_gpa(update: Update, context: RefahContext) -> State:
    """Ask for the GPA on the report card."""
    current = draft(context, FEATURE)
    text = aw_t.AW_ASK_GPA.format(name=current["child"]["name"], level=awards.level_label(current["level"]))
    await show(update, text, inline([nav_row(FEATURE)]))
    return State.GPA


async def receive_gpa(update: Update, context: RefahContext) -> State | int:
    """The GPA typed: refused and asked again, or judged at once (ineligible: every reason, and the end)."""
    message = update.effective_message
    assert message is not None and message.text is not None
    current = draft(context, FEATURE)
    campaign = await _campaign(context)
    if not current or campaign is None:
        return await _gone(update, context)
    gpa = awards.read_gpa(message.text)
    if isinstance(gpa, GpaRefusal):
        text = aw_t.AW_GPA_REFUSED.get(gpa) or invalid_text(gpa)
        await message.reply_text(text, reply_markup=inline([nav_row(FEATURE)]))
        return State.GPA
    decision = await awards.judge(
        context.env,
        campaign,
        context.employee,
        child=current["child"]["national_id"],
        level=current["level"],
        gpa=gpa,
    )
    if not decision.eligible:
        drop_draft(context, FEATURE)
        await message.reply_text(awards.reasons_text(decision, campaign, gpa))
        return END
    current.update(gpa=f"{gpa:.2f}", amount=decision.amount, documents=[])
    await message.reply_text(
        aw_t.AW_ELIGIBLE.format(
            name=current["child"]["name"],
            gpa=awards.gpa_text(gpa),
            level=awards.level_label(current["level"]),
            amount=rials(decision.amount),
        )
    )
    return await ask_document(update, context)


async def reask_gpa(update: Update, context: RefahContext) -> State:
    """Anything but text while the GPA is expected."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        aw_t.AW_GPA_REFUSED[GpaRefusal.FORMAT], reply_markup=inline([nav_row(FEATURE)])
    )
    return State.GPA


async def ask_document(update: Update, context: RefahContext) -> State | int:
    """Ask for the next document (report card, then enrolment certificate), or review once both are in."""
    received = len(draft(context, FEATURE)["documents"])
    if received >= len(awards.DOCUMENTS):
        return await review(update, context)
    await show(update, _document_prompt(received), inline([nav_row(FEATURE)]))
    return State.DOCS


async def receive_document(update: Update, context: RefahContext) -> State | int:
    """One photo or PDF for the document asked for."""
    message = update.effective_message
    assert message is not None
    current = draft(context, FEATURE)
    if not current:
        return await _gone(update, context)
    index = len(current["documents"])
    try:
        attachment = attachment_from(message)
    except FileRefused as refused:
        text = f"{t.FILE_REFUSED[refused.code]}\n{_document_prompt(index)}"
        await message.reply_text(text, reply_markup=inline([nav_row(FEATURE)]))
        return State.DOCS
    current["documents"].append(to_json(attachment))
    await message.reply_text(aw_t.AW_DOCUMENT_RECEIVED.format(label=aw_t.AW_DOCUMENT_LABELS[index]))
    return await ask_document(update, context)


async def reask_document(update: Update, context: RefahContext) -> State:
    """Anything but a file while a document is expected."""
    message = update.effective_message
    assert message is not None
    index = len(draft(context, FEATURE).get("documents", []))
    text = f"{t.FILE_REFUSED['not_a_file']}\n{_document_prompt(min(index, len(awards.DOCUMENTS) - 1))}"
    await message.reply_text(text, reply_markup=inline([nav_row(FEATURE)]))
    return State.DOCS


async def back_a_document(update: Update, context: RefahContext) -> State | int:
    """Back one document, or to the GPA before the first one."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    documents = draft(context, FEATURE).get("documents", [])
    if not documents:
        return await ask_gpa(update, context)
    documents.pop()
    return await ask_document(update, context)


async def review(update: Update, context: RefahContext) -> State | int:
    """Everything before it is filed."""
    current = draft(context, FEATURE)
    campaign = await _campaign(context)
    if campaign is None:
        return await _gone(update, context)
    text = aw_t.AW_REVIEW.format(
        title=awards.title(campaign.academic_year),
        name=current["child"]["name"],
        level=awards.level_label(current["level"]),
        gpa=awards.gpa_text(Decimal(current["gpa"])),
        amount=rials(current["amount"]),
        documents=aw_t.AW_NAMES_SEPARATOR.join(aw_t.AW_DOCUMENT_LABELS),
    )
    await show(update, text, inline(submit_rows(FEATURE, current)))
    return State.CONFIRM


async def submit(update: Update, context: RefahContext) -> State | int:
    """File the application once, whatever happens to this button afterwards."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    current = await submitted_draft(update, context, FEATURE)
    if current is None:
        return State.CONFIRM
    await query.answer()
    campaign = await _campaign(context)
    if campaign is None:
        return await _gone(update, context)
    try:
        await awards.submit_award(
            context.env,
            employee=context.employee,
            user_id=update.effective_user.id,
            campaign_id=campaign.id,
            child=current["child"]["national_id"],
            level=current["level"],
            gpa=Decimal(current["gpa"]),
            attachments=[from_json(d) for d in current["documents"]],
            key=current["key"],
        )
    except awards.NotEligible as refused:
        drop_draft(context, FEATURE)
        await query.edit_message_text(
            awards.reasons_text(refused.decision, campaign, Decimal(current["gpa"]))
        )
        return END
    drop_draft(context, FEATURE)
    await query.edit_message_reply_markup(None)
    return END


def _document_prompt(index: int) -> str:
    return aw_t.AW_ASK_DOCUMENT.format(
        number=fa(index + 1), count=fa(len(awards.DOCUMENTS)), label=aw_t.AW_DOCUMENT_LABELS[index]
    )


async def _campaign(context: RefahContext) -> AwardCampaign | None:
    """The draft's campaign."""
    current = draft(context, FEATURE)
    if not current or "campaign_id" not in current:
        return None
    return await awards.campaign(context.env, current["campaign_id"])


async def _gone(update: Update, context: RefahContext) -> int:
    """The draft expired: start again from the menu."""
    drop_draft(context, FEATURE)
    if update.callback_query is not None:
        await update.callback_query.answer()
    await show(update, t.STALE_BUTTON, None)
    return END


async def reask_choice(update: Update, context: RefahContext) -> None:
    """Typed text where a button is expected."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t.USE_BUTTONS)


# --- the admin's campaign form ------------------------------------------------------------------------------


async def admin_start(update: Update, context: RefahContext) -> State | int:
    """``/award_new``: admins only; the academic year first."""
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    drop_draft(context, FEATURE)
    if not await is_admin(context.env, update.effective_user.id):
        await message.reply_text(camp_t.CAMPAIGN_ADMIN_ONLY)
        return END
    new_draft(context, FEATURE, admin=True, levels={})
    return await ask_year(update, context)


async def ask_year(update: Update, context: RefahContext) -> State:
    """Ask for the academic year."""
    await show(update, aw_t.AW_ADMIN_ASK_YEAR, inline([nav_row(FEATURE, back=False)]))
    return State.ADMIN_YEAR


async def receive_year(update: Update, context: RefahContext) -> State | int:
    """The year typed (any digits)."""
    message = update.effective_message
    assert message is not None and message.text is not None
    typed = normalize_digits(message.text.strip())
    if not (typed.isascii() and typed.isdigit() and 1300 <= int(typed) <= 1700):
        await message.reply_text(aw_t.AW_ADMIN_BAD_YEAR, reply_markup=inline([nav_row(FEATURE, back=False)]))
        return State.ADMIN_YEAR
    draft(context, FEATURE)["year"] = int(typed)
    return await ask_levels(update, context)


async def ask_levels(update: Update, context: RefahContext) -> State:
    """The levels so far; a button per level to set its terms, and done."""
    levels = draft(context, FEATURE)["levels"]
    rows: Rows = [
        [
            (
                ("✓ " if level.value in levels else "") + awards.level_label(level),
                ADMIN_LEVEL.data(level.value),
            )
        ]
        for level in Level
    ]
    rows.append([(aw_t.AW_ADMIN_BTN_DONE_LEVELS, ADMIN_LEVELS_OK.data())])
    rows.append(nav_row(FEATURE))
    lines = awards.level_lines(_rules(levels)) or aw_t.AW_ADMIN_NO_LEVEL_YET
    await show(update, aw_t.AW_ADMIN_ASK_LEVELS.format(levels=lines), inline(rows))
    return State.ADMIN_LEVELS


async def receive_admin_level(update: Update, context: RefahContext) -> State:
    """A level to set the terms of."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    current = draft(context, FEATURE)
    current["editing"] = Level(ADMIN_LEVEL.arg(query.data)).value
    text = aw_t.AW_ADMIN_ASK_TERMS.format(level=awards.level_label(current["editing"]))
    await show(update, text, inline([nav_row(FEATURE)]))
    return State.ADMIN_TERMS


async def receive_terms(update: Update, context: RefahContext) -> State:
    """Threshold and award, typed on one line."""
    message = update.effective_message
    assert message is not None and message.text is not None
    current = draft(context, FEATURE)
    parts = message.text.split()
    threshold = awards.read_gpa(parts[0]) if len(parts) == 2 else GpaRefusal.FORMAT
    try:
        amount = parse_amount(parts[1]) if len(parts) == 2 else 0
    except InvalidInput:
        amount = 0
    if isinstance(threshold, GpaRefusal) or amount <= 0 or "editing" not in current:
        await message.reply_text(aw_t.AW_ADMIN_BAD_TERMS, reply_markup=inline([nav_row(FEATURE)]))
        return State.ADMIN_TERMS
    current["levels"][current.pop("editing")] = {"threshold": f"{threshold:.2f}", "amount": amount}
    return await ask_levels(update, context)


async def levels_done(update: Update, context: RefahContext) -> State:
    """The levels are complete; then the deadline."""
    query = update.callback_query
    assert query is not None
    if not draft(context, FEATURE).get("levels"):
        await query.answer(aw_t.AW_ADMIN_NEED_LEVEL, show_alert=True)
        return State.ADMIN_LEVELS
    await query.answer()
    return await ask_deadline(update, context)


async def ask_deadline(update: Update, context: RefahContext) -> State:
    """Ask for the deadline."""
    await show(update, camp_t.CAMPAIGN_ASK_DATE, inline([nav_row(FEATURE)]))
    return State.ADMIN_DEADLINE


async def receive_deadline(update: Update, context: RefahContext) -> State:
    """The deadline typed: a Jalali date, today or later."""
    message = update.effective_message
    assert message is not None and message.text is not None
    try:
        deadline = parse_date(message.text)
    except InvalidInput as refused:
        await message.reply_text(invalid_text(refused.code), reply_markup=inline([nav_row(FEATURE)]))
        return State.ADMIN_DEADLINE
    if deadline < awards.today(context.env):
        await message.reply_text(camp_t.CAMPAIGN_DATE_PAST, reply_markup=inline([nav_row(FEATURE)]))
        return State.ADMIN_DEADLINE
    draft(context, FEATURE)["deadline"] = deadline.isoformat()
    return await admin_review(update, context)


async def admin_review(update: Update, context: RefahContext) -> State:
    """The campaign before it is opened and announced."""
    current = draft(context, FEATURE)
    text = aw_t.AW_ADMIN_REVIEW.format(
        title=awards.title(current["year"]),
        levels=awards.level_lines(_rules(current["levels"])),
        deadline=jalali_day(dt.date.fromisoformat(current["deadline"])),
    )
    rows: Rows = [[(aw_t.AW_ADMIN_BTN_OPEN, OPEN.data(current["key"]))], nav_row(FEATURE)]
    await show(update, text, inline(rows))
    return State.ADMIN_CONFIRM


async def admin_open(update: Update, context: RefahContext) -> State | int:
    """Open the campaign once; the review turns into the opening note, and a progress message follows."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    current = await submitted_draft(update, context, FEATURE)
    if current is None:
        return State.ADMIN_CONFIRM
    await query.answer()
    try:
        opened = await awards.open_campaign(
            context.env,
            actor=update.effective_user.id,
            academic_year=current["year"],
            rules=_rules(current["levels"]),
            deadline=dt.date.fromisoformat(current["deadline"]),
            key=current["key"],
        )
    except NotAdmin:
        drop_draft(context, FEATURE)
        await query.edit_message_text(camp_t.CAMPAIGN_ADMIN_ONLY)
        return END
    drop_draft(context, FEATURE)
    if not opened.created:
        await query.edit_message_text(aw_t.AW_ADMIN_EXISTS)
        return END
    await query.edit_message_text(aw_t.AW_ADMIN_OPENED.format(title=opened.title, count=fa(opened.queued)))
    text = await awards.progress_text(
        context.env, campaign_id=opened.campaign_id, actor=update.effective_user.id
    )
    sent = await context.bot.send_message(
        update.effective_user.id, text, reply_markup=_progress_markup(opened.campaign_id)
    )
    await awards.follow(context.env, opened.campaign_id, sent.chat_id, sent.message_id)
    return END


def _rules(levels: dict[str, Any]) -> list[LevelRule]:
    """The draft's levels as rules, in the order of the levels of study."""
    return [
        LevelRule(level, Decimal(levels[level.value]["threshold"]), int(levels[level.value]["amount"]))
        for level in Level
        if level.value in levels
    ]


def _progress_markup(campaign_id: int) -> Any:
    return inline([[(camp_t.CAMPAIGN_BTN_PROGRESS, PROGRESS.data(campaign_id))]])


# --- one-shot handlers --------------------------------------------------------------------------------------


async def refresh_progress(update: Update, context: RefahContext) -> None:
    """The opener refreshes the announcement's progress."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    campaign_id = PROGRESS.number(query.data)
    try:
        text = await awards.progress_text(
            context.env, campaign_id=campaign_id, actor=update.effective_user.id
        )
    except NotAdmin:
        await query.answer(camp_t.CAMPAIGN_ADMIN_ONLY, show_alert=True)
        return
    await query.answer()
    await query.edit_message_text(text, reply_markup=_progress_markup(campaign_id))


async def send_list(update: Update, context: RefahContext) -> None:
    """Finance asks for the payment list and the covering letter."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    try:
        listed = await awards.send_list(
            context.env, campaign_id=awards.LIST.number(query.data), actor=update.effective_user.id
        )
    except NotFinance:
        await query.answer(camp_t.CAMPAIGN_FINANCE_ONLY, show_alert=True)
        return
    except UnknownCampaign:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return
    await query.answer(aw_t.AW_LIST_SENT if listed.count else aw_t.AW_LIST_EMPTY, show_alert=True)


async def mark_paid(update: Update, context: RefahContext) -> None:
    """Finance marks a payment list paid: every award on it is paid and its owner told."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and query.data is not None and user is not None
    try:
        paid = await awards.mark_paid(
            context.env,
            payout_id=awards.PAID_LIST.number(query.data),
            actor=user.id,
            actor_name=user.full_name or str(user.id),
        )
    except NotFinance:
        await query.answer(camp_t.CAMPAIGN_FINANCE_ONLY, show_alert=True)
        return
    except UnknownCampaign:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return
    if paid is None:
        await query.answer(aw_t.AW_PAID_ALREADY, show_alert=True)
    else:
        await query.answer(aw_t.AW_PAID_DONE.format(count=fa(paid)), show_alert=True)
    await query.edit_message_reply_markup(None)


async def overview_command(update: Update, context: RefahContext) -> None:
    """``/awards``: the campaigns at a glance (admins)."""
    assert update.effective_message is not None and update.effective_user is not None
    await update.effective_message.reply_text(
        await awards.overview(context.env, actor=update.effective_user.id)
    )


def handlers(settings: Settings) -> list[BaseHandler[Update, RefahContext, Any]]:
    """The progress refresh, finance's list and paid buttons."""
    return [
        CallbackQueryHandler(refresh_progress, pattern=PROGRESS.pattern),
        CallbackQueryHandler(send_list, pattern=awards.LIST.pattern),
        CallbackQueryHandler(mark_paid, pattern=awards.PAID_LIST.pattern),
    ]


def build_conversation(settings: Settings) -> ConversationHandler[Any]:
    """The application conversation and the admin's campaign form (one named conversation)."""
    private = filters.ChatType.PRIVATE
    choice = MessageHandler(FREE_INPUT, reask_choice)
    text = FREE_INPUT & filters.TEXT
    back = BACK.pattern
    return persistent_conversation(
        FEATURE,
        entry_points=[
            MessageHandler(private & filters.Text([aw_t.MENU_AWARDS]), start),
            CommandHandler("award_new", admin_start, filters=private),
        ],
        states={
            State.CHILD: [
                CallbackQueryHandler(receive_child, pattern=CHILD.pattern),
                choice,
            ],
            State.LEVEL: [
                CallbackQueryHandler(receive_level, pattern=LEVEL.pattern),
                CallbackQueryHandler(back_to(ask_child), pattern=back),
                choice,
            ],
            State.GPA: [
                MessageHandler(text, receive_gpa),
                CallbackQueryHandler(back_to(ask_level), pattern=back),
                MessageHandler(FREE_INPUT, reask_gpa),
            ],
            State.DOCS: [
                MessageHandler(private & (filters.PHOTO | filters.Document.ALL), receive_document),
                CallbackQueryHandler(back_a_document, pattern=back),
                MessageHandler(FREE_INPUT, reask_document),
            ],
            State.CONFIRM: [
                CallbackQueryHandler(submit, pattern=SUBMIT.pattern),
                CallbackQueryHandler(back_a_document, pattern=back),
                choice,
            ],
            State.ADMIN_YEAR: [MessageHandler(text, receive_year), choice],
            State.ADMIN_LEVELS: [
                CallbackQueryHandler(receive_admin_level, pattern=ADMIN_LEVEL.pattern),
                CallbackQueryHandler(levels_done, pattern=ADMIN_LEVELS_OK.pattern),
                CallbackQueryHandler(back_to(ask_year), pattern=back),
                choice,
            ],
            State.ADMIN_TERMS: [
                MessageHandler(text, receive_terms),
                CallbackQueryHandler(back_to(ask_levels), pattern=back),
                choice,
            ],
            State.ADMIN_DEADLINE: [
                MessageHandler(text, receive_deadline),
                CallbackQueryHandler(back_to(ask_levels), pattern=back),
                choice,
            ],
            State.ADMIN_CONFIRM: [
                CallbackQueryHandler(admin_open, pattern=OPEN.pattern),
                CallbackQueryHandler(back_to(ask_deadline), pattern=back),
                choice,
            ],
        },
        settings=settings,
    )


MANIFEST = Manifest(
    spec=awards.SPEC,
    menu=MenuEntry(aw_t.MENU_AWARDS, row=1, place=1),
    conversation=build_conversation,
    handlers=handlers,
    commands=(
        StaffCommand(
            "awards",
            Role.ADMIN,
            overview_command,
            refusal=camp_t.CAMPAIGN_ADMIN_ONLY,
            description=aw_t.AW_COMMAND_AWARDS,
        ),
    ),
)
