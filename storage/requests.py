"""Requests (cases) of every service, their audit trail and their attachments."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from storage.base import Reader, as_dict
from storage.db import Tx
from storage.models import Attachment, Request, RequestEvent
from storage.moments import to_iso


class Requests:
    """Read requests, events and attachments."""

    def __init__(self, q: Reader) -> None:
        self.q = q

    async def get(self, request_id: int) -> Request | None:
        """By primary key."""
        row = await self.q.fetchone("SELECT * FROM requests WHERE id = ?", (request_id,))
        return Request(**as_dict(row)) if row else None

    async def by_code(self, tracking_code: str) -> Request | None:
        """By tracking code."""
        row = await self.q.fetchone("SELECT * FROM requests WHERE tracking_code = ?", (tracking_code,))
        return Request(**as_dict(row)) if row else None

    async def by_idempotency_key(self, key: str) -> Request | None:
        """The request a submission key already created, if any."""
        row = await self.q.fetchone("SELECT * FROM requests WHERE idempotency_key = ?", (key,))
        return Request(**as_dict(row)) if row else None

    async def of_employee(self, employee_id: int, limit: int = 20) -> list[Request]:
        """The employee's requests, newest first."""
        rows = await self.q.fetchall(
            "SELECT * FROM requests WHERE employee_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
            (employee_id, limit),
        )
        return [Request(**as_dict(r)) for r in rows]

    async def in_status(self, service: str, statuses: list[str]) -> list[Request]:
        """A service's requests in any of ``statuses``, oldest first."""
        marks = ",".join("?" * len(statuses))
        rows = await self.q.fetchall(
            f"SELECT * FROM requests WHERE service = ? AND status IN ({marks}) ORDER BY id",
            (service, *statuses),
        )
        return [Request(**as_dict(r)) for r in rows]

    async def events(self, request_id: int) -> list[RequestEvent]:
        """The audit trail, oldest first."""
        rows = await self.q.fetchall(
            "SELECT * FROM request_events WHERE request_id = ? ORDER BY id", (request_id,)
        )
        return [RequestEvent(**as_dict(r)) for r in rows]

    async def last_actor_of(self, request_id: int, action: str) -> int | None:
        """Who last took ``action`` on the request."""
        value = await self.q.fetchval(
            "SELECT actor FROM request_events WHERE request_id = ? AND action = ? ORDER BY id DESC LIMIT 1",
            (request_id, action),
        )
        return int(value) if value is not None else None

    async def last_actor_and_principal_of(
        self, request_id: int, action: str
    ) -> tuple[int | None, int | None]:
        """Who last took ``action`` on the request, and whom they took it for (a substitute's principal)."""
        row = await self.q.fetchone(
            """SELECT actor, on_behalf_of FROM request_events WHERE request_id = ? AND action = ?
               ORDER BY id DESC LIMIT 1""",
            (request_id, action),
        )
        if row is None:
            return None, None
        return row["actor"], row["on_behalf_of"]

    async def attachments(self, request_id: int) -> list[Attachment]:
        """The request's attachments, in upload order."""
        rows = await self.q.fetchall(
            "SELECT * FROM attachments WHERE request_id = ? ORDER BY id", (request_id,)
        )
        return [Attachment(**as_dict(r)) for r in rows]

    async def attachment(self, attachment_id: int) -> Attachment | None:
        """One attachment by id."""
        row = await self.q.fetchone("SELECT * FROM attachments WHERE id = ?", (attachment_id,))
        return Attachment(**as_dict(row)) if row else None


async def insert_request(
    tx: Tx,
    *,
    tracking_code: str,
    service: str,
    employee_id: int,
    user_id: int,
    status: str,
    payload: dict[str, Any],
    idempotency_key: str | None,
    now: dt.datetime,
) -> Request | None:
    """Create a request and return it, in one statement; None if its idempotency key is taken already."""
    stamp = to_iso(now)
    row = await tx.fetchone(
        """INSERT INTO requests (tracking_code, service, employee_id, user_id, status, payload,
                                 idempotency_key, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (idempotency_key) DO NOTHING
           RETURNING *""",
        (
            tracking_code,
            service,
            employee_id,
            user_id,
            status,
            json.dumps(payload, ensure_ascii=False),
            idempotency_key,
            stamp,
            stamp,
        ),
    )
    return Request(**as_dict(row)) if row else None


async def set_status(
    tx: Tx, request_id: int, expected: str, status: str, now: dt.datetime, *, resume_status: str | None = None
) -> bool:
    """Move the request from ``expected`` to ``status``; False if someone moved it first."""
    changed = await tx.rowcount(
        "UPDATE requests SET status = ?, resume_status = ?, updated_at = ? WHERE id = ? AND status = ?",
        (status, resume_status, to_iso(now), request_id, expected),
    )
    return changed == 1


async def update_payload(tx: Tx, request_id: int, payload: dict[str, Any], now: dt.datetime) -> None:
    """Replace the request's service payload."""
    await tx.execute(
        "UPDATE requests SET payload = ?, updated_at = ? WHERE id = ?",
        (json.dumps(payload, ensure_ascii=False), to_iso(now), request_id),
    )


async def add_event(
    tx: Tx,
    request_id: int,
    *,
    actor: int | None,
    actor_name: str | None = None,
    actor_role: str | None,
    action: str,
    from_status: str | None,
    to_status: str,
    note: str | None,
    now: dt.datetime,
    on_behalf_of: int | None = None,
) -> int:
    """Append one line to the request's audit trail (``on_behalf_of``: whom a substitute acted for)."""
    return await tx.execute(
        """INSERT INTO request_events (request_id, at, actor, actor_name, actor_role, action, from_status,
                                       to_status, note, on_behalf_of)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            request_id,
            to_iso(now),
            actor,
            actor_name,
            actor_role,
            action,
            from_status,
            to_status,
            note,
            on_behalf_of,
        ),
    )


async def add_attachment(
    tx: Tx,
    request_id: int,
    *,
    kind: str,
    file_id: str,
    file_unique_id: str | None,
    file_name: str | None,
    mime_type: str | None,
    file_size: int | None,
    uploaded_by: int | None,
    now: dt.datetime,
) -> int:
    """Attach a file (by its Telegram file id) to a request."""
    return await tx.execute(
        """INSERT INTO attachments (request_id, kind, file_id, file_unique_id, file_name, mime_type,
                                    file_size, uploaded_by, uploaded_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            request_id,
            kind,
            file_id,
            file_unique_id,
            file_name,
            mime_type,
            file_size,
            uploaded_by,
            to_iso(now),
        ),
    )


async def set_admin_message(tx: Tx, request_id: int, chat_id: int, message_id: int) -> None:
    """Remember where the request's card stands in the admin group."""
    await tx.execute(
        "UPDATE requests SET admin_chat_id = ?, admin_message_id = ? WHERE id = ?",
        (chat_id, message_id, request_id),
    )
