"""Callback data: built and parsed strictly, never over 64 bytes."""

from __future__ import annotations

import re

import pytest

from domain.buttons import ID, Button, CallbackData, ForgedButton, encode, parse


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


def test_a_button_builds_waits_for_and_reads_its_own_data() -> None:
    view = Button("my", "view", ID)
    assert view.data(3) == "my:view:3"
    assert re.match(view.pattern, "my:view:3")
    assert not re.match(view.pattern, "my:view:3x")
    assert not re.match(view.pattern, "my:viewer:3")
    assert view.number("my:view:3") == 3
    assert Button("gh", "who_ok").data() == "gh:who_ok"


@pytest.mark.parametrize(
    "data", [None, "", "my:view", "my:view:", "my:view:x", "gh:view:3", "my:view:3:4", "my:view:" + "9" * 13]
)
def test_a_forged_or_empty_press_is_refused_by_the_button(data: str | None) -> None:
    with pytest.raises(ForgedButton):
        Button("my", "view", ID).number(data)


@pytest.mark.parametrize(
    ("button", "arg"),
    [(Button("my", "view", ID), "x"), (Button("my", "list"), 1), (Button("my", "view", ID), None)],
)
def test_a_button_refuses_a_wrong_argument(button: Button, arg: object) -> None:
    with pytest.raises(ValueError):
        button.data(arg)
