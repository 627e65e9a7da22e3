"""Assembly: build the Application, its dependencies, and register every handler (only here)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any, cast

from telegram import Bot, BotCommand, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackContext,
    ContextTypes,
    ExtBot,
    TypeHandler,
)

from bot import catalog as t
from bot.budget import TELEGRAM, Budget, Limits
from bot.jobs import ReminderScheduler
from bot.outbox_sender import OutboxSender
from bot.platform import TolerantRequest
from bot.rate_limiter import BudgetRateLimiter, outbox_hand_off
from bot.settings import Settings
from services.clock import Clock
from services.env import Env
from storage import updates
from storage.budget import GroupSends
from storage.db import Database
from storage.persistence import SQLitePersistence

_LOG = logging.getLogger(__name__)

#: The updates Refah asks for: both Telegram and Bale deliver these (no inline or chat-member updates).
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]


class RefahContext(CallbackContext[ExtBot[None], dict[str, Any], dict[str, Any], dict[str, Any]]):
    """The callback context of every Refah handler: typed access to the application's dependencies."""

    @property
    def env(self) -> Env:
        """Database, clock and office configuration."""
        return self.refah.env

    @property
    def settings(self) -> Settings:
        """The settings the bot started with."""
        return self.refah.settings

    @property
    def refah(self) -> RefahApplication:
        """The application, typed."""
        return self.application  # type: ignore[return-value]


class RefahApplication(Application):  # type: ignore[type-arg]
    """PTB's Application plus Refah's dependencies and background work (outbox, reminders)."""

    def __init__(
        self, *, env: Env, settings: Settings, budget: Budget, first_backoff: float, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.env = env
        self.settings = settings
        # The outbox has its own client: it takes bulk slots from the same budget and retries by itself,
        # and must not wait inside PTB's rate limiter, which serves the interactive replies first.
        self.sender_bot = Bot(
            self.bot.token,
            base_url=settings.base_url,
            base_file_url=settings.file_url,
            request=TolerantRequest(connection_pool_size=4, read_timeout=30),
        )
        self._stop_following_clock: Callable[[], None] = lambda: None
        self.sender = OutboxSender(
            env.db, self.sender_bot, env.clock, budget=budget, first_backoff=first_backoff
        )
        self.reminders = ReminderScheduler(env, self.job_queue)  # type: ignore[arg-type]
        env.wake_outbox = self.sender.wake
        env.reminders_changed = self._reminders_changed

    def _reminders_changed(self, reminder_ids: list[int]) -> None:
        self.create_task(self.reminders.schedule(reminder_ids), name="schedule-reminders")

    async def initialize(self) -> None:
        """Open the database (persistence reads it) before PTB initialises."""
        await self.env.db.open()
        await super().initialize()
        await self.sender_bot.initialize()

    async def start(self) -> None:
        """Start PTB, the outbox sender and the reminders kept in the database."""
        await super().start()
        await updates.forget_before(self.env.db, self.env.clock.now() - dt.timedelta(days=7))
        self.sender.start()
        count = await self.reminders.schedule_all()
        _LOG.info("outbox sender started; %d pending reminders scheduled", count)
        self._stop_following_clock = self.env.clock.on_advance(
            lambda: self.create_task(self.reminders.schedule_all(), name="reschedule-reminders")
        )

    async def stop(self) -> None:
        """Stop following the clock and the sender, then PTB (which writes the persistence one last time)."""
        self._stop_following_clock()
        await self.sender.stop()
        await super().stop()

    async def shutdown(self) -> None:
        """Shut PTB down, then close the database."""
        await super().shutdown()
        await self.sender_bot.shutdown()
        await self.env.db.close()


def build_env(settings: Settings, clock: Clock | None = None) -> Env:
    """The use cases' dependencies from the settings."""
    return Env(
        db=Database(settings.database_path),
        clock=clock or Clock(),
        zone=settings.zone,
        admin_chat_id=settings.admin_chat_id,
        super_admins=settings.admin_user_ids,
        office_contact=settings.office_contact,
    )


def build_application(
    settings: Settings,
    *,
    token: str | None = None,
    clock: Clock | None = None,
    limits: Limits = TELEGRAM,
    first_backoff: float = 1.0,
) -> RefahApplication:
    """The whole bot, ready for ``run_polling`` (or for a test to start against a local API)."""
    env = build_env(settings, clock)
    budget = Budget(limits, ledger=GroupSends(env.db))  # one budget: the replies' limiter and the outbox
    secret = token or (settings.bot_token.get_secret_value() if settings.bot_token else None)
    if not secret:
        raise ValueError("a bot token is required")
    app = cast(
        RefahApplication,
        ApplicationBuilder()
        .application_class(
            RefahApplication,
            kwargs={"env": env, "settings": settings, "budget": budget, "first_backoff": first_backoff},
        )
        .token(secret)
        .base_url(settings.base_url)
        .base_file_url(settings.file_url)
        .request(TolerantRequest(connection_pool_size=16, read_timeout=15))
        .get_updates_request(TolerantRequest(read_timeout=40))
        .context_types(ContextTypes(context=RefahContext))
        .persistence(SQLitePersistence(env.db))
        .rate_limiter(
            BudgetRateLimiter(budget, hand_off=outbox_hand_off(env), first_backoff=first_backoff / 2)
        )
        .post_init(_post_init)
        .concurrent_updates(False)
        .build(),
    )
    register_handlers(app)
    return app


def register_handlers(app: RefahApplication) -> None:
    """Every handler, in this order (lower groups run first; one handler per group per update).

    -100  drop an update already processed (a redelivery after a crash)
      -1  the gate: onboarding for unknown users; nothing else passes for them
       0  each service's conversation, answering a clerk, each service's own one-shot handlers (its
          admin-group buttons, operator commands), the shared card actions, menus, my requests, and last
          the catch-all for stale or forged buttons and stray messages
     100  write the conversation state and mark the update processed
    """
    from conversations import SERVICE_MODULES, answer_info
    from handlers import admin, common, gate, menu, my_requests

    app.add_handler(TypeHandler(Update, gate.skip_processed), group=-100)
    app.add_handler(TypeHandler(Update, gate.gate), group=-1)

    for module in SERVICE_MODULES:
        app.add_handler(module.build_conversation(app.settings))
    app.add_handler(answer_info.build_answer_info_conversation(app.settings))
    for module in SERVICE_MODULES:
        for handler in module.handlers(app.settings):
            app.add_handler(handler)
    for handler in (
        *admin.handlers(app.settings),
        *menu.handlers(),
        *my_requests.handlers(),
        *common.fallbacks(),
    ):
        app.add_handler(handler)

    app.add_handler(TypeHandler(Update, gate.record_processed), group=100)
    app.add_error_handler(common.on_error)


async def _post_init(app: Application) -> None:  # type: ignore[type-arg]
    """Describe the commands (Telegram only: Bale has no command menu)."""
    refah: RefahApplication = app  # type: ignore[assignment]
    if not refah.settings.is_bale:
        await app.bot.set_my_commands([BotCommand(name, description) for name, description in t.COMMANDS])
