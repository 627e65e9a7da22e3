"""Pure rules of the welfare-fund loan: eligibility, repayment schedule and the monthly budget queue.

Conventions:

* All money is an ``int`` number of rials; no floats are used anywhere.
* Rates are integer basis points (``400`` means 4%).
* Rounding rule: every division of money rounds half up to the whole rial, done with integer
  arithmetic only (see ``_div_round_half_up``).
* Months are Jalali (year, month) pairs; dates crossing the module boundary are Gregorian
  ``datetime.date`` values.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import jdatetime  # type: ignore[import-untyped, unused-ignore]

__all__ = [
    "MAX_INSTALMENTS",
    "Allocation",
    "Eligibility",
    "FeeModel",
    "Ineligibility",
    "IneligibilityCode",
    "Instalment",
    "QueuedLoan",
    "Schedule",
    "allocate_budget",
    "build_schedule",
    "check_eligibility",
    "compute_fee",
    "is_settled",
    "membership_eligible_from",
    "next_instalment",
    "outstanding",
]

MAX_INSTALMENTS = 120
_BPS_DENOMINATOR = 10_000
_MONTHS_PER_YEAR = 12


# ---------------------------------------------------------------------------
# Small private helpers (integer arithmetic and the Jalali calendar)
# ---------------------------------------------------------------------------


def _div_round_half_up(numerator: int, denominator: int) -> int:
    """Return numerator / denominator rounded half up, for numerator >= 0 and denominator > 0."""
    if numerator < 0 or denominator <= 0:
        raise ValueError("rounding expects a non-negative numerator and a positive denominator")
    return (2 * numerator + denominator) // (2 * denominator)


def _jalali_is_leap(year: int) -> bool:
    """Return whether the Jalali year has a 30-day Esfand (as decided by jdatetime)."""
    return bool(jdatetime.date(year, 1, 1).isleap())


def _jalali_days_in_month(year: int, month: int) -> int:
    """Return the number of days in a Jalali month."""
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if _jalali_is_leap(year) else 29


def _add_jalali_months(year: int, month: int, months: int) -> tuple[int, int]:
    """Return the Jalali (year, month) that lies ``months`` months after (year, month)."""
    index = year * _MONTHS_PER_YEAR + (month - 1) + months
    return index // _MONTHS_PER_YEAR, index % _MONTHS_PER_YEAR + 1


def _to_jalali(day: datetime.date) -> tuple[int, int, int]:
    """Return the Jalali (year, month, day) of a Gregorian date."""
    j = jdatetime.date.fromgregorian(date=day)
    return int(j.year), int(j.month), int(j.day)


def _to_gregorian(year: int, month: int, day: int) -> datetime.date:
    """Return the Gregorian date of a Jalali (year, month, day)."""
    g = jdatetime.date(year, month, day).togregorian()
    return datetime.date(int(g.year), int(g.month), int(g.day))


# ---------------------------------------------------------------------------
# 1. Eligibility
# ---------------------------------------------------------------------------


class IneligibilityCode(StrEnum):
    """Why an applicant may not take a welfare-fund loan (rendered to text elsewhere)."""

    NOT_MEMBER = "not_member"
    HAS_DEBT = "has_debt"
    OPEN_LOAN = "open_loan"
    MEMBERSHIP_TOO_SHORT = "membership_too_short"
    NO_SHEBA = "no_sheba"  # the loan is paid into the employee's Sheba: none on file, no loan


@dataclass(frozen=True, slots=True)
class Ineligibility:
    """One unmet condition, with the date it lifts (short membership) or the debt in rials."""

    code: IneligibilityCode
    eligible_from: datetime.date | None = None
    amount: int | None = None


@dataclass(frozen=True, slots=True)
class Eligibility:
    """The outcome of an eligibility check: eligible only when no reason is reported."""

    eligible: bool
    reasons: tuple[Ineligibility, ...]

    @property
    def codes(self) -> tuple[IneligibilityCode, ...]:
        """Return the codes of all reasons, in report order."""
        return tuple(reason.code for reason in self.reasons)


def membership_eligible_from(member_since: datetime.date, months: int) -> datetime.date:
    """Return the Gregorian date on which membership reaches ``months`` Jalali months (month-end clamped)."""
    if months < 0:
        raise ValueError("months must be >= 0")
    year, month, day = _to_jalali(member_since)
    target_year, target_month = _add_jalali_months(year, month, months)
    target_day = min(day, _jalali_days_in_month(target_year, target_month))
    return _to_gregorian(target_year, target_month, target_day)


def check_eligibility(
    *,
    member_since: datetime.date | None,
    fund_debt: int,
    has_open_loan: bool,
    today: datetime.date,
    min_membership_months: int = 6,
    has_sheba: bool = True,
) -> Eligibility:
    """Report every unmet loan condition (membership, debt, open loan, membership age, Sheba) at ``today``."""
    if fund_debt < 0:
        raise ValueError("fund_debt must be >= 0")
    if min_membership_months < 0:
        raise ValueError("min_membership_months must be >= 0")
    reasons: list[Ineligibility] = []
    if member_since is None:
        reasons.append(Ineligibility(IneligibilityCode.NOT_MEMBER))
    if fund_debt > 0:
        reasons.append(Ineligibility(IneligibilityCode.HAS_DEBT, amount=fund_debt))
    if has_open_loan:
        reasons.append(Ineligibility(IneligibilityCode.OPEN_LOAN))
    if member_since is not None:
        eligible_from = membership_eligible_from(member_since, min_membership_months)
        if today < eligible_from:
            reasons.append(Ineligibility(IneligibilityCode.MEMBERSHIP_TOO_SHORT, eligible_from=eligible_from))
    if not has_sheba:
        reasons.append(Ineligibility(IneligibilityCode.NO_SHEBA))
    return Eligibility(eligible=not reasons, reasons=tuple(reasons))


# ---------------------------------------------------------------------------
# 2. Fees and 3. the repayment schedule
# ---------------------------------------------------------------------------


class FeeModel(StrEnum):
    """How the loan fee is computed from ``fee_value``."""

    PERCENT_UPFRONT = "percent_upfront"
    """Fee = principal * fee_value / 10000 (fee_value in basis points), charged once."""
    FIXED = "fixed"
    """Fee = fee_value rials."""
    DECLINING_PERCENT = "declining_percent"
    """Fee = sum over months of outstanding principal * fee_value / 10000 / 12 (annual basis points)."""


def _split_equally(total: int, parts: int) -> tuple[int, ...]:
    """Split ``total`` into ``parts`` equal integers, the last one absorbing the remainder."""
    base = total // parts
    return (base,) * (parts - 1) + (total - base * (parts - 1),)


def _validate_loan_terms(principal: int, instalments: int, fee_value: int) -> None:
    """Raise ValueError unless principal > 0, 1 <= instalments <= 120 and fee_value >= 0."""
    if principal <= 0:
        raise ValueError("principal must be > 0")
    if not 1 <= instalments <= MAX_INSTALMENTS:
        raise ValueError(f"instalments must be between 1 and {MAX_INSTALMENTS}")
    if fee_value < 0:
        raise ValueError("fee_value must be >= 0")


def compute_fee(*, principal: int, instalments: int, fee_model: FeeModel, fee_value: int) -> int:
    """Return the total loan fee in rials (each division rounded half up to the rial)."""
    _validate_loan_terms(principal, instalments, fee_value)
    if fee_model is FeeModel.PERCENT_UPFRONT:
        return _div_round_half_up(principal * fee_value, _BPS_DENOMINATOR)
    if fee_model is FeeModel.FIXED:
        return fee_value
    if fee_model is FeeModel.DECLINING_PERCENT:
        monthly_denominator = _BPS_DENOMINATOR * _MONTHS_PER_YEAR
        balance = principal
        fee = 0
        for principal_part in _split_equally(principal, instalments):
            fee += _div_round_half_up(balance * fee_value, monthly_denominator)
            balance -= principal_part
        return fee
    raise ValueError(f"unknown fee model: {fee_model!r}")


@dataclass(frozen=True, slots=True)
class Instalment:
    """One monthly payroll deduction; amount == principal_part + fee_part."""

    number: int
    jalali_year: int
    jalali_month: int
    amount: int
    principal_part: int
    fee_part: int


@dataclass(frozen=True, slots=True)
class Schedule:
    """A full repayment plan; the instalment amounts add up to ``total`` exactly."""

    principal: int
    fee: int
    total: int
    items: tuple[Instalment, ...]


def build_schedule(
    *,
    principal: int,
    instalments: int = 20,
    fee_model: FeeModel,
    fee_value: int,
    first_due: tuple[int, int],
) -> Schedule:
    """Build equal monthly instalments from the Jalali month ``first_due``; the last absorbs remainders.

    The fee is computed once as a total (for DECLINING_PERCENT: the sum of the monthly fees on the
    declining balance with equal principal parts, each monthly fee rounded half up) and then
    principal and fee are each spread equally, the last instalment absorbing both remainders, so
    every amount except the last is equal and the amounts sum to principal + fee exactly.
    """
    _validate_loan_terms(principal, instalments, fee_value)
    first_year, first_month = first_due
    if not 1 <= first_month <= _MONTHS_PER_YEAR:
        raise ValueError("first_due month must be between 1 and 12")
    if first_year < 1:
        raise ValueError("first_due year must be >= 1")
    fee = compute_fee(principal=principal, instalments=instalments, fee_model=fee_model, fee_value=fee_value)
    principal_parts = _split_equally(principal, instalments)
    fee_parts = _split_equally(fee, instalments)
    items: list[Instalment] = []
    for index, (principal_part, fee_part) in enumerate(zip(principal_parts, fee_parts, strict=True)):
        year, month = _add_jalali_months(first_year, first_month, index)
        items.append(
            Instalment(
                number=index + 1,
                jalali_year=year,
                jalali_month=month,
                amount=principal_part + fee_part,
                principal_part=principal_part,
                fee_part=fee_part,
            )
        )
    return Schedule(principal=principal, fee=fee, total=principal + fee, items=tuple(items))


# ---------------------------------------------------------------------------
# 4. Repayment progress
# ---------------------------------------------------------------------------


def _check_paid_count(schedule: Schedule, paid_count: int) -> None:
    """Raise ValueError unless 0 <= paid_count <= number of instalments."""
    if not 0 <= paid_count <= len(schedule.items):
        raise ValueError(f"paid_count must be between 0 and {len(schedule.items)}")


def outstanding(schedule: Schedule, paid_count: int) -> int:
    """Return the rials still to be deducted (principal and fee) after ``paid_count`` instalments."""
    _check_paid_count(schedule, paid_count)
    return sum(item.amount for item in schedule.items[paid_count:])


def next_instalment(schedule: Schedule, paid_count: int) -> Instalment | None:
    """Return the next instalment due after ``paid_count`` payments, or None when settled."""
    _check_paid_count(schedule, paid_count)
    if paid_count == len(schedule.items):
        return None
    return schedule.items[paid_count]


def is_settled(schedule: Schedule, paid_count: int) -> bool:
    """Return whether every instalment has been paid."""
    _check_paid_count(schedule, paid_count)
    return paid_count == len(schedule.items)


# ---------------------------------------------------------------------------
# 5. Monthly budget queue
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueuedLoan:
    """An approved loan request waiting for the fund's monthly budget."""

    request_id: int
    amount: int
    approved_at: datetime.datetime

    def __post_init__(self) -> None:
        """Reject non-positive amounts and naive timestamps."""
        if self.amount <= 0:
            raise ValueError("amount must be > 0")
        if self.approved_at.tzinfo is None or self.approved_at.utcoffset() is None:
            raise ValueError("approved_at must be timezone-aware")


@dataclass(frozen=True, slots=True)
class Allocation:
    """Loans funded this month and the rest as (request_id, 1-based place in the waiting queue)."""

    funded: tuple[int, ...]
    waiting: tuple[tuple[int, int], ...]


def allocate_budget(
    *,
    budget: int,
    already_disbursed_or_committed: int,
    queue: Sequence[QueuedLoan],
) -> Allocation:
    """Fund loans strictly FIFO by (approved_at, request_id) until the next one does not fit.

    FIFO fairness: once the oldest unfunded loan does not fit the remaining budget, nothing
    behind it is funded either, even a smaller loan that would fit; everyone waits in order.
    """
    if budget < 0:
        raise ValueError("budget must be >= 0")
    if already_disbursed_or_committed < 0:
        raise ValueError("already_disbursed_or_committed must be >= 0")
    request_ids = [loan.request_id for loan in queue]
    if len(set(request_ids)) != len(request_ids):
        raise ValueError("request_id values in the queue must be unique")
    ordered = sorted(queue, key=lambda loan: (loan.approved_at, loan.request_id))
    remaining = budget - already_disbursed_or_committed
    funded: list[int] = []
    position = 0
    while position < len(ordered) and ordered[position].amount <= remaining:
        remaining -= ordered[position].amount
        funded.append(ordered[position].request_id)
        position += 1
    waiting = tuple((loan.request_id, place) for place, loan in enumerate(ordered[position:], start=1))
    return Allocation(funded=tuple(funded), waiting=waiting)
