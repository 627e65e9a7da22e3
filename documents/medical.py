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

from openpyxl import load_workbook

from documents.sheets import Column, Kind, Sheet, render_sheet, render_workbook
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


def render_insurer_summary(lines: Sequence[ClaimLineRow], *, organisation: str = "") -> bytes:
    """The batch's XLSX: a summary sheet of every line (claimed rials summed), and the decisions sheet the
    insurer fills in (tracking code, line, approved rials, reason) and sends back; no totals row there, so
    every row below the header is a decision."""
    summary = Sheet(
        med_t.MED_SHEET_SUMMARY,
        [
            Column(med_t.MED_COL_CODE),
            Column(med_t.MED_COL_LINE, Kind.NUMBER),
            Column(med_t.MED_COL_FILE),
            Column(med_t.MED_COL_PERSON),
            Column(med_t.MED_COL_NATIONAL_ID, Kind.DIGITS),
            Column(med_t.MED_COL_RELATION),
            Column(med_t.MED_COL_KIND),
            Column(med_t.MED_COL_DATE),
            Column(med_t.MED_COL_CLAIMED, Kind.MONEY),
            Column(med_t.MED_COL_FILES, Kind.NUMBER),
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
        total_label=med_t.MED_COL_TOTAL,
    )
    decisions = Sheet(
        med_t.MED_SHEET_DECISIONS,
        [
            Column(med_t.MED_COL_CODE),
            Column(med_t.MED_COL_LINE, Kind.NUMBER),
            Column(med_t.MED_COL_APPROVED, Kind.MONEY, total=False),
            Column(med_t.MED_COL_REASON),
        ],
        [[r.tracking_code, r.line_no, None, None] for r in lines],
    )
    return render_workbook(
        [summary, decisions], title=med_t.MED_SHEET_INSURER_TITLE, organisation=organisation
    )


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


def render_payment_list(rows: Sequence[PayeeRow], *, organisation: str = "") -> bytes:
    """Accounting's list: personnel number, name, Sheba, approved rials, tracking code; a SUM of amounts."""
    return render_sheet(
        [
            Column(med_t.MED_COL_PERSONNEL_NO, Kind.NUMBER),
            Column(med_t.MED_COL_NAME),
            Column(med_t.MED_COL_SHEBA),
            Column(med_t.MED_COL_APPROVED, Kind.MONEY),
            Column(med_t.MED_COL_CODE),
        ],
        [[r.personnel_no, r.full_name, r.sheba, r.approved, r.tracking_code] for r in rows],
        sheet_name=med_t.MED_SHEET_PAYMENTS,
        title=med_t.MED_SHEET_PAYMENTS_TITLE,
        organisation=organisation,
        total_label=med_t.MED_COL_TOTAL,
    )
