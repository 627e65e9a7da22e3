"""Update bookkeeping: processed ids, the offset a restarted bot polls from, and dead letters."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from services.clock import UTC
from storage import updates
from storage.db import Database

NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
BOT, OTHER_BOT = 111, 222


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "u.sqlite3") as database:
        yield database


async def test_a_new_database_has_no_offset(db: Database) -> None:
    assert await updates.next_offset(db, BOT, NOW) is None


async def test_confirm_records_the_update_and_the_offset_together(db: Database) -> None:
    await updates.confirm(db, BOT, 41, NOW)
    await updates.confirm(db, BOT, 42, NOW)
    assert await updates.seen(db, 42)
    assert await updates.next_offset(db, BOT, NOW) == 43


async def test_each_bot_has_its_own_offset(db: Database) -> None:
    await updates.confirm(db, BOT, 900, NOW)
    assert await updates.next_offset(db, OTHER_BOT, NOW) is None


@pytest.mark.parametrize(
    ("age", "trusted"),
    [
        (dt.timedelta(0), True),
        (updates.OFFSET_MAX_AGE, True),
        (updates.OFFSET_MAX_AGE + dt.timedelta(seconds=1), False),
        (dt.timedelta(days=30), False),
    ],
)
async def test_an_old_offset_is_not_trusted(db: Database, age: dt.timedelta, trusted: bool) -> None:
    await updates.confirm(db, BOT, 7, NOW)
    assert await updates.next_offset(db, BOT, NOW + age) == (8 if trusted else None)


async def test_a_new_sequence_replaces_the_old_offset(db: Database) -> None:
    await updates.confirm(db, BOT, 5000, NOW)
    await updates.confirm(db, BOT, 3, NOW + dt.timedelta(days=8))  # numbered afresh by the platform
    assert await updates.next_offset(db, BOT, NOW + dt.timedelta(days=8)) == 4


async def test_bury_keeps_the_raw_update_and_confirms_it(db: Database) -> None:
    await updates.bury(db, BOT, 9, '{"update_id": 9}', "TypeError: no", NOW)
    [dead] = await updates.dead_letters(db)
    assert (dead.update_id, dead.raw, dead.error) == (9, '{"update_id": 9}', "TypeError: no")
    assert await updates.next_offset(db, BOT, NOW) == 10
    assert not await updates.seen(db, 9)  # it was not handled: it is confirmed, not processed


async def test_forget_all_drops_processed_ids_and_offsets(db: Database) -> None:
    await updates.confirm(db, BOT, 12, NOW)
    await updates.forget_all(db)
    assert not await updates.seen(db, 12)
    assert await updates.next_offset(db, BOT, NOW) is None
