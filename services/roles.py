"""Granting and revoking staff roles: only admins may, and every change is audited.

A change also owes the person a fresh command menu (``storage.roles`` queues it with the change).
"""

from __future__ import annotations

from domain.workflow import SCOPED_ROLES, Grant, Role, holds
from services.kit import Env
from storage.roles import Roles, grant_role, revoke_role


class NotAdmin(PermissionError):
    """The actor may not grant or revoke roles."""


async def is_admin(env: Env, user_id: int) -> bool:
    """A super-admin from the settings, or a holder of the admin role."""
    return user_id in env.super_admins or holds(await Roles(env.db).grants(user_id), Role.ADMIN)


def make_grant(role: str, scope: str = "") -> Grant:
    """A grant from user input; ValueError for an unknown role or a scope on an unscoped role."""
    parsed = Role(role.strip().lower())
    scope = scope.strip()
    if scope and parsed not in SCOPED_ROLES:
        raise ValueError(f"role {parsed} takes no scope")
    return Grant(parsed, scope)


async def grant(env: Env, *, actor: int | None, user_id: int, role: str, scope: str = "") -> bool:
    """Grant a role. ``actor`` None is the operator at the command line."""
    if actor is not None and not await is_admin(env, actor):
        raise NotAdmin(actor)
    g = make_grant(role, scope)
    async with env.db.transaction() as tx:
        changed = await grant_role(tx, user_id, g, actor, env.clock.now())
    env.wake_outbox()
    return changed


async def revoke(env: Env, *, actor: int | None, user_id: int, role: str, scope: str = "") -> bool:
    """Revoke a role."""
    if actor is not None and not await is_admin(env, actor):
        raise NotAdmin(actor)
    g = make_grant(role, scope)
    async with env.db.transaction() as tx:
        changed = await revoke_role(tx, user_id, g, actor, env.clock.now())
    env.wake_outbox()
    return changed


async def list_roles(env: Env) -> list[tuple[int, Role, str, str]]:
    """Every grant."""
    return await Roles(env.db).all()


async def is_staff(env: Env, user_id: int) -> bool:
    """Whether the person holds any role (or is a super-admin)."""
    return user_id in env.super_admins or bool(await Roles(env.db).grants(user_id))


async def has_role(env: Env, user_id: int, role: Role) -> bool:
    """Whether the user holds ``role`` for any scope (a super-admin holds every role)."""
    return user_id in env.super_admins or any(g.role == role for g in await Roles(env.db).grants(user_id))
