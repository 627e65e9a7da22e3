"""Fixtures: a local Bot API server, a registry on a fresh SQLite file, and the running bot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from localapi.server import BotApiServer
from services.clock import Clock
from tests.e2e.harness import Bot, api_profile, describe_refusals, load_registry, make_settings, sample_api


@pytest.fixture
async def api() -> AsyncIterator[BotApiServer]:
    """The local Bot API server with the sample people and the clerks' group.

    REFAH_E2E_PROFILE=bale runs it in the strict Bale profile; then a test fails if any call was refused.
    """
    profile = api_profile()
    async with sample_api(profile) as server:
        yield server
    if profile == "bale":
        assert not server.refusals, "calls Bale would refuse:\n" + describe_refusals(server)


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
