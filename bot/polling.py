"""Refah's own long polling: an update is confirmed only after it has been handled and recorded.

PTB's Updater asks for the next batch (which confirms the last one to Telegram) while the previous updates
are still queued for the handlers, so a process killed in between loses them. Here each update of a batch
goes through ``application.process_update`` in order; then the conversation state is written and the update
is recorded as processed together with the new offset in one transaction (``SQLitePersistence.commit``), and
only then does the next getUpdates carry an offset past it. A process killed mid-update gets it again from
Telegram after a restart, and the processed-update check keeps it from being handled twice.

An update PTB cannot parse arrives as a stand-in (see ``bot.platform``): it is logged once, kept in
``dead_updates`` and confirmed, and the rest of its batch is handled.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import signal

from telegram import Update
from telegram.error import Conflict, RetryAfter, TelegramError

from bot.app import ALLOWED_UPDATES, RefahApplication, describe_update
from bot.backup import schedule_backups
from bot.platform import unparsable
from bot.retention import schedule_retention
from storage import updates
from storage.db import counting

_LOG = logging.getLogger(__name__)

#: Seconds a getUpdates call waits on the server for news.
POLL_TIMEOUT = 30
#: The longest pause between failed polls: a long poll costs little, and an office waiting 30 s for every
#: answer after a burst of 5xx is worse than a few more calls to a recovering server.
MAX_BACKOFF = 5.0
#: Seconds a stop waits for the update in hand before cancelling it (it is then delivered again later).
STOP_GRACE = 10.0


class Poller:
    """Fetches updates with getUpdates and hands them to the application one by one, in order."""

    def __init__(self, app: RefahApplication, *, poll_timeout: int = POLL_TIMEOUT) -> None:
        self.app = app
        self.poll_timeout = poll_timeout
        self._offset: int | None = None
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._fetch: asyncio.Task[tuple[Update, ...]] | None = None

    @property
    def running(self) -> bool:
        """Whether the loop is running."""
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        """Start polling from the update after the last one this bot confirmed (the app must be started)."""
        if self.running:
            raise RuntimeError("already polling")
        env = self.app.env
        self._offset = await updates.next_offset(env.db, self.app.bot.id, env.clock.now())
        self._stopping.clear()
        self._task = asyncio.create_task(self._loop(), name="refah-polling")
        _LOG.info("polling for updates from offset %s", self._offset)

    async def stop(self, grace: float = STOP_GRACE) -> None:
        """Stop after the update in hand (cancelled after ``grace`` seconds: it comes again next time)."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping.set()
        if self._fetch is not None:
            self._fetch.cancel()
        done, _ = await asyncio.wait({task}, timeout=grace)
        if not done:
            _LOG.warning("the update in hand did not finish within %.0f s; it will be delivered again", grace)
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def _loop(self) -> None:
        failures = 0
        webhook_cleared = False
        while not self._stopping.is_set():
            try:
                if not webhook_cleared:
                    await self.app.bot.delete_webhook()  # keeps pending updates; Bale has no such flag
                    webhook_cleared = True
                batch = await self._next_batch()
                if batch is None:
                    return
                for update in batch:
                    if self._stopping.is_set():
                        return  # the rest were not confirmed: Telegram delivers them again
                    await self._handle(update)
                    self._offset = update.update_id + 1
            except asyncio.CancelledError:
                raise
            except Exception as error:
                failures += 1
                await self._pause(self._delay(error, failures), error, failures)
            else:
                failures = 0

    async def _next_batch(self) -> tuple[Update, ...] | None:
        """The next batch of updates, or None when stopping."""
        if self._stopping.is_set():
            return None
        self._fetch = asyncio.create_task(
            self.app.bot.get_updates(
                offset=self._offset, timeout=self.poll_timeout, allowed_updates=ALLOWED_UPDATES
            )
        )
        try:
            return await self._fetch
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if self._stopping.is_set() and not (current and current.cancelling()):
                return None  # stop() cancelled the long poll, not this task
            raise
        finally:
            self._fetch = None

    async def _handle(self, update: Update) -> None:
        """Handle one update (or keep an unparsable one), then confirm it."""
        app, env = self.app, self.app.env
        dead = unparsable(update)
        if dead is not None:
            raw, error = dead
            _LOG.warning("update %s could not be parsed (%s); kept in dead_updates", update.update_id, error)
            await updates.bury(env.db, app.bot.id, update.update_id, raw, error, env.clock.now())
            return
        with counting() as count:
            await app.process_update(update)
            # state, user data, the processed mark and the confirmation: one transaction
            app.mark_data_for_update_persistence(
                chat_ids=update.effective_chat.id if update.effective_chat else None,
                user_ids=update.effective_user.id if update.effective_user else None,
            )
            app.store.mark_processed(update.update_id, env.clock.now(), bot_id=app.bot.id)
            await app.update_persistence()
        app.sql_log.append((describe_update(update), count))
        del app.sql_log[:-200]

    @staticmethod
    def _delay(error: Exception, failures: int) -> float:
        if isinstance(error, RetryAfter):
            wait = error.retry_after
            return wait.total_seconds() if isinstance(wait, dt.timedelta) else float(wait)
        return float(min(MAX_BACKOFF, 0.5 * 2 ** (failures - 1)))

    async def _pause(self, delay: float, error: Exception, failures: int) -> None:
        """Log a failed round (a traceback only for the unexpected) and wait before the next one."""
        if isinstance(error, Conflict):
            _LOG.warning("another process polls with this token (%s); retrying in %.1f s", error, delay)
        elif isinstance(error, TelegramError):
            _LOG.warning("fetching updates failed (%s); retrying in %.1f s", error, delay)
        elif failures == 1:
            _LOG.exception("polling failed; retrying in %.1f s", delay)
        else:
            _LOG.warning("polling failed again (%r); retrying in %.1f s", error, delay)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), delay)


async def start(app: RefahApplication, *, poll_timeout: int = POLL_TIMEOUT) -> Poller:
    """Start the application, its nightly jobs (backup, documents' retention) and polling (until a signal)."""
    try:
        await app.initialize()
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        schedule_backups(app)
        schedule_retention(app)
        poller = Poller(app, poll_timeout=poll_timeout)
        await poller.start()
    except BaseException:
        if app.running:
            await app.stop()
        await app.shutdown()
        raise
    return poller


async def stop(poller: Poller) -> None:
    """Stop polling, then the application (which writes the persistence), then shut it down."""
    app = poller.app
    try:
        await poller.stop()
        if app.running:
            await app.stop()
        if app.post_stop is not None:
            await app.post_stop(app)
    finally:
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


def run(app: RefahApplication, *, poll_timeout: int = POLL_TIMEOUT) -> None:
    """Run the bot until SIGINT or SIGTERM, then stop gracefully."""
    asyncio.run(_serve(app, poll_timeout))


async def _serve(app: RefahApplication, poll_timeout: int) -> None:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    handled: list[signal.Signals] = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stopping.set)
            handled.append(sig)
        except (NotImplementedError, RuntimeError):  # Windows, or not the main thread: KeyboardInterrupt
            pass
    try:
        poller = await start(app, poll_timeout=poll_timeout)
        _LOG.info("Refah is running on %s; SIGINT or SIGTERM stops it", app.settings.bot_platform)
        try:
            await stopping.wait()
        finally:
            _LOG.info("stopping")
            await stop(poller)
    finally:
        for sig in handled:
            loop.remove_signal_handler(sig)
