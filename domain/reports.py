"""The head's report: the period asked for, percentiles, and when a request was decided. Pure.

A period is a span of office days, both ends included: ``/report`` is the current Jalali month so far,
``/report 7`` the last seven days (today included), ``/report 1405/03`` a Jalali month, and
``/report 1405/01/01 1405/06/31`` a range (any digits, ``/`` or ``-``).

A request is *decided* at its first move by staff out of a review status (one a staff approve or reject
leaves, or "needs information") into a status that is not one; the time to decision runs from its
submission.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from domain.jalali import jalali_month_length, jalali_to_gregorian, to_jalali
from domain.text import normalize_digits
from domain.validators import InvalidInput, parse_date
from domain.workflow import Action, Status, Workflow

#: The longest period one report covers.
MAX_DAYS = 400
_MONTH_RE = re.compile(r"(\d{4})[/-](\d{1,2})")


class PeriodError(StrEnum):
    """Why a period cannot be read."""

    FORMAT = "format"
    ORDER = "order"
    TOO_LONG = "too_long"


class BadPeriod(ValueError):
    """A period that cannot be read; ``code`` says why."""

    def __init__(self, code: PeriodError) -> None:
        super().__init__(code.value)
        self.code = code


@dataclass(frozen=True)
class Period:
    """Office days ``first`` to ``last``, both included."""

    first: dt.date
    last: dt.date

    @property
    def days(self) -> int:
        """How many days it covers."""
        return (self.last - self.first).days + 1

    def bounds(self, zone: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) as aware UTC moments: the first day's midnight to the midnight after the last."""
        start = dt.datetime.combine(self.first, dt.time(0), tzinfo=zone)
        end = dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
        return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def month_period(year: int, month: int) -> Period:
    """A whole Jalali month."""
    return Period(
        jalali_to_gregorian(year, month, 1),
        jalali_to_gregorian(year, month, jalali_month_length(year, month)),
    )


def parse_period(words: Sequence[str], today: dt.date) -> Period:
    """The period of ``/report`` arguments (see the module's docstring); raises :class:`BadPeriod`."""
    args = [normalize_digits(w).strip() for w in words if w.strip()]
    if not args:
        j = to_jalali(today)
        return Period(jalali_to_gregorian(int(j.year), int(j.month), 1), today)
    if len(args) == 1 and args[0].isascii() and args[0].isdigit():
        days = int(args[0])
        if not 1 <= days <= MAX_DAYS:
            raise BadPeriod(PeriodError.TOO_LONG if days > MAX_DAYS else PeriodError.FORMAT)
        return Period(today - dt.timedelta(days=days - 1), today)
    if len(args) == 1 and (match := _MONTH_RE.fullmatch(args[0])) is not None:
        year, month = int(match.group(1)), int(match.group(2))
        if not (1300 <= year <= 1700 and 1 <= month <= 12):
            raise BadPeriod(PeriodError.FORMAT)
        return month_period(year, month)
    if len(args) == 2:
        try:
            first, last = parse_date(args[0]), parse_date(args[1])
        except InvalidInput:
            raise BadPeriod(PeriodError.FORMAT) from None
        return checked(first, last)
    raise BadPeriod(PeriodError.FORMAT)


def checked(first: dt.date, last: dt.date) -> Period:
    """A period from two days, refused when reversed or too long."""
    if last < first:
        raise BadPeriod(PeriodError.ORDER)
    period = Period(first, last)
    if period.days > MAX_DAYS:
        raise BadPeriod(PeriodError.TOO_LONG)
    return period


def percentile(values: Iterable[float], q: float) -> float | None:
    """The q-th percentile (0..100) by linear interpolation between closest ranks; None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    if not 0 <= q <= 100:
        raise ValueError(f"q must be 0..100, got {q}")
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def review_statuses(workflow: Workflow) -> frozenset[str]:
    """Statuses in which a request waits for a staff decision: the sources of staff approve or reject."""
    found = {Status.NEEDS_INFO.value}
    for t in workflow.transitions:
        if t.action in (Action.APPROVE, Action.REJECT) and not t.by_owner and not t.by_system:
            found |= t.sources
    return frozenset(found)


class Move(Protocol):
    """An audit row as this module reads it."""

    @property
    def at(self) -> dt.datetime: ...

    @property
    def actor_role(self) -> str | None: ...

    @property
    def from_status(self) -> str | None: ...

    @property
    def to_status(self) -> str: ...


def decided_at(moves: Iterable[Move], review: frozenset[str]) -> dt.datetime | None:
    """The moment staff first moved the request out of review (None: not decided, or not by staff)."""
    for m in moves:
        if m.actor_role in (None, "owner", "system") or m.from_status is None:
            continue
        if m.from_status in review and m.to_status not in review:
            return m.at
    return None
