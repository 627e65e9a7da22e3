"""Tests for domain.reports: the period of /report, percentiles, and when a request was decided."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import jdatetime
import pytest

from domain.reports import (
    BadPeriod,
    Period,
    PeriodError,
    checked,
    decided_at,
    parse_period,
    percentile,
    review_statuses,
)
from domain.workflow import Role, review_workflow


def J(year: int, month: int, day: int) -> dt.date:
    """A Jalali date as a Gregorian date, by jdatetime."""
    gregorian: dt.date = jdatetime.date(year, month, day).togregorian()
    return gregorian


TODAY = J(1405, 4, 10)


@pytest.mark.parametrize(
    ("words", "first", "last"),
    [
        ([], (1405, 4, 1), (1405, 4, 10)),  # the current Jalali month so far
        (["7"], (1405, 4, 4), (1405, 4, 10)),
        (["۷"], (1405, 4, 4), (1405, 4, 10)),  # Persian digits
        (["1"], (1405, 4, 10), (1405, 4, 10)),
        (["1405/03"], (1405, 3, 1), (1405, 3, 31)),
        (["1404-12"], (1404, 12, 1), (1404, 12, 29)),
        (["1405/01/01", "1405/06/31"], (1405, 1, 1), (1405, 6, 31)),
        (["۱۴۰۵/۰۱/۰۱", "١٤٠٥/٠١/٣١"], (1405, 1, 1), (1405, 1, 31)),  # Persian and Arabic digits
        (["1405/01/01", "1405/01/01"], (1405, 1, 1), (1405, 1, 1)),
    ],
)
def test_parse_period(words: list[str], first: tuple[int, int, int], last: tuple[int, int, int]) -> None:
    assert parse_period(words, TODAY) == Period(J(*first), J(*last))


@pytest.mark.parametrize(
    ("words", "code"),
    [
        (["0"], PeriodError.FORMAT),
        (["401"], PeriodError.TOO_LONG),
        (["1405/13"], PeriodError.FORMAT),
        (["week"], PeriodError.FORMAT),
        (["1405/06/31", "1405/01/01"], PeriodError.ORDER),
        (["1404/01/01", "1405/06/31"], PeriodError.TOO_LONG),
        (["1405/01/32", "1405/02/01"], PeriodError.FORMAT),
        (["1405/01/01", "1405/02/01", "x"], PeriodError.FORMAT),
    ],
)
def test_a_bad_period_says_why(words: list[str], code: PeriodError) -> None:
    with pytest.raises(BadPeriod) as refused:
        parse_period(words, TODAY)
    assert refused.value.code is code


def test_a_period_of_400_days_is_the_longest() -> None:
    assert checked(J(1405, 1, 1), J(1405, 1, 1) + dt.timedelta(days=399)).days == 400
    with pytest.raises(BadPeriod):
        checked(J(1405, 1, 1), J(1405, 1, 1) + dt.timedelta(days=400))


def test_a_periods_bounds_are_office_midnights() -> None:
    from zoneinfo import ZoneInfo

    start, end = Period(J(1405, 4, 1), J(1405, 4, 2)).bounds(ZoneInfo("Asia/Tehran"))
    assert start == dt.datetime(2026, 6, 21, 20, 30, tzinfo=dt.UTC)
    assert end - start == dt.timedelta(days=2)


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([], 50, None),
        ([3.0], 50, 3.0),
        ([3.0], 90, 3.0),
        ([1.0, 2.0], 50, 1.5),
        ([4.0, 1.0, 3.0, 2.0], 50, 2.5),  # unordered input
        ([1.0, 2.0, 3.0, 4.0, 5.0], 50, 3.0),
        ([1.0, 2.0, 3.0, 4.0, 5.0], 90, 4.6),
        ([float(i) for i in range(1, 11)], 90, 9.1),
        ([1.0, 2.0, 3.0], 0, 1.0),
        ([1.0, 2.0, 3.0], 100, 3.0),
    ],
)
def test_percentile(values: list[float], q: float, expected: float | None) -> None:
    found = percentile(values, q)
    assert found == pytest.approx(expected) if expected is not None else found is None


def test_percentile_refuses_q_outside_0_to_100() -> None:
    with pytest.raises(ValueError, match=r"0\.\.100"):
        percentile([1.0], 101)


@dataclass(frozen=True)
class M:
    """A move as the audit trail holds it."""

    at: dt.datetime
    actor_role: str | None
    from_status: str | None
    to_status: str


def day(n: int) -> dt.datetime:
    """Day n of a month, noon UTC."""
    return dt.datetime(2026, 7, n, 12, tzinfo=dt.UTC)


LOAN_REVIEW = frozenset({"submitted", "reviewed", "needs_info"})


@pytest.mark.parametrize(
    ("moves", "decided"),
    [
        ([M(day(1), "owner", None, "submitted")], None),
        # the clerk's review is not the decision; the head's approval is
        (
            [
                M(day(1), "owner", None, "submitted"),
                M(day(2), "clerk", "submitted", "reviewed"),
                M(day(4), "head", "reviewed", "queued"),
                M(day(6), "system", "queued", "funded"),
            ],
            day(4),
        ),
        # a question and its answer are not decisions
        (
            [
                M(day(1), "owner", None, "submitted"),
                M(day(2), "clerk", "submitted", "needs_info"),
                M(day(3), "owner", "needs_info", "submitted"),
                M(day(5), "clerk", "submitted", "rejected"),
            ],
            day(5),
        ),
        # the owner's cancellation and a timer's expiry are no staff decision
        ([M(day(1), "owner", None, "submitted"), M(day(2), "owner", "submitted", "cancelled")], None),
        ([M(day(1), "owner", None, "submitted"), M(day(3), "system", "submitted", "expired")], None),
    ],
)
def test_decided_at(moves: list[M], decided: dt.datetime | None) -> None:
    assert decided_at(moves, LOAN_REVIEW) == decided


def test_review_statuses_of_a_one_level_review() -> None:
    assert review_statuses(review_workflow("booklet", reviewer=Role.CLERK)) == {"submitted", "needs_info"}


def test_review_statuses_of_the_loan_workflow() -> None:
    from services.loans import SPEC

    assert review_statuses(SPEC.workflow) == LOAN_REVIEW
