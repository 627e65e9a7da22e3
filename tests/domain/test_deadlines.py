"""Tests for domain.deadlines: due days, lateness and the office jobs' runs, across Nowruz and a lunar holiday.

Jalali days are converted with jdatetime here (see tests/domain/test_calendar.py for the holidays of 1405).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import jdatetime
import pytest

from domain.calendar import Move, OfficeCalendar
from domain.deadlines import (
    DeadlineError,
    DeadlinePolicy,
    Lateness,
    due_day,
    late_days,
    lateness,
    next_daily_run,
    next_weekly_run,
    policy_from_config,
    policy_to_config,
    week_start,
)

TEHRAN = ZoneInfo("Asia/Tehran")


def J(year: int, month: int, day: int) -> dt.date:
    """A Jalali date as a Gregorian date, by jdatetime."""
    gregorian: dt.date = jdatetime.date(year, month, day).togregorian()
    return gregorian


def at(jalali: tuple[int, int, int], hour: int, minute: int = 0) -> dt.datetime:
    """A moment in Tehran."""
    return dt.datetime.combine(J(*jalali), dt.time(hour, minute), tzinfo=TEHRAN)


DEFAULT = OfficeCalendar()
#: Closed on Farvardin 5 1405; Imam Ali's martyrdom moved from Esfand 10 to Esfand 9 1405.
OFFICE = OfficeCalendar(closures=frozenset({J(1405, 1, 5)}), moves=(Move(J(1405, 12, 10), J(1405, 12, 9)),))
POLICY = DeadlinePolicy(escalate_after=2)

# (entered, working days, due for DEFAULT, due for OFFICE)
DUE = [
    ((1405, 4, 6), 2, (1405, 4, 8), (1405, 4, 8)),  # Sat + 2 = Mon
    ((1405, 4, 1), 2, (1405, 4, 6), (1405, 4, 6)),  # Mon: Tue, then Tasua, Ashura, Friday, Sat
    ((1404, 12, 27), 3, (1405, 1, 6), (1405, 1, 8)),  # across Nowruz (and the office's closure)
    ((1405, 1, 1), 0, (1405, 1, 5), (1405, 1, 6)),  # filed on Nowruz, 0 days: the first working day
    ((1405, 12, 8), 1, (1405, 12, 9), (1405, 12, 10)),  # the moved lunar holiday
]


@pytest.mark.parametrize(("entered", "days", "default", "office"), DUE)
def test_due_day(
    entered: tuple[int, int, int], days: int, default: tuple[int, int, int], office: tuple[int, int, int]
) -> None:
    assert due_day(DEFAULT, J(*entered), days) == J(*default)
    assert due_day(OFFICE, J(*entered), days) == J(*office)


# (due, today, late working days for DEFAULT, for OFFICE)
LATE = [
    ((1405, 4, 8), (1405, 4, 7), 0, 0),  # before
    ((1405, 4, 8), (1405, 4, 8), 0, 0),  # on the due day: still on time
    ((1405, 4, 8), (1405, 4, 9), 1, 1),
    ((1405, 4, 8), (1405, 4, 10), 2, 2),
    ((1405, 4, 9), (1405, 4, 12), 2, 2),  # due Tuesday: Wednesday and Thursday; Friday is off
    ((1405, 4, 2), (1405, 4, 5), 0, 0),  # Tasua, Ashura and a Friday are not late days
    ((1405, 4, 2), (1405, 4, 6), 1, 1),
    ((1404, 12, 27), (1405, 1, 5), 2, 1),  # Esfand 28 and Farvardin 5 (office: closed)
    ((1405, 12, 8), (1405, 12, 9), 1, 0),  # the moved holiday is off where the office says
    ((1405, 12, 8), (1405, 12, 10), 1, 1),
]


@pytest.mark.parametrize(("due", "today", "default", "office"), LATE)
def test_late_days(due: tuple[int, int, int], today: tuple[int, int, int], default: int, office: int) -> None:
    assert late_days(DEFAULT, J(*due), J(*today)) == default
    assert late_days(OFFICE, J(*due), J(*today)) == office


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ((1405, 4, 8), Lateness.ON_TIME),
        ((1405, 4, 9), Lateness.LATE),  # one working day late: remind
        ((1405, 4, 10), Lateness.ESCALATED),  # two: the head is told
        ((1405, 4, 13), Lateness.ESCALATED),
    ],
)
def test_lateness(today: tuple[int, int, int], expected: Lateness) -> None:
    assert lateness(DEFAULT, J(1405, 4, 8), J(*today), POLICY) is expected


def test_a_threshold_of_one_escalates_with_the_first_reminder() -> None:
    assert (
        lateness(DEFAULT, J(1405, 4, 8), J(1405, 4, 9), DeadlinePolicy(escalate_after=1))
        is Lateness.ESCALATED
    )


# (moment, 09:00 run for DEFAULT, for OFFICE)
DAILY = [
    (((1405, 4, 6), 8, 59), ((1405, 4, 6), 9), ((1405, 4, 6), 9)),  # a working day, before the hour
    (((1405, 4, 6), 9, 0), ((1405, 4, 7), 9), ((1405, 4, 7), 9)),  # at the hour: the next day
    (((1405, 4, 2), 10, 0), ((1405, 4, 6), 9), ((1405, 4, 6), 9)),  # over Tasua, Ashura, Friday
    (((1404, 12, 28), 10, 0), ((1405, 1, 5), 9), ((1405, 1, 6), 9)),  # over Nowruz (and the closure)
]


@pytest.mark.parametrize(("moment", "default", "office"), DAILY)
def test_next_daily_run(
    moment: tuple[tuple[int, int, int], int, int],
    default: tuple[tuple[int, int, int], int],
    office: tuple[tuple[int, int, int], int],
) -> None:
    now = at(*moment)
    nine = dt.time(9)
    assert next_daily_run(DEFAULT, now, TEHRAN, nine) == at(*default)
    assert next_daily_run(OFFICE, now, TEHRAN, nine) == at(*office)


def test_the_week_starts_on_saturday() -> None:
    assert week_start(J(1405, 4, 12)) == J(1405, 4, 6)  # Friday -> its Saturday
    assert week_start(J(1405, 4, 6)) == J(1405, 4, 6)
    assert J(1405, 4, 6).strftime("%a") == "Sat"


# (moment, weekly 08:00 run for DEFAULT, for OFFICE)
WEEKLY = [
    (((1405, 4, 8), 10, 0), ((1405, 4, 13), 8), ((1405, 4, 13), 8)),  # Mon -> next Saturday
    (((1405, 4, 13), 7, 59), ((1405, 4, 13), 8), ((1405, 4, 13), 8)),  # that Saturday, before the hour
    (((1405, 4, 13), 8, 0), ((1405, 4, 20), 8), ((1405, 4, 20), 8)),  # at the hour: a week later
    # the week of Nowruz: Saturday to Tuesday are holidays (the office is closed on Wednesday too)
    (((1404, 12, 27), 10, 0), ((1405, 1, 5), 8), ((1405, 1, 6), 8)),
    # the digest of Nowruz week went out on Wednesday; the next one is the next Saturday
    (((1405, 1, 5), 8, 0), ((1405, 1, 8), 8), ((1405, 1, 6), 8)),
]


@pytest.mark.parametrize(("moment", "default", "office"), WEEKLY)
def test_next_weekly_run(
    moment: tuple[tuple[int, int, int], int, int],
    default: tuple[tuple[int, int, int], int],
    office: tuple[tuple[int, int, int], int],
) -> None:
    now = at(*moment)
    eight = dt.time(8)
    assert next_weekly_run(DEFAULT, now, TEHRAN, eight) == at(*default)
    assert next_weekly_run(OFFICE, now, TEHRAN, eight) == at(*office)


def test_the_policy_from_the_office_file() -> None:
    policy = policy_from_config({"remind_at": "10:30", "escalate_after": 3, "digest_at": dt.time(7, 0)})
    assert policy == DeadlinePolicy(remind_at=dt.time(10, 30), escalate_after=3, digest_at=dt.time(7))
    assert policy_from_config(policy_to_config(policy)) == policy
    assert policy_from_config({}) == DeadlinePolicy()


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"remind_at": "25:00"}, "remind_at"),
        ({"remind_at": "nine"}, "remind_at"),
        ({"escalate_after": 0}, "escalate_after"),
        ({"escalate_after": 31}, "escalate_after"),
        ({"escalate_after": "2"}, "escalate_after"),
        ({"escalate_after": True}, "escalate_after"),
        ({"reminder": "09:00"}, "unknown field"),
        (["09:00"], "expected a"),
    ],
)
def test_a_bad_policy_names_the_bad_value(section: object, message: str) -> None:
    with pytest.raises(DeadlineError, match=message):
        policy_from_config(section)  # type: ignore[arg-type]
