"""Update ids already processed, so a redelivery after a crash is not handled twice."""

from __future__ import annotations

import datetime as dt

from storage.db import Database
from storage.moments import to_iso


async def seen(db: Database, update_id: int) -> bool:
    """Whether this update was processed already."""
    return bool(await db.fetchval("SELECT 1 FROM processed_updates WHERE update_id = ?", (update_id,)))


async def remember(db: Database, update_id: int, now: dt.datetime) -> None:
    """Record the update as processed."""
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT OR IGNORE INTO processed_updates (update_id, processed_at) VALUES (?, ?)",
            (update_id, to_iso(now)),
        )


async def forget_before(db: Database, moment: dt.datetime) -> None:
    """Drop records older than ``moment`` (redeliveries come within minutes, not days)."""
    async with db.transaction() as tx:
        await tx.execute("DELETE FROM processed_updates WHERE processed_at < ?", (to_iso(moment),))


async def forget_all(db: Database) -> None:
    """Drop every record (the update ids restart, as in a new playground messenger)."""
    async with db.transaction() as tx:
        await tx.execute("DELETE FROM processed_updates")
