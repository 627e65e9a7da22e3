"""The health-insurance booklet end to end: first issue, a family member, a cancellation and the duplicate;
the first-salary timer on its Jalali day; payroll's approvals; the monthly list of premium changes."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from bot.office import services_of
from domain import booklet as rules
from domain.jalali import shift_month, to_jalali
from domain.validators import national_id_check_digit
from localapi.server import BotApiServer
from services import booklet as bs
from services.setup import apply_config
from tests.documents.sheet_checks import sheet_problems
from tests.e2e.flows import PDF, button, grant, onboard, press, submit_booklet
from tests.e2e.harness import ADMIN_GROUP, ALI, CLERK, CLERK2, Bot
from texts import admin as admin_t
from texts import booklet as booklet_t

HASSAN = (103, "09125556677", "2345678917")  # retired
ZAHRA = (105, "09134445566", "4567891236")
PAYROLL = ZAHRA[0]  # an employee who holds the payroll role, also in the clerks' group
ORGANISATION = "شرکت نمونه صنعت"
CONFIG = {
    "booklet": {
        "premium": 1_500_000,
        "premiums": {"parent": 2_500_000},
        "organisation": ORGANISATION,
        "insurance_office": "اداره کل بیمه سلامت استان تهران",
    }
}
TO_ASCII = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


@pytest.fixture
async def office(api: BotApiServer, bot: Bot) -> Bot:
    """The bot with the [booklet] section, a clerk, a second clerk and payroll."""
    api.add_user(HASSAN[0], "Hassan", phone=HASSAN[1])
    api.add_user(ZAHRA[0], "Zahra", phone=ZAHRA[1])
    api.add_member(ADMIN_GROUP, ZAHRA[0])
    await onboard(api, ZAHRA)
    await apply_config(bot.env.db, services_of(), CONFIG, bot.clock.now())
    await grant(bot, CLERK, "clerk", "booklet")
    await grant(bot, CLERK2, "clerk", "booklet")
    await grant(bot, PAYROLL, "payroll")
    return bot


def valid_id(first_nine: str) -> str:
    """A national ID with its right check digit."""
    return first_nine + str(national_id_check_digit(first_nine))


async def send_papers(api: BotApiServer, uid: int, count: int) -> dict[str, Any]:
    """Send ``count`` PDFs, one per paper asked for; returns the last checklist."""
    got: dict[str, Any] = {}
    for n in range(count):
        sent = api.send_document(uid, PDF, f"paper{n}.pdf", "application/pdf")
        got = await api.wait_for_text(uid, "مدارک", after=sent["message_id"])
    return got


async def submit_reviewed(api: BotApiServer, uid: int, checklist: dict[str, Any]) -> dict[str, Any]:
    """Press done, then submit; returns the clerks' card."""
    await press(api, uid, checklist, "bk:done")
    review = await api.wait_for_text(uid, "لطفاً بررسی کنید")
    last = max((m["message_id"] for m in api.bot_messages(ADMIN_GROUP)), default=0)
    await press(api, uid, review, "bk:ok:")
    return await api.wait_for_bot_message(ADMIN_GROUP, lambda m: "کد" in m.get("text", ""), after=last)


async def card_now(api: BotApiServer, card: dict[str, Any], words: str) -> dict[str, Any]:
    """The card once it was edited to show ``words``."""
    return await api.wait_for_bot_message(
        ADMIN_GROUP, lambda m: m["message_id"] == card["message_id"] and words in m.get("text", "")
    )


async def status_of(bot: Bot, code_or_id: str | int) -> str:
    column = "id" if isinstance(code_or_id, int) else "tracking_code"
    return str(await bot.env.db.fetchval(f"SELECT status FROM requests WHERE {column} = ?", (code_or_id,)))


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages).translate(TO_ASCII)


async def move_to(bot: Bot, moment: dt.datetime) -> None:
    """Move the clock to ``moment`` (the reminders are rescheduled by the bot)."""
    bot.clock.advance(moment - bot.clock.now())
    await asyncio.sleep(0.05)


async def salary_moment(bot: Bot, request_code: str) -> dt.datetime:
    due = await bot.env.db.fetchval(
        """SELECT r.due_at FROM reminders r JOIN requests q ON q.id = r.request_id
           WHERE q.tracking_code = ? AND r.kind = 'bk_salary'""",
        (request_code,),
    )
    return dt.datetime.fromisoformat(due)


def code_of(card: dict[str, Any]) -> str:
    return str(card["text"].split("کد ")[1].split("\n")[0])


async def test_first_issue_end_to_end(api: BotApiServer, office: Bot) -> None:
    bot = office
    await onboard(api, ALI)
    # an employed person cannot ask for a first issue
    sent = api.send_text(ALI[0], booklet_t.MENU_BOOKLET)
    menu = await api.wait_for_text(ALI[0], "چه کاری انجام شود", after=sent["message_id"])
    assert await press(api, ALI[0], menu, "bk:proc:first_issue") == booklet_t.BK_REFUSALS["not_retired"]

    await onboard(api, HASSAN)
    uid = HASSAN[0]
    sent = api.send_text(uid, booklet_t.MENU_BOOKLET)
    menu = await api.wait_for_text(uid, "چه کاری انجام شود", after=sent["message_id"])
    await press(api, uid, menu, "bk:proc:first_issue")
    await api.wait_for_text(uid, "اکنون بفرستید: تصویر شناسنامه")
    # a sticker is not a paper; the step is kept
    sent = api.send_sticker(uid)
    await api.wait_for_text(uid, "استیکر", after=sent["message_id"])
    checklist = await send_papers(api, uid, 1)
    assert "اکنون بفرستید: حکم" in checklist["text"]
    # a missing paper is refused at "done"
    refused = await press(api, uid, checklist, "bk:done")
    assert "مدارک کامل نیست" in refused and "حکم" in refused
    checklist = await send_papers(api, uid, 1)
    card = await submit_reviewed(api, uid, checklist)
    code = code_of(card)
    assert "صدور اولیه" in card["text"]

    await press(api, CLERK, card, "req:record:")
    recorded = await card_now(api, card, "ثبت در سامانه بیمه")
    await press(api, CLERK, recorded, "req:ask_deduction:")
    await api.wait_for_text(uid, "از حقوق و دستمزد خواسته شد")
    awaiting = await card_now(api, card, "در انتظار نخستین حقوق")
    assert not [
        b for row in awaiting["reply_markup"]["inline_keyboard"] for b in row if "sign" in b["callback_data"]
    ]

    # the salary timer: the first day of the month after the first deducted month, 08:00 office time
    today = bot.clock.now().astimezone(bot.env.zone).date()
    start = rules.deduction_start(rules.Process.FIRST_ISSUE, today, (await bs.office(bot.env.db)).policy)
    due = await salary_moment(bot, code)
    local = due.astimezone(bot.env.zone)
    assert (local.hour, local.minute) == (8, 0)
    assert local.date() == rules.salary_paid_on(start)
    assert to_jalali(local.date()).day == 1
    assert rules.month_of(local.date()) == shift_month(*start, 1)
    await move_to(bot, due - dt.timedelta(minutes=5))
    await asyncio.sleep(0.3)
    assert await status_of(bot, code) == "awaiting_salary"
    await move_to(bot, due + dt.timedelta(minutes=1))
    await api.wait_for_text(uid, "نخستین حقوق با کسر حق بیمه")
    await api.wait_for_text(ADMIN_GROUP, "یادآوری")
    form_due = await card_now(api, card, "آماده تأیید فرم")
    assert await status_of(bot, code) == "form_due"

    # the clerk signs: the form goes to payroll, who approves in the bot; nobody else may
    await press(api, CLERK, form_due, "booklet:sign_form:")
    for_payroll = await api.wait_for_bot_message(PAYROLL, lambda m: "document" in m)
    assert "کارشناس رفاه تأیید کرد" in for_payroll["caption"]
    at_payroll = await card_now(api, card, "در انتظار تأیید حقوق و دستمزد")
    assert await press(api, CLERK2, at_payroll, "booklet:payroll_ok:") == admin_t.ADMIN_NO_ROLE
    assert await press(api, CLERK, at_payroll, "booklet:payroll_ok:") == admin_t.ADMIN_NO_ROLE
    assert await status_of(bot, code) == "at_payroll"
    assert "انجام شد" in await press(api, PAYROLL, for_payroll, "booklet:payroll_ok:")
    form = await api.wait_for_bot_message(uid, lambda m: "document" in m)
    assert "پیشخوان دولت" in form["caption"] and "اصل حکم بازنشستگی" in form["caption"]
    text = pdf_text(api.file_bytes(form["document"]["file_id"]))
    assert code in text
    assert await status_of(bot, code) == "done"
    events = await bot.env.db.fetchall(
        "SELECT actor, action FROM request_events WHERE action IN ('sign_form', 'payroll_ok', 'salary_paid')"
    )
    assert [tuple(e) for e in events] == [
        (None, "salary_paid"),
        (CLERK, "sign_form"),
        (PAYROLL, "payroll_ok"),
    ]

    # the status page: the retiree is covered, no process is open, the form is ready
    sent = api.send_text(uid, booklet_t.MENU_BOOKLET)
    menu = await api.wait_for_text(uid, "چه کاری انجام شود", after=sent["message_id"])
    await press(api, uid, menu, "bk:status")
    page = await api.wait_for_text(uid, "افراد تحت پوشش")
    assert "حسن کریمی (خودم)" in page["text"] and "۱٬۵۰۰٬۰۰۰" in page["text"]
    assert "درخواست جاری ندارید" in page["text"]
    await press(api, uid, page, "booklet:form:")
    again = await api.wait_for_bot_message(uid, lambda m: "document" in m, after=form["message_id"])
    assert again["document"]["file_name"].endswith(".pdf")


async def test_a_family_member_with_bad_input_then_the_one_month_timer(
    api: BotApiServer, office: Bot
) -> None:
    bot = office
    uid = ALI[0]
    await onboard(api, ALI)
    sent = api.send_text(uid, booklet_t.MENU_BOOKLET)
    menu = await api.wait_for_text(uid, "چه کاری انجام شود", after=sent["message_id"])
    await press(api, uid, menu, "bk:proc:add_dependant")
    members = await api.wait_for_text(uid, "کدام عضو خانواده")
    await press(api, uid, members, "bk:member_new")
    categories = await api.wait_for_text(uid, "نسبت عضو جدید")
    await press(api, uid, categories, "bk:cat:parent")
    await api.wait_for_text(uid, "نام و نام خانوادگی")
    sent = api.send_text(uid, "رضا رضایی")
    await api.wait_for_text(uid, "کد ملی رضا رضایی", after=sent["message_id"])
    good = valid_id("123456780")
    wrong = good[:9] + str((int(good[9]) + 1) % 10)
    sent = api.send_text(uid, wrong)
    await api.wait_for_text(uid, "رقم کنترل", after=sent["message_id"])
    sent = api.send_text(uid, ALI[2])
    await api.wait_for_text(uid, "خود شماست", after=sent["message_id"])
    sent = api.send_text(uid, good.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")))
    await api.wait_for_text(uid, "تاریخ تولد رضا رضایی", after=sent["message_id"])
    sent = api.send_text(uid, "۱۴۹۹/۰۱/۰۱")
    await api.wait_for_text(uid, "آینده", after=sent["message_id"])
    sent = api.send_sticker(uid)
    await api.wait_for_text(uid, "ورودی معتبر نیست", after=sent["message_id"])
    sent = api.send_text(uid, "1335/05/20")
    await api.wait_for_text(uid, "گواهی عدم بیمه دیگر", after=sent["message_id"])
    checklist = await send_papers(api, uid, 2)
    assert "مدارک کامل نیست" in await press(api, uid, checklist, "bk:done")
    checklist = await send_papers(api, uid, 1)
    card = await submit_reviewed(api, uid, checklist)
    code = code_of(card)
    assert "رضا رضایی" in card["text"] and "پدر یا مادر" in card["text"]

    await press(api, CLERK, card, "req:record:")
    await press(api, CLERK, await card_now(api, card, "ثبت در سامانه بیمه"), "req:ask_deduction:")
    notice = await api.wait_for_text(uid, "از حقوق و دستمزد خواسته شد")
    assert "۲٬۵۰۰٬۰۰۰" in notice["text"]  # the parent's premium
    today = bot.clock.now().astimezone(bot.env.zone).date()
    policy = (await bs.office(bot.env.db)).policy
    first = rules.payroll_month(today, policy)
    start = rules.deduction_start(rules.Process.ADD_DEPENDANT, today, policy)
    assert start == shift_month(*first, 1)  # the new member's premium starts a month later
    due = await salary_moment(bot, code)
    local = due.astimezone(bot.env.zone)
    assert local.date() == rules.salary_paid_on(start) and to_jalali(local.date()).day == 1
    # a month after the first issue's day, not before
    await move_to(bot, at(rules.salary_paid_on(first), bot) + dt.timedelta(hours=1))
    await asyncio.sleep(0.3)
    assert await status_of(bot, code) == "awaiting_salary"
    await move_to(bot, due + dt.timedelta(minutes=1))
    await api.wait_for_text(uid, "نخستین حقوق با کسر حق بیمه")
    assert await status_of(bot, code) == "form_due"


def at(day: dt.date, bot: Bot) -> dt.datetime:
    return bs.at_office_hour(day, bot.env.zone)


async def test_cancellation_reply_letter_closes_the_case_and_the_monthly_list(
    api: BotApiServer, office: Bot
) -> None:
    bot = office
    uid = ALI[0]
    await onboard(api, ALI)
    sent = api.send_text(uid, booklet_t.MENU_BOOKLET)
    menu = await api.wait_for_text(uid, "چه کاری انجام شود", after=sent["message_id"])
    await press(api, uid, menu, "bk:proc:cancellation")
    people = await api.wait_for_text(uid, "دفترچه چه کسی باطل شود")
    spouse = next(
        b["callback_data"]
        for row in people["reply_markup"]["inline_keyboard"]
        for b in row
        if "سارا" in b["text"]
    )
    await press(api, uid, people, spouse)
    reasons = await api.wait_for_text(uid, "علت ابطال دفترچه سارا رضایی")
    labels = [b["text"] for row in reasons["reply_markup"]["inline_keyboard"] for b in row]
    assert booklet_t.BK_REASONS["age_limit"] not in labels  # a spouse has no age limit
    await press(api, uid, reasons, "bk:reason:divorce")
    await api.wait_for_text(uid, "گواهی یا حکم طلاق")
    checklist = await send_papers(api, uid, 3)
    card = await submit_reviewed(api, uid, checklist)
    code = code_of(card)
    assert "طلاق" in card["text"]

    await press(api, CLERK, card, "req:record:")
    await api.wait_for_text(uid, "ابطال دفترچه سارا رضایی")
    recorded = await card_now(api, card, "ثبت در سامانه بیمه")
    await press(api, CLERK, recorded, "booklet:issue_letter:")
    letter = await api.wait_for_bot_message(uid, lambda m: "document" in m)
    assert "پیشخوان دولت" in letter["caption"]
    assert "اداره کل بیمه سلامت استان تهران" in letter["caption"]
    text = pdf_text(api.file_bytes(letter["document"]["file_id"]))
    assert code in text
    await press(api, uid, letter, "bk:reply:")
    await api.wait_for_text(uid, "نامه پاسخ پیشخوان")
    sent = api.send_sticker(uid)
    await api.wait_for_text(uid, "استیکر", after=sent["message_id"])
    assert await status_of(bot, code) == "letter_issued"
    sent = api.send_document(uid, PDF, "reply.pdf", "application/pdf")
    await api.wait_for_text(uid, "پاسخ پیشخوان برای درخواست", after=sent["message_id"])
    replied = await card_now(api, card, "پاسخ پیشخوان دریافت شد")
    await press(api, CLERK, replied, "req:ask_reduction:")
    stop = await api.wait_for_text(uid, "متوقف شود")
    assert "۱٬۵۰۰٬۰۰۰" in stop["text"]
    at_payroll = await card_now(api, card, "در انتظار تأیید حقوق و دستمزد")
    assert await press(api, CLERK, at_payroll, "booklet:payroll_ok:") == admin_t.ADMIN_NO_ROLE
    await press(api, PAYROLL, at_payroll, "booklet:payroll_ok:")
    await api.wait_for_text(uid, "پرونده بسته شد")
    assert await status_of(bot, code) == "done"

    # the month's list reaches payroll after the cut-off: rows and a SUM total
    row = await bot.env.db.fetchone("SELECT first_month, monthly FROM booklet_changes")
    month = bs.key_month(row["first_month"])
    policy = (await bs.office(bot.env.db)).policy
    await move_to(bot, at(bs.list_day(month, policy), bot) + dt.timedelta(minutes=1))
    announce = await api.wait_for_text(PAYROLL, "فهرست تغییرات حق بیمه")
    assert "-۱٬۵۰۰٬۰۰۰" in announce["text"] or "−" in announce["text"] or "۱٬۵۰۰٬۰۰۰" in announce["text"]
    await press(api, PAYROLL, announce, "booklet:lxlsx:")
    sheet = await api.wait_for_bot_message(PAYROLL, lambda m: "document" in m)
    data = api.file_bytes(sheet["document"]["file_id"])
    assert sheet_problems(data) == []
    book = openpyxl.load_workbook(io.BytesIO(data))
    rows = [list(r) for r in book.active.iter_rows(min_row=2, values_only=True)]
    assert rows[0] == [
        1001,
        "علی رضایی",
        "سارا رضایی",
        booklet_t.BK_CHANGE_STOP,
        -1_500_000,
        bs.month_label(month),
    ]
    assert rows[-1][1] == booklet_t.BKD_SHEET_TOTAL and rows[-1][4] == "=SUM(E2:E2)"
    # only payroll decides the list; a returned list goes back to the clerks, who send it again
    with pytest.raises(bs.NotPayroll):
        await bs.decide_premium_list(
            bot.env, month=row["first_month"], actor=CLERK, actor_name="c", approve=True
        )
    await press(api, PAYROLL, announce, "booklet:lret:")
    returned = await api.wait_for_text(ADMIN_GROUP, "برگرداند")
    assert await press(api, CLERK, returned, "booklet:lsend:") != booklet_t.BK_LIST_NO_ROLE
    again = await api.wait_for_bot_message(
        PAYROLL, lambda m: m["message_id"] > sheet["message_id"] and "reply_markup" in m
    )
    await press(api, PAYROLL, again, "booklet:lok:")
    await api.wait_for_text(ADMIN_GROUP, "را تأیید کرد")
    assert await bot.env.db.fetchval("SELECT status FROM booklet_lists") == "approved"
    arg = row["first_month"].replace("-", "")
    stale = api.press(PAYROLL, again["message_id"], f"booklet:lok:{arg}", chat_id=PAYROLL, forge=True)
    assert (await api.wait_for_callback_answer(stale))["text"] == booklet_t.BK_LIST_NOT_OPEN


async def test_the_duplicate_gives_the_form_and_the_documents_to_bring(
    api: BotApiServer, office: Bot
) -> None:
    await onboard(api, ALI)
    card = await submit_booklet(api, ALI[0])
    await press(api, CLERK, card, "req:approve:")
    approved = await api.wait_for_text(ALI[0], "فرم المثنی")
    assert (
        "تأیید شد" in approved["text"]
        and "پیشخوان دولت" in approved["text"]
        and "اصل شناسنامه" in approved["text"]
    )
    await press(api, ALI[0], approved, "booklet:form:")
    form = await api.wait_for_bot_message(ALI[0], lambda m: "document" in m)
    text = pdf_text(api.file_bytes(form["document"]["file_id"]))
    assert code_of(card) in text
    # someone else's form is not theirs to get
    await onboard(api, HASSAN)
    mine = api.last_bot_message(HASSAN[0])
    assert mine is not None
    forged = api.press(HASSAN[0], mine["message_id"], button(approved, "booklet:form:"), forge=True)
    assert (await api.wait_for_callback_answer(forged)).get("show_alert") is True
