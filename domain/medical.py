"""Medical expense claims (reimbursement of treatment costs): what may be claimed, by when, up to what,
with which papers; the claim file number; the insurer's review; the workflow.

Pure: no telegram, no database, no clock. Days are Gregorian ``datetime.date`` values (Jalali only at the
edges and for years), money is integer rials, and every refusal is a code (texts live elsewhere).

A claim is filed for one insured person (the employee or a dependant) and holds numbered lines; each line is
one expense: its kind, the day of service, the amount claimed and the documents attached. A line may be
claimed when:

- its kind is covered;
- the day of service is not after today and at most ``window_days`` before it (with 180, the 180th day back
  is in and the 181st is out; Fridays and holidays count like any day);
- its amount is at least 1 rial and at most the kind's most per line;
- with what the person already used of that kind in the service day's Jalali year (open claims at their
  claimed amount, reviewed ones at their approved amount, refused ones not at all) and the earlier lines of
  the same claim, it stays within the kind's annual ceiling (exactly reaching it is allowed);
- every document the kind requires is attached (a claim is not submitted until none is missing).

The workflow (the seed's stages; staff are the service's clerks, the head, finance)::

    submitted (registered: receipt and tracking code) --open_file--> file_opened --to_doctor--> at_doctor
      --record_review (per-line amounts; the service's own handler)--> reviewed --remit--> remitted
      --to_accounting (head; not whoever remitted)--> at_accounting
      --pay (finance; not whoever sent it to accounting)--> paid

    ask_info from any staff stage (by that stage's role) --> needs_info --answer_info (owner)--> back there
    reject (clerk, reason) until reviewed; cancel (owner) while still submitted
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from domain.config import Checker
from domain.jalali import to_gregorian, to_jalali
from domain.refusals import InputRefused
from domain.text import normalize_text
from domain.validators import (
    AMOUNT_HARD_MAXIMUM,
    InvalidInput,
    parse_amount,
    parse_jalali_date,
    parse_tracking_code,
)
from domain.workflow import OWNER, RESUME, Role, Transition, Workflow

SERVICE = "medical"
#: The callback feature of the service's own handlers (``med:...``), e.g. entering the approved amounts.
FEATURE = "med"

DEFAULT_WINDOW_DAYS = 180
MAX_WINDOW_DAYS = 3650
DEFAULT_MAX_LINES = 30
MAX_LINES_LIMIT = 200
#: A file number's sequence is written with at least this many digits: ``1404-00012``.
FILE_SEQUENCE_DIGITS = 5
_FILE_NUMBER = re.compile(r"([0-9]{4})\s*[-/]\s*([0-9]{1,9})", re.ASCII)


class ExpenseKind(StrEnum):
    """What an expense line is for."""

    HOSPITAL = "hospital"
    OUTPATIENT = "outpatient"
    PARACLINIC = "paraclinic"
    DENTAL = "dental"
    MEDICINE = "medicine"
    OPTICAL = "optical"
    OTHER = "other"


def kind_of(value: Any) -> ExpenseKind | None:
    """An expense kind from stored or callback text (None when it is not one)."""
    try:
        return ExpenseKind(value)
    except ValueError:
        return None


class DocumentKind(StrEnum):
    """The papers a line may need."""

    INVOICE = "invoice"
    PRESCRIPTION = "prescription"
    DISCHARGE_SUMMARY = "discharge_summary"
    LAB_RESULT = "lab_result"
    DENTAL_FORM = "dental_form"
    OPTOMETRY = "optometry"
    MEDICAL_REPORT = "medical_report"
    REFERRAL = "referral"


class Refusal(StrEnum):
    """Why a line, a claim or a step is refused (each has one message in the texts)."""

    KIND_NOT_COVERED = "kind_not_covered"
    FUTURE_DATE = "future_date"
    TOO_OLD = "too_old"
    LINE_TOO_LARGE = "line_too_large"
    OVER_CEILING = "over_ceiling"
    MISSING_DOCUMENTS = "missing_documents"
    NO_LINES = "no_lines"
    TOO_MANY_LINES = "too_many_lines"
    FILE_NUMBER_FORMAT = "file_number_format"
    NOT_ALL_REVIEWED = "not_all_reviewed"
    NOTHING_APPROVED = "nothing_approved"


# --- the policy ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KindRule:
    """How one kind of expense is covered."""

    covered: bool = True
    #: Required documents, in the order they are asked for.
    documents: tuple[DocumentKind, ...] = (DocumentKind.INVOICE,)
    #: Most rials per insured person and Jalali year (None: no ceiling).
    annual_ceiling: int | None = None
    #: Most rials on one line (None: the policy's ``max_line``).
    max_line: int | None = None

    def __post_init__(self) -> None:
        """Refuse a negative ceiling and a line limit below one rial."""
        if self.annual_ceiling is not None and self.annual_ceiling < 0:
            raise ValueError("annual_ceiling must be >= 0")
        if self.max_line is not None and self.max_line < 1:
            raise ValueError("max_line must be >= 1")


def default_rules() -> dict[ExpenseKind, KindRule]:
    """Every kind covered, with the papers a reviewer asks for and no ceiling until the office sets one."""
    k, d = ExpenseKind, DocumentKind
    return {
        k.HOSPITAL: KindRule(documents=(d.INVOICE, d.DISCHARGE_SUMMARY)),
        k.OUTPATIENT: KindRule(documents=(d.INVOICE,)),
        k.PARACLINIC: KindRule(documents=(d.INVOICE, d.PRESCRIPTION)),
        k.DENTAL: KindRule(documents=(d.INVOICE, d.DENTAL_FORM)),
        k.MEDICINE: KindRule(documents=(d.INVOICE, d.PRESCRIPTION)),
        k.OPTICAL: KindRule(documents=(d.INVOICE, d.OPTOMETRY)),
        k.OTHER: KindRule(documents=(d.INVOICE, d.MEDICAL_REPORT)),
    }


@dataclass(frozen=True)
class ClaimPolicy:
    """The office's claim rules: the window, the size of a claim and each kind's rule."""

    window_days: int = DEFAULT_WINDOW_DAYS
    max_lines: int = DEFAULT_MAX_LINES
    #: Most rials on one line of any kind whose rule sets none (None: no limit but the hard maximum).
    max_line: int | None = None
    kinds: Mapping[ExpenseKind, KindRule] = field(default_factory=default_rules)

    def rule(self, kind: ExpenseKind) -> KindRule:
        """The kind's rule (a kind left out is not covered)."""
        return self.kinds.get(kind, KindRule(covered=False))

    def line_limit(self, kind: ExpenseKind) -> int:
        """The most rials one line of ``kind`` may claim."""
        return self.rule(kind).max_line or self.max_line or AMOUNT_HARD_MAXIMUM

    def covered_kinds(self) -> list[ExpenseKind]:
        """The kinds that may be claimed, in menu order."""
        return [k for k in ExpenseKind if self.rule(k).covered]


_POLICY_KEYS = frozenset({"window_days", "max_lines", "max_line", "kinds"})
_KIND_KEYS = frozenset({"covered", "documents", "annual_ceiling", "max_line"})


def parse_policy(section: object, *, path: str = "medical") -> ClaimPolicy:
    """The ``[medical]`` section of the office file; :class:`domain.config.ConfigError` names each bad value.

    ``[medical.kinds.<kind>]`` tables change that kind's defaults (see :func:`default_rules`) key by key.
    """
    check = Checker()
    table = check.table(section, path, _POLICY_KEYS)
    window = check.whole(table, "window_days", path, low=1, high=MAX_WINDOW_DAYS, default=DEFAULT_WINDOW_DAYS)
    max_lines = check.whole(table, "max_lines", path, low=1, high=MAX_LINES_LIMIT, default=DEFAULT_MAX_LINES)
    max_line = check.optional_whole(table, "max_line", path, low=1)
    rules = default_rules()
    kinds = check.table(table.get("kinds", {}), f"{path}.kinds", frozenset(ExpenseKind))
    for name, value in kinds.items():
        kind = kind_of(name)
        if kind is None:
            continue  # already named as an unknown key
        where = f"{path}.kinds.{name}"
        entry = check.table(value, where, _KIND_KEYS)
        base = rules[kind]
        ceiling = check.optional_whole(entry, "annual_ceiling", where, low=0)
        line = check.optional_whole(entry, "max_line", where, low=1)
        rules[kind] = replace(
            base,
            covered=check.flag(entry, "covered", where, default=base.covered),
            documents=check.codes(entry, "documents", where, DocumentKind, base.documents),
            annual_ceiling=ceiling if "annual_ceiling" in entry else base.annual_ceiling,
            max_line=line if "max_line" in entry else base.max_line,
        )
    check.done()
    return ClaimPolicy(window_days=window, max_lines=max_lines, max_line=max_line, kinds=rules)


# --- one line: date, amount, documents ---------------------------------------------------------------------


def earliest_service_day(today: dt.date, policy: ClaimPolicy) -> dt.date:
    """The oldest day of service still claimable today."""
    return today - dt.timedelta(days=policy.window_days)


def service_date_refusal(day: dt.date, *, today: dt.date, policy: ClaimPolicy) -> Refusal | None:
    """Why a day of service cannot be claimed today (None: it can)."""
    if day > today:
        return Refusal.FUTURE_DATE
    if day < earliest_service_day(today, policy):
        return Refusal.TOO_OLD
    return None


def parse_service_date(text: str, *, today: dt.date, policy: ClaimPolicy) -> dt.date:
    """A typed Jalali day of service (any digits); raises :class:`InputRefused`."""
    try:
        day = to_gregorian(parse_jalali_date(text))
    except InvalidInput as error:
        raise InputRefused.of(error) from None
    refusal = service_date_refusal(day, today=today, policy=policy)
    if refusal is not None:
        raise InputRefused(refusal)
    return day


def parse_line_amount(text: str, *, kind: ExpenseKind, policy: ClaimPolicy) -> int:
    """A typed amount in rials for a line of ``kind``; raises :class:`InputRefused` (``limit``: the most)."""
    if not policy.rule(kind).covered:
        raise InputRefused(Refusal.KIND_NOT_COVERED)
    try:
        amount = parse_amount(text, minimum=1)
    except InvalidInput as error:
        raise InputRefused.of(error) from None
    limit = policy.line_limit(kind)
    if amount > limit:
        raise InputRefused(Refusal.LINE_TOO_LARGE, limit=limit)
    return amount


def missing_documents(
    kind: ExpenseKind, attached: Iterable[DocumentKind], policy: ClaimPolicy
) -> tuple[DocumentKind, ...]:
    """The documents ``kind`` requires that are not attached, in the order they are asked for."""
    have = set(attached)
    return tuple(d for d in policy.rule(kind).documents if d not in have)


# --- the annual ceiling -----------------------------------------------------------------------------------

#: Rials already used per (kind, Jalali year) by one insured person.
Used = Mapping[tuple[ExpenseKind, int], int]


def jalali_year(day: dt.date) -> int:
    """The Jalali year a day falls in."""
    return int(to_jalali(day).year)


@dataclass(frozen=True)
class PastLine:
    """A line of one of the person's earlier claims, as the ceiling sees it."""

    kind: ExpenseKind
    service_date: dt.date
    claimed: int
    #: The amount the review approved (None: not reviewed yet).
    approved: int | None = None
    #: False when its claim was rejected or cancelled.
    live: bool = True

    @property
    def counted(self) -> int:
        """What it uses of the ceiling: its approved amount once reviewed, its claim before, 0 if refused."""
        if not self.live:
            return 0
        return self.claimed if self.approved is None else self.approved


def used_amounts(past: Iterable[PastLine]) -> dict[tuple[ExpenseKind, int], int]:
    """Rials used per (kind, Jalali year of the service day)."""
    used: dict[tuple[ExpenseKind, int], int] = {}
    for line in past:
        key = (line.kind, jalali_year(line.service_date))
        used[key] = used.get(key, 0) + line.counted
    return used


@dataclass(frozen=True)
class OverCeiling:
    """A line the annual ceiling refuses."""

    ceiling: int
    used: int
    amount: int

    @property
    def remaining(self) -> int:
        """Rials still claimable for the kind that year."""
        return max(0, self.ceiling - self.used)


def remaining_allowance(kind: ExpenseKind, year: int, *, used: Used, policy: ClaimPolicy) -> int | None:
    """Rials still claimable for ``kind`` in the Jalali ``year`` (None: no ceiling)."""
    ceiling = policy.rule(kind).annual_ceiling
    if ceiling is None:
        return None
    return max(0, ceiling - used.get((kind, year), 0))


def over_ceiling(kind: ExpenseKind, amount: int, *, used: int, policy: ClaimPolicy) -> OverCeiling | None:
    """Whether ``amount`` on top of ``used`` this year goes beyond the kind's ceiling (None: it fits)."""
    ceiling = policy.rule(kind).annual_ceiling
    if ceiling is None or used + amount <= ceiling:
        return None
    return OverCeiling(ceiling=ceiling, used=used, amount=amount)


# --- a whole claim ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One expense of a claim."""

    kind: ExpenseKind
    service_date: dt.date
    amount: int
    documents: frozenset[DocumentKind] = frozenset()

    def __post_init__(self) -> None:
        """Refuse an amount below one rial."""
        if self.amount < 1:
            raise ValueError("amount must be >= 1")


@dataclass(frozen=True)
class LineProblem:
    """One reason a claim cannot be submitted; ``line_no`` is 1-based (0: the claim as a whole)."""

    line_no: int
    code: Refusal
    #: OVER_CEILING: rials still claimable for the kind that year; LINE_TOO_LARGE: the most per line.
    limit: int | None = None
    #: MISSING_DOCUMENTS: what is still to attach.
    missing: tuple[DocumentKind, ...] = ()


def claim_problems(
    lines: Sequence[Line], *, today: dt.date, policy: ClaimPolicy, used: Used
) -> tuple[LineProblem, ...]:
    """Every reason the claim cannot be submitted today (empty: it can).

    A line's problems come in this order: kind, date, amount, ceiling, documents; a line not covered reports
    only that. Earlier lines of the claim count towards the ceiling, unless they are refused for their date,
    amount or ceiling.
    """
    problems: list[LineProblem] = []
    if not lines:
        problems.append(LineProblem(0, Refusal.NO_LINES))
    if len(lines) > policy.max_lines:
        problems.append(LineProblem(0, Refusal.TOO_MANY_LINES, limit=policy.max_lines))
    running = dict(used)
    for number, line in enumerate(lines, start=1):
        rule = policy.rule(line.kind)
        if not rule.covered:
            problems.append(LineProblem(number, Refusal.KIND_NOT_COVERED))
            continue
        counts = True
        date_refusal = service_date_refusal(line.service_date, today=today, policy=policy)
        if date_refusal is not None:
            problems.append(LineProblem(number, date_refusal))
            counts = False
        limit = policy.line_limit(line.kind)
        if line.amount > limit:
            problems.append(LineProblem(number, Refusal.LINE_TOO_LARGE, limit=limit))
            counts = False
        key = (line.kind, jalali_year(line.service_date))
        over = over_ceiling(line.kind, line.amount, used=running.get(key, 0), policy=policy)
        if over is not None:
            problems.append(LineProblem(number, Refusal.OVER_CEILING, limit=over.remaining))
        elif counts:
            running[key] = running.get(key, 0) + line.amount
        missing = missing_documents(line.kind, line.documents, policy)
        if missing:
            problems.append(LineProblem(number, Refusal.MISSING_DOCUMENTS, missing=missing))
    return tuple(problems)


# --- the claim file number --------------------------------------------------------------------------------


def file_year(registered_on: dt.date) -> int:
    """The Jalali year whose file a claim registered on that day joins."""
    return jalali_year(registered_on)


def file_sequence(person: str, files: Mapping[str, int]) -> int:
    """The person's sequence in a year: the one they hold, or the next after the year's highest (from 1).

    ``files`` maps each insured person (national ID) who has a file that year to its sequence.
    """
    if person in files:
        return files[person]
    return max(files.values(), default=0) + 1


def format_file_number(year: int, sequence: int) -> str:
    """A claim file number as shown and stored: ``1404-00012``."""
    if not 1 <= year <= 9999 or sequence < 1:
        raise ValueError(f"no file number for year {year}, sequence {sequence}")
    return f"{year:04d}-{sequence:0{FILE_SEQUENCE_DIGITS}d}"


def parse_file_number(text: str) -> tuple[int, int]:
    """A typed file number (any digits, ``-`` or ``/``) as (year, sequence); raises :class:`InputRefused`."""
    match = _FILE_NUMBER.fullmatch(normalize_text(text))
    if match is None or int(match.group(2)) < 1:
        raise InputRefused(Refusal.FILE_NUMBER_FORMAT)
    return int(match.group(1)), int(match.group(2))


# --- the review -------------------------------------------------------------------------------------------


class ReviewReason(StrEnum):
    """Why less than the claim was approved."""

    NOT_COVERED = "not_covered"
    OVER_TARIFF = "over_tariff"
    DEDUCTIBLE = "deductible"
    OVER_CEILING = "over_ceiling"
    DUPLICATE = "duplicate"
    INSUFFICIENT_DOCUMENTS = "insufficient_documents"
    LATE = "late"
    OTHER = "other"


class ReviewProblem(StrEnum):
    """Why a line's approved amount (or a row of the insurer's decision file) is refused."""

    COLUMNS = "columns"
    TRACKING_FORMAT = "tracking_format"
    NOT_AWAITING = "not_awaiting"
    LINE_FORMAT = "line_format"
    UNKNOWN_LINE = "unknown_line"
    AMOUNT_FORMAT = "amount_format"
    ABOVE_CLAIMED = "above_claimed"
    REASON_REQUIRED = "reason_required"
    UNKNOWN_REASON = "unknown_reason"
    DUPLICATE = "duplicate"
    LINES_MISSING = "lines_missing"
    NO_ROWS = "no_rows"


def review_problem(claimed: int, approved: int, reason: ReviewReason | None) -> ReviewProblem | None:
    """Why approving ``approved`` of ``claimed`` is refused (None: it is fine; a reason is kept if given)."""
    if approved < 0:
        return ReviewProblem.AMOUNT_FORMAT
    if approved > claimed:
        return ReviewProblem.ABOVE_CLAIMED
    if approved < claimed and reason is None:
        return ReviewProblem.REASON_REQUIRED
    return None


@dataclass(frozen=True)
class LineReview:
    """The approved amount of one line: 0 <= approved <= claimed, with a reason when less."""

    line_no: int
    claimed: int
    approved: int
    reason: ReviewReason | None = None

    def __post_init__(self) -> None:
        """Refuse a review :func:`review_problem` refuses."""
        problem = review_problem(self.claimed, self.approved, self.reason)
        if problem is not None or self.line_no < 1:
            raise ValueError(f"line {self.line_no}: {problem or 'line_no must be >= 1'}")


@dataclass(frozen=True)
class ClaimTotals:
    """What was claimed, approved and paid, kept apart: paid <= approved <= claimed."""

    claimed: int
    approved: int = 0
    paid: int = 0

    def __post_init__(self) -> None:
        """Refuse totals out of order."""
        if not 0 <= self.paid <= self.approved <= self.claimed:
            raise ValueError(f"totals out of order: {self}")

    @property
    def cut(self) -> int:
        """Rials the review did not approve."""
        return self.claimed - self.approved

    @property
    def unpaid(self) -> int:
        """Approved rials not paid yet."""
        return self.approved - self.paid


def claim_totals(lines: Sequence[Line], reviews: Iterable[LineReview] = (), *, paid: int = 0) -> ClaimTotals:
    """The claim's totals; each review must name one of its lines with that line's amount."""
    approved = 0
    seen: set[int] = set()
    for review in reviews:
        if not 1 <= review.line_no <= len(lines) or review.line_no in seen:
            raise ValueError(f"review of line {review.line_no} does not match the claim")
        if review.claimed != lines[review.line_no - 1].amount:
            raise ValueError(f"review of line {review.line_no} names another amount")
        seen.add(review.line_no)
        approved += review.approved
    return ClaimTotals(claimed=sum(line.amount for line in lines), approved=approved, paid=paid)


def remit_refusal(line_count: int, reviews: Iterable[LineReview]) -> Refusal | None:
    """Why the remittance cannot be registered yet (None: it can): every line reviewed, something approved."""
    done = list(reviews)
    if {r.line_no for r in done} != set(range(1, line_count + 1)):
        return Refusal.NOT_ALL_REVIEWED
    if sum(r.approved for r in done) == 0:
        return Refusal.NOTHING_APPROVED
    return None


def record_payment(totals: ClaimTotals, amount: int) -> ClaimTotals:
    """The totals after paying ``amount`` (ValueError unless 1 <= amount <= unpaid)."""
    if not 1 <= amount <= totals.unpaid:
        raise ValueError(f"payment of {amount} does not fit the unpaid {totals.unpaid}")
    return replace(totals, paid=totals.paid + amount)


# --- the insurer's decision file --------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionRow:
    """One row of the insurer's decision: a claim's line and its approved amount."""

    tracking_code: str
    line_no: int
    approved: int
    reason: ReviewReason | None


@dataclass(frozen=True)
class BadRow:
    """A refused row; ``row`` is its number in the file (``missing_lines``: for LINES_MISSING)."""

    row: int
    code: ReviewProblem
    missing_lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class DecisionFile:
    """The rows of a decision file; one bad row refuses them all (``rows`` is then empty)."""

    rows: tuple[DecisionRow, ...]
    bad: tuple[BadRow, ...]

    @property
    def accepted(self) -> bool:
        """Whether every row was good."""
        return not self.bad


#: Claims awaiting the insurer's decision: tracking code -> {line number: amount claimed}.
Awaiting = Mapping[str, Mapping[int, int]]


_REASONS = {r.value: r for r in ReviewReason}


def _is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not normalize_text(cell))


def _whole_cell(cell: object, *, minimum: int) -> int | None:
    """A cell holding a whole number >= minimum (an int, an integral float, or text in any digits)."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell if cell >= minimum else None
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() and cell >= minimum else None
    if isinstance(cell, str):
        try:
            return parse_amount(cell, minimum=minimum)
        except InvalidInput:
            return None
    return None


def _reason_cell(cell: object, aliases: Mapping[str, ReviewReason]) -> ReviewReason | ReviewProblem | None:
    if _is_blank(cell):
        return None
    if not isinstance(cell, str):
        return ReviewProblem.UNKNOWN_REASON
    key = normalize_text(cell).casefold()
    if key in _REASONS:
        return _REASONS[key]
    folded = {normalize_text(k).casefold(): v for k, v in aliases.items()}
    return folded.get(key, ReviewProblem.UNKNOWN_REASON)


def _columns(cells: Sequence[object]) -> list[object] | None:
    """A row's cells without trailing blanks, when there are three or four of them."""
    values = list(cells)
    while values and _is_blank(values[-1]):
        values.pop()
    return values if 3 <= len(values) <= 4 else None


def _row_key(values: Sequence[object], awaiting: Awaiting) -> tuple[str, int] | ReviewProblem:
    """The claim and line a row decides, or why they cannot be read."""
    try:
        code = parse_tracking_code(values[0]) if isinstance(values[0], str) else None
    except InvalidInput:
        code = None
    if code is None:
        return ReviewProblem.TRACKING_FORMAT
    lines = awaiting.get(code)
    if lines is None:
        return ReviewProblem.NOT_AWAITING
    line_no = _whole_cell(values[1], minimum=1)
    if line_no is None:
        return ReviewProblem.LINE_FORMAT
    if line_no not in lines:
        return ReviewProblem.UNKNOWN_LINE
    return code, line_no


def parse_decision_row(
    cells: Sequence[object], *, awaiting: Awaiting, aliases: Mapping[str, ReviewReason] | None = None
) -> DecisionRow | ReviewProblem:
    """One row (tracking code, line number, approved rials, reason) as a typed row, or its first problem.

    Trailing empty cells are ignored; the reason may be empty when the whole line is approved. A reason is a
    :class:`ReviewReason` value or one of ``aliases`` (the insurer's own words, matched after normalising).
    """
    values = _columns(cells)
    if values is None:
        return ReviewProblem.COLUMNS
    key = _row_key(values, awaiting)
    if isinstance(key, ReviewProblem):
        return key
    code, line_no = key
    approved = _whole_cell(values[2], minimum=0)
    if approved is None:
        return ReviewProblem.AMOUNT_FORMAT
    reason = _reason_cell(values[3] if len(values) == 4 else None, aliases or {})
    if isinstance(reason, ReviewProblem):
        return reason
    problem = review_problem(awaiting[code][line_no], approved, reason)
    if problem is not None:
        return problem
    return DecisionRow(tracking_code=code, line_no=line_no, approved=approved, reason=reason)


def parse_decision_file(
    rows: Iterable[Sequence[object]],
    *,
    awaiting: Awaiting,
    aliases: Mapping[str, ReviewReason] | None = None,
    first_row: int = 2,
) -> DecisionFile:
    """Every row of a decision file (the header already dropped; ``first_row`` numbers the first data row).

    Blank rows are skipped. A second row for the same line is a DUPLICATE; a claim the file names must have
    a row for each of its lines, else its first row is LINES_MISSING. Any bad row refuses the whole file.
    """
    good: list[DecisionRow] = []
    bad: list[BadRow] = []
    first_of: dict[str, int] = {}
    named: dict[str, set[int]] = {}
    for number, cells in enumerate(rows, start=first_row):
        if all(_is_blank(c) for c in cells):
            continue
        values = _columns(cells)
        key = _row_key(values, awaiting) if values is not None else None
        if isinstance(key, tuple):
            code, line_no = key
            first_of.setdefault(code, number)
            if line_no in named.setdefault(code, set()):
                bad.append(BadRow(number, ReviewProblem.DUPLICATE))
                continue
            named[code].add(line_no)
        parsed = parse_decision_row(cells, awaiting=awaiting, aliases=aliases)
        if isinstance(parsed, ReviewProblem):
            bad.append(BadRow(number, parsed))
        else:
            good.append(parsed)
    if not good and not bad:
        bad.append(BadRow(first_row, ReviewProblem.NO_ROWS))
    for code, lines in named.items():
        missing = tuple(sorted(set(awaiting[code]) - lines))
        if missing:
            bad.append(BadRow(first_of[code], ReviewProblem.LINES_MISSING, missing_lines=missing))
    bad.sort(key=lambda b: b.row)
    return DecisionFile(rows=() if bad else tuple(good), bad=tuple(bad))


def reviews_by_claim(rows: Iterable[DecisionRow], awaiting: Awaiting) -> dict[str, tuple[LineReview, ...]]:
    """The accepted rows as each claim's line reviews, in line order."""
    grouped: dict[str, list[LineReview]] = {}
    for row in rows:
        claimed = awaiting[row.tracking_code][row.line_no]
        grouped.setdefault(row.tracking_code, []).append(
            LineReview(row.line_no, claimed, row.approved, row.reason)
        )
    return {code: tuple(sorted(reviews, key=lambda r: r.line_no)) for code, reviews in grouped.items()}


# --- the workflow -----------------------------------------------------------------------------------------


class MedStatus(StrEnum):
    """Where a claim stands."""

    SUBMITTED = "submitted"
    FILE_OPENED = "file_opened"
    AT_DOCTOR = "at_doctor"
    REVIEWED = "reviewed"
    REMITTED = "remitted"
    AT_ACCOUNTING = "at_accounting"
    PAID = "paid"
    NEEDS_INFO = "needs_info"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class MedAction(StrEnum):
    """What can be done to a claim."""

    OPEN_FILE = "open_file"
    TO_DOCTOR = "to_doctor"
    RECORD_REVIEW = "record_review"
    REMIT = "remit"
    TO_ACCOUNTING = "to_accounting"
    PAY = "pay"
    ASK_INFO = "ask_info"
    ANSWER_INFO = "answer_info"
    REJECT = "reject"
    CANCEL = "cancel"


#: Stages the service's clerks act in (and may ask for information or reject from).
CLERK_STAGES = frozenset(
    {MedStatus.SUBMITTED, MedStatus.FILE_OPENED, MedStatus.AT_DOCTOR, MedStatus.REVIEWED}
)
#: Claims that count towards the annual ceiling: everything not refused or withdrawn.
LIVE = frozenset(MedStatus) - {MedStatus.REJECTED, MedStatus.CANCELLED}


def workflow() -> Workflow:
    """The claim's state machine (see the module docstring)."""
    s, a = MedStatus, MedAction
    clerk = Role.CLERK

    def at(*statuses: MedStatus) -> frozenset[str]:
        return frozenset(statuses)

    return Workflow(
        service=SERVICE,
        initial=s.SUBMITTED,
        transitions=(
            Transition(a.OPEN_FILE, at(s.SUBMITTED), s.FILE_OPENED, clerk),
            Transition(a.TO_DOCTOR, at(s.FILE_OPENED), s.AT_DOCTOR, clerk),
            Transition(a.RECORD_REVIEW, at(s.AT_DOCTOR), s.REVIEWED, clerk, handled_by=FEATURE),
            Transition(a.REMIT, at(s.REVIEWED), s.REMITTED, clerk),
            Transition(a.TO_ACCOUNTING, at(s.REMITTED), s.AT_ACCOUNTING, Role.HEAD, not_by_actor_of=a.REMIT),
            Transition(a.PAY, at(s.AT_ACCOUNTING), s.PAID, Role.FINANCE, not_by_actor_of=a.TO_ACCOUNTING),
            Transition(a.REJECT, CLERK_STAGES, s.REJECTED, clerk, needs_reason=True),
            Transition(a.ASK_INFO, CLERK_STAGES, s.NEEDS_INFO, clerk, needs_reason=True),
            Transition(a.ASK_INFO, at(s.REMITTED), s.NEEDS_INFO, Role.HEAD, needs_reason=True),
            Transition(a.ASK_INFO, at(s.AT_ACCOUNTING), s.NEEDS_INFO, Role.FINANCE, needs_reason=True),
            Transition(a.ANSWER_INFO, at(s.NEEDS_INFO), RESUME, OWNER),
            Transition(a.CANCEL, at(s.SUBMITTED), s.CANCELLED, OWNER),
        ),
        final=frozenset({s.PAID, s.REJECTED, s.CANCELLED}),
    )
