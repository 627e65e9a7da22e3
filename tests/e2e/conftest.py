"""Fixtures: a local Bot API server, a registry on a fresh SQLite file, and the running bot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from localapi.server import BotApiServer
from services.clock import Clock
from tests.e2e.harness import (
    ADMIN_GROUP,
    ALI,
    CLERK,
    CLERK2,
    HEAD,
    MARYAM,
    STRANGER,
    SUPER_ADMIN,
    Bot,
    load_registry,
    make_settings,
)


@pytest.fixture
async def api() -> AsyncIterator[BotApiServer]:
    """The local Bot API server with the sample people and the clerks' group."""
    async with BotApiServer() as server:
        server.add_user(ALI[0], "Ali", phone=ALI[1])
        server.add_user(MARYAM[0], "Maryam", phone=MARYAM[1])
        for uid, name in (
            (CLERK, "Clerk"),
            (CLERK2, "Clerk2"),
            (HEAD, "Head"),
            (STRANGER, "Stranger"),
            (SUPER_ADMIN, "Admin"),
        ):
            server.add_user(uid, name)
        server.add_group(
            ADMIN_GROUP, "Welfare clerks", member_ids=[CLERK, CLERK2, HEAD, STRANGER, SUPER_ADMIN]
        )
        yield server


@pytest.fixture
async def db_path(tmp_path: Path) -> Path:
    """A fresh database file holding the sample registry."""
    path = tmp_path / "refah.sqlite3"
    await load_registry(path)
    return path


@pytest.fixture
async def bot(api: BotApiServer, db_path: Path) -> AsyncIterator[Bot]:
    """The real bot, started against the local server."""
    harness = Bot(api, make_settings(api, db_path), Clock())
    await harness.start()
    try:
        yield harness
    finally:
        await harness.stop()
