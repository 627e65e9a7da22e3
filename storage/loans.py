"""Welfare-fund loans: products, the fund's settings and budgets, loans, schedules and payroll deductions."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import field_validator

from domain.loans import Instalment
from storage.base import Reader, as_dict
from storage.db import Tx
from storage.models import Request, Row
from storage.moments import to_iso

#: Loan states in which the loan's principal counts against the budget of the month that funded it.
_COMMITTED = ("funded", "disbursed", "settled")
_LOAN_COLUMNS = """request_id, employee_id, product_key, principal, instalments, fee_model, fee_value, fee,
                   state, approved_at, budget_month, funded_at, letter_no, disbursed_at, disbursed_by,
                   first_due, paid_count, settled_at"""


class LoanProduct(Row):
    """A kind of loan the fund offers, as configured in the office file."""

    id: int
    key: str
    name: str
    min_amount: int
    max_amount: int
    instalments: int
    fee_model: str
    fee_value: int
    documents: list[str]
    position: int
    active: bool

    @field_validator("documents", mode="before")
    @classmethod
    def _decode(cls, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value


class LoanFund(Row):
    """The fund's rules and the bank its letters are addressed to."""

    min_membership_months: int
    monthly_budget: int
    bank_name: str
    branch_name: str


class Loan(Row):
    """A finally approved loan and where it stands."""

    request_id: int
    employee_id: int
    product_key: str
    principal: int
    instalments: int
    fee_model: str
    fee_value: int
    fee: int
    state: str
    approved_at: dt.datetime
    budget_month: str | None
    funded_at: dt.datetime | None
    letter_no: str | None
    disbursed_at: dt.datetime | None
    disbursed_by: int | None
    first_due: str | None
    paid_count: int
    settled_at: dt.datetime | None


class DeductionLine(Row):
    """One instalment on a month's payroll list, with whom it is deducted from."""

    request_id: int
    tracking_code: str
    user_id: int
    personnel_no: str
    first_name: str
    last_name: str
    number: int
    instalments: int
    amount: int

    @property
    def full_name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"


class DeductionRun(Row):
    """A month's payroll list: when it was sent to payroll and when payroll recorded it."""

    jalali_month: str
    announced_at: dt.datetime | None
    recorded_at: dt.datetime | None
    recorded_by: int | None


class Loans:
    """Read the loan tables."""

    def __init__(self, q: Reader) -> None:
        self.q = q

    async def products(self) -> list[LoanProduct]:
        """The products on offer, in the order of the office file."""
        rows = await self.q.fetchall("SELECT * FROM loan_products WHERE active = 1 ORDER BY position, id")
        return [LoanProduct(**as_dict(r)) for r in rows]

    async def product(self, product_id: int) -> LoanProduct | None:
        """A product on offer, by id."""
        row = await self.q.fetchone("SELECT * FROM loan_products WHERE id = ? AND active = 1", (product_id,))
        return LoanProduct(**as_dict(row)) if row else None

    async def fund(self) -> LoanFund | None:
        """The fund's settings, or None if they were never configured."""
        row = await self.q.fetchone(
            "SELECT min_membership_months, monthly_budget, bank_name, branch_name FROM loan_fund WHERE id = 1"
        )
        return LoanFund(**as_dict(row)) if row else None

    async def budget_for(self, month: str) -> int:
        """The budget of a Jalali month: its own figure, else the fund's monthly budget (0 if unset)."""
        own = await self.q.fetchval("SELECT amount FROM loan_budgets WHERE jalali_month = ?", (month,))
        if own is not None:
            return int(own)
        usual = await self.q.fetchval("SELECT monthly_budget FROM loan_fund WHERE id = 1")
        return int(usual or 0)

    async def committed(self, month: str) -> int:
        """Rials of the month's budget already given to loans."""
        marks = ",".join("?" * len(_COMMITTED))
        value = await self.q.fetchval(
            f"SELECT COALESCE(SUM(principal), 0) FROM loans WHERE budget_month = ? AND state IN ({marks})",
            (month, *_COMMITTED),
        )
        return int(value or 0)

    async def get(self, request_id: int) -> Loan | None:
        """The loan of a request, once finally approved."""
        row = await self.q.fetchone(f"SELECT {_LOAN_COLUMNS} FROM loans WHERE request_id = ?", (request_id,))
        return Loan(**as_dict(row)) if row else None

    async def queued(self) -> list[Loan]:
        """Loans waiting for budget, in order of final approval."""
        rows = await self.q.fetchall(
            f"SELECT {_LOAN_COLUMNS} FROM loans WHERE state = 'queued' ORDER BY approved_at, request_id"
        )
        return [Loan(**as_dict(r)) for r in rows]

    async def has_queued(self) -> bool:
        """Whether any loan waits for budget."""
        return bool(await self.q.fetchval("SELECT 1 FROM loans WHERE state = 'queued' LIMIT 1"))

    async def schedule(self, request_id: int) -> list[Instalment]:
        """The loan's instalments, first to last (empty until it is paid out)."""
        rows = await self.q.fetchall(
            """SELECT number, jalali_month, amount, principal_part, fee_part FROM loan_instalments
               WHERE request_id = ? ORDER BY number""",
            (request_id,),
        )
        return [
            Instalment(
                number=int(r["number"]),
                jalali_year=int(r["jalali_month"][:4]),
                jalali_month=int(r["jalali_month"][5:7]),
                amount=int(r["amount"]),
                principal_part=int(r["principal_part"]),
                fee_part=int(r["fee_part"]),
            )
            for r in rows
        ]

    async def requests_of(self, employee_id: int, statuses: Sequence[str]) -> list[Request]:
        """The employee's loan requests in any of ``statuses``, oldest first."""
        marks = ",".join("?" * len(statuses))
        rows = await self.q.fetchall(
            f"""SELECT * FROM requests WHERE service = 'loan' AND employee_id = ? AND status IN ({marks})
                ORDER BY created_at, id""",
            (employee_id, *statuses),
        )
        return [Request(**as_dict(r)) for r in rows]

    async def due_in(self, month: str) -> list[DeductionLine]:
        """Paid-out loans whose next instalment falls to ``month`` and is not yet recorded for it."""
        rows = await self.q.fetchall(
            """SELECT l.request_id, r.tracking_code, r.user_id, e.personnel_no, e.first_name, e.last_name,
                      i.number, l.instalments, i.amount
               FROM loans l
               JOIN requests r ON r.id = l.request_id
               JOIN employees e ON e.id = l.employee_id
               JOIN loan_instalments i ON i.request_id = l.request_id AND i.number = l.paid_count + 1
               WHERE l.state = 'disbursed' AND l.first_due <= ?
                 AND NOT EXISTS (SELECT 1 FROM loan_deductions d
                                 WHERE d.request_id = l.request_id AND d.jalali_month = ?)
               ORDER BY e.personnel_no, l.request_id""",
            (month, month),
        )
        return [DeductionLine(**as_dict(r)) for r in rows]

    async def deducted_in(self, month: str) -> list[DeductionLine]:
        """The instalments recorded as deducted in ``month``."""
        rows = await self.q.fetchall(
            """SELECT l.request_id, r.tracking_code, r.user_id, e.personnel_no, e.first_name, e.last_name,
                      d.number, l.instalments, d.amount
               FROM loan_deductions d
               JOIN loans l ON l.request_id = d.request_id
               JOIN requests r ON r.id = d.request_id
               JOIN employees e ON e.id = l.employee_id
               WHERE d.jalali_month = ?
               ORDER BY e.personnel_no, l.request_id""",
            (month,),
        )
        return [DeductionLine(**as_dict(r)) for r in rows]

    async def run(self, month: str) -> DeductionRun | None:
        """The month's payroll list record, if it was sent or recorded."""
        row = await self.q.fetchone("SELECT * FROM loan_deduction_runs WHERE jalali_month = ?", (month,))
        return DeductionRun(**as_dict(row)) if row else None


def _precise(moment: dt.datetime) -> str:
    """A UTC ISO-8601 string to the microsecond: the queue's order must hold within one second."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


# --- configuration ----------------------------------------------------------------------------------------


async def upsert_product(
    tx: Tx,
    *,
    key: str,
    name: str,
    min_amount: int,
    max_amount: int,
    instalments: int,
    fee_model: str,
    fee_value: int,
    documents: Sequence[str],
    position: int,
    now: dt.datetime,
) -> None:
    """Add a product or update it in place (by key), and offer it."""
    await tx.execute(
        """INSERT INTO loan_products (key, name, min_amount, max_amount, instalments, fee_model, fee_value,
                                      documents, position, active, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
           ON CONFLICT (key) DO UPDATE SET name = excluded.name, min_amount = excluded.min_amount,
             max_amount = excluded.max_amount, instalments = excluded.instalments,
             fee_model = excluded.fee_model, fee_value = excluded.fee_value, documents = excluded.documents,
             position = excluded.position, active = 1, updated_at = excluded.updated_at""",
        (
            key,
            name,
            min_amount,
            max_amount,
            instalments,
            fee_model,
            fee_value,
            json.dumps(list(documents)),
            position,
            to_iso(now),
        ),
    )


async def withdraw_products_except(tx: Tx, keys: Iterable[str], now: dt.datetime) -> int:
    """Stop offering every product not in ``keys`` (loans already taken keep their own terms)."""
    kept = list(keys)
    marks = ",".join("?" * len(kept)) or "''"
    return await tx.rowcount(
        f"UPDATE loan_products SET active = 0, updated_at = ? WHERE active = 1 AND key NOT IN ({marks})",
        (to_iso(now), *kept),
    )


async def save_fund(
    tx: Tx,
    *,
    min_membership_months: int,
    monthly_budget: int,
    bank_name: str,
    branch_name: str,
    now: dt.datetime,
) -> None:
    """Set the fund's settings."""
    await tx.execute(
        """INSERT INTO loan_fund (id, min_membership_months, monthly_budget, bank_name, branch_name,
                                  updated_at)
           VALUES (1, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET min_membership_months = excluded.min_membership_months,
             monthly_budget = excluded.monthly_budget, bank_name = excluded.bank_name,
             branch_name = excluded.branch_name, updated_at = excluded.updated_at""",
        (min_membership_months, monthly_budget, bank_name, branch_name, to_iso(now)),
    )


async def replace_budgets(tx: Tx, budgets: Mapping[str, int], now: dt.datetime) -> None:
    """Replace every month's own budget with ``budgets`` (Jalali month -> rials)."""
    await tx.execute("DELETE FROM loan_budgets")
    await tx.executemany(
        "INSERT INTO loan_budgets (jalali_month, amount, updated_at) VALUES (?, ?, ?)",
        [(month, amount, to_iso(now)) for month, amount in sorted(budgets.items())],
    )


# --- a loan's life ----------------------------------------------------------------------------------------


async def insert_loan(
    tx: Tx,
    *,
    request_id: int,
    employee_id: int,
    product_key: str,
    principal: int,
    instalments: int,
    fee_model: str,
    fee_value: int,
    fee: int,
    approved_at: dt.datetime,
) -> None:
    """Queue a finally approved loan for budget."""
    await tx.execute(
        """INSERT INTO loans (request_id, employee_id, product_key, principal, instalments, fee_model,
                              fee_value, fee, state, approved_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)""",
        (
            request_id,
            employee_id,
            product_key,
            principal,
            instalments,
            fee_model,
            fee_value,
            fee,
            _precise(approved_at),
        ),
    )


async def mark_funded(
    tx: Tx, request_id: int, *, month: str, letter_no: str, letter_pdf: bytes | None, now: dt.datetime
) -> bool:
    """Give a queued loan its place in ``month``'s budget, with its bank letter."""
    changed = await tx.rowcount(
        """UPDATE loans SET state = 'funded', budget_month = ?, funded_at = ?, letter_no = ?, letter_pdf = ?
           WHERE request_id = ? AND state = 'queued'""",
        (month, to_iso(now), letter_no, letter_pdf, request_id),
    )
    return changed == 1


async def cancel_queued(tx: Tx, request_id: int) -> bool:
    """Take a loan out of the budget queue (its owner cancelled it)."""
    return (
        await tx.rowcount(
            "UPDATE loans SET state = 'cancelled' WHERE request_id = ? AND state = 'queued'", (request_id,)
        )
        == 1
    )


async def mark_disbursed(
    tx: Tx,
    request_id: int,
    *,
    actor: int | None,
    first_due: str,
    schedule: Sequence[Instalment],
    now: dt.datetime,
) -> bool:
    """Record the pay-out and fix the schedule."""
    changed = await tx.rowcount(
        """UPDATE loans SET state = 'disbursed', disbursed_at = ?, disbursed_by = ?, first_due = ?
           WHERE request_id = ? AND state = 'funded'""",
        (to_iso(now), actor, first_due, request_id),
    )
    if changed != 1:
        return False
    await tx.executemany(
        """INSERT INTO loan_instalments (request_id, number, jalali_month, amount, principal_part, fee_part)
           VALUES (?, ?, ?, ?, ?, ?)""",
        [
            (
                request_id,
                i.number,
                f"{i.jalali_year:04d}-{i.jalali_month:02d}",
                i.amount,
                i.principal_part,
                i.fee_part,
            )
            for i in schedule
        ],
    )
    return True


async def add_deduction(
    tx: Tx, line: DeductionLine, *, month: str, actor: int | None, now: dt.datetime
) -> bool:
    """Record one instalment as deducted in ``month``; False if this loan already had one that month."""
    inserted = await tx.rowcount(
        """INSERT OR IGNORE INTO loan_deductions (request_id, jalali_month, number, amount, recorded_at,
                                                  recorded_by)
           VALUES (?, ?, ?, ?, ?, ?)""",
        (line.request_id, month, line.number, line.amount, to_iso(now), actor),
    )
    if inserted != 1:
        return False
    await tx.execute(
        "UPDATE loans SET paid_count = paid_count + 1 WHERE request_id = ? AND paid_count = ?",
        (line.request_id, line.number - 1),
    )
    return True


async def mark_settled(tx: Tx, request_id: int, now: dt.datetime) -> None:
    """The last instalment is in."""
    await tx.execute(
        "UPDATE loans SET state = 'settled', settled_at = ? WHERE request_id = ? AND state = 'disbursed'",
        (to_iso(now), request_id),
    )


async def mark_announced(tx: Tx, month: str, now: dt.datetime) -> bool:
    """Note that ``month``'s list went to payroll; False if it already had."""
    await tx.execute("INSERT OR IGNORE INTO loan_deduction_runs (jalali_month) VALUES (?)", (month,))
    return (
        await tx.rowcount(
            "UPDATE loan_deduction_runs SET announced_at = ? WHERE jalali_month = ? AND announced_at IS NULL",
            (to_iso(now), month),
        )
        == 1
    )


async def mark_recorded(tx: Tx, month: str, actor: int | None, now: dt.datetime) -> bool:
    """Note that payroll recorded ``month``'s deductions; False if it already had."""
    await tx.execute("INSERT OR IGNORE INTO loan_deduction_runs (jalali_month) VALUES (?)", (month,))
    return (
        await tx.rowcount(
            """UPDATE loan_deduction_runs SET recorded_at = ?, recorded_by = ?
           WHERE jalali_month = ? AND recorded_at IS NULL""",
            (to_iso(now), actor, month),
        )
        == 1
    )
