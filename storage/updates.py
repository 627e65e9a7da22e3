"""Update bookkeeping: ids already processed, the last update confirmed, and updates that could not be parsed.

A redelivery after a crash is not handled twice (``seen``); a restarted bot asks for the update after the
last one it confirmed (``next_offset``); an update the bot cannot parse is kept in ``dead_updates``.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from storage.db import Database, Tx
from storage.moments import from_iso, to_iso

#: A stored offset older than this is not trusted: after a week without updates Telegram may number the next
#: one at random, and an offset above it would confirm (drop) it unseen. Telegram's own record is used then.
OFFSET_MAX_AGE = dt.timedelta(days=6)


class DeadUpdate(BaseModel):
    """An update the bot could not parse, as it arrived."""

    update_id: int
    raw: str
    error: str
    received_at: str


async def seen(db: Database, update_id: int) -> bool:
    """Whether this update was processed already."""
    return bool(await db.fetchval("SELECT 1 FROM processed_updates WHERE update_id = ?", (update_id,)))


async def remember(db: Database, update_id: int, now: dt.datetime) -> None:
    """Record the update as processed."""
    async with db.transaction() as tx:
        await remember_in(tx, update_id, now)


async def confirm(db: Database, bot_id: int, update_id: int, now: dt.datetime) -> None:
    """Record the update as processed and as the last one ``bot_id`` confirmed, in one transaction."""
    async with db.transaction() as tx:
        await remember_in(tx, update_id, now)
        await advance_in(tx, bot_id, update_id, now)


async def bury(db: Database, bot_id: int, update_id: int, raw: str, error: str, now: dt.datetime) -> None:
    """Keep an unparsable update in ``dead_updates`` and confirm it, in one transaction."""
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO dead_updates (update_id, raw, error, received_at) VALUES (?, ?, ?, ?)",
            (update_id, raw, error, to_iso(now)),
        )
        await advance_in(tx, bot_id, update_id, now)


async def next_offset(db: Database, bot_id: int, now: dt.datetime) -> int | None:
    """The offset a restarted ``bot_id`` polls with (None: none stored, or too old to trust)."""
    row = await db.fetchone(
        "SELECT last_update_id, confirmed_at FROM polling_offsets WHERE bot_id = ?", (bot_id,)
    )
    if row is None or now - from_iso(row["confirmed_at"]) > OFFSET_MAX_AGE:
        return None
    return int(row["last_update_id"]) + 1


async def dead_letters(db: Database) -> list[DeadUpdate]:
    """Every update kept as unparsable, oldest first."""
    rows = await db.fetchall("SELECT update_id, raw, error, received_at FROM dead_updates ORDER BY id")
    return [DeadUpdate(**dict(r)) for r in rows]


async def forget_before(db: Database, moment: dt.datetime) -> None:
    """Drop records older than ``moment`` (redeliveries come within minutes, not days)."""
    async with db.transaction() as tx:
        await tx.execute("DELETE FROM processed_updates WHERE processed_at < ?", (to_iso(moment),))


async def forget_all(db: Database) -> None:
    """Drop every record and offset (the update ids restart, as in a new playground messenger)."""
    async with db.transaction() as tx:
        await tx.execute("DELETE FROM processed_updates")
        await tx.execute("DELETE FROM polling_offsets")


async def remember_in(tx: Tx, update_id: int, now: dt.datetime) -> None:
    """Record the update as processed, inside the caller's transaction."""
    await tx.execute(
        "INSERT OR IGNORE INTO processed_updates (update_id, processed_at) VALUES (?, ?)",
        (update_id, to_iso(now)),
    )


async def advance_in(tx: Tx, bot_id: int, update_id: int, now: dt.datetime) -> None:
    """Record ``update_id`` as the last one ``bot_id`` confirmed, inside the caller's transaction."""
    await tx.execute(
        """INSERT INTO polling_offsets (bot_id, last_update_id, confirmed_at) VALUES (?, ?, ?)
           ON CONFLICT (bot_id) DO UPDATE SET last_update_id = excluded.last_update_id,
                                              confirmed_at = excluded.confirmed_at""",
        (bot_id, update_id, to_iso(now)),
    )
