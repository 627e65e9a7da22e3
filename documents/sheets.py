"""XLSX lists for finance and payroll (openpyxl): right-to-left sheets, a bold header, a total row."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from documents.models import DeductionRow
from texts import documents as doc_t

Cell = str | int


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    title: str,
    money_columns: Sequence[int] = (),
    total_label: str | None = None,
) -> bytes:
    """One right-to-left sheet: a title, a bold header, the rows, and a total of the money columns."""
    wb = Workbook()
    ws = wb.active
    ws.title = "list"
    ws.sheet_view.rightToLeft = True
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(list(headers))
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        ws.append(list(row))
    first, last = 3, 2 + len(rows)
    if total_label is not None and money_columns:
        total_row: list[Cell | str] = [""] * len(headers)
        total_row[0] = total_label
        for column in money_columns:
            total_row[column] = sum(int(r[column]) for r in rows)
        ws.append(total_row)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        last += 1
    for column in money_columns:
        for (cell,) in ws.iter_rows(min_row=first, max_row=last, min_col=column + 1, max_col=column + 1):
            cell.number_format = "#,##0"
    for index, header in enumerate(headers, start=1):
        width = max([len(str(header))] + [len(str(r[index - 1])) for r in rows]) + 4
        ws.column_dimensions[ws.cell(row=2, column=index).column_letter].width = min(width, 40)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def render_payroll_deductions(rows: Sequence[DeductionRow], *, period: str) -> bytes:
    """The month's loan deductions for payroll: personnel number, name, loan, instalment, amount, total."""
    headers = [
        doc_t.DOC_LABEL_PERSONNEL_NO,
        doc_t.DOC_LABEL_FULL_NAME,
        doc_t.DOC_SHEET_LOAN,
        doc_t.DOC_SHEET_INSTALMENT,
        doc_t.DOC_SHEET_AMOUNT,
    ]
    table: list[list[Cell]] = [
        [
            r.personnel_no,
            r.full_name,
            r.loan_code,
            doc_t.DOC_SHEET_INSTALMENT_OF.format(no=r.instalment_no, total=r.instalments),
            r.amount,
        ]
        for r in rows
    ]
    return render_table(
        headers,
        table,
        title=doc_t.DOC_SHEET_PAYROLL_TITLE.format(period=period),
        money_columns=(4,),
        total_label=doc_t.DOC_SHEET_TOTAL,
    )
