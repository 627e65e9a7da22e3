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
from domain.validators import InvalidInput, national_id_check_digit, parse_national_id
from services import benefits
from services.benefit_import import (
    REGISTRY_FIELDS,
    UnreadableFile,
    _national_id,
    check_events,
    fast_registry_row,
)
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


def payroll_rows(
    who: str, last: tuple[int, int], months: int, *, days: int = 30, pay: int = 100_000_000
) -> list[list[str]]:
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
    await apply_config(
        env.db, env.services, {"benefits": {"birth_amount": 50_000_000, **rules}}, env.clock.now()
    )


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


async def test_overlapping_files_take_each_event_once(env: Env, tmp_path: Path) -> None:
    await configure(env)
    first = write_csv(tmp_path / "a.csv", [REGISTRY_HEADER, birth("B-1", ALI, "1403/08/01")])
    second = write_csv(
        tmp_path / "b.csv",
        [
            REGISTRY_HEADER,
            birth("OTHER-7", ALI, "2024-10-22"),
            birth("B-2", ALI, "1403/09/01", child=nid(42)),
        ],
    )
    assert (await benefits.run_registry(env, first)).tally.batch_lines == 1
    report = await benefits.run_registry(env, second)
    assert (report.tally.new_cases, report.tally.already_known, report.tally.batch_lines) == (1, 1, 1)
    assert [s for s, _, _ in (await states(env)).values()] == ["batched", "batched"]


async def test_the_child_limit_counts_children_already_owed(env: Env, tmp_path: Path) -> None:
    await configure(env, max_children=1)
    registry = write_csv(
        tmp_path / "r.csv",
        [
            REGISTRY_HEADER,
            birth("B-0", ALI, "1389/01/01", child=nid(41)),  # before Ali was hired: not paid, not counted
            birth("B-2", ALI, "1403/09/01", child=nid(42)),
            birth("B-1", ALI, "1403/08/01"),
        ],
    )
    await benefits.run_registry(env, registry)
    assert await states(env) == {
        "B-0": ("not_eligible", 0, "hired_after_event"),
        "B-2": ("not_eligible", 0, "child_limit"),
        "B-1": ("batched", 50_000_000, ""),
    }


async def test_a_dry_run_changes_nothing(env: Env, tmp_path: Path) -> None:
    await configure(env)
    registry = write_csv(tmp_path / "r.csv", [REGISTRY_HEADER, birth("B-1", ALI, "1403/08/01")])
    report = await benefits.run_registry(env, registry, dry_run=True)
    assert report.dry_run and (report.tally.new_cases, report.tally.batch_lines) == (1, 1)
    for table in ("benefit_cases", "benefit_batches", "benefit_runs", "outbox", "requests"):
        assert await env.db.fetchval(f"SELECT COUNT(*) FROM {table}") == 0, table


async def test_births_wait_until_their_amount_is_configured(env: Env, tmp_path: Path) -> None:
    registry = write_csv(tmp_path / "r.csv", [REGISTRY_HEADER, birth("B-1", ALI, "1403/08/01")])
    assert (await benefits.run_registry(env, registry)).tally.births_waiting_for_rules == 1
    await configure(env)
    assert (await benefits.run_registry(env, None)).tally.batch_lines == 1


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("record_id,national_id\nR-1,0012345679\n", "missing_column"),
        ("", "no_rows"),
    ],
)
async def test_a_file_that_cannot_be_read_is_refused(
    env: Env, tmp_path: Path, content: str, code: str
) -> None:
    path = tmp_path / "r.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UnreadableFile) as refused:
        await benefits.run_registry(env, path)
    assert code in {e.code for e in refused.value.errors}


async def test_payroll_is_all_or_nothing_and_a_month_imported_again_is_replaced(
    env: Env, tmp_path: Path
) -> None:
    good = write_csv(tmp_path / "p.csv", [PAYROLL_HEADER, *payroll_rows(ALI, (1403, 6), 2)])
    assert (await benefits.import_payroll(env.db, good, env.clock.now())).months == ["1403/05", "1403/06"]
    bad = write_csv(
        tmp_path / "bad.csv",
        [
            PAYROLL_HEADER,
            [MARYAM, "1403/06", "30", "5"],
            [MARYAM, "1403/06", "31", "5"],
            [ALI, "1403/13", "40", "x"],
        ],
    )
    refused = await benefits.import_payroll(env.db, bad, env.clock.now())
    assert not refused.ok
    assert [(e.row, e.column, e.code) for e in refused.errors] == [
        (3, "month", "duplicate"),
        (4, "month", "month_impossible"),
        (4, "contribution_days", "days_range"),
        (4, "gross_pay", "amount_format"),
    ]
    again = write_csv(tmp_path / "again.csv", [PAYROLL_HEADER, [MARYAM, "۱۴۰۳/۰۶", "۱۰", "۷۰۰"]])
    assert (await benefits.import_payroll(env.db, again, env.clock.now())).rows == 1
    rows = await env.db.fetchall(
        "SELECT national_id, month, contribution_days FROM benefit_payroll ORDER BY 2"
    )
    assert [tuple(r) for r in rows] == [(ALI, "1403/05", 30), (MARYAM, "1403/06", 10)]


async def test_the_month_end_run_reads_new_files_in_the_folder_once(env: Env, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    write_csv(folder / "1404-07.csv", [REGISTRY_HEADER, birth("B-1", ALI, "1403/08/01")])
    await configure(env, registry_folder=str(folder))
    armed = await env.db.fetchall(
        "SELECT due_at FROM reminders WHERE kind = ? AND status = 'pending'", (benefits.MONTH_END,)
    )
    assert len(armed) == 1
    reports = await benefits.run_folder(env)
    assert [r.tally.new_cases for r in reports] == [1]
    assert [r.tally.new_cases for r in await benefits.run_folder(env)] == [0]  # the file is known: a bare run


def test_the_month_end_is_the_last_jalali_day_at_night() -> None:
    moment = benefits._month_end(j(1404, 12, 3), TEHRAN)
    assert moment.astimezone(TEHRAN) == dt.datetime.combine(j(1404, 12, 29), dt.time(20), tzinfo=TEHRAN)


# --- the fast path accepts exactly what the domain accepts ---------------------------------------------------

CELL = st.sampled_from(
    [
        "",
        " ",
        ALI,
        SARA,
        BABY,
        "0012345678",
        "۰۰۱۲۳۴۵۶۷۹",
        "1111111111",
        "marriage",
        "birth",
        "Marriage",
        "permanent",
        "temporary",
        "\u062f\u0627\u0626\u0645",
        "1403/07/15",
        "2024-10-06",
        "1404/12/30",
        "R-1",
        "R 1",
        "#1",
        "R" * 65,
    ]
)


@settings(max_examples=600, deadline=None)
@given(
    st.sampled_from([marriage("M-1", ALI, "1403/07/15"), birth("B-1", ALI, "2024-10-06")]),
    st.lists(st.tuples(st.integers(0, 6), CELL), max_size=2),
)
def test_the_fast_path_agrees_with_the_domain(row: list[str], changes: list[tuple[int, str]]) -> None:
    cells = list(row)
    for column, value in changes:
        cells[column] = value
    fast = fast_registry_row(cells)
    slow = parse_registry_row(dict(zip(REGISTRY_FIELDS, cells, strict=True)))
    if fast is None:
        return
    assert not isinstance(slow, tuple), (cells, slow)
    assert fast == (
        slow.record_id,
        slow.national_id,
        slow.event.value,
        slow.event_date.isoformat(),
        slow.spouse_national_id,
        slow.child_national_id,
        slow.marriage_kind.value if slow.marriage_kind else None,
    )


def test_canonical_rows_take_the_fast_path() -> None:
    assert fast_registry_row(marriage("M-1", ALI, "1403/07/15")) is not None
    assert fast_registry_row(birth("B-1", ALI, "2024-10-06")) is not None


def test_the_check_keeps_people_on_file_and_counts_the_rest(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        [REGISTRY_HEADER, marriage("M-1", ALI, "1403/07/15"), marriage("M-2", nid(9), "1403/07/15"), ["bad"]],
    )
    with check_events(path, {ALI: 1}) as checked:
        counts = checked.counts()
    assert (counts.rows, counts.bad_rows, counts.not_insured, counts.matched) == (3, 1, 1, 1)


@settings(max_examples=2000, deadline=None)
@given(
    st.one_of(
        st.text("0123456789", min_size=10, max_size=10),
        st.integers(0, 10**9 - 1).map(nid),
        st.text("0123456789۰۱۲۳۴ a-", min_size=8, max_size=11),
    )
)
def test_the_fast_national_id_check_agrees_with_the_validator(text: str) -> None:
    try:
        expected = parse_national_id(text) == text
    except InvalidInput:
        expected = False
    assert _national_id(text) is expected
