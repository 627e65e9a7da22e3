"""The loan service in Persian: pure functions from its data to texts and keyboards, all words from
:mod:`texts.loans`.

No database, no transaction, no outbox here: the use cases (:mod:`services.loans`) and the conversation
(:mod:`conversations.loan`) call these and send what they return.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from domain.jalali import format_jalali_date
from domain.loans import Schedule
from domain.workflow import Action
from services.loans_model import (
    DISBURSE,
    FUND,
    FUNDED,
    PAID,
    QUEUED,
    RECORD,
    REVIEWED,
    SETTLE,
    DeductionSheet,
    Month,
    Standing,
    key_month,
    month_key,
)
from services.messages import Button, text_message
from services.render import fa, jalali_time, rials
from storage.loans import DeductionLine, LoanProduct
from storage.models import Employee, Request
from texts import common as t
from texts import loans as loan_t
from texts import paperwork as paper_t

TITLE = loan_t.LOAN_TITLE
STATUS_LABELS = loan_t.LOAN_STATUS_LABELS
ACTION_LABELS = loan_t.LOAN_ACTION_LABELS
#: The documents a product may ask for (the office file names them by these keys).
DOCUMENT_KINDS = frozenset(loan_t.LOAN_DOCUMENT_LABELS)
#: How the bank letter is named where documents are checked.
BANK_LETTER_LABEL = paper_t.PAPER_KIND_BANK_LETTER
#: The head's approval refused: the employee's Sheba was cleared since the application was filed.
NO_SHEBA_APPROVAL = loan_t.LOAN_NO_SHEBA_APPROVAL
#: Preview lists every instalment up to this many; longer schedules are shown as runs of equal amounts.
PREVIEW_EACH_UP_TO = 36
#: The actions whose notice to the owner is the loan's own (:func:`owner_notice`); others are generic.
NOTICE_ACTIONS = frozenset({Action.APPROVE, FUND, DISBURSE, SETTLE})


def month_label(month: Month) -> str:
    """A Jalali month as people read it (month name and year)."""
    return loan_t.LOAN_MONTH.format(month=t.JALALI_MONTHS[month[1] - 1], year=fa(month[0]))


def status_label(status: str) -> str:
    """The Persian name of a loan request's status."""
    return STATUS_LABELS.get(status) or t.STATUS_LABELS.get(status, status)


def fee_label(fee_model: str, fee_value: int) -> str:
    """How a product's fee reads."""
    template = loan_t.LOAN_FEE_LABELS[fee_model]
    percent = Decimal(fee_value) / 100
    return template.format(percent=fa(f"{percent.normalize():f}"), amount=rials(fee_value))


def reasons_text(standing: Standing) -> str:
    """Every unmet condition, one line each, with the date from which it lifts where there is one."""
    lines = []
    for reason in standing.eligibility.reasons:
        lines.append(
            loan_t.LOAN_REASONS[reason.code].format(
                amount=rials(reason.amount or 0),
                months=fa(standing.min_months),
                date=fa(format_jalali_date(reason.eligible_from)) if reason.eligible_from else "",
            )
        )
    return loan_t.LOAN_INELIGIBLE.format(reasons="\n".join(lines))


def status_text(standing: Standing) -> str:
    """The employee's open loans: status, place in the queue, repayment and the next instalment."""
    lines = [loan_t.LOAN_STATUS_TITLE]
    for view in standing.loans:
        p = view.request.payload
        lines.append(
            loan_t.LOAN_STATUS_ENTRY.format(
                name=p.get("product_name", ""),
                code=view.request.tracking_code,
                amount=rials(int(p["amount"])),
                status=status_label(view.request.status),
            )
        )
        if view.place is not None:
            lines.append(loan_t.LOAN_STATUS_QUEUE.format(place=fa(view.place)))
        if view.request.status == FUNDED:
            lines.append(loan_t.LOAN_STATUS_FUNDED)
        if view.outstanding is not None:
            lines.append(
                loan_t.LOAN_STATUS_PROGRESS.format(
                    paid=fa(view.paid), instalments=fa(p["instalments"]), outstanding=rials(view.outstanding)
                )
            )
        if view.next is not None:
            lines.append(
                loan_t.LOAN_STATUS_NEXT.format(
                    month=month_label((view.next.jalali_year, view.next.jalali_month)),
                    amount=rials(view.next.amount),
                )
            )
    lines.append(loan_t.LOAN_STATUS_NO_NEW)
    return "\n".join(lines)


def product_label(item: LoanProduct) -> str:
    """A product's button."""
    return loan_t.LOAN_PRODUCT_BUTTON.format(name=item.name, max=rials(item.max_amount))


def amount_prompt(item: LoanProduct) -> str:
    """Ask for the amount, with the product's terms."""
    return loan_t.LOAN_ASK_AMOUNT.format(
        name=item.name,
        instalments=fa(item.instalments),
        fee=fee_label(item.fee_model, item.fee_value),
        min=rials(item.min_amount),
        max=rials(item.max_amount),
    )


def amount_range(item: LoanProduct) -> str:
    """The bounds an amount must keep."""
    return loan_t.LOAN_AMOUNT_RANGE.format(min=rials(item.min_amount), max=rials(item.max_amount))


def preview_text(item: LoanProduct, schedule: Schedule) -> str:
    """The schedule before any document is asked for: each instalment's month and amount, fee, total."""
    return loan_t.LOAN_PREVIEW.format(
        name=item.name,
        amount=rials(schedule.principal),
        fee=rials(schedule.fee),
        total=rials(schedule.total),
        instalments=fa(len(schedule.items)),
        lines="\n".join(schedule_lines(schedule)),
    )


def schedule_lines(schedule: Schedule) -> list[str]:
    """One line per instalment; long schedules as runs of equal amounts."""
    items = schedule.items
    if len(items) <= PREVIEW_EACH_UP_TO:
        return [
            loan_t.LOAN_PREVIEW_LINE.format(
                number=fa(i.number),
                month=month_label((i.jalali_year, i.jalali_month)),
                amount=rials(i.amount),
            )
            for i in items
        ]
    lines: list[str] = []
    start = 0
    while start < len(items):
        end = start
        while end + 1 < len(items) and items[end + 1].amount == items[start].amount:
            end += 1
        first, last = items[start], items[end]
        if first is last:
            lines.append(
                loan_t.LOAN_PREVIEW_LINE.format(
                    number=fa(first.number),
                    month=month_label((first.jalali_year, first.jalali_month)),
                    amount=rials(first.amount),
                )
            )
        else:
            lines.append(
                loan_t.LOAN_PREVIEW_RUN.format(
                    first=fa(first.number),
                    last=fa(last.number),
                    first_month=month_label((first.jalali_year, first.jalali_month)),
                    last_month=month_label((last.jalali_year, last.jalali_month)),
                    amount=rials(first.amount),
                )
            )
        start = end + 1
    return lines


def document_prompt(item: LoanProduct, index: int) -> str:
    """Ask for the product's ``index``-th required document."""
    return loan_t.LOAN_ASK_DOCUMENT.format(
        number=fa(index + 1),
        count=fa(len(item.documents)),
        label=loan_t.LOAN_DOCUMENT_LABELS[item.documents[index]],
    )


def document_received(kind: str) -> str:
    """Acknowledge one document."""
    return loan_t.LOAN_DOCUMENT_RECEIVED.format(label=loan_t.LOAN_DOCUMENT_LABELS[kind])


def review_text(item: LoanProduct, schedule: Schedule) -> str:
    """Everything before the application is filed."""
    return loan_t.LOAN_REVIEW.format(
        name=item.name,
        amount=rials(schedule.principal),
        fee=rials(schedule.fee),
        total=rials(schedule.total),
        instalments=fa(len(schedule.items)),
        documents=_documents(item.documents),
    )


def sheet_caption(sheet: DeductionSheet, zone: zoneinfo.ZoneInfo) -> str:
    """The caption of a month's XLSX."""
    if sheet.recorded_at is not None:
        return loan_t.LOAN_DEDUCTIONS_RECORDED_CAPTION.format(
            month=month_label(sheet.month),
            count=fa(len(sheet.lines)),
            total=rials(sheet.total),
            at=jalali_time(sheet.recorded_at, zone),
        )
    return loan_t.LOAN_DEDUCTIONS_CAPTION.format(
        month=month_label(sheet.month), count=fa(len(sheet.lines)), total=rials(sheet.total)
    )


def record_button(month: Month) -> list[list[Button]]:
    """The button under a month's list that records it."""
    return [[(loan_t.LOAN_BTN_RECORD, RECORD.data(month_key(month)))]]


def deducted_notice(line: DeductionLine, month: Month, outstanding: int) -> str:
    """The owner's message when payroll recorded one instalment (the loan not yet settled)."""
    return loan_t.LOAN_NOTICE_DEDUCTED.format(
        number=fa(line.number),
        instalments=fa(line.instalments),
        code=line.tracking_code,
        amount=rials(line.amount),
        month=month_label(month),
        outstanding=rials(outstanding),
    )


def letter_caption(request: Request, employee: Employee, principal: int) -> str:
    """The caption of the bank letter finance receives."""
    return loan_t.LOAN_LETTER_CAPTION.format(
        code=request.tracking_code,
        name=employee.full_name,
        personnel_no=fa(employee.personnel_no),
        amount=rials(principal),
    )


def paid_button(request_id: int) -> list[list[Button]]:
    """The button under the bank letter that finance presses once the bank paid out."""
    return [[(loan_t.LOAN_BTN_DISBURSED, PAID.data(request_id))]]


def _documents(kinds: Sequence[str]) -> str:
    return loan_t.LOAN_LIST_SEPARATOR.join(loan_t.LOAN_DOCUMENT_LABELS.get(k, k) for k in kinds)


def describe(payload: dict[str, Any]) -> list[str]:
    """The card lines of a loan request (also its owner's view in "my requests")."""
    lines = [
        loan_t.LOAN_CARD_PRODUCT.format(name=payload.get("product_name", "")),
        loan_t.LOAN_CARD_AMOUNT.format(
            amount=rials(int(payload.get("amount", 0))),
            instalments=fa(payload.get("instalments", "")),
            fee=rials(int(payload.get("fee", 0))),
        ),
        loan_t.LOAN_CARD_TOTAL.format(total=rials(int(payload.get("total", 0)))),
        loan_t.LOAN_CARD_DOCUMENTS.format(documents=_documents(payload.get("documents", []))),
    ]
    if "queue_place" in payload:
        lines.append(loan_t.LOAN_CARD_QUEUE.format(place=fa(payload["queue_place"])))
    if "letter_no" in payload:
        lines.append(loan_t.LOAN_CARD_LETTER.format(letter_no=fa(payload["letter_no"])))
    if "outstanding" in payload:
        lines.append(
            loan_t.LOAN_CARD_PROGRESS.format(
                paid=fa(payload.get("paid", 0)),
                instalments=fa(payload.get("instalments", "")),
                outstanding=rials(int(payload["outstanding"])),
            )
        )
    if payload.get("next_month") and payload.get("next_amount") is not None:
        lines.append(
            loan_t.LOAN_CARD_NEXT.format(
                month=month_label(key_month(payload["next_month"])),
                amount=rials(int(payload["next_amount"])),
            )
        )
    return lines


def owner_notice(request: Request, action: str) -> dict[str, Any] | None:
    """The owner's message after one of :data:`NOTICE_ACTIONS`: "approved" only after the head's approval,
    with the queue place or funding; None for nothing."""
    p, code = request.payload, request.tracking_code
    amount = rials(int(p.get("amount", 0)))
    if action == Action.APPROVE and request.status == REVIEWED:
        return text_message(loan_t.LOAN_NOTICE_REVIEWED.format(title=TITLE, code=code))
    if action == Action.APPROVE and request.status == QUEUED:
        return text_message(
            loan_t.LOAN_NOTICE_APPROVED_QUEUED.format(
                code=code, amount=amount, place=fa(p.get("queue_place", ""))
            )
        )
    if action == Action.APPROVE:
        return None  # funded at once: the funding notice (sent in the same change) already says "approved"
    if action == FUND and p.get("waited"):
        return text_message(loan_t.LOAN_NOTICE_FUNDED.format(code=code))
    if action == FUND:
        return text_message(loan_t.LOAN_NOTICE_APPROVED_FUNDED.format(code=code, amount=amount))
    if action == DISBURSE:
        return text_message(
            loan_t.LOAN_NOTICE_DISBURSED.format(
                code=code,
                amount=amount,
                total=rials(int(p.get("total", 0))),
                instalments=fa(p.get("instalments", "")),
                first_amount=rials(int(p.get("next_amount") or 0)),
                first_month=month_label(key_month(p["next_month"])) if p.get("next_month") else "",
            )
        )
    if action == SETTLE:
        return text_message(loan_t.LOAN_NOTICE_SETTLED.format(code=code))
    return None
