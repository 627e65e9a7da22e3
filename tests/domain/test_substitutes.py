"""Tests for domain.substitutes: who may name a substitute, for which days."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.substitutes import MAX_DAYS, SubRefusal, substitution_refusal

TODAY = dt.date(2026, 7, 1)
D = dt.timedelta


@pytest.mark.parametrize(
    ("principal", "substitute", "first", "last", "is_staff", "allowed", "expected"),
    [
        (1, 2, TODAY, TODAY, True, True, None),
        (1, 2, TODAY - D(5), TODAY, True, True, None),  # running already: ends today
        (1, 2, TODAY + D(1), TODAY + D(MAX_DAYS), True, True, None),  # the longest
        (1, 2, TODAY, TODAY + D(MAX_DAYS), True, True, SubRefusal.TOO_LONG),
        (1, 2, TODAY - D(5), TODAY - D(1), True, True, SubRefusal.PAST),
        (1, 2, TODAY + D(2), TODAY + D(1), True, True, SubRefusal.ORDER),
        (1, 1, TODAY, TODAY, True, True, SubRefusal.SELF),
        (1, 2, TODAY, TODAY, False, True, SubRefusal.NOT_STAFF),
        (1, 2, TODAY, TODAY, True, False, SubRefusal.NOT_ALLOWED),
    ],
)
def test_substitution_refusal(
    principal: int,
    substitute: int,
    first: dt.date,
    last: dt.date,
    is_staff: bool,
    allowed: bool,
    expected: SubRefusal | None,
) -> None:
    assert (
        substitution_refusal(
            principal=principal,
            substitute=substitute,
            first_day=first,
            last_day=last,
            today=TODAY,
            principal_is_staff=is_staff,
            by_principal_or_admin=allowed,
        )
        is expected
    )
