"""Telegram's flood limits for the local server: audit them (count what goes past) or enforce them (429).

The limits as Telegram states them (Bot FAQ, "My bot is hitting limits"): in one chat a short burst, then
about one message a second; no more than 20 messages a minute to one group; about 30 messages a second in
all. Sending and editing count; answering a callback query and every other call do not.

Each limit is a sliding window: a call that sends is over a limit when the ``count`` calls before it in the
same scope (the chat, or the whole bot) all came less than ``seconds`` ago. Over-limit calls are counted in
:attr:`FloodControl.violations` per limit, whether they were let through (auditing) or refused with a 429
and a ``retry_after`` (enforcing); a refused call is not counted as sent. Install it on a server with
``server.flood = FloodControl(enforce=True)``.
"""

from __future__ import annotations

import math
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from localapi.models import Fault

__all__ = ["TELEGRAM_LIMITS", "FloodControl", "Limit", "sends_message"]


@dataclass(frozen=True)
class Limit:
    """At most ``count`` messages in any ``seconds``, per chat (``scope="chat"``, groups only with
    ``groups_only``) or for the whole bot (``scope="bot"``)."""

    name: str
    count: int
    seconds: float
    scope: str = "chat"
    groups_only: bool = False

    def scaled(self, factor: float) -> Limit:
        """The same count over a window ``factor`` times as long."""
        return Limit(self.name, self.count, self.seconds * factor, self.scope, self.groups_only)


TELEGRAM_LIMITS = (
    Limit("chat", 3, 3.0),
    Limit("group", 20, 60.0, groups_only=True),
    Limit("overall", 30, 1.0, scope="bot"),
)

_SENDING_PREFIXES = ("send", "editMessage", "forward", "copy")


def sends_message(method: str) -> bool:
    """Whether a Bot API method sends or edits a message (and so counts against the limits)."""
    return method.startswith(_SENDING_PREFIXES) and method != "sendChatAction"


def _is_group(chat_id: Any) -> bool:
    return isinstance(chat_id, str) or (isinstance(chat_id, int) and chat_id < 0)


class FloodControl:
    """The limits of one bot token, on a monotonic clock."""

    def __init__(
        self,
        limits: tuple[Limit, ...] = TELEGRAM_LIMITS,
        *,
        enforce: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = limits
        self.enforce = enforce
        self._clock = clock
        self._recent: dict[tuple[str, Any], deque[float]] = {}
        self.violations: Counter[str] = Counter()
        """Calls that went past each limit (refused when enforcing, let through when auditing)."""
        self.sent = 0
        """Calls that sent or edited a message and were let through."""
        self.refused = 0
        """Calls answered 429 by this control."""

    def check(self, method: str, chat_id: Any) -> Fault | None:
        """Count one call; when enforcing, the 429 that refuses it if it goes past a limit."""
        if not sends_message(method):
            return None
        now = self._clock()
        windows = [
            (limit, self._window(limit, chat_id))
            for limit in self.limits
            if limit.scope == "bot" or (chat_id is not None and (_is_group(chat_id) or not limit.groups_only))
        ]
        over = [
            (limit, sent)
            for limit, sent in windows
            if len(sent) == limit.count and now - sent[0] < limit.seconds
        ]
        for limit, _ in over:
            self.violations[limit.name] += 1
        if over and self.enforce:
            self.refused += 1
            wait = max(sent[0] + limit.seconds - now for limit, sent in over)
            return Fault(method, 429, retry_after=max(1, math.ceil(wait)))
        for _, sent in windows:
            sent.append(now)
        self.sent += 1
        return None

    def _window(self, limit: Limit, chat_id: Any) -> deque[float]:
        key = (limit.name, None if limit.scope == "bot" else chat_id)
        window = self._recent.get(key)
        if window is None:
            window = self._recent[key] = deque(maxlen=limit.count)
        return window

    @property
    def total_violations(self) -> int:
        """Every over-limit call, all limits together (a call past two limits counts twice)."""
        return sum(self.violations.values())

    def reset(self) -> None:
        """Forget every send and count."""
        self._recent.clear()
        self.violations.clear()
        self.sent = self.refused = 0
