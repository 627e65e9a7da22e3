"""Study awards for employees' children: the campaign, the announcement, applications per child, the clerk's
check of the documents, reminders before the deadline, the list and letter for finance, and the payment.

An application is a request of service ``awards`` (one per child per campaign, eligible when filed):

    submitted ─clerk: approve─> approved ─finance: pay─> paid
       │ └─ask_info (a better scan)─> needs_info ─answer─┘
       └─reject─> rejected            owner: cancel (while submitted or needs_info) ─> cancelled

The campaign's own timers: the reminder to households with children of an eligible age not yet applied for
(``remind_days_before`` days before the deadline), the close the day after the deadline (finance is told and
asks for the list), and the announcement's progress (:mod:`services.campaigns`).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from documents.campaigns import AwardPayRow, CoveringLetterData, render_award_list, render_covering_letter
from domain.awards import (
    AgeRange,
    Application,
    AwardDecision,
    Campaign,
    GpaRefusal,
    Household,
    Level,
    LevelRule,
    check_application,
    due_reminders,
    parse_gpa,
    reminder_day,
)
from domain.buttons import ID, Button
from domain.jalali import format_jalali_date
from domain.people import Relation
from domain.validators import InvalidInput, parse_date
from domain.workflow import OWNER, RESUME, Action, Role, Status, Transition, Workflow
from services import campaigns, verification
from services.campaigns import Followed, UnknownCampaign, jalali_day, local_moment
from services.kit import Env, ServiceSpec
from services.messages import inline_keyboard, text_message
from services.organisation import letterhead, next_letter_no
from services.render import fa, rials
from services.requests import NewAttachment, Submitted, act_in_tx, submit_request
from services.requests import owner_notice as generic_notice
from storage import outbox
from storage.awards import (
    AwardCampaign,
    Awards,
    PayLine,
    insert_application,
    insert_campaign,
    insert_payout,
    mark_closed,
    mark_payout_paid,
    set_timers,
    withdraw_application,
)
from storage.campaigns import Delivery, delivery, recipients
from storage.db import Tx
from storage.employees import Employees
from storage.models import Dependant, Employee, Reminder, Request
from storage.reminders import Armed, add_reminder
from storage.requests import Requests
from storage.roles import Roles
from texts import awards as aw_t

SERVICE = "awards"
FEATURE = "aw"
PAID = "paid"
PAY = "pay"
REMIND = "aw_remind"
CLOSE = "aw_close"
TICK = "aw_tick"
FOLLOWED = Followed(table="award_campaigns", feature=FEATURE)
#: Finance asks for a campaign's payment list and letter; marks a payment list paid.
LIST = Button(FEATURE, "list", ID)
PAID_LIST = Button(FEATURE, "paid", ID)
#: The covering letter's kind among document checks.
LETTER_KIND = "award_letter"
#: The documents every application carries, in this order (labels in the texts).
DOCUMENTS = ("report_card", "enrolment")
#: The default office zone of a campaign opened from the TOML file (the CLI has no settings zone at hand).
DEFAULT_ZONE = "Asia/Tehran"


def _workflow() -> Workflow:
    """The clerk checks the documents (approve, reject with a reason, ask for a better scan); finance pays."""
    open_ = frozenset({Status.SUBMITTED})
    return Workflow(
        service=SERVICE,
        initial=Status.SUBMITTED,
        transitions=(
            Transition(Action.APPROVE, open_, Status.APPROVED, Role.CLERK),
            Transition(Action.REJECT, open_, Status.REJECTED, Role.CLERK, needs_reason=True),
            Transition(Action.ASK_INFO, open_, Status.NEEDS_INFO, Role.CLERK, needs_reason=True),
            Transition(Action.ANSWER_INFO, frozenset({Status.NEEDS_INFO}), RESUME, OWNER),
            Transition(Action.CANCEL, open_ | {Status.NEEDS_INFO}, Status.CANCELLED, OWNER),
            Transition(PAY, frozenset({Status.APPROVED}), PAID, Role.FINANCE),
        ),
        final=frozenset({Status.REJECTED, Status.CANCELLED, PAID}),
    )


# --- the campaign as the rules see it -----------------------------------------------------------------------


def rule_json(rule: LevelRule) -> dict[str, Any]:
    """A level's terms as stored."""
    return {
        "level": str(rule.level),
        "threshold": f"{rule.threshold:.2f}",
        "amount": rule.amount,
        "min_age": rule.ages.minimum if rule.ages else None,
        "max_age": rule.ages.maximum if rule.ages else None,
    }


def to_rules(campaign: AwardCampaign) -> Campaign:
    """A stored campaign as :class:`domain.awards.Campaign`."""
    levels = tuple(
        LevelRule(
            Level(item["level"]),
            Decimal(item["threshold"]),
            int(item["amount"]),
            AgeRange(item["min_age"], item["max_age"]) if item.get("min_age") is not None else None,
        )
        for item in campaign.levels
    )
    return Campaign(campaign.academic_year, levels, campaign.deadline, campaign.remind_days_before)


def title(academic_year: int) -> str:
    """A campaign's name."""
    return aw_t.AW_CAMPAIGN_TITLE.format(year=fa(academic_year))


def gpa_text(gpa: Decimal) -> str:
    """A GPA as shown: Persian digits, the Persian decimal separator."""
    return fa(f"{gpa:.2f}").replace(".", "\u066b")


def level_label(level: str) -> str:
    """A level's Persian name."""
    return aw_t.AW_LEVEL_LABELS.get(level, level)


def level_lines(rules: Sequence[LevelRule]) -> str:
    """One line per offered level: threshold and award."""
    return "\n".join(
        aw_t.AW_LEVEL_LINE.format(
            level=level_label(r.level), threshold=gpa_text(r.threshold), amount=rials(r.amount)
        )
        for r in rules
    )


def today(env: Env) -> dt.date:
    """The office's day."""
    return env.clock.now().astimezone(env.zone).date()


# --- opening ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Opened:
    """What opening a campaign did."""

    campaign_id: int
    created: bool
    queued: int
    title: str


async def open_campaign(
    env: Env, *, actor: int, academic_year: int, rules: Sequence[LevelRule], deadline: dt.date, key: str
) -> Opened:
    """An admin opens a campaign: it is announced to every linked employee; ``key`` makes it idempotent."""
    await campaigns.require_admin(env, actor)
    campaign = Campaign(academic_year, tuple(rules), deadline)
    async with env.db.transaction() as tx:
        opened, timers = await _open_in_tx(
            tx, key=f"aw-{key}", campaign=campaign, opened_by=actor, now=env.clock.now(), zone=env.zone
        )
    env.reminders_changed(timers)
    env.wake_outbox()
    return opened


async def _open_in_tx(
    tx: Tx, *, key: str, campaign: Campaign, opened_by: int | None, now: dt.datetime, zone: dt.tzinfo
) -> tuple[Opened, list[Armed]]:
    """Write the campaign, queue the announcement and arm its timers (their ids are returned to schedule)."""
    name = title(campaign.academic_year)
    campaign_id = await insert_campaign(
        tx,
        key=key,
        academic_year=campaign.academic_year,
        levels=[rule_json(r) for r in campaign.levels],
        deadline=campaign.deadline,
        remind_days_before=campaign.remind_days_before,
        opened_by=opened_by,
        now=now,
    )
    if not campaign_id:
        existing = await Awards(tx).by_key(key)
        assert existing is not None
        return Opened(existing.id, False, 0, name), []
    text = aw_t.AW_ANNOUNCE.format(
        year=fa(campaign.academic_year),
        levels=level_lines(campaign.levels),
        deadline=jalali_day(campaign.deadline),
    )
    people = await recipients(tx)
    for person in people:
        await outbox.enqueue(
            tx,
            chat_id=person.user_id,
            method="sendMessage",
            payload=text_message(text),
            now=now,
            dedupe_key=f"aw:{campaign_id}:announce:{person.user_id}",
            purpose=FOLLOWED.purpose(campaign_id),
        )
    remind_at = max(now, local_moment(reminder_day(campaign), zone))
    close_at = local_moment(campaign.deadline + dt.timedelta(days=1), zone, hour=0)
    remind_id = await add_reminder(
        tx, request_id=None, chat_id=opened_by or 0, kind=REMIND, due_at=remind_at, text=""
    )
    close_id = await add_reminder(
        tx, request_id=None, chat_id=opened_by or 0, kind=CLOSE, due_at=close_at, text=""
    )
    await set_timers(tx, campaign_id, remind_id=remind_id.id, close_id=close_id.id)
    tick_id = await campaigns.arm_tick(tx, FOLLOWED, campaign_id, now)
    return Opened(campaign_id, True, len(people), name), [remind_id, close_id, tick_id]


async def follow(env: Env, campaign_id: int, chat_id: int, message_id: int) -> None:
    """Keep the opener's progress message up to date."""
    await campaigns.follow(env, FOLLOWED, campaign_id, chat_id, message_id)


async def progress_text(env: Env, *, campaign_id: int, actor: int) -> str:
    """The announcement's progress now (admins only)."""
    counts = await campaigns.progress(env, FOLLOWED, campaign_id, actor)
    campaign = await Awards(env.db).campaign(campaign_id)
    return campaigns.progress_text(title(campaign.academic_year) if campaign else "", counts)


async def overview(env: Env, *, actor: int) -> str:
    """The latest campaigns: deadline, status, the announcement and the applications (admins only)."""
    await campaigns.require_admin(env, actor)
    awards = Awards(env.db)
    lines = []
    for campaign in await awards.campaigns():
        counts = await awards.counts(campaign.id)
        sent: Delivery = await delivery(env.db, FOLLOWED.purpose(campaign.id))
        lines.append(
            aw_t.AW_CAMPAIGN_SUMMARY.format(
                title=title(campaign.academic_year),
                deadline=jalali_day(campaign.deadline),
                status=aw_t.AW_CAMPAIGN_STATUS.get(campaign.status, campaign.status),
                sent=fa(sent.sent),
                unreachable=fa(sent.unreachable),
                pending=fa(sent.pending),
                submitted=fa(counts.get(Status.SUBMITTED, 0) + counts.get(Status.NEEDS_INFO, 0)),
                approved=fa(counts.get(Status.APPROVED, 0)),
                paid=fa(counts.get(PAID, 0)),
                rejected=fa(counts.get(Status.REJECTED, 0)),
            )
        )
    return "\n\n".join(lines) or aw_t.AW_CAMPAIGNS_NONE


# --- configuration ------------------------------------------------------------------------------------------


class LevelConfig(BaseModel):
    """One level of a ``[[award_campaigns]]`` table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: Level
    threshold: Decimal = Field(ge=0, le=20)
    amount: int = Field(gt=0)
    min_age: int | None = Field(default=None, ge=0)
    max_age: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _consistent(self) -> LevelConfig:
        if (self.threshold * 100) % 1:
            raise ValueError("threshold has at most two decimals")
        if (self.min_age is None) != (self.max_age is None):
            raise ValueError("give both min_age and max_age, or neither")
        return self

    def rule(self) -> LevelRule:
        """The level's rule."""
        ages = (
            AgeRange(self.min_age, self.max_age)
            if self.min_age is not None and self.max_age is not None
            else None
        )
        return LevelRule(self.level, self.threshold.quantize(Decimal("0.01")), self.amount, ages)


class CampaignConfig(BaseModel):
    """One ``[[award_campaigns]]`` table: opened (and announced) once, by its key."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    key: str = Field(pattern=r"^[a-z0-9_-]{1,32}$")
    academic_year: int = Field(ge=1300, le=1700)
    deadline: str
    levels: list[LevelConfig] = Field(min_length=1)
    remind_days_before: int = Field(default=3, ge=0, le=60)
    timezone: str = DEFAULT_ZONE

    @field_validator("deadline")
    @classmethod
    def _date(cls, value: str) -> str:
        try:
            parse_date(value)
        except InvalidInput:
            raise ValueError(f"deadline {value!r} is not a date like 1404/08/30") from None
        return value

    def campaign(self) -> Campaign:
        """The campaign's rules."""
        return Campaign(
            self.academic_year,
            tuple(level.rule() for level in self.levels),
            parse_date(self.deadline),
            self.remind_days_before,
        )


async def load_campaigns(tx: Tx, data: Any, now: dt.datetime) -> int:
    """Open every campaign of the file not opened before (an opened campaign is left as it is)."""
    if not isinstance(data, list):
        raise ValueError("award_campaigns must be an array of tables: [[award_campaigns]]")
    opened = 0
    for item in data:
        config = CampaignConfig.model_validate(item)
        try:
            zone = zoneinfo.ZoneInfo(config.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {config.timezone!r}") from None
        result, _ = await _open_in_tx(
            tx, key=f"toml-{config.key}", campaign=config.campaign(), opened_by=None, now=now, zone=zone
        )
        opened += result.created
    return opened


# --- applying -----------------------------------------------------------------------------------------------


async def current(env: Env) -> AwardCampaign | None:
    """The campaign taking applications today, if any."""
    return await Awards(env.db).open_campaign(today(env))


async def campaign(env: Env, campaign_id: int) -> AwardCampaign | None:
    """A campaign by id."""
    return await Awards(env.db).campaign(campaign_id)


async def children(env: Env, employee: Employee) -> list[Dependant]:
    """The employee's children on file."""
    return [d for d in await Employees(env.db).dependants(employee.id) if d.relation == Relation.CHILD.value]


def read_gpa(text: str) -> Decimal | GpaRefusal:
    """A typed GPA (any digits, 0-20, two decimals at most) or why not."""
    return parse_gpa(text)


async def judge(
    env: Env, stored: AwardCampaign, employee: Employee, *, child: str, level: str, gpa: Decimal
) -> AwardDecision:
    """Whether this application earns an award, with every reason it does not."""
    return await _judge(Awards(env.db), Employees(env.db), env, stored, employee, child, level, gpa)


async def _judge(
    awards: Awards,
    employees: Employees,
    env: Env,
    stored: AwardCampaign,
    employee: Employee,
    child: str,
    level: str,
    gpa: Decimal,
) -> AwardDecision:
    return check_application(
        to_rules(stored),
        Application(child, level, gpa, today(env)),
        dependants=await employees.dependants(employee.id),
        applied=await awards.applied(stored.id),
    )


class NotEligible(Exception):
    """The application earns no award (``decision`` says why)."""

    def __init__(self, decision: AwardDecision) -> None:
        super().__init__("not eligible")
        self.decision = decision


async def submit_award(
    env: Env,
    *,
    employee: Employee,
    user_id: int,
    campaign_id: int,
    child: str,
    level: str,
    gpa: Decimal,
    attachments: Sequence[NewAttachment],
    key: str,
) -> Submitted:
    """File the application once per draft key; eligibility (and one per child) is checked again inside."""
    idempotency_key = f"{SERVICE}:{key}"
    if (existing := await Requests(env.db).by_idempotency_key(idempotency_key)) is not None:
        return Submitted(existing, created=False)
    stored = await Awards(env.db).campaign(campaign_id)
    if stored is None:
        raise UnknownCampaign(campaign_id)
    kid = next((d for d in await children(env, employee) if d.national_id == child), None)
    child_name = kid.full_name if kid else ""
    rule = to_rules(stored).rule_for(level)
    payload: dict[str, Any] = {
        "campaign_id": stored.id,
        "academic_year": stored.academic_year,
        "child_national_id": child,
        "child_name": child_name,
        "level": level,
        "gpa": f"{gpa:.2f}",
        "amount": rule.amount if rule else 0,
    }

    async def still_eligible(tx: Tx, request: Request) -> None:
        """Refuse inside the transaction if the child was applied for meanwhile, or the terms fail."""
        decision = await _judge(Awards(tx), Employees(tx), env, stored, employee, child, level, gpa)
        if not decision.eligible:
            raise NotEligible(decision)
        await insert_application(
            tx,
            request_id=request.id,
            campaign_id=stored.id,
            child_national_id=child,
            child_name=child_name,
            level=level,
            gpa=f"{gpa:.2f}",
            amount=decision.amount,
        )

    return await submit_request(
        env,
        service=SERVICE,
        employee=employee,
        user_id=user_id,
        payload=payload,
        attachments=attachments,
        idempotency_key=idempotency_key,
        in_tx=still_eligible,
    )


def reasons_text(decision: AwardDecision, stored: AwardCampaign, gpa: Decimal) -> str:
    """Every unmet condition, one line each."""
    lines = [
        aw_t.AW_REASONS[reason].format(
            deadline=jalali_day(stored.deadline),
            gpa=gpa_text(gpa),
            threshold=gpa_text(decision.threshold) if decision.threshold is not None else "",
            age=fa(decision.age if decision.age is not None else ""),
            minimum=fa(decision.ages.minimum if decision.ages else ""),
            maximum=fa(decision.ages.maximum if decision.ages else ""),
        )
        for reason in decision.reasons
    ]
    return aw_t.AW_INELIGIBLE.format(reasons="\n".join(lines))


# --- the campaign's timers ----------------------------------------------------------------------------------


async def remind_due(tx: Tx, env: Env, reminder: Reminder) -> bool:
    """Remind every household whose children of an eligible age were not applied for (once each)."""
    stored = await Awards(tx).by_timer("remind_id", reminder.id)
    if stored is None or stored.status != "open":
        return False
    rules = to_rules(stored)
    houses = await Awards(tx).households()
    by_employee = {h.employee_id: h for h in houses}
    due = due_reminders(
        rules,
        [Household(h.employee_id, h.dependants) for h in houses],
        await Awards(tx).applied(stored.id),
        today=today(env),
    )
    now = env.clock.now()
    for item in due:
        house = by_employee[item.employee_id]
        names = [d.full_name for d in house.dependants if d.national_id in item.children]
        text = aw_t.AW_REMIND.format(
            year=fa(stored.academic_year),
            deadline=jalali_day(stored.deadline),
            names=aw_t.AW_NAMES_SEPARATOR.join(names),
        )
        await outbox.enqueue(
            tx,
            chat_id=house.user_id,
            method="sendMessage",
            payload=text_message(text),
            now=now,
            dedupe_key=f"aw:{stored.id}:remind:{item.employee_id}",
        )
    return False


async def close_due(tx: Tx, env: Env, reminder: Reminder) -> bool:
    """The deadline passed: the campaign closes and finance is told how much awaits payment."""
    stored = await Awards(tx).by_timer("close_id", reminder.id)
    if stored is None or not await mark_closed(tx, stored.id, env.clock.now()):
        return False
    lines = await Awards(tx).pay_lines(stored.id, Status.APPROVED)
    text = aw_t.AW_CLOSED_FINANCE.format(
        title=title(stored.academic_year),
        count=fa(len(lines)),
        total=rials(sum(line.amount for line in lines)),
    )
    keyboard = inline_keyboard([[(aw_t.AW_BTN_LIST, LIST.data(stored.id))]])
    for holder in await Roles(tx).holders(Role.FINANCE):
        await outbox.enqueue(
            tx,
            chat_id=holder,
            method="sendMessage",
            payload=text_message(text, keyboard),
            now=env.clock.now(),
            dedupe_key=f"aw:{stored.id}:closed:{holder}",
        )
    return False


async def tick_due(tx: Tx, env: Env, reminder: Reminder) -> bool:
    """Look at the announcement's progress."""
    await campaigns.tick(tx, env, reminder, FOLLOWED, _title_of)
    return False


async def _title_of(tx: Tx, campaign_id: int) -> str:
    stored = await Awards(tx).campaign(campaign_id)
    return title(stored.academic_year) if stored else ""


# --- finance ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    """The payment list sent to finance (nothing was sent when ``count`` is 0)."""

    count: int
    total: int


async def send_list(env: Env, *, campaign_id: int, actor: int) -> Listed:
    """Finance asks for the approved awards not yet paid: the XLSX (with the paid button) and the letter."""
    await campaigns.require_finance(env, actor)
    stored = await Awards(env.db).campaign(campaign_id)
    if stored is None:
        raise UnknownCampaign(campaign_id)
    lines = await Awards(env.db).pay_lines(stored.id, Status.APPROVED)
    if not lines:
        return Listed(0, 0)
    total = sum(line.amount for line in lines)
    now = env.clock.now()
    name = title(stored.academic_year)
    xlsx = render_award_list(
        [_pay_row(line) for line in lines], title=aw_t.AW_DOC_LIST_TITLE.format(title=name)
    )
    async with env.db.transaction() as tx:
        payout_id = await insert_payout(
            tx,
            campaign_id=stored.id,
            request_ids=[line.request_id for line in lines],
            total=total,
            actor=actor,
            now=now,
        )
        head = await letterhead(tx)
        letter_no = await next_letter_no(tx, now, env.zone)
        link = await verification.issue(
            tx,
            env,
            kind=LETTER_KIND,
            label=aw_t.AW_DOC_LETTER_LABEL,
            reference=letter_no,
            holder=head.name,
            amount=total,
        )
    letter = render_covering_letter(  # outside the transaction
        CoveringLetterData(
            letterhead=head,
            verify_link=link,
            letter_no=letter_no,
            date=format_jalali_date(now.astimezone(env.zone).date()),
            subject=aw_t.AW_DOC_LETTER_SUBJECT.format(title=name),
            body=aw_t.AW_DOC_LETTER_BODY.format(title=name),
            count=len(lines),
            total=total,
        )
    )
    caption = aw_t.AW_LIST_CAPTION.format(title=name, count=fa(len(lines)), total=rials(total))
    keyboard = inline_keyboard([[(aw_t.AW_BTN_PAID, PAID_LIST.data(payout_id))]])
    async with env.db.transaction() as tx:
        await outbox.enqueue(
            tx,
            chat_id=actor,
            method="sendDocument",
            payload={
                "filename": f"awards-{stored.academic_year}-{payout_id}.xlsx",
                "caption": caption,
                "reply_markup": keyboard,
            },
            document=xlsx,
            now=now,
            dedupe_key=f"aw:payout:{payout_id}:list",
        )
        await outbox.enqueue(
            tx,
            chat_id=actor,
            method="sendDocument",
            payload={"filename": f"awards-{stored.academic_year}-{payout_id}-letter.pdf"},
            document=letter,
            now=now,
            dedupe_key=f"aw:payout:{payout_id}:letter",
        )
    env.wake_outbox()
    return Listed(len(lines), total)


def _pay_row(line: PayLine) -> AwardPayRow:
    return AwardPayRow(
        personnel_no=line.personnel_no,
        full_name=line.full_name,
        child_name=line.child_name,
        level=level_label(line.level),
        gpa=line.gpa,
        amount=line.amount,
        sheba=line.sheba,
    )


async def mark_paid(env: Env, *, payout_id: int, actor: int, actor_name: str) -> int | None:
    """Finance paid a list: each award on it still approved is paid, its owner told; None if marked before."""
    await campaigns.require_finance(env, actor)
    async with env.db.transaction() as tx:
        payout = await Awards(tx).payout(payout_id)
        if payout is None:
            raise UnknownCampaign(payout_id)
        if not await mark_payout_paid(tx, payout_id, actor, env.clock.now()):
            return None
        paid = 0
        for request_id in payout.request_ids:
            request = await Requests(tx).get(request_id)
            if request is None or request.status != Status.APPROVED:
                continue
            await act_in_tx(tx, env, request_id=request_id, action=PAY, actor=actor, actor_name=actor_name)
            paid += 1
    env.wake_outbox()
    return paid


# --- what the owner and the clerks see ----------------------------------------------------------------------


async def on_transition(
    tx: Tx, env: Env, request: Request, transition: Transition, actor: int | None
) -> None:
    """A cancelled application frees its child for another one."""
    if transition.action == Action.CANCEL:
        await withdraw_application(tx, request.id)


def describe(payload: dict[str, Any]) -> list[str]:
    """The card lines of an application (also the owner's view)."""
    gpa = Decimal(payload.get("gpa") or "0")
    return [
        aw_t.AW_CARD_CAMPAIGN.format(title=title(int(payload.get("academic_year", 0)))),
        aw_t.AW_CARD_CHILD.format(
            name=payload.get("child_name", ""), national_id=fa(payload.get("child_national_id", ""))
        ),
        aw_t.AW_CARD_LEVEL.format(level=level_label(payload.get("level", "")), gpa=gpa_text(gpa)),
        aw_t.AW_CARD_AMOUNT.format(amount=rials(int(payload.get("amount", 0)))),
    ]


def owner_notice(request: Request, action: str, note: str | None) -> dict[str, Any] | None:
    """The payment notice names the child and the amount; the rest is the generic notice."""
    if action == PAY:
        p = request.payload
        return text_message(
            aw_t.AW_NOTICE_PAID.format(
                name=p.get("child_name", ""),
                amount=rials(int(p.get("amount", 0))),
                code=request.tracking_code,
            )
        )
    return generic_notice(SPEC, request, action, note)


SPEC = ServiceSpec(
    key=SERVICE,
    title=aw_t.AW_TITLE,
    workflow=_workflow(),
    describe=describe,
    status_labels=aw_t.AW_STATUS_LABELS,
    action_labels=aw_t.AW_ACTION_LABELS,
    on_transition=on_transition,
    owner_notice=owner_notice,
    timers={REMIND: remind_due, CLOSE: close_due, TICK: tick_due},
    config={"award_campaigns": load_campaigns},
)
