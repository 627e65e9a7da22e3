"""One SQLite file through aiosqlite: WAL, foreign keys, numbered migrations, serialised transactions."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

_LOG = logging.getLogger(__name__)

Params = Sequence[Any] | dict[str, Any]

_HEADER = b"SQLite format 3\x00"


class UnusableDatabase(sqlite3.DatabaseError):
    """The database file exists but is empty, not SQLite, truncated or corrupt: refuse it, change nothing."""


def check_file(path: Path) -> None:
    """Refuse an existing file that cannot be a whole SQLite database (a missing file is fine)."""
    if not path.exists():
        return
    if not path.is_file():
        raise UnusableDatabase(f"{path} is not a file")
    size = path.stat().st_size
    if size == 0:
        raise UnusableDatabase(f"{path} is empty (0 bytes)")
    with path.open("rb") as f:
        header = f.read(100)
    if len(header) < 100 or not header.startswith(_HEADER):
        raise UnusableDatabase(f"{path} is not a database (no SQLite header)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1) or size % page_size:
        raise UnusableDatabase(f"{path} is truncated or corrupt ({size} bytes, pages of {page_size})")


@dataclass
class SqlCount:
    """How many statements and write transactions one piece of work cost (deterministic, for budgets)."""

    statements: int = 0
    transactions: int = 0
    #: The statements themselves, whitespace folded (for the benchmark's listing).
    sql: list[str] = field(default_factory=list)


_COUNTING: ContextVar[SqlCount | None] = ContextVar("sql_count", default=None)


def _count(sql: str | None = None) -> None:
    counter = _COUNTING.get()
    if counter is not None:
        if sql is None:
            counter.transactions += 1
        else:
            counter.statements += 1
            counter.sql.append(" ".join(sql.split()))


@contextmanager
def counting() -> Iterator[SqlCount]:
    """Count the statements and transactions run by this task (and tasks it starts) inside the block."""
    counter = SqlCount()
    token = _COUNTING.set(counter)
    try:
        yield counter
    finally:
        _COUNTING.reset(token)


def _migrations() -> list[tuple[int, str, str]]:
    """The numbered ``NNNN_name.sql`` files of ``storage/migrations``, in order."""
    found = []
    for entry in resources.files("storage").joinpath("migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


class Database:
    """The application's SQLite database; every write runs inside :meth:`transaction`.

    One connection is shared by the whole bot. Transactions are serialised by a lock, so a
    check-then-write inside one transaction (the last free room, a budget) is atomic.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    async def open(self) -> None:
        """Connect, check an existing file, set the pragmas and apply pending migrations.

        A missing file becomes a new database; an existing one that is empty, not SQLite, truncated or
        corrupt raises :class:`UnusableDatabase` and is left as it is.
        """
        existed = self.path.exists()
        check_file(self.path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        self._conn = conn
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute("PRAGMA busy_timeout=5000")
            if existed:
                await self._quick_check()
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA synchronous=NORMAL")
            await self._migrate()
        except BaseException:
            await self.close()  # a file that is not a database must not leave the connection's thread behind
            raise

    async def _quick_check(self) -> None:
        """SQLite's own check of every page of an existing file (well under a second for an office's data)."""
        try:
            async with self.conn.execute("PRAGMA quick_check") as cur:
                problems = [str(row[0]) for row in await cur.fetchall()]
        except sqlite3.OperationalError:
            raise  # locked, unreadable: not a verdict on the file
        except sqlite3.DatabaseError as error:
            raise UnusableDatabase(f"{self.path} is corrupt ({error})") from error
        if problems != ["ok"]:
            lines = [line for p in problems for line in p.splitlines() if not line.startswith("***")]
            first = lines[0] if lines else "no answer"
            raise UnusableDatabase(f"{self.path} failed its integrity check ({first})")

    async def close(self) -> None:
        """Close the connection (idempotent)."""
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    async def __aenter__(self) -> Database:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def conn(self) -> aiosqlite.Connection:
        """The open connection."""
        if self._conn is None:
            raise RuntimeError("database is not open")
        return self._conn

    async def schema_version(self) -> int:
        """The number of the last applied migration."""
        async with self.conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def _migrate(self) -> None:
        current = await self.schema_version()
        for number, name, sql in _migrations():
            if number <= current:
                continue
            _LOG.info("applying migration %s", name)
            async with self.transaction() as tx:
                await tx.executescript_in_tx(sql)
                await tx.execute(f"PRAGMA user_version = {number:d}")

    @asynccontextmanager
    async def attached(self, path: Path, name: str) -> AsyncIterator[None]:
        """Another SQLite file, readable as ``name.table`` inside this database's transactions meanwhile."""
        if not name.isidentifier():
            raise ValueError(f"not a schema name: {name!r}")
        async with self._lock:
            await self.conn.execute(f"ATTACH DATABASE ? AS {name}", (str(path),))
        try:
            yield
        finally:
            async with self._lock:
                await self.conn.execute(f"DETACH DATABASE {name}")

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """A write transaction (``BEGIN IMMEDIATE``), committed on success, rolled back on error."""
        async with self._lock:
            _count()
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield Tx(self.conn)
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            await self.conn.execute("COMMIT")

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        """One row of a read outside any transaction."""
        _count(sql)
        async with self._lock, self.conn.execute(sql, params) as cur:
            return await cur.fetchone()

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        """All rows of a read outside any transaction."""
        _count(sql)
        async with self._lock, self.conn.execute(sql, params) as cur:
            return list(await cur.fetchall())

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row, or None."""
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]


class Tx:
    """The statements of one open transaction."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; an INSERT returns the new row id (0 if none), others the row count."""
        _count(sql)
        async with self._conn.execute(sql, params) as cur:
            if sql.lstrip()[:6].upper() == "INSERT":
                return int(cur.lastrowid or 0) if cur.rowcount > 0 else 0
            return cur.rowcount

    async def rowcount(self, sql: str, params: Params = ()) -> int:
        """Run one statement and return how many rows it changed."""
        _count(sql)
        async with self._conn.execute(sql, params) as cur:
            return cur.rowcount

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one statement for many parameter rows."""
        _count(sql)
        await self._conn.executemany(sql, rows)

    async def executescript_in_tx(self, script: str) -> None:
        """Run a multi-statement script inside this transaction (``executescript`` would commit)."""
        for statement in _split_sql(script):
            await self._conn.execute(statement)

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        """One row, read inside the transaction."""
        _count(sql)
        async with self._conn.execute(sql, params) as cur:
            return await cur.fetchone()

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        """All rows, read inside the transaction."""
        _count(sql)
        async with self._conn.execute(sql, params) as cur:
            return list(await cur.fetchall())

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row, or None."""
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements (migrations contain no triggers or string semicolons)."""
    lines = [line for line in script.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
