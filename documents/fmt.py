"""Small display helpers shared by the document generators (no Persian literals: only code points)."""

from __future__ import annotations

# ASCII digits -> Extended Arabic-Indic (Persian) digits U+06F0..U+06F9.
_FA_DIGITS = str.maketrans({str(i): chr(0x06F0 + i) for i in range(10)})
# U+066C ARABIC THOUSANDS SEPARATOR, the separator Persian typography uses between digit groups.
FA_THOUSANDS_SEPARATOR = "\u066c"


def fa_digits(text: object) -> str:
    """``str(text)`` with every ASCII digit replaced by its Persian counterpart."""
    return str(text).translate(_FA_DIGITS)


def format_rials(amount: int) -> str:
    """``12500000`` -> the Persian-digit ``12,500,000`` with Persian thousands separators."""
    return fa_digits(f"{amount:,}".replace(",", FA_THOUSANDS_SEPARATOR))


def group_sheba(sheba: str) -> str:
    """``IR`` + 24 digits, grouped in fours as printed on bank cards: ``IR12 3456 ... 34``."""
    return " ".join(sheba[i : i + 4] for i in range(0, len(sheba), 4))
