"""Medical expense claims: the office's policy, filing a claim (lines, documents, ceiling, file number), the
stages and the employee's notices, the review line by line, the insurer's batch and its decisions, and the
accounting batch paid in one step.

The rules are in :mod:`domain.medical`; this module reads the database, applies them inside the transaction
that changes anything, and queues the messages each change owes. Documents live on the messenger's side (by
file id): building the insurer's ZIP downloads them through ``fetch``, a seam the caller provides (services
never import telegram); files are rendered before the transaction that records the batch.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from documents.medical import (
    BatchFile,
    ClaimLineRow,
    PayeeRow,
    read_decision_rows,
    render_batch_zip,
    render_insurer_summary,
    render_payment_list,
)
from domain import medical as med
from domain.jalali import format_jalali_date
from domain.medical import (
    LIVE,
    BadRow,
    ClaimPolicy,
    DocumentKind,
    ExpenseKind,
    Line,
    LineProblem,
    LineReview,
    MedAction,
    MedStatus,
    OverCeiling,
    PastLine,
    ReviewReason,
)
from domain.workflow import NotPermitted, Refused, Role, Transition, holds
from services.kit import Env, ServiceSpec
from services.messages import text_message
from services.render import fa, rials
from services.requests import NewAttachment, RequestNotFound, Submitted, act_in_tx, submit_request
from services.requests import owner_notice as generic_notice
from storage import outbox
from storage.db import Tx
from storage.employees import Employees
from storage.medical import (
    LineRow,
    Medical,
    PaymentLine,
    assign_batch,
    insert_claim,
    insert_document,
    insert_line,
    mark_batch_paid,
    new_batch,
    open_file,
    save_policy,
    set_paid,
    set_review,
)
from storage.models import Employee, Request
from storage.requests import Requests, update_payload
from storage.roles import Roles
from texts import common as t
from texts import medical as med_t

_LOG = logging.getLogger(__name__)

SERVICE = med.SERVICE
FEATURE = med.FEATURE
WORKFLOW = med.workflow()

#: Downloads one file by its messenger file id (the caller's seam: the bot's getFile).
Fetch = Callable[[str], Awaitable[bytes]]

#: The insurer may write a reason as its code or as its Persian label.
REASON_ALIASES = {label: ReviewReason(code) for code, label in med_t.MED_REASON_LABELS.items()}
_EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


class ClaimRefused(Exception):
    """The claim cannot be filed as it stands; ``problems`` names every reason (empty: a duplicate file)."""

    def __init__(self, problems: Sequence[LineProblem], *, duplicates: Sequence[str] = ()) -> None:
        super().__init__("claim refused")
        self.problems = tuple(problems)
        self.duplicates = tuple(duplicates)


class BatchChanged(Exception):
    """Claims moved while a batch or a decision file was being prepared: nothing was recorded."""


class FetchFailed(Exception):
    """A document could not be downloaded from the messenger: nothing was recorded."""


class NotPaid(Exception):
    """A payment batch that was already marked paid, or does not exist."""


# --- display ----------------------------------------------------------------------------------------------


def kind_label(kind: str) -> str:
    """The Persian name of an expense kind."""
    return med_t.MED_KIND_LABELS.get(kind, kind)


def document_label(document: str) -> str:
    """The Persian name of a required paper."""
    return med_t.MED_DOCUMENT_LABELS.get(document, document)


def date_label(day: dt.date | str) -> str:
    """A day as a Jalali date with Persian digits."""
    value = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return fa(format_jalali_date(value))


def relation_label(relation: str) -> str:
    """The Persian name of a relation (self, spouse...)."""
    return t.RELATION_LABELS.get(relation, relation)


def refusal_text(code: str, *, limit: int | None = None, missing: Sequence[str] = ()) -> str:
    """The one message of a claim refusal (the limit as rials or days, as the code needs)."""
    template = med_t.MED_REFUSALS.get(code) or t.INVALID_INPUT.get(code, t.INVALID_GENERIC)
    counts = code in (med.Refusal.TOO_OLD, med.Refusal.TOO_MANY_LINES)
    shown = fa(limit or 0) if counts else rials(limit or 0)
    names = med_t.MED_LIST_SEPARATOR.join(document_label(d) for d in missing)
    return template.format(limit=shown, missing=names)


def problems_text(problems: Sequence[LineProblem]) -> str:
    """Every reason a claim was refused, one a line."""
    lines = []
    for p in problems:
        text = refusal_text(p.code, limit=p.limit, missing=[m.value for m in p.missing])
        if p.line_no:
            lines.append(med_t.MED_PROBLEM_LINE.format(number=fa(p.line_no), problem=text))
        else:
            lines.append(med_t.MED_PROBLEM_CLAIM.format(problem=text))
    return "\n".join(lines)


def bad_rows_text(bad: Sequence[BadRow]) -> str:
    """The refused rows of a decision file, one a line."""
    return "\n".join(
        med_t.MED_DECISIONS_ROW.format(
            row=fa(b.row),
            problem=med_t.MED_REVIEW_PROBLEMS[b.code].format(
                lines=med_t.MED_LIST_SEPARATOR.join(fa(n) for n in b.missing_lines)
            ),
        )
        for b in bad
    )


def describe(payload: dict[str, Any]) -> list[str]:
    """The card lines of a claim (and its owner's view): person, file, lines, totals. No documents."""
    if "lines" not in payload:
        return []
    lines = [
        med_t.MED_CARD_PERSON.format(
            name=payload["person_name"], relation=relation_label(payload["relation"])
        ),
    ]
    if payload.get("file_number"):
        lines.append(med_t.MED_CARD_FILE.format(file_number=fa(payload["file_number"])))
    for line in payload["lines"]:
        fields = {
            "number": fa(line["no"]),
            "kind": kind_label(line["kind"]),
            "date": date_label(line["date"]),
            "claimed": rials(line["claimed"]),
        }
        if line.get("approved") is None:
            lines.append(med_t.MED_CARD_LINE.format(**fields))
        else:
            lines.append(med_t.MED_CARD_LINE_REVIEWED.format(**fields, approved=rials(line["approved"])))
    lines.append(med_t.MED_CARD_TOTALS.format(claimed=rials(payload["claimed"])))
    if payload.get("approved") is not None:
        lines.append(med_t.MED_CARD_APPROVED.format(approved=rials(payload["approved"])))
    if payload.get("paid"):
        lines.append(med_t.MED_CARD_PAID.format(paid=rials(payload["paid"])))
    return lines


def review_lines_text(payload: dict[str, Any]) -> str:
    """Claimed against approved, line by line, with the reason of every cut."""
    out = []
    for line in payload["lines"]:
        fields = {
            "number": fa(line["no"]),
            "kind": kind_label(line["kind"]),
            "claimed": rials(line["claimed"]),
            "approved": rials(line.get("approved") or 0),
        }
        if (line.get("approved") or 0) < line["claimed"]:
            reason = med_t.MED_REASON_LABELS.get(line.get("reason") or "", "")
            out.append(med_t.MED_NOTICE_LINE_CUT.format(**fields, reason=reason))
        else:
            out.append(med_t.MED_NOTICE_LINE.format(**fields))
    return "\n".join(out)


def owner_notice(request: Request, action: str, note: str | None) -> dict[str, Any] | None:
    """What the employee is told at each stage, with what comes next."""
    p, code = request.payload, request.tracking_code
    name = p.get("person_name", "")
    if action in med_t.MED_STAGES:
        what = med_t.MED_STAGES[action].format(
            file_number=fa(p.get("file_number", "")), approved=rials(p.get("approved") or 0)
        )
        return text_message(
            med_t.MED_NOTICE_STAGE.format(name=name, code=code, what=what, next=med_t.MED_NEXT[action])
        )
    if action == MedAction.RECORD_REVIEW:
        return text_message(
            med_t.MED_NOTICE_REVIEWED.format(
                name=name,
                code=code,
                lines=review_lines_text(p),
                claimed=rials(p["claimed"]),
                approved=rials(p.get("approved") or 0),
            )
        )
    if action == MedAction.PAY:
        return text_message(
            med_t.MED_NOTICE_PAID.format(name=name, code=code, paid=rials(p.get("paid") or 0))
        )
    return generic_notice(SPEC, request, action, note)


# --- configuration ----------------------------------------------------------------------------------------


async def load_policy(tx: Tx, data: Any, now: dt.datetime) -> int:
    """``[medical]``: the claim window, limits and each kind's papers and ceiling (checked, then kept)."""
    med.parse_policy(data)
    await save_policy(tx, data, now)
    return 1


async def current_policy(q: Any) -> ClaimPolicy:
    """The office's policy (the defaults until the office file sets one)."""
    config = await Medical(q).policy_config()
    return med.parse_policy(config) if config is not None else ClaimPolicy()


# --- the employee's claim ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """Someone a claim may be filed for: the employee or a dependant on file."""

    name: str
    national_id: str
    relation: str


@dataclass(frozen=True)
class DraftLine:
    """One expense line as the employee entered it, with its papers."""

    kind: ExpenseKind
    service_date: dt.date
    amount: int
    documents: Sequence[tuple[DocumentKind, NewAttachment]] = ()


def office_today(env: Env) -> dt.date:
    """Today in the office's zone."""
    return env.clock.now().astimezone(env.zone).date()


async def household(env: Env, employee: Employee) -> list[Person]:
    """The employee, then the dependants on file."""
    people = [Person(employee.full_name, employee.national_id, "self")]
    people += [
        Person(d.full_name, d.national_id, d.relation)
        for d in await Employees(env.db).dependants(employee.id)
    ]
    return people


async def used_of(q: Any, person: str, earlier: Sequence[tuple[ExpenseKind, dt.date, int]] = ()) -> med.Used:
    """Rials the person used per (kind, Jalali year): earlier claims, plus ``earlier`` lines of this one."""
    past = []
    for row in await Medical(q).past_lines(person):
        kind = med.kind_of(row.kind)
        if kind is not None:
            past.append(PastLine(kind, row.service_date, row.claimed, row.approved, row.status in LIVE))
    past += [PastLine(kind, day, amount) for kind, day, amount in earlier]
    return med.used_amounts(past)


async def check_line(
    env: Env,
    *,
    person: str,
    kind: ExpenseKind,
    day: dt.date,
    amount: int,
    earlier: Sequence[tuple[ExpenseKind, dt.date, int]] = (),
) -> OverCeiling | None:
    """Whether a line goes beyond the person's annual ceiling for its kind (None: it fits)."""
    policy = await current_policy(env.db)
    used = await used_of(env.db, person, earlier)
    return med.over_ceiling(kind, amount, used=used.get((kind, med.jalali_year(day)), 0), policy=policy)


async def remaining(
    env: Env,
    *,
    person: str,
    kind: ExpenseKind,
    day: dt.date,
    earlier: Sequence[tuple[ExpenseKind, dt.date, int]],
) -> int | None:
    """Rials still claimable for the kind in the service day's year (None: no ceiling)."""
    policy = await current_policy(env.db)
    used = await used_of(env.db, person, earlier)
    return med.remaining_allowance(kind, med.jalali_year(day), used=used, policy=policy)


async def seen_files(env: Env, employee_id: int, unique_ids: Sequence[str]) -> set[str]:
    """Which of these files the employee already attached to an earlier claim."""
    return await Medical(env.db).seen_files(employee_id, unique_ids)


async def submit_claim(
    env: Env,
    *,
    employee: Employee,
    user_id: int,
    person: Person,
    lines: Sequence[DraftLine],
    key: str,
) -> Submitted:
    """File the claim once per draft key; every rule is checked again inside its transaction.

    Raises :class:`ClaimRefused` with every problem (or the files sent before); the employee is told at once
    the tracking code and the person's claim file number.
    """
    idempotency_key = f"{SERVICE}:{key}"
    if (existing := await Requests(env.db).by_idempotency_key(idempotency_key)) is not None:
        return Submitted(existing, created=False)
    people = {p.national_id: p for p in await household(env, employee)}
    if person.national_id not in people:
        raise RequestNotFound(person.national_id)
    person = people[person.national_id]
    files = [(number, doc, a) for number, line in enumerate(lines, start=1) for doc, a in line.documents]
    uniques = [a.file_unique_id for _, _, a in files if a.file_unique_id]
    twice = sorted({u for u in uniques if uniques.count(u) > 1})
    if twice:
        raise ClaimRefused((), duplicates=twice)
    total = sum(line.amount for line in lines)
    payload: dict[str, Any] = {
        "person_name": person.name,
        "relation": person.relation,
        "lines": [
            {"no": n, "kind": line.kind.value, "date": line.service_date.isoformat(), "claimed": line.amount}
            for n, line in enumerate(lines, start=1)
        ],
        "claimed": total,
    }

    async def check_and_write(tx: Tx, request: Request) -> None:
        """The rules against the database as it is now; then the file number, lines and papers."""
        policy = await current_policy(tx)
        today = office_today(env)
        domain_lines = [
            Line(line.kind, line.service_date, line.amount, frozenset(d for d, _ in line.documents))
            for line in lines
        ]
        problems = med.claim_problems(
            domain_lines, today=today, policy=policy, used=await used_of(tx, person.national_id)
        )
        if problems:
            raise ClaimRefused(problems)
        seen = await Medical(tx).seen_files(employee.id, uniques, exclude=request.id)
        if seen:
            raise ClaimRefused((), duplicates=sorted(seen))
        year = med.file_year(today)
        sequence = med.file_sequence(person.national_id, await Medical(tx).file_sequences(year))
        now = env.clock.now()
        await open_file(
            tx, year=year, person=person.national_id, sequence=sequence, employee_id=employee.id, now=now
        )
        await insert_claim(
            tx,
            request_id=request.id,
            employee_id=employee.id,
            person=person.national_id,
            person_name=person.name,
            relation=person.relation,
            file_year=year,
            file_sequence=sequence,
            claimed=total,
        )
        for number, line in enumerate(lines, start=1):
            await insert_line(
                tx,
                request_id=request.id,
                line_no=number,
                kind=line.kind.value,
                service_date=line.service_date,
                claimed=line.amount,
            )
        stored = await Requests(tx).attachments(request.id)
        for (number, doc, _), attachment in zip(files, stored, strict=True):
            await insert_document(
                tx, attachment_id=attachment.id, request_id=request.id, line_no=number, document=doc.value
            )
        file_number = med.format_file_number(year, sequence)
        await update_payload(tx, request.id, {**payload, "file_number": file_number}, now)
        await outbox.enqueue(
            tx,
            chat_id=user_id,
            method="sendMessage",
            now=now,
            request_id=request.id,
            payload=text_message(
                med_t.MED_SUBMITTED.format(
                    name=person.name,
                    code=request.tracking_code,
                    file_number=fa(file_number),
                    total=rials(total),
                )
            ),
            dedupe_key=f"req:{request.id}:submitted",
        )

    return await submit_request(
        env,
        service=SERVICE,
        employee=employee,
        user_id=user_id,
        payload=payload,
        attachments=[a for _, _, a in files],
        idempotency_key=idempotency_key,
        in_tx=check_and_write,
        receipt=False,
    )


# --- the stages -------------------------------------------------------------------------------------------


async def on_transition(
    tx: Tx, env: Env, request: Request, transition: Transition, actor: int | None
) -> None:
    """Refuse a remittance before every line is reviewed with something approved; record the payment."""
    if transition.action == MedAction.REMIT:
        lines = await Medical(tx).lines(request.id)
        reviews = [_review_of(line) for line in lines if line.approved is not None]
        refusal = med.remit_refusal(len(lines), reviews)
        if refusal is not None:
            raise Refused(refusal_text(refusal))
    elif transition.action == MedAction.PAY:
        claim = await Medical(tx).claim(request.id)
        if claim is None or not claim.approved:
            raise Refused(refusal_text(med.Refusal.NOTHING_APPROVED))
        totals = med.record_payment(
            med.ClaimTotals(claim.claimed, claim.approved, claim.paid), claim.approved - claim.paid
        )
        await set_paid(tx, request.id, totals.paid)
        await update_payload(tx, request.id, {**request.payload, "paid": totals.paid}, env.clock.now())


def _review_of(line: LineRow) -> LineReview:
    reason = ReviewReason(line.reason) if line.reason else None
    return LineReview(line.line_no, line.claimed, line.approved or 0, reason)


async def is_clerk(env: Env, user_id: int) -> bool:
    """Whether the user holds the claims role (a clerk scoped to medical claims, or to every service)."""
    return holds(await Roles(env.db).grants(user_id), Role.CLERK, SERVICE)


async def is_finance(env: Env, user_id: int) -> bool:
    """Whether the user is finance."""
    return holds(await Roles(env.db).grants(user_id), Role.FINANCE)


async def _require(env: Env, actor: int, role: Role) -> None:
    grants = await Roles(env.db).grants(actor)
    if not holds(grants, role, SERVICE):
        raise NotPermitted(role)


# --- the review, line by line -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewCase:
    """A claim at the doctor, as the clerk recording its review sees it."""

    request: Request
    lines: list[LineRow]


async def review_case(env: Env, *, request_id: int, actor: int) -> ReviewCase:
    """The claim whose review the clerk is about to record (NotPermitted, IllegalTransition, NotFound)."""
    request = await Requests(env.db).get(request_id)
    if request is None or request.service != SERVICE:
        raise RequestNotFound(request_id)
    WORKFLOW.authorise(
        request.status, MedAction.RECORD_REVIEW, grants=await Roles(env.db).grants(actor), is_owner=False
    )
    return ReviewCase(request, await Medical(env.db).lines(request_id))


async def record_review(
    env: Env,
    *,
    request_id: int,
    actor: int,
    actor_name: str,
    reviews: Sequence[tuple[int, int, str | None]],
) -> Request:
    """The clerk's review: each line's approved amount and, where less than claimed, the reason."""
    await _require(env, actor, Role.CLERK)
    async with env.db.transaction() as tx:
        request = await Requests(tx).get(request_id)
        if request is None or request.service != SERVICE:
            raise RequestNotFound(request_id)
        lines = await Medical(tx).lines(request_id)
        claimed = {line.line_no: line.claimed for line in lines}
        typed = []
        for line_no, approved, reason in reviews:
            if line_no not in claimed:
                raise ValueError(f"no line {line_no}")
            typed.append(
                LineReview(line_no, claimed[line_no], approved, ReviewReason(reason) if reason else None)
            )
        moved = await _apply_review(tx, env, request, lines, typed, actor, actor_name)
    env.wake_outbox()
    return moved


async def _apply_review(
    tx: Tx,
    env: Env,
    request: Request,
    lines: Sequence[LineRow],
    reviews: Sequence[LineReview],
    actor: int,
    actor_name: str,
) -> Request:
    """Write the line reviews, show them on the claim, and move it to reviewed (checked by the workflow)."""
    if med.remit_refusal(len(lines), reviews) == med.Refusal.NOT_ALL_REVIEWED:
        raise ValueError("every line needs a review")
    rows = [(r.line_no, r.approved, r.reason.value if r.reason else None) for r in reviews]
    total = await set_review(tx, request.id, rows)
    by_line = {r.line_no: r for r in reviews}
    payload = dict(request.payload)
    payload["lines"] = [
        {**line, "approved": by_line[line["no"]].approved, "reason": _reason_value(by_line[line["no"]])}
        for line in payload["lines"]
    ]
    payload["approved"] = total
    await update_payload(tx, request.id, payload, env.clock.now())
    acted = await act_in_tx(
        tx, env, request_id=request.id, action=MedAction.RECORD_REVIEW, actor=actor, actor_name=actor_name
    )
    return acted.request


def _reason_value(review: LineReview) -> str | None:
    return review.reason.value if review.reason is not None else None


# --- the insurer's batch ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InsurerBatch:
    """A batch sent to the insurer's doctor."""

    id: int
    count: int
    zip_bytes: int


def _extension(mime: str | None, name: str | None, kind: str) -> str:
    if mime in _EXTENSIONS:
        return _EXTENSIONS[mime]
    if name and "." in name:
        return "." + name.rsplit(".", 1)[1].lower()
    return ".jpg" if kind == "photo" else ""


async def send_insurer_batch(env: Env, *, actor: int, actor_name: str, fetch: Fetch) -> InsurerBatch | None:
    """Send every opened file to the insurer's doctor as one batch: the ZIP of all documents (named by
    tracking code and line) and the XLSX summary go to the clerk's private chat; the claims move on.

    None when no file is open. Raises NotPermitted, FetchFailed or BatchChanged (nothing recorded).
    """
    await _require(env, actor, Role.CLERK)
    reqs = Requests(env.db)
    requests = await reqs.in_status(SERVICE, [MedStatus.FILE_OPENED])
    if not requests:
        return None
    files: list[BatchFile] = []
    rows: list[ClaimLineRow] = []
    for request in requests:
        claim = await Medical(env.db).claim(request.id)
        if claim is None:
            continue
        documents = await Medical(env.db).documents(request.id)
        counted: dict[int, int] = {}
        extra = 0
        for attachment in await reqs.attachments(request.id):
            ext = _extension(attachment.mime_type, attachment.file_name, attachment.kind)
            doc = documents.get(attachment.id)
            if doc is None:
                extra += 1
                name = f"{request.tracking_code}/extra-{extra}{ext}"
            else:
                counted[doc.line_no] = counted.get(doc.line_no, 0) + 1
                name = (
                    f"{request.tracking_code}/line-{doc.line_no}-{doc.document}-{counted[doc.line_no]}{ext}"
                )
            try:
                data = await fetch(attachment.file_id)
            except Exception as error:  # the messenger's errors are many; all mean "not now"
                _LOG.warning("document %s of %s could not be fetched: %s", attachment.id, request.id, error)
                raise FetchFailed(attachment.file_id) from error
            files.append(BatchFile(name, data))
        file_number = med.format_file_number(claim.file_year, claim.file_sequence)
        for line in await Medical(env.db).lines(request.id):
            rows.append(
                ClaimLineRow(
                    tracking_code=request.tracking_code,
                    line_no=line.line_no,
                    file_number=file_number,
                    person_name=claim.person_name,
                    national_id=claim.person,
                    relation=relation_label(claim.relation),
                    kind=kind_label(line.kind),
                    service_date=format_jalali_date(line.service_date),
                    claimed=line.claimed,
                    files=counted.get(line.line_no, 0),
                )
            )
    archive = render_batch_zip(files)
    summary = render_insurer_summary(rows)
    ids = [r.id for r in requests]
    now = env.clock.now()
    async with env.db.transaction() as tx:
        still = {r.id for r in await Requests(tx).in_status(SERVICE, [MedStatus.FILE_OPENED])}
        if not set(ids) <= still:
            raise BatchChanged(sorted(set(ids) - still))
        total = sum(int(r.payload.get("claimed", 0)) for r in requests)
        batch = await new_batch(tx, kind="insurer", actor=actor, claims=len(ids), total=total, now=now)
        await assign_batch(tx, "insurer", batch, ids)
        for request_id in ids:
            await act_in_tx(
                tx, env, request_id=request_id, action=MedAction.TO_DOCTOR, actor=actor, actor_name=actor_name
            )
        for document, filename, caption in (
            (archive, f"medical-batch-{batch}.zip", med_t.MED_BATCH_ZIP_CAPTION),
            (summary, f"medical-batch-{batch}.xlsx", med_t.MED_BATCH_XLSX_CAPTION),
        ):
            await outbox.enqueue(
                tx,
                chat_id=actor,
                method="sendDocument",
                now=now,
                document=document,
                payload={
                    "filename": filename,
                    "caption": caption.format(batch=fa(batch), count=fa(len(ids))),
                },
                dedupe_key=f"med:batch:{batch}:{filename}",
            )
    env.wake_outbox()
    return InsurerBatch(batch, len(ids), len(archive))


@dataclass(frozen=True)
class Decisions:
    """What importing the insurer's decision file did: the refused rows, or how many claims it reviewed."""

    bad: tuple[BadRow, ...]
    applied: int


async def import_decisions(env: Env, *, actor: int, actor_name: str, data: bytes) -> Decisions:
    """The insurer's decisions (tracking code, line, approved rials, reason per row) for claims at the
    doctor: all applied, or none (every bad row is listed). Raises NotPermitted, ValueError (not a
    workbook), BatchChanged or a WorkflowError (nothing applied)."""
    await _require(env, actor, Role.CLERK)
    rows = read_decision_rows(data)
    awaiting: dict[str, dict[int, int]] = {}
    for request in await Requests(env.db).in_status(SERVICE, [MedStatus.AT_DOCTOR]):
        awaiting[request.tracking_code] = {
            line.line_no: line.claimed for line in await Medical(env.db).lines(request.id)
        }
    parsed = med.parse_decision_file(rows, awaiting=awaiting, aliases=REASON_ALIASES)
    if not parsed.accepted:
        return Decisions(parsed.bad, 0)
    grouped = med.reviews_by_claim(parsed.rows, awaiting)
    async with env.db.transaction() as tx:
        for code, reviews in grouped.items():
            found = await Requests(tx).by_code(code)
            if found is None or found.status != MedStatus.AT_DOCTOR:
                raise BatchChanged([code])
            await _apply_review(tx, env, found, await Medical(tx).lines(found.id), reviews, actor, actor_name)
    env.wake_outbox()
    return Decisions((), len(grouped))


# --- accounting -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentBatch:
    """A batch of claims ready for payment, sent to finance as an XLSX."""

    id: int
    count: int
    total: int


def _payee(line: PaymentLine) -> PayeeRow:
    number = int(line.personnel_no) if line.personnel_no.isdigit() else 0
    return PayeeRow(
        personnel_no=number,
        full_name=line.full_name,
        sheba=line.sheba,
        approved=line.approved,
        tracking_code=line.tracking_code,
    )


async def open_payment_batch(env: Env, *, actor: int) -> PaymentBatch | None:
    """The claims at accounting no batch holds yet, as one payment batch; its XLSX goes to finance's private
    chat. None when there is nothing to pay. Raises NotPermitted or BatchChanged."""
    await _require(env, actor, Role.FINANCE)
    ids = await Medical(env.db).unbatched_for_payment(MedStatus.AT_ACCOUNTING)
    if not ids:
        return None
    payees = await Medical(env.db).payees(ids)
    sheet = render_payment_list([_payee(p) for p in payees])
    total = sum(p.approved for p in payees)
    now = env.clock.now()
    async with env.db.transaction() as tx:
        if await Medical(tx).unbatched_for_payment(MedStatus.AT_ACCOUNTING) != ids:
            raise BatchChanged(ids)
        batch = await new_batch(tx, kind="payment", actor=actor, claims=len(ids), total=total, now=now)
        await assign_batch(tx, "payment", batch, ids)
        await outbox.enqueue(
            tx,
            chat_id=actor,
            method="sendDocument",
            now=now,
            document=sheet,
            payload={
                "filename": f"medical-payments-{batch}.xlsx",
                "caption": med_t.MED_PAY_CAPTION.format(
                    batch=fa(batch), count=fa(len(ids)), total=rials(total)
                ),
            },
            dedupe_key=f"med:payments:{batch}",
        )
    env.wake_outbox()
    return PaymentBatch(batch, len(ids), total)


async def pay_batch(env: Env, *, batch_id: int, actor: int, actor_name: str) -> PaymentBatch:
    """Finance paid the whole batch: every claim of it still at accounting is paid and its owner told the
    amount, in one transaction (one refusal undoes all). Raises NotPermitted, NotPaid or a WorkflowError."""
    await _require(env, actor, Role.FINANCE)
    async with env.db.transaction() as tx:
        batch = await Medical(tx).batch(batch_id)
        if (
            batch is None
            or batch.kind != "payment"
            or not await mark_batch_paid(tx, batch_id, actor, env.clock.now())
        ):
            raise NotPaid(batch_id)
        count = total = 0
        for line in await Medical(tx).payees(await Medical(tx).batch_claims("payment", batch_id)):
            if line.status != MedStatus.AT_ACCOUNTING:
                continue
            await act_in_tx(
                tx, env, request_id=line.request_id, action=MedAction.PAY, actor=actor, actor_name=actor_name
            )
            count += 1
            total += line.approved
    env.wake_outbox()
    return PaymentBatch(batch_id, count, total)


SPEC = ServiceSpec(
    key=SERVICE,
    title=med_t.MED_TITLE,
    workflow=WORKFLOW,
    describe=describe,
    status_labels=med_t.MED_STATUS_LABELS,
    action_labels=med_t.MED_ACTION_LABELS,
    on_transition=on_transition,
    owner_notice=owner_notice,
    config={"medical": load_policy},
    document_roles=frozenset({Role.CLERK}),
)
