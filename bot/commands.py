"""Command menus on Telegram: the default one, the clerks' group's, and one per staff member by role.

A staff member's menu is ``setMyCommands`` scoped to their private chat: the employee commands (if they are a
linked employee) and the staff commands of their roles. It is set at start-up for every role holder and again
whenever a role is granted or revoked (``services.roles`` queues a ``refreshCommands`` outbox row); with no
staff command left it is deleted, so the default menu shows again. Bale has no command menus: nothing here
runs there (the staff's /start lists their commands instead).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from telegram import Bot, BotCommand, BotCommandScopeChat

from kit.staff import MenuCommand, commands_of, describe
from services import onboarding
from services.kit import Env
from storage.roles import Roles
from texts import common as t

_LOG = logging.getLogger(__name__)

#: What the clerks' group's menu offers (the role administration answers admins only).
GROUP_COMMANDS = ("whoami", "roles", "grant", "revoke")


def _bot_commands(pairs: Iterable[tuple[str, str]]) -> list[BotCommand]:
    return [BotCommand(name, description) for name, description in pairs]


async def refresh_member(bot: Bot, env: Env, menu: Sequence[MenuCommand], user_id: int) -> bool:
    """Set (or delete) one person's command menu from their roles; True if they have staff commands."""
    scope = BotCommandScopeChat(user_id)
    staff = await commands_of(env, menu, user_id)
    if not staff:
        await bot.delete_my_commands(scope=scope)
        return False
    linked = await onboarding.linked_employee(env, user_id) is not None
    base = list(t.COMMANDS) if linked else [("start", describe("start")), ("whoami", describe("whoami"))]
    taken = {name for name, _ in base}
    pairs = base + [(c.name, c.description) for c in staff if c.name not in taken]
    await bot.set_my_commands(_bot_commands(pairs), scope=scope)
    return True


async def install(bot: Bot, env: Env, menu: Sequence[MenuCommand]) -> None:
    """The default menu, the clerks' group's, and every staff member's (at start-up)."""
    await bot.set_my_commands(_bot_commands(t.COMMANDS))
    if env.admin_chat_id is not None:
        group = [(name, describe(name)) for name in GROUP_COMMANDS]
        await bot.set_my_commands(_bot_commands(group), scope=BotCommandScopeChat(env.admin_chat_id))
    members = {user_id for user_id, _, _, _ in await Roles(env.db).all()} | set(env.super_admins)
    for user_id in sorted(members):
        await refresh_member(bot, env, menu, user_id)
    _LOG.info("command menus set for %d staff members", len(members))
