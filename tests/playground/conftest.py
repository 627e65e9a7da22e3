"""Fixtures: the playground started in-process on a free loopback port, on a fresh database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from kit.settings import Settings
from playground.run import Playground
from tests.e2e.harness import FAST_LIMITS


def playground_settings() -> Settings:
    """Settings as `refah run` reads them with no token and no environment."""
    return Settings(_env_file=None)


@pytest.fixture
async def playground(tmp_path: Path) -> AsyncIterator[Playground]:
    """The running playground: local Bot API server, page, and the real bot on a sample database."""
    pg = Playground(
        playground_settings(), database=tmp_path / "playground.sqlite3", limits=FAST_LIMITS, poll_timeout=1
    )
    await pg.start(0)
    try:
        yield pg
    finally:
        await pg.stop()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """An HTTP client, as the page's browser."""
    async with aiohttp.ClientSession() as session:
        yield session
