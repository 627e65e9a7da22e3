"""The outbox's outcomes in SQL: a hold is not an attempt; a retry buries only what is old and tried out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storage import outbox
from storage.db import Database

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


async def _row(db: Database, row_id: int) -> tuple[str, int]:
    row = await db.fetchone("SELECT status, attempts FROM outbox WHERE id = ?", (row_id,))
    assert row is not None
    return row["status"], row["attempts"]


@pytest.mark.parametrize(
    ("attempts_before", "age", "buried"),
    [
        (0, dt.timedelta(minutes=1), False),
        (18, dt.timedelta(days=10), False),  # one short of the attempts
        (19, dt.timedelta(hours=1), False),  # tried out, but only an hour old: an outage, not a lost cause
        (19, dt.timedelta(days=2, hours=23), False),
        (19, dt.timedelta(days=3, seconds=1), True),
        (50, dt.timedelta(days=4), True),
    ],
)
async def test_retry_buries_only_rows_tried_out_and_old(
    tmp_path: Path, attempts_before: int, age: dt.timedelta, buried: bool
) -> None:
    async with Database(tmp_path / "o.sqlite3") as db:
        async with db.transaction() as tx:
            row_id = await outbox.enqueue(tx, chat_id=1, method="sendMessage", payload={"text": "x"}, now=T0)
            await tx.execute("UPDATE outbox SET attempts = ? WHERE id = ?", (attempts_before, row_id))
        now = T0 + age
        async with db.transaction() as tx:
            dead = await outbox.retry(
                tx,
                row_id,
                not_before=now + dt.timedelta(seconds=5),
                error="502",
                max_attempts=20,
                give_up_before=now - dt.timedelta(days=3),
            )
        assert dead is buried
        assert await _row(db, row_id) == ("dead" if buried else "pending", attempts_before + 1)


async def test_a_hold_is_not_an_attempt(tmp_path: Path) -> None:
    async with Database(tmp_path / "o.sqlite3") as db:
        async with db.transaction() as tx:
            row_id = await outbox.enqueue(tx, chat_id=1, method="sendMessage", payload={"text": "x"}, now=T0)
        for i in range(30):
            async with db.transaction() as tx:
                await outbox.hold(tx, row_id, T0 + dt.timedelta(seconds=i), "429")
        assert await _row(db, row_id) == ("pending", 0)
        later = await db.fetchval("SELECT not_before FROM outbox WHERE id = ?", (row_id,))
        assert later.startswith("2026-01-01T00:00:29")
