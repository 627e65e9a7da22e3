"""Display helpers of the document generators, on top of the domain's digit rules."""

from __future__ import annotations

from domain.text import to_persian_digits

#: U+066C ARABIC THOUSANDS SEPARATOR, the separator Persian typography uses between digit groups.
FA_THOUSANDS_SEPARATOR = "\u066c"


NBSP = "\u00a0"


def fa_digits(text: object) -> str:
    """``str(text)`` with Persian digits."""
    return to_persian_digits(str(text))


def format_rials(amount: int) -> str:
    """``12500000`` -> ``12,500,000`` in Persian digits with Persian thousands separators."""
    return fa_digits(f"{amount:,}".replace(",", FA_THOUSANDS_SEPARATOR))


def group_sheba(sheba: str) -> str:
    """``IR`` + 24 digits, grouped in fours as printed on bank cards: ``IR12 3456 ... 34``.

    The groups are joined by no-break spaces so the number never wraps across lines.
    """
    return NBSP.join(sheba[i : i + 4] for i in range(0, len(sheba), 4))
