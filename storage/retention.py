"""Personal documents past their retention: which closed requests still hold file ids, and deleting them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from storage.base import Reader
from storage.db import Tx
from storage.moments import to_iso

RETENTION_KEY = "retention.documents_days"


async def set_setting(tx: Tx, key: str, value: str, now: dt.datetime) -> None:
    """Store one office-wide setting."""
    await tx.execute(
        """INSERT INTO office_settings (key, value, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at""",
        (key, value, to_iso(now)),
    )


async def setting(q: Reader, key: str) -> str | None:
    """One office-wide setting, if it was ever loaded."""
    value = await q.fetchval("SELECT value FROM office_settings WHERE key = ?", (key,))
    return None if value is None else str(value)


async def expired(
    q: Reader, closed: Iterable[tuple[str, str]], before: dt.datetime
) -> list[tuple[int, str, int]]:
    """(request id, status, documents) of requests closed before ``before`` whose documents are still held.

    ``closed``: (service, final status) pairs. A request's last change (``updated_at``) is when it closed.
    """
    pairs = sorted(set(closed))
    if not pairs:
        return []
    match = " OR ".join("(r.service = ? AND r.status = ?)" for _ in pairs)
    rows = await q.fetchall(
        f"""SELECT r.id, r.status, COUNT(a.id) AS n FROM requests r JOIN attachments a ON a.request_id = r.id
             WHERE a.purged_at IS NULL AND r.updated_at < ? AND ({match})
             GROUP BY r.id ORDER BY r.id""",
        (to_iso(before), *(x for pair in pairs for x in pair)),
    )
    return [(int(r["id"]), str(r["status"]), int(r["n"])) for r in rows]


async def purge_documents(tx: Tx, request_id: int, now: dt.datetime) -> int:
    """Delete a request's file ids (and any copy the outbox kept); returns the documents purged."""
    purged = await tx.rowcount(
        """UPDATE attachments SET file_id = '', file_unique_id = NULL, file_name = NULL, purged_at = ?
            WHERE request_id = ? AND purged_at IS NULL""",
        (to_iso(now), request_id),
    )
    await tx.execute(
        """UPDATE outbox SET payload = json_set(payload, '$.file_id', ''), document = NULL
            WHERE request_id = ? AND status != 'pending'
              AND (method IN ('sendPhoto', 'sendDocument') OR document IS NOT NULL)""",
        (request_id,),
    )
    return purged
