"""The office's own sections and jobs below the bot: [calendar] and [deadlines] loaded, stored and read back;
the loan month's work off 1 Farvardin; the report's figures; ``refah export requests``."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import zoneinfo
from collections.abc import AsyncIterator
from pathlib import Path

import jdatetime
import pytest
from openpyxl import load_workbook

from bot.office import services_of
from cli import main
from domain.deadlines import DeadlinePolicy
from domain.reports import Period
from services import booklet, loans, office, reports
from services.clock import Clock
from services.kit import Env, Services
from services.setup import apply_config
from storage.db import Database
from storage.employees import Employees
from tests.e2e.harness import load_registry

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "office.toml"


def J(year: int, month: int, day: int) -> dt.date:
    """A Jalali date as a Gregorian date, by jdatetime."""
    gregorian: dt.date = jdatetime.date(year, month, day).togregorian()
    return gregorian


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[Env]:
    path = tmp_path / "s.sqlite3"
    await load_registry(path)
    async with Database(path) as db:
        yield Env(db=db, clock=Clock(), zone=TEHRAN, services=services_of(), admin_chat_id=-1)


async def test_the_calendar_and_deadline_sections_are_stored_and_read_back(env: Env) -> None:
    counts = await apply_config(
        env.db,
        env.services,
        {
            "calendar": {
                "closures": ["1405/01/05", "1405/02/01..1405/02/03"],
                "moved": [{"from": "1405/12/10", "to": "1405/12/09"}],
            },
            "deadlines": {"remind_at": "10:30", "escalate_after": 3},
        },
        env.clock.now(),
    )
    assert counts == {"calendar": 5, "deadlines": 1}
    await office.refresh(env)
    assert not env.calendar.is_working_day(J(1405, 1, 5))
    assert not env.calendar.is_working_day(J(1405, 2, 2))
    assert env.calendar.holiday_name(J(1405, 12, 9)) == "Martyrdom of Imam Ali"
    assert env.deadlines == DeadlinePolicy(remind_at=dt.time(10, 30), escalate_after=3)


async def test_a_bad_calendar_changes_nothing(env: Env) -> None:
    with pytest.raises(ValueError, match=r"calendar\.moved\[0\]"):
        await apply_config(
            env.db,
            env.services,
            {
                "deadlines": {"escalate_after": 3},
                "calendar": {"moved": [{"from": "1405/04/06", "to": "1405/04/07"}]},
            },
            env.clock.now(),
        )
    await office.refresh(env)
    assert env.deadlines == DeadlinePolicy()


def test_an_office_section_may_not_clash_with_a_services() -> None:
    clash = services_of().get("loan")
    with pytest.raises(ValueError, match="declared twice"):
        Services([clash], sections={"loan_fund": office.load_calendar})


@pytest.mark.parametrize(
    ("month", "first_working_day"),
    [
        ((1405, 1), (1405, 1, 5)),  # Nowruz: not on 1 Farvardin but on the first working day
        ((1405, 4), (1405, 4, 1)),
        ((1405, 7), (1405, 7, 1)),  # 1 Mehr 1405 is a Thursday: a working day
    ],
)
def test_the_months_loan_work_runs_on_its_first_working_day(
    env: Env, month: tuple[int, int], first_working_day: tuple[int, int, int]
) -> None:
    expected = dt.datetime.combine(J(*first_working_day), dt.time(loans.MONTH_TICK_HOUR), tzinfo=TEHRAN)
    assert loans._month_start(month, env) == expected


async def _booklet(env: Env, key: str) -> None:
    employee = await Employees(env.db).by_mobile("09121234567")
    assert employee is not None
    person = {"name": employee.full_name, "national_id": employee.national_id, "relation": "self"}
    await booklet.submit_booklet(
        env, employee=employee, user_id=101, kind="duplicate", person=person, attachments=[], key=key
    )


async def test_the_report_counts_the_periods_requests(env: Env) -> None:
    for key in ("a", "b"):
        await _booklet(env, key)
    today = env.clock.now().astimezone(TEHRAN).date()
    data = await reports.gather(env, Period(today, today))
    figures = {f.spec.key: f for f in data.services}
    assert figures["booklet"].counts == {"submitted": 2}
    assert figures["booklet"].median is None
    assert len(data.rows) == 2 and data.per_day == (2,)
    assert data.claims == (0, 0, 0)  # the medical service is offered; no claim in the period
    yesterday = await reports.gather(env, Period(today - dt.timedelta(days=1), today - dt.timedelta(days=1)))
    assert yesterday.rows == ()
    assert "درخواست‌های ثبت‌شده: ۲" in reports.report_text(data)


def test_refah_export_requests_writes_the_periods_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "refah.sqlite3"

    async def one_request() -> None:
        await load_registry(path)
        async with Database(path) as db:
            await _booklet(Env(db=db, clock=Clock(), zone=TEHRAN, services=services_of()), "x")

    asyncio.run(one_request())
    monkeypatch.setenv("DATABASE_PATH", str(path))
    monkeypatch.setenv("BOT_TOKEN", "")
    today = jdatetime.date.today()
    out = tmp_path / "out.xlsx"
    code = main(
        ["export", "requests", "--from", f"{today.year}/01/01", "--to", today.strftime("%Y/%m/%d"), str(out)]
    )
    assert code == 0
    book = load_workbook(io.BytesIO(out.read_bytes()), read_only=True)
    assert len(list(book["requests"].iter_rows(min_row=2, values_only=True))) == 1
    assert main(["export", "requests", "--from", "1405/06/31", "--to", "1405/01/01", str(out)]) == 2


async def test_the_example_office_file_loads_its_calendar_and_deadlines(env: Env) -> None:
    from services.setup import read_config

    data = read_config(EXAMPLE)
    counts = await apply_config(
        env.db, env.services, {k: data[k] for k in ("calendar", "deadlines")}, env.clock.now()
    )
    assert counts == {"calendar": 2, "deadlines": 1}
