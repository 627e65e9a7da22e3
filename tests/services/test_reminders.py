"""Reminders: fired once, and a text that speaks of its moment is not sent hours late as if on time."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.office import services_of
from services.clock import Clock
from services.kit import Env
from services.reminders import STALE_AFTER, fire_reminder
from storage.db import Database
from storage.reminders import add_reminder

NOW = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[Env]:
    async with Database(tmp_path / "r.sqlite3") as db:
        yield Env(
            db=db, clock=Clock(lambda: NOW), zone=zoneinfo.ZoneInfo("Asia/Tehran"), services=services_of()
        )


async def _owed(env: Env) -> list[str]:
    return [r["payload"] for r in await env.db.fetchall("SELECT payload FROM outbox")]


@pytest.mark.parametrize(
    ("late", "sent"),
    [
        (dt.timedelta(0), True),
        (STALE_AFTER, True),  # exactly at the limit: still sent
        (STALE_AFTER + dt.timedelta(seconds=1), False),  # past it: the text would no longer be true
        (dt.timedelta(hours=5), False),
    ],
)
async def test_a_reminder_is_sent_on_time_or_not_at_all(env: Env, late: dt.timedelta, sent: bool) -> None:
    async with env.db.transaction() as tx:
        armed = await add_reminder(
            tx, request_id=None, chat_id=5, kind="k", due_at=NOW - late, text="by 10:00"
        )
    assert await fire_reminder(env, armed.id)
    assert bool(await _owed(env)) is sent
    assert not await fire_reminder(env, armed.id)  # once, whatever happened
