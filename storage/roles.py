"""Staff roles, and the audit of every grant and revoke.

Every change also queues a ``refreshCommands`` outbox row for the person, in the change's transaction, so
their command menu follows their roles however the change was made (a command, the office file, the CLI).
"""

from __future__ import annotations

import datetime as dt

from domain.workflow import Grant, Role
from storage import outbox
from storage.base import Reader
from storage.db import Tx
from storage.moments import to_iso

#: The outbox's pseudo-method that refreshes one person's command menu (``bot.commands``).
REFRESH_COMMANDS = "refreshCommands"


class Roles:
    """Who holds which role."""

    def __init__(self, q: Reader) -> None:
        self.q = q

    async def grants(self, user_id: int) -> set[Grant]:
        """Every role the user holds."""
        rows = await self.q.fetchall("SELECT role, scope FROM roles WHERE user_id = ?", (user_id,))
        return {Grant(Role(r["role"]), r["scope"]) for r in rows}

    async def holders(self, role: Role, scope: str = "") -> list[int]:
        """Users holding ``role`` for ``scope`` (unscoped holders included)."""
        rows = await self.q.fetchall(
            "SELECT DISTINCT user_id FROM roles WHERE role = ? AND scope IN ('', ?) ORDER BY user_id",
            (role.value, scope),
        )
        return [int(r["user_id"]) for r in rows]

    async def all(self) -> list[tuple[int, Role, str, str]]:
        """Every grant as (user, role, scope, granted at)."""
        rows = await self.q.fetchall("SELECT * FROM roles ORDER BY user_id, role, scope")
        return [(int(r["user_id"]), Role(r["role"]), r["scope"], r["granted_at"]) for r in rows]


async def grant_role(tx: Tx, user_id: int, grant: Grant, actor: int | None, now: dt.datetime) -> bool:
    """Grant a role; False if it was already held."""
    changed = await tx.rowcount(
        "INSERT OR IGNORE INTO roles (user_id, role, scope, granted_by, granted_at) VALUES (?, ?, ?, ?, ?)",
        (user_id, grant.role.value, grant.scope, actor, to_iso(now)),
    )
    if changed:
        await tx.execute(
            "INSERT INTO role_audit (at, actor, action, user_id, role, scope)"
            " VALUES (?, ?, 'grant', ?, ?, ?)",
            (to_iso(now), actor, user_id, grant.role.value, grant.scope),
        )
        await outbox.enqueue(tx, chat_id=user_id, method=REFRESH_COMMANDS, payload={}, now=now)
    return bool(changed)


async def revoke_role(tx: Tx, user_id: int, grant: Grant, actor: int | None, now: dt.datetime) -> bool:
    """Revoke a role; False if it was not held."""
    changed = await tx.rowcount(
        "DELETE FROM roles WHERE user_id = ? AND role = ? AND scope = ?",
        (user_id, grant.role.value, grant.scope),
    )
    if changed:
        await tx.execute(
            "INSERT INTO role_audit (at, actor, action, user_id, role, scope)"
            " VALUES (?, ?, 'revoke', ?, ?, ?)",
            (to_iso(now), actor, user_id, grant.role.value, grant.scope),
        )
        await outbox.enqueue(tx, chat_id=user_id, method=REFRESH_COMMANDS, payload={}, now=now)
    return bool(changed)
