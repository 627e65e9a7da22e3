"""The sending budget, on a clock the test holds: bursts, sliding windows at their edges, priority, restarts."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot.budget import TELEGRAM, Budget, Limits, Priority, Rule, SendBudget, counts
from storage.budget import GroupSends
from storage.db import Database

UI, B = Priority.INTERACTIVE, Priority.BULK  # a user waits; bulk may
EXACT = Limits(margin=0.0, bulk_burst=1000)  # the rules alone: no margin, bulk not spread out
SPREAD = Limits(margin=0.0)  # the rules, bulk in bursts of two at each rule's average rate
GROUP, ALI, MARYAM = -1001, 101, 102


# ---------------------------------------------------------------- one rule


@pytest.mark.parametrize(
    ("rule", "sends", "at", "margin", "allowed"),
    [
        # one a second: the next exactly a second later, not a hair before
        (Rule(1, 1.0), [], 0.0, 0.0, True),
        (Rule(1, 1.0), [0.0], 1.0, 0.0, True),
        (Rule(1, 1.0), [0.0], 0.999999, 0.0, False),
        (Rule(1, 1.0), [0.0], 0.0, 0.0, False),
        # a booked send in the future constrains the present too
        (Rule(1, 1.0), [5.0], 4.0, 0.0, True),
        (Rule(1, 1.0), [5.0], 4.000001, 0.0, False),
        (Rule(1, 1.0), [5.0], 6.0, 0.0, True),
        (Rule(1, 1.0), [4.0, 6.0], 5.0, 0.0, True),
        (Rule(1, 1.0), [4.0, 6.0], 5.5, 0.0, False),
        # a burst of three, then the window of three seconds
        (Rule(3, 3.0), [0.0, 0.0], 0.0, 0.0, True),
        (Rule(3, 3.0), [0.0, 0.0, 0.0], 0.0, 0.0, False),
        (Rule(3, 3.0), [0.0, 0.0, 0.0], 2.999999, 0.0, False),
        (Rule(3, 3.0), [0.0, 0.0, 0.0], 3.0, 0.0, True),
        (Rule(3, 3.0), [0.0, 1.0, 2.0], 2.5, 0.0, False),
        (Rule(3, 3.0), [0.0, 1.0, 2.0], 3.0, 0.0, True),
        # sliding, not fixed: 30 at 0.5 keep the window shut until 1.5
        (Rule(30, 1.0), [0.5] * 30, 1.0, 0.0, False),
        (Rule(30, 1.0), [0.5] * 30, 1.499999, 0.0, False),
        (Rule(30, 1.0), [0.5] * 30, 1.5, 0.0, True),
        (Rule(30, 1.0), [0.5] * 29, 0.5, 0.0, True),
        # the margin widens every window
        (Rule(1, 1.0), [0.0], 1.0, 0.05, False),
        (Rule(1, 1.0), [0.0], 1.049999, 0.05, False),
        (Rule(1, 1.0), [0.0], 1.05, 0.05, True),
        # float error at the exact edge does not refuse the edge
        (Rule(1, 1.0), [0.1], 0.1 + 1.0, 0.0, True),
        (Rule(1, 0.3), [0.1], 0.1 + 0.3, 0.0, True),
    ],
)
def test_a_rule_at_its_edges(rule: Rule, sends: list[float], at: float, margin: float, allowed: bool) -> None:
    assert rule.allows(sends, at, margin) is allowed


@pytest.mark.parametrize(
    ("endpoint", "counted"),
    [
        ("sendMessage", True),
        ("sendDocument", True),
        ("sendPhoto", True),
        ("sendMediaGroup", True),
        ("editMessageText", True),
        ("editMessageReplyMarkup", True),
        ("forwardMessage", True),
        ("copyMessage", True),
        ("answerCallbackQuery", False),  # not a message: Telegram counts it against no limit
        ("sendChatAction", False),
        ("deleteMessage", False),
        ("getMe", False),
        ("setMyCommands", False),
        ("getFile", False),
        ("getChatMember", False),
    ],
)
def test_which_calls_spend_the_budget(endpoint: str, counted: bool) -> None:
    assert counts(endpoint) is counted


# ---------------------------------------------------------------- the budget's decisions


def schedule(budget: SendBudget, steps: list[tuple[float, int | None, Priority]]) -> list[float]:
    """The delay of each ``(now, chat, priority)`` reservation, in order."""
    return [round(budget.reserve(chat, priority, now), 6) for now, chat, priority in steps]


def test_a_private_chat_gets_a_burst_of_three_then_one_a_second() -> None:
    budget = SendBudget(EXACT)
    assert schedule(budget, [(0.0, ALI, UI)] * 3) == [0, 0, 0]
    assert schedule(budget, [(0.0, ALI, UI)]) == [3.0]  # the fourth waits for the window of three seconds
    assert schedule(budget, [(0.0, MARYAM, UI)]) == [0]  # another chat is not held back
    budget = SendBudget(EXACT)
    steady = [(float(t), ALI, UI) for t in range(10)]
    assert schedule(budget, steady) == [0] * 10  # one a second forever


def test_interactive_replies_queue_in_their_chat() -> None:
    budget = SendBudget(EXACT)
    delays = schedule(budget, [(0.0, ALI, UI)] * 7)
    assert delays == [0, 0, 0, 3.0, 3.0, 3.0, 6.0]
    assert budget.sends(ALI) == [0, 0, 0, 3.0, 3.0, 3.0, 6.0]


def test_a_group_gets_twenty_a_minute_on_a_sliding_window() -> None:
    budget = SendBudget(EXACT)
    for second in range(20):
        assert budget.reserve(GROUP, B, float(second) * 1.5) == 0, second
    # the first of the twenty (at 0) leaves the window at 60; the chat rule alone would allow 30.0
    assert budget.reserve(GROUP, B, 30.0) == pytest.approx(30.0)
    assert budget.reserve(GROUP, B, 59.999) == pytest.approx(0.001)
    assert budget.reserve(GROUP, B, 60.0) == 0
    assert budget.reserve(GROUP, B, 60.0) == pytest.approx(1.5)  # then the second leaves, at 61.5
    assert budget.reserve(-2002, B, 60.0) == 0  # another group has its own twenty


def test_a_group_is_a_chat_too() -> None:
    budget = SendBudget(EXACT)
    assert schedule(budget, [(0.0, GROUP, B)] * 4) == [0, 0, 0, 3.0]  # the fourth is refused, not booked
    assert budget.sends(GROUP) == [0, 0, 0]


def test_thirty_a_second_overall_on_a_sliding_window() -> None:
    budget = SendBudget(EXACT)
    for chat in range(1, 31):
        assert budget.reserve(chat, B, 0.5) == 0
    assert budget.reserve(31, B, 0.5) == pytest.approx(1.0)
    assert budget.reserve(31, B, 1.0) == pytest.approx(0.5)  # a fixed one-second window would say yes
    assert budget.reserve(31, B, 1.499999) == pytest.approx(0.000001)
    assert budget.reserve(31, B, 1.5) == 0
    assert budget.reserve(None, UI, 1.5) == 0  # a call with no chat counts overall only
    assert budget.sends() == [1.5, 1.5]  # the sends at 0.5 have left every window


def test_the_margin_widens_every_window() -> None:
    budget = SendBudget(TELEGRAM)
    assert TELEGRAM.margin == pytest.approx(0.05)
    for chat in range(1, 31):
        budget.reserve(chat, UI, 0.0)
    assert budget.reserve(31, UI, 0.0) == pytest.approx(1.05)
    assert schedule(SendBudget(TELEGRAM), [(0.0, ALI, UI)] * 4)[-1] == pytest.approx(3.05)


def test_bulk_goes_at_each_rules_average_rate_in_bursts_of_two() -> None:
    budget = SendBudget(SPREAD)
    sent, now = [], 0.0
    for chat in range(1, 61):  # a sender that sends as soon as it is let
        while (delay := budget.reserve(chat, B, now)) > 0:
            now += delay
        sent.append(now)
    assert sent[:6] == pytest.approx([0, 0, 1 / 15, 1 / 15, 2 / 15, 2 / 15])
    assert sent[-1] == pytest.approx(29 / 15)  # still thirty a second
    # a reply then finds a slot within one pair's spacing, not when a burst leaves the window
    assert budget.reserve(ALI, UI, now + 0.01) <= 1 / 15


def test_bulk_to_one_chat_leaves_the_burst_to_replies() -> None:
    budget = SendBudget(SPREAD)
    assert schedule(budget, [(0.0, ALI, B)] * 3) == [0, 0, 2.0]  # two, then the chat's one a second
    assert budget.reserve(ALI, UI, 0.0) == 0  # the reply still has the third of the burst
    budget = SendBudget(SPREAD)
    assert budget.reserve(GROUP, B, 0.0) == 0
    assert budget.reserve(GROUP, B, 0.0) == 0
    assert budget.reserve(GROUP, B, 0.0) == pytest.approx(6.0)  # a group's twenty a minute, two at a time


def test_the_even_pace_of_a_rule_for_bulk() -> None:
    assert Rule(2, 1.0).spread(2, 0.05) is None
    assert Rule(30, 1.0).spread(2, 0.05) == Rule(2, pytest.approx(2 * 1.05 / 30))


def test_bulk_never_holds_a_future_slot() -> None:
    budget = SendBudget(EXACT)
    assert budget.reserve(ALI, B, 0.0) == 0
    for _ in range(2):
        budget.reserve(ALI, B, 0.0)
    assert budget.reserve(ALI, B, 0.1) == pytest.approx(2.9)
    assert budget.reserve(ALI, B, 0.2) == pytest.approx(2.8)  # asked again: nothing was booked
    assert budget.sends(ALI) == [0, 0, 0]


def test_a_waiting_interactive_send_takes_the_next_slot_before_any_bulk_send() -> None:
    budget = SendBudget(Limits(overall=Rule(1, 1.0), margin=0.0))
    assert budget.reserve(1, B, 0.0) == 0
    assert budget.reserve(2, B, 0.5) == pytest.approx(0.5)  # bulk told to come back at 1.0 ...
    assert budget.reserve(3, UI, 0.6) == pytest.approx(0.4)  # ... but a reply arriving meanwhile books 1.0
    assert budget.reserve(2, B, 1.0) == pytest.approx(1.0)  # so bulk waits for 2.0
    assert budget.reserve(4, UI, 1.0) == pytest.approx(1.0)  # and a second reply still goes first
    assert budget.reserve(2, B, 2.0) == pytest.approx(1.0)
    assert budget.reserve(2, B, 3.0) == 0


def test_a_reply_in_a_saturated_second_waits_only_for_the_next_slot() -> None:
    budget = SendBudget(EXACT)
    for i in range(30):
        assert budget.reserve(1000 + i, B, i / 30) == 0  # bulk fills every slot as it frees
    assert budget.reserve(ALI, UI, 29 / 30) == pytest.approx(1 / 30)
    assert budget.reserve(2000, B, 1.0) == pytest.approx(1 / 30)  # the slot at 1.0 went to the reply


def test_bulk_fits_around_booked_replies() -> None:
    budget = SendBudget(Limits(overall=Rule(2, 1.0), margin=0.0))
    assert budget.reserve(ALI, UI, 0.0) == 0
    assert budget.reserve(ALI, UI, 0.0) == 0
    assert budget.reserve(ALI, UI, 0.0) == pytest.approx(1.0)  # the overall rule books it at 1.0
    assert budget.reserve(5, B, 0.5) == pytest.approx(0.5)  # [0, 0, 0.5] would break the first second
    assert budget.reserve(5, B, 1.0) == 0  # [0, 1, 1]: the second second holds two
    assert budget.reserve(6, B, 1.0) == pytest.approx(1.0)


def test_a_429_holds_its_chat_only() -> None:
    budget = SendBudget(EXACT)
    budget.hold(ALI, 5.0)
    budget.hold(ALI, 2.0)  # a shorter hold does not shorten the longer one
    assert budget.reserve(ALI, B, 1.0) == pytest.approx(4.0)
    assert budget.reserve(ALI, UI, 1.0) == pytest.approx(4.0)
    assert budget.reserve(MARYAM, UI, 1.0) == 0
    assert budget.reserve(ALI, B, 5.0) == 0


def test_restored_sends_count_like_new_ones() -> None:
    budget = SendBudget(EXACT)
    for i in range(20):
        budget.restore(GROUP, -30.0 + i)
    assert budget.reserve(GROUP, UI, 0.0) == pytest.approx(30.0)


def test_old_sends_are_forgotten() -> None:
    budget = SendBudget(EXACT)
    for chat in range(100):
        budget.reserve(chat, B, 0.0)
    budget.hold(ALI, 1.0)
    budget.reserve(GROUP, B, 1000.0)
    assert budget.sends() == [1000.0]
    assert budget.sends(5) == []
    assert budget.sends(GROUP) == [1000.0]


def test_scaled_limits_keep_counts_and_margin() -> None:
    fast = TELEGRAM.scaled(0.1)
    assert [(r.count, r.window) for r in (fast.chat, fast.group, fast.overall)] == [
        (3, pytest.approx(0.3)),
        (20, pytest.approx(6.0)),
        (30, pytest.approx(0.1)),
    ]
    assert fast.margin == TELEGRAM.margin
    assert fast.longest == pytest.approx(6.05)


# ---------------------------------------------------------------- every schedule keeps every rule


def _violations(limits: Limits, sends: dict[int | None, list[float]], bulk: bool = False) -> list[str]:
    """Brute force, independent of the budget: count the sends in every window starting at a send.

    ``bulk``: also bulk's own pace, each rule's average rate in bursts of ``limits.bulk_burst``."""
    found = []
    every = sorted(t for ts in sends.values() for t in ts)
    scopes: list[tuple[str, list[float], Rule, float]] = [("overall", every, limits.overall, limits.margin)]
    for chat, ts in sends.items():
        if chat is None:
            continue
        scopes.append((f"chat {chat}", sorted(ts), limits.chat, limits.margin))
        if chat < 0:
            scopes.append((f"group {chat}", sorted(ts), limits.group, limits.margin))
    if bulk:
        for name, ts, rule, margin in list(scopes):
            if limits.bulk_burst < rule.count:
                pace = (rule.window + margin) * limits.bulk_burst / rule.count
                scopes.append((f"{name} (bulk)", ts, Rule(limits.bulk_burst, pace), 0.0))
    for name, ts, rule, margin in scopes:
        width = rule.window + margin - 1e-9
        for start in ts:
            inside = sum(1 for t in ts if start <= t < start + width)
            if inside > rule.count:
                found.append(f"{name}: {inside} in [{start}, {start + width})")
    return found


@pytest.mark.parametrize("bulk_burst", [2, 1000])
@pytest.mark.parametrize("seed", range(6))
def test_random_traffic_keeps_every_rule_and_wastes_no_slot(seed: int, bulk_burst: int) -> None:
    rng = random.Random(seed)
    limits = Limits(
        chat=Rule(3, 3.0),
        group=Rule(5, 10.0),
        overall=Rule(6, 1.0),
        margin=0.05 * (seed % 2),
        bulk_burst=bulk_burst,
    )
    budget = SendBudget(limits)
    chats: list[int | None] = [None, 1, 2, 3, -10, -20]
    sent: dict[int | None, list[float]] = {chat: [] for chat in chats}
    now = 0.0
    for _ in range(300):
        now += rng.choice([0.0, 0.0, 0.01, 0.1, 0.35, 1.0])
        chat = rng.choice(chats)
        priority = rng.choice([UI, B])
        delay = budget.reserve(chat, priority, now)
        assert delay >= 0
        if priority is B and delay > 0:
            trial = {c: list(ts) for c, ts in sent.items()}
            trial[chat].append(now)
            assert _violations(limits, trial, bulk=True), "bulk was refused a free slot"
            continue
        sent[chat].append(now + delay)
        assert not _violations(limits, sent)
        for earlier in (now, now + delay * 0.5, now + delay - 1e-4):
            if now <= earlier < now + delay:  # the slot given is the first one free
                trial = {c: list(ts) for c, ts in sent.items()}
                trial[chat].remove(now + delay)
                trial[chat].append(earlier)
                assert _violations(limits, trial), (now, delay, earlier)


# ---------------------------------------------------------------- on real time, with the ledger


class FakeTime:
    """A monotonic and a wall clock that move only when the budget sleeps (or the test says so)."""

    def __init__(self) -> None:
        self.mono, self.wall = 50.0, 1_700_000_000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.mono

    def now(self) -> float:
        return self.wall

    async def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.pass_(seconds)

    def pass_(self, seconds: float) -> None:
        self.mono += seconds
        self.wall += seconds


def on(time_: FakeTime, limits: Limits = EXACT, ledger: GroupSends | None = None) -> Budget:
    return Budget(limits, ledger=ledger, monotonic=time_.monotonic, wall=time_.now, sleep=time_.sleep)


async def test_acquire_waits_for_the_booked_slot() -> None:
    time_ = FakeTime()
    budget = on(time_)
    for _ in range(4):
        assert await budget.acquire(ALI)
    assert time_.slept == [3.0]


async def test_acquire_at_bulk_priority_asks_until_a_slot_is_free() -> None:
    time_ = FakeTime()
    budget = on(time_, Limits(overall=Rule(1, 1.0), margin=0.0))
    assert await budget.take(1) == 0
    assert await budget.acquire(2, Priority.BULK)
    assert time_.slept == [1.0]
    assert await budget.take(3) == pytest.approx(1.0)
    assert budget.overall_delay() == pytest.approx(1.0)


async def test_acquire_refuses_a_slot_beyond_its_patience() -> None:
    time_ = FakeTime()
    budget = on(time_)
    budget.hold(ALI, 40.0)
    assert not await budget.acquire(ALI, within=30.0)
    assert time_.slept == []
    assert budget.core.sends(ALI) == []
    assert await budget.acquire(ALI, within=41.0)
    assert time_.slept == [40.0]


async def test_a_restart_keeps_the_groups_minute(tmp_path: Path) -> None:
    time_ = FakeTime()
    async with Database(tmp_path / "refah.sqlite3") as db:
        first = on(time_, ledger=GroupSends(db))
        assert await first.restore() == 0
        for _ in range(20):
            assert await first.acquire(GROUP, Priority.BULK)
            time_.pass_(1.0)
        assert await first.take(ALI) == 0  # private chats are not written down
        # the process dies; a new one starts two seconds later on a monotonic clock of its own
        time_.pass_(2.0)
        time_.mono = 7.0
        second = on(time_, ledger=GroupSends(db))
        assert await second.restore() == 20
        assert await second.restore() == 0  # once
        # the first of the twenty was sent 22 s ago: the group's minute has 38 s to run
        sent = await GroupSends(db).recent(0.0)
        assert len(sent) == 20
        assert await second.take(GROUP) == pytest.approx(60.0 - (time_.now() - sent[0][1]))
        assert await second.take(-2002) == 0


async def test_the_ledger_forgets_what_is_long_past(tmp_path: Path) -> None:
    async with Database(tmp_path / "refah.sqlite3") as db:
        ledger = GroupSends(db, keep=100.0)
        await ledger.record(GROUP, 1000.0)
        await ledger.record(GROUP, 1050.0)
        await ledger.record(-2002, 1101.0)
        assert await ledger.recent(0.0) == [(GROUP, 1050.0), (-2002, 1101.0)]
        assert await ledger.recent(1060.0) == [(-2002, 1101.0)]
