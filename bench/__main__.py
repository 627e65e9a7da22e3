"""``python -m bench``: how fast the real bot answers, and how fast the outbox drains, against baselines.

Every figure is printed beside a baseline measured in the same run on the same machine, so the ratio, not
the absolute number, is what to compare between runs. Nothing here is asserted.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from telegram import Bot as PTBBot

from localapi.server import BotApiServer
from services.clock import Clock
from storage import outbox
from tests.e2e.flows import onboard
from tests.e2e.harness import ALI, Bot, load_registry, make_settings

ROUND_TRIPS = 200
OUTBOX_ROWS = 500


async def _baseline_round_trip(api: BotApiServer) -> float:
    """Seconds per raw sendMessage through PTB's Bot to the local server: the floor of any reply."""
    async with PTBBot(api.token, base_url=api.base_url, base_file_url=api.file_base_url) as raw:
        start = time.perf_counter()
        for _ in range(ROUND_TRIPS):
            await raw.send_message(ALI[0], "ping")
        return (time.perf_counter() - start) / ROUND_TRIPS


async def _bot_round_trip(api: BotApiServer) -> list[float]:
    """Seconds from a message to the bot's reply, through the whole bot (gate, handler, persistence)."""
    samples = []
    for _ in range(ROUND_TRIPS):
        sent = api.send_text(ALI[0], "/help")
        start = time.perf_counter()
        await api.wait_for_text(ALI[0], "/", after=sent["message_id"])
        samples.append(time.perf_counter() - start)
    return samples


async def _outbox_drain(bot: Bot) -> tuple[float, int]:
    """Seconds to deliver OUTBOX_ROWS queued messages to one group-free set of chats, and peak memory."""
    env = bot.env
    tracemalloc.start()
    async with env.db.transaction() as tx:
        for i in range(OUTBOX_ROWS):
            await outbox.enqueue(
                tx, chat_id=ALI[0], method="sendMessage", payload={"text": f"n{i}"}, now=env.clock.now()
            )
    start = time.perf_counter()
    env.wake_outbox()
    while await env.db.fetchval("SELECT COUNT(*) FROM outbox WHERE status = 'pending'"):  # noqa: ASYNC110 - polls another task's progress
        await asyncio.sleep(0.01)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak


async def main() -> None:
    """Run every benchmark and print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        await load_registry(db)
        async with BotApiServer() as api:
            api.add_user(ALI[0], "Ali", phone=ALI[1])
            harness = Bot(api, make_settings(api, db), Clock())
            await harness.start()
            try:
                await onboard(api, ALI)
                baseline = await _baseline_round_trip(api)
                samples = await _bot_round_trip(api)
                drain, peak = await _outbox_drain(harness)
            finally:
                await harness.stop()
    median = statistics.median(samples)
    p95 = statistics.quantiles(samples, n=20)[18]
    print(f"date                        {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"raw sendMessage (baseline)  {baseline * 1000:7.2f} ms")
    print(f"bot reply, median           {median * 1000:7.2f} ms   ratio {median / baseline:5.1f}x baseline")
    print(f"bot reply, p95              {p95 * 1000:7.2f} ms   ratio {p95 / baseline:5.1f}x baseline")
    per_row = drain / OUTBOX_ROWS
    print(
        f"outbox drain, {OUTBOX_ROWS} rows       {drain:7.2f} s    {per_row * 1000:.2f} ms/row, "
        f"ratio {per_row / baseline:5.1f}x baseline (with the tests' fast limits, not Telegram's)"
    )
    print(f"outbox drain, peak memory   {peak / 1024:7.0f} KiB (tracemalloc)")


if __name__ == "__main__":
    asyncio.run(main())
