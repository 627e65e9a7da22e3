"""Validators for raw user input: each returns a clean value or raises InvalidInput with a machine code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import jdatetime  # type: ignore[import-untyped, unused-ignore]

from domain.jalali import jalali_month_length, jalali_to_gregorian
from domain.text import NUMBER_SEPARATORS, WHITESPACE, ZWNJ, deletion_table, normalize_text
from domain.tracking import TRACKING_ALPHABET, TRACKING_LENGTH, format_tracking_code

MAX_INPUT_LENGTH = 200
# SQLite's INTEGER ceiling: no amount may exceed it, whatever maximum the caller passes.
AMOUNT_HARD_MAXIMUM = 2**63 - 1
# Years above this are read as Gregorian (e.g. 2024-10-06); the rest as Jalali (e.g. 1403/07/15).
GREGORIAN_YEAR_THRESHOLD = 1700


class InvalidCode(StrEnum):
    """Machine codes for rejected input; the bot maps each one to a user-facing message."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    NOT_DIGITS = "not_digits"
    NATIONAL_ID_LENGTH = "national_id_length"
    NATIONAL_ID_REPEATED = "national_id_repeated"
    NATIONAL_ID_CHECKSUM = "national_id_checksum"
    SHEBA_FORMAT = "sheba_format"
    SHEBA_CHECKSUM = "sheba_checksum"
    MOBILE_FORMAT = "mobile_format"
    DATE_FORMAT = "date_format"
    DATE_IMPOSSIBLE = "date_impossible"
    AMOUNT_FORMAT = "amount_format"
    AMOUNT_TOO_SMALL = "amount_too_small"
    AMOUNT_TOO_LARGE = "amount_too_large"
    TRACKING_FORMAT = "tracking_format"


class InvalidInput(ValueError):
    """Raised by every validator; `code` says what was wrong."""

    def __init__(self, code: InvalidCode) -> None:
        """Keep the code as both the attribute and the exception message."""
        super().__init__(code.value)
        self.code = code


# Hyphen-minus, Unicode hyphens and dashes, minus sign: all read as "a dash the user typed".
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_COMPACT = deletion_table({*_DASHES, ZWNJ, *WHITESPACE})
_COMPACT_PHONE = deletion_table({*_DASHES, ZWNJ, *WHITESPACE, "(", ")"})

_NATIONAL_ID_MIN_DIGITS = 8
_NATIONAL_ID_DIGITS = 10
_SHEBA_DIGITS = 24
# Optional country code (+98, 0098, 98), optional trunk 0 (also after +98, a common slip), then 9 + 9 digits.
_MOBILE_RE = re.compile(r"(?:(?:\+|00)?98)?0?(9[0-9]{9})", re.ASCII)
_DATE_RE = re.compile(
    r"([0-9]{4})\s*([/\-.\u066b\u060d\u2215\\])\s*([0-9]{1,2})\s*\2\s*([0-9]{1,2})", re.ASCII
)
_AMOUNT_GROUP_SPLIT = re.compile("[" + re.escape("".join(sorted(NUMBER_SEPARATORS))) + r"\s" + ZWNJ + "]+")
_ASCII_DIGITS_RE = re.compile(r"[0-9]+", re.ASCII)
# Input already in canonical form needs no normalising (it would come out unchanged): checked first.
_CANONICAL_NATIONAL_ID = re.compile(r"[0-9]{10}", re.ASCII)
_CANONICAL_SHEBA = re.compile(r"IR[0-9]{24}", re.ASCII)
_CANONICAL_MOBILE = re.compile(r"09[0-9]{9}", re.ASCII)


def _prepare(text: str) -> str:
    """Refuse over-long input, normalise it, and refuse what is empty after normalising."""
    if len(text) > MAX_INPUT_LENGTH:
        raise InvalidInput(InvalidCode.TOO_LONG)
    cleaned = normalize_text(text)
    if not cleaned:
        raise InvalidInput(InvalidCode.EMPTY)
    return cleaned


def _compact(text: str) -> str:
    """Remove whitespace, dashes and ZWNJ that users put inside codes."""
    return text.translate(_COMPACT)


def _is_ascii_digits(s: str) -> bool:
    """True when s is one or more ASCII digits (str.isdigit also accepts other scripts)."""
    return _ASCII_DIGITS_RE.fullmatch(s) is not None


_NATIONAL_ID_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def national_id_check_digit(first_nine: str) -> int:
    """The check digit the Iranian national ID algorithm expects after these nine ASCII digits."""
    if len(first_nine) != len(_NATIONAL_ID_WEIGHTS) or not _is_ascii_digits(first_nine):
        raise ValueError("expected nine ASCII digits")
    return _check_digit(first_nine)


# The weighted sum of each group of three digits, looked up: the check digit in three look-ups.
_TRIPLE_SUMS = tuple(
    {f"{n:03d}": sum(int(d) * w for d, w in zip(f"{n:03d}", weights, strict=True)) for n in range(1000)}
    for weights in (_NATIONAL_ID_WEIGHTS[:3], _NATIONAL_ID_WEIGHTS[3:6], _NATIONAL_ID_WEIGHTS[6:])
)


def _check_digit(first_nine: str) -> int:
    """national_id_check_digit for input known to be nine ASCII digits."""
    first, second, third = _TRIPLE_SUMS
    s = (first[first_nine[:3]] + second[first_nine[3:6]] + third[first_nine[6:]]) % 11
    return s if s < 2 else 11 - s


def parse_national_id(text: str) -> str:
    """Parse an Iranian national ID (kod-e melli) into 10 ASCII digits."""
    if _CANONICAL_NATIONAL_ID.fullmatch(text):
        digits = text
    else:
        digits = _compact(_prepare(text))
        if not _is_ascii_digits(digits):
            raise InvalidInput(InvalidCode.NOT_DIGITS)
        if not _NATIONAL_ID_MIN_DIGITS <= len(digits) <= _NATIONAL_ID_DIGITS:
            raise InvalidInput(InvalidCode.NATIONAL_ID_LENGTH)
        digits = digits.zfill(_NATIONAL_ID_DIGITS)
    if digits == digits[0] * _NATIONAL_ID_DIGITS:
        raise InvalidInput(InvalidCode.NATIONAL_ID_REPEATED)
    if int(digits[9]) != _check_digit(digits[:9]):
        raise InvalidInput(InvalidCode.NATIONAL_ID_CHECKSUM)
    return digits


def sheba_check_digits(bban: str) -> str:
    """The two ISO 13616 check digits for an Iranian IBAN with this 22-digit BBAN."""
    return f"{98 - int(bban + '182700') % 97:02d}"  # 'I' = 18, 'R' = 27


def parse_sheba(text: str) -> str:
    """Parse an Iranian Sheba (IBAN) into canonical 'IR' + 24 digits."""
    compact = text if _CANONICAL_SHEBA.fullmatch(text) else _compact(_prepare(text)).upper()
    digits = compact.removeprefix("IR")
    if len(digits) != _SHEBA_DIGITS or not _is_ascii_digits(digits):
        raise InvalidInput(InvalidCode.SHEBA_FORMAT)
    if int(digits[2:] + "1827" + digits[:2]) % 97 != 1:
        raise InvalidInput(InvalidCode.SHEBA_CHECKSUM)
    return "IR" + digits


def parse_mobile(text: str) -> str:
    """Parse an Iranian mobile number into canonical '09xxxxxxxxx'."""
    if _CANONICAL_MOBILE.fullmatch(text):
        return text
    compact = _prepare(text).translate(_COMPACT_PHONE)
    match = _MOBILE_RE.fullmatch(compact)
    if match is None:
        raise InvalidInput(InvalidCode.MOBILE_FORMAT)
    return "0" + match.group(1)


def mobile_matches(a: str, b: str) -> bool:
    """Tell whether two mobile numbers in any accepted form are the same; invalid input never matches."""
    try:
        return parse_mobile(a) == parse_mobile(b)
    except InvalidInput:
        return False


def _date_parts(text: str) -> tuple[bool, int, int, int]:
    """(is Gregorian, year, month, day) of a possible date 'YYYY/MM/DD'; refuses impossible ones."""
    match = _DATE_RE.fullmatch(_prepare(text))
    if match is None:
        raise InvalidInput(InvalidCode.DATE_FORMAT)
    year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
    if year > GREGORIAN_YEAR_THRESHOLD:
        try:
            date(year, month, day)
        except ValueError:
            raise InvalidInput(InvalidCode.DATE_IMPOSSIBLE) from None
        return True, year, month, day
    if year < 1 or not 1 <= month <= 12 or not 1 <= day <= jalali_month_length(year, month):
        raise InvalidInput(InvalidCode.DATE_IMPOSSIBLE)
    return False, year, month, day


def parse_jalali_date(text: str) -> jdatetime.date:
    """Parse 'YYYY/MM/DD' (Jalali, or Gregorian when the year is above 1700) into a Jalali date."""
    gregorian, year, month, day = _date_parts(text)
    if gregorian:
        return jdatetime.date.fromgregorian(date=date(year, month, day))
    return jdatetime.date(year, month, day)


def parse_date(text: str) -> date:
    """Parse 'YYYY/MM/DD' (Jalali, or Gregorian when the year is above 1700) into a Gregorian date."""
    gregorian, year, month, day = _date_parts(text)
    return date(year, month, day) if gregorian else jalali_to_gregorian(year, month, day)


#: Words people type after an amount: a multiplier (thousand, million, milliard) and a unit (toman, rial).
#: Written as escapes: this is an input-recognition table, not text shown to anyone.
_MULTIPLIERS = {
    "\u0647\u0632\u0627\u0631": 1_000,
    "\u0645\u06cc\u0644\u06cc\u0648\u0646": 1_000_000,
    "\u0645\u06cc\u0644\u06cc\u0627\u0631\u062f": 1_000_000_000,
}
_UNITS = {"\u062a\u0648\u0645\u0627\u0646": 10, "\u0631\u06cc\u0627\u0644": 1}
_DECIMAL = re.compile(r"^([0-9]+)[.\u066b/]([0-9]+)$")


@dataclass(frozen=True)
class AmountRead:
    """An amount as typed: in rials, and whether it was given in tomans (so the reply can say so)."""

    rials: int
    from_toman: bool


def read_amount(text: str, *, minimum: int = 1, maximum: int | None = None) -> AmountRead:
    """Read a rial amount as people type it: grouped digits in any script (150,000,000 or 150.000.000),
    with a multiplier word (thousand, million, milliard: "100 million", "1.5 milliard") and a unit (tomans
    are converted, x10; rials as they are)."""
    words = _prepare(text).split()
    unit = 1
    if words and words[-1] in _UNITS:
        unit = _UNITS[words.pop()]
    multiplier = 1
    if words and words[-1] in _MULTIPLIERS:
        multiplier = _MULTIPLIERS[words.pop()]
    if not words:
        raise InvalidInput(InvalidCode.AMOUNT_FORMAT)
    number = " ".join(words)
    decimal = _DECIMAL.match(number)
    if multiplier > 1 and decimal is not None:  # "1.5 million": a fraction only with a multiplier
        whole, fraction = decimal.group(1), decimal.group(2)
        scaled = int(whole + fraction) * multiplier
        if scaled % 10 ** len(fraction):
            raise InvalidInput(InvalidCode.AMOUNT_FORMAT)
        value = scaled // 10 ** len(fraction)
    else:
        value = _grouped(number) * multiplier
    value *= unit
    if value < minimum:
        raise InvalidInput(InvalidCode.AMOUNT_TOO_SMALL)
    if value > AMOUNT_HARD_MAXIMUM or (maximum is not None and value > maximum):
        raise InvalidInput(InvalidCode.AMOUNT_TOO_LARGE)
    return AmountRead(value, unit == 10)


def _grouped(number: str) -> int:
    """Digits grouped in threes by any separator, or by dots when every group after the first has three."""
    groups = _AMOUNT_GROUP_SPLIT.split(number)
    if len(groups) == 1 and "." in number:
        groups = number.split(".")
        if len(groups) < 2 or any(len(g) != 3 for g in groups[1:]) or len(groups[0]) > 3:
            raise InvalidInput(InvalidCode.AMOUNT_FORMAT)  # «12.5» is a fraction, not a rial amount
    if not all(_is_ascii_digits(g) for g in groups):
        raise InvalidInput(InvalidCode.AMOUNT_FORMAT)
    if len(groups) > 1 and (len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
        raise InvalidInput(InvalidCode.AMOUNT_FORMAT)
    return int("".join(groups))


def parse_amount(text: str, *, minimum: int = 1, maximum: int | None = None) -> int:
    """A whole, non-negative rial amount (see :func:`read_amount` for what may be typed)."""
    return read_amount(text, minimum=minimum, maximum=maximum).rials


def parse_tracking_code(text: str) -> str:
    """Parse a tracking code typed in any case, with or without its dash, into 'XXXX-XXXX'."""
    compact = _compact(_prepare(text)).upper()
    if len(compact) != TRACKING_LENGTH or any(ch not in TRACKING_ALPHABET for ch in compact):
        raise InvalidInput(InvalidCode.TRACKING_FORMAT)
    return format_tracking_code(compact)
