"""What a repository reads through: the database itself or an open transaction."""

from __future__ import annotations

from typing import Any, Protocol

import aiosqlite

from storage.db import Params


class Reader(Protocol):
    """Anything that can run a read: :class:`storage.db.Database` or :class:`storage.db.Tx`."""

    async def fetchone(self, sql: str, params: Params = ...) -> aiosqlite.Row | None: ...

    async def fetchall(self, sql: str, params: Params = ...) -> list[aiosqlite.Row]: ...

    async def fetchval(self, sql: str, params: Params = ...) -> Any: ...


def as_dict(row: aiosqlite.Row) -> dict[str, Any]:
    """A row as a plain dict, for a pydantic model."""
    return {key: row[key] for key in row.keys()}  # noqa: SIM118 - Row has keys(), not __iter__ over keys
