"""Text normalisation for Persian user input (digits, letters, invisible characters)."""

from __future__ import annotations

from collections.abc import Iterable

ZWNJ = "\u200c"

_PERSIAN_DIGITS = "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9"
_ARABIC_INDIC_DIGITS = "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
_ASCII_DIGITS = "0123456789"

_DIGITS_TO_ASCII = str.maketrans(_PERSIAN_DIGITS + _ARABIC_INDIC_DIGITS, _ASCII_DIGITS * 2)
_ASCII_TO_PERSIAN = str.maketrans(_ASCII_DIGITS, _PERSIAN_DIGITS)

# Arabic yeh (U+064A), alef maksura (U+0649) and kaf (U+0643) -> Persian yeh (U+06CC) and keheh (U+06A9).
_ARABIC_TO_PERSIAN_LETTERS = {0x064A: "\u06cc", 0x0649: "\u06cc", 0x0643: "\u06a9"}

# Zero-width and bidi control characters that carry no meaning in typed input (ZWNJ is handled apart).
_INVISIBLE = [0x200B, 0x200D, 0x200E, 0x200F, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_REMOVE_INVISIBLE: dict[int, None] = dict.fromkeys(_INVISIBLE)

_NORMALIZE_TABLE: dict[int, str | None] = {
    **{ord(k): v for k, v in zip(_PERSIAN_DIGITS + _ARABIC_INDIC_DIGITS, _ASCII_DIGITS * 2, strict=True)},
    **_ARABIC_TO_PERSIAN_LETTERS,
    **_REMOVE_INVISIBLE,
}

# Thousands separators users type in numbers: comma, Arabic comma, Arabic thousands separator,
# underscore, apostrophe and its typographic twin (phone keyboards auto-correct ' to U+2019).
NUMBER_SEPARATORS = frozenset(",\u060c\u066c_'\u2019")

# Every character for which str.isspace() is true (what str.split() splits on); a test checks the list.
WHITESPACE = frozenset(
    "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)


def deletion_table(chars: Iterable[str]) -> dict[int, None]:
    """A str.translate table that deletes every one of ``chars``."""
    return dict.fromkeys(map(ord, chars))


_STRIP_SEPARATORS = deletion_table(NUMBER_SEPARATORS | WHITESPACE | {ZWNJ})


def normalize_digits(s: str) -> str:
    """Convert Persian and Arabic-Indic digits to ASCII digits."""
    return s.translate(_DIGITS_TO_ASCII)


def to_persian_digits(s: str) -> str:
    """Convert ASCII digits to Persian digits for display."""
    return s.translate(_ASCII_TO_PERSIAN)


def fa(value: object) -> str:
    """Any value as text with Persian digits (for display)."""
    return to_persian_digits(str(value))


def fa_amount(amount: int) -> str:
    """An integer with Persian digits grouped by thousands with the Arabic thousands separator (U+066C)."""
    return fa(f"{amount:,}".replace(",", "\u066c"))


def _collapse_zwnj(token: str) -> str:
    """Squeeze runs of ZWNJ to one and drop ZWNJ at the token's ends."""
    while ZWNJ * 2 in token:
        token = token.replace(ZWNJ * 2, ZWNJ)
    return token.strip(ZWNJ)


def normalize_text(s: str) -> str:
    """Normalise digits, Arabic letters, invisible characters and whitespace; strip the ends."""
    cleaned = s.translate(_NORMALIZE_TABLE)
    if ZWNJ not in cleaned:  # the common case: no token needs its ZWNJ squeezed
        return " ".join(cleaned.split())
    tokens = (_collapse_zwnj(token) for token in cleaned.split())
    return " ".join(token for token in tokens if token)


def strip_separators(s: str) -> str:
    """Remove thousands separators, whitespace and ZWNJ from numeric input; keep everything else."""
    return s.translate(_STRIP_SEPARATORS)
