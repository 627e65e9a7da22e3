"""Conflict of interest: the registry's households meet the case's people, or they do not."""

from __future__ import annotations

from typing import Any

import pytest

from domain.family import Household, conflicted, named_people

CLERK = Household("1000000001", frozenset({"2000000002", "3000000003"}))  # spouse, child
OWNER = Household("4000000004", frozenset({"5000000005"}))


@pytest.mark.parametrize(
    ("actor", "owner", "named", "expected"),
    [
        (CLERK, OWNER, (), False),  # strangers
        (CLERK, CLERK, (), True),  # the clerk's own case, from any account
        (CLERK, Household("2000000002"), (), True),  # the owner is the clerk's spouse
        (CLERK, Household("4000000004", frozenset({"1000000001"})), (), True),  # the clerk is a dependant
        (CLERK, Household("4000000004", frozenset({"3000000003"})), (), True),  # one child, two parents
        (CLERK, OWNER, ("3000000003",), True),  # the case names the clerk's child
        (CLERK, OWNER, ("1000000001",), True),  # the case names the clerk
        (CLERK, OWNER, ("5000000005",), False),  # it names the owner's own dependant
        (CLERK, None, ("9999999999",), False),  # an owner no longer in the registry
        (CLERK, None, ("2000000002",), True),
        (None, OWNER, ("4000000004",), False),  # staff outside the registry: only the account check
    ],
)
def test_conflicted(
    actor: Household | None, owner: Household | None, named: tuple[str, ...], expected: bool
) -> None:
    assert conflicted(actor, owner, named) is expected


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({}, set()),
        ({"person": {"name": "x", "national_id": "1"}}, {"1"}),
        ({"national_id": "1", "guests": [{"national_id": "2"}, {"name": "y"}]}, {"1", "2"}),
        ({"national_id": ""}, set()),
        ({"national_id": 123}, set()),  # only strings are national IDs
        ({"a": [[{"b": ({"national_id": "3"},)}]]}, {"3"}),
        ("not a mapping", set()),
    ],
)
def test_named_people(payload: Any, expected: set[str]) -> None:
    assert named_people(payload) == expected
