"""Accounts (a chat user linked to an employee) and onboarding attempts."""

from __future__ import annotations

import datetime as dt

from storage.base import Reader
from storage.db import Tx
from storage.moments import from_iso, to_iso


class Accounts:
    """Which Telegram/Bale user is which employee."""

    def __init__(self, q: Reader) -> None:
        self.q = q

    async def employee_id(self, user_id: int) -> int | None:
        """The employee linked to this user, if any."""
        value = await self.q.fetchval("SELECT employee_id FROM accounts WHERE user_id = ?", (user_id,))
        return int(value) if value is not None else None

    async def linked_at(self, user_id: int) -> dt.datetime | None:
        """When this user was linked, if they are."""
        value = await self.q.fetchval("SELECT linked_at FROM accounts WHERE user_id = ?", (user_id,))
        return from_iso(str(value)) if value is not None else None

    async def user_id(self, employee_id: int) -> int | None:
        """The chat user linked to this employee, if any."""
        value = await self.q.fetchval("SELECT user_id FROM accounts WHERE employee_id = ?", (employee_id,))
        return int(value) if value is not None else None


async def link_account(tx: Tx, user_id: int, employee_id: int, now: dt.datetime) -> None:
    """Link the user to the employee, replacing any earlier link of either side."""
    await tx.execute("DELETE FROM accounts WHERE user_id = ? OR employee_id = ?", (user_id, employee_id))
    await tx.execute(
        "INSERT INTO accounts (user_id, employee_id, linked_at) VALUES (?, ?, ?)",
        (user_id, employee_id, to_iso(now)),
    )
    await tx.execute("DELETE FROM onboarding WHERE user_id = ?", (user_id,))


class Onboarding:
    """A user's progress through onboarding: the matched employee, failed tries, a lock."""

    def __init__(self, q: Reader) -> None:
        self.q = q

    async def get(self, user_id: int) -> tuple[int | None, int, dt.datetime | None]:
        """(matched employee id, failures, locked until) for the user."""
        row = await self.q.fetchone(
            "SELECT employee_id, failures, locked_until FROM onboarding WHERE user_id = ?", (user_id,)
        )
        if row is None:
            return None, 0, None
        locked = from_iso(row["locked_until"]) if row["locked_until"] else None
        return row["employee_id"], int(row["failures"]), locked


async def save_onboarding(
    tx: Tx, user_id: int, employee_id: int | None, failures: int, locked_until: dt.datetime | None
) -> None:
    """Store the user's onboarding progress."""
    await tx.execute(
        """INSERT INTO onboarding (user_id, employee_id, failures, locked_until) VALUES (?, ?, ?, ?)
           ON CONFLICT (user_id) DO UPDATE SET employee_id = excluded.employee_id,
             failures = excluded.failures, locked_until = excluded.locked_until""",
        (user_id, employee_id, failures, to_iso(locked_until) if locked_until else None),
    )
