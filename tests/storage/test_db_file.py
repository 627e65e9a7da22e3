"""An existing database file that is empty, not SQLite, truncated or corrupt is refused and left as it is."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from storage.db import Database, UnusableDatabase, _migrations


def _good(path: Path) -> bytes:
    """The bytes of a real database with some rows (rollback journal: one file)."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x TEXT)")
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,) for _ in range(400)])
    conn.close()
    return path.read_bytes()


def _flip_inside(data: bytes) -> bytes:
    page = bytearray(data)
    page[8192 + 200 : 8192 + 600] = b"\x07" * 400  # the middle of a table page
    return bytes(page)


BREAKAGES: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda data: b"",
    "not sqlite": lambda data: b"these are my notes, not a database\n" * 40,
    "header": lambda data: b"SQLite format 2\x00" + data[16:],
    "half": lambda data: data[: len(data) // 2],
    "last page cut short": lambda data: data[:-100],
    "last page missing": lambda data: data[:-4096],
    "page scribbled on": _flip_inside,
}


@pytest.mark.parametrize("breakage", list(BREAKAGES), ids=list(BREAKAGES))
async def test_a_broken_file_is_refused_and_left_alone(tmp_path: Path, breakage: str) -> None:
    path = tmp_path / "office.sqlite3"
    broken = BREAKAGES[breakage](_good(tmp_path / "good.sqlite3"))
    path.write_bytes(broken)
    with pytest.raises(UnusableDatabase) as refused:
        await Database(path).open()
    assert str(path) in str(refused.value)
    assert "\n" not in str(refused.value)
    assert path.read_bytes() == broken


async def test_a_missing_file_becomes_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "new" / "office.sqlite3"
    async with Database(path) as db:
        assert await db.schema_version() == _migrations()[-1][0]
    async with Database(path) as again:
        assert await again.schema_version() == _migrations()[-1][0]
