"""Parse and validate the employee registry (CSV or XLSX) and its dependants, streamed; writes nothing.

:func:`check_registry` streams both files through the cell parsers into a private scratch database
(:class:`services.importing.Scratch`), then finds what needs the whole file (repeated personnel numbers,
national IDs and mobiles; dependants of unknown employees; repeated dependants) with SQL. Memory stays flat
whatever the size: the first errors are kept (``max_errors``), all are counted. :func:`parse_registry` gives
the same checks as lists of records, for small files and tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field

from domain.text import normalize_text
from domain.validators import (
    InvalidCode,
    InvalidInput,
    parse_amount,
    parse_date,
    parse_mobile,
    parse_national_id,
    parse_sheba,
)
from services.importing import (
    BATCH_SIZE,
    HEADER_ROW,
    MAX_ERROR_VALUE_LENGTH,
    MAX_KEPT_ERRORS,
    PARSE_BATCH_SIZE,
    CellError,
    ErrorLog,
    RowError,
    Scratch,
    Source,
    SourceError,
    Table,
    TableCode,
    alias_index,
    batched,
    kept_raw,
    map_header,
    match_key,
    named_table,
    parse_batch,
)
from storage.employees import DependantRow, EmployeeRow, dependant_row, employee_row

__all__ = [
    "DEPENDANT_HEADER_ALIASES",
    "EMPLOYEE_HEADER_ALIASES",
    "HEADER_ROW",
    "MAX_ERROR_VALUE_LENGTH",
    "MAX_NAME_LENGTH",
    "CheckedRegistry",
    "DependantRecord",
    "EmployeeRecord",
    "EmployeeStatus",
    "ImportCode",
    "ImportResult",
    "Relation",
    "RowError",
    "check_registry",
    "parse_registry",
]

MAX_NAME_LENGTH = 100
# Distinct raw values remembered per cached parser (names, statuses, dates, amounts repeat a lot).
_PARSE_CACHE_SIZE = 1 << 16


class EmployeeStatus(StrEnum):
    """Employment status of a registry member."""

    EMPLOYED = "employed"
    RETIRED = "retired"
    PENSIONER = "pensioner"


class Relation(StrEnum):
    """How a dependant relates to the employee."""

    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"


class ImportCode(StrEnum):
    """Registry-specific error codes (file and header codes are TableCode, field codes InvalidCode)."""

    DEPENDANTS_TWICE = "dependants_twice"
    PERSONNEL_NO_FORMAT = "personnel_no_format"
    STATUS_UNKNOWN = "status_unknown"
    RELATION_UNKNOWN = "relation_unknown"
    DUPLICATE_PERSONNEL_NO = "duplicate_personnel_no"
    DUPLICATE_NATIONAL_ID = "duplicate_national_id"
    DUPLICATE_MOBILE = "duplicate_mobile"
    DUPLICATE_DEPENDANT = "duplicate_dependant"
    UNKNOWN_EMPLOYEE = "unknown_employee"
    SELF_DEPENDANT = "self_dependant"


NationalId = Annotated[str, Field(pattern=r"^[0-9]{10}$")]
PersonName = Annotated[str, Field(min_length=1, max_length=MAX_NAME_LENGTH)]


class EmployeeRecord(BaseModel):
    """One validated row of the employees file; ``sheba`` is empty for someone who never gave one."""

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid")

    personnel_no: str = Field(min_length=1)
    national_id: NationalId
    first_name: PersonName
    last_name: PersonName
    mobile: str = Field(pattern=r"^09[0-9]{9}$")
    status: EmployeeStatus
    hire_date: date
    fund_member_since: date | None
    fund_debt: int = Field(ge=0)
    sheba: str = Field(pattern=r"^(IR[0-9]{24})?$")


class DependantRecord(BaseModel):
    """One validated row of the dependants file."""

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid")

    employee_national_id: NationalId
    national_id: NationalId
    first_name: PersonName
    last_name: PersonName
    relation: Relation
    birth_date: date


class ImportResult(BaseModel):
    """Everything parsed from the registry files plus the errors found (the first ones; all counted)."""

    employees: list[EmployeeRecord]
    dependants: list[DependantRecord]
    errors: list[RowError]
    error_count: int = 0

    @property
    def ok(self) -> bool:
        """True when no error was found, so the caller may import the records."""
        return not self.errors and not self.error_count

    def employee_rows(self, size: int = BATCH_SIZE) -> Iterator[list[EmployeeRow]]:
        """The employees as rows to write, ``size`` at a time."""
        return batched(map(employee_row, self.employees), size)

    def dependant_rows(self, size: int = BATCH_SIZE) -> Iterator[list[DependantRow]]:
        """The dependants as rows to write, ``size`` at a time."""
        return batched(map(dependant_row, self.dependants), size)


# --- header and value aliases (Persian written as escapes; transliteration in comments) -------------

_key = match_key

_FA_NATIONAL_ID = "\u06a9\u062f \u0645\u0644\u06cc"  # kod-e melli
_FA_FIRST_NAME = "\u0646\u0627\u0645"  # nam
_FA_LAST_NAME = "\u0646\u0627\u0645 \u062e\u0627\u0646\u0648\u0627\u062f\u06af\u06cc"  # nam-e khanevadegi

EMPLOYEE_HEADER_ALIASES: Mapping[str, tuple[str, ...]] = {
    "personnel_no": (
        "\u0634\u0645\u0627\u0631\u0647 \u067e\u0631\u0633\u0646\u0644\u06cc",  # shomare-ye personeli
        "\u06a9\u062f \u067e\u0631\u0633\u0646\u0644\u06cc",  # kod-e personeli
    ),
    "national_id": (
        _FA_NATIONAL_ID,
        "\u0634\u0645\u0627\u0631\u0647 \u0645\u0644\u06cc",  # shomare-ye melli
    ),
    "first_name": (_FA_FIRST_NAME,),
    "last_name": (_FA_LAST_NAME,),
    "mobile": (
        "\u0645\u0648\u0628\u0627\u06cc\u0644",  # mobail
        "\u062a\u0644\u0641\u0646 \u0647\u0645\u0631\u0627\u0647",  # telefon-e hamrah
        "\u0634\u0645\u0627\u0631\u0647 \u0647\u0645\u0631\u0627\u0647",  # shomare-ye hamrah
        "\u0634\u0645\u0627\u0631\u0647 \u0645\u0648\u0628\u0627\u06cc\u0644",  # shomare-ye mobail
    ),
    "status": ("\u0648\u0636\u0639\u06cc\u062a",),  # vaz'iyat
    "hire_date": (
        "\u062a\u0627\u0631\u06cc\u062e \u0627\u0633\u062a\u062e\u062f\u0627\u0645",  # tarikh-e estekhdam
    ),
    "fund_member_since": (
        "\u062a\u0627\u0631\u06cc\u062e \u0639\u0636\u0648\u06cc\u062a \u0635\u0646\u062f\u0648\u0642",
        "\u0639\u0636\u0648\u06cc\u062a \u0635\u0646\u062f\u0648\u0642",  # (tarikh-e) ozviyat-e sandogh
    ),
    "fund_debt": ("\u0628\u062f\u0647\u06cc \u0635\u0646\u062f\u0648\u0642",),  # bedehi-ye sandogh
    "sheba": (
        "\u0634\u0628\u0627",  # sheba
        "\u0634\u0645\u0627\u0631\u0647 \u0634\u0628\u0627",  # shomare-ye sheba
        "iban",
    ),
}

DEPENDANT_HEADER_ALIASES: Mapping[str, tuple[str, ...]] = {
    "employee_national_id": (
        "\u06a9\u062f \u0645\u0644\u06cc \u06a9\u0627\u0631\u0645\u0646\u062f",  # kod-e melli-ye karmand
        "\u06a9\u062f \u0645\u0644\u06cc \u0633\u0631\u067e\u0631\u0633\u062a",  # kod-e melli-ye sarparast
    ),
    "national_id": (_FA_NATIONAL_ID,),
    "first_name": (_FA_FIRST_NAME,),
    "last_name": (_FA_LAST_NAME,),
    "relation": ("\u0646\u0633\u0628\u062a",),  # nesbat
    "birth_date": ("\u062a\u0627\u0631\u06cc\u062e \u062a\u0648\u0644\u062f",),  # tarikh-e tavallod
}

_STATUS_ALIASES: Mapping[str, EmployeeStatus] = {
    "\u0634\u0627\u063a\u0644": EmployeeStatus.EMPLOYED,  # shaghel
    "\u0628\u0627\u0632\u0646\u0634\u0633\u062a\u0647": EmployeeStatus.RETIRED,  # bazneshaste
    "\u0648\u0638\u06cc\u0641\u0647 \u0628\u06af\u06cc\u0631": EmployeeStatus.PENSIONER,  # vazife-begir
    # mostamari-begir
    "\u0645\u0633\u062a\u0645\u0631\u06cc \u0628\u06af\u06cc\u0631": EmployeeStatus.PENSIONER,
    **{s.value: s for s in EmployeeStatus},
}

_RELATION_ALIASES: Mapping[str, Relation] = {
    "\u0647\u0645\u0633\u0631": Relation.SPOUSE,  # hamsar
    "\u0641\u0631\u0632\u0646\u062f": Relation.CHILD,  # farzand
    "\u067e\u062f\u0631": Relation.PARENT,  # pedar
    "\u0645\u0627\u062f\u0631": Relation.PARENT,  # madar
    "\u0648\u0627\u0644\u062f\u06cc\u0646": Relation.PARENT,  # valedeyn
    **{r.value: r for r in Relation},
}

# Worksheet names: "employees" / karmandan, and "dependants" / afrad-e tahte takaffol.
_EMPLOYEES_SHEET_NAMES = frozenset({"employees", "\u06a9\u0627\u0631\u0645\u0646\u062f\u0627\u0646"})
_DEPENDANTS_SHEET_NAMES = frozenset(
    {"dependants", "\u0627\u0641\u0631\u0627\u062f \u062a\u062d\u062a \u062a\u06a9\u0641\u0644"}
)


_EMPLOYEE_HEADER_INDEX = alias_index(EMPLOYEE_HEADER_ALIASES)
_DEPENDANT_HEADER_INDEX = alias_index(DEPENDANT_HEADER_ALIASES)
_STATUS_INDEX = {_key(k): v for k, v in _STATUS_ALIASES.items()}
_RELATION_INDEX = {_key(k): v for k, v in _RELATION_ALIASES.items()}
_EMPLOYEES_SHEET_KEYS = frozenset(_key(n) for n in _EMPLOYEES_SHEET_NAMES)
_DEPENDANTS_SHEET_KEYS = frozenset(_key(n) for n in _DEPENDANTS_SHEET_NAMES)


# --- cell parsers ---------------------------------------------------------------------------------


_PERSONNEL_NO_RE = re.compile(r"[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)*", re.ASCII)
_MAX_PERSONNEL_NO_LENGTH = 30


def _parse_personnel_no(raw: str) -> str:
    """Personnel number: ASCII letters and digits (inner '-' or '/' allowed), upper-cased."""
    if len(raw) <= _MAX_PERSONNEL_NO_LENGTH and _PERSONNEL_NO_RE.fullmatch(raw):
        return raw.upper()  # typed canonically: normalising would not change it
    value = normalize_text(raw).replace(" ", "")
    if not value:
        raise CellError(InvalidCode.EMPTY)
    if len(value) > _MAX_PERSONNEL_NO_LENGTH or not _PERSONNEL_NO_RE.fullmatch(value):
        raise CellError(ImportCode.PERSONNEL_NO_FORMAT)
    return value.upper()


def _parse_name(raw: str) -> str:
    """A first or last name: normalised, non-empty, at most MAX_NAME_LENGTH characters."""
    value = normalize_text(raw)
    if not value:
        raise CellError(InvalidCode.EMPTY)
    if len(value) > MAX_NAME_LENGTH:
        raise CellError(InvalidCode.TOO_LONG)
    return value


def _parse_status(raw: str) -> str:
    """Employment status from its English or Persian name."""
    if not normalize_text(raw):
        raise CellError(InvalidCode.EMPTY)
    try:
        return _STATUS_INDEX[_key(raw)].value
    except KeyError:
        raise CellError(ImportCode.STATUS_UNKNOWN) from None


def _parse_relation(raw: str) -> str:
    """Dependant relation from its English or Persian name."""
    if not normalize_text(raw):
        raise CellError(InvalidCode.EMPTY)
    try:
        return _RELATION_INDEX[_key(raw)].value
    except KeyError:
        raise CellError(ImportCode.RELATION_UNKNOWN) from None


def _parse_date(raw: str) -> str:
    """A Jalali or ISO Gregorian date, returned as an ISO Gregorian date."""
    return parse_date(raw).isoformat()


def _parse_optional_date(raw: str) -> str | None:
    """Like _parse_date, but an empty cell means no date."""
    return _parse_date(raw) if normalize_text(raw) else None


def _parse_debt(raw: str) -> int:
    """A non-negative rial amount; an empty cell means zero."""
    return parse_amount(raw, minimum=0) if normalize_text(raw) else 0


def _parse_optional_sheba(raw: str) -> str:
    """A valid Sheba, or an empty string when the cell is empty (not everyone has given one)."""
    if not raw:
        return ""
    try:
        return parse_sheba(raw)  # tried first: a Sheba typed canonically is never normalised
    except InvalidInput as exc:
        if exc.code is InvalidCode.EMPTY or not normalize_text(raw):
            return ""
        raise


def _cached(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """Remember a pure parser's answers for values that repeat (refusals are raised again, not cached)."""
    return lru_cache(maxsize=_PARSE_CACHE_SIZE)(parse)


_name, _date = _cached(_parse_name), _cached(_parse_date)

# Field -> parser, in the order of the employees table (and of its errors within a row).
_EMPLOYEE_PARSERS: Mapping[str, Callable[[str], Any]] = {
    "personnel_no": _parse_personnel_no,
    "national_id": parse_national_id,
    "first_name": _name,
    "last_name": _name,
    "mobile": parse_mobile,
    "status": _cached(_parse_status),
    "hire_date": _date,
    "fund_member_since": _cached(_parse_optional_date),
    "fund_debt": _cached(_parse_debt),
    "sheba": _parse_optional_sheba,
}

_DEPENDANT_PARSERS: Mapping[str, Callable[[str], Any]] = {
    "employee_national_id": parse_national_id,
    "national_id": parse_national_id,
    "first_name": _name,
    "last_name": _name,
    "relation": _cached(_parse_relation),
    "birth_date": _date,
}


# --- checking, streamed through a scratch database ------------------------------------------------

# Report order: file problems first, then the employees table, then the dependants table; within a row,
# cell problems in column order, then the problems found across rows.
_FILES, _EMPLOYEES, _DEPENDANTS = 0, 1, 2
_ACROSS_ROWS = 100

_EMPLOYEE_FIELDS = tuple(_EMPLOYEE_PARSERS)
_DEPENDANT_FIELDS = tuple(_DEPENDANT_PARSERS)
# Fields that must be unique in the employees file; the raw cell is kept when it differs from the value.
_UNIQUE_EMPLOYEE_FIELDS: Mapping[str, ImportCode] = {
    "personnel_no": ImportCode.DUPLICATE_PERSONNEL_NO,
    "national_id": ImportCode.DUPLICATE_NATIONAL_ID,
    "mobile": ImportCode.DUPLICATE_MOBILE,
}
_DEPENDANT_KEYS = ("employee_national_id", "national_id")

_SCHEMA = f"""
CREATE TABLE employees (row INTEGER PRIMARY KEY, bad INTEGER NOT NULL, {", ".join(_EMPLOYEE_FIELDS)},
                        {", ".join(f"raw_{f}" for f in _UNIQUE_EMPLOYEE_FIELDS)});
CREATE TABLE dependants (row INTEGER PRIMARY KEY, bad INTEGER NOT NULL, {", ".join(_DEPENDANT_FIELDS)},
                         {", ".join(f"raw_{f}" for f in _DEPENDANT_KEYS)})
"""


def _insert_sql(table: str, columns: int) -> str:
    return f"INSERT INTO {table} VALUES ({', '.join('?' * columns)})"


class CheckedRegistry:
    """The registry files, checked and staged; read its rows in batches, then close it.

    ``errors`` holds the first ``max_errors`` problems in file and row order, ``error_count`` all of them.
    """

    def __init__(self, employees_path: Path, dependants_path: Path | None = None, *, max_errors: int) -> None:
        self._log = ErrorLog(max_errors)
        self._scratch = Scratch()
        self._file_problems = 0
        try:
            for statement in _SCHEMA.split(";"):
                self._scratch.conn.execute(statement)
            self._check(employees_path, dependants_path)
        except BaseException:
            self._scratch.close()
            raise

    @property
    def errors(self) -> list[RowError]:
        """The first problems found, in file and row order."""
        return self._log.errors

    @property
    def error_count(self) -> int:
        """How many problems were found in all."""
        return self._log.count

    @property
    def ok(self) -> bool:
        """True when nothing is wrong, so the registry may be imported."""
        return self._log.count == 0

    def employee_count(self) -> int:
        """Employee rows read (good or bad)."""
        return int(self._scratch.conn.execute("SELECT COUNT(*) FROM employees").fetchone()[0])

    def dependant_count(self) -> int:
        """Dependant rows read (good or bad)."""
        return int(self._scratch.conn.execute("SELECT COUNT(*) FROM dependants").fetchone()[0])

    def employee_rows(self, size: int = BATCH_SIZE) -> Iterator[list[EmployeeRow]]:
        """The good employee rows in file order, ``size`` at a time, as storage.employees.EmployeeRow."""
        return self._scratch.batches(
            f"SELECT {', '.join(_EMPLOYEE_FIELDS)} FROM employees WHERE bad = 0 ORDER BY row", size=size
        )

    def dependant_rows(self, size: int = BATCH_SIZE) -> Iterator[list[DependantRow]]:
        """The good dependant rows in file order, ``size`` at a time, as storage.employees.DependantRow."""
        return self._scratch.batches(
            f"SELECT {', '.join(_DEPENDANT_FIELDS)} FROM dependants WHERE bad = 0 ORDER BY row", size=size
        )

    def staged(self) -> Path:
        """The scratch database, committed for storage.employees.write_staged_registry to read."""
        return self._scratch.finish()

    def close(self) -> None:
        """Drop the scratch database."""
        self._scratch.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    # --- the checks ---

    def _file_error(
        self, label: str, code: StrEnum, column: str | None = None, value: str = "", *, phase: int = _FILES
    ) -> None:
        """A problem with a whole file, or a table's header row (phase: that table's); in the order found."""
        self._file_problems += 1
        self._log.add((phase, HEADER_ROW, self._file_problems), label, HEADER_ROW, column, code, value)

    def _check(self, employees_path: Path, dependants_path: Path | None) -> None:
        sources: list[Source] = []
        employees: Table | None = None
        dependants: Table | None = None
        unreadable = False
        try:
            try:
                source = Source(employees_path)
                sources.append(source)
                if source.is_workbook:
                    dependants = named_table(source.tables, _DEPENDANTS_SHEET_KEYS)
                    employees = named_table(source.tables, _EMPLOYEES_SHEET_KEYS) or next(
                        (t for t in source.tables if t is not dependants), None
                    )
                    if dependants is not None and dependants_path is not None:
                        self._file_error(dependants.label, ImportCode.DEPENDANTS_TWICE)
                else:
                    employees = source.tables[0]
            except SourceError as exc:
                unreadable = True
                self._file_error(employees_path.name, exc.code)
            if dependants_path is not None:
                try:
                    source = Source(dependants_path)
                    sources.append(source)
                    dependants = named_table(source.tables, _DEPENDANTS_SHEET_KEYS) or next(
                        iter(source.tables), None
                    )
                except SourceError as exc:
                    self._file_error(dependants_path.name, exc.code)
            known = False
            if employees is not None:
                known = self._check_employees(employees)
            elif not unreadable:  # a workbook whose only sheet holds dependants
                self._file_error(employees_path.name, TableCode.NO_ROWS, phase=_EMPLOYEES)
            if dependants is not None:
                self._check_dependants(dependants, check_employees=known)
        finally:
            for source in sources:
                source.close()

    def _columns(
        self, table: Table, header: list[str], index: Mapping[str, str], phase: int
    ) -> dict[str, int] | None:
        columns, problems = map_header(header, index)
        for problem in problems:
            self._file_error(table.label, problem.code, problem.column, problem.value, phase=phase)
        return columns

    def _check_employees(self, table: Table) -> bool:
        """Stage the employees table; True when its header was readable (so dependants can be matched)."""
        header, rows = table.read()
        if header is None:
            self._file_error(table.label, TableCode.NO_ROWS, phase=_EMPLOYEES)
            return False
        columns = self._columns(table, header, _EMPLOYEE_HEADER_INDEX, _EMPLOYEES)
        if columns is None:
            return False
        unique = [_EMPLOYEE_FIELDS.index(name) for name in _UNIQUE_EMPLOYEE_FIELDS]

        def staged() -> Iterator[tuple[Any, ...]]:
            for batch in batched(rows, PARSE_BATCH_SIZE):
                p = parse_batch(table.label, batch, columns, _EMPLOYEE_PARSERS, self._log, _EMPLOYEES)
                kept = [kept_raw(p.raw[i], p.values[i]) for i in unique]
                yield from zip(p.numbers, p.bad, *p.values, *kept, strict=True)

        if not self._scratch.insert(_insert_sql("employees", 2 + len(_EMPLOYEE_FIELDS) + 3), staged()):
            self._file_error(table.label, TableCode.NO_ROWS, phase=_EMPLOYEES)
        for seq, (name, code) in enumerate(_UNIQUE_EMPLOYEE_FIELDS.items(), start=_ACROSS_ROWS):
            self._scratch.conn.execute(f"CREATE INDEX employees_{name} ON employees ({name})")
            self._flag(table, "employees", _EMPLOYEES, seq, name, code, _repeats("employees", [name]))
        return True

    def _check_dependants(self, table: Table, *, check_employees: bool) -> None:
        """Stage the dependants table; match it against the employees when their file was readable."""
        header, rows = table.read()
        if header is None:
            return
        columns = self._columns(table, header, _DEPENDANT_HEADER_INDEX, _DEPENDANTS)
        if columns is None:
            return

        def staged() -> Iterator[tuple[Any, ...]]:
            for batch in batched(rows, PARSE_BATCH_SIZE):
                p = parse_batch(table.label, batch, columns, _DEPENDANT_PARSERS, self._log, _DEPENDANTS)
                employees, own = p.values[0], p.values[1]
                for i in [i for i, pair in enumerate(zip(employees, own, strict=True)) if pair[0] == pair[1]]:
                    if employees[i] is not None:
                        p.bad[i] = 1
                        self._log.add(
                            (_DEPENDANTS, p.numbers[i], _ACROSS_ROWS + 1),
                            table.label,
                            p.numbers[i],
                            "national_id",
                            ImportCode.SELF_DEPENDANT,
                            p.raw[1][i],
                        )
                kept = [kept_raw(p.raw[i], p.values[i]) for i in (0, 1)]
                yield from zip(p.numbers, p.bad, *p.values, *kept, strict=True)

        self._scratch.insert(_insert_sql("dependants", 2 + len(_DEPENDANT_FIELDS) + 2), staged())
        if check_employees:
            unknown = """SELECT row, COALESCE(raw_employee_national_id, employee_national_id)
                         FROM dependants d WHERE employee_national_id IS NOT NULL AND NOT EXISTS
                               (SELECT 1 FROM employees e WHERE e.national_id = d.employee_national_id)"""
            self._flag(
                table,
                "dependants",
                _DEPENDANTS,
                _ACROSS_ROWS,
                "employee_national_id",
                ImportCode.UNKNOWN_EMPLOYEE,
                unknown,
            )
        self._scratch.conn.execute(
            "CREATE INDEX dependants_pair ON dependants (employee_national_id, national_id)"
        )
        repeats = _repeats("dependants", list(_DEPENDANT_KEYS), "employee_national_id != national_id")
        self._flag(
            table,
            "dependants",
            _DEPENDANTS,
            _ACROSS_ROWS + 1,
            "national_id",
            ImportCode.DUPLICATE_DEPENDANT,
            repeats,
        )

    def _flag(
        self, table: Table, staged: str, phase: int, seq: int, column: str, code: StrEnum, sql: str
    ) -> None:
        """Report every (row, raw value) the query finds, and mark those rows bad."""
        found = 0
        for batch in self._scratch.batches(sql):
            found += len(batch)
            for number, value in batch:
                self._log.add((phase, number, seq), table.label, number, column, code, value)
        if found:
            self._scratch.conn.execute(f"UPDATE {staged} SET bad = 1 WHERE row IN (SELECT row FROM ({sql}))")


def _repeats(staged: str, keys: list[str], where: str = "1") -> str:
    """The rows whose ``keys`` repeat those of an earlier row (with the later row's raw first key)."""
    key_list = ", ".join(keys)
    not_null = " AND ".join(f"{k} IS NOT NULL" for k in keys)
    joined = " AND ".join(f"s.{k} = d.{k}" for k in keys)
    last = keys[-1]
    return f"""SELECT s.row, COALESCE(s.raw_{last}, s.{last}) FROM {staged} s
               JOIN (SELECT {key_list}, MIN(row) AS first FROM {staged} WHERE {not_null} AND {where}
                     GROUP BY {key_list} HAVING COUNT(*) > 1) d ON {joined} AND s.row > d.first"""


def check_registry(
    employees_path: Path, dependants_path: Path | None = None, *, max_errors: int = MAX_KEPT_ERRORS
) -> CheckedRegistry:
    """Check the registry files, streamed; use the result as a context manager (it holds a scratch file)."""
    return CheckedRegistry(employees_path, dependants_path, max_errors=max_errors)


def parse_registry(employees_path: Path, dependants_path: Path | None = None) -> ImportResult:
    """Parse and validate the registry files into records, reporting every error found (never only the first).

    Meant for files that fit in memory (tests, the playground); the import itself streams with
    :func:`check_registry`.
    """
    with check_registry(employees_path, dependants_path) as checked:
        employees = [
            EmployeeRecord.model_validate(dict(zip(_EMPLOYEE_FIELDS, row, strict=True)), strict=False)
            for batch in checked.employee_rows()
            for row in batch
        ]
        dependants = [
            DependantRecord.model_validate(dict(zip(_DEPENDANT_FIELDS, row, strict=True)), strict=False)
            for batch in checked.dependant_rows()
            for row in batch
        ]
        return ImportResult(
            employees=employees, dependants=dependants, errors=checked.errors, error_count=checked.error_count
        )
