"""Telegram's flood limits, on a clock the test controls."""

from __future__ import annotations

import pytest

from bot.outbox_sender import Pacer


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeMonotonic:
    return FakeMonotonic()


def test_private_chat_gets_a_short_burst_then_one_message_a_second(clock: FakeMonotonic) -> None:
    pacer = Pacer(chat_burst=3, chat_interval=1.0, monotonic=clock)
    for _ in range(3):
        assert pacer.delay(42) == 0
        pacer.record(42)
    assert pacer.delay(42) == pytest.approx(1.0)
    clock.now += 0.5
    assert pacer.delay(42) == pytest.approx(0.5)
    clock.now += 0.5
    assert pacer.delay(42) == 0
    pacer.record(42)
    assert pacer.delay(42) == pytest.approx(1.0)
    assert pacer.delay(43) == 0  # another chat is not held back


def test_a_group_gets_twenty_messages_a_minute(clock: FakeMonotonic) -> None:
    pacer = Pacer(chat_burst=100, chat_interval=0.001, group_per_minute=20, monotonic=clock)
    for i in range(20):
        assert pacer.delay(-100) == 0, i
        pacer.record(-100)
        clock.now += 1
    assert pacer.delay(-100) == pytest.approx(40.0)  # the first of the twenty leaves the window at +60
    clock.now += 40
    assert pacer.delay(-100) == 0


def test_thirty_messages_a_second_overall(clock: FakeMonotonic) -> None:
    pacer = Pacer(chat_burst=1, chat_interval=1.0, overall_per_second=30, monotonic=clock)
    for chat in range(1, 31):
        assert pacer.delay(chat) == 0
        pacer.record(chat)
    assert pacer.delay(31) == pytest.approx(1.0)
    clock.now += 1.0
    assert pacer.delay(31) == 0
