"""Welfare-fund loans end to end: eligibility, the form, two approvals, the budget queue, the bank letter,
pay-out, the payroll list and repayment, through the local Bot API server."""

from __future__ import annotations

import datetime as dt
import io
import re
import zoneinfo
from pathlib import Path
from typing import Any

import jdatetime  # type: ignore[import-untyped, unused-ignore]
import openpyxl
import pytest
from pypdf import PdfReader

from bot.office import services_of
from domain.text import normalize_digits, to_persian_digits
from localapi.server import BotApiServer
from services import loans_model
from services.setup import apply_config, read_config
from storage.db import Database
from tests.documents.sheet_checks import sheet_problems
from tests.e2e.flows import PDF, grant, onboard, press
from tests.e2e.harness import ADMIN_GROUP, ALI, CLERK, CLERK2, HEAD, MARYAM, Bot
from texts import admin as admin_t
from texts import common as t
from texts import loans as loan_t

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "office.toml"
HASSAN = (103, "09125556677", "2345678917")  # retired, fund member since 1380, no debt: eligible
FATEMEH = (104, "09129998877", "3456789122")  # finance
ZAHRA = (105, "09134445566", "4567891236")  # payroll
JPEG = b"\xff\xd8\xff\xe0 an inquiry photographed"

CONFIG: dict[str, Any] = {
    "loan_products": [
        {
            "key": "emergency",
            "name": "وام ضروری",
            "max_amount": 300_000_000,
            "min_amount": 10_000_000,
            "instalments": 20,
            "fee_model": "percent_upfront",
            "fee_percent": 4,
            "documents": ["payslip", "financial_inquiry"],
        },
        {
            "key": "short",
            "name": "وام کوتاه",
            "max_amount": 50_000_000,
            "instalments": 2,
            "fee_model": "fixed",
            "fee_rials": 1_000_001,
            "documents": ["payslip"],
        },
    ],
    "loan_fund": {
        "min_membership_months": 6,
        "monthly_budget": 400_000_000,
        "bank_name": "ملی",
        "branch_name": "مرکزی",
    },
}


@pytest.fixture
async def office(api: BotApiServer, bot: Bot) -> Bot:
    """The bot with loan products configured, staff roles granted, finance and payroll onboarded."""
    for (uid, mobile, _), name in ((HASSAN, "Hassan"), (FATEMEH, "Fatemeh"), (ZAHRA, "Zahra")):
        api.add_user(uid, name, phone=mobile)
    await apply_config(bot.env.db, services_of(), CONFIG, bot.clock.now())
    await grant(bot, CLERK, "clerk", "loan")
    await grant(bot, HEAD, "head")
    await grant(bot, FATEMEH[0], "finance")
    await grant(bot, ZAHRA[0], "payroll")
    for person in (FATEMEH, ZAHRA):
        await onboard(api, person)
    return bot


def code_of(receipt: dict[str, Any]) -> str:
    """The tracking code in a receipt."""
    return str(receipt["text"].split("کد رهگیری: ")[1].split("\n")[0])


async def apply(
    api: BotApiServer, uid: int, amount: str = "۱۵۰٬۰۰۰٬۰۰۰", *, product: str = "loan:product:"
) -> dict[str, Any]:
    """File a loan application through the whole form; returns the clerks' card."""
    sent = api.send_text(uid, loan_t.MENU_LOAN)
    ask = await api.wait_for_text(uid, "نوع وام را انتخاب کنید", after=sent["message_id"])
    await press(api, uid, ask, product)
    await api.wait_for_text(uid, "مبلغ درخواستی", after=sent["message_id"])
    sent = api.send_text(uid, amount)
    preview = await api.wait_for_text(uid, "پیش‌نمایش بازپرداخت", after=sent["message_id"])
    await press(api, uid, preview, "loan:next")
    ask_doc = await api.wait_for_text(uid, "فیش حقوقی", after=sent["message_id"])
    sent = api.send_document(uid, PDF, "payslip.pdf", "application/pdf")
    if "از ۲" in ask_doc["text"]:
        await api.wait_for_text(uid, "استعلام وضعیت مالی", after=sent["message_id"])
        sent = api.send_photo(uid, JPEG)
    review = await api.wait_for_text(uid, "لطفاً بررسی کنید", after=sent["message_id"])
    cards = len(api.bot_messages(ADMIN_GROUP))
    await press(api, uid, review, "loan:ok:")
    await api.wait_until(lambda: len(api.bot_messages(ADMIN_GROUP)) > cards)
    return api.bot_messages(ADMIN_GROUP)[-1]


async def approve_both(api: BotApiServer, card: dict[str, Any]) -> None:
    """The clerk's review, then the head's final approval, on the card."""
    assert "انجام شد" in await press(api, CLERK, card, "req:approve:")
    reviewed = await api.wait_for_bot_message(
        ADMIN_GROUP, lambda m: m["message_id"] == card["message_id"] and "تصمیم رئیس" in m["text"]
    )
    assert "انجام شد" in await press(api, HEAD, reviewed, "req:approve:")


async def next_month(bot: Bot) -> None:
    """Move the office clock to the first working morning of the next Jalali month (1 Farvardin is not one)."""
    now = bot.clock.now().astimezone(TEHRAN)
    j = jdatetime.date.fromgregorian(date=now.date())
    year, month = (j.year + 1, 1) if j.month == 12 else (j.year, j.month + 1)
    start = bot.env.calendar.add_working_days(jdatetime.date(year, month, 1).togregorian(), 0)
    target = dt.datetime.combine(start, dt.time(8, 1), tzinfo=TEHRAN)
    bot.clock.advance(target - now)


def jalali_today(bot: Bot) -> jdatetime.date:
    """Today in the office, Jalali."""
    return jdatetime.date.fromgregorian(date=bot.clock.now().astimezone(TEHRAN).date())


def shift(year: int, month: int, months: int) -> tuple[int, int]:
    """A Jalali (year, month) moved by ``months``."""
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def month_name(year: int, month: int) -> str:
    """A Jalali month as the bot writes it."""
    return f"{t.JALALI_MONTHS[month - 1]} {to_persian_digits(str(year))}"


def amounts_in(text: str) -> list[int]:
    """Every rial amount written in a message, in order."""
    return [int(normalize_digits(a).replace("\u066c", "")) for a in re.findall(r"([۰-۹٬]+) ریال", text)]


async def set_member(bot: Bot, personnel_no: str, *, since: dt.date | None, debt: int) -> None:
    """Change a person's fund membership and debt in the registry."""
    async with bot.env.db.transaction() as tx:
        await tx.execute(
            "UPDATE employees SET fund_member_since = ?, fund_debt = ? WHERE personnel_no = ?",
            (since.isoformat() if since else None, debt, personnel_no),
        )


async def status_of(bot: Bot, code: str) -> str:
    """A request's status, by tracking code."""
    return str(await bot.env.db.fetchval("SELECT status FROM requests WHERE tracking_code = ?", (code,)))


# --- eligibility ----------------------------------------------------------------------------------------------


async def test_ineligible_people_are_told_every_reason_and_when_they_become_eligible(
    api: BotApiServer, office: Bot
) -> None:
    today = jalali_today(office)
    year, month = shift(today.year, today.month, -2)
    since = jdatetime.date(year, month, 10)
    await set_member(office, "1001", since=since.togregorian(), debt=12_500_000)
    await onboard(api, ALI)
    sent = api.send_text(ALI[0], loan_t.MENU_LOAN)
    refusal = await api.wait_for_text(ALI[0], "شرایط دریافت وام", after=sent["message_id"])
    eligible_year, eligible_month = shift(year, month, 6)
    eligible_from = to_persian_digits(f"{eligible_year:04d}/{eligible_month:02d}/10")
    assert "۱۲٬۵۰۰٬۰۰۰ ریال بدهی" in refusal["text"]
    assert f"کمتر از ۶ ماه است؛ از {eligible_from} واجد شرایط" in refusal["text"]
    assert "عضو صندوق رفاه نیستید" not in refusal["text"]
    assert "reply_markup" not in refusal  # no form at all

    await onboard(api, MARYAM)
    sent = api.send_text(MARYAM[0], "/loan")
    refusal = await api.wait_for_text(MARYAM[0], "شرایط دریافت وام", after=sent["message_id"])
    assert "عضو صندوق رفاه نیستید" in refusal["text"]
    assert "بدهی" not in refusal["text"]
    # nothing was asked, so typing now is just a stray message
    sent = api.send_text(MARYAM[0], "100000000")
    await api.wait_for_text(MARYAM[0], t.UNKNOWN_MESSAGE, after=sent["message_id"])


# --- the form and the happy path ------------------------------------------------------------------------


async def test_happy_path_from_the_form_to_the_pay_out(api: BotApiServer, office: Bot) -> None:
    uid = HASSAN[0]
    await onboard(api, HASSAN)
    sent = api.send_text(uid, loan_t.MENU_LOAN)
    ask = await api.wait_for_text(uid, "نوع وام را انتخاب کنید", after=sent["message_id"])
    sent = api.send_text(uid, "ضروری")  # typed instead of pressed
    await api.wait_for_text(uid, t.USE_BUTTONS, after=sent["message_id"])
    await press(api, uid, ask, "loan:product:")
    await api.wait_for_text(uid, "مبلغ درخواستی", after=sent["message_id"])
    for typed, answer in (
        ("صد میلیون", "فقط با عدد"),
        ("500,000,000", "بیشتر از حد مجاز"),
        ("۵۰۰۰", "کمتر از حد مجاز"),
        ("1,50,000", "فقط با عدد"),
    ):
        sent = api.send_text(uid, typed)
        refused = await api.wait_for_text(uid, answer, after=sent["message_id"])
        assert "از ۱۰٬۰۰۰٬۰۰۰ ریال تا ۳۰۰٬۰۰۰٬۰۰۰ ریال" in refused["text"]
    # back to the products from the amount, and forward again
    await press(api, uid, refused, "loan:back")
    again = await api.wait_for_text(uid, "نوع وام را انتخاب کنید", after=sent["message_id"])
    await press(api, uid, again, "loan:product:")
    sent = api.send_text(uid, "150,000,000")
    preview = await api.wait_for_text(uid, "پیش‌نمایش بازپرداخت", after=sent["message_id"])

    today = jalali_today(office)
    first = shift(today.year, today.month, 1)
    lines = [line for line in preview["text"].split("\n") if re.match(r"^[۰-۹]+\. ", line)]
    assert len(lines) == 20
    assert lines[0].startswith(f"۱. {month_name(*first)}: ")
    assert lines[19].startswith(f"۲۰. {month_name(*shift(*first, 19))}: ")
    amounts = amounts_in(preview["text"])
    principal, fee, total, each = amounts[0], amounts[1], amounts[2], amounts[3:]
    assert (principal, fee, total) == (150_000_000, 6_000_000, 156_000_000)
    assert len(each) == 20 and sum(each) == total == principal + fee

    # a new amount typed over the preview is taken (in words and tomans too), not refused
    sent = api.send_text(uid, "۱۰ میلیون تومان")
    retyped = await api.wait_for_text(uid, "پیش‌نمایش بازپرداخت", after=sent["message_id"])
    assert amounts_in(retyped["text"])[0] == 100_000_000

    # back from the preview to the amount, then the documents
    await press(api, uid, retyped, "loan:back")
    await api.wait_for_text(uid, "مبلغ درخواستی", after=sent["message_id"])
    sent = api.send_text(uid, "۱۵۰٬۰۰۰٬۰۰۰")
    preview = await api.wait_for_text(uid, "پیش‌نمایش بازپرداخت", after=sent["message_id"])
    await press(api, uid, preview, "loan:next")
    await api.wait_for_text(uid, "مدرک ۱ از ۲", after=sent["message_id"])
    sent = api.send_sticker(uid)
    await api.wait_for_text(uid, t.FILE_REFUSED["not_a_file"], after=sent["message_id"])
    sent = api.send_document(uid, b"plain text", "notes.txt", "text/plain")
    await api.wait_for_text(uid, t.FILE_REFUSED["type"], after=sent["message_id"])
    sent = api.send_document(uid, PDF, "payslip.pdf", "application/pdf")
    second = await api.wait_for_text(uid, "مدرک ۲ از ۲", after=sent["message_id"])
    await press(api, uid, second, "loan:back")  # the payslip is asked for again
    await api.wait_for_text(uid, "مدرک ۱ از ۲", after=second["message_id"])
    sent = api.send_document(uid, PDF, "payslip.pdf", "application/pdf")
    await api.wait_for_text(uid, "مدرک ۲ از ۲", after=sent["message_id"])
    sent = api.send_photo(uid, JPEG)
    review = await api.wait_for_text(uid, "لطفاً بررسی کنید", after=sent["message_id"])
    assert "۱۵۶٬۰۰۰٬۰۰۰ ریال در ۲۰ قسط" in review["text"]
    confirm = next(
        b["callback_data"]
        for row in review["reply_markup"]["inline_keyboard"]
        for b in row
        if b["callback_data"].startswith("loan:ok:")
    )
    await press(api, uid, review, "loan:ok:")
    receipt = await api.wait_for_text(uid, "کد رهگیری")
    code = code_of(receipt)
    # the confirm button again (a double tap, a redelivery): still one request
    query = api.press(uid, review["message_id"], confirm, forge=True)
    assert (await api.wait_for_callback_answer(query))["text"] == t.STALE_BUTTON
    assert await office.env.db.fetchval("SELECT COUNT(*) FROM requests WHERE service = 'loan'") == 1
    assert await office.env.db.fetchval("SELECT COUNT(*) FROM attachments") == 2

    card = await api.wait_for_text(ADMIN_GROUP, code)
    assert "حسن کریمی" in card["text"] and "۱۵۰٬۰۰۰٬۰۰۰ ریال در ۲۰ قسط" in card["text"]
    await press(api, CLERK, card, "req:approve:")
    await api.wait_for_text(uid, "بررسی کارشناس را گذراند")
    told = [m.get("text", "") for m in api.bot_messages(uid) if m["message_id"] > receipt["message_id"]]
    assert not any("تأیید شد" in text for text in told)  # not before the head's approval
    reviewed = await api.wait_for_bot_message(
        ADMIN_GROUP, lambda m: m["message_id"] == card["message_id"] and "تصمیم رئیس" in m["text"]
    )
    await press(api, HEAD, reviewed, "req:approve:")
    approved = await api.wait_for_text(uid, "تأیید شد. نامه بانک")
    assert code in approved["text"] and "نامه بانک" in approved["text"]

    letter = await api.wait_for_bot_message(FATEMEH[0], lambda m: "document" in m)
    assert code in letter["caption"]
    pdf = api.file_bytes(letter["document"]["file_id"])
    assert pdf.startswith(b"%PDF") and len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert letter["document"]["file_name"] == f"bank-letter-{code}.pdf"
    funded = await api.wait_for_bot_message(
        ADMIN_GROUP,
        lambda m: (
            m["message_id"] == card["message_id"] and "نامه بانک صادر شد" in m["text"] and "Head" in m["text"]
        ),
    )
    assert "نامه بانک: شماره ۱۴" in funded["text"]

    answer = await press(api, FATEMEH[0], letter, "loan:paid:")
    assert code in answer
    paid = await api.wait_for_text(uid, "پرداخت شد")
    assert f"از حقوق {month_name(*first)} کسر" in paid["text"]
    await api.wait_for_bot_message(
        ADMIN_GROUP,
        lambda m: (
            m["message_id"] == card["message_id"]
            and "در حال بازپرداخت" in m["text"]
            and "disburse" not in str(m.get("reply_markup"))
        ),
    )
    rows = await office.env.db.fetchall(
        "SELECT number, jalali_month, amount FROM loan_instalments ORDER BY number"
    )
    assert len(rows) == 20 and sum(r["amount"] for r in rows) == 156_000_000
    assert rows[0]["jalali_month"] == f"{first[0]:04d}-{first[1]:02d}"
    assert await status_of(office, code) == "disbursed"
    events = await office.env.db.fetchall("SELECT actor, action, to_status FROM request_events ORDER BY id")
    assert [tuple(e) for e in events] == [
        (uid, "submit", "submitted"),
        (CLERK, "approve", "reviewed"),
        (HEAD, "approve", "queued"),
        (None, "fund", "funded"),
        (FATEMEH[0], "disburse", "disbursed"),
    ]

    # the balance and the next instalment, at any time
    sent = api.send_text(uid, "/loan")
    status = await api.wait_for_text(uid, "وام‌های صندوق رفاه شما", after=sent["message_id"])
    assert "مانده بدهی: ۱۵۶٬۰۰۰٬۰۰۰ ریال" in status["text"]
    assert f"قسط بعدی: {month_name(*first)} — ۷٬۸۰۰٬۰۰۰ ریال" in status["text"]


async def test_cancel_on_a_step_files_nothing(api: BotApiServer, office: Bot) -> None:
    uid = HASSAN[0]
    await onboard(api, HASSAN)
    sent = api.send_text(uid, loan_t.MENU_LOAN)
    ask = await api.wait_for_text(uid, "نوع وام را انتخاب کنید", after=sent["message_id"])
    await press(api, uid, ask, "loan:product:")
    sent = api.send_text(uid, "20000000")
    preview = await api.wait_for_text(uid, "پیش‌نمایش بازپرداخت", after=sent["message_id"])
    await press(api, uid, preview, "loan:cancel")
    await api.wait_for_text(uid, t.CANCELLED, after=sent["message_id"])
    sent = api.send_text(uid, loan_t.MENU_LOAN)
    ask = await api.wait_for_text(uid, "نوع وام را انتخاب کنید", after=sent["message_id"])
    await press(api, uid, ask, "loan:product:")
    sent = api.send_text(uid, "/cancel")
    await api.wait_for_text(uid, t.CANCELLED, after=sent["message_id"])
    assert await office.env.db.fetchval("SELECT COUNT(*) FROM requests") == 0


# --- the office's decisions -------------------------------------------------------------------------------


async def test_a_rejection_at_either_level_reaches_the_employee_with_its_reason(
    api: BotApiServer, office: Bot
) -> None:
    uid = HASSAN[0]
    await onboard(api, HASSAN)
    card = await apply(api, uid)
    await press(api, CLERK, card, "req:reject:")
    prompt = await api.wait_for_text(ADMIN_GROUP, "دلیل")
    api.send_text(CLERK, "فیش حقوقی خوانا نیست", chat_id=ADMIN_GROUP, reply_to=prompt["message_id"])
    rejected = await api.wait_for_text(uid, "رد شد")
    assert "فیش حقوقی خوانا نیست" in rejected["text"]

    card = await apply(api, uid)  # a rejected application is closed: one may apply again
    await press(api, CLERK, card, "req:approve:")
    reviewed = await api.wait_for_bot_message(
        ADMIN_GROUP, lambda m: m["message_id"] == card["message_id"] and "تصمیم رئیس" in m["text"]
    )
    await press(api, HEAD, reviewed, "req:reject:")
    prompt = await api.wait_for_text(ADMIN_GROUP, "دلیل", after=reviewed["message_id"])
    api.send_text(HEAD, "سقف وام این ماه پر شده است", chat_id=ADMIN_GROUP, reply_to=prompt["message_id"])
    rejected = await api.wait_for_text(uid, "سقف وام این ماه پر شده است")
    assert "رد شد" in rejected["text"]
    assert not any("وام شما" in m.get("text", "") and "تأیید شد" in m["text"] for m in api.bot_messages(uid))
    statuses = await office.env.db.fetchall("SELECT status FROM requests ORDER BY id")
    assert [s["status"] for s in statuses] == ["rejected", "rejected"]
    assert await office.env.db.fetchval("SELECT COUNT(*) FROM loans") == 0


async def test_the_same_person_cannot_give_both_approvals(api: BotApiServer, office: Bot) -> None:
    await grant(office, CLERK2, "clerk", "loan")
    await grant(office, CLERK2, "head")  # holds both roles
    await onboard(api, HASSAN)
    card = await apply(api, HASSAN[0])
    await press(api, CLERK2, card, "req:approve:")
    reviewed = await api.wait_for_bot_message(
        ADMIN_GROUP, lambda m: m["message_id"] == card["message_id"] and "تصمیم رئیس" in m["text"]
    )
    assert await press(api, CLERK2, reviewed, "req:approve:") == admin_t.ADMIN_SAME_ACTOR
    assert (
        await press(api, CLERK, reviewed, "req:approve:") == admin_t.ADMIN_NO_ROLE
    )  # a clerk is not the head
    code = code_of(await api.wait_for_text(HASSAN[0], "کد رهگیری"))
    assert await status_of(office, code) == "reviewed"
    await press(api, HEAD, reviewed, "req:approve:")
    await api.wait_for_text(HASSAN[0], "تأیید شد. نامه بانک")
    assert await status_of(office, code) == "funded"


# --- the monthly budget and its queue ------------------------------------------------------------------


async def test_approved_loans_wait_for_budget_in_order_of_final_approval(
    api: BotApiServer, office: Bot
) -> None:
    long_ago = dt.date(2010, 1, 1)
    await set_member(office, "1001", since=long_ago, debt=0)  # Ali
    await set_member(office, "1002", since=long_ago, debt=0)  # Maryam
    today = jalali_today(office)
    following = shift(today.year, today.month, 1)
    budgets = {f"{following[0]:04d}-{following[1]:02d}": 250_000_000}
    await apply_config(
        office.env.db,
        services_of(),
        {"loan_fund": {**CONFIG["loan_fund"], "budgets": budgets}},
        office.clock.now(),
    )
    for person in (HASSAN, ALI, MARYAM):
        await onboard(api, person)

    hassan = await apply(api, HASSAN[0], "300,000,000")  # leaves 100,000,000 of this month's 400,000,000
    await approve_both(api, hassan)
    await api.wait_for_text(HASSAN[0], "نامه بانک برای امور مالی فرستاده شد")
    ali = await apply(api, ALI[0], "200,000,000")
    maryam = await apply(api, MARYAM[0], "150,000,000")
    # Maryam's final approval comes first: she is first in the queue although Ali applied first
    await approve_both(api, maryam)
    queued = await api.wait_for_text(MARYAM[0], "صف بودجه")
    assert "تأیید شد" in queued["text"] and "نوبت شما در صف بودجه: ۱" in queued["text"]
    await approve_both(api, ali)
    queued = await api.wait_for_text(ALI[0], "صف بودجه")
    assert "نوبت شما در صف بودجه: ۲" in queued["text"]
    await api.wait_for_bot_message(
        ADMIN_GROUP, lambda m: m["message_id"] == ali["message_id"] and "نوبت در صف بودجه: ۲" in m["text"]
    )
    assert len([m for m in api.bot_messages(FATEMEH[0]) if "document" in m]) == 1  # Hassan's letter only

    sent = api.send_text(ALI[0], loan_t.MENU_LOAN)
    status = await api.wait_for_text(ALI[0], "وام‌های صندوق رفاه شما", after=sent["message_id"])
    assert "نوبت شما در صف بودجه صندوق: ۲" in status["text"]
    sent = api.send_text(MARYAM[0], t.MENU_MY_REQUESTS)
    listing = await api.wait_for_text(MARYAM[0], "درخواست‌های شما", after=sent["message_id"])
    await press(api, MARYAM[0], listing, "my:view:")
    detail = await api.wait_for_text(MARYAM[0], "سابقه")
    assert "نوبت در صف بودجه: ۱" in detail["text"] and loan_t.LOAN_STATUS_LABELS["queued"] in detail["text"]

    # next month's budget (250,000,000) funds Maryam (150,000,000) but not Ali (200,000,000), who moves up
    await next_month(office)
    await api.wait_for_text(MARYAM[0], "نوبت وام شما")
    await api.wait_for_bot_message(
        ADMIN_GROUP, lambda m: m["message_id"] == ali["message_id"] and "نوبت در صف بودجه: ۱" in m["text"]
    )
    sent = api.send_text(ALI[0], "/loan")
    status = await api.wait_for_text(ALI[0], "وام‌های صندوق رفاه شما", after=sent["message_id"])
    assert "نوبت شما در صف بودجه صندوق: ۱" in status["text"]
    # the month after, the usual budget funds Ali
    await next_month(office)
    funded = await api.wait_for_text(ALI[0], "نوبت وام شما")
    assert "نامه بانک" in funded["text"]
    await api.wait_until(lambda: len([m for m in api.bot_messages(FATEMEH[0]) if "document" in m]) == 3)
    rows = await office.env.db.fetchall(
        "SELECT request_id, budget_month, state FROM loans ORDER BY funded_at"
    )
    months = [r["budget_month"] for r in rows]
    assert [r["state"] for r in rows] == ["funded"] * 3 and months[0] < months[1] < months[2]


async def test_a_cancelled_place_frees_the_queue(api: BotApiServer, office: Bot) -> None:
    await set_member(office, "1001", since=dt.date(2010, 1, 1), debt=0)
    for person in (HASSAN, ALI):
        await onboard(api, person)
    ali = await apply(api, ALI[0], "300,000,000")
    await approve_both(api, ali)  # 100,000,000 left this month
    hassan = await apply(api, HASSAN[0], "120,000,000")
    await approve_both(api, hassan)
    await api.wait_for_text(HASSAN[0], "نوبت شما در صف بودجه: ۱")
    sent = api.send_text(HASSAN[0], t.MENU_MY_REQUESTS)
    listing = await api.wait_for_text(HASSAN[0], "درخواست‌های شما", after=sent["message_id"])
    await press(api, HASSAN[0], listing, "my:view:")
    detail = await api.wait_for_text(HASSAN[0], "سابقه")
    await press(api, HASSAN[0], detail, "my:cancel:")
    confirm = await api.wait_for_text(HASSAN[0], "مطمئن")
    await press(api, HASSAN[0], confirm, "my:cancel_ok:")
    await api.wait_for_text(HASSAN[0], "لغو شد")
    assert await office.env.db.fetchval("SELECT state FROM loans WHERE request_id = 2") == "cancelled"
    assert (
        await office.env.db.fetchval(
            "SELECT COUNT(*) FROM reminders WHERE status = 'pending' AND request_id IS NOT NULL"
        )
        == 0
    )


# --- payroll, repayment and settlement -----------------------------------------------------------------


async def test_payroll_list_recording_the_balance_and_settlement(api: BotApiServer, office: Bot) -> None:
    pytest.importorskip(
        "documents.sheets", reason="the XLSX generator (documents.sheets) is not in the tree yet"
    )
    uid = HASSAN[0]
    await onboard(api, HASSAN)
    card = await apply(api, uid, "40,000,000", product="loan:product:2")  # 2 instalments, fixed fee 1,000,001
    code = code_of(await api.wait_for_text(uid, "کد رهگیری"))
    await approve_both(api, card)
    letter = await api.wait_for_bot_message(FATEMEH[0], lambda m: "document" in m)
    await press(api, FATEMEH[0], letter, "loan:paid:")
    await api.wait_for_text(uid, "پرداخت شد")
    instalments = [
        r["amount"]
        for r in await office.env.db.fetchall("SELECT amount FROM loan_instalments ORDER BY number")
    ]
    assert instalments == [20_500_000, 20_500_001] and sum(instalments) == 40_000_000 + 1_000_001

    # nothing is due this month: the first instalment is next month's
    sent = api.send_text(ZAHRA[0], "/deductions")
    await api.wait_for_text(ZAHRA[0], "قسطی برای کسر از حقوق نیست", after=sent["message_id"])
    sent = api.send_text(uid, "/deductions")
    await api.wait_for_text(uid, loan_t.LOAN_PAYROLL_ONLY, after=sent["message_id"])

    today = jalali_today(office)
    first, second = shift(today.year, today.month, 1), shift(today.year, today.month, 2)
    await next_month(office)
    sheet = await api.wait_for_bot_message(ZAHRA[0], lambda m: "document" in m)
    assert month_name(*first) in sheet["caption"] and "۲۰٬۵۰۰٬۰۰۰ ریال" in sheet["caption"]
    values = xlsx_values(api.file_bytes(sheet["document"]["file_id"]))
    assert sheet_problems(api.file_bytes(sheet["document"]["file_id"])) == []
    assert {"1003", "حسن کریمی", code} <= {str(v) for v in values}
    assert 20_500_000 in values
    answer = await press(api, ZAHRA[0], sheet, "loan:record:")
    assert "۱ قسط" in answer
    deducted = await api.wait_for_text(uid, "قسط ۱ از ۲")
    assert "مانده بدهی: ۲۰٬۵۰۰٬۰۰۱ ریال" in deducted["text"]
    query = api.press(ZAHRA[0], sheet["message_id"], f"loan:record:{first[0]:04d}-{first[1]:02d}", forge=True)
    assert (await api.wait_for_callback_answer(query))["text"] == loan_t.LOAN_RECORD_ALREADY.format(
        month=month_name(*first)
    )
    assert await office.env.db.fetchval("SELECT paid_count FROM loans") == 1
    sent = api.send_text(ZAHRA[0], "/deductions")
    again = await api.wait_for_bot_message(ZAHRA[0], lambda m: "document" in m, after=sent["message_id"])
    assert "ثبت‌شده" in again["caption"] and "reply_markup" not in again

    sent = api.send_text(uid, loan_t.MENU_LOAN)
    status = await api.wait_for_text(uid, "وام‌های صندوق رفاه شما", after=sent["message_id"])
    assert "اقساط کسرشده: ۱ از ۲" in status["text"] and "مانده بدهی: ۲۰٬۵۰۰٬۰۰۱ ریال" in status["text"]
    assert f"قسط بعدی: {month_name(*second)} — ۲۰٬۵۰۰٬۰۰۱ ریال" in status["text"]

    await next_month(office)
    sheet = await api.wait_for_bot_message(
        ZAHRA[0], lambda m: "document" in m and month_name(*second) in m["caption"]
    )
    await press(api, ZAHRA[0], sheet, "loan:record:")
    settled = await api.wait_for_text(uid, "تسویه شد")
    assert code in settled["text"]
    assert await status_of(office, code) == "settled"
    assert (
        await office.env.db.fetchval(
            "SELECT COUNT(*) FROM reminders WHERE status = 'pending' AND request_id IS NOT NULL"
        )
        == 0
    )
    # settled: the menu entry offers a new loan again
    sent = api.send_text(uid, loan_t.MENU_LOAN)
    await api.wait_for_text(uid, "نوع وام را انتخاب کنید", after=sent["message_id"])


def xlsx_values(data: bytes) -> list[Any]:
    """Every non-empty cell value of a workbook."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [
        c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None
    ]


# --- the office file ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("product", "message"),
    [
        pytest.param({"fee_model": "fixed", "fee_percent": 4}, "fee_rials", id="fixed_fee_as_percent"),
        pytest.param({"fee_percent": 4, "fee_rials": 5}, "fee_percent", id="percent_fee_with_rials"),
        pytest.param({"fee_percent": 4.125}, "two decimals", id="percent_too_precise"),
        pytest.param({"documents": ["payslip", "selfie"]}, "unknown document", id="unknown_document"),
        pytest.param({"instalments": 121}, "instalments", id="too_many_instalments"),
        pytest.param({"min_amount": 500_000_000}, "min_amount", id="min_above_max"),
        pytest.param({"fee_model": "monthly"}, "fee_model", id="unknown_fee_model"),
    ],
)
async def test_a_bad_product_is_refused_and_nothing_changes(
    db_path: Any, product: dict[str, Any], message: str
) -> None:
    bad = {**CONFIG["loan_products"][0], **product}
    async with Database(db_path) as db:
        with pytest.raises(ValueError, match=message):
            await apply_config(db, services_of(), {"loan_products": [bad]}, dt.datetime.now(dt.UTC))
        assert await db.fetchval("SELECT COUNT(*) FROM loan_products") == 0


async def test_reapplying_the_office_file_updates_and_withdraws_products(db_path: Any) -> None:
    now = dt.datetime.now(dt.UTC)
    async with Database(db_path) as db:
        assert await apply_config(db, services_of(), CONFIG, now) == {"loan_products": 2, "loan_fund": 1}
        changed = {**CONFIG["loan_products"][0], "max_amount": 350_000_000}
        fund = {**CONFIG["loan_fund"], "budgets": {"1405/1": 1, "1405-02": 2}}
        assert await apply_config(
            db, services_of(), {"loan_products": [changed], "loan_fund": fund}, now
        ) == {
            "loan_products": 1,
            "loan_fund": 3,
        }
        rows = await db.fetchall("SELECT key, max_amount, active FROM loan_products ORDER BY id")
        assert [tuple(r) for r in rows] == [("emergency", 350_000_000, 1), ("short", 50_000_000, 0)]
        budgets = await db.fetchall("SELECT jalali_month, amount FROM loan_budgets ORDER BY jalali_month")
        assert [tuple(b) for b in budgets] == [("1405-01", 1), ("1405-02", 2)]


async def test_the_example_office_file_loads(db_path: Any) -> None:
    data = read_config(EXAMPLE)
    async with Database(db_path) as db:
        counts = await apply_config(db, services_of(), data, dt.datetime.now(dt.UTC))
    assert counts["loan_products"] >= 1 and counts["loan_fund"] >= 1


async def test_deductions_command_checks_its_month(api: BotApiServer, office: Bot) -> None:
    for text, answer in (
        ("/deductions 1499/01", "هنوز نرسیده"),
        ("/deductions آبان", "نحوه استفاده"),
        ("/deductions 1405 08", "نحوه استفاده"),
        ("/deductions ۱۴۰۰/۰۸", "قسطی برای کسر از حقوق نیست"),
    ):
        sent = api.send_text(ZAHRA[0], text)
        await api.wait_for_text(ZAHRA[0], answer, after=sent["message_id"])


@pytest.mark.parametrize(
    ("text", "month"),
    [("1404-08", (1404, 8)), ("1404/8", (1404, 8)), ("۱۴۰۴/۰۸", (1404, 8)), (" 1405-12 ", (1405, 12))],
)
def test_parse_month(text: str, month: tuple[int, int]) -> None:
    assert loans_model.parse_month(text) == month


@pytest.mark.parametrize("text", ["1404", "1404-13", "1404-00", "04-08", "1404-08-01", "abcd-ef", ""])
def test_parse_month_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        loans_model.parse_month(text)
