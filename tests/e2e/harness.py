"""Running the real Refah Application against the local Bot API server, over HTTP."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot import polling
from bot.app import RefahApplication, build_application
from bot.budget import Limits, Rule
from bot.office import SERVICES
from kit.manifest import Manifest
from kit.settings import Settings
from localapi.server import BotApiServer
from services.clock import Clock
from services.employee_import import parse_registry
from services.employees import import_registry
from storage.db import Database

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
ADMIN_GROUP = -1001000
SUPER_ADMIN = 900

# people of tests/fixtures/registry (mobile, national id)
ALI = (101, "09121234567", "0012345679")  # employed, fund member, three dependants
MARYAM = (102, "09351112233", "1234567891")  # employed, not a fund member
CLERK, CLERK2, HEAD, STRANGER = 201, 202, 203, 299

PROFILE_VARIABLE = "REFAH_E2E_PROFILE"
"""Set to "bale" to run the end-to-end tests against the server's strict Bale profile."""


def api_profile() -> str:
    """The local server's profile for this run: "telegram" unless REFAH_E2E_PROFILE says otherwise."""
    return os.environ.get(PROFILE_VARIABLE, "telegram")


def sample_api(profile: str = "telegram") -> BotApiServer:
    """A local Bot API server (not started) with the sample people and the clerks' group."""
    server = BotApiServer(profile=profile)
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
    server.add_group(ADMIN_GROUP, "Welfare clerks", member_ids=[CLERK, CLERK2, HEAD, STRANGER, SUPER_ADMIN])
    return server


def describe_refusals(api: BotApiServer) -> str:
    """The calls the server's profile refused, one a line, for a failure message."""
    return "\n".join(f"  {r.method}: {r.reason}" for r in api.refusals) or "  (none)"


#: Limits so loose that tests do not wait (the budget itself is unit-tested; test_budget.py runs it tight).
FAST_LIMITS = Limits(chat=Rule(50, 0.5), group=Rule(1000, 60.0), overall=Rule(1000, 1.0), margin=0.0)


def make_settings(api: BotApiServer, db_path: Path, **overrides: Any) -> Settings:
    """Settings pointing at the local server, read from nothing but these arguments.

    A Bale-shaped server makes the bot a Bale bot (``BOT_PLATFORM="bale"``) unless an override says otherwise.
    """
    values: dict[str, Any] = {
        "BOT_TOKEN": api.token,
        "BOT_API_BASE_URL": api.base_url,
        "BOT_API_FILE_URL": api.file_base_url,
        "DATABASE_PATH": str(db_path),
        "ADMIN_CHAT_ID": ADMIN_GROUP,
        "ADMIN_USER_IDS": str(SUPER_ADMIN),
        "OFFICE_CONTACT": "021-12345678",
        **({"BOT_PLATFORM": "bale"} if api.platform == "bale" else {}),
        "BACKUP_DIR": str(db_path.parent / "backups"),
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


async def load_registry(db_path: Path) -> None:
    """Import the sample registry of tests/fixtures into the database file."""
    result = parse_registry(FIXTURES / "registry" / "employees.csv", FIXTURES / "registry" / "dependants.csv")
    assert result.ok, result.errors
    async with Database(db_path) as db:
        await import_registry(db, result, dt.datetime.now(dt.UTC))


@dataclass
class Bot:
    """One running bot process, in-process: the real Application polling the local server."""

    api: BotApiServer
    settings: Settings
    clock: Clock
    app: RefahApplication | None = None
    poller: polling.Poller | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    limits: Limits = FAST_LIMITS
    #: The office's services (a test may add a throwaway one).
    manifests: tuple[Manifest, ...] = SERVICES

    async def start(self) -> RefahApplication:
        """Build and start the Application exactly as ``refah run`` does, minus waiting for a signal."""
        app = build_application(
            self.settings, clock=self.clock, limits=self.limits, first_backoff=0.05, manifests=self.manifests
        )
        self.poller = await polling.start(app, poll_timeout=1)
        self.app = app
        return app

    async def stop(self) -> None:
        """Stop gracefully."""
        if self.app is None or self.poller is None:
            return
        poller, self.app, self.poller = self.poller, None, None
        await polling.stop(poller)

    async def restart(self) -> RefahApplication:
        """Stop and start a fresh Application on the same database."""
        await self.stop()
        return await self.start()

    @property
    def env(self) -> Any:
        """The running application's dependencies."""
        assert self.app is not None
        return self.app.env


async def spawn_bot(api: BotApiServer, db: Path, log: Path, **env: str) -> asyncio.subprocess.Process:
    """``python -m cli`` (``refah run``) as its own process against the local server; stderr into ``log``."""
    values = {
        **os.environ,
        **({"BOT_PLATFORM": "bale"} if api.platform == "bale" else {}),
        "BOT_TOKEN": api.token,
        "BOT_API_BASE_URL": api.base_url,
        "BOT_API_FILE_URL": api.file_base_url,
        "DATABASE_PATH": str(db),
        "ADMIN_CHAT_ID": str(ADMIN_GROUP),
        "ADMIN_USER_IDS": str(SUPER_ADMIN),
        "BACKUP_DIR": str(db.parent / "backups"),
        **env,
    }
    with log.open("ab") as err:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "cli", cwd=ROOT, env=values, stdout=asyncio.subprocess.DEVNULL, stderr=err
        )
