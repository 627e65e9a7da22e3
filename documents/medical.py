"""Medical claims' files: the insurer's batch (ZIP of documents, XLSX summary), its decision file read back,
and accounting's payment list.

Callers pass display-ready values (Jalali dates as strings, labels already in Persian); amounts are integer
rials. Everything is built in memory.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from texts import medical as med_t

__all__ = [
    "BatchFile",
    "ClaimLineRow",
    "PayeeRow",
    "read_decision_rows",
    "render_batch_zip",
    "render_insurer_summary",
    "render_payment_list",
]

Cell = str | int | None


@dataclass(frozen=True)
class BatchFile:
    """One document of the insurer's batch: where it goes in the ZIP and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class ClaimLineRow:
    """One line of a claim in the insurer's summary."""

    tracking_code: str
    line_no: int
    file_number: str
    person_name: str
    national_id: str
    relation: str
    kind: str
    service_date: str
    claimed: int
    files: int


@dataclass(frozen=True)
class PayeeRow:
    """One claim to pay, as accounting lists it."""

    personnel_no: int
    full_name: str
    sheba: str
    approved: int
    tracking_code: str


def render_batch_zip(files: Sequence[BatchFile]) -> bytes:
    """A ZIP of the batch's documents (names must be unique)."""
    names = [f.name for f in files]
    if len(set(names)) != len(names):
        raise ValueError("two documents share a name in the batch")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in files:
            archive.writestr(item.name, item.data)
    return buffer.getvalue()


def _sheet(
    ws: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[Cell]], money: Sequence[int]
) -> None:
    """A right-to-left sheet: bold header in row 1 (frozen), then the rows; money columns grouped."""
    ws.sheet_view.rightToLeft = True
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for row in rows:
        ws.append(list(row))
    for column in money:
        for (cell,) in ws.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
            cell.number_format = "#,##0"
    for index, header in enumerate(headers, start=1):
        width = max([len(str(header))] + [len(str(r[index - 1] or "")) for r in rows]) + 4
        ws.column_dimensions[ws.cell(row=1, column=index).column_letter].width = min(width, 40)


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def render_insurer_summary(lines: Sequence[ClaimLineRow]) -> bytes:
    """The batch's XLSX: a summary sheet of every line, and the decisions sheet the insurer fills in
    (tracking code, line, approved rials, reason) and sends back."""
    wb = Workbook()
    summary = wb.active
    summary.title = med_t.MED_SHEET_SUMMARY
    _sheet(
        summary,
        [
            med_t.MED_COL_CODE,
            med_t.MED_COL_LINE,
            med_t.MED_COL_FILE,
            med_t.MED_COL_PERSON,
            med_t.MED_COL_NATIONAL_ID,
            med_t.MED_COL_RELATION,
            med_t.MED_COL_KIND,
            med_t.MED_COL_DATE,
            med_t.MED_COL_CLAIMED,
            med_t.MED_COL_FILES,
        ],
        [
            [
                r.tracking_code,
                r.line_no,
                r.file_number,
                r.person_name,
                r.national_id,
                r.relation,
                r.kind,
                r.service_date,
                r.claimed,
                r.files,
            ]
            for r in lines
        ],
        money=(8,),
    )
    decisions = wb.create_sheet(med_t.MED_SHEET_DECISIONS)
    _sheet(
        decisions,
        [med_t.MED_COL_CODE, med_t.MED_COL_LINE, med_t.MED_COL_APPROVED, med_t.MED_COL_REASON],
        [[r.tracking_code, r.line_no, None, None] for r in lines],
        money=(2,),
    )
    return _save(wb)


def read_decision_rows(data: bytes) -> list[tuple[object, ...]]:
    """The data rows (header dropped) of a decision file: its decisions sheet, else its first sheet.

    Raises ValueError when the bytes are not a workbook.
    """
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several unrelated types for a bad file
        raise ValueError(f"not a workbook: {error}") from None
    try:
        ws = wb[med_t.MED_SHEET_DECISIONS] if med_t.MED_SHEET_DECISIONS in wb.sheetnames else wb.worksheets[0]
        return [tuple(row) for row in ws.iter_rows(min_row=2, values_only=True)]
    finally:
        wb.close()


def render_payment_list(rows: Sequence[PayeeRow]) -> bytes:
    """Accounting's list: header in row 1 (frozen), personnel number as a number, name, Sheba, approved
    rials, tracking code; a SUM of the amounts below; right-to-left."""
    wb = Workbook()
    ws = wb.active
    ws.title = "payments"
    _sheet(
        ws,
        [
            med_t.MED_COL_PERSONNEL_NO,
            med_t.MED_COL_NAME,
            med_t.MED_COL_SHEBA,
            med_t.MED_COL_APPROVED,
            med_t.MED_COL_CODE,
        ],
        [[r.personnel_no, r.full_name, r.sheba, r.approved, r.tracking_code] for r in rows],
        money=(3,),
    )
    last = len(rows) + 1
    ws.append([None, med_t.MED_COL_TOTAL, None, f"=SUM(D2:D{last})" if rows else 0, None])
    total = ws.cell(row=last + 1, column=4)
    total.number_format = "#,##0"
    for cell in ws[last + 1]:
        cell.font = Font(bold=True)
    return _save(wb)
