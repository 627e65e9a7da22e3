"""The Jalali date picker: a month grid, open days as buttons, closed days inert, navigation bounded."""

from __future__ import annotations

import datetime as dt

import jdatetime

from domain.jalali import to_gregorian
from kit.datepicker import date_picker, parse_day, parse_month


def _buttons(markup: object) -> list[list[tuple[str, str]]]:
    return [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]  # type: ignore[attr-defined]


def test_esfand_of_a_leap_year_has_thirty_days_and_only_open_days_are_pickable() -> None:
    open_days = {to_gregorian(jdatetime.date(1403, 12, d)) for d in (1, 29, 30)}
    rows = _buttons(date_picker("gh", 1403, 12, open_days.__contains__, first=(1403, 12), last=(1404, 2)))
    days = [data for row in rows[2:] for _, data in row if data.startswith("gh:day:")]
    assert days == ["gh:day:14031201", "gh:day:14031229", "gh:day:14031230"]
    header = rows[0]
    assert header[0][1] == "gh:month:140401"  # next month allowed
    assert header[2][1] == "gh:none"  # no going before the first month
    assert all(data == "gh:none" for _, data in rows[1])  # weekday names are inert


def test_week_rows_start_on_saturday() -> None:
    # 1 Farvardin 1404 is a Friday (21 March 2025): the first row has six blanks then day 1
    rows = _buttons(date_picker("x", 1404, 1, lambda d: True, first=(1404, 1), last=(1404, 1)))
    first_week = rows[2]
    assert [text for text, _ in first_week][:6] == [" "] * 6
    assert first_week[6][1] == "x:day:14040101"
    assert dt.date(2025, 3, 21).weekday() == 4


def test_parse_day_and_month_refuse_the_impossible() -> None:
    assert parse_day("14031230") == to_gregorian(jdatetime.date(1403, 12, 30))
    assert parse_day("14041230") is None  # 1404 is not a leap year
    assert parse_day("14031301") is None
    assert parse_day("1403123") is None
    assert parse_day("abcdefgh") is None
    assert parse_month("140312") == (1403, 12)
    assert parse_month("140313") is None
    assert parse_month("14031") is None
