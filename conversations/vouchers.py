"""Goods vouchers: an admin opens a campaign (``/voucher_new``: amount, groups, mode, end date, review).

Also the one-shot handlers: the cooperative's operator redeems a voucher by its code (``/redeem CODE``) or by
a photo of its QR code captioned ``/redeem`` (operators may be outside the registry); finance marks a cash
campaign paid; the opener refreshes the announcement's progress; ``/vouchers`` gives admins the counts, and
``/voucher`` shows employees their own vouchers.
"""

from __future__ import annotations

import datetime as dt
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
from domain.buttons import ID, KEY, Button
from domain.people import EmployeeStatus
from domain.validators import InvalidInput, parse_amount, parse_date
from domain.vouchers import Mode
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
    submitted_draft,
)
from kit.keyboards import inline, nav_row
from kit.manifest import Manifest, StaffCommand
from kit.settings import Settings
from services import vouchers
from services.campaigns import NotAdmin, NotFinance, UnknownCampaign, jalali_day
from services.render import fa, invalid_text, rials
from services.roles import is_admin
from texts import campaigns as camp_t
from texts import common as t
from texts import vouchers as vc_t

FEATURE = vouchers.FEATURE
WHO = Button(FEATURE, "who", "|".join(status.value for status in EmployeeStatus))
WHO_OK = Button(FEATURE, "who_ok")
MODE = Button(FEATURE, "mode", "|".join(m.value for m in Mode))
OPEN = Button(FEATURE, "open", KEY)
PROGRESS = Button(FEATURE, "progress", ID)
BACK = buttons.nav(FEATURE)[0]
#: A photo whose caption is the redeem command (Telegram's CommandHandler reads text, not captions).
REDEEM_CAPTION = filters.CaptionRegex(r"^/redeem(?:@\w+)?\s*$")

Rows = list[list[tuple[str, str]]]


class State(StrEnum):
    """The steps of the admin's campaign form."""

    AMOUNT = "vouchers.amount"
    STATUSES = "vouchers.statuses"
    MODE = "vouchers.mode"
    ENDS = "vouchers.ends"
    CONFIRM = "vouchers.confirm"


async def admin_start(update: Update, context: RefahContext) -> State | int:
    """``/voucher_new``: admins only; the amount first."""
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    drop_draft(context, FEATURE)
    if not await is_admin(context.env, update.effective_user.id):
        await message.reply_text(camp_t.CAMPAIGN_ADMIN_ONLY)
        return END
    new_draft(context, FEATURE, statuses=[])
    return await ask_amount(update, context)


async def ask_amount(update: Update, context: RefahContext) -> State:
    """Ask for the amount per person."""
    await show(update, vc_t.VC_ADMIN_ASK_AMOUNT, inline([nav_row(FEATURE, back=False)]))
    return State.AMOUNT


async def receive_amount(update: Update, context: RefahContext) -> State:
    """The amount typed (any digits, separators)."""
    message = update.effective_message
    assert message is not None and message.text is not None
    try:
        amount = parse_amount(message.text)
    except InvalidInput as refused:
        await message.reply_text(
            invalid_text(refused.code), reply_markup=inline([nav_row(FEATURE, back=False)])
        )
        return State.AMOUNT
    draft(context, FEATURE)["amount"] = amount
    return await ask_statuses(update, context)


async def ask_statuses(update: Update, context: RefahContext) -> State:
    """Toggle the groups the campaign names."""
    chosen = draft(context, FEATURE)["statuses"]
    rows: Rows = [
        [
            (
                ("✓ " if s.value in chosen else "") + t.EMPLOYEE_STATUS_LABELS[s.value],
                WHO.data(s.value),
            )
        ]
        for s in EmployeeStatus
    ]
    rows.append([(t.BTN_DONE, WHO_OK.data())])
    rows.append(nav_row(FEATURE))
    await show(update, vc_t.VC_ADMIN_ASK_STATUSES, inline(rows))
    return State.STATUSES


async def toggle_status(update: Update, context: RefahContext) -> State:
    """A group in or out."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    status = EmployeeStatus(WHO.arg(query.data)).value
    chosen: list[str] = draft(context, FEATURE)["statuses"]
    if status in chosen:
        chosen.remove(status)
    else:
        chosen.append(status)
    return await ask_statuses(update, context)


async def statuses_done(update: Update, context: RefahContext) -> State:
    """The groups are chosen; then the mode."""
    query = update.callback_query
    assert query is not None
    if not draft(context, FEATURE).get("statuses"):
        await query.answer(vc_t.VC_ADMIN_NEED_STATUS, show_alert=True)
        return State.STATUSES
    await query.answer()
    return await ask_mode(update, context)


async def ask_mode(update: Update, context: RefahContext) -> State:
    """Cash or goods."""
    rows: Rows = [[(vc_t.VC_MODE_LABELS[m.value], MODE.data(m.value))] for m in Mode]
    rows.append(nav_row(FEATURE))
    await show(update, vc_t.VC_ADMIN_ASK_MODE, inline(rows))
    return State.MODE


async def receive_mode(update: Update, context: RefahContext) -> State:
    """The mode chosen; then the end date."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    draft(context, FEATURE)["mode"] = Mode(MODE.arg(query.data)).value
    return await ask_ends(update, context)


async def ask_ends(update: Update, context: RefahContext) -> State:
    """Ask for the last day."""
    await show(update, vc_t.VC_ADMIN_ASK_ENDS, inline([nav_row(FEATURE)]))
    return State.ENDS


async def receive_ends(update: Update, context: RefahContext) -> State:
    """The end date typed: a Jalali date, today or later."""
    message = update.effective_message
    assert message is not None and message.text is not None
    try:
        ends_on = parse_date(message.text)
    except InvalidInput as refused:
        await message.reply_text(invalid_text(refused.code), reply_markup=inline([nav_row(FEATURE)]))
        return State.ENDS
    if ends_on < context.env.clock.now().astimezone(context.env.zone).date():
        await message.reply_text(camp_t.CAMPAIGN_DATE_PAST, reply_markup=inline([nav_row(FEATURE)]))
        return State.ENDS
    draft(context, FEATURE)["ends_on"] = ends_on.isoformat()
    return await review(update, context)


async def review(update: Update, context: RefahContext) -> State:
    """The campaign, who it reaches and what it costs, before it is opened."""
    current = draft(context, FEATURE)
    planned = await vouchers.plan(context.env, amount=current["amount"], statuses=current["statuses"])
    text = vc_t.VC_ADMIN_REVIEW.format(
        amount=rials(current["amount"]),
        statuses=vouchers.statuses_label(current["statuses"]),
        mode=vc_t.VC_MODE_LABELS[current["mode"]],
        ends_on=jalali_day(dt.date.fromisoformat(current["ends_on"])),
        count=fa(planned.count),
        total=rials(planned.total),
    )
    rows: Rows = [[(vc_t.VC_ADMIN_BTN_OPEN, OPEN.data(current["key"]))], nav_row(FEATURE)]
    await show(update, text, inline(rows))
    return State.CONFIRM


async def open_campaign(update: Update, context: RefahContext) -> State | int:
    """Issue the vouchers once; the review turns into the opening note, and a progress message follows."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    current = await submitted_draft(update, context, FEATURE)
    if current is None:
        return State.CONFIRM
    await query.answer()
    try:
        opened = await vouchers.open_campaign(
            context.env,
            actor=user.id,
            amount=current["amount"],
            statuses=current["statuses"],
            mode=current["mode"],
            ends_on=dt.date.fromisoformat(current["ends_on"]),
            key=current["key"],
        )
    except NotAdmin:
        drop_draft(context, FEATURE)
        await query.edit_message_text(camp_t.CAMPAIGN_ADMIN_ONLY)
        return END
    drop_draft(context, FEATURE)
    if opened.created and not opened.count:
        await query.edit_message_text(vc_t.VC_ADMIN_NOBODY)
        return END
    await query.edit_message_text(
        vc_t.VC_ADMIN_OPENED.format(title=opened.title, count=fa(opened.count), queued=fa(opened.queued))
    )
    if opened.created:
        text = await vouchers.progress_text(context.env, campaign_id=opened.campaign_id, actor=user.id)
        sent = await context.bot.send_message(
            user.id, text, reply_markup=_progress_markup(opened.campaign_id)
        )
        await vouchers.follow(context.env, opened.campaign_id, sent.chat_id, sent.message_id)
    return END


async def reask_choice(update: Update, context: RefahContext) -> None:
    """Typed text where a button is expected."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t.USE_BUTTONS)


def _progress_markup(campaign_id: int) -> Any:
    return inline([[(camp_t.CAMPAIGN_BTN_PROGRESS, PROGRESS.data(campaign_id))]])


# --- one-shot handlers --------------------------------------------------------------------------------------


async def redeem_command(update: Update, context: RefahContext) -> None:
    """``/redeem CODE`` at the cooperative's counter (the role was checked by the staff command)."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    if not context.args:
        await message.reply_text(vc_t.VC_REDEEM_USAGE)
        return
    try:
        reply = await vouchers.redeem_typed(
            context.env,
            typed=" ".join(context.args),
            actor=user.id,
            actor_name=user.full_name or str(user.id),
        )
    except vouchers.NotOperator:
        reply = vc_t.VC_REDEEM_ONLY_OPERATOR
    await message.reply_text(reply)


async def redeem_photo(update: Update, context: RefahContext) -> None:
    """A photo of a voucher's QR code, captioned ``/redeem``."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None and message.photo
    photo = max(message.photo, key=lambda p: p.width * p.height)
    image = bytes(await (await context.bot.get_file(photo.file_id)).download_as_bytearray())
    try:
        reply = await vouchers.redeem_photo(
            context.env, image=image, actor=user.id, actor_name=user.full_name or str(user.id)
        )
    except vouchers.NotOperator:
        reply = vc_t.VC_REDEEM_ONLY_OPERATOR
    await message.reply_text(reply)


async def mark_deposited(update: Update, context: RefahContext) -> None:
    """Finance marks a cash campaign deposited: everyone is told."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    try:
        told = await vouchers.mark_deposited(
            context.env, campaign_id=vouchers.PAID.number(query.data), actor=update.effective_user.id
        )
    except NotFinance:
        await query.answer(camp_t.CAMPAIGN_FINANCE_ONLY, show_alert=True)
        return
    except UnknownCampaign:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return
    text = vc_t.VC_PAID_ALREADY if told is None else vc_t.VC_PAID_DONE.format(count=fa(told))
    await query.answer(text, show_alert=True)
    await query.edit_message_reply_markup(None)


async def refresh_progress(update: Update, context: RefahContext) -> None:
    """The opener refreshes the announcement's progress."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    campaign_id = PROGRESS.number(query.data)
    try:
        text = await vouchers.progress_text(
            context.env, campaign_id=campaign_id, actor=update.effective_user.id
        )
    except NotAdmin:
        await query.answer(camp_t.CAMPAIGN_ADMIN_ONLY, show_alert=True)
        return
    await query.answer()
    await query.edit_message_text(text, reply_markup=_progress_markup(campaign_id))


async def overview_command(update: Update, context: RefahContext) -> None:
    """``/vouchers``: issued, redeemed and open vouchers of the latest campaigns (admins)."""
    assert update.effective_message is not None and update.effective_user is not None
    await update.effective_message.reply_text(
        await vouchers.overview(context.env, actor=update.effective_user.id)
    )


async def mine_command(update: Update, context: RefahContext) -> None:
    """``/voucher``: the employee's own vouchers."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(await vouchers.mine_text(context.env, context.employee.id))


def handlers(settings: Settings) -> list[BaseHandler[Update, RefahContext, Any]]:
    """The QR photo at the counter, finance's paid button, the progress refresh, the holder's list."""
    private = filters.ChatType.PRIVATE
    return [
        MessageHandler(private & filters.PHOTO & REDEEM_CAPTION, redeem_photo),
        CallbackQueryHandler(mark_deposited, pattern=vouchers.PAID.pattern),
        CallbackQueryHandler(refresh_progress, pattern=PROGRESS.pattern),
        CommandHandler("voucher", mine_command, filters=private),
    ]


def build_conversation(settings: Settings) -> ConversationHandler[Any]:
    """The admin's campaign form."""
    choice = MessageHandler(FREE_INPUT, reask_choice)
    text = FREE_INPUT & filters.TEXT
    back = BACK.pattern
    return persistent_conversation(
        FEATURE,
        entry_points=[CommandHandler("voucher_new", admin_start, filters=filters.ChatType.PRIVATE)],
        states={
            State.AMOUNT: [MessageHandler(text, receive_amount), choice],
            State.STATUSES: [
                CallbackQueryHandler(toggle_status, pattern=WHO.pattern),
                CallbackQueryHandler(statuses_done, pattern=WHO_OK.pattern),
                CallbackQueryHandler(back_to(ask_amount), pattern=back),
                choice,
            ],
            State.MODE: [
                CallbackQueryHandler(receive_mode, pattern=MODE.pattern),
                CallbackQueryHandler(back_to(ask_statuses), pattern=back),
                choice,
            ],
            State.ENDS: [
                MessageHandler(text, receive_ends),
                CallbackQueryHandler(back_to(ask_mode), pattern=back),
                choice,
            ],
            State.CONFIRM: [
                CallbackQueryHandler(open_campaign, pattern=OPEN.pattern),
                CallbackQueryHandler(back_to(ask_ends), pattern=back),
                choice,
            ],
        },
        settings=settings,
    )


MANIFEST = Manifest(
    spec=vouchers.SPEC,
    conversation=build_conversation,
    handlers=handlers,
    commands=(
        StaffCommand(
            "redeem",
            Role.COOP_OPERATOR,
            redeem_command,
            refusal=vc_t.VC_REDEEM_ONLY_OPERATOR,
            open_to_outsiders=True,
            description=vc_t.VC_COMMAND_REDEEM,
        ),
        StaffCommand(
            "vouchers",
            Role.ADMIN,
            overview_command,
            refusal=camp_t.CAMPAIGN_ADMIN_ONLY,
            description=vc_t.VC_COMMAND_VOUCHERS,
        ),
    ),
)
