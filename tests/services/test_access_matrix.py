"""The access matrix: every staff action of every service × every role, a stranger, the owner, the owner's
family, a clerk of another service; tracking codes and request ids reveal nothing; documents stay with the
roles that review them.

Allowed exactly when the actor holds the transition's role for the service and is neither the owner nor
family (domain.family). Authorisation is what is checked (check_action, the same rule act_in_tx applies
inside the move), from every source status of every transition.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.office import services_of
from domain.tracking import TRACKING_ALPHABET, TRACKING_LENGTH
from domain.workflow import NotPermitted, OwnCase, Role, SameActor
from services import roles
from services.clock import Clock
from services.kit import Env
from services.requests import (
    RequestNotFound,
    check_action,
    may_review,
    request_id_by_code,
    send_documents_to_staff,
    view_request,
)
from storage.db import Database
from storage.requests import add_attachment, insert_request
from storage.roles import Roles
from tests.e2e.harness import load_registry

OWNER, SPOUSE, STRANGER = 101, 105, 299
ALI_NID, SARA_NID = "0012345679", "5678912348"
SERVICES = [spec.key for spec in services_of()]
#: One actor per role, holding only that role (scoped to the service under test where the role is scoped).
ROLE_ACTOR = {role: 400 + i for i, role in enumerate(Role)}
OTHER_CLERK = 390  # a clerk of every service but the one under test


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[Env]:
    path = tmp_path / "s.sqlite3"
    await load_registry(path)
    async with Database(path) as db:
        now = "2026-01-01T00:00:00+00:00"
        async with db.transaction() as tx:
            await tx.execute(
                "INSERT INTO employees (personnel_no, national_id, first_name, last_name, mobile, status,"
                " fund_debt, sheba, updated_at) VALUES ('1006', ?, 'S', 'R', '09120000006', 'employed', 0,"
                " 'IR000000000000000000000006', ?)",
                (SARA_NID, now),
            )
            for user, nid in ((OWNER, ALI_NID), (SPOUSE, SARA_NID)):
                await tx.execute(
                    "INSERT INTO accounts (user_id, employee_id, linked_at)"
                    " SELECT ?, id, ? FROM employees WHERE national_id = ?",
                    (user, now, nid),
                )
        yield Env(db=db, clock=Clock(), zone=zoneinfo.ZoneInfo("Asia/Tehran"), services=services_of())


async def _request(env: Env, service: str, status: str) -> tuple[int, str]:
    employee_id = await env.db.fetchval("SELECT id FROM employees WHERE national_id = ?", (ALI_NID,))
    async with env.db.transaction() as tx:
        request = await insert_request(
            tx,
            tracking_code=f"K{abs(hash((service, status))) % 10**7:07d}"[:4] + "-ABCD",
            service=service,
            employee_id=employee_id,
            user_id=OWNER,
            status=status,
            payload={},
            idempotency_key=None,
            now=dt.datetime.now(dt.UTC),
        )
        assert request is not None
        await add_attachment(
            tx,
            request.id,
            kind="document",
            file_id="secret-scan",
            file_unique_id=None,
            file_name=None,
            mime_type="application/pdf",
            file_size=1,
            uploaded_by=OWNER,
            now=dt.datetime.now(dt.UTC),
        )
    return request.id, request.tracking_code


def _scope(role: Role, service: str) -> str:
    """A clerk's grant is scoped to the workflow's service (the booklet's four processes share one)."""
    return services_of().get(service).workflow.service if role == Role.CLERK else ""


async def _staff(env: Env, service: str) -> None:
    for role, actor in ROLE_ACTOR.items():
        await roles.grant(env, actor=None, user_id=actor, role=role, scope=_scope(role, service))
    own_scope = services_of().get(service).workflow.service
    for other in {services_of().get(key).workflow.service for key in SERVICES} - {own_scope}:
        await roles.grant(env, actor=None, user_id=OTHER_CLERK, role="clerk", scope=other)


def _cells() -> list[tuple[str, str, str, str]]:
    return [
        (spec.key, tr.action, source, str(tr.role))
        for spec in services_of()
        for tr in spec.workflow.transitions
        if not tr.by_owner and not tr.by_system
        for source in sorted(tr.sources)
    ]


@pytest.mark.parametrize(("service", "action", "source", "role"), _cells())
async def test_every_staff_action_by_every_kind_of_actor(
    env: Env, service: str, action: str, source: str, role: str
) -> None:
    request_id, _ = await _request(env, service, source)
    await _staff(env, service)
    needed = Role(role)
    for owner_like in (OWNER, SPOUSE):  # even holding the role
        await roles.grant(env, actor=None, user_id=owner_like, role=role, scope=_scope(needed, service))
    outcome: dict[str, str] = {}
    actors = {f"role:{r}": a for r, a in ROLE_ACTOR.items()}
    actors |= {"stranger": STRANGER, "owner": OWNER, "spouse": SPOUSE, "other clerk": OTHER_CLERK}
    for name, actor in actors.items():
        try:
            await check_action(env, request_id=request_id, action=action, actor=actor)
            outcome[name] = "allowed"
        except OwnCase:
            outcome[name] = "own case"
        except NotPermitted:
            outcome[name] = "no role"
        except SameActor:
            outcome[name] = "allowed"  # the role is right; only an earlier step's actor is kept out
    expected = {name: "no role" for name in actors}
    expected[f"role:{needed}"] = "allowed"
    expected |= {"owner": "own case", "spouse": "own case"}
    assert outcome == expected


@pytest.mark.parametrize("service", SERVICES)
async def test_documents_go_only_to_the_roles_that_review_the_service(env: Env, service: str) -> None:
    request_id, _ = await _request(env, service, services_of().get(service).workflow.initial)
    await _staff(env, service)
    spec = services_of().get(service)
    transitions, scope, only = spec.workflow.transitions, spec.workflow.service, spec.document_roles
    for role, actor in ROLE_ACTOR.items():
        grants = await Roles(env.db).grants(actor)
        if may_review(grants, transitions, scope, only):
            assert await send_documents_to_staff(env, request_id=request_id, actor=actor) == 1
        else:
            with pytest.raises(PermissionError):
                await send_documents_to_staff(env, request_id=request_id, actor=actor)
            staff = {Role(t.role) for t in transitions if not t.by_owner and not t.by_system}
            assert role not in (staff & only if only else staff)
    for actor in (STRANGER, OTHER_CLERK):
        with pytest.raises(PermissionError):
            await send_documents_to_staff(env, request_id=request_id, actor=actor)
    sent_to = await env.db.fetchall("SELECT DISTINCT chat_id FROM outbox WHERE payload LIKE '%secret-scan%'")
    reviewers = {
        a for a in ROLE_ACTOR.values() if may_review(await Roles(env.db).grants(a), transitions, scope, only)
    }
    assert {r["chat_id"] for r in sent_to} == reviewers


async def test_tracking_codes_and_ids_reveal_nothing_to_strangers(env: Env) -> None:
    request_id, code = await _request(env, "booklet", "submitted")
    assert await request_id_by_code(env, tracking_code=code, user_id=OWNER) == request_id
    for user in (STRANGER, SPOUSE, ROLE_ACTOR[Role.ADMIN]):
        with pytest.raises(RequestNotFound) as someone_elses:
            await request_id_by_code(env, tracking_code=code, user_id=user)
        with pytest.raises(RequestNotFound) as nobodys:
            await request_id_by_code(env, tracking_code="ZZZZ-ZZZZ", user_id=user)
        assert type(someone_elses.value) is type(nobodys.value)  # the same answer: no oracle
        for guess in (request_id, request_id + 1, 0):
            with pytest.raises(RequestNotFound):
                await view_request(env, request_id=guess, user_id=user)
    # guessing: 8 characters of a 31-letter alphabet (the first a letter) leave ~2^39 codes
    assert len(TRACKING_ALPHABET) ** (TRACKING_LENGTH - 1) * 23 > 2**38
