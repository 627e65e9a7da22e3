"""The office's calendar: which days are working days, and counting in working days.

Pure: no telegram, no database, no clock. Days are Gregorian ``datetime.date`` values; moments are aware.

A day is a working day unless it is a weekend day of the office (Friday by default), one of the office's own
closures, or an Iranian public holiday. Public holidays come from the ``holidays`` library (country ``IR``):
the solar ones are fixed Jalali dates; the lunar ones are the Umm al-Qura table shifted one day later,
except the days the library lists from Iran's published calendars. It counts Gregorian years 2001-2026 as
confirmed and marks the lunar dates of other years ``estimated`` (its tables run 1980-2100). When the
government announces a lunar holiday on another day, the office records a ``Move``.

Counting: ``add_working_days(day, n)`` is the n-th working day strictly after ``day`` (n >= 1), and for
n = 0 ``day`` itself when it is a working day, else the next working day. ``working_days_between(a, b)``
counts the working days in ``(a, b]``, so ``working_days_between(a, add_working_days(a, n)) == n`` (n >= 1).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import holidays

from domain.jalali import to_gregorian
from domain.validators import InvalidInput, parse_jalali_date

#: ``holiday_name`` of an office closure that is not also a public holiday.
OFFICE_CLOSURE = "office_closure"
#: Weekday names accepted in the configuration, as ``date.weekday()`` numbers (Monday is 0).
WEEKDAYS: Mapping[str, int] = MappingProxyType(
    {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
)
FRIDAY = WEEKDAYS["friday"]
#: An announced correction moves a lunar holiday by a day, two at most; a longer move is a typo.
MAX_MOVE_DAYS = 2
_COUNTRY = "IR"
_LANGUAGE = "en_US"
_CONFIG_KEYS = frozenset({"weekend", "closures", "moved"})
_MOVE_KEYS = frozenset({"from", "to", "holiday"})


class CalendarError(ValueError):
    """A calendar that cannot be built; the message names the bad value."""


@dataclass(frozen=True)
class Holiday:
    """A public holiday: the library's English name, and whether its lunar date is only computed."""

    name: str
    estimated: bool = False


@dataclass(frozen=True)
class Move:
    """An announced correction: the public holiday ``name`` falls on ``target`` instead of ``source``.

    ``name`` may be left out when ``source`` carries exactly one holiday.
    """

    source: dt.date
    target: dt.date
    name: str | None = None


@functools.cache
def _holidays_of_year(year: int) -> Mapping[dt.date, tuple[Holiday, ...]]:
    """The library's IR holidays of one Gregorian year (built once per year: the library is slow to build)."""
    plain = holidays.country_holidays(_COUNTRY, years=year, language=_LANGUAGE, islamic_show_estimated=False)
    marked = holidays.country_holidays(_COUNTRY, years=year, language=_LANGUAGE, islamic_show_estimated=True)
    table: dict[dt.date, tuple[Holiday, ...]] = {}
    for day in plain:
        names = plain.get_list(day)
        labels = marked.get_list(day)
        table[day] = tuple(
            Holiday(name, estimated=label != name) for name, label in zip(names, labels, strict=True)
        )
    return MappingProxyType(table)


def public_holidays(day: dt.date) -> tuple[Holiday, ...]:
    """The library's public holidays on a day, before the office's corrections."""
    return _holidays_of_year(day.year).get(day, ())


def resolve_move(move: Move) -> Move:
    """Check a move against the library and name its holiday; CalendarError says what is wrong."""
    if move.source == move.target:
        raise CalendarError(f"moves {move.source.isoformat()} onto itself")
    if abs((move.target - move.source).days) > MAX_MOVE_DAYS:
        raise CalendarError(
            f"moves {move.source.isoformat()} to {move.target.isoformat()}: more than {MAX_MOVE_DAYS} days"
        )
    names = [h.name for h in public_holidays(move.source)]
    if not names:
        raise CalendarError(f"{move.source.isoformat()} is not a public holiday")
    if move.name is None:
        if len(names) > 1:
            raise CalendarError(
                f"{move.source.isoformat()} has several holidays ({'; '.join(names)}): say which one"
            )
        return Move(move.source, move.target, names[0])
    if move.name not in names:
        raise CalendarError(
            f"{move.source.isoformat()} has no holiday {move.name!r} (it has {'; '.join(names)})"
        )
    return move


@dataclass(frozen=True)
class OfficeCalendar:
    """Working days of one office: weekend weekdays, closures, moved holidays and the IR public holidays."""

    weekend: frozenset[int] = frozenset({FRIDAY})
    closures: frozenset[dt.date] = frozenset()
    moves: tuple[Move, ...] = field(default=())

    def __post_init__(self) -> None:
        """Refuse impossible weekends and check every move against the library."""
        bad = sorted(d for d in self.weekend if d not in WEEKDAYS.values())
        if bad:
            raise CalendarError(f"weekend days must be 0 (Monday) .. 6 (Sunday), got {bad}")
        if len(self.weekend) == len(WEEKDAYS):
            raise CalendarError("every day of the week is a weekend day: no working day is left")
        resolved = tuple(resolve_move(m) for m in self.moves)
        keys = [(m.source, m.name) for m in resolved]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            day, name = twice[0]
            raise CalendarError(f"{name} of {day.isoformat()} is moved twice")
        object.__setattr__(self, "moves", resolved)

    def holidays_on(self, day: dt.date) -> tuple[Holiday, ...]:
        """Public holidays on a day after the office's moves (a moved holiday is no longer estimated)."""
        gone = {m.name for m in self.moves if m.source == day}
        kept = tuple(h for h in public_holidays(day) if h.name not in gone)
        arrived = tuple(Holiday(m.name) for m in self.moves if m.target == day and m.name is not None)
        return kept + arrived

    def holiday_name(self, day: dt.date) -> str | None:
        """The day's holiday names ('; '-joined), else OFFICE_CLOSURE for a closure, else None."""
        found = self.holidays_on(day)
        if found:
            return "; ".join(h.name for h in found)
        return OFFICE_CLOSURE if day in self.closures else None

    def is_working_day(self, day: dt.date) -> bool:
        """Whether the office works on this day."""
        if isinstance(day, dt.datetime):
            raise TypeError("expected a date, got a datetime; take .date() in the office zone first")
        return day.weekday() not in self.weekend and day not in self.closures and not self.holidays_on(day)

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        day += dt.timedelta(days=1)
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after ``day``; n = 0 gives ``day`` if it is a working day, else the next."""
        if n < 0:
            raise ValueError(f"n must be 0 or more, got {n}")
        if n == 0:
            return day if self.is_working_day(day) else self.next_working_day(day)
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        span = (end - start).days
        return sum(self.is_working_day(start + dt.timedelta(days=i)) for i in range(1, span + 1))

    def at_working_hour(
        self, moment: dt.datetime, zone: dt.tzinfo, hour: int, minute: int = 0
    ) -> dt.datetime:
        """The first moment after ``moment`` that is hour:minute in ``zone`` on a working day, in UTC."""
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("naive datetime: attach a time zone first")
        at = dt.time(hour, minute)
        day = moment.astimezone(zone).date()
        candidate = dt.datetime.combine(day, at, tzinfo=zone)
        if not (self.is_working_day(day) and candidate > moment):
            candidate = dt.datetime.combine(self.next_working_day(day), at, tzinfo=zone)
        return candidate.astimezone(dt.UTC)

    def add_working_time(self, moment: dt.datetime, span: dt.timedelta, zone: dt.tzinfo) -> dt.datetime:
        """``moment`` plus ``span`` counted only on working days of ``zone`` (a holiday adds its whole day).

        A span started on a non-working day starts counting at the next working day's midnight.
        """
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("naive datetime: attach a time zone first")
        if span < dt.timedelta(0):
            raise ValueError(f"span must be 0 or more, got {span}")
        left, at = span, moment.astimezone(dt.UTC)
        while True:
            day = at.astimezone(zone).date()
            midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
            day_end = midnight.astimezone(dt.UTC)
            if self.is_working_day(day):
                if left <= day_end - at:
                    return at + left
                left -= day_end - at
            at = day_end


def _parse_day(value: object, where: str) -> dt.date:
    """A configured day: a TOML date, ISO '2026-03-25' or Jalali '1405/01/05' (any digits)."""
    if isinstance(value, dt.datetime):
        raise CalendarError(f"{where}: {value!r} is a moment, not a date")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise CalendarError(f"{where}: not a date: {value!r}")
    try:
        return to_gregorian(parse_jalali_date(value))
    except InvalidInput as error:
        raise CalendarError(f"{where}: not a date: {value!r} ({error.code.value})") from None


def _parse_weekend(value: object) -> frozenset[int]:
    """Weekday names, e.g. ["thursday", "friday"]."""
    if not isinstance(value, list):
        raise CalendarError(f"calendar.weekend: expected a list of day names, got {value!r}")
    days: set[int] = set()
    for item in value:
        name = item.strip().lower() if isinstance(item, str) else item
        if name not in WEEKDAYS:
            raise CalendarError(f"calendar.weekend: unknown day {item!r} (use {', '.join(WEEKDAYS)})")
        days.add(WEEKDAYS[name])
    return frozenset(days)


def _parse_closures(value: object) -> frozenset[dt.date]:
    """Closed days: single days, or 'first..last' ranges (both ends included)."""
    if not isinstance(value, list):
        raise CalendarError(f"calendar.closures: expected a list of dates, got {value!r}")
    days: set[dt.date] = set()
    for position, item in enumerate(value):
        where = f"calendar.closures[{position}]"
        if isinstance(item, str) and ".." in item:
            first_text, last_text = item.split("..", 1)
            first, last = _parse_day(first_text.strip(), where), _parse_day(last_text.strip(), where)
            if last < first:
                raise CalendarError(f"{where}: range ends before it starts: {item!r}")
            days.update(first + dt.timedelta(days=i) for i in range((last - first).days + 1))
        else:
            days.add(_parse_day(item, where))
    return frozenset(days)


def _parse_moves(value: object) -> tuple[Move, ...]:
    """Moved holidays: [{from = "...", to = "...", holiday = "..." (optional)}], checked on the library."""
    if not isinstance(value, list):
        raise CalendarError(f"calendar.moved: expected a list of tables, got {value!r}")
    moves: list[Move] = []
    for position, item in enumerate(value):
        where = f"calendar.moved[{position}]"
        if not isinstance(item, dict):
            raise CalendarError(f"{where}: expected a table {{from = ..., to = ...}}, got {item!r}")
        unknown = sorted(set(item) - _MOVE_KEYS)
        missing = sorted({"from", "to"} - set(item))
        if unknown or missing:
            raise CalendarError(f"{where}: unknown {unknown} / missing {missing} field(s)")
        name = item.get("holiday")
        if name is not None and not isinstance(name, str):
            raise CalendarError(f"{where}: holiday must be the library's name, got {name!r}")
        move = Move(_parse_day(item["from"], f"{where}.from"), _parse_day(item["to"], f"{where}.to"), name)
        try:
            moves.append(resolve_move(move))
        except CalendarError as error:
            raise CalendarError(f"{where}: {error}") from None
    return tuple(moves)


def calendar_to_config(calendar: OfficeCalendar) -> dict[str, Any]:
    """The calendar as stored (JSON): weekday names, ISO days, each move with its holiday's name."""
    names = {number: name for name, number in WEEKDAYS.items()}
    return {
        "weekend": [names[d] for d in sorted(calendar.weekend)],
        "closures": [d.isoformat() for d in sorted(calendar.closures)],
        "moved": [
            {"from": m.source.isoformat(), "to": m.target.isoformat(), "holiday": m.name}
            for m in calendar.moves
        ],
    }


def calendar_from_config(section: Mapping[str, Any]) -> OfficeCalendar:
    """Build the calendar from the office TOML's [calendar] section; CalendarError names the bad value."""
    if not isinstance(section, Mapping):
        raise CalendarError(f"calendar: expected a [calendar] table, got {section!r}")
    unknown = sorted(set(section) - _CONFIG_KEYS)
    if unknown:
        raise CalendarError(
            f"calendar: unknown field(s) {', '.join(unknown)} (known: {', '.join(sorted(_CONFIG_KEYS))})"
        )
    weekend = _parse_weekend(section["weekend"]) if "weekend" in section else frozenset({FRIDAY})
    return OfficeCalendar(
        weekend=weekend,
        closures=_parse_closures(section.get("closures", [])),
        moves=_parse_moves(section.get("moved", [])),
    )
