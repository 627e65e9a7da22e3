"""Tests for the pure welfare-fund loan rules in domain/loans.py."""

from __future__ import annotations

import ast
import datetime
import re
from pathlib import Path

import jdatetime  # type: ignore[import-untyped]
import pytest

from domain import loans
from domain.loans import (
    Allocation,
    Eligibility,
    FeeModel,
    Ineligibility,
    IneligibilityCode,
    Instalment,
    QueuedLoan,
    Schedule,
    allocate_budget,
    build_schedule,
    check_eligibility,
    compute_fee,
    is_settled,
    membership_eligible_from,
    next_instalment,
    outstanding,
)

NOT_MEMBER = IneligibilityCode.NOT_MEMBER
HAS_DEBT = IneligibilityCode.HAS_DEBT
OPEN_LOAN = IneligibilityCode.OPEN_LOAN
TOO_SHORT = IneligibilityCode.MEMBERSHIP_TOO_SHORT
NO_SHEBA = IneligibilityCode.NO_SHEBA

TEHRAN = datetime.timezone(datetime.timedelta(hours=3, minutes=30))
UTC = datetime.UTC


def short(year: int, month: int, day: int) -> Ineligibility:
    """Return the MEMBERSHIP_TOO_SHORT reason lifting on the given Jalali date."""
    return Ineligibility(TOO_SHORT, eligible_from=jd(year, month, day))


def jd(year: int, month: int, day: int) -> datetime.date:
    """Return the Gregorian date of a Jalali date (test helper, independent of domain.loans)."""
    g = jdatetime.date(year, month, day).togregorian()
    return datetime.date(g.year, g.month, g.day)


# ---------------------------------------------------------------------------
# Calendar anchors: the test helper and jdatetime agree with known dates
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jalali", "gregorian"),
    [
        ((1403, 1, 1), datetime.date(2024, 3, 20)),
        ((1403, 7, 15), datetime.date(2024, 10, 6)),
        ((1402, 12, 29), datetime.date(2024, 3, 19)),
        ((1403, 12, 30), datetime.date(2025, 3, 20)),
        ((1404, 12, 29), datetime.date(2026, 3, 20)),
    ],
)
def test_jalali_anchor_dates(jalali: tuple[int, int, int], gregorian: datetime.date) -> None:
    assert jd(*jalali) == gregorian


def test_leap_years_per_jdatetime() -> None:
    assert jdatetime.date(1403, 12, 30).day == 30
    with pytest.raises(ValueError, match="day"):
        jdatetime.date(1404, 12, 30)
    with pytest.raises(ValueError, match="day"):
        jdatetime.date(1402, 12, 30)


# ---------------------------------------------------------------------------
# membership_eligible_from
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("since", "months", "expected"),
    [
        ((1403, 1, 15), 6, (1403, 7, 15)),
        ((1403, 1, 1), 6, (1403, 7, 1)),
        ((1403, 1, 31), 6, (1403, 7, 30)),  # day 31 into a 30-day month
        ((1403, 5, 31), 6, (1403, 11, 30)),
        ((1403, 6, 31), 6, (1403, 12, 30)),  # into Esfand of leap 1403
        ((1403, 6, 30), 6, (1403, 12, 30)),
        ((1403, 6, 29), 6, (1403, 12, 29)),
        ((1402, 6, 31), 6, (1402, 12, 29)),  # into Esfand of non-leap 1402
        ((1402, 6, 30), 6, (1402, 12, 29)),
        ((1404, 6, 31), 6, (1404, 12, 29)),  # into Esfand of non-leap 1404
        ((1402, 10, 10), 6, (1403, 4, 10)),  # year rollover
        ((1403, 12, 30), 6, (1404, 6, 30)),  # day 30 stays 30 in a 31-day month
        ((1402, 12, 29), 12, (1403, 12, 29)),  # not the 30th although 1403 is leap
        ((1403, 12, 30), 12, (1404, 12, 29)),
        ((1402, 5, 10), 12, (1403, 5, 10)),
        ((1403, 3, 31), 0, (1403, 3, 31)),
        ((1403, 7, 30), 1, (1403, 8, 30)),
        ((1400, 1, 1), 60, (1405, 1, 1)),
    ],
)
def test_membership_eligible_from(
    since: tuple[int, int, int], months: int, expected: tuple[int, int, int]
) -> None:
    assert membership_eligible_from(jd(*since), months) == jd(*expected)


def test_membership_eligible_from_literal_gregorian() -> None:
    # 1403/06/31 = 2024-09-21; + 6 Jalali months -> 1403/12/30 = 2025-03-20.
    assert membership_eligible_from(datetime.date(2024, 9, 21), 6) == datetime.date(2025, 3, 20)
    # 1402/06/31 = 2023-09-22; + 6 -> 1402/12/29 = 2024-03-19.
    assert membership_eligible_from(datetime.date(2023, 9, 22), 6) == datetime.date(2024, 3, 19)
    # 1403/01/15 = 2024-04-03; + 6 -> 1403/07/15 = 2024-10-06.
    assert membership_eligible_from(datetime.date(2024, 4, 3), 6) == datetime.date(2024, 10, 6)


def test_membership_eligible_from_rejects_negative_months() -> None:
    with pytest.raises(ValueError, match="months must be >= 0"):
        membership_eligible_from(jd(1403, 1, 1), -1)


# ---------------------------------------------------------------------------
# check_eligibility
# ---------------------------------------------------------------------------

_ELIGIBILITY_CASES = [
    # id, member_since, debt, open_loan, today, min_months, expected reasons
    ("exactly_6_months", (1403, 1, 15), 0, False, (1403, 7, 15), 6, ()),
    ("one_day_before", (1403, 1, 15), 0, False, (1403, 7, 14), 6, (short(1403, 7, 15),)),
    ("long_member", (1398, 2, 3), 0, False, (1403, 7, 14), 6, ()),
    ("day31_into_30day_month_ok", (1403, 1, 31), 0, False, (1403, 7, 30), 6, ()),
    (
        "day31_into_30day_month_before",
        (1403, 1, 31),
        0,
        False,
        (1403, 7, 29),
        6,
        (short(1403, 7, 30),),
    ),
    ("leap_esfand_ok", (1403, 6, 31), 0, False, (1403, 12, 30), 6, ()),
    ("leap_esfand_before", (1403, 6, 31), 0, False, (1403, 12, 29), 6, (short(1403, 12, 30),)),
    ("nonleap_1402_esfand_ok", (1402, 6, 31), 0, False, (1402, 12, 29), 6, ()),
    (
        "nonleap_1402_esfand_before",
        (1402, 6, 31),
        0,
        False,
        (1402, 12, 28),
        6,
        (short(1402, 12, 29),),
    ),
    ("nonleap_1404_esfand_ok", (1404, 6, 31), 0, False, (1404, 12, 29), 6, ()),
    (
        "nonleap_1404_esfand_before",
        (1404, 6, 31),
        0,
        False,
        (1404, 12, 28),
        6,
        (short(1404, 12, 29),),
    ),
    ("not_member", None, 0, False, (1403, 7, 14), 6, (Ineligibility(NOT_MEMBER),)),
    ("debt", (1400, 1, 1), 2_500_000, False, (1403, 7, 14), 6, (Ineligibility(HAS_DEBT, amount=2_500_000),)),
    ("debt_one_rial", (1400, 1, 1), 1, False, (1403, 7, 14), 6, (Ineligibility(HAS_DEBT, amount=1),)),
    ("open_loan", (1400, 1, 1), 0, True, (1403, 7, 14), 6, (Ineligibility(OPEN_LOAN),)),
    (
        "not_member_debt_open_loan",
        None,
        750_000,
        True,
        (1403, 7, 14),
        6,
        (Ineligibility(NOT_MEMBER), Ineligibility(HAS_DEBT, amount=750_000), Ineligibility(OPEN_LOAN)),
    ),
    (
        "debt_open_loan_too_short",
        (1403, 5, 1),
        10,
        True,
        (1403, 7, 14),
        6,
        (
            Ineligibility(HAS_DEBT, amount=10),
            Ineligibility(OPEN_LOAN),
            short(1403, 11, 1),
        ),
    ),
    ("future_member_since", (1403, 8, 1), 0, False, (1403, 7, 1), 6, (short(1404, 2, 1),)),
    ("min0_same_day", (1403, 7, 1), 0, False, (1403, 7, 1), 0, ()),
    ("min0_future", (1403, 7, 2), 0, False, (1403, 7, 1), 0, (short(1403, 7, 2),)),
    ("min12_ok", (1402, 5, 10), 0, False, (1403, 5, 10), 12, ()),
    ("min12_before", (1402, 5, 10), 0, False, (1403, 5, 9), 12, (short(1403, 5, 10),)),
    ("min12_6months_not_enough", (1403, 1, 15), 0, False, (1403, 7, 15), 12, (short(1404, 1, 15),)),
    ("min12_leap_end", (1402, 12, 29), 0, False, (1403, 12, 28), 12, (short(1403, 12, 29),)),
]


@pytest.mark.parametrize(
    ("member_since", "debt", "open_loan", "today", "min_months", "expected"),
    [pytest.param(*case[1:], id=str(case[0])) for case in _ELIGIBILITY_CASES],
)
def test_check_eligibility(
    member_since: tuple[int, int, int] | None,
    debt: int,
    open_loan: bool,
    today: tuple[int, int, int],
    min_months: int,
    expected: tuple[Ineligibility, ...],
) -> None:
    result = check_eligibility(
        member_since=None if member_since is None else jd(*member_since),
        fund_debt=debt,
        has_open_loan=open_loan,
        today=jd(*today),
        min_membership_months=min_months,
    )
    assert result == Eligibility(eligible=not expected, reasons=expected)
    assert result.codes == tuple(reason.code for reason in expected)


def test_check_eligibility_default_is_six_months() -> None:
    early = check_eligibility(
        member_since=jd(1403, 1, 15), fund_debt=0, has_open_loan=False, today=jd(1403, 7, 14)
    )
    on_time = check_eligibility(
        member_since=jd(1403, 1, 15), fund_debt=0, has_open_loan=False, today=jd(1403, 7, 15)
    )
    assert early.reasons == (Ineligibility(TOO_SHORT, eligible_from=datetime.date(2024, 10, 6)),)
    assert on_time.eligible


@pytest.mark.parametrize(
    ("member_since", "debt", "expected"),
    [
        ((1400, 1, 1), 0, (NO_SHEBA,)),  # otherwise eligible: the missing Sheba alone refuses
        (None, 5, (NOT_MEMBER, HAS_DEBT, NO_SHEBA)),  # reported last, beside every other reason
        ((1403, 7, 1), 0, (TOO_SHORT, NO_SHEBA)),
    ],
)
def test_no_sheba_on_file_is_a_reason(
    member_since: tuple[int, int, int] | None, debt: int, expected: tuple[IneligibilityCode, ...]
) -> None:
    result = check_eligibility(
        member_since=None if member_since is None else jd(*member_since),
        fund_debt=debt,
        has_open_loan=False,
        today=jd(1403, 7, 14),
        has_sheba=False,
    )
    assert result.codes == expected
    assert not result.eligible
    assert result.reasons[-1] == Ineligibility(NO_SHEBA)


def test_a_sheba_on_file_is_the_default() -> None:
    args = {"member_since": jd(1400, 1, 1), "fund_debt": 0, "has_open_loan": False, "today": jd(1403, 7, 14)}
    assert check_eligibility(**args).eligible  # type: ignore[arg-type]
    assert check_eligibility(**args, has_sheba=True).eligible  # type: ignore[arg-type]


def test_reason_fields_are_none_when_not_applicable() -> None:
    result = check_eligibility(member_since=None, fund_debt=5, has_open_loan=True, today=jd(1403, 1, 1))
    not_member, debt, open_loan = result.reasons
    assert (not_member.eligible_from, not_member.amount) == (None, None)
    assert (debt.eligible_from, debt.amount) == (None, 5)
    assert (open_loan.eligible_from, open_loan.amount) == (None, None)


@pytest.mark.parametrize(
    ("debt", "min_months", "message"),
    [(-1, 6, "fund_debt"), (0, -1, "min_membership_months")],
)
def test_check_eligibility_rejects_invalid_input(debt: int, min_months: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_eligibility(
            member_since=jd(1400, 1, 1),
            fund_debt=debt,
            has_open_loan=False,
            today=jd(1403, 1, 1),
            min_membership_months=min_months,
        )


def test_codes_are_string_enums() -> None:
    assert [code.value for code in IneligibilityCode] == [
        "not_member",
        "has_debt",
        "open_loan",
        "membership_too_short",
        "no_sheba",
    ]
    assert isinstance(IneligibilityCode.HAS_DEBT, str)
    assert str(IneligibilityCode.HAS_DEBT) == "has_debt"
    assert IneligibilityCode("open_loan") is IneligibilityCode.OPEN_LOAN


# ---------------------------------------------------------------------------
# Fees
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("principal", "instalments", "model", "value", "expected_fee"),
    [
        (100_000_000, 20, FeeModel.PERCENT_UPFRONT, 400, 4_000_000),
        (10_000_001, 20, FeeModel.PERCENT_UPFRONT, 400, 400_000),  # 400,000.04 -> down
        (12_345, 20, FeeModel.PERCENT_UPFRONT, 400, 494),  # 493.8 -> up
        (100, 1, FeeModel.PERCENT_UPFRONT, 50, 1),  # 0.5 -> half up
        (300, 1, FeeModel.PERCENT_UPFRONT, 50, 2),  # 1.5 -> half up
        (299, 1, FeeModel.PERCENT_UPFRONT, 50, 1),  # 1.495 -> down
        (99, 1, FeeModel.PERCENT_UPFRONT, 50, 0),  # 0.495 -> down
        (1_000_000, 3, FeeModel.PERCENT_UPFRONT, 0, 0),
        (1_000_000, 3, FeeModel.PERCENT_UPFRONT, 10_000, 1_000_000),  # 100%
        (50_000_000, 12, FeeModel.FIXED, 1_000_000, 1_000_000),
        (50_000_000, 12, FeeModel.FIXED, 0, 0),
        (12_000_000, 4, FeeModel.DECLINING_PERCENT, 1_200, 300_000),  # 120k + 90k + 60k + 30k
        (1_000_000, 3, FeeModel.DECLINING_PERCENT, 400, 6_666),  # 3,333 + 2,222 + 1,111
        (100_000_000, 20, FeeModel.DECLINING_PERCENT, 400, 3_500_000),
        (300, 2, FeeModel.DECLINING_PERCENT, 200, 1),  # 0.5 -> 1, then 0.25 -> 0
        (300, 1, FeeModel.DECLINING_PERCENT, 200, 1),
        (12_000_000, 1, FeeModel.DECLINING_PERCENT, 1_200, 120_000),  # one month at 1%
        (12_000_000, 4, FeeModel.DECLINING_PERCENT, 0, 0),
    ],
)
def test_compute_fee(
    principal: int, instalments: int, model: FeeModel, value: int, expected_fee: int
) -> None:
    fee = compute_fee(principal=principal, instalments=instalments, fee_model=model, fee_value=value)
    assert fee == expected_fee


# ---------------------------------------------------------------------------
# Schedules
# ---------------------------------------------------------------------------


def sched(
    principal: int,
    n: int,
    model: FeeModel = FeeModel.FIXED,
    value: int = 0,
    first_due: tuple[int, int] = (1403, 1),
) -> Schedule:
    """Build a schedule with keyword arguments (test shorthand)."""
    return build_schedule(
        principal=principal, instalments=n, fee_model=model, fee_value=value, first_due=first_due
    )


def _amounts(schedule: Schedule) -> list[int]:
    return [item.amount for item in schedule.items]


def test_schedule_100m_20_no_fee() -> None:
    # instalments left at its default of 20
    schedule = build_schedule(
        principal=100_000_000, fee_model=FeeModel.FIXED, fee_value=0, first_due=(1403, 8)
    )
    assert (schedule.principal, schedule.fee, schedule.total) == (100_000_000, 0, 100_000_000)
    assert len(schedule.items) == 20
    assert _amounts(schedule) == [5_000_000] * 20
    assert [item.principal_part for item in schedule.items] == [5_000_000] * 20
    assert [item.fee_part for item in schedule.items] == [0] * 20
    assert [item.number for item in schedule.items] == list(range(1, 21))
    assert [(item.jalali_year, item.jalali_month) for item in schedule.items] == (
        [(1403, m) for m in range(8, 13)]
        + [(1404, m) for m in range(1, 13)]
        + [(1405, m) for m in range(1, 4)]
    )


def test_schedule_remainder_goes_to_last() -> None:
    schedule = sched(10_000_001, 20)
    assert _amounts(schedule) == [500_000] * 19 + [500_001]
    assert schedule.total == 10_000_001


_SCHEDULE_CASES = [
    # id, principal, n, model, value, fee, [(principal_part, fee_part)] (amount = sum)
    (
        "upfront_100m_4pct",
        100_000_000,
        20,
        FeeModel.PERCENT_UPFRONT,
        400,
        4_000_000,
        [(5_000_000, 200_000)] * 20,
    ),
    (
        "upfront_10000001_4pct",
        10_000_001,
        20,
        FeeModel.PERCENT_UPFRONT,
        400,
        400_000,
        [(500_000, 20_000)] * 19 + [(500_001, 20_000)],
    ),
    (
        "upfront_1m_3_2_5pct",
        1_000_000,
        3,
        FeeModel.PERCENT_UPFRONT,
        250,
        25_000,
        [(333_333, 8_333), (333_333, 8_333), (333_334, 8_334)],
    ),
    (
        "fixed_50m_12",
        50_000_000,
        12,
        FeeModel.FIXED,
        1_000_000,
        1_000_000,
        [(4_166_666, 83_333)] * 11 + [(4_166_674, 83_337)],
    ),
    (
        "fixed_fee_smaller_than_n",
        1_000,
        4,
        FeeModel.FIXED,
        3,
        3,
        [(250, 0), (250, 0), (250, 0), (250, 3)],
    ),
    (
        "declining_12m_4_12pct",
        12_000_000,
        4,
        FeeModel.DECLINING_PERCENT,
        1_200,
        300_000,
        [(3_000_000, 75_000)] * 4,
    ),
    (
        "declining_1m_3_4pct",
        1_000_000,
        3,
        FeeModel.DECLINING_PERCENT,
        400,
        6_666,
        [(333_333, 2_222), (333_333, 2_222), (333_334, 2_222)],
    ),
    (
        "declining_100m_20_4pct",
        100_000_000,
        20,
        FeeModel.DECLINING_PERCENT,
        400,
        3_500_000,
        [(5_000_000, 175_000)] * 20,
    ),
    (
        "declining_half_up",
        300,
        2,
        FeeModel.DECLINING_PERCENT,
        200,
        1,
        [(150, 0), (150, 1)],
    ),
]


@pytest.mark.parametrize(
    ("principal", "n", "model", "value", "fee", "parts"),
    [pytest.param(*case[1:], id=str(case[0])) for case in _SCHEDULE_CASES],
)
def test_schedule_tables(
    principal: int, n: int, model: FeeModel, value: int, fee: int, parts: list[tuple[int, int]]
) -> None:
    schedule = sched(principal, n, model, value)
    assert (schedule.principal, schedule.fee, schedule.total) == (principal, fee, principal + fee)
    assert [(item.principal_part, item.fee_part) for item in schedule.items] == parts
    assert _amounts(schedule) == [p + f for p, f in parts]


def test_schedule_expected_amounts_spelled_out() -> None:
    upfront = sched(1_000_000, 3, FeeModel.PERCENT_UPFRONT, 250)
    assert _amounts(upfront) == [341_666, 341_666, 341_668]
    fixed = sched(50_000_000, 12, FeeModel.FIXED, 1_000_000)
    assert _amounts(fixed) == [4_249_999] * 11 + [4_250_011]
    declining = sched(1_000_000, 3, FeeModel.DECLINING_PERCENT, 400)
    assert _amounts(declining) == [335_555, 335_555, 335_556]
    assert declining.total == 1_006_666


@pytest.mark.parametrize(
    ("first_due", "n", "expected_months"),
    [
        ((1403, 11), 4, [(1403, 11), (1403, 12), (1404, 1), (1404, 2)]),
        ((1403, 12), 2, [(1403, 12), (1404, 1)]),
        ((1402, 12), 1, [(1402, 12)]),
        ((1403, 12), 13, [(1403, 12)] + [(1404, m) for m in range(1, 13)]),
        ((1403, 1), 12, [(1403, m) for m in range(1, 13)]),
        ((1403, 6), 20, [(1403, m) for m in range(6, 13)] + [(1404, m) for m in range(1, 13)] + [(1405, 1)]),
    ],
)
def test_schedule_months_roll_over_esfand(
    first_due: tuple[int, int], n: int, expected_months: list[tuple[int, int]]
) -> None:
    schedule = sched(1_000_000, n, first_due=first_due)
    assert [(item.jalali_year, item.jalali_month) for item in schedule.items] == expected_months


def test_schedule_120_instalments_last_month() -> None:
    schedule = sched(120_000_000, 120)
    assert schedule.items[-1] == Instalment(120, 1412, 12, 1_000_000, 1_000_000, 0)


def test_schedule_single_instalment() -> None:
    schedule = sched(7_000_000, 1, FeeModel.PERCENT_UPFRONT, 300, first_due=(1404, 12))
    assert schedule == Schedule(
        principal=7_000_000,
        fee=210_000,
        total=7_210_000,
        items=(Instalment(1, 1404, 12, 7_210_000, 7_000_000, 210_000),),
    )


@pytest.mark.parametrize(
    ("principal", "instalments", "value", "first_due", "message"),
    [
        pytest.param(0, 20, 0, (1403, 1), "principal", id="principal_zero"),
        pytest.param(-1, 20, 0, (1403, 1), "principal", id="principal_negative"),
        pytest.param(1_000, 0, 0, (1403, 1), "instalments", id="instalments_zero"),
        pytest.param(1_000, -3, 0, (1403, 1), "instalments", id="instalments_negative"),
        pytest.param(1_000, 121, 0, (1403, 1), "instalments", id="instalments_121"),
        pytest.param(1_000, 20, -1, (1403, 1), "fee_value", id="fee_negative"),
        pytest.param(1_000, 20, 0, (1403, 0), "month", id="month_zero"),
        pytest.param(1_000, 20, 0, (1403, 13), "month", id="month_13"),
        pytest.param(1_000, 20, 0, (0, 1), "year", id="year_zero"),
    ],
)
@pytest.mark.parametrize("model", list(FeeModel))
def test_schedule_rejects_invalid_input(
    principal: int, instalments: int, value: int, first_due: tuple[int, int], message: str, model: FeeModel
) -> None:
    with pytest.raises(ValueError, match=message):
        sched(principal, instalments, model, value, first_due=first_due)


@pytest.mark.parametrize("instalments", [1, 120])
def test_schedule_accepts_instalment_bounds(instalments: int) -> None:
    schedule = sched(1, instalments)
    assert len(schedule.items) == instalments
    assert sum(_amounts(schedule)) == 1


def test_schedule_brute_force_invariants() -> None:
    principals = [1, 2, 7, 19, 99, 100, 101, 999, 1_001, 12_345, 99_999, 100_001, 1_234_567]
    principals += [10_000_001, 33_333_333, 99_999_999, 100_000_000, 123_456_789, 1_000_000_007]
    principals += [7**k for k in range(3, 12)]
    counts = [*range(1, 25), 29, 36, 47, 48, 59, 60, 61, 97, 119, 120]
    fee_values = {
        FeeModel.PERCENT_UPFRONT: [0, 1, 50, 333, 400, 1_250, 10_000],
        FeeModel.FIXED: [0, 1, 19, 1_000_001],
        FeeModel.DECLINING_PERCENT: [0, 1, 200, 400, 1_799, 2_400],
    }
    checked = 0
    for principal in principals:
        for n in counts:
            for model, values in fee_values.items():
                for value in values:
                    s = sched(principal, n, model, value, first_due=(1403, 10))
                    amounts = _amounts(s)
                    assert len(amounts) == n
                    assert sum(amounts) == s.total == s.principal + s.fee == principal + s.fee
                    assert sum(item.principal_part for item in s.items) == principal
                    assert sum(item.fee_part for item in s.items) == s.fee
                    assert len(set(amounts[:-1])) <= 1
                    assert amounts[-1] >= amounts[0]
                    assert s.fee >= 0
                    for index, item in enumerate(s.items):
                        assert item.number == index + 1
                        assert item.amount == item.principal_part + item.fee_part
                        assert item.principal_part >= 0
                        assert item.fee_part >= 0
                        assert item.jalali_year * 12 + item.jalali_month - 1 == 1403 * 12 + 9 + index
                    checked += 1
    assert checked == len(principals) * len(counts) * sum(len(v) for v in fee_values.values())


# ---------------------------------------------------------------------------
# Repayment progress
# ---------------------------------------------------------------------------


@pytest.fixture
def three_part_schedule() -> Schedule:
    """Amounts 341,666 / 341,666 / 341,668, total 1,025,000."""
    return sched(1_000_000, 3, FeeModel.PERCENT_UPFRONT, 250, first_due=(1403, 12))


@pytest.mark.parametrize(
    ("paid", "expected_outstanding", "expected_next", "expected_settled"),
    [
        (0, 1_025_000, Instalment(1, 1403, 12, 341_666, 333_333, 8_333), False),
        (1, 683_334, Instalment(2, 1404, 1, 341_666, 333_333, 8_333), False),
        (2, 341_668, Instalment(3, 1404, 2, 341_668, 333_334, 8_334), False),
        (3, 0, None, True),
    ],
)
def test_repayment_progress(
    three_part_schedule: Schedule,
    paid: int,
    expected_outstanding: int,
    expected_next: Instalment | None,
    expected_settled: bool,
) -> None:
    assert outstanding(three_part_schedule, paid) == expected_outstanding
    assert next_instalment(three_part_schedule, paid) == expected_next
    assert is_settled(three_part_schedule, paid) is expected_settled


@pytest.mark.parametrize("paid", [-1, 4, 100])
def test_repayment_progress_rejects_bad_paid_count(three_part_schedule: Schedule, paid: int) -> None:
    with pytest.raises(ValueError, match="paid_count"):
        outstanding(three_part_schedule, paid)
    with pytest.raises(ValueError, match="paid_count"):
        next_instalment(three_part_schedule, paid)
    with pytest.raises(ValueError, match="paid_count"):
        is_settled(three_part_schedule, paid)


# ---------------------------------------------------------------------------
# Budget queue
# ---------------------------------------------------------------------------

T0 = datetime.datetime(2024, 10, 1, 9, 0, tzinfo=TEHRAN)


def _loan(request_id: int, amount: int, minutes: int) -> QueuedLoan:
    return QueuedLoan(
        request_id=request_id, amount=amount, approved_at=T0 + datetime.timedelta(minutes=minutes)
    )


@pytest.mark.parametrize(
    ("budget", "committed", "queue", "funded", "waiting"),
    [
        pytest.param(100, 0, [], (), (), id="empty_queue"),
        pytest.param(
            100,
            0,
            [_loan(7, 30, 0), _loan(3, 30, 0), _loan(5, 30, 0)],
            (3, 5, 7),
            (),
            id="ties_by_request_id",
        ),
        pytest.param(
            60, 0, [_loan(7, 30, 0), _loan(3, 30, 0), _loan(5, 30, 0)], (3, 5), ((7, 1),), id="ties_partial"
        ),
        pytest.param(
            100, 40, [_loan(1, 30, 0), _loan(2, 30, 1), _loan(3, 1, 2)], (1, 2), ((3, 1),), id="exact_budget"
        ),
        pytest.param(60, 0, [_loan(1, 60, 0)], (1,), (), id="exact_budget_single"),
        pytest.param(
            50,
            0,
            [_loan(1, 50, 0), _loan(2, 10, 1), _loan(3, 10, 2)],
            (1,),
            ((2, 1), (3, 2)),
            id="exhausted_by_first",
        ),
        pytest.param(
            50, 0, [_loan(1, 60, 0), _loan(2, 10, 1)], (), ((1, 1), (2, 2)), id="no_skip_ahead_to_smaller"
        ),
        pytest.param(
            100,
            0,
            [_loan(1, 40, 0), _loan(2, 70, 1), _loan(3, 10, 2), _loan(4, 5, 3)],
            (1,),
            ((2, 1), (3, 2), (4, 3)),
            id="fifo_blocks_later_small_loans",
        ),
        pytest.param(0, 0, [_loan(1, 1, 0), _loan(2, 1, 1)], (), ((1, 1), (2, 2)), id="zero_budget"),
        pytest.param(100, 100, [_loan(1, 1, 0)], (), ((1, 1),), id="budget_fully_committed"),
        pytest.param(100, 150, [_loan(1, 1, 0)], (), ((1, 1),), id="over_committed"),
        pytest.param(
            1_000,
            0,
            [_loan(9, 100, 30), _loan(8, 100, 10), _loan(7, 100, 20)],
            (8, 7, 9),
            (),
            id="ordered_by_approved_at_not_input",
        ),
    ],
)
def test_allocate_budget(
    budget: int,
    committed: int,
    queue: list[QueuedLoan],
    funded: tuple[int, ...],
    waiting: tuple[tuple[int, int], ...],
) -> None:
    result = allocate_budget(budget=budget, already_disbursed_or_committed=committed, queue=queue)
    assert result == Allocation(funded=funded, waiting=waiting)


def test_allocate_budget_compares_instants_across_timezones() -> None:
    # 06:00 UTC is 09:30 Tehran: loan 2 (09:00 Tehran = 05:30 UTC) was approved first.
    early_utc = QueuedLoan(
        request_id=1, amount=10, approved_at=datetime.datetime(2024, 10, 1, 6, 0, tzinfo=UTC)
    )
    tehran = QueuedLoan(
        request_id=2, amount=10, approved_at=datetime.datetime(2024, 10, 1, 9, 0, tzinfo=TEHRAN)
    )
    result = allocate_budget(budget=10, already_disbursed_or_committed=0, queue=(early_utc, tehran))
    assert result == Allocation(funded=(2,), waiting=((1, 1),))


@pytest.mark.parametrize(
    ("budget", "committed", "queue", "message"),
    [
        pytest.param(-1, 0, [], "budget", id="negative_budget"),
        pytest.param(10, -1, [], "already_disbursed_or_committed", id="negative_committed"),
        pytest.param(10, 0, [_loan(1, 1, 0), _loan(1, 2, 1)], "unique", id="duplicate_request_id"),
    ],
)
def test_allocate_budget_rejects_invalid_input(
    budget: int, committed: int, queue: list[QueuedLoan], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        allocate_budget(budget=budget, already_disbursed_or_committed=committed, queue=queue)


@pytest.mark.parametrize(
    ("amount", "approved_at", "message"),
    [
        pytest.param(0, T0, "amount", id="zero_amount"),
        pytest.param(-5, T0, "amount", id="negative_amount"),
        pytest.param(5, datetime.datetime(2024, 10, 1, 9, 0), "timezone-aware", id="naive_datetime"),
    ],
)
def test_queued_loan_validation(amount: int, approved_at: datetime.datetime, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        QueuedLoan(request_id=1, amount=amount, approved_at=approved_at)


# ---------------------------------------------------------------------------
# Module hygiene
# ---------------------------------------------------------------------------


def test_models_are_frozen() -> None:
    schedule = sched(10, 1)
    with pytest.raises(AttributeError):
        schedule.fee = 1  # type: ignore[misc]
    with pytest.raises(AttributeError):
        schedule.items[0].amount = 1  # type: ignore[misc]


def test_loans_module_is_pure_and_has_no_arabic_script() -> None:
    source = Path(loans.__file__).read_text(encoding="utf-8")
    assert not re.search(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]", source)
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            imported.add(node.module.split(".")[0])
    assert imported <= {"__future__", "datetime", "collections", "dataclasses", "enum", "jdatetime"}
