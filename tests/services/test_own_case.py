"""No one acts as staff on their own request or their family's, in any service, at any step.

Every staff transition of every service of the office, from each of its sources, tried by the owner (holding
the role), the owner's spouse (an employee too), a clerk the case names, and an unrelated clerk: the first
three are refused with OwnCase before anything moves; the last is not (whatever else the step may need).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.office import services_of
from domain.workflow import NotPermitted, OwnCase, Role, WorkflowError
from services import roles
from services.clock import Clock
from services.kit import Env
from services.requests import act_on_request, check_action, send_documents_to_staff
from storage.db import Database
from storage.requests import insert_request
from tests.e2e.harness import load_registry

OWNER, SPOUSE, NAMED, OTHER = 101, 105, 102, 106
SARA = "5678912348"  # Ali's spouse in the registry's dependants
ALI_NID, MARYAM_NID, HASAN_NID = "0012345679", "1234567891", "2345678917"


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[Env]:
    path = tmp_path / "s.sqlite3"
    await load_registry(path)
    async with Database(path) as db:
        now = "2026-01-01T00:00:00+00:00"
        async with db.transaction() as tx:
            # Sara, Ali's spouse on file, works here too; every one of them has a linked account
            await tx.execute(
                "INSERT INTO employees (personnel_no, national_id, first_name, last_name, mobile, status,"
                " fund_debt, sheba, updated_at) VALUES ('1006', ?, 'S', 'R', '09120000006', 'employed', 0,"
                " 'IR000000000000000000000006', ?)",
                (SARA, now),
            )
            for user, nid in ((OWNER, ALI_NID), (SPOUSE, SARA), (NAMED, MARYAM_NID), (OTHER, HASAN_NID)):
                await tx.execute(
                    "INSERT INTO accounts (user_id, employee_id, linked_at)"
                    " SELECT ?, id, ? FROM employees WHERE national_id = ?",
                    (user, now, nid),
                )
        yield Env(
            db=db,
            clock=Clock(),
            zone=zoneinfo.ZoneInfo("Asia/Tehran"),
            services=services_of(),
            admin_chat_id=-1,
        )


def _cases() -> list[tuple[str, str, str, str]]:
    found = []
    for spec in services_of():
        for tr in spec.workflow.transitions:
            if tr.by_owner or tr.by_system:
                continue
            found += [(spec.key, tr.action, source, str(tr.role)) for source in sorted(tr.sources)]
    return found


CASES = _cases()


async def _request(env: Env, service: str, status: str) -> int:
    """Ali's request in ``status``, naming Maryam (the insured person, say) by national ID."""
    employee_id = await env.db.fetchval("SELECT id FROM employees WHERE national_id = ?", (ALI_NID,))
    async with env.db.transaction() as tx:
        request = await insert_request(
            tx,
            tracking_code=f"T{service[:3].upper()}-{status[:4].upper()}",
            service=service,
            employee_id=employee_id,
            user_id=OWNER,
            status=status,
            payload={"person": {"name": "M", "national_id": MARYAM_NID}},
            idempotency_key=None,
            now=dt.datetime.now(dt.UTC),
        )
    assert request is not None
    return request.id


async def _grant_everyone(env: Env, service: str, role: str) -> None:
    scope = services_of().get(service).workflow.service if Role(role) == Role.CLERK else ""
    for user in (OWNER, SPOUSE, NAMED, OTHER):
        await roles.grant(env, actor=None, user_id=user, role=role, scope=scope)


def test_every_service_has_staff_actions() -> None:
    staffed = {spec.key for spec in services_of() if spec.workflow.staff_actions(spec.workflow.initial)}
    assert staffed <= {service for service, *_ in CASES}


@pytest.mark.parametrize(("service", "action", "source", "role"), CASES)
async def test_owner_and_family_are_refused_every_staff_action(
    env: Env, service: str, action: str, source: str, role: str
) -> None:
    request_id = await _request(env, service, source)
    await _grant_everyone(env, service, role)
    for actor in (OWNER, SPOUSE, NAMED):
        with pytest.raises(OwnCase):
            await check_action(env, request_id=request_id, action=action, actor=actor)
        with pytest.raises(OwnCase):
            await act_on_request(
                env, request_id=request_id, action=action, actor=actor, actor_name="x", reason="because"
            )
    assert await env.db.fetchval("SELECT status FROM requests WHERE id = ?", (request_id,)) == source
    assert await env.db.fetchval("SELECT COUNT(*) FROM request_events") == 0
    try:
        await check_action(env, request_id=request_id, action=action, actor=OTHER)
    except OwnCase:  # pragma: no cover - the failure this test exists for
        pytest.fail("an unrelated clerk was refused as family")
    except WorkflowError:
        pass  # the step's own rule (separation of duties...) may still refuse: not this test's subject


async def test_the_owner_without_the_role_is_told_no_role_first(env: Env) -> None:
    request_id = await _request(env, "booklet", "submitted")
    with pytest.raises(NotPermitted) as refused:
        await check_action(env, request_id=request_id, action="approve", actor=OWNER)
    assert not isinstance(refused.value, OwnCase)


async def test_documents_do_not_go_to_the_owner_or_family_even_with_the_role(env: Env) -> None:
    request_id = await _request(env, "booklet", "submitted")
    await _grant_everyone(env, "booklet", "clerk")
    for actor in (OWNER, SPOUSE, NAMED):
        with pytest.raises(OwnCase):
            await send_documents_to_staff(env, request_id=request_id, actor=actor)
    assert await send_documents_to_staff(env, request_id=request_id, actor=OTHER) == 0
    viewers = await env.db.fetchall("SELECT actor FROM request_events WHERE action = 'view_documents'")
    assert [r["actor"] for r in viewers] == [OTHER]
