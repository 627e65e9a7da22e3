"""Study-award rules as tables: the campaign, the typed GPA, eligibility of an application, reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import jdatetime
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain import awards
from domain.awards import (
    AgeRange,
    Application,
    AwardDecision,
    AwardRefusal,
    Campaign,
    GpaRefusal,
    Household,
    Level,
    LevelRule,
    Reminder,
    check_application,
    child_age,
    due_reminders,
    parse_gpa,
    reminder_day,
)
from domain.jalali import to_gregorian
from domain.people import Relation
from domain.validators import MAX_INPUT_LENGTH, InvalidCode


def j(y: int, m: int, d: int) -> dt.date:
    """A Jalali day as a Gregorian date."""
    return to_gregorian(jdatetime.date(y, m, d))


@dataclass(frozen=True)
class Kid:
    """A dependant on file (the shape of storage.models.Dependant that the rules read)."""

    national_id: str
    relation: str = Relation.CHILD
    birth_date: dt.date | None = None


DEADLINE = j(1404, 5, 31)
PRIMARY = LevelRule(Level.PRIMARY, Decimal(19), 5_000_000)
UPPER = LevelRule(Level.UPPER_SECONDARY, Decimal("17.50"), 8_000_000)
CAMPAIGN = Campaign(academic_year=1403, levels=(PRIMARY, UPPER), deadline=DEADLINE)
# Ages are measured on 1 Mehr 1403: a child born 1395/07/01 is exactly 8, one born 1386/07/01 exactly 17.
PUPIL = Kid("1111111111", birth_date=j(1395, 7, 1))
TEEN = Kid("2222222222", birth_date=j(1386, 7, 1))
SPOUSE = Kid("3333333333", relation=Relation.SPOUSE, birth_date=j(1370, 1, 1))
NO_BIRTH_DATE = Kid("4444444444")
FAMILY = (PUPIL, TEEN, SPOUSE, NO_BIRTH_DATE)


def apply(
    child: str = PUPIL.national_id,
    level: str = Level.PRIMARY,
    gpa: str = "19.50",
    on: dt.date = DEADLINE,
    *,
    campaign: Campaign = CAMPAIGN,
    dependants: tuple[Kid, ...] = FAMILY,
    applied: frozenset[str] = frozenset(),
) -> AwardDecision:
    return check_application(
        campaign,
        Application(child, level, Decimal(gpa), on),
        dependants=dependants,
        applied=applied,
    )


# --- the campaign -------------------------------------------------------------------------------------------


def test_ages_are_measured_on_the_first_of_mehr_of_the_academic_year() -> None:
    assert CAMPAIGN.age_reference == dt.date(2024, 9, 22) == j(1403, 7, 1)


@pytest.mark.parametrize(
    ("birth", "age"),
    [
        (j(1395, 7, 1), 8),  # eighth birthday on the reference day itself
        (j(1395, 7, 2), 7),  # the day after: not yet
        (j(1395, 6, 31), 8),
        (j(1403, 7, 1), 0),
        (j(1403, 8, 1), 0),  # born after the reference day
        (j(1383, 12, 30), 19),  # a leap-year Esfand 30 birthday
    ],
)
def test_child_age_in_whole_jalali_years(birth: dt.date, age: int) -> None:
    assert child_age(birth, CAMPAIGN.age_reference) == age


def test_default_age_ranges_cover_every_level() -> None:
    assert set(awards.DEFAULT_AGE_RANGES) == set(Level)
    assert PRIMARY.age_range == AgeRange(5, 13)
    assert LevelRule(Level.PRIMARY, Decimal(19), 1, ages=AgeRange(6, 12)).age_range == AgeRange(6, 12)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Campaign(1403, (), DEADLINE), "at least one level"),
        (lambda: Campaign(1403, (PRIMARY, PRIMARY), DEADLINE), "once"),
        (lambda: Campaign(1403, (PRIMARY,), DEADLINE, remind_days_before=-1), "remind_days_before"),
        (lambda: Campaign(0, (PRIMARY,), DEADLINE), "academic_year"),
        (lambda: LevelRule(Level.PRIMARY, Decimal("20.01"), 1), "between 0 and 20"),
        (lambda: LevelRule(Level.PRIMARY, Decimal(-1), 1), "between 0 and 20"),
        (lambda: LevelRule(Level.PRIMARY, Decimal("17.125"), 1), "two decimals"),
        (lambda: LevelRule(Level.PRIMARY, Decimal("NaN"), 1), "finite"),
        (lambda: LevelRule(Level.PRIMARY, 17.5, 1), "finite"),  # type: ignore[arg-type]  # a float
        (lambda: LevelRule(Level.PRIMARY, Decimal(17), 0), "amount"),
        (lambda: LevelRule(Level.PRIMARY, Decimal(17), True), "amount"),
        (lambda: AgeRange(-1, 5), "minimum"),
        (lambda: AgeRange(7, 6), "minimum"),
    ],
)
def test_impossible_configuration_is_refused(make: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()  # type: ignore[operator]


def test_rule_for_an_offered_level_only() -> None:
    assert CAMPAIGN.rule_for("primary") is PRIMARY
    assert CAMPAIGN.rule_for(Level.UNIVERSITY) is None
    assert CAMPAIGN.rule_for("kindergarten") is None


# --- the GPA as typed ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18", Decimal("18.00")),
        ("18.5", Decimal("18.50")),
        ("18.75", Decimal("18.75")),
        ("\u06f1\u06f8\u066b\u06f7\u06f5", Decimal("18.75")),  # Persian digits, Arabic decimal separator
        ("\u0661\u0668/\u0662\u0665", Decimal("18.25")),  # Arabic digits, '/' as written by hand
        ("18/25", Decimal("18.25")),
        ("18 / 5", Decimal("18.50")),
        ("  19.50  ", Decimal("19.50")),
        ("20", Decimal("20.00")),
        ("20.00", Decimal("20.00")),
        ("20.000", Decimal("20.00")),
        ("0", Decimal("0.00")),
        ("0.01", Decimal("0.01")),
        ("18.500", Decimal("18.50")),  # trailing zeros are not decimals
        ("08.5", Decimal("8.50")),
        ("+18", Decimal("18.00")),
        ("\u200f18.5\u200e", Decimal("18.50")),  # bidi marks pasted along
        ("", GpaRefusal.EMPTY),
        ("   ", GpaRefusal.EMPTY),
        ("\u200c", GpaRefusal.EMPTY),
        ("1" * (MAX_INPUT_LENGTH + 1), GpaRefusal.TOO_LONG),
        ("18.123", GpaRefusal.PRECISION),
        ("18.1250", GpaRefusal.PRECISION),
        ("20.01", GpaRefusal.RANGE),
        ("21", GpaRefusal.RANGE),
        ("100", GpaRefusal.RANGE),
        ("-1", GpaRefusal.RANGE),
        ("-0.5", GpaRefusal.RANGE),
        ("18.", GpaRefusal.FORMAT),
        (".5", GpaRefusal.FORMAT),
        ("18,5", GpaRefusal.FORMAT),
        ("18 5", GpaRefusal.FORMAT),
        ("18..5", GpaRefusal.FORMAT),
        ("18.5.1", GpaRefusal.FORMAT),
        ("abc", GpaRefusal.FORMAT),
        ("\u06f1\u06f8 \u0627\u0632 \u06f2\u06f0", GpaRefusal.FORMAT),  # "18 out of 20" in words
        ("1e1", GpaRefusal.FORMAT),
        ("\u0968\u0966", GpaRefusal.FORMAT),  # Devanagari digits are not read
    ],
)
def test_parse_gpa(text: str, expected: Decimal | GpaRefusal) -> None:
    result = parse_gpa(text)
    assert result == expected
    assert type(result) is type(expected)
    if isinstance(expected, Decimal):
        assert str(result) == str(expected)  # always two places


def test_gpa_refusal_codes_share_the_validators_generic_ones() -> None:
    assert GpaRefusal.EMPTY.value == InvalidCode.EMPTY.value
    assert GpaRefusal.TOO_LONG.value == InvalidCode.TOO_LONG.value


# Arbitrary text, and text made of what a GPA is made of (digits of three scripts, separators, signs).
GPA_LIKE = st.text(alphabet="0123456789./\u066b ,+-\u06f0\u06f5\u06f9\u0660\u0669", max_size=12)


# No deadline: a shared CI machine may be slow; the examples stay few.
@settings(deadline=None)
@given(st.one_of(st.text(max_size=MAX_INPUT_LENGTH + 5), GPA_LIKE))
def test_parse_gpa_never_raises_and_returns_a_valid_gpa_or_a_code(text: str) -> None:
    result = parse_gpa(text)
    if isinstance(result, Decimal):
        assert Decimal(0) <= result <= Decimal(20)
        assert result == result.quantize(Decimal("0.01"))
    else:
        assert isinstance(result, GpaRefusal)


_PERSIAN = str.maketrans("0123456789", "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9")
_ARABIC = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")


@settings(deadline=None)
@given(
    st.integers(min_value=0, max_value=2000),
    st.sampled_from([".", "/", "\u066b"]),
    st.sampled_from([None, _PERSIAN, _ARABIC]),
    st.booleans(),
)
def test_every_gpa_round_trips_in_any_digits_and_separator(
    hundredths: int, separator: str, digits: dict[int, str] | None, padded: bool
) -> None:
    value = Decimal(hundredths) / 100
    whole, decimals = f"{value:.2f}".split(".")
    text = f"{whole}{separator}{decimals}"
    if digits is not None:
        text = text.translate(digits)
    if padded:
        text = f" {text} "
    assert parse_gpa(text) == value


# --- eligibility --------------------------------------------------------------------------------------------


def test_an_eligible_application_earns_the_level_amount() -> None:
    assert apply() == AwardDecision(
        eligible=True,
        amount=5_000_000,
        reasons=(),
        threshold=Decimal(19),
        age=8,
        ages=AgeRange(5, 13),
    )
    upper = apply(TEEN.national_id, Level.UPPER_SECONDARY, "17.5")
    assert (upper.eligible, upper.amount, upper.age) == (True, 8_000_000, 17)


@pytest.mark.parametrize(
    ("gpa", "reasons"),
    [
        ("19", ()),  # exactly the threshold
        ("19.01", ()),
        ("20", ()),
        ("18.99", (AwardRefusal.GPA_BELOW_THRESHOLD,)),
        ("0", (AwardRefusal.GPA_BELOW_THRESHOLD,)),
    ],
)
def test_gpa_must_reach_the_threshold(gpa: str, reasons: tuple[AwardRefusal, ...]) -> None:
    decision = apply(gpa=gpa)
    assert decision.reasons == reasons
    assert decision.eligible == (not reasons)
    assert decision.amount == (0 if reasons else 5_000_000)


@pytest.mark.parametrize(
    ("on", "reasons"),
    [
        (DEADLINE - dt.timedelta(days=30), ()),
        (DEADLINE, ()),  # the deadline day itself
        (DEADLINE + dt.timedelta(days=1), (AwardRefusal.DEADLINE_PASSED,)),
    ],
)
def test_deadline_day_is_included(on: dt.date, reasons: tuple[AwardRefusal, ...]) -> None:
    assert apply(on=on).reasons == reasons


@pytest.mark.parametrize(
    ("level", "gpa"),
    [(Level.UNIVERSITY, "20"), ("kindergarten", "20"), ("", "0"), (Level.POSTGRADUATE, "3")],
)
def test_a_level_the_campaign_does_not_offer(level: str, gpa: str) -> None:
    decision = apply(level=level, gpa=gpa)
    assert decision.reasons == (AwardRefusal.LEVEL_NOT_OFFERED,)  # no GPA or age verdict without a level
    assert (decision.threshold, decision.ages, decision.amount) == (None, None, 0)
    assert decision.age == 8  # still known


@pytest.mark.parametrize(
    ("child", "reasons"),
    [
        ("9999999999", (AwardRefusal.NOT_DEPENDANT,)),  # not on file under this employee
        (SPOUSE.national_id, (AwardRefusal.NOT_CHILD,)),
        (NO_BIRTH_DATE.national_id, (AwardRefusal.AGE_UNKNOWN,)),
    ],
)
def test_the_child_must_be_the_employees_child_on_file(child: str, reasons: tuple[AwardRefusal, ...]) -> None:
    assert apply(child=child).reasons == reasons


def test_a_parent_on_file_is_not_a_child() -> None:
    parent = Kid("5555555555", relation=Relation.PARENT, birth_date=j(1395, 7, 1))
    assert apply(parent.national_id, dependants=(parent,)).reasons == (AwardRefusal.NOT_CHILD,)


@pytest.mark.parametrize(
    ("birth", "level", "reasons"),
    [
        # primary: 5..13 on 1 Mehr 1403
        (j(1398, 7, 1), Level.PRIMARY, ()),  # exactly 5
        (j(1398, 7, 2), Level.PRIMARY, (AwardRefusal.AGE_IMPLAUSIBLE,)),  # 4, a day short of 5
        (j(1390, 7, 1), Level.PRIMARY, ()),  # exactly 13
        (j(1390, 6, 31), Level.PRIMARY, ()),  # 13, a day short of 14
        (j(1389, 7, 1), Level.PRIMARY, (AwardRefusal.AGE_IMPLAUSIBLE,)),  # 14
        # upper secondary: 13..20
        (j(1390, 7, 1), Level.UPPER_SECONDARY, ()),
        (j(1383, 7, 1), Level.UPPER_SECONDARY, ()),  # exactly 20
        (j(1382, 7, 2), Level.UPPER_SECONDARY, ()),  # 20, a day short of 21
        (j(1382, 7, 1), Level.UPPER_SECONDARY, (AwardRefusal.AGE_IMPLAUSIBLE,)),  # 21
    ],
)
def test_age_must_be_plausible_for_the_level(
    birth: dt.date, level: Level, reasons: tuple[AwardRefusal, ...]
) -> None:
    kid = Kid("6666666666", birth_date=birth)
    assert apply(kid.national_id, level, "20", dependants=(kid,)).reasons == reasons


def test_age_ranges_are_configurable_per_level() -> None:
    strict = Campaign(1403, (LevelRule(Level.PRIMARY, Decimal(19), 1, ages=AgeRange(6, 11)),), DEADLINE)
    eight = Kid("1", birth_date=j(1395, 7, 1))
    twelve = Kid("2", birth_date=j(1391, 7, 1))
    assert apply("1", campaign=strict, dependants=(eight,)).eligible
    assert apply("2", campaign=strict, dependants=(twelve,)).reasons == (AwardRefusal.AGE_IMPLAUSIBLE,)


def test_one_application_per_child_per_campaign() -> None:
    others = frozenset({PUPIL.national_id})
    assert apply(applied=others).reasons == (AwardRefusal.ALREADY_APPLIED,)
    assert apply(applied=frozenset({TEEN.national_id})).eligible  # a sibling's application does not count


def test_every_unmet_condition_is_reported_in_a_fixed_order() -> None:
    late = DEADLINE + dt.timedelta(days=1)
    toddler = Kid("7", birth_date=j(1401, 1, 1))
    decision = apply("7", gpa="10", on=late, dependants=(toddler,), applied=frozenset({"7"}))
    assert decision.reasons == (
        AwardRefusal.DEADLINE_PASSED,
        AwardRefusal.GPA_BELOW_THRESHOLD,
        AwardRefusal.AGE_IMPLAUSIBLE,
        AwardRefusal.ALREADY_APPLIED,
    )
    assert not decision.eligible
    assert decision.amount == 0
    stranger = apply("8", level="none", gpa="1", on=late, applied=frozenset({"8"}))
    assert stranger.reasons == (
        AwardRefusal.DEADLINE_PASSED,
        AwardRefusal.NOT_DEPENDANT,
        AwardRefusal.LEVEL_NOT_OFFERED,
        AwardRefusal.ALREADY_APPLIED,
    )
    assert stranger.age is None


@pytest.mark.parametrize("gpa", [Decimal("20.5"), Decimal(-1), Decimal("18.125"), Decimal("NaN")])
def test_an_impossible_gpa_is_a_programming_error(gpa: Decimal) -> None:
    with pytest.raises(ValueError, match="gpa"):
        check_application(CAMPAIGN, Application("1", "primary", gpa, DEADLINE), dependants=(), applied=())


# --- reminders ----------------------------------------------------------------------------------------------


HOUSEHOLDS = (
    Household(1, (PUPIL, SPOUSE)),
    Household(2, (TEEN, NO_BIRTH_DATE)),
    Household(3, (SPOUSE,)),  # no children
    Household(4, (Kid("8888888888", birth_date=j(1360, 1, 1)),)),  # a grown-up child: no level fits
    Household(5, ()),
    Household(6, (Kid("7777777777", birth_date=j(1400, 1, 1)), PUPIL)),  # too young; PUPIL also (2 parents)
)


def test_reminder_day_is_three_days_before_the_deadline() -> None:
    assert reminder_day(CAMPAIGN) == j(1404, 5, 28)
    later = Campaign(1403, (PRIMARY,), DEADLINE, remind_days_before=7)
    assert reminder_day(later) == j(1404, 5, 24)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (j(1404, 5, 27), ()),  # before the reminder day
        (j(1404, 5, 28), (Reminder(1, (PUPIL.national_id,)), Reminder(2, (TEEN.national_id,)))),
        (j(1404, 5, 31), (Reminder(1, (PUPIL.national_id,)), Reminder(2, (TEEN.national_id,)))),  # a late job
        (j(1404, 6, 1), ()),  # after the deadline
    ],
)
def test_who_is_reminded_when(today: dt.date, expected: tuple[Reminder, ...]) -> None:
    households = HOUSEHOLDS[:5]
    assert due_reminders(CAMPAIGN, households, frozenset(), today=today) == expected


def test_children_already_applied_for_are_not_reminded_about() -> None:
    today = reminder_day(CAMPAIGN)
    found = due_reminders(CAMPAIGN, HOUSEHOLDS, frozenset({PUPIL.national_id}), today=today)
    assert found == (Reminder(2, (TEEN.national_id,)),)
    everyone = due_reminders(CAMPAIGN, HOUSEHOLDS, frozenset(), today=today)
    # both parents of a child are reminded until one of them applies
    assert Reminder(6, (PUPIL.national_id,)) in everyone


def test_an_age_fitting_only_a_level_not_offered_is_not_eligible() -> None:
    student = Kid("9", birth_date=j(1380, 7, 1))  # 22: university age, but only school levels are offered
    assert due_reminders(CAMPAIGN, (Household(1, (student,)),), (), today=DEADLINE) == ()
    uni = Campaign(1403, (LevelRule(Level.UNIVERSITY, Decimal(17), 1),), DEADLINE)
    assert due_reminders(uni, (Household(1, (student,)),), (), today=DEADLINE) == (Reminder(1, ("9",)),)
