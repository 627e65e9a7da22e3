"""Welfare-fund loans: configuration, eligibility, the application, two approvals, the monthly budget queue,
the bank letter for finance, the pay-out, the payroll list and repayment.

A loan request moves through its workflow (statuses below); the money lives in the loan tables
(:mod:`storage.loans`) from the final approval on. Every change, its audit row and the messages it owes are
written in one transaction. Time-driven work (a new month's budget, the month's payroll list) runs from a
per-loan reminder due at the start of each Jalali month while the loan waits for budget or is being repaid.

    submitted ─clerk: approve─> reviewed ─head: approve─> queued ─fund─> funded ─finance: disburse─> disbursed
       │ └─ask_info─> needs_info ─answer─┘ │               │    (system)                               │
       └─reject─> rejected <─reject────────┘               └─owner: cancel─> cancelled     settled <─settle─┘
                                                                                                   (system)
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from documents.models import BankLetterData, DeductionRow, Letterhead
from documents.pdf import render_bank_letter
from documents.sheets import render_payroll_deductions
from domain.jalali import format_jalali_date, jalali_month_start, shift_month
from domain.loans import (
    MAX_INSTALMENTS,
    FeeModel,
    IneligibilityCode,
    QueuedLoan,
    Schedule,
    allocate_budget,
    build_schedule,
    check_eligibility,
    is_settled,
    next_instalment,
    outstanding,
)
from domain.validators import parse_amount
from domain.workflow import OWNER, RESUME, SYSTEM, Action, Refused, Role, Status, Transition, Workflow, holds
from services import loans_text, verification
from services.kit import Env, ServiceSpec
from services.loans_model import (
    DISBURSE,
    DISBURSED,
    FUND,
    FUNDED,
    OPEN_STATUSES,
    QUEUED,
    REVIEWED,
    SERVICE,
    SETTLE,
    SETTLED,
    DeductionSheet,
    LoanView,
    Month,
    Standing,
    month_key,
    month_of,
    parse_month,
)
from services.messages import inline_keyboard, text_message
from services.organisation import letterhead, next_letter_no
from services.paperwork import queue_document, renderer
from services.requests import (
    Acted,
    NewAttachment,
    Submitted,
    act_in_tx,
    act_on_request,
    refresh_card,
    submit_request,
)
from services.requests import owner_notice as generic_notice
from storage import outbox
from storage.db import Tx
from storage.employees import Employees
from storage.loans import (
    DeductionLine,
    Loan,
    LoanFund,
    LoanProduct,
    Loans,
    add_deduction,
    cancel_queued,
    insert_loan,
    mark_announced,
    mark_disbursed,
    mark_funded,
    mark_recorded,
    mark_settled,
    replace_budgets,
    save_fund,
    upsert_product,
    withdraw_products_except,
)
from storage.models import Employee, Reminder, Request
from storage.reminders import add_reminder, cancel_reminders
from storage.requests import Requests, update_payload
from storage.roles import Roles

_LOG = logging.getLogger(__name__)

#: The reminder kind that wakes a loan at the start of each Jalali month.
MONTH_TICK = "loan_month"
#: The kind of the bank letter among documents (rendered when sent; checked by its QR code).
BANK_LETTER = "bank_letter"
#: Local hour at which a month's work (budget, payroll list) is done.
MONTH_TICK_HOUR = 8


def _workflow() -> Workflow:
    """Clerk review, then the head's final approval by someone else; budget, pay-out and repayment follow."""
    submitted = frozenset({Status.SUBMITTED})
    reviewed = frozenset({REVIEWED})
    return Workflow(
        service=SERVICE,
        initial=Status.SUBMITTED,
        transitions=(
            Transition(Action.APPROVE, submitted, REVIEWED, Role.CLERK),
            Transition(Action.REJECT, submitted, Status.REJECTED, Role.CLERK, needs_reason=True),
            Transition(Action.ASK_INFO, submitted, Status.NEEDS_INFO, Role.CLERK, needs_reason=True),
            Transition(Action.ANSWER_INFO, frozenset({Status.NEEDS_INFO}), RESUME, OWNER),
            Transition(Action.APPROVE, reviewed, QUEUED, Role.HEAD, not_by_actor_of=Action.APPROVE),
            Transition(Action.REJECT, reviewed, Status.REJECTED, Role.HEAD, needs_reason=True),
            Transition(FUND, frozenset({QUEUED}), FUNDED, SYSTEM),
            Transition(DISBURSE, frozenset({FUNDED}), DISBURSED, Role.FINANCE),
            Transition(SETTLE, frozenset({DISBURSED}), SETTLED, SYSTEM),
            Transition(
                Action.CANCEL,
                frozenset({Status.SUBMITTED, Status.NEEDS_INFO, REVIEWED, QUEUED}),
                Status.CANCELLED,
                OWNER,
            ),
        ),
        final=frozenset({Status.REJECTED, Status.CANCELLED, SETTLED}),
    )


# --- months -----------------------------------------------------------------------------------------------


def _month_start(month: Month, env: Env) -> dt.datetime:
    """When the month's work is done: its first working day (not 1 Farvardin) at the morning hour, as UTC."""
    first = env.calendar.add_working_days(jalali_month_start(*month), 0)
    local = dt.datetime.combine(first, dt.time(MONTH_TICK_HOUR), tzinfo=env.zone)
    return local.astimezone(dt.UTC)


# --- configuration ----------------------------------------------------------------------------------------


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class ProductConfig(_Config):
    """One ``[[loan_products]]`` table of the office file."""

    key: str = Field(pattern=r"^[a-z0-9_]{1,32}$")
    name: str = Field(min_length=1, max_length=60)
    max_amount: int = Field(gt=0)
    min_amount: int = Field(default=1, ge=1)
    instalments: int = Field(default=20, ge=1, le=MAX_INSTALMENTS)
    fee_model: FeeModel
    fee_percent: Decimal | None = Field(default=None, ge=0, le=100)
    fee_rials: int | None = Field(default=None, ge=0)
    documents: list[str] = Field(default_factory=lambda: ["payslip", "financial_inquiry"])

    @field_validator("documents")
    @classmethod
    def _known_documents(cls, value: list[str]) -> list[str]:
        unknown = [d for d in value if d not in loans_text.DOCUMENT_KINDS]
        if unknown:
            raise ValueError(f"unknown document(s) {unknown}; known: {sorted(loans_text.DOCUMENT_KINDS)}")
        if len(set(value)) != len(value):
            raise ValueError("a document is listed twice")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ProductConfig:
        if self.min_amount > self.max_amount:
            raise ValueError("min_amount exceeds max_amount")
        if self.fee_model is FeeModel.FIXED:
            if self.fee_rials is None or self.fee_percent is not None:
                raise ValueError("a fixed fee is given as fee_rials (and no fee_percent)")
        elif self.fee_percent is None or self.fee_rials is not None:
            raise ValueError(f"a {self.fee_model} fee is given as fee_percent (and no fee_rials)")
        elif (self.fee_percent * 100) % 1:
            raise ValueError("fee_percent has at most two decimals")
        return self

    @property
    def fee_value(self) -> int:
        """The fee as domain.loans takes it: basis points for percentages, rials for a fixed fee."""
        if self.fee_model is FeeModel.FIXED:
            return self.fee_rials or 0
        return int((self.fee_percent or Decimal(0)) * 100)


class FundConfig(_Config):
    """The ``[loan_fund]`` table: the fund's rules, its budget per Jalali month and its bank."""

    min_membership_months: int = Field(default=6, ge=0, le=600)
    monthly_budget: int = Field(ge=0)
    budgets: dict[str, int] = Field(default_factory=dict)
    bank_name: str = Field(min_length=1, max_length=60)
    branch_name: str = Field(min_length=1, max_length=60)

    @field_validator("budgets")
    @classmethod
    def _months(cls, value: dict[str, int]) -> dict[str, int]:
        parsed: dict[str, int] = {}
        for key, amount in value.items():
            try:
                month = month_key(parse_month(key))
            except ValueError:
                raise ValueError(f"budget month {key!r} is not a Jalali YYYY-MM") from None
            if amount < 0:
                raise ValueError(f"budget of {key} is negative")
            if month in parsed:
                raise ValueError(f"budget month {key} is given twice")
            parsed[month] = amount
        return parsed


async def load_products(tx: Tx, data: Any, now: dt.datetime) -> int:
    """Offer the configured products (upsert by key); products left out of the file are withdrawn."""
    if not isinstance(data, list):
        raise ValueError("loan_products must be an array of tables: [[loan_products]]")
    products = [ProductConfig.model_validate(item) for item in data]
    keys = [p.key for p in products]
    if len(set(keys)) != len(keys):
        raise ValueError("loan_products: a key is used twice")
    for position, p in enumerate(products):
        await upsert_product(
            tx,
            key=p.key,
            name=p.name,
            min_amount=p.min_amount,
            max_amount=p.max_amount,
            instalments=p.instalments,
            fee_model=p.fee_model.value,
            fee_value=p.fee_value,
            documents=p.documents,
            position=position,
            now=now,
        )
    await withdraw_products_except(tx, keys, now)
    return len(products)


async def load_fund(tx: Tx, data: Any, now: dt.datetime) -> int:
    """The fund's rules, its monthly budget (with per-month exceptions) and its bank."""
    if not isinstance(data, dict):
        raise ValueError("loan_fund must be a table: [loan_fund]")
    fund = FundConfig.model_validate(data)
    await save_fund(
        tx,
        min_membership_months=fund.min_membership_months,
        monthly_budget=fund.monthly_budget,
        bank_name=fund.bank_name,
        branch_name=fund.branch_name,
        now=now,
    )
    await replace_budgets(tx, fund.budgets, now)
    return 1 + len(fund.budgets)


# --- eligibility and the employee's loans -----------------------------------------------------------------


async def standing(env: Env, employee: Employee) -> Standing:
    """Eligibility at today's Jalali date (office zone), with every reason, and the employee's open loans."""
    return await _standing(Loans(env.db), env, employee, exclude=None)


async def _standing(loans: Loans, env: Env, employee: Employee, *, exclude: int | None) -> Standing:
    fund = await loans.fund()
    offered = bool(await loans.products())
    open_requests = [r for r in await loans.requests_of(employee.id, OPEN_STATUSES) if r.id != exclude]
    min_months = fund.min_membership_months if fund is not None else 6
    eligibility = check_eligibility(
        member_since=employee.fund_member_since,
        fund_debt=employee.fund_debt,
        has_open_loan=bool(open_requests),
        today=env.clock.now().astimezone(env.zone).date(),
        min_membership_months=min_months,
        has_sheba=bool(employee.sheba),
    )
    views = tuple([await _view(loans, r) for r in open_requests])
    return Standing(fund is not None and offered, eligibility, min_months, views)


async def _view(loans: Loans, request: Request) -> LoanView:
    """Where one loan stands: its place in the queue, or its repayment."""
    if request.status == QUEUED:
        order = [q.request_id for q in await loans.queued()]
        return LoanView(request, place=order.index(request.id) + 1 if request.id in order else None)
    loan = await loans.get(request.id)
    if request.status in (DISBURSED, SETTLED) and loan is not None:
        schedule = await _schedule(loans, loan)
        return LoanView(
            request,
            paid=loan.paid_count,
            outstanding=outstanding(schedule, loan.paid_count),
            next=next_instalment(schedule, loan.paid_count),
        )
    return LoanView(request)


async def _schedule(loans: Loans, loan: Loan) -> Schedule:
    items = tuple(await loans.schedule(loan.request_id))
    return Schedule(principal=loan.principal, fee=loan.fee, total=loan.principal + loan.fee, items=items)


# --- the application --------------------------------------------------------------------------------------


class LoanRefused(Exception):
    """The application cannot be filed as it stands.

    LoanRefused
    ├── NotEligible      the employee no longer meets the fund's conditions (``standing`` says why)
    └── TermsChanged     the product was withdrawn, or the amount or documents no longer fit it
    """


class NotEligible(LoanRefused):
    """The employee does not meet the fund's conditions."""

    def __init__(self, standing: Standing) -> None:
        super().__init__("not eligible")
        self.standing = standing


class TermsChanged(LoanRefused):
    """The product, amount or documents do not fit any more."""


async def products(env: Env) -> list[LoanProduct]:
    """The products on offer."""
    return await Loans(env.db).products()


async def product(env: Env, product_id: int) -> LoanProduct | None:
    """A product on offer."""
    return await Loans(env.db).product(product_id)


def read_amount(item: LoanProduct, text: str) -> int:
    """The amount typed (Persian or Latin digits, separators) within the product's bounds, or InvalidInput."""
    return parse_amount(text, minimum=item.min_amount, maximum=item.max_amount)


def quote(env: Env, item: LoanProduct, amount: int) -> Schedule:
    """The schedule if the loan were paid out this month (first instalment next month)."""
    first_due = shift_month(*month_of(env.clock.now(), env.zone), 1)
    return build_schedule(
        principal=amount,
        instalments=item.instalments,
        fee_model=FeeModel(item.fee_model),
        fee_value=item.fee_value,
        first_due=first_due,
    )


async def submit_loan(
    env: Env,
    *,
    employee: Employee,
    user_id: int,
    product_id: int,
    amount: int,
    documents: Sequence[tuple[str, NewAttachment]],
    key: str,
) -> Submitted:
    """File the application once per draft key; eligibility is checked again inside the submission."""
    idempotency_key = f"{SERVICE}:{key}"
    if (existing := await Requests(env.db).by_idempotency_key(idempotency_key)) is not None:
        return Submitted(existing, created=False)
    item = await Loans(env.db).product(product_id)
    if item is None or not item.min_amount <= amount <= item.max_amount:
        raise TermsChanged(product_id)
    if [kind for kind, _ in documents] != item.documents:
        raise TermsChanged("documents")
    schedule = quote(env, item, amount)
    payload = {
        "product_key": item.key,
        "product_name": item.name,
        "amount": amount,
        "instalments": item.instalments,
        "fee_model": item.fee_model,
        "fee_value": item.fee_value,
        "fee": schedule.fee,
        "total": schedule.total,
        "documents": item.documents,
    }

    async def still_eligible(tx: Tx, request: Request) -> None:
        """Refuse inside the transaction if the employee has another open loan by now, or lost eligibility."""
        now_standing = await _standing(Loans(tx), env, employee, exclude=request.id)
        if not now_standing.eligibility.eligible:
            raise NotEligible(now_standing)

    return await submit_request(
        env,
        service=SERVICE,
        employee=employee,
        user_id=user_id,
        payload=payload,
        attachments=[a for _, a in documents],
        idempotency_key=idempotency_key,
        in_tx=still_eligible,
    )


async def disburse(env: Env, *, request_id: int, actor: int, actor_name: str) -> Acted:
    """Finance paid the loan out (pressed on the bank letter); the schedule starts next month."""
    return await act_on_request(
        env, request_id=request_id, action=DISBURSE, actor=actor, actor_name=actor_name
    )


# --- what happens on each move ------------------------------------------------------------------------------


async def on_transition(
    tx: Tx, env: Env, request: Request, transition: Transition, actor: int | None
) -> None:
    """Queue the finally approved loan for budget, fix the schedule on pay-out, free a cancelled place."""
    if transition.target == QUEUED:
        if not await _has_sheba(tx, request.employee_id):  # cleared by a re-import since it was filed
            raise Refused(loans_text.NO_SHEBA_APPROVAL)
        await _queue(tx, env, request)
    elif transition.action == DISBURSE:
        await _start_repayment(tx, env, request, actor)
    elif transition.action == Action.CANCEL and request.status == QUEUED:
        await cancel_queued(tx, request.id)
        await cancel_reminders(tx, request.id)
        await _allocate(tx, env)


async def _queue(tx: Tx, env: Env, request: Request) -> None:
    """The head approved: the loan joins the budget queue, funded at once if the month's budget allows."""
    p = request.payload
    now = env.clock.now()
    await insert_loan(
        tx,
        request_id=request.id,
        employee_id=request.employee_id,
        product_key=p["product_key"],
        principal=int(p["amount"]),
        instalments=int(p["instalments"]),
        fee_model=p["fee_model"],
        fee_value=int(p["fee_value"]),
        fee=int(p["fee"]),
        approved_at=now,
    )
    await _allocate(tx, env, current=request.id)
    loan = await Loans(tx).get(request.id)
    if loan is not None and loan.state == "queued":
        await _arm_tick(tx, env, request, shift_month(*month_of(now, env.zone), 1))


async def _allocate(tx: Tx, env: Env, *, current: int | None = None) -> list[int]:
    """Fund waiting loans first come, first served from this month's budget; note everyone else's place.

    ``current`` is the request being moved right now: its card is edited by that move.
    """
    loans = Loans(tx)
    queue = []
    for q in await loans.queued():
        if await _has_sheba(tx, q.employee_id):
            queue.append(q)
        else:  # its Sheba was cleared by a re-import after approval: no bank letter, so it waits for one
            _LOG.warning("loan %s is not funded: %s", q.request_id, IneligibilityCode.NO_SHEBA)
    if not queue:
        return []
    now = env.clock.now()
    month = month_key(month_of(now, env.zone))
    allocation = allocate_budget(
        budget=await loans.budget_for(month),
        already_disbursed_or_committed=await loans.committed(month),
        queue=[
            QueuedLoan(request_id=q.request_id, amount=q.principal, approved_at=q.approved_at) for q in queue
        ],
    )
    for request_id in allocation.funded:
        await _fund(tx, env, request_id, month)
    for request_id, place in allocation.waiting:
        if await _set_payload(tx, env, request_id, queue_place=place) and request_id != current:
            await refresh_card(tx, env, request_id)
    return list(allocation.funded)


async def _has_sheba(tx: Tx, employee_id: int) -> bool:
    """Whether the employee has a Sheba on file (the bank letter pays into it)."""
    employee = await Employees(tx).get(employee_id)
    return employee is not None and bool(employee.sheba)


async def _fund(tx: Tx, env: Env, request_id: int, month: str) -> None:
    """Give the loan its budget, write the bank letter and send it to finance; tell the owner."""
    now = env.clock.now()
    request = await Requests(tx).get(request_id)
    employee = await Employees(tx).get(request.employee_id) if request is not None else None
    fund = await Loans(tx).fund()
    loan = await Loans(tx).get(request_id)
    if request is None or employee is None or fund is None or loan is None:
        raise LookupError(request_id)
    letter_no = await next_letter_no(tx, now, env.zone)
    link = await verification.issue(
        tx,
        env,
        kind=BANK_LETTER,
        label=loans_text.BANK_LETTER_LABEL,
        reference=letter_no,
        holder=employee.full_name,
        amount=loan.principal,
        request_id=request_id,
    )
    head = await letterhead(tx)
    letter = _letter(request, employee, fund, loan, letter_no, now, env.zone, head, link)
    # the PDF is drawn by the outbox when it is sent, outside this transaction
    await mark_funded(tx, request_id, month=month, letter_no=letter_no, letter_pdf=None, now=now)
    waited = "queue_place" in request.payload
    await _set_payload(
        tx, env, request_id, queue_place=None, letter_no=letter_no, waited=True if waited else None
    )
    await act_in_tx(tx, env, request_id=request_id, action=FUND, actor=None, actor_name=None)
    await cancel_reminders(tx, request_id)
    caption = loans_text.letter_caption(request, employee, loan.principal)
    keyboard = inline_keyboard(loans_text.paid_button(request_id))
    for holder in await Roles(tx).holders(Role.FINANCE):
        await queue_document(
            tx,
            env,
            chat_id=holder,
            kind=BANK_LETTER,
            data=letter,
            filename=f"bank-letter-{request.tracking_code}.pdf",
            caption=caption,
            reply_markup=keyboard,
            request_id=request_id,
            dedupe_key=f"loan:{request_id}:letter:{holder}",
        )


def _letter(
    request: Request,
    employee: Employee,
    fund: LoanFund,
    loan: Loan,
    letter_no: str,
    now: dt.datetime,
    zone: zoneinfo.ZoneInfo,
    head: Letterhead,
    link: str,
) -> BankLetterData:
    return BankLetterData(
        letterhead=head,
        verify_link=link,
        letter_no=letter_no,
        date=format_jalali_date(now.astimezone(zone).date()),
        bank_name=fund.bank_name,
        branch_name=fund.branch_name,
        applicant_full_name=employee.full_name,
        personnel_no=employee.personnel_no,
        national_id=employee.national_id,
        mobile=employee.mobile,
        sheba=employee.sheba,
        loan_amount_rials=loan.principal,
        instalments=loan.instalments,
        tracking_code=request.tracking_code,
    )


async def _start_repayment(tx: Tx, env: Env, request: Request, actor: int | None) -> None:
    """Paid out: the schedule starts with the next Jalali month's pay."""
    loans = Loans(tx)
    loan = await loans.get(request.id)
    if loan is None:
        raise LookupError(request.id)
    now = env.clock.now()
    first_due = shift_month(*month_of(now, env.zone), 1)
    schedule = build_schedule(
        principal=loan.principal,
        instalments=loan.instalments,
        fee_model=FeeModel(loan.fee_model),
        fee_value=loan.fee_value,
        first_due=first_due,
    )
    if sum(i.amount for i in schedule.items) != loan.principal + loan.fee or schedule.fee != loan.fee:
        raise RuntimeError(f"loan {request.id}: the schedule does not add up to principal plus fee")
    await mark_disbursed(
        tx, request.id, actor=actor, first_due=month_key(first_due), schedule=schedule.items, now=now
    )
    await _set_payload(tx, env, request.id, **_progress(schedule, 0))
    await _arm_tick(tx, env, request, first_due)


def _progress(schedule: Schedule, paid: int) -> dict[str, Any]:
    """Repayment figures kept on the request, for its card and the owner's list."""
    due = next_instalment(schedule, paid)
    return {
        "paid": paid,
        "outstanding": outstanding(schedule, paid),
        "next_month": month_key((due.jalali_year, due.jalali_month)) if due else None,
        "next_amount": due.amount if due else None,
    }


async def _set_payload(tx: Tx, env: Env, request_id: int, **changes: Any) -> bool:
    """Merge ``changes`` into the request's payload (None removes a key); False if nothing changed."""
    request = await Requests(tx).get(request_id)
    if request is None:
        return False
    payload = dict(request.payload)
    for key, value in changes.items():
        if value is None:
            payload.pop(key, None)
        else:
            payload[key] = value
    if payload == request.payload:
        return False
    await update_payload(tx, request_id, payload, env.clock.now())
    return True


async def _arm_tick(tx: Tx, env: Env, request: Request, month: Month) -> None:
    """Wake this loan at the start of ``month`` (scheduled once the transaction commits)."""
    armed = await add_reminder(
        tx,
        request_id=request.id,
        chat_id=request.user_id,
        kind=MONTH_TICK,
        due_at=_month_start(month, env),
        text="",
    )
    # a job firing early waits for the database lock, so it sees the row only once this transaction commits
    env.reminders_changed([armed])


async def month_begins(tx: Tx, env: Env, reminder: Reminder) -> bool:
    """A month begins: fund what its budget allows, send payroll its list, and wake this loan next month."""
    await _allocate(tx, env)
    await _announce_deductions(tx, env)
    if reminder.request_id is not None:
        loan = await Loans(tx).get(reminder.request_id)
        request = await Requests(tx).get(reminder.request_id)
        if loan is not None and request is not None and loan.state in ("queued", "disbursed"):
            await _arm_tick(tx, env, request, shift_month(*month_of(env.clock.now(), env.zone), 1))
    return False


# --- payroll ----------------------------------------------------------------------------------------------


class NotPayroll(PermissionError):
    """Only payroll may see and record the deduction list."""


class FutureMonth(ValueError):
    """A month that has not begun."""


@dataclass(frozen=True)
class Recorded:
    """What recording a month's deductions did."""

    month: Month
    count: int
    settled: int
    already: bool


async def deduction_sheet(env: Env, *, actor: int, month: Month | None = None) -> DeductionSheet:
    """The month's list (this month by default): recorded lines once recorded, else the lines due."""
    await _require_payroll(env, actor)
    month = _past_or_current(env, month)
    loans = Loans(env.db)
    run = await loans.run(month_key(month))
    recorded = run.recorded_at if run is not None else None
    lines = await (loans.deducted_in(month_key(month)) if recorded else loans.due_in(month_key(month)))
    return DeductionSheet(month, tuple(lines), _sheet(month, lines) if lines else None, recorded)


async def record_deductions(env: Env, *, actor: int, month: Month) -> Recorded:
    """Payroll applied the month's list: each schedule advances once per month; finished loans settle."""
    await _require_payroll(env, actor)
    month = _past_or_current(env, month)
    key = month_key(month)
    now = env.clock.now()
    count = settled = 0
    async with env.db.transaction() as tx:
        loans = Loans(tx)
        run = await loans.run(key)
        if run is not None and run.recorded_at is not None:
            return Recorded(month, 0, 0, already=True)
        for line in await loans.due_in(key):
            if not await add_deduction(tx, line, month=key, actor=actor, now=now):
                continue
            count += 1
            loan = await loans.get(line.request_id)
            assert loan is not None
            schedule = await _schedule(loans, loan)
            await _set_payload(tx, env, line.request_id, **_progress(schedule, loan.paid_count))
            if is_settled(schedule, loan.paid_count):
                await mark_settled(tx, line.request_id, now)
                await cancel_reminders(tx, line.request_id)
                await act_in_tx(
                    tx, env, request_id=line.request_id, action=SETTLE, actor=None, actor_name=None
                )
                settled += 1
            else:
                text = loans_text.deducted_notice(line, month, outstanding(schedule, loan.paid_count))
                await outbox.enqueue(
                    tx,
                    chat_id=line.user_id,
                    method="sendMessage",
                    payload=text_message(text),
                    now=now,
                    request_id=line.request_id,
                    dedupe_key=f"loan:{line.request_id}:deducted:{key}",
                )
        await mark_recorded(tx, key, actor, now)
    env.wake_outbox()
    return Recorded(month, count, settled, already=False)


async def _announce_deductions(tx: Tx, env: Env) -> None:
    """Send this month's list to every payroll holder once, with the button that records it."""
    now = env.clock.now()
    month = month_of(now, env.zone)
    key = month_key(month)
    loans = Loans(tx)
    run = await loans.run(key)
    if run is not None and (run.announced_at is not None or run.recorded_at is not None):
        return
    lines = await loans.due_in(key)
    holders = await Roles(tx).holders(Role.PAYROLL)
    if not lines or not holders:
        return
    try:
        xlsx = _sheet(month, lines)
    except Exception:  # the month's funding must not wait for a spreadsheet; payroll can still ask for it
        _LOG.exception("the payroll list of %s could not be written", key)
        return
    sheet = DeductionSheet(month, tuple(lines), xlsx, None)
    payload = {
        "filename": f"loan-deductions-{key}.xlsx",
        "caption": loans_text.sheet_caption(sheet, env.zone),
        "reply_markup": inline_keyboard(loans_text.record_button(month)),
    }
    for holder in holders:
        await outbox.enqueue(
            tx,
            chat_id=holder,
            method="sendDocument",
            payload=payload,
            now=now,
            document=sheet.xlsx,
            dedupe_key=f"loan:deductions:{key}:{holder}",
        )
    await mark_announced(tx, key, now)


def _sheet(month: Month, lines: Sequence[DeductionLine]) -> bytes:
    """The payroll XLSX of the month's lines."""
    rows = [
        DeductionRow(
            personnel_no=line.personnel_no,
            full_name=line.full_name,
            loan_code=line.tracking_code,
            instalment_no=line.number,
            instalments=line.instalments,
            amount=line.amount,
        )
        for line in lines
    ]
    return render_payroll_deductions(rows, period=loans_text.month_label(month))


async def _require_payroll(env: Env, actor: int) -> None:
    if not holds(await Roles(env.db).grants(actor), Role.PAYROLL):
        raise NotPayroll(actor)


def _past_or_current(env: Env, month: Month | None) -> Month:
    current = month_of(env.clock.now(), env.zone)
    if month is None:
        return current
    if month > current:
        raise FutureMonth(month_key(month))
    return month


def owner_notice(request: Request, action: str, note: str | None) -> dict[str, Any] | None:
    """The loan's own notices (approval, funding, pay-out, settlement); the generic ones otherwise."""
    if action in loans_text.NOTICE_ACTIONS:
        return loans_text.owner_notice(request, action)
    return generic_notice(SPEC, request, action, note)


SPEC = ServiceSpec(
    key=SERVICE,
    title=loans_text.TITLE,
    workflow=_workflow(),
    describe=loans_text.describe,
    status_labels=loans_text.STATUS_LABELS,
    action_labels=loans_text.ACTION_LABELS,
    on_transition=on_transition,
    owner_notice=owner_notice,
    timers={MONTH_TICK: month_begins},
    config={"loan_products": load_products, "loan_fund": load_fund},
    documents={BANK_LETTER: renderer(BankLetterData, render_bank_letter)},
    deadlines={Status.SUBMITTED: 3, REVIEWED: 2, FUNDED: 2},
)
