"""The office's own configuration sections and the substitutes who act for absent staff."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from storage.base import Reader, as_dict
from storage.db import Tx
from storage.models import Row
from storage.moments import to_iso


class OfficeConfig:
    """Read the office-wide sections ``refah configure`` stored."""

    def __init__(self, q: Reader) -> None:
        self.q = q

    async def section(self, name: str) -> Any | None:
        """A stored section's data (JSON), or None if it was never configured."""
        text = await self.q.fetchval("SELECT data FROM office_config WHERE section = ?", (name,))
        return json.loads(text) if text is not None else None


async def save_section(tx: Tx, name: str, data: Any, now: dt.datetime) -> None:
    """Store (replace) an office-wide section, already checked and normalised to JSON."""
    await tx.execute(
        """INSERT INTO office_config (section, data, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (section) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at""",
        (name, json.dumps(data, ensure_ascii=False), to_iso(now)),
    )


class Substitution(Row):
    """``substitute`` acts with ``principal``'s roles from ``first_day`` to ``last_day`` (office days)."""

    id: int
    principal: int
    substitute: int
    first_day: dt.date
    last_day: dt.date
    named_by: int | None
    named_at: dt.datetime
    ended_at: dt.datetime | None


class Substitutes:
    """Read substitutions."""

    def __init__(self, q: Reader) -> None:
        self.q = q

    async def acting_for(self, substitute: int, day: dt.date) -> list[int]:
        """The staff ``substitute`` stands in for on ``day`` (a running, not ended substitution)."""
        rows = await self.q.fetchall(
            """SELECT DISTINCT principal FROM substitutes
               WHERE substitute = ? AND ended_at IS NULL AND first_day <= ? AND last_day >= ?
               ORDER BY principal""",
            (substitute, day.isoformat(), day.isoformat()),
        )
        return [int(r["principal"]) for r in rows]

    async def standing_in(self, principals: list[int], day: dt.date) -> list[int]:
        """Who stands in on ``day`` for any of ``principals``."""
        if not principals:
            return []
        marks = ",".join("?" * len(principals))
        rows = await self.q.fetchall(
            f"""SELECT DISTINCT substitute FROM substitutes
                WHERE principal IN ({marks}) AND ended_at IS NULL AND first_day <= ? AND last_day >= ?
                ORDER BY substitute""",
            (*principals, day.isoformat(), day.isoformat()),
        )
        return [int(r["substitute"]) for r in rows]

    async def current(self, day: dt.date, user_id: int | None = None) -> list[Substitution]:
        """Substitutions not ended and not over by ``day`` (of ``user_id`` as either side, if given)."""
        if user_id is None:
            rows = await self.q.fetchall(
                "SELECT * FROM substitutes WHERE ended_at IS NULL AND last_day >= ? ORDER BY first_day, id",
                (day.isoformat(),),
            )
        else:
            rows = await self.q.fetchall(
                """SELECT * FROM substitutes WHERE ended_at IS NULL AND last_day >= ?
                   AND (principal = ? OR substitute = ?) ORDER BY first_day, id""",
                (day.isoformat(), user_id, user_id),
            )
        return [Substitution(**as_dict(r)) for r in rows]

    async def get(self, substitution_id: int) -> Substitution | None:
        """By id."""
        row = await self.q.fetchone("SELECT * FROM substitutes WHERE id = ?", (substitution_id,))
        return Substitution(**as_dict(row)) if row else None


async def add_substitution(
    tx: Tx,
    *,
    principal: int,
    substitute: int,
    first_day: dt.date,
    last_day: dt.date,
    named_by: int | None,
    now: dt.datetime,
) -> int:
    """Record a substitution; returns its id."""
    return await tx.execute(
        """INSERT INTO substitutes (principal, substitute, first_day, last_day, named_by, named_at)
           VALUES (?, ?, ?, ?, ?, ?)""",
        (principal, substitute, first_day.isoformat(), last_day.isoformat(), named_by, to_iso(now)),
    )


async def end_substitution(tx: Tx, substitution_id: int, now: dt.datetime) -> bool:
    """End a substitution early; False if it had ended already."""
    changed = await tx.rowcount(
        "UPDATE substitutes SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
        (to_iso(now), substitution_id),
    )
    return changed == 1


async def has_pending(q: Reader, kind: str) -> bool:
    """Whether an office job (a reminder row of ``kind`` with no request) is armed."""
    return bool(
        await q.fetchval(
            "SELECT 1 FROM reminders WHERE kind = ? AND request_id IS NULL AND status = 'pending' LIMIT 1",
            (kind,),
        )
    )
