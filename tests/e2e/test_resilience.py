"""Nothing is lost: restarts mid-conversation, a killed process, Telegram's 429 and 5xx, double presses."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
from pathlib import Path

import pytest

from localapi.server import BotApiServer
from tests.e2e.flows import PDF, onboard, press, submit_booklet
from tests.e2e.harness import ADMIN_GROUP, ALI, Bot, spawn_bot

ROOT = Path(__file__).resolve().parents[2]


def deliveries(api: BotApiServer, chat_id: int, text: str) -> int:
    """How many messages containing ``text`` Telegram accepted for ``chat_id``."""
    return sum(
        1
        for c in api.calls_to("sendMessage", ok=True)
        if int(c.params["chat_id"]) == chat_id and text in str(c.params.get("text", ""))
    )


async def test_restart_mid_conversation_resumes_at_the_same_step(api: BotApiServer, bot: Bot) -> None:
    await onboard(api, ALI)
    sent = api.send_text(ALI[0], "📘 المثنی دفترچه بیمه")
    ask = await api.wait_for_text(ALI[0], "برای چه کسی", after=sent["message_id"])
    await press(api, ALI[0], ask, "bk:person:1")  # the spouse
    await api.wait_for_text(ALI[0], "سارا رضایی")
    await bot.restart()
    sent = api.send_document(ALI[0], PDF, "card.pdf", "application/pdf")
    got = await api.wait_for_text(ALI[0], "دریافت شد", after=sent["message_id"])
    await press(api, ALI[0], got, "bk:done")
    review = await api.wait_for_text(ALI[0], "لطفاً بررسی کنید")
    assert "سارا رضایی" in review["text"]


def _processed(db: Path, update_id: int) -> bool:
    with sqlite3.connect(db) as conn:
        return (
            conn.execute("SELECT 1 FROM processed_updates WHERE update_id = ?", (update_id,)).fetchone()
            is not None
        )


async def _wait_processed(db: Path, update_id: int) -> None:
    for _ in range(200):
        if _processed(db, update_id):
            return
        await asyncio.sleep(0.05)
    raise TimeoutError(update_id)


async def test_killed_process_resumes_the_conversation_after_restart(
    api: BotApiServer, db_path: Path, tmp_path: Path
) -> None:
    log = tmp_path / "bot.log"
    process = await spawn_bot(api, db_path, log)
    try:
        await onboard(api, ALI)
        sent = api.send_text(ALI[0], "📘 المثنی دفترچه بیمه")
        ask = await api.wait_for_text(ALI[0], "برای چه کسی", after=sent["message_id"], timeout=15)
        await press(api, ALI[0], ask, "bk:person:0")
        await api.wait_for_text(ALI[0], "تصویر کارت ملی")
        await _wait_processed(db_path, api.dump_updates()[-1]["update_id"])
        process.send_signal(signal.SIGKILL)  # no shutdown, no final persistence write
        await process.wait()
        process = await spawn_bot(api, db_path, log)
        sent = api.send_document(ALI[0], PDF, "card.pdf", "application/pdf")
        got = await api.wait_for_text(ALI[0], "دریافت شد", after=sent["message_id"], timeout=15)
        await press(api, ALI[0], got, "bk:done")
        await api.wait_for_text(ALI[0], "لطفاً بررسی کنید")
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(process.wait(), timeout=15)
            except TimeoutError:
                process.kill()
                await process.wait()
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text[-3000:]


@pytest.mark.parametrize(("status", "retry_after"), [(429, 1), (500, None), (502, None)])
async def test_outbox_delivers_exactly_once_through_telegram_errors(
    api: BotApiServer, bot: Bot, status: int, retry_after: int | None
) -> None:
    await onboard(api, ALI)

    def faults() -> None:
        api.inject_fault("sendMessage", status=status, retry_after=retry_after, times=2, chat_id=ALI[0])
        api.inject_fault("sendMessage", status=status, retry_after=retry_after, times=2, chat_id=ADMIN_GROUP)

    card = await submit_booklet(api, ALI[0], before_confirm=faults)
    await api.wait_for_text(ALI[0], "کد رهگیری", timeout=10)
    failed = [c for c in api.calls_to("sendMessage") if c.status == status]
    assert len(failed) == 4
    assert deliveries(api, ALI[0], "کد رهگیری") == 1
    assert deliveries(api, ADMIN_GROUP, "المثنی") == 1

    async def all_sent() -> bool:
        return await bot.env.db.fetchval("SELECT COUNT(*) FROM outbox WHERE status != 'sent'") == 0

    for _ in range(50):
        if await all_sent():
            break
        await asyncio.sleep(0.05)
    assert await all_sent()
    assert card["message_id"] == await bot.env.db.fetchval("SELECT admin_message_id FROM requests")


async def test_outbox_resumes_after_restart_and_sends_once(api: BotApiServer, bot: Bot) -> None:
    await onboard(api, ALI)
    await submit_booklet(
        api,
        ALI[0],
        before_confirm=lambda: api.inject_fault("sendMessage", status=429, retry_after=30, chat_id=ALI[0]),
    )
    await api.wait_until(lambda: any(c.status == 429 for c in api.calls_to("sendMessage")))
    assert deliveries(api, ALI[0], "کد رهگیری") == 0
    # the bot goes down while the receipt is owed; a new process must send it, once
    await bot.stop()
    with sqlite3.connect(bot.settings.database_path) as conn:
        conn.execute("UPDATE outbox SET not_before = '2000-01-01T00:00:00+00:00' WHERE status = 'pending'")
    await bot.start()
    await api.wait_for_text(ALI[0], "کد رهگیری")
    await bot.restart()
    await asyncio.sleep(0.2)
    assert deliveries(api, ALI[0], "کد رهگیری") == 1


async def test_confirm_pressed_twice_creates_one_request(api: BotApiServer, bot: Bot) -> None:
    await onboard(api, ALI)
    sent = api.send_text(ALI[0], "📘 المثنی دفترچه بیمه")
    ask = await api.wait_for_text(ALI[0], "برای چه کسی", after=sent["message_id"])
    await press(api, ALI[0], ask, "bk:person:0")
    await api.wait_for_text(ALI[0], "تصویر کارت ملی")
    sent = api.send_document(ALI[0], PDF, "card.pdf", "application/pdf")
    got = await api.wait_for_text(ALI[0], "دریافت شد", after=sent["message_id"])
    await press(api, ALI[0], got, "bk:done")
    review = await api.wait_for_text(ALI[0], "لطفاً بررسی کنید")
    first = api.press(
        ALI[0],
        review["message_id"],
        next(b["callback_data"] for b in review["reply_markup"]["inline_keyboard"][0]),
    )
    second = api.press(
        ALI[0],
        review["message_id"],
        next(b["callback_data"] for b in review["reply_markup"]["inline_keyboard"][0]),
    )
    await api.wait_for_callback_answer(first)
    await api.wait_for_callback_answer(second)
    await api.wait_for_text(ALI[0], "کد رهگیری")
    await asyncio.sleep(0.2)
    assert await bot.env.db.fetchval("SELECT COUNT(*) FROM requests") == 1
    assert deliveries(api, ALI[0], "کد رهگیری") == 1
    assert deliveries(api, ADMIN_GROUP, "المثنی") == 1


async def test_forged_callback_data_is_answered_as_stale(api: BotApiServer, bot: Bot) -> None:
    await onboard(api, ALI)
    menu = api.last_bot_message(ALI[0])
    assert menu is not None
    for forged in ("req:approve:1", "bk:ok:deadbeefdeadbeef", "'; DROP TABLE requests; --", "my:view:999999"):
        query = api.press(ALI[0], menu["message_id"], forged, forge=True)
        answer = await api.wait_for_callback_answer(query)
        assert answer.get("show_alert") is True
    assert await bot.env.db.fetchval("SELECT COUNT(*) FROM requests") == 0


async def test_an_abandoned_conversation_times_out_and_says_so(api: BotApiServer, db_path: Path) -> None:
    from services.clock import Clock
    from tests.e2e.harness import make_settings

    harness = Bot(api, make_settings(api, db_path, CONVERSATION_TIMEOUT_MINUTES="0.01"), Clock())
    await harness.start()
    try:
        await onboard(api, ALI)
        sent = api.send_text(ALI[0], "📘 المثنی دفترچه بیمه")
        ask = await api.wait_for_text(ALI[0], "برای چه کسی", after=sent["message_id"])
        await api.wait_for_text(ALI[0], "بی‌پاسخ ماندن", after=ask["message_id"], timeout=5)
        # the old buttons are dead now
        answer = await press(api, ALI[0], ask, "bk:person:0")
        assert "معتبر نیست" in answer
    finally:
        await harness.stop()


async def test_a_restarted_bot_follows_the_clock_once(api: BotApiServer, bot: Bot) -> None:
    clock = bot.clock
    await bot.restart()
    await bot.restart()
    assert len(clock._listeners) == 1  # the stopped applications no longer listen
    await bot.stop()
    assert clock._listeners == []
