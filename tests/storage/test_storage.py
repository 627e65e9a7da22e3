"""The database on a temp file: migrations, transactions, persistence, outbox, reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from services.clock import UTC
from storage import outbox
from storage.db import Database, _migrations, counting
from storage.persistence import SQLitePersistence
from storage.reminders import Reminders, add_reminder, cancel_reminders, claim_reminder

NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "t.sqlite3") as database:
        yield database


async def test_migrations_apply_once_and_set_the_version(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    async with Database(path) as db:
        assert await db.schema_version() == _migrations()[-1][0]
        assert await db.fetchval("PRAGMA foreign_keys") == 1
        assert await db.fetchval("PRAGMA journal_mode") == "wal"
    async with Database(path) as again:  # a second start applies nothing and keeps the data
        assert await again.schema_version() == _migrations()[-1][0]


async def test_a_failed_transaction_leaves_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            await outbox.enqueue(tx, chat_id=1, method="sendMessage", payload={"text": "x"}, now=NOW)
            raise RuntimeError("boom")
    assert await db.fetchval("SELECT COUNT(*) FROM outbox") == 0


async def test_outbox_dedupe_and_mark_sent_once(db: Database) -> None:
    async with db.transaction() as tx:
        first = await outbox.enqueue(
            tx, chat_id=1, method="sendMessage", payload={"text": "a"}, now=NOW, dedupe_key="k"
        )
        again = await outbox.enqueue(
            tx, chat_id=1, method="sendMessage", payload={"text": "a"}, now=NOW, dedupe_key="k"
        )
    assert first and not again
    async with db.transaction() as tx:
        assert await outbox.mark_sent(tx, first, 10, NOW)
        assert not await outbox.mark_sent(tx, first, 11, NOW)
    assert await outbox.Outbox(db).pending() == []


async def test_reminders_fire_once_and_not_before_due(db: Database) -> None:
    due = NOW + dt.timedelta(hours=1)
    async with db.transaction() as tx:
        rid = (await add_reminder(tx, request_id=None, chat_id=5, kind="k", due_at=due, text="t")).id
        assert await claim_reminder(tx, rid, NOW) is None
        assert await claim_reminder(tx, rid, due) is not None
        assert await claim_reminder(tx, rid, due) is None
    assert await Reminders(db).pending() == []


async def test_cancelled_reminders_never_fire(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO employees (personnel_no, national_id, first_name, last_name, mobile, status, sheba, updated_at)"
            " VALUES ('1', '0012345679', 'a', 'b', '09120000000', 'employed', 'IR0', ?)",
            (NOW.isoformat(),),
        )
        await tx.execute(
            "INSERT INTO requests (tracking_code, service, employee_id, user_id, status, created_at, updated_at)"
            " VALUES ('AAAA-2222', 'booklet', 1, 5, 'submitted', ?, ?)",
            (NOW.isoformat(), NOW.isoformat()),
        )
        rid = (await add_reminder(tx, request_id=1, chat_id=5, kind="k", due_at=NOW, text="t")).id
        assert await cancel_reminders(tx, 1) == [rid]
        assert await claim_reminder(tx, rid, NOW) is None


async def test_persistence_round_trips_conversations_and_user_data(db: Database) -> None:
    persistence = SQLitePersistence(db)
    await persistence.update_conversation("bk", (10, 10), "booklet.docs")
    await persistence.update_user_data(10, {"draft:bk": {"key": "abc", "files": []}})
    await persistence.update_chat_data(-5, {"reasons": {"7": {"request_id": 1}}})
    assert await SQLitePersistence(db).get_user_data() == {}  # queued, not yet written
    await persistence.commit()
    again = SQLitePersistence(db)
    assert await again.get_conversations("bk") == {(10, 10): "booklet.docs"}
    assert await again.get_user_data() == {10: {"draft:bk": {"key": "abc", "files": []}}}
    assert await again.get_chat_data() == {-5: {"reasons": {"7": {"request_id": 1}}}}
    await again.update_conversation("bk", (10, 10), None)
    await again.flush()
    assert await again.get_conversations("bk") == {}


async def test_persistence_writes_state_and_processed_mark_in_one_transaction_and_skips_the_unchanged(
    db: Database,
) -> None:
    persistence = SQLitePersistence(db)
    await persistence.update_user_data(10, {"a": 1})
    await persistence.update_conversation("bk", (10, 10), "booklet.docs")
    persistence.mark_processed(77, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    with counting() as count:
        await persistence.commit()
    assert (count.statements, count.transactions) == (3, 1)
    assert await db.fetchval("SELECT 1 FROM processed_updates WHERE update_id = 77") == 1
    await persistence.update_user_data(10, {"a": 1})  # unchanged: nothing to write
    with counting() as count:
        await persistence.commit()
    assert (count.statements, count.transactions) == (0, 0)


async def test_a_file_that_is_not_a_database_fails_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "not.sqlite3"
    path.write_bytes(b"this is not a database, just text " * 200)
    db = Database(path)
    with pytest.raises(Exception, match="not a database"):
        await db.open()
    assert db._conn is None


def test_migration_numbers_run_without_gaps() -> None:
    """A database only applies numbers above its last one: a gap filled later would never be applied."""
    numbers = [number for number, _, _ in _migrations()]
    assert numbers == list(range(1, len(numbers) + 1))
