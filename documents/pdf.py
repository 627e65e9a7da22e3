"""Persian (right-to-left) PDF documents: the guesthouse voucher and the loan letter to the bank.

Text goes through fpdf2's HarfBuzz shaping engine (``uharfbuzz``) with a right-to-left base
direction, so Persian letters join properly and fpdf2's Unicode bidi algorithm keeps embedded
left-to-right runs (codes, the Sheba number, Latin names) and numbers in reading order. Every label
comes from the message catalog; values arrive display-ready (Jalali dates as strings) and only
their digits are localised here.

The documents are built in memory; the only file read is the bundled Vazirmatn font.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import qrcode
from fpdf import FPDF
from fpdf.enums import Align, TableBordersLayout, XPos, YPos
from fpdf.fonts import FontFace
from qrcode.constants import ERROR_CORRECT_M

from documents.fmt import group_sheba
from documents.models import BankLetterData, Letterhead, Signatory, VoucherData
from domain.documents import amount_in_words
from domain.text import fa, fa_amount
from texts import common as t
from texts import documents as doc_t
from texts import paperwork as paper_t

__all__ = ["render_bank_letter", "render_guesthouse_voucher"]

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "Vazirmatn"
_FONT_FILES = {"": "Vazirmatn-Regular.ttf", "B": "Vazirmatn-Bold.ttf"}

_INK = (33, 37, 41)
_MUTED = (108, 117, 125)
_ACCENT = (18, 84, 136)
_LABEL_FILL = (233, 239, 245)
_RULE = (173, 181, 189)
_BOX_FILL = (248, 249, 250)

# Page sizes in millimetres. (fpdf2 2.8.x warns on every use of the "A5" name, so pass dimensions.)
A4 = (210.0, 297.0)
A5 = (148.0, 210.0)

_LOGO_SIZE = 16.0

_LABEL_STYLE = FontFace(emphasis="BOLD", color=_INK, fill_color=_LABEL_FILL)
_VALUE_STYLE = FontFace(emphasis="", color=_INK)


class _PersianPDF(FPDF):
    """A one-column RTL page headed by the organisation (logo, name once, unit) with its address as footer."""

    def __init__(
        self, *, head: Letterhead, page_size: tuple[float, float], margin: float, invocation: str = ""
    ) -> None:
        super().__init__(orientation="portrait", unit="mm", format=page_size)
        self._head = head
        self._invocation = invocation
        self._logo = head.logo_path if head.logo_path and Path(head.logo_path).is_file() else None
        for style, filename in _FONT_FILES.items():
            self.add_font(FONT_FAMILY, style=style, fname=FONT_DIR / filename)
        self.set_text_shaping(use_shaping_engine=True, direction="rtl", language="fa")
        self.set_margins(margin, margin, margin)
        self.set_auto_page_break(auto=True, margin=margin + 6)
        self.set_lang("fa")
        self.set_creator("Refah")
        self.set_author(head.name)
        self.set_text_color(*_INK)
        self.set_draw_color(*_RULE)
        self.set_line_width(0.2)
        self.add_page()

    # fpdf2 calls header() and footer() on every page.
    def header(self) -> None:
        top = self.get_y()
        if self._logo is not None:
            self.image(self._logo, x=self.w - self.r_margin - _LOGO_SIZE, y=top, h=_LOGO_SIZE)
        if self._invocation:
            self.set_font(FONT_FAMILY, size=9)
            self.set_text_color(*_MUTED)
            self.cell(0, 5, self._invocation, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT_FAMILY, style="B", size=14)
        self.set_text_color(*_ACCENT)
        self.multi_cell(0, 7, self._head.name, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if self._head.unit:
            self.set_font(FONT_FAMILY, size=10)
            self.set_text_color(*_MUTED)
            self.cell(0, 5, self._head.unit, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*_INK)
        y = max(self.get_y(), top + _LOGO_SIZE if self._logo is not None else 0) + 2
        self.set_draw_color(*_ACCENT)
        self.set_line_width(0.6)
        self.line(self.l_margin, y, self.w - self.r_margin, y)
        self.set_draw_color(*_RULE)
        self.set_line_width(0.2)
        self.set_y(y + 4)

    def footer(self) -> None:
        parts = []
        if self._head.address:
            parts.append(paper_t.PAPER_FOOTER_ADDRESS.format(address=fa(self._head.address)))
        if self._head.phone:
            parts.append(paper_t.PAPER_FOOTER_PHONE.format(phone=fa(self._head.phone)))
        if not parts:
            return
        self.set_y(-self.b_margin + 2)
        self.set_draw_color(*_RULE)
        self.line(self.l_margin, self.get_y() - 1, self.w - self.r_margin, self.get_y() - 1)
        self.set_font(FONT_FAMILY, size=8.5)
        self.set_text_color(*_MUTED)
        self.cell(0, 5, paper_t.PAPER_FOOTER_SEPARATOR.join(parts), align=Align.C)
        self.set_text_color(*_INK)

    def bytes(self) -> bytes:
        return bytes(self.output())


def _qr_png(payload: str) -> io.BytesIO:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=1)
    qr.add_data(payload)
    qr.make(fit=True)
    buffer = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def _qr(pdf: _PersianPDF, payload: str, *, x: float, y: float, size: float, link: str = "") -> None:
    """The QR code at (x, y): the check's deep link (also clickable) with a hint under it, else the code."""
    pdf.image(_qr_png(link or payload), x=x, y=y, w=size, h=size, alt_text=link or payload)
    if link:
        pdf.link(x, y, size, size, link)
    pdf.set_xy(x - 4, y + size + 0.5)
    pdf.set_font(FONT_FAMILY, size=8)
    pdf.cell(size + 8, 4, payload, align=Align.C)
    if link:
        pdf.set_xy(x - 6, y + size + 4.5)
        pdf.set_font(FONT_FAMILY, size=6.5)
        pdf.set_text_color(*_MUTED)
        pdf.multi_cell(size + 12, 3, paper_t.PAPER_VERIFY_HINT, align=Align.C)
        pdf.set_text_color(*_INK)


def _money(amount: int) -> str:
    """An amount in figures (Persian digits) and in Persian words."""
    return paper_t.PAPER_AMOUNT_FIGURES_AND_WORDS.format(
        figures=fa_amount(amount), words=amount_in_words(amount)
    )


def _pairs_table(pdf: _PersianPDF, rows: Sequence[Sequence[tuple[str, str]]], *, label_w: float) -> None:
    """A label/value grid read from the right: each row holds one or two (label, value) pairs.

    Columns left to right are ``value | label | value | label``; a row with a single pair spans its
    value over the three left columns.
    """
    value_w = 0.5 - label_w
    with pdf.table(
        col_widths=(value_w, label_w, value_w, label_w),
        first_row_as_headings=False,
        text_align=Align.R,
        line_height=7,
        padding=(0.8, 2.0),
        borders_layout=TableBordersLayout.ALL,
    ) as table:
        for pairs in rows:
            row = table.row()
            if len(pairs) == 1:
                ((label, value),) = pairs
                row.cell(value, style=_VALUE_STYLE, colspan=3)
                row.cell(label, style=_LABEL_STYLE)
            else:
                (label_r, value_r), (label_l, value_l) = pairs
                row.cell(value_l, style=_VALUE_STYLE)
                row.cell(label_l, style=_LABEL_STYLE)
                row.cell(value_r, style=_VALUE_STYLE)
                row.cell(label_r, style=_LABEL_STYLE)


def render_guesthouse_voucher(v: VoucherData) -> bytes:
    """The one-page A4 voucher the guest shows at the guesthouse reception."""
    margin = 14.0
    pdf = _PersianPDF(head=v.letterhead, page_size=A4, margin=margin)
    pdf.set_title(f"{doc_t.DOC_VOUCHER_TITLE} {v.reservation_code}")

    # Title block: title and reservation code on the right, the QR code on the left.
    top = pdf.get_y()
    qr_size = 26.0
    _qr(pdf, v.reservation_code, x=margin, y=top, size=qr_size, link=v.verify_link)
    text_x = margin + qr_size + 6
    text_w = pdf.w - margin - text_x
    pdf.set_xy(text_x, top + 1)
    pdf.set_font(FONT_FAMILY, style="B", size=14)
    pdf.cell(text_w, 9, doc_t.DOC_VOUCHER_TITLE, align=Align.R, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, size=10)
    pdf.set_text_color(*_MUTED)
    pdf.cell(text_w, 7, doc_t.DOC_VOUCHER_RESERVATION_CODE, align=Align.R, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, style="B", size=16)
    pdf.set_text_color(*_ACCENT)
    pdf.cell(text_w, 9, v.reservation_code, align=Align.R, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, size=8.5)
    pdf.set_text_color(*_MUTED)
    pdf.cell(text_w, 5, doc_t.DOC_VOUCHER_ISSUED_AT.format(issued_at=fa(v.issued_at)), align=Align.R)
    pdf.set_text_color(*_INK)
    pdf.set_xy(margin, top + qr_size + 13)

    pdf.set_font(FONT_FAMILY, size=10.5)
    rows = [
        [(doc_t.DOC_LABEL_FULL_NAME, v.guest_full_name)],
        [
            (doc_t.DOC_LABEL_PERSONNEL_NO, fa(v.personnel_no)),
            (doc_t.DOC_LABEL_NATIONAL_ID, fa(v.national_id)),
        ],
        [(doc_t.DOC_VOUCHER_GUESTHOUSE, v.guesthouse_name), (doc_t.DOC_VOUCHER_CITY, v.city)],
        [
            (doc_t.DOC_VOUCHER_ROOM, fa(v.room_label)),
            (doc_t.DOC_VOUCHER_STAY, doc_t.DOC_VOUCHER_NIGHTS.format(nights=fa(v.nights))),
        ],
        [(doc_t.DOC_VOUCHER_CHECK_IN, fa(v.check_in)), (doc_t.DOC_VOUCHER_CHECK_OUT, fa(v.check_out))],
    ]
    if v.guests:
        rows.append([(doc_t.DOC_VOUCHER_GUESTS, doc_t.DOC_LIST_SEPARATOR.join(v.guests))])
    rows += [
        [(doc_t.DOC_VOUCHER_FEE, _money(v.fee_rials))],
        [(doc_t.DOC_VOUCHER_PAYMENT_REF, fa(v.payment_ref))],
    ]
    _pairs_table(pdf, rows, label_w=0.2)

    # What to bring, and the check-in / check-out times, in a shaded box.
    pdf.ln(4)
    lines = [
        doc_t.DOC_VOUCHER_BRING_BIRTH_CERT,
        doc_t.DOC_VOUCHER_BRING_NATIONAL_CARD,
        doc_t.DOC_VOUCHER_BRING_RECEIPT,
    ]
    times = doc_t.DOC_VOUCHER_TIMES.format(check_in=fa(v.check_in), check_out=fa(v.check_out))
    line_h = 5.5
    box_top = pdf.get_y()
    box_h = 3 + 7 + line_h * len(lines) + 2 + line_h * 2 + 2
    if box_top + box_h > pdf.page_break_trigger:
        pdf.add_page()
        box_top = pdf.get_y()
    pdf.set_fill_color(*_BOX_FILL)
    pdf.rect(margin, box_top, pdf.epw, box_h, style="DF", round_corners=True, corner_radius=2)
    inner_w = pdf.epw - 8
    pdf.set_xy(margin + 4, box_top + 2)
    pdf.set_font(FONT_FAMILY, style="B", size=10)
    pdf.cell(inner_w, 7, doc_t.DOC_VOUCHER_BRING_TITLE, align=Align.R, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, size=9.5)
    for line in lines:
        pdf.cell(inner_w, line_h, f"\u2022 {line}", align=Align.R, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_y(pdf.get_y() + 1)
    pdf.set_x(margin + 4)
    pdf.set_font(FONT_FAMILY, style="B", size=9.5)
    pdf.multi_cell(inner_w, line_h, times, align=Align.R, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_y(box_top + box_h + 3)

    pdf.set_font(FONT_FAMILY, size=8.5)
    pdf.set_text_color(*_MUTED)
    pdf.multi_cell(0, 5, doc_t.DOC_VOUCHER_FOOTER, align=Align.C)
    return pdf.bytes()


def render_bank_letter(l: BankLetterData) -> bytes:  # noqa: E741 - the name is part of the public API
    """The A4 letter from the welfare office asking the bank branch to pay out the loan."""
    margin = 18.0
    pdf = _PersianPDF(head=l.letterhead, page_size=A4, margin=margin, invocation=doc_t.DOC_LETTER_INVOCATION)
    pdf.set_title(f"{doc_t.DOC_LETTER_SUBJECT} {l.tracking_code}")

    # Letter number, date and attachments, top left as on the organisation's letterhead.
    meta_w = 62.0
    top = pdf.get_y()
    pdf.set_font(FONT_FAMILY, size=10)
    pdf.set_xy(margin, top)
    attachments = (
        paper_t.PAPER_LETTER_ATTACHMENTS.format(attachments=doc_t.DOC_LIST_SEPARATOR.join(l.attachments))
        if l.attachments
        else paper_t.PAPER_LETTER_NO_ATTACHMENTS
    )
    for line in (
        doc_t.DOC_LETTER_NO.format(letter_no=fa(l.letter_no)),
        doc_t.DOC_LETTER_DATE.format(date=fa(l.date)),
        attachments,
    ):
        pdf.cell(meta_w, 6, line, align=Align.R, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_x(margin)
    pdf.ln(4)

    pdf.set_font(FONT_FAMILY, style="B", size=12)
    pdf.cell(
        0,
        8,
        doc_t.DOC_LETTER_RECIPIENT.format(bank_name=l.bank_name, branch_name=l.branch_name),
        align=Align.R,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_font(FONT_FAMILY, style="B", size=11)
    pdf.cell(0, 8, doc_t.DOC_LETTER_SUBJECT, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font(FONT_FAMILY, size=11)
    pdf.cell(0, 8, doc_t.DOC_LETTER_GREETING, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    body = paper_t.PAPER_LETTER_BODY.format(
        amount=fa_amount(l.loan_amount_rials),
        words=amount_in_words(l.loan_amount_rials),
        applicant=l.applicant_full_name,
        instalments=fa(l.instalments),
    )
    pdf.multi_cell(0, 8, body, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)

    pdf.set_font(FONT_FAMILY, size=10.5)
    rows: list[list[tuple[str, str]]] = [[(doc_t.DOC_LABEL_FULL_NAME, l.applicant_full_name)]]
    if l.father_name:
        rows[0].append((doc_t.DOC_LABEL_FATHER_NAME, l.father_name))
    rows += [
        [
            (doc_t.DOC_LABEL_PERSONNEL_NO, fa(l.personnel_no)),
            (doc_t.DOC_LABEL_NATIONAL_ID, fa(l.national_id)),
        ],
        [(doc_t.DOC_LABEL_MOBILE, fa(l.mobile)), (doc_t.DOC_LABEL_TRACKING_CODE, l.tracking_code)],
        [(doc_t.DOC_LETTER_SHEBA, group_sheba(l.sheba))],
        [
            (doc_t.DOC_LETTER_LOAN_AMOUNT, t.MONEY_RIALS.format(amount=fa_amount(l.loan_amount_rials))),
            (
                doc_t.DOC_LETTER_INSTALMENTS,
                doc_t.DOC_LETTER_INSTALMENTS_VALUE.format(instalments=fa(l.instalments)),
            ),
        ],
        [
            (
                paper_t.PAPER_LETTER_AMOUNT_IN_WORDS,
                paper_t.PAPER_AMOUNT_WORDS.format(words=amount_in_words(l.loan_amount_rials)),
            )
        ],
    ]
    _pairs_table(pdf, rows, label_w=0.2)
    pdf.ln(5)
    pdf.set_font(FONT_FAMILY, size=11)
    pdf.cell(0, 8, doc_t.DOC_LETTER_THANKS, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    _signatures(
        pdf, l.letterhead.signatories or _DEFAULT_SIGNATORIES, code=l.tracking_code, link=l.verify_link
    )
    return pdf.bytes()


_DEFAULT_SIGNATORIES = [
    Signatory(title=doc_t.DOC_LETTER_SIGN_HEAD),
    Signatory(title=doc_t.DOC_LETTER_SIGN_FINANCE),
]


def _signatures(pdf: _PersianPDF, signatories: Sequence[Signatory], *, code: str, link: str) -> None:
    """The signatory block, first signatory on the right, with the check's QR code on the left."""
    sign_h = 36.0
    if pdf.get_y() + sign_h + 8 > pdf.page_break_trigger:
        pdf.add_page()
    top = pdf.get_y()
    qr_size = 24.0
    gap = 6.0
    margin = pdf.l_margin
    count = len(signatories)
    box_w = (pdf.epw - qr_size - gap * count) / count
    for index, signatory in enumerate(signatories):
        x = pdf.w - pdf.r_margin - (index + 1) * box_w - index * gap
        pdf.rect(x, top, box_w, sign_h, round_corners=True, corner_radius=2)
        pdf.set_xy(x, top + 2)
        pdf.set_font(FONT_FAMILY, style="B", size=10.5)
        pdf.multi_cell(box_w, 6, signatory.title, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
        if signatory.name:
            pdf.set_font(FONT_FAMILY, size=10)
            pdf.cell(box_w, 6, signatory.name, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_font(FONT_FAMILY, size=8.5)
        pdf.set_text_color(*_MUTED)
        pdf.cell(box_w, 5, doc_t.DOC_LETTER_SIGN_HINT, align=Align.C)
        pdf.set_text_color(*_INK)
    _qr(pdf, code, x=margin, y=top + 2, size=qr_size, link=link)
