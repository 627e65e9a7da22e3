"""Booklet use cases below the bot: the [booklet] section, submission rules, premium changes and their
withdrawal, the months of the list, and the separate keys sharing one clerk scope."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.office import services_of
from domain.booklet import BkAction, Document, MemberCategory, Process
from domain.config import ConfigError
from domain.jalali import jalali_to_gregorian
from domain.workflow import Grant, Role
from services import booklet as bs
from services import roles
from services.clock import Clock
from services.kit import Env
from services.requests import NewAttachment, act_in_tx, act_on_request, send_documents_to_staff
from services.setup import apply_config
from storage.booklet import Booklets, mark_announced
from storage.db import Database
from storage.employees import Employees
from storage.models import Employee
from storage.roles import Roles
from tests.e2e.harness import load_registry

ZONE = zoneinfo.ZoneInfo("Asia/Tehran")
#: 1405/09/04 10:00 in Tehran: before the payroll cut-off (day 20).
NOW = dt.datetime.combine(jalali_to_gregorian(1405, 9, 4), dt.time(10), tzinfo=ZONE)
CLERK, PAYROLL = 201, 205
PAPER = NewAttachment("document", "file-1", "u1", "paper.pdf", "application/pdf", 10)


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[Env]:
    path = tmp_path / "s.sqlite3"
    await load_registry(path)
    async with Database(path) as db:
        env = Env(db=db, clock=Clock(lambda: NOW.astimezone(dt.UTC)), zone=ZONE, services=services_of())
        await apply_config(db, env.services, {"booklet": {"premium": 1_000, "organisation": "Org"}}, NOW)
        await roles.grant(env, actor=None, user_id=CLERK, role="clerk", scope="booklet")
        await roles.grant(env, actor=None, user_id=PAYROLL, role="payroll")
        yield env


async def _employee(env: Env, personnel_no: str) -> Employee:
    found = await Employees(env.db).by_personnel_no(personnel_no)
    assert found is not None
    return found


async def _first_issue(env: Env, key: str = "k1") -> int:
    hassan = await _employee(env, "1003")
    submitted = await bs.submit_process(
        env,
        employee=hassan,
        user_id=103,
        process=Process.FIRST_ISSUE,
        person=bs.Person(hassan.full_name, hassan.national_id, "self"),
        files=[(Document.ID_DOCUMENTS, PAPER), (Document.DECREE, PAPER)],
        key=key,
    )
    return submitted.request.id


async def _act(env: Env, request_id: int, action: str, actor: int = CLERK, reason: str | None = None) -> None:
    await act_on_request(
        env, request_id=request_id, action=action, actor=actor, actor_name="x", reason=reason
    )


def test_four_keys_one_clerk_scope() -> None:
    specs = services_of()
    keys = [s.key for s in specs if s.key.startswith("booklet")]
    assert sorted(keys) == ["booklet", "booklet_cancel", "booklet_first", "booklet_member"]
    assert {specs.get(k).workflow.service for k in keys} == {"booklet"}
    first = specs.get("booklet_first").workflow
    own = {t.action for t in first.transitions if t.handled_by == bs.FEATURE}
    assert own == {BkAction.SIGN_FORM, BkAction.PAYROLL_OK}
    assert specs.timer(bs.SALARY_TIMER) is not None and specs.loader("booklet") is not None


@pytest.mark.parametrize(
    ("section", "problem"),
    [
        ([], "expected a [booklet] table"),
        ({"premium": 1, "organisation": ""}, "booklet.organisation"),
        ({"premium": 1, "insurance_office": 3}, "booklet.insurance_office"),
        ({"premium": -1}, "booklet.premium"),
        ({"premium": 1, "colour": "red"}, "booklet.colour"),
    ],
)
async def test_a_bad_section_is_refused_and_nothing_changes(env: Env, section: object, problem: str) -> None:
    with pytest.raises(ValueError, match=problem.replace("[", r"\[")) as error:
        await apply_config(env.db, env.services, {"booklet": section}, NOW)
    assert isinstance(error.value, ConfigError | ValueError)
    office = await bs.office(env.db)
    assert (office.policy.premium, office.organisation) == (1_000, "Org")


async def test_submission_checks_eligibility_and_papers_again(env: Env) -> None:
    ali = await _employee(env, "1001")
    with pytest.raises(bs.NotFiled):
        await bs.submit_process(
            env,
            employee=ali,
            user_id=101,
            process=Process.FIRST_ISSUE,
            person=bs.Person(ali.full_name, ali.national_id, "self"),
            files=[(Document.ID_DOCUMENTS, PAPER), (Document.DECREE, PAPER)],
            key="x",
        )
    with pytest.raises(bs.NotFiled, match="گواهی عدم بیمه دیگر"):
        await bs.submit_process(
            env,
            employee=ali,
            user_id=101,
            process=Process.ADD_DEPENDANT,
            person=bs.Person("رضا رضایی", "1234567806", "parent", dt.date(1960, 1, 1)),
            files=[(Document.ID_DOCUMENTS, PAPER), (Document.DECREE, PAPER)],
            key="y",
            category=MemberCategory.PARENT,
        )
    assert await env.db.fetchval("SELECT COUNT(*) FROM requests") == 0


async def test_asking_payroll_starts_the_premium_this_month_and_arms_both_timers(env: Env) -> None:
    request_id = await _first_issue(env)
    await _act(env, request_id, BkAction.RECORD)
    await _act(env, request_id, BkAction.ASK_DEDUCTION)
    change = await env.db.fetchone("SELECT monthly, first_month FROM booklet_changes")
    assert tuple(change) == (1_000, "1405-09")
    coverage = await Booklets(env.db).coverage((await _employee(env, "1003")).id)
    assert [(c.relation, c.start_month, c.end_month) for c in coverage] == [("self", "1405-09", None)]
    due = dict(
        await env.db.fetchall("SELECT kind, due_at FROM reminders WHERE request_id = ?", (request_id,))
    )
    assert dt.datetime.fromisoformat(due[bs.SALARY_TIMER]) == bs.at_office_hour(
        jalali_to_gregorian(1405, 10, 1), ZONE
    )
    assert dt.datetime.fromisoformat(due[bs.LIST_TIMER]) == bs.at_office_hour(
        jalali_to_gregorian(1405, 9, 21), ZONE
    )


async def test_a_month_whose_list_went_out_takes_no_new_change(env: Env) -> None:
    async with env.db.transaction() as tx:
        await mark_announced(tx, "1405-09", NOW)
    request_id = await _first_issue(env)
    await _act(env, request_id, BkAction.RECORD)
    await _act(env, request_id, BkAction.ASK_DEDUCTION)
    assert await env.db.fetchval("SELECT first_month FROM booklet_changes") == "1405-10"


async def _salary_paid(env: Env, request_id: int) -> None:
    async with env.db.transaction() as tx:
        await act_in_tx(tx, env, request_id=request_id, action="salary_paid", actor=None, actor_name=None)


async def test_rejection_withdraws_a_change_not_yet_listed(env: Env) -> None:
    request_id = await _first_issue(env)
    await _act(env, request_id, BkAction.RECORD)
    await _act(env, request_id, BkAction.ASK_DEDUCTION)
    await _salary_paid(env, request_id)
    await _act(env, request_id, "reject", reason="duplicate request")
    assert await env.db.fetchval("SELECT COUNT(*) FROM booklet_changes") == 0
    assert await env.db.fetchval("SELECT COUNT(*) FROM booklet_coverage") == 0
    pending = await env.db.fetchval(
        "SELECT COUNT(*) FROM reminders WHERE request_id = ? AND status = 'pending'", (request_id,)
    )
    assert pending == 0


async def test_a_change_already_listed_stays_on_its_list(env: Env) -> None:
    request_id = await _first_issue(env)
    await _act(env, request_id, BkAction.RECORD)
    await _act(env, request_id, BkAction.ASK_DEDUCTION)
    async with env.db.transaction() as tx:
        await mark_announced(tx, "1405-09", NOW)
    await _salary_paid(env, request_id)
    await _act(env, request_id, "reject", reason="no deduction seen")
    assert await env.db.fetchval("SELECT COUNT(*) FROM booklet_changes") == 1


@pytest.mark.parametrize(
    ("month", "cutoff", "day"),
    [
        ((1405, 9), 20, (1405, 9, 21)),
        ((1403, 12), 29, (1403, 12, 30)),  # a leap Esfand has its 30th
        ((1405, 12), 29, (1405, 12, 29)),  # no 30th: the month's last day
        ((1404, 6), 31, (1404, 6, 31)),
        ((1404, 7), 31, (1404, 7, 30)),
    ],
)
def test_the_list_goes_out_the_day_after_the_cut_off(
    month: tuple[int, int], cutoff: int, day: tuple[int, int, int]
) -> None:
    policy = bs.BookletPolicy(premium=1, payroll_cutoff_day=cutoff)
    assert bs.list_day(month, policy) == jalali_to_gregorian(*day)


@pytest.mark.parametrize(
    ("text", "key"), [("1404/05", "1404-05"), ("۱۴۰۴/۵", "1404-05"), ("1404-12", "1404-12")]
)
def test_a_typed_month(text: str, key: str) -> None:
    assert bs.parse_month_text(text) == key


@pytest.mark.parametrize("text", ["1404/13", "1404", "abc", "1404/00"])
def test_a_bad_typed_month(text: str) -> None:
    with pytest.raises(ValueError):
        bs.parse_month_text(text)


async def test_documents_are_shown_to_a_clerk_scoped_to_the_booklet(env: Env) -> None:
    request_id = await _first_issue(env)
    assert await send_documents_to_staff(env, request_id=request_id, actor=CLERK) == 2
    await roles.grant(env, actor=None, user_id=202, role="clerk", scope="loan")
    with pytest.raises(PermissionError):
        await send_documents_to_staff(env, request_id=request_id, actor=202)
    assert Grant(Role.CLERK, "booklet") in await Roles(env.db).grants(CLERK)
