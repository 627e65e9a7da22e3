"""Every XLSX the project writes passes the sheet properties; the one helper refuses what would not."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from documents.benefit_batch import BatchDocument, PaymentLine, render_batch_sheet
from documents.booklet import PremiumSheetRow, render_premium_changes
from documents.campaigns import AwardPayRow, VoucherPayRow, render_award_list, render_voucher_list
from documents.medical import (
    ClaimLineRow,
    PayeeRow,
    read_decision_rows,
    render_insurer_summary,
    render_payment_list,
)
from documents.models import DeductionRow
from documents.sheets import Column, Kind, Sheet, render_payroll_deductions, render_sheet, render_workbook
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


def _premiums() -> list[PremiumSheetRow]:
    return [
        PremiumSheetRow("1001", "علی رضایی", "رضا رضایی", "شروع", 2_500_000, "دی ۱۴۰۵"),
        PremiumSheetRow("۱۰۰۳", "حسن کریمی", "سارا کریمی", "پایان", -1_500_000, "دی ۱۴۰۵"),
    ]


def _claim_line(code: str, line_no: int, national_id: str, claimed: int) -> ClaimLineRow:
    return ClaimLineRow(
        code, line_no, "۱۴۰۵-۰۰۰۱۲", "مریم احمدی", national_id, "خود", "دارو", "۱۴۰۵/۰۹/۰۱", claimed, 2
    )


def _benefit_batch() -> BatchDocument:
    line = {"full_name": "علی رضایی", "event_date": "1405/07/01", "sheba": "IR050170000000123456789012"}
    return BatchDocument(
        batch_no=3,
        month="مهر ۱۴۰۵",
        date="1405/08/01",
        lines=[
            PaymentLine(
                personnel_no="1001", national_id="0012345678", benefit="marriage", amount=100, **line
            ),
            PaymentLine(
                personnel_no="1002", national_id="0087654321", benefit="birth", amount=50_000, **line
            ),
        ],
    )


_AWARD = {"full_name": "علی رضایی", "child_name": "امیر", "level": "دبستان", "gpa": "19.25", "sheba": "IR05"}

#: Every sheet the project writes, on sample data (a new sheet adds its producer here).
SHEETS: dict[str, Callable[[], bytes]] = {
    "booklet premium changes": lambda: render_premium_changes(_premiums(), period="دی ۱۴۰۵"),
    "booklet premium changes, none": lambda: render_premium_changes([], period="دی ۱۴۰۵"),
    "medical insurer batch (summary and decisions)": lambda: render_insurer_summary(
        [_claim_line("K7QM-3XDP", 1, "0012345678", 2_000_000), _claim_line("K7QM-3XDP", 2, "0012345678", 5)]
    ),
    "medical payments": lambda: render_payment_list(
        [
            PayeeRow(1001, "علی رضایی", "IR05", 1_500_000, "K7QM-3XDP"),
            PayeeRow(7, "مریم", "IR09", 1, "AB2C-3DEF"),
        ]
    ),
    "benefits batch": lambda: render_batch_sheet(_benefit_batch(), organisation="شرکت نمونه"),
    "award payments": lambda: render_award_list(
        [AwardPayRow(personnel_no=n, amount=a, **_AWARD) for n, a in (("1001", 30_000_000), ("۱۰۰۲", 5))],
        title="فهرست پرداخت جوایز ۱۴۰۵",
    ),
    "voucher deposits": lambda: render_voucher_list(
        [
            VoucherPayRow(
                personnel_no="1004", full_name="حسن", status="بازنشسته", amount=20_000_000, sheba="IR71"
            )
        ],
        title="فهرست واریز بن",
    ),
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


def test_a_workbook_of_several_sheets_writes_each_like_one_and_refuses_a_name_twice() -> None:
    columns = [Column("شماره", Kind.NUMBER), Column("کد ملی", Kind.DIGITS), Column("مبلغ", Kind.MONEY)]
    first = Sheet("اول", columns, [["۱۲", "۰۰۱۲۳۴۵۶۷۸", 5], [3, "0087654321", 7]])
    second = Sheet("دوم", columns[:2], [[1, "0012345678"]])
    data = render_workbook([first, second], title="عنوان", organisation="شرکت نمونه")
    assert sheet_problems(data) == []
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["اول", "دوم"] and book.properties.creator == "شرکت نمونه"
    assert [c.value for c in book["اول"][2]] == [12, "0012345678", 5]  # leading zeros kept, Latin digits
    assert [c.value for c in book["اول"][4]] == [None, None, "=SUM(C2:C3)"]
    assert book["دوم"].max_row == 2  # nothing summed: no totals row
    with pytest.raises(ValueError, match="share a name"):
        render_workbook([first, first], title="t")
    with pytest.raises(ValueError, match="at least one"):
        render_workbook([], title="t")


def test_the_insurers_decisions_sheet_reads_back_as_its_lines_only() -> None:
    data = SHEETS["medical insurer batch (summary and decisions)"]()
    assert read_decision_rows(data) == [("K7QM-3XDP", 1, None, None), ("K7QM-3XDP", 2, None, None)]


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
