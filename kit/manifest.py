"""A service's manifest: everything the assembly needs to offer it, in one object.

``bot.office.SERVICES`` lists the office's manifests; ``bot.app.build_application``, the CLI, the playground
and the tests read that list. A new service is its own files plus one line there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler, filters

from domain.workflow import Role
from kit.context import RefahContext
from kit.menu import MenuEntry
from kit.settings import Settings
from services.kit import ServiceSpec
from services.roles import has_role

Handler = BaseHandler[Update, RefahContext, Any]
Callback = Callable[[Update, RefahContext], Any]


@dataclass(frozen=True)
class StaffCommand:
    """A command only holders of ``role`` may use; anyone else is told ``refusal``."""

    name: str
    role: Role
    callback: Callback
    refusal: str
    #: Whether anyone outside the organisation's registry may send it, role or not (a guesthouse operator);
    #: holders of any role may send every staff command whether or not they are employees.
    open_to_outsiders: bool = False
    #: What the staff member's command menu says of it (default: ``texts.staff``, else a generic label).
    description: str = ""


@dataclass(frozen=True)
class Manifest:
    """One service: its spec (workflow, texts, hooks, timers, configuration) and its Telegram side."""

    spec: ServiceSpec
    #: Its button on the main menu (none for a service nobody starts by hand).
    menu: MenuEntry | None = None
    #: Its conversation, if people start it in the chat.
    conversation: Callable[[Settings], ConversationHandler[Any]] | None = None
    #: Its one-shot handlers (its own card buttons, follow-up presses).
    handlers: Callable[[Settings], Sequence[Handler]] = field(default=lambda _settings: ())
    #: Commands for staff, each with the role it needs.
    commands: tuple[StaffCommand, ...] = ()

    @property
    def key(self) -> str:
        """The service's key."""
        return self.spec.key


def staff_command_handler(command: StaffCommand) -> Handler:
    """A private-chat command whose sender must hold the command's role."""

    async def guarded(update: Update, context: RefahContext) -> Any:
        user, message = update.effective_user, update.effective_message
        if user is None or message is None:
            return None
        if not await has_role(context.env, user.id, command.role):
            await message.reply_text(command.refusal)
            return None
        return await command.callback(update, context)

    guarded.__doc__ = command.callback.__doc__
    return CommandHandler(command.name, guarded, filters=filters.ChatType.PRIVATE)
