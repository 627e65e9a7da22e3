"""The services Refah offers: each declares its workflow and how its requests read on a card."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from domain.workflow import Transition, Workflow

if TYPE_CHECKING:
    from services.env import Env
    from storage.db import Tx
    from storage.models import Request

#: Called inside the transaction that moved a request: (tx, env, request before, transition, actor).
TransitionHook = Callable[["Tx", "Env", "Request", Transition, int | None], Awaitable[None]]


@dataclass(frozen=True)
class ServiceSpec:
    """One welfare service as the request machinery sees it."""

    key: str
    title: str
    workflow: Workflow
    #: Lines describing a request's payload on the clerks' card and in "my requests".
    describe: Callable[[dict[str, Any]], list[str]]
    #: Runs inside the transaction of every transition (hold a room, queue a loan, add reminders...).
    on_transition: TransitionHook | None = None
    #: What the owner is told after staff move the request: (request after, action, note) -> sendMessage
    #: payload, or None for nothing. Without it the generic approved/rejected/needs-info texts are used.
    owner_notice: Callable[[Request, str, str | None], dict[str, Any] | None] | None = None


_SPECS: dict[str, ServiceSpec] = {}


def register(spec: ServiceSpec) -> ServiceSpec:
    """Add a service (idempotent for the same key and spec)."""
    existing = _SPECS.get(spec.key)
    if existing is not None and existing != spec:
        raise ValueError(f"service {spec.key!r} registered twice")
    _SPECS[spec.key] = spec
    return spec


def get(key: str) -> ServiceSpec:
    """The registered service ``key``."""
    return _SPECS[key]


def all_services() -> list[ServiceSpec]:
    """Every registered service, in registration order."""
    return list(_SPECS.values())
