"""Request-free benefits: the marriage and birth allowances, paid from data the office already has.

A run reads the civil registry's file (streamed: every row checked, bad rows reported and skipped), keeps the
events of people on file as cases (a record id, or the same event under another one, is taken once), judges
every pending case by ``domain.benefits`` (with the payroll history and the person's benefit history), and
puts the eligible people who have a Sheba in a payment batch for finance. Each judgement is stored with its
reasons and the facts used. People linked to the bot then get a request of this service, filed by the system
(one per case, ``benefit:<record id>``), moved to the case's state with the notice it owes: not paid and why
(with an objection button), add your Sheba (with the Sheba button), or paid and why once finance marks the
batch paid. Nobody is paid or told twice: cases are unique per record id and per event, requests per case,
and a request moves only when its case did.

  received ─decline─> not_paid ─owner: object─> objected ─clerk: uphold─> upheld ─queue─> batched ─pay─> paid
     │ └─await_sheba─> awaiting_sheba ─queue────────────────────┐  └─reject─> rejected     (system)
     └─queue─────────────────────────────────────────────────────┴─> batched
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import hashlib
import logging
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jdatetime  # type: ignore[import-untyped, unused-ignore]
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from documents.benefit_batch import BatchDocument, PaymentLine, render_batch_letter, render_batch_sheet
from domain.benefits import (
    ARTICLE_85,
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
from domain.buttons import ID, Button
from domain.jalali import format_jalali_date, jalali_month_length, to_jalali
from domain.validators import parse_sheba
from domain.workflow import OWNER, RESUME, SYSTEM, Action, Refused, Role, Status, Transition, Workflow, holds
from services import verification
from services.benefit_import import RowError, UnreadableFile, check_events, check_payroll
from services.importing import MAX_KEPT_ERRORS
from services.kit import Env, ServiceSpec
from services.messages import inline_keyboard, text_message
from services.organisation import letterhead
from services.render import fa, rials
from services.requests import NewAttachment, Submitted, act_in_tx, submit_request
from services.requests import owner_notice as generic_notice
from storage import outbox
from storage.benefits import (
    OWED,
    BenefitCase,
    Benefits,
    Person,
    change_sheba,
    create_batch,
    insert_case,
    insert_staged_cases,
    link_request,
    mark_batch_paid,
    mark_batch_sent,
    natural_key,
    promote,
    record_file,
    record_run,
    replace_payroll,
    save_judgement,
    save_settings,
    set_state,
)
from storage.db import Database, Tx
from storage.employees import Employees
from storage.models import Employee, Reminder, Request
from storage.reminders import add_reminder
from storage.requests import Requests, add_attachment, update_payload
from storage.roles import Roles
from texts import benefits as bn_t
from texts import common as t

_LOG = logging.getLogger(__name__)

SERVICE = "benefits"
FEATURE = "bn"
#: Finance marks a batch paid; an owner objects to a "not paid" answer; an owner adds their Sheba.
PAID_BATCH = Button(FEATURE, "paid", ID)
OBJECT_BUTTON = Button(FEATURE, "object", ID)
#: The batch covering letter's kind among document checks.
LETTER_KIND = "benefit_batch_letter"
SHEBA = Button(FEATURE, "sheba")

RECEIVED = "received"
NOT_PAID = "not_paid"
AWAITING_SHEBA = "awaiting_sheba"
BATCHED = "batched"
PAID = "paid"
OBJECTED = "objected"
UPHELD = "upheld"

DECLINE = "decline"
AWAIT_SHEBA = "await_sheba"
QUEUE = "queue"
PAY = "pay"
OBJECT = "object"
UPHOLD = "uphold"

#: The reminder kind of the month-end run over the configured folder.
MONTH_END = "benefits_month_end"
#: Local hour, on the last day of each Jalali month, at which the run starts.
MONTH_END_HOUR = 20
#: The request status that shows each case state the system drives.
REQUEST_STATUS_OF = {"not_eligible": NOT_PAID, AWAITING_SHEBA: AWAITING_SHEBA, BATCHED: BATCHED, PAID: PAID}
JUDGE_CHUNK = 500


def _workflow() -> Workflow:
    """The system files and moves a case; its owner may object; a clerk upholds or rejects the objection."""
    one = frozenset
    return Workflow(
        service=SERVICE,
        initial=RECEIVED,
        transitions=(
            Transition(DECLINE, one({RECEIVED}), NOT_PAID, SYSTEM),
            Transition(AWAIT_SHEBA, one({RECEIVED, UPHELD}), AWAITING_SHEBA, SYSTEM),
            Transition(QUEUE, one({RECEIVED, AWAITING_SHEBA, UPHELD}), BATCHED, SYSTEM),
            Transition(PAY, one({BATCHED}), PAID, SYSTEM),
            Transition(OBJECT, one({NOT_PAID}), OBJECTED, OWNER),
            Transition(UPHOLD, one({OBJECTED}), UPHELD, Role.CLERK),
            Transition(Action.REJECT, one({OBJECTED}), Status.REJECTED, Role.CLERK, needs_reason=True),
            Transition(Action.ASK_INFO, one({OBJECTED}), Status.NEEDS_INFO, Role.CLERK, needs_reason=True),
            Transition(Action.ANSWER_INFO, one({Status.NEEDS_INFO}), RESUME, OWNER),
        ),
        final=frozenset({PAID, Status.REJECTED}),
    )


# --- configuration ------------------------------------------------------------------------------------------


class BenefitSettings(BaseModel):
    """The ``[benefits]`` section of the office file: Article 85's numbers, the birth amount, the folder."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_contribution_days: int = Field(default=ARTICLE_85.min_contribution_days, ge=0, le=36_500)
    contribution_months: int = Field(default=ARTICLE_85.contribution_months, ge=1, le=1_200)
    pay_months: int = Field(default=ARTICLE_85.pay_months, ge=1, le=1_200)
    pay_multiplier: int = Field(default=ARTICLE_85.pay_multiplier, ge=1, le=100)
    birth_amount: int | None = Field(default=None, gt=0, le=2**63 - 1)
    max_children: int = Field(default=3, ge=1, le=50)
    registry_folder: str = ""

    @property
    def marriage(self) -> MarriageRules:
        """The marriage allowance's rules."""
        return MarriageRules(
            min_contribution_days=self.min_contribution_days,
            contribution_months=self.contribution_months,
            pay_months=self.pay_months,
            pay_multiplier=self.pay_multiplier,
        )

    @property
    def birth(self) -> BirthRules | None:
        """The birth allowance's rules (None until its amount is configured)."""
        return BirthRules(self.birth_amount, self.max_children) if self.birth_amount else None


async def load_settings(tx: Tx, data: Any, now: dt.datetime) -> int:
    """Keep the rules; with a folder, arm the month-end run (the first reminder fires at once and re-arms)."""
    if not isinstance(data, dict):
        raise ValueError("benefits must be a table: [benefits]")
    try:
        found = BenefitSettings.model_validate(data)
    except ValidationError as error:
        raise ValueError(f"benefits: {error}") from None
    await save_settings(tx, found.model_dump(), now)
    armed = await tx.fetchval("SELECT 1 FROM reminders WHERE kind = ? AND status = 'pending'", (MONTH_END,))
    if found.registry_folder and not armed:
        await add_reminder(tx, request_id=None, chat_id=0, kind=MONTH_END, due_at=now, text="")
    return 1


async def settings_of(q: Database | Tx) -> BenefitSettings:
    """The configured rules (Article 85's defaults, no birth allowance, when never configured)."""
    found = await Benefits(q).settings()
    return BenefitSettings.model_validate(found or {})


# --- judging ------------------------------------------------------------------------------------------------


def _event(case: BenefitCase) -> RegistryRow:
    """A case as the rules read an event."""
    marriage = case.benefit == Event.MARRIAGE
    return RegistryRow(
        record_id=case.record_id,
        national_id=case.national_id,
        event=Event(case.benefit),
        event_date=case.event_date,
        spouse_national_id=case.other_national_id if marriage else None,
        child_national_id=None if marriage else case.other_national_id,
        marriage_kind=MarriageKind(case.marriage_kind or "permanent") if marriage else None,
    )


def _facts(judgement: Judgement) -> dict[str, Any] | None:
    """The facts a judgement used, as JSON."""
    if judgement.facts is None:
        return None

    def plain(value: Any) -> Any:
        if isinstance(value, Month):
            return str(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        return value

    return {k: plain(v) for k, v in dataclasses.asdict(judgement.facts).items()} | {
        "kind": "marriage" if isinstance(judgement.facts, MarriageFacts) else "birth"
    }


@dataclass
class Tally:
    """What a run did, outcome by outcome."""

    rows: int = 0
    bad_rows: int = 0
    duplicates: int = 0
    not_insured: int = 0
    already_known: int = 0
    new_cases: int = 0
    eligible_with_sheba: int = 0
    eligible_without_sheba: int = 0
    not_eligible: int = 0
    births_waiting_for_rules: int = 0
    owed_now_due: int = 0
    batch_lines: int = 0
    batch_total: int = 0
    unreachable: int = 0

    def lines(self) -> list[tuple[str, int]]:
        """Each outcome and its count, in a fixed order."""
        return [(f.name, int(getattr(self, f.name))) for f in dataclasses.fields(self)]


async def _judge_pending(tx: Tx, rules: BenefitSettings, now: dt.datetime, tally: Tally) -> None:
    """Judge every pending case, person by person and event by event (earlier events first)."""
    benefits = Benefits(tx)
    ids = await benefits.ids_in("pending")
    birth_rules = rules.birth
    marriage_rules = rules.marriage
    for start in range(0, len(ids), JUDGE_CHUNK):
        cases = await benefits.cases(ids[start : start + JUDGE_CHUNK])
        employees = sorted({c.employee_id for c in cases})
        people = await benefits.people(employees)
        history: dict[int, list[BenefitCase]] = {}
        for known in await benefits.history(employees):
            history.setdefault(known.employee_id, []).append(known)
        first = min(
            Month.of(c.event_date).shift(-max(rules.contribution_months, rules.pay_months)) for c in cases
        )
        last = max(Month.of(c.event_date) for c in cases)
        payroll: dict[str, list[PayrollRow]] = {}
        marriage_ids = sorted({c.national_id for c in cases if c.benefit == "marriage"})
        if marriage_ids:
            for nid, month, days, pay in await benefits.payroll(marriage_ids, str(first), str(last)):
                year, number = int(month[:4]), int(month[5:7])
                payroll.setdefault(nid, []).append(PayrollRow(nid, Month(year, number), days, pay))
        for case in cases:
            person = people[case.employee_id]
            mine = history.get(case.employee_id, [])
            others = [c for c in mine if c.id != case.id]
            if case.benefit == "marriage":
                judgement = judge_marriage(
                    _event(case),
                    person,
                    payroll.get(case.national_id, ()),
                    paid_before=any(c.benefit == "marriage" and c.state in OWED for c in others),
                    history=[_event(c) for c in others if c.benefit == "marriage"],
                    rules=marriage_rules,
                )
            elif birth_rules is None:
                tally.births_waiting_for_rules += 1
                continue
            else:
                judgement = judge_birth(
                    _event(case),
                    person,
                    rules=birth_rules,
                    paid_children=[
                        c.other_national_id for c in others if c.benefit == "birth" and c.state in OWED
                    ],
                )
            state = _state_after(judgement, person, tally)
            await save_judgement(
                tx,
                case.id,
                state=state,
                eligible=judgement.eligible,
                amount=judgement.amount,
                reasons=[r.value for r in judgement.reasons],
                facts=_facts(judgement),
                now=now,
            )
            for index, known in enumerate(mine):
                if known.id == case.id:
                    mine[index] = known.model_copy(update={"state": state})


def _state_after(judgement: Judgement, person: Person, tally: Tally) -> str:
    """The case's state after its judgement, counted."""
    if not judgement.eligible:
        tally.not_eligible += 1
        return "not_eligible"
    if person.sheba:
        tally.eligible_with_sheba += 1
        return "due"
    tally.eligible_without_sheba += 1
    return AWAITING_SHEBA


# --- the run ------------------------------------------------------------------------------------------------


class _DryRun(Exception):
    """Raised at the end of a dry run's transaction so that it rolls back."""


@dataclass(frozen=True)
class RunReport:
    """What a run found and did; ``errors`` the first bad rows (line numbers as in the file)."""

    tally: Tally
    errors: list[RowError]
    batch_id: int | None
    dry_run: bool
    error_count: int = 0


def month_label(month: Month) -> str:
    """A Jalali month as the bot writes it."""
    return f"{t.JALALI_MONTHS[month.month - 1]} {fa(month.year)}"


def _today(env: Env) -> dt.date:
    return env.clock.now().astimezone(env.zone).date()


async def run_registry(
    env: Env, path: Path | None, *, dry_run: bool = False, max_errors: int = MAX_KEPT_ERRORS
) -> RunReport:
    """One run: the file's events (if any), every pending case judged, owed cases batched, people told.

    Raises :class:`services.benefit_import.UnreadableFile` when the file cannot be read; a dry run changes
    nothing and tells nobody.
    """
    now = env.clock.now()
    tally = Tally()
    errors: list[RowError] = []
    error_count = 0
    rules = await settings_of(env.db)
    month = Month.of(_today(env))
    batch_id: int | None = None
    matched = 0
    async with contextlib.AsyncExitStack() as stack:
        staged: Path | None = None
        if path is not None:
            people = await Benefits(env.db).employee_index()
            checked = stack.enter_context(check_events(path, people, max_errors=max_errors))
            counts = checked.counts()
            tally.rows, tally.bad_rows, tally.duplicates = counts.rows, counts.bad_rows, counts.duplicates
            tally.not_insured = counts.not_insured
            errors, error_count = checked.errors, checked.log.count
            staged = checked.staged()
            await stack.enter_async_context(env.db.attached(staged, "staged"))
            matched = counts.matched
        try:
            async with env.db.transaction() as tx:
                if staged is not None:
                    tally.new_cases = await insert_staged_cases(tx, now)
                    tally.already_known = matched - tally.new_cases
                await _judge_pending(tx, rules, now, tally)
                tally.owed_now_due = await promote(tx, now)
                batch_id = await create_batch(tx, str(month), now)
                if batch_id is not None:
                    batch = await Benefits(tx).batch(batch_id)
                    assert batch is not None
                    tally.batch_lines, tally.batch_total = batch.lines, batch.total
                tally.unreachable = await Benefits(tx).count_unreachable(now)
                if dry_run:
                    raise _DryRun
                await record_run(tx, path.name if path else "(no file)", dict(tally.lines()), now)
        except _DryRun:
            return RunReport(tally, errors, None, dry_run=True, error_count=error_count)
    await sync_cases(env)
    await send_batches(env)
    return RunReport(tally, errors, batch_id, dry_run=False, error_count=error_count)


async def run_folder(env: Env) -> list[RunReport]:
    """The month-end run: every registry file dropped in the configured folder not read before, then a run."""
    rules = await settings_of(env.db)
    reports: list[RunReport] = []
    folder = Path(rules.registry_folder) if rules.registry_folder else None
    files = (
        sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv")
        if folder and folder.is_dir()
        else []
    )
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if await Benefits(env.db).known_file(digest):
            continue
        try:
            reports.append(await run_registry(env, path))
        except UnreadableFile as unreadable:
            _LOG.error("registry file %s cannot be read: %s", path.name, unreadable)
            continue
        async with env.db.transaction() as tx:
            await record_file(tx, digest, path.name, env.clock.now())
    if not reports:
        reports.append(await run_registry(env, None))
    return reports


_RUNS: set[asyncio.Task[Any]] = set()


def _month_end(day: dt.date, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The month-end run's moment in the Jalali month of ``day``."""
    j = to_jalali(day)
    last = jdatetime.date(j.year, j.month, jalali_month_length(j.year, j.month)).togregorian()
    return dt.datetime.combine(last, dt.time(MONTH_END_HOUR), tzinfo=zone).astimezone(dt.UTC)


async def month_end(tx: Tx, env: Env, reminder: Reminder) -> bool:
    """The month-end reminder: run over the folder if the month ends now, and arm the next month's run."""
    now = env.clock.now()
    this = _month_end(now.astimezone(env.zone).date(), env.zone)
    if now >= this:
        task = asyncio.get_running_loop().create_task(run_folder(env), name="benefits-month-end")
        _RUNS.add(task)  # it starts once this transaction has committed (it waits for the database)
        task.add_done_callback(_RUNS.discard)
        this = _month_end((this.astimezone(env.zone) + dt.timedelta(days=2)).date(), env.zone)
    armed = await add_reminder(tx, request_id=None, chat_id=0, kind=MONTH_END, due_at=this, text="")
    env.reminders_changed([armed])
    return False


# --- bringing each linked person's request in step with their case ------------------------------------------


def _next_action(status: str, target: str) -> str | None:
    """The system action that moves a request from ``status`` towards ``target`` (None: nothing to do)."""
    if status == target:
        return None
    if target == NOT_PAID:
        return DECLINE if status == RECEIVED else None
    if target == AWAITING_SHEBA:
        return AWAIT_SHEBA if status in (RECEIVED, UPHELD) else None
    if target in (BATCHED, PAID):
        if status == BATCHED:
            return PAY if target == PAID else None
        return QUEUE if status in (RECEIVED, AWAITING_SHEBA, UPHELD) else None
    return None


async def sync_cases(env: Env) -> int:
    """File (by the system) and move the request of every linked person's case that moved; returns moves."""
    moved = 0
    tried: set[int] = set()
    while True:
        found = [f for f in await Benefits(env.db).out_of_step() if f[0].id not in tried]
        if not found:
            return moved
        for case, chat, _ in found:
            tried.add(case.id)
            moved += await _sync_one(env, case, chat)


async def _sync_one(env: Env, case: BenefitCase, chat: int) -> int:
    """Bring one case's request in step (filing it first if there is none)."""
    employee = await Employees(env.db).get(case.employee_id)
    if employee is None:
        return 0
    rules = await settings_of(env.db)
    request_id = case.request_id
    if request_id is None:

        async def link(tx: Tx, request: Request) -> None:
            await link_request(tx, case.id, request.id)

        filed = await submit_request(
            env,
            service=SERVICE,
            employee=employee,
            user_id=chat,
            payload=payload_of(case, employee, rules),
            idempotency_key=f"benefit:{case.record_id}",
            by_system=True,
            receipt=False,
            in_tx=link,
        )
        request_id = filed.request.id
        if not filed.created:
            async with env.db.transaction() as tx:
                await link_request(tx, case.id, request_id)
    moves = 0
    async with env.db.transaction() as tx:
        fresh = await Benefits(tx).case(case.id)
        request = await Requests(tx).get(request_id)
        if fresh is None or request is None or fresh.state not in REQUEST_STATUS_OF:
            return 0
        target = REQUEST_STATUS_OF[fresh.state]
        while (action := _next_action(request.status, target)) is not None:
            await update_payload(tx, request.id, payload_of(fresh, employee, rules), env.clock.now())
            request = (
                await act_in_tx(tx, env, request_id=request.id, action=action, actor=None, actor_name=None)
            ).request
            moves += 1
    env.wake_outbox()
    return moves


# --- finance ------------------------------------------------------------------------------------------------


class NotFinance(PermissionError):
    """Only finance may mark a batch paid."""


async def send_batches(env: Env) -> int:
    """Send finance each batch not yet sent: the XLSX list (with the paid button) and the covering letter."""
    sent = 0
    for batch in await Benefits(env.db).unsent_batches():
        holders = await Roles(env.db).holders(Role.FINANCE)
        if not holders:
            _LOG.warning("benefit batch %s waits: nobody holds the finance role", batch.id)
            continue
        lines = await Benefits(env.db).batch_lines(batch.id)
        year, number = int(batch.month[:4]), int(batch.month[5:7])
        document = BatchDocument(
            batch_no=batch.id,
            month=f"{t.JALALI_MONTHS[number - 1]} {year}",
            date=format_jalali_date(_today(env)),
            lines=[
                PaymentLine(
                    personnel_no=line.personnel_no,
                    full_name=f"{line.first_name} {line.last_name}",
                    national_id=line.national_id,
                    benefit=line.benefit,
                    event_date=format_jalali_date(line.event_date),
                    sheba=line.sheba,
                    amount=line.amount,
                )
                for line in lines
            ],
        )
        async with env.db.transaction() as tx:  # the same batch keeps its first check token
            head = await letterhead(tx)
            link = await verification.issue(
                tx,
                env,
                kind=LETTER_KIND,
                label=bn_t.BENEFITS_LETTER_LABEL,
                reference=str(batch.id),
                holder=head.name,
                amount=batch.total,
            )
        # drawn outside the transactions
        sheet = render_batch_sheet(document, organisation=head.name)
        letter = render_batch_letter(document, head=head, verify_link=link)
        caption = bn_t.BENEFITS_BATCH_CAPTION.format(
            batch=fa(batch.id),
            month=month_label(Month(year, number)),
            lines=fa(batch.lines),
            total=rials(batch.total),
        )
        keyboard = inline_keyboard([[(bn_t.BENEFITS_BTN_PAID, PAID_BATCH.data(batch.id))]])
        now = env.clock.now()
        async with env.db.transaction() as tx:
            for holder in holders:
                await outbox.enqueue(
                    tx,
                    chat_id=holder,
                    method="sendDocument",
                    now=now,
                    document=sheet,
                    payload={
                        "filename": f"benefits-batch-{batch.id}.xlsx",
                        "caption": caption,
                        "reply_markup": keyboard,
                    },
                    dedupe_key=f"benefits:batch:{batch.id}:{holder}:sheet",
                )
                await outbox.enqueue(
                    tx,
                    chat_id=holder,
                    method="sendDocument",
                    now=now,
                    document=letter,
                    payload={
                        "filename": f"benefits-batch-{batch.id}.pdf",
                        "caption": bn_t.BENEFITS_LETTER_CAPTION.format(batch=fa(batch.id)),
                    },
                    dedupe_key=f"benefits:batch:{batch.id}:{holder}:letter",
                )
            await mark_batch_sent(tx, batch.id, now)
        sent += 1
    env.wake_outbox()
    return sent


async def mark_paid(env: Env, *, batch_id: int, actor: int) -> int | None:
    """Finance paid a batch: its cases are paid and each linked person is told; None if it already was."""
    if not holds(await Roles(env.db).grants(actor), Role.FINANCE):
        raise NotFinance(actor)
    rules = await settings_of(env.db)
    async with env.db.transaction() as tx:
        if not await mark_batch_paid(tx, batch_id, actor, env.clock.now()):
            return None
        told = 0
        rows = await tx.fetchall(
            """SELECT c.id FROM benefit_cases c JOIN requests r ON r.id = c.request_id
               WHERE c.batch_id = ? AND r.status = ? ORDER BY c.id""",
            (batch_id, BATCHED),
        )
        for row in rows:
            case = await Benefits(tx).case(int(row[0]))
            employee = await Employees(tx).get(case.employee_id) if case else None
            if case is None or case.request_id is None or employee is None:
                continue
            await update_payload(tx, case.request_id, payload_of(case, employee, rules), env.clock.now())
            await act_in_tx(tx, env, request_id=case.request_id, action=PAY, actor=None, actor_name=None)
            told += 1
    env.wake_outbox()
    return told


# --- payroll ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PayrollOutcome:
    """What a payroll import did: rows written and months replaced, or what stopped it."""

    rows: int
    months: list[str]
    errors: list[RowError]
    error_count: int

    @property
    def ok(self) -> bool:
        """Whether the file was written."""
        return self.error_count == 0


async def import_payroll(
    db: Database, path: Path, now: dt.datetime, *, max_errors: int = MAX_KEPT_ERRORS
) -> PayrollOutcome:
    """Check a payroll file (every row); only if nothing is wrong, replace its months in one transaction."""
    with check_payroll(path, max_errors=max_errors) as checked:
        if not checked.ok:
            return PayrollOutcome(0, [], checked.errors, checked.log.count)
        months = checked.months()
        rows = await replace_payroll(db, checked.staged(), now)
    return PayrollOutcome(rows, months, [], 0)


# --- the employee's side ------------------------------------------------------------------------------------


async def my_cases(env: Env, employee: Employee) -> list[BenefitCase]:
    """The employee's cases, newest event first."""
    return await Benefits(env.db).cases_of(employee.id)


async def save_sheba(env: Env, *, employee: Employee, user_id: int, text: str) -> str:
    """The person's own Sheba, validated (``InvalidInput`` otherwise); owed allowances wait no more for it."""
    sheba = parse_sheba(text)
    async with env.db.transaction() as tx:
        current = await Employees(tx).get(employee.id)
        old = current.sheba if current else ""
        if old != sheba:
            await change_sheba(
                tx, employee_id=employee.id, user_id=user_id, old=old, new=sheba, now=env.clock.now()
            )
    return sheba


class AlreadyOnFile(Exception):
    """The event someone registers is already on file."""


async def register_event(
    env: Env,
    *,
    employee: Employee,
    user_id: int,
    benefit: str,
    event_date: dt.date,
    other: str,
    attachments: Sequence[NewAttachment],
    key: str,
) -> Submitted:
    """File one's own marriage or child's birth with certificates; judged by the same rules next run."""
    if benefit not in bn_t.BENEFIT_LABELS or other == employee.national_id:
        raise ValueError(benefit)
    if await Benefits(env.db).by_natural_key(natural_key(benefit, employee.national_id, other, event_date)):
        raise AlreadyOnFile(benefit)

    async def add_case(tx: Tx, request: Request) -> None:
        added = await insert_case(
            tx,
            record_id=f"self-{request.id}",
            employee_id=employee.id,
            national_id=employee.national_id,
            benefit=benefit,
            event_date=event_date,
            other=other,
            marriage_kind="permanent" if benefit == "marriage" else None,
            source="self",
            request_id=request.id,
            now=env.clock.now(),
        )
        if not added:
            raise AlreadyOnFile(benefit)

    payload = {
        "benefit": benefit,
        "date": format_jalali_date(event_date),
        "other": other,
        "source": "self",
    }
    return await submit_request(
        env,
        service=SERVICE,
        employee=employee,
        user_id=user_id,
        payload=payload,
        attachments=attachments,
        idempotency_key=f"{SERVICE}:self:{key}",
        in_tx=add_case,
    )


async def objectable(env: Env, *, request_id: int, user_id: int) -> Request | None:
    """The owner's request if it may be objected to now."""
    request = await Requests(env.db).get(request_id)
    if (
        request is None
        or request.service != SERVICE
        or request.user_id != user_id
        or request.status != NOT_PAID
    ):
        return None
    return request


async def object_to(
    env: Env, *, request_id: int, employee: Employee, user_id: int, attachments: Sequence[NewAttachment]
) -> Request:
    """The owner objects with certificates; the case goes to a clerk (``WorkflowError`` if it cannot now)."""
    async with env.db.transaction() as tx:
        for a in attachments:
            await add_attachment(
                tx,
                request_id,
                kind=a.kind,
                file_id=a.file_id,
                file_unique_id=a.file_unique_id,
                file_name=a.file_name,
                mime_type=a.mime_type,
                file_size=a.file_size,
                uploaded_by=user_id,
                now=env.clock.now(),
            )
        acted = await act_in_tx(
            tx, env, request_id=request_id, action=OBJECT, actor=user_id, actor_name=employee.full_name
        )
    env.wake_outbox()
    return acted.request


async def on_transition(
    tx: Tx, env: Env, request: Request, transition: Transition, actor: int | None
) -> None:
    """The case follows its owner's objection and the clerk's decision."""
    case = await Benefits(tx).case_of_request(request.id)
    if case is None:
        return
    now = env.clock.now()
    if transition.action == OBJECT:
        await set_state(tx, case.id, OBJECTED, now)
    elif transition.action == Action.REJECT:
        await set_state(tx, case.id, "rejected", now)
    elif transition.action == UPHOLD:
        rules = await settings_of(tx)
        amount = _upheld_amount(case, rules)
        if amount <= 0:
            raise Refused(bn_t.BENEFITS_UPHOLD_NO_AMOUNT)
        await set_state(tx, case.id, UPHELD, now, amount=amount)
        await update_payload(tx, request.id, {**request.payload, "amount": amount}, now)


def _upheld_amount(case: BenefitCase, rules: BenefitSettings) -> int:
    """What an upheld objection pays: the computed average for a marriage, the fixed amount for a birth."""
    if case.benefit == "marriage":
        return int((case.facts or {}).get("average_pay", 0))
    return rules.birth_amount or 0


# --- text ---------------------------------------------------------------------------------------------------


def _jalali(iso: str) -> str:
    return fa(format_jalali_date(dt.date.fromisoformat(iso)))


def _window_months(window: Sequence[str]) -> int:
    first, last = (Month(int(m[:4]), int(m[5:7])) for m in window)
    return (last.year - first.year) * 12 + last.month - first.month + 1


def reason_lines(case: BenefitCase) -> list[str]:
    """Why the case is not paid, one plain Persian line per reason, with the facts that decided it."""
    facts = case.facts or {}
    lines = []
    for code in case.reason_codes:
        values: dict[str, str] = {}
        if code == "not_first_marriage":
            values["earlier"] = bn_t.BENEFITS_LIST_SEPARATOR.join(
                _jalali(d) for d in facts.get("earlier_marriages", [])
            )
        elif code == "not_employed":
            values["status"] = t.EMPLOYEE_STATUS_LABELS.get(facts.get("status", ""), facts.get("status", ""))
        elif code == "hired_after_event":
            values["hire"] = _jalali(facts.get("hire_date") or case.event_date.isoformat())
            values["date"] = fa(format_jalali_date(case.event_date))
        elif code == "contribution_short":
            window = facts.get("contribution_window", ["", ""])
            values |= {
                "months": fa(_window_months(window)),
                "first": fa(window[0]),
                "last": fa(window[1]),
                "days": fa(facts.get("contribution_days", 0)),
                "required": fa(facts.get("required_days", 0)),
            }
        elif code == "no_pay":
            window = facts.get("pay_window", ["", ""])
            values |= {"months": fa(_window_months(window)), "first": fa(window[0]), "last": fa(window[1])}
        elif code == "child_limit":
            values |= {"max": fa(facts.get("max_children", 0)), "paid": fa(facts.get("children_paid", 0))}
        template = bn_t.BENEFITS_REASONS.get(code, code)
        lines.append(bn_t.BENEFITS_REASON_LINE.format(reason=template.format(**values)))
    return lines


def why_paid(case: BenefitCase) -> str:
    """Why the case is paid, in one plain sentence."""
    facts = case.facts or {}
    if case.state in (UPHELD,) or not case.eligible:
        return bn_t.BENEFITS_WHY_UPHELD
    if case.benefit == "marriage":
        window = facts.get("pay_window", ["", ""])
        return bn_t.BENEFITS_WHY_MARRIAGE.format(
            date=fa(format_jalali_date(case.event_date)),
            days=fa(facts.get("contribution_days", 0)),
            months=fa(_window_months(facts.get("contribution_window", window))),
            pay_months=fa(_window_months(window)),
            first=fa(window[0]),
            last=fa(window[1]),
        )
    return bn_t.BENEFITS_WHY_BIRTH.format(date=fa(format_jalali_date(case.event_date)))


def payload_of(case: BenefitCase, employee: Employee, rules: BenefitSettings) -> dict[str, Any]:
    """What the case's request carries for its card and its notices."""
    return {
        "benefit": case.benefit,
        "date": format_jalali_date(case.event_date),
        "other": case.other_national_id,
        "source": case.source,
        "record_id": case.record_id,
        "amount": case.amount if case.eligible or case.state in (UPHELD, BATCHED, PAID) else 0,
        "reasons": reason_lines(case),
        "why": why_paid(case),
        "sheba": case.sheba or employee.sheba,
    }


def describe(payload: dict[str, Any]) -> list[str]:
    """The card lines of a benefits request."""
    benefit = payload.get("benefit", "")
    lines = [
        bn_t.BENEFITS_CARD_EVENT.format(
            benefit=bn_t.BENEFIT_LABELS.get(benefit, benefit),
            date=fa(payload.get("date", "")),
            who=bn_t.BENEFITS_WHO.get(benefit, ""),
            other=fa(payload.get("other", "")),
        ),
        bn_t.BENEFITS_CARD_SOURCE.get(payload.get("source", ""), ""),
    ]
    if payload.get("amount"):
        lines.append(bn_t.BENEFITS_CARD_AMOUNT.format(amount=rials(int(payload["amount"]))))
    if payload.get("reasons"):
        lines.append(bn_t.BENEFITS_CARD_REASONS.format(reasons="\n".join(payload["reasons"])))
    return [line for line in lines if line]


def owner_notice(request: Request, action: str, note: str | None) -> dict[str, Any] | None:
    """What the owner is told when the system or a clerk moves their case."""
    p, code = request.payload, request.tracking_code
    benefit = bn_t.BENEFIT_LABELS.get(p.get("benefit", ""), "")
    date = fa(p.get("date", ""))
    amount = rials(int(p.get("amount") or 0))
    if action == DECLINE:
        text = bn_t.BENEFITS_NOTICE_NOT_PAID.format(
            benefit=benefit, date=date, reasons="\n".join(p.get("reasons", [])), code=code
        )
        return text_message(
            text, inline_keyboard([[(bn_t.BENEFITS_BTN_OBJECT, OBJECT_BUTTON.data(request.id))]])
        )
    if action == AWAIT_SHEBA:
        text = bn_t.BENEFITS_NOTICE_NEED_SHEBA.format(benefit=benefit, date=date, amount=amount, code=code)
        return text_message(text, inline_keyboard([[(bn_t.BENEFITS_BTN_SHEBA, SHEBA.data())]]))
    if action == QUEUE:
        return None
    if action == PAY:
        return text_message(
            bn_t.BENEFITS_NOTICE_PAID.format(
                benefit=benefit, amount=amount, sheba=p.get("sheba", ""), why=p.get("why", ""), code=code
            )
        )
    if action == UPHOLD:
        return text_message(bn_t.BENEFITS_NOTICE_UPHELD.format(benefit=benefit, code=code, amount=amount))
    if action == Action.REJECT:
        return text_message(
            bn_t.BENEFITS_NOTICE_REJECTED.format(benefit=benefit, code=code, reason=note or "")
        )
    return generic_notice(SPEC, request, action, note)


def case_state_label(case: BenefitCase) -> str:
    """The Persian name of a case's state."""
    return bn_t.BENEFITS_STATES.get(case.state, case.state)


def jalali_date(day: dt.date) -> str:
    """A day as the bot writes it (Jalali, Persian digits)."""
    return fa(format_jalali_date(day))


SPEC = ServiceSpec(
    key=SERVICE,
    title=bn_t.BENEFITS_TITLE,
    workflow=_workflow(),
    describe=describe,
    status_labels=bn_t.BENEFITS_STATUS_LABELS,
    action_labels=bn_t.BENEFITS_ACTION_LABELS,
    on_transition=on_transition,
    owner_notice=owner_notice,
    timers={MONTH_END: month_end},
    config={"benefits": load_settings},
)
