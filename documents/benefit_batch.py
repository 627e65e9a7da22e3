"""A benefits payment batch for finance: the XLSX list (a SUM formula totals it) and the covering letter."""

from __future__ import annotations

from fpdf.enums import Align, XPos, YPos
from pydantic import BaseModel, ConfigDict, Field

from documents.models import Letterhead
from documents.pdf import A4, FONT_FAMILY, _pairs_table, _PersianPDF, _qr
from documents.sheets import Cell, Column, Kind, render_sheet
from domain.text import fa, fa_amount
from texts import benefits as bn_t
from texts import documents as doc_t

__all__ = ["BatchDocument", "PaymentLine", "render_batch_letter", "render_batch_sheet"]


class PaymentLine(BaseModel):
    """One person to pay: display-ready values, the amount in rials."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    personnel_no: str
    full_name: str
    national_id: str
    benefit: str
    """The benefit's key (``marriage`` or ``birth``)."""
    event_date: str
    """Jalali, ``YYYY/MM/DD``."""
    sheba: str
    amount: int = Field(gt=0)


class BatchDocument(BaseModel):
    """A batch as the documents show it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    batch_no: int = Field(ge=1)
    month: str
    """The Jalali month in words, e.g. ``mehr 1403``."""
    date: str
    """Jalali, ``YYYY/MM/DD``: the day the letter is written."""
    lines: list[PaymentLine] = Field(min_length=1)

    @property
    def total(self) -> int:
        """Rials to pay in all."""
        return sum(line.amount for line in self.lines)


def render_batch_sheet(batch: BatchDocument, *, organisation: str = "") -> bytes:
    """One right-to-left sheet: a row per person (numbered) and a SUM total of the amounts."""
    kinds = (Kind.NUMBER, Kind.NUMBER, Kind.TEXT, Kind.DIGITS, Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.MONEY)
    columns = [Column(header, kind) for header, kind in zip(bn_t.BENEFITS_SHEET_HEADERS, kinds, strict=True)]
    table: list[list[Cell]] = [
        [
            number,
            line.personnel_no,
            line.full_name,
            line.national_id,
            bn_t.BENEFIT_LABELS.get(line.benefit, line.benefit),
            line.event_date,
            line.sheba,
            line.amount,
        ]
        for number, line in enumerate(batch.lines, start=1)
    ]
    return render_sheet(
        columns,
        table,
        sheet_name=bn_t.BENEFITS_SHEET_NAME,
        title=bn_t.BENEFITS_SHEET_TITLE.format(batch=batch.batch_no, month=batch.month),
        organisation=organisation,
        total_label=bn_t.BENEFITS_SHEET_TOTAL,
    )


def render_batch_letter(
    batch: BatchDocument, *, head: Letterhead | None = None, verify_link: str = ""
) -> bytes:
    """The A4 covering letter from the welfare office to finance, with a summary by benefit; headed by the
    organisation, with the check's deep link as a QR code at the bottom when given."""
    margin = 18.0
    pdf = _PersianPDF(
        head=head or Letterhead(name=doc_t.DOC_OFFICE_NAME),
        page_size=A4,
        margin=margin,
        invocation=doc_t.DOC_LETTER_INVOCATION,
    )
    pdf.set_title(bn_t.BENEFITS_LETTER_SUBJECT.format(batch=batch.batch_no))
    pdf.set_font(FONT_FAMILY, size=10)
    for line in (
        bn_t.BENEFITS_LETTER_NO.format(batch=fa(batch.batch_no)),
        bn_t.BENEFITS_LETTER_DATE.format(date=fa(batch.date)),
    ):
        pdf.cell(62, 6, line, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    pdf.set_font(FONT_FAMILY, style="B", size=12)
    pdf.cell(0, 8, bn_t.BENEFITS_LETTER_TO, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, style="B", size=11)
    subject = bn_t.BENEFITS_LETTER_SUBJECT.format(batch=fa(batch.batch_no))
    pdf.cell(0, 8, subject, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font(FONT_FAMILY, size=11)
    pdf.cell(0, 8, bn_t.BENEFITS_LETTER_GREETING, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    body = bn_t.BENEFITS_LETTER_BODY.format(
        month=batch.month, lines=fa(len(batch.lines)), total=fa_amount(batch.total)
    )
    pdf.multi_cell(0, 8, body, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font(FONT_FAMILY, size=10.5)
    rows: list[list[tuple[str, str]]] = []
    for benefit, template in bn_t.BENEFITS_LETTER_SUMMARY.items():
        picked = [line.amount for line in batch.lines if line.benefit == benefit]
        if picked:
            label = bn_t.BENEFIT_LABELS[benefit]
            rows.append([(label, template.format(count=fa(len(picked)), amount=fa_amount(sum(picked))))])
    rows.append([(doc_t.DOC_SHEET_TOTAL, doc_t.DOC_SHEET_AMOUNT + ": " + fa_amount(batch.total))])
    _pairs_table(pdf, rows, label_w=0.25)
    pdf.ln(10)
    pdf.set_font(FONT_FAMILY, style="B", size=10.5)
    pdf.cell(0, 7, bn_t.BENEFITS_LETTER_SIGN, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, size=8.5)
    pdf.cell(0, 5, doc_t.DOC_LETTER_SIGN_HINT, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if verify_link:
        _qr(pdf, fa(batch.batch_no), x=margin, y=pdf.get_y() + 4, size=24.0, link=verify_link)
    return pdf.bytes()
