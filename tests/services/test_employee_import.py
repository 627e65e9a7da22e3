"""Tests for services.employee_import (registry parsing and validation)."""

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from pydantic import ValidationError

from services.employee_import import (
    DependantRecord,
    EmployeeRecord,
    EmployeeStatus,
    ImportResult,
    Relation,
    RowError,
    check_registry,
    parse_registry,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "registry"

EMPLOYEE_HEADER = [
    "personnel_no",
    "national_id",
    "first_name",
    "last_name",
    "mobile",
    "status",
    "hire_date",
    "fund_member_since",
    "fund_debt",
    "sheba",
]
DEPENDANT_HEADER = [
    "employee_national_id",
    "national_id",
    "first_name",
    "last_name",
    "relation",
    "birth_date",
]

IDS = [
    "0012345679",
    "0123456789",
    "1234567891",
    "2345678917",
    "3456789122",
    "4567891236",
    "5678912348",
    "6789123458",
    "7891234566",
    "8912345672",
    "9123456787",
    "1112223339",
]
SHEBAS = [
    "IR050170000000123456789012",
    "IR900120000000987654321001",
    "IR740550000001111222233334",
    "IR710560000004444555566667",
    "IR800620000007777888899990",
    "IR680540000000000000000001",
]


def employee_row(i: int = 0, **overrides: str) -> list[str]:
    """A valid employee row (the i-th distinct one) with some cells replaced."""
    values = {
        "personnel_no": f"{1001 + i}",
        "national_id": IDS[i],
        "first_name": "علی",
        "last_name": "رضایی",
        "mobile": f"0912123456{i}",
        "status": "employed",
        "hire_date": "1390/06/01",
        "fund_member_since": "1395/01/15",
        "fund_debt": "12,500,000",
        "sheba": SHEBAS[i],
    }
    values.update(overrides)
    return [values[name] for name in EMPLOYEE_HEADER]


def dependant_row(employee: str = IDS[0], own: str = IDS[6], **overrides: str) -> list[str]:
    """A valid dependant row with some cells replaced."""
    values = {
        "employee_national_id": employee,
        "national_id": own,
        "first_name": "سارا",
        "last_name": "رضایی",
        "relation": "همسر",
        "birth_date": "1365/04/12",
    }
    values.update(overrides)
    return [values[name] for name in DEPENDANT_HEADER]


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",", bom: bool = False) -> Path:
    """Write rows as a UTF-8 CSV file."""
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def employees_csv(tmp_path: Path, *rows: list[str], header: list[str] = EMPLOYEE_HEADER) -> Path:
    """An employees.csv with the given data rows."""
    return write_csv(tmp_path / "employees.csv", [header, *rows])


def dependants_csv(tmp_path: Path, *rows: list[str], header: list[str] = DEPENDANT_HEADER) -> Path:
    """A dependants.csv with the given data rows."""
    return write_csv(tmp_path / "dependants.csv", [header, *rows])


def codes(result: ImportResult) -> list[tuple[int, str | None, str]]:
    """Errors as (row, column, code) triples."""
    return [(e.row, e.column, e.code) for e in result.errors]


# --- the committed sample files -------------------------------------------------------------------


def test_fixture_files_parse_cleanly() -> None:
    result = parse_registry(FIXTURES / "employees.csv", FIXTURES / "dependants.csv")
    assert result.errors == []
    assert result.ok
    assert len(result.employees) == 5
    assert len(result.dependants) == 6


def test_fixture_employee_values() -> None:
    result = parse_registry(FIXTURES / "employees.csv", FIXTURES / "dependants.csv")
    by_no = {e.personnel_no: e for e in result.employees}
    assert by_no["1001"] == EmployeeRecord(
        personnel_no="1001",
        national_id="0012345679",
        first_name="علی",
        last_name="رضایی",
        mobile="09121234567",
        status=EmployeeStatus.EMPLOYED,
        hire_date=date(2011, 8, 23),  # 1390/06/01
        fund_member_since=date(2016, 4, 3),  # 1395/01/15
        fund_debt=12_500_000,
        sheba="IR050170000000123456789012",
    )
    assert [e.status for e in result.employees] == [
        EmployeeStatus.EMPLOYED,
        EmployeeStatus.EMPLOYED,
        EmployeeStatus.RETIRED,
        EmployeeStatus.PENSIONER,
        EmployeeStatus.RETIRED,
    ]
    assert by_no["1002"].mobile == "09351112233"
    assert by_no["1002"].fund_member_since is None
    assert by_no["1002"].fund_debt == 0
    assert by_no["1003"].hire_date == date(1995, 4, 10)  # ISO in the file
    assert by_no["1003"].sheba == "IR740550000001111222233334"  # written with spaces
    assert by_no["1004"].fund_debt == 3_000_000  # Persian digits and separators
    assert by_no["1005"].national_id == "4567891236"  # Persian digits
    assert by_no["1005"].mobile == "09134445566"
    assert by_no["1005"].sheba == "IR800620000007777888899990"  # lower-case prefix
    assert by_no["1005"].hire_date == date(2006, 5, 21)  # 1385/02/31


def test_fixture_dependant_values() -> None:
    result = parse_registry(FIXTURES / "employees.csv", FIXTURES / "dependants.csv")
    assert result.dependants[0] == DependantRecord(
        employee_national_id="0012345679",
        national_id="5678912348",
        first_name="سارا",
        last_name="رضایی",
        relation=Relation.SPOUSE,
        birth_date=date(1986, 7, 3),  # 1365/04/12
    )
    assert [d.relation for d in result.dependants] == [
        Relation.SPOUSE,
        Relation.CHILD,
        Relation.CHILD,
        Relation.PARENT,
        Relation.SPOUSE,
        Relation.CHILD,
    ]
    assert result.dependants[2].birth_date == date(2018, 3, 20)  # 1396/12/29
    assert result.dependants[4].birth_date == date(1978, 5, 20)  # ISO in the file


def test_employees_only() -> None:
    result = parse_registry(FIXTURES / "employees.csv")
    assert result.ok
    assert len(result.employees) == 5
    assert result.dependants == []


def test_records_are_frozen() -> None:
    record = parse_registry(FIXTURES / "employees.csv").employees[0]
    with pytest.raises(ValidationError):
        record.fund_debt = 0  # type: ignore[misc]


# --- headers --------------------------------------------------------------------------------------

PERSIAN_EMPLOYEE_HEADER = [
    "شماره پرسنلی",
    "کد ملی",
    "نام",
    "نام خانوادگی",
    "تلفن همراه",
    "وضعیت",
    "تاریخ استخدام",
    "تاریخ عضویت صندوق",
    "بدهی صندوق",
    "شبا",
]


@pytest.mark.parametrize(
    "header",
    [
        EMPLOYEE_HEADER,
        PERSIAN_EMPLOYEE_HEADER,
        [
            "Personnel No",
            "NATIONAL_ID",
            "First Name",
            "last name",
            "Mobile",
            "Status",
            "Hire Date",
            "Fund Member Since",
            "FUND_DEBT",
            "SHEBA",
        ],
        [
            "شماره\u200cپرسنلی",
            "كد ملي",
            " نام ",
            "نام\u200cخانوادگی",
            "موبایل",
            "وضعیت",
            "تاریخ استخدام",
            "عضویت صندوق",
            "بدهی صندوق",
            "شماره شبا",
        ],
        list(reversed(EMPLOYEE_HEADER)),
    ],
)
def test_header_aliases(tmp_path: Path, header: list[str]) -> None:
    row = employee_row()
    if header[0] == "sheba":
        row = list(reversed(row))
    result = parse_registry(employees_csv(tmp_path, row, header=header))
    assert result.errors == []
    assert result.employees[0].national_id == IDS[0]
    assert result.employees[0].fund_debt == 12_500_000


def test_missing_columns_are_reported_on_row_one(tmp_path: Path) -> None:
    header = [h for h in EMPLOYEE_HEADER if h not in {"sheba", "fund_debt"}]
    row = [c for h, c in zip(EMPLOYEE_HEADER, employee_row(), strict=True) if h in header]
    result = parse_registry(employees_csv(tmp_path, row, header=header))
    assert codes(result) == [(1, "fund_debt", "missing_column"), (1, "sheba", "missing_column")]
    assert result.employees == []


def test_unknown_column_is_reported_and_rows_still_checked(tmp_path: Path) -> None:
    header = [*EMPLOYEE_HEADER, "favourite colour"]
    result = parse_registry(
        employees_csv(
            tmp_path, [*employee_row(), "blue"], [*employee_row(1, mobile="123"), "red"], header=header
        )
    )
    assert codes(result) == [(1, "favourite colour", "unknown_column"), (3, "mobile", "mobile_format")]
    assert not result.ok


def test_duplicate_column(tmp_path: Path) -> None:
    header = [*EMPLOYEE_HEADER, "موبایل"]
    result = parse_registry(employees_csv(tmp_path, [*employee_row(), "09120000000"], header=header))
    assert codes(result) == [(1, "mobile", "duplicate_column")]


def test_untitled_columns_are_ignored(tmp_path: Path) -> None:
    result = parse_registry(
        employees_csv(tmp_path, [*employee_row(), "", "note"], header=[*EMPLOYEE_HEADER, "", ""])
    )
    assert result.ok


def test_semicolon_delimited_csv_with_bom(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "employees.csv", [EMPLOYEE_HEADER, employee_row()], delimiter=";", bom=True)
    result = parse_registry(path)
    assert result.ok
    assert result.employees[0].fund_debt == 12_500_000


def test_tab_delimited_csv(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "employees.csv", [EMPLOYEE_HEADER, employee_row()], delimiter="\t")
    assert parse_registry(path).ok


# --- cell errors ----------------------------------------------------------------------------------

WRONG_SHEBA = SHEBAS[1][:10] + str((int(SHEBAS[1][10]) + 1) % 10) + SHEBAS[1][11:]


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("personnel_no", "", "empty"),
        ("personnel_no", "A 1!", "personnel_no_format"),
        ("personnel_no", "X" * 31, "personnel_no_format"),
        ("national_id", "0123456788", "national_id_checksum"),
        ("national_id", "", "empty"),
        ("national_id", "12-34-AB", "not_digits"),
        ("national_id", "1111111111", "national_id_repeated"),
        ("national_id", "1234567", "national_id_length"),
        ("first_name", "", "empty"),
        ("first_name", "\u200c \u200f", "empty"),
        ("last_name", "ب" * 101, "too_long"),
        ("mobile", "02112345678", "mobile_format"),
        ("mobile", "", "empty"),
        ("status", "fired", "status_unknown"),
        ("status", "", "empty"),
        ("hire_date", "1403/13/01", "date_impossible"),
        ("hire_date", "1404/12/30", "date_impossible"),
        ("hire_date", "", "empty"),
        ("hire_date", "دیروز", "date_format"),
        ("fund_member_since", "soon", "date_format"),
        ("fund_debt", "-5", "amount_format"),
        ("fund_debt", "12.5", "amount_format"),
        ("fund_debt", "12,50,000", "amount_format"),
        ("sheba", WRONG_SHEBA, "sheba_checksum"),
        ("sheba", "IR12", "sheba_format"),
        ("sheba", "IR", "sheba_format"),
        ("sheba", "9" * 300, "too_long"),
    ],
)
def test_employee_cell_errors(tmp_path: Path, column: str, value: str, code: str) -> None:
    result = parse_registry(employees_csv(tmp_path, employee_row(0), employee_row(1, **{column: value})))
    expected_value = value if len(value) <= 100 else value[:100] + "..."
    assert result.errors == [
        RowError(file="employees.csv", row=3, column=column, code=code, value=expected_value)
    ]
    assert not result.ok
    assert [e.personnel_no for e in result.employees] == ["1001"]  # the bad row is left out


@pytest.mark.parametrize(
    ("column", "value", "attribute", "expected"),
    [
        ("fund_member_since", "", "fund_member_since", None),
        ("fund_member_since", "  ", "fund_member_since", None),
        ("fund_debt", "", "fund_debt", 0),
        ("fund_debt", "0", "fund_debt", 0),
        ("status", "مستمری بگیر", "status", EmployeeStatus.PENSIONER),
        ("status", "وظیفه\u200cبگیر", "status", EmployeeStatus.PENSIONER),
        ("status", "بازنشسته", "status", EmployeeStatus.RETIRED),
        ("status", "شاغل", "status", EmployeeStatus.EMPLOYED),
        ("status", "RETIRED", "status", EmployeeStatus.RETIRED),
        ("personnel_no", "ab-12/3", "personnel_no", "AB-12/3"),
        ("personnel_no", "۱۰۲۳", "personnel_no", "1023"),
        ("national_id", "12345679", "national_id", "0012345679"),  # leading zeros lost in a spreadsheet
        ("first_name", "  علي  ", "first_name", "علی"),
        ("hire_date", "2024-10-06", "hire_date", date(2024, 10, 6)),
        ("hire_date", "۱۴۰۳/۱۲/۳۰", "hire_date", date(2025, 3, 20)),
        ("sheba", "", "sheba", ""),  # never given one: allowed
        ("sheba", " \u200c\u200f ", "sheba", ""),
        ("sheba", " " * 300, "sheba", ""),  # blank however long
        ("sheba", "IR05 0170 0000 0012 3456 7890 12", "sheba", SHEBAS[0]),
    ],
)
def test_employee_cell_variants(
    tmp_path: Path, column: str, value: str, attribute: str, expected: object
) -> None:
    result = parse_registry(employees_csv(tmp_path, employee_row(0, **{column: value})))
    assert result.errors == []
    assert getattr(result.employees[0], attribute) == expected


def test_every_error_is_reported(tmp_path: Path) -> None:
    result = parse_registry(
        employees_csv(
            tmp_path,
            employee_row(0, national_id="0012345678", mobile="12", sheba="IR12"),
            employee_row(1),
            employee_row(2, status="?"),
            employee_row(3, hire_date="1403/07/31"),
        )
    )
    assert codes(result) == [
        (2, "national_id", "national_id_checksum"),
        (2, "mobile", "mobile_format"),
        (2, "sheba", "sheba_format"),
        (4, "status", "status_unknown"),
        (5, "hire_date", "date_impossible"),
    ]
    assert [e.personnel_no for e in result.employees] == ["1002"]


def test_blank_rows_are_skipped_but_counted(tmp_path: Path) -> None:
    blank = [""] * len(EMPLOYEE_HEADER)
    result = parse_registry(employees_csv(tmp_path, employee_row(0), blank, [], employee_row(1, mobile="x")))
    assert codes(result) == [(5, "mobile", "mobile_format")]


def test_short_rows_read_missing_cells_as_empty(tmp_path: Path) -> None:
    result = parse_registry(employees_csv(tmp_path, employee_row(0)[:6], employee_row(1)[:9]))
    assert codes(result) == [(2, "hire_date", "empty")]
    assert [(e.personnel_no, e.fund_debt, e.sheba) for e in result.employees] == [("1002", 12_500_000, "")]


# --- duplicates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "first", "second", "code"),
    [
        ("personnel_no", "1001", "1001", "duplicate_personnel_no"),
        ("personnel_no", "ab-1", "AB-1", "duplicate_personnel_no"),
        ("national_id", IDS[0], "۰۰۱۲۳۴۵۶۷۹", "duplicate_national_id"),
        ("national_id", IDS[0], "12345679", "duplicate_national_id"),
        ("mobile", "09121234567", "+98 912 123 4567", "duplicate_mobile"),
    ],
)
def test_duplicates_are_errors_on_the_later_row(
    tmp_path: Path, column: str, first: str, second: str, code: str
) -> None:
    result = parse_registry(
        employees_csv(
            tmp_path,
            employee_row(0, **{column: first}),
            employee_row(2),
            employee_row(1, **{column: second}),
        )
    )
    assert result.errors == [RowError(file="employees.csv", row=4, column=column, code=code, value=second)]
    first_personnel_no = first.upper() if column == "personnel_no" else "1001"
    assert [e.personnel_no for e in result.employees] == [first_personnel_no, "1003"]


def test_shared_sheba_is_allowed(tmp_path: Path) -> None:
    # A couple may both work at the office and share a joint account.
    result = parse_registry(employees_csv(tmp_path, employee_row(0), employee_row(1, sheba=SHEBAS[0])))
    assert result.ok


# --- empty and unreadable files -------------------------------------------------------------------


def test_empty_employees_file(tmp_path: Path) -> None:
    path = tmp_path / "employees.csv"
    path.write_bytes(b"")
    result = parse_registry(path)
    assert codes(result) == [(1, None, "no_rows")]


def test_header_only_employees_file(tmp_path: Path) -> None:
    result = parse_registry(employees_csv(tmp_path))
    assert codes(result) == [(1, None, "no_rows")]
    result = parse_registry(employees_csv(tmp_path, [""] * 10, ["", " "]))
    assert codes(result) == [(1, None, "no_rows")]


def test_non_utf8_csv(tmp_path: Path) -> None:
    path = tmp_path / "employees.csv"
    path.write_bytes(
        ",".join(EMPLOYEE_HEADER).encode() + "\nعلي".encode("cp1256")
    )  # Windows Arabic code page
    assert codes(parse_registry(path)) == [(1, None, "file_encoding")]


@pytest.mark.parametrize("name", ["employees.xls", "employees.pdf", "employees"])
def test_unsupported_file_type(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    result = parse_registry(path)
    assert result.errors == [RowError(file=name, row=1, column=None, code="file_format", value="")]


def test_corrupt_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "employees.xlsx"
    path.write_bytes(b"this is not a zip file")
    assert codes(parse_registry(path)) == [(1, None, "file_format")]


# --- dependants -----------------------------------------------------------------------------------


def test_dependant_of_unknown_employee(tmp_path: Path) -> None:
    result = parse_registry(
        employees_csv(tmp_path, employee_row(0)),
        dependants_csv(tmp_path, dependant_row(), dependant_row(employee=IDS[5], own=IDS[7])),
    )
    assert result.errors == [
        RowError(
            file="dependants.csv", row=3, column="employee_national_id", code="unknown_employee", value=IDS[5]
        )
    ]
    assert len(result.dependants) == 1


def test_employee_with_other_errors_is_still_known(tmp_path: Path) -> None:
    result = parse_registry(
        employees_csv(tmp_path, employee_row(0, mobile="x")),
        dependants_csv(tmp_path, dependant_row()),
    )
    assert codes(result) == [(2, "mobile", "mobile_format")]
    assert len(result.dependants) == 1


def test_broken_employee_header_does_not_cascade(tmp_path: Path) -> None:
    header = EMPLOYEE_HEADER[:-1]
    result = parse_registry(
        employees_csv(tmp_path, employee_row(0)[:-1], header=header),
        dependants_csv(tmp_path, dependant_row()),
    )
    assert codes(result) == [(1, "sheba", "missing_column")]


@pytest.mark.parametrize(
    ("overrides", "column", "code"),
    [
        ({"own": IDS[0]}, "national_id", "self_dependant"),
        ({"relation": "cousin"}, "relation", "relation_unknown"),
        ({"relation": ""}, "relation", "empty"),
        ({"birth_date": "1403/07/31"}, "birth_date", "date_impossible"),
        ({"birth_date": "yesterday"}, "birth_date", "date_format"),
        ({"own": "0012345678"}, "national_id", "national_id_checksum"),
        ({"employee": "0012345678"}, "employee_national_id", "national_id_checksum"),
        ({"first_name": ""}, "first_name", "empty"),
    ],
)
def test_dependant_cell_errors(tmp_path: Path, overrides: dict[str, str], column: str, code: str) -> None:
    result = parse_registry(
        employees_csv(tmp_path, employee_row(0)),
        dependants_csv(tmp_path, dependant_row(**overrides)),
    )
    assert [(e.file, e.row, e.column, e.code) for e in result.errors] == [("dependants.csv", 2, column, code)]
    assert result.dependants == []


@pytest.mark.parametrize(
    ("relation", "expected"),
    [
        ("همسر", Relation.SPOUSE),
        ("فرزند", Relation.CHILD),
        ("پدر", Relation.PARENT),
        ("مادر", Relation.PARENT),
        ("والدین", Relation.PARENT),
        ("Child", Relation.CHILD),
        (" parent ", Relation.PARENT),
    ],
)
def test_relation_aliases(tmp_path: Path, relation: str, expected: Relation) -> None:
    result = parse_registry(
        employees_csv(tmp_path, employee_row(0)),
        dependants_csv(tmp_path, dependant_row(relation=relation)),
    )
    assert result.errors == []
    assert result.dependants[0].relation is expected


def test_duplicate_dependant_for_same_employee(tmp_path: Path) -> None:
    result = parse_registry(
        employees_csv(tmp_path, employee_row(0), employee_row(1)),
        dependants_csv(
            tmp_path,
            dependant_row(IDS[0], IDS[7], relation="فرزند"),
            dependant_row(IDS[1], IDS[7], relation="فرزند"),  # both parents work here: allowed
            dependant_row(IDS[0], "۶۷۸۹۱۲۳۴۵۸", relation="فرزند"),  # same as row 2
        ),
    )
    assert codes(result) == [(4, "national_id", "duplicate_dependant")]
    assert len(result.dependants) == 2


def test_dependant_missing_column(tmp_path: Path) -> None:
    result = parse_registry(
        employees_csv(tmp_path, employee_row(0)),
        dependants_csv(tmp_path, dependant_row()[:-1], header=DEPENDANT_HEADER[:-1]),
    )
    assert [(e.file, e.row, e.column, e.code) for e in result.errors] == [
        ("dependants.csv", 1, "birth_date", "missing_column")
    ]


def test_persian_dependant_headers(tmp_path: Path) -> None:
    header = ["کد ملی سرپرست", "کد ملی", "نام", "نام خانوادگی", "نسبت", "تاریخ تولد"]
    result = parse_registry(
        employees_csv(tmp_path, employee_row(0)),
        dependants_csv(tmp_path, dependant_row(), header=header),
    )
    assert result.errors == []
    assert result.dependants[0].employee_national_id == IDS[0]


def test_empty_dependants_file_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "dependants.csv"
    path.write_text("", encoding="utf-8")
    result = parse_registry(employees_csv(tmp_path, employee_row(0)), path)
    assert result.ok
    assert result.dependants == []


# --- XLSX -----------------------------------------------------------------------------------------


def xlsx_employee_rows() -> list[list[object]]:
    """Employee rows the way Excel stores them: numbers lose leading zeros, dates are datetimes."""
    return [
        EMPLOYEE_HEADER,
        [
            1001,
            12345679,
            "علی",
            "رضایی",
            9121234567,
            "شاغل",
            datetime(2011, 8, 23),
            "1395/01/15",
            12_500_000,
            SHEBAS[0],
        ],
        [
            "1002",
            IDS[2],
            "مریم",
            "احمدی",
            "09351112233",
            "بازنشسته",
            "1398/11/20",
            None,
            3_000_000.0,
            SHEBAS[1],
        ],
    ]


def build_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """Save a workbook with the given sheets, in order."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


@pytest.mark.parametrize("dependants_sheet", ["افراد تحت تکفل", "dependants", "Dependants"])
def test_xlsx_with_dependants_sheet(tmp_path: Path, dependants_sheet: str) -> None:
    path = build_workbook(
        tmp_path / "registry.xlsx",
        {
            "Sheet1": xlsx_employee_rows(),
            dependants_sheet: [
                DEPENDANT_HEADER,
                [IDS[0], IDS[6], "سارا", "رضایی", "همسر", datetime(1986, 7, 3)],
            ],
        },
    )
    result = parse_registry(path)
    assert result.errors == []
    first, second = result.employees
    assert first.personnel_no == "1001"
    assert first.national_id == "0012345679"
    assert first.mobile == "09121234567"
    assert first.hire_date == date(2011, 8, 23)
    assert first.fund_member_since == date(2016, 4, 3)
    assert first.fund_debt == 12_500_000
    assert second.fund_member_since is None
    assert second.fund_debt == 3_000_000
    assert second.status is EmployeeStatus.RETIRED
    assert result.dependants == [
        DependantRecord(
            employee_national_id=IDS[0],
            national_id=IDS[6],
            first_name="سارا",
            last_name="رضایی",
            relation=Relation.SPOUSE,
            birth_date=date(1986, 7, 3),
        )
    ]


def test_xlsx_dependants_sheet_may_come_first(tmp_path: Path) -> None:
    path = build_workbook(
        tmp_path / "registry.xlsx",
        {
            "dependants": [DEPENDANT_HEADER, [IDS[0], IDS[6], "سارا", "رضایی", "همسر", "1365/04/12"]],
            "کارمندان": xlsx_employee_rows(),
        },
    )
    result = parse_registry(path)
    assert result.errors == []
    assert len(result.employees) == 2
    assert len(result.dependants) == 1


def test_xlsx_errors_name_the_sheet(tmp_path: Path) -> None:
    rows = xlsx_employee_rows()
    rows[2][4] = "021-1234"
    path = build_workbook(tmp_path / "registry.xlsx", {"Staff": rows})
    result = parse_registry(path)
    assert result.errors == [
        RowError(file="registry.xlsx:Staff", row=3, column="mobile", code="mobile_format", value="021-1234")
    ]


def test_xlsx_only_dependants_sheet(tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "registry.xlsx", {"dependants": [DEPENDANT_HEADER]})
    assert codes(parse_registry(path)) == [(1, None, "no_rows")]


def test_xlsx_dependants_twice(tmp_path: Path) -> None:
    path = build_workbook(
        tmp_path / "registry.xlsx",
        {
            "employees": xlsx_employee_rows(),
            "dependants": [DEPENDANT_HEADER],
        },
    )
    result = parse_registry(path, dependants_csv(tmp_path, dependant_row()))
    assert [(e.file, e.code) for e in result.errors] == [("registry.xlsx:dependants", "dependants_twice")]


def test_separate_xlsx_dependants_file(tmp_path: Path) -> None:
    dependants = build_workbook(
        tmp_path / "family.xlsx",
        {
            "Sheet": [DEPENDANT_HEADER, [IDS[0], 6789123458, "امیر", "رضایی", "فرزند", "1392/08/30"]],
        },
    )
    result = parse_registry(employees_csv(tmp_path, employee_row(0)), dependants)
    assert result.errors == []
    assert result.dependants[0].national_id == "6789123458"
    assert result.dependants[0].birth_date == date(2013, 11, 21)


# --- streamed checking: order, caps, batches ------------------------------------------------------


def test_errors_found_across_rows_are_reported_in_row_order(tmp_path: Path) -> None:
    result = parse_registry(
        employees_csv(
            tmp_path,
            employee_row(0, mobile="x"),  # a bad row still claims its national ID
            employee_row(1, national_id=IDS[0], status="?"),
            employee_row(2, mobile="09121234561"),  # row 3's mobile was 0912123456 + 1
            employee_row(3, hire_date="1403/07/31"),
        )
    )
    assert codes(result) == [
        (2, "mobile", "mobile_format"),
        (3, "status", "status_unknown"),  # the row's own cells first
        (3, "national_id", "duplicate_national_id"),  # then what needed the whole file
        (4, "mobile", "duplicate_mobile"),
        (5, "hire_date", "date_impossible"),
    ]
    assert result.employees == []
    assert result.error_count == 5


def test_every_repeat_after_the_first_is_an_error(tmp_path: Path) -> None:
    rows = [employee_row(i, mobile="09120000000") for i in range(4)]
    result = parse_registry(employees_csv(tmp_path, *rows))
    assert codes(result) == [(r, "mobile", "duplicate_mobile") for r in (3, 4, 5)]
    assert [e.personnel_no for e in result.employees] == ["1001"]


def test_errors_kept_are_capped_but_all_counted(tmp_path: Path) -> None:
    rows = [employee_row(0), *(employee_row(1 + i % 5, status=f"?{i}") for i in range(30))]
    path = employees_csv(tmp_path, *rows)
    with check_registry(path, max_errors=7) as checked:
        assert not checked.ok
        assert (
            checked.error_count == 30 + 25 * 3
        )  # 30 bad statuses; 25 repeats of employees 2..6, 3 fields each
        # The first seven in report order, though the repeats on row 8 were found after every status.
        assert [(e.row, e.column) for e in checked.errors] == [
            *((r, "status") for r in range(3, 9)),
            (8, "personnel_no"),
        ]
    result = parse_registry(path)
    assert result.error_count == 105
    assert len(result.errors) == 105
    assert not result.ok


def test_import_result_counts_errors_beyond_the_list() -> None:
    assert not ImportResult(employees=[], dependants=[], errors=[], error_count=3).ok
    assert ImportResult(employees=[], dependants=[], errors=[]).ok


def test_rows_come_in_batches_in_file_order(tmp_path: Path) -> None:
    employees = employees_csv(tmp_path, *(employee_row(i) for i in range(5)))
    dependants = dependants_csv(tmp_path, dependant_row(), dependant_row(IDS[1], IDS[7]))
    with check_registry(employees, dependants) as checked:
        assert checked.ok
        assert (checked.employee_count(), checked.dependant_count()) == (5, 2)
        batches = list(checked.employee_rows(size=2))
        assert [len(b) for b in batches] == [2, 2, 1]
        assert [row[0] for b in batches for row in b] == ["1001", "1002", "1003", "1004", "1005"]
        assert batches[0][0] == (
            "1001",
            IDS[0],
            "علی",
            "رضایی",
            "09121234560",
            "employed",
            "2011-08-23",
            "2016-04-03",
            12_500_000,
            SHEBAS[0],
        )
        assert list(checked.dependant_rows()) == [
            [
                (IDS[0], IDS[6], "سارا", "رضایی", "spouse", "1986-07-03"),
                (IDS[1], IDS[7], "سارا", "رضایی", "spouse", "1986-07-03"),
            ]
        ]


def test_bad_rows_are_left_out_of_the_batches(tmp_path: Path) -> None:
    path = employees_csv(tmp_path, employee_row(0), employee_row(1, mobile="x"), employee_row(2))
    with check_registry(path) as checked:
        assert checked.error_count == 1
        assert [row[0] for b in checked.employee_rows() for row in b] == ["1001", "1003"]


def test_an_encoding_error_deep_in_a_large_file_refuses_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "employees.csv"
    good = "\n".join(",".join(employee_row(i % 6, personnel_no=str(5000 + i))) for i in range(2000))
    path.write_bytes((",".join(EMPLOYEE_HEADER) + "\n" + good + "\n").encode() + "علي".encode("cp1256"))
    assert path.stat().st_size > 100_000  # well past the first buffer a reader would decode
    assert codes(parse_registry(path)) == [(1, None, "file_encoding")]


def test_dependants_of_bad_employee_rows_are_still_matched(tmp_path: Path) -> None:
    result = parse_registry(
        employees_csv(tmp_path, employee_row(0, mobile="x"), employee_row(1, national_id=IDS[0])),
        dependants_csv(tmp_path, dependant_row(), dependant_row(employee="۰۰۱۲۳۴۵۶۷۹", own=IDS[6])),
    )
    assert [(e.file, e.row, e.column, e.code, e.value) for e in result.errors] == [
        ("employees.csv", 2, "mobile", "mobile_format", "x"),
        ("employees.csv", 3, "national_id", "duplicate_national_id", IDS[0]),
        ("dependants.csv", 3, "national_id", "duplicate_dependant", IDS[6]),
    ]


def test_repeated_values_are_reported_as_typed(tmp_path: Path) -> None:
    result = parse_registry(
        employees_csv(tmp_path, employee_row(0), employee_row(1, national_id="  ۰۰۱۲۳۴۵۶۷۹ "))
    )
    assert [(e.row, e.code, e.value) for e in result.errors] == [
        (3, "duplicate_national_id", "  ۰۰۱۲۳۴۵۶۷۹ ")
    ]


def test_xlsx_rows_are_streamed_from_a_read_only_workbook(tmp_path: Path) -> None:
    rows: list[list[object]] = [EMPLOYEE_HEADER]
    rows += [employee_row(i % 6, personnel_no=str(7000 + i), mobile=f"0913{i:07d}") for i in range(300)]
    path = build_workbook(tmp_path / "big.xlsx", {"employees": rows})
    with check_registry(path) as checked:
        assert checked.error_count == 294 * 1  # national IDs repeat after the first six rows
        assert checked.employee_count() == 300


def test_a_dependants_header_problem_comes_after_the_employees_rows(tmp_path: Path) -> None:
    result = parse_registry(
        employees_csv(tmp_path, employee_row(0), employee_row(1, mobile="x")),
        dependants_csv(tmp_path, dependant_row()[:-1], header=DEPENDANT_HEADER[:-1]),
    )
    assert [(e.file, e.row, e.code) for e in result.errors] == [
        ("employees.csv", 3, "mobile_format"),
        ("dependants.csv", 1, "missing_column"),
    ]
