"""Study-award campaigns, their applications (one per child) and the payment lists sent to finance."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from pydantic import field_validator

from storage.base import Reader, as_dict
from storage.db import Tx
from storage.models import Dependant, Row
from storage.moments import to_iso


class AwardCampaign(Row):
    """One academic year's awards as opened."""

    id: int
    key: str
    academic_year: int
    levels: list[dict[str, Any]]
    deadline: dt.date
    remind_days_before: int
    status: str
    opened_by: int | None
    opened_at: dt.datetime
    progress_chat_id: int | None
    progress_message_id: int | None
    reported_at: dt.datetime | None
    tick_id: int | None
    remind_id: int | None
    close_id: int | None
    closed_at: dt.datetime | None

    @field_validator("levels", mode="before")
    @classmethod
    def _decode(cls, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value


class PayLine(Row):
    """One approved award as finance pays it."""

    request_id: int
    tracking_code: str
    user_id: int
    personnel_no: str
    first_name: str
    last_name: str
    sheba: str
    child_name: str
    level: str
    gpa: str
    amount: int

    @property
    def full_name(self) -> str:
        """The employee's first and last name."""
        return f"{self.first_name} {self.last_name}"


class Payout(Row):
    """A payment list sent to finance."""

    id: int
    campaign_id: int
    request_ids: list[int]
    total: int
    created_at: dt.datetime
    created_by: int | None
    paid_at: dt.datetime | None
    paid_by: int | None

    @field_validator("request_ids", mode="before")
    @classmethod
    def _decode(cls, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value


class Household(Row):
    """A linked employee with the dependants on file (for reminders)."""

    employee_id: int
    user_id: int
    dependants: list[Dependant]


class Awards:
    """Read campaigns, applications and payment lists."""

    def __init__(self, q: Reader) -> None:
        self.q = q

    async def campaign(self, campaign_id: int) -> AwardCampaign | None:
        """By id."""
        row = await self.q.fetchone("SELECT * FROM award_campaigns WHERE id = ?", (campaign_id,))
        return AwardCampaign(**as_dict(row)) if row else None

    async def by_key(self, key: str) -> AwardCampaign | None:
        """By key."""
        row = await self.q.fetchone("SELECT * FROM award_campaigns WHERE key = ?", (key,))
        return AwardCampaign(**as_dict(row)) if row else None

    async def by_timer(self, column: str, reminder_id: int) -> AwardCampaign | None:
        """The campaign whose ``remind_id`` or ``close_id`` is this reminder."""
        if column not in ("remind_id", "close_id"):
            raise ValueError(column)
        row = await self.q.fetchone(f"SELECT * FROM award_campaigns WHERE {column} = ?", (reminder_id,))
        return AwardCampaign(**as_dict(row)) if row else None

    async def open_campaign(self, today: dt.date) -> AwardCampaign | None:
        """The newest campaign still taking applications on ``today``."""
        row = await self.q.fetchone(
            """SELECT * FROM award_campaigns WHERE status = 'open' AND deadline >= ?
               ORDER BY id DESC LIMIT 1""",
            (today.isoformat(),),
        )
        return AwardCampaign(**as_dict(row)) if row else None

    async def campaigns(self, limit: int = 5) -> list[AwardCampaign]:
        """The latest campaigns, newest first."""
        rows = await self.q.fetchall("SELECT * FROM award_campaigns ORDER BY id DESC LIMIT ?", (limit,))
        return [AwardCampaign(**as_dict(r)) for r in rows]

    async def applied(self, campaign_id: int) -> set[str]:
        """National IDs of the children with a live application in the campaign."""
        rows = await self.q.fetchall(
            "SELECT child_national_id FROM award_applications WHERE campaign_id = ? AND withdrawn = 0",
            (campaign_id,),
        )
        return {str(r["child_national_id"]) for r in rows}

    async def counts(self, campaign_id: int) -> dict[str, int]:
        """Live applications per request status."""
        rows = await self.q.fetchall(
            """SELECT r.status, COUNT(*) AS n FROM award_applications a JOIN requests r ON r.id = a.request_id
               WHERE a.campaign_id = ? GROUP BY r.status""",
            (campaign_id,),
        )
        return {str(r["status"]): int(r["n"]) for r in rows}

    async def pay_lines(self, campaign_id: int, status: str) -> list[PayLine]:
        """The campaign's applications in ``status``, by personnel number."""
        rows = await self.q.fetchall(
            """SELECT r.id AS request_id, r.tracking_code, r.user_id, e.personnel_no, e.first_name,
                      e.last_name, e.sheba, a.child_name, a.level, a.gpa, a.amount
               FROM award_applications a
               JOIN requests r ON r.id = a.request_id
               JOIN employees e ON e.id = r.employee_id
               WHERE a.campaign_id = ? AND a.withdrawn = 0 AND r.status = ?
               ORDER BY e.personnel_no, r.id""",
            (campaign_id, status),
        )
        return [PayLine(**as_dict(r)) for r in rows]

    async def payout(self, payout_id: int) -> Payout | None:
        """A payment list by id."""
        row = await self.q.fetchone("SELECT * FROM award_payouts WHERE id = ?", (payout_id,))
        return Payout(**as_dict(row)) if row else None

    async def households(self) -> list[Household]:
        """Every linked employee with the dependants on file."""
        rows = await self.q.fetchall(
            """SELECT a.employee_id, a.user_id, d.id, d.national_id, d.first_name, d.last_name,
                      d.relation, d.birth_date
               FROM accounts a LEFT JOIN dependants d ON d.employee_id = a.employee_id
               ORDER BY a.employee_id, d.id"""
        )
        found: dict[int, Household] = {}
        for r in rows:
            house = found.setdefault(
                int(r["employee_id"]),
                Household(employee_id=int(r["employee_id"]), user_id=int(r["user_id"]), dependants=[]),
            )
            if r["id"] is not None:
                house.dependants.append(
                    Dependant(
                        id=r["id"],
                        employee_id=r["employee_id"],
                        national_id=r["national_id"],
                        first_name=r["first_name"],
                        last_name=r["last_name"],
                        relation=r["relation"],
                        birth_date=r["birth_date"],
                    )
                )
        return list(found.values())


async def insert_campaign(
    tx: Tx,
    *,
    key: str,
    academic_year: int,
    levels: Sequence[dict[str, Any]],
    deadline: dt.date,
    remind_days_before: int,
    opened_by: int | None,
    now: dt.datetime,
) -> int:
    """Open a campaign; 0 if the key is taken."""
    return await tx.execute(
        """INSERT OR IGNORE INTO award_campaigns (key, academic_year, levels, deadline, remind_days_before,
                                                  opened_by, opened_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        (
            key,
            academic_year,
            json.dumps(list(levels)),
            deadline.isoformat(),
            remind_days_before,
            opened_by,
            to_iso(now),
        ),
    )


async def set_timers(tx: Tx, campaign_id: int, *, remind_id: int, close_id: int) -> None:
    """Remember the campaign's reminder and closing timers."""
    await tx.execute(
        "UPDATE award_campaigns SET remind_id = ?, close_id = ? WHERE id = ?",
        (remind_id, close_id, campaign_id),
    )


async def mark_closed(tx: Tx, campaign_id: int, now: dt.datetime) -> bool:
    """The deadline passed; False if it was closed before."""
    changed = await tx.rowcount(
        "UPDATE award_campaigns SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'",
        (to_iso(now), campaign_id),
    )
    return changed == 1


async def insert_application(
    tx: Tx,
    *,
    request_id: int,
    campaign_id: int,
    child_national_id: str,
    child_name: str,
    level: str,
    gpa: str,
    amount: int,
) -> None:
    """The application's award facts (the unique index refuses a second live one for the child)."""
    await tx.execute(
        """INSERT INTO award_applications (request_id, campaign_id, child_national_id, child_name, level,
                                           gpa, amount)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        (request_id, campaign_id, child_national_id, child_name, level, gpa, amount),
    )


async def withdraw_application(tx: Tx, request_id: int) -> None:
    """A cancelled application frees its child."""
    await tx.execute("UPDATE award_applications SET withdrawn = 1 WHERE request_id = ?", (request_id,))


async def insert_payout(
    tx: Tx, *, campaign_id: int, request_ids: Sequence[int], total: int, actor: int | None, now: dt.datetime
) -> int:
    """Record a payment list sent to finance."""
    return await tx.execute(
        """INSERT INTO award_payouts (campaign_id, request_ids, total, created_at, created_by)
           VALUES (?, ?, ?, ?, ?)""",
        (campaign_id, json.dumps(list(request_ids)), total, to_iso(now), actor),
    )


async def mark_payout_paid(tx: Tx, payout_id: int, actor: int, now: dt.datetime) -> bool:
    """Finance paid the list; False if it was marked before."""
    changed = await tx.rowcount(
        "UPDATE award_payouts SET paid_at = ?, paid_by = ? WHERE id = ? AND paid_at IS NULL",
        (to_iso(now), actor, payout_id),
    )
    return changed == 1
