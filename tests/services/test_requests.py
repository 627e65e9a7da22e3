"""The request lifecycle below the bot: idempotent submission, the workflow's refusals, the audit trail."""

from __future__ import annotations

import zoneinfo
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.office import services_of
from domain.workflow import IllegalTransition, NotPermitted, ReasonRequired
from services import booklet, roles
from services.clock import Clock
from services.kit import Env
from services.requests import act_on_request
from storage.db import Database
from storage.employees import Employees
from tests.e2e.harness import load_registry

ALI_MOBILE = "09121234567"


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[Env]:
    path = tmp_path / "s.sqlite3"
    await load_registry(path)
    async with Database(path) as db:
        yield Env(
            db=db,
            clock=Clock(),
            zone=zoneinfo.ZoneInfo("Asia/Tehran"),
            services=services_of(),
            admin_chat_id=-1,
        )


async def _submit(env: Env, key: str) -> int:
    employee = await Employees(env.db).by_mobile(ALI_MOBILE)
    assert employee is not None
    person = {"name": employee.full_name, "national_id": employee.national_id, "relation": "self"}
    submitted = await booklet.submit_booklet(
        env, employee=employee, user_id=101, kind="duplicate", person=person, attachments=[], key=key
    )
    return submitted.request.id


async def test_the_same_submission_key_creates_one_request_and_one_set_of_messages(env: Env) -> None:
    first = await _submit(env, "0123456789abcdef")
    again = await _submit(env, "0123456789abcdef")  # a redelivered update, a confirm pressed twice
    assert first == again
    assert await env.db.fetchval("SELECT COUNT(*) FROM requests") == 1
    assert await env.db.fetchval("SELECT COUNT(*) FROM outbox") == 2  # the receipt and the clerks' card
    other = await _submit(env, "fedcba9876543210")
    assert other != first


async def test_workflow_refusals_and_the_audit_trail(env: Env) -> None:
    request_id = await _submit(env, "0123456789abcdef")
    with pytest.raises(NotPermitted):
        await act_on_request(env, request_id=request_id, action="approve", actor=201, actor_name="c")
    await roles.grant(env, actor=None, user_id=201, role="clerk", scope="booklet")
    with pytest.raises(ReasonRequired):
        await act_on_request(
            env, request_id=request_id, action="reject", actor=201, actor_name="c", reason="  "
        )
    with pytest.raises(NotPermitted):  # the owner cannot approve their own request
        await act_on_request(env, request_id=request_id, action="approve", actor=101, actor_name="o")
    await act_on_request(env, request_id=request_id, action="approve", actor=201, actor_name="c")
    with pytest.raises(IllegalTransition):
        await act_on_request(env, request_id=request_id, action="approve", actor=201, actor_name="c")
    events = await env.db.fetchall(
        "SELECT actor, action, from_status, to_status FROM request_events ORDER BY id"
    )
    assert [tuple(e) for e in events] == [
        (101, "submit", None, "submitted"),
        (201, "approve", "submitted", "approved"),
    ]
