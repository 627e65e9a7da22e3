"""``python -m bench.broadcast``: the outbox owes N messages to N chats while M employees use the bot.

The local server enforces Telegram's flood limits (``localapi.limits``: a 429 past them) and the bot runs on
Telegram's own limits (``bot.budget.TELEGRAM``), so the figures are what Telegram would see: delivered
messages a second and their ratio to Telegram's 30 a second, 429s, violations, owed messages lost or sent
twice, and how long the employees wait for their replies. Short by default; ``--messages 10000`` for the
full run. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import datetime as dt
import random
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from bot.budget import TELEGRAM
from domain.validators import national_id_check_digit
from localapi.limits import FloodControl, sends_message
from localapi.server import BotApiServer
from services.clock import Clock
from services.employee_import import parse_registry
from services.employees import import_registry
from storage import outbox
from storage.db import Database
from tests.e2e.flows import onboard
from tests.e2e.harness import Bot, make_settings
from texts import booklet as booklet_t
from texts import common as t

TELEGRAM_RATE = 30.0
BASELINE_SECONDS = 8.0
FIRST_CHAT = 100_000
FIRST_EMPLOYEE = 7_000
HELP = t.HELP.split("\n", 1)[0][:12]  # the start of the /help answer
SHEBA = "IR050170000000123456789012"
HEADER = ["personnel_no", "national_id", "first_name", "last_name", "mobile", "status"]
HEADER += ["hire_date", "fund_member_since", "fund_debt", "sheba"]


def employees(count: int) -> list[tuple[int, str, str]]:
    """``count`` people ``(user id, mobile, national id)`` for the registry and the server."""
    people = []
    for i in range(count):
        first_nine = f"{100_000_000 + i:09d}"
        national_id = first_nine + str(national_id_check_digit(first_nine))
        people.append((FIRST_EMPLOYEE + i, f"0912{3_000_000 + i:07d}", national_id))
    return people


async def load_people(db_path: Path, people: list[tuple[int, str, str]], folder: Path) -> None:
    """A registry of just these people."""
    path = folder / "employees.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for i, (_, mobile, national_id) in enumerate(people):
            out.writerow(
                [
                    5000 + i,
                    national_id,
                    "Bench",
                    f"Employee{i}",
                    mobile,
                    "employed",
                    "1390/06/01",
                    "",
                    "0",
                    SHEBA,
                ]
            )
    result = parse_registry(path)
    assert result.ok, result.errors
    async with Database(db_path) as db:
        await import_registry(db, result, dt.datetime.now(dt.UTC))


async def owe(bot: Bot, count: int) -> None:
    """Queue ``count`` owed messages, one to each of ``count`` chats, as services would."""
    env = bot.env
    async with env.db.transaction() as tx:
        for i in range(count):
            await outbox.enqueue(
                tx,
                chat_id=FIRST_CHAT + i,
                method="sendMessage",
                payload={"text": f"owed {i}"},
                now=env.clock.now(),
            )
    env.wake_outbox()


async def employee(
    api: BotApiServer, uid: int, until: asyncio.Event, rng: random.Random, think: tuple[float, float]
) -> list[tuple[str, float | None]]:
    """Ask for help, or open a service and press its cancel button, again and again until ``until``.

    Returns each action with the seconds it waited for the bot's reply (None: none within 10 s).
    """
    waits: list[tuple[str, float | None]] = []
    while not until.is_set():
        action = "help" if rng.random() < 0.5 else "open"
        start = time.perf_counter()
        try:
            if action == "help":
                sent = api.send_text(uid, "/help")
                await api.wait_for_text(uid, HELP, after=sent["message_id"], timeout=10)
            else:
                sent = api.send_text(uid, booklet_t.MENU_BOOKLET_DUPLICATE)
                ask = await api.wait_for_text(
                    uid, booklet_t.BOOKLET_ASK_PERSON[:20], after=sent["message_id"], timeout=10
                )
                waits.append((action, time.perf_counter() - start))
                await asyncio.sleep(rng.uniform(*think))
                action, start = "press", time.perf_counter()
                api.press(uid, ask["message_id"], "bk:cancel")
                await api.wait_for_text(uid, t.CANCELLED, after=ask["message_id"], timeout=10)
            waits.append((action, time.perf_counter() - start))
        except TimeoutError:
            waits.append((action, None))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(until.wait(), rng.uniform(*think))
    return waits


async def use(
    api: BotApiServer, people: list[tuple[int, str, str]], rng: random.Random, think: tuple[float, float]
) -> tuple[asyncio.Event, asyncio.Future[list[list[tuple[str, float | None]]]]]:
    """Every employee at work until the event is set; the future gathers their waits."""
    until = asyncio.Event()
    return until, asyncio.gather(*(employee(api, uid, until, rng, think) for uid, _, _ in people))


async def pending(bot: Bot) -> int:
    """Owed messages not yet sent."""
    return int(await bot.env.db.fetchval("SELECT COUNT(*) FROM outbox WHERE status = 'pending'"))


def quantiles(waits: list[tuple[str, float | None]], action: str | None = None) -> tuple[float, float, int]:
    """p50 and p95 of the answered waits (of one action, or all) in ms, and how many went unanswered."""
    answered = sorted(w for a, w in waits if w is not None and action in (None, a))
    unanswered = sum(1 for a, w in waits if w is None and action in (None, a))
    if len(answered) < 2:
        return float("nan"), float("nan"), unanswered
    return statistics.median(answered) * 1000, statistics.quantiles(answered, n=20)[18] * 1000, unanswered


async def run(messages: int, people_count: int, think: tuple[float, float], seed: int) -> None:
    """Measure the replies without load, then run one broadcast with the employees at work; print figures."""
    rng = random.Random(seed)
    people = employees(people_count)
    settle = TELEGRAM.chat.window + TELEGRAM.margin  # the chats' windows empty again
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        await load_people(db, people, Path(tmp))
        async with BotApiServer() as api:
            flood = api.flood = FloodControl(enforce=True)
            for uid, mobile, _ in people:
                api.add_user(uid, "Bench", phone=mobile)
            for i in range(messages):
                api.add_user(FIRST_CHAT + i, f"Reader {i}")
            bot = Bot(api, make_settings(api, db), Clock(), limits=TELEGRAM)
            await bot.start()
            try:
                await asyncio.gather(*(onboard(api, person) for person in people))
                await asyncio.sleep(settle)
                until, working = await use(api, people, rng, think)
                await asyncio.sleep(BASELINE_SECONDS)
                until.set()
                baseline = [w for waits in await working for w in waits]
                await asyncio.sleep(settle)
                flood.reset()
                before = len(api.calls)
                start = time.perf_counter()
                await owe(bot, messages)
                until, working = await use(api, people, rng, think)
                while await pending(bot):  # noqa: ASYNC110 - polls another task's progress
                    await asyncio.sleep(0.1)
                elapsed = time.perf_counter() - start
                until.set()
                loaded = [w for waits in await working for w in waits]
            finally:
                await bot.stop()
    calls = [c for c in api.calls[before:] if c.time <= api.calls[before].time + elapsed]
    owed = Counter(
        str(c.params.get("text"))
        for c in calls
        if c.method == "sendMessage" and c.ok and str(c.params.get("text", "")).startswith("owed ")
    )
    lost = sum(1 for i in range(messages) if owed[f"owed {i}"] == 0)
    doubled = sum(1 for n in owed.values() if n > 1)
    counted = sum(1 for c in calls if c.ok and sends_message(c.method))
    rate, total = messages / elapsed, counted / elapsed
    print(f"date                        {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"owed messages               {messages}, one to each of {messages} chats")
    print(f"employees using the bot     {people_count}, each acting every {think[0]:g}-{think[1]:g} s")
    print(f"drained in                  {elapsed:7.2f} s")
    print(f"owed delivery rate          {rate:7.2f} msg/s   ratio {rate / TELEGRAM_RATE:4.2f} of 30 msg/s")
    print(f"all sends (owed + replies)  {total:7.2f} msg/s   ratio {total / TELEGRAM_RATE:4.2f} of 30 msg/s")
    print(f"429 answers                 {sum(1 for c in calls if c.status == 429):7d}")
    print(f"limit violations            {flood.total_violations:7d}   {dict(flood.violations)}")
    print(f"owed lost / sent twice      {lost:7d} / {doubled}")
    p50, p95, unanswered = quantiles(loaded)
    b50, b95, _ = quantiles(baseline)  # the same employees, no broadcast
    print(f"interactive actions         {len(loaded):7d}   unanswered within 10 s: {unanswered}")
    print(f"interactive wait, p50       {p50:7.0f} ms   baseline {b50:5.0f} ms, ratio {p50 / b50:4.1f}x")
    print(f"interactive wait, p95       {p95:7.0f} ms   baseline {b95:5.0f} ms, ratio {p95 / b95:4.1f}x")
    for action in ("help", "open", "press"):
        a50, a95, _ = quantiles(loaded, action)
        print(f"  {action:<6} p50 {a50:6.0f} ms   p95 {a95:6.0f} ms")


def main() -> None:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(prog="python -m bench.broadcast", description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300, help="owed messages, one per chat (default 300)")
    parser.add_argument("--employees", type=int, default=20, help="employees using the bot (default 20)")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(2.0, 4.0),
        metavar=("MIN", "MAX"),
        help="seconds an employee takes before each action, drawn uniformly (default 2 4)",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the employees' think times")
    args = parser.parse_args()
    asyncio.run(run(args.messages, args.employees, (args.think[0], args.think[1]), args.seed))


if __name__ == "__main__":
    main()
