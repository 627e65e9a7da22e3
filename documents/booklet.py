"""The booklet's documents: the form a government counter receives, the letter to the provincial
health-insurance office, and payroll's monthly list of premium changes (XLSX with a SUM total).

The PDFs carry the organisation's name (from the office configuration) and a QR code a counter can check;
the office's approvals are printed with who gave them and when, instead of a stamp. Values arrive
display-ready; only digits are localised here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fpdf.enums import Align, XPos, YPos

from documents.models import Letterhead
from documents.pdf import _BOX_FILL, A4, FONT_FAMILY, _pairs_table, _PersianPDF, _qr
from documents.sheets import Cell, Column, Kind, render_sheet
from domain.text import fa
from texts import booklet as bd_t

__all__ = [
    "ApprovalLine",
    "BookletFormData",
    "InsuranceLetterData",
    "PremiumSheetRow",
    "render_booklet_form",
    "render_insurance_letter",
    "render_premium_changes",
]

_MARGIN = 16.0
_QR_SIZE = 26.0


@dataclass(frozen=True)
class ApprovalLine:
    """One approval printed instead of a stamp: whose role, who, when (empty: not yet given)."""

    role: str
    name: str
    at: str


@dataclass(frozen=True)
class BookletFormData:
    """A booklet form (first issue, a new family member, a duplicate) for a government counter."""

    letterhead: Letterhead
    title: str
    tracking_code: str
    verify: str
    applicant_name: str
    personnel_no: str
    applicant_national_id: str
    applicant_status: str
    person_name: str
    person_national_id: str
    relation: str
    premium: str
    premium_from: str
    issued_at: str
    approvals: tuple[ApprovalLine, ...]
    bring: tuple[str, ...]
    #: The check's deep link the QR code carries (``verify`` printed under it); empty: the QR is ``verify``.
    verify_link: str = ""


@dataclass(frozen=True)
class InsuranceLetterData:
    """The office's letter asking the provincial health-insurance office to cancel a booklet."""

    letterhead: Letterhead
    recipient: str
    letter_no: str
    date: str
    tracking_code: str
    verify: str
    applicant_name: str
    personnel_no: str
    applicant_national_id: str
    person_name: str
    person_national_id: str
    relation: str
    reason: str
    from_month: str
    signed_by: ApprovalLine
    verify_link: str = ""


@dataclass(frozen=True)
class PremiumSheetRow:
    """One premium change on payroll's list."""

    personnel_no: str
    employee_name: str
    member: str
    change: str
    monthly: int
    from_month: str


def _heading(pdf: _PersianPDF, title: str, code: str, verify: str, issued_at: str, link: str = "") -> None:
    """The title and tracking code on the right, the QR code on the left."""
    top = pdf.get_y()
    _qr(pdf, verify, x=_MARGIN, y=top, size=_QR_SIZE, link=link)
    text_x = _MARGIN + _QR_SIZE + 8
    text_w = pdf.w - _MARGIN - text_x
    pdf.set_xy(text_x, top + 1)
    pdf.set_font(FONT_FAMILY, style="B", size=14)
    pdf.multi_cell(text_w, 8, title, align=Align.R, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, size=10.5)
    pdf.cell(text_w, 7, bd_t.BKD_TRACKING.format(code=code), align=Align.R, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.cell(text_w, 6, bd_t.BKD_ISSUED_AT.format(at=fa(issued_at)), align=Align.R)
    pdf.set_xy(_MARGIN, top + _QR_SIZE + 10)


def _approvals(pdf: _PersianPDF, approvals: Sequence[ApprovalLine]) -> None:
    """The approvals box: one line per approval, or "awaiting" where none was given yet."""
    pdf.ln(4)
    line_h = 6.5
    box_top = pdf.get_y()
    box_h = 4 + 7 + line_h * len(approvals) + 3
    if box_top + box_h > pdf.page_break_trigger:
        pdf.add_page()
        box_top = pdf.get_y()
    pdf.set_fill_color(*_BOX_FILL)
    pdf.rect(_MARGIN, box_top, pdf.epw, box_h, style="DF", round_corners=True, corner_radius=2)
    inner = pdf.epw - 8
    pdf.set_xy(_MARGIN + 4, box_top + 2)
    pdf.set_font(FONT_FAMILY, style="B", size=10.5)
    pdf.cell(inner, 7, bd_t.BKD_APPROVALS_TITLE, align=Align.R, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, size=10)
    for a in approvals:
        text = (
            bd_t.BKD_APPROVED.format(role=a.role, name=a.name, at=fa(a.at))
            if a.name
            else bd_t.BKD_AWAITING.format(role=a.role)
        )
        pdf.cell(inner, line_h, text, align=Align.R, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_y(box_top + box_h + 3)


def render_booklet_form(f: BookletFormData) -> bytes:
    """The one-page A4 form the person takes to a government service counter."""
    pdf = _PersianPDF(head=f.letterhead, page_size=A4, margin=_MARGIN)
    pdf.set_title(f"{f.title} {f.tracking_code}")
    _heading(pdf, f.title, f.tracking_code, f.verify, f.issued_at, f.verify_link)
    pdf.set_font(FONT_FAMILY, size=10.5)
    rows = [
        [(bd_t.BKD_APPLICANT, f.applicant_name), (bd_t.BKD_STATUS, f.applicant_status)],
        [(bd_t.BKD_PERSONNEL_NO, fa(f.personnel_no)), (bd_t.BKD_NATIONAL_ID, fa(f.applicant_national_id))],
        [(bd_t.BKD_INSURED, f.person_name), (bd_t.BKD_RELATION, f.relation)],
        [(bd_t.BKD_INSURED_NATIONAL_ID, fa(f.person_national_id))],
    ]
    if f.premium:
        rows.append([(bd_t.BKD_PREMIUM, fa(f.premium)), (bd_t.BKD_PREMIUM_FROM, f.premium_from)])
    _pairs_table(pdf, rows, label_w=0.2)
    _approvals(pdf, f.approvals)
    if f.bring:
        pdf.set_font(FONT_FAMILY, style="B", size=10.5)
        pdf.cell(0, 7, bd_t.BKD_BRING_TITLE, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT_FAMILY, size=10)
        for line in f.bring:
            pdf.multi_cell(0, 6, f"\u2022 {line}", align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font(FONT_FAMILY, size=8.5)
    pdf.multi_cell(0, 5, bd_t.BKD_FORM_FOOTER, align=Align.C)
    return pdf.bytes()


def render_insurance_letter(letter: InsuranceLetterData) -> bytes:
    """The A4 letter to the provincial health-insurance office asking to cancel one person's booklet."""
    pdf = _PersianPDF(
        head=letter.letterhead,
        page_size=A4,
        margin=_MARGIN,
        invocation=bd_t.BKD_LETTER_INVOCATION,
    )
    pdf.set_title(f"{bd_t.BKD_LETTER_SUBJECT} {letter.tracking_code}")
    top = pdf.get_y()
    _qr(pdf, letter.verify, x=_MARGIN, y=top, size=_QR_SIZE, link=letter.verify_link)
    meta_x = _MARGIN + _QR_SIZE + 8
    pdf.set_xy(meta_x, top)
    pdf.set_font(FONT_FAMILY, size=10)
    for line in (
        bd_t.BKD_LETTER_NO.format(letter_no=fa(letter.letter_no)),
        bd_t.BKD_LETTER_DATE.format(date=fa(letter.date)),
        bd_t.BKD_TRACKING.format(code=letter.tracking_code),
    ):
        pdf.cell(60, 6, line, align=Align.R, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_xy(_MARGIN, top + _QR_SIZE + 10)
    pdf.set_font(FONT_FAMILY, style="B", size=12)
    pdf.multi_cell(
        0,
        8,
        bd_t.BKD_LETTER_RECIPIENT.format(office=letter.recipient),
        align=Align.R,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_font(FONT_FAMILY, style="B", size=11)
    pdf.cell(0, 8, bd_t.BKD_LETTER_SUBJECT, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, size=11)
    pdf.cell(0, 8, bd_t.BKD_LETTER_GREETING, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    body = bd_t.BKD_LETTER_BODY.format(
        person=letter.person_name,
        national_id=fa(letter.person_national_id),
        relation=letter.relation,
        applicant=letter.applicant_name,
        personnel_no=fa(letter.personnel_no),
        reason=letter.reason,
        month=letter.from_month,
    )
    pdf.multi_cell(0, 8, body, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font(FONT_FAMILY, size=10.5)
    rows = [
        [(bd_t.BKD_APPLICANT, letter.applicant_name), (bd_t.BKD_PERSONNEL_NO, fa(letter.personnel_no))],
        [
            (bd_t.BKD_INSURED, letter.person_name),
            (bd_t.BKD_INSURED_NATIONAL_ID, fa(letter.person_national_id)),
        ],
        [(bd_t.BKD_REASON, letter.reason), (bd_t.BKD_PREMIUM_UNTIL, letter.from_month)],
    ]
    _pairs_table(pdf, rows, label_w=0.2)
    _approvals(pdf, (letter.signed_by,))
    pdf.set_font(FONT_FAMILY, size=8.5)
    pdf.multi_cell(0, 5, bd_t.BKD_LETTER_FOOTER, align=Align.C)
    return pdf.bytes()


def render_premium_changes(rows: Sequence[PremiumSheetRow], *, period: str, organisation: str = "") -> bytes:
    """Payroll's list: personnel number, name, member, change, monthly amount, from which month; SUM total."""
    columns = [
        Column(bd_t.BKD_SHEET_PERSONNEL_NO, Kind.NUMBER),
        Column(bd_t.BKD_SHEET_NAME),
        Column(bd_t.BKD_SHEET_MEMBER),
        Column(bd_t.BKD_SHEET_CHANGE),
        Column(bd_t.BKD_SHEET_MONTHLY, Kind.MONEY),
        Column(bd_t.BKD_SHEET_FROM),
    ]
    table: list[list[Cell]] = [
        [r.personnel_no, r.employee_name, r.member, r.change, r.monthly, r.from_month] for r in rows
    ]
    return render_sheet(
        columns,
        table,
        sheet_name=bd_t.BKD_WORKSHEET_NAME,
        title=bd_t.BKD_SHEET_TITLE.format(period=period),
        organisation=organisation,
        total_label=bd_t.BKD_SHEET_TOTAL,
    )
