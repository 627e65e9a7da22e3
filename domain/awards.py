"""Study awards for employees' school and university children: campaigns, GPAs, eligibility, reminders.

Pure: no telegram, no database, no clock. Days are Gregorian ``datetime.date`` values in the office's
calendar (shown in Jalali elsewhere); money is integer rials; a GPA is a ``Decimal`` out of 20 with at most
two decimals.

A campaign is announced for one academic year (the Jalali year it starts in: 1403 for 1403-1404) and offers
some levels, each with a GPA threshold, an award amount and a plausible age range. An application (one
child, one level, the GPA on the report card) is eligible when:

- it is submitted on or before the campaign's deadline (the deadline day is included);
- the child is on file as the employee's dependant with relation ``child``;
- the campaign offers the level, and the GPA reaches the level's threshold (equal is enough);
- the child's age in whole years on the first day of that academic year (1 Mehr) lies in the level's range;
- no other application exists for the same child in this campaign (whichever parent sent it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol

import jdatetime  # type: ignore[import-untyped, unused-ignore]

from domain.jalali import full_jalali_months_between, to_gregorian
from domain.people import Relation
from domain.text import normalize_text
from domain.validators import MAX_INPUT_LENGTH

__all__ = [
    "ACADEMIC_YEAR_START_MONTH",
    "DEFAULT_AGE_RANGES",
    "GPA_SCALE",
    "REMIND_DAYS_BEFORE",
    "AgeRange",
    "Application",
    "AwardDecision",
    "AwardRefusal",
    "Campaign",
    "GpaRefusal",
    "Household",
    "Level",
    "LevelRule",
    "Member",
    "Reminder",
    "check_application",
    "child_age",
    "due_reminders",
    "parse_gpa",
    "reminder_day",
]

GPA_SCALE = Decimal(20)
_GPA_STEP = Decimal("0.01")
_GPA_DECIMALS = 2
#: The academic year starts on 1 Mehr, the seventh Jalali month.
ACADEMIC_YEAR_START_MONTH = 7
#: Employees who have not applied yet are reminded this many days before the deadline.
REMIND_DAYS_BEFORE = 3
_MONTHS_PER_YEAR = 12


class Level(StrEnum):
    """A level of study a campaign may offer an award for."""

    PRIMARY = "primary"  # grades 1-6
    LOWER_SECONDARY = "lower_secondary"  # grades 7-9
    UPPER_SECONDARY = "upper_secondary"  # grades 10-12
    UNIVERSITY = "university"  # associate and bachelor
    POSTGRADUATE = "postgraduate"  # master and doctorate


@dataclass(frozen=True, slots=True)
class AgeRange:
    """Plausible ages in whole years, both ends included, on the first day of the academic year."""

    minimum: int
    maximum: int

    def __post_init__(self) -> None:
        """Refuse negative ages and an empty range."""
        if not 0 <= self.minimum <= self.maximum:
            raise ValueError(f"need 0 <= minimum <= maximum (got {self.minimum}..{self.maximum})")

    def __contains__(self, age: object) -> bool:
        """Whether a whole number of years lies in the range."""
        return isinstance(age, int) and self.minimum <= age <= self.maximum


#: Age ranges used when a campaign does not set its own: the usual age of each level on 1 Mehr (6-11,
#: 12-14, 15-17, 18+) widened for early or late starts and repeated years.
DEFAULT_AGE_RANGES: Mapping[Level, AgeRange] = MappingProxyType(
    {
        Level.PRIMARY: AgeRange(5, 13),
        Level.LOWER_SECONDARY: AgeRange(10, 17),
        Level.UPPER_SECONDARY: AgeRange(13, 20),
        Level.UNIVERSITY: AgeRange(16, 35),
        Level.POSTGRADUATE: AgeRange(20, 45),
    }
)


def _check_gpa(value: Decimal, what: str) -> None:
    """Raise ValueError unless value is a finite Decimal in 0..20 with at most two decimals."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"{what} must be a finite Decimal (got {value!r})")
    if not 0 <= value <= GPA_SCALE:
        raise ValueError(f"{what} must be between 0 and 20 (got {value})")
    if value != value.quantize(_GPA_STEP):
        raise ValueError(f"{what} must have at most two decimals (got {value})")


@dataclass(frozen=True, slots=True)
class LevelRule:
    """What a campaign offers for one level: the GPA threshold, the award and the plausible ages."""

    level: Level
    threshold: Decimal
    amount: int
    #: None: the level's entry in ``DEFAULT_AGE_RANGES``.
    ages: AgeRange | None = None

    def __post_init__(self) -> None:
        """Refuse an impossible threshold and a non-positive or non-integer amount."""
        _check_gpa(self.threshold, "threshold")
        if not isinstance(self.amount, int) or isinstance(self.amount, bool) or self.amount <= 0:
            raise ValueError(f"amount must be whole rials > 0 (got {self.amount!r})")

    @property
    def age_range(self) -> AgeRange:
        """The configured age range, or the level's default."""
        return self.ages if self.ages is not None else DEFAULT_AGE_RANGES[self.level]


@dataclass(frozen=True, slots=True)
class Campaign:
    """One year's awards as the office announced them."""

    #: The Jalali year the academic year starts in (1403 for 1403-1404).
    academic_year: int
    levels: tuple[LevelRule, ...]
    #: The last day applications are accepted.
    deadline: dt.date
    remind_days_before: int = REMIND_DAYS_BEFORE

    def __post_init__(self) -> None:
        """Refuse a campaign with no level, a level offered twice or a negative reminder lead."""
        if not self.levels:
            raise ValueError("a campaign offers at least one level")
        offered = [rule.level for rule in self.levels]
        if len(set(offered)) != len(offered):
            raise ValueError("each level may be offered once")
        if self.remind_days_before < 0:
            raise ValueError("remind_days_before must be >= 0")
        if not 1 <= self.academic_year <= 9377:  # jdatetime's range
            raise ValueError(f"academic_year out of range (got {self.academic_year})")

    def rule_for(self, level: str) -> LevelRule | None:
        """The offered level's rule (None: the campaign does not offer it)."""
        return next((rule for rule in self.levels if rule.level == level), None)

    @property
    def age_reference(self) -> dt.date:
        """The day ages are measured on: 1 Mehr of the academic year."""
        return to_gregorian(jdatetime.date(self.academic_year, ACADEMIC_YEAR_START_MONTH, 1))


# --- the GPA as typed ---------------------------------------------------------------------------------------


class GpaRefusal(StrEnum):
    """Why a typed GPA was not accepted (``empty`` and ``too_long`` share the validators' messages)."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    FORMAT = "gpa_format"
    RANGE = "gpa_range"
    PRECISION = "gpa_precision"


# Whole part, then optionally a decimal separator ('.', '/' as written by hand in Persian, or the Arabic
# decimal separator U+066B) and the decimals; spaces around the separator are tolerated.
_GPA_RE = re.compile(r"([-+]?)([0-9]+)(?:\s*[./\u066b]\s*([0-9]+))?", re.ASCII)


def parse_gpa(text: str) -> Decimal | GpaRefusal:
    """A GPA out of 20 typed in any digits, as a Decimal with two places, or why not; never raises.

    Trailing zeros in the decimals do not count towards the two allowed ('18.500' is 18.50). A '/' is a
    decimal separator, as Persian handwriting has it: '18/25' is 18.25.
    """
    if len(text) > MAX_INPUT_LENGTH:
        return GpaRefusal.TOO_LONG
    cleaned = normalize_text(text)
    if not cleaned:
        return GpaRefusal.EMPTY
    match = _GPA_RE.fullmatch(cleaned)
    if match is None:
        return GpaRefusal.FORMAT
    sign, whole, decimals = match.group(1), match.group(2), (match.group(3) or "").rstrip("0")
    if len(decimals) > _GPA_DECIMALS:
        return GpaRefusal.PRECISION
    value = Decimal(f"{whole}.{decimals or '0'}")
    if (sign == "-" and value) or value > GPA_SCALE:
        return GpaRefusal.RANGE
    return value.quantize(_GPA_STEP)


# --- eligibility --------------------------------------------------------------------------------------------


class Member(Protocol):
    """A dependant on file, as ``storage.models.Dependant`` has it."""

    @property
    def national_id(self) -> str:
        """The dependant's national ID (10 digits)."""
        ...

    @property
    def relation(self) -> str:
        """A ``domain.people.Relation`` value."""
        ...

    @property
    def birth_date(self) -> dt.date | None:
        """The birth date on file, if any."""
        ...


@dataclass(frozen=True, slots=True)
class Application:
    """What the employee sent: which child, which level, the GPA on the report card, and when."""

    child_national_id: str
    level: str
    gpa: Decimal
    submitted_on: dt.date


class AwardRefusal(StrEnum):
    """Why an application earns no award (each has one message in the texts)."""

    DEADLINE_PASSED = "deadline_passed"
    NOT_DEPENDANT = "not_dependant"
    NOT_CHILD = "not_child"
    LEVEL_NOT_OFFERED = "level_not_offered"
    GPA_BELOW_THRESHOLD = "gpa_below_threshold"
    AGE_UNKNOWN = "age_unknown"
    AGE_IMPLAUSIBLE = "age_implausible"
    ALREADY_APPLIED = "already_applied"


@dataclass(frozen=True, slots=True)
class AwardDecision:
    """The outcome with every unmet condition (in the order above) and the facts a message may quote."""

    eligible: bool
    #: The level's award when eligible, else 0.
    amount: int
    reasons: tuple[AwardRefusal, ...]
    #: The level's GPA threshold (None: the level is not offered).
    threshold: Decimal | None = None
    #: The child's age in whole years on 1 Mehr of the academic year (None: unknown).
    age: int | None = None
    #: The level's plausible ages (None: the level is not offered).
    ages: AgeRange | None = None


def child_age(birth_date: dt.date, on: dt.date) -> int:
    """Whole Jalali years from birth to ``on`` (0 for a birth on or after ``on``)."""
    return full_jalali_months_between(birth_date, on) // _MONTHS_PER_YEAR


def _find(dependants: Iterable[Member], national_id: str) -> Member | None:
    """The dependant with this national ID, if on file."""
    return next((member for member in dependants if member.national_id == national_id), None)


def check_application(
    campaign: Campaign,
    application: Application,
    *,
    dependants: Iterable[Member],
    applied: Collection[str],
) -> AwardDecision:
    """Judge one application against the campaign and the employee's dependants on file.

    ``applied``: national IDs of the children that already have an application in this campaign, from any
    employee, not counting this one.
    """
    _check_gpa(application.gpa, "gpa")
    reasons: list[AwardRefusal] = []
    if application.submitted_on > campaign.deadline:
        reasons.append(AwardRefusal.DEADLINE_PASSED)
    child = _find(dependants, application.child_national_id)
    if child is None:
        reasons.append(AwardRefusal.NOT_DEPENDANT)
    elif child.relation != Relation.CHILD:
        reasons.append(AwardRefusal.NOT_CHILD)
    rule = campaign.rule_for(application.level)
    age = None
    if child is not None and child.birth_date is not None:
        age = child_age(child.birth_date, campaign.age_reference)
    if rule is None:
        reasons.append(AwardRefusal.LEVEL_NOT_OFFERED)
    else:
        if application.gpa < rule.threshold:
            reasons.append(AwardRefusal.GPA_BELOW_THRESHOLD)
        if child is not None and child.relation == Relation.CHILD:
            if age is None:
                reasons.append(AwardRefusal.AGE_UNKNOWN)
            elif age not in rule.age_range:
                reasons.append(AwardRefusal.AGE_IMPLAUSIBLE)
    if application.child_national_id in applied:
        reasons.append(AwardRefusal.ALREADY_APPLIED)
    eligible = not reasons
    return AwardDecision(
        eligible=eligible,
        amount=rule.amount if eligible and rule is not None else 0,
        reasons=tuple(reasons),
        threshold=rule.threshold if rule is not None else None,
        age=age,
        ages=rule.age_range if rule is not None else None,
    )


# --- reminders ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Household:
    """An employee who may be reminded, with the dependants on file."""

    employee_id: int
    dependants: Sequence[Member]


@dataclass(frozen=True, slots=True)
class Reminder:
    """Remind this employee: these children (national IDs) are of an eligible age and not applied for."""

    employee_id: int
    children: tuple[str, ...]


def reminder_day(campaign: Campaign) -> dt.date:
    """The day the reminders go out: ``remind_days_before`` days before the deadline."""
    return campaign.deadline - dt.timedelta(days=campaign.remind_days_before)


def _of_eligible_age(campaign: Campaign, member: Member) -> bool:
    """A child on file whose age fits at least one offered level (unknown birth date: no)."""
    if member.relation != Relation.CHILD or member.birth_date is None:
        return False
    age = child_age(member.birth_date, campaign.age_reference)
    return any(age in rule.age_range for rule in campaign.levels)


def due_reminders(
    campaign: Campaign,
    households: Iterable[Household],
    applied: Collection[str],
    *,
    today: dt.date,
) -> tuple[Reminder, ...]:
    """Who to remind today: from the reminder day through the deadline, employees with children of an
    eligible age that no one has applied for (``applied``: children's national IDs); none on other days.

    The window (not a single day) lets a late job still send them; the caller sends each reminder once.
    """
    if not reminder_day(campaign) <= today <= campaign.deadline:
        return ()
    found: list[Reminder] = []
    for household in households:
        children = tuple(
            member.national_id
            for member in household.dependants
            if member.national_id not in applied and _of_eligible_age(campaign, member)
        )
        if children:
            found.append(Reminder(household.employee_id, children))
    return tuple(found)
