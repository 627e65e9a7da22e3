"""Request-free benefits end to end through the local Bot API: a registry run pays one person, tells another
why not and asks a third for a Sheba; the third adds it in the chat and is paid in the next run; an objection
is upheld and paid; running the same file again sends and pays nothing; a dry run changes nothing."""

from __future__ import annotations

import asyncio
import csv
import io
import zoneinfo
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from bot.office import services_of
from localapi.server import BotApiServer
from services import benefits
from services.benefit_import import REGISTRY_FIELDS
from services.setup import apply_config
from tests.documents.sheet_checks import sheet_problems
from tests.e2e.flows import grant, onboard, press
from tests.e2e.harness import ADMIN_GROUP, ALI, CLERK, MARYAM, Bot
from texts import benefits as bn_t

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
HASSAN = (103, "09125556677", "2345678917")  # retired: a birth is not paid
FATEMEH = (104, "09129998877", "3456789122")  # finance
ZAHRA_ID = "4567891236"  # retired, never linked to the bot: unreachable
SARA, REZA, BABY, BABY2 = "5678912348", "8912345672", "6789123458", "7891234566"
MARYAM_SHEBA = "IR900120000000987654321001"
JPEG = b"\xff\xd8\xff\xe0 a marriage certificate photographed"


def payroll(who: str, last: tuple[int, int], months: int = 24) -> list[list[str]]:
    """``months`` full months of 30 days and 100,000,000 rials, ending with the Jalali month ``last``."""
    year, month = last
    rows = []
    for back in range(months):
        index = year * 12 + month - 1 - back
        rows.append([who, f"{index // 12:04d}/{index % 12 + 1:02d}", "30", "100000000"])
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


REGISTRY = [
    list(REGISTRY_FIELDS),
    ["M-ALI", ALI[2], "marriage", "1403/07/15", SARA, "", "permanent"],
    ["M-MARYAM", MARYAM[2], "marriage", "۱۴۰۳/۰۵/۱۰", REZA, "", "دائم"],  # Persian digits and words
    ["B-HASSAN", HASSAN[2], "birth", "2024-10-22", "", BABY, ""],  # ISO date
    ["B-ZAHRA", ZAHRA_ID, "birth", "1403/08/01", "", BABY2, ""],
    ["M-NOBODY", "0000000001", "marriage", "1403/07/15", SARA, "", "permanent"],  # bad national ID
    ["M-STRANGER", "1111111111", "marriage", "1403/07/15", SARA, "", "permanent"],  # repeated digits: refused
]


@pytest.fixture
async def office(api: BotApiServer, bot: Bot, tmp_path: Path) -> Bot:
    """The rules configured, payroll imported, Maryam without a Sheba, people onboarded, roles granted."""
    api.add_user(HASSAN[0], "Hassan", phone=HASSAN[1])
    api.add_user(FATEMEH[0], "Fatemeh", phone=FATEMEH[1])
    await apply_config(bot.env.db, services_of(), {"benefits": {"birth_amount": 50_000_000}}, bot.clock.now())
    rows = [["national_id", "month", "contribution_days", "gross_pay"]]
    rows += payroll(ALI[2], (1403, 6)) + payroll(MARYAM[2], (1403, 4))
    outcome = await benefits.import_payroll(
        bot.env.db, write_csv(tmp_path / "payroll.csv", rows), bot.clock.now()
    )
    assert outcome.ok and outcome.rows == 48
    async with bot.env.db.transaction() as tx:
        await tx.execute("UPDATE employees SET sheba = '' WHERE national_id = ?", (MARYAM[2],))
    await grant(bot, CLERK, "clerk", benefits.SERVICE)
    await grant(bot, FATEMEH[0], "finance")
    for person in (ALI, MARYAM, HASSAN, FATEMEH):
        await onboard(api, person)
    return bot


async def counts(bot: Bot) -> tuple[int, int, int, int]:
    """Cases, batches, outbox rows and requests: what a run may change."""
    db = bot.env.db
    return (
        int(await db.fetchval("SELECT COUNT(*) FROM benefit_cases")),
        int(await db.fetchval("SELECT COUNT(*) FROM benefit_batches")),
        int(await db.fetchval("SELECT COUNT(*) FROM outbox")),
        int(await db.fetchval("SELECT COUNT(*) FROM requests")),
    )


async def settle(api: BotApiServer, bot: Bot) -> None:
    """Wait until the outbox has sent everything."""
    for _ in range(200):
        if not await bot.env.db.fetchval("SELECT COUNT(*) FROM outbox WHERE status = 'pending'"):
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the outbox did not empty")


def xlsx_rows(data: bytes) -> list[tuple[Any, ...]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


async def test_pay_tell_why_not_ask_for_a_sheba_and_pay_it_next_run(
    api: BotApiServer, office: Bot, tmp_path: Path
) -> None:
    registry = write_csv(tmp_path / "registry.csv", REGISTRY)

    # a dry run: the counts, and nothing changed
    before = await counts(office)
    dry = await benefits.run_registry(office.env, registry, dry_run=True)
    assert dry.dry_run and dry.tally.new_cases == 4 and dry.tally.batch_lines == 1
    assert await counts(office) == before

    report = await benefits.run_registry(office.env, registry)
    tally = report.tally
    assert (tally.rows, tally.bad_rows, tally.new_cases, tally.not_insured) == (6, 2, 4, 0)
    assert (tally.eligible_with_sheba, tally.eligible_without_sheba, tally.not_eligible) == (1, 1, 2)
    assert (tally.batch_lines, tally.batch_total, tally.unreachable) == (1, 100_000_000, 1)
    assert [(e.row, e.column) for e in report.errors] == [(6, "national_id"), (7, "national_id")]

    # Hassan is told why not; Maryam is asked for her Sheba
    why_not = await api.wait_for_text(HASSAN[0], "پرداخت نمی‌شود")
    assert "شاغل نبوده‌اید" in why_not["text"] and "بازنشسته" in why_not["text"]
    ask = await api.wait_for_text(MARYAM[0], "شماره شبای معتبری")
    assert "۱۰۰٬۰۰۰٬۰۰۰ ریال" in ask["text"]

    # finance gets the batch: an XLSX whose total is a SUM, and the covering letter
    sheet = await api.wait_for_bot_message(
        FATEMEH[0], lambda m: m["document"]["file_name"] == "benefits-batch-1.xlsx"
    )
    assert sheet_problems(api.file_bytes(sheet["document"]["file_id"])) == []
    rows = xlsx_rows(api.file_bytes(sheet["document"]["file_id"]))
    assert rows[1][:4] == (1, 1001, "علی رضایی", ALI[2]) and rows[1][-1] == 100_000_000
    assert rows[-1][2] == bn_t.BENEFITS_SHEET_TOTAL and rows[-1][-1] == "=SUM(H2:H2)"
    letter = await api.wait_for_bot_message(
        FATEMEH[0], lambda m: m["document"]["file_name"] == "benefits-batch-1.pdf"
    )
    text = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(api.file_bytes(letter["document"]["file_id"]))).pages
    )
    assert "مدیریت محترم امور مالی" in text and "۰۰۰٬۰۰۰٬۰۰۱" in text  # digits come out in visual order
    await settle(api, office)

    # the same file again: nothing new, nobody told, nothing batched
    before = await counts(office)
    again = await benefits.run_registry(office.env, registry)
    assert (again.tally.new_cases, again.tally.already_known, again.tally.batch_lines) == (0, 4, 0)
    await settle(api, office)
    assert await counts(office) == before

    # finance marks it paid: Ali is told what was paid and why
    answer = await press(api, FATEMEH[0], sheet, "bn:paid:1")
    assert "۱ نفر" in answer
    paid = await api.wait_for_text(ALI[0], "واریز شد")
    assert "۱۰۰٬۰۰۰٬۰۰۰ ریال" in paid["text"] and "ماده ۸۵" in paid["text"]
    assert await benefits.mark_paid(office.env, batch_id=1, actor=FATEMEH[0]) is None  # paid once

    # Maryam adds her Sheba in the chat (a bad one first)
    await press(api, MARYAM[0], ask, "bn:sheba")
    await api.wait_for_text(MARYAM[0], "شماره شبای حساب")
    sent = api.send_text(MARYAM[0], "IR12")
    await api.wait_for_text(MARYAM[0], "IR و ۲۴ رقم", after=sent["message_id"])
    sent = api.send_text(MARYAM[0], "IR90 0120 0000 0098 7654 3210 01")
    review = await api.wait_for_text(MARYAM[0], "لطفاً بررسی کنید", after=sent["message_id"])
    await press(api, MARYAM[0], review, "bn:ok:")
    await api.wait_for_text(MARYAM[0], "شماره شبای شما ثبت شد")

    # Hassan objects with a certificate; a clerk upholds it
    await press(api, HASSAN[0], why_not, "bn:object:")
    ask_docs = await api.wait_for_text(HASSAN[0], "برای اعتراض")
    sent = api.send_photo(HASSAN[0], JPEG)
    got = await api.wait_for_text(HASSAN[0], "دریافت شد", after=sent["message_id"])
    await press(api, HASSAN[0], got, "bn:done")
    review = await api.wait_for_text(HASSAN[0], "اعتراض به نتیجه")
    await press(api, HASSAN[0], review, "bn:ok:")
    await api.wait_for_text(HASSAN[0], "اعتراض شما ثبت شد")
    assert ask_docs
    code = why_not["text"].split("کد پیگیری: ")[1].strip()
    card = await api.wait_for_bot_message(
        ADMIN_GROUP, lambda m: code in m["text"] and "req:uphold:" in str(m.get("reply_markup"))
    )
    assert "انجام شد" in await press(api, CLERK, card, "req:uphold:")
    upheld = await api.wait_for_text(HASSAN[0], "پذیرفته شد")
    assert "۵۰٬۰۰۰٬۰۰۰ ریال" in upheld["text"]

    # the next run pays both: the Sheba added, the objection upheld
    nxt = await benefits.run_registry(office.env, None)
    assert (nxt.tally.owed_now_due, nxt.tally.batch_lines, nxt.tally.batch_total) == (2, 2, 150_000_000)
    sheet = await api.wait_for_bot_message(
        FATEMEH[0], lambda m: m["document"]["file_name"] == "benefits-batch-2.xlsx"
    )
    rows = xlsx_rows(api.file_bytes(sheet["document"]["file_id"]))
    assert {r[3] for r in rows[1:3]} == {MARYAM[2], HASSAN[2]}
    assert MARYAM_SHEBA in {r[6] for r in rows[1:3]}
    await press(api, FATEMEH[0], sheet, "bn:paid:2")
    await api.wait_for_text(MARYAM[0], "واریز شد")
    paid = await api.wait_for_text(HASSAN[0], "واریز شد")
    assert "اعتراض شما را کارشناس" in paid["text"]

    # nobody was told twice
    await settle(api, office)
    for uid, word in ((ALI[0], "واریز شد"), (MARYAM[0], "واریز شد"), (HASSAN[0], "پرداخت نمی‌شود")):
        told = [m for m in api.bot_messages(uid) if word in (m.get("text") or "")]
        assert len(told) == 1, (uid, word)


async def test_my_benefits_and_registering_ones_own_birth(api: BotApiServer, office: Bot) -> None:
    uid = ALI[0]
    sent = api.send_text(uid, bn_t.MENU_BENEFITS)
    mine = await api.wait_for_text(uid, "هنوز رویدادی", after=sent["message_id"])
    await press(api, uid, mine, "bn:reg:birth")
    await api.wait_for_text(uid, "تاریخ تولد فرزند")
    sent = api.send_text(uid, "1499/01/01")
    await api.wait_for_text(uid, "هنوز نرسیده", after=sent["message_id"])
    sent = api.send_text(uid, "۱۴۰۴/۰۲/۱۰")
    await api.wait_for_text(uid, "کد ملی فرزند", after=sent["message_id"])
    sent = api.send_text(uid, ALI[2])
    await api.wait_for_text(uid, "خود شماست", after=sent["message_id"])
    sent = api.send_text(uid, "۲۴۶۸۱۳۵۷۹۲")
    await api.wait_for_text(uid, "شناسنامه یا گواهی ولادت", after=sent["message_id"])
    sent = api.send_document(uid, b"%PDF-1.4 certificate", "birth.pdf", "application/pdf")
    got = await api.wait_for_text(uid, "دریافت شد", after=sent["message_id"])
    await press(api, uid, got, "bn:done")
    review = await api.wait_for_text(uid, "لطفاً بررسی کنید")
    await press(api, uid, review, "bn:ok:")
    await api.wait_for_text(uid, "ثبت شد. کمک‌هزینه تولد فرزند")

    report = await benefits.run_registry(office.env, None)
    assert (report.tally.eligible_with_sheba, report.tally.batch_lines, report.tally.batch_total) == (
        1,
        1,
        50_000_000,
    )
    sent = api.send_text(uid, bn_t.MENU_BENEFITS)
    mine = await api.wait_for_text(uid, "کمک‌هزینه تولد فرزند", after=sent["message_id"])
    assert "در فهرست پرداخت" in mine["text"] and "۵۰٬۰۰۰٬۰۰۰ ریال" in mine["text"]
    rows = await office.env.db.fetchall("SELECT status FROM requests WHERE service = 'benefits'")
    assert [r[0] for r in rows] == ["batched"]
