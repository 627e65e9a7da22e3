"""The callback context of every Refah handler: typed access to the dependencies and the current employee.

PTB builds one context per update and hands the same object to every handler group, so the gate can look the
employee up once and every later step reads ``context.employee`` (as PTB's ``contexttypesbot`` example does).
"""

from __future__ import annotations

from typing import Any, Protocol

from telegram.ext import CallbackContext, ExtBot

from kit.settings import Settings
from kit.staff import MenuCommand
from services.kit import Env
from storage.models import Employee
from storage.persistence import SQLitePersistence


class Host(Protocol):
    """What the application offers its handlers (``bot.app.RefahApplication`` is one)."""

    env: Env
    settings: Settings
    #: The persistence, committed once per update with the processed mark.
    store: SQLitePersistence
    #: Commands anyone may send, linked or not (their handlers check the sender's role themselves).
    open_commands: frozenset[str]
    #: Every staff command with the role it needs (role holders may send them without being employees).
    staff_menu: tuple[MenuCommand, ...]


class RefahContext(CallbackContext[ExtBot[None], dict[str, Any], dict[str, Any], dict[str, Any]]):
    """PTB's context plus Refah's dependencies and the employee behind the update."""

    _employee: Employee | None = None

    @property
    def env(self) -> Env:
        """Database, clock, office configuration and the services."""
        return self.host.env

    @property
    def settings(self) -> Settings:
        """The settings the bot started with."""
        return self.host.settings

    @property
    def host(self) -> Host:
        """The application, typed by what handlers use of it."""
        return self.application  # type: ignore[return-value]

    @property
    def employee(self) -> Employee:
        """The linked employee behind this update (the gate put them here; only they pass the gate)."""
        if self._employee is None:
            raise LookupError("no linked employee on this update")
        return self._employee

    @employee.setter
    def employee(self, employee: Employee) -> None:
        self._employee = employee

    @property
    def has_employee(self) -> bool:
        """Whether the gate found a linked employee for this update."""
        return self._employee is not None
