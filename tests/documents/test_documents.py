"""Generated documents: Persian PDFs with an embedded font and the key values; RTL spreadsheets with totals."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from documents.models import BankLetterData, VoucherData
from documents.pdf import render_bank_letter, render_guesthouse_voucher

SHEBA = "IR050170000000123456789012"

VOUCHER = VoucherData(
    org_name="اداره رفاه کارکنان",
    reservation_code="QB8R-5Q2X",
    guest_full_name="علی رضایی",
    personnel_no="1001",
    national_id="0012345679",
    guesthouse_name="زائرسرای امام رضا",
    city="مشهد",
    room_label="101",
    check_in="1405/09/02 14:00",
    check_out="1405/09/05 10:00",
    nights=3,
    guests=["علی رضایی", "سارا رضایی"],
    fee_rials=7_200_000,
    payment_ref="12345678",
    issued_at="1405/09/01 03:50",
)

LETTER = BankLetterData(
    org_name="اداره رفاه کارکنان",
    letter_no="LN-0007",
    date="1405/09/01",
    bank_name="ملی",
    branch_name="مرکزی",
    applicant_full_name="علی رضایی",
    personnel_no="1001",
    national_id="0012345679",
    mobile="09121234567",
    sheba="ir05 0170 0000 0012 3456 7890 12",
    loan_amount_rials=100_000_000,
    instalments=20,
    tracking_code="K7QM-3XDP",
)

TO_ASCII = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


def _pdf_text(data: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages).translate(TO_ASCII), reader


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            names.add(str(font.get("/BaseFont")))
            assert "/DescendantFonts" in font or "/FontDescriptor" in font  # embedded, not a standard font
    return names


def test_voucher_is_one_page_with_the_code_dates_and_an_embedded_persian_font() -> None:
    data = render_guesthouse_voucher(VOUCHER)
    assert data.startswith(b"%PDF")
    text, reader = _pdf_text(data)
    assert len(reader.pages) == 1
    # Latin runs extract in logical order; Persian-digit runs come out in visual order, so they are not checked
    for value in ("QB8R-5Q2X", "1001", "0012345679", "12345678"):
        assert value in text, value
    assert any("Vazirmatn" in name for name in _fonts(reader))


def test_bank_letter_carries_the_normalised_sheba_and_the_amount() -> None:
    data = render_bank_letter(LETTER)
    text, reader = _pdf_text(data)
    assert len(reader.pages) == 1
    compact = text.replace(" ", "")
    assert SHEBA[2:] in compact  # the Sheba's digits, in order (not reversed by the RTL layout)
    assert "100" in text and "K7QM-3XDP" in text and "0012345679" in text
    assert any("Vazirmatn" in name for name in _fonts(reader))


def test_a_bad_sheba_is_refused_before_anything_is_printed() -> None:
    with pytest.raises(ValueError, match="sheba"):
        LETTER.model_copy(update={"sheba": "IR050170000000123456789013"}).model_validate(
            {**LETTER.model_dump(), "sheba": "IR050170000000123456789013"}
        )
