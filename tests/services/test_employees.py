"""Loading the registry into the database: streamed, all or nothing, re-import upserts."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from services.clock import UTC
from services.employee_import import check_registry, parse_registry
from services.employees import import_files, import_registry
from storage.db import Database
from storage.employees import DEPENDANT_COLUMNS, EMPLOYEE_COLUMNS, Employees
from tests.services.test_employee_import import (
    DEPENDANT_HEADER,
    EMPLOYEE_HEADER,
    IDS,
    SHEBAS,
    dependant_row,
    employee_row,
    write_csv,
)

NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
FIXTURES = Path(__file__).parent.parent / "fixtures" / "registry"


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "t.sqlite3") as database:
        yield database


def files(tmp_path: Path, employees: list[list[str]], dependants: list[list[str]]) -> tuple[Path, Path]:
    """employees.csv and dependants.csv with these data rows."""
    return (
        write_csv(tmp_path / "employees.csv", [EMPLOYEE_HEADER, *employees]),
        write_csv(tmp_path / "dependants.csv", [DEPENDANT_HEADER, *dependants]),
    )


async def registry(db: Database) -> list[tuple[object, ...]]:
    """Every employee (national ID, personnel no, first name, sheba) and their dependants, sorted."""
    rows = await db.fetchall(
        """SELECT e.national_id, e.personnel_no, e.first_name, e.sheba, d.national_id, d.relation
           FROM employees e LEFT JOIN dependants d ON d.employee_id = e.id ORDER BY 1, 5"""
    )
    return [tuple(r) for r in rows]


async def test_the_staged_file_and_storage_agree_on_the_columns(tmp_path: Path) -> None:
    with check_registry(FIXTURES / "employees.csv") as checked:
        conn = sqlite3.connect(checked.staged())
        for table, columns in (("employees", EMPLOYEE_COLUMNS), ("dependants", DEPENDANT_COLUMNS)):
            names = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            assert names[:2] == ["row", "bad"]
            assert tuple(names[2 : 2 + len(columns)]) == columns
        conn.close()


async def test_import_files_writes_everything_once(db: Database) -> None:
    outcome = await import_files(db, FIXTURES / "employees.csv", FIXTURES / "dependants.csv", NOW)
    assert (outcome.ok, outcome.employees, outcome.dependants, outcome.errors) == (True, 5, 6, [])
    ali = await Employees(db).by_personnel_no("1001")
    assert ali is not None
    assert (ali.national_id, ali.mobile, ali.sheba, ali.fund_debt) == (
        "0012345679",
        "09121234567",
        "IR050170000000123456789012",
        12_500_000,
    )
    assert ali.hire_date == dt.date(2011, 8, 23)
    assert [d.relation for d in await Employees(db).dependants(ali.id)] == ["spouse", "child", "child"]


async def test_streamed_and_in_memory_imports_write_the_same(tmp_path: Path) -> None:
    async with Database(tmp_path / "a.sqlite3") as a, Database(tmp_path / "b.sqlite3") as b:
        await import_files(a, FIXTURES / "employees.csv", FIXTURES / "dependants.csv", NOW)
        parsed = parse_registry(FIXTURES / "employees.csv", FIXTURES / "dependants.csv")
        assert await import_registry(b, parsed, NOW) == 5
        columns = "personnel_no, national_id, first_name, last_name, mobile, status, hire_date, "
        columns += "fund_member_since, fund_debt, sheba, updated_at"
        sql = f"SELECT {columns} FROM employees ORDER BY national_id"
        assert [tuple(r) for r in await a.fetchall(sql)] == [tuple(r) for r in await b.fetchall(sql)]
        assert await registry(a) == await registry(b)


async def test_reimport_upserts_and_replaces_dependants(db: Database, tmp_path: Path) -> None:
    first = files(
        tmp_path,
        [employee_row(0), employee_row(1)],
        [dependant_row(IDS[0], IDS[6]), dependant_row(IDS[0], IDS[7]), dependant_row(IDS[1], IDS[8])],
    )
    assert (await import_files(db, *first, NOW)).ok
    ids = {r[0]: r[1] for r in await db.fetchall("SELECT national_id, id FROM employees")}
    second = files(
        tmp_path,
        [employee_row(0, first_name="علیرضا", personnel_no="9001", sheba=""), employee_row(2)],
        [dependant_row(IDS[0], IDS[9], relation="فرزند")],
    )
    outcome = await import_files(db, *second, NOW + dt.timedelta(days=1))
    assert (outcome.employees, outcome.dependants) == (2, 1)
    assert await registry(db) == [
        (IDS[0], "9001", "علیرضا", "", IDS[9], "child"),  # updated in place, Sheba cleared, family replaced
        (IDS[1], "1002", "علی", SHEBAS[1], IDS[8], "spouse"),  # not in the second file: left alone
        (IDS[2], "1003", "علی", SHEBAS[2], None, None),
    ]
    again = {r[0]: r[1] for r in await db.fetchall("SELECT national_id, id FROM employees")}
    assert again[IDS[0]] == ids[IDS[0]]  # the same row: accounts linked to it stay linked


async def test_a_bad_row_imports_nothing(db: Database, tmp_path: Path) -> None:
    assert (await import_files(db, *files(tmp_path, [employee_row(0)], []), NOW)).ok
    before = await registry(db)
    bad = files(
        tmp_path,
        [employee_row(0, first_name="X"), employee_row(1), employee_row(2, mobile="12"), employee_row(3)],
        [dependant_row(IDS[0], IDS[6]), dependant_row(IDS[5], IDS[7])],
    )
    outcome = await import_files(db, *bad, NOW)
    assert not outcome.ok
    assert (outcome.employees, outcome.dependants, outcome.error_count) == (0, 0, 2)
    assert [(e.file, e.row, e.code) for e in outcome.errors] == [
        ("employees.csv", 4, "mobile_format"),
        ("dependants.csv", 3, "unknown_employee"),
    ]
    assert await registry(db) == before


async def test_the_error_list_is_capped_and_the_rest_counted(db: Database, tmp_path: Path) -> None:
    rows = [employee_row(i % 6, personnel_no=str(100 + i), mobile="x") for i in range(6)]
    outcome = await import_files(db, *files(tmp_path, rows, []), NOW, max_errors=4)
    assert (outcome.error_count, len(outcome.errors)) == (6, 4)
    assert [e.row for e in outcome.errors] == [2, 3, 4, 5]


async def test_a_conflict_with_the_database_rolls_everything_back(db: Database, tmp_path: Path) -> None:
    assert (await import_files(db, *files(tmp_path, [employee_row(0)], []), NOW)).ok
    before = await registry(db)
    # Row 3 gives a new person the mobile already on file for IDS[0]: the database refuses it.
    clash = files(tmp_path, [employee_row(1), employee_row(2, mobile="09121234560")], [])
    with pytest.raises(sqlite3.IntegrityError):
        await import_files(db, *clash, NOW)
    assert await registry(db) == before
    assert await db.fetchval("SELECT COUNT(*) FROM pragma_database_list") == 1  # the scratch is detached


async def test_import_registry_refuses_a_registry_with_errors(db: Database, tmp_path: Path) -> None:
    bad = parse_registry(files(tmp_path, [employee_row(0, mobile="x")], [])[0])
    with pytest.raises(ValueError, match="errors"):
        await import_registry(db, bad, NOW)
