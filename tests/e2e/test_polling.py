"""Refah's polling: an update is confirmed only once handled; an unparsable one is set aside, not retried."""

from __future__ import annotations

import asyncio
import logging
import signal
import sqlite3
from pathlib import Path

import pytest

from bot import polling
from bot.app import build_application
from localapi.server import BotApiServer
from services.clock import Clock
from tests.e2e.flows import PDF, onboard, press
from tests.e2e.harness import ADMIN_GROUP, ALI, MARYAM, STRANGER, Bot, make_settings, spawn_bot

ASK_CONTACT = "شماره تلفن همراه خود را بفرستید"


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(sql).fetchone()[0])


def _sent(api: BotApiServer, chat_id: int, text: str) -> int:
    return sum(
        1
        for c in api.calls_to("sendMessage", ok=True)
        if int(c.params["chat_id"]) == chat_id and text in str(c.params.get("text", ""))
    )


async def _stop(process: asyncio.subprocess.Process, sig: signal.Signals = signal.SIGTERM) -> int:
    if process.returncode is None:
        process.send_signal(sig)
        try:
            await asyncio.wait_for(process.wait(), timeout=20)
        except TimeoutError:
            process.kill()
            await process.wait()
    assert process.returncode is not None
    return process.returncode


async def test_an_update_killed_mid_handling_is_handled_after_restart_once(
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
        sent = api.send_document(ALI[0], PDF, "card.pdf", "application/pdf")
        got = await api.wait_for_text(ALI[0], "دریافت شد", after=sent["message_id"])
        await press(api, ALI[0], got, "bk:done")
        review = await api.wait_for_text(ALI[0], "لطفاً بررسی کنید")
        # The press is fetched; its handler first answers it, and Telegram says "retry after 20 s": the
        # handler waits there, before anything is submitted, and the process is killed meanwhile.
        api.inject_fault("answerCallbackQuery", status=429, retry_after=20)  # within the limiter's patience
        data = next(
            b["callback_data"]
            for row in review["reply_markup"]["inline_keyboard"]
            for b in row
            if b["callback_data"].startswith("bk:ok:")
        )
        api.press(ALI[0], review["message_id"], data)
        await api.wait_until(lambda: any(c.status == 429 for c in api.calls_to("answerCallbackQuery")))
        await asyncio.sleep(0.5)  # time enough for a next getUpdates, had the bot asked for one
        confirm_id = api.dump_updates()[-1]["update_id"]
        assert confirm_id in [u["update_id"] for u in api.pending_updates()], "confirmed before handled"
        process.send_signal(signal.SIGKILL)
        await process.wait()
        assert _count(db_path, "SELECT COUNT(*) FROM requests") == 0

        process = await spawn_bot(api, db_path, log)
        await api.wait_for_text(ALI[0], "کد رهگیری", timeout=15)
        await api.wait_for_text(ADMIN_GROUP, "المثنی", timeout=15)
        await asyncio.sleep(0.5)
        assert _count(db_path, "SELECT COUNT(*) FROM requests") == 1
        assert _sent(api, ALI[0], "کد رهگیری") == 1
        assert _sent(api, ADMIN_GROUP, "المثنی") == 1
        assert _count(db_path, f"SELECT COUNT(*) FROM processed_updates WHERE update_id = {confirm_id}") == 1
    finally:
        code = await _stop(process)
    assert code == 0  # SIGTERM stops it gracefully
    assert api.pending_updates() == []
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text[-3000:]


async def test_sigint_stops_the_bot_gracefully(api: BotApiServer, db_path: Path, tmp_path: Path) -> None:
    log = tmp_path / "bot.log"
    process = await spawn_bot(api, db_path, log)
    try:
        api.send_text(STRANGER, "/start")
        await api.wait_for_text(STRANGER, ASK_CONTACT, timeout=15)
    finally:
        code = await _stop(process, signal.SIGINT)
    assert code == 0
    assert "Traceback" not in log.read_text(errors="replace")


async def test_a_restarted_bot_polls_from_the_update_after_its_last(api: BotApiServer, bot: Bot) -> None:
    api.send_text(STRANGER, "/start")
    await api.wait_for_text(STRANGER, ASK_CONTACT)
    last = api.dump_updates()[-1]["update_id"]
    await bot.stop()
    before = len(api.calls_to("getUpdates"))
    await bot.start()
    await api.wait_until(lambda: len(api.calls_to("getUpdates")) > before)
    assert api.calls_to("getUpdates")[before].params.get("offset") == last + 1


async def test_stopping_ends_a_long_poll_at_once(api: BotApiServer, db_path: Path) -> None:
    poller = await polling.start(
        build_application(make_settings(api, db_path), clock=Clock()), poll_timeout=30
    )
    for _ in range(250):  # the server notifies no change while a long poll waits: look every 20 ms
        if any(c.status is None for c in api.calls_to("getUpdates")):
            break
        await asyncio.sleep(0.02)
    else:
        raise TimeoutError("no long poll")
    loop = asyncio.get_running_loop()
    started = loop.time()
    await polling.stop(poller)
    assert loop.time() - started < 3
    assert not poller.running
    assert all(c.status is not None for c in api.calls_to("getUpdates"))  # none left waiting on the server


def _broken_poll(user_id: int) -> dict[str, object]:
    """A message with a poll lacking what PTB requires (as a platform behind the Bot API may send)."""
    return {
        "message_id": 9000,
        "date": 1_700_000_000,
        "chat": {"id": user_id, "type": "private", "first_name": "Ali"},
        "from": {"id": user_id, "is_bot": False, "first_name": "Ali"},
        "poll": {"id": "5001", "question": "?", "options": [], "total_voter_count": 0},
    }


async def test_an_unparsable_update_is_set_aside_and_the_batch_handled(
    api: BotApiServer, bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    # one batch: the long poll wakes only after all three are queued
    api.send_text(MARYAM[0], "/start")
    poison = api.queue_raw_update("message", _broken_poll(ALI[0]))
    api.send_text(STRANGER, "/start")
    await api.wait_for_text(MARYAM[0], ASK_CONTACT)
    await api.wait_for_text(STRANGER, ASK_CONTACT)

    [dead] = await bot.env.db.fetchall("SELECT update_id, raw, error FROM dead_updates")
    assert dead["update_id"] == poison
    assert '"poll"' in dead["raw"] and "TypeError" in dead["error"]
    about = [
        r
        for r in caplog.records
        if r.name != "httpx" and (f"update {poison} " in r.getMessage() or "pars" in r.getMessage().lower())
    ]
    assert len(about) == 1 and about[0].levelno == logging.WARNING, [r.getMessage() for r in about]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

    # it is confirmed, and the loop does not spin: with a 1 s long poll, about one call a second
    await api.wait_until(lambda: poison not in [u["update_id"] for u in api.pending_updates()])
    calls = len(api.calls_to("getUpdates"))
    await asyncio.sleep(2)
    assert len(api.calls_to("getUpdates")) - calls <= 3
    assert _sent(api, ALI[0], "") == 0  # nothing was answered to the broken update
