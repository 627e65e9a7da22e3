"""The head's report and the weekly digest: a short Persian text, three charts (PNG) and the full list (XLSX).

Figures come from the requests table and every service's audit trail alike (counts by service and status,
time to decision, what is past its deadline); a few come from a service's own tables when it is offered
(the loan budget, guesthouse occupancy) or from its payload (a ``medical`` service's claimed, approved and
paid rials). Everything is read and rendered outside any transaction; only the outbox rows are written in
one.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from documents.charts import daily_line, grouped_bars, stacked_bars
from documents.sheets import Cell, Column, Kind, Sheet, render_workbook
from domain.deadlines import late_days, next_weekly_run
from domain.jalali import format_jalali_date, to_jalali
from domain.reports import Period, decided_at, percentile, review_statuses
from domain.workflow import Role, holds
from services.deadlines import (
    LateRequest,
    day_label,
    due_of,
    entered_at,
    heads,
    late_requests,
    office_day,
)
from services.deadlines import line as late_line
from services.kit import Env, ServiceSpec
from services.messages import text_message
from services.render import fa, jalali_time, rials
from services.roles import is_admin
from storage import outbox
from storage.db import Tx
from storage.loans import Loans
from storage.models import Reminder, Request, RequestEvent
from storage.office import Substitutes
from storage.reminders import Armed, add_reminder
from storage.reports import created_between, employee_names, guesthouse_occupancy, moves_of
from storage.roles import Roles
from texts import common as t
from texts import reports as rep_t

_LOG = logging.getLogger(__name__)

#: The reminder kind of the weekly digest (one pending row, re-armed each time it fires).
WEEKLY = "office_digest"
#: Late requests listed in the report's text (the XLSX has them all).
LATE_LINES = 10
_SECONDS_A_DAY = 86400


@dataclass(frozen=True)
class ServiceFigures:
    """One service over the period: requests by status, and the days each decided one took."""

    spec: ServiceSpec
    counts: dict[str, int]
    decision_days: tuple[float, ...]

    @property
    def total(self) -> int:
        """Requests filed in the period."""
        return sum(self.counts.values())

    @property
    def median(self) -> float | None:
        """Median days to decision."""
        return percentile(self.decision_days, 50)

    @property
    def p90(self) -> float | None:
        """90th-percentile days to decision."""
        return percentile(self.decision_days, 90)


@dataclass(frozen=True)
class ListRow:
    """One request of the period, as the XLSX lists it."""

    request: Request
    spec: ServiceSpec
    decided: dt.datetime | None
    due: dt.date | None
    late: int


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows."""

    period: Period
    today: dt.date
    services: tuple[ServiceFigures, ...]
    rows: tuple[ListRow, ...]
    late: tuple[LateRequest, ...]
    names: dict[int, tuple[str, str]]
    per_day: tuple[int, ...]
    loan: tuple[str, int, int, int] | None
    occupancy: tuple[int, int] | None
    claims: tuple[int, int, int] | None


@dataclass(frozen=True)
class ReportFiles:
    """The report as sent: the text, the charts (file name, PNG) and the full list (file name, XLSX)."""

    text: str
    charts: tuple[tuple[str, bytes], ...]
    xlsx_name: str
    xlsx: bytes
    xlsx_caption: str


async def may_see_reports(env: Env, user_id: int) -> bool:
    """The head of office (or whoever stands in for them today) and admins."""
    if await is_admin(env, user_id):
        return True
    if holds(await Roles(env.db).grants(user_id), Role.HEAD):
        return True
    today = office_day(env.clock.now(), env)
    for principal in await Substitutes(env.db).acting_for(user_id, today):
        if holds(await Roles(env.db).grants(principal), Role.HEAD):
            return True
    return False


async def gather(env: Env, period: Period) -> ReportData:
    """Read the period's figures."""
    start, end = period.bounds(env.zone)
    requests = await created_between(env.db, start, end)
    moves = await moves_of(env.db, start, end)
    today = office_day(env.clock.now(), env)
    counts: dict[str, Counter[str]] = {spec.key: Counter() for spec in env.services}
    days: dict[str, list[float]] = {spec.key: [] for spec in env.services}
    rows: list[ListRow] = []
    per_day = [0] * period.days
    for request in requests:
        if request.service not in counts:
            continue  # a service no longer offered
        spec = env.services.get(request.service)
        counts[spec.key][request.status] += 1
        events: list[RequestEvent] = moves.get(request.id, [])
        decided = decided_at(events, review_statuses(spec.workflow))
        if decided is not None:
            days[spec.key].append((decided - request.created_at).total_seconds() / _SECONDS_A_DAY)
        due = due_of(env, spec, request, entered_at(request, events))
        late = late_days(env.calendar, due, today) if due is not None else 0
        rows.append(ListRow(request, spec, decided, due, late))
        index = (office_day(request.created_at, env) - period.first).days
        if 0 <= index < period.days:
            per_day[index] += 1
    figures = tuple(
        ServiceFigures(spec, dict(counts[spec.key]), tuple(days[spec.key])) for spec in env.services
    )
    keys = {spec.key for spec in env.services}
    return ReportData(
        period=period,
        today=today,
        services=figures,
        rows=tuple(rows),
        late=tuple(await late_requests(env.db, env, today)),
        names=await employee_names(env.db, sorted({r.employee_id for r in requests})),
        per_day=tuple(per_day),
        loan=await _loan(env, period) if "loan" in keys else None,
        occupancy=await guesthouse_occupancy(env.db, period.first, period.last)
        if "guesthouse" in keys
        else None,
        claims=_claims(requests) if "medical" in keys else None,
    )


async def _loan(env: Env, period: Period) -> tuple[str, int, int, int]:
    """(month label, budget, committed, queued) of the loan fund in the period's last month."""
    j = to_jalali(period.last)
    month = f"{int(j.year):04d}-{int(j.month):02d}"
    loans = Loans(env.db)
    queued = sum(q.principal for q in await loans.queued())
    label = f"{t.JALALI_MONTHS[int(j.month) - 1]} {fa(int(j.year))}"
    return label, await loans.budget_for(month), await loans.committed(month), queued


def _claims(requests: Sequence[Request]) -> tuple[int, int, int]:
    """Claimed, approved and paid rials of the period's medical claims, read from their payloads."""
    totals = [0, 0, 0]
    for request in requests:
        if request.service != "medical":
            continue
        for index, key in enumerate(("claimed", "approved", "paid")):
            value = request.payload.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                totals[index] += value
    return totals[0], totals[1], totals[2]


def _days(value: float | None) -> str:
    return fa(f"{value:.1f}") if value is not None else "-"


def report_text(data: ReportData, *, digest: bool = False) -> str:
    """The short Persian text."""
    first, last = day_label(data.period.first), day_label(data.period.last)
    title = rep_t.REPORT_DIGEST_TITLE if digest else rep_t.REPORT_TITLE
    lines = [title.format(first=first, last=last), rep_t.REPORT_TOTAL.format(count=fa(len(data.rows)))]
    for figures in data.services:
        if not figures.total:
            continue
        parts = rep_t.REPORT_PART_SEPARATOR.join(
            rep_t.REPORT_STATUS_PART.format(status=figures.spec.status_label(status), count=fa(count))
            for status, count in sorted(figures.counts.items(), key=lambda item: -item[1])
        )
        lines.append(
            rep_t.REPORT_SERVICE_LINE.format(
                title=figures.spec.title, count=fa(figures.total), statuses=parts
            )
        )
        if figures.decision_days:
            lines.append(
                rep_t.REPORT_DECISION_LINE.format(
                    median=_days(figures.median),
                    p90=_days(figures.p90),
                    decided=fa(len(figures.decision_days)),
                )
            )
        else:
            lines.append(rep_t.REPORT_NO_DECISION)
    lines.append(rep_t.REPORT_LATE.format(count=fa(len(data.late))))
    lines += [late_line(item) for item in data.late[:LATE_LINES]]
    if data.loan is not None:
        month, budget, used, queued = data.loan
        lines.append(
            rep_t.REPORT_LOAN.format(
                month=month, budget=rials(budget), used=rials(used), queued=rials(queued)
            )
        )
    if data.occupancy is not None:
        held, offered = data.occupancy
        percent = round(100 * held / offered) if offered else 0
        lines.append(rep_t.REPORT_GUESTHOUSE.format(held=fa(held), offered=fa(offered), percent=fa(percent)))
    if data.claims is not None:
        claimed, approved, paid = data.claims
        lines.append(
            rep_t.REPORT_CLAIMS.format(claimed=rials(claimed), approved=rials(approved), paid=rials(paid))
        )
    lines.append(rep_t.REPORT_FILES)
    return "\n".join(lines)


def charts(data: ReportData) -> tuple[tuple[str, bytes], ...]:
    """The three charts: counts by service and status, time to decision, requests per day."""
    shown = [f for f in data.services if f.total] or list(data.services)
    titles = [f.spec.title for f in shown]
    statuses = sorted(
        {s for f in shown for s in f.counts}, key=lambda s: -sum(f.counts.get(s, 0) for f in shown)
    )
    series = [
        (_status_name(shown, status), [f.counts.get(status, 0) for f in shown]) for status in statuses
    ] or [(rep_t.REPORT_NO_DATA, [0] * len(shown))]
    counts = stacked_bars(rep_t.REPORT_CHART_COUNTS, titles, series)
    decision = grouped_bars(
        rep_t.REPORT_CHART_DECISION,
        titles,
        [
            (rep_t.REPORT_MEDIAN, [f.median or 0.0 for f in shown]),
            (rep_t.REPORT_P90, [f.p90 or 0.0 for f in shown]),
        ],
        rep_t.REPORT_UNIT_DAYS,
    )
    days = [data.period.first + dt.timedelta(days=i) for i in range(data.period.days)]
    labels = [fa(format_jalali_date(d)[5:]) for d in days]  # MM/DD of the Jalali date
    daily = daily_line(rep_t.REPORT_CHART_DAILY, labels, list(data.per_day))
    return (("counts.png", counts), ("decision.png", decision), ("daily.png", daily))


def _status_name(shown: Sequence[ServiceFigures], status: str) -> str:
    """A status's label, from the first service that has it (statuses are shared by key)."""
    for figures in shown:
        if status in figures.counts:
            return figures.spec.status_label(status)
    return status


def workbook(data: ReportData, zone: ZoneInfo) -> bytes:
    """The full list of the period's requests, and the counts by service and status."""
    first, last = day_label(data.period.first), day_label(data.period.last)
    listed: list[list[Cell]] = [
        [
            row.request.tracking_code,
            row.spec.title,
            row.spec.status_label(row.request.status),
            data.names.get(row.request.employee_id, ("", ""))[0],
            data.names.get(row.request.employee_id, ("", ""))[1],
            jalali_time(row.request.created_at, zone),
            jalali_time(row.decided, zone) if row.decided else "",
            round((row.decided - row.request.created_at).total_seconds() / _SECONDS_A_DAY, 1)
            if row.decided
            else None,
            day_label(row.due) if row.due else "",
            row.late or None,
        ]
        for row in data.rows
    ]
    summary: list[list[Cell]] = [
        [figures.spec.title, figures.spec.status_label(status), count]
        for figures in data.services
        for status, count in sorted(figures.counts.items())
    ]
    kinds = (Kind.TEXT,) * 4 + (Kind.DIGITS,) + (Kind.TEXT,) * 2 + (Kind.TEXT, Kind.TEXT, Kind.NUMBER)
    list_columns = [Column(h, k, total=False) for h, k in zip(rep_t.REPORT_COLUMNS, kinds, strict=True)]
    summary_columns = [
        Column(h, k)
        for h, k in zip(rep_t.REPORT_SUMMARY_COLUMNS, (Kind.TEXT, Kind.TEXT, Kind.NUMBER), strict=True)
    ]
    return render_workbook(
        [Sheet("requests", list_columns, listed), Sheet("summary", summary_columns, summary)],
        title=rep_t.REPORT_SHEET_LIST.format(first=first, last=last),
    )


async def build_report(env: Env, period: Period, *, digest: bool = False) -> ReportFiles:
    """Read and render the report (no transaction held)."""
    data = await gather(env, period)
    first, last = day_label(period.first), day_label(period.last)
    return ReportFiles(
        text=report_text(data, digest=digest),
        charts=charts(data),
        xlsx_name=f"requests-{period.first.isoformat()}-{period.last.isoformat()}.xlsx",
        xlsx=workbook(data, env.zone),
        xlsx_caption=rep_t.REPORT_XLSX_CAPTION.format(first=first, last=last),
    )


async def queue_report(tx: Tx, env: Env, chat_id: int, files: ReportFiles, key: str) -> None:
    """Owe ``chat_id`` the report: the text, each chart as a photo, the XLSX as a document."""
    now = env.clock.now()
    await outbox.enqueue(
        tx,
        chat_id=chat_id,
        method="sendMessage",
        payload=text_message(files.text),
        now=now,
        dedupe_key=f"{key}:text",
    )
    for name, png in files.charts:
        await outbox.enqueue(
            tx,
            chat_id=chat_id,
            method="sendPhoto",
            payload={"filename": name},
            document=png,
            now=now,
            dedupe_key=f"{key}:{name}",
        )
    await outbox.enqueue(
        tx,
        chat_id=chat_id,
        method="sendDocument",
        payload={"filename": files.xlsx_name, "caption": files.xlsx_caption},
        document=files.xlsx,
        now=now,
        dedupe_key=f"{key}:xlsx",
    )


async def send_report(env: Env, *, chat_id: int, period: Period) -> None:
    """``/report``: render, then owe the asker the report in one transaction."""
    files = await build_report(env, period)
    key = f"report:{chat_id}:{env.clock.now().isoformat()}"
    async with env.db.transaction() as tx:
        await queue_report(tx, env, chat_id, files, key)
    env.wake_outbox()


# --- the weekly digest ----------------------------------------------------------------------------------


def digest_period(today: dt.date) -> Period:
    """The week before the digest's day."""
    return Period(today - dt.timedelta(days=7), today - dt.timedelta(days=1))


async def arm_weekly(tx: Tx, env: Env, after: dt.datetime) -> Armed:
    """The digest's next run: the first working day of the next week, at the digest hour."""
    return await add_reminder(
        tx,
        request_id=None,
        chat_id=0,
        kind=WEEKLY,
        due_at=next_weekly_run(env.calendar, after, env.zone, env.deadlines.digest_at),
        text="",
    )


async def weekly(tx: Tx, env: Env, reminder: Reminder) -> bool:
    """The digest fired: arm next week's, and render and send this one once the transaction is over."""
    today = office_day(env.clock.now(), env)
    env.reminders_changed([await arm_weekly(tx, env, env.clock.now())])
    env.spawn(lambda: send_digest(env, today))
    return False


async def send_digest(env: Env, today: dt.date) -> int:
    """Render the past week's report and owe it to the heads; returns how many were sent it."""
    chats = await heads(env.db, today)
    if not chats:
        _LOG.info("weekly digest of %s: no head of office to send it to", today)
        return 0
    files = await build_report(env, digest_period(today), digest=True)
    async with env.db.transaction() as tx:
        for chat in chats:
            await queue_report(tx, env, chat, files, f"digest:{today.isoformat()}:{chat}")
    env.wake_outbox()
    return len(chats)


async def export_requests(env: Env, period: Period) -> tuple[bytes, int]:
    """The period's full list and counts as XLSX (``refah export requests``), and how many requests."""
    data = await gather(env, period)
    return workbook(data, env.zone), len(data.rows)
