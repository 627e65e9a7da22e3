"""The registry of employees and their dependants."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from storage.base import Reader, as_dict
from storage.db import Database, Tx
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


# One employee as written: personnel_no, national_id, first_name, last_name, mobile, status, hire_date,
# fund_member_since (ISO dates or None), fund_debt, sheba ('' when the person never gave one).
EmployeeRow = tuple[str, str, str, str, str, str, str | None, str | None, int, str]
# One dependant: the employee's national_id, own national_id, first_name, last_name, relation, birth_date.
DependantRow = tuple[str, str, str, str, str, str | None]

EMPLOYEE_COLUMNS = (
    "personnel_no",
    "national_id",
    "first_name",
    "last_name",
    "mobile",
    "status",
    "hire_date",
    "fund_member_since",
    "fund_debt",
    "sheba",
)
DEPENDANT_COLUMNS = (
    "employee_national_id",
    "national_id",
    "first_name",
    "last_name",
    "relation",
    "birth_date",
)

_EMPLOYEE_LIST = ", ".join(EMPLOYEE_COLUMNS)
_ON_CONFLICT = "ON CONFLICT (national_id) DO UPDATE SET " + ", ".join(
    f"{c} = excluded.{c}" for c in (*EMPLOYEE_COLUMNS, "updated_at") if c != "national_id"
)
_UPSERT_EMPLOYEE = f"""INSERT INTO employees ({_EMPLOYEE_LIST}, updated_at)
    VALUES ({", ".join("?" * (len(EMPLOYEE_COLUMNS) + 1))}) {_ON_CONFLICT}"""
_DROP_DEPENDANTS = (
    "DELETE FROM dependants WHERE employee_id = (SELECT id FROM employees WHERE national_id = ?)"
)
_INSERT_DEPENDANT = """
    INSERT INTO dependants (employee_id, national_id, first_name, last_name, relation, birth_date)
    VALUES ((SELECT id FROM employees WHERE national_id = ?), ?, ?, ?, ?, ?)"""


async def write_registry(
    tx: Tx,
    employees: Iterable[Sequence[EmployeeRow]],
    dependants: Iterable[Sequence[DependantRow]],
    now: str,
) -> tuple[int, int]:
    """Upsert employees (by national ID) batch by batch, replace their dependants; returns both counts.

    Every dependant must belong to an employee written here (their old dependants are dropped first).
    """
    written = [0, 0]
    for batch in employees:
        await tx.executemany(_UPSERT_EMPLOYEE, [(*row, now) for row in batch])
        await tx.executemany(_DROP_DEPENDANTS, [(row[1],) for row in batch])
        written[0] += len(batch)
    for family in dependants:
        await tx.executemany(_INSERT_DEPENDANT, list(family))
        written[1] += len(family)
    return written[0], written[1]


async def write_staged_registry(db: Database, staged: Path, now: str) -> tuple[int, int]:
    """Like write_registry, from a staging SQLite file, in SQL: one transaction, no row through Python.

    ``staged`` holds tables ``employees (row, bad, EMPLOYEE_COLUMNS...)`` and ``dependants (row, bad,
    DEPENDANT_COLUMNS...)``; the rows with ``bad = 0`` are written in ``row`` order.
    """
    async with db.attached(staged, "staged"), db.transaction() as tx:
        employees = await tx.rowcount(
            f"""INSERT INTO employees ({_EMPLOYEE_LIST}, updated_at)
                SELECT {_EMPLOYEE_LIST}, ? FROM staged.employees WHERE bad = 0 ORDER BY row {_ON_CONFLICT}""",
            (now,),
        )
        await tx.execute(
            """DELETE FROM dependants WHERE employee_id IN
                 (SELECT e.id FROM staged.employees s JOIN employees e ON e.national_id = s.national_id
                  WHERE s.bad = 0)"""
        )
        dependants = await tx.rowcount(
            """INSERT INTO dependants (employee_id, national_id, first_name, last_name, relation, birth_date)
               SELECT (SELECT id FROM employees WHERE national_id = d.employee_national_id),
                      national_id, first_name, last_name, relation, birth_date
               FROM staged.dependants d WHERE bad = 0 ORDER BY row"""
        )
    return employees, dependants


def employee_row(e: Any) -> EmployeeRow:
    """An employee record (anything with the registry's attributes) as a row to write."""
    return (
        e.personnel_no,
        e.national_id,
        e.first_name,
        e.last_name,
        e.mobile,
        str(e.status),
        _date(e.hire_date),
        _date(e.fund_member_since),
        e.fund_debt,
        e.sheba,
    )


def dependant_row(d: Any) -> DependantRow:
    """A dependant record as a row to write."""
    return (
        d.employee_national_id,
        d.national_id,
        d.first_name,
        d.last_name,
        str(d.relation),
        _date(d.birth_date),
    )


async def upsert_employees(tx: Tx, employees: Sequence[Any], dependants: Sequence[Any], now: str) -> int:
    """Insert or update employees (by national ID) and replace their dependants; returns the count."""
    written, _ = await write_registry(
        tx, [[employee_row(e) for e in employees]], [[dependant_row(d) for d in dependants]], now
    )
    return written
