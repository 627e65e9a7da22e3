"""Short, unguessable tracking codes that are easy to read aloud."""

from __future__ import annotations

import secrets

# Digits 2-9 and upper-case letters without I, L and O: nothing a caller can confuse with 0, 1 or each other.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_LENGTH = 8
_GROUP = TRACKING_LENGTH // 2


def format_tracking_code(raw: str) -> str:
    """Format eight alphabet characters as 'XXXX-XXXX'."""
    return f"{raw[:_GROUP]}-{raw[_GROUP:]}"


_LETTERS = "".join(ch for ch in TRACKING_ALPHABET if ch.isalpha())


def new_tracking_code() -> str:
    """Return a fresh random tracking code such as 'K7Q2-MX9D' (about 39 bits of entropy).

    The first character is a letter: a code that begins with a digit is split apart by the bidi algorithm
    when it stands inside Persian (right-to-left) text.
    """
    raw = secrets.choice(_LETTERS) + "".join(
        secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH - 1)
    )
    return format_tracking_code(raw)
