"""Callback data: ``<feature>:<action>[:<arg>]``, at most 64 bytes, parsed strictly.

Anything that does not parse, or names a button no handler is waiting for, is stale or forged and is
answered as such by the catch-all handler.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64
_SHAPE = re.compile(r"^([a-z]{1,8}):([a-z_]{1,16})(?::([A-Za-z0-9_-]{1,40}))?$")


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


def pattern(feature: str, actions: str, arg: str | None = r"\d{1,12}") -> str:
    """A regex for CallbackQueryHandler: ``feature``, one of ``actions`` (``a|b``), and an argument."""
    tail = f":{arg}" if arg else ""
    return f"^{feature}:(?:{actions}){tail}$"
