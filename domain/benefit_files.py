"""The two input files of the request-free benefits: monthly payroll rows and civil-registry events.

Pure: each row arrives as a mapping of column name to cell (text from a CSV, or numbers and dates from a
spreadsheet; header aliases are the importer's business) and comes back as a typed row or as every problem
found in it, with codes from ``domain.validators.InvalidCode`` or ``RowCode``. Persian and Arabic digits are
accepted everywhere; national IDs must pass the check digit; money is integer rials; dates are Gregorian
``datetime.date`` values; months are Jalali ``Month(year, month)`` pairs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, NamedTuple, TypeVar

from domain.jalali import shift_month, to_gregorian, to_jalali
from domain.text import normalize_text
from domain.validators import (
    MAX_INPUT_LENGTH,
    InvalidCode,
    InvalidInput,
    parse_amount,
    parse_jalali_date,
    parse_national_id,
)

__all__ = [
    "Event",
    "FileCheck",
    "FileProblem",
    "MarriageKind",
    "Month",
    "PayrollRow",
    "RegistryRow",
    "RowCode",
    "RowProblem",
    "check_payroll_file",
    "check_registry_file",
    "parse_payroll_row",
    "parse_registry_row",
]

#: Jalali years a payroll month may name.
FIRST_YEAR, LAST_YEAR = 1300, 1499
MAX_CONTRIBUTION_DAYS = 31
MAX_RECORD_ID = 64
_MAX_SHOWN = 100


class Month(NamedTuple):
    """A Jalali month; orders like the calendar."""

    year: int
    month: int

    def __str__(self) -> str:
        """``YYYY/MM``."""
        return f"{self.year:04d}/{self.month:02d}"

    @classmethod
    def of(cls, day: dt.date) -> Month:
        """The Jalali month a day falls in."""
        j = to_jalali(day)
        return cls(int(j.year), int(j.month))

    def shift(self, months: int) -> Month:
        """The month ``months`` months later (earlier when negative)."""
        return Month(*shift_month(self.year, self.month, months))


class Event(StrEnum):
    """What the registry recorded."""

    MARRIAGE = "marriage"
    BIRTH = "birth"


class MarriageKind(StrEnum):
    """A permanent (da'em) or temporary (movaqqat) marriage."""

    PERMANENT = "permanent"
    TEMPORARY = "temporary"


# --- the two input files ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PayrollRow:
    """One person's contribution days and gross pay in one Jalali month."""

    national_id: str
    month: Month
    contribution_days: int
    gross_pay: int


@dataclass(frozen=True, slots=True)
class RegistryRow:
    """One event from the civil registry's monthly file."""

    record_id: str
    national_id: str
    event: Event
    event_date: dt.date
    spouse_national_id: str | None = None
    child_national_id: str | None = None
    marriage_kind: MarriageKind | None = None


class RowCode(StrEnum):
    """Why a cell or row of an input file was refused (besides ``domain.validators.InvalidCode`` values)."""

    MONTH_FORMAT = "month_format"
    MONTH_IMPOSSIBLE = "month_impossible"
    DAYS_FORMAT = "days_format"
    DAYS_RANGE = "days_range"
    RECORD_ID_FORMAT = "record_id_format"
    EVENT_UNKNOWN = "event_unknown"
    MARRIAGE_KIND_UNKNOWN = "marriage_kind_unknown"
    #: A value in a column this event does not use (a child on a marriage, a kind on a birth).
    UNEXPECTED_VALUE = "unexpected_value"
    #: The spouse or the child is the person themself.
    SAME_PERSON = "same_person"
    #: A second payroll row for one person and month, or a second registry row with one record id.
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One refused cell: its column, the code and the value as found (shortened)."""

    column: str
    code: InvalidCode | RowCode
    value: str


def _shown(value: object) -> str:
    """A cell's value as text for a problem report, at most 100 characters."""
    return "" if value is None else str(value)[:_MAX_SHOWN]


def _cell_text(value: object) -> str | None:
    """A cell as text (numbers from a spreadsheet included); None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return text if text.strip() else None


# Persian values written as escapes (transliteration in comments).
_EVENT_ALIASES: Mapping[str, Event] = {
    "marriage": Event.MARRIAGE,
    "\u0627\u0632\u062f\u0648\u0627\u062c": Event.MARRIAGE,  # ezdevaj
    "birth": Event.BIRTH,
    "\u062a\u0648\u0644\u062f": Event.BIRTH,  # tavallod
    "\u0648\u0644\u0627\u062f\u062a": Event.BIRTH,  # veladat
}
_KIND_ALIASES: Mapping[str, MarriageKind] = {
    "permanent": MarriageKind.PERMANENT,
    "\u062f\u0627\u0626\u0645": MarriageKind.PERMANENT,  # da'em
    "\u062f\u0627\u0626\u0645\u06cc": MarriageKind.PERMANENT,  # da'emi
    "temporary": MarriageKind.TEMPORARY,
    "\u0645\u0648\u0642\u062a": MarriageKind.TEMPORARY,  # movaqqat
}
_MONTH_RE = re.compile(r"([0-9]{4})\s*[/\-.\u066b]\s*([0-9]{1,2})", re.ASCII)
_DAYS_RE = re.compile(r"[0-9]{1,3}", re.ASCII)
_RECORD_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-/.]*", re.ASCII)


class _Cells:
    """Reads one row's cells, collecting a problem per refused cell."""

    def __init__(self, raw: Mapping[str, object]) -> None:
        """Keep the row."""
        self.raw = raw
        self.problems: list[RowProblem] = []

    def refuse(self, column: str, code: InvalidCode | RowCode) -> None:
        """Record a problem with the column's value as found."""
        self.problems.append(RowProblem(column, code, _shown(self.raw.get(column))))

    def text(self, column: str, *, required: bool = True) -> str | None:
        """The cell as text; refused as ``empty`` when required and empty, ``too_long`` when over-long."""
        text = _cell_text(self.raw.get(column))
        if text is None:
            if required:
                self.refuse(column, InvalidCode.EMPTY)
            return None
        if len(text) > MAX_INPUT_LENGTH:
            self.refuse(column, InvalidCode.TOO_LONG)
            return None
        return text

    def validated(self, column: str, parse: Callable[[str], str], *, required: bool = True) -> str | None:
        """The cell through a validator of ``domain.validators``, or None (refused or empty)."""
        text = self.text(column, required=required)
        if text is None:
            return None
        try:
            return parse(text)
        except InvalidInput as invalid:
            self.refuse(column, invalid.code)
            return None

    def national_id(self, column: str, *, required: bool = True) -> str | None:
        """A national ID with a valid check digit (Persian or Arabic digits accepted)."""
        return self.validated(column, parse_national_id, required=required)


def _month(cells: _Cells, column: str) -> Month | None:
    """A Jalali month written ``YYYY/MM`` (also with '-' or '.'); a spreadsheet number is refused."""
    raw = cells.raw.get(column)
    if raw is not None and not isinstance(raw, str):
        cells.refuse(column, RowCode.MONTH_FORMAT)  # 1403.10 typed as a number reads as 1403.1
        return None
    text = cells.text(column)
    if text is None:
        return None
    match = _MONTH_RE.fullmatch(normalize_text(text))
    if match is None:
        cells.refuse(column, RowCode.MONTH_FORMAT)
        return None
    year, month = int(match[1]), int(match[2])
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        cells.refuse(column, RowCode.MONTH_IMPOSSIBLE)
        return None
    return Month(year, month)


def _days(cells: _Cells, column: str) -> int | None:
    """Contribution days: a whole number from 0 to 31."""
    raw = cells.raw.get(column)
    if isinstance(raw, int) and not isinstance(raw, bool):
        days = raw
    else:
        text = cells.text(column)
        if text is None:
            return None
        cleaned = normalize_text(text)
        if isinstance(raw, bool) or _DAYS_RE.fullmatch(cleaned) is None:
            cells.refuse(column, RowCode.DAYS_FORMAT)
            return None
        days = int(cleaned)
    if not 0 <= days <= MAX_CONTRIBUTION_DAYS:
        cells.refuse(column, RowCode.DAYS_RANGE)
        return None
    return days


def _amount(cells: _Cells, column: str) -> int | None:
    """Gross pay: whole rials, 0 or more, thousands separators allowed."""
    raw = cells.raw.get(column)
    if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
        cells.refuse(column, InvalidCode.AMOUNT_FORMAT)
        return None
    text = cells.text(column)
    if text is None:
        return None
    try:
        return parse_amount(text, minimum=0)
    except InvalidInput as invalid:
        cells.refuse(column, invalid.code)
        return None


def parse_payroll_row(raw: Mapping[str, object]) -> PayrollRow | tuple[RowProblem, ...]:
    """A payroll row (``national_id``, ``month``, ``contribution_days``, ``gross_pay``) or its problems."""
    cells = _Cells(raw)
    national_id = cells.national_id("national_id")
    month = _month(cells, "month")
    days = _days(cells, "contribution_days")
    pay = _amount(cells, "gross_pay")
    if national_id is None or month is None or days is None or pay is None:
        return tuple(cells.problems)
    return PayrollRow(national_id, month, days, pay)


def _alias(cells: _Cells, column: str, aliases: Mapping[str, StrEnum], unknown: RowCode) -> StrEnum | None:
    """A value from a small vocabulary (English or Persian, any case)."""
    text = cells.text(column)
    if text is None:
        return None
    found = aliases.get(normalize_text(text).casefold())
    if found is None:
        cells.refuse(column, unknown)
    return found


def _event_date(cells: _Cells, column: str) -> dt.date | None:
    """A day written in Jalali (``1403/07/15``) or ISO (``2024-10-06``), or a spreadsheet date."""
    raw = cells.raw.get(column)
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if raw is not None and not isinstance(raw, str):
        cells.refuse(column, InvalidCode.DATE_FORMAT)
        return None
    text = cells.text(column)
    if text is None:
        return None
    try:
        return to_gregorian(parse_jalali_date(text))
    except InvalidInput as invalid:
        cells.refuse(column, invalid.code)
        return None


def _record_id(cells: _Cells, column: str) -> str | None:
    """The registry's id of the record: letters, digits, '_', '-', '/', '.'; at most 64 characters."""
    text = cells.text(column)
    if text is None:
        return None
    cleaned = normalize_text(text)
    if len(cleaned) > MAX_RECORD_ID or _RECORD_ID_RE.fullmatch(cleaned) is None:
        cells.refuse(column, RowCode.RECORD_ID_FORMAT)
        return None
    return cleaned


def parse_registry_row(raw: Mapping[str, object]) -> RegistryRow | tuple[RowProblem, ...]:
    """A registry row or its problems.

    Columns: ``record_id``, ``national_id``, ``event`` (marriage or birth), ``event_date``,
    ``spouse_national_id`` (required for a marriage), ``child_national_id`` (required for a birth, empty for a
    marriage), ``marriage_kind`` (permanent or temporary: required for a marriage, empty for a birth).
    """
    cells = _Cells(raw)
    record_id = _record_id(cells, "record_id")
    national_id = cells.national_id("national_id")
    event = _alias(cells, "event", _EVENT_ALIASES, RowCode.EVENT_UNKNOWN)
    event_date = _event_date(cells, "event_date")
    is_marriage, is_birth = event is Event.MARRIAGE, event is Event.BIRTH
    spouse = cells.national_id("spouse_national_id", required=is_marriage)
    child: str | None = None
    kind: StrEnum | None = None
    if is_birth:
        child = cells.national_id("child_national_id")
        if _cell_text(raw.get("marriage_kind")) is not None:
            cells.refuse("marriage_kind", RowCode.UNEXPECTED_VALUE)
    elif is_marriage:
        kind = _alias(cells, "marriage_kind", _KIND_ALIASES, RowCode.MARRIAGE_KIND_UNKNOWN)
        if _cell_text(raw.get("child_national_id")) is not None:
            cells.refuse("child_national_id", RowCode.UNEXPECTED_VALUE)
    for column, other in (("spouse_national_id", spouse), ("child_national_id", child)):
        if other is not None and other == national_id:
            cells.refuse(column, RowCode.SAME_PERSON)
    if cells.problems or record_id is None or national_id is None or event is None or event_date is None:
        return tuple(cells.problems)
    return RegistryRow(
        record_id=record_id,
        national_id=national_id,
        event=Event(event),
        event_date=event_date,
        spouse_national_id=spouse,
        child_national_id=child,
        marriage_kind=MarriageKind(kind) if kind is not None else None,
    )


# --- whole files --------------------------------------------------------------------------------------------

_R = TypeVar("_R", PayrollRow, RegistryRow)


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A problem at a row of a file (spreadsheet numbering: the header is row 1)."""

    row: int
    column: str
    code: InvalidCode | RowCode
    value: str


@dataclass(frozen=True, slots=True)
class FileCheck(Generic[_R]):
    """The rows that passed and every problem found; use the rows only when there is no problem."""

    rows: tuple[_R, ...]
    problems: tuple[FileProblem, ...]

    @property
    def ok(self) -> bool:
        """Whether the whole file passed."""
        return not self.problems


def _check_file(
    raws: Iterable[Mapping[str, object]],
    parse: Callable[[Mapping[str, object]], _R | tuple[RowProblem, ...]],
    key: Callable[[_R], object],
    key_column: str,
    first_row: int,
) -> FileCheck[_R]:
    """Parse every row, and refuse a row whose key an earlier row already had."""
    rows: list[_R] = []
    problems: list[FileProblem] = []
    seen: set[object] = set()
    for number, raw in enumerate(raws, start=first_row):
        result = parse(raw)
        if isinstance(result, tuple):
            problems += [FileProblem(number, p.column, p.code, p.value) for p in result]
        elif key(result) in seen:
            problems.append(FileProblem(number, key_column, RowCode.DUPLICATE, _shown(raw.get(key_column))))
        else:
            seen.add(key(result))
            rows.append(result)
    return FileCheck(tuple(rows), tuple(problems))


def check_payroll_file(raws: Iterable[Mapping[str, object]], *, first_row: int = 2) -> FileCheck[PayrollRow]:
    """Every payroll row checked; a second row for the same person and month is a duplicate."""
    return _check_file(raws, parse_payroll_row, lambda r: (r.national_id, r.month), "month", first_row)


def check_registry_file(
    raws: Iterable[Mapping[str, object]], *, first_row: int = 2
) -> FileCheck[RegistryRow]:
    """Every registry row checked; a second row with the same record id is a duplicate."""
    return _check_file(raws, parse_registry_row, lambda r: r.record_id, "record_id", first_row)
