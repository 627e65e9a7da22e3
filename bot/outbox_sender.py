"""Drains the outbox: sends each owed message once, within Telegram's limits, retrying what failed.

Rows leave in id order per chat; a row that must wait (a 429's ``retry_after``, a 5xx backoff, its chat's
turn in the budget) holds back the later rows of its chat only. The sender spends the bot's one sending
budget (``bot.budget``) at bulk priority: a slot goes to the outbox only when no interactive reply waits
for it. A row is marked sent in the database right after Telegram accepts it, so a restart resumes with
exactly the rows still owed.

A ``sendDocument`` row that carries a document's kind and data instead of its bytes
(:mod:`services.paperwork`) is rendered here, outside any transaction, while the chat sees the "sending a
document" action; the bytes are kept on the row (and on rows owing the same document to other chats).
A ``refreshCommands`` row (a role was granted or revoked) refreshes that person's command menu.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import (
    Bot,
    ForceReply,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.budget import Budget
from services.clock import Clock
from storage import outbox
from storage.db import Database
from storage.models import OutboxMessage
from storage.requests import Requests, set_admin_message

_LOG = logging.getLogger(__name__)
#: A row failing on 5xx and network errors is kept at least this long (and ``max_attempts`` tries).
GIVE_UP_AFTER = dt.timedelta(days=3)


class OutboxSender:
    """The background task that delivers the outbox."""

    def __init__(
        self,
        db: Database,
        bot: Bot,
        clock: Clock,
        *,
        budget: Budget | None = None,
        first_backoff: float = 1.0,
        max_backoff: float = 300.0,
        max_attempts: int = 20,
        render: Callable[[str, dict[str, Any]], bytes] | None = None,
        document_action: str = "upload_document",
        refresh_commands: Callable[[int], Awaitable[None]] | None = None,
    ) -> None:
        self.db = db
        self.bot = bot
        self.clock = clock
        self.budget = budget or Budget()
        self.first_backoff = first_backoff
        self.max_backoff = max_backoff
        self.max_attempts = max_attempts
        self.render = render
        self.document_action = document_action
        self.refresh_commands = refresh_commands
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def wake(self) -> None:
        """Look at the queue now (called after a transaction queued rows)."""
        self._wake.set()

    def start(self) -> None:
        """Start draining in the background."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="outbox-sender")

    async def stop(self, grace: float = 10.0) -> None:
        """Stop after the message in flight is sent and marked (cancelled only if that takes too long)."""
        if self._task is None:
            return
        self._stopping = True
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), timeout=grace)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None
        self._stopping = False

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                pause = await self.drain()
            except Exception:
                _LOG.exception("outbox drain failed")
                pause = 5.0
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=pause)

    async def drain(self) -> float:
        """Send every row that may go now; returns how long until the next one may."""
        rows = await outbox.Outbox(self.db).pending()
        blocked: set[int] = set()
        pause = 30.0
        for row in rows:
            if self._stopping:
                break
            if row.chat_id in blocked:
                continue
            full = self.budget.overall_delay()
            if full > 0:  # no chat may go before then: the rest of the pass would only ask in vain
                pause = min(pause, full)
                break
            wait = (row.not_before - self.clock.now()).total_seconds()
            if wait <= 0:
                wait = await self.budget.take(row.chat_id)
            if wait > 0:
                blocked.add(row.chat_id)
                pause = min(pause, wait)
                continue
            if not await self._send(row):
                blocked.add(row.chat_id)
                pause = min(pause, self.first_backoff)
        return max(pause, 0.01)

    async def _send(self, row: OutboxMessage) -> bool:
        """Send one row; True if it left the queue (sent or buried)."""
        try:
            message = await self._call(row)
        except RetryAfter as exc:
            retry = exc.retry_after
            seconds = retry.total_seconds() if isinstance(retry, dt.timedelta) else float(retry)
            self.budget.hold(row.chat_id, seconds)
            await self._defer(row, seconds, f"429 retry after {seconds}", hold=True)
            return False
        except BadRequest as exc:
            if "not modified" in exc.message:
                return await self._mark(row, None)
            if row.purpose == "card_edit":
                return await self._replace_card(row, exc.message)
            return await self._bury(row, f"bad request: {exc.message}")
        except Forbidden as exc:
            return await self._bury(row, f"forbidden: {exc.message}")
        except (NetworkError, TelegramError) as exc:
            backoff = min(self.first_backoff * 2**row.attempts, self.max_backoff)
            await self._defer(row, backoff, str(exc))
            return False
        except _Unresolvable as exc:
            return await self._bury(row, str(exc))
        return await self._mark(row, message.message_id if isinstance(message, Message) else None)

    async def _replace_card(self, row: OutboxMessage, why: str) -> bool:
        """A card that can no longer be edited (deleted; on Bale, older than 48 hours) is posted anew."""
        _LOG.info("card of request %s cannot be edited (%s): posting a new one", row.request_id, why)
        p = row.payload
        markup = InlineKeyboardMarkup.de_json(p["reply_markup"], self.bot) if p.get("reply_markup") else None
        try:
            message = await self.bot.send_message(row.chat_id, p["text"], reply_markup=markup)
        except TelegramError as exc:
            return await self._bury(row, f"card could not be replaced: {exc}")
        return await self._mark(row, message.message_id, new_card=True)

    async def _mark(self, row: OutboxMessage, message_id: int | None, *, new_card: bool = False) -> bool:
        for wait in (0.1, 0.5, 1.0, 2.0, 5.0, 0.0):  # Telegram has it: a row left pending would go twice
            try:
                async with self.db.transaction() as tx:
                    await outbox.mark_sent(tx, row.id, message_id, self.clock.now())
                    if (row.purpose == "card" or new_card) and row.request_id and message_id is not None:
                        await set_admin_message(tx, row.request_id, row.chat_id, message_id)
                return True
            except Exception:
                _LOG.warning("outbox row %s sent but not yet marked; again in %.1fs", row.id, wait)
                await asyncio.sleep(wait)
        raise RuntimeError(f"outbox row {row.id} was sent and could not be marked")

    async def _defer(self, row: OutboxMessage, seconds: float, error: str, *, hold: bool = False) -> None:
        _LOG.warning("outbox row %s deferred %.1fs: %s", row.id, seconds, error)
        now = self.clock.now()
        async with self.db.transaction() as tx:
            if hold:  # a 429 is Telegram pacing us, not a failed attempt
                await outbox.hold(tx, row.id, now + dt.timedelta(seconds=seconds), error)
            elif await outbox.retry(
                tx,
                row.id,
                not_before=now + dt.timedelta(seconds=seconds),
                error=error,
                max_attempts=self.max_attempts,
                give_up_before=now - GIVE_UP_AFTER,
            ):
                _LOG.error(
                    "outbox row %s to %s dropped after days of failures: %s", row.id, row.chat_id, error
                )

    async def _bury(self, row: OutboxMessage, error: str) -> bool:
        _LOG.error("outbox row %s to %s dropped: %s", row.id, row.chat_id, error)
        async with self.db.transaction() as tx:
            await outbox.bury(tx, row.id, error)
        return True

    async def _call(self, row: OutboxMessage) -> Message | bool:
        p = row.payload
        markup = _markup(p.get("reply_markup"))
        if row.method == "sendMessage" and row.purpose == "card_reply":  # a note replying to the card
            card = await self._card_message_id(row)
            return await self.bot.send_message(
                row.chat_id, p["text"], reply_markup=markup, reply_parameters=ReplyParameters(card)
            )
        if row.method == "sendMessage":
            return await self.bot.send_message(row.chat_id, p["text"], reply_markup=markup)
        if row.method == "editMessageText":
            message_id = p.get("message_id") or await self._card_message_id(row)
            inline = markup if isinstance(markup, InlineKeyboardMarkup) else None
            return await self.bot.edit_message_text(
                p["text"], chat_id=row.chat_id, message_id=message_id, reply_markup=inline
            )
        if row.method == "refreshCommands":
            if self.refresh_commands is not None:
                await self.refresh_commands(row.chat_id)
            return True
        if row.method == "sendDocument":
            if row.document is None and "render" in p:
                row = await self._rendered(row)
            document: Any = (
                InputFile(row.document, filename=p.get("filename"))
                if row.document is not None
                else p["file_id"]
            )
            return await self.bot.send_document(
                row.chat_id, document, caption=p.get("caption"), reply_markup=markup
            )
        if row.method == "sendPhoto":
            photo: Any = (
                InputFile(row.document, filename=p.get("filename"))
                if row.document is not None
                else p["file_id"]
            )
            return await self.bot.send_photo(
                row.chat_id, photo, caption=p.get("caption"), reply_markup=markup
            )
        raise _Unresolvable(f"unknown method {row.method}")

    async def _rendered(self, row: OutboxMessage) -> OutboxMessage:
        """Draw a queued document (the chat sees "sending a document") and keep its bytes on the row."""
        spec = row.payload["render"]
        if self.render is None:
            raise _Unresolvable("documents are not rendered by this sender")
        with contextlib.suppress(TelegramError):
            await self.bot.send_chat_action(row.chat_id, self.document_action)
        try:
            data = await asyncio.to_thread(self.render, spec["kind"], spec["data"])
        except Exception as exc:
            _LOG.exception("outbox row %s: the %s could not be rendered", row.id, spec.get("kind"))
            raise _Unresolvable(f"document not rendered: {exc}") from exc
        async with self.db.transaction() as tx:
            await outbox.attach_document(tx, row, data)
        return row.model_copy(update={"document": data})

    async def _card_message_id(self, row: OutboxMessage) -> int:
        request = await Requests(self.db).get(row.request_id) if row.request_id else None
        if request is None or request.admin_message_id is None:
            raise _Unresolvable("the card to edit was never delivered")
        return request.admin_message_id


Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply


def _markup(data: dict[str, Any] | None) -> Markup | None:
    """A stored ``reply_markup`` back to its kind: inline buttons, a reply keyboard, its removal, a reply."""
    if not data:
        return None
    if "inline_keyboard" in data:
        return InlineKeyboardMarkup.de_json(data, None)
    if "keyboard" in data:
        return ReplyKeyboardMarkup.de_json(data, None)
    if "remove_keyboard" in data:
        return ReplyKeyboardRemove.de_json(data, None)
    return ForceReply.de_json(data, None)


class _Unresolvable(Exception):
    """A row that can never be sent as it stands."""
