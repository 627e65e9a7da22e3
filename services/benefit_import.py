"""The benefits' input files, checked row by row and streamed: payroll (all or nothing) and registry events.

Every row is judged by ``domain.benefit_files`` (the registry's rows through a fast path for rows already in
canonical form, which accepts exactly what the domain parser accepts and hands anything else to it). Checks
across rows (a person and month twice, a record id twice) run in SQL on a :class:`services.importing.Scratch`
database, so memory stays flat whatever the file's size; the first problems are kept with their line
numbers (the header is line 1), all are counted. Nothing here writes to the office's database.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from domain.benefit_files import (
    MAX_RECORD_ID,
    Event,
    PayrollRow,
    RegistryRow,
    RowCode,
    parse_payroll_row,
    parse_registry_row,
)
from domain.jalali import to_gregorian
from domain.validators import InvalidInput, parse_jalali_date
from services.importing import (
    BATCH_SIZE,
    HEADER_ROW,
    MAX_KEPT_ERRORS,
    ErrorLog,
    RowError,
    Scratch,
    Source,
    SourceError,
    TableCode,
    alias_index,
    batched,
    map_header,
)

__all__ = [
    "PAYROLL_HEADER_ALIASES",
    "REGISTRY_HEADER_ALIASES",
    "CheckedEvents",
    "CheckedPayroll",
    "RowError",
    "check_events",
    "check_payroll",
    "fast_registry_row",
]

# Header aliases (Persian written as escapes; transliteration in comments).
_FA_NATIONAL_ID = "\u06a9\u062f \u0645\u0644\u06cc"  # kod-e melli
PAYROLL_HEADER_ALIASES: Mapping[str, tuple[str, ...]] = {
    "national_id": (_FA_NATIONAL_ID,),
    "month": ("\u0645\u0627\u0647",),  # mah
    "contribution_days": ("\u0631\u0648\u0632\u0647\u0627\u06cc \u06a9\u0627\u0631\u06a9\u0631\u062f",),
    "gross_pay": ("\u062d\u0642\u0648\u0642 \u0646\u0627\u062e\u0627\u0644\u0635",),  # hoghugh-e nakhales
}
REGISTRY_HEADER_ALIASES: Mapping[str, tuple[str, ...]] = {
    "record_id": ("\u0634\u0646\u0627\u0633\u0647",),  # shenase
    "national_id": (_FA_NATIONAL_ID,),
    "event": ("\u0631\u0648\u06cc\u062f\u0627\u062f",),  # ruydad
    "event_date": ("\u062a\u0627\u0631\u06cc\u062e",),  # tarikh
    "spouse_national_id": ("\u06a9\u062f \u0645\u0644\u06cc \u0647\u0645\u0633\u0631",),  # ... hamsar
    "child_national_id": ("\u06a9\u062f \u0645\u0644\u06cc \u0641\u0631\u0632\u0646\u062f",),  # ... farzand
    "marriage_kind": ("\u0646\u0648\u0639 \u0627\u0632\u062f\u0648\u0627\u062c",),  # no'-e ezdevaj
}
PAYROLL_FIELDS = tuple(PAYROLL_HEADER_ALIASES)
REGISTRY_FIELDS = tuple(REGISTRY_HEADER_ALIASES)
_PAYROLL_INDEX = alias_index(PAYROLL_HEADER_ALIASES)
_REGISTRY_INDEX = alias_index(REGISTRY_HEADER_ALIASES)
_ACROSS_ROWS = 100
#: The registry check's page cache: its scratch holds a row per line of the file, so this bounds its memory.
SCRATCH_CACHE_MIB = 8


class UnreadableFile(Exception):
    """The file cannot be used at all (format, encoding, header); ``errors`` says why."""

    def __init__(self, errors: list[RowError]) -> None:
        """Keep the problems."""
        super().__init__("; ".join(f"{e.code} {e.column or ''}".strip() for e in errors))
        self.errors = errors


def _open(
    path: Path, index: Mapping[str, str]
) -> tuple[Source, dict[str, int], Iterator[tuple[int, list[str]]]]:
    """The file's first table, its columns by field, and its numbered rows; UnreadableFile if unusable."""
    label = path.name
    try:
        source = Source(path)
    except SourceError as exc:
        raise UnreadableFile([RowError(file=label, row=0, column=None, code=exc.code, value="")]) from None
    except OSError:
        raise UnreadableFile(
            [RowError(file=label, row=0, column=None, code="unreadable", value="")]
        ) from None
    try:
        if not source.tables:
            raise UnreadableFile([RowError(file=label, row=0, column=None, code=TableCode.NO_ROWS, value="")])
        header, rows = source.tables[0].read()
        if header is None:
            raise UnreadableFile(
                [RowError(file=label, row=HEADER_ROW, column=None, code=TableCode.NO_ROWS, value="")]
            )
        columns, problems = map_header(header, index)
        missing = [p for p in problems if p.code is TableCode.MISSING_COLUMN]
        if columns is None or missing:
            raise UnreadableFile(
                [
                    RowError(file=label, row=HEADER_ROW, column=p.column, code=p.code, value=p.value)
                    for p in problems
                ]
            )
    except BaseException:
        source.close()
        raise
    return source, columns, rows


def _cells(cells: list[str], positions: tuple[int, ...]) -> list[str]:
    """A row's cells in field order (a short row's missing cells read as empty)."""
    width = len(cells)
    return [cells[p] if p < width else "" for p in positions]


# --- payroll: all or nothing --------------------------------------------------------------------------------


class CheckedPayroll:
    """A payroll file checked and staged (``payroll (row, national_id, month, days, pay)``); close it."""

    def __init__(self, path: Path, *, max_errors: int) -> None:
        self.log = ErrorLog(max_errors)
        self.scratch = Scratch()
        self.rows = 0
        try:
            self.scratch.conn.execute(
                "CREATE TABLE payroll (row INTEGER PRIMARY KEY, national_id TEXT, month TEXT, days INTEGER,"
                " pay INTEGER)"
            )
            self._check(path)
        except BaseException:
            self.scratch.close()
            raise

    @property
    def ok(self) -> bool:
        """Whether every row passed."""
        return self.log.count == 0

    @property
    def errors(self) -> list[RowError]:
        """The first problems, in line order."""
        return self.log.errors

    def months(self) -> list[str]:
        """The Jalali months the file holds, ``YYYY/MM``."""
        return [m for (m,) in self.scratch.conn.execute("SELECT DISTINCT month FROM payroll ORDER BY month")]

    def staged(self) -> Path:
        """The scratch database, committed for ``storage.benefits.replace_payroll`` to read."""
        return self.scratch.finish()

    def close(self) -> None:
        """Drop the scratch database."""
        self.scratch.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def _check(self, path: Path) -> None:
        try:
            source, columns, rows = _open(path, _PAYROLL_INDEX)
        except UnreadableFile as unreadable:
            for e in unreadable.errors:
                self.log.add((0, e.row, 0), e.file, e.row, e.column, e.code, e.value)
            return
        positions = tuple(columns[f] for f in PAYROLL_FIELDS)
        label = path.name
        with source:

            def staged() -> Iterator[tuple[int, str, str, int, int]]:
                for number, cells in rows:
                    self.rows += 1
                    result = parse_payroll_row(
                        dict(zip(PAYROLL_FIELDS, _cells(cells, positions), strict=True))
                    )
                    if isinstance(result, PayrollRow):
                        yield (
                            number,
                            result.national_id,
                            str(result.month),
                            result.contribution_days,
                            result.gross_pay,
                        )
                        continue
                    for seq, p in enumerate(result):
                        self.log.add((1, number, seq), label, number, p.column, p.code, p.value)

            self.scratch.insert("INSERT INTO payroll VALUES (?, ?, ?, ?, ?)", staged())
        if not self.rows:
            self.log.add((0, HEADER_ROW, 0), label, HEADER_ROW, None, TableCode.NO_ROWS, "")
        self.scratch.conn.execute("CREATE INDEX payroll_key ON payroll (national_id, month)")
        repeats = """SELECT s.row, s.month FROM payroll s JOIN
                       (SELECT national_id, month, MIN(row) AS first FROM payroll GROUP BY national_id, month
                        HAVING COUNT(*) > 1) d
                     ON s.national_id = d.national_id AND s.month = d.month AND s.row > d.first"""
        for batch in self.scratch.batches(repeats):
            for number, month in batch:
                self.log.add((1, number, _ACROSS_ROWS), label, number, "month", RowCode.DUPLICATE, month)


def check_payroll(path: Path, *, max_errors: int = MAX_KEPT_ERRORS) -> CheckedPayroll:
    """Check a payroll file (CSV or XLSX), streamed; use the result as a context manager."""
    return CheckedPayroll(path, max_errors=max_errors)


# --- registry events: bad rows never stop the good ones ----------------------------------------------------

_EVENT_EXACT = {e.value: e.value for e in Event}
_KIND_EXACT = {"permanent": "permanent", "temporary": "temporary"}
_RECORD_ID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-/.")
_RECORD_ID_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


@lru_cache(maxsize=1 << 16)
def _iso_day(text: str) -> str | None:
    """A Jalali or ISO date cell as an ISO Gregorian date, or None when the domain would refuse it."""
    try:
        return to_gregorian(parse_jalali_date(text)).isoformat()
    except InvalidInput:
        return None


# A national ID's weighted digit sum in one multiplication: each digit gets 16 bits of its own (hex), so the
# product's 9th 16-bit word is the sum of digit x weight (no word overflows: at most 9 x 9 x 10 < 2**16).
_SPREAD = str.maketrans({str(d): f"000{d}" for d in range(10)})
_WEIGHTS = sum(w << (16 * j) for j, w in enumerate((10, 9, 8, 7, 6, 5, 4, 3, 2)))


def _national_id(text: str) -> bool:
    """Whether a cell is a national ID already in canonical form (ten ASCII digits, valid check digit).

    The same answer as ``parse_national_id(text) == text``, several times faster (a test holds them equal).
    """
    if len(text) != 10 or not text.isascii() or not text.isdigit() or text == text[0] * 10:
        return False
    rest = ((int(text[:9].translate(_SPREAD), 16) * _WEIGHTS) >> 128 & 0xFFFF) % 11
    return ord(text[9]) - 48 == (rest if rest < 2 else 11 - rest)


#: A staged event: record id, national ID, event, ISO date, spouse, child, marriage kind.
Staged = tuple[str, str, str, str, str | None, str | None, str | None]


def fast_registry_row(cells: list[str]) -> Staged | None:
    """A row in canonical form (cells in ``REGISTRY_FIELDS`` order) as staged, or None to ask the domain.

    Accepts only rows ``domain.benefit_files.parse_registry_row`` accepts, with the same values.
    """
    record_id, national_id, event, day_text, spouse, child, kind = cells
    if (
        not 0 < len(record_id) <= MAX_RECORD_ID
        or record_id[0] not in _RECORD_ID_FIRST
        or not _RECORD_ID_CHARS.issuperset(record_id)
    ):
        return None
    found = _EVENT_EXACT.get(event)
    day = _iso_day(day_text) if found is not None else None
    if day is None or not _national_id(national_id):
        return None
    if found == "marriage":
        marriage_kind = _KIND_EXACT.get(kind)
        if marriage_kind is None or child or spouse == national_id or not _national_id(spouse):
            return None
        return record_id, national_id, "marriage", day, spouse, None, marriage_kind
    if kind or not _national_id(child) or child == national_id:
        return None
    if spouse and (spouse == national_id or not _national_id(spouse)):
        return None
    return record_id, national_id, "birth", day, spouse or None, child, None


def _staged(row: RegistryRow) -> Staged:
    """A row the domain accepted, as staged."""
    return (
        row.record_id,
        row.national_id,
        row.event.value,
        row.event_date.isoformat(),
        row.spouse_national_id,
        row.child_national_id,
        row.marriage_kind.value if row.marriage_kind else None,
    )


@dataclass(frozen=True)
class EventCounts:
    """What the check of a registry file found."""

    rows: int
    bad_rows: int
    duplicates: int
    not_insured: int
    matched: int


class CheckedEvents:
    """A registry file checked: its problems (first ones kept, all counted) and, staged, the good rows of
    people on file: ``matched (row, record_id, national_id, event, event_date, spouse, child, kind,
    employee_id)``. Raises :class:`UnreadableFile` when the file cannot be used at all.
    """

    def __init__(self, path: Path, people: Mapping[str, int], *, max_errors: int) -> None:
        self.log = ErrorLog(max_errors)
        self.scratch = Scratch(cache_mib=SCRATCH_CACHE_MIB)
        self.rows = 0
        self.valid = 0
        self.duplicates = 0
        try:
            conn = self.scratch.conn
            conn.execute("CREATE TABLE ids (record_id TEXT, row INTEGER)")
            conn.execute(
                "CREATE TABLE matched (row INTEGER PRIMARY KEY, record_id TEXT, national_id TEXT, event TEXT,"
                " event_date TEXT, spouse TEXT, child TEXT, kind TEXT, employee_id INTEGER)"
            )
            self._check(path, people)
        except BaseException:
            self.scratch.close()
            raise

    @property
    def errors(self) -> list[RowError]:
        """The first problems, in line order."""
        return self.log.errors

    def counts(self) -> EventCounts:
        """The file's rows by what was found."""
        matched = int(self.scratch.conn.execute("SELECT COUNT(*) FROM matched").fetchone()[0])
        return EventCounts(
            rows=self.rows,
            bad_rows=self.rows - self.valid + self.duplicates,
            duplicates=self.duplicates,
            not_insured=self.valid - self.duplicates - matched,
            matched=matched,
        )

    def staged(self) -> Path:
        """The scratch database, committed for ``storage.benefits.insert_staged_cases`` to read."""
        return self.scratch.finish()

    def close(self) -> None:
        """Drop the scratch database."""
        self.scratch.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def _check(self, path: Path, people: Mapping[str, int]) -> None:
        source, columns, rows = _open(path, _REGISTRY_INDEX)
        label = path.name
        positions = tuple(columns[f] for f in REGISTRY_FIELDS)
        log = self.log
        conn = self.scratch.conn
        width = max(positions) + 1
        matched: list[tuple[Any, ...]] = []

        def flush() -> None:
            conn.executemany("INSERT INTO matched VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", matched)
            matched.clear()

        def valid() -> Iterator[tuple[str, int]]:
            """(record id, line) of every good row; people on file go to ``matched`` on the way."""
            for number, raw in rows:
                self.rows += 1
                cells = [raw[p] for p in positions] if len(raw) >= width else _cells(raw, positions)
                staged = fast_registry_row(cells)
                if staged is None:
                    result = parse_registry_row(dict(zip(REGISTRY_FIELDS, cells, strict=True)))
                    if isinstance(result, tuple):
                        for seq, p in enumerate(result):
                            log.add((1, number, seq), label, number, p.column, p.code, p.value)
                        continue
                    staged = _staged(result)
                employee = people.get(staged[1])
                if employee is not None:
                    matched.append((number, *staged, employee))
                    if len(matched) >= BATCH_SIZE:
                        flush()
                self.valid += 1
                yield staged[0], number

        with source, _collector_paused():
            conn.executemany("INSERT INTO ids VALUES (?, ?)", valid())
            flush()
        repeats = """SELECT s.row, s.record_id FROM ids s JOIN
                       (SELECT record_id, MIN(row) AS first FROM ids GROUP BY record_id HAVING COUNT(*) > 1) d
                     ON s.record_id = d.record_id AND s.row > d.first"""
        later: list[int] = []
        for found in self.scratch.batches(repeats):
            for number, record_id in found:
                later.append(number)
                log.add((1, number, _ACROSS_ROWS), label, number, "record_id", RowCode.DUPLICATE, record_id)
        self.duplicates = len(later)
        for chunk in batched(later, 500):
            conn.execute(f"DELETE FROM matched WHERE row IN ({', '.join('?' * len(chunk))})", chunk)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while rows stream by: they form no cycles, and the collector's passes
    over the rows in flight would cost more than the parse itself."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def check_events(
    path: Path, people: Mapping[str, int], *, max_errors: int = MAX_KEPT_ERRORS
) -> CheckedEvents:
    """Check a registry file against ``people`` (national ID -> employee id), streamed; a context manager."""
    return CheckedEvents(path, people, max_errors=max_errors)


def iso_date(text: str) -> dt.date:
    """A staged ISO date back to a date."""
    return dt.date.fromisoformat(text)
