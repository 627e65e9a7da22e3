"""Tests for domain.tracking."""

import re

import pytest

from domain.tracking import TRACKING_ALPHABET, TRACKING_LENGTH, format_tracking_code, new_tracking_code
from domain.validators import parse_tracking_code

CODE_RE = re.compile(r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}")


def test_alphabet_has_no_confusable_characters() -> None:
    assert TRACKING_ALPHABET == "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    assert len(set(TRACKING_ALPHABET)) == len(TRACKING_ALPHABET) == 31
    assert not set("01ILO") & set(TRACKING_ALPHABET)
    assert TRACKING_LENGTH == 8


def test_new_code_shape() -> None:
    code = new_tracking_code()
    assert CODE_RE.fullmatch(code), code
    assert len(code) == 9


def test_new_codes_are_random_and_cover_the_alphabet() -> None:
    codes = [new_tracking_code() for _ in range(2_000)]
    assert all(CODE_RE.fullmatch(c) for c in codes)
    assert len(set(codes)) == len(codes)  # 31**8 ~ 8.5e11 possibilities
    used = set("".join(codes).replace("-", ""))
    assert used == set(TRACKING_ALPHABET)
    assert all(c[0].isalpha() for c in codes)  # a leading digit would be split apart inside RTL text


@pytest.mark.parametrize("_", range(20))
def test_new_code_round_trips_through_parser(_: int) -> None:
    code = new_tracking_code()
    assert parse_tracking_code(code) == code
    assert parse_tracking_code(code.lower().replace("-", "")) == code


@pytest.mark.parametrize(("raw", "expected"), [("ABCDEFGH", "ABCD-EFGH"), ("23456789", "2345-6789")])
def test_format_tracking_code(raw: str, expected: str) -> None:
    assert format_tracking_code(raw) == expected
