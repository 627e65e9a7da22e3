"""The local server's flood control: which calls count, the sliding windows at their edges, audit and 429s."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from localapi.limits import TELEGRAM_LIMITS, FloodControl, Limit, sends_message
from localapi.server import BotApiServer

ALI, SARA, GROUP = 1001, 1002, -100500


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def control(enforce: bool = False, limits: tuple[Limit, ...] = TELEGRAM_LIMITS) -> tuple[FloodControl, Clock]:
    clock = Clock()
    return FloodControl(limits, enforce=enforce, clock=clock), clock


@pytest.mark.parametrize(
    ("method", "counted"),
    [
        ("sendMessage", True),
        ("sendDocument", True),
        ("editMessageText", True),
        ("editMessageReplyMarkup", True),
        ("copyMessage", True),
        ("forwardMessage", True),
        ("answerCallbackQuery", False),
        ("sendChatAction", False),
        ("deleteMessage", False),
        ("getUpdates", False),
        ("getMe", False),
    ],
)
def test_which_calls_count(method: str, counted: bool) -> None:
    assert sends_message(method) is counted


def test_a_chat_gets_a_burst_of_three_then_waits_out_the_window() -> None:
    flood, clock = control()
    for _ in range(3):
        assert flood.check("sendMessage", ALI) is None
    clock.now += 2.999
    assert flood.check("sendMessage", ALI) is None  # audited, let through
    assert flood.violations == {"chat": 1}
    clock.now += 0.001
    assert flood.check("sendMessage", SARA) is None
    assert flood.violations == {"chat": 1}
    assert flood.sent == 5


def test_the_window_slides_and_its_edge_is_allowed() -> None:
    flood, clock = control(limits=(Limit("chat", 1, 1.0),))
    assert flood.check("sendMessage", ALI) is None
    clock.now += 1.0
    assert flood.check("sendMessage", ALI) is None  # exactly one window later
    clock.now += 0.999
    flood.check("sendMessage", ALI)
    assert flood.violations == {"chat": 1}


def test_a_group_gets_twenty_a_minute() -> None:
    flood, clock = control()
    for _ in range(20):
        flood.check("sendMessage", GROUP)
        clock.now += 2.0
    assert flood.violations == {}
    clock.now = 100.0 + 59.999
    flood.check("sendMessage", GROUP)
    assert flood.violations == {"group": 1}
    clock.now = 100.0 + 60.0 + 2.0  # the first two have left the window (the audited one stays in it)
    flood.check("sendMessage", GROUP)
    assert flood.violations == {"group": 1}
    flood.check("sendMessage", -7)  # another group
    assert flood.violations == {"group": 1}


def test_thirty_a_second_overall_and_free_callback_answers() -> None:
    flood, clock = control()
    for chat in range(30):
        flood.check("sendMessage", chat + 1)
    for _ in range(100):
        flood.check("answerCallbackQuery", None)
    flood.check("editMessageText", None)  # an inline message: counted overall only
    assert flood.violations == {"overall": 1}
    clock.now += 0.999
    flood.check("sendMessage", 99)
    assert flood.violations == {"overall": 2}  # the sends at +0 are still in the window
    clock.now += 0.001
    flood.check("sendMessage", 98)
    assert flood.total_violations == 2


def test_enforcing_answers_429_with_the_seconds_to_wait_and_does_not_count_the_refused() -> None:
    flood, clock = control(enforce=True, limits=(Limit("group", 2, 60.0, groups_only=True),))
    assert flood.check("sendMessage", GROUP) is None
    clock.now += 10.5
    assert flood.check("sendMessage", GROUP) is None
    fault = flood.check("sendMessage", GROUP)
    assert fault is not None
    assert fault.payload() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 50",
        "parameters": {"retry_after": 50},
    }
    assert (flood.sent, flood.refused, flood.violations) == (2, 1, {"group": 1})
    assert flood.check("sendMessage", ALI) is None  # private chats are not groups
    clock.now += 49.5
    assert flood.check("sendMessage", GROUP) is None
    flood.reset()
    assert (flood.sent, flood.refused, flood.violations) == (0, 0, {})


def test_a_retry_after_is_at_least_a_second() -> None:
    flood, _ = control(enforce=True, limits=(Limit("chat", 1, 0.1),))
    flood.check("sendMessage", ALI)
    fault = flood.check("sendMessage", ALI)
    assert fault is not None and fault.retry_after == 1


def test_scaled_limits() -> None:
    assert [limit.scaled(0.1).seconds for limit in TELEGRAM_LIMITS] == pytest.approx([0.3, 6.0, 0.1])


@pytest.fixture
async def api() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as server:
        server.add_user(ALI, "Ali")
        yield server


async def test_the_server_refuses_past_the_limits_when_enforcing(api: BotApiServer) -> None:
    api.flood = FloodControl((Limit("chat", 2, 60.0),), enforce=True)
    async with aiohttp.ClientSession() as session:
        statuses = []
        for i in range(3):
            async with session.post(f"{api.api_url}/sendMessage", json={"chat_id": ALI, "text": str(i)}) as r:
                statuses.append((r.status, (await r.json()).get("parameters")))
    assert statuses[:2] == [(200, None), (200, None)]
    assert statuses[2][0] == 429 and statuses[2][1]["retry_after"] >= 59
    assert [m["text"] for m in api.bot_messages(ALI)] == ["0", "1"]
    assert api.flood.violations == {"chat": 1}


async def test_an_injected_fault_comes_before_the_flood_control(api: BotApiServer) -> None:
    api.flood = FloodControl(enforce=True)
    api.inject_fault("sendMessage", status=500)
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{api.api_url}/sendMessage", json={"chat_id": ALI, "text": "x"}) as r,
    ):
        assert r.status == 500
    assert api.flood.sent == 0
