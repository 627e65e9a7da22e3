"""Request-free benefits: payroll history, events and judgements, payment batches, settings, Shebas."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import field_validator

from storage.base import Reader, as_dict
from storage.db import Database, Tx
from storage.models import Row
from storage.moments import to_iso

#: Case states in which the benefit is owed or paid: a second one of its kind is "already paid".
OWED = ("awaiting_sheba", "due", "batched", "paid", "upheld")


class BenefitCase(Row):
    """One event of someone on file, and its judgement once judged."""

    id: int
    record_id: str
    natural_key: str
    employee_id: int
    national_id: str
    benefit: str
    event_date: dt.date
    other_national_id: str
    marriage_kind: str | None
    source: str
    state: str
    eligible: bool | None
    amount: int
    reasons: str
    facts: dict[str, Any] | None
    judged_at: dt.datetime | None
    batch_id: int | None
    sheba: str | None
    request_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @field_validator("facts", mode="before")
    @classmethod
    def _decode(cls, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

    @property
    def reason_codes(self) -> list[str]:
        """Why it is not paid, in the judgement's order."""
        return [r for r in self.reasons.split(",") if r]


class Batch(Row):
    """A payment batch for finance."""

    id: int
    month: str
    lines: int
    total: int
    created_at: dt.datetime
    sent_at: dt.datetime | None
    paid_at: dt.datetime | None
    paid_by: int | None


class BatchLine(Row):
    """One person to pay in a batch."""

    case_id: int
    personnel_no: str
    first_name: str
    last_name: str
    national_id: str
    benefit: str
    event_date: dt.date
    sheba: str
    amount: int


class Person(Row):
    """What the rules read of an employee (``domain.benefits.Person``), with the Sheba and the chat."""

    id: int
    national_id: str
    status: str
    hire_date: dt.date | None
    sheba: str
    user_id: int | None


class Benefits:
    """Read the benefits' tables."""

    def __init__(self, q: Reader) -> None:
        self.q = q

    async def settings(self) -> dict[str, Any] | None:
        """The [benefits] section as last configured (None: never)."""
        value = await self.q.fetchval("SELECT rules FROM benefit_settings WHERE id = 1")
        return json.loads(value) if value else None

    async def case(self, case_id: int) -> BenefitCase | None:
        """By id."""
        row = await self.q.fetchone("SELECT * FROM benefit_cases WHERE id = ?", (case_id,))
        return BenefitCase(**as_dict(row)) if row else None

    async def case_of_request(self, request_id: int) -> BenefitCase | None:
        """The case a request follows."""
        row = await self.q.fetchone("SELECT * FROM benefit_cases WHERE request_id = ?", (request_id,))
        return BenefitCase(**as_dict(row)) if row else None

    async def cases_of(self, employee_id: int) -> list[BenefitCase]:
        """An employee's cases, newest event first."""
        rows = await self.q.fetchall(
            "SELECT * FROM benefit_cases WHERE employee_id = ? ORDER BY event_date DESC, id DESC",
            (employee_id,),
        )
        return [BenefitCase(**as_dict(r)) for r in rows]

    async def by_natural_key(self, key: str) -> BenefitCase | None:
        """The case of this event, however it arrived."""
        row = await self.q.fetchone("SELECT * FROM benefit_cases WHERE natural_key = ?", (key,))
        return BenefitCase(**as_dict(row)) if row else None

    async def ids_in(self, state: str) -> list[int]:
        """The ids of the cases in ``state``, by person and event date."""
        rows = await self.q.fetchall(
            "SELECT id FROM benefit_cases WHERE state = ? ORDER BY employee_id, event_date, id", (state,)
        )
        return [int(r[0]) for r in rows]

    async def cases(self, ids: Sequence[int]) -> list[BenefitCase]:
        """These cases, by person and event date."""
        marks = ", ".join("?" * len(ids))
        rows = await self.q.fetchall(
            f"SELECT * FROM benefit_cases WHERE id IN ({marks}) ORDER BY employee_id, event_date, id",
            tuple(ids),
        )
        return [BenefitCase(**as_dict(r)) for r in rows]

    async def history(self, employee_ids: Sequence[int]) -> list[BenefitCase]:
        """Every case of these employees."""
        marks = ", ".join("?" * len(employee_ids))
        rows = await self.q.fetchall(
            f"SELECT * FROM benefit_cases WHERE employee_id IN ({marks}) ORDER BY event_date, id",
            tuple(employee_ids),
        )
        return [BenefitCase(**as_dict(r)) for r in rows]

    async def people(self, employee_ids: Sequence[int]) -> dict[int, Person]:
        """These employees as the rules read them, with their chat if linked."""
        marks = ", ".join("?" * len(employee_ids))
        rows = await self.q.fetchall(
            f"""SELECT e.id, e.national_id, e.status, e.hire_date, e.sheba, a.user_id FROM employees e
                LEFT JOIN accounts a ON a.employee_id = e.id WHERE e.id IN ({marks})""",
            tuple(employee_ids),
        )
        return {int(r["id"]): Person(**as_dict(r)) for r in rows}

    async def payroll(
        self, national_ids: Sequence[str], first: str, last: str
    ) -> list[tuple[str, str, int, int]]:
        """(national ID, month, days, pay) of these people from ``first`` to ``last`` (``YYYY/MM``)."""
        marks = ", ".join("?" * len(national_ids))
        rows = await self.q.fetchall(
            f"""SELECT national_id, month, contribution_days, gross_pay FROM benefit_payroll
                WHERE national_id IN ({marks}) AND month BETWEEN ? AND ?""",
            (*national_ids, first, last),
        )
        return [(r[0], r[1], int(r[2]), int(r[3])) for r in rows]

    async def batch(self, batch_id: int) -> Batch | None:
        """By id."""
        row = await self.q.fetchone("SELECT * FROM benefit_batches WHERE id = ?", (batch_id,))
        return Batch(**as_dict(row)) if row else None

    async def unsent_batches(self) -> list[Batch]:
        """Batches whose documents have not reached finance yet."""
        rows = await self.q.fetchall("SELECT * FROM benefit_batches WHERE sent_at IS NULL ORDER BY id")
        return [Batch(**as_dict(r)) for r in rows]

    async def batch_lines(self, batch_id: int) -> list[BatchLine]:
        """A batch's people, by personnel number."""
        rows = await self.q.fetchall(
            """SELECT c.id AS case_id, e.personnel_no, e.first_name, e.last_name, c.national_id, c.benefit,
                      c.event_date, c.sheba, c.amount
               FROM benefit_cases c JOIN employees e ON e.id = c.employee_id
               WHERE c.batch_id = ? ORDER BY e.personnel_no, c.id""",
            (batch_id,),
        )
        return [BatchLine(**as_dict(r)) for r in rows]

    async def out_of_step(self, limit: int = 500) -> list[tuple[BenefitCase, int, str | None]]:
        """Cases of linked people whose request does not yet show the case's state: (case, chat, status)."""
        rows = await self.q.fetchall(
            """SELECT c.*, a.user_id AS chat, r.status AS request_status FROM benefit_cases c
               JOIN accounts a ON a.employee_id = c.employee_id
               LEFT JOIN requests r ON r.id = c.request_id
               WHERE c.state IN ('not_eligible', 'awaiting_sheba', 'batched', 'paid')
                 AND (r.id IS NULL OR r.status != CASE c.state WHEN 'not_eligible' THEN 'not_paid'
                                                             ELSE c.state END)
               ORDER BY c.id LIMIT ?""",
            (limit,),
        )
        found = []
        for r in rows:
            data = as_dict(r)
            chat, status = int(data.pop("chat")), data.pop("request_status")
            found.append((BenefitCase(**data), chat, status))
        return found

    async def count_unreachable(self, stamp: dt.datetime) -> int:
        """Cases changed at ``stamp`` (a run) whose person is not linked to the bot."""
        return int(
            await self.q.fetchval(
                """SELECT COUNT(*) FROM benefit_cases c WHERE c.updated_at = ? AND c.state != 'pending'
                   AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.employee_id = c.employee_id)""",
                (to_iso(stamp),),
            )
        )

    async def known_file(self, sha256: str) -> bool:
        """Whether a month-end run already read a file with this content."""
        return bool(await self.q.fetchval("SELECT 1 FROM benefit_files WHERE sha256 = ?", (sha256,)))

    async def employee_index(self) -> dict[str, int]:
        """Every employee's national ID -> id."""
        rows = await self.q.fetchall("SELECT national_id, id FROM employees")
        return {r[0]: int(r[1]) for r in rows}


# --- writing ------------------------------------------------------------------------------------------------


async def save_settings(tx: Tx, rules: dict[str, Any], now: dt.datetime) -> None:
    """Keep the [benefits] section."""
    await tx.execute(
        """INSERT INTO benefit_settings (id, rules, updated_at) VALUES (1, ?, ?)
           ON CONFLICT (id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at""",
        (json.dumps(rules), to_iso(now)),
    )


async def replace_payroll(db: Database, staged: Path, now: dt.datetime) -> int:
    """Replace the staged file's months with its rows, in one transaction and in SQL; returns rows written."""
    async with db.attached(staged, "staged"), db.transaction() as tx:
        await tx.execute(
            "DELETE FROM benefit_payroll WHERE month IN (SELECT DISTINCT month FROM staged.payroll)"
        )
        return await tx.rowcount(
            """INSERT INTO benefit_payroll (national_id, month, contribution_days, gross_pay, imported_at)
               SELECT national_id, month, days, pay, ? FROM staged.payroll ORDER BY row""",
            (to_iso(now),),
        )


_NATURAL_KEY = """CASE event
    WHEN 'marriage' THEN 'marriage:' || national_id || ':' || spouse || ':' || event_date
    ELSE 'birth:' || national_id || ':' || child END"""


def natural_key(benefit: str, national_id: str, other: str, event_date: dt.date) -> str:
    """The key that makes the same event under two record ids one case (matches the SQL above)."""
    if benefit == "marriage":
        return f"marriage:{national_id}:{other}:{event_date.isoformat()}"
    return f"birth:{national_id}:{other}"


async def insert_staged_cases(tx: Tx, now: dt.datetime) -> int:
    """New cases from the attached ``staged.matched`` rows (known record ids and events ignored)."""
    stamp = to_iso(now)
    return await tx.rowcount(
        f"""INSERT OR IGNORE INTO benefit_cases (record_id, natural_key, employee_id, national_id, benefit,
                event_date, other_national_id, marriage_kind, source, state, created_at, updated_at)
            SELECT record_id, {_NATURAL_KEY}, employee_id, national_id, event, event_date,
                   CASE event WHEN 'marriage' THEN spouse ELSE child END, kind, 'registry', 'pending', ?, ?
            FROM staged.matched ORDER BY row""",
        (stamp, stamp),
    )


async def insert_case(
    tx: Tx,
    *,
    record_id: str,
    employee_id: int,
    national_id: str,
    benefit: str,
    event_date: dt.date,
    other: str,
    marriage_kind: str | None,
    source: str,
    request_id: int | None,
    now: dt.datetime,
) -> int:
    """A new pending case (0 when the record id or the event is already on file)."""
    stamp = to_iso(now)
    return await tx.execute(
        """INSERT OR IGNORE INTO benefit_cases (record_id, natural_key, employee_id, national_id, benefit,
               event_date, other_national_id, marriage_kind, source, state, request_id, created_at,
               updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)""",
        (
            record_id,
            natural_key(benefit, national_id, other, event_date),
            employee_id,
            national_id,
            benefit,
            event_date.isoformat(),
            other,
            marriage_kind,
            source,
            request_id,
            stamp,
            stamp,
        ),
    )


async def save_judgement(
    tx: Tx,
    case_id: int,
    *,
    state: str,
    eligible: bool,
    amount: int,
    reasons: Sequence[str],
    facts: dict[str, Any] | None,
    now: dt.datetime,
) -> None:
    """Store a case's judgement with its reasons and the facts used."""
    stamp = to_iso(now)
    await tx.execute(
        """UPDATE benefit_cases SET state = ?, eligible = ?, amount = ?, reasons = ?, facts = ?,
               judged_at = ?, updated_at = ? WHERE id = ?""",
        (
            state,
            int(eligible),
            amount,
            ",".join(reasons),
            json.dumps(facts) if facts is not None else None,
            stamp,
            stamp,
            case_id,
        ),
    )


async def set_state(tx: Tx, case_id: int, state: str, now: dt.datetime, *, amount: int | None = None) -> None:
    """Move a case (and set its amount, when given)."""
    await tx.execute(
        "UPDATE benefit_cases SET state = ?, amount = COALESCE(?, amount), updated_at = ? WHERE id = ?",
        (state, amount, to_iso(now), case_id),
    )


async def promote(tx: Tx, now: dt.datetime) -> int:
    """Owed cases whose person now has a Sheba become due; upheld ones without one wait for it."""
    stamp = to_iso(now)
    has_sheba = "(SELECT e.sheba FROM employees e WHERE e.id = benefit_cases.employee_id) != ''"
    due = await tx.rowcount(
        f"UPDATE benefit_cases SET state = 'due', updated_at = ? WHERE state IN ('awaiting_sheba', 'upheld')"
        f" AND {has_sheba}",
        (stamp,),
    )
    waiting = await tx.rowcount(
        f"UPDATE benefit_cases SET state = 'awaiting_sheba', updated_at = ? WHERE state = 'upheld'"
        f" AND NOT {has_sheba}",
        (stamp,),
    )
    return due + waiting


async def create_batch(tx: Tx, month: str, now: dt.datetime) -> int | None:
    """Put every due case in a new batch with the person's Sheba; None when nothing is due."""
    row = await tx.fetchone(
        "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM benefit_cases WHERE state = 'due'"
    )
    lines, total = (int(row[0]), int(row[1])) if row else (0, 0)
    if not lines:
        return None
    stamp = to_iso(now)
    batch_id = await tx.execute(
        "INSERT INTO benefit_batches (month, lines, total, created_at) VALUES (?, ?, ?, ?)",
        (month, lines, total, stamp),
    )
    await tx.execute(
        """UPDATE benefit_cases SET state = 'batched', batch_id = ?, updated_at = ?,
               sheba = (SELECT e.sheba FROM employees e WHERE e.id = benefit_cases.employee_id)
           WHERE state = 'due'""",
        (batch_id, stamp),
    )
    return batch_id


async def mark_batch_sent(tx: Tx, batch_id: int, now: dt.datetime) -> None:
    """The batch's documents are queued for finance."""
    await tx.execute("UPDATE benefit_batches SET sent_at = ? WHERE id = ?", (to_iso(now), batch_id))


async def mark_batch_paid(tx: Tx, batch_id: int, actor: int, now: dt.datetime) -> bool:
    """Finance paid the batch: it and its cases are paid; False if it already was."""
    stamp = to_iso(now)
    changed = await tx.rowcount(
        "UPDATE benefit_batches SET paid_at = ?, paid_by = ? WHERE id = ? AND paid_at IS NULL",
        (stamp, actor, batch_id),
    )
    if changed:
        await tx.execute(
            "UPDATE benefit_cases SET state = 'paid', updated_at = ?"
            " WHERE batch_id = ? AND state = 'batched'",
            (stamp, batch_id),
        )
    return bool(changed)


async def link_request(tx: Tx, case_id: int, request_id: int) -> None:
    """The request that follows the case."""
    await tx.execute("UPDATE benefit_cases SET request_id = ? WHERE id = ?", (request_id, case_id))


async def record_file(tx: Tx, sha256: str, name: str, now: dt.datetime) -> None:
    """A month-end run read this file."""
    await tx.execute(
        "INSERT OR IGNORE INTO benefit_files (sha256, name, read_at) VALUES (?, ?, ?)",
        (sha256, name, to_iso(now)),
    )


async def record_run(tx: Tx, source: str, counts: dict[str, int], now: dt.datetime) -> None:
    """What a run found, for the audit."""
    await tx.execute(
        "INSERT INTO benefit_runs (source, at, counts) VALUES (?, ?, ?)",
        (source, to_iso(now), json.dumps(counts)),
    )


async def change_sheba(
    tx: Tx, *, employee_id: int, user_id: int, old: str, new: str, now: dt.datetime
) -> None:
    """The person's new Sheba, with its audit row."""
    stamp = to_iso(now)
    await tx.execute("UPDATE employees SET sheba = ?, updated_at = ? WHERE id = ?", (new, stamp, employee_id))
    await tx.execute(
        "INSERT INTO sheba_changes (employee_id, user_id, old_sheba, new_sheba, at) VALUES (?, ?, ?, ?, ?)",
        (employee_id, user_id, old, new, stamp),
    )
