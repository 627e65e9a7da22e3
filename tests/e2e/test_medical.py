"""Medical expense claims end to end: the claim from the phone (lines, documents, albums, the ceiling), the
stages told to the employee, asking for more documents, the review line by line, the insurer's batch and
its decisions, and the accounting batch paid in one step, through the local Bot API server."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zoneinfo
from typing import Any

import jdatetime  # type: ignore[import-untyped, unused-ignore]
import openpyxl
import pytest

from bot.office import services_of
from domain.text import to_persian_digits
from localapi.server import BotApiServer
from services.setup import apply_config
from tests.documents.sheet_checks import sheet_problems
from tests.e2e.flows import PDF, button, grant, onboard, press
from tests.e2e.harness import ADMIN_GROUP, ALI, CLERK, CLERK2, HEAD, MARYAM, Bot
from texts import admin as admin_t
from texts import common as t
from texts import medical as med_t

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
FINANCE = 206
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JPEG_1 = b"\xff\xd8\xff\xe0 invoice page one"
JPEG_2 = b"\xff\xd8\xff\xe0 invoice page two"
JPEG_3 = b"\xff\xd8\xff\xe0 a prescription"
CONFIG: dict[str, Any] = {
    "medical": {
        "window_days": 180,
        "kinds": {"medicine": {"annual_ceiling": 5_000_000}, "dental": {"covered": False}},
    }
}


@pytest.fixture
async def office(api: BotApiServer, bot: Bot) -> Bot:
    """The bot with the claim policy, a claims clerk, a loans clerk, the head and finance."""
    api.add_user(FINANCE, "Finance")
    api.add_member(ADMIN_GROUP, FINANCE)
    await apply_config(bot.env.db, services_of(), CONFIG, bot.clock.now())
    await grant(bot, CLERK, "clerk", "medical")
    await grant(bot, CLERK2, "clerk", "loan")
    await grant(bot, HEAD, "head")
    await grant(bot, FINANCE, "finance")
    return bot


def jalali(bot: Bot, days_ago: int = 0) -> jdatetime.date:
    """A day in the office, Jalali."""
    day = bot.clock.now().astimezone(TEHRAN).date() - dt.timedelta(days=days_ago)
    return jdatetime.date.fromgregorian(date=day)


def typed(day: jdatetime.date) -> str:
    """A Jalali day as a person types it, in Persian digits."""
    return to_persian_digits(f"{day.year:04d}/{day.month:02d}/{day.day:02d}")


def code_of(receipt: dict[str, Any]) -> str:
    """The tracking code in a receipt."""
    return str(receipt["text"].split("کد رهگیری: ")[1].split("\n")[0])


async def card_offering(api: BotApiServer, card: dict[str, Any], data: str) -> dict[str, Any]:
    """The card once it offers the button ``data`` (after the last move was delivered)."""
    return await api.wait_for_bot_message(
        ADMIN_GROUP, lambda m: m["message_id"] == card["message_id"] and data in str(m.get("reply_markup"))
    )


async def move(api: BotApiServer, actor: int, card: dict[str, Any], action: str) -> dict[str, Any]:
    """Press a stage button on the card; returns the card as it offers it."""
    current = await card_offering(api, card, f":{action}:")
    assert "انجام شد" in await press(api, actor, current, f"req:{action}:")
    return current


async def quick_claim(
    api: BotApiServer, uid: int, day: str, amount: str, photo: bytes
) -> tuple[dict[str, Any], str]:
    """The employee's own outpatient visit of today with one invoice photo; returns the card and code."""
    sent = api.send_text(uid, med_t.MENU_MEDICAL)
    ask = await api.wait_for_text(uid, med_t.MED_ASK_PERSON, after=sent["message_id"])
    await press(api, uid, ask, "med:person:0")
    kinds = await api.wait_for_text(uid, "نوع هزینه", after=sent["message_id"])
    await press(api, uid, kinds, "med:kind:outpatient")
    await api.wait_for_text(uid, "تاریخ انجام خدمت", after=sent["message_id"])
    sent = api.send_text(uid, day)
    await api.wait_for_text(uid, "مبلغ پرداختی", after=sent["message_id"])
    sent = api.send_text(uid, amount)
    await api.wait_for_text(uid, "فاکتور یا صورتحساب", after=sent["message_id"])
    sent = api.send_photo(uid, photo)
    got = await api.wait_for_text(uid, "دریافت شد", after=sent["message_id"])
    await press(api, uid, got, "med:done")
    review = await api.wait_for_text(uid, "لطفاً بررسی کنید", after=sent["message_id"])
    cards = len(api.bot_messages(ADMIN_GROUP))
    await press(api, uid, review, "med:ok:")
    receipt = await api.wait_for_text(uid, "کد رهگیری", after=review["message_id"])
    await api.wait_until(lambda: len(api.bot_messages(ADMIN_GROUP)) > cards)
    return api.bot_messages(ADMIN_GROUP)[-1], code_of(receipt)


async def status_of(bot: Bot, code: str) -> str:
    """A request's status, by tracking code."""
    return str(await bot.env.db.fetchval("SELECT status FROM requests WHERE tracking_code = ?", (code,)))


def xlsx(data: bytes) -> openpyxl.Workbook:
    """A workbook from bytes."""
    return openpyxl.load_workbook(io.BytesIO(data))


# --- the claim ------------------------------------------------------------------------------------------------


async def test_a_dependants_claim_with_two_lines_an_album_and_every_refusal(
    api: BotApiServer, office: Bot
) -> None:
    uid = ALI[0]
    await onboard(api, ALI)
    sent = api.send_text(uid, med_t.MENU_MEDICAL)
    ask = await api.wait_for_text(uid, med_t.MED_ASK_PERSON, after=sent["message_id"])
    assert "سارا رضایی (همسر)" in str(ask["reply_markup"])
    sent = api.send_text(uid, "سارا")  # typed instead of pressed
    await api.wait_for_text(uid, t.USE_BUTTONS, after=sent["message_id"])
    await press(api, uid, ask, "med:person:1")
    kinds = await api.wait_for_text(uid, "هزینه ردیف ۱ برای سارا رضایی", after=sent["message_id"])
    assert "med:kind:dental" not in str(kinds["reply_markup"])  # not covered by this office
    await press(api, uid, kinds, "med:kind:outpatient")
    await api.wait_for_text(uid, "هزینه‌های ۱۸۰ روز گذشته", after=sent["message_id"])
    for text, answer in (
        ("دیروز", "تاریخ را به شکل"),
        ("1404/13/01", "چنین تاریخی"),
        (typed(jalali(office, -3)), "بعد از امروز"),
        (typed(jalali(office, 181)), "بیش از ۱۸۰ روز"),
    ):
        sent = api.send_text(uid, text)
        refused = await api.wait_for_text(uid, answer, after=sent["message_id"])
        assert "تاریخ انجام خدمت" in refused["text"]  # the step is kept
    sent = api.send_text(uid, typed(jalali(office, 180)))  # the 180th day back is still in
    await api.wait_for_text(uid, "مبلغ پرداختی", after=sent["message_id"])
    for text, answer in (("دو میلیون", "فقط با عدد"), ("0", "کمتر از حد مجاز")):
        sent = api.send_text(uid, text)
        await api.wait_for_text(uid, answer, after=sent["message_id"])
    sent = api.send_text(uid, "٢٬٥٠٠٬٠٠٠")  # Arabic digits and separators
    ask_invoice = await api.wait_for_text(uid, "مدرک ۱ از ۱ برای ردیف ۱", after=sent["message_id"])
    missing = await press(api, uid, ask_invoice, "med:done")  # nothing sent yet
    assert "«فاکتور یا صورتحساب» الزامی است" in missing
    sent = api.send_sticker(uid)
    await api.wait_for_text(uid, t.FILE_REFUSED["not_a_file"], after=sent["message_id"])
    sent = api.send_document(uid, b"plain text", "notes.txt", "text/plain")
    await api.wait_for_text(uid, t.FILE_REFUSED["type"], after=sent["message_id"])
    # an album of two pages arrives as two messages: one acknowledgement
    first = api.send_photo(uid, JPEG_1, media_group_id="album-1")
    api.send_photo(uid, JPEG_2, media_group_id="album-1")
    got = await api.wait_for_text(uid, "آلبوم", after=first["message_id"])
    await press(api, uid, got, "med:done")
    review = await api.wait_for_text(uid, "لطفاً بررسی کنید", after=got["message_id"])
    assert "۱. ویزیت سرپایی" in review["text"] and "۲٬۵۰۰٬۰۰۰ ریال — ۲ فایل" in review["text"]

    await press(api, uid, review, "med:add")
    kinds = await api.wait_for_text(uid, "هزینه ردیف ۲", after=review["message_id"])
    await press(api, uid, kinds, "med:kind:medicine")
    sent = api.send_text(uid, typed(jalali(office, 5)))
    ask_amount = await api.wait_for_text(uid, "مبلغ پرداختی", after=sent["message_id"])
    assert "مانده سقف سالانه «دارو» برای سارا رضایی: ۵٬۰۰۰٬۰۰۰ ریال" in ask_amount["text"]
    sent = api.send_text(uid, "6,000,000")
    over = await api.wait_for_text(uid, "سقف سالانه", after=sent["message_id"])
    assert "مانده سقف امسال: ۵٬۰۰۰٬۰۰۰ ریال" in over["text"]
    sent = api.send_text(uid, "1200000")
    await api.wait_for_text(
        uid, "مدرک ۱ از ۲ برای ردیف ۲ (دارو): «فاکتور یا صورتحساب»", after=sent["message_id"]
    )
    invoice = api.send_document(uid, PDF, "invoice.pdf", "application/pdf")
    got = await api.wait_for_text(uid, "دریافت شد (۱ فایل)", after=invoice["message_id"])
    await press(api, uid, got, "med:done")
    await api.wait_for_text(uid, "مدرک ۲ از ۲ برای ردیف ۲ (دارو): «نسخه پزشک»", after=got["message_id"])
    sent = api.send_again(uid, invoice)  # the same file for the prescription
    await api.wait_for_text(uid, med_t.MED_FILE_DUPLICATE, after=sent["message_id"])
    sent = api.send_photo(uid, JPEG_3)
    got = await api.wait_for_text(uid, "«نسخه پزشک» دریافت شد", after=sent["message_id"])
    await press(api, uid, got, "med:done")
    review = await api.wait_for_text(uid, "لطفاً بررسی کنید", after=got["message_id"])
    assert "۲. دارو" in review["text"] and "جمع مبلغ درخواستی: ۳٬۷۰۰٬۰۰۰ ریال" in review["text"]
    await press(api, uid, review, "med:ok:")
    receipt = await api.wait_for_text(uid, "کد رهگیری", after=review["message_id"])
    year = jalali(office).year
    assert f"شماره پرونده خسارت: {to_persian_digits(f'{year}-00001')}" in receipt["text"]
    assert "سارا رضایی" in receipt["text"] and "گام بعد" in receipt["text"]
    code = code_of(receipt)

    card = await api.wait_for_text(ADMIN_GROUP, code)
    assert "بیمه‌شده: سارا رضایی (همسر)" in card["text"] and "۳٬۷۰۰٬۰۰۰" in card["text"]
    assert "photo" not in card and "document" not in card
    assert await office.env.db.fetchval("SELECT COUNT(*) FROM attachments") == 4
    docs = await office.env.db.fetchall("SELECT line_no, document FROM med_documents ORDER BY attachment_id")
    assert [tuple(d) for d in docs] == [
        (1, "invoice"),
        (1, "invoice"),
        (2, "invoice"),
        (2, "prescription"),
    ]

    # only the claims role opens the documents, in private, and every look is audited
    assert await press(api, CLERK2, card, "req:docs:") == admin_t.ADMIN_NO_ROLE  # a loans clerk
    assert await press(api, HEAD, card, "req:docs:") == admin_t.ADMIN_NO_ROLE
    await press(api, CLERK, card, "req:docs:")
    await api.wait_until(
        lambda: len([m for m in api.bot_messages(CLERK) if "photo" in m or "document" in m]) == 4
    )
    assert not api.bot_messages(CLERK2) and not api.bot_messages(HEAD)
    views = await office.env.db.fetchall("SELECT actor FROM request_events WHERE action = 'view_documents'")
    assert [v["actor"] for v in views] == [CLERK]

    # the same person's second medicine claim this year: only what is left of the ceiling
    sent = api.send_text(uid, med_t.MENU_MEDICAL)
    ask = await api.wait_for_text(uid, med_t.MED_ASK_PERSON, after=sent["message_id"])
    await press(api, uid, ask, "med:person:1")
    kinds = await api.wait_for_text(uid, "هزینه ردیف ۱", after=sent["message_id"])
    await press(api, uid, kinds, "med:kind:medicine")
    sent = api.send_text(uid, typed(jalali(office, 1)))
    await api.wait_for_text(
        uid, "مانده سقف سالانه «دارو» برای سارا رضایی: ۳٬۸۰۰٬۰۰۰ ریال", after=sent["message_id"]
    )
    sent = api.send_text(uid, "4000000")
    await api.wait_for_text(uid, "مانده سقف امسال: ۳٬۸۰۰٬۰۰۰ ریال", after=sent["message_id"])
    sent = api.send_text(uid, "/cancel")
    await api.wait_for_text(uid, t.CANCELLED, after=sent["message_id"])
    # a file of an earlier claim is refused in a new one too
    sent = api.send_text(uid, med_t.MENU_MEDICAL)
    ask = await api.wait_for_text(uid, med_t.MED_ASK_PERSON, after=sent["message_id"])
    await press(api, uid, ask, "med:person:0")
    kinds = await api.wait_for_text(uid, "هزینه ردیف ۱", after=sent["message_id"])
    await press(api, uid, kinds, "med:kind:outpatient")
    sent = api.send_text(uid, typed(jalali(office)))
    await api.wait_for_text(uid, "مبلغ پرداختی", after=sent["message_id"])
    sent = api.send_text(uid, "100000")
    await api.wait_for_text(uid, "فاکتور یا صورتحساب", after=sent["message_id"])
    sent = api.send_again(uid, invoice)
    await api.wait_for_text(uid, med_t.MED_FILE_DUPLICATE, after=sent["message_id"])
    assert await office.env.db.fetchval("SELECT COUNT(*) FROM requests") == 1


# --- the stages, more documents, the review -------------------------------------------------------------------


async def test_stages_more_documents_and_a_partial_review(api: BotApiServer, office: Bot) -> None:
    uid = ALI[0]
    await onboard(api, ALI)
    card, code = await quick_claim(api, uid, typed(jalali(office)), "2,500,000", JPEG_1)

    # a clerk asks for more documents; the answer returns the case to them
    current = await card_offering(api, card, "req:ask_info:")
    await press(api, CLERK, current, "req:ask_info:")
    prompt = await api.wait_for_text(ADMIN_GROUP, "دلیل")
    api.send_text(CLERK, "تصویر نسخه پزشک را هم بفرستید", chat_id=ADMIN_GROUP, reply_to=prompt["message_id"])
    asked = await api.wait_for_text(uid, "تصویر نسخه پزشک را هم بفرستید")
    await press(api, uid, asked, "req:answer:")
    await api.wait_for_text(uid, "پاسخ خود به پرسش کارشناس")
    sent = api.send_photo(uid, JPEG_3)
    got = await api.wait_for_text(uid, "دریافت شد", after=sent["message_id"])
    await press(api, uid, got, "info:send")
    await api.wait_for_text(uid, "دوباره به کارشناس ارجاع شد")
    assert await status_of(office, code) == "submitted"

    await move(api, CLERK, card, "open_file")
    opened = await api.wait_for_text(uid, "تشکیل شد")
    assert "گام بعد: ارسال پرونده نزد پزشک معتمد بیمه" in opened["text"]
    await move(api, CLERK, card, "to_doctor")
    await api.wait_for_text(uid, "نزد پزشک معتمد بیمه فرستاده شد")

    # the review, line by line, in the group: less than claimed needs a reason
    current = await card_offering(api, card, "med:record_review:")
    assert await press(api, CLERK2, current, "med:record_review:") == admin_t.ADMIN_NO_ROLE
    await press(api, CLERK, current, "med:record_review:")
    ask = await api.wait_for_text(ADMIN_GROUP, "ردیف ۱ از ۱")
    for text, answer in (("خیلی", "فقط با عدد"), ("3,000,000", "بیشتر از مبلغ درخواستی")):
        sent = api.send_text(CLERK, text, chat_id=ADMIN_GROUP, reply_to=ask["message_id"])
        await api.wait_for_text(ADMIN_GROUP, answer, after=sent["message_id"])
    sent = api.send_text(CLERK, "۱٬۰۰۰٬۰۰۰", chat_id=ADMIN_GROUP, reply_to=ask["message_id"])
    reason = await api.wait_for_text(ADMIN_GROUP, "دلیل کسر را انتخاب کنید", after=sent["message_id"])
    await press(api, CLERK, reason, "med:reason:over_tariff")
    summary = await api.wait_for_text(ADMIN_GROUP, "ثبت شود؟", after=reason["message_id"])
    assert "دلیل کسر: مازاد بر تعرفه" in summary["text"]
    await press(api, CLERK, summary, "med:rsave")
    await api.wait_for_text(ADMIN_GROUP, "نتیجه بررسی درخواست", after=summary["message_id"])
    reviewed = await api.wait_for_text(uid, "نتیجه بررسی خسارت درمانی")
    assert "درخواستی ۲٬۵۰۰٬۰۰۰ ریال، تأییدشده ۱٬۰۰۰٬۰۰۰ ریال — دلیل کسر: مازاد بر تعرفه" in reviewed["text"]
    assert "جمع تأییدشده: ۱٬۰۰۰٬۰۰۰ ریال" in reviewed["text"]
    claim = await office.env.db.fetchone("SELECT claimed, approved, paid FROM med_claims")
    assert tuple(claim) == (2_500_000, 1_000_000, 0)

    await move(api, CLERK, card, "remit")
    await api.wait_for_text(uid, "حواله خسارت به مبلغ ۱٬۰۰۰٬۰۰۰ ریال")
    current = await card_offering(api, card, "req:to_accounting:")
    assert await press(api, CLERK, current, "req:to_accounting:") == admin_t.ADMIN_NO_ROLE
    await move(api, HEAD, card, "to_accounting")
    await api.wait_for_text(uid, "به حسابداری فرستاده شد")
    events = await office.env.db.fetchall("SELECT actor, action, to_status FROM request_events ORDER BY id")
    assert [e["action"] for e in events] == [
        "submit",
        "ask_info",
        "answer_info",
        "open_file",
        "to_doctor",
        "record_review",
        "remit",
        "to_accounting",
    ]


# --- the insurer's batch and accounting ------------------------------------------------------------------------


def decision_file(rows: list[list[Any]]) -> bytes:
    """An insurer's decision file: the decisions sheet with a header row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "decisions"
    ws.append(["code", "line", "approved", "reason"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


async def test_insurer_batch_decisions_and_the_payment_batch(api: BotApiServer, office: Bot) -> None:
    await onboard(api, ALI)
    await onboard(api, MARYAM)
    ali_card, ali = await quick_claim(api, ALI[0], typed(jalali(office)), "2,000,000", JPEG_1)
    maryam_card, maryam = await quick_claim(api, MARYAM[0], typed(jalali(office)), "3,000,000", JPEG_2)
    for card in (ali_card, maryam_card):
        await move(api, CLERK, card, "open_file")

    sent = api.send_text(CLERK2, "/med_batch", chat_id=ADMIN_GROUP)
    await api.wait_for_text(ADMIN_GROUP, med_t.MED_CLERKS_ONLY, after=sent["message_id"])
    await api.wait_for_bot_message(
        ADMIN_GROUP,
        lambda m: m["message_id"] == maryam_card["message_id"] and "to_doctor" in str(m.get("reply_markup")),
    )
    sent = api.send_text(CLERK, "/med_batch", chat_id=ADMIN_GROUP)
    posted = await api.wait_for_text(ADMIN_GROUP, "دسته ۱ خسارت درمانی: ۲ پرونده", after=sent["message_id"])
    archive = await api.wait_for_bot_message(
        CLERK, lambda m: m.get("document", {}).get("file_name", "").endswith(".zip")
    )
    summary = await api.wait_for_bot_message(
        CLERK, lambda m: m.get("document", {}).get("file_name", "").endswith(".xlsx")
    )
    names = zipfile.ZipFile(io.BytesIO(api.file_bytes(archive["document"]["file_id"])))
    assert sorted(names.namelist()) == sorted(
        [f"{ali}/line-1-invoice-1.jpg", f"{maryam}/line-1-invoice-1.jpg"]
    )
    assert names.read(f"{ali}/line-1-invoice-1.jpg") == JPEG_1
    assert names.read(f"{maryam}/line-1-invoice-1.jpg") == JPEG_2
    assert sheet_problems(api.file_bytes(summary["document"]["file_id"])) == []
    book = xlsx(api.file_bytes(summary["document"]["file_id"]))
    *rows, total = book["summary"].iter_rows(min_row=2, values_only=True)
    assert {(r[0], r[1], r[8]) for r in rows} == {(ali, 1, 2_000_000), (maryam, 1, 3_000_000)}
    assert total[0] == med_t.MED_COL_TOTAL and total[8] == "=SUM(I2:I3)"
    assert book["decisions"].max_row == 3  # one row per line to fill in, no totals row to read back
    assert [c.value for c in book["decisions"][1]][:2] == [med_t.MED_COL_CODE, med_t.MED_COL_LINE]
    assert {await status_of(office, c) for c in (ali, maryam)} == {"at_doctor"}
    await api.wait_for_text(ALI[0], "نزد پزشک معتمد بیمه فرستاده شد")

    # one bad row refuses the whole file: nothing is applied
    bad = decision_file([[ali, 1, 1_500_000, "مازاد بر تعرفه"], [maryam, 1, 3_500_000, None]])
    sent = api.send_document(
        CLERK, bad, "decisions.xlsx", XLSX, chat_id=ADMIN_GROUP, reply_to=posted["message_id"]
    )
    refused = await api.wait_for_text(ADMIN_GROUP, "ثبت نشد", after=sent["message_id"])
    assert "ردیف ۳: مبلغ تأییدشده بیشتر از مبلغ درخواستی است" in refused["text"]
    assert {await status_of(office, c) for c in (ali, maryam)} == {"at_doctor"}
    assert await office.env.db.fetchval("SELECT COUNT(*) FROM med_lines WHERE approved IS NOT NULL") == 0

    good = decision_file([[ali, 1, 1_500_000, "مازاد بر تعرفه"], [maryam, 1, 3_000_000, None]])
    sent = api.send_document(
        CLERK, good, "decisions.xlsx", XLSX, chat_id=ADMIN_GROUP, reply_to=posted["message_id"]
    )
    await api.wait_for_text(ADMIN_GROUP, "برای ۲ پرونده ثبت شد", after=sent["message_id"])
    told = await api.wait_for_text(ALI[0], "نتیجه بررسی خسارت درمانی")
    assert "تأییدشده ۱٬۵۰۰٬۰۰۰ ریال — دلیل کسر: مازاد بر تعرفه" in told["text"]
    await api.wait_for_text(MARYAM[0], "جمع تأییدشده: ۳٬۰۰۰٬۰۰۰ ریال")

    for card in (ali_card, maryam_card):
        await move(api, CLERK, card, "remit")
        await move(api, HEAD, card, "to_accounting")
    await card_offering(api, maryam_card, "req:pay:")

    # accounting: the list as XLSX in private, then the whole batch paid with one press
    sent = api.send_text(CLERK, "/med_payments", chat_id=ADMIN_GROUP)
    await api.wait_for_text(ADMIN_GROUP, med_t.MED_FINANCE_ONLY, after=sent["message_id"])
    sent = api.send_text(FINANCE, "/med_payments", chat_id=ADMIN_GROUP)
    batch = await api.wait_for_text(ADMIN_GROUP, "دسته پرداخت", after=sent["message_id"])
    assert "۲ پرونده، جمع ۴٬۵۰۰٬۰۰۰ ریال" in batch["text"]
    sheet = await api.wait_for_bot_message(FINANCE, lambda m: "document" in m)
    assert sheet_problems(api.file_bytes(sheet["document"]["file_id"])) == []
    ws = xlsx(api.file_bytes(sheet["document"]["file_id"])).active
    assert [c.value for c in ws[1]][:4] == [
        med_t.MED_COL_PERSONNEL_NO,
        med_t.MED_COL_NAME,
        med_t.MED_COL_SHEBA,
        med_t.MED_COL_APPROVED,
    ]
    data = list(ws.iter_rows(min_row=2, max_row=3, values_only=True))
    assert [r[:4] for r in data] == [
        (1001, "علی رضایی", "IR050170000000123456789012", 1_500_000),
        (1002, "مریم احمدی", "IR900120000000987654321001", 3_000_000),
    ]
    assert ws["D4"].value == "=SUM(D2:D3)" and ws["B4"].value == med_t.MED_COL_TOTAL
    assert sum(r[3] for r in data) == 4_500_000

    assert await press(api, CLERK, batch, "med:payall:") == med_t.MED_FINANCE_ONLY
    answer = await press(api, FINANCE, batch, "med:payall:")
    assert "۲ پرونده" in answer
    paid = await api.wait_for_text(ALI[0], "پرداخت شد")
    assert "مبلغ پرداختی: ۱٬۵۰۰٬۰۰۰ ریال" in paid["text"]
    paid = await api.wait_for_text(MARYAM[0], "پرداخت شد")
    assert "مبلغ پرداختی: ۳٬۰۰۰٬۰۰۰ ریال" in paid["text"]
    again = button(batch, "med:payall:")  # a second press of the same batch
    query = api.press(FINANCE, batch["message_id"], again, chat_id=ADMIN_GROUP, forge=True)
    assert (await api.wait_for_callback_answer(query))["text"] == med_t.MED_PAY_ALREADY
    totals = await office.env.db.fetchall(
        "SELECT claimed, approved, paid FROM med_claims ORDER BY request_id"
    )
    assert [tuple(r) for r in totals] == [
        (2_000_000, 1_500_000, 1_500_000),
        (3_000_000, 3_000_000, 3_000_000),
    ]
    assert {await status_of(office, c) for c in (ali, maryam)} == {"paid"}
