"""Goods-voucher campaigns and their vouchers (goods mode: a code each; cash mode: a deposit each)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from storage.base import Reader, as_dict
from storage.db import Tx
from storage.models import Row
from storage.moments import to_iso


class VoucherCampaign(Row):
    """One round of vouchers as opened."""

    id: int
    key: str
    amount: int
    statuses: str
    mode: str
    ends_on: dt.date
    opened_by: int | None
    opened_at: dt.datetime
    progress_chat_id: int | None
    progress_message_id: int | None
    reported_at: dt.datetime | None
    tick_id: int | None
    paid_at: dt.datetime | None
    paid_by: int | None

    @property
    def status_list(self) -> list[str]:
        """The employee statuses the campaign names."""
        return [s for s in self.statuses.split(",") if s]


class IssuedVoucher(Row):
    """One beneficiary's voucher, with the holder as the cooperative sees them."""

    id: int
    campaign_id: int
    employee_id: int
    user_id: int | None
    code: str | None
    amount: int
    issued_at: dt.datetime
    used_at: dt.datetime | None
    used_by: int | None
    used_by_name: str | None
    ends_on: dt.date
    personnel_no: str
    first_name: str
    last_name: str
    sheba: str

    @property
    def full_name(self) -> str:
        """The holder's first and last name."""
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class VoucherCounts:
    """Issued, redeemed, and still open (not used, not expired) vouchers of a campaign."""

    issued: int
    redeemed: int
    open: int


@dataclass(frozen=True)
class NewVoucher:
    """A voucher about to be issued."""

    employee_id: int
    user_id: int | None
    code: str | None


class Beneficiary(Row):
    """A person the campaign names, with the chat they are linked to (None: not linked)."""

    employee_id: int
    user_id: int | None
    personnel_no: str
    first_name: str
    last_name: str
    status: str
    sheba: str

    @property
    def full_name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"


_ISSUED = """SELECT v.*, c.ends_on, e.personnel_no, e.first_name, e.last_name, e.sheba
             FROM vouchers v JOIN voucher_campaigns c ON c.id = v.campaign_id
             JOIN employees e ON e.id = v.employee_id"""


class Vouchers:
    """Read campaigns and vouchers."""

    def __init__(self, q: Reader) -> None:
        self.q = q

    async def campaign(self, campaign_id: int) -> VoucherCampaign | None:
        """By id."""
        row = await self.q.fetchone("SELECT * FROM voucher_campaigns WHERE id = ?", (campaign_id,))
        return VoucherCampaign(**as_dict(row)) if row else None

    async def campaigns(self, limit: int = 5) -> list[VoucherCampaign]:
        """The latest campaigns, newest first."""
        rows = await self.q.fetchall("SELECT * FROM voucher_campaigns ORDER BY id DESC LIMIT ?", (limit,))
        return [VoucherCampaign(**as_dict(r)) for r in rows]

    async def by_key(self, key: str) -> VoucherCampaign | None:
        """By key."""
        row = await self.q.fetchone("SELECT * FROM voucher_campaigns WHERE key = ?", (key,))
        return VoucherCampaign(**as_dict(row)) if row else None

    async def beneficiaries(self, statuses: Sequence[str]) -> list[Beneficiary]:
        """Everyone in the registry with one of ``statuses``, by personnel number."""
        marks = ",".join("?" * len(statuses))
        rows = await self.q.fetchall(
            f"""SELECT e.id AS employee_id, a.user_id, e.personnel_no, e.first_name, e.last_name, e.status,
                       e.sheba
                FROM employees e LEFT JOIN accounts a ON a.employee_id = e.id
                WHERE e.status IN ({marks}) ORDER BY e.personnel_no, e.id""",
            tuple(statuses),
        )
        return [Beneficiary(**as_dict(r)) for r in rows]

    async def by_code(self, code: str) -> IssuedVoucher | None:
        """The voucher with this code (``XXXX-XXXX-XXXX``)."""
        row = await self.q.fetchone(f"{_ISSUED} WHERE v.code = ?", (code,))
        return IssuedVoucher(**as_dict(row)) if row else None

    async def of_campaign(self, campaign_id: int) -> list[IssuedVoucher]:
        """Every voucher of the campaign, by personnel number."""
        rows = await self.q.fetchall(
            f"{_ISSUED} WHERE v.campaign_id = ? ORDER BY e.personnel_no, v.id", (campaign_id,)
        )
        return [IssuedVoucher(**as_dict(r)) for r in rows]

    async def of_employee(self, employee_id: int) -> list[IssuedVoucher]:
        """The employee's vouchers, newest first."""
        rows = await self.q.fetchall(f"{_ISSUED} WHERE v.employee_id = ? ORDER BY v.id DESC", (employee_id,))
        return [IssuedVoucher(**as_dict(r)) for r in rows]

    async def counts(self, campaign_id: int, today: dt.date) -> VoucherCounts:
        """Issued, redeemed and open on ``today`` (an unused voucher past the end is not open)."""
        row = await self.q.fetchone(
            """SELECT COUNT(*) AS issued, COUNT(v.used_at) AS redeemed,
                      SUM(CASE WHEN v.used_at IS NULL AND c.ends_on >= ? THEN 1 ELSE 0 END) AS open
               FROM vouchers v JOIN voucher_campaigns c ON c.id = v.campaign_id WHERE v.campaign_id = ?""",
            (today.isoformat(), campaign_id),
        )
        assert row is not None
        return VoucherCounts(int(row["issued"]), int(row["redeemed"]), int(row["open"] or 0))


async def insert_campaign(
    tx: Tx,
    *,
    key: str,
    amount: int,
    statuses: Sequence[str],
    mode: str,
    ends_on: dt.date,
    opened_by: int | None,
    now: dt.datetime,
) -> int:
    """Open a campaign; 0 if the key is taken."""
    return await tx.execute(
        """INSERT OR IGNORE INTO voucher_campaigns (key, amount, statuses, mode, ends_on, opened_by,
                                                    opened_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        (key, amount, ",".join(statuses), mode, ends_on.isoformat(), opened_by, to_iso(now)),
    )


async def insert_vouchers(
    tx: Tx, campaign_id: int, vouchers: Sequence[NewVoucher], amount: int, now: dt.datetime
) -> None:
    """Issue the campaign's vouchers (the unique code index refuses a clash)."""
    await tx.executemany(
        """INSERT INTO vouchers (campaign_id, employee_id, user_id, code, amount, issued_at)
           VALUES (?, ?, ?, ?, ?, ?)""",
        [(campaign_id, v.employee_id, v.user_id, v.code, amount, to_iso(now)) for v in vouchers],
    )


async def mark_used(tx: Tx, code: str, *, at: dt.datetime, by: int, by_name: str) -> bool:
    """Redeem a voucher once; False if someone redeemed it first."""
    changed = await tx.rowcount(
        """UPDATE vouchers SET used_at = ?, used_by = ?, used_by_name = ?
           WHERE code = ? AND used_at IS NULL""",
        (to_iso(at), by, by_name, code),
    )
    return changed == 1


async def mark_paid(tx: Tx, campaign_id: int, actor: int, now: dt.datetime) -> bool:
    """Finance deposited a cash campaign; False if it was marked before."""
    changed = await tx.rowcount(
        "UPDATE voucher_campaigns SET paid_at = ?, paid_by = ? WHERE id = ? AND paid_at IS NULL",
        (to_iso(now), actor, campaign_id),
    )
    return changed == 1
