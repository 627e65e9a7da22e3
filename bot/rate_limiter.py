"""PTB's rate-limiter seam over the one sending budget: how the application's own calls wait and retry.

Every call of the application's bot passes through :class:`BudgetRateLimiter`. A call that sends or edits a
message first takes its slot in the shared :class:`bot.budget.Budget` (interactive priority unless the
caller passes ``rate_limit_args=Priority.BULK``); the outbox sender spends the same budget at bulk priority.

Failures, mirroring PTB's ``AIORateLimiter`` where it fits:
- 429: wait the ``retry_after`` (the chat is held in the budget meanwhile) and try again;
- 5xx and network errors (``NetworkError`` but not ``BadRequest``): back off and retry a few times;
- anything else is raised at once, as PTB expects.
Retrying stops when the next attempt could not start within ``patience`` seconds of the call. Then the
message is not dropped: ``hand_off`` (see :func:`outbox_hand_off`) queues it in the outbox, which delivers
it later with its own retries, and the caller gets the message as though it were sent, with message id 0
for a new message. A handed-off reply may thus arrive after a later direct one, and a handler that keeps the
id of the message it sent (a reason prompt) will not recognise answers to it: rare, and nothing is lost.
A timed-out call may have reached Telegram, so a retried or handed-off one may arrive twice, never zero times.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import InputFile, TelegramObject
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter

from bot.budget import Budget, Priority, counts
from services.kit import Env
from storage import outbox

_LOG = logging.getLogger(__name__)

JSONDict = dict[str, Any]
Result = bool | JSONDict | list[JSONDict]
#: Queue the call ``(endpoint, data)`` for later delivery; False if it cannot be queued.
HandOff = Callable[[str, JSONDict], Awaitable[bool]]


class BudgetRateLimiter(BaseRateLimiter[Priority]):
    """Every call of the application's bot: paced by the shared budget, retried, handed off if need be."""

    def __init__(
        self,
        budget: Budget,
        *,
        hand_off: HandOff | None = None,
        patience: float = 30.0,
        network_retries: int = 3,
        first_backoff: float = 0.5,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.budget = budget
        self.hand_off = hand_off
        self.patience = patience
        self.network_retries = network_retries
        self.first_backoff = first_backoff
        self._monotonic = monotonic
        self._sleep = sleep

    async def initialize(self) -> None:
        """Count the recent sends to groups from before a restart."""
        await self.budget.restore()

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Priority | None,
    ) -> Result:
        """Take a slot, call, and retry 429s and server errors until ``patience`` runs out."""
        priority = Priority.INTERACTIVE if rate_limit_args is None else rate_limit_args
        chat_id = chat_of(data)
        deadline = self._monotonic() + self.patience
        failures = 0
        while True:
            if counts(endpoint):
                within = deadline - self._monotonic()
                if not await self.budget.acquire(chat_id, priority, within=within):
                    return await self._give_up(endpoint, data, None)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                wait = seconds(exc.retry_after)
                self.budget.hold(chat_id, wait)
                error: TelegramError = exc
            except BadRequest:
                raise
            except NetworkError as exc:
                failures += 1
                if failures > self.network_retries:
                    return await self._give_up(endpoint, data, exc)
                wait = self.first_backoff * 2 ** (failures - 1)
                error = exc
            if self._monotonic() + wait > deadline:
                return await self._give_up(endpoint, data, error)
            _LOG.info("%s to %s failed (%s); retrying in %.2fs", endpoint, chat_id, error, wait)
            await self._sleep(wait)

    async def _give_up(self, endpoint: str, data: JSONDict, error: TelegramError | None) -> Result:
        """Hand the message to the outbox, or raise what stopped it."""
        if self.hand_off is not None and await self.hand_off(endpoint, data):
            _LOG.warning(
                "%s to %s handed to the outbox: %s", endpoint, data.get("chat_id"), error or "no slot"
            )
            return as_sent(data)
        if endpoint in COURTESY_CALLS:
            # the spinner on a pressed button, "typing...": nothing is owed if they never arrive, and the
            # handler's real work (a submission) must not be abandoned because of them
            _LOG.warning("%s to %s given up: %s", endpoint, data.get("chat_id"), error or "no slot")
            return True
        if error is None:
            raise RetryAfter(dt.timedelta(seconds=self.patience))
        raise error


#: Calls whose failure costs nobody anything once retried: their handler goes on without them.
COURTESY_CALLS = frozenset({"answerCallbackQuery", "sendChatAction"})


def chat_of(data: JSONDict) -> int | None:
    """The numeric chat a call goes to (None: no chat, or a @username)."""
    try:
        return int(data["chat_id"])
    except (KeyError, TypeError, ValueError):
        return None


def seconds(retry_after: int | float | dt.timedelta) -> float:
    """A 429's ``retry_after`` in seconds, whichever type PTB gives it."""
    return retry_after.total_seconds() if isinstance(retry_after, dt.timedelta) else float(retry_after)


def as_sent(data: JSONDict) -> JSONDict:
    """What the caller gets for a handed-off message: the message as it will look (id 0 if new)."""
    chat_id = chat_of(data) or 0
    message: JSONDict = {
        "message_id": int(data.get("message_id", 0)),
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
    }
    for key in ("text", "caption"):
        if isinstance(data.get(key), str):
            message[key] = data[key]
    return message


def outbox_row(endpoint: str, data: JSONDict) -> tuple[int, JSONDict, bytes | None] | None:
    """The outbox row ``(chat_id, payload, document)`` that delivers this call later, or None if none can."""
    chat_id = chat_of(data)
    if chat_id is None:
        return None
    payload: JSONDict = {}
    markup = data.get("reply_markup")
    if isinstance(markup, TelegramObject):
        payload["reply_markup"] = markup.to_dict()
    document: bytes | None = None
    if endpoint == "sendMessage":
        payload["text"] = data["text"]
    elif endpoint == "editMessageText" and "message_id" in data:
        payload["text"], payload["message_id"] = data["text"], int(data["message_id"])
    elif endpoint in ("sendDocument", "sendPhoto"):
        field = "document" if endpoint == "sendDocument" else "photo"
        sent = data[field]
        if isinstance(sent, str):
            payload["file_id"] = sent
        elif isinstance(sent, InputFile) and endpoint == "sendDocument":
            content = sent.input_file_content
            document = content if isinstance(content, bytes) else content.read()
            payload["filename"] = sent.filename
        else:
            return None
        if isinstance(data.get("caption"), str):
            payload["caption"] = data["caption"]
    else:
        return None
    return chat_id, payload, document


def outbox_hand_off(env: Env) -> HandOff:
    """Queue a message the limiter gave up on in the outbox, in its own transaction, and wake the sender."""

    async def hand_off(endpoint: str, data: JSONDict) -> bool:
        row = outbox_row(endpoint, data)
        if row is None:
            return False
        chat_id, payload, document = row
        async with env.db.transaction() as tx:
            await outbox.enqueue(
                tx,
                chat_id=chat_id,
                method=endpoint,
                payload=payload,
                document=document,
                now=env.clock.now(),
                purpose="reply",
            )
        env.wake_outbox()
        return True

    return hand_off
