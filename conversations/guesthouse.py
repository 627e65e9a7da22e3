"""Guesthouse booking: house, check-in day (Jalali calendar), guests, review, submit; the receipt upload.

One-shot handlers: the employee picks a proposed day; a clerk proposes days from a calendar posted in the
clerks' group; an operator asks for today's arrivals and departures (``/today``). Callback data is ``gh:...``.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from domain import buttons
from domain.buttons import INDEX, KEY, Button, card_action, nav
from domain.guesthouse import FEATURE, MAX_PROPOSALS, PAY, PICK, House, PaymentRefTooShort, parse_payment_ref
from domain.validators import InvalidInput
from domain.workflow import IllegalTransition, NotPermitted, OwnCase, Role, WorkflowError
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
from kit.datepicker import date_picker, parse_day, parse_month, picker_buttons
from kit.files import FileRefused, attachment_from, from_json, to_json
from kit.keyboards import inline, nav_row
from kit.manifest import Manifest, StaffCommand
from kit.menu import MenuEntry, main_menu
from kit.settings import Settings
from services import guesthouse as gs
from services import guesthouse_text as gs_text
from services.render import action_label, fa, invalid_text, rials, status_label
from services.requests import RequestNotFound
from texts import access as access_t
from texts import admin as admin_t
from texts import common as t
from texts import guesthouse as gh_t

Rows = list[list[tuple[str, str]]]


HOUSE = Button(FEATURE, "house", r"[a-z][a-z0-9_-]{0,31}")
WHO = Button(FEATURE, "who", INDEX)
WHO_OK = Button(FEATURE, "who_ok")
RECEIPT_SEND = Button(FEATURE, "paid", KEY)
PROPOSE = card_action("propose", FEATURE)
PROPOSE_SEND = Button(FEATURE, "psend")
PROPOSE_CLOSE = Button(FEATURE, "pclose")
PICKER = picker_buttons(FEATURE)
BACK = nav(FEATURE)[0]


class State(StrEnum):
    """The steps of the booking and of the receipt upload."""

    HOUSE = "gh.house"
    DAY = "gh.day"
    GUESTS = "gh.guests"
    REVIEW = "gh.review"
    RECEIPT = "gh.receipt"
    PAY_REF = "gh.pay_ref"
    PAY_REVIEW = "gh.pay_review"


# --- booking ------------------------------------------------------------------------------------------------


async def ask_house(update: Update, context: RefahContext) -> State | int:
    """Which house: every house that takes bookings."""
    employee = context.employee
    found = await gs.houses(context.env)
    if not found:
        assert update.effective_message is not None
        await update.effective_message.reply_text(gh_t.GH_NO_HOUSES, reply_markup=main_menu())
        return END
    current = draft(context, FEATURE)
    if not current or current.get("mode") != "book" or update.message is not None:
        people = [{"name": employee.full_name, "relation": "self"}]
        people += [
            {"name": d.full_name, "relation": d.relation} for d in await gs.household(context.env, employee)
        ]
        new_draft(context, FEATURE, mode="book", people=people, chosen=[])
    rows: Rows = [
        [
            (
                gh_t.GH_HOUSE_BUTTON.format(kind=gh_t.GUESTHOUSE_KINDS[h.kind], name=h.name, city=h.city),
                HOUSE.data(h.key),
            )
        ]
        for h in found
    ]
    rows.append(nav_row(FEATURE, back=False))
    await show(update, gh_t.GH_ASK_HOUSE, inline(rows))
    return State.HOUSE


async def receive_house(update: Update, context: RefahContext) -> State | int:
    """The chosen house; then its calendar."""
    query = update.callback_query
    assert query is not None and query.data is not None
    current = draft(context, FEATURE)
    key = HOUSE.arg(query.data)
    try:
        await gs.bookable_house(context.env, key)
    except LookupError:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return State.HOUSE
    if not current:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return State.HOUSE
    await query.answer()
    current.update(house=key, month=None, day=None, chosen=[])
    return await show_calendar(update, context)


async def show_calendar(update: Update, context: RefahContext) -> State | int:
    """The month of the house's calendar: only check-in days this employee can have are buttons."""
    current = draft(context, FEATURE)
    if not current.get("house"):
        return await ask_house(update, context)
    employee = context.employee
    cal = await gs.calendar(context.env, employee.id, current["house"])
    house = cal.house
    kind = gh_t.GUESTHOUSE_KINDS[house.kind]
    nav = [[InlineKeyboardButton(text, callback_data=data) for text, data in nav_row(FEATURE)]]
    if not cal.open:
        await show(update, gh_t.GH_NO_DAYS.format(kind=kind, name=house.name), InlineKeyboardMarkup(nav))
        return State.DAY
    year, month = current.get("month") or gs.jalali_month(min(cal.open))
    markup = date_picker(
        FEATURE,
        year,
        month,
        cal.open.__contains__,
        first=gs.jalali_month(cal.first),
        last=gs.jalali_month(cal.last),
        extra_rows=nav,
    )
    text = gh_t.GH_ASK_DAY.format(
        kind=kind,
        name=house.name,
        city=house.city,
        nights=fa(house.policy.nights),
        check_in=fa(house.policy.check_in.strftime("%H:%M")),
        check_out=fa(house.policy.check_out.strftime("%H:%M")),
    )
    await show(update, text, markup)
    return State.DAY


async def receive_month(update: Update, context: RefahContext) -> State | int:
    """Move the calendar to another month (within the booking window)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    current = draft(context, FEATURE)
    month = parse_month(PICKER.month.arg(query.data))
    if month is None or not current.get("house"):
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return State.DAY
    employee = context.employee
    cal = await gs.calendar(context.env, employee.id, current["house"])
    if not gs.jalali_month(cal.first) <= month <= gs.jalali_month(cal.last):
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return State.DAY
    await query.answer()
    current["month"] = list(month)
    return await show_calendar(update, context)


async def receive_day(update: Update, context: RefahContext) -> State | int:
    """A picked check-in day, checked again: a forged or stale day is refused with the reason."""
    query = update.callback_query
    assert query is not None and query.data is not None
    current = draft(context, FEATURE)
    day = parse_day(PICKER.day.arg(query.data))
    if day is None or not current.get("house"):
        await query.answer(gh_t.GH_DAY_INVALID, show_alert=True)
        return State.DAY
    picked = await gs.pick_day(context.env, context.employee.id, current["house"], day)
    if picked.refusal is not None:
        reason = gh_t.GH_REFUSALS[picked.refusal]
        await query.answer(gh_t.GH_DAY_REFUSED.format(reason=reason), show_alert=True)
        return State.DAY
    await query.answer()
    current.update(day=day.isoformat(), chosen=[])
    return await _show_guests(update, context, picked.house, picked.room_limit)


async def ask_guests(update: Update, context: RefahContext) -> State | int:
    """Who comes along: the employee and any dependants on file, up to the largest free room."""
    current = draft(context, FEATURE)
    if not current.get("day"):
        return await show_calendar(update, context)
    day = dt.date.fromisoformat(current["day"])
    house = await gs.bookable_house(context.env, current["house"])
    return await _show_guests(update, context, house, await gs.room_limit(context.env, house.key, day))


async def _show_guests(update: Update, context: RefahContext, house: House, limit: int) -> State:
    """The guests step for a checked day."""
    current = draft(context, FEATURE)
    day = dt.date.fromisoformat(current["day"])
    rows: Rows = []
    for i, person in enumerate(current["people"][1:], start=1):
        label = gh_t.GH_GUEST_ON if i in current["chosen"] else gh_t.GH_GUEST_OFF
        relation = t.RELATION_LABELS.get(person["relation"], "")
        rows.append([(label.format(name=person["name"], relation=relation), WHO.data(i))])
    rows.append([(gh_t.GH_BTN_CONTINUE, WHO_OK.data())])
    rows.append(nav_row(FEATURE))
    text = gh_t.GH_ASK_GUESTS.format(
        check_in=gs_text.stay_summary(house, day)["check_in"],
        max=fa(limit),
        count=fa(1 + len(current["chosen"])),
    )
    await show(update, text, inline(rows))
    return State.GUESTS


async def toggle_guest(update: Update, context: RefahContext) -> State | int:
    """Add or remove one dependant; the room's capacity is the limit."""
    query = update.callback_query
    assert query is not None and query.data is not None
    current = draft(context, FEATURE)
    index = WHO.number(query.data)
    if not current.get("day") or not 1 <= index < len(current["people"]):
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return State.GUESTS
    chosen: list[int] = current["chosen"]
    if index in chosen:
        chosen.remove(index)
    else:
        limit = await gs.room_limit(context.env, current["house"], dt.date.fromisoformat(current["day"]))
        if 1 + len(chosen) >= limit:
            await query.answer(gh_t.GH_GUESTS_FULL.format(max=fa(limit)), show_alert=True)
            return State.GUESTS
        chosen.append(index)
        chosen.sort()
    await query.answer()
    return await ask_guests(update, context)


async def review(update: Update, context: RefahContext) -> State | int:
    """Everything before it is filed: house, Jalali dates, guests and the fee."""
    query = update.callback_query
    assert query is not None
    current = draft(context, FEATURE)
    if not current.get("day"):
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return State.GUESTS
    await query.answer()
    house = await gs.bookable_house(context.env, current["house"])
    day = dt.date.fromisoformat(current["day"])
    names = _guest_names(current)
    stay = gs_text.stay_summary(house, day)
    text = gh_t.GH_REVIEW.format(
        kind=gh_t.GUESTHOUSE_KINDS[house.kind],
        name=house.name,
        city=house.city,
        check_in=stay["check_in"],
        check_out=stay["check_out"],
        nights=fa(house.policy.nights),
        count=fa(len(names)),
        guests=gh_t.GH_LIST_SEPARATOR.join(names),
        fee=rials(gs.quote(house, len(names))),
    )
    rows: Rows = submit_rows(FEATURE, current)
    await show(update, text, inline(rows))
    return State.REVIEW


async def submit(update: Update, context: RefahContext) -> State | int:
    """File the booking once, whatever happens to this button afterwards; the day is checked again."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    current = await submitted_draft(update, context, FEATURE, mode="book")
    if current is None:
        return State.REVIEW
    employee = context.employee
    try:
        await gs.submit_booking(
            context.env,
            employee=employee,
            user_id=update.effective_user.id,
            key=current["house"],
            day=dt.date.fromisoformat(current["day"]),
            guests=_guest_names(current),
            draft_key=current["key"],
        )
    except gs.DayRefused as refused:
        await query.answer(gh_t.GH_SUBMIT_REFUSED.format(reason=refused.text), show_alert=True)
        current.update(day=None, chosen=[])
        return await show_calendar(update, context)
    await query.answer()
    drop_draft(context, FEATURE)
    await query.edit_message_reply_markup(None)
    return END


def _guest_names(current: dict[str, Any]) -> list[str]:
    people = current["people"]
    return [people[0]["name"], *(people[i]["name"] for i in current["chosen"] if 0 < i < len(people))]


# --- the receipt --------------------------------------------------------------------------------------------


async def start_receipt(update: Update, context: RefahContext) -> State | int | None:
    """The employee pressed "send the receipt" under a held booking.

    A stale or forged press changes nothing (None): a conversation in progress keeps its step.
    """
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    try:
        request = await gs.awaiting_receipt(
            context.env, request_id=PAY.number(query.data), user_id=update.effective_user.id
        )
    except RequestNotFound:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return None
    except WorkflowError:
        await query.answer(gh_t.GH_PAY_NOT_WAITING, show_alert=True)
        return None
    await query.answer()
    new_draft(
        context,
        FEATURE,
        mode="pay",
        request_id=request.id,
        code=request.tracking_code,
        fee=request.payload["fee"],
    )
    await context.bot.send_message(update.effective_user.id, **_ask_receipt(context))
    return State.RECEIPT


def _ask_receipt(context: RefahContext) -> dict[str, Any]:
    current = draft(context, FEATURE)
    return {
        "text": gh_t.GH_PAY_ASK_FILE.format(code=current["code"], fee=rials(current["fee"])),
        "reply_markup": inline([nav_row(FEATURE, back=False)]),
    }


async def receive_receipt(update: Update, context: RefahContext) -> State:
    """The receipt, a photo or a PDF; then its tracking number."""
    message = update.effective_message
    assert message is not None
    current = draft(context, FEATURE)
    try:
        attachment = attachment_from(message)
    except FileRefused as refused:
        await message.reply_text(
            t.FILE_REFUSED[refused.code], reply_markup=inline([nav_row(FEATURE, back=False)])
        )
        return State.RECEIPT
    current["receipt"] = to_json(attachment)
    await message.reply_text(gh_t.GH_PAY_ASK_REF, reply_markup=inline([nav_row(FEATURE)]))
    return State.PAY_REF


async def reask_receipt(update: Update, context: RefahContext) -> State:
    """Anything but a file while the receipt is expected."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        t.FILE_REFUSED["not_a_file"], reply_markup=inline([nav_row(FEATURE, back=False)])
    )
    return State.RECEIPT


async def receive_ref(update: Update, context: RefahContext) -> State:
    """The payment's tracking number, validated; then the review."""
    message = update.effective_message
    assert message is not None and message.text is not None
    current = draft(context, FEATURE)
    try:
        ref = parse_payment_ref(message.text)
    except InvalidInput as invalid:
        await message.reply_text(invalid_text(invalid.code), reply_markup=inline([nav_row(FEATURE)]))
        return State.PAY_REF
    except PaymentRefTooShort:
        await message.reply_text(gh_t.GH_PAY_REF_TOO_SHORT, reply_markup=inline([nav_row(FEATURE)]))
        return State.PAY_REF
    current["ref"] = ref
    kind = current["receipt"]["kind"]
    text = gh_t.GH_PAY_REVIEW.format(
        code=current["code"], file=gh_t.GH_PAY_FILE_KINDS.get(kind, ""), ref=fa(ref)
    )
    rows: Rows = [[(gh_t.GH_BTN_SEND_RECEIPT, RECEIPT_SEND.data(current["key"]))], nav_row(FEATURE)]
    await message.reply_text(text, reply_markup=inline(rows))
    return State.PAY_REVIEW


async def reask_ref(update: Update, context: RefahContext) -> State:
    """Not a text while the tracking number is expected."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(gh_t.GH_PAY_ASK_REF, reply_markup=inline([nav_row(FEATURE)]))
    return State.PAY_REF


async def send_receipt(update: Update, context: RefahContext) -> State | int:
    """Record the payment once; the clerk verifies it."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    current = await submitted_draft(update, context, FEATURE, button=RECEIPT_SEND, mode="pay")
    if current is None:
        return State.PAY_REVIEW
    try:
        acted = await gs.record_payment(
            context.env,
            request_id=current["request_id"],
            user_id=update.effective_user.id,
            receipt=from_json(current["receipt"]),
            payment_ref=current["ref"],
        )
    except (RequestNotFound, WorkflowError):
        await query.answer(gh_t.GH_PAY_NOT_WAITING, show_alert=True)
        drop_draft(context, FEATURE)
        await query.edit_message_reply_markup(None)
        return END
    await query.answer()
    drop_draft(context, FEATURE)
    await query.edit_message_text(gh_t.GH_PAY_SENT.format(code=acted.request.tracking_code))
    return END


async def back_to_receipt(update: Update, context: RefahContext) -> State:
    """Back from the tracking number to the receipt."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(**_ask_receipt(context))
    return State.RECEIPT


async def back_to_ref(update: Update, context: RefahContext) -> State:
    """Back from the review to the tracking number."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(gh_t.GH_PAY_ASK_REF, reply_markup=inline([nav_row(FEATURE)]))
    return State.PAY_REF


# --- shared steps -------------------------------------------------------------------------------------------


async def reask_choice(update: Update, context: RefahContext) -> None:
    """Typed text where a button is expected: point at the buttons, stay on this step."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(t.USE_BUTTONS)


async def inert(update: Update, context: RefahContext) -> None:
    """A calendar cell that is not a day (title, weekday, closed day): nothing happens."""
    assert update.callback_query is not None
    await update.callback_query.answer(gh_t.GH_DAY_NOT_OPEN)


# --- the employee picks a proposed day ----------------------------------------------------------------------


async def pick_proposal(update: Update, context: RefahContext) -> None:
    """One of the days the clerk proposed: a room is held at once, or the day is refused with the reason."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    request_id, index = (int(x) for x in PICK.arg(query.data).split("-"))
    try:
        acted = await gs.pick_date(
            context.env, request_id=request_id, user_id=update.effective_user.id, index=index
        )
    except gs.DayRefused as refused:
        await query.answer(refused.text, show_alert=True)
        return
    except (RequestNotFound, WorkflowError):
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return
    await query.answer()
    day = dt.date.fromisoformat(acted.request.payload["check_in"])
    await query.edit_message_text(gh_t.GH_PICKED.format(day=gs_text.day_label(day)))


# --- a clerk proposes days (in the clerks' group) -----------------------------------------------------------

_SESSIONS = "gh_propose"


def _sessions(context: RefahContext) -> dict[str, Any]:
    sessions: dict[str, Any] = context.chat_data.setdefault(_SESSIONS, {})  # type: ignore[union-attr]
    return sessions


async def start_propose(update: Update, context: RefahContext) -> None:
    """The card's "propose other days": a calendar of days open to the employee, for this clerk only."""
    query = update.callback_query
    assert query is not None and query.data is not None and query.message is not None
    assert update.effective_user is not None
    if query.message.chat.id != context.env.admin_chat_id:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return
    request_id = PROPOSE.number(query.data)
    try:
        request, cal = await gs.proposal_calendar(
            context.env, request_id=request_id, actor=update.effective_user.id
        )
    except (NotPermitted, RequestNotFound, IllegalTransition) as error:
        await query.answer(await _staff_refusal(context, error, request_id), show_alert=True)
        return
    if not cal.open:
        await query.answer(gh_t.GH_PROPOSE_NO_DAYS, show_alert=True)
        return
    await query.answer()
    session = {
        "request_id": request.id,
        "actor": update.effective_user.id,
        "chosen": [],
        "month": list(gs.jalali_month(min(cal.open))),
    }
    text, markup = _picker(update, request.tracking_code, request.payload, session, cal)
    sent = await context.bot.send_message(query.message.chat.id, text, reply_markup=markup)
    _sessions(context)[str(sent.message_id)] = session


def _picker(
    update: Update, code: str, payload: dict[str, Any], session: dict[str, Any], cal: gs.Calendar
) -> tuple[str, InlineKeyboardMarkup]:
    """The clerk's calendar message."""
    assert update.effective_user is not None
    chosen = [gs_text.day_label(dt.date.fromisoformat(d)) for d in session["chosen"]]
    text = gh_t.GH_PROPOSE_PROMPT.format(
        clerk=update.effective_user.full_name,
        code=code,
        name=payload["guests"][0],
        asked=gs_text.day_label(dt.date.fromisoformat(payload["check_in"])),
        max=fa(MAX_PROPOSALS),
        chosen=gh_t.GH_LIST_SEPARATOR.join(chosen) or gh_t.GH_NONE,
    )
    extra = [
        [InlineKeyboardButton(gh_t.GH_BTN_PROPOSE_SEND, callback_data=PROPOSE_SEND.data())],
        [InlineKeyboardButton(gh_t.GH_BTN_PROPOSE_CLOSE, callback_data=PROPOSE_CLOSE.data())],
    ]
    year, month = session["month"]
    markup = date_picker(
        FEATURE,
        year,
        month,
        cal.open.__contains__,
        first=gs.jalali_month(cal.first),
        last=gs.jalali_month(cal.last),
        extra_rows=extra,
    )
    return text, markup


async def _session_of(update: Update, context: RefahContext) -> dict[str, Any] | None:
    """The picker session of the pressed message, if the presser owns it (answers the query otherwise)."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    message = query.message
    if message is None or message.chat.id != context.env.admin_chat_id:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return None
    session: dict[str, Any] | None = _sessions(context).get(str(message.message_id))
    if session is None:
        await query.answer(t.STALE_BUTTON, show_alert=True)
        return None
    if session["actor"] != update.effective_user.id:
        await query.answer(admin_t.ADMIN_NOT_YOUR_PROMPT, show_alert=True)
        return None
    return session


async def propose_press(update: Update, context: RefahContext) -> None:
    """A day toggled or a month turned in the clerk's calendar."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    session = await _session_of(update, context)
    if session is None:
        return
    try:
        request, cal = await gs.proposal_calendar(
            context.env, request_id=session["request_id"], actor=update.effective_user.id
        )
    except (NotPermitted, RequestNotFound, IllegalTransition) as error:
        await query.answer(await _staff_refusal(context, error, session["request_id"]), show_alert=True)
        return
    if re.fullmatch(PICKER.month.pattern, query.data):
        month = parse_month(PICKER.month.arg(query.data))
        if month is None or not gs.jalali_month(cal.first) <= month <= gs.jalali_month(cal.last):
            await query.answer(t.STALE_BUTTON, show_alert=True)
            return
        session["month"] = list(month)
    else:
        day = parse_day(PICKER.day.arg(query.data))
        if day is None or (day not in cal.open and day.isoformat() not in session["chosen"]):
            await query.answer(gh_t.GH_DAY_NOT_OPEN, show_alert=True)
            return
        if day.isoformat() in session["chosen"]:
            session["chosen"].remove(day.isoformat())
        elif len(session["chosen"]) >= MAX_PROPOSALS:
            await query.answer(gh_t.GH_PROPOSE_TOO_MANY.format(max=fa(MAX_PROPOSALS)), show_alert=True)
            return
        else:
            session["chosen"] = sorted([*session["chosen"], day.isoformat()])
    await query.answer()
    text, markup = _picker(update, request.tracking_code, request.payload, session, cal)
    await query.edit_message_text(text, reply_markup=markup)


async def propose_send(update: Update, context: RefahContext) -> None:
    """Send the chosen days to the employee."""
    query = update.callback_query
    assert query is not None and query.message is not None and update.effective_user is not None
    session = await _session_of(update, context)
    if session is None:
        return
    if not session["chosen"]:
        await query.answer(gh_t.GH_PROPOSE_EMPTY, show_alert=True)
        return
    try:
        acted = await gs.propose_dates(
            context.env,
            request_id=session["request_id"],
            actor=update.effective_user.id,
            actor_name=update.effective_user.full_name,
            days=[dt.date.fromisoformat(d) for d in session["chosen"]],
        )
    except gs.DayRefused as refused:
        await query.answer(refused.text, show_alert=True)
        return
    except (RequestNotFound, WorkflowError) as error:
        await query.answer(await _staff_refusal(context, error, session["request_id"]), show_alert=True)
        return
    _sessions(context).pop(str(query.message.message_id), None)
    await query.answer(admin_t.ADMIN_DONE.format(action=action_label(acted.transition.action, gs.SPEC)))
    days = [gs_text.day_label(dt.date.fromisoformat(d)) for d in session["chosen"]]
    await query.edit_message_text(
        gh_t.GH_PROPOSE_SENT.format(code=acted.request.tracking_code, days=gh_t.GH_LIST_SEPARATOR.join(days))
    )


async def propose_close(update: Update, context: RefahContext) -> None:
    """Close the clerk's calendar without proposing."""
    query = update.callback_query
    assert query is not None and query.message is not None
    session = await _session_of(update, context)
    if session is None:
        return
    _sessions(context).pop(str(query.message.message_id), None)
    await query.answer()
    request = await gs.request_of(context.env, session["request_id"])
    await query.edit_message_text(
        gh_t.GH_PROPOSE_CLOSED.format(code=request.tracking_code if request else "")
    )


async def _staff_refusal(context: RefahContext, error: Exception, request_id: int) -> str:
    """The one message for a clerk's refused press."""
    if isinstance(error, OwnCase):
        return access_t.ACCESS_OWN_CASE
    if isinstance(error, NotPermitted):
        return admin_t.ADMIN_NO_ROLE
    if isinstance(error, IllegalTransition):
        request = await gs.request_of(context.env, request_id)
        return admin_t.ADMIN_ALREADY_HANDLED.format(
            status=status_label(request.status if request else "", gs.SPEC)
        )
    return t.STALE_BUTTON


# --- the operator's day -------------------------------------------------------------------------------------


async def today_command(update: Update, context: RefahContext) -> None:
    """``/today``: arrivals and departures at the operator's houses (office time zone)."""
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    days = await gs.operator_day(context.env, update.effective_user.id)
    if days is None:
        await message.reply_text(gh_t.GH_TODAY_NOT_OPERATOR)
        return
    await message.reply_text(gs_text.operator_day_text(days))


# --- assembly -----------------------------------------------------------------------------------------------

_DAY, _MONTH, _NONE, _BACK = PICKER.day.pattern, PICKER.month.pattern, PICKER.none.pattern, BACK.pattern


def handlers(settings: Settings) -> list[BaseHandler[Update, RefahContext, Any]]:
    """The employee's pick of a proposed day, the clerk's day proposal, the operator's /today."""
    found: list[BaseHandler[Update, RefahContext, Any]] = [
        CallbackQueryHandler(pick_proposal, pattern=PICK.pattern),
    ]
    if settings.admin_chat_id is not None:
        found += [
            CallbackQueryHandler(start_propose, pattern=PROPOSE.pattern),
            CallbackQueryHandler(propose_press, pattern=_DAY),
            CallbackQueryHandler(propose_press, pattern=_MONTH),
            CallbackQueryHandler(propose_send, pattern=PROPOSE_SEND.pattern),
            CallbackQueryHandler(propose_close, pattern=PROPOSE_CLOSE.pattern),
        ]
    found.append(CallbackQueryHandler(inert, pattern=_NONE))
    return found


def build_conversation(settings: Settings) -> ConversationHandler[Any]:
    """The booking conversation and the receipt upload (one named conversation, two entry points)."""
    choice = MessageHandler(FREE_INPUT, reask_choice)
    return persistent_conversation(
        FEATURE,
        entry_points=[
            MessageHandler(filters.ChatType.PRIVATE & filters.Text([gh_t.MENU_GUESTHOUSE]), ask_house),
            CallbackQueryHandler(start_receipt, pattern=PAY.pattern),
        ],
        states={
            State.HOUSE: [
                CallbackQueryHandler(receive_house, pattern=HOUSE.pattern),
                choice,
            ],
            State.DAY: [
                CallbackQueryHandler(receive_day, pattern=_DAY),
                CallbackQueryHandler(receive_month, pattern=_MONTH),
                CallbackQueryHandler(inert, pattern=_NONE),
                CallbackQueryHandler(back_to(ask_house), pattern=_BACK),
                choice,
            ],
            State.GUESTS: [
                CallbackQueryHandler(toggle_guest, pattern=WHO.pattern),
                CallbackQueryHandler(review, pattern=WHO_OK.pattern),
                CallbackQueryHandler(back_to(show_calendar), pattern=_BACK),
                choice,
            ],
            State.REVIEW: [
                CallbackQueryHandler(submit, pattern=buttons.submit(FEATURE).pattern),
                CallbackQueryHandler(back_to(ask_guests), pattern=_BACK),
                choice,
            ],
            State.RECEIPT: [
                MessageHandler(
                    filters.ChatType.PRIVATE & (filters.PHOTO | filters.Document.ALL), receive_receipt
                ),
                MessageHandler(FREE_INPUT, reask_receipt),
            ],
            State.PAY_REF: [
                MessageHandler(FREE_INPUT & filters.TEXT, receive_ref),
                CallbackQueryHandler(back_to_receipt, pattern=_BACK),
                MessageHandler(FREE_INPUT, reask_ref),
            ],
            State.PAY_REVIEW: [
                CallbackQueryHandler(send_receipt, pattern=RECEIPT_SEND.pattern),
                CallbackQueryHandler(back_to_ref, pattern=_BACK),
                choice,
            ],
        },
        settings=settings,
    )


MANIFEST = Manifest(
    spec=gs.SPEC,
    menu=MenuEntry(gh_t.MENU_GUESTHOUSE, row=0, place=0),
    conversation=build_conversation,
    handlers=handlers,
    commands=(
        StaffCommand(
            "today",
            Role.GUESTHOUSE_OPERATOR,
            today_command,
            refusal=gh_t.GH_TODAY_NOT_OPERATOR,
            open_to_outsiders=True,
        ),
    ),
)
