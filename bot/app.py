"""Assembly: build the Application, its dependencies, and register every handler (only here)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

from telegram import Bot, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ContextTypes,
    TypeHandler,
)

from bot import commands
from bot.budget import TELEGRAM, Budget, Limits
from bot.jobs import ReminderScheduler
from bot.office import SERVICES, services_of
from bot.outbox_sender import OutboxSender
from bot.platform import transport
from bot.rate_limiter import BudgetRateLimiter, outbox_hand_off
from conversations import answer_info
from domain.documents import DeepLinks
from handlers import admin, common, deep_links, gate, my_requests
from handlers import menu as main_menu_handlers
from handlers import office as office_handlers
from kit import menu
from kit.actions import document_action
from kit.context import RefahContext
from kit.manifest import Manifest, staff_command_handler
from kit.settings import Settings
from kit.staff import staff_menu
from services import office
from services.clock import Clock
from services.kit import Env
from storage import updates
from storage.budget import GroupSends
from storage.db import Database, SqlCount
from storage.persistence import SQLitePersistence
from storage.reminders import Armed

_LOG = logging.getLogger(__name__)

#: The updates Refah asks for: both Telegram and Bale deliver these (no inline or chat-member updates).
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]


class RefahApplication(Application):  # type: ignore[type-arg]
    """PTB's Application plus Refah's dependencies and background work (outbox, reminders)."""

    def __init__(
        self,
        *,
        env: Env,
        settings: Settings,
        manifests: tuple[Manifest, ...],
        budget: Budget,
        first_backoff: float,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.env = env
        self.settings = settings
        self.store = cast(SQLitePersistence, self.persistence)
        self.manifests = manifests
        #: What the latest updates cost in SQL: (what the update was, its count), newest last.
        self.sql_log: list[tuple[str, SqlCount]] = []
        self.open_commands = frozenset(
            {"whoami"}
            | office_handlers.OPEN_COMMANDS
            | {c.name for m in manifests for c in m.commands if c.open_to_outsiders}
        )
        self.staff_menu = staff_menu(c for m in manifests for c in m.commands)
        # The outbox has its own client: it takes bulk slots from the same budget and retries by itself,
        # and must not wait inside PTB's rate limiter, which serves the interactive replies first.
        self.sender_bot = Bot(
            self.bot.token,
            base_url=settings.base_url,
            base_file_url=settings.file_url,
            request=transport(settings.is_bale, connection_pool_size=4, read_timeout=30),
        )
        self._stop_following_clock: Callable[[], None] = lambda: None
        self.sender = OutboxSender(
            env.db,
            self.sender_bot,
            env.clock,
            budget=budget,
            first_backoff=first_backoff,
            render=env.services.render,
            document_action=document_action(settings.is_bale),
            # Bale has no command menus (docs/bale.md)
            refresh_commands=None if settings.is_bale else self._refresh_commands,
        )
        self.reminders = ReminderScheduler(env, self.job_queue)  # type: ignore[arg-type]
        env.wake_outbox = self.sender.wake
        env.reminders_changed = self._reminders_changed
        env.spawn = self._spawn

    def _spawn(self, work: Callable[[], Awaitable[object]]) -> None:
        self.create_task(work(), name="office-work")

    def _reminders_changed(self, armed: list[Armed]) -> None:
        self.reminders.schedule(armed)

    async def _refresh_commands(self, user_id: int) -> None:
        await commands.refresh_member(self.sender_bot, self.env, self.staff_menu, user_id)

    async def update_persistence(self) -> None:
        """PTB's persistence pass, committed in one transaction (with the update's processed mark, if set)."""
        await super().update_persistence()
        await self.store.commit()

    async def initialize(self) -> None:
        """Open the database (persistence reads it) before PTB initialises."""
        await self.env.db.open()
        await super().initialize()
        await self.sender_bot.initialize()
        self.env.links = DeepLinks("bale" if self.settings.is_bale else "telegram", self.bot.username)

    async def start(self) -> None:
        """Start PTB, the outbox sender and the reminders kept in the database."""
        await super().start()
        await updates.forget_before(self.env.db, self.env.clock.now() - dt.timedelta(days=7))
        self.sender.start()
        await office.start(self.env)  # the calendar, and the daily and weekly jobs armed
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


def describe_update(update: object) -> str:
    """A short description of an update for the SQL log: a button's data, a command, or the kind."""
    if not isinstance(update, Update):
        return type(update).__name__
    if update.callback_query is not None:
        return f"press {update.callback_query.data}"
    message = update.effective_message
    if message is not None and message.text:
        return f"text {message.text[:32]}"
    return "message"


def build_env(
    settings: Settings, clock: Clock | None = None, manifests: tuple[Manifest, ...] = SERVICES
) -> Env:
    """The use cases' dependencies from the settings and the office's services."""
    return Env(
        db=Database(settings.database_path),
        clock=clock or Clock(),
        zone=settings.zone,
        services=services_of(manifests),
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
    manifests: tuple[Manifest, ...] = SERVICES,
) -> RefahApplication:
    """The whole bot, ready for ``bot.polling.run`` (or for a test to start against a local API).

    It has no PTB Updater: ``bot.polling`` fetches the updates and confirms each only after handling it.
    """
    env = build_env(settings, clock, manifests)
    menu.install(menu.layout((m.menu for m in manifests if m.menu), persistent=not settings.is_bale))
    budget = Budget(limits, ledger=GroupSends(env.db))  # one budget: the replies' limiter and the outbox
    secret = token or (settings.bot_token.get_secret_value() if settings.bot_token else None)
    if not secret:
        raise ValueError("a bot token is required")
    app = cast(
        RefahApplication,
        ApplicationBuilder()
        .application_class(
            RefahApplication,
            kwargs={
                "env": env,
                "settings": settings,
                "manifests": manifests,
                "budget": budget,
                "first_backoff": first_backoff,
            },
        )
        .token(secret)
        .base_url(settings.base_url)
        .base_file_url(settings.file_url)
        .request(transport(settings.is_bale, connection_pool_size=16, read_timeout=15))
        .get_updates_request(transport(settings.is_bale, read_timeout=40))
        .updater(None)
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

      -1  a document check (``/start v_<token>``, anyone may send it; nothing else runs for it), else the
          gate: onboarding for unknown users (linked employees are put on the context); nothing else
          passes for unknown users but open commands and the staff commands of role holders
       0  each service's conversation (in the order of ``bot.office.SERVICES``), answering a clerk, each
          service's own one-shot handlers and staff commands, the shared card actions, menus, my requests,
          and last the catch-all for stale or forged buttons and stray messages
    After the handlers, ``bot.polling`` writes the conversation state, user data, the processed mark and the
    update's confirmation in one transaction.
    """
    app.add_handler(deep_links.verify_handler(), group=-1)
    app.add_handler(TypeHandler(Update, gate.gate), group=-1)

    settings = app.settings
    for manifest in app.manifests:
        if manifest.conversation is not None:
            app.add_handler(manifest.conversation(settings))
    app.add_handler(answer_info.build_answer_info_conversation(settings))
    for manifest in app.manifests:
        for handler in manifest.handlers(settings):
            app.add_handler(handler)
        for command in manifest.commands:
            app.add_handler(staff_command_handler(command))
    for handler in (
        *admin.handlers(settings),
        *office_handlers.handlers(),
        *main_menu_handlers.handlers(),
        *my_requests.handlers(),
        *common.fallbacks(),
    ):
        app.add_handler(handler)

    app.add_error_handler(common.on_error)


async def _post_init(app: Application) -> None:  # type: ignore[type-arg]
    """Set the command menus: default, the clerks' group's, each staff member's (Telegram; Bale has none)."""
    refah: RefahApplication = app  # type: ignore[assignment]
    if not refah.settings.is_bale:
        await commands.install(app.bot, refah.env, refah.staff_menu)
