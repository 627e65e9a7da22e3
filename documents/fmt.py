"""Display helpers of the document generators (digits and amounts come from ``domain.text``)."""

from __future__ import annotations


def group_sheba(sheba: str) -> str:
    """``IR`` + 24 digits, grouped in fours as printed on bank cards: ``IR12 3456 ... 34``.

    The groups are joined by no-break spaces so the number never wraps across lines.
    """
    return "\u00a0".join(sheba[i : i + 4] for i in range(0, len(sheba), 4))
