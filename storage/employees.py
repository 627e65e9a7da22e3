"""The registry of employees and their dependants."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from storage.base import Reader, as_dict
from storage.db import Tx
from storage.models import Dependant, Employee


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


class Employees:
    """Read and upsert employees."""

    def __init__(self, q: Reader) -> None:
        self.q = q

    async def get(self, employee_id: int) -> Employee | None:
        """By primary key."""
        row = await self.q.fetchone("SELECT * FROM employees WHERE id = ?", (employee_id,))
        return Employee(**as_dict(row)) if row else None

    async def linked_to(self, user_id: int) -> Employee | None:
        """The employee a chat user is linked to, in one statement (the gate asks on every update)."""
        row = await self.q.fetchone(
            "SELECT e.* FROM accounts a JOIN employees e ON e.id = a.employee_id WHERE a.user_id = ?",
            (user_id,),
        )
        return Employee(**as_dict(row)) if row else None

    async def by_mobile(self, mobile: str) -> Employee | None:
        """By canonical mobile (09xxxxxxxxx)."""
        row = await self.q.fetchone("SELECT * FROM employees WHERE mobile = ?", (mobile,))
        return Employee(**as_dict(row)) if row else None

    async def by_personnel_no(self, personnel_no: str) -> Employee | None:
        """By personnel number."""
        row = await self.q.fetchone("SELECT * FROM employees WHERE personnel_no = ?", (personnel_no,))
        return Employee(**as_dict(row)) if row else None

    async def count(self) -> int:
        """How many employees are on file."""
        return int(await self.q.fetchval("SELECT COUNT(*) FROM employees"))

    async def dependants(self, employee_id: int) -> list[Dependant]:
        """The employee's dependants, spouse first."""
        rows = await self.q.fetchall(
            "SELECT * FROM dependants WHERE employee_id = ? ORDER BY relation DESC, birth_date, id",
            (employee_id,),
        )
        return [Dependant(**as_dict(r)) for r in rows]


async def upsert_employees(tx: Tx, employees: Sequence[Any], dependants: Sequence[Any], now: str) -> int:
    """Insert or update employees (by national ID) and replace their dependants; returns the count."""
    for e in employees:
        await tx.execute(
            """INSERT INTO employees (personnel_no, national_id, first_name, last_name, mobile, status,
                                      hire_date, fund_member_since, fund_debt, sheba, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (national_id) DO UPDATE SET
                 personnel_no = excluded.personnel_no, first_name = excluded.first_name,
                 last_name = excluded.last_name, mobile = excluded.mobile, status = excluded.status,
                 hire_date = excluded.hire_date, fund_member_since = excluded.fund_member_since,
                 fund_debt = excluded.fund_debt, sheba = excluded.sheba, updated_at = excluded.updated_at""",
            (
                e.personnel_no,
                e.national_id,
                e.first_name,
                e.last_name,
                e.mobile,
                e.status,
                _date(e.hire_date),
                _date(e.fund_member_since),
                e.fund_debt,
                e.sheba,
                now,
            ),
        )
    owners = {e.national_id for e in employees}
    for national_id in owners:
        await tx.execute(
            "DELETE FROM dependants WHERE employee_id = (SELECT id FROM employees WHERE national_id = ?)",
            (national_id,),
        )
    for d in dependants:
        await tx.execute(
            """INSERT INTO dependants (employee_id, national_id, first_name, last_name, relation, birth_date)
               VALUES ((SELECT id FROM employees WHERE national_id = ?), ?, ?, ?, ?, ?)""",
            (
                d.employee_national_id,
                d.national_id,
                d.first_name,
                d.last_name,
                d.relation,
                _date(d.birth_date),
            ),
        )
    return len(employees)
