"""Booklet rules as tables: policy, who may ask, papers, a new member's checks, premiums, workflows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jdatetime
import pytest

from domain import booklet as bk
from domain.booklet import (
    BkAction,
    BkStatus,
    BookletPolicy,
    CancelReason,
    CategoryRule,
    Coverage,
    Document,
    EmploymentStatus,
    MemberCategory,
    NewMember,
    PayrollLine,
    PremiumChange,
    Process,
    Refusal,
    Relation,
)
from domain.config import ConfigError
from domain.jalali import to_gregorian
from domain.refusals import InputRefused
from domain.validators import InvalidCode
from domain.workflow import (
    RESUME,
    Grant,
    IllegalTransition,
    NotPermitted,
    ReasonRequired,
    Role,
    SameActor,
    Workflow,
)

P, C, D, E = Process, MemberCategory, Document, EmploymentStatus
POLICY = BookletPolicy(premium=1_000)
TODAY = dt.date(2025, 8, 1)  # 1404/05/10
APPLICANT, OTHER, THIRD = "0012345679", "0123456789", "1234567891"


def j(y: int, m: int, d: int) -> dt.date:
    """A Jalali day as a Gregorian date."""
    return to_gregorian(jdatetime.date(y, m, d))


# --- the policy and its TOML section ---------------------------------------------------------------------


def test_a_section_with_only_the_premium_gives_the_defaults() -> None:
    parsed = bk.parse_policy({"premium": 1_000})
    assert parsed == POLICY
    assert parsed.payroll_cutoff_day == 20
    assert parsed.member_delay_months == 1
    assert parsed.eligible[P.FIRST_ISSUE] == {E.RETIRED, E.PENSIONER}
    assert parsed.category(C.CHILD) == CategoryRule((), age_from=0, age_below=18)


def test_every_table_changes_only_the_keys_it_names() -> None:
    parsed = bk.parse_policy(
        {
            "premium": 1_000,
            "premiums": {"parent": 3_000, "self": 0},
            "payroll_cutoff_day": 25,
            "member_delay_months": 0,
            "documents": {"duplicate": ["id_documents"]},
            "members": {
                "student_child": {"age_below": 26},
                "divorced_daughter": {"age_below": 0},
                "child": {},
            },
            "cancellation": {"age_limit": ["id_documents"]},
            "eligible": {"first_issue": ["retired", "pensioner", "employed"], "duplicate": []},
        }
    )
    assert parsed.premiums == {"parent": 3_000, "self": 0}
    assert (parsed.payroll_cutoff_day, parsed.member_delay_months) == (25, 0)
    assert parsed.process_documents[P.DUPLICATE] == (D.ID_DOCUMENTS,)
    assert parsed.process_documents[P.FIRST_ISSUE] == (D.ID_DOCUMENTS, D.DECREE)
    assert parsed.category(C.STUDENT_CHILD) == CategoryRule((D.STUDENT_CERTIFICATE,), 18, 26)
    assert parsed.category(C.DIVORCED_DAUGHTER).age_below is None
    assert parsed.category(C.CHILD) == bk.default_categories()[C.CHILD]
    assert parsed.cancellation_documents[CancelReason.AGE_LIMIT] == (D.ID_DOCUMENTS,)
    assert parsed.cancellation_documents[CancelReason.DEATH] == (D.DEATH_CERTIFICATE,)
    assert parsed.eligible[P.FIRST_ISSUE] == frozenset(E)
    assert parsed.eligible[P.DUPLICATE] == frozenset()  # nobody: the process is switched off


@pytest.mark.parametrize(
    ("section", "problem"),
    [
        ({}, "booklet.premium: required"),
        ("x", "booklet: expected a table"),
        ({"premium": -1}, "booklet.premium: expected a whole number >= 0 (got -1)"),
        ({"premium": 1.5}, "booklet.premium: expected a whole number >= 0"),
        ({"premium": 1, "cutoff": 20}, "booklet.cutoff: unknown key"),
        (
            {"premium": 1, "payroll_cutoff_day": 0},
            "booklet.payroll_cutoff_day: expected a whole number from 1 to 31",
        ),
        (
            {"premium": 1, "payroll_cutoff_day": 32},
            "booklet.payroll_cutoff_day: expected a whole number from 1 to 31",
        ),
        (
            {"premium": 1, "member_delay_months": 13},
            "booklet.member_delay_months: expected a whole number from 0 to 12",
        ),
        (
            {"premium": 1, "premiums": {"uncle": 5}},
            "booklet.premiums.uncle: unknown key; known: child, disabled_child",
        ),
        ({"premium": 1, "premiums": {"self": "free"}}, "booklet.premiums.self: expected a whole number >= 0"),
        ({"premium": 1, "documents": {"renewal": []}}, "booklet.documents.renewal: unknown key"),
        (
            {"premium": 1, "documents": {"duplicate": ["photo"]}},
            "booklet.documents.duplicate: expected one of id_documents",
        ),
        ({"premium": 1, "members": {"cousin": {}}}, "booklet.members.cousin: unknown key"),
        ({"premium": 1, "members": {"child": []}}, "booklet.members.child: expected a table"),
        (
            {"premium": 1, "members": {"child": {"age_from": 121}}},
            "booklet.members.child.age_from: expected a whole number from 0 to 120",
        ),
        (
            {"premium": 1, "members": {"child": {"age_below": 121}}},
            "booklet.members.child.age_below: expected a whole number from 0 to 120",
        ),
        (
            {"premium": 1, "members": {"student_child": {"age_below": 18}}},
            "booklet.members.student_child.age_below: must be above age_from (18)",
        ),
        (
            {"premium": 1, "members": {"child": {"age_from": 18}}},
            "booklet.members.child.age_below: must be above age_from (18)",
        ),
        (
            {"premium": 1, "cancellation": {"death": "death_certificate"}},
            "booklet.cancellation.death: expected a list",
        ),
        (
            {"premium": 1, "eligible": {"first_issue": ["retired", "boss"]}},
            "booklet.eligible.first_issue: expected one of employed, retired, pensioner (got 'boss')",
        ),
    ],
)
def test_each_bad_value_is_named(section: Any, problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        bk.parse_policy(section)
    assert len(caught.value.problems) == 1, caught.value.problems
    assert caught.value.problems[0].startswith(problem), caught.value.problems


def test_every_bad_value_is_named_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        bk.parse_policy({"premiums": {"self": -1}, "members": {"parent": {"documents": ["x"]}}})
    assert [p.split(":")[0] for p in caught.value.problems] == [
        "booklet.premium",
        "booklet.premiums.self",
        "booklet.members.parent.documents",
    ]


# --- who may ask, and the papers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("process", "status", "expected"),
    [
        (P.FIRST_ISSUE, E.RETIRED, None),
        (P.FIRST_ISSUE, E.PENSIONER, None),
        (P.FIRST_ISSUE, E.EMPLOYED, Refusal.NOT_RETIRED),
        *[(p, s, None) for p in (P.ADD_DEPENDANT, P.CANCELLATION, P.DUPLICATE) for s in E],
    ],
)
def test_who_may_ask(process: Process, status: EmploymentStatus, expected: Refusal | None) -> None:
    assert bk.applicant_refusal(process, status, POLICY) == expected


def test_a_process_switched_off_is_refused_to_everyone() -> None:
    off = BookletPolicy(premium=1, eligible={**bk.default_eligible(), P.DUPLICATE: frozenset()})
    assert bk.applicant_refusal(P.DUPLICATE, E.RETIRED, off) == Refusal.NOT_ELIGIBLE
    assert (
        bk.applicant_refusal(P.FIRST_ISSUE, E.EMPLOYED, BookletPolicy(premium=1, eligible={}))
        == Refusal.NOT_RETIRED
    )


ALLOWED = {
    CancelReason.DEATH: set(Relation),
    CancelReason.MARRIAGE: {Relation.CHILD},
    CancelReason.DIVORCE: {Relation.SPOUSE},
    CancelReason.AGE_LIMIT: {Relation.CHILD},
    CancelReason.LEAVING: {Relation.SELF},
}


@pytest.mark.parametrize("reason", list(CancelReason))
@pytest.mark.parametrize("relation", list(Relation))
def test_which_reason_may_cancel_whose_booklet(reason: CancelReason, relation: Relation) -> None:
    expected = None if relation in ALLOWED[reason] else Refusal.REASON_NOT_FOR_PERSON
    assert bk.cancellation_refusal(reason, relation) == expected


@pytest.mark.parametrize(
    ("process", "category", "reason", "expected"),
    [
        (P.FIRST_ISSUE, None, None, (D.ID_DOCUMENTS, D.DECREE)),
        (P.DUPLICATE, None, None, (D.ID_DOCUMENTS, D.DECREE)),
        (P.ADD_DEPENDANT, C.SPOUSE, None, (D.ID_DOCUMENTS, D.DECREE, D.MARRIAGE_CERTIFICATE)),
        (P.ADD_DEPENDANT, C.CHILD, None, (D.ID_DOCUMENTS, D.DECREE)),
        (P.ADD_DEPENDANT, C.STUDENT_CHILD, None, (D.ID_DOCUMENTS, D.DECREE, D.STUDENT_CERTIFICATE)),
        (P.ADD_DEPENDANT, C.DIVORCED_DAUGHTER, None, (D.ID_DOCUMENTS, D.DECREE, D.DIVORCE_DECREE)),
        (P.ADD_DEPENDANT, C.DISABLED_CHILD, None, (D.ID_DOCUMENTS, D.DECREE, D.DISABILITY_CERTIFICATE)),
        (P.ADD_DEPENDANT, C.PARENT, None, (D.ID_DOCUMENTS, D.DECREE, D.NO_OTHER_INSURANCE)),
        (P.CANCELLATION, None, CancelReason.DEATH, (D.ID_DOCUMENTS, D.DECREE, D.DEATH_CERTIFICATE)),
        (P.CANCELLATION, None, CancelReason.MARRIAGE, (D.ID_DOCUMENTS, D.DECREE, D.MARRIAGE_CERTIFICATE)),
        (P.CANCELLATION, None, CancelReason.DIVORCE, (D.ID_DOCUMENTS, D.DECREE, D.DIVORCE_DECREE)),
        (P.CANCELLATION, None, CancelReason.AGE_LIMIT, (D.ID_DOCUMENTS, D.DECREE)),
        (P.CANCELLATION, None, CancelReason.LEAVING, (D.ID_DOCUMENTS, D.DECREE, D.TERMINATION_DECREE)),
    ],
)
def test_required_documents_by_default(
    process: Process,
    category: MemberCategory | None,
    reason: CancelReason | None,
    expected: tuple[Document, ...],
) -> None:
    assert bk.required_documents(process, POLICY, category=category, reason=reason) == expected


def test_a_paper_asked_twice_is_listed_once() -> None:
    policy = bk.parse_policy(
        {"premium": 1, "cancellation": {"age_limit": ["decree", "id_documents", "death_certificate"]}}
    )
    assert bk.required_documents(P.CANCELLATION, policy, reason=CancelReason.AGE_LIMIT) == (
        D.ID_DOCUMENTS,
        D.DECREE,
        D.DEATH_CERTIFICATE,
    )


@pytest.mark.parametrize(
    ("process", "kwargs"), [(P.ADD_DEPENDANT, {}), (P.CANCELLATION, {"category": C.CHILD})]
)
def test_a_member_needs_its_category_and_a_cancellation_its_reason(
    process: Process, kwargs: dict[str, Any]
) -> None:
    with pytest.raises(ValueError):
        bk.required_documents(process, POLICY, **kwargs)


@pytest.mark.parametrize(
    ("attached", "missing"),
    [
        (set(), (D.ID_DOCUMENTS, D.DECREE, D.MARRIAGE_CERTIFICATE)),
        ({D.DECREE}, (D.ID_DOCUMENTS, D.MARRIAGE_CERTIFICATE)),
        ({D.ID_DOCUMENTS, D.DECREE, D.MARRIAGE_CERTIFICATE}, ()),
        ({D.ID_DOCUMENTS, D.DECREE, D.MARRIAGE_CERTIFICATE, D.DEATH_CERTIFICATE}, ()),
    ],
)
def test_missing_documents(attached: set[Document], missing: tuple[Document, ...]) -> None:
    required = bk.required_documents(P.ADD_DEPENDANT, POLICY, category=C.SPOUSE)
    assert bk.missing_documents(required, attached) == missing


# --- ages ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (j(1386, 5, 10), j(1404, 5, 9), 17),  # the day before the 18th birthday
        (j(1386, 5, 10), j(1404, 5, 10), 18),  # the 18th birthday
        (j(1386, 5, 10), j(1404, 5, 11), 18),
        (j(1386, 12, 29), j(1404, 12, 29), 18),
        (j(1404, 5, 10), j(1404, 5, 10), 0),  # born today
        (j(1404, 5, 11), j(1404, 5, 10), -1),
        # born on Esfand 30 of a leap year: a year older on Farvardin 1 when Esfand has 29 days
        (j(1399, 12, 30), j(1400, 12, 29), 0),
        (j(1399, 12, 30), j(1401, 1, 1), 1),
        (j(1399, 12, 30), j(1403, 12, 29), 3),
        (j(1399, 12, 30), j(1403, 12, 30), 4),  # 1403 has an Esfand 30
    ],
)
def test_age_in_whole_jalali_years(born: dt.date, day: dt.date, age: int) -> None:
    assert bk.age_on(born, day) == age


# 1404/05/10 is TODAY: the birthdays below fall on it or the day after.
EIGHTEEN_TODAY, EIGHTEEN_TOMORROW = j(1386, 5, 10), j(1386, 5, 11)
TWENTY_FIVE_TODAY, TWENTY_FIVE_TOMORROW = j(1379, 5, 10), j(1379, 5, 11)


@pytest.mark.parametrize(
    ("category", "born", "expected"),
    [
        (C.CHILD, TODAY, None),
        (C.CHILD, EIGHTEEN_TOMORROW, None),  # 17 until tomorrow
        (C.CHILD, EIGHTEEN_TODAY, Refusal.AGE_LIMIT),  # the 18th birthday
        (C.STUDENT_CHILD, EIGHTEEN_TOMORROW, Refusal.TOO_YOUNG),
        (C.STUDENT_CHILD, EIGHTEEN_TODAY, None),
        (C.STUDENT_CHILD, TWENTY_FIVE_TOMORROW, None),
        (C.STUDENT_CHILD, TWENTY_FIVE_TODAY, Refusal.AGE_LIMIT),
        (C.DISABLED_CHILD, TODAY, None),
        (C.DISABLED_CHILD, j(1344, 1, 1), None),  # no upper limit
        (C.DIVORCED_DAUGHTER, j(1344, 1, 1), None),
        (C.DIVORCED_DAUGHTER, j(1391, 5, 11), Refusal.TOO_YOUNG),  # 12
        (C.DIVORCED_DAUGHTER, j(1391, 5, 10), None),  # 13
        (C.SPOUSE, j(1391, 5, 11), Refusal.TOO_YOUNG),
        (C.SPOUSE, j(1391, 5, 10), None),
        (C.PARENT, j(1374, 5, 11), Refusal.TOO_YOUNG),  # 29
        (C.PARENT, j(1374, 5, 10), None),  # 30
        (C.PARENT, TODAY + dt.timedelta(days=1), Refusal.BIRTH_IN_FUTURE),
        (C.CHILD, TODAY + dt.timedelta(days=1), Refusal.BIRTH_IN_FUTURE),
        (C.PARENT, j(1284, 5, 10), None),  # 120
        (C.PARENT, j(1283, 5, 10), Refusal.IMPLAUSIBLE_AGE),  # 121
    ],
)
def test_age_fits_the_category(category: MemberCategory, born: dt.date, expected: Refusal | None) -> None:
    assert bk.age_refusal(category, born, today=TODAY, policy=POLICY) == expected


APPLICANT_BORN = j(1350, 5, 10)


@pytest.mark.parametrize(
    ("category", "born", "expected"),
    [
        (C.PARENT, j(1338, 5, 10), None),  # 12 years older
        (C.PARENT, j(1338, 5, 11), Refusal.GENERATION_GAP),
        (C.PARENT, j(1360, 1, 1), Refusal.GENERATION_GAP),  # younger than the applicant
        (C.CHILD, j(1362, 5, 10), Refusal.AGE_LIMIT),  # the age limit is said first
        (C.DISABLED_CHILD, j(1362, 5, 10), None),  # 12 years younger
        (C.DISABLED_CHILD, j(1362, 5, 9), Refusal.GENERATION_GAP),
        (C.DIVORCED_DAUGHTER, j(1345, 1, 1), Refusal.GENERATION_GAP),  # older than the applicant
        (C.SPOUSE, j(1340, 1, 1), None),  # no gap for a spouse
        (C.SPOUSE, j(1380, 1, 1), None),
    ],
)
def test_the_generation_gap_when_the_applicant_is_known(
    category: MemberCategory, born: dt.date, expected: Refusal | None
) -> None:
    got = bk.age_refusal(category, born, today=TODAY, policy=POLICY, applicant_born=APPLICANT_BORN)
    assert got == expected


def test_an_age_limit_the_office_changed() -> None:
    policy = bk.parse_policy({"premium": 1, "members": {"child": {"age_below": 20}}})
    assert bk.age_refusal(C.CHILD, EIGHTEEN_TODAY, today=TODAY, policy=policy) is None
    assert bk.age_refusal(C.CHILD, j(1384, 5, 10), today=TODAY, policy=policy) == Refusal.AGE_LIMIT


@pytest.mark.parametrize(
    ("text", "category", "expected", "limit"),
    [
        ("۱۳۸۶/۰۵/۱۱", C.CHILD, EIGHTEEN_TOMORROW, None),
        ("1386/5/10", C.STUDENT_CHILD, EIGHTEEN_TODAY, None),
        ("2007-08-01", C.STUDENT_CHILD, EIGHTEEN_TODAY, None),  # Gregorian, the same day
        ("1386/05/10", C.CHILD, Refusal.AGE_LIMIT, 18),
        ("1386/05/11", C.STUDENT_CHILD, Refusal.TOO_YOUNG, 18),
        ("1379/05/10", C.STUDENT_CHILD, Refusal.AGE_LIMIT, 25),
        ("1404/05/11", C.CHILD, Refusal.BIRTH_IN_FUTURE, None),
        ("1283/05/10", C.PARENT, Refusal.IMPLAUSIBLE_AGE, None),
        ("1386/5", C.CHILD, InvalidCode.DATE_FORMAT, None),
        ("1386/12/30", C.CHILD, InvalidCode.DATE_IMPOSSIBLE, None),
    ],
)
def test_parse_member_birth_date(
    text: str, category: MemberCategory, expected: dt.date | Refusal | InvalidCode, limit: int | None
) -> None:
    if isinstance(expected, dt.date):
        assert bk.parse_member_birth_date(text, category, today=TODAY, policy=POLICY) == expected
    else:
        with pytest.raises(InputRefused) as caught:
            bk.parse_member_birth_date(text, category, today=TODAY, policy=POLICY)
        assert (caught.value.code, caught.value.limit) == (expected, limit)


# --- the new member's national ID, and all checks together -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۰۱۲۳۴۵۶۷۸۹", OTHER),
        ("012-345678-9", OTHER),
        ("123456789", OTHER),  # a leading zero dropped
        ("0123456788", InvalidCode.NATIONAL_ID_CHECKSUM),
        ("1111111111", InvalidCode.NATIONAL_ID_REPEATED),
        ("12345", InvalidCode.NATIONAL_ID_LENGTH),
        ("abc", InvalidCode.NOT_DIGITS),
        ("0012345679", Refusal.SAME_AS_APPLICANT),
        ("1234567891", Refusal.ALREADY_MEMBER),
    ],
)
def test_parse_member_national_id(text: str, expected: str | Refusal | InvalidCode) -> None:
    if isinstance(expected, (Refusal, InvalidCode)):
        with pytest.raises(InputRefused) as caught:
            bk.parse_member_national_id(text, applicant_id=APPLICANT, household={THIRD})
        assert caught.value.code == expected
    else:
        assert bk.parse_member_national_id(text, applicant_id=APPLICANT, household={THIRD}) == expected


SPOUSE_PAPERS = frozenset({D.ID_DOCUMENTS, D.DECREE, D.MARRIAGE_CERTIFICATE})


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        (NewMember(C.SPOUSE, OTHER, j(1360, 1, 1), SPOUSE_PAPERS), ()),
        (NewMember(C.SPOUSE, OTHER, j(1360, 1, 1)), (Refusal.MISSING_DOCUMENTS,)),
        (NewMember(C.SPOUSE, APPLICANT, j(1360, 1, 1), SPOUSE_PAPERS), (Refusal.SAME_AS_APPLICANT,)),
        (
            NewMember(C.CHILD, THIRD, EIGHTEEN_TODAY),
            (Refusal.ALREADY_MEMBER, Refusal.AGE_LIMIT, Refusal.MISSING_DOCUMENTS),
        ),
        (
            NewMember(C.STUDENT_CHILD, OTHER, EIGHTEEN_TOMORROW, frozenset({D.ID_DOCUMENTS, D.DECREE})),
            (Refusal.TOO_YOUNG, Refusal.MISSING_DOCUMENTS),
        ),
        (NewMember(C.CHILD, OTHER, EIGHTEEN_TOMORROW, frozenset({D.ID_DOCUMENTS, D.DECREE})), ()),
    ],
)
def test_member_refusals(member: NewMember, expected: tuple[Refusal, ...]) -> None:
    got = bk.member_refusals(member, today=TODAY, policy=POLICY, applicant_id=APPLICANT, household={THIRD})
    assert got == expected


# --- premiums --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asked_on", "cutoff", "month"),
    [
        (j(1404, 5, 1), 20, (1404, 5)),
        (j(1404, 5, 20), 20, (1404, 5)),  # the cut-off day still reaches this month's salary
        (j(1404, 5, 21), 20, (1404, 6)),
        (j(1404, 5, 31), 20, (1404, 6)),
        (j(1404, 12, 21), 20, (1405, 1)),  # into the next year
        (j(1404, 12, 29), 31, (1404, 12)),
        (j(1404, 7, 30), 30, (1404, 7)),
    ],
)
def test_payroll_month(asked_on: dt.date, cutoff: int, month: bk.Month) -> None:
    assert bk.payroll_month(asked_on, BookletPolicy(premium=1, payroll_cutoff_day=cutoff)) == month


@pytest.mark.parametrize(
    ("process", "asked_on", "delay", "month"),
    [
        (P.FIRST_ISSUE, j(1404, 5, 10), 1, (1404, 5)),
        (P.FIRST_ISSUE, j(1404, 5, 21), 1, (1404, 6)),
        (P.ADD_DEPENDANT, j(1404, 5, 10), 1, (1404, 6)),  # one month after for members
        (P.ADD_DEPENDANT, j(1404, 5, 21), 1, (1404, 7)),
        (P.ADD_DEPENDANT, j(1404, 12, 10), 1, (1405, 1)),
        (P.ADD_DEPENDANT, j(1404, 5, 10), 0, (1404, 5)),
    ],
)
def test_deduction_start(process: Process, asked_on: dt.date, delay: int, month: bk.Month) -> None:
    assert bk.deduction_start(process, asked_on, BookletPolicy(premium=1, member_delay_months=delay)) == month


@pytest.mark.parametrize("process", [P.CANCELLATION, P.DUPLICATE])
def test_only_issues_and_members_start_a_deduction(process: Process) -> None:
    with pytest.raises(ValueError):
        bk.deduction_start(process, TODAY, POLICY)


@pytest.mark.parametrize(
    ("cancelled_on", "month"),
    [(j(1404, 5, 1), (1404, 6)), (j(1404, 5, 31), (1404, 6)), (j(1404, 12, 29), (1405, 1))],
)
def test_a_cancellation_stops_the_premium_the_month_after(cancelled_on: dt.date, month: bk.Month) -> None:
    assert bk.deduction_end(cancelled_on) == month


@pytest.mark.parametrize(
    ("start", "paid_on"),
    [((1404, 5), j(1404, 6, 1)), ((1404, 12), j(1405, 1, 1)), ((1403, 12), j(1404, 1, 1))],
)
def test_the_salary_timer_fires_the_day_after_the_first_deducted_month(
    start: bk.Month, paid_on: dt.date
) -> None:
    assert bk.salary_paid_on(start) == paid_on
    assert bk.month_end(start) == paid_on - dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("month", "last"),
    [((1404, 1), j(1404, 1, 31)), ((1403, 12), j(1403, 12, 30)), ((1404, 12), j(1404, 12, 29))],
)
def test_month_end(month: bk.Month, last: dt.date) -> None:
    assert bk.month_end(month) == last


PRICED = BookletPolicy(premium=1_000, premiums={"parent": 3_000, "self": 1_500})


@pytest.mark.parametrize(
    ("process", "on", "people", "expected"),
    [
        (P.FIRST_ISSUE, j(1404, 5, 10), [None], PremiumChange((1404, 5), 1_500, 1)),
        (P.ADD_DEPENDANT, j(1404, 5, 10), [C.CHILD], PremiumChange((1404, 6), 1_000, 1)),
        (P.ADD_DEPENDANT, j(1404, 5, 25), [C.PARENT, C.PARENT, C.SPOUSE], PremiumChange((1404, 7), 7_000, 3)),
        (P.CANCELLATION, j(1404, 5, 25), [C.SPOUSE], PremiumChange((1404, 6), -1_000, -1)),
        (P.CANCELLATION, j(1404, 12, 1), [None, C.CHILD], PremiumChange((1405, 1), -2_500, -2)),
        (P.DUPLICATE, j(1404, 5, 10), [None], None),
    ],
)
def test_premium_change(
    process: Process, on: dt.date, people: list[MemberCategory | None], expected: PremiumChange | None
) -> None:
    assert bk.premium_change(process, on=on, people=people, policy=PRICED) == expected


def test_a_premium_change_concerns_someone() -> None:
    with pytest.raises(ValueError):
        bk.premium_change(P.FIRST_ISSUE, on=TODAY, people=[], policy=POLICY)


@pytest.mark.parametrize(
    ("start", "end", "month", "active"),
    [
        ((1404, 5), None, (1404, 4), False),
        ((1404, 5), None, (1404, 5), True),
        ((1404, 5), None, (1410, 1), True),
        ((1404, 5), (1404, 8), (1404, 7), True),
        ((1404, 5), (1404, 8), (1404, 8), False),  # the end month is the first without
        ((1404, 11), (1405, 2), (1405, 1), True),
        ((1404, 11), (1405, 2), (1405, 2), False),
    ],
)
def test_coverage_months(start: bk.Month, end: bk.Month | None, month: bk.Month, active: bool) -> None:
    assert Coverage("P1", OTHER, None, 1_000, start, end).active(month) is active


@pytest.mark.parametrize(
    ("monthly", "start", "end"), [(-1, (1404, 5), None), (1, (1404, 5), (1404, 5)), (1, (1404, 5), (1404, 4))]
)
def test_impossible_coverages(monthly: int, start: bk.Month, end: bk.Month | None) -> None:
    with pytest.raises(ValueError):
        Coverage("P1", OTHER, None, monthly, start, end)


def test_the_monthly_premium_list() -> None:
    coverages = [
        Coverage("P2", "a", None, 1_500, (1404, 1)),
        Coverage("P1", "b", None, 1_500, (1403, 7)),
        Coverage("P1", "c", C.SPOUSE, 1_000, (1404, 5)),  # starts this month
        Coverage("P1", "d", C.CHILD, 1_000, (1403, 1), (1404, 5)),  # stopped this month
        Coverage("P3", "e", C.PARENT, 3_000, (1404, 6)),  # not yet
        Coverage("P4", "f", None, 1_500, (1400, 1), (1402, 1)),  # long gone
        Coverage("P2", "g", C.PARENT, 3_000, (1404, 2), (1404, 6)),
    ]
    listed = bk.premium_list(coverages, (1404, 5))
    assert listed.lines == (PayrollLine("P1", 2, 2_500), PayrollLine("P2", 2, 4_500))
    assert (listed.total, listed.people, listed.month) == (7_000, 4, (1404, 5))
    assert [c.national_id for c in listed.started] == ["c"]
    assert [c.national_id for c in listed.stopped] == ["d"]
    empty = bk.premium_list([], (1404, 5))
    assert (empty.lines, empty.total, empty.people, empty.started, empty.stopped) == ((), 0, 0, (), ())


# --- the workflows ---------------------------------------------------------------------------------------

S, A = BkStatus, BkAction


def _common(clerk_stages: list[BkStatus], payroll: bool) -> dict[tuple[BkStatus, BkAction], str]:
    moves: dict[tuple[BkStatus, BkAction], str] = {}
    for stage in [*clerk_stages, *([S.AT_PAYROLL] if payroll else [])]:
        moves[(stage, A.REJECT)] = S.REJECTED
        moves[(stage, A.ASK_INFO)] = S.NEEDS_INFO
    moves[(S.NEEDS_INFO, A.ANSWER_INFO)] = RESUME
    moves[(S.SUBMITTED, A.CANCEL)] = S.CANCELLED
    return moves


ISSUE_MOVES = {
    (S.SUBMITTED, A.RECORD): S.RECORDED,
    (S.RECORDED, A.ASK_DEDUCTION): S.AWAITING_SALARY,
    (S.AWAITING_SALARY, A.SALARY_PAID): S.FORM_DUE,
    (S.FORM_DUE, A.SIGN_FORM): S.AT_PAYROLL,
    (S.AT_PAYROLL, A.PAYROLL_OK): S.DONE,
    **_common([S.SUBMITTED, S.RECORDED, S.FORM_DUE], payroll=True),
}
MOVES = {
    P.FIRST_ISSUE: ISSUE_MOVES,
    P.ADD_DEPENDANT: ISSUE_MOVES,
    P.CANCELLATION: {
        (S.SUBMITTED, A.RECORD): S.RECORDED,
        (S.RECORDED, A.ISSUE_LETTER): S.LETTER_ISSUED,
        (S.LETTER_ISSUED, A.BRING_REPLY): S.REPLY_RECEIVED,
        (S.REPLY_RECEIVED, A.ASK_REDUCTION): S.AT_PAYROLL,
        (S.AT_PAYROLL, A.PAYROLL_OK): S.DONE,
        **_common([S.SUBMITTED, S.RECORDED, S.REPLY_RECEIVED], payroll=True),
    },
    P.DUPLICATE: {(S.SUBMITTED, A.SIGN_FORM): S.DONE, **_common([S.SUBMITTED], payroll=False)},
}
WORKFLOWS = {p: bk.workflow(p) for p in Process}


@pytest.mark.parametrize("process", list(Process))
@pytest.mark.parametrize("status", list(BkStatus))
@pytest.mark.parametrize("action", list(BkAction))
def test_every_process_status_and_action(process: Process, status: BkStatus, action: BkAction) -> None:
    expected = MOVES[process].get((status, action))
    if expected is None:
        with pytest.raises(IllegalTransition):
            WORKFLOWS[process].find(status, action)
    else:
        assert WORKFLOWS[process].find(status, action).target == expected


@pytest.mark.parametrize(
    ("process", "status", "buttons", "owner"),
    [
        (P.FIRST_ISSUE, S.SUBMITTED, ["record", "reject", "ask_info"], ["cancel"]),
        (P.FIRST_ISSUE, S.RECORDED, ["ask_deduction", "reject", "ask_info"], []),
        (P.FIRST_ISSUE, S.AWAITING_SALARY, [], []),  # only the timer moves it
        (P.FIRST_ISSUE, S.FORM_DUE, ["sign_form", "reject", "ask_info"], []),
        (P.FIRST_ISSUE, S.AT_PAYROLL, ["payroll_ok", "reject", "ask_info"], []),
        (P.FIRST_ISSUE, S.NEEDS_INFO, [], ["answer_info"]),
        (P.FIRST_ISSUE, S.DONE, [], []),
        (P.CANCELLATION, S.RECORDED, ["issue_letter", "reject", "ask_info"], []),
        (P.CANCELLATION, S.LETTER_ISSUED, [], ["bring_reply"]),
        (P.CANCELLATION, S.REPLY_RECEIVED, ["ask_reduction", "reject", "ask_info"], []),
        (P.DUPLICATE, S.SUBMITTED, ["sign_form", "reject", "ask_info"], ["cancel"]),
    ],
)
def test_buttons_per_stage(process: Process, status: BkStatus, buttons: list[str], owner: list[str]) -> None:
    assert [t.action for t in WORKFLOWS[process].staff_actions(status)] == buttons
    assert [t.action for t in WORKFLOWS[process].owner_actions(status)] == owner


@pytest.mark.parametrize("process", list(Process))
def test_shape_of_every_workflow(process: Process) -> None:
    flow: Workflow = WORKFLOWS[process]
    assert flow.service == "booklet"
    assert flow.initial == S.SUBMITTED
    assert flow.final == {S.DONE, S.REJECTED, S.CANCELLED}
    timers = [t.action for t in flow.transitions if t.by_system]
    assert timers == ([A.SALARY_PAID] if process in (P.FIRST_ISSUE, P.ADD_DEPENDANT) else [])
    own = [t.action for t in flow.transitions if t.handled_by]
    assert own == ([A.BRING_REPLY] if process is P.CANCELLATION else [])
    assert all(len(f"req:{t.action}:{2**63 - 1}".encode()) <= 64 for t in flow.transitions)


CLERK = {Grant(Role.CLERK, "booklet")}
PAYROLL = {Grant(Role.PAYROLL)}


@pytest.mark.parametrize(
    ("process", "status", "action", "grants", "is_owner", "reason", "error"),
    [
        (P.FIRST_ISSUE, S.SUBMITTED, A.RECORD, CLERK, False, None, None),
        (P.FIRST_ISSUE, S.SUBMITTED, A.RECORD, {Grant(Role.CLERK, "medical")}, False, None, NotPermitted),
        (P.FIRST_ISSUE, S.SUBMITTED, A.RECORD, PAYROLL, False, None, NotPermitted),
        (P.FIRST_ISSUE, S.RECORDED, A.ASK_DEDUCTION, CLERK, False, None, None),
        (
            P.FIRST_ISSUE,
            S.AWAITING_SALARY,
            A.SALARY_PAID,
            CLERK | PAYROLL | {Grant(Role.ADMIN)},
            True,
            None,
            NotPermitted,
        ),
        (P.FIRST_ISSUE, S.FORM_DUE, A.SIGN_FORM, CLERK, False, None, None),
        (P.FIRST_ISSUE, S.AT_PAYROLL, A.PAYROLL_OK, PAYROLL, False, None, None),
        (P.FIRST_ISSUE, S.AT_PAYROLL, A.PAYROLL_OK, CLERK, False, None, NotPermitted),
        (P.FIRST_ISSUE, S.AT_PAYROLL, A.REJECT, PAYROLL, False, None, ReasonRequired),
        (P.FIRST_ISSUE, S.AT_PAYROLL, A.REJECT, PAYROLL, False, "no deduction seen", None),
        (P.FIRST_ISSUE, S.AT_PAYROLL, A.REJECT, CLERK, False, "no deduction seen", NotPermitted),
        (P.FIRST_ISSUE, S.AT_PAYROLL, A.ASK_INFO, PAYROLL, False, "the decree", None),
        (P.FIRST_ISSUE, S.RECORDED, A.ASK_INFO, CLERK, False, "the decree", None),
        (P.FIRST_ISSUE, S.RECORDED, A.ASK_INFO, PAYROLL, False, "the decree", NotPermitted),
        (P.FIRST_ISSUE, S.SUBMITTED, A.CANCEL, set(), True, None, None),
        (P.FIRST_ISSUE, S.RECORDED, A.CANCEL, set(), True, None, IllegalTransition),
        (P.CANCELLATION, S.LETTER_ISSUED, A.BRING_REPLY, set(), True, None, None),
        (P.CANCELLATION, S.LETTER_ISSUED, A.BRING_REPLY, CLERK, False, None, NotPermitted),
        (P.CANCELLATION, S.REPLY_RECEIVED, A.ASK_REDUCTION, CLERK, False, None, None),
        (P.DUPLICATE, S.SUBMITTED, A.SIGN_FORM, CLERK, False, None, None),
        (P.DUPLICATE, S.SUBMITTED, A.SIGN_FORM, set(), True, None, NotPermitted),
    ],
)
def test_who_may_take_each_action(
    process: Process,
    status: BkStatus,
    action: BkAction,
    grants: set[Grant],
    is_owner: bool,
    reason: str | None,
    error: type[Exception] | None,
) -> None:
    flow = WORKFLOWS[process]
    if error is None:
        flow.authorise(status, action, grants=grants, is_owner=is_owner, reason=reason)
    else:
        with pytest.raises(error):
            flow.authorise(status, action, grants=grants, is_owner=is_owner, reason=reason)


@pytest.mark.parametrize("process", [P.FIRST_ISSUE, P.ADD_DEPENDANT, P.CANCELLATION])
def test_payroll_approval_is_not_by_whoever_signed(process: Process) -> None:
    flow = WORKFLOWS[process]
    assert flow.find(S.AT_PAYROLL, A.PAYROLL_OK).not_by_actor_of == A.SIGN_FORM
    both = CLERK | PAYROLL
    with pytest.raises(SameActor):
        flow.authorise(S.AT_PAYROLL, A.PAYROLL_OK, grants=both, is_owner=False, earlier_actor=5, actor=5)
    flow.authorise(S.AT_PAYROLL, A.PAYROLL_OK, grants=both, is_owner=False, earlier_actor=5, actor=6)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("first_issue", P.FIRST_ISSUE), ("duplicate", P.DUPLICATE), ("renewal", None), (None, None)],
)
def test_process_of(value: object, expected: Process | None) -> None:
    assert bk.process_of(value) is expected


@pytest.mark.parametrize(
    ("category", "relation"),
    [
        (C.SPOUSE, Relation.SPOUSE),
        (C.CHILD, Relation.CHILD),
        (C.STUDENT_CHILD, Relation.CHILD),
        (C.DIVORCED_DAUGHTER, Relation.CHILD),
        (C.DISABLED_CHILD, Relation.CHILD),
        (C.PARENT, Relation.PARENT),
    ],
)
def test_each_category_is_a_registry_relation(category: MemberCategory, relation: Relation) -> None:
    assert category.relation is relation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("سارا رضایی", "سارا رضایی"),
        ("  رضا   رضايي ", "رضا رضایی"),  # Arabic yeh normalised, spaces folded
        ("Sara Rezaei", "Sara Rezaei"),
        ("عبدالله نیک\u200cپور", "عبدالله نیک\u200cپور"),
        ("سارا", Refusal.BAD_NAME),  # a full name has two parts
        ("سارا 123", Refusal.BAD_NAME),
        ("س ر", Refusal.BAD_NAME),
        ("😀 😀", Refusal.BAD_NAME),
        ("ا " + "ب" * 60, Refusal.BAD_NAME),
        ("", Refusal.BAD_NAME),
    ],
)
def test_parse_member_name(text: str, expected: str | Refusal) -> None:
    if isinstance(expected, Refusal):
        with pytest.raises(InputRefused) as refused:
            bk.parse_member_name(text)
        assert refused.value.code is expected
    else:
        assert bk.parse_member_name(text) == expected
