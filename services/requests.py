"""The request lifecycle shared by every service: submit, act, ask and answer, cancel, follow.

Each use case changes the request, writes its audit row and queues the messages it owes (to the owner and to
the clerks' card) in one transaction, then wakes the outbox.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from domain.buttons import ANSWER_INFO
from domain.family import conflicted, named_people
from domain.tracking import new_tracking_code
from domain.workflow import (
    RESUME,
    Action,
    Grant,
    NotPermitted,
    OwnCase,
    Role,
    SameActor,
    Status,
    Transition,
    WorkflowError,
    holds,
)
from services.kit import Env, ServiceSpec
from services.messages import inline_keyboard, text_message
from services.render import card_keyboard, card_text, fa, jalali_time, status_label
from storage import outbox
from storage.base import Reader
from storage.db import Tx
from storage.employees import Employees
from storage.family import households
from storage.models import Attachment, Employee, Request, RequestEvent
from storage.office import Substitutes
from storage.requests import (
    Requests,
    add_attachment,
    add_event,
    insert_request,
    set_status,
)
from storage.roles import Roles
from texts import common as t
from texts import substitutes as sub_t

MAX_REASON = 500


class RequestNotFound(LookupError):
    """No such request, or not one this person may see."""


@dataclass(frozen=True)
class NewAttachment:
    """A file the user sent, as Telegram describes it."""

    kind: str
    file_id: str
    file_unique_id: str | None = None
    file_name: str | None = None
    mime_type: str | None = None
    file_size: int | None = None


@dataclass(frozen=True)
class Submitted:
    """The request a submission created (or had already created)."""

    request: Request
    created: bool


@dataclass(frozen=True)
class Acted:
    """A request after an action."""

    request: Request
    transition: Transition


async def submit_request(
    env: Env,
    *,
    service: str,
    employee: Employee,
    user_id: int,
    payload: dict[str, Any],
    attachments: Sequence[NewAttachment] = (),
    idempotency_key: str,
    in_tx: Callable[[Tx, Request], Awaitable[None]] | None = None,
    by_system: bool = False,
    receipt: bool = True,
) -> Submitted:
    """Create a request once per ``idempotency_key``; queue the receipt and the clerks' card.

    ``in_tx`` runs inside the submission's transaction once the request is written (a service checks its
    rules against the database and adds its own rows there); whatever it raises undoes the submission.
    ``by_system``: the bot files it for the owner (a registry run, a campaign), audited as the system, not
    the owner; give a natural key (``benefit:<record id>``) so running the same input twice files nothing
    new. ``receipt=False`` leaves telling the owner to the service.
    """
    spec = env.services.get(service)
    now = env.clock.now()
    async with env.db.transaction() as tx:
        inserted = await _insert_with_fresh_code(
            tx, service, employee, user_id, spec.workflow.initial, payload, idempotency_key, env
        )
        if inserted is None:  # submitted before (a second press, a redelivered update, a second run)
            again = await Requests(tx).by_idempotency_key(idempotency_key)
            assert again is not None
            return Submitted(again, created=False)
        request, request_id = inserted, inserted.id
        await add_event(
            tx,
            request_id,
            actor=None if by_system else user_id,
            actor_name=None if by_system else employee.full_name,
            actor_role="system" if by_system else "owner",
            action="submit",
            from_status=None,
            to_status=spec.workflow.initial,
            note=None,
            now=now,
        )
        for a in attachments:
            await _attach(tx, request_id, a, user_id, env)
        if in_tx is not None:
            await in_tx(tx, request)
            request = await _must_get(tx, request_id)
        if receipt:
            await outbox.enqueue(
                tx,
                chat_id=user_id,
                method="sendMessage",
                now=now,
                request_id=request_id,
                payload=text_message(
                    t.REQUEST_SUBMITTED.format(title=spec.title, code=request.tracking_code)
                ),
                dedupe_key=f"req:{request_id}:submitted",
            )
        await _queue_card(tx, env, request, employee, new=True, attachments=len(attachments))
    env.wake_outbox()
    return Submitted(request, created=True)


async def act_on_request(
    env: Env, *, request_id: int, action: str, actor: int, actor_name: str, reason: str | None = None
) -> Acted:
    """A clerk (or the owner) moves a request; role, status and reason are checked here.

    Raises :class:`RequestNotFound` or a :class:`domain.workflow.WorkflowError`.
    """
    async with env.db.transaction() as tx:
        acted = await act_in_tx(
            tx, env, request_id=request_id, action=action, actor=actor, actor_name=actor_name, reason=reason
        )
    env.wake_outbox()
    return acted


async def act_in_tx(
    tx: Tx,
    env: Env,
    *,
    request_id: int,
    action: str,
    actor: int | None,
    actor_name: str | None,
    reason: str | None = None,
) -> Acted:
    """:func:`act_on_request` inside the caller's transaction (a service that writes more in the same change).

    ``actor`` None is the bot itself: only a system transition (a timer's) may be taken that way, and only
    that way. The caller wakes the outbox after its transaction commits.
    """
    reason = reason.strip()[:MAX_REASON] if reason else None
    request = await _must_get(tx, request_id)
    spec = env.services.get(request.service)
    transition = spec.workflow.find(request.status, action)
    on_behalf_of = None
    if actor is None or transition.by_system:
        if actor is not None or not transition.by_system:
            raise NotPermitted(action)
    else:
        on_behalf_of = await _authorise(
            tx, env, request, transition, actor=actor, is_owner=actor == request.user_id, reason=reason
        )
        if not transition.by_owner:  # nobody acts as staff on their own or their family's case
            await refuse_own_case(tx, request, actor)
            if on_behalf_of is not None:
                await refuse_own_case(tx, request, on_behalf_of)
        if on_behalf_of is not None:
            actor_name = await _on_behalf_name(tx, actor_name, on_behalf_of)
    moved = await _move(tx, env, request, transition, actor, actor_name, reason, on_behalf_of)
    return Acted(moved, transition)


async def _authorise(
    q: Reader,
    env: Env,
    request: Request,
    transition: Transition,
    *,
    actor: int,
    is_owner: bool,
    reason: str | None,
) -> int | None:
    """Check ``actor`` in their own right, else as the substitute of someone away today.

    Returns whom they act for (None: themselves). Separation of duties holds through a substitution: the
    earlier action's actor, or whoever it was taken on behalf of, may not take this one, in person or by a
    substitute.
    """
    workflow = env.services.get(request.service).workflow
    earlier: tuple[int | None, int | None] = (None, None)
    if transition.not_by_actor_of:
        earlier = await Requests(q).last_actor_and_principal_of(request.id, transition.not_by_actor_of)
    # an earlier action taken for someone counts as theirs too (the workflow itself compares the actor)
    first = earlier[0] if earlier[0] is not None else earlier[1]

    def check(grants: set[Grant], principal: int | None) -> None:
        workflow.authorise(
            request.status,
            transition.action,
            grants=grants,
            is_owner=is_owner,
            reason=reason,
            earlier_actor=first,
            actor=actor,
        )
        if transition.not_by_actor_of and not {actor, principal}.isdisjoint({*earlier} - {None}):
            raise SameActor(transition.action)

    try:
        check(await Roles(q).grants(actor), None)
        return None
    except NotPermitted:
        if transition.by_owner:
            raise
        today = env.clock.now().astimezone(env.zone).date()
        for principal in await Substitutes(q).acting_for(actor, today):
            if principal == request.user_id:
                continue  # nobody acts as staff on their own request, not even through a substitute
            try:
                check(await Roles(q).grants(principal), principal)
            except NotPermitted:
                continue
            return principal
        raise


async def _on_behalf_name(q: Reader, actor_name: str | None, principal: int) -> str:
    """The actor's name as the card shows it: "<actor> on behalf of <principal>"."""
    employee = await Employees(q).linked_to(principal)
    return sub_t.SUB_ON_BEHALF.format(
        name=actor_name or "", principal=employee.full_name if employee else fa(principal)
    )


async def current_status(env: Env, request_id: int) -> str:
    """The request's status now ("" if there is no such request)."""
    request = await Requests(env.db).get(request_id)
    return request.status if request else ""


async def check_action(env: Env, *, request_id: int, action: str, actor: int) -> tuple[Request, Transition]:
    """Whether ``actor`` may take ``action`` now, checked before asking them for a reason.

    Raises :class:`RequestNotFound` or a :class:`domain.workflow.WorkflowError` (the reason itself is not
    checked: it is asked for next).
    """
    request = await Requests(env.db).get(request_id)
    if request is None:
        raise RequestNotFound(request_id)
    transition = env.services.get(request.service).workflow.find(request.status, action)
    if transition.by_system:
        raise NotPermitted(action)
    principal = await _authorise(
        env.db, env, request, transition, actor=actor, is_owner=False, reason="(asked next)"
    )
    await refuse_own_case(env.db, request, actor)
    if principal is not None:
        await refuse_own_case(env.db, request, principal)
    return request, transition


async def refuse_own_case(q: Reader, request: Request, actor: int) -> None:
    """Raise :class:`OwnCase` if ``actor`` owns the request or is family of its owner or of a person it names.

    Every staff move passes here (``act_in_tx``, ``check_action``, documents for staff), whatever the service
    and on top of its workflow's separation of duties; ``domain.family`` says what family is.
    """
    if actor == request.user_id:
        raise OwnCase(request.id)
    mine, owner = await households(q, actor=actor, owner_employee_id=request.employee_id)
    if conflicted(mine, owner, named_people(request.payload)):
        raise OwnCase(request.id)


async def answer_info(
    env: Env, *, request_id: int, user_id: int, text: str | None, attachments: Sequence[NewAttachment]
) -> Acted:
    """The owner answers a request for more information; the case returns to the clerk."""
    note = text.strip()[:MAX_REASON] if text else None
    async with env.db.transaction() as tx:
        request = await _must_get(tx, request_id)
        if request.user_id != user_id:
            raise RequestNotFound(request_id)
        spec = env.services.get(request.service)
        transition = spec.workflow.authorise(request.status, Action.ANSWER_INFO, grants=(), is_owner=True)
        employee = await Employees(tx).get(request.employee_id)
        for a in attachments:
            await _attach(tx, request_id, a, user_id, env)
        moved = await _move(
            tx, env, request, transition, user_id, employee.full_name if employee else None, note
        )
        await outbox.enqueue(
            tx,
            chat_id=user_id,
            method="sendMessage",
            now=env.clock.now(),
            request_id=request_id,
            payload=text_message(t.REQUEST_ANSWER_SENT.format(code=request.tracking_code)),
        )
        if env.admin_chat_id is not None:  # a new message the clerks cannot miss, as a reply to the card
            notice = t.CARD_ANSWERED.format(
                name=employee.full_name if employee else "",
                code=request.tracking_code,
                files=fa(len(attachments)),
            )
            await outbox.enqueue(
                tx,
                chat_id=env.admin_chat_id,
                method="sendMessage",
                now=env.clock.now(),
                request_id=request_id,
                purpose="card_reply",
                payload=text_message(notice),
            )
    env.wake_outbox()
    return Acted(moved, transition)


async def _move(
    tx: Tx,
    env: Env,
    request: Request,
    transition: Transition,
    actor: int | None,
    actor_name: str | None,
    note: str | None,
    on_behalf_of: int | None = None,
) -> Request:
    """Apply an authorised transition: status, audit row, hook, owner notice and card edit."""
    now = env.clock.now()
    spec = env.services.get(request.service)
    target = (request.resume_status or Status.SUBMITTED) if transition.target == RESUME else transition.target
    resume = request.status if transition.action == Action.ASK_INFO else None
    if not await set_status(tx, request.id, request.status, target, now, resume_status=resume):
        raise WorkflowError("moved by someone else")  # the lock makes this unreachable; kept as a guard
    role = "owner" if transition.by_owner else str(transition.role)
    await add_event(
        tx,
        request.id,
        actor=actor,
        actor_name=actor_name,
        actor_role=role,
        action=transition.action,
        from_status=request.status,
        to_status=target,
        note=note,
        now=now,
        on_behalf_of=on_behalf_of,
    )
    if spec.on_transition is not None:
        await spec.on_transition(tx, env, request, transition, actor)
    moved = await _must_get(tx, request.id)
    notice = (
        spec.owner_notice(moved, transition.action, note)
        if spec.owner_notice is not None
        else owner_notice(spec, moved, transition.action, note)
    )
    if notice is not None and not transition.by_owner:
        await outbox.enqueue(
            tx, chat_id=moved.user_id, method="sendMessage", now=now, request_id=moved.id, payload=notice
        )
    employee = await Employees(tx).get(moved.employee_id)
    if employee is not None:
        await _queue_card(tx, env, moved, employee, new=False, note=note, actor_name=actor_name)
    return moved


def owner_notice(spec: ServiceSpec, request: Request, action: str, note: str | None) -> dict[str, Any] | None:
    """What the owner is told when staff move their request (None: nothing to tell)."""
    code, title = request.tracking_code, spec.title
    if action == Action.ASK_INFO:
        return text_message(
            t.REQUEST_NEEDS_INFO.format(title=title, code=code, reason=note or ""),
            inline_keyboard([[(t.BTN_ANSWER_INFO, ANSWER_INFO.data(request.id))]]),
        )
    if action == Action.REJECT:
        return text_message(t.REQUEST_REJECTED.format(title=title, code=code, reason=note or ""))
    if action == Action.APPROVE:
        return text_message(t.REQUEST_APPROVED.format(title=title, code=code))
    return text_message(
        t.REQUEST_STATUS_CHANGED.format(title=title, code=code, status=status_label(request.status, spec))
    )


async def _queue_card(
    tx: Tx,
    env: Env,
    request: Request,
    employee: Employee,
    *,
    new: bool,
    note: str | None = None,
    actor_name: str | None = None,
    attachments: int | None = None,
) -> None:
    """Post the request's card to the clerks' group, or edit it in place (``attachments``: the count)."""
    if env.admin_chat_id is None:
        return
    spec = env.services.get(request.service)
    if attachments is None:
        attachments = len(await Requests(tx).attachments(request.id))
    text = card_text(spec, request, employee, attachments, env.zone, actor_name=actor_name, note=note)
    payload = text_message(text, card_keyboard(spec, request, has_documents=bool(attachments)))
    if new:
        await outbox.enqueue(
            tx,
            chat_id=env.admin_chat_id,
            method="sendMessage",
            payload=payload,
            now=env.clock.now(),
            request_id=request.id,
            purpose="card",
            dedupe_key=f"req:{request.id}:card",
        )
    else:
        await outbox.enqueue(
            tx,
            chat_id=env.admin_chat_id,
            method="editMessageText",
            payload=payload,
            now=env.clock.now(),
            request_id=request.id,
            purpose="card_edit",
        )


async def refresh_card(tx: Tx, env: Env, request_id: int) -> None:
    """Edit the request's card after its service changed what the card shows (a place in a queue)."""
    request = await _must_get(tx, request_id)
    employee = await Employees(tx).get(request.employee_id)
    if employee is not None:
        await _queue_card(tx, env, request, employee, new=False)


async def _insert_with_fresh_code(
    tx: Tx,
    service: str,
    employee: Employee,
    user_id: int,
    status: str,
    payload: dict[str, Any],
    key: str,
    env: Env,
) -> Request | None:
    """Insert the request under a tracking code no other request has (None: the key was used before)."""
    for _ in range(10):
        try:
            return await insert_request(
                tx,
                tracking_code=new_tracking_code(),
                service=service,
                employee_id=employee.id,
                user_id=user_id,
                status=status,
                payload=payload,
                idempotency_key=key,
                now=env.clock.now(),
            )
        except sqlite3.IntegrityError as exc:
            if "tracking_code" not in str(exc):
                raise
    raise RuntimeError("could not draw a free tracking code")


async def _attach(tx: Tx, request_id: int, a: NewAttachment, user_id: int, env: Env) -> None:
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


async def _must_get(tx: Tx, request_id: int) -> Request:
    request = await Requests(tx).get(request_id)
    if request is None:
        raise RequestNotFound(request_id)
    return request


# --- following a request ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestView:
    """A request as its owner sees it: the case, its history and its attachments."""

    request: Request
    events: list[RequestEvent]
    attachments: list[Attachment]


async def my_requests(env: Env, employee_id: int, limit: int = 10) -> list[Request]:
    """The employee's latest requests."""
    return await Requests(env.db).of_employee(employee_id, limit)


async def view_request(env: Env, *, request_id: int, user_id: int) -> RequestView:
    """The owner's view of one request; a stranger gets :class:`RequestNotFound`."""
    reqs = Requests(env.db)
    request = await reqs.get(request_id)
    if request is None or request.user_id != user_id:
        raise RequestNotFound(request_id)
    events = [e for e in await reqs.events(request_id) if e.from_status != e.to_status]
    return RequestView(request, events, await reqs.attachments(request_id))


async def request_id_by_code(env: Env, *, tracking_code: str, user_id: int) -> int:
    """The id of the owner's request with this tracking code; a stranger's code is not found."""
    request = await Requests(env.db).by_code(tracking_code)
    if request is None or request.user_id != user_id:
        raise RequestNotFound(tracking_code)
    return request.id


async def send_documents_to_staff(env: Env, *, request_id: int, actor: int) -> int:
    """Send a request's documents to a clerk's private chat; only staff whose role covers the service.

    Raises :class:`PermissionError` (no such role) or :class:`OwnCase` (their own or their family's case).

    Medical and identity documents are personal data: they never go to the group, only to someone who
    may act on the request, and every such access is written to the audit trail.
    """
    async with env.db.transaction() as tx:
        request = await _must_get(tx, request_id)
        spec = env.services.get(request.service)
        grants = await Roles(tx).grants(actor)
        for principal in await Substitutes(tx).acting_for(actor, env.clock.now().astimezone(env.zone).date()):
            grants |= await Roles(tx).grants(principal)  # a substitute sees what the absent staff may see
        if not may_review(grants, spec.workflow.transitions, spec.workflow.service, spec.document_roles):
            raise PermissionError(actor)
        await refuse_own_case(tx, request, actor)
        attachments = [a for a in await Requests(tx).attachments(request_id) if a.file_id]  # not purged
        await add_event(
            tx,
            request_id,
            actor=actor,
            actor_role="staff",
            action="view_documents",
            from_status=request.status,
            to_status=request.status,
            note=None,
            now=env.clock.now(),
        )
        now = env.clock.now()
        for number, a in enumerate(attachments, start=1):
            caption = t.DOCUMENT_CAPTION.format(
                code=request.tracking_code, number=number, total=len(attachments)
            )
            method = "sendPhoto" if a.kind == "photo" else "sendDocument"
            await outbox.enqueue(
                tx,
                chat_id=actor,
                method=method,
                now=now,
                request_id=request_id,
                payload={"file_id": a.file_id, "caption": caption},
            )
    env.wake_outbox()
    return len(attachments)


def may_review(
    grants: set[Grant], transitions: tuple[Transition, ...], service: str, only: frozenset[str] = frozenset()
) -> bool:
    """Whether the grants cover any staff role of the service's workflow (of ``only``, when given)."""
    roles = {Role(tr.role) for tr in transitions if not tr.by_owner and not tr.by_system}
    roles = {r for r in roles if r in only} if only else roles
    return any(holds(grants, role, service) for role in roles)


def history_line(event: RequestEvent, zone: Any, spec: ServiceSpec | None = None) -> str:
    """One line of a request's history for its owner."""
    return t.REQUEST_HISTORY_LINE.format(
        at=jalali_time(event.at, zone), status=status_label(event.to_status, spec), note=event.note or ""
    ).rstrip(" :")
