"""Personal numbers masked out of free text, in any digits and with separators; other numbers kept."""

from __future__ import annotations

import pytest

from domain.privacy import mask_personal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("national id 0012345679 refused", "national id [national-id:..79] refused"),
        ("\u06f0\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f9", "[national-id:..79]"),
        ("id=1234567891,", "id=[national-id:..91],"),
        ("user 1234567890 pressed", "user 1234567890 pressed"),  # wrong check digit: a Telegram id
        ("0000000000", "0000000000"),
        ("12345678901", "12345678901"),  # eleven digits: not a national ID
        ("chat -1001234567890", "chat -1001234567890"),
        ("mobile 09121234567.", "mobile [mobile:..67]."),
        ("+989351112233", "[mobile:..33]"),
        ("0098 935 111 2233", "[mobile:..33]"),
        ("0912 555 6677", "[mobile:..77]"),
        ("989129998877", "[mobile:..77]"),
        ("\u06f0\u06f9\u06f1\u06f3\u06f4\u06f4\u06f4\u06f5\u06f5\u06f6\u06f6", "[mobile:..66]"),
        ("sheba IR050170000000123456789012!", "sheba [sheba:..12]!"),
        ("ir800620000007777888899990", "[sheba:..90]"),
        ("IR74 0550 0000 0111 1222 2333 34", "[sheba:..34]"),
        ("update 123456789 at 2026-01-01", "update 123456789 at 2026-01-01"),
        ("", ""),
    ],
)
def test_mask_personal(text: str, expected: str) -> None:
    assert mask_personal(text) == expected
