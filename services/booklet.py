"""Health-insurance booklet requests (first issue, dependants, cancellation, duplicate)."""

from __future__ import annotations

from typing import Any

from domain.workflow import Status, review_workflow
from services.kit import Env, ServiceSpec
from services.requests import NewAttachment, Submitted, submit_request
from storage.employees import Employees
from storage.models import Dependant, Employee
from texts import booklet as booklet_t
from texts import common as t

SERVICE = "booklet"
KINDS = ("duplicate",)


def describe(payload: dict[str, Any]) -> list[str]:
    """The card lines of a booklet request."""
    return [
        booklet_t.BOOKLET_CARD_KIND.format(kind=booklet_t.BOOKLET_KINDS.get(payload.get("kind", ""), "")),
        booklet_t.BOOKLET_CARD_PERSON.format(
            name=payload.get("person_name", ""), relation=payload.get("relation_label", "")
        ),
    ]


SPEC = ServiceSpec(
    key=SERVICE,
    title=booklet_t.BOOKLET_TITLE,
    workflow=review_workflow(SERVICE),
    describe=describe,
    deadlines={Status.SUBMITTED: 2},
)


async def household(env: Env, employee: Employee) -> list[Dependant]:
    """The dependants a booklet can be asked for, besides the employee."""
    return await Employees(env.db).dependants(employee.id)


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
    """File the booklet request with its documents."""
    if kind not in KINDS:
        raise ValueError(kind)
    payload = {
        "kind": kind,
        "person_name": person["name"],
        "person_national_id": person["national_id"],
        "relation_label": t.RELATION_LABELS.get(person["relation"], ""),
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
