"""Goods vouchers (bon-e kala) for employees and retirees: campaigns, eligibility, codes and redemption.

Pure: no telegram, no database, no clock. Days are Gregorian ``datetime.date`` values in the office's
calendar; moments are aware datetimes; money is integer rials.

A campaign gives ``amount`` rials to every person whose status it names (employed, retired, pensioner, in
any mix). In cash mode finance deposits the amount into each beneficiary's account; in goods mode each
beneficiary gets a voucher code and collects goods at the cooperative, which redeems the code once, on or
before the campaign's end date.

A voucher code is twelve characters of the tracking-code alphabet (no 0, 1, I, L or O), shown as
``XXXX-XXXX-XXXX``: eleven drawn with ``secrets`` (the first a letter, about 54 bits in all) and a check
character. The alphabet has 31 characters, a prime, and the check makes the weighted sum of the values
(weights 12, 11, ..., 1 from the left) a multiple of 31; so any single mistyped character and any two
swapped characters are caught before the database is asked.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Protocol, TypeVar

from domain.people import EmployeeStatus
from domain.text import ZWNJ, normalize_text
from domain.tracking import TRACKING_ALPHABET
from domain.validators import MAX_INPUT_LENGTH

__all__ = [
    "VOUCHER_ALPHABET",
    "VOUCHER_LENGTH",
    "CodeRefusal",
    "Mode",
    "RedeemCode",
    "RedeemRefusal",
    "Voucher",
    "VoucherCampaign",
    "VoucherEligibility",
    "VoucherRefusal",
    "beneficiaries",
    "check_character",
    "check_eligibility",
    "format_voucher_code",
    "is_well_formed",
    "new_voucher_code",
    "parse_voucher_code",
    "redeem",
]

VOUCHER_ALPHABET = TRACKING_ALPHABET
#: Characters in a code, the check character included.
VOUCHER_LENGTH = 12
_GROUP = 4
_MODULUS = len(VOUCHER_ALPHABET)  # 31, a prime: every non-zero weight and weight difference is invertible
_VALUE = {ch: value for value, ch in enumerate(VOUCHER_ALPHABET)}
_LETTERS = "".join(ch for ch in VOUCHER_ALPHABET if ch.isalpha())
# Hyphen-minus, Unicode hyphens and dashes, minus sign: what people put between the groups.
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")


class Mode(StrEnum):
    """How the campaign pays: money into accounts, or goods at the cooperative against a voucher."""

    CASH = "cash"
    GOODS = "goods"


@dataclass(frozen=True, slots=True)
class VoucherCampaign:
    """One round of vouchers as the welfare committee funded it."""

    amount: int
    statuses: frozenset[EmployeeStatus]
    mode: Mode
    #: The last day a voucher is redeemed (and a beneficiary added).
    ends_on: dt.date

    def __post_init__(self) -> None:
        """Refuse a non-positive amount, no statuses or an unknown status."""
        if not isinstance(self.amount, int) or isinstance(self.amount, bool) or self.amount <= 0:
            raise ValueError(f"amount must be whole rials > 0 (got {self.amount!r})")
        if not self.statuses:
            raise ValueError("a campaign names at least one status")
        unknown = {str(s) for s in self.statuses} - {s.value for s in EmployeeStatus}
        if unknown:
            raise ValueError(f"unknown status: {', '.join(sorted(unknown))}")

    @property
    def issues_codes(self) -> bool:
        """Whether beneficiaries get voucher codes (goods mode) rather than a deposit."""
        return self.mode is Mode.GOODS


# --- eligibility --------------------------------------------------------------------------------------------


class VoucherRefusal(StrEnum):
    """Why a person gets no voucher from this campaign."""

    STATUS = "status_not_eligible"
    ENDED = "campaign_ended"
    ALREADY_ISSUED = "already_issued"


@dataclass(frozen=True, slots=True)
class VoucherEligibility:
    """The outcome with every unmet condition; amount is 0 unless eligible."""

    eligible: bool
    amount: int
    reasons: tuple[VoucherRefusal, ...]


def check_eligibility(
    campaign: VoucherCampaign, *, status: str, today: dt.date, already_issued: bool = False
) -> VoucherEligibility:
    """Whether a person with this status gets the campaign's amount (once, before the campaign ends)."""
    reasons: list[VoucherRefusal] = []
    if status not in campaign.statuses:
        reasons.append(VoucherRefusal.STATUS)
    if today > campaign.ends_on:
        reasons.append(VoucherRefusal.ENDED)
    if already_issued:
        reasons.append(VoucherRefusal.ALREADY_ISSUED)
    eligible = not reasons
    return VoucherEligibility(eligible, campaign.amount if eligible else 0, tuple(reasons))


class HasStatus(Protocol):
    """Anything with an employee status, such as ``storage.models.Employee``."""

    @property
    def status(self) -> str:
        """A ``domain.people.EmployeeStatus`` value."""
        ...


_P = TypeVar("_P", bound=HasStatus)


def beneficiaries(campaign: VoucherCampaign, people: Iterable[_P]) -> tuple[_P, ...]:
    """The people whose status the campaign names, in the given order."""
    return tuple(person for person in people if person.status in campaign.statuses)


# --- codes --------------------------------------------------------------------------------------------------


def _weighted_sum(chars: str) -> int:
    """Sum of value times weight, the weights counting down to 1 at the last character, modulo 31."""
    size = len(chars)
    return sum(_VALUE[ch] * (size - index) for index, ch in enumerate(chars)) % _MODULUS


def check_character(body: str) -> str:
    """The character that completes eleven alphabet characters into a valid code (weight 1, last)."""
    if len(body) != VOUCHER_LENGTH - 1 or any(ch not in _VALUE for ch in body):
        raise ValueError("the body is eleven characters of the voucher alphabet")
    # With the check c last (weight 1): sum(body, weights 12..2) + c == 0 (mod 31).
    partial = sum(_VALUE[ch] * (VOUCHER_LENGTH - index) for index, ch in enumerate(body))
    return VOUCHER_ALPHABET[-partial % _MODULUS]


def is_well_formed(raw: str) -> bool:
    """Whether twelve characters (no dashes) are alphabet characters whose check character matches."""
    return len(raw) == VOUCHER_LENGTH and all(ch in _VALUE for ch in raw) and _weighted_sum(raw) == 0


def format_voucher_code(raw: str) -> str:
    """Twelve characters as ``XXXX-XXXX-XXXX``."""
    return "-".join(raw[i : i + _GROUP] for i in range(0, VOUCHER_LENGTH, _GROUP))


def new_voucher_code() -> str:
    """A fresh random voucher code such as ``K7Q2-MX9D-4HT8``; the database's unique index settles clashes.

    The first character is a letter: a code that begins with a digit is split apart by the bidi algorithm
    inside Persian text.
    """
    body = secrets.choice(_LETTERS) + "".join(
        secrets.choice(VOUCHER_ALPHABET) for _ in range(VOUCHER_LENGTH - 2)
    )
    return format_voucher_code(body + check_character(body))


class CodeRefusal(StrEnum):
    """Why a typed voucher code was not accepted (``empty`` and ``too_long`` share the validators' texts)."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    CHARACTERS = "voucher_characters"
    LENGTH = "voucher_length"
    CHECK = "voucher_check"


def parse_voucher_code(text: str) -> str | CodeRefusal:
    """A voucher code typed in any case, with dashes or spaces and in any digits, as ``XXXX-XXXX-XXXX``,
    or why not; never raises. A mistyped character fails the check here, before any lookup.
    """
    if len(text) > MAX_INPUT_LENGTH:
        return CodeRefusal.TOO_LONG
    compact = "".join(
        ch.upper() if ch.isascii() else ch
        for ch in normalize_text(text)
        if ch not in _DASHES and ch != ZWNJ and not ch.isspace()
    )
    if not compact:
        return CodeRefusal.EMPTY
    if any(ch not in _VALUE for ch in compact):
        return CodeRefusal.CHARACTERS
    if len(compact) != VOUCHER_LENGTH:
        return CodeRefusal.LENGTH
    if _weighted_sum(compact) != 0:
        return CodeRefusal.CHECK
    return format_voucher_code(compact)


# --- redemption ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Voucher:
    """An issued voucher as the database has it."""

    code: str
    amount: int
    #: The campaign's last day of redemption.
    ends_on: dt.date
    used_at: dt.datetime | None = None
    #: Who redeemed it (the cooperative's operator, as the service names them).
    used_by: str | None = None

    def __post_init__(self) -> None:
        """Refuse a naive redemption moment."""
        if self.used_at is not None and self.used_at.utcoffset() is None:
            raise ValueError("used_at must be timezone-aware")


class RedeemCode(StrEnum):
    """Why a voucher cannot be redeemed."""

    UNKNOWN = "voucher_unknown"
    ALREADY_USED = "voucher_used"
    EXPIRED = "voucher_expired"


@dataclass(frozen=True, slots=True)
class RedeemRefusal:
    """A refused redemption, with when and by whom it was used, or the day it expired."""

    code: RedeemCode
    used_at: dt.datetime | None = None
    used_by: str | None = None
    ends_on: dt.date | None = None


def redeem(voucher: Voucher | None, *, at: dt.datetime, by: str, zone: dt.tzinfo) -> Voucher | RedeemRefusal:
    """The voucher marked used at ``at`` by ``by``, or why not (None: no voucher has the code).

    Used before wins over expired: the cooperative learns when and by whom. The end date is a day in the
    office's ``zone``. The caller stores the result with ``UPDATE ... WHERE used_at IS NULL`` so that two
    counters redeeming at once cannot both succeed.
    """
    if at.utcoffset() is None:
        raise ValueError("at must be timezone-aware")
    if voucher is None:
        return RedeemRefusal(RedeemCode.UNKNOWN)
    if voucher.used_at is not None:
        return RedeemRefusal(RedeemCode.ALREADY_USED, used_at=voucher.used_at, used_by=voucher.used_by)
    if at.astimezone(zone).date() > voucher.ends_on:
        return RedeemRefusal(RedeemCode.EXPIRED, ends_on=voucher.ends_on)
    return replace(voucher, used_at=at, used_by=by)
