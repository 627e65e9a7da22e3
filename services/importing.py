"""Streaming imports: tables read row by row (CSV, XLSX), aliased headers, capped error lists, batches.

An import opens its files with :class:`Source`, maps each :class:`Table`'s header with :func:`map_header`,
parses the rows it yields (numbered as in a spreadsheet, the header being row 1) in batches with
:func:`parse_batch`, which reports refusals to an :class:`ErrorLog` (the first ``cap`` kept, all
counted). Checks across rows (duplicates, references) run in SQL on a :class:`Scratch` database (a private
temporary file, so memory stays flat), from which the checked rows are written: read back in batches
(:meth:`Scratch.batches`) for ``executemany``, or attached and copied in SQL.
"""

from __future__ import annotations

import codecs
import csv
import functools
import heapq
import itertools
import sqlite3
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import IO, Annotated, Any, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict

from domain.text import ZWNJ, deletion_table, normalize_text
from domain.validators import InvalidInput

HEADER_ROW = 1
BATCH_SIZE = 5_000  # rows per executemany or fetchmany
# Rows parsed column by column at a time: small enough that a batch stays in the CPU's caches.
PARSE_BATCH_SIZE = 256
MAX_KEPT_ERRORS = 1_000
MAX_ERROR_VALUE_LENGTH = 100
_UTF8_CHECK_CHUNK = 1 << 20


class TableCode(StrEnum):
    """Problems with a whole file or its header row."""

    FILE_FORMAT = "file_format"
    FILE_ENCODING = "file_encoding"
    NO_ROWS = "no_rows"
    MISSING_COLUMN = "missing_column"
    UNKNOWN_COLUMN = "unknown_column"
    DUPLICATE_COLUMN = "duplicate_column"


class SourceError(Exception):
    """A whole file could not be read; ``code`` says why."""

    def __init__(self, code: TableCode) -> None:
        """Remember the error code."""
        super().__init__(code.value)
        self.code = code


class RowError(BaseModel):
    """One problem found in an input file; row is the 1-based spreadsheet row (header is row 1)."""

    model_config = ConfigDict(frozen=True)

    file: str
    row: int
    column: str | None
    code: Annotated[str, BeforeValidator(str)]  # a TableCode, an import's own code or an InvalidCode value
    value: str


def truncate(value: str) -> str:
    """Shorten a cell value for an error report."""
    return value if len(value) <= MAX_ERROR_VALUE_LENGTH else value[:MAX_ERROR_VALUE_LENGTH] + "..."


class ErrorLog:
    """Every problem counted; the first ``cap`` in report order kept, whatever order they were found in.

    ``key`` orders the report: (phase, row, position within the row), so problems found by a later pass
    (duplicates across rows) still come out beside the row's own.
    """

    def __init__(self, cap: int = MAX_KEPT_ERRORS) -> None:
        self.cap = cap
        self.count = 0
        # A max-heap on the key (negated) of at most `cap` problems: the root is the one to drop first.
        self._kept: list[tuple[tuple[int, int, int], int, tuple[str, int, str | None, str, str]]] = []

    def add(
        self, key: tuple[int, int, int], file: str, row: int, column: str | None, code: str, value: str
    ) -> None:
        """Count a problem; keep it if it is among the first ``cap`` in report order so far."""
        self.count += 1
        item = ((-key[0], -key[1], -key[2]), -self.count, (file, row, column, str(code), value))
        if len(self._kept) < self.cap:
            heapq.heappush(self._kept, item)
        elif self._kept and item[:2] > self._kept[0][:2]:
            heapq.heapreplace(self._kept, item)

    @property
    def errors(self) -> list[RowError]:
        """The kept problems in report order."""
        return [
            RowError(file=file, row=row, column=column, code=code, value=truncate(value))
            for _, _, (file, row, column, code, value) in sorted(self._kept, reverse=True)
        ]


# --- matching headers and values ----------------------------------------------------------------------

_KEY_DROP = deletion_table(" _-" + ZWNJ)


def match_key(text: str) -> str:
    """Matching key for headers and enum values: normalised, case-folded, no spaces/underscores/ZWNJ."""
    return normalize_text(text).casefold().translate(_KEY_DROP)


def alias_index(aliases: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Map each matching key (a canonical field name or one of its aliases) to the field name."""
    return {match_key(name): field for field, names in aliases.items() for name in (field, *names)}


@dataclass(frozen=True)
class HeaderProblem:
    """A header cell that is unknown or repeated, or a required field with no column."""

    code: TableCode
    column: str | None
    value: str


def map_header(
    header: Sequence[str], index: Mapping[str, str]
) -> tuple[dict[str, int] | None, list[HeaderProblem]]:
    """Field name -> column position (None when a field has no column) and the header's problems."""
    columns: dict[str, int] = {}
    problems: list[HeaderProblem] = []
    for position, title in enumerate(header):
        if not normalize_text(title):
            continue  # untitled column: ignored
        field = index.get(match_key(title))
        if field is None:
            problems.append(HeaderProblem(TableCode.UNKNOWN_COLUMN, title, title))
        elif field in columns:
            problems.append(HeaderProblem(TableCode.DUPLICATE_COLUMN, field, title))
        else:
            columns[field] = position
    missing = [name for name in dict.fromkeys(index.values()) if name not in columns]
    problems += [HeaderProblem(TableCode.MISSING_COLUMN, name, "") for name in missing]
    return (None if missing else columns), problems


# --- reading files ------------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a user would have typed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_blank(cells: Sequence[str]) -> bool:
    """True when every cell is empty after normalising."""
    return not normalize_text("".join(cells))  # a cell is empty after normalising iff all its characters are


@dataclass(frozen=True)
class Table:
    """One CSV file or worksheet, read lazily; ``label`` names it in error reports."""

    label: str
    title: str  # the worksheet's name; empty for a CSV file
    _open_rows: Callable[[], Iterator[list[str]]]

    def read(self) -> tuple[list[str] | None, Iterator[tuple[int, list[str]]]]:
        """The header row (None when the table is empty) and the non-blank rows below it, numbered."""
        rows = self._open_rows()
        header = next(rows, None)
        numbered = zip(itertools.count(HEADER_ROW + 1), rows, strict=False)
        # The common case (a first cell starting with a letter or digit) is decided without a call.
        return header, (
            (n, cells) for n, cells in numbered if (cells and cells[0][:1].isalnum()) or not _is_blank(cells)
        )


def _check_utf8(path: Path) -> None:
    """Refuse a file that is not UTF-8, before any row of it is used (read in chunks, not kept)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_UTF8_CHECK_CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise SourceError(TableCode.FILE_ENCODING) from None


def is_xlsx(path: Path) -> bool:
    """Tell XLSX from CSV by file extension; anything else is refused."""
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return True
    if suffix in {".csv", ".txt"}:
        return False
    raise SourceError(TableCode.FILE_FORMAT)


class Source:
    """An open CSV file (one table) or XLSX workbook (one table per sheet), streamed; close when done.

    A CSV file is UTF-8 (BOM optional); its delimiter is whichever of , ; TAB its first line uses most.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tables: list[Table] = []
        self._handles: list[IO[str]] = []
        self._workbook: Any = None
        self.is_workbook = is_xlsx(path)
        if self.is_workbook:
            self._open_workbook()
        else:
            _check_utf8(path)
            self.tables = [Table(path.name, "", self._csv_rows)]

    def _csv_rows(self) -> Iterator[list[str]]:
        handle = self.path.open(encoding="utf-8-sig", newline="")
        self._handles.append(handle)
        first_line = handle.readline()
        handle.seek(0)
        delimiter = max(",;\t", key=first_line.count)
        return csv.reader(handle, delimiter=delimiter)

    def _open_workbook(self) -> None:
        # Imported here: openpyxl costs a CSV import a tenth of a second of start-up for nothing.
        from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
        from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped, unused-ignore]

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns about styles/extensions it ignores
                self._workbook = load_workbook(self.path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError):
            raise SourceError(TableCode.FILE_FORMAT) from None
        self.tables = [
            Table(f"{self.path.name}:{sheet.title}", sheet.title, functools.partial(_sheet_rows, sheet))
            for sheet in self._workbook.worksheets
        ]

    def close(self) -> None:
        """Close every file this source opened (idempotent)."""
        for handle in self._handles:
            handle.close()
        self._handles.clear()
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def _sheet_rows(sheet: Any) -> Iterator[list[str]]:
    """A read-only worksheet's rows as text, streamed."""
    sheet.reset_dimensions()  # some programs write a wrong size: read every row there is, not what it claims
    for row in sheet.iter_rows(values_only=True):
        yield [cell_text(v) for v in row]


def named_table(tables: Iterable[Table], keys: frozenset[str]) -> Table | None:
    """The first table whose sheet name's matching key is one of ``keys``."""
    return next((t for t in tables if match_key(t.title) in keys), None)


# --- parsing rows -------------------------------------------------------------------------------------


class CellError(Exception):
    """A cell failed an import's own check; ``code`` says why (InvalidInput is the validators' twin)."""

    def __init__(self, code: StrEnum) -> None:
        """Remember the error code."""
        super().__init__(code.value)
        self.code = code


_REFUSALS = (InvalidInput, CellError)


@dataclass(frozen=True)
class ParsedBatch:
    """Rows parsed column by column: per field (in the parsers' order) the raw cells and the values.

    A refused cell's value is None and its row's ``bad`` flag is 1.
    """

    numbers: list[int]
    raw: Sequence[Sequence[str]]
    values: list[list[Any]]
    bad: list[int]


def parse_batch(
    label: str,
    batch: Sequence[tuple[int, Sequence[str]]],
    columns: Mapping[str, int],
    parsers: Mapping[str, Callable[[str], Any]],
    log: ErrorLog,
    phase: int,
) -> ParsedBatch:
    """Parse a batch of numbered rows, one field (column) at a time; refusals go to ``log``.

    Whole columns go through their parser in one ``map`` (no per-cell Python loop); a column with a
    refused cell is parsed again cell by cell to report each one. A short row's missing cells read as empty.
    """
    numbers = [number for number, _ in batch]
    rows = [cells for _, cells in batch]
    width = max(columns.values(), default=-1) + 1
    if rows and min(map(len, rows)) < width:
        rows = [[*cells, *[""] * (width - len(cells))] if len(cells) < width else cells for cells in rows]
    transposed = list(zip(*rows, strict=False)) if rows else [()] * width
    raw = [transposed[columns[name]] for name in parsers]
    bad = [0] * len(rows)
    values: list[list[Any]] = []
    for seq, (name, parse) in enumerate(parsers.items()):
        cells = raw[seq]
        try:
            values.append(list(map(parse, cells)))
            continue
        except _REFUSALS:
            pass
        parsed: list[Any] = []
        for i, text in enumerate(cells):
            try:
                parsed.append(parse(text))
            except _REFUSALS as exc:
                parsed.append(None)
                bad[i] = 1
                log.add((phase, numbers[i], seq), label, numbers[i], name, exc.code, text)
        values.append(parsed)
    return ParsedBatch(numbers, raw, values, bad)


def kept_raw(raw: Sequence[str], values: Sequence[Any]) -> list[str | None]:
    """The raw cells that differ from their parsed values (None where the same): for reports, sparingly."""
    return [None if text == value else text for text, value in zip(raw, values, strict=True)]


# --- staging -------------------------------------------------------------------------------------------


def batched(rows: Iterable[Any], size: int = BATCH_SIZE) -> Iterator[list[Any]]:
    """Consecutive lists of at most ``size`` rows."""
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class Scratch:
    """An import's staging tables: a SQLite file in a private temporary folder, deleted when closed.

    No durability (it is thrown away) and a bounded page cache (memory stays flat). Once :meth:`finish`
    has committed it, another connection may read it (``ATTACH``) and write the checked rows in SQL.
    """

    def __init__(self, cache_mib: int = 32) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="refah-import-")
        self.path = Path(self._folder.name) / "staged.sqlite3"
        self.conn = sqlite3.connect(self.path, isolation_level=None)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", f"cache_size = {-cache_mib * 1024:d}"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.conn.execute("BEGIN")

    def finish(self) -> Path:
        """Commit what is staged, so another connection can read it; returns the file's path."""
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")
        return self.path

    def insert(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        """Run ``sql`` for every row (streamed from the iterable, not collected first); returns the count."""
        return int(self.conn.executemany(sql, rows).rowcount)

    def batches(self, sql: str, params: Sequence[Any] = (), size: int = BATCH_SIZE) -> Iterator[list[Any]]:
        """The rows of a query, ``size`` at a time."""
        cursor = self.conn.execute(sql, params)
        while rows := cursor.fetchmany(size):
            yield rows

    def close(self) -> None:
        """Drop the database and its folder (idempotent)."""
        self.conn.close()
        self._folder.cleanup()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
