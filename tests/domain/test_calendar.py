"""Tests for domain.calendar.

Expected days are written as Jalali dates and converted with jdatetime here, never with the code under test;
the weekday of every anchor is checked against jdatetime too. Holidays of 1404-1406 (holidays 0.109):
Esfand 29 1404 (Fri) oil nationalisation; Farvardin 1-4 1405 (Sat-Tue) Nowruz, 1-2 also Eid al-Fitr;
Farvardin 12-13 (Wed-Thu); Tir 3-4 1405 (Wed-Thu) Tasua and Ashura; Esfand 10 1405 (Mon) the martyrdom of
Imam Ali, estimated by the library (the published calendar has it on Esfand 9: the office's move below);
Esfand 29 1405 (Sat) oil day, Farvardin 1-4 1406 (Sun-Wed) Nowruz. Esfand 1403 had 30 days (leap), its
29th and 30th were holidays.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from zoneinfo import ZoneInfo

import jdatetime
import pytest

from domain.calendar import (
    OFFICE_CLOSURE,
    CalendarError,
    Holiday,
    Move,
    OfficeCalendar,
    calendar_from_config,
    public_holidays,
    resolve_move,
)

TEHRAN = ZoneInfo("Asia/Tehran")
THU, FRI = 3, 4


def J(year: int, month: int, day: int) -> dt.date:
    """A Jalali date as a Gregorian date, by jdatetime."""
    gregorian: dt.date = jdatetime.date(year, month, day).togregorian()
    return gregorian


#: The three offices under test.
DEFAULT = OfficeCalendar()
#: Closed on Farvardin 5 1405; moved the estimated martyrdom of Imam Ali from Esfand 10 to Esfand 9 1405.
OFFICE = OfficeCalendar(closures=frozenset({J(1405, 1, 5)}), moves=(Move(J(1405, 12, 10), J(1405, 12, 9)),))
THURSDAY_OFF = OfficeCalendar(weekend=frozenset({THU, FRI}))


@pytest.mark.parametrize(
    ("jalali", "weekday"),
    [
        ((1403, 12, 28), "Tue"),
        ((1403, 12, 30), "Thu"),
        ((1404, 1, 1), "Fri"),
        ((1404, 12, 27), "Wed"),
        ((1404, 12, 29), "Fri"),
        ((1405, 1, 1), "Sat"),
        ((1405, 1, 5), "Wed"),
        ((1405, 1, 7), "Fri"),
        ((1405, 1, 12), "Wed"),
        ((1405, 4, 3), "Wed"),
        ((1405, 4, 5), "Fri"),
        ((1405, 12, 9), "Sun"),
        ((1405, 12, 27), "Thu"),
        ((1405, 12, 29), "Sat"),
        ((1406, 1, 5), "Thu"),
    ],
)
def test_the_tables_anchors_fall_on_the_weekdays_they_claim(
    jalali: tuple[int, int, int], weekday: str
) -> None:
    assert J(*jalali).strftime("%a") == weekday


# (Jalali day, working for DEFAULT, OFFICE, THURSDAY_OFF)
WORKING = [
    ((1403, 12, 28), True, True, True),
    ((1403, 12, 29), False, False, False),  # oil day
    ((1403, 12, 30), False, False, False),  # last day of a leap year
    ((1404, 12, 27), True, True, True),
    ((1404, 12, 28), True, True, False),  # Thursday
    ((1404, 12, 29), False, False, False),  # Friday and oil day
    ((1405, 1, 1), False, False, False),  # Nowruz, Eid al-Fitr
    ((1405, 1, 2), False, False, False),
    ((1405, 1, 3), False, False, False),
    ((1405, 1, 4), False, False, False),
    ((1405, 1, 5), True, False, True),  # the office's closure
    ((1405, 1, 6), True, True, False),
    ((1405, 1, 7), False, False, False),  # Friday
    ((1405, 1, 8), True, True, True),
    ((1405, 1, 11), True, True, True),
    ((1405, 1, 12), False, False, False),  # Islamic Republic Day
    ((1405, 1, 13), False, False, False),  # Nature's Day
    ((1405, 1, 14), False, False, False),  # Friday
    ((1405, 1, 15), True, True, True),
    ((1405, 4, 2), True, True, True),
    ((1405, 4, 3), False, False, False),  # Tasua
    ((1405, 4, 4), False, False, False),  # Ashura
    ((1405, 4, 5), False, False, False),  # Friday
    ((1405, 4, 6), True, True, True),
    ((1405, 12, 9), True, False, True),  # the moved holiday's new day
    ((1405, 12, 10), False, True, False),  # the library's (estimated) day, moved away by the office
    ((1405, 12, 11), True, True, True),
    ((1405, 12, 29), False, False, False),  # oil day
    ((1406, 1, 1), False, False, False),
    ((1406, 1, 5), True, True, False),
]


@pytest.mark.parametrize(("jalali", "default", "office", "thursday_off"), WORKING)
def test_is_working_day(
    jalali: tuple[int, int, int], default: bool, office: bool, thursday_off: bool
) -> None:
    day = J(*jalali)
    assert DEFAULT.is_working_day(day) is default
    assert OFFICE.is_working_day(day) is office
    assert THURSDAY_OFF.is_working_day(day) is thursday_off


@pytest.mark.parametrize(
    ("jalali", "name"),
    [
        ((1404, 12, 29), "Iranian Oil Industry Nationalization Day"),
        ((1405, 1, 1), "Eid al-Fitr; Nowruz"),
        ((1405, 1, 2), "Eid al-Fitr Holiday; Nowruz Holiday"),
        ((1405, 1, 4), "Nowruz Holiday"),
        ((1405, 1, 5), OFFICE_CLOSURE),
        ((1405, 1, 6), None),
        ((1405, 1, 7), None),  # a Friday is no holiday
        ((1405, 1, 12), "Islamic Republic Day"),
        ((1405, 1, 13), "Nature's Day"),
        ((1405, 3, 14), "Death of Imam Khomeini; Eid al-Ghadir"),
        ((1405, 4, 3), "Tasua"),
        ((1405, 4, 4), "Ashura"),
        ((1405, 12, 9), "Martyrdom of Imam Ali"),
        ((1405, 12, 10), None),
    ],
)
def test_holiday_name(jalali: tuple[int, int, int], name: str | None) -> None:
    assert OFFICE.holiday_name(J(*jalali)) == name


def test_a_closure_on_a_public_holiday_keeps_the_holidays_name() -> None:
    calendar = OfficeCalendar(closures=frozenset({J(1405, 4, 3)}))
    assert calendar.holiday_name(J(1405, 4, 3)) == "Tasua"


def test_lunar_dates_after_2026_are_estimated_until_the_office_moves_them() -> None:
    assert public_holidays(J(1405, 4, 3)) == (Holiday("Tasua", estimated=False),)
    assert DEFAULT.holidays_on(J(1405, 12, 10)) == (Holiday("Martyrdom of Imam Ali", estimated=True),)
    assert OFFICE.holidays_on(J(1405, 12, 9)) == (Holiday("Martyrdom of Imam Ali", estimated=False),)
    assert OFFICE.holidays_on(J(1405, 12, 10)) == ()


# (start, n, expected for DEFAULT, OFFICE, THURSDAY_OFF)
ADD = [
    # n = 0: the day itself when working, else the next working day.
    ((1404, 12, 27), 0, (1404, 12, 27), (1404, 12, 27), (1404, 12, 27)),
    ((1404, 12, 28), 0, (1404, 12, 28), (1404, 12, 28), (1405, 1, 5)),
    ((1405, 1, 1), 0, (1405, 1, 5), (1405, 1, 6), (1405, 1, 5)),
    ((1405, 1, 7), 0, (1405, 1, 8), (1405, 1, 8), (1405, 1, 8)),
    ((1405, 4, 2), 0, (1405, 4, 2), (1405, 4, 2), (1405, 4, 2)),
    # n = 1 on a Thursday before a Friday.
    ((1405, 1, 6), 1, (1405, 1, 8), (1405, 1, 8), (1405, 1, 8)),
    ((1405, 1, 7), 1, (1405, 1, 8), (1405, 1, 8), (1405, 1, 8)),
    # Esfand to Farvardin: the oil day on a Friday, Nowruz, the closure.
    ((1404, 12, 27), 1, (1404, 12, 28), (1404, 12, 28), (1405, 1, 5)),
    ((1404, 12, 27), 2, (1405, 1, 5), (1405, 1, 6), (1405, 1, 8)),
    ((1404, 12, 27), 3, (1405, 1, 6), (1405, 1, 8), (1405, 1, 9)),
    ((1404, 12, 28), 1, (1405, 1, 5), (1405, 1, 6), (1405, 1, 5)),
    ((1404, 12, 27), 10, (1405, 1, 17), (1405, 1, 18), (1405, 1, 19)),
    # Farvardin 12-13 and the Friday after.
    ((1405, 1, 11), 1, (1405, 1, 15), (1405, 1, 15), (1405, 1, 15)),
    ((1405, 1, 11), 2, (1405, 1, 16), (1405, 1, 16), (1405, 1, 16)),
    # Tasua, Ashura, Friday.
    ((1405, 4, 2), 1, (1405, 4, 6), (1405, 4, 6), (1405, 4, 6)),
    # The moved holiday.
    ((1405, 12, 8), 1, (1405, 12, 9), (1405, 12, 10), (1405, 12, 9)),
    ((1405, 12, 8), 2, (1405, 12, 11), (1405, 12, 11), (1405, 12, 11)),
    # Esfand 1405 to Farvardin 1406: a Thursday, a Friday, the oil day, Nowruz.
    ((1405, 12, 27), 1, (1406, 1, 5), (1406, 1, 5), (1406, 1, 7)),
    # A leap year's Esfand 30.
    ((1403, 12, 28), 1, (1404, 1, 5), (1404, 1, 5), (1404, 1, 5)),
]


@pytest.mark.parametrize(("start", "n", "default", "office", "thursday_off"), ADD)
def test_add_working_days(
    start: tuple[int, int, int],
    n: int,
    default: tuple[int, int, int],
    office: tuple[int, int, int],
    thursday_off: tuple[int, int, int],
) -> None:
    assert DEFAULT.add_working_days(J(*start), n) == J(*default)
    assert OFFICE.add_working_days(J(*start), n) == J(*office)
    assert THURSDAY_OFF.add_working_days(J(*start), n) == J(*thursday_off)


def test_add_working_days_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError, match="-1"):
        DEFAULT.add_working_days(J(1405, 1, 8), -1)


def test_a_datetime_is_not_a_day() -> None:
    with pytest.raises(TypeError):
        DEFAULT.is_working_day(dt.datetime(2026, 3, 28, 9, 0, tzinfo=dt.UTC))


@pytest.mark.parametrize(
    ("start", "end", "default", "office", "thursday_off"),
    [
        ((1404, 12, 27), (1404, 12, 27), 0, 0, 0),
        ((1404, 12, 27), (1405, 1, 8), 4, 3, 2),
        ((1405, 1, 8), (1404, 12, 27), -4, -3, -2),
        ((1405, 1, 1), (1405, 1, 4), 0, 0, 0),
        ((1404, 12, 27), (1405, 1, 17), 10, 9, 8),
        ((1405, 4, 2), (1405, 4, 6), 1, 1, 1),
        ((1405, 12, 8), (1405, 12, 11), 2, 2, 2),
        ((1405, 12, 8), (1405, 12, 9), 1, 0, 1),
    ],
)
def test_working_days_between(
    start: tuple[int, int, int], end: tuple[int, int, int], default: int, office: int, thursday_off: int
) -> None:
    assert DEFAULT.working_days_between(J(*start), J(*end)) == default
    assert OFFICE.working_days_between(J(*start), J(*end)) == office
    assert THURSDAY_OFF.working_days_between(J(*start), J(*end)) == thursday_off


@pytest.mark.parametrize("calendar", [DEFAULT, OFFICE, THURSDAY_OFF], ids=["default", "office", "thu-off"])
@pytest.mark.parametrize("first", [J(1404, 12, 1), J(1405, 3, 25), J(1405, 11, 25)])
def test_adding_and_counting_agree(calendar: OfficeCalendar, first: dt.date) -> None:
    """Across 40 days from each start and n up to 8: the result works, and counting gives n back."""
    for offset in range(40):
        start = first + dt.timedelta(days=offset)
        assert calendar.next_working_day(start) == calendar.add_working_days(start, 1)
        for n in range(9):
            end = calendar.add_working_days(start, n)
            assert calendar.is_working_day(end)
            assert end >= start
            expected = n if n else int(end != start)
            assert calendar.working_days_between(start, end) == expected
            if n:
                previous = end - dt.timedelta(days=1)
                assert calendar.working_days_between(start, previous) == n - 1


def _tehran(jalali: tuple[int, int, int], hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(J(*jalali), dt.time(hour, minute), tzinfo=TEHRAN)


@pytest.mark.parametrize(
    ("calendar", "now", "expected"),
    [
        (DEFAULT, _tehran((1405, 4, 2), 8), _tehran((1405, 4, 2), 9)),
        (DEFAULT, _tehran((1405, 4, 2), 8, 59), _tehran((1405, 4, 2), 9)),
        (DEFAULT, _tehran((1405, 4, 2), 9), _tehran((1405, 4, 6), 9)),  # strictly after: not twice a day
        (DEFAULT, _tehran((1405, 4, 2), 15), _tehran((1405, 4, 6), 9)),  # over Tasua, Ashura, Friday
        (DEFAULT, _tehran((1405, 1, 6), 10), _tehran((1405, 1, 8), 9)),  # Thursday to Saturday
        (DEFAULT, _tehran((1405, 1, 7), 7), _tehran((1405, 1, 8), 9)),  # Friday morning
        (DEFAULT, _tehran((1404, 12, 28), 20), _tehran((1405, 1, 5), 9)),  # over Nowruz
        (OFFICE, _tehran((1404, 12, 28), 20), _tehran((1405, 1, 6), 9)),  # and the closure
        (THURSDAY_OFF, _tehran((1405, 1, 5), 12), _tehran((1405, 1, 8), 9)),
        # 20:45 UTC on a Wednesday is 00:15 on Thursday in Tehran: Thursday's 09:00 is next.
        (DEFAULT, dt.datetime(2026, 3, 25, 20, 45, tzinfo=dt.UTC), _tehran((1405, 1, 6), 9)),
    ],
)
def test_at_working_hour(calendar: OfficeCalendar, now: dt.datetime, expected: dt.datetime) -> None:
    found = calendar.at_working_hour(now.astimezone(dt.UTC), TEHRAN, 9)
    assert found == expected
    assert found.tzinfo is dt.UTC


def test_at_working_hour_in_utc_figures_and_minutes() -> None:
    # Tehran is UTC+03:30 all year since 2022: 08:30 there is 05:00 UTC.
    now = dt.datetime(2026, 6, 23, 0, 0, tzinfo=dt.UTC)
    assert DEFAULT.at_working_hour(now, TEHRAN, 8, 30) == dt.datetime(2026, 6, 23, 5, 0, tzinfo=dt.UTC)


def test_at_working_hour_takes_the_day_in_the_office_zone() -> None:
    # 21:00 UTC on Wednesday is 00:30 on Thursday in Tehran: Thursday's 00:15 is past, Saturday's is next.
    now = dt.datetime(2026, 3, 25, 21, 0, tzinfo=dt.UTC)
    assert DEFAULT.at_working_hour(now, TEHRAN, 0, 15) == _tehran((1405, 1, 8), 0, 15)


@pytest.mark.parametrize("calendar", [DEFAULT, OFFICE, THURSDAY_OFF], ids=["default", "office", "thu-off"])
def test_at_working_hour_is_the_next_slot(calendar: OfficeCalendar) -> None:
    """Every 5 hours over Esfand 1404 and Farvardin 1405: later, 09:00 local, on this or the next working day."""
    start = dt.datetime(2026, 2, 20, 0, 0, tzinfo=dt.UTC)
    for step in range(300):
        now = start + dt.timedelta(hours=5 * step)
        found = calendar.at_working_hour(now, TEHRAN, 9)
        local = found.astimezone(TEHRAN)
        assert found > now
        assert (local.hour, local.minute) == (9, 0)
        assert calendar.is_working_day(local.date())
        today = now.astimezone(TEHRAN).date()
        assert calendar.working_days_between(today, local.date()) <= 1
        if local.date() != today and calendar.is_working_day(today):
            assert now.astimezone(TEHRAN).time() >= dt.time(9, 0)


def test_at_working_hour_refuses_a_naive_moment() -> None:
    with pytest.raises(ValueError, match="naive"):
        DEFAULT.at_working_hour(dt.datetime(2026, 6, 23, 8, 0), TEHRAN, 9)


# --- building and configuring ---------------------------------------------------------------------------


def test_moves_name_their_holiday() -> None:
    assert OFFICE.moves == (Move(J(1405, 12, 10), J(1405, 12, 9), "Martyrdom of Imam Ali"),)


def test_a_day_with_two_holidays_moves_only_the_named_one() -> None:
    calendar = OfficeCalendar(moves=(Move(J(1405, 3, 14), J(1405, 3, 13), "Eid al-Ghadir"),))
    assert calendar.holiday_name(J(1405, 3, 14)) == "Death of Imam Khomeini"
    assert calendar.holiday_name(J(1405, 3, 13)) == "Eid al-Ghadir"
    assert not calendar.is_working_day(J(1405, 3, 14))


@pytest.mark.parametrize(
    ("move", "message"),
    [
        (Move(J(1405, 4, 3), J(1405, 4, 3)), "onto itself"),
        (Move(J(1405, 4, 3), J(1405, 4, 6)), "more than 2 days"),
        (Move(J(1405, 4, 2), J(1405, 4, 1)), "2026-06-23 is not a public holiday"),
        (Move(J(1405, 3, 14), J(1405, 3, 13)), "several holidays .*say which"),
        (Move(J(1405, 4, 3), J(1405, 4, 2), "Ashura"), "no holiday 'Ashura'.*Tasua"),
    ],
)
def test_bad_moves_are_refused(move: Move, message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        resolve_move(move)
    with pytest.raises(CalendarError, match=message):
        OfficeCalendar(moves=(move,))


def test_a_holiday_moved_twice_is_refused() -> None:
    moves = (Move(J(1405, 4, 3), J(1405, 4, 2)), Move(J(1405, 4, 3), J(1405, 4, 1), "Tasua"))
    with pytest.raises(CalendarError, match="Tasua of 2026-06-24 is moved twice"):
        OfficeCalendar(moves=moves)


@pytest.mark.parametrize(
    ("weekend", "message"), [(frozenset(range(7)), "every day"), (frozenset({7}), r"\[7\]")]
)
def test_impossible_weekends_are_refused(weekend: frozenset[int], message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        OfficeCalendar(weekend=weekend)


OFFICE_TOML = """
[calendar]
weekend = ["Thursday", "friday"]
closures = ["1405/01/05", "2026-03-28", 2026-04-04, "\u06f1\u06f4\u06f0\u06f5/\u06f0\u06f2/\u06f0\u06f1", "1405/06/01..1405/06/03"]
moved = [{from = "1405/12/10", to = "1405/12/09"}, {from = "1405/03/14", to = "1405/03/13", holiday = "Eid al-Ghadir"}]
"""


def test_calendar_from_the_office_file() -> None:
    calendar = calendar_from_config(tomllib.loads(OFFICE_TOML)["calendar"])
    assert calendar.weekend == frozenset({THU, FRI})
    assert calendar.closures == {
        J(1405, 1, 5),
        J(1405, 1, 8),
        J(1405, 1, 15),
        J(1405, 2, 1),
        J(1405, 6, 1),
        J(1405, 6, 2),
        J(1405, 6, 3),
    }
    assert calendar.moves == (
        Move(J(1405, 12, 10), J(1405, 12, 9), "Martyrdom of Imam Ali"),
        Move(J(1405, 3, 14), J(1405, 3, 13), "Eid al-Ghadir"),
    )


def test_an_empty_section_is_the_default_office() -> None:
    assert calendar_from_config({}) == DEFAULT


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"weekends": ["friday"]}, "unknown field.*weekends"),
        ({"weekend": "friday"}, "calendar.weekend: expected a list"),
        ({"weekend": ["fryday"]}, "calendar.weekend: unknown day 'fryday'"),
        ({"weekend": [4]}, "calendar.weekend: unknown day 4"),
        (
            {"weekend": ["saturday", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday"]},
            "every day",
        ),
        ({"closures": "1405/01/05"}, "calendar.closures: expected a list"),
        ({"closures": ["1405/01/05", "1405/13/01"]}, r"calendar.closures\[1\]: not a date: '1405/13/01'"),
        (
            {"closures": ["1405/12/30"]},
            r"calendar.closures\[0\]: not a date: '1405/12/30' \(date_impossible\)",
        ),
        ({"closures": [20260325]}, r"calendar.closures\[0\]: not a date: 20260325"),
        ({"closures": [dt.datetime(2026, 3, 25, 9, 0)]}, r"calendar.closures\[0\]: .* is a moment"),
        ({"closures": ["1405/01/06..1405/01/05"]}, r"calendar.closures\[0\]: range ends before it starts"),
        ({"moved": {"from": "1405/12/10", "to": "1405/12/09"}}, "calendar.moved: expected a list"),
        ({"moved": ["1405/12/10"]}, r"calendar.moved\[0\]: expected a table"),
        ({"moved": [{"from": "1405/12/10"}]}, r"calendar.moved\[0\]: .*missing \['to'\]"),
        (
            {"moved": [{"from": "1405/12/10", "to": "1405/12/09", "day": 1}]},
            r"calendar.moved\[0\]: unknown \['day'\]",
        ),
        (
            {"moved": [{"from": "1405/12/10", "to": "1405/12/9x"}]},
            r"calendar.moved\[0\].to: not a date: '1405/12/9x'",
        ),
        (
            {"moved": [{"from": "1405/12/10", "to": "1405/12/09", "holiday": 3}]},
            r"calendar.moved\[0\]: holiday must be",
        ),
        (
            {"moved": [{"from": "1405/12/11", "to": "1405/12/09"}]},
            r"calendar.moved\[0\]: 2027-03-02 is not a public holiday",
        ),
        ({"moved": [{"from": "1405/03/14", "to": "1405/03/13"}]}, r"calendar.moved\[0\]: .*several holidays"),
        ({"moved": [{"from": "1405/12/10", "to": "1405/12/20"}]}, r"calendar.moved\[0\]: .*more than 2 days"),
    ],
)
def test_bad_configuration_names_the_bad_value(section: dict[str, object], message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        calendar_from_config(section)


def test_a_calendar_error_is_a_value_error() -> None:
    """The configure command reports ValueError as a bad configuration."""
    assert issubclass(CalendarError, ValueError)


# --- add_working_time: a span counted on working days only (the guesthouse's payment hold) ---------------

# (start Jalali day, local hour, hours, expected Jalali day and hour) for DEFAULT and OFFICE
WORKING_TIME = [
    # inside one working week: plain hours
    ((1405, 4, 6), 10, 48, (1405, 4, 8), 10, (1405, 4, 8), 10),  # Sat -> Mon
    # Wednesday 10:00 + 48 h: Thursday counts, Friday adds a day
    ((1405, 4, 10), 10, 48, (1405, 4, 13), 10, (1405, 4, 13), 10),
    # the eve of Tasua and Ashura (Tue): Wed, Thu and Fri all add their day
    ((1405, 4, 2), 10, 48, (1405, 4, 7), 10, (1405, 4, 7), 10),
    # Nowruz: Esfand 28 (Thu) 10:00 + 48 h -> 14 h of Thursday, then Farvardin 5 and 6 (office: 6 and 8)
    ((1404, 12, 28), 10, 48, (1405, 1, 6), 10, (1405, 1, 8), 10),
    # started on a holiday: counting starts at the next working day's midnight (office: Farvardin 6's)
    ((1405, 1, 1), 9, 24, (1405, 1, 6), 0, (1405, 1, 7), 0),
    ((1405, 1, 1), 9, 0, (1405, 1, 5), 0, (1405, 1, 6), 0),
    # zero hours on a working day: the moment itself
    ((1405, 4, 6), 9, 0, (1405, 4, 6), 9, (1405, 4, 6), 9),
    # the moved lunar holiday: Esfand 8 (Sat) 12:00 + 24 h (library: Esfand 10 off; office: Esfand 9 off)
    ((1405, 12, 8), 12, 24, (1405, 12, 9), 12, (1405, 12, 10), 12),
]


@pytest.mark.parametrize(
    ("start", "hour", "hours", "default_day", "default_hour", "office_day", "office_hour"), WORKING_TIME
)
def test_add_working_time(
    start: tuple[int, int, int],
    hour: int,
    hours: int,
    default_day: tuple[int, int, int],
    default_hour: int,
    office_day: tuple[int, int, int],
    office_hour: int,
) -> None:
    moment = dt.datetime.combine(J(*start), dt.time(hour), tzinfo=TEHRAN).astimezone(dt.UTC)
    span = dt.timedelta(hours=hours)
    assert DEFAULT.add_working_time(moment, span, TEHRAN) == dt.datetime.combine(
        J(*default_day), dt.time(default_hour), tzinfo=TEHRAN
    )
    assert OFFICE.add_working_time(moment, span, TEHRAN) == dt.datetime.combine(
        J(*office_day), dt.time(office_hour), tzinfo=TEHRAN
    )


def test_add_working_time_refuses_naive_moments_and_negative_spans() -> None:
    with pytest.raises(ValueError, match="naive"):
        DEFAULT.add_working_time(dt.datetime(2026, 7, 1, 10), dt.timedelta(hours=1), TEHRAN)
    with pytest.raises(ValueError, match="0 or more"):
        DEFAULT.add_working_time(dt.datetime(2026, 7, 1, 10, tzinfo=dt.UTC), dt.timedelta(hours=-1), TEHRAN)


def test_a_stored_calendar_reads_back_the_same() -> None:
    from domain.calendar import calendar_to_config

    for calendar in (DEFAULT, OFFICE, THURSDAY_OFF):
        assert calendar_from_config(calendar_to_config(calendar)) == calendar
