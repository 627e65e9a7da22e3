"""Parse and validate the employee registry (CSV or XLSX) and its dependants; no database access."""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped, unused-ignore]
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from domain.jalali import to_gregorian
from domain.text import ZWNJ, normalize_text
from domain.validators import (
    InvalidCode,
    InvalidInput,
    parse_amount,
    parse_jalali_date,
    parse_mobile,
    parse_national_id,
    parse_sheba,
)

MAX_NAME_LENGTH = 100
MAX_ERROR_VALUE_LENGTH = 100
HEADER_ROW = 1


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
    """Import-specific error codes (field errors reuse domain.validators.InvalidCode values)."""

    FILE_FORMAT = "file_format"
    FILE_ENCODING = "file_encoding"
    NO_ROWS = "no_rows"
    MISSING_COLUMN = "missing_column"
    UNKNOWN_COLUMN = "unknown_column"
    DUPLICATE_COLUMN = "duplicate_column"
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
    """One validated row of the employees file."""

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
    sheba: str = Field(pattern=r"^IR[0-9]{24}$")


class DependantRecord(BaseModel):
    """One validated row of the dependants file."""

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid")

    employee_national_id: NationalId
    national_id: NationalId
    first_name: PersonName
    last_name: PersonName
    relation: Relation
    birth_date: date


class RowError(BaseModel):
    """One problem found in an input file; row is the 1-based spreadsheet row (header is row 1)."""

    model_config = ConfigDict(frozen=True)

    file: str
    row: int
    column: str | None
    code: Annotated[str, BeforeValidator(str)]  # an ImportCode or InvalidCode value
    value: str


class ImportResult(BaseModel):
    """Everything parsed from the registry files plus every error found."""

    employees: list[EmployeeRecord]
    dependants: list[DependantRecord]
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        """True when no error was found, so the caller may import the records."""
        return not self.errors


# --- header and value aliases (Persian written as escapes; transliteration in comments) -------------

_KEY_DROP = frozenset(" _-" + ZWNJ)


def _key(text: str) -> str:
    """Matching key for headers and enum values: normalised, case-folded, no spaces/underscores/ZWNJ."""
    return "".join(ch for ch in normalize_text(text).casefold() if ch not in _KEY_DROP)


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


def _alias_index(aliases: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Map each matching key (canonical name or alias) to its canonical field name."""
    index: dict[str, str] = {}
    for field_name, names in aliases.items():
        for name in (field_name, *names):
            index[_key(name)] = field_name
    return index


_EMPLOYEE_HEADER_INDEX = _alias_index(EMPLOYEE_HEADER_ALIASES)
_DEPENDANT_HEADER_INDEX = _alias_index(DEPENDANT_HEADER_ALIASES)
_STATUS_INDEX = {_key(k): v for k, v in _STATUS_ALIASES.items()}
_RELATION_INDEX = {_key(k): v for k, v in _RELATION_ALIASES.items()}
_EMPLOYEES_SHEET_KEYS = frozenset(_key(n) for n in _EMPLOYEES_SHEET_NAMES)
_DEPENDANTS_SHEET_KEYS = frozenset(_key(n) for n in _DEPENDANTS_SHEET_NAMES)


# --- cell parsers ---------------------------------------------------------------------------------


class _CellError(Exception):
    """A cell failed an import-specific check."""

    def __init__(self, code: ImportCode | InvalidCode) -> None:
        """Remember the error code."""
        super().__init__(code.value)
        self.code = code


_PERSONNEL_NO_RE = re.compile(r"[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)*", re.ASCII)
_MAX_PERSONNEL_NO_LENGTH = 30


def _parse_personnel_no(raw: str) -> str:
    """Personnel number: ASCII letters and digits (inner '-' or '/' allowed), upper-cased."""
    value = normalize_text(raw).replace(" ", "")
    if not value:
        raise _CellError(InvalidCode.EMPTY)
    if len(value) > _MAX_PERSONNEL_NO_LENGTH or not _PERSONNEL_NO_RE.fullmatch(value):
        raise _CellError(ImportCode.PERSONNEL_NO_FORMAT)
    return value.upper()


def _parse_name(raw: str) -> str:
    """A first or last name: normalised, non-empty, at most MAX_NAME_LENGTH characters."""
    value = normalize_text(raw)
    if not value:
        raise _CellError(InvalidCode.EMPTY)
    if len(value) > MAX_NAME_LENGTH:
        raise _CellError(InvalidCode.TOO_LONG)
    return value


def _parse_status(raw: str) -> EmployeeStatus:
    """Employment status from its English or Persian name."""
    if not normalize_text(raw):
        raise _CellError(InvalidCode.EMPTY)
    try:
        return _STATUS_INDEX[_key(raw)]
    except KeyError:
        raise _CellError(ImportCode.STATUS_UNKNOWN) from None


def _parse_relation(raw: str) -> Relation:
    """Dependant relation from its English or Persian name."""
    if not normalize_text(raw):
        raise _CellError(InvalidCode.EMPTY)
    try:
        return _RELATION_INDEX[_key(raw)]
    except KeyError:
        raise _CellError(ImportCode.RELATION_UNKNOWN) from None


def _parse_date(raw: str) -> date:
    """A Jalali or ISO Gregorian date, returned as a Gregorian date."""
    return to_gregorian(parse_jalali_date(raw))


def _parse_optional_date(raw: str) -> date | None:
    """Like _parse_date, but an empty cell means no date."""
    return _parse_date(raw) if normalize_text(raw) else None


def _parse_debt(raw: str) -> int:
    """A non-negative rial amount; an empty cell means zero."""
    return parse_amount(raw, minimum=0) if normalize_text(raw) else 0


_EMPLOYEE_PARSERS: Mapping[str, Callable[[str], object]] = {
    "personnel_no": _parse_personnel_no,
    "national_id": parse_national_id,
    "first_name": _parse_name,
    "last_name": _parse_name,
    "mobile": parse_mobile,
    "status": _parse_status,
    "hire_date": _parse_date,
    "fund_member_since": _parse_optional_date,
    "fund_debt": _parse_debt,
    "sheba": parse_sheba,
}

_DEPENDANT_PARSERS: Mapping[str, Callable[[str], object]] = {
    "employee_national_id": parse_national_id,
    "national_id": parse_national_id,
    "first_name": _parse_name,
    "last_name": _parse_name,
    "relation": _parse_relation,
    "birth_date": _parse_date,
}


# --- reading files --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sheet:
    """Cells of one CSV file or worksheet as text; rows[0] is spreadsheet row 1."""

    label: str
    rows: list[list[str]]
    title: str = ""  # worksheet name; empty for CSV


class _FileError(Exception):
    """A whole file could not be read."""

    def __init__(self, code: ImportCode) -> None:
        """Remember the error code."""
        super().__init__(code.value)
        self.code = code


def _cell_text(value: object) -> str:
    """Render a spreadsheet cell as the text a user would have typed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_csv(path: Path) -> _Sheet:
    """Read a UTF-8 CSV (BOM optional); the delimiter is whichever of , ; TAB the header uses most."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise _FileError(ImportCode.FILE_ENCODING) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    rows = [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return _Sheet(path.name, rows)


def _read_workbook(path: Path) -> list[_Sheet]:
    """Read every worksheet of an XLSX workbook, in workbook order."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles/extensions it ignores
            workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError):
        raise _FileError(ImportCode.FILE_FORMAT) from None
    try:
        return [
            _Sheet(
                f"{path.name}:{sheet.title}",
                [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)],
                sheet.title,
            )
            for sheet in workbook.worksheets
        ]
    finally:
        workbook.close()


def _is_xlsx(path: Path) -> bool:
    """Tell XLSX from CSV by file extension; anything else is refused."""
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return True
    if suffix in {".csv", ".txt"}:
        return False
    raise _FileError(ImportCode.FILE_FORMAT)


def _named_sheet(sheets: list[_Sheet], keys: frozenset[str]) -> _Sheet | None:
    """The sheet whose name matches keys, if any."""
    return next((s for s in sheets if _key(s.title) in keys), None)


def _pick_sheet(sheets: list[_Sheet], keys: frozenset[str], exclude: _Sheet | None = None) -> _Sheet | None:
    """The sheet whose name matches keys, else the first sheet that is not excluded."""
    return _named_sheet(sheets, keys) or next((s for s in sheets if s is not exclude), None)


# --- validating tables ----------------------------------------------------------------------------


def _truncate(value: str) -> str:
    """Shorten a cell value for an error report."""
    return value if len(value) <= MAX_ERROR_VALUE_LENGTH else value[:MAX_ERROR_VALUE_LENGTH] + "..."


def _file_error(label: str, code: ImportCode, column: str | None = None, value: str = "") -> RowError:
    """An error about a whole file or its header row."""
    return RowError(file=label, row=HEADER_ROW, column=column, code=code, value=_truncate(value))


def _map_header(sheet: _Sheet, index: Mapping[str, str], errors: list[RowError]) -> dict[str, int] | None:
    """Map canonical field names to column positions; None when a required column is missing."""
    header = sheet.rows[0] if sheet.rows else []
    columns: dict[str, int] = {}
    for position, title in enumerate(header):
        if not normalize_text(title):
            continue  # untitled column: ignored
        field_name = index.get(_key(title))
        if field_name is None:
            errors.append(_file_error(sheet.label, ImportCode.UNKNOWN_COLUMN, title, title))
        elif field_name in columns:
            errors.append(_file_error(sheet.label, ImportCode.DUPLICATE_COLUMN, field_name, title))
        else:
            columns[field_name] = position
    missing = [name for name in dict.fromkeys(index.values()) if name not in columns]
    for name in missing:
        errors.append(_file_error(sheet.label, ImportCode.MISSING_COLUMN, name))
    return None if missing else columns


@dataclass(frozen=True)
class _ParsedRow:
    """Parsed values of one data row, plus whether any cell failed."""

    number: int
    raw: dict[str, str]
    values: dict[str, object]
    failed: bool


def _parse_rows(
    sheet: _Sheet,
    columns: Mapping[str, int],
    parsers: Mapping[str, Callable[[str], object]],
    errors: list[RowError],
) -> Iterable[_ParsedRow]:
    """Parse every non-blank data row cell by cell, appending an error for each bad cell."""
    for number, row in enumerate(sheet.rows[1:], start=HEADER_ROW + 1):
        if not any(normalize_text(cell) for cell in row):
            continue
        raw = {name: row[pos] if pos < len(row) else "" for name, pos in columns.items()}
        values: dict[str, object] = {}
        failed = False
        for name, parser in parsers.items():
            try:
                values[name] = parser(raw[name])
            except (InvalidInput, _CellError) as exc:
                failed = True
                errors.append(
                    RowError(
                        file=sheet.label, row=number, column=name, code=exc.code, value=_truncate(raw[name])
                    )
                )
        yield _ParsedRow(number, raw, values, failed)


def _row_error(sheet: _Sheet, row: _ParsedRow, name: str, code: ImportCode) -> RowError:
    """An error about one cell of a parsed row."""
    return RowError(file=sheet.label, row=row.number, column=name, code=code, value=_truncate(row.raw[name]))


_UNIQUE_EMPLOYEE_FIELDS: Mapping[str, ImportCode] = {
    "personnel_no": ImportCode.DUPLICATE_PERSONNEL_NO,
    "national_id": ImportCode.DUPLICATE_NATIONAL_ID,
    "mobile": ImportCode.DUPLICATE_MOBILE,
}


def _validate_employees(
    sheet: _Sheet, errors: list[RowError]
) -> tuple[list[EmployeeRecord], set[str] | None]:
    """Validate the employees table; also return every valid national ID seen (None if unreadable)."""
    if not sheet.rows:
        errors.append(_file_error(sheet.label, ImportCode.NO_ROWS))
        return [], None
    columns = _map_header(sheet, _EMPLOYEE_HEADER_INDEX, errors)
    if columns is None:
        return [], None
    rows_seen = 0
    records: list[EmployeeRecord] = []
    seen: dict[str, set[object]] = {name: set() for name in _UNIQUE_EMPLOYEE_FIELDS}
    for row in _parse_rows(sheet, columns, _EMPLOYEE_PARSERS, errors):
        rows_seen += 1
        duplicate = False
        for name, code in _UNIQUE_EMPLOYEE_FIELDS.items():
            if name not in row.values:
                continue
            if row.values[name] in seen[name]:
                duplicate = True
                errors.append(_row_error(sheet, row, name, code))
            seen[name].add(row.values[name])
        if not row.failed and not duplicate:
            records.append(EmployeeRecord.model_validate(row.values))
    if not rows_seen:
        errors.append(_file_error(sheet.label, ImportCode.NO_ROWS))
    return records, {str(v) for v in seen["national_id"]}


def _validate_dependants(
    sheet: _Sheet, known_employees: set[str] | None, errors: list[RowError]
) -> list[DependantRecord]:
    """Validate the dependants table against the employees' national IDs (skipped when None)."""
    if not sheet.rows:
        return []
    columns = _map_header(sheet, _DEPENDANT_HEADER_INDEX, errors)
    if columns is None:
        return []
    records: list[DependantRecord] = []
    seen_pairs: set[tuple[object, object]] = set()
    for row in _parse_rows(sheet, columns, _DEPENDANT_PARSERS, errors):
        bad = row.failed
        employee_id = row.values.get("employee_national_id")
        own_id = row.values.get("national_id")
        if employee_id is not None and known_employees is not None and employee_id not in known_employees:
            bad = True
            errors.append(_row_error(sheet, row, "employee_national_id", ImportCode.UNKNOWN_EMPLOYEE))
        if employee_id is not None and employee_id == own_id:
            bad = True
            errors.append(_row_error(sheet, row, "national_id", ImportCode.SELF_DEPENDANT))
        elif employee_id is not None and own_id is not None:
            if (employee_id, own_id) in seen_pairs:
                bad = True
                errors.append(_row_error(sheet, row, "national_id", ImportCode.DUPLICATE_DEPENDANT))
            seen_pairs.add((employee_id, own_id))
        if not bad:
            records.append(DependantRecord.model_validate(row.values))
    return records


def parse_registry(employees_path: Path, dependants_path: Path | None = None) -> ImportResult:
    """Parse and validate the registry files, reporting every error found (never only the first)."""
    errors: list[RowError] = []
    unreadable = False
    employees_sheet: _Sheet | None = None
    dependants_sheet: _Sheet | None = None
    try:
        if _is_xlsx(employees_path):
            sheets = _read_workbook(employees_path)
            embedded = _named_sheet(sheets, _DEPENDANTS_SHEET_KEYS)
            employees_sheet = _pick_sheet(sheets, _EMPLOYEES_SHEET_KEYS, exclude=embedded)
            if embedded is not None and dependants_path is not None:
                errors.append(_file_error(embedded.label, ImportCode.DEPENDANTS_TWICE))
            dependants_sheet = embedded
        else:
            employees_sheet = _read_csv(employees_path)
    except _FileError as exc:
        unreadable = True
        errors.append(_file_error(employees_path.name, exc.code))
    if dependants_path is not None:
        try:
            if _is_xlsx(dependants_path):
                sheets = _read_workbook(dependants_path)
                dependants_sheet = _pick_sheet(sheets, _DEPENDANTS_SHEET_KEYS)
            else:
                dependants_sheet = _read_csv(dependants_path)
        except _FileError as exc:
            errors.append(_file_error(dependants_path.name, exc.code))

    employees: list[EmployeeRecord] = []
    known: set[str] | None = None
    if employees_sheet is not None:
        employees, known = _validate_employees(employees_sheet, errors)
    elif not unreadable:  # a workbook whose only sheet holds dependants
        errors.append(_file_error(employees_path.name, ImportCode.NO_ROWS))
    dependants = _validate_dependants(dependants_sheet, known, errors) if dependants_sheet is not None else []
    return ImportResult(employees=employees, dependants=dependants, errors=errors)
