"""Roles and the request state machine every service declares.

A service's :class:`Workflow` lists its transitions; each names the action, the statuses it leaves, the
status it reaches, who may take it (a staff role, or the request's owner) and whether a reason is needed.
Anything not listed is an illegal transition and is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """Staff roles; only admins grant them."""

    ADMIN = "admin"
    CLERK = "clerk"
    HEAD = "head"
    FINANCE = "finance"
    PAYROLL = "payroll"
    COOP_OPERATOR = "coop_operator"
    GUESTHOUSE_OPERATOR = "guesthouse_operator"


#: Roles that are granted per service (clerk) or per place (guesthouse operator); "" means all.
SCOPED_ROLES = frozenset({Role.CLERK, Role.GUESTHOUSE_OPERATOR})


@dataclass(frozen=True)
class Grant:
    """One role held by one person, optionally limited to a scope."""

    role: Role
    scope: str = ""


def holds(grants: Iterable[Grant], role: Role, scope: str = "") -> bool:
    """Whether ``grants`` include ``role`` for ``scope`` (an unscoped grant covers every scope)."""
    return any(g.role == role and g.scope in ("", scope) for g in grants)


class Status(StrEnum):
    """Statuses shared by most services; a service may add its own strings."""

    SUBMITTED = "submitted"
    NEEDS_INFO = "needs_info"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    DONE = "done"


class Action(StrEnum):
    """Actions shared by most services."""

    APPROVE = "approve"
    REJECT = "reject"
    ASK_INFO = "ask_info"
    ANSWER_INFO = "answer_info"
    CANCEL = "cancel"


#: Target of a transition that returns to the status held before ``ask_info``.
RESUME = "*resume*"
#: Stands for the request's owner in :attr:`Transition.role`.
OWNER = "owner"
#: Stands for the bot itself in :attr:`Transition.role` (a timer: a hold expires, a stay begins); no person
#: may take such an action, and it never shows as a button.
SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    """One allowed move of a request."""

    action: str
    sources: frozenset[str]
    target: str
    role: Role | str
    needs_reason: bool = False
    #: The actor must differ from whoever took this earlier action (two-level approval).
    not_by_actor_of: str | None = None
    #: The feature whose own handler takes this action because it needs more input than a reason (dates to
    #: propose...): its card button is ``<feature>:<action>:<id>``, and the shared card handler refuses it.
    handled_by: str | None = None

    @property
    def by_owner(self) -> bool:
        """Whether the request's owner (not staff) takes this action."""
        return self.role == OWNER

    @property
    def by_system(self) -> bool:
        """Whether the bot itself (a timer), not a person, takes this action."""
        return self.role == SYSTEM


class WorkflowError(Exception):
    """A request cannot move as asked.

    WorkflowError
    ├── IllegalTransition   the action does not apply to the current status
    ├── NotPermitted        the actor lacks the role, or is not the owner
    │   └── OwnCase         the actor is the request's owner, or family of its owner or person (staff)
    ├── SameActor           the actor already took the action this one must be separate from
    ├── ReasonRequired      the action needs a reason and none was given
    └── Refused             a service's own rule refused the move (no room left, too late to cancel)
    """


class IllegalTransition(WorkflowError):
    """The action does not apply to the request's current status."""


class NotPermitted(WorkflowError):
    """The actor may not take this action."""


class OwnCase(NotPermitted):
    """Staff may not act on their own request, nor on one of their family (``domain.family``)."""


class SameActor(WorkflowError):
    """Separation of duties: the same person cannot take both actions."""


class ReasonRequired(WorkflowError):
    """The action needs a reason."""


class Refused(WorkflowError):
    """A service's own rule refused the move; ``text`` tells the actor why (already in their language)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


@dataclass(frozen=True)
class Workflow:
    """The state machine of one service."""

    service: str
    initial: str
    transitions: tuple[Transition, ...]
    final: frozenset[str] = field(default_factory=frozenset)

    def find(self, status: str, action: str) -> Transition:
        """The transition for ``action`` from ``status``, or :class:`IllegalTransition`."""
        for t in self.transitions:
            if t.action == action and status in t.sources:
                return t
        raise IllegalTransition(f"{self.service}: {action} from {status}")

    def staff_actions(self, status: str) -> list[Transition]:
        """The staff actions available at ``status``, in declaration order."""
        return [t for t in self.transitions if status in t.sources and not t.by_owner and not t.by_system]

    def owner_actions(self, status: str) -> list[Transition]:
        """The owner's actions available at ``status``."""
        return [t for t in self.transitions if status in t.sources and t.by_owner]

    def authorise(
        self,
        status: str,
        action: str,
        *,
        grants: Iterable[Grant],
        is_owner: bool,
        reason: str | None = None,
        earlier_actor: int | None = None,
        actor: int | None = None,
    ) -> Transition:
        """Check that this actor may take ``action`` now; returns the transition or raises."""
        t = self.find(status, action)
        if t.by_system:
            raise NotPermitted(action)
        if t.by_owner:
            if not is_owner:
                raise NotPermitted(action)
        elif not holds(grants, Role(t.role), self.service):
            raise NotPermitted(action)
        if t.not_by_actor_of is not None and earlier_actor is not None and earlier_actor == actor:
            raise SameActor(action)
        if t.needs_reason and not (reason and reason.strip()):
            raise ReasonRequired(action)
        return t

    def is_final(self, status: str) -> bool:
        """Whether nothing more happens to a request in ``status``."""
        return status in self.final


def review_workflow(service: str, *, reviewer: Role = Role.CLERK) -> Workflow:
    """The common one-level review: approve, reject or ask for more information; the owner may cancel."""
    open_ = frozenset({Status.SUBMITTED})
    return Workflow(
        service=service,
        initial=Status.SUBMITTED,
        transitions=(
            Transition(Action.APPROVE, open_, Status.APPROVED, reviewer),
            Transition(Action.REJECT, open_, Status.REJECTED, reviewer, needs_reason=True),
            Transition(Action.ASK_INFO, open_, Status.NEEDS_INFO, reviewer, needs_reason=True),
            Transition(Action.ANSWER_INFO, frozenset({Status.NEEDS_INFO}), RESUME, OWNER),
            Transition(Action.CANCEL, open_ | {Status.NEEDS_INFO}, Status.CANCELLED, OWNER),
        ),
        final=frozenset({Status.APPROVED, Status.REJECTED, Status.CANCELLED}),
    )
