"""Guesthouse and pilgrim-house booking: configuration, the calendar, submission, the office's moves, payment,
the voucher, reminders and the operator's day.

The rules are in :mod:`domain.guesthouse`; this module reads the database, applies them inside the
transaction that changes anything (the Database serialises transactions, and the room-night primary key
refuses a second holder), and queues the messages each change owes.

Timed moves are reminder rows with an action (:func:`services.reminders.on_fire`), so they survive restarts:
``gh_hold`` lapses an unpaid hold; ``gh_start`` fires at the check-in moment (a booking becomes ``done``, a
request still open expires). ``gh_eve``, ``gh_morning`` and ``gh_checkout`` are plain reminders of a booking.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from documents.models import VoucherData
from documents.pdf import render_guesthouse_voucher
from domain import guesthouse as gh
from domain.guesthouse import GhAction, GhStatus, House, Policy, Refusal
from domain.jalali import format_jalali_date, to_jalali
from domain.workflow import Grant, IllegalTransition, NotPermitted, Refused, Role, Transition, holds
from services import guesthouse_text, verification
from services.guesthouse_model import HouseDay
from services.kit import Env, ServiceSpec
from services.messages import text_message
from services.organisation import letterhead
from services.paperwork import queue_document, renderer
from services.render import jalali_time
from services.requests import (
    Acted,
    NewAttachment,
    RequestNotFound,
    Submitted,
    act_in_tx,
    refuse_own_case,
    submit_request,
)
from storage import outbox
from storage.db import Tx
from storage.employees import Employees
from storage.guesthouse import (
    Guesthouses,
    HouseRow,
    free_nights,
    hold_nights,
    retire_houses_except,
    save_house,
)
from storage.models import Dependant, Employee, Reminder, Request
from storage.reminders import Armed, add_reminder, cancel_reminders
from storage.requests import Requests, add_attachment, update_payload
from storage.roles import Roles, grant_role, revoke_role

SERVICE = gh.SERVICE
WORKFLOW = gh.workflow()

# Reminder kinds: timed moves (no text) and the booking's three reminders.
HOLD_TIMER = "gh_hold"
#: The warning before an unpaid hold ends, and how long before.
HOLD_WARNING = "gh_hold_warn"
HOLD_WARNING_BEFORE = dt.timedelta(hours=6)
START_TIMER = "gh_start"
REMINDER_KINDS = {"eve": "gh_eve", "morning": "gh_morning", "checkout": "gh_checkout"}
#: The kind of the booking voucher among documents (rendered when sent; checked by its QR code).
VOUCHER = "guesthouse_voucher"


class DayRefused(Refused):
    """A check-in day this employee cannot have; ``code`` says why, ``text`` in the reader's words."""

    def __init__(self, code: Refusal, text: str) -> None:
        super().__init__(text)
        self.code = code


def _stay_fields(house: House, day: dt.date) -> dict[str, Any]:
    """The payload fields that follow from the house and the check-in day."""
    labels = guesthouse_text.stay_summary(house, day)
    return {
        "check_in": day.isoformat(),
        "check_out": gh.check_out_day(day, house.policy.nights).isoformat(),
        "check_in_label": labels["check_in"],
        "check_out_label": labels["check_out"],
    }


# --- configuration ------------------------------------------------------------------------------------------


async def load_guesthouses(tx: Tx, data: Any, now: dt.datetime) -> int:
    """``[[guesthouses]]``: upsert the houses and rooms, retire the ones no longer listed, grant operators."""
    if not isinstance(data, list):
        raise ValueError("guesthouses: expected [[guesthouses]] tables")
    keys: list[str] = []
    for position, item in enumerate(data):
        if not isinstance(item, dict):
            raise ValueError("guesthouses: every entry must be a table")
        try:
            house, rooms = _house_from_config(item)
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"guesthouses[{position}] ({item.get('key', '?')}): {error}") from None
        if house.key in keys:
            raise ValueError(f"guesthouses: key {house.key!r} appears twice")
        keys.append(house.key)
        before = await Guesthouses(tx).operator_of(house.key)
        await save_house(tx, house, rooms, position, now)
        if before is not None and before != house.operator_id:
            await revoke_role(tx, before, _operator_grant(house.key), None, now)
        if house.operator_id is not None:
            await grant_role(tx, house.operator_id, _operator_grant(house.key), None, now)
    await retire_houses_except(tx, keys)
    return len(keys)


def _operator_grant(key: str) -> Grant:
    return Grant(Role.GUESTHOUSE_OPERATOR, key)


_KNOWN = {
    "key",
    "name",
    "city",
    "kind",
    "rooms",
    "prices",
    "account",
    "operator",
    "closed",
    "nights",
    "check_in",
    "check_out",
    "horizon_days",
    "hold_hours",
    "stays_per_year",
    "first_timers_days",
}


def _house_from_config(item: dict[str, Any]) -> tuple[HouseRow, list[tuple[str, int]]]:
    """One ``[[guesthouses]]`` table, checked."""
    unknown = sorted(set(item) - _KNOWN)
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(unknown)}")
    key = gh.parse_key(item["key"])
    rooms: list[tuple[str, int]] = []
    for room in item["rooms"]:
        label, capacity = str(room["label"]).strip(), room["capacity"]
        if not label or not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 1:
            raise ValueError(f"room {room!r}: a label and a capacity of at least 1 are needed")
        if label in [r[0] for r in rooms]:
            raise ValueError(f"room {label!r} appears twice")
        rooms.append((label, capacity))
    if not rooms:
        raise ValueError("at least one room is needed")
    default = Policy()
    policy = Policy(
        nights=_whole(item, "nights", default.nights, 1, 30),
        check_in=gh.parse_clock(item.get("check_in", "14:00")),
        check_out=gh.parse_clock(item.get("check_out", "10:00")),
        horizon_days=_whole(item, "horizon_days", default.horizon_days, 1, 366),
        hold_hours=_whole(item, "hold_hours", default.hold_hours, 1, 24 * 30),
        stays_per_year=_whole(item, "stays_per_year", default.stays_per_year, 0, 366),
        first_timers_days=_whole(item, "first_timers_days", default.first_timers_days, 0, 366),
    )
    operator = item.get("operator")
    if operator is not None and (not isinstance(operator, int) or isinstance(operator, bool)):
        raise ValueError("operator must be a numeric Telegram user id")
    text = {name: str(item[name]).strip() for name in ("name", "city", "account")}
    if not all(text.values()):
        raise ValueError("name, city and account must not be empty")
    house = HouseRow(
        key=key,
        name=text["name"],
        city=text["city"],
        kind=gh.Kind(item["kind"]),
        policy=policy,
        prices=gh.parse_prices(item["prices"], [gh.Room(0, label, cap) for label, cap in rooms]),
        closed=gh.parse_closed(item.get("closed", [])),
        account=text["account"],
        operator_id=operator,
    )
    return house, rooms


def _whole(item: dict[str, Any], name: str, default: int, low: int, high: int) -> int:
    value = item.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}")
    return value


# --- the employee's booking ---------------------------------------------------------------------------------


def office_today(env: Env) -> dt.date:
    """Today in the office's zone."""
    return env.clock.now().astimezone(env.zone).date()


async def household(env: Env, employee: Employee) -> list[Dependant]:
    """The dependants on file who may come along."""
    return await Employees(env.db).dependants(employee.id)


async def houses(env: Env) -> list[House]:
    """The houses employees may book."""
    return await Guesthouses(env.db).active()


async def bookable_house(env: Env, key: str) -> House:
    """A house that takes bookings (LookupError otherwise)."""
    house = await Guesthouses(env.db).get(key, active_only=True)
    if house is None:
        raise LookupError(key)
    return house


@dataclass(frozen=True)
class Calendar:
    """The check-in days one employee may pick at one house now."""

    house: House
    open: frozenset[dt.date]
    first: dt.date
    last: dt.date


async def _situation(
    q: Guesthouses, house: House, employee_id: int, today: dt.date
) -> tuple[set[tuple[int, dt.date]], list[gh.Stay]]:
    """What the rules look at: the nights held over the booking window, and the employee's bookings."""
    last = gh.last_check_in(house, today) + dt.timedelta(days=house.policy.nights)
    return await q.occupied(house.key, today, last), await q.stays_of(employee_id)


async def calendar(
    env: Env, employee_id: int, key: str, *, guests: int = 1, exclude: int | None = None
) -> Calendar:
    """The open check-in days of a house for an employee (``exclude``: a request being moved)."""
    house = await bookable_house(env, key)
    today = office_today(env)
    occupied, history = await _situation(Guesthouses(env.db), house, employee_id, today)
    days = gh.open_days(
        house, today=today, occupied=occupied, history=history, guests=guests, exclude=exclude
    )
    return Calendar(house, frozenset(days), gh.first_check_in(today), gh.last_check_in(house, today))


async def check_day(env: Env, employee_id: int, key: str, day: dt.date, *, guests: int = 1) -> Refusal | None:
    """Why the employee cannot check in on ``day`` (None: they can); a picked day is always re-checked."""
    house = await bookable_house(env, key)
    today = office_today(env)
    occupied, history = await _situation(Guesthouses(env.db), house, employee_id, today)
    return gh.refusal(house, day, today=today, occupied=occupied, history=history, guests=guests)


@dataclass(frozen=True)
class DayPick:
    """A picked check-in day, checked: why not (None: it can be booked), the house, the largest free room."""

    refusal: Refusal | None
    house: House
    room_limit: int


async def pick_day(env: Env, employee_id: int, key: str, day: dt.date) -> DayPick:
    """Check a picked day and size its largest free room from one read of the house and its nights."""
    house = await bookable_house(env, key)
    today = office_today(env)
    occupied, history = await _situation(Guesthouses(env.db), house, employee_id, today)
    refusal = gh.refusal(house, day, today=today, occupied=occupied, history=history, guests=1)
    limit = gh.room_limit(house, day, occupied) if refusal is None else 0
    return DayPick(refusal, house, limit)


async def room_limit(env: Env, key: str, day: dt.date) -> int:
    """The most guests a room free for the whole stay from ``day`` takes."""
    house = await bookable_house(env, key)
    occupied = await Guesthouses(env.db).occupied(key, day, gh.check_out_day(day, house.policy.nights))
    return gh.room_limit(house, day, occupied)


def quote(house: House, guests: int) -> int:
    """The fee for a stay with this many guests."""
    return gh.fee(house, guests)


async def submit_booking(
    env: Env,
    *,
    employee: Employee,
    user_id: int,
    key: str,
    day: dt.date,
    guests: Sequence[str],
    draft_key: str,
) -> Submitted:
    """File the booking request once per draft key; every rule is checked again in its transaction.

    Raises :class:`DayRefused` when the day cannot be had any more (taken meanwhile, or a forged day).
    """
    house = await bookable_house(env, key)
    payload = {
        "house": house.key,
        "house_name": house.name,
        "city": house.city,
        "kind": house.kind.value,
        "nights": house.policy.nights,
        "guests": list(guests),
        "fee": gh.fee(house, len(guests)) if len(guests) in house.prices else 0,
        "asked_check_in": day.isoformat(),
        "first_timer": gh.is_first_timer(house.kind, await Guesthouses(env.db).stays_of(employee.id)),
        **_stay_fields(house, day),
    }
    scheduled: list[Armed] = []

    async def check(tx: Tx, request: Request) -> None:
        today = office_today(env)
        occupied, history = await _situation(Guesthouses(tx), house, employee.id, today)
        why = gh.refusal(
            house,
            day,
            today=today,
            occupied=occupied,
            history=history,
            guests=len(guests),
            exclude=request.id,
        )
        if why is not None:
            raise DayRefused(why, guesthouse_text.refusal_reason(why))
        scheduled.append(await _arm_start(tx, request, house, day, env))

    submitted = await submit_request(
        env,
        service=SERVICE,
        employee=employee,
        user_id=user_id,
        payload=payload,
        idempotency_key=f"{SERVICE}:{draft_key}",
        in_tx=check,
    )
    env.reminders_changed(scheduled)
    return submitted


# --- the office's moves -------------------------------------------------------------------------------------


async def is_clerk(env: Env, user_id: int) -> bool:
    """Whether the user may act on booking requests."""
    return holds(await Roles(env.db).grants(user_id), Role.CLERK, SERVICE)


async def proposal_calendar(env: Env, *, request_id: int, actor: int) -> tuple[Request, Calendar]:
    """The days a clerk may propose instead of the asked one: open to the employee, for the same guests.

    Raises :class:`NotPermitted` (no clerk role; :class:`OwnCase` for their own or family's case),
    :class:`RequestNotFound` or :class:`IllegalTransition`.
    """
    request = await Requests(env.db).get(request_id)
    if request is None or request.service != SERVICE:
        raise RequestNotFound(request_id)
    if not await is_clerk(env, actor):
        raise NotPermitted(GhAction.PROPOSE)
    WORKFLOW.find(request.status, GhAction.PROPOSE)
    await refuse_own_case(env.db, request, actor)
    p = request.payload
    found = await calendar(env, request.employee_id, p["house"], guests=len(p["guests"]), exclude=request.id)
    asked = dt.date.fromisoformat(p["check_in"])
    return request, Calendar(found.house, found.open - {asked}, found.first, found.last)


async def propose_dates(
    env: Env, *, request_id: int, actor: int, actor_name: str, days: Sequence[dt.date]
) -> Acted:
    """Offer the employee up to three other check-in days; each is checked again here."""
    if not 1 <= len(set(days)) <= gh.MAX_PROPOSALS or len(set(days)) != len(days):
        raise ValueError("one to three different days")
    async with env.db.transaction() as tx:
        request = await _must_get(tx, request_id)
        p = dict(request.payload)
        house = await _house(tx, p["house"])
        today = office_today(env)
        occupied, history = await _situation(Guesthouses(tx), house, request.employee_id, today)
        for day in days:
            why = gh.refusal(
                house,
                day,
                today=today,
                occupied=occupied,
                history=history,
                guests=len(p["guests"]),
                exclude=request.id,
            )
            if why is None and day.isoformat() == p["check_in"]:
                why = Refusal.FULL
            if why is not None:
                raise DayRefused(why, guesthouse_text.refused(why, by_owner=False))
        p["proposals"] = sorted(d.isoformat() for d in days)
        await update_payload(tx, request.id, p, env.clock.now())
        acted = await act_in_tx(
            tx, env, request_id=request.id, action=GhAction.PROPOSE, actor=actor, actor_name=actor_name
        )
    env.wake_outbox()
    return acted


async def pick_date(env: Env, *, request_id: int, user_id: int, index: int) -> Acted:
    """The employee takes one of the proposed days; a room is held at once (or :class:`DayRefused`)."""
    async with env.db.transaction() as tx:
        request = await _must_get(tx, request_id)
        if request.user_id != user_id:
            raise RequestNotFound(request_id)
        WORKFLOW.find(request.status, GhAction.PICK)
        p = dict(request.payload)
        proposals = p.get("proposals", [])
        if not 0 <= index < len(proposals):
            raise IllegalTransition("no such proposal")
        house = await _house(tx, p["house"])
        p.update(_stay_fields(house, dt.date.fromisoformat(proposals[index])))
        await update_payload(tx, request.id, p, env.clock.now())
        employee = await Employees(tx).get(request.employee_id)
        acted = await act_in_tx(
            tx,
            env,
            request_id=request.id,
            action=GhAction.PICK,
            actor=user_id,
            actor_name=employee.full_name if employee else None,
        )
        await outbox.enqueue(
            tx,
            chat_id=user_id,
            method="sendMessage",
            now=env.clock.now(),
            request_id=request.id,
            payload=guesthouse_text.held_notice(acted.request, house.account),
        )
    env.wake_outbox()
    return acted


async def awaiting_receipt(env: Env, *, request_id: int, user_id: int) -> Request:
    """The employee's held booking a receipt is for (RequestNotFound, or IllegalTransition if not held)."""
    request = await Requests(env.db).get(request_id)
    if request is None or request.user_id != user_id or request.service != SERVICE:
        raise RequestNotFound(request_id)
    WORKFLOW.find(request.status, GhAction.PAY)
    return request


async def record_payment(
    env: Env, *, request_id: int, user_id: int, receipt: NewAttachment, payment_ref: str
) -> Acted:
    """The receipt and its tracking number: the booking waits for the clerk's verification."""
    async with env.db.transaction() as tx:
        request = await _must_get(tx, request_id)
        if request.user_id != user_id:
            raise RequestNotFound(request_id)
        WORKFLOW.find(request.status, GhAction.PAY)
        now = env.clock.now()
        await add_attachment(
            tx,
            request.id,
            kind=receipt.kind,
            file_id=receipt.file_id,
            file_unique_id=receipt.file_unique_id,
            file_name=receipt.file_name,
            mime_type=receipt.mime_type,
            file_size=receipt.file_size,
            uploaded_by=user_id,
            now=now,
        )
        await update_payload(tx, request.id, {**request.payload, "payment_ref": payment_ref}, now)
        employee = await Employees(tx).get(request.employee_id)
        acted = await act_in_tx(
            tx,
            env,
            request_id=request.id,
            action=GhAction.PAY,
            actor=user_id,
            actor_name=employee.full_name if employee else None,
        )
    env.wake_outbox()
    return acted


# --- what every move does (inside its transaction) ----------------------------------------------------------


async def on_transition(
    tx: Tx, env: Env, request: Request, transition: Transition, actor: int | None
) -> None:
    """Hold or free the room, arm or cancel the timers and reminders, send the voucher."""
    action = transition.action
    house = await _house(tx, request.payload["house"])
    if action in (GhAction.CONFIRM, GhAction.PICK):
        await _hold(tx, env, request, house, by_owner=transition.by_owner)
    elif action == GhAction.PROPOSE:
        proposals = request.payload.get("proposals") or []
        if not proposals:
            raise Refused(guesthouse_text.PROPOSE_EMPTY)
        latest = max(dt.date.fromisoformat(d) for d in proposals)
        env.reminders_changed([await _arm_start(tx, request, house, latest, env)])
    elif action == GhAction.PAY:
        # the receipt arrived in time: the payment deadline no longer applies, the check-in moment still does
        await cancel_reminders(tx, request.id)
        env.reminders_changed(
            [await _arm_start(tx, request, house, dt.date.fromisoformat(request.payload["check_in"]), env)]
        )
    elif action == GhAction.VERIFY:
        await _finalise(tx, env, request, house)
    elif action in (GhAction.CANCEL, GhAction.REJECT, GhAction.EXPIRE):
        day = dt.date.fromisoformat(request.payload["check_in"])
        if action == GhAction.CANCEL and env.clock.now() >= gh.check_in_at(house, day, env.zone):
            raise Refused(guesthouse_text.TOO_LATE_TO_CANCEL)
        await free_nights(tx, request.id)
        await cancel_reminders(tx, request.id)
        if request.status == GhStatus.BOOKED and house.operator_id is not None:
            await outbox.enqueue(
                tx,
                chat_id=house.operator_id,
                method="sendMessage",
                now=env.clock.now(),
                request_id=request.id,
                payload=text_message(guesthouse_text.operator_cancelled(request, house)),
            )


async def _hold(tx: Tx, env: Env, request: Request, house: House, *, by_owner: bool) -> None:
    """Hold the smallest fitting room for every night of the stay, or refuse; arm the payment deadline."""
    p = dict(request.payload)
    day = dt.date.fromisoformat(p["check_in"])
    today = office_today(env)
    occupied, history = await _situation(Guesthouses(tx), house, request.employee_id, today)
    guests = len(p["guests"])
    why = gh.refusal(
        house, day, today=today, occupied=occupied, history=history, guests=guests, exclude=request.id
    )
    rooms = gh.free_rooms(house, day, occupied, guests) if why is None else []
    if why is None and not rooms:
        why = Refusal.FULL
    if why is not None:
        raise _refused(why, by_owner=by_owner)
    room = rooms[0]
    try:
        await hold_nights(tx, request.id, room.id, gh.stay_nights(day, house.policy.nights))
    except sqlite3.IntegrityError:
        raise _refused(Refusal.FULL, by_owner=by_owner) from None
    now = env.clock.now()
    until = gh.hold_until(house, now, day, env.zone, env.calendar)
    p.update(
        room_id=room.id,
        room_label=room.label,
        account=house.account,
        hold_until=until.isoformat(),
        hold_until_label=jalali_time(until, env.zone),
    )
    await update_payload(tx, request.id, p, now)
    hold = await add_reminder(
        tx, request_id=request.id, chat_id=request.user_id, kind=HOLD_TIMER, due_at=until, text=""
    )
    armed = [hold, await _arm_start(tx, request, house, day, env)]
    if until - HOLD_WARNING_BEFORE > now:  # a short hold gets no warning: the notice itself says when
        held = await Requests(tx).get(request.id)
        assert held is not None
        warning = guesthouse_text.hold_warning(held, jalali_time(until, env.zone))
        armed.append(
            await add_reminder(
                tx,
                request_id=request.id,
                chat_id=request.user_id,
                kind=HOLD_WARNING,
                due_at=until - HOLD_WARNING_BEFORE,
                text=warning,
            )
        )
    env.reminders_changed(armed)


def _refused(why: Refusal, *, by_owner: bool) -> DayRefused:
    return DayRefused(why, guesthouse_text.refused(why, by_owner=by_owner))


async def _finalise(tx: Tx, env: Env, request: Request, house: House) -> None:
    """The payment is verified: voucher (text and PDF) to the employee, the reservation to the operator,
    and the stay's reminders."""
    p = request.payload
    now = env.clock.now()
    day = dt.date.fromisoformat(p["check_in"])
    employee = await Employees(tx).get(request.employee_id)
    assert employee is not None
    await outbox.enqueue(
        tx,
        chat_id=request.user_id,
        method="sendMessage",
        now=now,
        request_id=request.id,
        payload=text_message(guesthouse_text.voucher_text(request, house)),
        dedupe_key=f"gh:{request.id}:voucher",
    )
    link = await verification.issue(
        tx,
        env,
        kind=VOUCHER,
        label=guesthouse_text.VOUCHER_LABEL,
        reference=request.tracking_code,
        holder=employee.full_name,
        amount=p["fee"],
        request_id=request.id,
    )
    # the PDF is drawn by the outbox when it is sent, outside this transaction
    await queue_document(
        tx,
        env,
        chat_id=request.user_id,
        kind=VOUCHER,
        data=VoucherData(
            letterhead=await letterhead(tx),
            verify_link=link,
            reservation_code=request.tracking_code,
            guest_full_name=employee.full_name,
            personnel_no=employee.personnel_no,
            national_id=employee.national_id,
            guesthouse_name=guesthouse_text.house_title(p["kind"], house.name),
            city=house.city,
            room_label=p["room_label"],
            check_in=p["check_in_label"],
            check_out=p["check_out_label"],
            nights=p["nights"],
            guests=list(p["guests"]),
            fee_rials=p["fee"],
            payment_ref=p.get("payment_ref", ""),
            issued_at=jalali_time(now, env.zone),
        ),
        filename=f"voucher-{request.tracking_code}.pdf",
        caption=guesthouse_text.voucher_caption(request),
        request_id=request.id,
        dedupe_key=f"gh:{request.id}:voucher_pdf",
    )
    if house.operator_id is not None:
        await outbox.enqueue(
            tx,
            chat_id=house.operator_id,
            method="sendMessage",
            now=now,
            request_id=request.id,
            payload=text_message(guesthouse_text.operator_new(request, house, employee)),
            dedupe_key=f"gh:{request.id}:operator",
        )
    texts = guesthouse_text.reminders(request, house, day)
    armed = [await _arm_start(tx, request, house, day, env)]
    for name, due in gh.reminder_moments(house, day, env.zone).items():
        if due > now:
            armed.append(
                await add_reminder(
                    tx,
                    request_id=request.id,
                    chat_id=request.user_id,
                    kind=REMINDER_KINDS[name],
                    due_at=due,
                    text=texts[name],
                )
            )
    env.reminders_changed(armed)


async def _arm_start(tx: Tx, request: Request, house: House, day: dt.date, env: Env) -> Armed:
    """(Re)arm the timer at the check-in moment."""
    return await add_reminder(
        tx,
        request_id=request.id,
        chat_id=request.user_id,
        kind=START_TIMER,
        due_at=gh.check_in_at(house, day, env.zone),
        text="",
    )


# --- timers -------------------------------------------------------------------------------------------------
# Called in the transaction that fires the reminder row. ``env.reminders_changed`` may be called inside a
# transaction: the scheduler reads the rows through the same serialised Database, so only after the commit.


async def hold_still_open(tx: Tx, env: Env, reminder: Reminder) -> bool:
    """The hold warning goes out only while the hold is still unpaid."""
    request = await Requests(tx).get(reminder.request_id or 0)
    return request is not None and request.status == GhStatus.HELD


async def hold_lapsed(tx: Tx, env: Env, reminder: Reminder) -> bool:
    """An unpaid hold ends: the room is freed and the employee told."""
    request = await Requests(tx).get(reminder.request_id or 0)
    if request is not None and request.status == GhStatus.HELD:
        await update_payload(tx, request.id, {**request.payload, "ended": "hold"}, env.clock.now())
        await act_in_tx(tx, env, request_id=request.id, action=GhAction.EXPIRE, actor=None, actor_name=None)
    return False


async def stay_begins(tx: Tx, env: Env, reminder: Reminder) -> bool:
    """Check-in moment: a booking is done (no longer cancellable); a request still open expires."""
    request = await Requests(tx).get(reminder.request_id or 0)
    if request is None:
        return False
    if request.status == GhStatus.BOOKED:
        await act_in_tx(tx, env, request_id=request.id, action=GhAction.COMPLETE, actor=None, actor_name=None)
    elif request.status in (GhStatus.SUBMITTED, GhStatus.PROPOSED, GhStatus.HELD):
        await update_payload(tx, request.id, {**request.payload, "ended": "lapsed"}, env.clock.now())
        await act_in_tx(tx, env, request_id=request.id, action=GhAction.EXPIRE, actor=None, actor_name=None)
    return False


# --- the operator's day -------------------------------------------------------------------------------------


async def operator_day(env: Env, user_id: int) -> list[HouseDay] | None:
    """Arrivals and departures today (office zone) at the user's houses; None if they operate none."""
    grants = await Roles(env.db).grants(user_id)
    scopes = {g.scope for g in grants if g.role == Role.GUESTHOUSE_OPERATOR}
    if not scopes:
        return None
    repo = Guesthouses(env.db)
    mine = [h for h in await repo.active() if "" in scopes or h.key in scopes]
    today = office_today(env)
    stays = (GhStatus.BOOKED, GhStatus.DONE)
    found = []
    for house in mine:
        found.append(
            HouseDay(
                house,
                today,
                await repo.bookings_on([house.key], "check_in", today, stays),
                await repo.bookings_on([house.key], "check_out", today, stays),
            )
        )
    return found


# --- helpers ------------------------------------------------------------------------------------------------


async def request_of(env: Env, request_id: int) -> Request | None:
    """A booking request by id (for the staff's messages)."""
    request = await Requests(env.db).get(request_id)
    return request if request is not None and request.service == SERVICE else None


async def _must_get(tx: Tx, request_id: int) -> Request:
    request = await Requests(tx).get(request_id)
    if request is None or request.service != SERVICE:
        raise RequestNotFound(request_id)
    return request


async def _house(tx: Tx, key: str) -> House:
    house = await Guesthouses(tx).get(key)
    if house is None:
        raise LookupError(key)
    return house


def jalali_arg(day: dt.date) -> str:
    """A day as the date picker's ``YYYYMMDD`` Jalali argument."""
    return format_jalali_date(day).replace("/", "")


def jalali_month(day: dt.date) -> tuple[int, int]:
    """The Jalali (year, month) of a day."""
    j = to_jalali(day)
    return int(j.year), int(j.month)


SPEC = ServiceSpec(
    key=SERVICE,
    title=guesthouse_text.TITLE,
    workflow=WORKFLOW,
    describe=guesthouse_text.describe,
    status_labels=guesthouse_text.STATUS_LABELS,
    action_labels=guesthouse_text.ACTION_LABELS,
    on_transition=on_transition,
    owner_notice=guesthouse_text.owner_notice,
    timers={HOLD_TIMER: hold_lapsed, HOLD_WARNING: hold_still_open, START_TIMER: stay_begins},
    config={"guesthouses": load_guesthouses},
    documents={VOUCHER: renderer(VoucherData, render_guesthouse_voucher)},
    deadlines={GhStatus.SUBMITTED: 2, GhStatus.PAID: 1},
)
