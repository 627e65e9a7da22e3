"""The health-insurance booklet: the office's section, who is covered, premium changes, monthly lists."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from storage.base import Reader, as_dict
from storage.db import Tx
from storage.models import Row
from storage.moments import to_iso


class CoveredPerson(Row):
    """One person insured under an employee's booklet (``category`` None: the employee themself)."""

    id: int
    employee_id: int
    request_id: int
    national_id: str
    full_name: str
    relation: str
    category: str | None
    monthly: int
    start_month: str
    end_month: str | None
    ended_by: int | None


class PremiumChangeRow(Row):
    """One change of a deduction, with the employee's personnel number and name for payroll's list."""

    id: int
    request_id: int
    employee_id: int
    personnel_no: str
    employee_name: str
    national_id: str
    full_name: str
    monthly: int
    first_month: str


class PremiumListRow(Row):
    """A month's list: whether it was announced, and payroll's decision."""

    jalali_month: str
    announced_at: str | None
    status: str
    decided_by: int | None
    decided_at: str | None
    note: str | None


class Booklets:
    """Read the booklet's tables."""

    def __init__(self, q: Reader) -> None:
        self.q = q

    async def section(self) -> dict[str, Any] | None:
        """The office's ``[booklet]`` section as last configured (None: never configured)."""
        raw = await self.q.fetchval("SELECT section FROM booklet_settings WHERE id = 1")
        if raw is None:
            return None
        found = json.loads(raw)
        return found if isinstance(found, dict) else None

    async def coverage(self, employee_id: int) -> list[CoveredPerson]:
        """Everyone ever insured under the employee, oldest first."""
        rows = await self.q.fetchall(
            "SELECT * FROM booklet_coverage WHERE employee_id = ? ORDER BY id", (employee_id,)
        )
        return [CoveredPerson(**as_dict(r)) for r in rows]

    async def coverage_of_request(self, request_id: int) -> list[CoveredPerson]:
        """The people a request started covering."""
        rows = await self.q.fetchall(
            "SELECT * FROM booklet_coverage WHERE request_id = ? ORDER BY id", (request_id,)
        )
        return [CoveredPerson(**as_dict(r)) for r in rows]

    async def changes_in(self, month: str) -> list[PremiumChangeRow]:
        """The changes that take effect in ``month``, by personnel number."""
        rows = await self.q.fetchall(
            """SELECT c.id, c.request_id, c.employee_id, e.personnel_no,
                      e.first_name || ' ' || e.last_name AS employee_name,
                      c.national_id, c.full_name, c.monthly, c.first_month
               FROM booklet_changes c JOIN employees e ON e.id = c.employee_id
               WHERE c.first_month = ? ORDER BY e.personnel_no, c.id""",
            (month,),
        )
        return [PremiumChangeRow(**as_dict(r)) for r in rows]

    async def changes_of(self, request_id: int) -> list[PremiumChangeRow]:
        """The changes a request asked for."""
        rows = await self.q.fetchall(
            """SELECT c.id, c.request_id, c.employee_id, e.personnel_no,
                      e.first_name || ' ' || e.last_name AS employee_name,
                      c.national_id, c.full_name, c.monthly, c.first_month
               FROM booklet_changes c JOIN employees e ON e.id = c.employee_id
               WHERE c.request_id = ? ORDER BY c.id""",
            (request_id,),
        )
        return [PremiumChangeRow(**as_dict(r)) for r in rows]

    async def unannounced_months(self, up_to: str) -> list[str]:
        """Months up to ``up_to`` with changes whose list was never announced."""
        rows = await self.q.fetchall(
            """SELECT DISTINCT c.first_month FROM booklet_changes c
               LEFT JOIN booklet_lists l ON l.jalali_month = c.first_month
               WHERE c.first_month <= ? AND l.announced_at IS NULL ORDER BY c.first_month""",
            (up_to,),
        )
        return [str(r["first_month"]) for r in rows]

    async def premium_list(self, month: str) -> PremiumListRow | None:
        """A month's list, if it was ever announced or decided."""
        row = await self.q.fetchone("SELECT * FROM booklet_lists WHERE jalali_month = ?", (month,))
        return PremiumListRow(**as_dict(row)) if row else None


async def save_section(tx: Tx, section: dict[str, Any], now: dt.datetime) -> None:
    """Keep the office's ``[booklet]`` section (already checked)."""
    await tx.execute(
        """INSERT INTO booklet_settings (id, section, updated_at) VALUES (1, ?, ?)
           ON CONFLICT (id) DO UPDATE SET section = excluded.section, updated_at = excluded.updated_at""",
        (json.dumps(section, ensure_ascii=False), to_iso(now)),
    )


async def add_coverage(
    tx: Tx,
    *,
    employee_id: int,
    request_id: int,
    national_id: str,
    full_name: str,
    relation: str,
    category: str | None,
    monthly: int,
    start_month: str,
) -> None:
    """Cover a person from ``start_month`` (a request adds a person once)."""
    await tx.execute(
        """INSERT OR IGNORE INTO booklet_coverage (employee_id, request_id, national_id, full_name, relation,
                                                    category, monthly, start_month)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        (employee_id, request_id, national_id, full_name, relation, category, monthly, start_month),
    )


async def end_coverage(tx: Tx, coverage_id: int, *, end_month: str, request_id: int) -> None:
    """Stop a person's coverage from ``end_month``."""
    await tx.execute(
        "UPDATE booklet_coverage SET end_month = ?, ended_by = ? WHERE id = ?",
        (end_month, request_id, coverage_id),
    )


async def drop_coverage_of(tx: Tx, request_id: int) -> None:
    """Forget the people a request would have covered (it was turned down before any list went out)."""
    await tx.execute("DELETE FROM booklet_coverage WHERE request_id = ?", (request_id,))


async def add_change(
    tx: Tx,
    *,
    request_id: int,
    employee_id: int,
    national_id: str,
    full_name: str,
    monthly: int,
    first_month: str,
    now: dt.datetime,
) -> None:
    """Ask payroll for a change of the deduction from ``first_month`` (once per request, person, month)."""
    await tx.execute(
        """INSERT OR IGNORE INTO booklet_changes (request_id, employee_id, national_id, full_name, monthly,
                                                   first_month, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        (request_id, employee_id, national_id, full_name, monthly, first_month, to_iso(now)),
    )


async def drop_changes_of(tx: Tx, request_id: int, months: list[str]) -> None:
    """Withdraw a request's changes from lists not yet announced."""
    for month in months:
        await tx.execute(
            "DELETE FROM booklet_changes WHERE request_id = ? AND first_month = ?", (request_id, month)
        )


async def mark_announced(tx: Tx, month: str, now: dt.datetime) -> None:
    """The month's list was sent to payroll (again: a returned list is open once more)."""
    await tx.execute(
        """INSERT INTO booklet_lists (jalali_month, announced_at) VALUES (?, ?)
           ON CONFLICT (jalali_month) DO UPDATE SET announced_at = excluded.announced_at, status = 'open',
             decided_by = NULL, decided_at = NULL""",
        (month, to_iso(now)),
    )


async def decide_list(tx: Tx, month: str, *, status: str, actor: int, now: dt.datetime) -> bool:
    """Payroll approves or returns an open list; False if it was not open."""
    changed = await tx.rowcount(
        """UPDATE booklet_lists SET status = ?, decided_by = ?, decided_at = ?
           WHERE jalali_month = ? AND status = 'open' AND announced_at IS NOT NULL""",
        (status, actor, to_iso(now), month),
    )
    return changed == 1
