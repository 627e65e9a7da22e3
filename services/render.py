"""Text the services put in messages: cards, statuses, Jalali times, rials; all words from the catalog."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from domain.buttons import CARD_DOCUMENTS, card_action
from domain.jalali import format_jalali_datetime
from domain.text import fa as fa  # re-exported: handlers format numbers through this module
from domain.text import fa_amount
from services.kit import ServiceSpec
from services.messages import inline_keyboard
from storage.models import Employee, Request
from texts import common as t


def rials(amount: int) -> str:
    """An amount in rials with thousands separators and Persian digits."""
    return t.MONEY_RIALS.format(amount=fa_amount(amount))


def jalali_time(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    """An aware moment as Jalali date and time in the office's zone, Persian digits."""
    return fa(format_jalali_datetime(moment, zone))


def invalid_text(code: str | None) -> str:
    """The one message for a validator's refusal code."""
    return t.INVALID_INPUT.get(code or "", t.INVALID_GENERIC)


def status_label(status: str, spec: ServiceSpec | None = None) -> str:
    """The Persian name of a status (of ``spec``'s service when given)."""
    return spec.status_label(status) if spec else t.STATUS_LABELS.get(status, status)


def action_label(action: str, spec: ServiceSpec | None = None) -> str:
    """The Persian label of an action button (of ``spec``'s service when given)."""
    return spec.action_label(action) if spec else t.ACTION_LABELS.get(action, action)


def card_text(
    spec: ServiceSpec,
    request: Request,
    employee: Employee,
    attachments: int,
    zone: zoneinfo.ZoneInfo,
    *,
    actor_name: str | None = None,
    note: str | None = None,
) -> str:
    """The clerks' card: who asked for what, the details, the status and the last action."""
    lines = [
        t.CARD_HEADER.format(title=spec.title, code=request.tracking_code),
        t.CARD_APPLICANT.format(
            name=employee.full_name,
            personnel_no=fa(employee.personnel_no),
            status=t.EMPLOYEE_STATUS_LABELS.get(employee.status, employee.status),
        ),
        t.CARD_SUBMITTED_AT.format(at=jalali_time(request.created_at, zone)),
        *spec.describe(request.payload),
    ]
    if attachments:
        lines.append(t.CARD_ATTACHMENTS.format(count=fa(attachments)))
    lines.append(t.CARD_STATUS.format(status=status_label(request.status, spec)))
    if actor_name:
        lines.append(t.CARD_LAST_ACTION.format(name=actor_name, at=jalali_time(request.updated_at, zone)))
    if note:
        lines.append(t.CARD_NOTE.format(note=note))
    return "\n".join(lines)


def card_keyboard(spec: ServiceSpec, request: Request, *, has_documents: bool) -> dict[str, Any] | None:
    """Buttons for the staff actions allowed at the request's status, and its documents (None: no button)."""
    buttons = [
        (action_label(tr.action, spec), card_action(tr.action, tr.handled_by).data(request.id))
        for tr in spec.workflow.staff_actions(request.status)
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    if has_documents:
        rows.append([(t.BTN_DOCUMENTS, CARD_DOCUMENTS.data(request.id))])
    # an empty keyboard serialises to {}, which Telegram refuses; an edit without one removes the buttons
    return inline_keyboard(rows) if rows else None
