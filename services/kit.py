"""The service kit's core: the dependencies every use case receives, and what a service declares.

A service is one :class:`ServiceSpec` (its workflow, texts, hooks, timers and configuration sections); the
office's services are one :class:`Services` built from an explicit list at start-up and carried by
:class:`Env`. Nothing registers itself by being imported.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from domain.calendar import OfficeCalendar
from domain.deadlines import DeadlinePolicy
from domain.documents import DeepLinks
from domain.workflow import Transition, Workflow
from services.clock import Clock
from storage.db import Database, Tx
from storage.models import Reminder, Request
from storage.reminders import Armed
from texts import common as t


def _nothing(*_: object) -> None:
    return None


@dataclass
class Env:
    """Database, clock, office configuration, the services, and the hooks that wake outbox and reminders."""

    db: Database
    clock: Clock
    zone: zoneinfo.ZoneInfo
    services: Services = field(default_factory=lambda: Services(()))
    admin_chat_id: int | None = None
    super_admins: frozenset[int] = frozenset()
    office_contact: str = ""
    #: Links that open the bot (document checks' QR codes); the bot's username is set once it is known.
    links: DeepLinks = field(default_factory=DeepLinks)
    #: The office's working days (the ``[calendar]`` section; read at start-up and by the daily job).
    calendar: OfficeCalendar = field(default_factory=OfficeCalendar)
    #: When late requests are reminded and escalated (the ``[deadlines]`` section).
    deadlines: DeadlinePolicy = field(default_factory=DeadlinePolicy)
    #: Called after a transaction queued outbox rows, so the sender wakes at once.
    wake_outbox: Callable[[], None] = field(default=_nothing)
    #: Called with the reminders added or re-armed (after their transaction), so they are scheduled.
    reminders_changed: Callable[[list[Armed]], None] = field(default=_nothing)
    #: Runs office work soon, outside the caller's transaction (a timer's digest is rendered there).
    spawn: Callable[[Callable[[], Awaitable[object]]], None] = field(default=_nothing)


#: Runs inside the transaction that moved a request: (tx, env, request before, transition, actor).
TransitionHook = Callable[[Tx, Env, Request, Transition, int | None], Awaitable[None]]
#: What a fired reminder of a service's kind does, inside the transaction that fires it; returns whether
#: the reminder's own text is still sent.
TimerAction = Callable[[Tx, Env, Reminder], Awaitable[bool]]
#: Loads one section of the office's TOML file: (transaction, the section's data, now) -> items loaded.
Loader = Callable[[Tx, Any, dt.datetime], Awaitable[int]]
#: Renders one kind of document from its JSON data, when the outbox sends it (outside any transaction).
Renderer = Callable[[dict[str, Any]], bytes]


@dataclass(frozen=True)
class ServiceSpec:
    """One welfare service as the request machinery sees it."""

    key: str
    title: str
    workflow: Workflow
    #: Lines describing a request's payload on the clerks' card and in "my requests".
    describe: Callable[[dict[str, Any]], list[str]]
    #: Persian labels of the statuses and actions this service adds to the common ones.
    status_labels: Mapping[str, str] = field(default_factory=dict)
    action_labels: Mapping[str, str] = field(default_factory=dict)
    #: Runs inside the transaction of every transition (hold a room, queue a loan, add reminders...).
    on_transition: TransitionHook | None = None
    #: What the owner is told after staff move the request: (request after, action, note) -> sendMessage
    #: payload, or None for nothing. Without it the generic approved/rejected/needs-info texts are used.
    owner_notice: Callable[[Request, str, str | None], dict[str, Any] | None] | None = None
    #: Reminder kinds this service acts on when they fire (a hold lapses, a month begins).
    timers: Mapping[str, TimerAction] = field(default_factory=dict)
    #: Sections of the office's TOML file this service loads.
    config: Mapping[str, Loader] = field(default_factory=dict)
    #: Staff roles that may open the requests' documents (empty: every staff role of the workflow).
    document_roles: frozenset[str] = frozenset()
    #: Kinds of document this service queues for rendering at sending time (``services.paperwork``).
    documents: Mapping[str, Renderer] = field(default_factory=dict)
    #: Working days staff have for each status that waits for them (the employee sees the expected date).
    deadlines: Mapping[str, int] = field(default_factory=dict)

    def status_label(self, status: str) -> str:
        """The Persian name of one of this service's statuses."""
        return self.status_labels.get(status) or t.STATUS_LABELS.get(status, status)

    def action_label(self, action: str) -> str:
        """The Persian label of one of this service's action buttons."""
        return self.action_labels.get(action) or t.ACTION_LABELS.get(action, action)


class UnknownService(LookupError):
    """A request names a service the office does not offer."""


class Services:
    """The office's services, from one explicit list; keys, timer kinds, config sections and document kinds
    are unique.

    ``sections`` and ``timers`` are the office's own, claimed by no service (the organisation, the calendar,
    the daily deadline job): they share the services' tables, so a clash with a service's is refused the same
    way.
    """

    def __init__(
        self,
        specs: Iterable[ServiceSpec],
        *,
        sections: Mapping[str, Loader] | None = None,
        timers: Mapping[str, TimerAction] | None = None,
    ) -> None:
        self._specs: dict[str, ServiceSpec] = {}
        self._timers: dict[str, TimerAction] = {}
        self._loaders: dict[str, Loader] = {}
        self._renderers: dict[str, Renderer] = {}
        for section, loader in (sections or {}).items():
            _claim(self._loaders, section, loader, "configuration section")
        for spec in specs:
            _claim(self._specs, spec.key, spec, "service")
            for kind, action in spec.timers.items():
                _claim(self._timers, kind, action, "timer kind")
            for section, loader in spec.config.items():
                _claim(self._loaders, section, loader, "configuration section")
            for kind, renderer in spec.documents.items():
                _claim(self._renderers, kind, renderer, "document kind")
        for kind, action in (timers or {}).items():
            _claim(self._timers, kind, action, "timer kind")

    def get(self, key: str) -> ServiceSpec:
        """The service ``key``."""
        try:
            return self._specs[key]
        except KeyError:
            raise UnknownService(key) from None

    def __iter__(self) -> Iterator[ServiceSpec]:
        return iter(self._specs.values())

    def __len__(self) -> int:
        return len(self._specs)

    def timer(self, kind: str) -> TimerAction | None:
        """The action of a reminder kind, if a service declared one."""
        return self._timers.get(kind)

    def loader(self, section: str) -> Loader | None:
        """The loader of a configuration section, if a service declared one."""
        return self._loaders.get(section)

    def render(self, kind: str, data: dict[str, Any]) -> bytes:
        """A queued document's bytes (LookupError for a kind no service declares)."""
        try:
            renderer = self._renderers[kind]
        except KeyError:
            raise LookupError(f"no service renders documents of kind {kind!r}") from None
        return renderer(data)

    def sections(self) -> list[str]:
        """The sections an office configuration file may hold."""
        return sorted(self._loaders)

    def status_label(self, status: str, service: str | None = None) -> str:
        """The Persian name of a status (of ``service`` when given)."""
        if service is not None and service in self._specs:
            return self._specs[service].status_label(status)
        return t.STATUS_LABELS.get(status, status)


def _claim(table: dict[str, Any], key: str, value: Any, what: str) -> None:
    if key in table and table[key] is not value:
        raise ValueError(f"{what} {key!r} is declared twice")
    table[key] = value
