"""The booklet's documents: the counter's form and the insurance-office letter (Persian PDFs with the
organisation's name and a QR code), and payroll's list of premium changes (XLSX with a SUM total)."""

from __future__ import annotations

import io

import openpyxl
from pypdf import PdfReader

from documents.benefit_batch import BatchDocument, PaymentLine, render_batch_letter
from documents.booklet import (
    ApprovalLine,
    BookletFormData,
    InsuranceLetterData,
    PremiumSheetRow,
    render_booklet_form,
    render_insurance_letter,
    render_premium_changes,
)
from documents.campaigns import CoveringLetterData, render_covering_letter
from documents.models import Letterhead
from documents.qr import read_qr
from tests.documents.sheet_checks import sheet_problems
from texts import booklet as bk_t

TO_ASCII = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
LINK = "https://t.me/refah_bot?start=v_AAAAAAAAAAAAAAAAAAAAAA"
FORM = BookletFormData(
    letterhead=Letterhead(name="شرکت نمونه صنعت", unit="اداره رفاه"),
    title=bk_t.BKD_FORM_TITLES["first_issue"],
    tracking_code="K7QM-3XDP",
    verify="REFAH-BK|K7QM-3XDP|2345678917",
    applicant_name="حسن کریمی",
    personnel_no="1003",
    applicant_national_id="2345678917",
    applicant_status="بازنشسته",
    person_name="حسن کریمی",
    person_national_id="2345678917",
    relation="خودم",
    premium="1,500,000",
    premium_from="آذر ۱۴۰۵",
    issued_at="1405/10/02 09:30",
    approvals=(
        ApprovalLine(bk_t.BKD_ROLE_CLERK, "Clerk", "1405/10/01 10:00"),
        ApprovalLine(bk_t.BKD_ROLE_PAYROLL, "", ""),
    ),
    bring=bk_t.BK_BRING["first_issue"],
    verify_link=LINK,
)


def _pdf(data: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(p.extract_text() or "" for p in reader.pages).translate(TO_ASCII), reader


def _images(reader: PdfReader) -> int:
    return sum(len(page.images) for page in reader.pages)


def test_the_form_is_one_page_with_its_code_the_approvals_and_a_qr_code() -> None:
    data = render_booklet_form(FORM)
    assert data.startswith(b"%PDF")
    text, reader = _pdf(data)
    assert len(reader.pages) == 1
    # the QR code's text is printed under it; the approval names the clerk
    assert "REFAH-BK|K7QM-3XDP|2345678917" in text and "K7QM-3XDP" in text
    assert "Clerk" in text and "شرکت نمونه صنعت" in text
    assert _images(reader) == 1  # the QR code: the check's deep link
    assert read_qr(reader.pages[0].images[0].data) == [LINK]
    assert "اداره رفاه" in text  # the organisation's letterhead, unit and all
    assert reader.metadata is not None and reader.metadata.author == "شرکت نمونه صنعت"


def test_the_letter_names_the_office_and_is_signed_by_the_clerk() -> None:
    letter = InsuranceLetterData(
        letterhead=Letterhead(name="شرکت نمونه صنعت"),
        verify_link=LINK,
        recipient="اداره کل بیمه سلامت استان تهران",
        letter_no="1405/BK/00007",
        date="1405/09/04",
        tracking_code="AB2C-3DEF",
        verify="REFAH-BK|AB2C-3DEF|5678912348",
        applicant_name="علی رضایی",
        personnel_no="1001",
        applicant_national_id="0012345679",
        person_name="سارا رضایی",
        person_national_id="5678912348",
        relation="همسر",
        reason="طلاق",
        from_month="دی ۱۴۰۵",
        signed_by=ApprovalLine(bk_t.BKD_ROLE_CLERK, "Clerk", "1405/09/04 11:00"),
    )
    text, reader = _pdf(render_insurance_letter(letter))
    assert "REFAH-BK|AB2C-3DEF|5678912348" in text and "Clerk" in text and "شرکت نمونه صنعت" in text
    assert _images(reader) == 1
    assert read_qr(reader.pages[0].images[0].data) == [LINK]


def test_the_premium_list_has_its_rows_and_a_sum_of_the_monthly_amounts() -> None:
    rows = [
        PremiumSheetRow("1001", "علی رضایی", "رضا رضایی", bk_t.BK_CHANGE_START, 2_500_000, "دی ۱۴۰۵"),
        PremiumSheetRow("1001", "علی رضایی", "سارا رضایی", bk_t.BK_CHANGE_STOP, -1_500_000, "دی ۱۴۰۵"),
        PremiumSheetRow("1003", "حسن کریمی", "حسن کریمی", bk_t.BK_CHANGE_START, 1_500_000, "دی ۱۴۰۵"),
    ]
    data = render_premium_changes(rows, period="دی ۱۴۰۵")
    assert sheet_problems(data) == []
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert book.properties.title == bk_t.BKD_SHEET_TITLE.format(period="دی ۱۴۰۵")
    assert sheet.title == bk_t.BKD_WORKSHEET_NAME
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == [
        bk_t.BKD_SHEET_PERSONNEL_NO,
        bk_t.BKD_SHEET_NAME,
        bk_t.BKD_SHEET_MEMBER,
        bk_t.BKD_SHEET_CHANGE,
        bk_t.BKD_SHEET_MONTHLY,
        bk_t.BKD_SHEET_FROM,
    ]
    assert [r[0] for r in values[1:4]] == [1001, 1001, 1003]
    assert [r[4] for r in values[1:4]] == [2_500_000, -1_500_000, 1_500_000]
    assert values[4][1] == bk_t.BKD_SHEET_TOTAL and values[4][4] == "=SUM(E2:E4)"


def test_an_empty_list_has_its_header_and_no_total() -> None:
    data = render_premium_changes([], period="دی ۱۴۰۵")
    values = [list(r) for r in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]
    assert len(values) == 1 and values[0][0] == bk_t.BKD_SHEET_PERSONNEL_NO
    assert sheet_problems(data) == []


def test_the_payment_covering_letters_carry_the_letterhead_and_the_check_link() -> None:
    head = Letterhead(name="شرکت نمونه صنعت", unit="اداره رفاه")
    award = CoveringLetterData(
        letterhead=head,
        letter_no="1405/R/12",
        date="1405/08/30",
        subject="موضوع: پرداخت جوایز",
        body="پیوست",
        count=2,
        total=60_000_000,
        verify_link=LINK,
    )
    batch = BatchDocument(
        batch_no=3,
        month="مهر ۱۴۰۵",
        date="1405/08/01",
        lines=[
            PaymentLine(
                personnel_no="1001",
                full_name="علی رضایی",
                national_id="0012345679",
                benefit="marriage",
                event_date="1405/07/01",
                sheba="IR050170000000123456789012",
                amount=100_000_000,
            )
        ],
    )
    for data in (render_covering_letter(award), render_batch_letter(batch, head=head, verify_link=LINK)):
        text, reader = _pdf(data)
        assert "شرکت نمونه صنعت" in text and "اداره رفاه" in text
        assert [read_qr(image.data) for image in reader.pages[-1].images] == [[LINK]]
