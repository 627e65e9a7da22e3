"""Conflict of interest: no one acts as staff on a case of their own or of their family.

Family is known from the registry only. A person's *household* is their own national ID and the national IDs
of the dependants registered under them (spouse, children, parents). A staff member is conflicted on a case
when their household meets the case's people: the owner's household, and anyone the case's payload names by
national ID (the insured person of a booklet, a patient). So a clerk may not act on

- their own request (the same employee, from any account),
- a request whose owner is one of their dependants, or lists them as a dependant,
- a request of someone who shares a dependant with them (two parents of one child, siblings listing one
  parent),
- a request naming (``national_id`` anywhere in its payload) themselves or one of their dependants.

A staff member with no registry record (an outside guesthouse operator) has no household to compare: only
the account check (``request.user_id == actor``) applies to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: The payload key under which a service names a person by national ID.
NATIONAL_ID_KEY = "national_id"


@dataclass(frozen=True)
class Household:
    """One employee's national ID and their dependants' national IDs, as the registry lists them."""

    national_id: str
    dependants: frozenset[str] = frozenset()

    @property
    def people(self) -> frozenset[str]:
        """Everyone in the household."""
        return self.dependants | {self.national_id}


def named_people(payload: Any) -> set[str]:
    """Every national ID a request's payload names under a ``national_id`` key, at any depth."""
    found: set[str] = set()
    stack = [payload]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            for key, value in item.items():
                if key == NATIONAL_ID_KEY and isinstance(value, str) and value:
                    found.add(value)
                else:
                    stack.append(value)
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return found


def conflicted(actor: Household | None, owner: Household | None, named: Iterable[str] = ()) -> bool:
    """Whether staff of household ``actor`` must keep off a case of ``owner`` that names ``named``."""
    if actor is None:
        return False
    case = set(named) | (owner.people if owner is not None else set())
    return not actor.people.isdisjoint(case)
