"""Benefits paid with no request: the marriage allowance (Article 85) and the birth allowance.

Pure: no telegram, no database, no clock. Days are Gregorian ``datetime.date`` values; months are Jalali
``Month(year, month)`` pairs; money is integer rials.

Each month a registry file (marriages and births) is matched against the insured people on file and a
payroll file (contribution days and gross pay per person and Jalali month). Every event gets a
``Judgement``: eligible or not, the amount, every reason it is not paid, and the facts the decision used (for
the person who asks why, and for the payment document).

Marriage allowance, by default (Article 85 of the Social Security Law; every number is in ``MarriageRules``):

- the person's first: no marriage allowance was paid to them before, and the registry shows no earlier
  permanent marriage of theirs;
- a permanent (registered) marriage: a temporary one is not paid;
- employed on the marriage date: status ``employed`` and hired on or before that day;
- at least 720 contribution days in the 60 Jalali months before the month of the marriage (the month of the
  marriage itself does not count);
- amount: the gross pay of the 24 Jalali months before the month of the marriage, summed and divided by 24,
  rounded down to the rial (a month with no payroll row counts as 0); nothing is paid when that is 0.

Birth allowance: employed on the birth date; a fixed amount per child, for at most ``max_children`` children
per employee (counted by the children already paid for).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from domain.benefit_files import (
    Event,
    FileCheck,
    FileProblem,
    MarriageKind,
    Month,
    PayrollRow,
    RegistryRow,
    RowCode,
    RowProblem,
    check_payroll_file,
    check_registry_file,
    parse_payroll_row,
    parse_registry_row,
)
from domain.people import EmployeeStatus

# The input files' rows and checks live in domain.benefit_files; they are re-exported here.
__all__ = [
    "ARTICLE_85",
    "Benefit",
    "BenefitCode",
    "BirthFacts",
    "BirthRules",
    "Event",
    "FileCheck",
    "FileProblem",
    "Judgement",
    "MarriageFacts",
    "MarriageKind",
    "MarriageRules",
    "Month",
    "PayrollRow",
    "Person",
    "RegistryRow",
    "RowCode",
    "RowProblem",
    "check_payroll_file",
    "check_registry_file",
    "judge_birth",
    "judge_marriage",
    "parse_payroll_row",
    "parse_registry_row",
]

# --- judgements ---------------------------------------------------------------------------------------------


class Person(Protocol):
    """An insured person on file, as ``storage.models.Employee`` has them."""

    @property
    def national_id(self) -> str:
        """Ten digits."""
        ...

    @property
    def status(self) -> str:
        """A ``domain.people.EmployeeStatus`` value."""
        ...

    @property
    def hire_date(self) -> dt.date | None:
        """The first day of employment, if known."""
        ...


class Benefit(StrEnum):
    """The benefit a judgement is about."""

    MARRIAGE = "marriage"
    BIRTH = "birth"


class BenefitCode(StrEnum):
    """Why a benefit is not paid (each has one message in the texts, shown to the person who asks why)."""

    NOT_INSURED = "not_insured"
    TEMPORARY_MARRIAGE = "temporary_marriage"
    NOT_FIRST_MARRIAGE = "not_first_marriage"
    ALREADY_PAID = "already_paid"
    NOT_EMPLOYED = "not_employed"
    HIRE_DATE_UNKNOWN = "hire_date_unknown"
    HIRED_AFTER_EVENT = "hired_after_event"
    CONTRIBUTION_SHORT = "contribution_short"
    NO_PAY = "no_pay"
    CHILD_LIMIT = "child_limit"


@dataclass(frozen=True, slots=True)
class MarriageRules:
    """Article 85's numbers, each configurable."""

    min_contribution_days: int = 720
    #: Contribution days are counted over this many Jalali months before the month of the marriage.
    contribution_months: int = 60
    #: The pay of this many Jalali months before the month of the marriage is averaged.
    pay_months: int = 24
    #: The allowance is this many months of that average.
    pay_multiplier: int = 1

    def __post_init__(self) -> None:
        """Refuse a negative day count and empty windows."""
        if self.min_contribution_days < 0:
            raise ValueError("min_contribution_days must be >= 0")
        if self.contribution_months < 1 or self.pay_months < 1 or self.pay_multiplier < 1:
            raise ValueError("contribution_months, pay_months and pay_multiplier must be >= 1")


#: The defaults: 720 days in 60 months, one month of the 24-month average.
ARTICLE_85 = MarriageRules()


@dataclass(frozen=True, slots=True)
class BirthRules:
    """The birth allowance: a fixed amount per child, for at most ``max_children`` children per employee."""

    amount: int
    max_children: int = 3

    def __post_init__(self) -> None:
        """Refuse a non-positive amount or child limit."""
        if self.amount <= 0:
            raise ValueError("amount must be > 0")
        if self.max_children < 1:
            raise ValueError("max_children must be >= 1")


@dataclass(frozen=True, slots=True)
class MarriageFacts:
    """What a marriage judgement used."""

    event_date: dt.date
    event_month: Month
    status: str
    hire_date: dt.date | None
    #: Earlier permanent marriages of the person on the registry.
    earlier_marriages: tuple[dt.date, ...]
    paid_before: bool
    #: The first and last month counted for contribution days, and the days found.
    contribution_window: tuple[Month, Month]
    contribution_days: int
    required_days: int
    #: The first and last month of the pay average, their pay summed, and the average (rounded down).
    pay_window: tuple[Month, Month]
    pay_total: int
    average_pay: int


@dataclass(frozen=True, slots=True)
class BirthFacts:
    """What a birth judgement used."""

    event_date: dt.date
    status: str
    hire_date: dt.date | None
    #: Other children of the employee already paid for.
    children_paid: int
    max_children: int


@dataclass(frozen=True, slots=True)
class Judgement:
    """One event's outcome: eligible only when no reason is reported; amount 0 unless eligible."""

    benefit: Benefit
    record_id: str
    national_id: str
    eligible: bool
    amount: int
    reasons: tuple[BenefitCode, ...]
    #: None when the person is not on file.
    facts: MarriageFacts | BirthFacts | None

    @property
    def reason(self) -> BenefitCode | None:
        """The first reason (None when eligible)."""
        return self.reasons[0] if self.reasons else None


def _window(event_month: Month, months: int) -> tuple[Month, Month]:
    """The ``months`` months before ``event_month``: (first, last)."""
    return event_month.shift(-months), event_month.shift(-1)


def _employment(person: Person, day: dt.date) -> list[BenefitCode]:
    """Why the person was not employed on ``day`` (empty: they were)."""
    reasons = []
    if person.status != EmployeeStatus.EMPLOYED:
        reasons.append(BenefitCode.NOT_EMPLOYED)
    if person.hire_date is None:
        reasons.append(BenefitCode.HIRE_DATE_UNKNOWN)
    elif person.hire_date > day:
        reasons.append(BenefitCode.HIRED_AFTER_EVENT)
    return reasons


def _by_month(national_id: str, payroll: Iterable[PayrollRow]) -> dict[Month, PayrollRow]:
    """The person's payroll rows by month (ValueError on two rows for one month)."""
    found: dict[Month, PayrollRow] = {}
    for row in payroll:
        if row.national_id != national_id:
            continue
        if row.month in found:
            raise ValueError(f"two payroll rows for {national_id} in {row.month}")
        found[row.month] = row
    return found


def _not_insured(benefit: Benefit, event: RegistryRow) -> Judgement:
    """The judgement for an event of someone not on file."""
    return Judgement(benefit, event.record_id, event.national_id, False, 0, (BenefitCode.NOT_INSURED,), None)


def _check_event(event: RegistryRow, expected: Event, person: Person | None) -> None:
    """Raise ValueError when the event is of another kind, incomplete, or about someone else."""
    if event.event is not expected:
        raise ValueError(f"expected a {expected} event, got {event.event}")
    if expected is Event.MARRIAGE and event.marriage_kind is None:
        raise ValueError("a marriage event needs its marriage_kind")
    if expected is Event.BIRTH and event.child_national_id is None:
        raise ValueError("a birth event needs its child_national_id")
    if person is not None and person.national_id != event.national_id:
        raise ValueError("the person does not match the event")


def judge_marriage(
    event: RegistryRow,
    person: Person | None,
    payroll: Iterable[PayrollRow],
    *,
    paid_before: bool,
    history: Iterable[RegistryRow] = (),
    rules: MarriageRules = ARTICLE_85,
) -> Judgement:
    """Judge a marriage: ``person`` None when no one on file has the national ID; ``payroll`` the person's
    rows (others are ignored); ``paid_before`` whether a marriage allowance was ever paid to them;
    ``history`` the registry rows known for them (this one may be among them).
    """
    _check_event(event, Event.MARRIAGE, person)
    if person is None:
        return _not_insured(Benefit.MARRIAGE, event)
    months = _by_month(person.national_id, payroll)
    event_month = Month.of(event.event_date)
    contribution_window = _window(event_month, rules.contribution_months)
    pay_window = _window(event_month, rules.pay_months)
    days = sum(
        r.contribution_days
        for m, r in months.items()
        if contribution_window[0] <= m <= contribution_window[1]
    )
    pay_total = sum(r.gross_pay for m, r in months.items() if pay_window[0] <= m <= pay_window[1])
    average = pay_total * rules.pay_multiplier // rules.pay_months
    earlier = tuple(
        sorted(
            row.event_date
            for row in history
            if row.national_id == person.national_id
            and row.event is Event.MARRIAGE
            and row.marriage_kind is MarriageKind.PERMANENT
            and row.event_date < event.event_date
            and row.record_id != event.record_id
        )
    )
    reasons: list[BenefitCode] = []
    if event.marriage_kind is not MarriageKind.PERMANENT:
        reasons.append(BenefitCode.TEMPORARY_MARRIAGE)
    if earlier:
        reasons.append(BenefitCode.NOT_FIRST_MARRIAGE)
    if paid_before:
        reasons.append(BenefitCode.ALREADY_PAID)
    reasons += _employment(person, event.event_date)
    if days < rules.min_contribution_days:
        reasons.append(BenefitCode.CONTRIBUTION_SHORT)
    if average == 0:
        reasons.append(BenefitCode.NO_PAY)
    facts = MarriageFacts(
        event_date=event.event_date,
        event_month=event_month,
        status=person.status,
        hire_date=person.hire_date,
        earlier_marriages=earlier,
        paid_before=paid_before,
        contribution_window=contribution_window,
        contribution_days=days,
        required_days=rules.min_contribution_days,
        pay_window=pay_window,
        pay_total=pay_total,
        average_pay=average,
    )
    eligible = not reasons
    return Judgement(
        Benefit.MARRIAGE,
        event.record_id,
        event.national_id,
        eligible,
        average if eligible else 0,
        tuple(reasons),
        facts,
    )


def judge_birth(
    event: RegistryRow,
    person: Person | None,
    *,
    rules: BirthRules,
    paid_children: Collection[str],
) -> Judgement:
    """Judge a birth: ``paid_children`` the national IDs of the employee's children already paid for."""
    _check_event(event, Event.BIRTH, person)
    if person is None:
        return _not_insured(Benefit.BIRTH, event)
    others = set(paid_children) - {event.child_national_id}
    reasons: list[BenefitCode] = []
    if event.child_national_id in paid_children:
        reasons.append(BenefitCode.ALREADY_PAID)
    reasons += _employment(person, event.event_date)
    if len(others) >= rules.max_children:
        reasons.append(BenefitCode.CHILD_LIMIT)
    facts = BirthFacts(
        event_date=event.event_date,
        status=person.status,
        hire_date=person.hire_date,
        children_paid=len(others),
        max_children=rules.max_children,
    )
    eligible = not reasons
    return Judgement(
        Benefit.BIRTH,
        event.record_id,
        event.national_id,
        eligible,
        rules.amount if eligible else 0,
        tuple(reasons),
        facts,
    )
