"""Pure rules of official documents: amounts in Persian words, masked names, deep links, validity.

A document's QR code is a deep link to the bot, ``https://t.me/<bot>?start=v_<token>`` on Telegram and
``https://ble.ir/<bot>?start=v_<token>`` on Bale; whoever scans it is told whether the document is genuine and
still valid.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

from num2words import num2words

#: The deep-link payload of a document check: ``v_`` and the document's token.
VERIFY_PREFIX = "v_"
#: Telegram's limit on a ``start`` parameter: 1-64 characters of ``A-Z a-z 0-9 _ -``.
_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,43}$")
#: Where each messenger's links to a bot live.
LINK_HOSTS = {"telegram": "https://t.me", "bale": "https://ble.ir"}


def amount_in_words(amount: int) -> str:
    """A whole amount in Persian words (1_500_000: one million five hundred thousand, in Persian)."""
    if amount < 0:
        raise ValueError("amounts are not negative")
    return str(num2words(amount, lang="fa"))


def mask_name(full_name: str) -> str:
    """A name as a stranger may see it: each word's first letter, the rest hidden by asterisks."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in full_name.split())


def new_token() -> str:
    """An unguessable document token (128 bits, URL-safe; fits a deep link with its prefix)."""
    return secrets.token_urlsafe(16)


def is_token(text: str) -> bool:
    """Whether ``text`` has the shape of a document token."""
    return bool(_TOKEN.match(text))


@dataclass(frozen=True)
class DeepLinks:
    """Links that open the bot with a ``/start`` payload, on one messenger."""

    platform: str = "telegram"
    username: str = ""

    def start(self, payload: str) -> str:
        """``https://t.me/<bot>?start=<payload>`` (Bale: ``https://ble.ir/...``)."""
        if not _PAYLOAD.match(payload):
            raise ValueError(f"not a start payload: {payload!r}")
        return f"{LINK_HOSTS[self.platform]}/{self.username}?start={payload}"

    def verify(self, token: str) -> str:
        """The link that checks the document with ``token``."""
        return self.start(VERIFY_PREFIX + token)


class Validity(StrEnum):
    """What a document check answers."""

    VALID = "valid"
    CANCELLED = "cancelled"
    REJECTED = "rejected"
    EXPIRED = "expired"
    REVOKED = "revoked"


#: Request statuses that void the documents issued for the request.
VOID_STATUSES = {
    "cancelled": Validity.CANCELLED,
    "rejected": Validity.REJECTED,
    "expired": Validity.EXPIRED,
}


def validity(*, revoked: bool, request_status: str | None) -> Validity:
    """A document is valid unless it was revoked or its request was cancelled, rejected or expired."""
    if revoked:
        return Validity.REVOKED
    return VOID_STATUSES.get(request_status or "", Validity.VALID)
