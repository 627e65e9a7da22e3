"""One sending budget, through the real bot, against a local server that enforces Telegram's flood limits.

The limits are Telegram's shapes on shorter windows (so a test takes seconds, not minutes); the bot's budget
and the server's flood control are given the same ones, and the server answers 429 past them.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.budget import Limits, Rule
from localapi.limits import FloodControl, Limit
from localapi.server import BotApiServer
from services.clock import Clock
from storage import outbox
from tests.e2e.flows import onboard, press
from tests.e2e.harness import ADMIN_GROUP, ALI, Bot, make_settings
from texts import booklet as booklet_t

#: Per chat a burst of three per 0.6 s, five per 2 s to a group, ten per 0.5 s overall.
TIGHT = Limits(chat=Rule(3, 0.6), group=Rule(5, 2.0), overall=Rule(10, 0.5), margin=0.1)
SERVER = (
    Limit("chat", 3, 0.6),
    Limit("group", 5, 2.0, groups_only=True),
    Limit("overall", 10, 0.5, scope="bot"),
)
HELP = "راهنمای ربات"
PEOPLE = range(5001, 5021)


@pytest.fixture
async def enforced(api: BotApiServer, db_path: Path) -> Bot:
    """The bot on the tight budget, against the server enforcing the same limits."""
    api.flood = FloodControl(SERVER, enforce=True)
    for uid in PEOPLE:
        api.add_user(uid, f"Employee {uid}")
    return Bot(api, make_settings(api, db_path), Clock(), limits=TIGHT)


async def owe(bot: Bot, rows: list[tuple[int, str]]) -> None:
    """Queue owed messages as a service would, and wake the sender."""
    env = bot.env
    async with env.db.transaction() as tx:
        for chat_id, text in rows:
            await outbox.enqueue(
                tx, chat_id=chat_id, method="sendMessage", payload={"text": text}, now=env.clock.now()
            )
    env.wake_outbox()


async def drained(bot: Bot, seconds: float = 20.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if not await bot.env.db.fetchval("SELECT COUNT(*) FROM outbox WHERE status = 'pending'"):
            return
        await asyncio.sleep(0.05)
    raise TimeoutError("the outbox did not drain")


def delivered(api: BotApiServer, chat_id: int, text: str) -> int:
    return sum(
        1
        for c in api.calls_to("sendMessage", ok=True)
        if int(c.params["chat_id"]) == chat_id and text in str(c.params.get("text", ""))
    )


def refused(api: BotApiServer) -> list[str]:
    return [f"{c.method} {c.params.get('chat_id')}" for c in api.calls if c.status == 429]


async def test_owed_messages_and_replies_share_the_budget_without_a_429(
    api: BotApiServer, enforced: Bot
) -> None:
    await enforced.start()
    try:
        await onboard(api, ALI)
        owed = [(uid, f"notice {uid}") for uid in PEOPLE]
        owed += [(ADMIN_GROUP, f"card {i}") for i in range(7)] + [(ALI[0], f"receipt {i}") for i in range(3)]
        await owe(enforced, owed)
        # meanwhile Ali uses the bot: help three times, then a service and a button
        for _ in range(3):
            sent = api.send_text(ALI[0], "/help")
            await api.wait_for_text(ALI[0], HELP, after=sent["message_id"])
        sent = api.send_text(ALI[0], booklet_t.MENU_BOOKLET_DUPLICATE)
        ask = await api.wait_for_text(ALI[0], "برای چه کسی", after=sent["message_id"])
        await press(api, ALI[0], ask, "bk:person:0")
        await api.wait_for_text(ALI[0], "تصویر کارت ملی")
        await drained(enforced)
    finally:
        await enforced.stop()
    assert refused(api) == []
    assert api.flood is not None and api.flood.violations == {}
    assert delivered(api, ALI[0], HELP) == 3  # no reply dropped, none doubled
    for chat_id, text in owed:
        assert delivered(api, chat_id, text) == 1, (chat_id, text)
    # the group's seven cards took the group's window: five, then two once the first had left it
    cards = [c.time for c in api.calls_to("sendMessage", ok=True) if int(c.params["chat_id"]) == ADMIN_GROUP]
    assert len(cards) == 7 and cards[5] - cards[0] >= 2.0


@pytest.mark.parametrize(("faults", "handed_off"), [(2, 0), (6, 1)])
async def test_a_reply_that_meets_server_errors_reaches_the_user_once(
    api: BotApiServer, enforced: Bot, faults: int, handed_off: int
) -> None:
    await enforced.start()
    try:
        await onboard(api, ALI)
        api.inject_fault("sendMessage", status=502, retry_after=None, times=faults, chat_id=ALI[0])
        api.send_text(ALI[0], "/help")
        await api.wait_for_text(ALI[0], HELP, timeout=10)
        await drained(enforced)
        await asyncio.sleep(0.2)
        replies = await enforced.env.db.fetchval("SELECT COUNT(*) FROM outbox WHERE purpose = 'reply'")
    finally:
        await enforced.stop()
    assert len([c for c in api.calls_to("sendMessage") if c.status == 502]) == faults
    assert delivered(api, ALI[0], HELP) == 1
    assert replies == handed_off  # four attempts in the reply, then the outbox's own retries


async def test_a_restart_does_not_burst_a_group_past_its_window(api: BotApiServer, enforced: Bot) -> None:
    await enforced.start()
    try:
        await owe(enforced, [(ADMIN_GROUP, f"card {i}") for i in range(5)])
        await drained(enforced)
        await enforced.restart()  # a new budget: it must read the five sends back
        await owe(enforced, [(ADMIN_GROUP, f"card {i}") for i in range(5, 8)])
        await drained(enforced)
    finally:
        await enforced.stop()
    assert refused(api) == []
    cards = [c.time for c in api.calls_to("sendMessage", ok=True) if int(c.params["chat_id"]) == ADMIN_GROUP]
    assert len(cards) == 8 and cards[5] - cards[0] >= 2.0
