"""Campaign documents for finance: award and voucher payment lists (XLSX), the covering letter (PDF)."""

from __future__ import annotations

from collections.abc import Sequence

from fpdf.enums import Align, XPos, YPos
from pydantic import BaseModel, ConfigDict, Field

from documents.models import Letterhead
from documents.pdf import A4, FONT_FAMILY, _PersianPDF, _qr
from documents.sheets import Cell, Column, Kind, render_sheet
from domain.text import fa, fa_amount
from texts import awards as aw_t
from texts import common as t
from texts import documents as doc_t
from texts import vouchers as vc_t

__all__ = [
    "AwardPayRow",
    "CoveringLetterData",
    "VoucherPayRow",
    "render_award_list",
    "render_covering_letter",
    "render_voucher_list",
]


_QR_SIZE = 24.0


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, extra="forbid")


class AwardPayRow(_Model):
    """One award to pay: the employee, the child, the level (its label), the GPA, the amount, the Sheba."""

    personnel_no: str
    full_name: str
    child_name: str
    level: str
    gpa: str
    amount: int = Field(gt=0)
    sheba: str


class VoucherPayRow(_Model):
    """One cash voucher to deposit."""

    personnel_no: str
    full_name: str
    status: str
    amount: int = Field(gt=0)
    sheba: str


class CoveringLetterData(_Model):
    """The letter that goes with a payment list: to finance, what to pay, how many, how much in all."""

    letterhead: Letterhead
    letter_no: str
    date: str
    subject: str
    body: str
    count: int = Field(ge=0)
    total: int = Field(ge=0)
    #: The check's deep link for the QR code (none drawn when empty).
    verify_link: str = ""


def render_award_list(rows: Sequence[AwardPayRow], *, title: str) -> bytes:
    """The awards to pay: personnel number, name, child, level, GPA, amount, Sheba, and the total."""
    headers = [
        doc_t.DOC_LABEL_PERSONNEL_NO,
        doc_t.DOC_LABEL_FULL_NAME,
        aw_t.AW_DOC_CHILD,
        aw_t.AW_DOC_LEVEL,
        aw_t.AW_DOC_GPA,
        doc_t.DOC_SHEET_AMOUNT,
        doc_t.DOC_LETTER_SHEBA,
    ]
    table: list[list[Cell]] = [
        [r.personnel_no, r.full_name, r.child_name, r.level, r.gpa, r.amount, r.sheba] for r in rows
    ]
    return _table(headers, table, title=title, money=5, sheet_name=aw_t.AW_DOC_SHEET_NAME)


def render_voucher_list(rows: Sequence[VoucherPayRow], *, title: str) -> bytes:
    """The cash vouchers to deposit: personnel number, name, status, amount, Sheba, and the total."""
    headers = [
        doc_t.DOC_LABEL_PERSONNEL_NO,
        doc_t.DOC_LABEL_FULL_NAME,
        vc_t.VC_DOC_STATUS,
        doc_t.DOC_SHEET_AMOUNT,
        doc_t.DOC_LETTER_SHEBA,
    ]
    table: list[list[Cell]] = [[r.personnel_no, r.full_name, r.status, r.amount, r.sheba] for r in rows]
    return _table(headers, table, title=title, money=3, sheet_name=vc_t.VC_DOC_SHEET_NAME)


def render_covering_letter(letter: CoveringLetterData) -> bytes:
    """The A4 letter to finance that goes with a payment list."""
    margin = 18.0
    pdf = _PersianPDF(
        head=letter.letterhead,
        page_size=A4,
        margin=margin,
        invocation=doc_t.DOC_LETTER_INVOCATION,
    )
    pdf.set_title(letter.subject)
    pdf.set_font(FONT_FAMILY, size=10)
    for line in (
        doc_t.DOC_LETTER_NO.format(letter_no=fa(letter.letter_no)),
        doc_t.DOC_LETTER_DATE.format(date=fa(letter.date)),
    ):
        pdf.cell(0, 6, line, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    pdf.set_font(FONT_FAMILY, style="B", size=12)
    pdf.cell(0, 8, aw_t.AW_DOC_LETTER_RECIPIENT, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, style="B", size=11)
    pdf.cell(0, 8, letter.subject, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font(FONT_FAMILY, size=11)
    pdf.cell(0, 8, doc_t.DOC_LETTER_GREETING, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.multi_cell(0, 8, letter.body, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    summary = aw_t.AW_DOC_LETTER_SUMMARY.format(
        count=fa(letter.count), total=t.MONEY_RIALS.format(amount=fa_amount(letter.total))
    )
    pdf.multi_cell(0, 8, summary, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.cell(0, 8, doc_t.DOC_LETTER_THANKS, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(10)
    pdf.set_font(FONT_FAMILY, style="B", size=10.5)
    pdf.cell(0, 7, doc_t.DOC_LETTER_SIGN_HEAD, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, size=8.5)
    pdf.cell(0, 5, doc_t.DOC_LETTER_SIGN_HINT, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if letter.verify_link:  # bottom left: whoever holds the letter checks it with the bot
        _qr(pdf, letter.letter_no, x=margin, y=pdf.get_y() + 4, size=_QR_SIZE, link=letter.verify_link)
    return bytes(pdf.output())


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[Cell]], *, title: str, money: int, sheet_name: str
) -> bytes:
    """A payment list through the one sheet helper: the personnel number a number, one amount column."""
    columns = [
        Column(h, Kind.MONEY if i == money else Kind.NUMBER if i == 0 else Kind.TEXT)
        for i, h in enumerate(headers)
    ]
    return render_sheet(columns, rows, sheet_name=sheet_name, title=title)
