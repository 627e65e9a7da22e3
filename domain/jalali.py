"""Pure Jalali (Solar Hijri) calendar helpers on top of jdatetime."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import jdatetime  # type: ignore[import-untyped, unused-ignore]

_MONTHS_PER_YEAR = 12
_DAYS_PER_WEEK = 7


def _require_plain_date(d: date) -> None:
    """Refuse datetimes: callers must pick a time zone and take .date() themselves."""
    if isinstance(d, datetime):
        raise TypeError("expected a date, got a datetime; convert it in an explicit zone first")


def _check_month(month: int) -> None:
    """Raise ValueError unless 1 <= month <= 12."""
    if not 1 <= month <= _MONTHS_PER_YEAR:
        raise ValueError(f"month must be 1..12, got {month}")


def to_jalali(d: date) -> jdatetime.date:
    """Convert a Gregorian date to a Jalali date."""
    _require_plain_date(d)
    return jdatetime.date.fromgregorian(date=d)


def to_gregorian(j: jdatetime.date) -> date:
    """Convert a Jalali date to a Gregorian date."""
    g: date = j.togregorian()
    return g


def format_jalali_date(d: date | jdatetime.date) -> str:
    """Format a Gregorian (or Jalali) date as ASCII 'YYYY/MM/DD' in the Jalali calendar."""
    j = d if isinstance(d, jdatetime.date) else to_jalali(d)
    return f"{j.year:04d}/{j.month:02d}/{j.day:02d}"


def format_jalali_datetime(dt: datetime, tz: ZoneInfo) -> str:
    """Format an aware datetime as ASCII 'YYYY/MM/DD HH:MM' (Jalali) in the given zone."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("naive datetime: attach a time zone first")
    local = dt.astimezone(tz)
    return f"{format_jalali_date(local.date())} {local.hour:02d}:{local.minute:02d}"


@lru_cache(maxsize=4096)
def is_jalali_leap(year: int) -> bool:
    """Tell whether a Jalali year has 30 days in Esfand."""
    return bool(jdatetime.date(year, 1, 1).isleap())


@lru_cache(maxsize=4096)
def nowruz(year: int) -> date:
    """Gregorian date of 1 Farvardin (the first day) of a Jalali year."""
    return to_gregorian(jdatetime.date(year, 1, 1))


def jalali_to_gregorian(year: int, month: int, day: int) -> date:
    """Gregorian date of a valid Jalali date, counted in days from that year's Nowruz (fast)."""
    _check_month(month)
    days_before_month = (month - 1) * 31 if month <= 7 else 186 + (month - 7) * 30
    return date.fromordinal(nowruz(year).toordinal() + days_before_month + day - 1)


def jalali_month_length(year: int, month: int) -> int:
    """Number of days in a Jalali month (31, 30, or 29/30 for Esfand)."""
    _check_month(month)
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_jalali_leap(year) else 29


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """Move a (year, month) pair by delta months, either direction."""
    _check_month(month)
    index = year * _MONTHS_PER_YEAR + (month - 1) + delta
    new_year, new_month0 = divmod(index, _MONTHS_PER_YEAR)
    return new_year, new_month0 + 1


def add_jalali_months(j: jdatetime.date, months: int) -> jdatetime.date:
    """Add whole months to a Jalali date, clamping the day to the target month's end."""
    year, month = shift_month(j.year, j.month, months)
    day = min(j.day, jalali_month_length(year, month))
    return jdatetime.date(year, month, day)


def jalali_month_start(year: int, month: int) -> date:
    """Gregorian date of the first day of a Jalali month."""
    _check_month(month)
    return to_gregorian(jdatetime.date(year, month, 1))


def month_grid(year: int, month: int) -> list[list[int | None]]:
    """Weeks of a Jalali month as rows of 7 day numbers, Saturday first, None for padding."""
    _check_month(month)
    lead = int(jdatetime.date(year, month, 1).weekday())  # jdatetime: 0 is Saturday
    cells: list[int | None] = [None] * lead
    cells.extend(range(1, jalali_month_length(year, month) + 1))
    cells.extend([None] * (-len(cells) % _DAYS_PER_WEEK))
    return [cells[i : i + _DAYS_PER_WEEK] for i in range(0, len(cells), _DAYS_PER_WEEK)]


def full_jalali_months_between(start: date, end: date) -> int:
    """Whole Jalali months from start to end: the largest n with add_jalali_months(start, n) <= end.

    The n-th monthiversary is start's day-of-month n months later, clamped to that month's last day,
    so a start on the 31st completes a month on the 30th of a 30-day month (and on Esfand 29/30).
    Returns 0 when end is before start.
    """
    js, je = to_jalali(start), to_jalali(end)
    n = int((je.year - js.year) * _MONTHS_PER_YEAR + (je.month - js.month))
    if n > 0 and add_jalali_months(js, n) > je:
        n -= 1
    return max(n, 0)
