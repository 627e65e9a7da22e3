"""Health-insurance booklet: first issue, family members, cancellation and duplicate, end to end.

Four service keys share the service's clerks (their workflows' scope is ``booklet``): ``booklet_first``,
``booklet_member`` and ``booklet_cancel`` run the workflows of :mod:`domain.booklet`; ``booklet`` is the
duplicate, reviewed as before (approve, reject, ask for information). The rules live in the domain; this
module reads the database, applies them inside the transaction of each change, and queues what it owes.

Documents (the counter's form, the letter to the insurance office, payroll's XLSX) are rendered before the
transaction that sends them: the actions that produce one (``sign_form``, ``issue_letter``, ``payroll_ok``)
are taken by the service's own buttons (``booklet:<action>:<id>``), and the duplicate's form and payroll's
list are rendered when pressed for.

Timers: ``bk_salary`` fires when the first salary with the new deduction has been paid (the form is due);
``bk_list`` fires on the day after the payroll cut-off of a month with premium changes (payroll's list).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from documents.booklet import (
    ApprovalLine,
    BookletFormData,
    InsuranceLetterData,
    PremiumSheetRow,
    render_booklet_form,
    render_insurance_letter,
    render_premium_changes,
)
from documents.models import Letterhead
from domain import booklet as bk
from domain.booklet import (
    BkAction,
    BkStatus,
    BookletPolicy,
    CancelReason,
    Document,
    EmploymentStatus,
    MemberCategory,
    Process,
    Refusal,
)
from domain.buttons import ANSWER_INFO, ID, Button, card_action
from domain.jalali import (
    format_jalali_date,
    format_jalali_datetime,
    jalali_month_length,
    jalali_month_start,
    shift_month,
)
from domain.refusals import InputRefused
from domain.text import normalize_digits
from domain.workflow import (
    Action,
    IllegalTransition,
    NotPermitted,
    Refused,
    Role,
    Status,
    Transition,
    Workflow,
    holds,
    review_workflow,
)
from services import verification
from services.kit import Env, ServiceSpec
from services.messages import inline_keyboard, text_message
from services.organisation import letterhead
from services.render import fa, rials
from services.requests import (
    Acted,
    NewAttachment,
    RequestNotFound,
    Submitted,
    act_in_tx,
    check_action,
    submit_request,
)
from services.requests import owner_notice as generic_notice
from storage import outbox
from storage.base import Reader
from storage.booklet import (
    Booklets,
    CoveredPerson,
    PremiumChangeRow,
    add_change,
    add_coverage,
    decide_list,
    drop_changes_of,
    drop_coverage_of,
    end_coverage,
    mark_announced,
    save_section,
)
from storage.db import Tx
from storage.documents import organisation
from storage.employees import Employees
from storage.models import Dependant, Employee, Reminder, Request
from storage.reminders import Armed, add_reminder, cancel_reminders
from storage.requests import Requests, add_attachment, update_payload
from storage.roles import Roles
from texts import booklet as bk_t
from texts import common as t
from texts import documents as doc_t

SERVICE = bk.SERVICE  # the duplicate keeps the key it always had
FIRST = "booklet_first"
MEMBER = "booklet_member"
CANCEL = "booklet_cancel"
KEYS: dict[Process, str] = {
    Process.FIRST_ISSUE: FIRST,
    Process.ADD_DEPENDANT: MEMBER,
    Process.CANCELLATION: CANCEL,
    Process.DUPLICATE: SERVICE,
}
PROCESS_OF_KEY = {key: process for process, key in KEYS.items()}
FEATURE = bk.FEATURE
KINDS = ("duplicate",)

SALARY_TIMER = "bk_salary"
LIST_TIMER = "bk_list"
#: Local hour at which a timed step happens (the salary has been paid, the month's list goes out).
TIMER_HOUR = 8
#: Actions that produce a document, taken by this service's own buttons (``booklet:<action>:<id>``).
OWN_ACTIONS = frozenset({BkAction.SIGN_FORM, BkAction.ISSUE_LETTER, BkAction.PAYROLL_OK})
OWN_BUTTONS = tuple(card_action(action, FEATURE) for action in sorted(OWN_ACTIONS))
PAYROLL_OK = card_action(BkAction.PAYROLL_OK, FEATURE)
#: The conversation's feature: the owner's "send the counter's reply" button enters it.
CONVERSATION = "bk"
#: The documents' kinds among document checks.
FORM_KIND, LETTER_KIND = "booklet_form", "booklet_letter"
FORM = Button(FEATURE, "form", ID)
REPLY = Button(CONVERSATION, "reply", ID)
#: Payroll's monthly list (the argument is the month, ``YYYYMM``): the XLSX, approve, return, send again.
_MONTH = r"\d{6}"
LIST_XLSX = Button(FEATURE, "lxlsx", _MONTH)
LIST_OK = Button(FEATURE, "lok", _MONTH)
LIST_RETURN = Button(FEATURE, "lret", _MONTH)
LIST_RESEND = Button(FEATURE, "lsend", _MONTH)
LIST_BUTTONS = (LIST_XLSX, LIST_OK, LIST_RETURN, LIST_RESEND)
OPEN = (
    BkStatus.SUBMITTED,
    BkStatus.RECORDED,
    BkStatus.AWAITING_SALARY,
    BkStatus.FORM_DUE,
    BkStatus.LETTER_ISSUED,
    BkStatus.REPLY_RECEIVED,
    BkStatus.AT_PAYROLL,
    BkStatus.NEEDS_INFO,
)


def _own(flow: Workflow) -> Workflow:
    """The process's workflow with the document-producing actions on this service's own buttons."""
    moved = tuple(
        replace(tr, handled_by=FEATURE) if tr.action in OWN_ACTIONS else tr for tr in flow.transitions
    )
    return replace(flow, transitions=moved)


def workflow_of(process: Process) -> Workflow:
    """The workflow a process's service key runs (the duplicate keeps the common review)."""
    if process is Process.DUPLICATE:
        return review_workflow(SERVICE)
    return _own(bk.workflow(process))


# --- months and days ----------------------------------------------------------------------------------------


def month_key(month: bk.Month) -> str:
    """A Jalali month as stored: ``YYYY-MM``."""
    return f"{month[0]:04d}-{month[1]:02d}"


def key_month(key: str) -> bk.Month:
    """A stored ``YYYY-MM`` back to a Jalali (year, month); ValueError for anything else."""
    year, _, month = key.partition("-")
    parsed = (int(year), int(month))
    if not 1 <= parsed[1] <= 12 or len(key) != 7:
        raise ValueError(key)
    return parsed


def month_label(month: bk.Month) -> str:
    """A Jalali month as Persian readers write it (month name, then the year)."""
    return bk_t.BK_MONTH.format(month=t.JALALI_MONTHS[month[1] - 1], year=fa(month[0]))


def day_label(day: dt.date) -> str:
    """A day as a Jalali date with Persian digits."""
    return fa(format_jalali_date(day))


def office_today(env: Env) -> dt.date:
    """Today in the office's zone."""
    return env.clock.now().astimezone(env.zone).date()


def at_office_hour(day: dt.date, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The moment a timed step happens on ``day``: :data:`TIMER_HOUR` o'clock, office time."""
    return dt.datetime.combine(day, dt.time(TIMER_HOUR), tzinfo=zone).astimezone(dt.UTC)


def list_day(month: bk.Month, policy: BookletPolicy) -> dt.date:
    """The day a month's list goes to payroll: the day after its cut-off (the month's last day at most)."""
    day = min(policy.payroll_cutoff_day + 1, jalali_month_length(*month))
    return jalali_month_start(*month) + dt.timedelta(days=day - 1)


# --- the office's configuration -----------------------------------------------------------------------------

_OFFICE_KEYS = ("organisation", "insurance_office")


@dataclass(frozen=True)
class Office:
    """The booklet rules and the names printed on its documents."""

    policy: BookletPolicy
    organisation: str
    insurer: str


def _office_from(section: dict[str, Any] | None) -> Office:
    if section is None:
        return Office(BookletPolicy(premium=0), doc_t.DOC_OFFICE_NAME, bk_t.BKD_DEFAULT_INSURER)
    rules = {k: v for k, v in section.items() if k not in _OFFICE_KEYS}
    return Office(
        bk.parse_policy(rules),
        str(section.get("organisation") or doc_t.DOC_OFFICE_NAME),
        str(section.get("insurance_office") or bk_t.BKD_DEFAULT_INSURER),
    )


async def office(q: Reader) -> Office:
    """The office's booklet configuration (defaults until ``[booklet]`` is configured)."""
    return _office_from(await Booklets(q).section())


async def load_booklet(tx: Tx, data: Any, now: dt.datetime) -> int:
    """``[booklet]``: the rules (``domain.booklet.parse_policy``), ``organisation``, ``insurance_office``."""
    if not isinstance(data, dict):
        raise ValueError("booklet: expected a [booklet] table")
    for key in _OFFICE_KEYS:
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            raise ValueError(f"booklet.{key}: expected a non-empty text (got {data[key]!r})")
    _office_from(data)  # raises ConfigError naming every bad value
    await save_section(tx, data, now)
    return 1


# --- display ------------------------------------------------------------------------------------------------


def relation_label(relation: str) -> str:
    """Who a person is to the applicant, in Persian."""
    return t.RELATION_LABELS.get(relation, relation)


def _documents_text(codes: Iterable[str]) -> str:
    return bk_t.BK_LIST_SEPARATOR.join(bk_t.BK_DOCUMENTS.get(c, c) for c in codes)


def bring_text(process: str) -> str:
    """The documents to take to a government counter, one a line."""
    return "\n".join(bk_t.BK_BRING_LINE.format(item=item) for item in bk_t.BK_BRING.get(process, ()))


def describe(payload: dict[str, Any]) -> list[str]:
    """The card lines of a booklet request (and its lines in "my requests")."""
    kind = payload.get("process") or payload.get("kind", "")
    lines = [
        bk_t.BOOKLET_CARD_KIND.format(kind=bk_t.BOOKLET_KINDS.get(kind, "")),
        bk_t.BOOKLET_CARD_PERSON.format(
            name=payload.get("person_name", ""), relation=payload.get("relation_label", "")
        ),
    ]
    if payload.get("category"):
        lines.append(
            bk_t.BK_CARD_CATEGORY.format(
                category=bk_t.BK_CATEGORIES.get(payload["category"], ""),
                national_id=fa(payload.get("person_national_id", "")),
            )
        )
    if payload.get("reason"):
        lines.append(bk_t.BK_CARD_REASON.format(reason=bk_t.BK_REASONS.get(payload["reason"], "")))
    if payload.get("documents"):
        lines.append(bk_t.BK_CARD_DOCUMENTS.format(documents=_documents_text(payload["documents"])))
    if payload.get("monthly") is not None and payload.get("first_month"):
        template = bk_t.BK_CARD_PREMIUM_STOP if kind == Process.CANCELLATION else bk_t.BK_CARD_PREMIUM
        lines.append(
            template.format(amount=rials(abs(int(payload["monthly"]))), month=payload["first_month_label"])
        )
    if payload.get("salary_day"):
        lines.append(bk_t.BK_CARD_SALARY.format(day=day_label(dt.date.fromisoformat(payload["salary_day"]))))
    return lines


def _title(process: Process | None) -> str:
    return bk_t.BOOKLET_TITLES.get(process.value if process else "", bk_t.BOOKLET_TITLE)


def owner_notice(request: Request, action: str, note: str | None) -> dict[str, Any] | None:
    """What the owner is told after the office (or a timer) moved the request."""
    process = PROCESS_OF_KEY.get(request.service)
    p, code = request.payload, request.tracking_code
    spec = SPECS[process or Process.DUPLICATE]
    name = p.get("person_name", "")
    if process is Process.DUPLICATE and action == Action.APPROVE:
        return text_message(
            bk_t.BK_DUPLICATE_APPROVED.format(title=spec.title, code=code, bring=bring_text("duplicate")),
            inline_keyboard([[(bk_t.BK_BTN_FORM.format(code=code), FORM.data(request.id))]]),
        )
    if action == BkAction.RECORD:
        if process is Process.CANCELLATION:
            return text_message(bk_t.BK_NOTICE_REMOVED.format(name=name, code=code))
        return text_message(bk_t.BK_NOTICE_RECORDED.format(title=spec.title, code=code))
    if action == BkAction.ASK_DEDUCTION:
        return text_message(
            bk_t.BK_NOTICE_DEDUCTION.format(
                code=code,
                name=name,
                amount=rials(int(p.get("monthly", 0))),
                month=p.get("first_month_label", ""),
                day=day_label(dt.date.fromisoformat(p["salary_day"])) if p.get("salary_day") else "",
            )
        )
    if action == BkAction.SALARY_PAID:
        return text_message(bk_t.BK_NOTICE_SALARY.format(code=code))
    if action == BkAction.SIGN_FORM:
        return text_message(bk_t.BK_NOTICE_SIGNED.format(code=code))
    if action == BkAction.ASK_REDUCTION:
        return text_message(
            bk_t.BK_NOTICE_REDUCTION.format(
                code=code,
                name=name,
                amount=rials(abs(int(p.get("monthly", 0)))),
                month=p.get("first_month_label", ""),
            )
        )
    if action == BkAction.PAYROLL_OK and process is Process.CANCELLATION:
        return text_message(
            bk_t.BK_NOTICE_CLOSED.format(name=name, code=code, month=p.get("first_month_label", ""))
        )
    if action in (BkAction.PAYROLL_OK, BkAction.ISSUE_LETTER):
        return None  # the form or the letter itself is sent with its instructions
    return generic_notice(spec, request, action, note)


# --- who, and what the person may ask for -------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """Someone a booklet request is about."""

    name: str
    national_id: str
    relation: str
    born: dt.date | None = None
    #: The coverage row, when the person is insured through Refah.
    coverage_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        """The person in a conversation draft."""
        return {
            "name": self.name,
            "national_id": self.national_id,
            "relation": self.relation,
            "born": self.born.isoformat() if self.born else None,
        }


def person_of(data: dict[str, Any]) -> Person:
    """A person back from a draft."""
    born = data.get("born")
    return Person(
        name=str(data["name"]),
        national_id=str(data["national_id"]),
        relation=str(data["relation"]),
        born=dt.date.fromisoformat(born) if born else None,
    )


def _self(employee: Employee) -> Person:
    return Person(employee.full_name, employee.national_id, "self")


def _dependant(d: Dependant) -> Person:
    return Person(d.full_name, d.national_id, d.relation, d.birth_date)


async def household(env: Env, employee: Employee) -> list[Dependant]:
    """The dependants on the registry, besides the employee."""
    return await Employees(env.db).dependants(employee.id)


def applicant_refusal(employee: Employee, process: Process, policy: BookletPolicy) -> Refusal | None:
    """Why this employee may not ask for ``process`` (None: they may)."""
    return bk.applicant_refusal(process, EmploymentStatus(employee.status), policy)


async def may_ask(env: Env, employee: Employee, process: Process) -> Refusal | None:
    """Whether the employee may start ``process`` now."""
    return applicant_refusal(employee, process, (await office(env.db)).policy)


def _active(coverage: Sequence[CoveredPerson], month: bk.Month) -> list[CoveredPerson]:
    return [c for c in coverage if c.end_month is None or key_month(c.end_month) > month]


async def _pending_people(q: Reader, employee_id: int) -> set[str]:
    """National IDs an open request of this employee already concerns."""
    found: set[str] = set()
    for request in await Requests(q).of_employee(employee_id, 100):
        if request.service in (MEMBER, CANCEL) and request.status in OPEN:
            found.add(str(request.payload.get("person_national_id", "")))
    return found


async def members_to_add(env: Env, employee: Employee) -> list[Person]:
    """Registry dependants not insured through Refah and not in an open request."""
    month = bk.month_of(office_today(env))
    covered = {c.national_id for c in _active(await Booklets(env.db).coverage(employee.id), month)}
    busy = await _pending_people(env.db, employee.id)
    return [
        _dependant(d)
        for d in await household(env, employee)
        if d.national_id not in covered and d.national_id not in busy
    ]


async def household_ids(env: Env, employee: Employee) -> set[str]:
    """Everyone already in the employee's household (registry, insured, or in an open request)."""
    ids = {d.national_id for d in await household(env, employee)}
    ids |= {c.national_id for c in await Booklets(env.db).coverage(employee.id) if c.end_month is None}
    return ids | await _pending_people(env.db, employee.id)


async def people_to_cancel(env: Env, employee: Employee) -> list[Person]:
    """The employee, their insured people and their registry dependants (each once)."""
    month = bk.month_of(office_today(env))
    busy = await _pending_people(env.db, employee.id)
    found: dict[str, Person] = {employee.national_id: _self(employee)}
    for c in _active(await Booklets(env.db).coverage(employee.id), month):
        found.setdefault(c.national_id, Person(c.full_name, c.national_id, c.relation, coverage_id=c.id))
    for d in await household(env, employee):
        found.setdefault(d.national_id, _dependant(d))
    return [p for p in found.values() if p.national_id not in busy]


def categories_for(relation: str) -> list[MemberCategory]:
    """The member categories that fit a registry relation."""
    return [c for c in MemberCategory if c.relation.value == relation]


def reasons_for(relation: str) -> list[CancelReason]:
    """The cancellation reasons that may concern this person."""
    return [r for r in CancelReason if bk.cancellation_refusal(r, bk.Relation(relation)) is None]


async def member_age_refusal(
    env: Env, employee: Employee, category: MemberCategory, born: dt.date
) -> InputRefused | None:
    """Why a member born then does not fit ``category`` today (None: they do)."""
    policy = (await office(env.db)).policy
    refusal = bk.age_refusal(category, born, today=office_today(env), policy=policy)
    if refusal is None:
        return None
    rule = policy.category(category)
    limit = {Refusal.TOO_YOUNG: rule.age_from, Refusal.AGE_LIMIT: rule.age_below}.get(refusal)
    return InputRefused(refusal, limit=limit)


async def read_member_id(env: Env, employee: Employee, text: str) -> str:
    """A new member's typed national ID; raises :class:`InputRefused`."""
    return bk.parse_member_national_id(
        text, applicant_id=employee.national_id, household=await household_ids(env, employee)
    )


async def read_member_birth(env: Env, category: MemberCategory, text: str) -> dt.date:
    """A new member's typed Jalali birth date fitting ``category``; raises :class:`InputRefused`."""
    policy = (await office(env.db)).policy
    return bk.parse_member_birth_date(text, category, today=office_today(env), policy=policy)


async def required(
    env: Env, process: Process, *, category: MemberCategory | None = None, reason: CancelReason | None = None
) -> tuple[Document, ...]:
    """The papers this request needs, in the order they are asked for."""
    policy = (await office(env.db)).policy
    return bk.required_documents(process, policy, category=category, reason=reason)


def refusal_text(error: InputRefused) -> str:
    """The one message of a booklet refusal (or of a validator's)."""
    text = bk_t.BK_REFUSALS.get(error.code.value)
    if text is None:
        return t.INVALID_INPUT.get(error.code.value, t.INVALID_GENERIC)
    return text.format(limit=fa(error.limit if error.limit is not None else ""))


# --- submission ---------------------------------------------------------------------------------------------


class NotFiled(Refused):
    """A submission the rules refuse (not eligible, papers missing); ``text`` says why."""


async def submit_booklet(
    env: Env,
    *,
    employee: Employee,
    user_id: int,
    kind: str,
    person: dict[str, Any],
    attachments: list[NewAttachment],
    key: str,
) -> Submitted:
    """File a duplicate request with its documents (the duplicate's flow, as it always was)."""
    if kind not in KINDS:
        raise ValueError(kind)
    payload = {
        "kind": kind,
        "process": Process.DUPLICATE.value,
        "person_name": person["name"],
        "person_national_id": person["national_id"],
        "relation": person["relation"],
        "relation_label": relation_label(person["relation"]),
    }
    return await submit_request(
        env,
        service=SERVICE,
        employee=employee,
        user_id=user_id,
        payload=payload,
        attachments=attachments,
        idempotency_key=f"{SERVICE}:{key}",
    )


async def submit_process(
    env: Env,
    *,
    employee: Employee,
    user_id: int,
    process: Process,
    person: Person,
    files: Sequence[tuple[Document, NewAttachment]],
    key: str,
    category: MemberCategory | None = None,
    reason: CancelReason | None = None,
) -> Submitted:
    """File a first issue, a new member or a cancellation once per draft key; every rule is checked again.

    Raises :class:`NotFiled` when the applicant may not ask or a required paper is missing.
    """
    policy = (await office(env.db)).policy
    refusal = applicant_refusal(employee, process, policy)
    needed = bk.required_documents(process, policy, category=category, reason=reason)
    missing = bk.missing_documents(needed, (doc for doc, _ in files))
    if refusal is not None:
        raise NotFiled(bk_t.BK_REFUSALS[refusal.value])
    if missing:
        raise NotFiled(bk_t.BK_FILES_MISSING.format(missing=_documents_text(missing)))
    if reason is not None and bk.cancellation_refusal(reason, bk.Relation(person.relation)) is not None:
        raise NotFiled(bk_t.BK_REFUSALS[Refusal.REASON_NOT_FOR_PERSON.value])
    payload: dict[str, Any] = {
        "process": process.value,
        "person_name": person.name,
        "person_national_id": person.national_id,
        "relation": person.relation,
        "relation_label": relation_label(person.relation),
        "born": person.born.isoformat() if person.born else None,
        "documents": [doc.value for doc, _ in files],
    }
    if category is not None:
        payload["category"] = category.value
    if reason is not None:
        payload["reason"] = reason.value
    return await submit_request(
        env,
        service=KEYS[process],
        employee=employee,
        user_id=user_id,
        payload=payload,
        attachments=[a for _, a in files],
        idempotency_key=f"{KEYS[process]}:{key}",
    )


# --- what each move does (inside its transaction) -----------------------------------------------------------


async def _set_payload(tx: Tx, env: Env, request: Request, **changes: Any) -> Request:
    payload = {**request.payload, **changes}
    await update_payload(tx, request.id, payload, env.clock.now())
    return request.model_copy(update={"payload": payload})


async def _open_month(tx: Tx, month: bk.Month) -> bk.Month:
    """``month``, or the first later month whose list has not gone to payroll yet."""
    repo = Booklets(tx)
    while (found := await repo.premium_list(month_key(month))) is not None and found.announced_at:
        month = shift_month(*month, 1)
    return month


async def _arm_list(tx: Tx, env: Env, request: Request, month: bk.Month, policy: BookletPolicy) -> Armed:
    """Wake on the day ``month``'s list goes to payroll (scheduled once the transaction commits)."""
    return await add_reminder(
        tx,
        request_id=request.id,
        chat_id=request.user_id,
        kind=LIST_TIMER,
        due_at=at_office_hour(list_day(month, policy), env.zone),
        text="",
    )


def _category(request: Request) -> MemberCategory | None:
    value = request.payload.get("category")
    return MemberCategory(value) if value else None


async def _ask_deduction(tx: Tx, env: Env, request: Request) -> None:
    """Payroll is asked to start the premium: the change, the coverage, the salary timer and the list."""
    process = PROCESS_OF_KEY[request.service]
    policy = (await office(tx)).policy
    today = office_today(env)
    category = _category(request)
    change = bk.premium_change(process, on=today, people=[category], policy=policy)
    assert change is not None
    start = await _open_month(tx, change.first_month)
    p = request.payload
    await add_change(
        tx,
        request_id=request.id,
        employee_id=request.employee_id,
        national_id=p["person_national_id"],
        full_name=p["person_name"],
        monthly=change.monthly,
        first_month=month_key(start),
        now=env.clock.now(),
    )
    await add_coverage(
        tx,
        employee_id=request.employee_id,
        request_id=request.id,
        national_id=p["person_national_id"],
        full_name=p["person_name"],
        relation=p["relation"],
        category=category.value if category else None,
        monthly=change.monthly,
        start_month=month_key(start),
    )
    salary_day = bk.salary_paid_on(start)
    request = await _set_payload(
        tx,
        env,
        request,
        monthly=change.monthly,
        first_month=month_key(start),
        first_month_label=month_label(start),
        salary_day=salary_day.isoformat(),
    )
    salary = await add_reminder(
        tx,
        request_id=request.id,
        chat_id=request.user_id,
        kind=SALARY_TIMER,
        due_at=at_office_hour(salary_day, env.zone),
        text="",
    )
    env.reminders_changed([salary, await _arm_list(tx, env, request, start, policy)])


async def _ask_reduction(tx: Tx, env: Env, request: Request) -> None:
    """Payroll is asked to stop the cancelled person's premium from the month after today."""
    p = request.payload
    policy = (await office(tx)).policy
    today = office_today(env)
    end = await _open_month(tx, bk.deduction_end(today))
    covered = [
        c
        for c in _active(await Booklets(tx).coverage(request.employee_id), bk.month_of(today))
        if c.national_id == p["person_national_id"]
    ]
    if covered:
        monthly = sum(c.monthly for c in covered)
        for c in covered:
            await end_coverage(
                tx, c.id, end_month=month_key(max(end, key_month(c.start_month))), request_id=request.id
            )
    else:  # insured before Refah kept the booklet: the policy's premium for the person
        category = {
            "spouse": MemberCategory.SPOUSE,
            "child": MemberCategory.CHILD,
            "parent": MemberCategory.PARENT,
        }
        monthly = policy.premium_of(category.get(p["relation"]))
    await add_change(
        tx,
        request_id=request.id,
        employee_id=request.employee_id,
        national_id=p["person_national_id"],
        full_name=p["person_name"],
        monthly=-monthly,
        first_month=month_key(end),
        now=env.clock.now(),
    )
    request = await _set_payload(
        tx, env, request, monthly=-monthly, first_month=month_key(end), first_month_label=month_label(end)
    )
    env.reminders_changed([await _arm_list(tx, env, request, end, policy)])


async def _withdraw(tx: Tx, env: Env, request: Request) -> None:
    """A request turned down after payroll was asked: its changes leave the lists not yet sent."""
    changes = await Booklets(tx).changes_of(request.id)
    unsent = []
    for change in changes:
        listed = await Booklets(tx).premium_list(change.first_month)
        if listed is None or not listed.announced_at:
            unsent.append(change.first_month)
    await drop_changes_of(tx, request.id, unsent)
    if len(unsent) == len(changes):
        await drop_coverage_of(tx, request.id)
        await tx.execute(
            "UPDATE booklet_coverage SET end_month = NULL, ended_by = NULL WHERE ended_by = ?", (request.id,)
        )
    await cancel_reminders(tx, request.id)


async def on_transition(
    tx: Tx, env: Env, request: Request, transition: Transition, actor: int | None
) -> None:
    """Start or stop the premium when payroll is asked; withdraw it when the request is turned down."""
    action = transition.action
    if action == BkAction.ASK_DEDUCTION:
        await _ask_deduction(tx, env, request)
    elif action == BkAction.ASK_REDUCTION:
        await _ask_reduction(tx, env, request)
    elif action in (Action.REJECT, Action.CANCEL) and request.service != SERVICE:
        await _withdraw(tx, env, request)


# --- timers -------------------------------------------------------------------------------------------------


async def salary_paid(tx: Tx, env: Env, reminder: Reminder) -> bool:
    """The first salary with the deduction was paid: the form is due; the person and the clerks are told."""
    request = await Requests(tx).get(reminder.request_id or 0)
    if request is None or request.status != BkStatus.AWAITING_SALARY:
        return False
    await act_in_tx(tx, env, request_id=request.id, action=BkAction.SALARY_PAID, actor=None, actor_name=None)
    if env.admin_chat_id is not None:
        await outbox.enqueue(
            tx,
            chat_id=env.admin_chat_id,
            method="sendMessage",
            now=env.clock.now(),
            request_id=request.id,
            payload=text_message(
                bk_t.BK_CLERK_FORM_DUE.format(
                    code=request.tracking_code, name=request.payload.get("person_name", "")
                )
            ),
            dedupe_key=f"bk:{request.id}:form_due",
        )
    return False


async def list_due(tx: Tx, env: Env, reminder: Reminder) -> bool:
    """A month's cut-off has passed: payroll gets that month's list of changes (once per month)."""
    now = env.clock.now()
    current = bk.month_of(now.astimezone(env.zone).date())
    holders = await Roles(tx).holders(Role.PAYROLL)
    if not holders:
        return False
    repo = Booklets(tx)
    for key in await repo.unannounced_months(month_key(current)):
        rows = await repo.changes_in(key)
        if rows:
            await _announce(tx, env, key, rows, holders)
    return False


async def _announce(
    tx: Tx, env: Env, key: str, rows: Sequence[PremiumChangeRow], holders: Sequence[int]
) -> None:
    """Send payroll a month's list: the figures, and buttons for the XLSX, approval and return."""
    now = env.clock.now()
    await mark_announced(tx, key, now)
    text = bk_t.BK_LIST_ANNOUNCE.format(
        month=month_label(key_month(key)), count=fa(len(rows)), total=rials(sum(r.monthly for r in rows))
    )
    arg = key.replace("-", "")
    keyboard = inline_keyboard(
        [
            [(bk_t.BK_BTN_LIST_XLSX, LIST_XLSX.data(arg))],
            [
                (bk_t.BK_BTN_LIST_OK, LIST_OK.data(arg)),
                (bk_t.BK_BTN_LIST_RETURN, LIST_RETURN.data(arg)),
            ],
        ]
    )
    for holder in holders:
        await outbox.enqueue(
            tx,
            chat_id=holder,
            method="sendMessage",
            now=now,
            payload=text_message(text, keyboard),
        )


# --- payroll's monthly list ---------------------------------------------------------------------------------


class NotPayroll(PermissionError):
    """Only payroll may decide a premium list."""


class ListNotOpen(ValueError):
    """The list is not waiting for payroll's decision."""


def parse_month_arg(arg: str) -> str:
    """A button's ``YYYYMM`` as a stored month key; ValueError otherwise."""
    if len(arg) != 6 or not arg.isdigit():
        raise ValueError(arg)
    key = f"{arg[:4]}-{arg[4:]}"
    key_month(key)
    return key


def parse_month_text(text: str) -> str:
    """A typed Jalali month ``1404/05`` (any digits) as a stored month key; ValueError otherwise."""
    year, _, month = normalize_digits(text.strip()).replace("-", "/").partition("/")
    key = f"{int(year):04d}-{int(month):02d}"
    key_month(key)
    return key


async def _is_staff(env: Env, user_id: int, *roles: Role) -> bool:
    grants = await Roles(env.db).grants(user_id)
    return any(holds(grants, role, SERVICE) for role in roles)


@dataclass(frozen=True)
class PremiumSheet:
    """A month's list as payroll reads it."""

    month: str
    rows: tuple[PremiumChangeRow, ...]
    xlsx: bytes
    caption: str

    @property
    def total(self) -> int:
        """The change of the monthly deductions, in rials."""
        return sum(r.monthly for r in self.rows)


def _sheet_rows(rows: Iterable[PremiumChangeRow]) -> list[PremiumSheetRow]:
    return [
        PremiumSheetRow(
            personnel_no=r.personnel_no,
            employee_name=r.employee_name,
            member=r.full_name,
            change=bk_t.BK_CHANGE_START if r.monthly >= 0 else bk_t.BK_CHANGE_STOP,
            monthly=r.monthly,
            from_month=month_label(key_month(r.first_month)),
        )
        for r in rows
    ]


async def premium_sheet(env: Env, *, actor: int, month: str | None = None) -> PremiumSheet:
    """A month's list (this month by default) as an XLSX, for payroll or the booklet's clerks."""
    if not await _is_staff(env, actor, Role.PAYROLL, Role.CLERK):
        raise NotPayroll(actor)
    key = month or month_key(bk.month_of(office_today(env)))
    rows = tuple(await Booklets(env.db).changes_in(key))
    label = month_label(key_month(key))
    xlsx = render_premium_changes(_sheet_rows(rows), period=label)
    caption = bk_t.BK_LIST_CAPTION.format(
        month=label, count=fa(len(rows)), total=rials(sum(r.monthly for r in rows))
    )
    return PremiumSheet(key, rows, xlsx, caption)


async def decide_premium_list(env: Env, *, month: str, actor: int, actor_name: str, approve: bool) -> None:
    """Payroll approves or returns a month's list; the clerks' group is told (NotPayroll, ListNotOpen)."""
    if not await _is_staff(env, actor, Role.PAYROLL):
        raise NotPayroll(actor)
    now = env.clock.now()
    async with env.db.transaction() as tx:
        if not await decide_list(
            tx, month, status="approved" if approve else "returned", actor=actor, now=now
        ):
            raise ListNotOpen(month)
        if env.admin_chat_id is not None:
            label = month_label(key_month(month))
            template = bk_t.BK_LIST_GROUP_APPROVED if approve else bk_t.BK_LIST_GROUP_RETURNED
            keyboard = (
                None
                if approve
                else inline_keyboard([[(bk_t.BK_BTN_LIST_RESEND, LIST_RESEND.data(month.replace("-", "")))]])
            )
            await outbox.enqueue(
                tx,
                chat_id=env.admin_chat_id,
                method="sendMessage",
                now=now,
                payload=text_message(template.format(month=label, name=actor_name), keyboard),
            )
    env.wake_outbox()


async def resend_premium_list(env: Env, *, month: str, actor: int) -> None:
    """A clerk sends a returned list to payroll again. Raises NotPermitted, ListNotOpen."""
    if not await _is_staff(env, actor, Role.CLERK):
        raise NotPermitted("resend")
    async with env.db.transaction() as tx:
        repo = Booklets(tx)
        found = await repo.premium_list(month)
        if found is None or found.status != "returned":
            raise ListNotOpen(month)
        await _announce(tx, env, month, await repo.changes_in(month), await Roles(tx).holders(Role.PAYROLL))
    env.wake_outbox()


# --- the actions that produce a document --------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    request: Request
    employee: Employee
    office: Office
    process: Process


async def _context(env: Env, request_id: int) -> _Context:
    request = await Requests(env.db).get(request_id)
    process = PROCESS_OF_KEY.get(request.service) if request is not None else None
    if request is None or process is None:
        raise RequestNotFound(request_id)
    employee = await Employees(env.db).get(request.employee_id)
    if employee is None:
        raise RequestNotFound(request_id)
    return _Context(request, employee, await office(env.db), process)


async def _approval(env: Env, request_id: int, action: str, role: str) -> ApprovalLine:
    """Who took ``action`` on the request, and when (empty if nobody has yet)."""
    for event in reversed(await Requests(env.db).events(request_id)):
        if event.action == action:
            return ApprovalLine(role, event.actor_name or "", format_jalali_datetime_fa(event.at, env.zone))
    return ApprovalLine(role, "", "")


def format_jalali_datetime_fa(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    """A moment as the documents print it (their generators localise the digits)."""
    return format_jalali_datetime(moment, zone)


def _verify(c: _Context) -> str:
    """What a document prints under its QR code: the service, tracking code and the insured's national ID."""
    return f"REFAH-BK|{c.request.tracking_code}|{c.request.payload.get('person_national_id', '')}"


async def _head(q: Reader, c: _Context) -> Letterhead:
    """The organisation's letterhead (``[organisation]``); until it is configured, the name ``[booklet]``
    gives."""
    if await organisation(q) is not None:
        return await letterhead(q)
    return Letterhead(name=c.office.organisation)


async def _check_link(env: Env, c: _Context, *, kind: str, label: str) -> str:
    """The document's check deep link for its QR code (the same document keeps its first token)."""
    async with env.db.transaction() as tx:
        return await verification.issue(
            tx,
            env,
            kind=kind,
            label=label,
            reference=c.request.tracking_code,
            holder=c.request.payload.get("person_name") or c.employee.full_name,
            request_id=c.request.id,
        )


async def _form(env: Env, c: _Context, *, clerk: ApprovalLine, payroll: ApprovalLine | None) -> bytes:
    """The counter's form with the office's approvals so far."""
    p = c.request.payload
    process = c.process.value
    approvals = (clerk,) if payroll is None else (clerk, payroll)
    title = bk_t.BKD_FORM_TITLES.get(process, bk_t.BOOKLET_TITLE)
    link = await _check_link(env, c, kind=FORM_KIND, label=title)
    head = await _head(env.db, c)
    return render_booklet_form(
        BookletFormData(
            letterhead=head,
            title=title,
            tracking_code=c.request.tracking_code,
            verify=_verify(c),
            verify_link=link,
            applicant_name=c.employee.full_name,
            personnel_no=c.employee.personnel_no,
            applicant_national_id=c.employee.national_id,
            applicant_status=t.EMPLOYEE_STATUS_LABELS.get(c.employee.status, c.employee.status),
            person_name=p.get("person_name", ""),
            person_national_id=p.get("person_national_id", ""),
            relation=p.get("relation_label", ""),
            premium=f"{int(p['monthly']):,}" if p.get("monthly") is not None else "",
            premium_from=p.get("first_month_label", ""),
            issued_at=format_jalali_datetime_fa(env.clock.now(), env.zone),
            approvals=approvals,
            bring=bk_t.BK_BRING.get(process, ()),
        )
    )


async def _letter(env: Env, c: _Context, signer: ApprovalLine) -> bytes:
    p = c.request.payload
    today = office_today(env)
    link = await _check_link(env, c, kind=LETTER_KIND, label=bk_t.BKD_LETTER_LABEL)
    head = await _head(env.db, c)
    return render_insurance_letter(
        InsuranceLetterData(
            letterhead=head,
            verify_link=link,
            recipient=c.office.insurer,
            letter_no=f"{bk.month_of(today)[0]}/BK/{c.request.id:05d}",
            date=format_jalali_date(today),
            tracking_code=c.request.tracking_code,
            verify=_verify(c),
            applicant_name=c.employee.full_name,
            personnel_no=c.employee.personnel_no,
            applicant_national_id=c.employee.national_id,
            person_name=p.get("person_name", ""),
            person_national_id=p.get("person_national_id", ""),
            relation=p.get("relation_label", ""),
            reason=bk_t.BK_REASONS.get(p.get("reason", ""), ""),
            from_month=month_label(bk.deduction_end(today)),
            signed_by=signer,
        )
    )


async def take_own_action(env: Env, *, request_id: int, action: str, actor: int, actor_name: str) -> Acted:
    """Sign the form, issue the letter or give payroll's approval: the document is rendered first, then the
    request moves and the document is sent in one transaction.

    Raises :class:`RequestNotFound` or a :class:`domain.workflow.WorkflowError`.
    """
    if action not in OWN_ACTIONS:
        raise IllegalTransition(action)
    await check_action(env, request_id=request_id, action=action, actor=actor)
    c = await _context(env, request_id)
    stamp = format_jalali_datetime_fa(env.clock.now(), env.zone)
    document: bytes | None = None
    if action == BkAction.SIGN_FORM:
        clerk = ApprovalLine(bk_t.BKD_ROLE_CLERK, actor_name, stamp)
        document = await _form(env, c, clerk=clerk, payroll=ApprovalLine(bk_t.BKD_ROLE_PAYROLL, "", ""))
    elif action == BkAction.ISSUE_LETTER:
        document = await _letter(env, c, ApprovalLine(bk_t.BKD_ROLE_CLERK, actor_name, stamp))
    elif c.process is not Process.CANCELLATION:
        clerk = await _approval(env, request_id, BkAction.SIGN_FORM, bk_t.BKD_ROLE_CLERK)
        document = await _form(
            env, c, clerk=clerk, payroll=ApprovalLine(bk_t.BKD_ROLE_PAYROLL, actor_name, stamp)
        )
    async with env.db.transaction() as tx:
        acted = await act_in_tx(
            tx, env, request_id=request_id, action=action, actor=actor, actor_name=actor_name
        )
        if document is not None:
            await _send_document(tx, env, acted.request, action, document)
    env.wake_outbox()
    return acted


async def _send_document(tx: Tx, env: Env, request: Request, action: str, document: bytes) -> None:
    """Queue the document the action produced, with what its reader should do with it."""
    now, code, p = env.clock.now(), request.tracking_code, request.payload
    process = PROCESS_OF_KEY[request.service]
    keyboard: dict[str, Any] | None
    if action == BkAction.SIGN_FORM:
        employee = await Employees(tx).get(request.employee_id)
        caption = bk_t.BK_FORM_FOR_PAYROLL.format(
            title=SPECS[process].title,
            code=code,
            name=employee.full_name if employee else "",
            personnel_no=fa(employee.personnel_no if employee else ""),
            amount=rials(int(p.get("monthly", 0))),
            month=p.get("first_month_label", ""),
        )
        keyboard = inline_keyboard([[(bk_t.BK_BTN_PAYROLL_OK, PAYROLL_OK.data(request.id))]])
        for holder in await Roles(tx).holders(Role.PAYROLL):
            await outbox.enqueue(
                tx,
                chat_id=holder,
                method="sendDocument",
                now=now,
                request_id=request.id,
                document=document,
                payload={"filename": f"booklet-{code}.pdf", "caption": caption, "reply_markup": keyboard},
                dedupe_key=f"bk:{request.id}:form_payroll:{holder}",
            )
        return
    if action == BkAction.ISSUE_LETTER:
        caption = bk_t.BK_LETTER_CAPTION.format(
            name=p.get("person_name", ""), code=code, office=(await office(tx)).insurer
        )
        keyboard = inline_keyboard([[(bk_t.BK_BTN_SEND_REPLY, REPLY.data(request.id))]])
        filename = f"booklet-letter-{code}.pdf"
    else:
        caption = bk_t.BK_FORM_CAPTION.format(
            title=SPECS[process].title, code=code, bring=bring_text(process.value)
        )
        keyboard = None
        filename = f"booklet-{code}.pdf"
    payload: dict[str, Any] = {"filename": filename, "caption": caption}
    if keyboard is not None:
        payload["reply_markup"] = keyboard
    await outbox.enqueue(
        tx,
        chat_id=request.user_id,
        method="sendDocument",
        now=now,
        request_id=request.id,
        document=document,
        payload=payload,
        dedupe_key=f"bk:{request.id}:{action}",
    )


async def form_for_owner(env: Env, *, request_id: int, user_id: int) -> tuple[bytes, str, str]:
    """The request's form (or letter) again for its owner: (PDF, file name, caption).

    Raises :class:`RequestNotFound`, or :class:`Refused` while nothing is ready yet.
    """
    c = await _context(env, request_id)
    request = c.request
    if request.user_id != user_id:
        raise RequestNotFound(request_id)
    code = request.tracking_code
    if c.process is Process.DUPLICATE and request.status == Status.APPROVED:
        clerk = await _approval(env, request_id, Action.APPROVE, bk_t.BKD_ROLE_CLERK)
        pdf = await _form(env, c, clerk=clerk, payroll=None)
        caption = bk_t.BK_FORM_CAPTION.format(
            title=SPECS[c.process].title, code=code, bring=bring_text("duplicate")
        )
        return pdf, f"booklet-{code}.pdf", caption
    if c.process is Process.CANCELLATION and request.status not in (BkStatus.SUBMITTED, BkStatus.RECORDED):
        signer = await _approval(env, request_id, BkAction.ISSUE_LETTER, bk_t.BKD_ROLE_CLERK)
        pdf = await _letter(env, c, signer)
        caption = bk_t.BK_LETTER_CAPTION.format(
            name=request.payload.get("person_name", ""), code=code, office=c.office.insurer
        )
        return pdf, f"booklet-letter-{code}.pdf", caption
    if c.process in (Process.FIRST_ISSUE, Process.ADD_DEPENDANT) and request.status == BkStatus.DONE:
        clerk = await _approval(env, request_id, BkAction.SIGN_FORM, bk_t.BKD_ROLE_CLERK)
        payroll = await _approval(env, request_id, BkAction.PAYROLL_OK, bk_t.BKD_ROLE_PAYROLL)
        pdf = await _form(env, c, clerk=clerk, payroll=payroll)
        caption = bk_t.BK_FORM_CAPTION.format(
            title=SPECS[c.process].title, code=code, bring=bring_text(c.process.value)
        )
        return pdf, f"booklet-{code}.pdf", caption
    raise Refused(bk_t.BK_FORM_NOT_READY)


# --- the counter's reply to a cancellation ------------------------------------------------------------------


async def awaiting_reply(env: Env, *, request_id: int, user_id: int) -> Request:
    """The owner's cancellation that waits for the counter's reply (RequestNotFound, or IllegalTransition)."""
    request = await Requests(env.db).get(request_id)
    if request is None or request.user_id != user_id or request.service != CANCEL:
        raise RequestNotFound(request_id)
    SPECS[Process.CANCELLATION].workflow.find(request.status, BkAction.BRING_REPLY)
    return request


async def bring_reply(env: Env, *, request_id: int, user_id: int, reply: NewAttachment) -> Acted:
    """The owner sends the counter's reply letter: it is attached and the case returns to the clerk."""
    async with env.db.transaction() as tx:
        request = await Requests(tx).get(request_id)
        if request is None or request.user_id != user_id or request.service != CANCEL:
            raise RequestNotFound(request_id)
        await add_attachment(
            tx,
            request_id,
            kind=reply.kind,
            file_id=reply.file_id,
            file_unique_id=reply.file_unique_id,
            file_name=reply.file_name,
            mime_type=reply.mime_type,
            file_size=reply.file_size,
            uploaded_by=user_id,
            now=env.clock.now(),
        )
        employee = await Employees(tx).get(request.employee_id)
        acted = await act_in_tx(
            tx,
            env,
            request_id=request_id,
            action=BkAction.BRING_REPLY,
            actor=user_id,
            actor_name=employee.full_name if employee else None,
        )
    env.wake_outbox()
    return acted


# --- the status page ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusPage:
    """The employee's booklet status: the text and the buttons of what they can do next."""

    text: str
    buttons: list[list[tuple[str, str]]]


def _next_step(request: Request) -> str:
    process = PROCESS_OF_KEY.get(request.service)
    status, p = request.status, request.payload
    if status == Status.NEEDS_INFO:
        return bk_t.BK_NEXT_INFO
    if status == BkStatus.RECORDED:
        return bk_t.BK_NEXT_RECORDED_CANCEL if process is Process.CANCELLATION else bk_t.BK_NEXT_RECORDED
    if status == BkStatus.AWAITING_SALARY:
        day = day_label(dt.date.fromisoformat(p["salary_day"])) if p.get("salary_day") else ""
        return bk_t.BK_NEXT_SALARY.format(day=day)
    steps: dict[str, str] = {
        BkStatus.FORM_DUE: bk_t.BK_NEXT_FORM_DUE,
        BkStatus.AT_PAYROLL: bk_t.BK_NEXT_PAYROLL,
        BkStatus.LETTER_ISSUED: bk_t.BK_NEXT_LETTER,
        BkStatus.REPLY_RECEIVED: bk_t.BK_NEXT_REPLY,
    }
    return steps.get(status, bk_t.BK_NEXT_NOTHING)


async def status_page(env: Env, employee: Employee) -> StatusPage:
    """Each covered person, each open booklet request with its stage and the person's next step, and forms
    ready for a counter."""
    month = bk.month_of(office_today(env))
    lines = [bk_t.BK_STATUS_TITLE.format(name=employee.full_name), bk_t.BK_STATUS_COVERED]
    covered = _active(await Booklets(env.db).coverage(employee.id), month)
    for c in covered:
        template = bk_t.BK_STATUS_PERSON_ENDS if c.end_month else bk_t.BK_STATUS_PERSON
        lines.append(
            template.format(
                name=c.full_name,
                relation=relation_label(c.relation),
                amount=rials(c.monthly),
                start=month_label(key_month(c.start_month)),
                end=month_label(key_month(c.end_month)) if c.end_month else "",
            )
        )
    if not covered:
        lines.append(bk_t.BK_STATUS_NONE_COVERED)
    requests = [r for r in await Requests(env.db).of_employee(employee.id, 50) if r.service in PROCESS_OF_KEY]
    open_ = [r for r in requests if r.status in OPEN]
    buttons: list[list[tuple[str, str]]] = []
    lines.append(bk_t.BK_STATUS_OPEN if open_ else bk_t.BK_STATUS_NO_OPEN)
    for r in open_:
        spec = SPECS[PROCESS_OF_KEY[r.service]]
        kind = r.payload.get("process") or r.payload.get("kind", "")
        lines.append(
            bk_t.BK_STATUS_REQUEST.format(
                kind=bk_t.BOOKLET_KINDS.get(kind, ""),
                name=r.payload.get("person_name", ""),
                code=r.tracking_code,
                stage=spec.status_label(r.status),
                next=_next_step(r),
            )
        )
        if r.status == BkStatus.LETTER_ISSUED:
            buttons.append([(bk_t.BK_BTN_REPLY_FOR.format(code=r.tracking_code), REPLY.data(r.id))])
            buttons.append([(bk_t.BK_BTN_FORM.format(code=r.tracking_code), FORM.data(r.id))])
        elif r.status == Status.NEEDS_INFO:
            buttons.append([(bk_t.BK_BTN_ANSWER_FOR.format(code=r.tracking_code), ANSWER_INFO.data(r.id))])
    ready = [
        r
        for r in requests
        if (r.service == SERVICE and r.status == Status.APPROVED)
        or (r.service in (FIRST, MEMBER) and r.status == BkStatus.DONE)
    ][:3]
    if ready:
        lines.append(bk_t.BK_STATUS_READY)
    for r in ready:
        kind = r.payload.get("process") or r.payload.get("kind", "")
        lines.append(
            bk_t.BK_STATUS_FORM.format(
                kind=bk_t.BOOKLET_KINDS.get(kind, ""),
                name=r.payload.get("person_name", ""),
                code=r.tracking_code,
            )
        )
        buttons.append([(bk_t.BK_BTN_FORM.format(code=r.tracking_code), FORM.data(r.id))])
    return StatusPage("\n".join(lines), buttons)


# --- the specs ----------------------------------------------------------------------------------------------


def _spec(process: Process, **extra: Any) -> ServiceSpec:
    return ServiceSpec(
        key=KEYS[process],
        title=_title(process) if process is not Process.DUPLICATE else bk_t.BOOKLET_TITLE,
        workflow=workflow_of(process),
        describe=describe,
        status_labels=bk_t.BK_STATUS_LABELS if process is not Process.DUPLICATE else {},
        action_labels=bk_t.BK_ACTION_LABELS,
        on_transition=on_transition,
        owner_notice=owner_notice,
        deadlines=_DEADLINES if process is not Process.DUPLICATE else {str(BkStatus.SUBMITTED): 2},
        **extra,
    )


#: Working days staff have at each stage that waits for them (the owner sees the expected date).
_DEADLINES: dict[str, int] = {BkStatus.SUBMITTED: 2, BkStatus.RECORDED: 2, BkStatus.FORM_DUE: 2}
_DEADLINES |= {BkStatus.REPLY_RECEIVED: 2, BkStatus.AT_PAYROLL: 3}


SPECS: dict[Process, ServiceSpec] = {
    Process.DUPLICATE: _spec(
        Process.DUPLICATE,
        timers={SALARY_TIMER: salary_paid, LIST_TIMER: list_due},
        config={"booklet": load_booklet},
    ),
    Process.FIRST_ISSUE: _spec(Process.FIRST_ISSUE),
    Process.ADD_DEPENDANT: _spec(Process.ADD_DEPENDANT),
    Process.CANCELLATION: _spec(Process.CANCELLATION),
}
SPEC = SPECS[Process.DUPLICATE]
SPEC_FIRST = SPECS[Process.FIRST_ISSUE]
SPEC_MEMBER = SPECS[Process.ADD_DEPENDANT]
SPEC_CANCEL = SPECS[Process.CANCELLATION]
