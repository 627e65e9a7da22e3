"""Medical claims: the policy, claim files, claims with their lines and documents, and the batches."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from storage.base import Reader, as_dict
from storage.db import Tx
from storage.models import Row
from storage.moments import to_iso

BatchKind = Literal["insurer", "payment"]


class ClaimRow(Row):
    """One claim: whose it is, its file, and its claimed, approved and paid totals."""

    request_id: int
    employee_id: int
    person: str
    person_name: str
    relation: str
    file_year: int
    file_sequence: int
    claimed: int
    approved: int | None
    paid: int
    insurer_batch: int | None
    payment_batch: int | None


class LineRow(Row):
    """One expense line of a claim."""

    request_id: int
    line_no: int
    kind: str
    service_date: dt.date
    claimed: int
    approved: int | None
    reason: str | None


class DocumentRow(Row):
    """Which line and paper an attachment documents."""

    attachment_id: int
    request_id: int
    line_no: int
    document: str


class PastLineRow(Row):
    """A line of an earlier claim of the same person, with its request's status (for the ceiling)."""

    kind: str
    service_date: dt.date
    claimed: int
    approved: int | None
    status: str


class BatchRow(Row):
    """A batch sent to the insurer's doctor or to accounting."""

    id: int
    kind: BatchKind
    created_by: int
    created_at: dt.datetime
    claims: int
    total: int
    paid_by: int | None
    paid_at: dt.datetime | None


class PaymentLine(Row):
    """One claim of a payment batch as accounting reads it."""

    request_id: int
    tracking_code: str
    personnel_no: str
    first_name: str
    last_name: str
    sheba: str
    approved: int
    status: str

    @property
    def full_name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"


class Medical:
    """Read the medical tables."""

    def __init__(self, q: Reader) -> None:
        self.q = q

    async def policy_config(self) -> Any:
        """The stored ``[medical]`` section (None: never configured)."""
        value = await self.q.fetchval("SELECT config FROM med_policy WHERE id = 1")
        return json.loads(value) if value is not None else None

    async def past_lines(self, person: str) -> list[PastLineRow]:
        """Every line of the person's claims, with its request's status."""
        rows = await self.q.fetchall(
            """SELECT l.kind, l.service_date, l.claimed, l.approved, r.status
               FROM med_lines l JOIN med_claims c ON c.request_id = l.request_id
               JOIN requests r ON r.id = l.request_id
               WHERE c.person = ? ORDER BY l.request_id, l.line_no""",
            (person,),
        )
        return [PastLineRow(**as_dict(r)) for r in rows]

    async def file_sequences(self, year: int) -> dict[str, int]:
        """The year's claim files: insured person -> sequence."""
        rows = await self.q.fetchall("SELECT person, sequence FROM med_files WHERE year = ?", (year,))
        return {r["person"]: int(r["sequence"]) for r in rows}

    async def claim(self, request_id: int) -> ClaimRow | None:
        """A claim by its request id."""
        row = await self.q.fetchone("SELECT * FROM med_claims WHERE request_id = ?", (request_id,))
        return ClaimRow(**as_dict(row)) if row else None

    async def lines(self, request_id: int) -> list[LineRow]:
        """A claim's lines in order."""
        rows = await self.q.fetchall(
            "SELECT * FROM med_lines WHERE request_id = ? ORDER BY line_no", (request_id,)
        )
        return [LineRow(**as_dict(r)) for r in rows]

    async def documents(self, request_id: int) -> dict[int, DocumentRow]:
        """Attachment id -> the line and paper it documents."""
        rows = await self.q.fetchall("SELECT * FROM med_documents WHERE request_id = ?", (request_id,))
        return {int(r["attachment_id"]): DocumentRow(**as_dict(r)) for r in rows}

    async def seen_files(
        self, employee_id: int, unique_ids: Iterable[str], *, exclude: int | None = None
    ) -> set[str]:
        """Which of these files (by file_unique_id) the employee attached to another medical claim."""
        wanted = sorted(set(unique_ids))
        if not wanted:
            return set()
        marks = ",".join("?" * len(wanted))
        rows = await self.q.fetchall(
            f"""SELECT DISTINCT a.file_unique_id FROM attachments a JOIN requests r ON r.id = a.request_id
                WHERE r.service = 'medical' AND r.employee_id = ? AND r.id != ?
                  AND a.file_unique_id IN ({marks})""",
            (employee_id, exclude or 0, *wanted),
        )
        return {str(r["file_unique_id"]) for r in rows}

    async def batch(self, batch_id: int) -> BatchRow | None:
        """A batch by id."""
        row = await self.q.fetchone("SELECT * FROM med_batches WHERE id = ?", (batch_id,))
        return BatchRow(**as_dict(row)) if row else None

    async def unbatched_for_payment(self, status: str) -> list[int]:
        """Request ids of claims in ``status`` that no payment batch holds yet, oldest first."""
        rows = await self.q.fetchall(
            """SELECT c.request_id FROM med_claims c JOIN requests r ON r.id = c.request_id
               WHERE r.status = ? AND c.payment_batch IS NULL ORDER BY c.request_id""",
            (status,),
        )
        return [int(r["request_id"]) for r in rows]

    async def payees(self, request_ids: Sequence[int]) -> list[PaymentLine]:
        """These claims with the payee's details, oldest first."""
        if not request_ids:
            return []
        marks = ",".join("?" * len(request_ids))
        rows = await self.q.fetchall(
            f"""SELECT c.request_id, r.tracking_code, e.personnel_no, e.first_name, e.last_name, e.sheba,
                       COALESCE(c.approved, 0) AS approved, r.status
                FROM med_claims c JOIN requests r ON r.id = c.request_id
                JOIN employees e ON e.id = c.employee_id
                WHERE c.request_id IN ({marks}) ORDER BY c.request_id""",
            tuple(request_ids),
        )
        return [PaymentLine(**as_dict(r)) for r in rows]

    async def batch_claims(self, kind: BatchKind, batch_id: int) -> list[int]:
        """Request ids of a batch's claims, oldest first."""
        column = "insurer_batch" if kind == "insurer" else "payment_batch"
        rows = await self.q.fetchall(
            f"SELECT request_id FROM med_claims WHERE {column} = ? ORDER BY request_id", (batch_id,)
        )
        return [int(r["request_id"]) for r in rows]


async def save_policy(tx: Tx, config: Any, now: dt.datetime) -> None:
    """Keep the ``[medical]`` section as written (it is parsed again when read)."""
    await tx.execute(
        """INSERT INTO med_policy (id, config, updated_at) VALUES (1, ?, ?)
           ON CONFLICT (id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at""",
        (json.dumps(config, ensure_ascii=False), to_iso(now)),
    )


async def open_file(
    tx: Tx, *, year: int, person: str, sequence: int, employee_id: int, now: dt.datetime
) -> None:
    """Record the person's claim file of the year (nothing if they already hold one)."""
    await tx.execute(
        """INSERT OR IGNORE INTO med_files (year, person, sequence, employee_id, opened_at)
           VALUES (?, ?, ?, ?, ?)""",
        (year, person, sequence, employee_id, to_iso(now)),
    )


async def insert_claim(
    tx: Tx,
    *,
    request_id: int,
    employee_id: int,
    person: str,
    person_name: str,
    relation: str,
    file_year: int,
    file_sequence: int,
    claimed: int,
) -> None:
    """Write a new claim."""
    await tx.execute(
        """INSERT INTO med_claims (request_id, employee_id, person, person_name, relation, file_year,
                                   file_sequence, claimed)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        (request_id, employee_id, person, person_name, relation, file_year, file_sequence, claimed),
    )


async def insert_line(
    tx: Tx, *, request_id: int, line_no: int, kind: str, service_date: dt.date, claimed: int
) -> None:
    """Write one line of a new claim."""
    await tx.execute(
        """INSERT INTO med_lines (request_id, line_no, kind, service_date, claimed)
           VALUES (?, ?, ?, ?, ?)""",
        (request_id, line_no, kind, service_date.isoformat(), claimed),
    )


async def insert_document(
    tx: Tx, *, attachment_id: int, request_id: int, line_no: int, document: str
) -> None:
    """Note which line and paper an attachment documents."""
    await tx.execute(
        "INSERT INTO med_documents (attachment_id, request_id, line_no, document) VALUES (?, ?, ?, ?)",
        (attachment_id, request_id, line_no, document),
    )


async def set_review(tx: Tx, request_id: int, reviews: Sequence[tuple[int, int, str | None]]) -> int:
    """Each line's (line number, approved amount, reason); the claim's approved total. Returns the total."""
    await tx.executemany(
        "UPDATE med_lines SET approved = ?, reason = ? WHERE request_id = ? AND line_no = ?",
        [(approved, reason, request_id, line_no) for line_no, approved, reason in reviews],
    )
    total = sum(approved for _, approved, _ in reviews)
    await tx.execute("UPDATE med_claims SET approved = ? WHERE request_id = ?", (total, request_id))
    return total


async def set_paid(tx: Tx, request_id: int, amount: int) -> None:
    """The claim's paid total."""
    await tx.execute("UPDATE med_claims SET paid = ? WHERE request_id = ?", (amount, request_id))


async def new_batch(tx: Tx, *, kind: BatchKind, actor: int, claims: int, total: int, now: dt.datetime) -> int:
    """Open a batch; returns its id."""
    return await tx.execute(
        "INSERT INTO med_batches (kind, created_by, created_at, claims, total) VALUES (?, ?, ?, ?, ?)",
        (kind, actor, to_iso(now), claims, total),
    )


async def assign_batch(tx: Tx, kind: BatchKind, batch_id: int, request_ids: Sequence[int]) -> None:
    """Put the claims into the batch."""
    column = "insurer_batch" if kind == "insurer" else "payment_batch"
    await tx.executemany(
        f"UPDATE med_claims SET {column} = ? WHERE request_id = ?", [(batch_id, r) for r in request_ids]
    )


async def mark_batch_paid(tx: Tx, batch_id: int, actor: int, now: dt.datetime) -> bool:
    """Mark a payment batch paid, once; False if it already was."""
    changed = await tx.rowcount(
        """UPDATE med_batches SET paid_by = ?, paid_at = ?
           WHERE id = ? AND kind = 'payment' AND paid_at IS NULL""",
        (actor, to_iso(now), batch_id),
    )
    return changed == 1
