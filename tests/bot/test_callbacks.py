"""Callback data: built and parsed strictly, never over 64 bytes."""

from __future__ import annotations

import re

import pytest

from handlers.admin import CARD_PATTERN
from kit.callbacks import CallbackData, encode, parse, pattern


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("req:approve:12", CallbackData("req", "approve", "12")),
        ("my:list", CallbackData("my", "list", None)),
        ("bk:ok:0123456789abcdef", CallbackData("bk", "ok", "0123456789abcdef")),
        ("", None),
        (None, None),
        ("req", None),
        ("REQ:approve:1", None),
        ("req:approve:1:2", None),
        ("req:approve:" + "1" * 60, None),
        ("'; DROP TABLE requests; --", None),
        ("req:approve:۱۲", None),
    ],
)
def test_parse(data: str | None, expected: CallbackData | None) -> None:
    assert parse(data) == expected


def test_encode_round_trips_and_refuses_what_would_not_parse() -> None:
    assert parse(encode("gh", "day", "14040120")) == CallbackData("gh", "day", "14040120")
    with pytest.raises(ValueError, match="bad callback data"):
        encode("gh", "day", "x" * 60)
    with pytest.raises(ValueError, match="bad callback data"):
        encode("Gh", "day")


def test_number_refuses_non_digits() -> None:
    assert CallbackData("req", "approve", "7").number == 7
    with pytest.raises(ValueError):
        _ = CallbackData("req", "approve", "x").number


def test_patterns() -> None:
    assert re.match(pattern("my", "view|cancel"), "my:view:3")
    assert not re.match(pattern("my", "view"), "my:view:3x")
    assert re.match(CARD_PATTERN, "req:approve:3")
    assert not re.match(CARD_PATTERN, "req:answer:3")  # the owner's button, handled in private
    assert not re.match(CARD_PATTERN, "req:approve:3:4")
