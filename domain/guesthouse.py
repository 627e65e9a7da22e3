"""Guesthouse and pilgrim-house booking rules: stays, availability, fairness, fees, holds, reminders.

Pure: no telegram, no database, no clock. Days are Gregorian ``datetime.date`` values (shown in Jalali
elsewhere); moments are aware datetimes; money is integer rials.

A stay starts on a check-in day D at the check-in time and ends on D + nights at the check-out time; it
occupies the nights D .. D + nights - 1 of one room. A check-in day is open to an employee when:

- it is after today and at most ``horizon_days`` ahead;
- none of its nights is a closed date of the guesthouse;
- fairness allows it: the employee has fewer than ``stays_per_year`` live stays of the guesthouse's kind in
  that day's Jalali year, and, when ``first_timers_days`` is set, a day more than that many days ahead is
  for first-timers only (employees who never had a booked stay of that kind); later days are open to all;
- a room with room for the guests is free for every night of the stay.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from domain.buttons import ID, Button
from domain.calendar import OfficeCalendar
from domain.jalali import to_gregorian, to_jalali
from domain.text import normalize_digits, normalize_text
from domain.validators import MAX_INPUT_LENGTH, InvalidCode, InvalidInput, parse_jalali_date
from domain.workflow import OWNER, SYSTEM, Role, Transition, Workflow

SERVICE = "guesthouse"
#: The callback feature of the guesthouse's own handlers (``gh:...``).
FEATURE = "gh"
#: The employee's button on a hold notice: send the payment receipt.
PAY = Button(FEATURE, "pay", ID)
#: The employee picks one of the clerk's proposed days (``<request id>-<index>``).
PICK = Button(FEATURE, "pick", r"\d{1,12}-\d")

#: When the reminders go out (office time): the evening before check-in, the morning of check-in, and the
#: morning of check-out (each moved earlier if the configured check-in/out time comes sooner).
EVE_AT = dt.time(18, 0)
MORNING_AT = dt.time(9, 0)
CHECKOUT_REMINDER_AT = dt.time(8, 0)
#: A morning reminder comes at least this long before the moment it announces.
REMINDER_LEAD = dt.timedelta(hours=1)

MAX_PROPOSALS = 3
MAX_PAYMENT_REF = 30
MIN_PAYMENT_REF = 4
_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
_CLOCK = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")
# Separators people type inside a long number: spaces, dashes, slashes, dots, commas, ZWNJ.
_REF_SEPARATORS = re.compile("[\\s\\-_/.,\u060c\u066c\u200c]")


class Kind(StrEnum):
    """The two kinds of house; fairness counts stays per kind."""

    PILGRIM = "pilgrim"
    OFFICIAL = "official"


class GhStatus(StrEnum):
    """Statuses of a booking request."""

    SUBMITTED = "submitted"
    PROPOSED = "proposed"
    HELD = "held"
    PAID = "paid"
    BOOKED = "booked"
    DONE = "done"
    CANCELLED = "cancelled"
    REJECTED = "rejected"
    EXPIRED = "expired"


class GhAction(StrEnum):
    """Actions on a booking request."""

    CONFIRM = "confirm"
    PROPOSE = "propose"
    PICK = "pick"
    PAY = "pay"
    VERIFY = "verify"
    REJECT = "reject"
    CANCEL = "cancel"
    EXPIRE = "expire"
    COMPLETE = "complete"


#: Requests that count towards the yearly limit (anything not withdrawn, refused or lapsed).
LIVE = frozenset(
    {GhStatus.SUBMITTED, GhStatus.PROPOSED, GhStatus.HELD, GhStatus.PAID, GhStatus.BOOKED, GhStatus.DONE}
)
#: Requests that make the employee no longer a first-timer.
STAYED = frozenset({GhStatus.BOOKED, GhStatus.DONE})
#: Requests whose room nights are held.
HOLDING = frozenset({GhStatus.HELD, GhStatus.PAID, GhStatus.BOOKED, GhStatus.DONE})
#: Requests the owner may still withdraw (before check-in; the service checks the moment).
CANCELLABLE = frozenset(
    {GhStatus.SUBMITTED, GhStatus.PROPOSED, GhStatus.HELD, GhStatus.PAID, GhStatus.BOOKED}
)


def workflow(*, reviewer: Role = Role.CLERK) -> Workflow:
    """The booking's state machine.

    submitted --confirm--> held (a room is held) --pay (receipt)--> paid --verify--> booked --complete--> done
    submitted --propose (dates)--> proposed --pick (owner)--> held
    reject (reason) from submitted/proposed/held/paid; cancel (owner) until booked, before check-in;
    expire (timer): an unpaid hold, or a request still open when its check-in comes.
    """
    s = GhStatus
    return Workflow(
        service=SERVICE,
        initial=s.SUBMITTED,
        transitions=(
            Transition(GhAction.CONFIRM, frozenset({s.SUBMITTED}), s.HELD, reviewer),
            Transition(GhAction.PROPOSE, frozenset({s.SUBMITTED}), s.PROPOSED, reviewer, handled_by=FEATURE),
            Transition(GhAction.VERIFY, frozenset({s.PAID}), s.BOOKED, reviewer),
            Transition(
                GhAction.REJECT,
                frozenset({s.SUBMITTED, s.PROPOSED, s.HELD, s.PAID}),
                s.REJECTED,
                reviewer,
                needs_reason=True,
            ),
            Transition(GhAction.PICK, frozenset({s.PROPOSED}), s.HELD, OWNER),
            Transition(GhAction.PAY, frozenset({s.HELD}), s.PAID, OWNER),
            Transition(GhAction.CANCEL, CANCELLABLE, s.CANCELLED, OWNER),
            Transition(GhAction.EXPIRE, frozenset({s.SUBMITTED, s.PROPOSED, s.HELD}), s.EXPIRED, SYSTEM),
            Transition(GhAction.COMPLETE, frozenset({s.BOOKED}), s.DONE, SYSTEM),
        ),
        final=frozenset({s.DONE, s.CANCELLED, s.REJECTED, s.EXPIRED}),
    )


class Refusal(StrEnum):
    """Why a check-in day cannot be booked (each has one message in the catalog)."""

    PAST = "past"
    HORIZON = "horizon"
    CLOSED = "closed"
    YEARLY_LIMIT = "yearly_limit"
    FIRST_TIMERS = "first_timers"
    TOO_MANY_GUESTS = "too_many_guests"
    FULL = "full"


@dataclass(frozen=True)
class Room:
    """One room of a house."""

    id: int
    label: str
    capacity: int


@dataclass(frozen=True)
class Policy:
    """A house's stay length, times, booking window, hold time and fairness."""

    nights: int = 3
    check_in: dt.time = dt.time(14, 0)
    check_out: dt.time = dt.time(10, 0)
    horizon_days: int = 60
    hold_hours: int = 48
    #: Live stays allowed per employee, kind and Jalali year (0: no limit).
    stays_per_year: int = 1
    #: Check-in days more than this many days ahead are for first-timers only (0: no priority).
    first_timers_days: int = 0


@dataclass(frozen=True)
class House:
    """A guesthouse or pilgrim house as the office configured it."""

    key: str
    name: str
    city: str
    kind: Kind
    rooms: tuple[Room, ...]
    #: Price per night by number of guests (rials).
    prices: Mapping[int, int]
    account: str
    policy: Policy = field(default_factory=Policy)
    closed: frozenset[dt.date] = frozenset()
    operator_id: int | None = None


@dataclass(frozen=True)
class Stay:
    """One of the employee's booking requests, as fairness sees it."""

    request_id: int
    status: str
    kind: str
    check_in: dt.date


# --- stay dates and moments -------------------------------------------------------------------------------


def stay_nights(check_in: dt.date, nights: int) -> list[dt.date]:
    """The nights a stay occupies: the check-in day and the following ones, ``nights`` in all."""
    return [check_in + dt.timedelta(days=i) for i in range(nights)]


def check_out_day(check_in: dt.date, nights: int) -> dt.date:
    """The day the guests leave."""
    return check_in + dt.timedelta(days=nights)


def local_moment(day: dt.date, at: dt.time, zone: dt.tzinfo) -> dt.datetime:
    """``day`` at ``at`` in the office's zone, as an aware UTC moment."""
    return dt.datetime.combine(day, at, tzinfo=zone).astimezone(dt.UTC)


def check_in_at(house: House, day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """The moment the room is the guests' (UTC)."""
    return local_moment(day, house.policy.check_in, zone)


def check_out_at(house: House, day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """The moment the room must be handed back, for a stay checking in on ``day`` (UTC)."""
    return local_moment(check_out_day(day, house.policy.nights), house.policy.check_out, zone)


def jalali_year(day: dt.date) -> int:
    """The Jalali year a day falls in."""
    return int(to_jalali(day).year)


def first_check_in(today: dt.date) -> dt.date:
    """The earliest check-in day: tomorrow (a request needs a clerk and a payment first)."""
    return today + dt.timedelta(days=1)


def last_check_in(house: House, today: dt.date) -> dt.date:
    """The latest check-in day the booking horizon allows."""
    return today + dt.timedelta(days=house.policy.horizon_days)


def hold_until(
    house: House,
    confirmed_at: dt.datetime,
    day: dt.date,
    zone: dt.tzinfo,
    calendar: OfficeCalendar | None = None,
) -> dt.datetime:
    """When an unpaid hold lapses: after the hold time, but never after the check-in moment.

    With the office's ``calendar`` the hold time counts working days only (a holiday adds its day).
    """
    span = dt.timedelta(hours=house.policy.hold_hours)
    end = calendar.add_working_time(confirmed_at, span, zone) if calendar else confirmed_at + span
    return min(end, check_in_at(house, day, zone))


def reminder_moments(house: House, day: dt.date, zone: dt.tzinfo) -> dict[str, dt.datetime]:
    """The three reminders of a booked stay (UTC): ``eve``, ``morning`` and ``checkout``."""
    arrive, leave = check_in_at(house, day, zone), check_out_at(house, day, zone)
    return {
        "eve": min(local_moment(day - dt.timedelta(days=1), EVE_AT, zone), arrive - REMINDER_LEAD),
        "morning": min(local_moment(day, MORNING_AT, zone), arrive - REMINDER_LEAD),
        "checkout": min(
            local_moment(check_out_day(day, house.policy.nights), CHECKOUT_REMINDER_AT, zone),
            leave - REMINDER_LEAD,
        ),
    }


# --- money ------------------------------------------------------------------------------------------------


def max_guests(house: House) -> int:
    """The most guests one room of the house takes."""
    return max((r.capacity for r in house.rooms), default=0)


def fee(house: House, guests: int) -> int:
    """What a stay costs: the nightly price for that many guests times the nights (ValueError if unpriced)."""
    if guests not in house.prices:
        raise ValueError(f"no price for {guests} guests at {house.key}")
    return house.prices[guests] * house.policy.nights


# --- availability and fairness ------------------------------------------------------------------------------


def free_rooms(house: House, day: dt.date, occupied: Set[tuple[int, dt.date]], guests: int = 1) -> list[Room]:
    """Rooms taking ``guests`` that are free every night of a stay from ``day``; smallest room first."""
    nights = stay_nights(day, house.policy.nights)
    fitting = [
        r for r in house.rooms if r.capacity >= guests and not any((r.id, n) in occupied for n in nights)
    ]
    return sorted(fitting, key=lambda r: (r.capacity, r.id))


def is_first_timer(kind: str, history: Iterable[Stay], *, exclude: int | None = None) -> bool:
    """Whether the employee never had a booked stay of this kind."""
    return not any(s.kind == kind and s.status in STAYED and s.request_id != exclude for s in history)


def stays_in_year(kind: str, year: int, history: Iterable[Stay], *, exclude: int | None = None) -> int:
    """The employee's live stays of this kind checking in during the Jalali ``year``."""
    return sum(
        1
        for s in history
        if s.kind == kind and s.status in LIVE and s.request_id != exclude and jalali_year(s.check_in) == year
    )


def refusal(
    house: House,
    day: dt.date,
    *,
    today: dt.date,
    occupied: Set[tuple[int, dt.date]],
    history: Iterable[Stay],
    guests: int = 1,
    exclude: int | None = None,
) -> Refusal | None:
    """Why this employee cannot check in on ``day`` (None: they can). ``exclude``: the request being moved."""
    policy = house.policy
    if day < first_check_in(today):
        return Refusal.PAST
    if day > last_check_in(house, today):
        return Refusal.HORIZON
    if any(n in house.closed for n in stay_nights(day, policy.nights)):
        return Refusal.CLOSED
    stays = list(history)
    if policy.stays_per_year and (
        stays_in_year(house.kind, jalali_year(day), stays, exclude=exclude) >= policy.stays_per_year
    ):
        return Refusal.YEARLY_LIMIT
    if (
        policy.first_timers_days
        and (day - today).days > policy.first_timers_days
        and not is_first_timer(house.kind, stays, exclude=exclude)
    ):
        return Refusal.FIRST_TIMERS
    if guests > max_guests(house) or guests < 1:
        return Refusal.TOO_MANY_GUESTS
    if not free_rooms(house, day, occupied, guests):
        return Refusal.FULL
    return None


def open_days(
    house: House,
    *,
    today: dt.date,
    occupied: Set[tuple[int, dt.date]],
    history: Iterable[Stay],
    guests: int = 1,
    exclude: int | None = None,
) -> list[dt.date]:
    """Every check-in day this employee could book now, soonest first."""
    stays = list(history)
    day, last = first_check_in(today), last_check_in(house, today)
    found = []
    while day <= last:
        if (
            refusal(house, day, today=today, occupied=occupied, history=stays, guests=guests, exclude=exclude)
            is None
        ):
            found.append(day)
        day += dt.timedelta(days=1)
    return found


def room_limit(house: House, day: dt.date, occupied: Set[tuple[int, dt.date]]) -> int:
    """The most guests a room free for the whole stay from ``day`` takes (0: none is free)."""
    return max((r.capacity for r in free_rooms(house, day, occupied)), default=0)


# --- configuration and input --------------------------------------------------------------------------------


def parse_key(value: object) -> str:
    """A house's key (its role scope): lower-case letters, digits, ``_`` and ``-``."""
    if not isinstance(value, str) or not _KEY.match(value):
        raise ValueError(f"key must be lower-case letters, digits, _ or - (got {value!r})")
    return value


def parse_clock(value: object) -> dt.time:
    """``"14:00"`` as a time of day."""
    if isinstance(value, dt.time):
        return value
    match = _CLOCK.match(normalize_digits(str(value)).strip())
    if match is None:
        raise ValueError(f"time must be HH:MM (got {value!r})")
    return dt.time(int(match[1]), int(match[2]))


def parse_day(value: object) -> dt.date:
    """A configured date: a TOML date, ISO ``2025-03-21`` or Jalali ``1404/01/01``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return to_gregorian(parse_jalali_date(str(value)))
    except InvalidInput:
        raise ValueError(f"not a date: {value!r}") from None


def parse_closed(items: Iterable[object]) -> frozenset[dt.date]:
    """Closed dates: single days, or ``first..last`` ranges (both ends included)."""
    days: set[dt.date] = set()
    for item in items:
        if isinstance(item, str) and ".." in item:
            first, last = (parse_day(part.strip()) for part in item.split("..", 1))
            if last < first:
                raise ValueError(f"range ends before it starts: {item!r}")
            days.update(first + dt.timedelta(days=i) for i in range((last - first).days + 1))
        else:
            days.add(parse_day(item))
    return frozenset(days)


def parse_prices(table: Mapping[str, Any], rooms: Iterable[Room]) -> dict[int, int]:
    """Nightly prices by number of guests; every count from 1 to the largest room must be priced."""
    prices: dict[int, int] = {}
    for count, price in table.items():
        if not str(count).isdigit() or int(count) < 1:
            raise ValueError(f"price key must be a number of guests (got {count!r})")
        if not isinstance(price, int) or isinstance(price, bool) or price < 0:
            raise ValueError(f"price must be whole rials (got {price!r})")
        prices[int(count)] = price
    largest = max((r.capacity for r in rooms), default=0)
    missing = [n for n in range(1, largest + 1) if n not in prices]
    if missing:
        raise ValueError(f"no price for {', '.join(map(str, missing))} guest(s)")
    return prices


class PaymentRefTooShort(ValueError):
    """A payment tracking number with too few digits to be one."""


def parse_payment_ref(text: str) -> str:
    """The payment's tracking number as typed: digits only (Persian or Latin), separators dropped.

    Raises :class:`domain.validators.InvalidInput` (empty, too long, not digits) or
    :class:`PaymentRefTooShort`.
    """
    if len(text) > MAX_INPUT_LENGTH:
        raise InvalidInput(InvalidCode.TOO_LONG)
    cleaned = normalize_text(text)
    if not cleaned:
        raise InvalidInput(InvalidCode.EMPTY)
    digits = _REF_SEPARATORS.sub("", cleaned)
    if not re.fullmatch(r"[0-9]+", digits, re.ASCII):
        raise InvalidInput(InvalidCode.NOT_DIGITS)
    if len(digits) > MAX_PAYMENT_REF:
        raise InvalidInput(InvalidCode.TOO_LONG)
    if len(digits) < MIN_PAYMENT_REF:
        raise PaymentRefTooShort(digits)
    return digits
