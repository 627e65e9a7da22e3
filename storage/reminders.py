"""Reminders: messages due at a moment, kept as rows so a restart re-schedules them."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from storage.base import Reader, as_dict
from storage.db import Tx
from storage.models import Reminder
from storage.moments import to_iso


class Reminders:
    """Read reminders."""

    def __init__(self, q: Reader) -> None:
        self.q = q

    async def pending(self) -> list[Reminder]:
        """Every reminder not yet fired or cancelled, soonest first."""
        rows = await self.q.fetchall("SELECT * FROM reminders WHERE status = 'pending' ORDER BY due_at, id")
        return [Reminder(**as_dict(r)) for r in rows]

    async def get(self, reminder_id: int) -> Reminder | None:
        """By id."""
        row = await self.q.fetchone("SELECT * FROM reminders WHERE id = ?", (reminder_id,))
        return Reminder(**as_dict(row)) if row else None

    async def of_request(self, request_id: int) -> list[Reminder]:
        """A request's reminders, soonest first."""
        rows = await self.q.fetchall(
            "SELECT * FROM reminders WHERE request_id = ? ORDER BY due_at, id", (request_id,)
        )
        return [Reminder(**as_dict(r)) for r in rows]


class Armed(NamedTuple):
    """A reminder just added or re-armed: what the scheduler needs, so it need not read it back."""

    id: int
    due_at: dt.datetime


async def add_reminder(
    tx: Tx, *, request_id: int | None, chat_id: int, kind: str, due_at: dt.datetime, text: str
) -> Armed:
    """Add (or re-arm) the request's reminder of this kind; returns its id and due moment."""
    if request_id is None:  # NULLs never conflict: no upsert to make, the new row's id is the answer
        new_id = await tx.execute(
            "INSERT INTO reminders (request_id, chat_id, kind, due_at, text) VALUES (?, ?, ?, ?, ?)",
            (request_id, chat_id, kind, to_iso(due_at), text),
        )
        return Armed(new_id, due_at)
    return Armed(
        int(
            await tx.fetchval(
                """INSERT INTO reminders (request_id, chat_id, kind, due_at, text) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (request_id, kind) DO UPDATE SET chat_id = excluded.chat_id,
                 due_at = excluded.due_at, text = excluded.text, status = 'pending', fired_at = NULL
               RETURNING id""",
                (request_id, chat_id, kind, to_iso(due_at), text),
            )
        ),
        due_at,
    )


async def claim_reminder(tx: Tx, reminder_id: int, now: dt.datetime) -> Reminder | None:
    """Mark a due pending reminder fired and return it; None if it is gone, fired or not yet due."""
    row = await tx.fetchone(
        "SELECT * FROM reminders WHERE id = ? AND status = 'pending' AND due_at <= ?",
        (reminder_id, to_iso(now)),
    )
    if row is None:
        return None
    await tx.execute(
        "UPDATE reminders SET status = 'fired', fired_at = ? WHERE id = ?", (to_iso(now), reminder_id)
    )
    return Reminder(**as_dict(row))


async def cancel_reminders(tx: Tx, request_id: int) -> list[int]:
    """Cancel the request's pending reminders; returns their ids."""
    rows = await tx.fetchall(
        "SELECT id FROM reminders WHERE request_id = ? AND status = 'pending'", (request_id,)
    )
    await tx.execute(
        "UPDATE reminders SET status = 'cancelled' WHERE request_id = ? AND status = 'pending'", (request_id,)
    )
    return [int(r["id"]) for r in rows]
