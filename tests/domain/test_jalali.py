"""Tests for domain.jalali."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import jdatetime
import pytest

from domain.jalali import (
    add_jalali_months,
    format_jalali_date,
    format_jalali_datetime,
    full_jalali_months_between,
    is_jalali_leap,
    jalali_month_length,
    jalali_month_start,
    jalali_to_gregorian,
    month_grid,
    nowruz,
    shift_month,
    to_gregorian,
    to_jalali,
)

TEHRAN = ZoneInfo("Asia/Tehran")
J = jdatetime.date

ANCHORS = [
    (date(2024, 3, 20), (1403, 1, 1)),  # Nowruz 1403
    (date(2024, 10, 6), (1403, 7, 15)),
    (date(2025, 3, 20), (1403, 12, 30)),  # Esfand 30 of a leap year
    (date(2025, 3, 21), (1404, 1, 1)),
    (date(2026, 3, 20), (1404, 12, 29)),
    (date(2021, 3, 20), (1399, 12, 30)),
    (date(2018, 3, 20), (1396, 12, 29)),
]


@pytest.mark.parametrize(("gregorian", "jalali"), ANCHORS)
def test_to_jalali(gregorian: date, jalali: tuple[int, int, int]) -> None:
    j = to_jalali(gregorian)
    assert (j.year, j.month, j.day) == jalali


@pytest.mark.parametrize(("gregorian", "jalali"), ANCHORS)
def test_to_gregorian(gregorian: date, jalali: tuple[int, int, int]) -> None:
    assert to_gregorian(J(*jalali)) == gregorian
    assert type(to_gregorian(J(*jalali))) is date


def test_to_jalali_refuses_datetime() -> None:
    with pytest.raises(TypeError):
        to_jalali(datetime(2024, 10, 6, 12, 0, tzinfo=UTC))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 10, 6), "1403/07/15"),
        (date(2024, 3, 20), "1403/01/01"),
        (date(2025, 3, 20), "1403/12/30"),
        (J(1403, 7, 5), "1403/07/05"),
        (J(999, 1, 1), "0999/01/01"),
    ],
)
def test_format_jalali_date(value: date, expected: str) -> None:
    assert format_jalali_date(value) == expected


@pytest.mark.parametrize(
    ("dt", "expected"),
    [
        (datetime(2024, 10, 6, 10, 35, tzinfo=UTC), "1403/07/15 14:05"),  # Tehran is UTC+03:30
        (datetime(2024, 10, 6, 21, 0, tzinfo=UTC), "1403/07/16 00:30"),  # crosses midnight in Tehran
        (datetime(2024, 10, 6, 14, 5, tzinfo=TEHRAN), "1403/07/15 14:05"),
        (
            datetime(2024, 10, 6, 14, 5, 59, tzinfo=timezone(timedelta(hours=3, minutes=30))),
            "1403/07/15 14:05",
        ),
        (datetime(2025, 3, 20, 20, 29, tzinfo=UTC), "1403/12/30 23:59"),
        (datetime(2025, 3, 20, 20, 30, tzinfo=UTC), "1404/01/01 00:00"),
    ],
)
def test_format_jalali_datetime(dt: datetime, expected: str) -> None:
    assert format_jalali_datetime(dt, TEHRAN) == expected


def test_format_jalali_datetime_other_zone() -> None:
    dt = datetime(2024, 10, 6, 10, 35, tzinfo=UTC)
    assert format_jalali_datetime(dt, ZoneInfo("UTC")) == "1403/07/15 10:35"


def test_format_jalali_datetime_refuses_naive() -> None:
    with pytest.raises(ValueError, match="naive"):
        format_jalali_datetime(datetime(2024, 10, 6, 10, 35), TEHRAN)


@pytest.mark.parametrize(
    ("year", "leap"),
    [
        (1395, True),
        (1396, False),
        (1399, True),
        (1400, False),
        (1402, False),
        (1403, True),
        (1404, False),
        (1407, False),
        (1408, True),
    ],
)
def test_is_jalali_leap(year: int, leap: bool) -> None:
    assert is_jalali_leap(year) is leap


@pytest.mark.parametrize(
    ("year", "month", "length"),
    [
        *[(1403, m, 31) for m in range(1, 7)],
        *[(1403, m, 30) for m in range(7, 12)],
        (1403, 12, 30),
        (1404, 12, 29),
        (1402, 12, 29),
        (1399, 12, 30),
    ],
)
def test_jalali_month_length(year: int, month: int, length: int) -> None:
    assert jalali_month_length(year, month) == length


@pytest.mark.parametrize("month", [0, 13, -1])
def test_bad_month_is_refused(month: int) -> None:
    with pytest.raises(ValueError, match="month"):
        jalali_month_length(1403, month)
    with pytest.raises(ValueError, match="month"):
        month_grid(1403, month)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (J(1403, 6, 31), 1, J(1403, 7, 30)),
        (J(1402, 12, 29), 12, J(1403, 12, 29)),
        (J(1403, 12, 30), 12, J(1404, 12, 29)),
        (J(1403, 12, 30), 48, J(1407, 12, 29)),
        (J(1403, 12, 30), 60, J(1408, 12, 30)),  # 1408 is leap again
        (J(1403, 1, 31), 11, J(1403, 12, 30)),
        (J(1404, 1, 31), 11, J(1404, 12, 29)),
        (J(1403, 1, 15), 0, J(1403, 1, 15)),
        (J(1403, 1, 15), 6, J(1403, 7, 15)),
        (J(1403, 11, 10), 3, J(1404, 2, 10)),
        (J(1403, 7, 30), -1, J(1403, 6, 30)),
        (J(1403, 1, 31), -1, J(1402, 12, 29)),
        (J(1404, 1, 31), -1, J(1403, 12, 30)),
        (J(1403, 3, 10), -27, J(1400, 12, 10)),
    ],
)
def test_add_jalali_months(start: jdatetime.date, months: int, expected: jdatetime.date) -> None:
    result = add_jalali_months(start, months)
    assert isinstance(result, jdatetime.date)
    assert (result.year, result.month, result.day) == (expected.year, expected.month, expected.day)


@pytest.mark.parametrize(
    ("year", "month", "delta", "expected"),
    [
        (1403, 1, 0, (1403, 1)),
        (1403, 12, 1, (1404, 1)),
        (1403, 1, -1, (1402, 12)),
        (1403, 7, 18, (1405, 1)),
        (1403, 7, -19, (1401, 12)),
        (1403, 6, 6, (1403, 12)),
    ],
)
def test_shift_month(year: int, month: int, delta: int, expected: tuple[int, int]) -> None:
    assert shift_month(year, month, delta) == expected


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (1403, 1, date(2024, 3, 20)),
        (1403, 7, date(2024, 9, 22)),
        (1404, 1, date(2025, 3, 21)),
        (1403, 12, date(2025, 2, 19)),
    ],
)
def test_jalali_month_start(year: int, month: int, expected: date) -> None:
    assert jalali_month_start(year, month) == expected


def test_month_grid_farvardin_1403() -> None:
    # 1403/01/01 was a Wednesday: Saturday-first weeks put it in the fifth column.
    assert month_grid(1403, 1) == [
        [None, None, None, None, 1, 2, 3],
        [4, 5, 6, 7, 8, 9, 10],
        [11, 12, 13, 14, 15, 16, 17],
        [18, 19, 20, 21, 22, 23, 24],
        [25, 26, 27, 28, 29, 30, 31],
    ]


def test_month_grid_mehr_1403() -> None:
    # 1403/07/01 = 2024-09-22, a Sunday: one blank cell for Saturday.
    grid = month_grid(1403, 7)
    assert grid[0] == [None, 1, 2, 3, 4, 5, 6]
    assert grid[-1] == [28, 29, 30, None, None, None, None]
    assert len(grid) == 5


@pytest.mark.parametrize(("year", "month"), [(y, m) for y in (1402, 1403, 1404) for m in range(1, 13)])
def test_month_grid_matches_the_gregorian_calendar(year: int, month: int) -> None:
    grid = month_grid(year, month)
    assert all(len(week) == 7 for week in grid)
    assert 4 <= len(grid) <= 6
    days = [d for week in grid for d in week if d is not None]
    assert days == list(range(1, jalali_month_length(year, month) + 1))
    assert all(any(day is not None for day in week) for week in grid)
    first = jalali_month_start(year, month)
    for row, week in enumerate(grid):
        for column, day in enumerate(week):
            if day is not None:
                gregorian = first + timedelta(days=day - 1)
                # Python: Monday=0 ... Saturday=5; the grid's column 0 is Saturday.
                assert (gregorian.weekday() - 5) % 7 == column, (row, column, day)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ((1403, 1, 15), (1403, 7, 14), 5),
        ((1403, 1, 15), (1403, 7, 15), 6),
        ((1403, 1, 15), (1403, 1, 15), 0),
        ((1403, 1, 15), (1403, 2, 14), 0),
        ((1403, 1, 15), (1403, 2, 15), 1),
        ((1403, 1, 15), (1404, 1, 14), 11),
        ((1403, 1, 15), (1404, 1, 15), 12),
        ((1403, 1, 15), (1402, 12, 1), 0),  # end before start
        ((1403, 1, 15), (1403, 1, 14), 0),
        # Start on day 31: a 30-day month is complete on its last day.
        ((1403, 6, 31), (1403, 7, 29), 0),
        ((1403, 6, 31), (1403, 7, 30), 1),
        ((1403, 6, 31), (1403, 8, 1), 1),
        ((1403, 6, 31), (1403, 8, 30), 2),
        ((1403, 5, 31), (1403, 6, 30), 0),  # 31-day target month: the 31st is required
        ((1403, 5, 31), (1403, 6, 31), 1),
        # Esfand: 29 days in a common year, 30 in a leap year.
        ((1403, 11, 30), (1403, 12, 29), 0),
        ((1403, 11, 30), (1403, 12, 30), 1),
        ((1404, 11, 30), (1404, 12, 29), 1),
        ((1403, 12, 30), (1404, 12, 29), 12),
        ((1403, 12, 30), (1404, 12, 28), 11),
        ((1402, 12, 29), (1403, 12, 29), 12),
        ((1390, 6, 1), (1403, 7, 15), 157),
    ],
)
def test_full_jalali_months_between(
    start: tuple[int, int, int], end: tuple[int, int, int], months: int
) -> None:
    assert full_jalali_months_between(to_gregorian(J(*start)), to_gregorian(J(*end))) == months


def test_jalali_to_gregorian_agrees_with_jdatetime_on_every_day_of_a_century_and_a_half() -> None:
    for year in range(1300, 1451):
        for month in range(1, 13):
            for day in range(1, jalali_month_length(year, month) + 1):
                assert jalali_to_gregorian(year, month, day) == J(year, month, day).togregorian(), (
                    year,
                    month,
                    day,
                )


@pytest.mark.parametrize(
    ("jalali", "gregorian"),
    [
        ((1403, 1, 1), date(2024, 3, 20)),
        ((1403, 6, 31), date(2024, 9, 21)),  # last 31-day month's end
        ((1403, 7, 1), date(2024, 9, 22)),  # first 30-day month
        ((1403, 12, 30), date(2025, 3, 20)),  # leap Esfand
        ((1404, 1, 1), date(2025, 3, 21)),
        ((1, 1, 1), J(1, 1, 1).togregorian()),
    ],
)
def test_jalali_to_gregorian_edges(jalali: tuple[int, int, int], gregorian: date) -> None:
    assert jalali_to_gregorian(*jalali) == gregorian
    assert nowruz(jalali[0]) == J(jalali[0], 1, 1).togregorian()


@pytest.mark.parametrize("month", [0, 13])
def test_jalali_to_gregorian_refuses_a_month_out_of_range(month: int) -> None:
    with pytest.raises(ValueError, match="month"):
        jalali_to_gregorian(1403, month, 1)
