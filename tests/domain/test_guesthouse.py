"""Guesthouse rules as tables: stay dates and moments, availability, fairness, fees, holds, reminders, workflow."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import jdatetime
import pytest

from domain import guesthouse as gh
from domain.guesthouse import GhAction, GhStatus, House, Kind, Policy, Refusal, Room, Stay
from domain.jalali import to_gregorian
from domain.validators import InvalidInput
from domain.workflow import Grant, IllegalTransition, NotPermitted, ReasonRequired, Role

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
TODAY = dt.date(2025, 8, 1)  # 1404/05/10


def j(y: int, m: int, d: int) -> dt.date:
    """A Jalali day as a Gregorian date."""
    return to_gregorian(jdatetime.date(y, m, d))


def house(
    *rooms: tuple[int, int],
    kind: Kind = Kind.PILGRIM,
    closed: frozenset[dt.date] = frozenset(),
    **policy: object,
) -> House:
    """A house with rooms given as (id, capacity)."""
    made = tuple(Room(i, f"R{i}", c) for i, c in (rooms or ((1, 4),)))
    return House(
        key="mashhad",
        name="M",
        city="C",
        kind=kind,
        rooms=made,
        prices={1: 100, 2: 180, 3: 250, 4: 300, 5: 340},
        account="IR...",
        policy=Policy(**policy),  # type: ignore[arg-type]
        closed=closed,
    )


def days(first: dt.date, count: int) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range(count)]


# --- stay dates and moments ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("check_in", "nights", "expected_nights", "check_out"),
    [
        (dt.date(2025, 8, 5), 3, days(dt.date(2025, 8, 5), 3), dt.date(2025, 8, 8)),
        (dt.date(2025, 8, 5), 1, [dt.date(2025, 8, 5)], dt.date(2025, 8, 6)),
        # across the Jalali new year (1403/12/30 was a leap-year Esfand 30)
        (j(1403, 12, 29), 3, [j(1403, 12, 29), j(1403, 12, 30), j(1404, 1, 1)], j(1404, 1, 2)),
        # across a Gregorian month end
        (dt.date(2025, 8, 30), 3, days(dt.date(2025, 8, 30), 3), dt.date(2025, 9, 2)),
    ],
)
def test_stay_nights_and_check_out_day(
    check_in: dt.date, nights: int, expected_nights: list[dt.date], check_out: dt.date
) -> None:
    assert gh.stay_nights(check_in, nights) == expected_nights
    assert gh.check_out_day(check_in, nights) == check_out


@pytest.mark.parametrize(
    ("policy", "day", "arrive_utc", "leave_utc"),
    [
        # Tehran is UTC+03:30 all year (no daylight saving since 2022)
        ({}, dt.date(2025, 8, 5), dt.datetime(2025, 8, 5, 10, 30), dt.datetime(2025, 8, 8, 6, 30)),
        ({}, dt.date(2026, 1, 5), dt.datetime(2026, 1, 5, 10, 30), dt.datetime(2026, 1, 8, 6, 30)),
        (
            {"nights": 2, "check_in": dt.time(12), "check_out": dt.time(9, 30)},
            dt.date(2025, 8, 5),
            dt.datetime(2025, 8, 5, 8, 30),
            dt.datetime(2025, 8, 7, 6, 0),
        ),
        # a check-in before 03:30 Tehran is the previous day in UTC
        (
            {"check_in": dt.time(2)},
            dt.date(2025, 8, 5),
            dt.datetime(2025, 8, 4, 22, 30),
            dt.datetime(2025, 8, 8, 6, 30),
        ),
    ],
)
def test_check_in_and_out_moments_in_the_office_zone(
    policy: dict[str, Any], day: dt.date, arrive_utc: dt.datetime, leave_utc: dt.datetime
) -> None:
    h = house(**policy)
    assert gh.check_in_at(h, day, TEHRAN) == arrive_utc.replace(tzinfo=dt.UTC)
    assert gh.check_out_at(h, day, TEHRAN) == leave_utc.replace(tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (j(1403, 12, 30), 1403),
        (j(1404, 1, 1), 1404),
        (dt.date(2025, 3, 20), 1403),
        (dt.date(2025, 3, 21), 1404),
    ],
)
def test_jalali_year_turns_at_nowruz(day: dt.date, year: int) -> None:
    assert gh.jalali_year(day) == year


# --- availability -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rooms", "occupied", "guests", "expected"),
    [
        ([(1, 4)], set(), 1, [1]),
        (
            [(1, 4)],
            {(1, dt.date(2025, 8, 6))},
            1,
            [],
        ),  # the middle night is taken: not free for the whole stay
        ([(1, 4)], {(1, dt.date(2025, 8, 4))}, 1, [1]),  # the night before the stay does not matter
        (
            [(1, 4)],
            {(1, dt.date(2025, 8, 8))},
            1,
            [1],
        ),  # nor the check-out night (the room is freed at 10:00)
        ([(1, 4)], set(), 5, []),  # too many guests for the room
        ([(1, 4), (2, 2)], set(), 2, [2, 1]),  # smallest fitting room first
        ([(1, 4), (2, 2)], set(), 3, [1]),
        ([(1, 4), (2, 2)], {(2, dt.date(2025, 8, 7))}, 1, [1]),
        ([(3, 2), (2, 2)], set(), 1, [2, 3]),  # same capacity: lower id first
    ],
)
def test_free_rooms_for_the_whole_stay(
    rooms: list[tuple[int, int]], occupied: set[tuple[int, dt.date]], guests: int, expected: list[int]
) -> None:
    assert [r.id for r in gh.free_rooms(house(*rooms), dt.date(2025, 8, 5), occupied, guests)] == expected


def _refusal(h: House, day: dt.date, **kw: object) -> Refusal | None:
    args: dict[str, object] = {"today": TODAY, "occupied": set(), "history": [], "guests": 1, **kw}
    return gh.refusal(h, day, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (TODAY - dt.timedelta(days=1), Refusal.PAST),
        (TODAY, Refusal.PAST),  # the earliest check-in is tomorrow
        (TODAY + dt.timedelta(days=1), None),
        (TODAY + dt.timedelta(days=60), None),  # the horizon's last day
        (TODAY + dt.timedelta(days=61), Refusal.HORIZON),
        (TODAY + dt.timedelta(days=400), Refusal.HORIZON),
    ],
)
def test_past_and_horizon(day: dt.date, expected: Refusal | None) -> None:
    assert _refusal(house(), day) == expected


@pytest.mark.parametrize(
    ("closed", "day", "expected"),
    [
        ({dt.date(2025, 8, 10)}, dt.date(2025, 8, 10), Refusal.CLOSED),  # check-in night
        ({dt.date(2025, 8, 10)}, dt.date(2025, 8, 8), Refusal.CLOSED),  # last night of the stay
        ({dt.date(2025, 8, 10)}, dt.date(2025, 8, 7), None),  # the closed day is the check-out day
        ({dt.date(2025, 8, 10)}, dt.date(2025, 8, 11), None),
    ],
)
def test_closed_days_block_every_stay_that_would_sleep_there(
    closed: set[dt.date], day: dt.date, expected: Refusal | None
) -> None:
    assert _refusal(house(closed=frozenset(closed)), day) == expected


@pytest.mark.parametrize(
    ("rooms", "occupied", "guests", "expected"),
    [
        ([(1, 4)], {(1, dt.date(2025, 8, 12))}, 1, Refusal.FULL),
        ([(1, 4), (2, 4)], {(1, dt.date(2025, 8, 12))}, 1, None),
        ([(1, 4), (2, 2)], {(1, dt.date(2025, 8, 12))}, 3, Refusal.FULL),  # only the small room is left
        ([(1, 4)], set(), 5, Refusal.TOO_MANY_GUESTS),
        ([(1, 4)], set(), 0, Refusal.TOO_MANY_GUESTS),
    ],
)
def test_full_and_capacity(
    rooms: list[tuple[int, int]], occupied: set[tuple[int, dt.date]], guests: int, expected: Refusal | None
) -> None:
    assert _refusal(house(*rooms), dt.date(2025, 8, 11), occupied=occupied, guests=guests) == expected


def test_refusals_come_in_a_fixed_order() -> None:
    """Past before closed before fairness before room: the message names the first reason."""
    h = house(closed=frozenset({TODAY}))
    assert _refusal(h, TODAY) == Refusal.PAST
    h = house(closed=frozenset({dt.date(2025, 8, 5)}))
    booked = [Stay(9, GhStatus.BOOKED, Kind.PILGRIM, dt.date(2025, 9, 1))]
    assert _refusal(h, dt.date(2025, 8, 5), history=booked) == Refusal.CLOSED
    assert (
        _refusal(h, dt.date(2025, 8, 20), history=booked, occupied={(1, dt.date(2025, 8, 20))})
        == Refusal.YEARLY_LIMIT
    )


# --- fairness -----------------------------------------------------------------------------------------------


def stay(status: str, check_in: dt.date, kind: Kind = Kind.PILGRIM, request_id: int = 9) -> Stay:
    return Stay(request_id, status, kind, check_in)


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ([], None),
        ([stay(GhStatus.BOOKED, j(1404, 3, 1))], Refusal.YEARLY_LIMIT),
        ([stay(GhStatus.DONE, j(1404, 1, 5))], Refusal.YEARLY_LIMIT),
        ([stay(GhStatus.SUBMITTED, j(1404, 11, 1))], Refusal.YEARLY_LIMIT),  # an open request counts too
        ([stay(GhStatus.PROPOSED, j(1404, 11, 1))], Refusal.YEARLY_LIMIT),
        ([stay(GhStatus.HELD, j(1404, 11, 1))], Refusal.YEARLY_LIMIT),
        ([stay(GhStatus.PAID, j(1404, 11, 1))], Refusal.YEARLY_LIMIT),
        ([stay(GhStatus.CANCELLED, j(1404, 3, 1))], None),
        ([stay(GhStatus.REJECTED, j(1404, 3, 1))], None),
        ([stay(GhStatus.EXPIRED, j(1404, 3, 1))], None),
        ([stay(GhStatus.BOOKED, j(1403, 12, 29))], None),  # last Jalali year
        ([stay(GhStatus.BOOKED, j(1405, 1, 1))], None),  # next Jalali year
        ([stay(GhStatus.BOOKED, j(1404, 3, 1), kind=Kind.OFFICIAL)], None),  # the other kind
        ([stay(GhStatus.BOOKED, j(1404, 3, 1), request_id=77)], None),  # the request being moved itself
    ],
)
def test_one_stay_per_kind_and_jalali_year(history: list[Stay], expected: Refusal | None) -> None:
    assert _refusal(house(), dt.date(2025, 8, 11), history=history, exclude=77) == expected


@pytest.mark.parametrize(
    ("per_year", "history", "expected"),
    [
        (0, [stay(GhStatus.BOOKED, j(1404, 3, 1))] * 5, None),  # no limit
        (2, [stay(GhStatus.BOOKED, j(1404, 3, 1))], None),
        (
            2,
            [stay(GhStatus.BOOKED, j(1404, 3, 1)), stay(GhStatus.HELD, j(1404, 4, 1), request_id=8)],
            Refusal.YEARLY_LIMIT,
        ),
    ],
)
def test_yearly_limit_is_configurable(per_year: int, history: list[Stay], expected: Refusal | None) -> None:
    assert _refusal(house(stays_per_year=per_year), dt.date(2025, 8, 11), history=history) == expected


@pytest.mark.parametrize(
    ("ahead", "history", "expected"),
    [
        (31, [], None),  # a first-timer books anywhere
        (
            31,
            [stay(GhStatus.DONE, j(1402, 3, 1))],
            Refusal.FIRST_TIMERS,
        ),  # stayed before: not yet that far ahead
        (30, [stay(GhStatus.DONE, j(1402, 3, 1))], None),  # within the last 30 days: open to everyone
        (1, [stay(GhStatus.DONE, j(1402, 3, 1))], None),
        (31, [stay(GhStatus.BOOKED, j(1402, 3, 1))], Refusal.FIRST_TIMERS),
        (31, [stay(GhStatus.CANCELLED, j(1402, 3, 1))], None),  # a cancelled stay is not a stay
        (31, [stay(GhStatus.EXPIRED, j(1402, 3, 1))], None),
        (31, [stay(GhStatus.DONE, j(1402, 3, 1), kind=Kind.OFFICIAL)], None),  # per kind
    ],
)
def test_first_timers_window(ahead: int, history: list[Stay], expected: Refusal | None) -> None:
    h = house(first_timers_days=30, stays_per_year=0)
    assert _refusal(h, TODAY + dt.timedelta(days=ahead), history=history) == expected


def test_no_first_timer_priority_by_default() -> None:
    h = house(stays_per_year=0)
    assert _refusal(h, TODAY + dt.timedelta(days=59), history=[stay(GhStatus.DONE, j(1402, 3, 1))]) is None


def test_open_days_lists_exactly_the_days_without_a_refusal() -> None:
    h = house((1, 2), closed=frozenset({TODAY + dt.timedelta(days=5)}), horizon_days=10)
    occupied = {(1, TODAY + dt.timedelta(days=9))}
    found = gh.open_days(h, today=TODAY, occupied=occupied, history=[])
    # stays from days 3..5 sleep on the closed day 5, from days 7..9 on the occupied night 9
    assert [(d - TODAY).days for d in found] == [1, 2, 6, 10]
    assert gh.open_days(h, today=TODAY, occupied=occupied, history=[], guests=3) == []


@pytest.mark.parametrize(
    ("rooms", "occupied", "expected"),
    [
        ([(1, 4), (2, 2)], set(), 4),
        ([(1, 4), (2, 2)], {(1, dt.date(2025, 8, 6))}, 2),
        ([(1, 4)], {(1, dt.date(2025, 8, 6))}, 0),
    ],
)
def test_room_limit_is_the_largest_free_room(
    rooms: list[tuple[int, int]], occupied: set[tuple[int, dt.date]], expected: int
) -> None:
    assert gh.room_limit(house(*rooms), dt.date(2025, 8, 5), occupied) == expected


# --- money, hold, reminders ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("guests", "nights", "expected"), [(1, 3, 300), (2, 3, 540), (4, 1, 300), (5, 2, 680)]
)
def test_fee_is_the_nightly_price_for_the_guests_times_the_nights(
    guests: int, nights: int, expected: int
) -> None:
    assert gh.fee(house(nights=nights), guests) == expected


def test_fee_without_a_price_is_an_error() -> None:
    with pytest.raises(ValueError, match="no price"):
        gh.fee(house(), 6)


@pytest.mark.parametrize(
    ("confirmed_at", "hours", "day", "expected"),
    [
        # 48 hours later
        (dt.datetime(2025, 8, 1, 7, 0), 48, dt.date(2025, 8, 10), dt.datetime(2025, 8, 3, 7, 0)),
        # never after the check-in moment (14:00 Tehran = 10:30 UTC)
        (dt.datetime(2025, 8, 1, 7, 0), 48, dt.date(2025, 8, 2), dt.datetime(2025, 8, 2, 10, 30)),
        (dt.datetime(2025, 8, 1, 7, 0), 6, dt.date(2025, 8, 2), dt.datetime(2025, 8, 1, 13, 0)),
    ],
)
def test_hold_expiry_moment(
    confirmed_at: dt.datetime, hours: int, day: dt.date, expected: dt.datetime
) -> None:
    h = house(hold_hours=hours)
    assert gh.hold_until(h, confirmed_at.replace(tzinfo=dt.UTC), day, TEHRAN) == expected.replace(
        tzinfo=dt.UTC
    )


@pytest.mark.parametrize(
    ("policy", "eve", "morning", "checkout"),
    [
        # 18:00 the day before, 09:00 on the day, 08:00 on check-out day (Tehran = UTC+03:30)
        (
            {},
            dt.datetime(2025, 8, 9, 14, 30),
            dt.datetime(2025, 8, 10, 5, 30),
            dt.datetime(2025, 8, 13, 4, 30),
        ),
        # an early check-in pulls the morning reminder an hour before it; an early check-out likewise
        (
            {"check_in": dt.time(8), "check_out": dt.time(7), "nights": 1},
            dt.datetime(2025, 8, 9, 14, 30),
            dt.datetime(2025, 8, 10, 3, 30),
            dt.datetime(2025, 8, 11, 2, 30),
        ),
        # a check-in just after midnight pulls the "morning" reminder to the evening before, an hour ahead
        (
            {"check_in": dt.time(0, 30)},
            dt.datetime(2025, 8, 9, 14, 30),
            dt.datetime(2025, 8, 9, 20, 0),
            dt.datetime(2025, 8, 13, 4, 30),
        ),
    ],
)
def test_reminder_moments(
    policy: dict[str, Any], eve: dt.datetime, morning: dt.datetime, checkout: dt.datetime
) -> None:
    moments = gh.reminder_moments(house(**policy), dt.date(2025, 8, 10), TEHRAN)
    assert moments == {
        "eve": eve.replace(tzinfo=dt.UTC),
        "morning": morning.replace(tzinfo=dt.UTC),
        "checkout": checkout.replace(tzinfo=dt.UTC),
    }


# --- configuration and input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("14:00", dt.time(14)), ("9:30", dt.time(9, 30)), ("۱۴:۰۰", dt.time(14)), (" 10:00 ", dt.time(10))],
)
def test_parse_clock(text: str, expected: dt.time) -> None:
    assert gh.parse_clock(text) == expected


@pytest.mark.parametrize("text", ["24:00", "14", "14:60", "2pm", ""])
def test_parse_clock_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        gh.parse_clock(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1404/01/01", dt.date(2025, 3, 21)),
        ("۱۴۰۴/۰۱/۰۱", dt.date(2025, 3, 21)),
        ("2025-03-21", dt.date(2025, 3, 21)),
        (dt.date(2025, 3, 21), dt.date(2025, 3, 21)),
        (dt.datetime(2025, 3, 21, 10, 0), dt.date(2025, 3, 21)),
    ],
)
def test_parse_day_jalali_or_iso(value: object, expected: dt.date) -> None:
    assert gh.parse_day(value) == expected


@pytest.mark.parametrize("value", ["1404/13/01", "1404/12/31", "tomorrow", "2025-02-30"])
def test_parse_day_refuses(value: str) -> None:
    with pytest.raises(ValueError, match="not a date"):
        gh.parse_day(value)


def test_parse_closed_days_and_ranges() -> None:
    found = gh.parse_closed(["1403/12/29..1404/01/02", "2025-04-01", dt.date(2025, 4, 2)])
    assert sorted(found) == [
        dt.date(2025, 3, 19),
        dt.date(2025, 3, 20),
        dt.date(2025, 3, 21),
        dt.date(2025, 3, 22),
        dt.date(2025, 4, 1),
        dt.date(2025, 4, 2),
    ]
    with pytest.raises(ValueError, match="ends before"):
        gh.parse_closed(["1404/01/05..1404/01/01"])


def test_parse_prices_needs_every_guest_count_up_to_the_largest_room() -> None:
    rooms = [Room(1, "a", 3)]
    assert gh.parse_prices({"1": 10, "2": 20, "3": 30}, rooms) == {1: 10, 2: 20, 3: 30}
    with pytest.raises(ValueError, match="no price for 3"):
        gh.parse_prices({"1": 10, "2": 20}, rooms)
    with pytest.raises(ValueError, match="whole rials"):
        gh.parse_prices({"1": 10, "2": -1, "3": 30}, rooms)
    with pytest.raises(ValueError, match="whole rials"):
        gh.parse_prices({"1": 10, "2": 2.5, "3": 30}, rooms)
    with pytest.raises(ValueError, match="number of guests"):
        gh.parse_prices({"one": 10}, rooms)


@pytest.mark.parametrize(
    ("value", "ok"),
    [("mashhad", True), ("qom-2", True), ("Mashhad", False), ("", False), ("2x", False), (5, False)],
)
def test_parse_key(value: object, ok: bool) -> None:
    if ok:
        assert gh.parse_key(value) == value
    else:
        with pytest.raises(ValueError, match="key"):
            gh.parse_key(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("123456789", "123456789"),
        ("۱۲۳۴۵۶۷۸۹", "123456789"),
        ("١٢٣٤", "1234"),
        ("123-456 789", "123456789"),
        (" 12/34.56 ", "123456"),
    ],
)
def test_parse_payment_ref(text: str, expected: str) -> None:
    assert gh.parse_payment_ref(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("12ab34", "not_digits"),
        ("1" * 31, "too_long"),
        ("1" * 500, "too_long"),
    ],
)
def test_parse_payment_ref_refuses(text: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        gh.parse_payment_ref(text)
    assert refused.value.code == code


def test_a_payment_ref_needs_four_digits() -> None:
    with pytest.raises(gh.PaymentRefTooShort):
        gh.parse_payment_ref("123")


# --- workflow -----------------------------------------------------------------------------------------------

S, A = GhStatus, GhAction
WORKFLOW = gh.workflow()
EVERY_STATUS = list(GhStatus)
MOVES = {
    (S.SUBMITTED, A.CONFIRM): S.HELD,
    (S.SUBMITTED, A.PROPOSE): S.PROPOSED,
    (S.SUBMITTED, A.REJECT): S.REJECTED,
    (S.SUBMITTED, A.CANCEL): S.CANCELLED,
    (S.SUBMITTED, A.EXPIRE): S.EXPIRED,
    (S.PROPOSED, A.PICK): S.HELD,
    (S.PROPOSED, A.REJECT): S.REJECTED,
    (S.PROPOSED, A.CANCEL): S.CANCELLED,
    (S.PROPOSED, A.EXPIRE): S.EXPIRED,
    (S.HELD, A.PAY): S.PAID,
    (S.HELD, A.REJECT): S.REJECTED,
    (S.HELD, A.CANCEL): S.CANCELLED,
    (S.HELD, A.EXPIRE): S.EXPIRED,
    (S.PAID, A.VERIFY): S.BOOKED,
    (S.PAID, A.REJECT): S.REJECTED,
    (S.PAID, A.CANCEL): S.CANCELLED,
    (S.BOOKED, A.CANCEL): S.CANCELLED,
    (S.BOOKED, A.COMPLETE): S.DONE,
}


@pytest.mark.parametrize("status", EVERY_STATUS)
@pytest.mark.parametrize("action", list(GhAction))
def test_every_status_and_action(status: GhStatus, action: GhAction) -> None:
    expected = MOVES.get((status, action))
    if expected is None:
        with pytest.raises(IllegalTransition):
            WORKFLOW.find(status, action)
    else:
        assert WORKFLOW.find(status, action).target == expected


@pytest.mark.parametrize(
    ("status", "buttons"),
    [
        (S.SUBMITTED, ["confirm", "propose", "reject"]),
        (S.PROPOSED, ["reject"]),
        (S.HELD, ["reject"]),
        (S.PAID, ["verify", "reject"]),
        (S.BOOKED, []),
        (S.DONE, []),
        (S.EXPIRED, []),
    ],
)
def test_staff_buttons_never_show_timer_actions(status: GhStatus, buttons: list[str]) -> None:
    assert [tr.action for tr in WORKFLOW.staff_actions(status)] == buttons


def test_propose_is_taken_by_the_service_handler_and_final_statuses_are_final() -> None:
    assert WORKFLOW.find(S.SUBMITTED, A.PROPOSE).handled_by == "gh"
    assert WORKFLOW.final == {S.DONE, S.CANCELLED, S.REJECTED, S.EXPIRED}
    assert WORKFLOW.initial == S.SUBMITTED


@pytest.mark.parametrize(
    ("status", "action", "grants", "is_owner", "reason", "error"),
    [
        (S.SUBMITTED, A.CONFIRM, {Grant(Role.CLERK, "guesthouse")}, False, None, None),
        (S.SUBMITTED, A.CONFIRM, {Grant(Role.CLERK)}, False, None, None),  # an unscoped clerk
        (S.SUBMITTED, A.CONFIRM, {Grant(Role.CLERK, "loan")}, False, None, NotPermitted),
        (S.SUBMITTED, A.CONFIRM, set(), True, None, NotPermitted),  # the owner cannot confirm their own
        (S.SUBMITTED, A.REJECT, {Grant(Role.CLERK, "guesthouse")}, False, None, ReasonRequired),
        (S.SUBMITTED, A.REJECT, {Grant(Role.CLERK, "guesthouse")}, False, "full", None),
        (S.PROPOSED, A.PICK, set(), True, None, None),
        (S.PROPOSED, A.PICK, {Grant(Role.CLERK, "guesthouse")}, False, None, NotPermitted),
        (S.HELD, A.PAY, set(), True, None, None),
        (S.BOOKED, A.CANCEL, set(), True, None, None),
        (S.HELD, A.EXPIRE, {Grant(Role.ADMIN), Grant(Role.CLERK)}, True, None, NotPermitted),  # timers only
        (S.BOOKED, A.COMPLETE, {Grant(Role.CLERK)}, False, None, NotPermitted),
    ],
)
def test_who_may_take_each_action(
    status: GhStatus,
    action: GhAction,
    grants: set[Grant],
    is_owner: bool,
    reason: str | None,
    error: type[Exception] | None,
) -> None:
    if error is None:
        WORKFLOW.authorise(status, action, grants=grants, is_owner=is_owner, reason=reason)
    else:
        with pytest.raises(error):
            WORKFLOW.authorise(status, action, grants=grants, is_owner=is_owner, reason=reason)
