"""The request-free benefits' use cases: the two imports, the run, batches, idempotency, the dry run."""

from __future__ import annotations

import csv
import datetime as dt
import zoneinfo
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import jdatetime
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.office import services_of
from domain.benefit_files import parse_registry_row
from domain.jalali import to_gregorian
from domain.validators import national_id_check_digit
from services import benefits
from services.benefit_import import REGISTRY_FIELDS, UnreadableFile, check_events, fast_registry_row
from services.clock import Clock
from services.kit import Env
from services.setup import apply_config
from storage.db import Database
from tests.e2e.harness import load_registry

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
ALI, MARYAM, HASSAN = "0012345679", "1234567891", "2345678917"  # employed, employed, retired
SARA, BABY = "5678912348", "6789123458"
PAYROLL_HEADER = ["national_id", "month", "contribution_days", "gross_pay"]
REGISTRY_HEADER = list(REGISTRY_FIELDS)


def nid(n: int) -> str:
    """A valid national ID made from a number."""
    first = f"{n:09d}"
    return first + str(national_id_check_digit(first))


def j(y: int, m: int, d: int) -> dt.date:
    return to_gregorian(jdatetime.date(y, m, d))


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def payroll_rows(who: str, last: tuple[int, int], months: int, *, days: int = 30, pay: int = 100_000_000) -> list[list[str]]:
    """``months`` payroll rows for ``who`` ending with the Jalali month ``last``."""
    year, month = last
    rows = []
    for back in range(months):
        index = year * 12 + month - 1 - back
        rows.append([who, f"{index // 12:04d}/{index % 12 + 1:02d}", str(days), str(pay)])
    return rows


def marriage(record: str, who: str, day: str, spouse: str = SARA, kind: str = "permanent") -> list[str]:
    return [record, who, "marriage", day, spouse, "", kind]


def birth(record: str, who: str, day: str, child: str = BABY) -> list[str]:
    return [record, who, "birth", day, "", child, ""]


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[Env]:
    """The sample registry, a clock at the end of Mehr 1404, and the office's services."""
    path = tmp_path / "refah.sqlite3"
    await load_registry(path)
    now = dt.datetime.combine(j(1404, 7, 30), dt.time(12), tzinfo=TEHRAN)
    clock = Clock(lambda: now.astimezone(dt.UTC))
    async with Database(path) as db:
        yield Env(db=db, clock=clock, zone=TEHRAN, services=services_of())


async def configure(env: Env, **rules: Any) -> None:
    await apply_config(env.db, env.services, {"benefits": {"birth_amount": 50_000_000, **rules}}, env.clock.now())


async def states(env: Env) -> dict[str, tuple[str, int, str]]:
    rows = await env.db.fetchall("SELECT record_id, state, amount, reasons FROM benefit_cases ORDER BY id")
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


async def test_a_run_judges_batches_and_counts(env: Env, tmp_path: Path) -> None:
    await configure(env)
    payroll = write_csv(tmp_path / "p.csv", [PAYROLL_HEADER, *payroll_rows(ALI, (1403, 6), 24)])
    assert (await benefits.import_payroll(env.db, payroll, env.clock.now())).rows == 24
    registry = write_csv(
        tmp_path / "r.csv",
        [
            REGISTRY_HEADER,
            marriage("M-1", ALI, "1403/07/15"),
            marriage("M-2", MARYAM, "1403/07/15", spouse=nid(77)),
            birth("B-1", HASSAN, "1403/08/01"),
            marriage("M-3", nid(555), "1403/07/15"),
            marriage("M-1", ALI, "1403/07/16"),
            ["X-1", "123", "marriage", "1403/07/15", SARA, "", "permanent"],
        ],
    )
    report = await benefits.run_registry(env, registry)
    tally = report.tally
    assert (tally.rows, tally.bad_rows, tally.duplicates, tally.not_insured) == (6, 2, 1, 1)
    assert (tally.new_cases, tally.eligible_with_sheba, tally.not_eligible) == (3, 1, 2)
    assert (tally.batch_lines, tally.batch_total) == (1, 100_000_000)
    assert [(e.row, e.column, e.code) for e in report.errors] == [
        (6, "record_id", "duplicate"),
        (7, "national_id", "national_id_length"),
    ]
    assert await states(env) == {
        "M-1": ("batched", 100_000_000, ""),
        "M-2": ("not_eligible", 0, "contribution_short,no_pay"),
        "B-1": ("not_eligible", 0, "not_employed"),
    }
    again = await benefits.run_registry(env, registry)
    assert (again.tally.new_cases, again.tally.already_known, again.tally.batch_lines) == (0, 3, 0)
