"""The supplementary health-insurance booklet's four processes: first issue, adding family members,
cancellation and duplicate; who may ask, the papers each needs, a new member's checks, the premium payroll
deducts, and each process's workflow.

Pure: no telegram, no database, no clock. Days are Gregorian ``datetime.date`` values; ages and months are
Jalali (a child turns 18 on the Jalali anniversary of their birth; one born on Esfand 30 turns a year older
on Farvardin 1 in a year without that day). Money is integer rials; every refusal is a code.

The workflows (staff: the service's clerks and payroll)::

    first issue, adding members:
      submitted --record (in the insurance system)--> recorded --ask_deduction (letter to payroll)-->
      awaiting_salary --salary_paid (timer: the first salary with the deduction is paid)--> form_due
      --sign_form--> at_payroll --payroll_ok (payroll; not whoever signed)--> done (to a government counter)
    cancellation:
      submitted --record (removed in the system)--> recorded --issue_letter (to the provincial directorate)-->
      letter_issued --bring_reply (owner: the counter's reply)--> reply_received --ask_reduction-->
      at_payroll --payroll_ok--> done
    duplicate:
      submitted --sign_form--> done (off to a government counter)

    every process: ask_info by the stage's role --> needs_info --answer_info (owner)--> back there;
    reject (reason) from the clerks' stages and at payroll; cancel (owner) while still submitted
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from domain.config import Checker
from domain.jalali import jalali_month_length, jalali_month_start, shift_month, to_gregorian, to_jalali
from domain.refusals import InputRefused
from domain.text import normalize_text
from domain.validators import InvalidInput, parse_jalali_date, parse_national_id
from domain.workflow import OWNER, RESUME, SYSTEM, Role, Transition, Workflow

SERVICE = "booklet"
#: The callback feature of the service's own handlers (``booklet:...``): the owner brings the counter's reply.
FEATURE = "booklet"

#: Nobody plausible is older than this many years.
MAX_AGE = 120
#: A parent is at least this many years older than the applicant, a child this many years younger.
GENERATION_GAP_YEARS = 12
DEFAULT_PAYROLL_CUTOFF_DAY = 20
DEFAULT_MEMBER_DELAY_MONTHS = 1

#: A Jalali (year, month).
Month = tuple[int, int]


class Process(StrEnum):
    """The four booklet processes."""

    FIRST_ISSUE = "first_issue"
    ADD_DEPENDANT = "add_dependant"
    CANCELLATION = "cancellation"
    DUPLICATE = "duplicate"


class EmploymentStatus(StrEnum):
    """The applicant's standing with the organisation (as the registry stores it)."""

    EMPLOYED = "employed"
    RETIRED = "retired"
    PENSIONER = "pensioner"


class Relation(StrEnum):
    """Who a person is to the insured (as the registry stores it)."""

    SELF = "self"
    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"


class MemberCategory(StrEnum):
    """What kind of family member is added; it decides the papers and the ages that fit."""

    SPOUSE = "spouse"
    CHILD = "child"
    STUDENT_CHILD = "student_child"
    DIVORCED_DAUGHTER = "divorced_daughter"
    DISABLED_CHILD = "disabled_child"
    PARENT = "parent"

    @property
    def relation(self) -> Relation:
        """The registry's relation for this category."""
        if self is MemberCategory.SPOUSE:
            return Relation.SPOUSE
        if self is MemberCategory.PARENT:
            return Relation.PARENT
        return Relation.CHILD


class CancelReason(StrEnum):
    """Why a booklet is cancelled."""

    DEATH = "death"
    MARRIAGE = "marriage"
    DIVORCE = "divorce"
    AGE_LIMIT = "age_limit"
    LEAVING = "leaving"


class Document(StrEnum):
    """The papers a process may need."""

    ID_DOCUMENTS = "id_documents"
    DECREE = "decree"
    MARRIAGE_CERTIFICATE = "marriage_certificate"
    STUDENT_CERTIFICATE = "student_certificate"
    DIVORCE_DECREE = "divorce_decree"
    DISABILITY_CERTIFICATE = "disability_certificate"
    NO_OTHER_INSURANCE = "no_other_insurance"
    DEATH_CERTIFICATE = "death_certificate"
    TERMINATION_DECREE = "termination_decree"


class Refusal(StrEnum):
    """Why a request or a new member is refused (each has one message in the texts)."""

    NOT_RETIRED = "not_retired"
    NOT_ELIGIBLE = "not_eligible"
    REASON_NOT_FOR_PERSON = "reason_not_for_person"
    BIRTH_IN_FUTURE = "birth_in_future"
    IMPLAUSIBLE_AGE = "implausible_age"
    TOO_YOUNG = "too_young"
    AGE_LIMIT = "age_limit"
    GENERATION_GAP = "generation_gap"
    SAME_AS_APPLICANT = "same_as_applicant"
    ALREADY_MEMBER = "already_member"
    MISSING_DOCUMENTS = "missing_documents"
    BAD_NAME = "bad_name"


# --- the policy ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryRule:
    """The papers a category needs besides the common ones, and the ages that fit it (whole Jalali years)."""

    documents: tuple[Document, ...] = ()
    age_from: int = 0
    #: The member must be younger than this (None: no upper limit).
    age_below: int | None = None


def default_categories() -> dict[MemberCategory, CategoryRule]:
    """The papers the seed names, and plausible ages (the office may change both)."""
    c, d = MemberCategory, Document
    return {
        c.SPOUSE: CategoryRule((d.MARRIAGE_CERTIFICATE,), age_from=13),
        c.CHILD: CategoryRule((), age_from=0, age_below=18),
        c.STUDENT_CHILD: CategoryRule((d.STUDENT_CERTIFICATE,), age_from=18, age_below=25),
        c.DIVORCED_DAUGHTER: CategoryRule((d.DIVORCE_DECREE,), age_from=13),
        c.DISABLED_CHILD: CategoryRule((d.DISABILITY_CERTIFICATE,), age_from=0),
        c.PARENT: CategoryRule((d.NO_OTHER_INSURANCE,), age_from=30),
    }


def default_process_documents() -> dict[Process, tuple[Document, ...]]:
    """The papers every request of a process needs (ID and the decree), before category or reason papers."""
    common = (Document.ID_DOCUMENTS, Document.DECREE)
    return dict.fromkeys(Process, common)


def default_cancellation_documents() -> dict[CancelReason, tuple[Document, ...]]:
    """The papers each cancellation reason adds."""
    r, d = CancelReason, Document
    return {
        r.DEATH: (d.DEATH_CERTIFICATE,),
        r.MARRIAGE: (d.MARRIAGE_CERTIFICATE,),
        r.DIVORCE: (d.DIVORCE_DECREE,),
        r.AGE_LIMIT: (),
        r.LEAVING: (d.TERMINATION_DECREE,),
    }


def default_eligible() -> dict[Process, frozenset[EmploymentStatus]]:
    """Who may ask: a first issue is for retirees and pensioners; the rest for everyone."""
    everyone = frozenset(EmploymentStatus)
    eligible = dict.fromkeys(Process, everyone)
    eligible[Process.FIRST_ISSUE] = frozenset({EmploymentStatus.RETIRED, EmploymentStatus.PENSIONER})
    return eligible


@dataclass(frozen=True)
class BookletPolicy:
    """The office's booklet rules."""

    #: Monthly premium per insured person (rials), unless ``premiums`` sets one for the person's category.
    premium: int
    #: Premium overrides by category; the key ``self`` is the insured employee or retiree.
    premiums: Mapping[str, int] = field(default_factory=dict)
    #: A deduction asked for up to this Jalali day of a month reaches that month's salary; later, the next.
    payroll_cutoff_day: int = DEFAULT_PAYROLL_CUTOFF_DAY
    #: A new member's premium starts this many months after the first salary a deduction could reach.
    member_delay_months: int = DEFAULT_MEMBER_DELAY_MONTHS
    process_documents: Mapping[Process, tuple[Document, ...]] = field(
        default_factory=default_process_documents
    )
    categories: Mapping[MemberCategory, CategoryRule] = field(default_factory=default_categories)
    cancellation_documents: Mapping[CancelReason, tuple[Document, ...]] = field(
        default_factory=default_cancellation_documents
    )
    eligible: Mapping[Process, frozenset[EmploymentStatus]] = field(default_factory=default_eligible)

    def premium_of(self, category: MemberCategory | None) -> int:
        """The monthly premium of one person (None: the insured themself)."""
        return self.premiums.get(category.value if category else Relation.SELF.value, self.premium)

    def category(self, category: MemberCategory) -> CategoryRule:
        """A category's rule."""
        return self.categories.get(category, CategoryRule())


_POLICY_KEYS = frozenset(
    {
        "premium",
        "premiums",
        "payroll_cutoff_day",
        "member_delay_months",
        "documents",
        "members",
        "cancellation",
        "eligible",
    }
)
_MEMBER_KEYS = frozenset({"documents", "age_from", "age_below"})
_PREMIUM_KEYS = frozenset({Relation.SELF.value, *MemberCategory})


def parse_policy(section: object, *, path: str = "booklet") -> BookletPolicy:
    """The ``[booklet]`` section of the office file; :class:`domain.config.ConfigError` names each bad value.

    ``premium`` is required. ``[booklet.documents]``, ``[booklet.members.<category>]``,
    ``[booklet.cancellation]`` and ``[booklet.eligible]`` change the defaults key by key; ``age_below = 0``
    means no upper age limit.
    """
    check = Checker()
    table = check.table(section, path, _POLICY_KEYS)
    if "premium" not in table and isinstance(section, Mapping):
        check.bad(f"{path}.premium", "required: the monthly premium per person in rials", None)
    premium = check.whole(table, "premium", path, low=0, default=0)
    premiums: dict[str, int] = {}
    given = check.table(table.get("premiums", {}), f"{path}.premiums", _PREMIUM_KEYS)
    for key in sorted(_PREMIUM_KEYS & set(given)):
        value = check.optional_whole(given, key, f"{path}.premiums", low=0)
        if value is not None:
            premiums[key] = value
    cutoff = check.whole(
        table, "payroll_cutoff_day", path, low=1, high=31, default=DEFAULT_PAYROLL_CUTOFF_DAY
    )
    delay = check.whole(
        table, "member_delay_months", path, low=0, high=12, default=DEFAULT_MEMBER_DELAY_MONTHS
    )
    documents = default_process_documents()
    where = f"{path}.documents"
    given = check.table(table.get("documents", {}), where, frozenset(Process))
    for process in Process:
        documents[process] = check.codes(given, process.value, where, Document, documents[process])
    cancellation = default_cancellation_documents()
    where = f"{path}.cancellation"
    given = check.table(table.get("cancellation", {}), where, frozenset(CancelReason))
    for reason in CancelReason:
        cancellation[reason] = check.codes(given, reason.value, where, Document, cancellation[reason])
    eligible = default_eligible()
    where = f"{path}.eligible"
    given = check.table(table.get("eligible", {}), where, frozenset(Process))
    for process in Process:
        statuses = check.codes(given, process.value, where, EmploymentStatus, tuple(eligible[process]))
        eligible[process] = frozenset(statuses)
    categories = default_categories()
    members = check.table(table.get("members", {}), f"{path}.members", frozenset(MemberCategory))
    for category in MemberCategory:
        if category.value in members:
            where = f"{path}.members.{category.value}"
            entry = check.table(members[category.value], where, _MEMBER_KEYS)
            categories[category] = _category_rule(check, entry, where, categories[category])
    check.done()
    return BookletPolicy(
        premium=premium,
        premiums=premiums,
        payroll_cutoff_day=cutoff,
        member_delay_months=delay,
        process_documents=documents,
        categories=categories,
        cancellation_documents=cancellation,
        eligible=eligible,
    )


def _category_rule(check: Checker, entry: Mapping[str, Any], where: str, base: CategoryRule) -> CategoryRule:
    """One ``[booklet.members.<category>]`` table over the category's defaults."""
    age_from = check.whole(entry, "age_from", where, low=0, high=MAX_AGE, default=base.age_from)
    below = check.optional_whole(entry, "age_below", where, low=0, high=MAX_AGE)
    age_below = base.age_below if "age_below" not in entry else (below or None)
    if age_below is not None and age_below <= age_from:
        check.bad(f"{where}.age_below", f"must be above age_from ({age_from}), or 0 for no limit", age_below)
    documents = check.codes(entry, "documents", where, Document, base.documents)
    return replace(base, documents=documents, age_from=age_from, age_below=age_below)


# --- who may ask, and the papers -------------------------------------------------------------------------


def applicant_refusal(process: Process, status: EmploymentStatus, policy: BookletPolicy) -> Refusal | None:
    """Why this applicant may not ask for ``process`` (None: they may)."""
    if status in policy.eligible.get(process, frozenset()):
        return None
    if process is Process.FIRST_ISSUE and status is EmploymentStatus.EMPLOYED:
        return Refusal.NOT_RETIRED
    return Refusal.NOT_ELIGIBLE


#: Whom each cancellation reason may concern.
CANCELLABLE_FOR: Mapping[CancelReason, frozenset[Relation]] = {
    CancelReason.DEATH: frozenset(Relation),
    CancelReason.MARRIAGE: frozenset({Relation.CHILD}),
    CancelReason.DIVORCE: frozenset({Relation.SPOUSE}),
    CancelReason.AGE_LIMIT: frozenset({Relation.CHILD}),
    CancelReason.LEAVING: frozenset({Relation.SELF}),
}


def cancellation_refusal(reason: CancelReason, relation: Relation) -> Refusal | None:
    """Why ``reason`` cannot cancel the booklet of this person (a spouse does not reach an age limit...)."""
    return None if relation in CANCELLABLE_FOR[reason] else Refusal.REASON_NOT_FOR_PERSON


def required_documents(
    process: Process,
    policy: BookletPolicy,
    *,
    category: MemberCategory | None = None,
    reason: CancelReason | None = None,
) -> tuple[Document, ...]:
    """The papers a request needs: the process's, then the new member's category's or the reason's."""
    if process is Process.ADD_DEPENDANT and category is None:
        raise ValueError("adding a member needs its category")
    if process is Process.CANCELLATION and reason is None:
        raise ValueError("a cancellation needs its reason")
    extra: tuple[Document, ...] = ()
    if process is Process.ADD_DEPENDANT and category is not None:
        extra = policy.category(category).documents
    elif process is Process.CANCELLATION and reason is not None:
        extra = policy.cancellation_documents.get(reason, ())
    found: list[Document] = []
    for document in (*policy.process_documents.get(process, ()), *extra):
        if document not in found:
            found.append(document)
    return tuple(found)


def missing_documents(required: Iterable[Document], attached: Iterable[Document]) -> tuple[Document, ...]:
    """The required papers not attached, in the order they are asked for (submission waits for none)."""
    have = set(attached)
    return tuple(d for d in required if d not in have)


# --- a new member ----------------------------------------------------------------------------------------


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole Jalali years from ``born`` to ``day`` (negative when ``day`` comes first)."""
    b, d = to_jalali(born), to_jalali(day)
    return int(d.year - b.year - ((d.month, d.day) < (b.month, b.day)))


def birth_refusal(born: dt.date, *, today: dt.date) -> Refusal | None:
    """Why a birth date cannot be anyone's (None: it can)."""
    if born > today:
        return Refusal.BIRTH_IN_FUTURE
    if age_on(born, today) > MAX_AGE:
        return Refusal.IMPLAUSIBLE_AGE
    return None


def age_refusal(
    category: MemberCategory,
    born: dt.date,
    *,
    today: dt.date,
    policy: BookletPolicy,
    applicant_born: dt.date | None = None,
) -> Refusal | None:
    """Why a member born then does not fit ``category`` today (None: they do).

    With the applicant's birth date, a parent must be at least :data:`GENERATION_GAP_YEARS` older than the
    applicant, and a child as much younger.
    """
    refusal = birth_refusal(born, today=today)
    if refusal is not None:
        return refusal
    rule = policy.category(category)
    age = age_on(born, today)
    if age < rule.age_from:
        return Refusal.TOO_YOUNG
    if rule.age_below is not None and age >= rule.age_below:
        return Refusal.AGE_LIMIT
    if applicant_born is not None:
        older, younger = (
            (born, applicant_born) if category is MemberCategory.PARENT else (applicant_born, born)
        )
        if category is not MemberCategory.SPOUSE and age_on(older, younger) < GENERATION_GAP_YEARS:
            return Refusal.GENERATION_GAP
    return None


def member_id_refusal(national_id: str, *, applicant_id: str, household: Collection[str]) -> Refusal | None:
    """Why this (valid) national ID cannot be added: it is the applicant's, or already in the household."""
    if national_id == applicant_id:
        return Refusal.SAME_AS_APPLICANT
    if national_id in household:
        return Refusal.ALREADY_MEMBER
    return None


def parse_member_national_id(text: str, *, applicant_id: str, household: Collection[str]) -> str:
    """A new member's typed national ID (any digits, check digit verified); raises :class:`InputRefused`."""
    try:
        national_id = parse_national_id(text)
    except InvalidInput as error:
        raise InputRefused.of(error) from None
    refusal = member_id_refusal(national_id, applicant_id=applicant_id, household=household)
    if refusal is not None:
        raise InputRefused(refusal)
    return national_id


def parse_member_birth_date(
    text: str,
    category: MemberCategory,
    *,
    today: dt.date,
    policy: BookletPolicy,
    applicant_born: dt.date | None = None,
) -> dt.date:
    """A typed Jalali birth date fitting ``category``; raises :class:`InputRefused` (``limit``: age bound)."""
    try:
        born = to_gregorian(parse_jalali_date(text))
    except InvalidInput as error:
        raise InputRefused.of(error) from None
    refusal = age_refusal(category, born, today=today, policy=policy, applicant_born=applicant_born)
    if refusal is not None:
        rule = policy.category(category)
        bound = {Refusal.TOO_YOUNG: rule.age_from, Refusal.AGE_LIMIT: rule.age_below}.get(refusal)
        raise InputRefused(refusal, limit=bound)
    return born


#: A person's full name: two words or more, five to sixty characters of letters (any script), spaces, ZWNJ,
#: dots and dashes.
MIN_NAME, MAX_NAME = 5, 60


def parse_member_name(text: str) -> str:
    """A new member's typed full name, spaces folded; raises :class:`InputRefused` (``bad_name``)."""
    name = " ".join(normalize_text(text).split())
    allowed = all(ch.isalpha() or ch in " \u200c.-" for ch in name)
    if not allowed or not MIN_NAME <= len(name) <= MAX_NAME or " " not in name:
        raise InputRefused(Refusal.BAD_NAME)
    return name


@dataclass(frozen=True)
class NewMember:
    """A family member to add, as typed (national ID already read)."""

    category: MemberCategory
    national_id: str
    born: dt.date
    documents: frozenset[Document] = frozenset()


def member_refusals(
    member: NewMember,
    *,
    today: dt.date,
    policy: BookletPolicy,
    applicant_id: str,
    household: Collection[str],
    applicant_born: dt.date | None = None,
) -> tuple[Refusal, ...]:
    """Every reason the member cannot be added yet: the ID, the age, then missing papers (empty: they can)."""
    found: list[Refusal] = []
    id_refusal = member_id_refusal(member.national_id, applicant_id=applicant_id, household=household)
    if id_refusal is not None:
        found.append(id_refusal)
    age = age_refusal(member.category, member.born, today=today, policy=policy, applicant_born=applicant_born)
    if age is not None:
        found.append(age)
    required = required_documents(Process.ADD_DEPENDANT, policy, category=member.category)
    if missing_documents(required, member.documents):
        found.append(Refusal.MISSING_DOCUMENTS)
    return tuple(found)


# --- the premium payroll deducts -------------------------------------------------------------------------


def month_of(day: dt.date) -> Month:
    """The Jalali (year, month) of a day."""
    j = to_jalali(day)
    return int(j.year), int(j.month)


def payroll_month(asked_on: dt.date, policy: BookletPolicy) -> Month:
    """The first salary month a deduction asked for that day reaches (the cut-off day still counts)."""
    j = to_jalali(asked_on)
    month = (int(j.year), int(j.month))
    return month if j.day <= policy.payroll_cutoff_day else shift_month(*month, 1)


def deduction_start(process: Process, asked_on: dt.date, policy: BookletPolicy) -> Month:
    """The first month of the deduction: the first salary it reaches (a new member's some months later)."""
    if process is Process.FIRST_ISSUE:
        return payroll_month(asked_on, policy)
    if process is Process.ADD_DEPENDANT:
        return shift_month(*payroll_month(asked_on, policy), policy.member_delay_months)
    raise ValueError(f"{process} starts no deduction")


def deduction_end(cancelled_on: dt.date) -> Month:
    """The first month without a cancelled booklet's premium: the month after the cancellation."""
    return shift_month(*month_of(cancelled_on), 1)


def salary_paid_on(start: Month) -> dt.date:
    """When the first salary with the deduction of ``start`` has been paid: the next month's first day.

    The ``salary_paid`` timer of a first issue or a new member fires then, and the form may be signed.
    """
    return jalali_month_start(*shift_month(*start, 1))


def month_end(month: Month) -> dt.date:
    """The last day of a Jalali month."""
    return jalali_month_start(*month) + dt.timedelta(days=jalali_month_length(*month) - 1)


@dataclass(frozen=True)
class PremiumChange:
    """How a process changes the applicant's monthly deduction, from which Jalali month."""

    first_month: Month
    #: Rials per month: positive for a new booklet or member, negative for a cancellation.
    monthly: int
    #: People added (positive) or removed (negative).
    people: int


def premium_change(
    process: Process,
    *,
    on: dt.date,
    people: Sequence[MemberCategory | None],
    policy: BookletPolicy,
) -> PremiumChange | None:
    """The change payroll is asked for on ``on`` for these people (None: the insured themself); None for a
    duplicate, which changes nothing."""
    if process is Process.DUPLICATE:
        return None
    if not people:
        raise ValueError("a premium change concerns at least one person")
    amount = sum(policy.premium_of(category) for category in people)
    if process is Process.CANCELLATION:
        return PremiumChange(deduction_end(on), -amount, -len(people))
    return PremiumChange(deduction_start(process, on, policy), amount, len(people))


@dataclass(frozen=True)
class Coverage:
    """One insured person's premium as payroll deducts it, from ``start`` until (not including) ``end``."""

    personnel_no: str
    national_id: str
    category: MemberCategory | None
    monthly: int
    start: Month
    end: Month | None = None

    def __post_init__(self) -> None:
        """Refuse a negative premium and an end not after the start."""
        if self.monthly < 0:
            raise ValueError("monthly must be >= 0")
        if self.end is not None and self.end <= self.start:
            raise ValueError("end must come after start")

    def active(self, month: Month) -> bool:
        """Whether the premium is deducted in ``month``."""
        return self.start <= month and (self.end is None or month < self.end)


@dataclass(frozen=True)
class PayrollLine:
    """One employee's line of the month's premium list."""

    personnel_no: str
    people: int
    amount: int


@dataclass(frozen=True)
class PremiumList:
    """The premiums payroll deducts in one month, per employee, with the month's starts and stops."""

    month: Month
    lines: tuple[PayrollLine, ...]
    total: int
    people: int
    started: tuple[Coverage, ...]
    stopped: tuple[Coverage, ...]


def premium_list(coverages: Iterable[Coverage], month: Month) -> PremiumList:
    """The month's list: active premiums summed per personnel number (in that order), and what changed."""
    every = list(coverages)
    per: dict[str, tuple[int, int]] = {}
    for c in every:
        if c.active(month):
            people, amount = per.get(c.personnel_no, (0, 0))
            per[c.personnel_no] = (people + 1, amount + c.monthly)
    lines = tuple(PayrollLine(no, people, amount) for no, (people, amount) in sorted(per.items()))

    def order(c: Coverage) -> tuple[str, str]:
        return c.personnel_no, c.national_id

    return PremiumList(
        month=month,
        lines=lines,
        total=sum(line.amount for line in lines),
        people=sum(line.people for line in lines),
        started=tuple(sorted((c for c in every if c.start == month), key=order)),
        stopped=tuple(sorted((c for c in every if c.end == month), key=order)),
    )


# --- the workflows ---------------------------------------------------------------------------------------


class BkStatus(StrEnum):
    """Where a booklet request stands."""

    SUBMITTED = "submitted"
    RECORDED = "recorded"
    AWAITING_SALARY = "awaiting_salary"
    FORM_DUE = "form_due"
    LETTER_ISSUED = "letter_issued"
    REPLY_RECEIVED = "reply_received"
    AT_PAYROLL = "at_payroll"
    NEEDS_INFO = "needs_info"
    DONE = "done"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class BkAction(StrEnum):
    """What can be done to a booklet request."""

    RECORD = "record"
    ASK_DEDUCTION = "ask_deduction"
    SALARY_PAID = "salary_paid"
    SIGN_FORM = "sign_form"
    ISSUE_LETTER = "issue_letter"
    BRING_REPLY = "bring_reply"
    ASK_REDUCTION = "ask_reduction"
    PAYROLL_OK = "payroll_ok"
    ASK_INFO = "ask_info"
    ANSWER_INFO = "answer_info"
    REJECT = "reject"
    CANCEL = "cancel"


def _steps(process: Process) -> tuple[tuple[BkAction, BkStatus, BkStatus, Role | str], ...]:
    """The forward steps of a process: (action, from, to, who)."""
    s, a, clerk = BkStatus, BkAction, Role.CLERK
    if process in (Process.FIRST_ISSUE, Process.ADD_DEPENDANT):
        return (
            (a.RECORD, s.SUBMITTED, s.RECORDED, clerk),
            (a.ASK_DEDUCTION, s.RECORDED, s.AWAITING_SALARY, clerk),
            (a.SALARY_PAID, s.AWAITING_SALARY, s.FORM_DUE, SYSTEM),
            (a.SIGN_FORM, s.FORM_DUE, s.AT_PAYROLL, clerk),
            (a.PAYROLL_OK, s.AT_PAYROLL, s.DONE, Role.PAYROLL),
        )
    if process is Process.CANCELLATION:
        return (
            (a.RECORD, s.SUBMITTED, s.RECORDED, clerk),
            (a.ISSUE_LETTER, s.RECORDED, s.LETTER_ISSUED, clerk),
            (a.BRING_REPLY, s.LETTER_ISSUED, s.REPLY_RECEIVED, OWNER),
            (a.ASK_REDUCTION, s.REPLY_RECEIVED, s.AT_PAYROLL, clerk),
            (a.PAYROLL_OK, s.AT_PAYROLL, s.DONE, Role.PAYROLL),
        )
    return ((a.SIGN_FORM, s.SUBMITTED, s.DONE, clerk),)


def workflow(process: Process) -> Workflow:
    """One process's state machine (see the module docstring); all four share the service's clerks."""
    steps = _steps(process)
    transitions = [
        Transition(
            action,
            frozenset({source}),
            target,
            role,
            not_by_actor_of=BkAction.SIGN_FORM if action is BkAction.PAYROLL_OK else None,
            handled_by=FEATURE if action is BkAction.BRING_REPLY else None,
        )
        for action, source, target, role in steps
    ]
    clerk_stages = frozenset(source for _, source, _, role in steps if role == Role.CLERK)
    payroll = frozenset({BkStatus.AT_PAYROLL}) if any(r == Role.PAYROLL for *_, r in steps) else frozenset()
    transitions.append(
        Transition(BkAction.REJECT, clerk_stages, BkStatus.REJECTED, Role.CLERK, needs_reason=True)
    )
    transitions.append(
        Transition(BkAction.ASK_INFO, clerk_stages, BkStatus.NEEDS_INFO, Role.CLERK, needs_reason=True)
    )
    if payroll:
        transitions.append(
            Transition(BkAction.REJECT, payroll, BkStatus.REJECTED, Role.PAYROLL, needs_reason=True)
        )
        transitions.append(
            Transition(BkAction.ASK_INFO, payroll, BkStatus.NEEDS_INFO, Role.PAYROLL, needs_reason=True)
        )
    transitions.append(Transition(BkAction.ANSWER_INFO, frozenset({BkStatus.NEEDS_INFO}), RESUME, OWNER))
    transitions.append(
        Transition(BkAction.CANCEL, frozenset({BkStatus.SUBMITTED}), BkStatus.CANCELLED, OWNER)
    )
    return Workflow(
        service=SERVICE,
        initial=BkStatus.SUBMITTED,
        transitions=tuple(transitions),
        final=frozenset({BkStatus.DONE, BkStatus.REJECTED, BkStatus.CANCELLED}),
    )


def process_of(value: Any) -> Process | None:
    """A process from stored or callback text (None when it is not one)."""
    try:
        return Process(value)
    except ValueError:
        return None
