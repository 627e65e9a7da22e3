"""The application's rate limiter: the budget's slot, 429 and 5xx retries, and the hand-off to the outbox."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from pathlib import Path
from typing import Any

import pytest
from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.budget import Budget, Limits, Priority
from bot.rate_limiter import BudgetRateLimiter, as_sent, outbox_hand_off, outbox_row
from services.clock import Clock
from services.kit import Env
from storage.db import Database
from tests.bot.test_budget import ALI, FakeTime

JSON = dict[str, Any]
SENT: JSON = {"message_id": 7, "date": 0, "chat": {"id": ALI, "type": "private"}, "text": "hi"}
MARKUP = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="x:ok")]])


class Telegram:
    """The callback PTB hands the limiter: answers with the scripted failures first, then ``SENT``."""

    def __init__(self, *failures: TelegramError) -> None:
        self.failures = list(failures)
        self.calls = 0

    async def __call__(self, endpoint: str, data: JSON, **_: Any) -> JSON:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return SENT


class HandOff:
    """Records what would have been queued in the outbox."""

    def __init__(self, accept: bool = True) -> None:
        self.accept = accept
        self.queued: list[tuple[str, JSON]] = []

    async def __call__(self, endpoint: str, data: JSON) -> bool:
        self.queued.append((endpoint, data))
        return self.accept


def limiter(time_: FakeTime, hand_off: HandOff | None = None) -> BudgetRateLimiter:
    budget = Budget(Limits(margin=0.0), monotonic=time_.monotonic, wall=time_.now, sleep=time_.sleep)
    return BudgetRateLimiter(
        budget, hand_off=hand_off, patience=30.0, monotonic=time_.monotonic, sleep=time_.sleep
    )


async def call(
    rl: BudgetRateLimiter,
    telegram: Telegram,
    endpoint: str = "sendMessage",
    data: JSON | None = None,
    priority: Priority | None = None,
) -> Any:
    data = {"chat_id": ALI, "text": "hi"} if data is None else data
    return await rl.process_request(telegram, (endpoint, data), {}, endpoint, data, priority)


def retry_after(seconds: int) -> RetryAfter:
    return RetryAfter(dt.timedelta(seconds=seconds))


async def test_a_reply_takes_its_slot_in_the_budget() -> None:
    time_ = FakeTime()
    rl = limiter(time_)
    await rl.initialize()
    for _ in range(4):
        assert await call(rl, Telegram()) == SENT
    assert time_.slept == [3.0]  # the fourth reply to one chat waits for the chat's window
    assert len(rl.budget.core.sends(ALI)) == 4
    await rl.shutdown()


async def test_answering_a_callback_query_spends_nothing() -> None:
    time_ = FakeTime()
    rl = limiter(time_)
    for _ in range(10):
        await call(rl, Telegram(), "answerCallbackQuery", {"callback_query_id": "1"})
    assert rl.budget.core.sends() == []
    assert time_.slept == []


async def test_a_429_waits_its_retry_after_and_tries_again() -> None:
    time_ = FakeTime()
    rl = limiter(time_)
    telegram = Telegram(retry_after(2), retry_after(3))
    assert await call(rl, telegram) == SENT
    assert telegram.calls == 3
    assert time_.slept == [2.0, 3.0]
    assert rl.budget.core.earliest(ALI, time_.mono) == time_.mono  # the hold has run out


async def test_a_429_holds_the_chat_for_the_outbox_too() -> None:
    time_ = FakeTime()
    rl = limiter(time_, HandOff())
    await call(rl, Telegram(retry_after(40)))  # beyond patience: handed off at once
    assert time_.slept == []
    assert await rl.budget.take(ALI) == pytest.approx(40.0)


@pytest.mark.parametrize(
    ("failures", "sleeps"),
    [
        ([NetworkError("Internal Server Error (500)")], [0.5]),
        ([NetworkError("Bad Gateway"), NetworkError("Bad Gateway")], [0.5, 1.0]),
        ([TimedOut(), NetworkError("x"), NetworkError("x")], [0.5, 1.0, 2.0]),
    ],
)
async def test_server_errors_are_retried_with_backoff(
    failures: list[TelegramError], sleeps: list[float]
) -> None:
    time_ = FakeTime()
    rl = limiter(time_)
    telegram = Telegram(*failures)
    assert await call(rl, telegram) == SENT
    assert time_.slept == sleeps


@pytest.mark.parametrize("error", [BadRequest("Bad Request: chat not found"), Forbidden("blocked")])
async def test_what_a_retry_cannot_fix_is_raised_at_once(error: TelegramError) -> None:
    time_ = FakeTime()
    hand_off = HandOff()
    rl = limiter(time_, hand_off)
    telegram = Telegram(error)
    with pytest.raises(type(error)):
        await call(rl, telegram)
    assert telegram.calls == 1
    assert hand_off.queued == []


async def test_a_reply_that_keeps_failing_goes_to_the_outbox() -> None:
    time_ = FakeTime()
    hand_off = HandOff()
    rl = limiter(time_, hand_off)
    telegram = Telegram(*[NetworkError("Internal Server Error (500)")] * 10)
    data = {"chat_id": ALI, "text": "hi", "reply_markup": MARKUP}
    result = await call(rl, telegram, data=data)
    assert telegram.calls == 4  # one try and three retries
    assert hand_off.queued == [("sendMessage", data)]
    message = Message.de_json(result, None)
    assert (message.message_id, message.chat.id, message.text) == (0, ALI, "hi")


async def test_without_a_hand_off_the_error_is_raised() -> None:
    time_ = FakeTime()
    rl = limiter(time_)
    with pytest.raises(NetworkError):
        await call(rl, Telegram(*[NetworkError("x")] * 10))


@pytest.mark.parametrize("endpoint", ["answerCallbackQuery", "sendChatAction"])
async def test_a_courtesy_call_that_keeps_failing_does_not_abort_its_handler(endpoint: str) -> None:
    """The spinner on a button may never stop; the submission behind it must still happen (found by chaos)."""
    time_ = FakeTime()
    rl = limiter(time_)
    data = (
        {"callback_query_id": "q"}
        if endpoint == "answerCallbackQuery"
        else {"chat_id": ALI, "action": "typing"}
    )
    assert await call(rl, Telegram(*[NetworkError("x")] * 10), endpoint, data) is True


async def test_a_hand_off_that_cannot_queue_the_call_raises_its_error() -> None:
    time_ = FakeTime()
    rl = limiter(time_, HandOff(accept=False))
    with pytest.raises(RetryAfter):
        await call(rl, Telegram(retry_after(60)))


async def test_retries_stop_at_patience() -> None:
    time_ = FakeTime()
    hand_off = HandOff()
    rl = limiter(time_, hand_off)
    telegram = Telegram(retry_after(20), retry_after(20))
    await call(rl, telegram)
    assert time_.slept == [20.0]  # a second wait of 20 s would end past the 30 s of patience
    assert len(hand_off.queued) == 1


async def test_a_chat_held_past_patience_is_handed_off_without_a_call() -> None:
    time_ = FakeTime()
    hand_off = HandOff()
    rl = limiter(time_, hand_off)
    rl.budget.hold(ALI, 45.0)
    telegram = Telegram()
    await call(rl, telegram)
    assert telegram.calls == 0
    assert len(hand_off.queued) == 1


async def test_bulk_priority_may_be_asked_for() -> None:
    time_ = FakeTime()
    rl = limiter(time_)
    for _ in range(4):
        await call(rl, Telegram(), priority=Priority.BULK)
    assert time_.slept == [2.0, 1.0]  # two, then the chat's average rate (replies would get 0, 0, 0, 3)


# ---------------------------------------------------------------- what the outbox gets


@pytest.mark.parametrize(
    ("endpoint", "data", "row"),
    [
        ("sendMessage", {"chat_id": ALI, "text": "hi"}, (ALI, {"text": "hi"}, None)),
        (
            "sendMessage",
            {"chat_id": str(ALI), "text": "hi", "reply_markup": MARKUP},
            (ALI, {"text": "hi", "reply_markup": MARKUP.to_dict()}, None),
        ),
        (
            "sendMessage",
            {"chat_id": -5, "text": "why?", "reply_markup": ForceReply()},
            (-5, {"text": "why?", "reply_markup": {"force_reply": True}}, None),
        ),
        (
            "editMessageText",
            {"chat_id": ALI, "message_id": 9, "text": "done"},
            (ALI, {"text": "done", "message_id": 9}, None),
        ),
        ("editMessageText", {"inline_message_id": "abc", "text": "done"}, None),
        ("editMessageText", {"chat_id": ALI, "inline_message_id": "abc", "text": "done"}, None),
        (
            "sendDocument",
            {"chat_id": ALI, "document": InputFile(b"%PDF-1.4", filename="a.pdf"), "caption": "c"},
            (ALI, {"filename": "a.pdf", "caption": "c"}, b"%PDF-1.4"),
        ),
        ("sendDocument", {"chat_id": ALI, "document": "BQAC123"}, (ALI, {"file_id": "BQAC123"}, None)),
        ("sendPhoto", {"chat_id": ALI, "photo": "AgAC123"}, (ALI, {"file_id": "AgAC123"}, None)),
        ("sendPhoto", {"chat_id": ALI, "photo": InputFile(b"\x89PNG", filename="p.png")}, None),
        ("sendMessage", {"chat_id": "@channel", "text": "hi"}, None),
        ("answerCallbackQuery", {"callback_query_id": "1", "text": "ok"}, None),
        ("deleteMessage", {"chat_id": ALI, "message_id": 3}, None),
    ],
)
def test_which_calls_the_outbox_can_deliver_later(endpoint: str, data: JSON, row: Any) -> None:
    assert outbox_row(endpoint, data) == row


def test_an_edit_handed_off_keeps_its_message_id() -> None:
    sent = as_sent({"chat_id": -5, "message_id": 12, "text": "done"})
    assert (sent["message_id"], sent["chat"], sent["text"]) == (12, {"id": -5, "type": "supergroup"}, "done")


async def test_the_hand_off_queues_the_row_and_wakes_the_sender(tmp_path: Path) -> None:
    async with Database(tmp_path / "refah.sqlite3") as db:
        woken: list[bool] = []
        env = Env(
            db=db,
            clock=Clock(),
            zone=zoneinfo.ZoneInfo("Asia/Tehran"),
            wake_outbox=lambda: woken.append(True),
        )
        hand_off = outbox_hand_off(env)
        assert await hand_off("sendMessage", {"chat_id": ALI, "text": "hi", "reply_markup": MARKUP})
        assert not await hand_off("answerCallbackQuery", {"callback_query_id": "1"})
        rows = await db.fetchall("SELECT chat_id, method, payload, purpose, status FROM outbox")
        assert [tuple(r) for r in rows] == [
            (
                ALI,
                "sendMessage",
                json.dumps({"reply_markup": MARKUP.to_dict(), "text": "hi"}),
                "reply",
                "pending",
            )
        ]
        assert woken == [True]
