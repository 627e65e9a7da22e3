"""Amounts in words (checked against known values), masked names, deep links, validity."""

from __future__ import annotations

import pytest

from domain.documents import (
    DeepLinks,
    Validity,
    amount_in_words,
    is_token,
    mask_name,
    new_token,
    validity,
)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "صفر"),
        (1, "یک"),
        (11, "یازده"),
        (20, "بیست"),
        (21, "بیست و یک"),
        (100, "صد"),
        (110, "صد و ده"),
        (200, "دویست"),
        (500, "پانصد"),
        (999, "نهصد و نود و نه"),
        (1_000, "هزار"),
        (1_001, "هزار و یک"),
        (12_000, "دوازده هزار"),
        (7_200_000, "هفت میلیون و دویست هزار"),
        (100_000_000, "صد میلیون"),
        (150_000_000, "صد و پنجاه میلیون"),
        (1_000_100, "یک میلیون و صد"),
        (12_345_678, "دوازده میلیون و سیصد و چهل و پنج هزار و ششصد و هفتاد و هشت"),
        (2_500_000_000, "دو میلیارد و پانصد میلیون"),
        (100_000_000_000, "صد میلیارد"),
    ],
)
def test_amounts_in_words_match_known_values(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words


def test_a_negative_amount_has_no_words() -> None:
    with pytest.raises(ValueError):
        amount_in_words(-1)


@pytest.mark.parametrize(
    ("name", "masked"),
    [("علی رضایی", "ع** ر****"), ("  مریم  ", "م***"), ("A", "A"), ("", "")],
)
def test_names_are_masked_to_their_initials(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("platform", "link"),
    [
        ("telegram", "https://t.me/refah_bot?start=v_abc_DEF-123"),
        ("bale", "https://ble.ir/refah_bot?start=v_abc_DEF-123"),
    ],
)
def test_deep_links_per_messenger(platform: str, link: str) -> None:
    assert DeepLinks(platform, "refah_bot").verify("abc_DEF-123") == link


@pytest.mark.parametrize("payload", ["", "a b", "x" * 65, "ä", "a?b"])
def test_a_payload_telegram_would_refuse_is_refused(payload: str) -> None:
    with pytest.raises(ValueError):
        DeepLinks("telegram", "bot").start(payload)


def test_tokens_are_unguessable_and_fit_a_deep_link() -> None:
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        assert is_token(token) and len("v_" + token) <= 64
        DeepLinks("telegram", "bot").verify(token)
    assert not is_token("short") and not is_token("x" * 44) and not is_token("a/b" * 8)


@pytest.mark.parametrize(
    ("revoked", "status", "expected"),
    [
        (False, "booked", Validity.VALID),
        (False, "funded", Validity.VALID),
        (False, "done", Validity.VALID),
        (False, None, Validity.VALID),
        (False, "cancelled", Validity.CANCELLED),
        (False, "rejected", Validity.REJECTED),
        (False, "expired", Validity.EXPIRED),
        (True, "booked", Validity.REVOKED),
        (True, "cancelled", Validity.REVOKED),
    ],
)
def test_validity(revoked: bool, status: str | None, expected: Validity) -> None:
    assert validity(revoked=revoked, request_status=status) is expected
