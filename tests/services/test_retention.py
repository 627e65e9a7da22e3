"""Personal documents go after their retention period past closing; each deletion is audited, once."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.office import services_of
from services import booklet, roles
from services.clock import Clock
from services.kit import Env
from services.requests import NewAttachment, act_on_request, send_documents_to_staff
from services.retention import DEFAULT_DAYS, purge_expired_documents, retention_days
from services.setup import apply_config
from storage.db import Database
from storage.employees import Employees
from tests.e2e.harness import load_registry

CLERK = 201


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[Env]:
    path = tmp_path / "s.sqlite3"
    await load_registry(path)
    async with Database(path) as db:
        yield Env(db=db, clock=Clock(), zone=zoneinfo.ZoneInfo("Asia/Tehran"), services=services_of())


async def _booklet(env: Env, key: str, user_id: int = 101) -> int:
    employee = await Employees(env.db).linked_to(user_id) or await Employees(env.db).by_mobile("09121234567")
    assert employee is not None
    person = {"name": employee.full_name, "national_id": employee.national_id, "relation": "self"}
    files = [NewAttachment("document", f"file-{key}-{i}", f"u-{key}-{i}", "card.pdf") for i in range(2)]
    submitted = await booklet.submit_booklet(
        env, employee=employee, user_id=user_id, kind="duplicate", person=person, attachments=files, key=key
    )
    return submitted.request.id


async def _close(env: Env, request_id: int) -> None:
    await act_on_request(
        env, request_id=request_id, action="reject", actor=CLERK, actor_name="c", reason="not eligible"
    )


async def test_the_period_comes_from_the_office_file_and_bad_values_are_refused(env: Env) -> None:
    assert await retention_days(env) == DEFAULT_DAYS
    now = env.clock.now()
    assert await apply_config(env.db, env.services, {"retention": {"documents_days": 30}}, now) == {
        "retention": 1
    }
    assert await retention_days(env) == 30
    for bad in ({"documents_days": 0}, {"documents_days": "30"}, {"documents_days": True}, {"days": 3}):
        with pytest.raises(ValueError, match="retention"):
            await apply_config(env.db, env.services, {"retention": bad}, now)
    assert await retention_days(env) == 30


async def test_documents_are_deleted_after_the_period_and_the_deletion_is_audited(env: Env) -> None:
    await apply_config(env.db, env.services, {"retention": {"documents_days": 30}}, env.clock.now())
    await roles.grant(env, actor=None, user_id=CLERK, role="clerk", scope="booklet")
    closed, still_open = await _booklet(env, "a" * 16), await _booklet(env, "b" * 16)
    assert await send_documents_to_staff(env, request_id=closed, actor=CLERK) == 2
    async with env.db.transaction() as tx:  # delivered: the rows keep the file ids
        await tx.execute("UPDATE outbox SET status = 'sent'")
    assert await env.db.fetchval("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%file-a%'") == 2
    await _close(env, closed)

    env.clock.advance(dt.timedelta(days=29, hours=23))
    assert await purge_expired_documents(env) == 0
    env.clock.advance(dt.timedelta(hours=2))
    assert await purge_expired_documents(env) == 2
    assert await purge_expired_documents(env) == 0  # once

    rows = await env.db.fetchall(
        "SELECT request_id, file_id, file_name, purged_at FROM attachments ORDER BY id"
    )
    assert [(r["request_id"], r["file_id"] == "", r["purged_at"] is not None) for r in rows] == [
        (closed, True, True),
        (closed, True, True),
        (still_open, False, False),
        (still_open, False, False),
    ]
    assert all(r["file_name"] is None for r in rows if r["request_id"] == closed)
    audit = await env.db.fetchall(
        "SELECT request_id, actor, actor_role, note FROM request_events WHERE action = 'purge_documents'"
    )
    assert [tuple(r) for r in audit] == [(closed, None, "system", "2")]
    leftovers = await env.db.fetchval(
        "SELECT COUNT(*) FROM outbox WHERE request_id = ? AND payload LIKE '%file-%'", (closed,)
    )
    assert leftovers == 0
    assert await send_documents_to_staff(env, request_id=closed, actor=CLERK) == 0
