"""Moments as stored: aware UTC datetimes as ISO-8601 text, and back."""

from __future__ import annotations

import datetime as dt

UTC = dt.UTC


def to_iso(moment: dt.datetime) -> str:
    """An aware datetime as a UTC ISO-8601 string for storage."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_iso(text: str) -> dt.datetime:
    """A stored UTC ISO-8601 string back to an aware datetime."""
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
