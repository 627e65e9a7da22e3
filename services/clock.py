"""The one seam for time: the bot asks a clock, tests and the playground move it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

UTC = dt.UTC


class Clock:
    """Wall-clock time (UTC, aware) plus an offset that tests and the playground may advance."""

    def __init__(self, now: Callable[[], dt.datetime] | None = None) -> None:
        self._now = now or (lambda: dt.datetime.now(UTC))
        self._offset = dt.timedelta(0)
        self._listeners: list[Callable[[], object]] = []

    def now(self) -> dt.datetime:
        """The current time, timezone-aware UTC."""
        return self._now() + self._offset

    @property
    def offset(self) -> dt.timedelta:
        """How far this clock runs ahead of real time."""
        return self._offset

    def advance(self, delta: dt.timedelta) -> None:
        """Move the clock forward (never back) and tell the listeners."""
        if delta < dt.timedelta(0):
            raise ValueError("a clock only moves forward")
        self._offset += delta
        for listener in list(self._listeners):
            listener()

    def on_advance(self, listener: Callable[[], object]) -> Callable[[], None]:
        """Call ``listener`` after every :meth:`advance`; returns the call that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def real_delay_until(self, at: dt.datetime) -> float:
        """Seconds of real time until this clock shows ``at`` (0 if already past)."""
        return max((at - self.now()).total_seconds(), 0.0)
