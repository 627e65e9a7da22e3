"""The benefits' input files as tables and properties: payroll rows, registry rows, whole-file checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import jdatetime
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain import benefits
from domain.benefit_files import (
    Event,
    FileProblem,
    MarriageKind,
    Month,
    PayrollRow,
    RegistryRow,
    RowCode,
    RowProblem,
    check_payroll_file,
    check_registry_file,
    parse_payroll_row,
    parse_registry_row,
)
from domain.jalali import to_gregorian
from domain.validators import MAX_INPUT_LENGTH, InvalidCode, national_id_check_digit

PERSIAN = str.maketrans("0123456789", "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9")
ARABIC = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")
ALI, SARA, BABY = "0012345679", "1234567891", "9876543210"
BAD_CHECK = "0012345678"


def j(y: int, m: int, d: int) -> dt.date:
    return to_gregorian(jdatetime.date(y, m, d))


def payroll(**cells: object) -> dict[str, object]:
    row: dict[str, object] = {
        "national_id": ALI,
        "month": "1403/07",
        "contribution_days": "30",
        "gross_pay": "150,000,000",
    }
    row.update(cells)
    return row


def marriage(**cells: object) -> dict[str, object]:
    row: dict[str, object] = {
        "record_id": "R-1001",
        "national_id": ALI,
        "event": "marriage",
        "event_date": "1403/07/15",
        "spouse_national_id": SARA,
        "child_national_id": "",
        "marriage_kind": "permanent",
    }
    row.update(cells)
    return row


def birth(**cells: object) -> dict[str, object]:
    row: dict[str, object] = {
        "record_id": "R-2002",
        "national_id": ALI,
        "event": "birth",
        "event_date": "2024-10-06",
        "spouse_national_id": SARA,
        "child_national_id": BABY,
        "marriage_kind": None,
    }
    row.update(cells)
    return row


def test_the_module_of_benefits_re_exports_the_file_api() -> None:
    assert benefits.parse_payroll_row is parse_payroll_row
    assert benefits.parse_registry_row is parse_registry_row
    assert benefits.check_payroll_file is check_payroll_file


# --- Month --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "month"),
    [
        (j(1403, 7, 1), Month(1403, 7)),
        (j(1403, 12, 30), Month(1403, 12)),
        (j(1404, 1, 1), Month(1404, 1)),
        (dt.date(2024, 10, 6), Month(1403, 7)),
    ],
)
def test_month_of_a_day(day: dt.date, month: Month) -> None:
    assert Month.of(day) == month


@pytest.mark.parametrize(
    ("month", "delta", "expected"),
    [
        (Month(1403, 7), -1, Month(1403, 6)),
        (Month(1403, 1), -1, Month(1402, 12)),
        (Month(1403, 7), -60, Month(1398, 7)),
        (Month(1403, 7), -61, Month(1398, 6)),
        (Month(1403, 12), 1, Month(1404, 1)),
    ],
)
def test_month_shift_and_order(month: Month, delta: int, expected: Month) -> None:
    assert month.shift(delta) == expected
    assert (expected < month) == (delta < 0)


def test_month_text() -> None:
    assert str(Month(1403, 7)) == "1403/07"


# --- payroll rows -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({}, PayrollRow(ALI, Month(1403, 7), 30, 150_000_000)),
        (
            {
                "national_id": ALI.translate(PERSIAN),
                "month": "1403/07".translate(PERSIAN),
                "contribution_days": "30".translate(PERSIAN),
                "gross_pay": "150\u066c000\u066c000".translate(PERSIAN),  # Arabic thousands separator
            },
            PayrollRow(ALI, Month(1403, 7), 30, 150_000_000),
        ),
        (
            {"month": "1403-7".translate(ARABIC), "contribution_days": "0", "gross_pay": "0"},
            PayrollRow(ALI, Month(1403, 7), 0, 0),
        ),
        (
            {"month": " 1403 . 12 ", "contribution_days": "31"},
            PayrollRow(ALI, Month(1403, 12), 31, 150_000_000),
        ),
        ({"month": "1403\u066b01"}, PayrollRow(ALI, Month(1403, 1), 30, 150_000_000)),
        # spreadsheet cells: numbers, a national ID that lost its leading zeros
        (
            {"national_id": 12345679, "contribution_days": 30.0, "gross_pay": 150000000},
            PayrollRow(ALI, Month(1403, 7), 30, 150_000_000),
        ),
        ({"gross_pay": 1.5e8}, PayrollRow(ALI, Month(1403, 7), 30, 150_000_000)),
    ],
)
def test_valid_payroll_rows(cells: dict[str, object], expected: PayrollRow) -> None:
    assert parse_payroll_row(payroll(**cells)) == expected


@pytest.mark.parametrize(
    ("cells", "column", "code"),
    [
        ({"national_id": ""}, "national_id", InvalidCode.EMPTY),
        ({"national_id": None}, "national_id", InvalidCode.EMPTY),
        ({"national_id": BAD_CHECK}, "national_id", InvalidCode.NATIONAL_ID_CHECKSUM),
        ({"national_id": "12345"}, "national_id", InvalidCode.NATIONAL_ID_LENGTH),
        ({"national_id": "abc"}, "national_id", InvalidCode.NOT_DIGITS),
        ({"national_id": "1" * (MAX_INPUT_LENGTH + 1)}, "national_id", InvalidCode.TOO_LONG),
        ({"month": ""}, "month", InvalidCode.EMPTY),
        ({"month": "1403"}, "month", RowCode.MONTH_FORMAT),
        ({"month": "07/1403"}, "month", RowCode.MONTH_FORMAT),
        ({"month": "140307"}, "month", RowCode.MONTH_FORMAT),
        ({"month": "1403/07/01"}, "month", RowCode.MONTH_FORMAT),
        ({"month": 1403.1}, "month", RowCode.MONTH_FORMAT),  # 1403/10 typed as a number
        ({"month": 140307}, "month", RowCode.MONTH_FORMAT),
        ({"month": dt.date(2024, 10, 1)}, "month", RowCode.MONTH_FORMAT),
        ({"month": "1403/13"}, "month", RowCode.MONTH_IMPOSSIBLE),
        ({"month": "1403/00"}, "month", RowCode.MONTH_IMPOSSIBLE),
        ({"month": "1299/12"}, "month", RowCode.MONTH_IMPOSSIBLE),
        ({"month": "2024/10"}, "month", RowCode.MONTH_IMPOSSIBLE),  # a Gregorian month
        ({"contribution_days": ""}, "contribution_days", InvalidCode.EMPTY),
        ({"contribution_days": "32"}, "contribution_days", RowCode.DAYS_RANGE),
        ({"contribution_days": 32}, "contribution_days", RowCode.DAYS_RANGE),
        ({"contribution_days": -1}, "contribution_days", RowCode.DAYS_RANGE),
        ({"contribution_days": "-1"}, "contribution_days", RowCode.DAYS_FORMAT),
        ({"contribution_days": "30.5"}, "contribution_days", RowCode.DAYS_FORMAT),
        ({"contribution_days": 30.5}, "contribution_days", RowCode.DAYS_FORMAT),
        ({"contribution_days": True}, "contribution_days", RowCode.DAYS_FORMAT),
        ({"contribution_days": "thirty"}, "contribution_days", RowCode.DAYS_FORMAT),
        ({"gross_pay": ""}, "gross_pay", InvalidCode.EMPTY),
        ({"gross_pay": "-5"}, "gross_pay", InvalidCode.AMOUNT_FORMAT),
        ({"gross_pay": "12.5"}, "gross_pay", InvalidCode.AMOUNT_FORMAT),
        ({"gross_pay": 12.5}, "gross_pay", InvalidCode.AMOUNT_FORMAT),
        ({"gross_pay": False}, "gross_pay", InvalidCode.AMOUNT_FORMAT),
        ({"gross_pay": "1,50,000"}, "gross_pay", InvalidCode.AMOUNT_FORMAT),
        ({"gross_pay": "9" * 20}, "gross_pay", InvalidCode.AMOUNT_TOO_LARGE),
    ],
)
def test_refused_payroll_cells(cells: dict[str, object], column: str, code: InvalidCode | RowCode) -> None:
    result = parse_payroll_row(payroll(**cells))
    assert isinstance(result, tuple)
    assert [(p.column, p.code) for p in result] == [(column, code)]


def test_a_missing_column_is_an_empty_cell_and_every_problem_is_reported() -> None:
    result = parse_payroll_row({"national_id": BAD_CHECK, "month": "1403/13", "gross_pay": "x"})
    assert result == (
        RowProblem("national_id", InvalidCode.NATIONAL_ID_CHECKSUM, BAD_CHECK),
        RowProblem("month", RowCode.MONTH_IMPOSSIBLE, "1403/13"),
        RowProblem("contribution_days", InvalidCode.EMPTY, ""),
        RowProblem("gross_pay", InvalidCode.AMOUNT_FORMAT, "x"),
    )


def test_a_problem_shows_at_most_a_hundred_characters_of_the_value() -> None:
    result = parse_payroll_row(payroll(month="x" * 150))
    assert isinstance(result, tuple)
    assert result[0].value == "x" * 100


CELLS = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.text(alphabet="0123456789/.-,\u066b\u066c \u06f0\u06f5\u0660", max_size=15),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
)
PAYROLL_COLUMNS = ("national_id", "month", "contribution_days", "gross_pay")
REGISTRY_COLUMNS = (
    "record_id",
    "national_id",
    "event",
    "event_date",
    "spouse_national_id",
    "child_national_id",
    "marriage_kind",
)


# No deadline: a shared CI machine may be slow; the examples stay few.
@settings(deadline=None)
@given(st.fixed_dictionaries({c: CELLS for c in PAYROLL_COLUMNS}))
def test_parse_payroll_row_never_raises(raw: Mapping[str, object]) -> None:
    result = parse_payroll_row(raw)
    assert isinstance(result, PayrollRow) or (result and all(isinstance(p, RowProblem) for p in result))


@settings(deadline=None)
@given(
    st.fixed_dictionaries(
        {
            c: st.one_of(CELLS, st.sampled_from(["marriage", "birth", "permanent", ALI, SARA]))
            for c in REGISTRY_COLUMNS
        }
    )
)
def test_parse_registry_row_never_raises(raw: Mapping[str, object]) -> None:
    result = parse_registry_row(raw)
    assert isinstance(result, RegistryRow) or (result and all(isinstance(p, RowProblem) for p in result))


@settings(deadline=None)
@given(
    st.integers(min_value=1300, max_value=1499),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=0, max_value=31),
    st.integers(min_value=0, max_value=10**15),
    st.sampled_from([None, PERSIAN, ARABIC]),
    st.booleans(),
)
def test_payroll_rows_round_trip_in_any_digits(
    year: int, month: int, days: int, pay: int, digits: dict[int, str] | None, grouped: bool
) -> None:
    cells = {
        "national_id": SARA,
        "month": f"{year}/{month:02d}",
        "contribution_days": str(days),
        "gross_pay": f"{pay:,}" if grouped else str(pay),
    }
    if digits is not None:
        cells = {k: v.translate(digits) for k, v in cells.items()}
    assert parse_payroll_row(cells) == PayrollRow(SARA, Month(year, month), days, pay)


# --- registry rows ------------------------------------------------------------------------------------------


MARRIAGE = RegistryRow("R-1001", ALI, Event.MARRIAGE, j(1403, 7, 15), SARA, None, MarriageKind.PERMANENT)
BIRTH = RegistryRow("R-2002", ALI, Event.BIRTH, dt.date(2024, 10, 6), SARA, BABY, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (marriage(), MARRIAGE),
        (marriage(event_date="2024-10-06"), MARRIAGE),  # ISO
        (marriage(event_date="1403/07/15".translate(PERSIAN)), MARRIAGE),
        (marriage(event_date=dt.date(2024, 10, 6)), MARRIAGE),  # a spreadsheet date
        (marriage(event_date=dt.datetime(2024, 10, 6, 0, 0)), MARRIAGE),
        (marriage(event=" Marriage ", marriage_kind="PERMANENT"), MARRIAGE),
        (
            marriage(event="\u0627\u0632\u062f\u0648\u0627\u062c", marriage_kind="\u062f\u0627\u0626\u0645"),
            MARRIAGE,
        ),
        (marriage(marriage_kind="\u062f\u0627\u0626\u0645\u064a"), MARRIAGE),  # with an Arabic yeh
        (marriage(child_national_id=None), MARRIAGE),
        (
            marriage(marriage_kind="\u0645\u0648\u0642\u062a"),
            RegistryRow("R-1001", ALI, Event.MARRIAGE, j(1403, 7, 15), SARA, None, MarriageKind.TEMPORARY),
        ),
        (
            marriage(record_id="\u06f1\u06f2\u06f3"),
            RegistryRow("123", ALI, Event.MARRIAGE, j(1403, 7, 15), SARA, None, MarriageKind.PERMANENT),
        ),
        (
            marriage(record_id=987654),
            RegistryRow("987654", ALI, Event.MARRIAGE, j(1403, 7, 15), SARA, None, MarriageKind.PERMANENT),
        ),
        (birth(), BIRTH),
        (birth(event="\u062a\u0648\u0644\u062f", marriage_kind=""), BIRTH),
        (
            birth(spouse_national_id=""),  # the other parent is optional on a birth
            RegistryRow("R-2002", ALI, Event.BIRTH, dt.date(2024, 10, 6), None, BABY, None),
        ),
    ],
)
def test_valid_registry_rows(raw: dict[str, object], expected: RegistryRow) -> None:
    assert parse_registry_row(raw) == expected


@pytest.mark.parametrize(
    ("raw", "problems"),
    [
        (marriage(record_id=""), [("record_id", InvalidCode.EMPTY)]),
        (marriage(record_id="#12"), [("record_id", RowCode.RECORD_ID_FORMAT)]),
        (marriage(record_id="R 12"), [("record_id", RowCode.RECORD_ID_FORMAT)]),
        (marriage(record_id="R" * 65), [("record_id", RowCode.RECORD_ID_FORMAT)]),
        (marriage(national_id=BAD_CHECK), [("national_id", InvalidCode.NATIONAL_ID_CHECKSUM)]),
        (marriage(event="divorce"), [("event", RowCode.EVENT_UNKNOWN)]),
        (marriage(event=""), [("event", InvalidCode.EMPTY)]),
        (marriage(event_date=""), [("event_date", InvalidCode.EMPTY)]),
        (marriage(event_date="yesterday"), [("event_date", InvalidCode.DATE_FORMAT)]),
        (marriage(event_date="1404/12/30"), [("event_date", InvalidCode.DATE_IMPOSSIBLE)]),  # not a leap year
        (marriage(event_date="2024-02-30"), [("event_date", InvalidCode.DATE_IMPOSSIBLE)]),
        (marriage(event_date=14030715), [("event_date", InvalidCode.DATE_FORMAT)]),
        (marriage(marriage_kind=""), [("marriage_kind", InvalidCode.EMPTY)]),
        (marriage(marriage_kind="forever"), [("marriage_kind", RowCode.MARRIAGE_KIND_UNKNOWN)]),
        (marriage(spouse_national_id=""), [("spouse_national_id", InvalidCode.EMPTY)]),
        (marriage(spouse_national_id=BAD_CHECK), [("spouse_national_id", InvalidCode.NATIONAL_ID_CHECKSUM)]),
        (marriage(spouse_national_id=ALI), [("spouse_national_id", RowCode.SAME_PERSON)]),
        (marriage(child_national_id=BABY), [("child_national_id", RowCode.UNEXPECTED_VALUE)]),
        (birth(child_national_id=""), [("child_national_id", InvalidCode.EMPTY)]),
        (birth(child_national_id=ALI), [("child_national_id", RowCode.SAME_PERSON)]),
        (birth(marriage_kind="permanent"), [("marriage_kind", RowCode.UNEXPECTED_VALUE)]),
        (birth(spouse_national_id=BAD_CHECK), [("spouse_national_id", InvalidCode.NATIONAL_ID_CHECKSUM)]),
        (
            {},
            [
                ("record_id", InvalidCode.EMPTY),
                ("national_id", InvalidCode.EMPTY),
                ("event", InvalidCode.EMPTY),
                ("event_date", InvalidCode.EMPTY),
            ],
        ),
        (
            birth(event_date="x", child_national_id="", marriage_kind="temporary"),
            [
                ("event_date", InvalidCode.DATE_FORMAT),
                ("child_national_id", InvalidCode.EMPTY),
                ("marriage_kind", RowCode.UNEXPECTED_VALUE),
            ],
        ),
    ],
)
def test_refused_registry_rows(raw: dict[str, object], problems: list[tuple[str, object]]) -> None:
    result = parse_registry_row(raw)
    assert isinstance(result, tuple)
    assert [(p.column, p.code) for p in result] == problems


# --- whole files --------------------------------------------------------------------------------------------


def test_payroll_file_flags_a_second_row_for_one_person_and_month() -> None:
    check = check_payroll_file(
        [
            payroll(),
            payroll(month="1403/08"),
            payroll(national_id=SARA),
            payroll(month="1403/7", gross_pay="1"),  # the same month written differently
            payroll(contribution_days="99"),
        ]
    )
    assert not check.ok
    assert [r.month for r in check.rows] == [Month(1403, 7), Month(1403, 8), Month(1403, 7)]
    assert check.problems == (
        FileProblem(5, "month", RowCode.DUPLICATE, "1403/7"),
        FileProblem(6, "contribution_days", RowCode.DAYS_RANGE, "99"),
    )


def test_registry_file_flags_a_second_row_with_one_record_id() -> None:
    check = check_registry_file(
        [marriage(), birth(), marriage(national_id=SARA, spouse_national_id=ALI)], first_row=10
    )
    assert [r.record_id for r in check.rows] == ["R-1001", "R-2002"]
    assert check.problems == (FileProblem(12, "record_id", RowCode.DUPLICATE, "R-1001"),)


def test_a_clean_file_is_ok() -> None:
    check = check_registry_file([marriage(), birth()])
    assert check.ok
    assert check.rows == (MARRIAGE, BIRTH)
    assert check_payroll_file([]).ok


def test_national_id_helper_is_right() -> None:
    for nid in (ALI, SARA, BABY):
        assert int(nid[9]) == national_id_check_digit(nid[:9])
    assert int(BAD_CHECK[9]) != national_id_check_digit(BAD_CHECK[:9])
