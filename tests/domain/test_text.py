"""Tests for domain.text normalisation."""

import sys

import pytest

from domain.text import (
    NUMBER_SEPARATORS,
    WHITESPACE,
    deletion_table,
    fa,
    fa_amount,
    normalize_digits,
    normalize_text,
    strip_separators,
    to_persian_digits,
)

ZWNJ = "\u200c"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("0123456789", "0123456789"),
        ("۱2٣4", "1234"),
        ("کد ۱۲۳", "کد 123"),
        ("", ""),
        ("abc", "abc"),
        ("١٤٠٣/۰۷/15", "1403/07/15"),
    ],
)
def test_normalize_digits(raw: str, expected: str) -> None:
    assert normalize_digits(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0123456789", "۰۱۲۳۴۵۶۷۸۹"),
        ("1403/07/15 14:05", "۱۴۰۳/۰۷/۱۵ ۱۴:۰۵"),
        ("", ""),
        ("IR12", "IR۱۲"),
    ],
)
def test_to_persian_digits(raw: str, expected: str) -> None:
    assert to_persian_digits(raw) == expected


def test_persian_digits_round_trip() -> None:
    assert normalize_digits(to_persian_digits("9876543210")) == "9876543210"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("علي", "علی"),  # Arabic yeh
        ("موسى", "موسی"),  # alef maksura
        ("كريم", "کریم"),  # Arabic kaf
        ("  علی   رضایی  ", "علی رضایی"),
        ("علی\t\n رضایی", "علی رضایی"),
        ("علی\u00a0رضایی", "علی رضایی"),  # no-break space
        (f"{ZWNJ}سلام{ZWNJ}", "سلام"),
        (f"می{ZWNJ}روم", f"می{ZWNJ}روم"),  # inner ZWNJ is meaningful
        (f"می{ZWNJ}{ZWNJ}{ZWNJ}روم", f"می{ZWNJ}روم"),
        (f"علی{ZWNJ} {ZWNJ}رضایی", "علی رضایی"),
        (f"{ZWNJ}{ZWNJ}", ""),
        ("\u200bعلی\u200d", "علی"),
        ("\u200e09121234567\u200f", "09121234567"),
        ("\u202b۱۴۰۳/۰۷/۱۵\u202c", "1403/07/15"),
        ("\u2067abc\u2069", "abc"),
        ("\u2066x\u2068y\u2069", "xy"),
        ("\ufeffpersonnel_no", "personnel_no"),
        ("\u202a\u202d\u202e", ""),
        ("", ""),
        ("   ", ""),
        ("Hello World", "Hello World"),
        ("۱۲ ٣٤", "12 34"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_text_is_idempotent() -> None:
    messy = f"  {ZWNJ}علي{ZWNJ}{ZWNJ}كريمي \u200f ۱۲٣  "
    once = normalize_text(messy)
    assert once == f"علی{ZWNJ}کریمی 123"
    assert normalize_text(once) == once


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12,500,000", "12500000"),
        ("12،500،000", "12500000"),
        ("12٬500٬000", "12500000"),
        ("12 500 000", "12500000"),
        ("1_000", "1000"),
        ("12'500", "12500"),
        ("12\u2019500", "12500"),
        (f"12{ZWNJ}500", "12500"),
        ("12\u00a0500\t000", "12500000"),
        ("12.5", "12.5"),  # decimal point is kept for the caller to refuse
        ("-5", "-5"),
        ("۱۲٬۵۰۰", "۱۲۵۰۰"),  # digits are not converted here
        ("", ""),
    ],
)
def test_strip_separators(raw: str, expected: str) -> None:
    assert strip_separators(raw) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(0, "۰"), (999, "۹۹۹"), (1000, "۱٬۰۰۰"), (12_500_000, "۱۲٬۵۰۰٬۰۰۰"), (-5000, "-۵٬۰۰۰")],
)
def test_fa_amount_groups_thousands_with_persian_digits(amount: int, expected: str) -> None:
    assert fa_amount(amount) == expected


def test_fa_shows_any_value_with_persian_digits() -> None:
    assert fa(1403) == "۱۴۰۳"
    assert fa("1404/01/20 14:00") == "۱۴۰۴/۰۱/۲۰ ۱۴:۰۰"
    assert fa("K7QM") == "K۷QM"  # every digit: codes meant to be read back as typed are not passed through fa


# --- the translate tables, at their boundaries -------------------------------------------------------------


def test_whitespace_is_exactly_what_isspace_accepts() -> None:
    every = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert every == WHITESPACE


@pytest.mark.parametrize("space", sorted(WHITESPACE))
def test_every_whitespace_separates_words_and_is_stripped_from_numbers(space: str) -> None:
    assert normalize_text(f"{space}علی{space}{space}رضایی{space}") == "علی رضایی"
    assert normalize_text(f"{ZWNJ}علی{space}{ZWNJ}رضایی") == "علی رضایی"  # the ZWNJ path splits alike
    assert strip_separators(f"12{space}500") == "12500"


@pytest.mark.parametrize("separator", sorted(NUMBER_SEPARATORS | {ZWNJ}))
def test_every_separator_is_stripped(separator: str) -> None:
    assert strip_separators(f"{separator}1{separator}{separator}000{separator}") == "1000"


@pytest.mark.parametrize(
    "kept",
    [
        "\u200b",  # zero-width space is not whitespace: normalize_text drops it, strip_separators keeps it
        "\u180e",  # Mongolian vowel separator: not whitespace since Unicode 6.3
        "\u200d",  # ZWJ
        ".",
        "-",
        "\u066b",  # Arabic decimal separator
        "\u0660",  # Arabic-Indic zero: digits are not converted here
    ],
)
def test_strip_separators_keeps_everything_else(kept: str) -> None:
    assert strip_separators(f"1{kept}2") == f"1{kept}2"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u0649\u064a\u0643", "\u06cc\u06cc\u06a9"),  # every Arabic letter mapped
        ("\u0648\u06cc\u06a9", "\u0648\u06cc\u06a9"),  # Persian letters untouched
        ("\u2069\u202a\u202e\u2066", ""),  # first and last code points of both bidi ranges
        ("a\u2029b", "a b"),  # paragraph separator is whitespace
        ("a\u2065b", "a\u2065b"),  # just below the isolate range: kept
        ("a\u206ab", "a\u206ab"),  # just above it: kept
        ("a\u2029\u200cb", "a b"),  # ZWNJ at a token's start after whitespace is dropped
        ("a\u200c\u200c", "a"),
    ],
)
def test_normalize_text_table_edges(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_deletion_table_deletes_only_what_it_is_given() -> None:
    table = deletion_table("ab")
    assert "abcab".translate(table) == "c"
    assert "".translate(table) == ""
    assert deletion_table([]) == {}
