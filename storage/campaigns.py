"""What campaigns share: the linked people they announce to, and how far an announcement got (the outbox)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from storage.base import Reader, as_dict
from storage.db import Tx
from storage.models import Row
from storage.moments import to_iso


@dataclass(frozen=True)
class Recipient:
    """A linked employee: who to tell, in which chat."""

    employee_id: int
    user_id: int
    status: str


@dataclass(frozen=True)
class Delivery:
    """An announcement's rows in the outbox: queued, sent, unreachable (given up), still pending."""

    queued: int
    sent: int
    unreachable: int

    @property
    def pending(self) -> int:
        """Rows not yet sent nor given up."""
        return self.queued - self.sent - self.unreachable

    @property
    def finished(self) -> bool:
        """Whether every row left the queue."""
        return self.pending == 0


async def recipients(q: Reader, statuses: Sequence[str] | None = None) -> list[Recipient]:
    """Every linked employee (of ``statuses`` when given), by employee id."""
    sql = """SELECT e.id AS employee_id, a.user_id, e.status FROM accounts a
             JOIN employees e ON e.id = a.employee_id"""
    params: tuple[str, ...] = ()
    if statuses is not None:
        sql += f" WHERE e.status IN ({','.join('?' * len(statuses))})"
        params = tuple(statuses)
    rows = await q.fetchall(sql + " ORDER BY e.id", params)
    return [Recipient(int(r["employee_id"]), int(r["user_id"]), str(r["status"])) for r in rows]


async def delivery(q: Reader, purpose: str) -> Delivery:
    """How the outbox rows queued under ``purpose`` stand."""
    rows = await q.fetchall(
        "SELECT status, COUNT(*) AS n FROM outbox WHERE purpose = ? GROUP BY status", (purpose,)
    )
    counts = {str(r["status"]): int(r["n"]) for r in rows}
    return Delivery(sum(counts.values()), counts.get("sent", 0), counts.get("dead", 0))


#: The campaign tables whose announcements are followed (a table name never comes from input).
CAMPAIGN_TABLES = frozenset({"award_campaigns", "voucher_campaigns"})


class Announcing(Row):
    """Who follows a campaign's announcement, on which message, and whether the final count went out."""

    id: int
    opened_by: int | None
    progress_chat_id: int | None
    progress_message_id: int | None
    reported_at: dt.datetime | None


def _table(table: str) -> str:
    if table not in CAMPAIGN_TABLES:
        raise ValueError(table)
    return table


async def announcing(
    q: Reader, table: str, *, campaign_id: int | None = None, tick_id: int | None = None
) -> Announcing | None:
    """A campaign by id, or by the progress timer that fired."""
    column, value = ("id", campaign_id) if campaign_id is not None else ("tick_id", tick_id)
    row = await q.fetchone(
        f"""SELECT id, opened_by, progress_chat_id, progress_message_id, reported_at FROM {_table(table)}
            WHERE {column} = ?""",
        (value,),
    )
    return Announcing(**as_dict(row)) if row else None


async def set_tick(tx: Tx, table: str, campaign_id: int, reminder_id: int) -> None:
    """The timer that looks at the campaign's announcement next."""
    await tx.execute(f"UPDATE {_table(table)} SET tick_id = ? WHERE id = ?", (reminder_id, campaign_id))


async def set_progress_message(tx: Tx, table: str, campaign_id: int, chat_id: int, message_id: int) -> None:
    """The message that shows the announcement's progress."""
    await tx.execute(
        f"UPDATE {_table(table)} SET progress_chat_id = ?, progress_message_id = ? WHERE id = ?",
        (chat_id, message_id, campaign_id),
    )


async def mark_reported(tx: Tx, table: str, campaign_id: int, now: dt.datetime) -> bool:
    """The final count was sent; False if it already had been."""
    changed = await tx.rowcount(
        f"UPDATE {_table(table)} SET reported_at = ? WHERE id = ? AND reported_at IS NULL",
        (to_iso(now), campaign_id),
    )
    return changed == 1
