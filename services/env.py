"""The dependencies every use case receives, built once at start-up."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field

from services.clock import Clock
from storage.db import Database


def _nothing(*_: object) -> None:
    return None


@dataclass
class Env:
    """Database, clock, office configuration, and the hooks that wake the outbox and the reminders."""

    db: Database
    clock: Clock
    zone: zoneinfo.ZoneInfo
    admin_chat_id: int | None = None
    super_admins: frozenset[int] = frozenset()
    office_contact: str = ""
    #: Called after a transaction queued outbox rows, so the sender wakes at once.
    wake_outbox: Callable[[], None] = field(default=_nothing)
    #: Called with the ids of reminders added or re-armed, so they are scheduled.
    reminders_changed: Callable[[list[int]], None] = field(default=_nothing)
