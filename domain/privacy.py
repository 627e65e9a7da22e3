"""Personal numbers masked out of free text (logs): national IDs, mobile numbers and Shebas.

Digits may be ASCII, Persian or Arabic-Indic, with spaces or dashes inside a number. A masked number keeps
its kind and last two digits (``[mobile:..67]``), enough to tell two apart in a log, not to find a person.
A 10-digit number is taken for a national ID when its check digit is right: about one Telegram user id in
eleven is masked with them, which costs a log reader little and keeps every real national ID out.
"""

from __future__ import annotations

import re

from domain.text import normalize_digits
from domain.validators import national_id_check_digit

_D = "[0-9\u06f0-\u06f9\u0660-\u0669]"
_SEP = r"[ \-\u00a0]?"
_SHEBA = re.compile(rf"(?<![A-Za-z0-9])[Ii][Rr](?:{_SEP}{_D}){{24}}(?!{_D})")
_0, _8, _9 = "[0\u06f0\u0660]", "[8\u06f8\u0668]", "[9\u06f9\u0669]"
_MOBILE = re.compile(rf"(?<!{_D})(?:(?:\+|{_0}{_0})?{_9}{_8}|{_0}){_SEP}{_9}(?:{_SEP}{_D}){{9}}(?!{_D})")
_TEN_DIGITS = re.compile(rf"(?<!{_D}){_D}{{10}}(?!{_D})")


def _tail(text: str) -> str:
    digits = [c for c in normalize_digits(text) if c.isascii() and c.isdigit()]
    return "".join(digits[-2:])


def _national_id(match: re.Match[str]) -> str:
    digits = normalize_digits(match[0])
    if len(set(digits)) > 1 and national_id_check_digit(digits[:9]) == int(digits[9]):
        return f"[national-id:..{digits[-2:]}]"
    return match[0]


def mask_personal(text: str) -> str:
    """``text`` with every Sheba, mobile number and national ID masked."""
    text = _SHEBA.sub(lambda m: f"[sheba:..{_tail(m[0])}]", text)
    text = _MOBILE.sub(lambda m: f"[mobile:..{_tail(m[0])}]", text)
    return _TEN_DIGITS.sub(_national_id, text)
