"""Running the real Refah Application against the local Bot API server, over HTTP."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.app import ALLOWED_UPDATES, RefahApplication, build_application
from bot.budget import Limits, Rule
from bot.settings import Settings
from localapi.server import BotApiServer
from services.clock import Clock
from services.employee_import import parse_registry
from services.employees import import_registry
from storage.db import Database

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ADMIN_GROUP = -1001000
SUPER_ADMIN = 900

# people of tests/fixtures/registry (mobile, national id)
ALI = (101, "09121234567", "0012345679")  # employed, fund member, three dependants
MARYAM = (102, "09351112233", "1234567891")  # employed, not a fund member
CLERK, CLERK2, HEAD, STRANGER = 201, 202, 203, 299


#: Limits so loose that tests do not wait (the budget itself is unit-tested; test_budget.py runs it tight).
FAST_LIMITS = Limits(chat=Rule(50, 0.5), group=Rule(1000, 60.0), overall=Rule(1000, 1.0), margin=0.0)


def make_settings(api: BotApiServer, db_path: Path, **overrides: Any) -> Settings:
    """Settings pointing at the local server, read from nothing but these arguments."""
    values: dict[str, Any] = {
        "BOT_TOKEN": api.token,
        "BOT_API_BASE_URL": api.base_url,
        "BOT_API_FILE_URL": api.file_base_url,
        "DATABASE_PATH": str(db_path),
        "ADMIN_CHAT_ID": ADMIN_GROUP,
        "ADMIN_USER_IDS": str(SUPER_ADMIN),
        "OFFICE_CONTACT": "021-12345678",
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
    extra: dict[str, Any] = field(default_factory=dict)
    limits: Limits = FAST_LIMITS

    async def start(self) -> RefahApplication:
        """Build and start the Application exactly as ``refah run`` does, minus ``run_polling``'s loop."""
        app = build_application(self.settings, clock=self.clock, limits=self.limits, first_backoff=0.05)
        await app.initialize()
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1, allowed_updates=ALLOWED_UPDATES)
        self.app = app
        return app

    async def stop(self) -> None:
        """Stop gracefully."""
        if self.app is None:
            return
        app, self.app = self.app, None
        assert app.updater is not None
        await app.updater.stop()
        await app.stop()
        await app.shutdown()

    async def restart(self) -> RefahApplication:
        """Stop and start a fresh Application on the same database."""
        await self.stop()
        return await self.start()

    @property
    def env(self) -> Any:
        """The running application's dependencies."""
        assert self.app is not None
        return self.app.env
