"""Staff commands as menus: which commands each staff member may use, from the manifests and their roles.

On Telegram every staff member gets a command menu of their own (``setMyCommands`` scoped to their chat,
``bot.commands``); on Bale, which has no command menus, their ``/start`` lists the same commands.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from domain.workflow import Role
from services.kit import Env
from storage.roles import Roles
from texts import staff as staff_t

#: Commands of the role administration (``handlers.admin``), for admins.
ADMIN_COMMANDS = ("grant", "revoke", "roles")


@dataclass(frozen=True)
class MenuCommand:
    """A staff command as a menu shows it, and the role it needs."""

    name: str
    description: str
    role: Role


def describe(name: str, description: str = "") -> str:
    """A command's description: its own, the catalog's, or a generic one."""
    return description or staff_t.STAFF_COMMAND_DESCRIPTIONS.get(name, staff_t.STAFF_COMMAND_FALLBACK)


class _Command(Protocol):
    """What a menu needs of a staff command (``kit.manifest.StaffCommand`` is one)."""

    @property
    def name(self) -> str: ...
    @property
    def role(self) -> Role: ...
    @property
    def description(self) -> str: ...


def staff_menu(commands: Iterable[_Command]) -> tuple[MenuCommand, ...]:
    """Every staff command of the office: the services' (from the manifests) and the role administration's."""
    found = [MenuCommand(c.name, describe(c.name, c.description), c.role) for c in commands]
    found += [MenuCommand(name, describe(name), Role.ADMIN) for name in ADMIN_COMMANDS]
    return tuple(found)


async def commands_of(env: Env, menu: Iterable[MenuCommand], user_id: int) -> list[MenuCommand]:
    """The staff commands ``user_id`` may use (a super-admin holds every role); empty for non-staff."""
    if user_id in env.super_admins:
        return list(menu)
    roles = {g.role for g in await Roles(env.db).grants(user_id)}
    return [c for c in menu if c.role in roles]


def commands_text(commands: Iterable[MenuCommand]) -> str:
    """The list a staff member's /start shows (on Bale, which has no command menus)."""
    lines = [staff_t.STAFF_COMMANDS_TITLE]
    lines += [staff_t.STAFF_COMMAND_LINE.format(name=c.name, description=c.description) for c in commands]
    return "\n".join(lines)
