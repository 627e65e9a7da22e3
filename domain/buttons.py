"""Callback data, typed: every button is a :class:`Button` declared once and built and parsed only through it.

Data is ``<feature>:<action>[:<arg>]``, at most 64 bytes. A handler waits for ``button.pattern``; inside
it, ``button.arg(data)`` (or ``.number``) reads the argument, and raises :class:`ForgedButton` for anything
that is not this button's shape. Anything no handler waits for is stale or forged and is answered as such by
the catch-all. Pure: services build buttons for owed messages, handlers and conversations wait for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64
_SHAPE = re.compile(r"^([a-z]{1,8}):([a-z_]{1,16})(?::([A-Za-z0-9_-]{1,40}))?$")

#: Argument shapes shared by many buttons.
ID = r"\d{1,12}"
KEY = r"[0-9a-f]{16}"
INDEX = r"\d{1,2}"


class ForgedButton(ValueError):
    """Callback data that is not the shape of the button it was taken for."""


@dataclass(frozen=True)
class CallbackData:
    """A parsed button press."""

    feature: str
    action: str
    arg: str | None = None

    @property
    def number(self) -> int:
        """The argument as a number (raises ValueError if it is not one)."""
        if self.arg is None or not self.arg.isdigit():
            raise ValueError(self.arg)
        return int(self.arg)


@dataclass(frozen=True)
class Button:
    """One kind of button: its feature, its action and the shape (a regex) of its argument, if it has one."""

    feature: str
    action: str
    arg_shape: str | None = None

    def data(self, arg: object | None = None) -> str:
        """The callback data of this button (with ``arg`` if it takes one); refuses a wrong argument."""
        if (arg is None) != (self.arg_shape is None):
            raise ValueError(
                f"{self.feature}:{self.action} takes {'an' if self.arg_shape else 'no'} argument"
            )
        data = encode(self.feature, self.action, arg)
        if arg is not None and not re.fullmatch(self.arg_shape or "", str(arg)):
            raise ValueError(f"bad argument {arg!r} for {self.feature}:{self.action}")
        return data

    @property
    def pattern(self) -> str:
        """The regex a CallbackQueryHandler waits for."""
        head = f"^{re.escape(self.feature)}:{re.escape(self.action)}"
        return f"{head}:(?:{self.arg_shape})$" if self.arg_shape else f"{head}$"

    def arg(self, data: str | None) -> str:
        """The argument of ``data`` pressed on this button; :class:`ForgedButton` if it is not one."""
        if self.arg_shape is None or not data or not re.fullmatch(self.pattern, data):
            raise ForgedButton(data)
        return data.split(":", 2)[2]

    def number(self, data: str | None) -> int:
        """The argument as a number."""
        value = self.arg(data)
        if not value.isdigit():
            raise ForgedButton(data)
        return int(value)


def encode(feature: str, action: str, arg: object | None = None) -> str:
    """Build callback data; refuses anything that would not parse back."""
    data = f"{feature}:{action}" if arg is None else f"{feature}:{action}:{arg}"
    if len(data.encode()) > MAX_BYTES or not _SHAPE.match(data):
        raise ValueError(f"bad callback data {data!r}")
    return data


def parse(data: str | None) -> CallbackData | None:
    """Parse callback data; None when it is not of our shape."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    match = _SHAPE.match(data)
    if match is None:
        return None
    return CallbackData(match[1], match[2], match[3])


def nav(feature: str) -> tuple[Button, Button]:
    """The back and cancel buttons of a conversation."""
    return Button(feature, "back"), Button(feature, "cancel")


def submit(feature: str) -> Button:
    """The review step's submit button, carrying the draft's key."""
    return Button(feature, "ok", KEY)


# --- buttons every service shares ------------------------------------------------------------------------
#: A staff action on a request's card (``req:<action>:<id>``); the action comes from the workflow.
CARD_FEATURE = "req"


def card_action(action: str, handled_by: str | None = None) -> Button:
    """The card button of a workflow action (a service's own feature when it handles the action itself)."""
    return Button(handled_by or CARD_FEATURE, action, ID)


CARD_DOCUMENTS = Button(CARD_FEATURE, "docs", ID)
ANSWER_INFO = Button(CARD_FEATURE, "answer", ID)
#: A clerk on Bale gives up the reason prompt (the argument is the clerk's user id).
NO_REASON = Button(CARD_FEATURE, "noreason", r"\d{1,15}")
MY_LIST = Button("my", "list")
MY_VIEW = Button("my", "view", ID)
MY_CANCEL = Button("my", "cancel", ID)
MY_CANCEL_OK = Button("my", "cancel_ok", ID)
