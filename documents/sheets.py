"""XLSX sheets for payroll, finance and the insurer: one helper writes every one (:func:`render_sheet`, and
:func:`render_workbook` for a workbook of several sheets).

Each sheet is what an importing program and a printer expect: the header in row 1 (the title lives in the
workbook's properties and the printed page header, never above the header), numbers and amounts as numbers,
totals as ``SUM`` formulas under the data, a frozen header, an autofilter, widths from the content,
right-to-left, a meaningful sheet name, and landscape printing one page wide with the header row repeated.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from documents.models import DeductionRow
from domain.text import normalize_digits
from texts import documents as doc_t
from texts import paperwork as paper_t

Cell = str | int | float | None

#: Characters Excel refuses in a sheet name.
_BAD_NAME = re.compile(r"[\[\]:*?/\\]")
_HEADER_FILL = PatternFill("solid", fgColor="E9EFF5")
_MIN_WIDTH, _MAX_WIDTH = 8, 50


class Kind(StrEnum):
    """What a column holds: text, a number (a personnel number, a count), an amount of rials, or digits
    that are no quantity (a national ID: kept as text in a text-formatted cell, leading zeros and all)."""

    TEXT = "text"
    NUMBER = "number"
    MONEY = "money"
    DIGITS = "digits"


_FORMATS = {Kind.NUMBER: "0", Kind.MONEY: "#,##0", Kind.DIGITS: "@"}


@dataclass(frozen=True)
class Column:
    """One column: its header, what it holds, and whether the totals row sums it (amounts by default)."""

    header: str
    kind: Kind = Kind.TEXT
    total: bool | None = None

    @property
    def summed(self) -> bool:
        """Whether the totals row carries a ``SUM`` of this column."""
        return self.kind is Kind.MONEY if self.total is None else self.total


def _value(column: Column, value: Cell) -> Cell:
    """A cell's value as stored: numbers as ints (typed digits in any script), digits as Latin text, text as
    given."""
    if column.kind is Kind.DIGITS and value is not None:
        return normalize_digits(str(value)).strip()
    if column.kind is Kind.TEXT or value is None or isinstance(value, int):
        return value
    digits = normalize_digits(str(value)).strip()
    if not digits.isascii() or not digits.lstrip("-").isdigit():
        raise ValueError(f"column {column.header!r}: {value!r} is not a number")
    return int(digits)


def _width(values: Sequence[Cell]) -> float:
    longest = max((len(str(v)) for v in values if v is not None), default=0)
    return float(min(max(longest + 3, _MIN_WIDTH), _MAX_WIDTH))


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its name (1 to 31 characters), columns, rows and the totals row's label."""

    name: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell]]
    total_label: str = doc_t.DOC_SHEET_TOTAL


def render_sheet(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    *,
    sheet_name: str,
    title: str,
    organisation: str = "",
    total_label: str = doc_t.DOC_SHEET_TOTAL,
) -> bytes:
    """One right-to-left sheet ready for import and print; ValueError for a bad name, row or number."""
    return render_workbook(
        [Sheet(sheet_name, columns, rows, total_label)], title=title, organisation=organisation
    )


def render_workbook(sheets: Sequence[Sheet], *, title: str, organisation: str = "") -> bytes:
    """A workbook of one or more sheets, each written like :func:`render_sheet`; ValueError as it says."""
    if not sheets:
        raise ValueError("a workbook has at least one sheet")
    if len({s.name for s in sheets}) != len(sheets):
        raise ValueError("two sheets share a name")
    wb = Workbook()
    wb.properties.title = title
    wb.properties.creator = organisation or "Refah"
    for index, sheet in enumerate(sheets):
        _write(wb.active if index == 0 else wb.create_sheet(), sheet, title=title)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _write(ws: Worksheet, sheet: Sheet, *, title: str) -> None:
    """One sheet's header, rows, totals, formats, widths and print set-up."""
    columns, sheet_name = sheet.columns, sheet.name
    if not 1 <= len(sheet_name) <= 31 or _BAD_NAME.search(sheet_name):
        raise ValueError(f"sheet name {sheet_name!r}: 1 to 31 characters, none of []:*?/\\")
    if any(len(row) != len(columns) for row in sheet.rows):
        raise ValueError("every row has one value per column")
    ws.title = sheet_name
    ws.sheet_view.rightToLeft = True

    ws.append([c.header for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    table = [[_value(c, v) for c, v in zip(columns, row, strict=True)] for row in sheet.rows]
    for row in table:
        ws.append(row)
    last = 1 + len(table)
    width = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{width}{last}"
    ws.freeze_panes = "A2"

    summed = [i for i, c in enumerate(columns) if c.summed]
    if summed and table:
        totals: list[Cell] = [None] * len(columns)
        label_at = next((i for i, c in enumerate(columns) if c.kind is Kind.TEXT and not c.summed), None)
        if label_at is not None:
            totals[label_at] = sheet.total_label
        for i in summed:
            letter = get_column_letter(i + 1)
            totals[i] = f"=SUM({letter}2:{letter}{last})"
        ws.append(totals)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)

    for i, column in enumerate(columns):
        letter = get_column_letter(i + 1)
        if column.kind in _FORMATS:
            for (cell,) in ws.iter_rows(min_row=2, max_row=ws.max_row, min_col=i + 1, max_col=i + 1):
                cell.number_format = _FORMATS[column.kind]
        values: list[Cell] = [column.header, *(row[i] for row in table)]
        if column.kind is Kind.MONEY:
            values.append(f"{sum(int(row[i] or 0) for row in table):,}")
        ws.column_dimensions[letter].width = _width(values)

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.oddHeader.center.text = title
    ws.oddFooter.center.text = "&P / &N"


def render_payroll_deductions(rows: Sequence[DeductionRow], *, period: str, organisation: str = "") -> bytes:
    """The month's loan deductions for payroll: personnel number, name, loan, instalment, amount, total."""
    columns = [
        Column(doc_t.DOC_LABEL_PERSONNEL_NO, Kind.NUMBER),
        Column(doc_t.DOC_LABEL_FULL_NAME),
        Column(doc_t.DOC_SHEET_LOAN),
        Column(doc_t.DOC_SHEET_INSTALMENT, Kind.NUMBER),
        Column(paper_t.PAPER_SHEET_INSTALMENTS, Kind.NUMBER),
        Column(doc_t.DOC_SHEET_AMOUNT, Kind.MONEY),
    ]
    table: list[list[Cell]] = [
        [r.personnel_no, r.full_name, r.loan_code, r.instalment_no, r.instalments, r.amount] for r in rows
    ]
    return render_sheet(
        columns,
        table,
        sheet_name=paper_t.PAPER_SHEET_PAYROLL_NAME,
        title=doc_t.DOC_SHEET_PAYROLL_TITLE.format(period=period),
        organisation=organisation,
    )
