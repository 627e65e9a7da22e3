"""Every XLSX the project writes passes the sheet properties; the one helper refuses what would not."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from documents.models import DeductionRow
from documents.sheets import Column, Kind, render_payroll_deductions, render_sheet
from tests.documents.sheet_checks import sheet_problems
from texts import documents as doc_t

ROOT = Path(__file__).resolve().parents[2]


def _deduction(personnel_no: str, amount: int, number: int = 3) -> DeductionRow:
    return DeductionRow(
        personnel_no=personnel_no,
        full_name="علی رضایی",
        loan_code="K7QM-3XDP",
        instalment_no=number,
        instalments=20,
        amount=amount,
    )


#: Every sheet the project writes, on sample data (a new sheet adds its producer here).
SHEETS: dict[str, Callable[[], bytes]] = {
    "payroll deductions": lambda: render_payroll_deductions(
        [_deduction("1001", 5_000_000), _deduction("۱۰۰۳", 5_000_019, 20)], period="آذر ۱۴۰۵"
    ),
    "payroll deductions, one line": lambda: render_payroll_deductions(
        [_deduction("7", 1)], period="دی ۱۴۰۵", organisation="شرکت نمونه"
    ),
}


@pytest.mark.parametrize("name", SHEETS)
def test_every_sheet_passes_the_sheet_properties(name: str) -> None:
    assert sheet_problems(SHEETS[name]()) == []


def test_only_the_helper_writes_workbooks() -> None:
    writers = [
        path.relative_to(ROOT)
        for package in ("documents", "services", "storage", "bot", "handlers", "conversations", "kit")
        for path in (ROOT / package).rglob("*.py")
        if "Workbook(" in path.read_text(encoding="utf-8")
    ]
    assert writers == [Path("documents/sheets.py")]


def test_payroll_sheet_has_the_header_numbers_and_a_sum() -> None:
    data = SHEETS["payroll deductions"]()
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book.active
    assert book.properties.title == doc_t.DOC_SHEET_PAYROLL_TITLE.format(period="آذر ۱۴۰۵")
    assert ws[1][0].value == doc_t.DOC_LABEL_PERSONNEL_NO
    assert [c.value for c in ws[2]] == [1001, "علی رضایی", "K7QM-3XDP", 3, 20, 5_000_000]
    assert ws[3][0].value == 1003  # Persian digits typed into the registry still become a number
    assert [c.value for c in ws[4]] == [None, doc_t.DOC_SHEET_TOTAL, None, None, None, "=SUM(F2:F3)"]
    assert ws["F2"].number_format == "#,##0"


def test_a_sheet_without_rows_has_its_header_and_no_totals() -> None:
    data = render_payroll_deductions([], period="آذر ۱۴۰۵")
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws.max_row == 1
    assert sheet_problems(data) == []


@pytest.mark.parametrize(
    ("name", "rows", "message"),
    [
        ("", [], "sheet name"),
        ("x" * 32, [], "sheet name"),
        ("a/b", [], "sheet name"),
        ("ok", [["1"]], "one value per column"),
        ("ok", [["abc", 1]], "not a number"),
        ("ok", [["12a", 1]], "not a number"),
    ],
)
def test_the_helper_refuses_bad_names_rows_and_numbers(
    name: str, rows: list[list[str]], message: str
) -> None:
    columns = [Column("n", Kind.NUMBER), Column("m", Kind.MONEY)]
    with pytest.raises(ValueError, match=message):
        render_sheet(columns, rows, sheet_name=name, title="t")


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 10**9),
            st.text(alphabet="ابپتثجچحخدذرزسشصضطظعغفقکگلمنوهی ", max_size=30),
            st.integers(0, 10**12),
        ),
        max_size=12,
    )
)
def test_any_table_passes_the_sheet_properties(rows: list[tuple[int, str, int]]) -> None:
    columns = [Column("شماره", Kind.NUMBER), Column("نام"), Column("مبلغ", Kind.MONEY)]
    clean = [[n, name.strip() or None, amount] for n, name, amount in rows]
    data = render_sheet(columns, clean, sheet_name="فهرست", title="عنوان")
    assert sheet_problems(data) == []
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    if rows:
        assert ws.cell(row=len(rows) + 2, column=3).value == f"=SUM(C2:C{len(rows) + 1})"
