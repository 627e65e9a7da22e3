"""Substitutes: the rule for naming one. Pure; the refusal is a code, the text lives in ``texts``."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

#: The longest substitution one naming covers (a longer absence is named again).
MAX_DAYS = 90


class SubRefusal(StrEnum):
    """Why a substitution is refused."""

    NOT_STAFF = "not_staff"
    NOT_ALLOWED = "not_allowed"
    SELF = "self"
    ORDER = "order"
    PAST = "past"
    TOO_LONG = "too_long"
    NOT_FOUND = "not_found"


def substitution_refusal(
    *,
    principal: int,
    substitute: int,
    first_day: dt.date,
    last_day: dt.date,
    today: dt.date,
    principal_is_staff: bool,
    by_principal_or_admin: bool,
) -> SubRefusal | None:
    """Why this substitution cannot be named (None: it can)."""
    if not by_principal_or_admin:
        return SubRefusal.NOT_ALLOWED
    if not principal_is_staff:
        return SubRefusal.NOT_STAFF
    if principal == substitute:
        return SubRefusal.SELF
    if last_day < first_day:
        return SubRefusal.ORDER
    if last_day < today:
        return SubRefusal.PAST
    if (last_day - first_day).days + 1 > MAX_DAYS:
        return SubRefusal.TOO_LONG
    return None
