"""The organisation's identity, letter numbers, and the check tokens of issued documents."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pydantic import BaseModel, ConfigDict

from storage.base import Reader, as_dict
from storage.db import Tx
from storage.moments import from_iso, to_iso


class OrganisationRow(BaseModel):
    """The organisation as the office file set it."""

    model_config = ConfigDict(frozen=True)

    name: str
    unit: str
    address: str
    phone: str
    logo_path: str | None
    letter_series: str
    signatories: list[dict[str, str]]


class DocumentCheck(BaseModel):
    """One issued document as its check sees it, with its request's status (if it belongs to one)."""

    model_config = ConfigDict(frozen=True)

    token: str
    kind: str
    label: str
    request_id: int | None
    reference: str
    holder: str
    amount: int | None
    issued_at: dt.datetime
    revoked_at: dt.datetime | None
    request_status: str | None


async def save_organisation(tx: Tx, organisation: dict[str, Any], now: dt.datetime) -> None:
    """Set the organisation's identity (the one row)."""
    await tx.execute(
        """INSERT INTO organisation (id, name, unit, address, phone, logo_path, letter_series, signatories,
                                     updated_at)
           VALUES (1, :name, :unit, :address, :phone, :logo_path, :letter_series, :signatories, :now)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, unit = excluded.unit,
               address = excluded.address, phone = excluded.phone, logo_path = excluded.logo_path,
               letter_series = excluded.letter_series, signatories = excluded.signatories,
               updated_at = excluded.updated_at""",
        {
            **organisation,
            "signatories": json.dumps(organisation["signatories"], ensure_ascii=False),
            "now": to_iso(now),
        },
    )


async def organisation(q: Reader) -> OrganisationRow | None:
    """The organisation, if the office file named it."""
    row = await q.fetchone("SELECT * FROM organisation WHERE id = 1")
    if row is None:
        return None
    data = as_dict(row)
    data["signatories"] = json.loads(data["signatories"])
    return OrganisationRow.model_validate(data)


async def next_letter_number(tx: Tx, series: str, year: int) -> int:
    """The next number of ``series`` in Jalali ``year`` (1, 2, ...), taken inside the transaction."""
    return int(
        await tx.fetchval(
            """INSERT INTO letter_numbers (series, year, last) VALUES (?, ?, 1)
               ON CONFLICT (series, year) DO UPDATE SET last = last + 1
               RETURNING last""",
            (series, year),
        )
    )


async def insert_check(
    tx: Tx,
    *,
    token: str,
    kind: str,
    label: str,
    request_id: int | None,
    reference: str,
    holder: str,
    amount: int | None,
    now: dt.datetime,
) -> str:
    """Record an issued document; the same (kind, reference) keeps its first token, which is returned."""
    await tx.execute(
        """INSERT OR IGNORE INTO document_checks
               (token, kind, label, request_id, reference, holder, amount, issued_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        (token, kind, label, request_id, reference, holder, amount, to_iso(now)),
    )
    return str(
        await tx.fetchval(
            "SELECT token FROM document_checks WHERE kind = ? AND reference = ?", (kind, reference)
        )
    )


async def revoke_checks(tx: Tx, request_id: int, now: dt.datetime) -> int:
    """Revoke every document of a request; returns how many were still valid."""
    return await tx.rowcount(
        "UPDATE document_checks SET revoked_at = ? WHERE request_id = ? AND revoked_at IS NULL",
        (to_iso(now), request_id),
    )


async def find_check(q: Reader, token: str) -> DocumentCheck | None:
    """The document with ``token`` and its request's status, in one read."""
    row = await q.fetchone(
        """SELECT c.*, r.status AS request_status FROM document_checks c
           LEFT JOIN requests r ON r.id = c.request_id WHERE c.token = ?""",
        (token,),
    )
    if row is None:
        return None
    data = as_dict(row)
    data["issued_at"] = from_iso(data["issued_at"])
    data["revoked_at"] = from_iso(data["revoked_at"]) if data["revoked_at"] else None
    return DocumentCheck.model_validate(data)
