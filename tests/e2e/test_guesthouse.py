"""Guesthouse booking through the real bot: calendar, guests, review, the clerk's confirm or proposed days,
the hold and its expiry, the receipt, the voucher (text and PDF), the operator, reminders, /today, the race."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
import zoneinfo
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.office import services_of
from domain import guesthouse as gh
from domain.guesthouse import Refusal
from kit.datepicker import parse_day
from localapi.server import BotApiServer
from services import guesthouse as gs
from services import guesthouse_text as gs_text
from services.render import fa
from services.requests import act_on_request
from services.setup import apply_config, read_config
from storage.db import Database
from storage.guesthouse import hold_nights
from tests.e2e.flows import button, grant, onboard, press
from tests.e2e.harness import ADMIN_GROUP, ALI, CLERK, CLERK2, HEAD, MARYAM, STRANGER, Bot
from texts import admin as admin_t
from texts import common as t
from texts import guesthouse as gh_t

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
OPERATOR, OTHER_OPERATOR = 700, 701
ROOT = Path(__file__).resolve().parents[2]


def _mashhad(today: dt.date) -> dict[str, Any]:
    return {
        "key": "mashhad",
        "name": "امام رضا",
        "city": "مشهد",
        "kind": "pilgrim",
        "account": "IR050170000000123456789012 بانک ملی",
        "operator": OPERATOR,
        "closed": [(today + dt.timedelta(days=20)).isoformat()],
        "prices": {"1": 1_000_000, "2": 1_800_000, "3": 2_400_000, "4": 3_000_000},
        "rooms": [{"label": "101", "capacity": 2}, {"label": "102", "capacity": 4}],
    }


TINY = {
    "key": "tiny",
    "name": "ساحل",
    "city": "کیش",
    "kind": "official",
    "account": "حساب ۱۲۳ بانک تجارت",
    "operator": OTHER_OPERATOR,
    "nights": 2,
    "prices": {"1": 2_000_000, "2": 3_000_000},
    "rooms": [{"label": "A", "capacity": 2}],
}


@pytest.fixture
async def office(api: BotApiServer, bot: Bot) -> dt.date:
    """Two houses configured, the operators known, a guesthouse clerk, the clock at 10:00 Tehran; today's date."""
    now = bot.clock.now().astimezone(TEHRAN)
    target = now.replace(hour=10, minute=0, second=0, microsecond=0)
    if target <= now + dt.timedelta(minutes=1):
        target += dt.timedelta(days=1)
    bot.clock.advance(target - now)
    api.add_user(OPERATOR, "Operator")
    api.add_user(OTHER_OPERATOR, "Operator2")
    await apply_config(
        bot.env.db,
        services_of(),
        {"guesthouses": [_mashhad(target.date()), TINY]},
        bot.clock.now(),
    )
    await grant(bot, CLERK, "clerk", "guesthouse")
    await grant(bot, CLERK2, "clerk", "guesthouse")
    return target.date()


# --- steps --------------------------------------------------------------------------------------------------


@dataclass
class Booking:
    """A submitted booking: its request and its card in the clerks' group."""

    id: int
    code: str
    card_id: int


def _datas(message: dict[str, Any]) -> list[str]:
    return [b.get("callback_data", "") for row in message["reply_markup"]["inline_keyboard"] for b in row]


def _title(message: dict[str, Any]) -> str:
    return str(message["reply_markup"]["inline_keyboard"][0][1]["text"])


async def _edited(
    api: BotApiServer, chat: int, message: dict[str, Any], test: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
    """The message once an edit makes ``test`` true."""
    return await api.wait_for_bot_message(
        chat, lambda m: m["message_id"] == message["message_id"] and test(m)
    )


async def show_month(
    api: BotApiServer, user: int, message: dict[str, Any], day: dt.date, *, chat: int | None = None
) -> dict[str, Any]:
    """Turn the calendar forward until ``day``'s month shows."""
    chat_id = chat or user
    year, month = gs.jalali_month(day)
    wanted = t.DATEPICKER_TITLE.format(month=t.JALALI_MONTHS[month - 1], year=fa(year))
    for _ in range(4):
        if _title(message) == wanted:
            return message
        old = _title(message)
        forward = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        assert forward.startswith("gh:month:"), f"cannot turn past {old}"
        await press(api, user, message, forward)
        message = await _edited(api, chat_id, message, lambda m, old=old: _title(m) != old)  # type: ignore[misc]
    raise AssertionError(f"month of {day} never shown")


async def start_booking(api: BotApiServer, user: int, key: str) -> dict[str, Any]:
    """Menu → house: the calendar."""
    sent = api.send_text(user, gh_t.MENU_GUESTHOUSE)
    ask = await api.wait_for_text(user, "کدام زائرسرا", after=sent["message_id"])
    await press(api, user, ask, f"gh:house:{key}")
    return await _edited(api, user, ask, lambda m: "روز ورود را از تقویم" in m["text"])


async def book(
    api: BotApiServer, bot: Bot, user: int, key: str, day: dt.date, *, companions: int = 0
) -> Booking:
    """The employee's whole conversation up to submission; returns the request and its card."""
    calendar = await show_month(api, user, await start_booking(api, user, key), day)
    await press(api, user, calendar, f"gh:day:{gs.jalali_arg(day)}")
    guests = await _edited(api, user, calendar, lambda m: "چه کسانی" in m["text"])
    for i in range(1, companions + 1):
        await press(api, user, guests, f"gh:who:{i}")
        count = f"تعداد فعلی: {fa(1 + i)} نفر"
        guests = await _edited(api, user, guests, lambda m, c=count: c in m["text"])  # type: ignore[misc]
    await press(api, user, guests, "gh:who_ok")
    review = await _edited(api, user, guests, lambda m: "لطفاً بررسی کنید" in m["text"])
    await press(api, user, review, "gh:ok:")
    row = await bot.env.db.fetchone("SELECT id, tracking_code FROM requests ORDER BY id DESC LIMIT 1")
    card = await api.wait_for_text(ADMIN_GROUP, row["tracking_code"])
    return Booking(int(row["id"]), str(row["tracking_code"]), int(card["message_id"]))


def card(api: BotApiServer, booking: Booking) -> dict[str, Any]:
    found = api.message(ADMIN_GROUP, booking.card_id)
    assert found is not None
    return found


async def card_with(api: BotApiServer, booking: Booking, data_prefix: str) -> dict[str, Any]:
    """The card once it offers a button starting with ``data_prefix``."""
    return await api.wait_for_bot_message(
        ADMIN_GROUP,
        lambda m: m["message_id"] == booking.card_id and any(d.startswith(data_prefix) for d in _datas(m)),
    )


async def confirm(api: BotApiServer, booking: Booking, user: int) -> dict[str, Any]:
    """The clerk confirms; returns the employee's hold notice."""
    answer = await press(api, CLERK, card(api, booking), "req:confirm:")
    assert "انجام شد" in answer, answer
    return await api.wait_for_text(user, f"درخواست {booking.code}: تاریخ شما تأیید شد")


async def pay(api: BotApiServer, user: int, held: dict[str, Any], ref: str = "۱۲۳۴-۵۶۷۸") -> None:
    """Receipt photo and tracking number through the receipt conversation."""
    await press(api, user, held, "gh:pay:")
    ask = await api.wait_for_text(user, "تصویر رسید واریز")
    sent = api.send_text(user, "پرداخت کردم")  # text where the receipt is expected is re-asked
    await api.wait_for_text(user, "عکس یا فایل PDF", after=sent["message_id"])
    sent = api.send_photo(user, b"a photographed receipt")
    await api.wait_for_text(user, "شماره پیگیری واریز", after=sent["message_id"])
    sent = api.send_text(user, "12")
    await api.wait_for_text(user, "دست‌کم ۴ رقم", after=sent["message_id"])
    sent = api.send_text(user, ref)
    review = await api.wait_for_text(user, "در صورت درستی «ارسال رسید»", after=sent["message_id"])
    await press(api, user, review, "gh:paid:")
    await _edited(api, user, review, lambda m: "ثبت شد" in m["text"])
    assert ask is not None


async def book_to_voucher(
    api: BotApiServer, bot: Bot, user: int, key: str, day: dt.date, companions: int = 0
) -> Booking:
    """Submit, confirm, pay, verify: the voucher reaches the employee."""
    booking = await book(api, bot, user, key, day, companions=companions)
    held = await confirm(api, booking, user)
    await pay(api, user, held)
    await press(api, CLERK, await card_with(api, booking, "req:verify:"), "req:verify:")
    await api.wait_for_text(user, f"کد رزرو: {booking.code}")
    return booking


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = 5.0) -> None:  # noqa: ASYNC109
    """Poll an async condition (the database) until it holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        if loop.time() > deadline:
            raise TimeoutError("condition never held")
        await asyncio.sleep(0.02)


async def status(bot: Bot, booking: Booking) -> str:
    return str(await bot.env.db.fetchval("SELECT status FROM requests WHERE id = ?", (booking.id,)))


async def nights(bot: Bot, booking: Booking) -> list[str]:
    rows = await bot.env.db.fetchall(
        "SELECT night FROM guesthouse_nights WHERE request_id = ? ORDER BY night", (booking.id,)
    )
    return [r["night"] for r in rows]


def local(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TEHRAN).astimezone(dt.UTC)


def advance_to(bot: Bot, moment: dt.datetime) -> None:
    bot.clock.advance(moment - bot.clock.now() + dt.timedelta(seconds=1))


# --- the happy path -----------------------------------------------------------------------------------------


async def test_booking_to_the_voucher_and_the_operators_reservation(
    api: BotApiServer, bot: Bot, office: dt.date
) -> None:
    await onboard(api, ALI)
    day = office + dt.timedelta(days=10)
    calendar = await show_month(api, ALI[0], await start_booking(api, ALI[0], "mashhad"), day)
    await press(api, ALI[0], calendar, f"gh:day:{gs.jalali_arg(day)}")
    guests = await _edited(api, ALI[0], calendar, lambda m: "چه کسانی" in m["text"])
    assert "حداکثر ۴ نفر" in guests["text"]
    labels = [b["text"] for row in guests["reply_markup"]["inline_keyboard"] for b in row]
    assert "⬜️ سارا رضایی (همسر)" in labels  # the dependants from the registry
    sent = api.send_text(ALI[0], "دو نفر")  # typed text where a button is expected
    await api.wait_for_text(ALI[0], "یکی از دکمه‌های", after=sent["message_id"])
    await press(api, ALI[0], guests, "gh:who:1")
    guests = await _edited(api, ALI[0], guests, lambda m: "☑️ سارا رضایی (همسر)" in str(m["reply_markup"]))
    await press(api, ALI[0], guests, "gh:who_ok")
    review = await _edited(api, ALI[0], guests, lambda m: "لطفاً بررسی کنید" in m["text"])
    assert gs_text.day_label(day) in review["text"]
    assert gs_text.day_label(day + dt.timedelta(days=3)) in review["text"]
    assert "ساعت ۱۴:۰۰" in review["text"] and "ساعت ۱۰:۰۰" in review["text"]
    assert "۵٬۴۰۰٬۰۰۰ ریال" in review["text"]  # 2 guests: 1,800,000 a night, 3 nights
    assert "علی رضایی، سارا رضایی" in review["text"]
    # the confirm button is idempotent: pressing it twice files one request
    ok = button(review, "gh:ok:")
    first = api.press(ALI[0], review["message_id"], ok)
    second = api.press(ALI[0], review["message_id"], ok, forge=True)
    await api.wait_for_callback_answer(first)
    await api.wait_for_callback_answer(second)
    assert await bot.env.db.fetchval("SELECT COUNT(*) FROM requests WHERE service = 'guesthouse'") == 1
    row = await bot.env.db.fetchone("SELECT id, tracking_code FROM requests")
    booking = Booking(
        row["id"],
        row["tracking_code"],
        int((await api.wait_for_text(ADMIN_GROUP, row["tracking_code"]))["message_id"]),
    )
    receipt = await api.wait_for_text(ALI[0], "کد رهگیری")
    assert booking.code in receipt["text"]
    first_card = card(api, booking)
    assert "نخستین اقامت" in first_card["text"]
    assert _datas(first_card) == [
        f"req:confirm:{booking.id}",
        f"gh:propose:{booking.id}",
        f"req:reject:{booking.id}",
    ]

    held = await confirm(api, booking, ALI[0])
    assert "۵٬۴۰۰٬۰۰۰ ریال" in held["text"] and "IR050170000000123456789012" in held["text"]
    assert "اتاق 101" in held["text"]  # the smallest room that fits two
    assert await nights(bot, booking) == [(day + dt.timedelta(days=i)).isoformat() for i in range(3)]
    await card_with(api, booking, "req:reject:")

    await pay(api, ALI[0], held)
    paid_card = await card_with(api, booking, "req:verify:")
    assert "۱۲۳۴۵۶۷۸" in paid_card["text"] and t.BTN_DOCUMENTS in str(paid_card["reply_markup"])
    await press(api, CLERK, paid_card, "req:verify:")

    voucher = await api.wait_for_text(ALI[0], f"کد رزرو: {booking.code}")
    assert "رزرو شما قطعی شد" in voucher["text"] and gs_text.day_label(day) in voucher["text"]
    pdf = await api.wait_for_bot_message(ALI[0], lambda m: "document" in m)
    assert pdf["document"]["file_name"] == f"voucher-{booking.code}.pdf"
    assert api.file_bytes(pdf["document"]["file_id"]).startswith(b"%PDF")
    assert booking.code in pdf["caption"]
    reservation = await api.wait_for_text(OPERATOR, f"کد رزرو: {booking.code}")
    assert "علی رضایی" in reservation["text"] and "اتاق: 101" in reservation["text"]
    assert "۰۰۱۲۳۴۵۶۷۹" in reservation["text"]  # the national id, for the reception
    assert not api.bot_messages(OTHER_OPERATOR)
    assert await status(bot, booking) == "booked"
    await api.wait_for_bot_message(
        ADMIN_GROUP, lambda m: m["message_id"] == booking.card_id and "رزرو قطعی شد" in m["text"]
    )


# --- the calendar -------------------------------------------------------------------------------------------


async def test_calendar_offers_only_bookable_days_and_forged_days_are_refused(
    api: BotApiServer, bot: Bot, office: dt.date
) -> None:
    await onboard(api, ALI)
    closed = office + dt.timedelta(days=20)
    calendar = await show_month(api, ALI[0], await start_booking(api, ALI[0], "mashhad"), closed)
    shown = {d for d in _datas(calendar) if d.startswith("gh:day:")}
    employee_id = await bot.env.db.fetchval("SELECT employee_id FROM accounts WHERE user_id = ?", (ALI[0],))
    expected = {
        f"gh:day:{gs.jalali_arg(d)}"
        for d in (await gs.calendar(bot.env, employee_id, "mashhad")).open
        if gs.jalali_month(d) == gs.jalali_month(closed)
    }
    assert shown == expected and shown
    for blocked in (closed, closed - dt.timedelta(days=1), closed - dt.timedelta(days=2)):
        assert f"gh:day:{gs.jalali_arg(blocked)}" not in shown  # each stay would sleep on the closed day

    async def forged(data: str) -> str:
        query = api.press(ALI[0], calendar["message_id"], data, forge=True)
        return str((await api.wait_for_callback_answer(query))["text"])

    assert "تعطیل" in await forged(f"gh:day:{gs.jalali_arg(closed)}")
    assert "از فردا" in await forged(f"gh:day:{gs.jalali_arg(office)}")
    assert "از فردا" in await forged(f"gh:day:{gs.jalali_arg(office - dt.timedelta(days=3))}")
    assert "بازه مجاز" in await forged(f"gh:day:{gs.jalali_arg(office + dt.timedelta(days=61))}")
    assert await forged("gh:day:14041340") == gh_t.GH_DAY_INVALID
    assert await forged("gh:month:999999") == t.STALE_BUTTON
    assert await bot.env.db.fetchval("SELECT COUNT(*) FROM requests") == 0
    # still on the calendar: a real day moves on
    good = office + dt.timedelta(days=21)
    calendar = await show_month(api, ALI[0], api.message(ALI[0], calendar["message_id"]) or calendar, good)
    await press(api, ALI[0], calendar, f"gh:day:{gs.jalali_arg(good)}")
    guests = await _edited(api, ALI[0], calendar, lambda m: "چه کسانی" in m["text"])
    # back returns to the calendar, back again to the houses; cancel leaves
    await press(api, ALI[0], guests, "gh:back")
    calendar = await _edited(api, ALI[0], guests, lambda m: "روز ورود را از تقویم" in m["text"])
    await press(api, ALI[0], calendar, "gh:back")
    houses = await _edited(api, ALI[0], calendar, lambda m: "کدام زائرسرا" in m["text"])
    await press(api, ALI[0], houses, "gh:cancel")
    await api.wait_for_text(ALI[0], "انصراف داده شد")


async def test_submitting_a_day_taken_meanwhile_is_refused_and_the_calendar_shown_again(
    api: BotApiServer, bot: Bot, office: dt.date
) -> None:
    await onboard(api, ALI)
    await onboard(api, MARYAM)
    day = office + dt.timedelta(days=6)
    # Maryam reaches the review for the only room...
    calendar = await show_month(api, MARYAM[0], await start_booking(api, MARYAM[0], "tiny"), day)
    await press(api, MARYAM[0], calendar, f"gh:day:{gs.jalali_arg(day)}")
    guests = await _edited(api, MARYAM[0], calendar, lambda m: "چه کسانی" in m["text"])
    await press(api, MARYAM[0], guests, "gh:who_ok")
    review = await _edited(api, MARYAM[0], guests, lambda m: "لطفاً بررسی کنید" in m["text"])
    # ...while Ali's request for the same day is confirmed and holds it
    ali = await book(api, bot, ALI[0], "tiny", day)
    await confirm(api, ali, ALI[0])
    answer = await press(api, MARYAM[0], review, "gh:ok:")
    assert "ثبت نشد" in answer and "اتاق خالی نمانده" in answer
    again = await _edited(api, MARYAM[0], review, lambda m: "روز ورود را از تقویم" in m["text"])
    again = await show_month(api, MARYAM[0], again, day)
    assert f"gh:day:{gs.jalali_arg(day)}" not in _datas(again)
    assert await bot.env.db.fetchval("SELECT COUNT(*) FROM requests WHERE user_id = ?", (MARYAM[0],)) == 0


# --- the office's alternatives ------------------------------------------------------------------------------


async def test_clerk_proposes_other_days_and_the_employee_picks_one(
    api: BotApiServer, bot: Bot, office: dt.date
) -> None:
    await onboard(api, ALI)
    asked = office + dt.timedelta(days=10)
    booking = await book(api, bot, ALI[0], "mashhad", asked)
    await press(api, CLERK, card(api, booking), "gh:propose:")
    picker = await api.wait_for_text(ADMIN_GROUP, f"برای درخواست {booking.code}")
    assert "تا ۳ روز ورود دیگر" in picker["text"]
    # only the clerk who opened it may use it
    options = [asked + dt.timedelta(days=2), asked + dt.timedelta(days=4)]
    picker = await show_month(api, CLERK, picker, options[0], chat=ADMIN_GROUP)
    query = api.press(
        STRANGER, picker["message_id"], f"gh:day:{gs.jalali_arg(options[0])}", chat_id=ADMIN_GROUP, forge=True
    )
    assert (await api.wait_for_callback_answer(query))["text"] == admin_t.ADMIN_NOT_YOUR_PROMPT
    # the asked day itself is not offered
    query = api.press(
        CLERK, picker["message_id"], f"gh:day:{gs.jalali_arg(asked)}", chat_id=ADMIN_GROUP, forge=True
    )
    assert (await api.wait_for_callback_answer(query))["text"] == gh_t.GH_DAY_NOT_OPEN
    for option in options:
        picker = await show_month(api, CLERK, picker, option, chat=ADMIN_GROUP)
        await press(api, CLERK, picker, f"gh:day:{gs.jalali_arg(option)}")
        picker = await _edited(
            api, ADMIN_GROUP, picker, lambda m, o=option: gs_text.day_label(o) in m["text"]
        )  # type: ignore[misc]
    answer = await press(api, CLERK, picker, "gh:psend")
    assert "انجام شد" in answer
    await _edited(api, ADMIN_GROUP, picker, lambda m: "فرستاده شد" in m["text"])

    offer = await api.wait_for_text(ALI[0], f"درخواست {booking.code}: ورود در")
    assert gs_text.day_label(asked) in offer["text"]
    assert _datas(offer) == [f"gh:pick:{booking.id}-0", f"gh:pick:{booking.id}-1", f"my:cancel:{booking.id}"]
    proposed = await api.wait_for_bot_message(
        ADMIN_GROUP, lambda m: m["message_id"] == booking.card_id and "تاریخ‌های پیشنهادی" in m["text"]
    )
    assert _datas(proposed) == [f"req:reject:{booking.id}"]
    query = api.press(ALI[0], offer["message_id"], f"gh:pick:{booking.id}-7", forge=True)
    assert (await api.wait_for_callback_answer(query))["text"] == t.STALE_BUTTON

    await press(api, ALI[0], offer, f"gh:pick:{booking.id}-1")
    await _edited(api, ALI[0], offer, lambda m: "را انتخاب کردید" in m["text"])
    held = await api.wait_for_text(ALI[0], "تاریخ شما تأیید شد")
    assert gs_text.day_label(options[1]) in held["text"]
    assert await status(bot, booking) == "held"
    assert (await nights(bot, booking))[0] == options[1].isoformat()
    # the offer cannot be used twice
    query = api.press(ALI[0], offer["message_id"], f"gh:pick:{booking.id}-0", forge=True)
    assert (await api.wait_for_callback_answer(query))["text"] == t.STALE_BUTTON


# --- holds, cancellation, the race --------------------------------------------------------------------------


async def test_an_unpaid_hold_expires_and_frees_the_room(
    api: BotApiServer, bot: Bot, office: dt.date
) -> None:
    await onboard(api, ALI)
    booking = await book(api, bot, ALI[0], "mashhad", office + dt.timedelta(days=10))
    confirmed_at = bot.clock.now()
    held = await confirm(api, booking, ALI[0])
    due = await bot.env.db.fetchval(
        "SELECT due_at FROM reminders WHERE request_id = ? AND kind = 'gh_hold' AND status = 'pending'",
        (booking.id,),
    )
    # 48 hours counted on the office's working days: a Friday or a holiday in between adds its day
    lapses = bot.env.calendar.add_working_time(confirmed_at, dt.timedelta(hours=48), TEHRAN)
    assert lapses - confirmed_at >= dt.timedelta(hours=48)
    assert abs(dt.datetime.fromisoformat(due) - lapses) < dt.timedelta(seconds=30)
    # six hours before, the employee is warned, with the moment and the button to use
    bot.clock.advance(lapses - bot.clock.now() - dt.timedelta(hours=6) + dt.timedelta(minutes=1))
    warning = await api.wait_for_text(ALI[0], "فرصت دارید")
    assert booking.code in warning["text"] and gh_t.GH_BTN_PAY in warning["text"]
    bot.clock.advance(lapses - bot.clock.now() - dt.timedelta(hours=1))
    await asyncio.sleep(0.1)
    assert await status(bot, booking) == "held"
    bot.clock.advance(dt.timedelta(hours=1, minutes=1))
    await api.wait_for_text(ALI[0], "مهلت پرداخت به پایان رسید")
    assert await status(bot, booking) == "expired"
    assert await nights(bot, booking) == []
    await api.wait_for_bot_message(
        ADMIN_GROUP, lambda m: m["message_id"] == booking.card_id and "منقضی شد" in m["text"]
    )
    answer = await press(api, ALI[0], held, "gh:pay:")
    assert answer == gh_t.GH_PAY_NOT_WAITING


async def test_the_hold_survives_a_restart(api: BotApiServer, bot: Bot, office: dt.date) -> None:
    await onboard(api, ALI)
    booking = await book(api, bot, ALI[0], "mashhad", office + dt.timedelta(days=10))
    confirmed_at = bot.clock.now()
    await confirm(api, booking, ALI[0])
    await bot.restart()
    lapses = bot.env.calendar.add_working_time(confirmed_at, dt.timedelta(hours=48), TEHRAN)
    bot.clock.advance(lapses - bot.clock.now() + dt.timedelta(minutes=1))
    await api.wait_for_text(ALI[0], "مهلت پرداخت به پایان رسید")
    assert await nights(bot, booking) == []


async def test_cancelling_a_booking_frees_the_room_at_once(
    api: BotApiServer, bot: Bot, office: dt.date
) -> None:
    await onboard(api, ALI)
    await onboard(api, MARYAM)
    day = office + dt.timedelta(days=5)
    booking = await book_to_voucher(api, bot, ALI[0], "tiny", day)
    await api.wait_for_text(OTHER_OPERATOR, booking.code)
    calendar = await show_month(api, MARYAM[0], await start_booking(api, MARYAM[0], "tiny"), day)
    for blocked in (day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)):  # two-night stays overlap
        assert f"gh:day:{gs.jalali_arg(blocked)}" not in _datas(calendar)
    await press(api, MARYAM[0], calendar, "gh:cancel")

    sent = api.send_text(ALI[0], t.MENU_MY_REQUESTS)
    listing = await api.wait_for_text(ALI[0], "درخواست‌های شما", after=sent["message_id"])
    await press(api, ALI[0], listing, f"my:view:{booking.id}")
    detail = await _edited(api, ALI[0], listing, lambda m: "سابقه" in m["text"])
    assert "رزرو قطعی شد" in detail["text"]
    await press(api, ALI[0], detail, "my:cancel:")
    sure = await _edited(api, ALI[0], detail, lambda m: "مطمئن" in m["text"])
    await press(api, ALI[0], sure, "my:cancel_ok:")
    await _edited(api, ALI[0], sure, lambda m: "لغو شد" in m["text"])
    assert await nights(bot, booking) == []
    assert (
        await bot.env.db.fetchval(
            "SELECT COUNT(*) FROM reminders WHERE request_id = ? AND status = 'pending'", (booking.id,)
        )
        == 0
    )
    told = await api.wait_for_text(OTHER_OPERATOR, f"رزرو {booking.code}")
    assert "لغو شد" in told["text"]
    calendar = await show_month(api, MARYAM[0], await start_booking(api, MARYAM[0], "tiny"), day)
    assert f"gh:day:{gs.jalali_arg(day)}" in _datas(calendar)


async def test_two_confirms_racing_for_the_last_room_hold_it_once(
    api: BotApiServer, bot: Bot, office: dt.date
) -> None:
    await onboard(api, ALI)
    await onboard(api, MARYAM)
    day = office + dt.timedelta(days=8)
    ali = await book(api, bot, ALI[0], "tiny", day)
    maryam = await book(api, bot, MARYAM[0], "tiny", day)
    # two clerks press confirm on the two cards at the same moment
    queries = [
        api.press(CLERK, ali.card_id, f"req:confirm:{ali.id}", chat_id=ADMIN_GROUP),
        api.press(CLERK2, maryam.card_id, f"req:confirm:{maryam.id}", chat_id=ADMIN_GROUP),
    ]
    answers = [str((await api.wait_for_callback_answer(q))["text"]) for q in queries]
    assert sorted("انجام شد" in a for a in answers) == [False, True], answers
    loser = answers[0] if "انجام شد" not in answers[0] else answers[1]
    assert "امکان نگه‌داشتن اتاق نیست" in loser and "اتاق خالی نمانده" in loser
    assert sorted([await status(bot, ali), await status(bot, maryam)]) == ["held", "submitted"]
    assert await bot.env.db.fetchval("SELECT COUNT(*) FROM guesthouse_nights") == 2


async def test_no_overbooking_even_when_both_moves_run_concurrently_and_the_schema_refuses_a_double(
    api: BotApiServer, bot: Bot, office: dt.date
) -> None:
    await onboard(api, ALI)
    await onboard(api, MARYAM)
    day = office + dt.timedelta(days=9)
    ali = await book(api, bot, ALI[0], "tiny", day)
    maryam = await book(api, bot, MARYAM[0], "tiny", day)
    results = await asyncio.gather(
        *(
            act_on_request(bot.env, request_id=b.id, action="confirm", actor=c, actor_name="x")
            for b, c in ((ali, CLERK), (maryam, CLERK2))
        ),
        return_exceptions=True,
    )
    refused = [r for r in results if isinstance(r, gs.DayRefused)]
    assert len(refused) == 1 and refused[0].code == Refusal.FULL
    assert await bot.env.db.fetchval("SELECT COUNT(*) FROM guesthouse_nights") == 2
    # and whatever the code did, the table itself refuses a second holder of a room night
    room = await bot.env.db.fetchval("SELECT room_id FROM guesthouse_nights LIMIT 1")
    loser = maryam if await status(bot, maryam) == "submitted" else ali
    with pytest.raises(sqlite3.IntegrityError):
        async with bot.env.db.transaction() as tx:
            await hold_nights(tx, loser.id, room, [day])
    assert await bot.env.db.fetchval("SELECT COUNT(*) FROM guesthouse_nights") == 2


# --- roles --------------------------------------------------------------------------------------------------


async def test_strangers_and_clerks_of_other_services_are_refused(
    api: BotApiServer, bot: Bot, office: dt.date
) -> None:
    await grant(bot, HEAD, "clerk", "loan")
    await onboard(api, ALI)
    booking = await book(api, bot, ALI[0], "mashhad", office + dt.timedelta(days=10))
    for outsider in (STRANGER, HEAD):
        assert await press(api, outsider, card(api, booking), "req:confirm:") == admin_t.ADMIN_NO_ROLE
        assert await press(api, outsider, card(api, booking), "gh:propose:") == admin_t.ADMIN_NO_ROLE

    async def forged(data: str) -> str:
        query = api.press(CLERK, booking.card_id, data, chat_id=ADMIN_GROUP, forge=True)
        return str((await api.wait_for_callback_answer(query))["text"])

    assert await forged(f"req:propose:{booking.id}") == t.STALE_BUTTON  # dates are needed: only gh:propose
    assert await forged(f"req:expire:{booking.id}") == admin_t.ADMIN_NO_ROLE  # timers only
    assert await forged(f"req:verify:{booking.id}") == admin_t.ADMIN_ALREADY_HANDLED.format(
        status=t.STATUS_LABELS["submitted"]
    )
    # the employee cannot press the clerks' buttons either, even from inside the group
    api.add_member(ADMIN_GROUP, ALI[0])
    query = api.press(ALI[0], booking.card_id, f"req:confirm:{booking.id}", chat_id=ADMIN_GROUP, forge=True)
    assert (await api.wait_for_callback_answer(query))["text"] == admin_t.ADMIN_NO_ROLE
    assert await status(bot, booking) == "submitted"
    assert await nights(bot, booking) == []


async def test_one_stay_per_kind_and_year(api: BotApiServer, bot: Bot, office: dt.date) -> None:
    await onboard(api, ALI)
    day = office + dt.timedelta(days=10)
    await book(api, bot, ALI[0], "mashhad", day)
    # another day of the same Jalali year (one of day +/- 5 is, whatever today is)
    other = day + dt.timedelta(days=5)
    if gh.jalali_year(other) != gh.jalali_year(day):
        other = day - dt.timedelta(days=5)
    sent = api.send_text(ALI[0], gh_t.MENU_GUESTHOUSE)
    ask = await api.wait_for_text(ALI[0], "کدام زائرسرا", after=sent["message_id"])
    await press(api, ALI[0], ask, "gh:house:mashhad")
    shown = await _edited(api, ALI[0], ask, lambda m: "روز ورود" in m["text"])
    offered = [parse_day(d.rsplit(":", 1)[1]) for d in _datas(shown) if d.startswith("gh:day:")]
    assert all(d is not None and gh.jalali_year(d) != gh.jalali_year(day) for d in offered)
    query = api.press(ALI[0], shown["message_id"], f"gh:day:{gs.jalali_arg(other)}", forge=True)
    assert "سهمیه" in str((await api.wait_for_callback_answer(query))["text"])
    await press(api, ALI[0], shown, "gh:cancel")
    # the other kind is not affected
    await book(api, bot, ALI[0], "tiny", day)


# --- reminders and the operator's day -----------------------------------------------------------------------


async def test_reminders_fire_on_the_right_jalali_day_and_hour_and_the_operator_sees_today(
    api: BotApiServer, bot: Bot, office: dt.date
) -> None:
    await onboard(api, ALI)
    day = office + dt.timedelta(days=3)
    booking = await book_to_voucher(api, bot, ALI[0], "mashhad", day)
    rows = await bot.env.db.fetchall(
        "SELECT kind, due_at FROM reminders WHERE request_id = ? AND status = 'pending' ORDER BY due_at",
        (booking.id,),
    )
    due = {r["kind"]: dt.datetime.fromisoformat(r["due_at"]) for r in rows}
    assert due == {
        "gh_eve": local(day - dt.timedelta(days=1), 18),
        "gh_morning": local(day, 9),
        "gh_start": local(day, 14),
        "gh_checkout": local(day + dt.timedelta(days=3), 8),
    }
    assert [r["kind"] for r in rows] == ["gh_eve", "gh_morning", "gh_start", "gh_checkout"]

    sent = api.send_text(OPERATOR, "/today")
    today = await api.wait_for_text(OPERATOR, "امروز", after=sent["message_id"])
    assert "ورودها (۰)" in today["text"] and booking.code not in today["text"]

    advance_to(bot, due["gh_eve"])
    eve = await api.wait_for_text(ALI[0], "یادآوری: فردا")
    assert gs_text.day_label(day) in eve["text"] and "شناسنامه" in eve["text"]
    shown = bot.clock.now().astimezone(TEHRAN)
    assert (shown.date(), shown.hour) == (day - dt.timedelta(days=1), 18)

    advance_to(bot, due["gh_morning"])
    morning = await api.wait_for_text(ALI[0], "امروز روز ورود شماست")
    assert "ساعت ۱۴:۰۰" in morning["text"] and "اتاق 101" in morning["text"]
    sent = api.send_text(OPERATOR, "/today")
    today = await api.wait_for_text(OPERATOR, "ورودها (۱)", after=sent["message_id"])
    assert booking.code in today["text"] and "علی رضایی" in today["text"] and "خروج‌ها (۰)" in today["text"]
    assert gs_text.day_label(day) in today["text"]

    advance_to(bot, due["gh_start"])

    async def done() -> bool:
        return await status(bot, booking) == "done"

    await eventually(done)
    advance_to(bot, due["gh_checkout"])
    checkout = await api.wait_for_text(ALI[0], "امروز روز خروج است")
    assert "تا ساعت ۱۰:۰۰" in checkout["text"]
    sent = api.send_text(OPERATOR, "/today")
    today = await api.wait_for_text(OPERATOR, "خروج‌ها (۱)", after=sent["message_id"])
    assert booking.code in today["text"]
    fired = await bot.env.db.fetchall(
        "SELECT kind FROM reminders WHERE request_id = ? AND status = 'fired'", (booking.id,)
    )
    assert sorted(r["kind"] for r in fired) == ["gh_checkout", "gh_eve", "gh_morning", "gh_start"]
    # the payment deadline was called off when the receipt came
    assert (
        await bot.env.db.fetchval(
            "SELECT status FROM reminders WHERE request_id = ? AND kind = 'gh_hold'", (booking.id,)
        )
        == "cancelled"
    )


async def test_today_is_for_operators_only_and_each_sees_their_own_house(
    api: BotApiServer, bot: Bot, office: dt.date
) -> None:
    await onboard(api, ALI)
    for outsider in (STRANGER, ALI[0]):  # not onboarded, and an employee without the role
        sent = api.send_text(outsider, "/today")
        await api.wait_for_text(outsider, "ویژه متصدیان", after=sent["message_id"])
    sent = api.send_text(OTHER_OPERATOR, "/today")
    today = await api.wait_for_text(OTHER_OPERATOR, "ساحل", after=sent["message_id"])
    assert "امام رضا" not in today["text"]


async def test_a_request_never_handled_lapses_at_check_in(
    api: BotApiServer, bot: Bot, office: dt.date
) -> None:
    await onboard(api, ALI)
    day = office + dt.timedelta(days=2)
    booking = await book(api, bot, ALI[0], "mashhad", day)
    advance_to(bot, local(day, 14))
    await api.wait_for_text(ALI[0], "روز ورود فرارسید")
    assert await status(bot, booking) == "expired"


# --- configuration ------------------------------------------------------------------------------------------


async def test_the_example_office_file_configures_houses_and_operators(db_path: Path) -> None:
    data = read_config(ROOT / "examples" / "office.toml")
    now = dt.datetime.now(dt.UTC)
    async with Database(db_path) as db:
        counts = await apply_config(db, services_of(), {"guesthouses": data["guesthouses"]}, now)
        assert counts == {"guesthouses": 3}
        roles = await db.fetchall("SELECT user_id, role, scope FROM roles ORDER BY user_id")
        assert [tuple(r) for r in roles] == [
            (700001, "guesthouse_operator", "mashhad"),
            (700002, "guesthouse_operator", "qom"),
            (700003, "guesthouse_operator", "kish"),
        ]
        # applying again with another operator and one house fewer: the old operator loses the role
        changed = [dict(data["guesthouses"][0], operator=700009), data["guesthouses"][1]]
        await apply_config(db, services_of(), {"guesthouses": changed}, now)
        roles = await db.fetchall("SELECT user_id, scope FROM roles ORDER BY user_id")
        assert [tuple(r) for r in roles] == [(700002, "qom"), (700003, "kish"), (700009, "mashhad")]
        assert await db.fetchval("SELECT active FROM guesthouses WHERE key = 'kish'") == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "hotel"}, "hotel"),
        ({"prices": {"1": 10}}, "no price for 2"),
        ({"rooms": []}, "at least one room"),
        ({"check_in": "25:00"}, "HH:MM"),
        ({"closed": ["1404/02/40"]}, "not a date"),
        ({"hold_hours": 0}, "hold_hours"),
        ({"operator": "someone"}, "operator"),
        ({"colour": "blue"}, "unknown field"),
        ({"key": "Bad Key"}, "key"),
    ],
)
async def test_bad_configuration_is_refused_whole(
    db_path: Path, change: dict[str, Any], message: str
) -> None:
    good = dict(TINY)
    async with Database(db_path) as db:
        with pytest.raises(ValueError, match=message):
            await apply_config(
                db,
                services_of(),
                {"guesthouses": [good, {**good, "key": "other", **change}]},
                dt.datetime.now(dt.UTC),
            )
        assert await db.fetchval("SELECT COUNT(*) FROM guesthouses") == 0
