"""The outbox does not give up: 429s are not attempts, an hour of outage loses nothing, and a message
Telegram accepted is not sent again when marking it fails once."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from localapi.server import BotApiServer
from storage import outbox
from tests.e2e.harness import ADMIN_GROUP, Bot


async def _owe(bot: Bot, text: str) -> int:
    async with bot.env.db.transaction() as tx:
        row_id = await outbox.enqueue(
            tx, chat_id=ADMIN_GROUP, method="sendMessage", payload={"text": text}, now=bot.clock.now()
        )
    bot.env.wake_outbox()
    return row_id


async def _row(bot: Bot, row_id: int) -> dict[str, object]:
    row = await bot.env.db.fetchone("SELECT status, attempts FROM outbox WHERE id = ?", (row_id,))
    assert row is not None
    return {"status": row["status"], "attempts": row["attempts"]}


def _delivered(api: BotApiServer, text: str) -> int:
    return sum(1 for c in api.calls_to("sendMessage", ok=True) if c.params.get("text") == text)


async def _drive(api: BotApiServer, bot: Bot, row_id: int, step: dt.timedelta, limit: dt.timedelta) -> None:
    """Move the clock by ``step`` after each failed try until the row is sent (never dead on the way)."""
    started = bot.clock.now()
    while (row := await _row(bot, row_id))["status"] != "sent":
        assert row["status"] == "pending", row
        assert bot.clock.now() - started < limit, row
        calls = len(api.calls_to("sendMessage"))
        bot.clock.advance(step)
        bot.env.wake_outbox()
        await api.wait_until(lambda n=calls: len(api.calls_to("sendMessage")) > n)  # type: ignore[misc]
        await asyncio.sleep(0.02)  # the outcome's transaction


async def test_429s_are_not_attempts(api: BotApiServer, bot: Bot) -> None:
    api.inject_fault("sendMessage", status=429, retry_after=1, times=25, chat_id=ADMIN_GROUP)
    api.inject_fault("sendMessage", status=502, times=1, chat_id=ADMIN_GROUP)
    row_id = await _owe(bot, "after the flood")
    await _drive(api, bot, row_id, dt.timedelta(seconds=2), dt.timedelta(minutes=5))
    assert await _row(bot, row_id) == {"status": "sent", "attempts": 2}  # the 502, then the send
    assert _delivered(api, "after the flood") == 1


async def test_an_hour_of_outage_delays_owed_messages_but_loses_none(api: BotApiServer, bot: Bot) -> None:
    api.inject_fault("sendMessage", status=502, times=40, chat_id=ADMIN_GROUP)
    row_id = await _owe(bot, "after the outage")
    started = bot.clock.now()
    await _drive(api, bot, row_id, dt.timedelta(minutes=5), dt.timedelta(hours=6))
    assert bot.clock.now() - started > dt.timedelta(hours=1)
    assert await _row(bot, row_id) == {"status": "sent", "attempts": 41}
    assert _delivered(api, "after the outage") == 1


async def test_a_message_telegram_accepted_is_not_sent_again_when_marking_fails(
    api: BotApiServer, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = outbox.mark_sent
    failures = [OSError("disk I/O error")]

    async def flaky(*args: object, **kwargs: object) -> bool:
        if failures:
            raise failures.pop()
        return await real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(outbox, "mark_sent", flaky)
    row_id = await _owe(bot, "exactly once")
    await api.wait_until(lambda: _delivered(api, "exactly once") == 1)
    for _ in range(100):
        if (await _row(bot, row_id))["status"] == "sent":
            break
        await asyncio.sleep(0.05)
    assert (await _row(bot, row_id))["status"] == "sent"
    assert not failures
    bot.env.wake_outbox()
    await asyncio.sleep(0.3)
    assert _delivered(api, "exactly once") == 1
