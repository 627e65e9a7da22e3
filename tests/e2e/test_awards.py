"""Study awards end to end through the local Bot API: an admin opens a campaign in the chat, everyone linked
hears of it once (with the admin's progress and final count), applications are judged at once, one per
child, reminders go out before the deadline, the clerk checks the documents, finance gets the list and the
letter after the deadline, and marking it paid tells the employee."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo
from typing import Any

import jdatetime  # type: ignore[import-untyped, unused-ignore]
import openpyxl
import pytest
from pypdf import PdfReader

from bot.office import services_of
from domain.text import to_persian_digits
from localapi.limits import FloodControl, Limit
from localapi.server import BotApiServer
from services.setup import apply_config
from storage.employees import write_registry
from tests.documents.sheet_checks import sheet_problems
from tests.e2e.flows import PDF, grant, onboard, press
from tests.e2e.harness import ADMIN_GROUP, ALI, CLERK, MARYAM, Bot
from texts import awards as aw_t

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
FATEMEH = (104, "09129998877", "3456789122")  # finance
JPEG = b"\xff\xd8\xff\xe0 a report card photographed"


@pytest.fixture
async def office(api: BotApiServer, bot: Bot) -> Bot:
    """Maryam is an admin, the clerk checks awards, Fatemeh is finance; all three and Ali are linked."""
    api.add_user(FATEMEH[0], "Fatemeh", phone=FATEMEH[1])
    await grant(bot, MARYAM[0], "admin")
    await grant(bot, CLERK, "clerk", "awards")
    await grant(bot, FATEMEH[0], "finance")
    for person in (MARYAM, FATEMEH, ALI):
        await onboard(api, person)
    return bot


def today(bot: Bot) -> dt.date:
    """The office's day."""
    return bot.clock.now().astimezone(TEHRAN).date()


def jalali(day: dt.date) -> str:
    """A day as typed by an admin: Jalali, Persian digits."""
    return to_persian_digits(jdatetime.date.fromgregorian(date=day).strftime("%Y/%m/%d"))


def advance_to(bot: Bot, day: dt.date, hour: int) -> None:
    """Move the office clock to ``hour`` o'clock on ``day`` (Tehran)."""
    target = dt.datetime.combine(day, dt.time(hour, 0, 30), tzinfo=TEHRAN)
    bot.clock.advance(target - bot.clock.now())


async def open_campaign(api: BotApiServer, admin: int, year: int, deadline: dt.date) -> dict[str, Any]:
    """The admin's form: year, two levels with threshold and award, deadline, review, open; the progress."""
    sent = api.send_text(admin, "/award_new")
    await api.wait_for_text(admin, "سال تحصیلی را بنویسید", after=sent["message_id"])
    sent = api.send_text(admin, to_persian_digits(str(year)))
    levels = await api.wait_for_text(admin, "مقطع‌های این فراخوان", after=sent["message_id"])
    await press(api, admin, levels, "aw:alevel:primary")
    ask = await api.wait_for_text(admin, "حد نصاب معدل", after=sent["message_id"])
    sent = api.send_text(admin, "۱۸٫۵ ۳۰٬۰۰۰٬۰۰۰")
    levels = await api.wait_for_text(admin, "معدل دست‌کم ۱۸٫۵۰", after=sent["message_id"])
    await press(api, admin, levels, "aw:alevel:upper_secondary")
    await api.wait_for_text(admin, "مقطع متوسطه دوم", after=ask["message_id"])
    sent = api.send_text(admin, "17 50000000")
    levels = await api.wait_for_text(admin, "متوسطه دوم: معدل", after=sent["message_id"])
    await press(api, admin, levels, "aw:alevels_ok")
    await api.wait_for_text(admin, "آخرین مهلت", after=sent["message_id"])
    sent = api.send_text(admin, jalali(deadline))
    review = await api.wait_for_text(admin, "لطفاً بررسی کنید", after=sent["message_id"])
    await press(api, admin, review, "aw:open:")
    await api.wait_for_text(admin, "باز شد", after=sent["message_id"])
    return await api.wait_for_text(admin, "📣 اطلاع‌رسانی", after=sent["message_id"])


async def final_count(api: BotApiServer, bot: Bot, admin: int, after: int) -> dict[str, Any]:
    """Move the clock past each progress look until the admin gets the final count."""
    for _ in range(30):
        bot.clock.advance(dt.timedelta(seconds=11))
        try:
            return await api.wait_for_text(admin, "به پایان رسید", timeout=0.5, after=after)
        except TimeoutError:
            continue
    raise AssertionError("no final count")


async def apply(
    api: BotApiServer, uid: int, child: int, level: str, gpa: str, *, documents: bool = True
) -> dict[str, Any]:
    """The application up to the GPA's verdict; with ``documents``, through to the filed request's card."""
    sent = api.send_text(uid, aw_t.MENU_AWARDS)
    ask = await api.wait_for_text(uid, "برای کدام فرزند", after=sent["message_id"])
    await press(api, uid, ask, f"aw:child:{child}")
    ask = await api.wait_for_text(uid, "مقطع تحصیلی", after=sent["message_id"])
    await press(api, uid, ask, f"aw:level:{level}")
    await api.wait_for_text(uid, "معدل", after=sent["message_id"])
    sent = api.send_text(uid, gpa)
    verdict = await api.wait_for_bot_message(
        uid,
        lambda m: "شرایط جایزه را ندارد" in m["text"] or "واجد جایزه" in m["text"],
        after=sent["message_id"],
    )
    if not documents or "ندارد" in verdict["text"]:
        return verdict
    await api.wait_for_text(uid, "مدرک ۱ از ۲", after=sent["message_id"])
    sent = api.send_document(uid, PDF, "report.pdf", "application/pdf")
    await api.wait_for_text(uid, "مدرک ۲ از ۲", after=sent["message_id"])
    sent = api.send_photo(uid, JPEG)
    review = await api.wait_for_text(uid, "لطفاً بررسی کنید", after=sent["message_id"])
    cards = len(api.bot_messages(ADMIN_GROUP))
    await press(api, uid, review, "aw:ok:")
    await api.wait_until(lambda: len(api.bot_messages(ADMIN_GROUP)) > cards)
    return api.bot_messages(ADMIN_GROUP)[-1]


def xlsx_rows(data: bytes) -> list[tuple[Any, ...]]:
    """The rows of a workbook's first sheet."""
    return list(openpyxl.load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))


async def test_a_campaign_from_the_chat_to_the_payment(api: BotApiServer, office: Bot) -> None:
    year = jdatetime.date.fromgregorian(date=today(office)).year
    deadline = today(office) + dt.timedelta(days=5)
    progress = await open_campaign(api, MARYAM[0], year, deadline)
    assert "از ۳" in progress["text"]  # Maryam, Fatemeh and Ali are linked
    announcement = await api.wait_for_text(ALI[0], "جوایز تحصیلی فرزندان همکاران")
    assert "دبستان: معدل دست‌کم ۱۸٫۵۰ از ۲۰ — جایزه ۳۰٬۰۰۰٬۰۰۰ ریال" in announcement["text"]
    final = await final_count(api, office, MARYAM[0], progress["message_id"])
    assert "ارسال‌شده: ۳ نفر" in final["text"] and "در دسترس نبودند: ۰ نفر" in final["text"]

    # Amir (child 0, born 1392) in primary: below the threshold, then eligible and filed.
    low = await apply(api, ALI[0], 0, "primary", "۱۷٫۵")
    assert "معدل ۱۷٫۵۰ کمتر از حد نصاب ۱۸٫۵۰" in low["text"]
    card = await apply(api, ALI[0], 0, "primary", "19.25")
    assert "امیر رضایی" in card["text"] and "۳۰٬۰۰۰٬۰۰۰ ریال" in card["text"]
    # A second application for the same child is refused at once, with the reason.
    again = await apply(api, ALI[0], 0, "primary", "۲۰")
    assert "قبلاً درخواست ثبت شده" in again["text"]
    # Nazanin (child 1, born 1396) is too young for upper secondary.
    young = await apply(api, ALI[0], 1, "upper_secondary", "19")
    assert "با این مقطع سازگار نیست" in young["text"]
    filed = await office.env.db.fetchval("SELECT COUNT(*) FROM requests WHERE service = 'awards'")
    assert filed == 1

    # Three days before the deadline: Ali is reminded of Nazanin only; Maryam (no children) is not.
    advance_to(office, deadline - dt.timedelta(days=3), 9)
    reminder = await api.wait_for_text(ALI[0], "یادآوری: مهلت ثبت درخواست جایزه")
    assert "نازنین رضایی" in reminder["text"] and "امیر" not in reminder["text"]

    # The clerk asks for a better scan, Ali answers, the clerk approves.
    await press(api, CLERK, card, "req:ask_info:")
    prompt = await api.wait_for_text(ADMIN_GROUP, "دلیل")
    api.send_text(CLERK, "کارنامه خوانا نیست", chat_id=ADMIN_GROUP, reply_to=prompt["message_id"])
    await api.wait_for_text(ALI[0], "کارنامه خوانا نیست")

    advance_to(office, deadline + dt.timedelta(days=1), 0)
    closed = await api.wait_for_text(FATEMEH[0], "آماده پرداخت است")
    assert "۰ درخواست" in closed["text"]  # still waiting for the better scan
    card_now = api.message(ADMIN_GROUP, card["message_id"])
    assert card_now is not None
    await answer_and_approve(api, office, card_now)

    sent_before = len(api.bot_messages(FATEMEH[0]))
    await press(api, FATEMEH[0], closed, "aw:list:")
    await api.wait_until(lambda: len(api.bot_messages(FATEMEH[0])) >= sent_before + 2)
    sheet, letter = api.bot_messages(FATEMEH[0])[-2:]
    rows = xlsx_rows(api.file_bytes(sheet["document"]["file_id"]))
    assert sheet_problems(api.file_bytes(sheet["document"]["file_id"])) == []
    assert rows[1] == (
        1001,
        "علی رضایی",
        "امیر رضایی",
        "دبستان",
        "19.25",
        30_000_000,
        "IR050170000000123456789012",
    )
    assert rows[2][1] == "جمع کل" and rows[2][5] == "=SUM(F2:F2)"
    assert len(rows) == 3
    text = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(api.file_bytes(letter["document"]["file_id"]))).pages
    )
    assert "امور مالی" in text or "مالی" in text

    await press(api, FATEMEH[0], sheet, "aw:paid:")
    paid = await api.wait_for_text(ALI[0], "جایزه تحصیلی امیر رضایی")
    assert "۳۰٬۰۰۰٬۰۰۰ ریال" in paid["text"]
    assert await office.env.db.fetchval("SELECT status FROM requests WHERE service = 'awards'") == "paid"


async def answer_and_approve(api: BotApiServer, bot: Bot, card: dict[str, Any]) -> None:
    """Ali answers the clerk's question with a new scan; the clerk approves."""
    notice = await api.wait_for_text(ALI[0], "اطلاعات بیشتری لازم است")
    await press(api, ALI[0], notice, "req:answer:")
    await api.wait_for_text(ALI[0], "پاسخ خود")
    sent = api.send_photo(ALI[0], JPEG)
    got = await api.wait_for_text(ALI[0], "دریافت شد", after=sent["message_id"])
    await press(api, ALI[0], got, "info:send")
    await api.wait_for_text(ALI[0], "دوباره به کارشناس ارجاع شد")
    resumed = await api.wait_for_bot_message(
        ADMIN_GROUP,
        lambda m: m["message_id"] == card["message_id"] and "req:approve" in str(m.get("reply_markup")),
    )
    assert "انجام شد" in await press(api, CLERK, resumed, "req:approve:")
    await api.wait_for_text(ALI[0], "تأیید شد")


async def test_an_announcement_to_500_employees_arrives_once_each(api: BotApiServer, office: Bot) -> None:
    people = [(700_000 + n, f"{5000 + n}", f"{9_000_000_000 + n}") for n in range(500)]
    now = office.clock.now().isoformat()
    async with office.env.db.transaction() as tx:
        await write_registry(
            tx,
            [
                [
                    (no, nid, "Test", f"P{no}", f"0990{nid[-7:]}", "employed", None, None, 0, "")
                    for _, no, nid in people
                ]
            ],
            [],
            now,
        )
        await tx.executemany(
            "INSERT INTO accounts (user_id, employee_id, linked_at) "
            "SELECT ?, id, ? FROM employees WHERE personnel_no = ?",
            [(uid, now, no) for uid, no, _ in people],
        )
    for uid, no, _ in people:
        api.add_user(uid, f"P{no}")
    blocked = [people[0][0], people[250][0], people[499][0]]
    for uid in blocked:
        api.set_blocked(uid)

    # the server audits the limits the bot keeps (the harness's, scaled down from Telegram's for speed)
    api.flood = FloodControl(
        (
            Limit("chat", 50, 0.5),
            Limit("group", 1000, 60.0, groups_only=True),
            Limit("overall", 1000, 1.0, scope="bot"),
        )
    )
    year = jdatetime.date.fromgregorian(date=today(office)).year
    progress = await open_campaign(api, MARYAM[0], year, today(office) + dt.timedelta(days=10))
    assert "از ۵۰۳" in progress["text"]  # the 500, and Maryam, Fatemeh and Ali
    final = await final_count(api, office, MARYAM[0], progress["message_id"])
    assert "ارسال‌شده: ۵۰۰ نفر" in final["text"]
    assert "در دسترس نبودند: ۳ نفر" in final["text"]
    assert "جمع: ۵۰۳ نفر" in final["text"]
    for uid, _, _ in people:
        got = [m for m in api.bot_messages(uid) if "جوایز تحصیلی فرزندان همکاران" in m.get("text", "")]
        assert len(got) == (0 if uid in blocked else 1), uid
    edited = api.message(MARYAM[0], progress["message_id"])
    assert edited is not None and "به پایان رسید" in edited["text"]
    # the admins' overview counts the same
    sent = api.send_text(MARYAM[0], "/awards")
    overview = await api.wait_for_text(MARYAM[0], "اطلاع‌رسانی: ۵۰۰ ارسال", after=sent["message_id"])
    assert "۳ ناموفق" in overview["text"]
    assert api.flood.sent >= 500 and not api.flood.violations, api.flood.violations


async def test_only_admins_open_a_campaign(api: BotApiServer, office: Bot) -> None:
    sent = api.send_text(ALI[0], "/award_new")
    await api.wait_for_text(ALI[0], "ویژه مدیران", after=sent["message_id"])
    sent = api.send_text(ALI[0], aw_t.MENU_AWARDS)
    await api.wait_for_text(ALI[0], "فراخوان جایزه تحصیلی بازی وجود ندارد", after=sent["message_id"])


async def test_a_campaign_from_the_office_file_is_announced_once(api: BotApiServer, office: Bot) -> None:
    deadline = jalali(today(office) + dt.timedelta(days=20))
    config = {
        "award_campaigns": [
            {
                "key": "y1405",
                "academic_year": 1405,
                "deadline": deadline,
                "levels": [{"level": "university", "threshold": 16, "amount": 80_000_000}],
            }
        ]
    }
    for _ in range(2):
        await apply_config(office.env.db, services_of(), config, office.clock.now())
    office.env.wake_outbox()
    got = await api.wait_for_text(ALI[0], "کاردانی و کارشناسی")
    assert "۸۰٬۰۰۰٬۰۰۰ ریال" in got["text"]
    count = await office.env.db.fetchval("SELECT COUNT(*) FROM award_campaigns")
    assert count == 1
