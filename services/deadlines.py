"""Stage deadlines: the date an employee sees in their status, and the daily job that reminds the staff of
late requests and escalates to the head past the second threshold.

A service declares ``ServiceSpec.deadlines = {status: working days}``. A request's stage starts at the
audit row that moved it into its status; the office calendar (``env.calendar``) counts the working days.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from domain.deadlines import Lateness, due_day, late_days, lateness, next_daily_run
from domain.jalali import format_jalali_date
from domain.workflow import Role
from services.kit import Env, ServiceSpec
from services.messages import text_message
from services.render import fa, status_label
from storage import outbox
from storage.base import Reader
from storage.db import Tx
from storage.models import Reminder, Request, RequestEvent
from storage.office import Substitutes
from storage.reminders import Armed, add_reminder
from storage.reports import waiting
from storage.roles import Roles
from texts import deadlines as dl_t

#: The reminder kind of the daily job (one pending row, re-armed each time it fires).
DAILY = "office_deadlines"
#: Lines of one reminder message; the rest are counted (Telegram's 4096 characters).
MAX_LINES = 30


@dataclass(frozen=True)
class LateRequest:
    """A request past its stage's deadline."""

    request: Request
    spec: ServiceSpec
    due: dt.date
    late: int
    escalated: bool


def office_day(moment: dt.datetime, env: Env) -> dt.date:
    """The office's date at an aware moment."""
    return moment.astimezone(env.zone).date()


def day_label(day: dt.date) -> str:
    """A day as people read it (Jalali, Persian digits)."""
    return fa(format_jalali_date(day))


def due_of(env: Env, spec: ServiceSpec, request: Request, entered: dt.datetime) -> dt.date | None:
    """The last day of the request's current stage (None: its status has no deadline)."""
    days = spec.deadlines.get(request.status)
    return None if days is None else due_day(env.calendar, office_day(entered, env), days)


def entered_at(request: Request, events: Sequence[RequestEvent]) -> dt.datetime:
    """When the request entered its status, from its moves (its last update if none says so)."""
    moments = [e.at for e in events if e.to_status == request.status and e.from_status != e.to_status]
    return max(moments) if moments else request.updated_at


def expected_line(
    env: Env, spec: ServiceSpec, request: Request, events: Sequence[RequestEvent]
) -> str | None:
    """The owner's "expected by" line for a request waiting for staff (None: it waits for nobody)."""
    due = due_of(env, spec, request, entered_at(request, events))
    if due is None:
        return None
    late = late_days(env.calendar, due, office_day(env.clock.now(), env)) > 0
    return (dl_t.DEADLINE_EXPECTED_LATE if late else dl_t.DEADLINE_EXPECTED).format(date=day_label(due))


async def late_requests(q: Reader, env: Env, today: dt.date) -> list[LateRequest]:
    """Every request past its stage's deadline on ``today``, service by service, oldest first."""
    found = []
    for spec in env.services:
        for request, entered in await waiting(q, spec.key, list(spec.deadlines)):
            due = due_of(env, spec, request, entered)
            assert due is not None
            standing = lateness(env.calendar, due, today, env.deadlines)
            if standing is not Lateness.ON_TIME:
                late = late_days(env.calendar, due, today)
                found.append(LateRequest(request, spec, due, late, standing is Lateness.ESCALATED))
    return found


async def staff_for(q: Reader, spec: ServiceSpec, status: str, today: dt.date) -> list[int]:
    """Who may act on a request in ``status`` (as a rule the service's clerk) and their substitutes."""
    roles = {Role(tr.role) for tr in spec.workflow.staff_actions(status)}
    holders = sorted({h for role in roles for h in await Roles(q).holders(role, spec.key)})
    return sorted({*holders, *await Substitutes(q).standing_in(holders, today)})


async def heads(q: Reader, today: dt.date) -> list[int]:
    """The heads of office, and whoever stands in for them today."""
    holders = await Roles(q).holders(Role.HEAD)
    return sorted({*holders, *await Substitutes(q).standing_in(holders, today)})


def line(item: LateRequest) -> str:
    """One late request in a list."""
    return dl_t.DEADLINE_LINE.format(
        code=item.request.tracking_code,
        title=item.spec.title,
        status=status_label(item.request.status, item.spec),
        due=day_label(item.due),
        late=fa(item.late),
    )


def _lines(items: Sequence[LateRequest]) -> str:
    shown = [line(i) for i in items[:MAX_LINES]]
    if len(items) > MAX_LINES:
        shown.append(dl_t.DEADLINE_MORE.format(count=fa(len(items) - MAX_LINES)))
    return "\n".join(shown)


async def remind_and_escalate(tx: Tx, env: Env, today: dt.date) -> tuple[int, int]:
    """Queue today's reminders (to the staff of each late request) and the escalation (to the head).

    Once a day per chat (the dedupe key carries the day). Returns (late requests, escalated ones).
    """
    items = await late_requests(tx, env, today)
    by_chat: dict[int, list[LateRequest]] = defaultdict(list)
    for item in items:
        staff = await staff_for(tx, item.spec, item.request.status, today)
        for chat in staff or ([env.admin_chat_id] if env.admin_chat_id is not None else []):
            by_chat[chat].append(item)
    now = env.clock.now()
    for chat, late in by_chat.items():
        text = dl_t.DEADLINE_REMINDER.format(count=fa(len(late)), lines=_lines(late))
        await outbox.enqueue(
            tx,
            chat_id=chat,
            method="sendMessage",
            payload=text_message(text),
            now=now,
            dedupe_key=f"deadline:{today.isoformat()}:{chat}:remind",
        )
    escalated = [i for i in items if i.escalated]
    if escalated:
        text = dl_t.DEADLINE_ESCALATION.format(
            days=fa(env.deadlines.escalate_after), count=fa(len(escalated)), lines=_lines(escalated)
        )
        chats = await heads(tx, today) or ([env.admin_chat_id] if env.admin_chat_id is not None else [])
        for chat in chats:
            await outbox.enqueue(
                tx,
                chat_id=chat,
                method="sendMessage",
                payload=text_message(text),
                now=now,
                dedupe_key=f"deadline:{today.isoformat()}:{chat}:escalate",
            )
    return len(items), len(escalated)


async def arm_daily(tx: Tx, env: Env, after: dt.datetime) -> Armed:
    """The daily job's next run: the next working day's reminder hour."""
    return await add_reminder(
        tx,
        request_id=None,
        chat_id=0,
        kind=DAILY,
        due_at=next_daily_run(env.calendar, after, env.zone, env.deadlines.remind_at),
        text="",
    )


async def daily(tx: Tx, env: Env, reminder: Reminder) -> bool:
    """The daily job fired: remind and escalate (on a working day), then arm the next run."""
    now = env.clock.now()
    today = office_day(now, env)
    if env.calendar.is_working_day(today):
        await remind_and_escalate(tx, env, today)
    env.reminders_changed([await arm_daily(tx, env, now)])
    return False
