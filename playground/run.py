"""`refah run` without a token: the real bot on a local Bot API server, and a messenger page on loopback."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import errno
import json
import logging
import os
import signal
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bot.app import RefahApplication, build_application
from bot.budget import TELEGRAM, Limits
from bot.polling import Poller
from kit.settings import Settings
from localapi.server import BotApiServer
from playground.api import PlaygroundApi
from playground.sample import GROUP_ID, PEOPLE, STAFF, SUPER_ADMIN, mobile_of, seed
from services.clock import Clock
from storage import updates
from storage.db import Database
from texts import playground as pg_t

_LOG = logging.getLogger("refah.playground")

HOST = "127.0.0.1"
DEFAULT_DATABASE = Path("data/playground.sqlite3")
TOKEN = "123456:PLAYGROUND-LOCAL-TOKEN"
#: Hostnames ``--host`` may name; the playground never listens anywhere but on 127.0.0.1.
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost"})


def database_path(settings: Settings) -> Path:
    """The playground's own SQLite file, unless DATABASE_PATH is set in the environment."""
    return settings.database_path if os.environ.get("DATABASE_PATH") else DEFAULT_DATABASE


def _check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not SQLite before opening it (a failed open would leave its thread running)."""
    if path.is_file() and path.stat().st_size:
        with path.open("rb") as f:
            if f.read(16) != b"SQLite format 3\x00":
                raise sqlite3.DatabaseError("file is not a database")


def world_path(database: Path) -> Path:
    """Where the simulated messenger (chats, files, ids) and the clock's lead are kept, by the database."""
    return database.with_name(database.name + "-messenger.json")


def data_files(database: Path) -> list[Path]:
    """Every file of the playground's data: the database, its SQLite side files, and the saved chats."""
    side = [database.with_name(database.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
    return [database, *side, world_path(database)]


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Write JSON atomically (a crash leaves the previous file)."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)


class Playground:
    """The whole welfare office on loopback: local Bot API server, the page, and the real Application.

    The simulated messenger lives in memory; it is saved next to the database (after changes and at stop)
    and restored at the next start, so conversations, request cards and documents carry on where they were.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        database: Path,
        clock: Clock | None = None,
        limits: Limits = TELEGRAM,
        poll_timeout: int = 10,
    ) -> None:
        self.base_settings = settings
        self.database = database
        self.clock = clock or Clock()
        self.limits = limits
        self.poll_timeout = poll_timeout
        self.server = BotApiServer(
            TOKEN,
            bot_name=pg_t.PLAYGROUND_BOT_NAME,
            clock=lambda: self.clock.now().timestamp(),
            platform=settings.bot_platform,
        )
        self._add_people()
        self.api = PlaygroundApi(
            self.server,
            self.clock,
            settings.zone,
            people=PEOPLE,
            group_id=GROUP_ID,
            group_title=pg_t.PLAYGROUND_GROUP_TITLE,
            group_about=pg_t.PLAYGROUND_GROUP_ABOUT,
        )
        self.api.install()
        self.api.reset_office = self.reset
        self.app: RefahApplication | None = None
        self.poller: Poller | None = None
        self.settings: Settings | None = None
        self.seeded = False
        self.restored = False
        self.world_file = world_path(database)
        self._save_task: asyncio.Task[None] | None = None
        self._flush = asyncio.Event()
        self._unsubscribe: Callable[[], None] | None = None
        self._resetting = asyncio.Lock()

    def _add_people(self) -> None:
        """The sample people and the clerks' group, as the messenger knows them."""
        for person in PEOPLE:
            self.server.add_user(person.user_id, person.first_name, person.last_name, phone=mobile_of(person))
        self.server.add_group(GROUP_ID, pg_t.PLAYGROUND_GROUP_TITLE, member_ids=[p.user_id for p in STAFF])

    def _restore_world(self) -> bool:
        """Bring back the previous run's messenger and clock, if this database has them; False if not."""
        if not (self.world_file.is_file() and self.database.is_file() and self.database.stat().st_size):
            return False
        try:
            saved = json.loads(self.world_file.read_text(encoding="utf-8"))
            self.server.import_world(saved["server"])
            lead = dt.timedelta(seconds=float(saved.get("clock_offset", 0)))
        except (OSError, ValueError, KeyError, TypeError) as error:
            _LOG.warning(
                "the saved chats in %s could not be restored (%s); starting with empty chats",
                self.world_file,
                error,
            )
            return False
        if lead > self.clock.offset:
            self.clock.advance(lead - self.clock.offset)
        self._add_people()
        return True

    def _world(self) -> dict[str, Any]:
        return {"server": self.server.export_world(), "clock_offset": self.clock.offset.total_seconds()}

    def _changed(self, event: dict[str, Any]) -> None:
        """Save the messenger a moment after it changes (one save for a burst of changes)."""
        if self._save_task is None or self._save_task.done():
            self._flush = asyncio.Event()
            self._save_task = asyncio.create_task(self._save_soon(self._flush), name="playground-save")

    async def _save_soon(self, flush: asyncio.Event) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(flush.wait(), 1.0)
        await self._save()

    async def _save(self) -> None:
        """Write the messenger and the clock's lead next to the database (in a worker thread)."""
        try:
            await asyncio.to_thread(_write_json, self.world_file, self._world())
        except OSError as error:
            _LOG.warning("could not save the chats to %s: %s", self.world_file, error)

    @property
    def url(self) -> str:
        """The page's address."""
        return f"http://{HOST}:{self.server.port}/"

    async def start(self, port: int = 0) -> None:
        """Listen on 127.0.0.1:``port``, load the sample office if the database is empty, start the bot."""
        self.restored = self._restore_world()
        await self.server.start(HOST, port)
        try:
            await self._start_bot(forget_updates=not self.restored)
            self._unsubscribe = self.server.subscribe(self._changed)
        except BaseException:
            await self.stop()
            raise

    async def _start_bot(self, *, forget_updates: bool) -> None:
        """Open the database (loading the sample office into an empty one) and start the Application."""
        _check_sqlite_file(self.database)
        async with Database(self.database) as db:
            self.seeded = await seed(db, self.clock.now())
            if not self.seeded and forget_updates:
                # A fresh simulated messenger numbers its updates from 1 again: forget the old run's.
                await updates.forget_all(db)
        self.settings = self.base_settings.model_copy(
            update={
                "bot_token": SecretStr(TOKEN),
                "bot_api_base_url": self.server.base_url,
                "bot_api_file_url": self.server.file_base_url,
                "database_path": self.database,
                "admin_chat_id": GROUP_ID,
                "admin_user_ids": frozenset({SUPER_ADMIN}),
            }
        )
        app = build_application(self.settings, token=self.server.token, clock=self.clock, limits=self.limits)
        await app.initialize()
        self.app = app
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        self.poller = Poller(app, poll_timeout=self.poll_timeout)
        await self.poller.start()

    async def reset(self) -> None:
        """Start the sample office over while running: as if its files were deleted before a fresh start.

        The bot stops; the database (with its -wal/-shm/-journal files) and the saved chats are deleted; the
        messenger forgets every conversation and the clock returns to real time; the sample office is loaded
        into a new database and the bot starts again.
        """
        async with self._resetting:
            _LOG.info("resetting the playground: deleting %s and its chats", self.database)
            await self._stop_bot()
            pending = self._save_task
            if pending is not None and not pending.done():  # let a save under way finish before deleting
                self._flush.set()
                await pending
            for path in data_files(self.database):
                path.unlink(missing_ok=True)
            self.server.clear_world()
            self.clock = Clock()
            self.api.clock = self.clock
            self.restored = False
            await self._start_bot(forget_updates=False)
            await self._save()

    async def stop(self) -> None:
        """Stop the Application (updater, handlers, outbox, database), save the chats, stop the server."""
        try:
            await self._stop_bot()
        finally:
            try:
                await self._save_last()
            finally:
                await self.api.close()
                await self.server.stop()

    async def _stop_bot(self) -> None:
        app, self.app = self.app, None
        if app is None:
            return
        poller, self.poller = self.poller, None
        try:
            if poller is not None:
                await poller.stop()
            if app.running:
                await app.stop()
        finally:
            await app.shutdown()

    async def _save_last(self) -> None:
        """The last save, after the bot has stopped (nothing if the playground never ran)."""
        if self._unsubscribe is None:
            return
        self._unsubscribe()
        self._unsubscribe = None
        pending = self._save_task
        if pending is not None and not pending.done():
            self._flush.set()
            await pending
        await self._save()


async def _serve(settings: Settings, database: Path, port: int) -> int:
    playground = Playground(settings, database=database)
    try:
        await playground.start(port)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            print(
                f"refah playground: port {port} on {HOST} is already in use; "
                "choose another with --port or PLAYGROUND_PORT",
                file=sys.stderr,
            )
        else:
            print(f"refah playground could not start: {error}", file=sys.stderr)
        return 1
    except sqlite3.Error as error:
        print(f"refah playground could not open its database {database}: {error}", file=sys.stderr)
        return 1
    print(f"Refah playground is running: open {playground.url} in your browser (Ctrl-C to stop)", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    handled: list[signal.Signals] = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
            handled.append(sig)
        except (NotImplementedError, RuntimeError):  # Windows, or not the main thread: KeyboardInterrupt
            pass
    try:
        await stop.wait()
    finally:
        for sig in handled:
            loop.remove_signal_handler(sig)
        _LOG.info("stopping the playground")
        await playground.stop()
    return 0


def run_playground(settings: Settings, *, host: str = HOST, port: int | None = None) -> int:
    """Run the playground until Ctrl-C; the exit status (1: could not start, 2: bad arguments)."""
    if host not in LOOPBACK_NAMES:
        print(f"refah playground only listens on {HOST} (this machine), not on {host!r}", file=sys.stderr)
        return 2
    chosen = settings.playground_port if port is None else port
    if not 0 <= chosen <= 65535:
        print(
            f"refah playground: port must be between 1 and 65535 (0: any free port), not {chosen}",
            file=sys.stderr,
        )
        return 2
    try:
        return asyncio.run(_serve(settings, database_path(settings), chosen))
    except KeyboardInterrupt:
        return 0
