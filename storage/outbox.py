"""The outbox: every message the bot owes a chat, written in the same transaction as the change.

What the sender calls, per outcome of one Bot API call:

- accepted (a Message, or True): :func:`mark_sent` (retry it until it commits: Telegram has the message,
  and a row left pending would be sent again);
- 429 Too Many Requests: :func:`hold` until ``retry_after`` has passed; a hold is not an attempt;
- 5xx, a network error, a lost response: :func:`retry`, which counts the attempt and only buries a row that
  has failed ``max_attempts`` times *and* is older than ``give_up_before`` (days, not an hour of outage);
- Telegram refuses the row itself (400, 403: blocked bot, deleted chat): :func:`bury`.

Delivery is at-least-once: a send whose response is lost (or a process killed after Telegram accepted it and
before :func:`mark_sent` committed) is sent again, as nothing tells whether Telegram applied it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from storage.base import Reader, as_dict
from storage.db import Tx
from storage.models import OutboxMessage
from storage.moments import to_iso


async def enqueue(
    tx: Tx,
    *,
    chat_id: int,
    method: str,
    payload: dict[str, Any],
    now: dt.datetime,
    document: bytes | None = None,
    dedupe_key: str | None = None,
    request_id: int | None = None,
    purpose: str | None = None,
) -> int:
    """Queue one Bot API call; a repeated ``dedupe_key`` is ignored. Returns the row id (0 if ignored)."""
    stamp = to_iso(now)
    return await tx.execute(
        """INSERT OR IGNORE INTO outbox (chat_id, method, payload, document, dedupe_key, not_before,
                                         created_at, request_id, purpose)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            chat_id,
            method,
            json.dumps(payload, ensure_ascii=False),
            document,
            dedupe_key,
            stamp,
            stamp,
            request_id,
            purpose,
        ),
    )


class Outbox:
    """Read the queue."""

    def __init__(self, q: Reader) -> None:
        self.q = q

    async def pending(self, limit: int = 200) -> list[OutboxMessage]:
        """Unsent rows in queue order (due or not: a deferred row holds back its chat)."""
        rows = await self.q.fetchall(
            "SELECT * FROM outbox WHERE status = 'pending' ORDER BY id LIMIT ?", (limit,)
        )
        return [OutboxMessage(**as_dict(r)) for r in rows]

    async def counts(self) -> dict[str, int]:
        """Rows per status."""
        rows = await self.q.fetchall("SELECT status, COUNT(*) AS n FROM outbox GROUP BY status")
        return {r["status"]: int(r["n"]) for r in rows}


async def attach_document(tx: Tx, row: OutboxMessage, document: bytes) -> int:
    """Keep a rendered document on its row and on every pending row owing the same document."""
    return await tx.rowcount(
        """UPDATE outbox SET document = ?
           WHERE status = 'pending' AND document IS NULL
             AND (id = ? OR (method = ? AND payload = ?))""",
        (document, row.id, row.method, json.dumps(row.payload, ensure_ascii=False)),
    )


async def mark_sent(tx: Tx, row_id: int, message_id: int | None, now: dt.datetime) -> bool:
    """Mark a row sent, once; False if it was not pending."""
    changed = await tx.rowcount(
        """UPDATE outbox SET status = 'sent', sent_at = ?, message_id = ?, attempts = attempts + 1
           WHERE id = ? AND status = 'pending'""",
        (to_iso(now), message_id, row_id),
    )
    return changed == 1


async def defer(tx: Tx, row_id: int, not_before: dt.datetime, error: str) -> None:
    """Count a failed attempt; try again no earlier than ``not_before`` (never buries: see :func:`retry`)."""
    await tx.execute(
        "UPDATE outbox SET attempts = attempts + 1, not_before = ?, last_error = ? WHERE id = ?",
        (to_iso(not_before), error[:500], row_id),
    )


async def hold(tx: Tx, row_id: int, not_before: dt.datetime, error: str) -> None:
    """Telegram said "retry after" (429): wait until ``not_before``; not an attempt, whatever the count."""
    await tx.execute(
        "UPDATE outbox SET not_before = ?, last_error = ? WHERE id = ? AND status = 'pending'",
        (to_iso(not_before), error[:500], row_id),
    )


async def retry(
    tx: Tx,
    row_id: int,
    *,
    not_before: dt.datetime,
    error: str,
    max_attempts: int,
    give_up_before: dt.datetime,
) -> bool:
    """Count a failed attempt (5xx, network) and try again at ``not_before``; True if the row was buried.

    A row is buried only when it has failed ``max_attempts`` times and was queued before ``give_up_before``:
    an outage of an hour (or a day) delays messages, it does not lose them.
    """
    status = await tx.fetchval(
        """UPDATE outbox
              SET attempts = attempts + 1, not_before = ?, last_error = ?,
                  status = CASE WHEN attempts + 1 >= ? AND created_at < ? THEN 'dead' ELSE status END
            WHERE id = ? AND status = 'pending'
        RETURNING status""",
        (to_iso(not_before), error[:500], max_attempts, to_iso(give_up_before), row_id),
    )
    return bool(status == "dead")


async def bury(tx: Tx, row_id: int, error: str) -> None:
    """Give up on a row Telegram will never accept (blocked bot, deleted chat, bad request)."""
    await tx.execute(
        "UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_error = ? WHERE id = ?",
        (error[:500], row_id),
    )
