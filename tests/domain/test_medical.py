"""Medical claim rules as tables: policy, dates, amounts, ceiling, documents, file numbers, review, import,
workflow."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jdatetime
import pytest

from domain import medical as med
from domain.config import ConfigError
from domain.jalali import to_gregorian
from domain.medical import (
    BadRow,
    ClaimPolicy,
    ClaimTotals,
    DecisionRow,
    DocumentKind,
    ExpenseKind,
    KindRule,
    Line,
    LineProblem,
    LineReview,
    MedAction,
    MedStatus,
    OverCeiling,
    PastLine,
    Refusal,
    ReviewProblem,
    ReviewReason,
)
from domain.refusals import InputRefused
from domain.validators import AMOUNT_HARD_MAXIMUM, InvalidCode
from domain.workflow import RESUME, Grant, IllegalTransition, NotPermitted, ReasonRequired, Role, SameActor

TODAY = dt.date(2025, 8, 1)  # 1404/05/10
K, D = ExpenseKind, DocumentKind


def j(y: int, m: int, d: int) -> dt.date:
    """A Jalali day as a Gregorian date."""
    return to_gregorian(jdatetime.date(y, m, d))


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def policy(window_days: int = 180, max_line: int | None = None, **kinds: KindRule) -> ClaimPolicy:
    """The default policy with some kinds' rules replaced."""
    rules = med.default_rules()
    rules.update({K(k): v for k, v in kinds.items()})
    return ClaimPolicy(window_days=window_days, max_line=max_line, kinds=rules)


CEILING = policy(medicine=KindRule(documents=(D.INVOICE, D.PRESCRIPTION), annual_ceiling=1_000))


# --- the policy and its TOML section ---------------------------------------------------------------------


def test_an_empty_section_gives_the_defaults() -> None:
    parsed = med.parse_policy({})
    assert parsed == ClaimPolicy()
    assert parsed.window_days == 180
    assert parsed.covered_kinds() == list(ExpenseKind)
    assert parsed.rule(K.MEDICINE).documents == (D.INVOICE, D.PRESCRIPTION)
    assert all(parsed.rule(k).annual_ceiling is None for k in ExpenseKind)


def test_a_kind_table_changes_only_the_keys_it_names() -> None:
    parsed = med.parse_policy(
        {
            "window_days": 90,
            "max_lines": 5,
            "max_line": 500_000_000,
            "kinds": {
                "medicine": {"annual_ceiling": 50_000_000},
                "dental": {"documents": ["invoice"], "max_line": 80_000_000, "annual_ceiling": 0},
                "other": {"covered": False},
            },
        }
    )
    assert (parsed.window_days, parsed.max_lines, parsed.max_line) == (90, 5, 500_000_000)
    assert parsed.rule(K.MEDICINE) == KindRule(
        documents=(D.INVOICE, D.PRESCRIPTION), annual_ceiling=50_000_000
    )
    assert parsed.rule(K.DENTAL) == KindRule(documents=(D.INVOICE,), annual_ceiling=0, max_line=80_000_000)
    assert parsed.covered_kinds() == [k for k in ExpenseKind if k is not K.OTHER]
    assert parsed.line_limit(K.DENTAL) == 80_000_000
    assert parsed.line_limit(K.MEDICINE) == 500_000_000
    assert ClaimPolicy().line_limit(K.MEDICINE) == AMOUNT_HARD_MAXIMUM


def test_documents_may_be_emptied() -> None:
    assert med.parse_policy({"kinds": {"outpatient": {"documents": []}}}).rule(K.OUTPATIENT).documents == ()


@pytest.mark.parametrize(
    ("section", "problem"),
    [
        ([], "medical: expected a table"),
        ({"window": 180}, "medical.window: unknown key"),
        ({"window_days": 0}, "medical.window_days: expected a whole number from 1 to 3650 (got 0)"),
        ({"window_days": 3651}, "medical.window_days: expected a whole number from 1 to 3650"),
        ({"window_days": "180"}, "medical.window_days: expected a whole number"),
        ({"window_days": True}, "medical.window_days: expected a whole number"),
        ({"window_days": 180.0}, "medical.window_days: expected a whole number"),
        ({"max_lines": 0}, "medical.max_lines: expected a whole number from 1 to 200"),
        ({"max_line": 0}, "medical.max_line: expected a whole number >= 1 (got 0)"),
        ({"kinds": []}, "medical.kinds: expected a table"),
        ({"kinds": {"xray": {}}}, "medical.kinds.xray: unknown key; known: dental, hospital"),
        ({"kinds": {"medicine": 5}}, "medical.kinds.medicine: expected a table (got 5)"),
        ({"kinds": {"medicine": {"ceiling": 5}}}, "medical.kinds.medicine.ceiling: unknown key"),
        (
            {"kinds": {"medicine": {"annual_ceiling": -1}}},
            "medical.kinds.medicine.annual_ceiling: expected a whole number >= 0 (got -1)",
        ),
        (
            {"kinds": {"medicine": {"max_line": 0}}},
            "medical.kinds.medicine.max_line: expected a whole number >= 1",
        ),
        (
            {"kinds": {"medicine": {"covered": "yes"}}},
            "medical.kinds.medicine.covered: expected true or false (got 'yes')",
        ),
        (
            {"kinds": {"medicine": {"documents": "invoice"}}},
            "medical.kinds.medicine.documents: expected a list",
        ),
        (
            {"kinds": {"medicine": {"documents": ["invoice", "receipt"]}}},
            "medical.kinds.medicine.documents: expected one of invoice, prescription",
        ),
        (
            {"kinds": {"medicine": {"documents": ["invoice", "invoice"]}}},
            "medical.kinds.medicine.documents: a value is listed twice",
        ),
    ],
)
def test_each_bad_value_is_named(section: Any, problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        med.parse_policy(section)
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith(problem), caught.value.problems


def test_every_bad_value_is_named_at_once() -> None:
    section = {"window_days": -5, "kinds": {"medicine": {"annual_ceiling": "lots"}, "xray": {}}}
    with pytest.raises(ConfigError) as caught:
        med.parse_policy(section)
    assert [p.split(":")[0] for p in caught.value.problems] == [
        "medical.window_days",
        "medical.kinds.xray",
        "medical.kinds.medicine.annual_ceiling",
    ]
    assert isinstance(caught.value, ValueError)


def test_rules_refuse_impossible_values_in_code_too() -> None:
    with pytest.raises(ValueError):
        KindRule(annual_ceiling=-1)
    with pytest.raises(ValueError):
        KindRule(max_line=0)
    assert ClaimPolicy(kinds={}).rule(K.HOSPITAL).covered is False  # a kind left out is not covered


# --- the day of service ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("window", "day", "expected"),
    [
        (180, TODAY + dt.timedelta(days=1), Refusal.FUTURE_DATE),
        (180, TODAY + dt.timedelta(days=400), Refusal.FUTURE_DATE),
        (180, TODAY, None),
        (180, days_ago(1), None),
        (180, days_ago(179), None),
        (180, days_ago(180), None),  # exactly 180 days ago: still in
        (180, days_ago(181), Refusal.TOO_OLD),  # 181: out
        (180, days_ago(3000), Refusal.TOO_OLD),
        (30, days_ago(30), None),
        (30, days_ago(31), Refusal.TOO_OLD),
        (1, days_ago(1), None),
        (1, days_ago(2), Refusal.TOO_OLD),
    ],
)
def test_the_claim_window(window: int, day: dt.date, expected: Refusal | None) -> None:
    assert med.service_date_refusal(day, today=TODAY, policy=policy(window)) == expected


@pytest.mark.parametrize(("offset", "expected"), [(180, None), (181, Refusal.TOO_OLD)])
def test_fridays_and_holidays_count_like_any_day(offset: int, expected: Refusal | None) -> None:
    assert TODAY.weekday() == 4  # a Friday
    nowruz = j(1404, 1, 1)  # a holiday (the first of four)
    assert (
        med.service_date_refusal(nowruz, today=nowruz + dt.timedelta(days=offset), policy=ClaimPolicy())
        == expected
    )
    assert med.service_date_refusal(days_ago(offset), today=TODAY, policy=ClaimPolicy()) == expected


def test_the_window_counts_calendar_days_across_the_jalali_new_year() -> None:
    today = j(1404, 1, 15)
    assert med.earliest_service_day(today, ClaimPolicy()) == today - dt.timedelta(days=180)
    assert med.earliest_service_day(today, ClaimPolicy()) == j(1403, 7, 15)  # 1403 had a 30-day Esfand


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۱۴۰۴/۰۵/۱۰", TODAY),
        ("١٤٠٤/٠٥/٠٩", days_ago(1)),
        ("1404/5/10", TODAY),
        ("1404-05-10", TODAY),
        ("2025-08-01", TODAY),  # a Gregorian date is read as such
        ("1403/11/14", days_ago(180)),
        ("1403/11/13", Refusal.TOO_OLD),
        ("1404/05/11", Refusal.FUTURE_DATE),
        ("1404/5", InvalidCode.DATE_FORMAT),
        ("tomorrow", InvalidCode.DATE_FORMAT),
        ("1404/12/30", InvalidCode.DATE_IMPOSSIBLE),  # 1404 is not a leap year
        ("1404/13/01", InvalidCode.DATE_IMPOSSIBLE),
        ("", InvalidCode.EMPTY),
        ("1" * 201, InvalidCode.TOO_LONG),
    ],
)
def test_parse_service_date(text: str, expected: dt.date | Refusal | InvalidCode) -> None:
    if isinstance(expected, dt.date):
        assert med.parse_service_date(text, today=TODAY, policy=ClaimPolicy()) == expected
    else:
        with pytest.raises(InputRefused) as caught:
            med.parse_service_date(text, today=TODAY, policy=ClaimPolicy())
        assert caught.value.code == expected
        assert caught.value.limit is None


def test_the_180th_day_in_jalali_is_the_one_the_table_says() -> None:
    assert days_ago(180) == j(1403, 11, 14)


# --- the amount of a line --------------------------------------------------------------------------------

LIMITED = policy(max_line=1_000_000, medicine=KindRule(documents=(D.INVOICE,), max_line=300_000))


@pytest.mark.parametrize(
    ("kind", "text", "expected", "limit"),
    [
        (K.DENTAL, "۱۲۰٬۰۰۰", 120_000, None),
        (K.DENTAL, "120,000", 120_000, None),
        (K.DENTAL, "١٢٠،٠٠٠", 120_000, None),
        (K.DENTAL, "120000", 120_000, None),
        (K.DENTAL, "1", 1, None),
        (K.DENTAL, "1,000,000", 1_000_000, None),  # the policy's most per line, exactly
        (K.DENTAL, "1,000,001", Refusal.LINE_TOO_LARGE, 1_000_000),
        (K.MEDICINE, "300000", 300_000, None),  # the kind's own most per line
        (K.MEDICINE, "300001", Refusal.LINE_TOO_LARGE, 300_000),
        (K.DENTAL, "0", InvalidCode.AMOUNT_TOO_SMALL, None),
        (K.DENTAL, "12,00", InvalidCode.AMOUNT_FORMAT, None),
        (K.DENTAL, "-5", InvalidCode.AMOUNT_FORMAT, None),
        (K.DENTAL, "1.5", InvalidCode.AMOUNT_FORMAT, None),
        (K.DENTAL, "۱ میلیون", 1_000_000, None),  # a multiplier word (rials, unless «تومان» follows)
        (K.DENTAL, "۱۰۰ هزار تومان", 1_000_000, None),  # tomans are converted: exactly the most per line
        (K.DENTAL, "۱۰۱ هزار تومان", Refusal.LINE_TOO_LARGE, 1_000_000),
        (K.DENTAL, " ", InvalidCode.EMPTY, None),
        (K.DENTAL, "9" * 30, InvalidCode.AMOUNT_TOO_LARGE, None),  # the hard maximum comes first
    ],
)
def test_parse_line_amount(
    kind: ExpenseKind, text: str, expected: int | Refusal | InvalidCode, limit: int | None
) -> None:
    if isinstance(expected, int):
        assert med.parse_line_amount(text, kind=kind, policy=LIMITED) == expected
    else:
        with pytest.raises(InputRefused) as caught:
            med.parse_line_amount(text, kind=kind, policy=LIMITED)
        assert (caught.value.code, caught.value.limit) == (expected, limit)


def test_an_uncovered_kind_is_refused_before_its_amount_is_read() -> None:
    off = policy(optical=KindRule(covered=False))
    with pytest.raises(InputRefused) as caught:
        med.parse_line_amount("garbage", kind=K.OPTICAL, policy=off)
    assert caught.value.code == Refusal.KIND_NOT_COVERED


def test_kind_of() -> None:
    assert med.kind_of("medicine") is K.MEDICINE
    assert med.kind_of("xray") is None
    assert med.kind_of(None) is None


# --- documents -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "attached", "missing"),
    [
        (K.MEDICINE, set(), (D.INVOICE, D.PRESCRIPTION)),
        (K.MEDICINE, {D.INVOICE}, (D.PRESCRIPTION,)),
        (K.MEDICINE, {D.PRESCRIPTION}, (D.INVOICE,)),
        (K.MEDICINE, {D.INVOICE, D.PRESCRIPTION}, ()),
        (K.MEDICINE, {D.INVOICE, D.PRESCRIPTION, D.LAB_RESULT}, ()),  # extra papers do no harm
        (K.HOSPITAL, {D.INVOICE}, (D.DISCHARGE_SUMMARY,)),
        (K.OUTPATIENT, set(), (D.INVOICE,)),
        (K.OUTPATIENT, {D.INVOICE}, ()),
        (K.PARACLINIC, {D.INVOICE}, (D.PRESCRIPTION,)),
        (K.DENTAL, {D.INVOICE}, (D.DENTAL_FORM,)),
        (K.OPTICAL, {D.INVOICE}, (D.OPTOMETRY,)),
        (K.OTHER, {D.INVOICE}, (D.MEDICAL_REPORT,)),
    ],
)
def test_missing_documents_by_default(
    kind: ExpenseKind, attached: set[DocumentKind], missing: tuple[DocumentKind, ...]
) -> None:
    assert med.missing_documents(kind, attached, ClaimPolicy()) == missing


def test_missing_documents_follow_the_configured_order() -> None:
    configured = policy(medicine=KindRule(documents=(D.PRESCRIPTION, D.REFERRAL, D.INVOICE)))
    assert med.missing_documents(K.MEDICINE, [D.REFERRAL], configured) == (D.PRESCRIPTION, D.INVOICE)


# --- the annual ceiling ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("used", "amount", "expected"),
    [
        (0, 1, None),
        (0, 1_000, None),  # exactly the ceiling
        (0, 1_001, OverCeiling(1_000, 0, 1_001)),  # one rial over
        (600, 400, None),
        (600, 401, OverCeiling(1_000, 600, 401)),
        (999, 1, None),
        (1_000, 1, OverCeiling(1_000, 1_000, 1)),
        (1_200, 1, OverCeiling(1_000, 1_200, 1)),  # already over (a ceiling lowered mid-year)
    ],
)
def test_over_ceiling(used: int, amount: int, expected: OverCeiling | None) -> None:
    assert med.over_ceiling(K.MEDICINE, amount, used=used, policy=CEILING) == expected


@pytest.mark.parametrize(
    ("over", "remaining"),
    [
        (OverCeiling(1_000, 0, 1_001), 1_000),
        (OverCeiling(1_000, 600, 401), 400),
        (OverCeiling(1_000, 1_200, 1), 0),
    ],
)
def test_remaining_is_never_negative(over: OverCeiling, remaining: int) -> None:
    assert over.remaining == remaining


def test_no_ceiling_and_a_zero_ceiling() -> None:
    assert med.over_ceiling(K.DENTAL, AMOUNT_HARD_MAXIMUM, used=10**15, policy=CEILING) is None
    zero = policy(dental=KindRule(annual_ceiling=0))
    assert med.over_ceiling(K.DENTAL, 1, used=0, policy=zero) == OverCeiling(0, 0, 1)


@pytest.mark.parametrize(
    ("line", "counted"),
    [
        (PastLine(K.MEDICINE, TODAY, 500), 500),  # open: its claim
        (PastLine(K.MEDICINE, TODAY, 500, approved=300), 300),  # reviewed: what was approved
        (PastLine(K.MEDICINE, TODAY, 500, approved=0), 0),
        (PastLine(K.MEDICINE, TODAY, 500, live=False), 0),  # rejected or cancelled
        (PastLine(K.MEDICINE, TODAY, 500, approved=300, live=False), 0),
    ],
)
def test_what_a_past_line_uses(line: PastLine, counted: int) -> None:
    assert line.counted == counted


def test_used_amounts_by_kind_and_jalali_year_of_service() -> None:
    past = [
        PastLine(K.MEDICINE, j(1403, 12, 30), 100),
        PastLine(K.MEDICINE, j(1404, 1, 1), 200),
        PastLine(K.MEDICINE, j(1404, 5, 1), 300, approved=250),
        PastLine(K.DENTAL, j(1404, 5, 1), 400),
        PastLine(K.DENTAL, j(1404, 5, 2), 999, live=False),
    ]
    assert med.used_amounts(past) == {(K.MEDICINE, 1403): 100, (K.MEDICINE, 1404): 450, (K.DENTAL, 1404): 400}


@pytest.mark.parametrize(
    ("kind", "year", "used", "expected"),
    [
        (K.MEDICINE, 1404, {}, 1_000),
        (K.MEDICINE, 1404, {(K.MEDICINE, 1404): 999}, 1),
        (K.MEDICINE, 1404, {(K.MEDICINE, 1404): 1_000}, 0),
        (K.MEDICINE, 1404, {(K.MEDICINE, 1404): 1_500}, 0),
        (K.MEDICINE, 1404, {(K.MEDICINE, 1403): 1_000}, 1_000),  # another year
        (K.MEDICINE, 1404, {(K.DENTAL, 1404): 1_000}, 1_000),  # another kind
        (K.DENTAL, 1404, {(K.DENTAL, 1404): 1_000}, None),  # no ceiling
    ],
)
def test_remaining_allowance(
    kind: ExpenseKind, year: int, used: dict[tuple[ExpenseKind, int], int], expected: int | None
) -> None:
    assert med.remaining_allowance(kind, year, used=used, policy=CEILING) == expected


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (j(1403, 12, 30), 1403),
        (j(1404, 1, 1), 1404),
        (dt.date(2025, 3, 20), 1403),
        (dt.date(2025, 3, 21), 1404),
    ],
)
def test_jalali_year_turns_at_nowruz(day: dt.date, year: int) -> None:
    assert med.jalali_year(day) == year


# --- a whole claim ---------------------------------------------------------------------------------------

MED_DOCS = frozenset({D.INVOICE, D.PRESCRIPTION})


def med_line(amount: int, day: dt.date = TODAY, documents: frozenset[DocumentKind] = MED_DOCS) -> Line:
    return Line(K.MEDICINE, day, amount, documents)


@pytest.mark.parametrize(
    ("lines", "used", "expected"),
    [
        ([med_line(1_000)], {}, []),
        ([med_line(1_001)], {}, [LineProblem(1, Refusal.OVER_CEILING, limit=1_000)]),
        ([med_line(700)], {(K.MEDICINE, 1404): 300}, []),  # reaches the ceiling exactly
        ([med_line(701)], {(K.MEDICINE, 1404): 300}, [LineProblem(1, Refusal.OVER_CEILING, limit=700)]),
        ([med_line(500), med_line(200)], {(K.MEDICINE, 1404): 300}, []),
        (
            [med_line(500), med_line(201)],
            {(K.MEDICINE, 1404): 300},
            [LineProblem(2, Refusal.OVER_CEILING, limit=200)],
        ),
        (
            [med_line(500), med_line(200), med_line(1)],
            {(K.MEDICINE, 1404): 300},
            [LineProblem(3, Refusal.OVER_CEILING, limit=0)],
        ),
        # a refused line does not eat the allowance of the lines after it
        (
            [med_line(900), med_line(200), med_line(100)],
            {},
            [LineProblem(2, Refusal.OVER_CEILING, limit=100)],
        ),
        (
            [med_line(900, day=days_ago(181)), med_line(1_000)],
            {},
            [LineProblem(1, Refusal.TOO_OLD)],
        ),
        # each Jalali year has its own ceiling (1403/12/29 is 1404/05/10 minus 134 days)
        ([med_line(1_000, day=j(1403, 12, 29)), med_line(1_000)], {(K.MEDICINE, 1403): 0}, []),
        (
            [med_line(1_000, day=j(1403, 12, 29))],
            {(K.MEDICINE, 1403): 1, (K.MEDICINE, 1404): 0},
            [LineProblem(1, Refusal.OVER_CEILING, limit=999)],
        ),
        # another kind has its own (here: no) ceiling
        ([med_line(1_000), Line(K.OUTPATIENT, TODAY, 10**9, frozenset({D.INVOICE}))], {}, []),
    ],
)
def test_the_ceiling_across_a_claim(
    lines: list[Line], used: dict[tuple[ExpenseKind, int], int], expected: list[LineProblem]
) -> None:
    assert list(med.claim_problems(lines, today=TODAY, policy=CEILING, used=used)) == expected


def test_every_problem_of_a_claim_is_reported_in_order() -> None:
    capped = policy(
        max_line=5_000,
        medicine=KindRule(documents=(D.INVOICE, D.PRESCRIPTION), annual_ceiling=1_000),
        optical=KindRule(covered=False),
    )
    lines = [
        Line(K.OPTICAL, TODAY + dt.timedelta(days=9), 10**12),  # not covered: nothing else is said
        Line(K.MEDICINE, TODAY + dt.timedelta(days=1), 6_000),
        Line(K.DENTAL, days_ago(200), 10, frozenset({D.DENTAL_FORM})),
        Line(K.OUTPATIENT, TODAY, 5_000, frozenset({D.INVOICE})),
    ]
    assert med.claim_problems(lines, today=TODAY, policy=capped, used={}) == (
        LineProblem(1, Refusal.KIND_NOT_COVERED),
        LineProblem(2, Refusal.FUTURE_DATE),
        LineProblem(2, Refusal.LINE_TOO_LARGE, limit=5_000),
        LineProblem(2, Refusal.OVER_CEILING, limit=1_000),
        LineProblem(2, Refusal.MISSING_DOCUMENTS, missing=(D.INVOICE, D.PRESCRIPTION)),
        LineProblem(3, Refusal.TOO_OLD),
        LineProblem(3, Refusal.MISSING_DOCUMENTS, missing=(D.INVOICE,)),
    )


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, [LineProblem(0, Refusal.NO_LINES)]),
        (1, []),
        (30, []),
        (31, [LineProblem(0, Refusal.TOO_MANY_LINES, limit=30)]),
    ],
)
def test_the_number_of_lines(count: int, expected: list[LineProblem]) -> None:
    lines = [Line(K.OUTPATIENT, TODAY, 1, frozenset({D.INVOICE}))] * count
    assert list(med.claim_problems(lines, today=TODAY, policy=ClaimPolicy(), used={})) == expected


def test_a_line_without_its_documents_blocks_submission_until_they_come() -> None:
    missing = [Line(K.MEDICINE, TODAY, 100, frozenset({D.INVOICE}))]
    assert med.claim_problems(missing, today=TODAY, policy=ClaimPolicy(), used={}) == (
        LineProblem(1, Refusal.MISSING_DOCUMENTS, missing=(D.PRESCRIPTION,)),
    )
    complete = [Line(K.MEDICINE, TODAY, 100, MED_DOCS)]
    assert med.claim_problems(complete, today=TODAY, policy=ClaimPolicy(), used={}) == ()


def test_a_line_needs_at_least_one_rial() -> None:
    with pytest.raises(ValueError):
        Line(K.MEDICINE, TODAY, 0)


# --- the claim file number -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "files", "expected"),
    [
        ("0012345679", {}, 1),
        ("0012345679", {"0012345679": 4, "1111111111": 9}, 4),  # one file per person and year
        ("0099999999", {"0012345679": 4, "1111111111": 9}, 10),
    ],
)
def test_file_sequence(person: str, files: dict[str, int], expected: int) -> None:
    assert med.file_sequence(person, files) == expected


@pytest.mark.parametrize(
    ("year", "sequence", "text"),
    [
        (1404, 1, "1404-00001"),
        (1404, 12, "1404-00012"),
        (1404, 99_999, "1404-99999"),
        (1405, 123_456, "1405-123456"),
    ],
)
def test_file_number_round_trip(year: int, sequence: int, text: str) -> None:
    assert med.format_file_number(year, sequence) == text
    assert med.parse_file_number(text) == (year, sequence)


@pytest.mark.parametrize(("year", "sequence"), [(1404, 0), (0, 1), (10_000, 1), (1404, -1)])
def test_no_file_number_for_impossible_parts(year: int, sequence: int) -> None:
    with pytest.raises(ValueError):
        med.format_file_number(year, sequence)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۱۴۰۴-۰۰۰۱۲", (1404, 12)),
        ("١٤٠٤/١٢", (1404, 12)),
        (" 1404 - 12 ", (1404, 12)),
        ("1404-0", Refusal.FILE_NUMBER_FORMAT),
        ("1404", Refusal.FILE_NUMBER_FORMAT),
        ("14041-2", Refusal.FILE_NUMBER_FORMAT),
        ("K7Q2-MX9D", Refusal.FILE_NUMBER_FORMAT),
        ("", Refusal.FILE_NUMBER_FORMAT),
    ],
)
def test_parse_file_number(text: str, expected: tuple[int, int] | Refusal) -> None:
    if isinstance(expected, tuple):
        assert med.parse_file_number(text) == expected
    else:
        with pytest.raises(InputRefused) as caught:
            med.parse_file_number(text)
        assert caught.value.code == expected


@pytest.mark.parametrize(("day", "year"), [(j(1403, 12, 30), 1403), (j(1404, 1, 1), 1404)])
def test_a_claim_joins_the_file_of_the_year_it_is_registered(day: dt.date, year: int) -> None:
    assert med.file_year(day) == year


# --- the review ------------------------------------------------------------------------------------------

R = ReviewReason


@pytest.mark.parametrize(
    ("claimed", "approved", "reason", "expected"),
    [
        (1_000, 1_000, None, None),
        (1_000, 1_000, R.OTHER, None),  # a reason is kept even when nothing was cut
        (1_000, 999, None, ReviewProblem.REASON_REQUIRED),
        (1_000, 999, R.OVER_TARIFF, None),
        (1_000, 0, None, ReviewProblem.REASON_REQUIRED),
        (1_000, 0, R.NOT_COVERED, None),
        (1_000, 1_001, R.OTHER, ReviewProblem.ABOVE_CLAIMED),
        (1_000, -1, R.OTHER, ReviewProblem.AMOUNT_FORMAT),
    ],
)
def test_review_problem(
    claimed: int, approved: int, reason: ReviewReason | None, expected: ReviewProblem | None
) -> None:
    assert med.review_problem(claimed, approved, reason) == expected
    if expected is None:
        LineReview(1, claimed, approved, reason)
    else:
        with pytest.raises(ValueError):
            LineReview(1, claimed, approved, reason)


def test_a_review_names_a_real_line() -> None:
    with pytest.raises(ValueError):
        LineReview(0, 10, 10)


LINES = [med_line(1_000), med_line(500), med_line(250)]


@pytest.mark.parametrize(
    ("reviews", "paid", "expected"),
    [
        ([], 0, ClaimTotals(1_750, 0, 0)),
        ([LineReview(1, 1_000, 1_000)], 0, ClaimTotals(1_750, 1_000, 0)),
        (
            [
                LineReview(1, 1_000, 800, R.OVER_TARIFF),
                LineReview(2, 500, 500),
                LineReview(3, 250, 0, R.NOT_COVERED),
            ],
            0,
            ClaimTotals(1_750, 1_300, 0),
        ),
        (
            [LineReview(1, 1_000, 1_000), LineReview(2, 500, 500), LineReview(3, 250, 250)],
            1_750,
            ClaimTotals(1_750, 1_750, 1_750),
        ),
    ],
)
def test_claim_totals_are_kept_apart(reviews: list[LineReview], paid: int, expected: ClaimTotals) -> None:
    totals = med.claim_totals(LINES, reviews, paid=paid)
    assert totals == expected
    assert totals.cut == expected.claimed - expected.approved
    assert totals.unpaid == expected.approved - expected.paid


@pytest.mark.parametrize(
    "reviews",
    [
        [LineReview(4, 10, 10)],  # no such line
        [LineReview(1, 1_000, 1_000), LineReview(1, 1_000, 900, R.OTHER)],  # twice
        [LineReview(2, 499, 499)],  # another amount than the line's
    ],
)
def test_claim_totals_refuse_reviews_that_do_not_match(reviews: list[LineReview]) -> None:
    with pytest.raises(ValueError):
        med.claim_totals(LINES, reviews)


@pytest.mark.parametrize(
    ("claimed", "approved", "paid"), [(10, 11, 0), (10, 5, 6), (10, 5, -1), (10, -1, -1)]
)
def test_totals_out_of_order_are_refused(claimed: int, approved: int, paid: int) -> None:
    with pytest.raises(ValueError):
        ClaimTotals(claimed, approved, paid)


@pytest.mark.parametrize(
    ("count", "reviews", "expected"),
    [
        (2, [], Refusal.NOT_ALL_REVIEWED),
        (2, [LineReview(1, 10, 10)], Refusal.NOT_ALL_REVIEWED),
        (2, [LineReview(1, 10, 10), LineReview(2, 5, 5)], None),
        (2, [LineReview(1, 10, 0, R.LATE), LineReview(2, 5, 0, R.LATE)], Refusal.NOTHING_APPROVED),
        (2, [LineReview(1, 10, 1, R.OVER_TARIFF), LineReview(2, 5, 0, R.LATE)], None),
        (1, [LineReview(1, 10, 10), LineReview(2, 5, 5)], Refusal.NOT_ALL_REVIEWED),  # a line too many
    ],
)
def test_remit_refusal(count: int, reviews: list[LineReview], expected: Refusal | None) -> None:
    assert med.remit_refusal(count, reviews) == expected


@pytest.mark.parametrize(
    ("totals", "amount", "expected"),
    [
        (ClaimTotals(100, 80, 0), 80, ClaimTotals(100, 80, 80)),
        (ClaimTotals(100, 80, 0), 30, ClaimTotals(100, 80, 30)),
        (ClaimTotals(100, 80, 30), 50, ClaimTotals(100, 80, 80)),
        (ClaimTotals(100, 80, 30), 51, None),
        (ClaimTotals(100, 80, 0), 0, None),
        (ClaimTotals(100, 80, 80), 1, None),
    ],
)
def test_record_payment(totals: ClaimTotals, amount: int, expected: ClaimTotals | None) -> None:
    if expected is None:
        with pytest.raises(ValueError):
            med.record_payment(totals, amount)
    else:
        assert med.record_payment(totals, amount) == expected


# --- the insurer's decision file -------------------------------------------------------------------------

A1, A2 = "K7Q2-MX9D", "B3C4-D5E6"
AWAITING = {A1: {1: 1_000, 2: 500}, A2: {1: 200}}
ALIASES = {"Over the tariff": R.OVER_TARIFF, "خارج از تعهد": R.NOT_COVERED}


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ([A1, 1, 1_000], DecisionRow(A1, 1, 1_000, None)),
        ([A1, 1, 1_000, None, "", None], DecisionRow(A1, 1, 1_000, None)),  # trailing blanks are ignored
        (["k7q2mx9d", "۱", "۸۰۰", "over_tariff"], DecisionRow(A1, 1, 800, R.OVER_TARIFF)),
        ([A1, 2.0, 499.0, "LATE"], DecisionRow(A1, 2, 499, R.LATE)),  # spreadsheet floats; codes in any case
        ([A1, 2, "0", " over  the TARIFF "], DecisionRow(A1, 2, 0, R.OVER_TARIFF)),  # an alias
        ([A1, 2, 0, "خارج از تعهد"], DecisionRow(A1, 2, 0, R.NOT_COVERED)),
        ([A1, 1, "1,000", ""], DecisionRow(A1, 1, 1_000, None)),
        ([A1, 1], ReviewProblem.COLUMNS),
        ([A1, 1, 1, R.OTHER, "extra"], ReviewProblem.COLUMNS),
        ([A1, None, 1_000], ReviewProblem.LINE_FORMAT),
        (["K7Q2-MX9", 1, 1_000], ReviewProblem.TRACKING_FORMAT),
        ([12345678, 1, 1_000], ReviewProblem.TRACKING_FORMAT),
        (["ZZZZ-ZZZZ", 1, 1_000], ReviewProblem.NOT_AWAITING),
        ([A1, "one", 1_000], ReviewProblem.LINE_FORMAT),
        ([A1, 0, 1_000], ReviewProblem.LINE_FORMAT),
        ([A1, 1.5, 1_000], ReviewProblem.LINE_FORMAT),
        ([A1, True, 1_000], ReviewProblem.LINE_FORMAT),
        ([A1, 3, 1_000], ReviewProblem.UNKNOWN_LINE),
        ([A2, 2, 100], ReviewProblem.UNKNOWN_LINE),
        ([A1, 1, -1, "late"], ReviewProblem.AMOUNT_FORMAT),
        ([A1, 1, 10.5, "late"], ReviewProblem.AMOUNT_FORMAT),
        ([A1, 1, "lots", "late"], ReviewProblem.AMOUNT_FORMAT),
        ([A1, 1, None, "late"], ReviewProblem.AMOUNT_FORMAT),
        ([A1, 1, float("nan"), "late"], ReviewProblem.AMOUNT_FORMAT),
        ([A1, 1, 1_001, "late"], ReviewProblem.ABOVE_CLAIMED),
        ([A1, 1, 999], ReviewProblem.REASON_REQUIRED),
        ([A1, 1, 999, "  "], ReviewProblem.REASON_REQUIRED),
        ([A1, 1, 999, "because"], ReviewProblem.UNKNOWN_REASON),
        ([A1, 1, 999, 7], ReviewProblem.UNKNOWN_REASON),
    ],
)
def test_parse_decision_row(cells: list[Any], expected: DecisionRow | ReviewProblem) -> None:
    assert med.parse_decision_row(cells, awaiting=AWAITING, aliases=ALIASES) == expected


def test_a_good_file_gives_every_row_and_the_reviews() -> None:
    rows: list[list[Any]] = [[A1, 2, 500], [A1, 1, 900, "deductible"], [None, None], [A2, 1, 0, "duplicate"]]
    parsed = med.parse_decision_file(rows, awaiting=AWAITING)
    assert parsed.accepted
    assert parsed.bad == ()
    assert parsed.rows == (
        DecisionRow(A1, 2, 500, None),
        DecisionRow(A1, 1, 900, R.DEDUCTIBLE),
        DecisionRow(A2, 1, 0, R.DUPLICATE),
    )
    assert med.reviews_by_claim(parsed.rows, AWAITING) == {
        A1: (LineReview(1, 1_000, 900, R.DEDUCTIBLE), LineReview(2, 500, 500)),
        A2: (LineReview(1, 200, 0, R.DUPLICATE),),
    }


def test_one_bad_row_refuses_the_whole_file_and_every_bad_row_is_named() -> None:
    rows = [
        [A1, 1, 1_000],  # row 2: good
        [A1, 2, 600, "late"],  # row 3: above the claim
        [],  # row 4: blank, skipped
        ["nope", 1, 1],  # row 5
        [A2, 1, 200],  # row 6: good
        [A1, 1, 1_000],  # row 7: line 1 twice
    ]
    parsed = med.parse_decision_file(rows, awaiting=AWAITING)
    assert not parsed.accepted
    assert parsed.rows == ()
    assert parsed.bad == (
        BadRow(3, ReviewProblem.ABOVE_CLAIMED),
        BadRow(5, ReviewProblem.TRACKING_FORMAT),
        BadRow(7, ReviewProblem.DUPLICATE),
    )


def test_a_claim_in_the_file_must_have_every_line_decided() -> None:
    parsed = med.parse_decision_file([[A2, 1, 200], [A1, 2, 500]], awaiting=AWAITING, first_row=10)
    assert parsed.bad == (BadRow(11, ReviewProblem.LINES_MISSING, missing_lines=(1,)),)
    assert parsed.rows == ()


def test_a_line_whose_row_is_bad_is_not_also_missing() -> None:
    parsed = med.parse_decision_file([[A1, 1, 1_000], [A1, 2, "x"], [A1, 2, 500]], awaiting=AWAITING)
    assert parsed.bad == (BadRow(3, ReviewProblem.AMOUNT_FORMAT), BadRow(4, ReviewProblem.DUPLICATE))


def test_a_claim_left_out_of_the_file_is_simply_not_decided_yet() -> None:
    assert med.parse_decision_file([[A2, 1, 200]], awaiting=AWAITING).rows == (DecisionRow(A2, 1, 200, None),)


@pytest.mark.parametrize("rows", [[], [[None, "", None]], [[]]])
def test_an_empty_file_is_refused(rows: list[list[Any]]) -> None:
    assert med.parse_decision_file(rows, awaiting=AWAITING).bad == (BadRow(2, ReviewProblem.NO_ROWS),)


# --- the workflow ----------------------------------------------------------------------------------------

S, A = MedStatus, MedAction
WORKFLOW = med.workflow()
MOVES = {
    (S.SUBMITTED, A.OPEN_FILE): S.FILE_OPENED,
    (S.FILE_OPENED, A.TO_DOCTOR): S.AT_DOCTOR,
    (S.AT_DOCTOR, A.RECORD_REVIEW): S.REVIEWED,
    (S.REVIEWED, A.REMIT): S.REMITTED,
    (S.REMITTED, A.TO_ACCOUNTING): S.AT_ACCOUNTING,
    (S.AT_ACCOUNTING, A.PAY): S.PAID,
    **{(s, A.REJECT): S.REJECTED for s in (S.SUBMITTED, S.FILE_OPENED, S.AT_DOCTOR, S.REVIEWED)},
    **{
        (s, A.ASK_INFO): S.NEEDS_INFO
        for s in (S.SUBMITTED, S.FILE_OPENED, S.AT_DOCTOR, S.REVIEWED, S.REMITTED, S.AT_ACCOUNTING)
    },
    (S.NEEDS_INFO, A.ANSWER_INFO): RESUME,
    (S.SUBMITTED, A.CANCEL): S.CANCELLED,
}


@pytest.mark.parametrize("status", list(MedStatus))
@pytest.mark.parametrize("action", list(MedAction))
def test_every_status_and_action(status: MedStatus, action: MedAction) -> None:
    expected = MOVES.get((status, action))
    if expected is None:
        with pytest.raises(IllegalTransition):
            WORKFLOW.find(status, action)
    else:
        assert WORKFLOW.find(status, action).target == expected


@pytest.mark.parametrize(
    ("status", "buttons", "owner"),
    [
        (S.SUBMITTED, ["open_file", "reject", "ask_info"], ["cancel"]),
        (S.FILE_OPENED, ["to_doctor", "reject", "ask_info"], []),
        (S.AT_DOCTOR, ["record_review", "reject", "ask_info"], []),
        (S.REVIEWED, ["remit", "reject", "ask_info"], []),
        (S.REMITTED, ["to_accounting", "ask_info"], []),
        (S.AT_ACCOUNTING, ["pay", "ask_info"], []),
        (S.NEEDS_INFO, [], ["answer_info"]),
        (S.PAID, [], []),
        (S.REJECTED, [], []),
        (S.CANCELLED, [], []),
    ],
)
def test_buttons_per_stage(status: MedStatus, buttons: list[str], owner: list[str]) -> None:
    assert [t.action for t in WORKFLOW.staff_actions(status)] == buttons
    assert [t.action for t in WORKFLOW.owner_actions(status)] == owner


def test_the_review_is_entered_in_the_service_handler_and_the_ends_are_final() -> None:
    assert WORKFLOW.find(S.AT_DOCTOR, A.RECORD_REVIEW).handled_by == med.FEATURE
    assert [t.action for t in WORKFLOW.transitions if t.handled_by] == [A.RECORD_REVIEW]
    assert WORKFLOW.final == {S.PAID, S.REJECTED, S.CANCELLED}
    assert WORKFLOW.initial == S.SUBMITTED
    assert WORKFLOW.service == "medical"
    assert frozenset(MedStatus) - med.LIVE == {S.REJECTED, S.CANCELLED}


def test_callback_data_fits() -> None:
    longest = max(len(f"req:{a}:{2**63 - 1}".encode()) for a in MedAction)
    assert longest <= 64


CLERK = {Grant(Role.CLERK, "medical")}
HEAD, FINANCE = {Grant(Role.HEAD)}, {Grant(Role.FINANCE)}


@pytest.mark.parametrize(
    ("status", "action", "grants", "is_owner", "reason", "error"),
    [
        (S.SUBMITTED, A.OPEN_FILE, CLERK, False, None, None),
        (S.SUBMITTED, A.OPEN_FILE, {Grant(Role.CLERK)}, False, None, None),  # an unscoped clerk
        (S.SUBMITTED, A.OPEN_FILE, {Grant(Role.CLERK, "loan")}, False, None, NotPermitted),
        (S.SUBMITTED, A.OPEN_FILE, set(), True, None, NotPermitted),  # not the owner
        (S.SUBMITTED, A.OPEN_FILE, HEAD | FINANCE, False, None, NotPermitted),
        (S.FILE_OPENED, A.TO_DOCTOR, CLERK, False, None, None),
        (S.AT_DOCTOR, A.RECORD_REVIEW, CLERK, False, None, None),
        (S.REVIEWED, A.REMIT, CLERK, False, None, None),
        (S.REVIEWED, A.REMIT, HEAD, False, None, NotPermitted),
        (S.REMITTED, A.TO_ACCOUNTING, HEAD, False, None, None),
        (S.REMITTED, A.TO_ACCOUNTING, CLERK, False, None, NotPermitted),
        (S.AT_ACCOUNTING, A.PAY, FINANCE, False, None, None),
        (S.AT_ACCOUNTING, A.PAY, CLERK | HEAD, False, None, NotPermitted),
        (S.AT_DOCTOR, A.REJECT, CLERK, False, None, ReasonRequired),
        (S.AT_DOCTOR, A.REJECT, CLERK, False, " ", ReasonRequired),
        (S.AT_DOCTOR, A.REJECT, CLERK, False, "not insured", None),
        (S.REVIEWED, A.ASK_INFO, CLERK, False, "the original invoice", None),
        (S.REVIEWED, A.ASK_INFO, CLERK, False, None, ReasonRequired),
        (S.REMITTED, A.ASK_INFO, HEAD, False, "which account?", None),
        (S.REMITTED, A.ASK_INFO, CLERK, False, "which account?", NotPermitted),
        (S.AT_ACCOUNTING, A.ASK_INFO, FINANCE, False, "the Sheba is wrong", None),
        (S.AT_ACCOUNTING, A.ASK_INFO, HEAD, False, "the Sheba is wrong", NotPermitted),
        (S.NEEDS_INFO, A.ANSWER_INFO, set(), True, None, None),
        (S.NEEDS_INFO, A.ANSWER_INFO, CLERK, False, None, NotPermitted),
        (S.SUBMITTED, A.CANCEL, set(), True, None, None),
        (S.SUBMITTED, A.CANCEL, CLERK, False, None, NotPermitted),
    ],
)
def test_who_may_take_each_action(
    status: MedStatus,
    action: MedAction,
    grants: set[Grant],
    is_owner: bool,
    reason: str | None,
    error: type[Exception] | None,
) -> None:
    if error is None:
        WORKFLOW.authorise(status, action, grants=grants, is_owner=is_owner, reason=reason)
    else:
        with pytest.raises(error):
            WORKFLOW.authorise(status, action, grants=grants, is_owner=is_owner, reason=reason)


@pytest.mark.parametrize(
    ("status", "action", "earlier"),
    [(S.REMITTED, A.TO_ACCOUNTING, A.REMIT), (S.AT_ACCOUNTING, A.PAY, A.TO_ACCOUNTING)],
)
def test_separation_of_duties(status: MedStatus, action: MedAction, earlier: MedAction) -> None:
    assert WORKFLOW.find(status, action).not_by_actor_of == earlier
    everything = CLERK | HEAD | FINANCE
    with pytest.raises(SameActor):
        WORKFLOW.authorise(status, action, grants=everything, is_owner=False, earlier_actor=7, actor=7)
    WORKFLOW.authorise(status, action, grants=everything, is_owner=False, earlier_actor=7, actor=8)


@pytest.mark.parametrize(
    "status", [S.FILE_OPENED, S.AT_DOCTOR, S.REVIEWED, S.REMITTED, S.AT_ACCOUNTING, S.NEEDS_INFO]
)
def test_the_owner_cancels_only_while_registered(status: MedStatus) -> None:
    with pytest.raises(IllegalTransition):
        WORKFLOW.authorise(status, A.CANCEL, grants=set(), is_owner=True)
