"""One sending budget for every Bot API call that delivers a message: Telegram's flood limits, kept exactly.

Telegram's limits (Bot FAQ, "My bot is hitting limits"): in one chat about one message a second after a short
burst; no more than 20 messages a minute to one group; about 30 messages a second overall. Sending and
editing share them; answering a callback query counts against none (tdlib/telegram-bot-api#648, #3034).

Each limit is a sliding window: ``Rule(count, window)`` holds when no half-open interval of ``window``
seconds holds more than ``count`` sends, i.e. any ``count + 1`` consecutive sends span at least ``window``.
:class:`SendBudget` is the pure decision, on a clock its caller passes in. An INTERACTIVE send books the
earliest slot every rule allows, possibly in the future, and waits for it. A BULK send takes a slot only if
one is free now; otherwise it books nothing and is told when to ask again. Bulk never holds a future slot,
so a waiting interactive send takes the next slot before any bulk send. Bulk also goes at each rule's
average rate, at most ``bulk_burst`` back to back: a window filled by one burst of bulk would keep a reply
waiting until the burst leaves it (most of a second overall, a minute in a group), so the bursts a rule
allows are left to the replies.

:class:`Budget` runs that decision on real time for the application's bot (``bot.rate_limiter``) and the
outbox sender alike, and writes each send to a group into a ledger (``storage.budget``) that it reads back
at start-up, so a restart cannot burst past a group's 20 a minute.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from bisect import bisect_right, insort
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from enum import IntEnum
from typing import Protocol

_LOG = logging.getLogger(__name__)

#: Float error tolerated at a window's exact edge (a send exactly ``window`` after another is allowed).
EPSILON = 1e-9


class Priority(IntEnum):
    """Who waits for whom: a lower value goes first."""

    INTERACTIVE = 0
    BULK = 1


@dataclass(frozen=True)
class Rule:
    """At most ``count`` sends in any ``window`` seconds."""

    count: int
    window: float

    def spread(self, burst: int, margin: float) -> Rule | None:
        """This rule's average rate in bursts of at most ``burst`` (None if that allows no less)."""
        if burst >= self.count:
            return None
        return Rule(burst, burst * (self.window + margin) / self.count)

    def allows(self, sends: list[float], at: float, margin: float = 0.0) -> bool:
        """Whether one more send at ``at`` keeps the sorted ``sends`` within this rule (window + margin)."""
        span = self.window + margin - EPSILON
        i = bisect_right(sends, at)
        for before in range(self.count + 1):
            after = self.count - before
            if before > i or after > len(sends) - i:
                continue
            first = sends[i - before] if before else at
            last = sends[i + after - 1] if after else at
            if last - first < span:
                return False
        return True


@dataclass(frozen=True)
class Limits:
    """The rules of one messenger, plus a margin added to every window for the network's jitter."""

    chat: Rule = field(default_factory=lambda: Rule(3, 3.0))
    """Every chat: a burst of three, then one a second."""
    group: Rule = field(default_factory=lambda: Rule(20, 60.0))
    """Groups and supergroups (chat id < 0), on top of ``chat``."""
    overall: Rule = field(default_factory=lambda: Rule(30, 1.0))
    """Every counted send of the bot."""
    margin: float = 0.05
    """Seconds added to each window: sends leave in order, but arrive with a few milliseconds of jitter."""
    bulk_burst: int = 2
    """Bulk sends back to back at most, under every rule (so a reply finds a slot soon)."""

    def scaled(self, factor: float) -> Limits:
        """The same counts over windows ``factor`` times as long (tests run Telegram's limits fast)."""
        return replace(
            self,
            chat=Rule(self.chat.count, self.chat.window * factor),
            group=Rule(self.group.count, self.group.window * factor),
            overall=Rule(self.overall.count, self.overall.window * factor),
        )

    @property
    def longest(self) -> float:
        """The longest window, margin included: older sends constrain nothing."""
        return max(self.chat.window, self.group.window, self.overall.window) + self.margin


TELEGRAM = Limits()

_SENDING_PREFIXES = ("send", "editMessage", "forward", "copy")


def counts(endpoint: str) -> bool:
    """Whether a Bot API method sends or edits a message (and so spends the budget)."""
    return endpoint.startswith(_SENDING_PREFIXES) and endpoint != "sendChatAction"


class SendBudget:
    """The decision: when may the next message to a chat go? Pure; every call is told the time."""

    def __init__(self, limits: Limits = TELEGRAM) -> None:
        self.limits = limits
        self._all: list[float] = []
        self._chats: dict[int, list[float]] = {}
        self._holds: dict[int, float] = {}
        self._swept = float("-inf")

    def reserve(self, chat_id: int | None, priority: Priority, now: float) -> float:
        """Seconds until a send to ``chat_id`` may go (0.0: now).

        INTERACTIVE books that slot: the caller sends after the delay. BULK books only a slot free now; a
        positive delay books nothing and means "ask again then".
        """
        self._forget(now)
        at = self.earliest(chat_id, now, priority)
        if priority is Priority.BULK and at > now:
            return at - now
        self._book(chat_id, at)
        return at - now

    def earliest(self, chat_id: int | None, now: float, priority: Priority = Priority.INTERACTIVE) -> float:
        """The first moment from ``now`` on when a send to ``chat_id`` keeps every rule (books nothing)."""
        checks = self._checks(chat_id, priority)
        start = max(now, self._holds.get(chat_id, now)) if chat_id is not None else now
        candidates = {start}
        for sends, rule, margin in checks:
            reach = rule.window + margin
            candidates.update(t + reach for t in sends if t + reach > start)
        for at in sorted(candidates):
            if all(rule.allows(sends, at, margin) for sends, rule, margin in checks):
                return at
        raise AssertionError("unreachable: after the last send's windows every rule allows a send")

    def hold(self, chat_id: int, until: float) -> None:
        """Send nothing to ``chat_id`` before ``until`` (Telegram answered 429 with a ``retry_after``)."""
        self._holds[chat_id] = max(until, self._holds.get(chat_id, until))

    def restore(self, chat_id: int, at: float) -> None:
        """Count a send made before this budget existed (read back from the ledger at start-up)."""
        self._book(chat_id, at)

    def sends(self, chat_id: int | None = None) -> list[float]:
        """The counted sends (past and booked) to ``chat_id``, or of the whole bot."""
        return list(self._all if chat_id is None else self._chats.get(chat_id, []))

    def _checks(self, chat_id: int | None, priority: Priority) -> list[tuple[list[float], Rule, float]]:
        """The (sends, rule, margin) a send must keep: the rules, and bulk's even spread of each."""
        limits = self.limits
        rules = [(self._all, limits.overall)]
        if chat_id is not None:
            sends = self._chats.get(chat_id, [])
            rules.append((sends, limits.chat))
            if chat_id < 0:
                rules.append((sends, limits.group))
        checks = [(sends, rule, limits.margin) for sends, rule in rules]
        if priority is Priority.BULK:
            for sends, rule in rules:
                spread = rule.spread(limits.bulk_burst, limits.margin)
                if spread is not None:
                    checks.append((sends, spread, 0.0))
        return checks

    def _book(self, chat_id: int | None, at: float) -> None:
        insort(self._all, at)
        if chat_id is not None:
            insort(self._chats.setdefault(chat_id, []), at)

    def _forget(self, now: float) -> None:
        """Drop sends too old to constrain anything (the whole map at most once a window)."""
        limits = self.limits
        _trim(self._all, now - limits.overall.window - limits.margin)
        if now - self._swept < limits.longest:
            return
        self._swept = now
        horizon = now - limits.longest
        for chat_id in list(self._chats):
            sends = self._chats[chat_id]
            _trim(sends, horizon)
            if not sends:
                del self._chats[chat_id]
        for chat_id, until in list(self._holds.items()):
            if until <= now:
                del self._holds[chat_id]


def _trim(sends: list[float], before: float) -> None:
    cut = bisect_right(sends, before)
    if cut:
        del sends[:cut]


class Ledger(Protocol):
    """Where the sends to groups outlive the process (``storage.budget.GroupSends``); wall-clock seconds."""

    async def record(self, chat_id: int, at: float) -> None:
        """Remember one send to a group at ``at``."""

    async def recent(self, since: float) -> list[tuple[int, float]]:
        """The sends to groups at or after ``since``."""


class Budget:
    """The bot's one budget on real time: the rate limiter and the outbox sender both spend it."""

    def __init__(
        self,
        limits: Limits = TELEGRAM,
        *,
        ledger: Ledger | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.core = SendBudget(limits)
        self.ledger = ledger
        self._monotonic = monotonic
        self._wall = wall
        self._sleep = sleep
        self._restored = False

    @property
    def limits(self) -> Limits:
        """The rules this budget keeps."""
        return self.core.limits

    async def restore(self) -> int:
        """Count the sends to groups still inside their window from the ledger (once); returns how many."""
        if self._restored or self.ledger is None:
            return 0
        self._restored = True
        mono, wall = self._monotonic(), self._wall()
        rows = await self.ledger.recent(wall - self.limits.longest)
        for chat_id, at in rows:
            self.core.restore(chat_id, mono - (wall - at))
        _LOG.info("budget restored %d recent sends to groups", len(rows))
        return len(rows)

    async def acquire(
        self, chat_id: int | None, priority: Priority = Priority.INTERACTIVE, *, within: float = math.inf
    ) -> bool:
        """Wait until a message to ``chat_id`` may go, and count it; False (nothing counted) if that is more
        than ``within`` seconds away."""
        start = self._monotonic()
        while True:
            now = self._monotonic()
            if self.core.earliest(chat_id, now, priority) - start > within:
                return False
            delay = self.core.reserve(chat_id, priority, now)
            if priority is Priority.INTERACTIVE or delay == 0:
                break
            await self._sleep(delay)
        await self._remember(chat_id, now + delay)
        if delay > 0:
            await self._sleep(delay)
        return True

    async def take(self, chat_id: int | None) -> float:
        """Bulk, without waiting: 0.0 if a message to ``chat_id`` may go now (it is counted), else the
        seconds until one may."""
        now = self._monotonic()
        delay = self.core.reserve(chat_id, Priority.BULK, now)
        if delay == 0:
            await self._remember(chat_id, now)
        return delay

    def overall_delay(self) -> float:
        """Seconds until a bulk send may go to any chat (0.0: now), counting booked replies."""
        now = self._monotonic()
        return self.core.earliest(None, now, Priority.BULK) - now

    def hold(self, chat_id: int | None, seconds: float) -> None:
        """Send nothing more to ``chat_id`` for ``seconds`` (a 429's ``retry_after``)."""
        if chat_id is not None:
            self.core.hold(chat_id, self._monotonic() + seconds)

    async def _remember(self, chat_id: int | None, at: float) -> None:
        if self.ledger is not None and chat_id is not None and chat_id < 0:
            await self.ledger.record(chat_id, self._wall() + (at - self._monotonic()))
