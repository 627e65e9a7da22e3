"""Generated documents: Persian PDFs with an embedded font and the key values; RTL spreadsheets with totals."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
import qrcode
import zxingcpp
from pypdf import PdfReader

from documents.models import BankLetterData, Letterhead, Signatory, VoucherData
from documents.pdf import render_bank_letter, render_guesthouse_voucher

SHEBA = "IR050170000000123456789012"
HEAD = Letterhead(
    name="شرکت ملی پخش فرآورده‌های نفتی",
    unit="اداره رفاه کارکنان",
    address="تهران، خیابان طالقانی، پلاک ۱۲",
    phone="021-88776655",
    signatories=[Signatory(title="رئیس اداره رفاه کارکنان", name="مریم احمدی")],
)
LINK = "https://t.me/refah_bot?start=v_AbCdEfGhIjKlMnOpQrStUv"

VOUCHER = VoucherData(
    letterhead=HEAD,
    verify_link=LINK,
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
    letterhead=HEAD,
    verify_link=LINK,
    letter_no="1405/R/7",
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


def _persian(digits: str) -> tuple[str, str]:
    """A number in Persian digits, in reading order and as pypdf may extract it (visual order)."""
    shown = digits.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    return shown, shown[::-1]


def _raw_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def qr_links(data: bytes) -> list[str]:
    """What the QR codes on a PDF's pages encode (decoded from the embedded images)."""
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for image in page.images:
            found += [r.text for r in zxingcpp.read_barcodes(image.image)]
    return found


def _link_annotations(data: bytes) -> list[str]:
    links = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                links.append(str(action["/URI"]))
    return links


@pytest.mark.parametrize(
    "render", [lambda: render_guesthouse_voucher(VOUCHER), lambda: render_bank_letter(LETTER)]
)
def test_every_document_names_the_organisation_once_with_its_unit_and_address(
    render: Callable[[], bytes],
) -> None:
    text = _raw_text(render())
    assert text.count(HEAD.name) == 1
    assert HEAD.unit in text
    assert "تهران، خیابان طالقانی" in text
    assert any(v in text for v in _persian("88776655"))


@pytest.mark.parametrize(
    "render", [lambda: render_guesthouse_voucher(VOUCHER), lambda: render_bank_letter(LETTER)]
)
def test_the_qr_code_is_the_check_deep_link_and_clickable(render: Callable[[], bytes]) -> None:
    data = render()
    assert qr_links(data) == [LINK]
    assert _link_annotations(data) == [LINK]


def test_voucher_is_one_page_with_persian_digits_and_the_fee_in_words() -> None:
    data = render_guesthouse_voucher(VOUCHER)
    assert data.startswith(b"%PDF")
    text, reader = _pdf_text(data)
    raw = _raw_text(data)
    assert len(reader.pages) == 1
    assert "QB8R-5Q2X" in text  # the reservation code is a machine code: Latin
    for digits in ("0012345679", "12345678"):  # national id, payment reference
        assert any(v in raw for v in _persian(digits)), digits
        assert digits not in raw
    assert "هفت میلیون و دویست هزار ریال" in raw
    assert any("Vazirmatn" in name for name in _fonts(reader))


def test_bank_letter_has_number_date_attachments_amount_in_words_and_signatories() -> None:
    data = render_bank_letter(LETTER)
    text, reader = _pdf_text(data)
    raw = _raw_text(data)
    assert len(reader.pages) == 1
    compact = text.replace(" ", "")
    assert SHEBA[2:] in compact  # the Sheba's digits, in order (not reversed by the RTL layout)
    assert "IR05 0170 0000 0012 3456 7890 12" in raw  # and Latin, left to right
    assert "K7QM-3XDP" in raw
    for digits in ("0012345679", "09121234567"):  # national id, mobile
        assert any(v in raw for v in _persian(digits)), digits
        assert digits not in raw
    assert "(صد میلیون ریال)" in raw  # the amount in words, after the figures
    assert "پیوست: ندارد" in raw
    assert "R/" in raw and any(v in raw for v in _persian("1405"))
    assert "مریم احمدی" in raw and "رئیس اداره رفاه کارکنان" in raw
    assert any("Vazirmatn" in name for name in _fonts(reader))


def test_a_letter_lists_its_attachments_and_the_default_signatories() -> None:
    plain = LETTER.model_copy(
        update={"attachments": ["فیش حقوقی", "استعلام"], "letterhead": Letterhead(name="سازمان نمونه")}
    )
    raw = _raw_text(render_bank_letter(plain))
    assert "پیوست: فیش حقوقی، استعلام" in raw
    assert "مدیر امور مالی" in raw and raw.count("سازمان نمونه") == 1


def test_a_missing_logo_file_does_not_stop_the_document(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    qrcode.make("logo").save(logo)
    with_logo = VOUCHER.model_copy(update={"letterhead": HEAD.model_copy(update={"logo_path": str(logo)})})
    assert len(PdfReader(io.BytesIO(render_guesthouse_voucher(with_logo))).pages[0].images) == 2
    gone = VOUCHER.model_copy(
        update={"letterhead": HEAD.model_copy(update={"logo_path": str(tmp_path / "x.png")})}
    )
    assert len(PdfReader(io.BytesIO(render_guesthouse_voucher(gone))).pages[0].images) == 1


def test_a_bad_sheba_is_refused_before_anything_is_printed() -> None:
    with pytest.raises(ValueError, match="sheba"):
        LETTER.model_copy(update={"sheba": "IR050170000000123456789013"}).model_validate(
            {**LETTER.model_dump(), "sheba": "IR050170000000123456789013"}
        )
