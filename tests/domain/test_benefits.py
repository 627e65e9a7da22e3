"""Request-free benefit rules as tables: the marriage allowance (Article 85) and the birth allowance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import jdatetime
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.benefits import (
    ARTICLE_85,
    Benefit,
    BenefitCode,
    BirthFacts,
    BirthRules,
    Event,
    Judgement,
    MarriageFacts,
    MarriageKind,
    MarriageRules,
    Month,
    PayrollRow,
    RegistryRow,
    judge_birth,
    judge_marriage,
)
from domain.jalali import to_gregorian

ALI, SARA, OTHER = "0012345679", "1234567891", "5556667772"
KIDS = ("9876543210", "2468135792", "1111111111", "2222222222", "3333333333")


def j(y: int, m: int, d: int) -> dt.date:
    return to_gregorian(jdatetime.date(y, m, d))


@dataclass(frozen=True)
class Insured:
    """The shape of storage.models.Employee that the rules read."""

    national_id: str = ALI
    status: str = "employed"
    hire_date: dt.date | None = dt.date(2010, 1, 1)


WEDDING = j(1403, 7, 15)
M = Month(1403, 7)  # the month of the wedding
PAY = 100_000_000


def wedding(
    kind: MarriageKind = MarriageKind.PERMANENT, day: dt.date = WEDDING, record: str = "M-1", who: str = ALI
) -> RegistryRow:
    return RegistryRow(record, who, Event.MARRIAGE, day, SARA, None, kind)


def months(first: int, last: int, *, days: int = 30, pay: int = PAY, who: str = ALI) -> list[PayrollRow]:
    """Payroll rows for the months M-first .. M-last before the wedding month (first <= last)."""
    return [PayrollRow(who, M.shift(-back), days, pay) for back in range(first, last + 1)]


FULL = months(1, 24)  # 24 months of 30 days: exactly 720


def judge(
    payroll: Iterable[PayrollRow] = FULL,
    *,
    event: RegistryRow | None = None,
    person: Insured | None = Insured(),
    paid_before: bool = False,
    history: Iterable[RegistryRow] = (),
    rules: MarriageRules = ARTICLE_85,
) -> Judgement:
    return judge_marriage(
        event or wedding(), person, payroll, paid_before=paid_before, history=history, rules=rules
    )


# --- marriage -----------------------------------------------------------------------------------------------


def test_an_eligible_marriage_with_the_facts_used() -> None:
    result = judge()
    assert result == Judgement(
        benefit=Benefit.MARRIAGE,
        record_id="M-1",
        national_id=ALI,
        eligible=True,
        amount=PAY,
        reasons=(),
        facts=MarriageFacts(
            event_date=WEDDING,
            event_month=M,
            status="employed",
            hire_date=dt.date(2010, 1, 1),
            earlier_marriages=(),
            paid_before=False,
            contribution_window=(Month(1398, 7), Month(1403, 6)),
            contribution_days=720,
            required_days=720,
            pay_window=(Month(1401, 7), Month(1403, 6)),
            pay_total=24 * PAY,
            average_pay=PAY,
        ),
    )
    assert result.reason is None


@pytest.mark.parametrize(
    ("payroll", "days", "reasons"),
    [
        (FULL, 720, ()),  # exactly 720: eligible
        ([*months(1, 23), *months(24, 24, days=29)], 719, (BenefitCode.CONTRIBUTION_SHORT,)),
        ([*months(1, 23), *months(24, 24, days=31)], 721, ()),
        ([*months(1, 23), *months(60, 60)], 720, ()),  # the 60th month before is counted
        ([*months(1, 23), *months(61, 61)], 690, (BenefitCode.CONTRIBUTION_SHORT,)),  # the 61st is not
        ([*months(1, 23), *months(0, 0)], 690, (BenefitCode.CONTRIBUTION_SHORT,)),  # nor the wedding month
        ([*months(1, 23), *months(-1, -1)], 690, (BenefitCode.CONTRIBUTION_SHORT,)),  # nor any later month
        (months(1, 60, days=12), 720, ()),  # spread thinly over the five years
        ([], 0, (BenefitCode.CONTRIBUTION_SHORT, BenefitCode.NO_PAY)),
    ],
)
def test_720_contribution_days_in_the_60_months_before_the_wedding_month(
    payroll: list[PayrollRow], days: int, reasons: tuple[BenefitCode, ...]
) -> None:
    result = judge(payroll)
    assert isinstance(result.facts, MarriageFacts)
    assert result.facts.contribution_days == days
    assert result.reasons == reasons
    assert result.eligible == (not reasons)


def test_the_windows_cross_the_jalali_new_year() -> None:
    nowruz = wedding(day=j(1404, 1, 10))
    rows = [PayrollRow(ALI, Month(1403, 12).shift(-k), 30, PAY) for k in range(24)]
    result = judge(rows, event=nowruz)
    assert isinstance(result.facts, MarriageFacts)
    assert result.facts.contribution_window == (Month(1399, 1), Month(1403, 12))
    assert result.facts.pay_window == (Month(1402, 1), Month(1403, 12))
    assert (result.eligible, result.amount) == (True, PAY)


@pytest.mark.parametrize(
    ("extra", "amount"),
    [
        (0, PAY),
        (23, PAY),  # 24 * PAY + 23 over 24 rounds down
        (24, PAY + 1),
        (-1, PAY - 1),  # 24 * PAY - 1 over 24 is PAY - 1/24: down to PAY - 1
    ],
)
def test_the_24_month_average_rounds_down_to_the_rial(extra: int, amount: int) -> None:
    rows = [*months(1, 23), *months(24, 24, pay=PAY + extra)]
    result = judge(rows)
    assert isinstance(result.facts, MarriageFacts)
    assert result.facts.pay_total == 24 * PAY + extra
    assert result.amount == amount


@pytest.mark.parametrize(
    ("payroll", "total"),
    [
        ([*months(1, 23), *months(24, 24, pay=PAY * 25)], 48 * PAY),  # the 24th month before is averaged
        ([*months(1, 24), *months(25, 25, pay=PAY * 25)], 24 * PAY),  # the 25th is not (its days count)
        ([*months(1, 24), *months(0, 0, pay=PAY * 25)], 24 * PAY),  # nor the wedding month
        ([*months(1, 12), *months(13, 24, pay=0)], 12 * PAY),  # a month with no pay counts as 0
    ],
)
def test_the_pay_window_is_the_24_months_before_the_wedding_month(
    payroll: list[PayrollRow], total: int
) -> None:
    result = judge(payroll)
    assert isinstance(result.facts, MarriageFacts)
    assert result.facts.pay_total == total
    assert result.amount == total // 24


def test_missing_months_count_as_zero_pay() -> None:
    rows = [*months(1, 12, days=31), *months(30, 40, days=31)]  # 23 months of 31 days, and one more:
    rows.append(PayrollRow(ALI, M.shift(-50), 31, 0))
    result = judge(rows)
    assert isinstance(result.facts, MarriageFacts)
    assert result.facts.contribution_days == 744
    assert result.amount == 12 * PAY // 24  # the 12 months without a row are zeros


def test_no_pay_in_the_24_months_means_nothing_to_pay() -> None:
    result = judge(months(25, 60, days=20))
    assert result.reasons == (BenefitCode.NO_PAY,)
    assert (result.eligible, result.amount) == (False, 0)


@pytest.mark.parametrize(
    ("history", "paid_before", "reasons"),
    [
        ((), False, ()),
        (
            (wedding(record="M-0", day=j(1399, 1, 1)),),
            False,
            (BenefitCode.NOT_FIRST_MARRIAGE,),
        ),  # a second marriage
        (
            (wedding(record="M-0", day=WEDDING - dt.timedelta(days=1)),),
            False,
            (BenefitCode.NOT_FIRST_MARRIAGE,),
        ),
        (
            (wedding(MarriageKind.TEMPORARY, record="M-0", day=j(1399, 1, 1)),),
            False,
            (),
        ),  # an earlier temporary one
        ((wedding(),), False, ()),  # this very record in the history
        ((wedding(record="M-2", day=WEDDING),), False, ()),  # the same day again: not earlier
        ((wedding(record="M-9", day=j(1404, 1, 1)),), False, ()),  # a later marriage
        ((wedding(record="M-0", day=j(1399, 1, 1), who=OTHER),), False, ()),  # someone else's
        ((), True, (BenefitCode.ALREADY_PAID,)),  # a marriage allowance was paid before
        (
            (wedding(record="M-0", day=j(1399, 1, 1)),),
            True,
            (BenefitCode.NOT_FIRST_MARRIAGE, BenefitCode.ALREADY_PAID),
        ),
    ],
)
def test_only_the_first_marriage_is_paid(
    history: tuple[RegistryRow, ...], paid_before: bool, reasons: tuple[BenefitCode, ...]
) -> None:
    result = judge(history=history, paid_before=paid_before)
    assert result.reasons == reasons
    assert result.amount == (0 if reasons else PAY)


def test_the_earlier_marriages_are_in_the_facts() -> None:
    earlier = [wedding(record="M-0", day=j(1399, 1, 1)), wedding(record="M-00", day=j(1390, 1, 1))]
    result = judge(history=earlier)
    assert isinstance(result.facts, MarriageFacts)
    assert result.facts.earlier_marriages == (j(1390, 1, 1), j(1399, 1, 1))


def test_a_temporary_marriage_is_not_paid() -> None:
    result = judge(event=wedding(MarriageKind.TEMPORARY))
    assert result.reasons == (BenefitCode.TEMPORARY_MARRIAGE,)
    assert result.amount == 0


@pytest.mark.parametrize(
    ("person", "reasons"),
    [
        (Insured(hire_date=WEDDING), ()),  # hired on the wedding day
        (
            Insured(hire_date=WEDDING + dt.timedelta(days=1)),
            (BenefitCode.HIRED_AFTER_EVENT,),
        ),  # the day after
        (Insured(hire_date=None), (BenefitCode.HIRE_DATE_UNKNOWN,)),
        (Insured(status="retired"), (BenefitCode.NOT_EMPLOYED,)),
        (Insured(status="pensioner"), (BenefitCode.NOT_EMPLOYED,)),
        (
            Insured(status="retired", hire_date=j(1404, 1, 1)),
            (BenefitCode.NOT_EMPLOYED, BenefitCode.HIRED_AFTER_EVENT),
        ),
    ],
)
def test_employed_on_the_wedding_day(person: Insured, reasons: tuple[BenefitCode, ...]) -> None:
    result = judge(person=person)
    assert result.reasons == reasons
    assert result.eligible == (not reasons)


def test_someone_not_on_file_is_not_insured() -> None:
    result = judge(person=None)
    assert result == Judgement(Benefit.MARRIAGE, "M-1", ALI, False, 0, (BenefitCode.NOT_INSURED,), None)
    assert result.reason is BenefitCode.NOT_INSURED


def test_every_unmet_condition_is_reported_in_a_fixed_order() -> None:
    result = judge(
        [],
        event=wedding(MarriageKind.TEMPORARY),
        person=Insured(status="retired", hire_date=None),
        paid_before=True,
        history=[wedding(record="M-0", day=j(1399, 1, 1))],
    )
    assert result.reasons == (
        BenefitCode.TEMPORARY_MARRIAGE,
        BenefitCode.NOT_FIRST_MARRIAGE,
        BenefitCode.ALREADY_PAID,
        BenefitCode.NOT_EMPLOYED,
        BenefitCode.HIRE_DATE_UNKNOWN,
        BenefitCode.CONTRIBUTION_SHORT,
        BenefitCode.NO_PAY,
    )
    assert result.reason is BenefitCode.TEMPORARY_MARRIAGE


def test_every_number_is_configurable() -> None:
    rules = MarriageRules(min_contribution_days=360, contribution_months=12, pay_months=12, pay_multiplier=2)
    result = judge(months(1, 12), rules=rules)
    assert isinstance(result.facts, MarriageFacts)
    assert result.facts.contribution_window == (Month(1402, 7), Month(1403, 6))
    assert (result.eligible, result.amount) == (True, 2 * PAY)
    short = judge([*months(1, 11), *months(13, 13)], rules=rules)  # the 13th month is outside
    assert short.reasons == (BenefitCode.CONTRIBUTION_SHORT,)


@pytest.mark.parametrize(
    "make",
    [
        lambda: MarriageRules(min_contribution_days=-1),
        lambda: MarriageRules(contribution_months=0),
        lambda: MarriageRules(pay_months=0),
        lambda: MarriageRules(pay_multiplier=0),
        lambda: BirthRules(amount=0),
        lambda: BirthRules(amount=1, max_children=0),
    ],
)
def test_impossible_rules_are_refused(make: object) -> None:
    with pytest.raises(ValueError, match="must be"):
        make()  # type: ignore[operator]


def test_other_peoples_rows_are_ignored_and_a_month_twice_is_an_error() -> None:
    assert judge([*FULL, *months(1, 24, who=OTHER, pay=PAY * 7)]).amount == PAY
    with pytest.raises(ValueError, match="two payroll rows"):
        judge([*FULL, *months(3, 3)])


@pytest.mark.parametrize(
    ("event", "person", "message"),
    [
        (RegistryRow("B", ALI, Event.BIRTH, WEDDING, None, KIDS[0], None), Insured(), "expected a marriage"),
        (RegistryRow("M", ALI, Event.MARRIAGE, WEDDING, SARA, None, None), Insured(), "marriage_kind"),
        (wedding(), Insured(national_id=OTHER), "does not match"),
    ],
)
def test_misused_marriage_judgement(event: RegistryRow, person: Insured, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        judge(event=event, person=person)


# No deadline: a shared CI machine may be slow; the examples stay few.
@settings(deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**12), min_size=24, max_size=24))
def test_the_amount_is_the_sum_over_24_rounded_down(pays: list[int]) -> None:
    rows = [PayrollRow(ALI, M.shift(-(k + 1)), 30, pay) for k, pay in enumerate(pays)]
    result = judge(rows)
    total = sum(pays)
    if total >= 24:
        assert result.eligible
        assert result.amount * 24 <= total < (result.amount + 1) * 24
    else:
        assert result.reasons == (BenefitCode.NO_PAY,)


# --- birth --------------------------------------------------------------------------------------------------


BIRTHDAY = j(1403, 9, 1)
BIRTH_RULES = BirthRules(amount=30_000_000, max_children=3)


def born(child: str = KIDS[0], day: dt.date = BIRTHDAY) -> RegistryRow:
    return RegistryRow("B-1", ALI, Event.BIRTH, day, SARA, child, None)


def judge_born(
    paid: Iterable[str] = (),
    *,
    person: Insured | None = Insured(),
    event: RegistryRow | None = None,
    rules: BirthRules = BIRTH_RULES,
) -> Judgement:
    return judge_birth(event or born(), person, rules=rules, paid_children=frozenset(paid))


def test_an_eligible_birth_with_the_facts_used() -> None:
    assert judge_born(KIDS[1:3]) == Judgement(
        benefit=Benefit.BIRTH,
        record_id="B-1",
        national_id=ALI,
        eligible=True,
        amount=30_000_000,
        reasons=(),
        facts=BirthFacts(BIRTHDAY, "employed", dt.date(2010, 1, 1), children_paid=2, max_children=3),
    )


@pytest.mark.parametrize(
    ("paid", "reasons"),
    [
        ((), ()),
        (KIDS[1:3], ()),  # the third child
        (KIDS[1:4], (BenefitCode.CHILD_LIMIT,)),  # the fourth: N + 1
        (KIDS[1:5], (BenefitCode.CHILD_LIMIT,)),
        ((KIDS[0],), (BenefitCode.ALREADY_PAID,)),  # this child was paid for already
        (KIDS[0:3], (BenefitCode.ALREADY_PAID,)),  # ... and does not count against the limit
        (KIDS[0:4], (BenefitCode.ALREADY_PAID, BenefitCode.CHILD_LIMIT)),
    ],
)
def test_at_most_n_children_per_employee(paid: tuple[str, ...], reasons: tuple[BenefitCode, ...]) -> None:
    result = judge_born(paid)
    assert result.reasons == reasons
    assert result.amount == (0 if reasons else 30_000_000)


def test_the_child_limit_is_configurable() -> None:
    one = BirthRules(amount=5, max_children=1)
    assert judge_born(rules=one).amount == 5
    assert judge_born(KIDS[1:2], rules=one).reasons == (BenefitCode.CHILD_LIMIT,)


@pytest.mark.parametrize(
    ("person", "reasons"),
    [
        (Insured(hire_date=BIRTHDAY), ()),
        (Insured(hire_date=BIRTHDAY + dt.timedelta(days=1)), (BenefitCode.HIRED_AFTER_EVENT,)),
        (Insured(hire_date=None), (BenefitCode.HIRE_DATE_UNKNOWN,)),
        (Insured(status="retired"), (BenefitCode.NOT_EMPLOYED,)),
        (None, (BenefitCode.NOT_INSURED,)),
    ],
)
def test_employed_on_the_birth_date(person: Insured | None, reasons: tuple[BenefitCode, ...]) -> None:
    result = judge_born(person=person)
    assert result.reasons == reasons
    assert result.eligible == (not reasons)
    assert (result.facts is None) == (person is None)


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (wedding(), "expected a birth"),
        (RegistryRow("B", ALI, Event.BIRTH, BIRTHDAY, None, None, None), "child_national_id"),
    ],
)
def test_misused_birth_judgement(event: RegistryRow, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        judge_born(event=event)
