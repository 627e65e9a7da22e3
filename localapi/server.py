"""A local Bot API server: answers ``/bot<token>/<method>`` like Telegram's Bot API does.

It keeps simulated users, groups and conversations in memory. Tests drive the simulated users
(``send_text``, ``press``, ``share_contact`` ...) and observe what the bot did
(``messages``, ``wait_for_bot_message``, ``calls`` ...), while the bot under test talks to the
server over real HTTP with python-telegram-bot, exactly as it would talk to Telegram:

    async with BotApiServer() as api:
        api.add_user(1001, "Ali")
        app = (ApplicationBuilder().token(api.token)
               .base_url(api.base_url).base_file_url(api.file_base_url).build())
        ...
        api.send_text(1001, "/start")
        reply = await api.wait_for_bot_message(1001)

With ``platform="bale"`` the updates imitate Bale's flavour of the Bot API (no
``chat_instance``, users without ``is_bot``/``language_code``, groups of type "group",
``parse_mode`` ignored).

With ``profile="bale"`` (which implies that platform) the server is also strict: it refuses, the way
Bale would, what Bale's Bot API lacks (see docs/bale.md and :mod:`localapi.bale`): an undocumented
method answers 404, an undocumented parameter or reply-markup field 400 naming it, an edit or delete of
a message older than 48 hours 400, a getFile link older than an hour 404. Every refusal is recorded in
``server.refusals`` so a test can assert there were none. Its updates are shaped like Bale's recorded
ones too: contacts' phone numbers without "+", replied-to messages without a date.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import copy
import dataclasses
import inspect
import ipaddress
import json
import logging
import mimetypes
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

from localapi import bale
from localapi.limits import FloodControl
from localapi.models import (
    PLATFORMS,
    PROFILES,
    ApiCall,
    EntityParseError,
    Fault,
    Refusal,
    SimGroup,
    SimUser,
    StoredFile,
    StoredMessage,
    command_entities,
    image_size,
    parse_formatted,
    strip_text,
)

__all__ = ["BOT_API_SERVER_KEY", "ApiError", "BotApiServer", "Upload"]

_LOGGER = logging.getLogger(__name__)

MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_LENGTH = 200
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
MAX_POLL_TIMEOUT = 50.0

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)
QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
INLINE_BUTTON_ACTIONS = frozenset(
    {
        "callback_data",
        "url",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)
COMMAND_SCOPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)
MEDIA_KEYS = ("photo", "document", "video", "audio", "animation", "voice")
CONTENT_KEYS = (
    "text",
    "entities",
    "caption",
    "caption_entities",
    "photo",
    "document",
    "sticker",
    "contact",
    "location",
    "video",
    "audio",
    "voice",
    "animation",
)

# How string parameters (query string, form fields, multipart text parts) are typed.
JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "reply_parameters",
        "allowed_updates",
        "commands",
        "scope",
        "menu_button",
        "link_preview_options",
        "media",
        "results",
        "suggested_post_parameters",
        "rights",
    }
)
CHAT_ID_PARAMS = frozenset({"chat_id", "from_chat_id"})
INT_PARAMS = frozenset(
    {
        "message_id",
        "user_id",
        "offset",
        "limit",
        "reply_to_message_id",
        "cache_time",
        "message_thread_id",
        "max_connections",
        "duration",
        "width",
        "height",
        "video_start_timestamp",
    }
)
FLOAT_PARAMS = frozenset({"timeout", "latitude", "longitude", "horizontal_accuracy"})
BOOL_PARAMS = frozenset(
    {
        "show_alert",
        "disable_notification",
        "protect_content",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "disable_content_type_detection",
        "has_spoiler",
        "show_caption_above_media",
        "allow_paid_broadcast",
    }
)
FILE_PARAMS = frozenset({"photo", "document", "thumbnail", "sticker", "video", "audio", "voice", "animation"})

_FILE_ID_PREFIX = {"document": "BQACAgQAAxkBAAI", "photo": "AgACAgQAAxkBAAI", "sticker": "CAACAgQAAxkBAAI"}
_FILE_FOLDER = {"document": "documents", "photo": "photos", "sticker": "stickers"}
_LOOPBACK_NAMES = {"localhost": "127.0.0.1"}
_STICKER_BYTES = (
    b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
)

BOT_API_SERVER_KEY: web.AppKey[BotApiServer] = web.AppKey("bot_api_server")
"""``server.app[BOT_API_SERVER_KEY]`` is the BotApiServer (for routes added by other modules)."""


class ApiError(Exception):
    """An error answer of the Bot API: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            payload["parameters"] = self.parameters
        return payload


def _bad_request(message: str) -> ApiError:
    return ApiError(400, f"Bad Request: {message}")


@dataclass
class Upload:
    """A file part of a multipart request."""

    filename: str
    content_type: str | None
    data: bytes = field(repr=False)

    def describe(self) -> dict[str, Any]:
        return {"upload": self.filename, "content_type": self.content_type, "size": len(self.data)}


class _Signal:
    """Wakes every waiter at once; waiters re-check their condition after each wake-up."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float) -> bool:  # noqa: ASYNC109
        """Wait for the next notify(); False on timeout."""
        event = self._event
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            return False
        return True


class _Sender:
    def __repr__(self) -> str:
        return "SENDER"


SENDER: Any = _Sender()
"""Default of ``share_contact(contact_user_id=...)``: the contact is the sender's own."""


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def _loggable(params: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.describe() if isinstance(v, Upload) else v) for k, v in params.items()}


def _coerce(name: str, value: Any) -> Any:
    """Type one request parameter. Form values are strings; JSON bodies may be typed already."""
    if not isinstance(value, str):
        return value
    if name in JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            if name == "reply_markup":
                raise _bad_request("can't parse reply keyboard markup JSON object") from None
            raise _bad_request(f"can't parse {name} JSON object") from None
    stripped = value.strip()
    if name in CHAT_ID_PARAMS:
        return int(stripped) if re.fullmatch(r"-?\d+", stripped) else value
    if name in INT_PARAMS:
        try:
            return int(stripped)
        except ValueError:
            raise _bad_request(f"invalid {name} specified") from None
    if name in FLOAT_PARAMS:
        try:
            return float(stripped)
        except ValueError:
            raise _bad_request(f"invalid {name} specified") from None
    if name in BOOL_PARAMS:
        return stripped.lower() in ("true", "1", "yes", "on")
    return value


class BotApiServer:
    """An in-memory Bot API server on loopback with simulated users and groups."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        *,
        bot_id: int = 123456,
        bot_username: str = "refah_bot",
        bot_name: str = "Refah",
        clock: Callable[[], float] = time.time,
        platform: str | None = None,
        profile: str = "telegram",
    ) -> None:
        if profile not in PROFILES:
            raise ValueError(f"profile must be one of {PROFILES}, not {profile!r}")
        if platform is None:
            platform = "bale" if profile == "bale" else "telegram"
        if platform not in PLATFORMS:
            raise ValueError(f"platform must be one of {PLATFORMS}, not {platform!r}")
        if profile == "bale" and platform != "bale":
            raise ValueError("the Bale profile serves Bale-shaped updates: platform must be 'bale'")
        self.token = token
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.bot_name = bot_name
        self.platform = platform
        self.profile = profile
        self._clock = clock

        self.app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        self.app[BOT_API_SERVER_KEY] = self
        self.app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        self.app.router.add_route("GET", "/file/bot{token}/{file_path:.+}", self._handle_file)
        self._runner: web.AppRunner | None = None
        self._host = "127.0.0.1"
        self._port: int | None = None
        self._closing = False
        self._stopped = False

        # simulated world
        self.users: dict[int, SimUser] = {}
        self.groups: dict[int, SimGroup] = {}
        self._chats: dict[int, list[StoredMessage]] = {}
        self._index: dict[tuple[int, int], StoredMessage] = {}
        self._next_message_ids: dict[int, int] = {}
        self._reply_keyboards: dict[int, dict[str, Any]] = {}
        self._seq = 0

        # updates
        self._updates: list[dict[str, Any]] = []
        self._update_log: list[dict[str, Any]] = []
        self._last_update_id = 0
        self._allowed_updates: list[str] | None = None
        self._poll_generation = 0
        self._updates_signal = _Signal()
        self._changes = _Signal()

        # callback queries
        self._callback_queries: dict[str, dict[str, Any]] = {}
        self._query_counter = 0
        self.callback_answers: dict[str, dict[str, Any]] = {}

        # files
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._photo_sets: dict[str, list[str]] = {}
        self._file_counter = 0
        self._file_links: dict[str, float] = {}
        self.downloads: list[str] = []

        # bot settings
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.chat_actions: list[dict[str, Any]] = []
        self.webhook_url = ""

        # observation and faults
        self.calls: list[ApiCall] = []
        self.faults: list[Fault] = []
        self.flood: FloodControl | None = None  # flood limits, audited or enforced (localapi.limits)
        self.errors: list[BaseException] = []
        self.refusals: list[Refusal] = []
        """Calls refused because the profile lacks what they asked for (always empty for "telegram")."""
        self._subscribers: list[Callable[[dict[str, Any]], Any]] = []
        self._subscriber_tasks: set[asyncio.Future[Any]] = set()

        handlers: dict[str, Callable[[dict[str, Any]], Any]] = {
            "getMe": self._m_get_me,
            "logOut": self._m_true,
            "close": self._m_true,
            "getUpdates": self._m_get_updates,
            "setWebhook": self._m_set_webhook,
            "deleteWebhook": self._m_delete_webhook,
            "getWebhookInfo": self._m_get_webhook_info,
            "sendMessage": self._m_send_message,
            "forwardMessage": self._m_forward_message,
            "copyMessage": self._m_copy_message,
            "sendPhoto": self._m_send_photo,
            "sendDocument": self._m_send_document,
            "sendChatAction": self._m_send_chat_action,
            "getFile": self._m_get_file,
            "editMessageText": self._m_edit_message_text,
            "editMessageCaption": self._m_edit_message_caption,
            "editMessageReplyMarkup": self._m_edit_message_reply_markup,
            "deleteMessage": self._m_delete_message,
            "answerCallbackQuery": self._m_answer_callback_query,
            "setMyCommands": self._m_set_my_commands,
            "getMyCommands": self._m_get_my_commands,
            "deleteMyCommands": self._m_delete_my_commands,
            "getChat": self._m_get_chat,
            "getChatMember": self._m_get_chat_member,
            "setChatMenuButton": self._m_set_chat_menu_button,
            "getChatMenuButton": self._m_get_chat_menu_button,
        }
        self._methods = {name.lower(): (name, handler) for name, handler in handlers.items()}

    # ------------------------------------------------------------------ lifecycle

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on a loopback address (port 0 picks a free port)."""
        host = _LOOPBACK_NAMES.get(host, host)
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise ValueError(f"the local Bot API server only listens on loopback, not {host!r}")
        if self._runner is not None or self._stopped:
            raise RuntimeError("BotApiServer can be started only once")
        # handler_cancellation: a long poll whose client went away (PTB cancels its getUpdates
        # on shutdown) ends at once instead of lingering until its timeout.
        runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=2.0, handler_cancellation=True)
        await runner.setup()
        try:
            site = web.TCPSite(runner, host, port)
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self._host = host
        self._port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Release pending long polls, close connections and stop listening."""
        self._closing = True
        self._updates_signal.notify()
        self._changes.notify()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            self._stopped = True
            await runner.cleanup()
        for task in list(self._subscriber_tasks):
            task.cancel()
        if self._subscriber_tasks:
            await asyncio.gather(*self._subscriber_tasks, return_exceptions=True)

    async def __aenter__(self) -> BotApiServer:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the server is not started")
        return self._port

    @property
    def _origin(self) -> str:
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)``; PTB appends the token."""
        return f"{self._origin}/bot"

    @property
    def file_base_url(self) -> str:
        """For ``ApplicationBuilder().base_file_url(...)``; PTB appends the token."""
        return f"{self._origin}/file/bot"

    @property
    def api_url(self) -> str:
        """``base_url`` with the token: append ``/<method>`` to call the API directly."""
        return f"{self.base_url}{self.token}"

    # ------------------------------------------------------------------ subscriptions

    def subscribe(self, callback: Callable[[dict[str, Any]], Any]) -> Callable[[], None]:
        """Call ``callback(event)`` on every change of a conversation; returns an unsubscribe function.

        Events are dicts with a ``type``: "message_sent" (by the bot), "user_message",
        "message_edited", "message_deleted" (each with chat_id, message_id, outgoing and the
        message view, None for deletions), "callback_answered" and "chat_action".
        A callback may be a coroutine function; it is then scheduled as a task.
        """
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def _emit(self, event: dict[str, Any]) -> None:
        for callback in list(self._subscribers):
            try:
                result = callback(event)
                if inspect.isawaitable(result):
                    task = asyncio.ensure_future(result)
                    self._subscriber_tasks.add(task)
                    task.add_done_callback(self._subscriber_done)
            except Exception:
                _LOGGER.exception("BotApiServer subscriber failed on %s", event.get("type"))

    def _subscriber_done(self, task: asyncio.Future[Any]) -> None:
        self._subscriber_tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            _LOGGER.error("BotApiServer subscriber failed", exc_info=task.exception())

    def _message_event(self, kind: str, msg: StoredMessage) -> None:
        self._emit(
            {
                "type": kind,
                "chat_id": msg.chat_id,
                "message_id": msg.message_id,
                "outgoing": msg.outgoing,
                "message": None if msg.deleted else msg.view(),
            }
        )

    # ------------------------------------------------------------------ simulated world

    def add_user(
        self,
        user_id: int,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        phone: str | None = None,
        language_code: str | None = "fa",
        *,
        started: bool = True,
    ) -> dict[str, Any]:
        """Add (or replace) a simulated user; returns the User JSON as the platform sends it.

        ``started=False``: the user never opened the bot, so the bot can't message them (403)
        until they send something in private.
        """
        if user_id <= 0:
            raise ValueError("user ids are positive")
        if user_id == self.bot_id:
            raise ValueError("that id is the bot's")
        user = SimUser(user_id, first_name, last_name, username, phone, language_code, started=started)
        self.users[user_id] = user
        return user.to_json(self.platform)

    def set_blocked(self, user_id: int, blocked: bool = True) -> None:
        """The user blocks (or unblocks) the bot: sending to them gives 403."""
        self._user(user_id).blocked = blocked

    def add_group(
        self,
        chat_id: int,
        title: str,
        member_ids: Iterable[int] = (),
        admin_ids: Iterable[int] = (),
        *,
        creator_id: int | None = None,
        bot_is_member: bool = True,
        bot_is_admin: bool = False,
    ) -> dict[str, Any]:
        """Add a group the bot is in; returns its Chat JSON."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        group = SimGroup(
            chat_id,
            title,
            member_ids=list(dict.fromkeys(member_ids)),
            admin_ids=list(dict.fromkeys(admin_ids)),
            creator_id=creator_id,
            bot_is_member=bot_is_member,
            bot_is_admin=bot_is_admin,
        )
        self.groups[chat_id] = group
        return group.chat_json(self.platform)

    def add_member(self, chat_id: int, user_id: int, *, admin: bool = False) -> None:
        group = self._group(chat_id)
        self._user(user_id)
        if user_id not in group.member_ids:
            group.member_ids.append(user_id)
        if admin and user_id not in group.admin_ids:
            group.admin_ids.append(user_id)

    def remove_member(self, chat_id: int, user_id: int) -> None:
        group = self._group(chat_id)
        group.member_ids = [uid for uid in group.member_ids if uid != user_id]
        group.admin_ids = [uid for uid in group.admin_ids if uid != user_id]
        if group.creator_id == user_id:
            group.creator_id = None

    def _user(self, user_id: int) -> SimUser:
        try:
            return self.users[user_id]
        except KeyError:
            raise KeyError(f"no simulated user {user_id}; call add_user() first") from None

    def _group(self, chat_id: int) -> SimGroup:
        try:
            return self.groups[chat_id]
        except KeyError:
            raise KeyError(f"no simulated group {chat_id}; call add_group() first") from None

    def _chat_json(self, chat_id: int) -> dict[str, Any]:
        if chat_id in self.groups:
            return self.groups[chat_id].chat_json(self.platform)
        return self._user(chat_id).private_chat_json()

    def _bot_user_json(self) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": self.bot_name, "username": self.bot_username}

    def _now(self) -> int:
        return int(self._clock())

    def _bump(self) -> int:
        self._seq += 1
        return self._seq

    # ------------------------------------------------------------------ simulated user actions

    def _user_chat(self, user: SimUser, chat_id: int | None) -> int:
        if chat_id is None or chat_id == user.id:
            user.started = True
            return user.id
        group = self._group(chat_id)
        if not group.is_member(user.id):
            raise ValueError(f"user {user.id} is not a member of group {chat_id}; call add_member() first")
        if not group.bot_is_member:
            raise ValueError(f"the bot is not a member of group {chat_id}")
        return chat_id

    def _user_message(
        self, user_id: int, chat_id: int | None, content: dict[str, Any], reply_to: int | None = None
    ) -> dict[str, Any]:
        user = self._user(user_id)
        target = self._user_chat(user, chat_id)
        reply = None
        if reply_to is not None:
            replied = self._index.get((target, reply_to))
            if replied is None or replied.deleted:
                raise LookupError(f"no message {reply_to} in chat {target} to reply to")
            reply = self._reply_json(replied)
        msg = self._new_message(target, user.to_json(self.platform), content, outgoing=False, reply=reply)
        self._queue_update("message", msg.public())
        return msg.view()

    def send_text(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        """The user sends a text (in private, or in group ``chat_id``); returns the Message."""
        if not text:
            raise ValueError("text must be non-empty")
        content: dict[str, Any] = {"text": text}
        entities = command_entities(text)
        if entities:
            content["entities"] = entities
        return self._user_message(user_id, chat_id, content, reply_to)

    def share_contact(
        self,
        user_id: int,
        phone_number: str,
        *,
        contact_user_id: int | None = SENDER,
        first_name: str | None = None,
        last_name: str | None = None,
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        """The user shares a contact: their own by default, or anyone's (``contact_user_id``;
        None for a contact that is not on the platform)."""
        sender = self._user(user_id)
        owner_id = user_id if contact_user_id is SENDER else contact_user_id
        owner = self.users.get(owner_id) if owner_id is not None else None
        if self.profile == "bale":
            phone_number = phone_number.lstrip("+")  # Bale's recorded contacts carry no "+"
        contact: dict[str, Any] = {"phone_number": phone_number}
        contact["first_name"] = (
            first_name
            or (owner.first_name if owner else None)
            or (sender.first_name if owner_id == user_id else "Contact")
        )
        surname = last_name if last_name is not None else (owner.last_name if owner else None)
        if surname:
            contact["last_name"] = surname
        if owner_id is not None:
            contact["user_id"] = owner_id
        return self._user_message(user_id, chat_id, {"contact": contact})

    def send_photo(
        self,
        user_id: int,
        data: bytes,
        *,
        caption: str | None = None,
        chat_id: int | None = None,
        media_group_id: str | None = None,
    ) -> dict[str, Any]:
        """The user sends a photo (any bytes; two PhotoSize objects of different sizes); photos of one
        album share a ``media_group_id`` and arrive as separate messages."""
        content: dict[str, Any] = {"photo": self._store_photo(data)}
        if caption:
            content["caption"] = caption
        if media_group_id:
            content["media_group_id"] = media_group_id
        return self._user_message(user_id, chat_id, content)

    def send_document(
        self,
        user_id: int,
        data: bytes,
        filename: str,
        mime_type: str,
        *,
        caption: str | None = None,
        chat_id: int | None = None,
        media_group_id: str | None = None,
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        """The user sends a file (in an album with ``media_group_id``; as a reply to ``reply_to``)."""
        record = self._store_file("document", data, file_name=filename, mime_type=mime_type)
        content: dict[str, Any] = {"document": record.document_json()}
        if caption:
            content["caption"] = caption
        if media_group_id:
            content["media_group_id"] = media_group_id
        return self._user_message(user_id, chat_id, content, reply_to)

    def send_again(self, user_id: int, sent: dict[str, Any], *, chat_id: int | None = None) -> dict[str, Any]:
        """The user sends a photo or file they sent before again: same ``file_id`` and ``file_unique_id``."""
        content: dict[str, Any] = {key: sent[key] for key in ("photo", "document") if key in sent}
        if not content:
            raise ValueError("the message carries no photo or file to send again")
        return self._user_message(user_id, chat_id, content)

    def send_sticker(self, user_id: int, chat_id: int | None = None) -> dict[str, Any]:
        """The user sends a (thumbs-up) sticker."""
        record = self._store_file("sticker", _STICKER_BYTES, mime_type="image/webp", width=512, height=512)
        sticker = {
            "file_id": record.file_id,
            "file_unique_id": record.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "\U0001f44d",
            "file_size": record.file_size,
        }
        return self._user_message(user_id, chat_id, {"sticker": sticker})

    def send_location(
        self, user_id: int, latitude: float, longitude: float, *, chat_id: int | None = None
    ) -> dict[str, Any]:
        return self._user_message(
            user_id, chat_id, {"location": {"latitude": latitude, "longitude": longitude}}
        )

    def press(
        self,
        user_id: int,
        message_id: int,
        data: str | None = None,
        *,
        chat_id: int | None = None,
        button_text: str | None = None,
        forge: bool = False,
    ) -> str:
        """The user presses an inline button of a bot message; returns the callback query id.

        The button is found by its ``callback_data`` (``data``) and/or its text. ``forge=True``
        sends ``data`` even if no button carries it (a forged or outdated callback).
        """
        if data is None and button_text is None:
            raise ValueError("press() needs the button's data or its text")
        user = self._user(user_id)
        target = self._user_chat(user, chat_id)
        msg = self._index.get((target, message_id))
        if msg is None or msg.deleted:
            raise LookupError(f"no message {message_id} in chat {target}")
        if not msg.outgoing:
            raise LookupError(f"message {message_id} in chat {target} was not sent by the bot")
        buttons = [button for row in msg.inline_keyboard for button in row]
        found = [
            button
            for button in buttons
            if (data is None or button.get("callback_data") == data)
            and (button_text is None or button.get("text") == button_text)
        ]
        if found:
            if "callback_data" not in found[0]:
                raise LookupError(f"button {found[0].get('text')!r} is not a callback button")
            callback_data = found[0]["callback_data"]
        elif forge and data is not None:
            callback_data = data
        else:
            shown = ", ".join(f"{b.get('text')!r}={b.get('callback_data')!r}" for b in buttons) or "none"
            raise LookupError(
                f"message {message_id} in chat {target} has no button with data={data!r} "
                f"text={button_text!r}; its buttons: {shown}"
            )
        self._query_counter += 1
        query_id = str(4_000_000_000_000_000_000 + self._query_counter)
        query: dict[str, Any] = {"id": query_id, "from": user.to_json(self.platform), "message": msg.public()}
        if self.platform == "telegram":
            query["chat_instance"] = str(-(7_000_000_000_000_000_000 + abs(target)))
        query["data"] = callback_data
        self._callback_queries[query_id] = {
            "id": query_id,
            "user_id": user_id,
            "chat_id": target,
            "message_id": message_id,
            "data": callback_data,
            "time": self._clock(),
            "answered": False,
        }
        self._queue_update("callback_query", query)
        return query_id

    def press_reply_button(self, user_id: int, text: str, *, chat_id: int | None = None) -> dict[str, Any]:
        """The user taps a button of the reply keyboard shown in the chat (sends its text, or
        the user's own contact for a ``request_contact`` button); returns the Message."""
        user = self._user(user_id)
        target = user_id if chat_id is None else chat_id
        keyboard = self._reply_keyboards.get(target)
        if keyboard is None:
            raise LookupError(f"no reply keyboard is shown in chat {target}")
        for row in keyboard.get("keyboard", []):
            for button in row:
                if button.get("text") != text:
                    continue
                if button.get("request_contact"):
                    if not user.phone:
                        raise ValueError(f"user {user_id} has no phone to share; pass phone= to add_user()")
                    return self.share_contact(user_id, user.phone, chat_id=chat_id)
                if button.get("request_location"):
                    raise ValueError("use send_location() for a request_location button")
                return self.send_text(user_id, text, chat_id=chat_id)
        shown = ", ".join(repr(b.get("text")) for row in keyboard.get("keyboard", []) for b in row)
        raise LookupError(f"the reply keyboard in chat {target} has no button {text!r}; its buttons: {shown}")

    def current_reply_keyboard(self, chat_id: int) -> dict[str, Any] | None:
        """The ReplyKeyboardMarkup a client would show in the chat now (None if removed/never sent)."""
        keyboard = self._reply_keyboards.get(chat_id)
        return copy.deepcopy(keyboard) if keyboard is not None else None

    # ------------------------------------------------------------------ messages and updates

    def _next_message_id(self, chat_id: int) -> int:
        message_id = self._next_message_ids.get(chat_id, 0) + 1
        self._next_message_ids[chat_id] = message_id
        return message_id

    def _new_message(
        self,
        chat_id: int,
        sender: dict[str, Any],
        content: dict[str, Any],
        *,
        outgoing: bool,
        markup: dict[str, Any] | None = None,
        parse_mode: str | None = None,
        reply: dict[str, Any] | None = None,
    ) -> StoredMessage:
        message_id = self._next_message_id(chat_id)
        data: dict[str, Any] = {
            "message_id": message_id,
            "from": sender,
            "chat": self._chat_json(chat_id),
            "date": self._now(),
        }
        if reply is not None:
            data["reply_to_message"] = reply
        data.update(content)
        if markup is not None and "inline_keyboard" in markup:
            data["reply_markup"] = markup
        seq = self._bump()
        msg = StoredMessage(
            chat_id,
            message_id,
            outgoing,
            data,
            markup=markup,
            parse_mode=parse_mode,
            created_seq=seq,
            changed_seq=seq,
        )
        self._chats.setdefault(chat_id, []).append(msg)
        self._index[(chat_id, message_id)] = msg
        if outgoing and markup is not None:
            if "keyboard" in markup:
                self._reply_keyboards[chat_id] = markup
            elif markup.get("remove_keyboard"):
                self._reply_keyboards.pop(chat_id, None)
        self._message_event("message_sent" if outgoing else "user_message", msg)
        self._changes.notify()
        return msg

    @staticmethod
    def _reply_json(msg: StoredMessage) -> dict[str, Any]:
        data = msg.public()
        data.pop("reply_to_message", None)
        return data

    def _queue_update(self, kind: str, payload: dict[str, Any]) -> int:
        if self.profile == "bale" and isinstance(payload.get("reply_to_message"), dict):
            payload["reply_to_message"].pop("date", None)  # as in Bale's recorded group replies
        self._last_update_id += 1
        update = {"update_id": self._last_update_id, kind: payload}
        self._updates.append(update)
        self._update_log.append(copy.deepcopy(update))
        self._updates_signal.notify()
        self._changes.notify()
        return self._last_update_id

    def queue_raw_update(self, kind: str, payload: dict[str, Any]) -> int:
        """Queue an update of ``kind`` exactly as given (a shape a platform may send that a bot cannot
        parse, say); returns its update_id."""
        return self._queue_update(kind, copy.deepcopy(payload))

    def dump_updates(self) -> list[dict[str, Any]]:
        """Every Update queued so far (delivered or not), as the platform's JSON."""
        return copy.deepcopy(self._update_log)

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by the bot (getUpdates offset)."""
        return copy.deepcopy(self._updates)

    # ------------------------------------------------------------------ observation

    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        """The conversation as it stands: user and bot messages in order, edits applied,
        deleted ones gone. Bot messages carry any reply_markup they were sent with."""
        return [msg.view() for msg in self._chats.get(chat_id, []) if not msg.deleted]

    def bot_messages(self, chat_id: int) -> list[dict[str, Any]]:
        return [msg.view() for msg in self._chats.get(chat_id, []) if msg.outgoing and not msg.deleted]

    def last_bot_message(self, chat_id: int) -> dict[str, Any] | None:
        messages = self.bot_messages(chat_id)
        return messages[-1] if messages else None

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        msg = self._index.get((chat_id, message_id))
        return msg.view() if msg is not None and not msg.deleted else None

    def calls_to(self, method: str, *, ok: bool | None = None) -> list[ApiCall]:
        """The recorded calls of one method (``ok=True``: only the successful ones)."""
        return [
            call
            for call in self.calls
            if call.method.lower() == method.lower() and (ok is None or (call.status == 200) == ok)
        ]

    def my_commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        return copy.deepcopy(self._commands.get(self._commands_key(scope, language_code), []))

    def snapshot(self) -> dict[str, Any]:
        """The whole simulated world as JSON-serialisable data (for the playground)."""
        return {
            "platform": self.platform,
            "profile": self.profile,
            "refusals": [refusal.to_dict() for refusal in self.refusals],
            "bot": self._bot_user_json(),
            "users": [user.to_dict() for user in self.users.values()],
            "groups": [group.to_dict() for group in self.groups.values()],
            "chats": [
                {
                    "chat": self._chat_json(chat_id),
                    "messages": self.messages(chat_id),
                    "reply_keyboard": self.current_reply_keyboard(chat_id),
                }
                for chat_id in self._chats
            ],
            "callback_answers": copy.deepcopy(self.callback_answers),
            "pending_updates": len(self._updates),
        }

    def export_world(self) -> dict[str, Any]:
        """People, groups, conversations (deleted messages too), files and id counters, as JSON data.

        :meth:`import_world` in a later process continues from it: message, file and update ids go on
        where they stopped, so ids a bot stored (a card's message id, a document's file id) stay valid.
        """
        return {
            "version": 1,
            "users": [user.to_dict() for user in self.users.values()],
            "groups": [group.to_dict() for group in self.groups.values()],
            "messages": [dataclasses.asdict(msg) for chat in self._chats.values() for msg in chat],
            "next_message_ids": {str(k): v for k, v in self._next_message_ids.items()},
            "reply_keyboards": {str(k): copy.deepcopy(v) for k, v in self._reply_keyboards.items()},
            "files": [
                {
                    **{k: v for k, v in dataclasses.asdict(f).items() if k != "data"},
                    "data": base64.b64encode(f.data).decode(),
                }
                for f in self._files.values()
            ],
            "photo_sets": copy.deepcopy(self._photo_sets),
            "file_counter": self._file_counter,
            "last_update_id": self._last_update_id,
            "seq": self._seq,
        }

    def import_world(self, world: dict[str, Any]) -> None:
        """Restore what :meth:`export_world` gave (before the server starts); ValueError if malformed."""
        if self._runner is not None:
            raise RuntimeError("import the world before the server starts")
        if world.get("version") != 1:
            raise ValueError(f"unknown world version {world.get('version')!r}")
        try:
            users = {u["id"]: SimUser(**u) for u in world["users"]}
            groups = {g["id"]: SimGroup(**g) for g in world["groups"]}
            messages = [StoredMessage(**m) for m in world["messages"]]
            files = [StoredFile(**{**f, "data": base64.b64decode(f["data"])}) for f in world["files"]]
            next_ids = {int(k): int(v) for k, v in world["next_message_ids"].items()}
            keyboards = {int(k): v for k, v in world["reply_keyboards"].items()}
            counters = (int(world["file_counter"]), int(world["last_update_id"]), int(world["seq"]))
            photo_sets = {str(k): list(v) for k, v in world["photo_sets"].items()}
        except (KeyError, TypeError, AttributeError, binascii.Error) as error:
            raise ValueError(f"malformed world: {error!r}") from None
        self.users, self.groups = users, groups
        self._chats, self._index = {}, {}
        for msg in messages:
            self._chats.setdefault(msg.chat_id, []).append(msg)
            self._index[(msg.chat_id, msg.message_id)] = msg
        self._files = {f.file_id: f for f in files}
        self._files_by_path = {f.file_path: f for f in files}
        self._next_message_ids, self._reply_keyboards, self._photo_sets = next_ids, keyboards, photo_sets
        self._file_counter, self._last_update_id, self._seq = counters

    def clear_world(self) -> None:
        """Forget every conversation, file, update and callback query (people and groups stay)."""
        self._chats, self._index = {}, {}
        self._next_message_ids, self._reply_keyboards = {}, {}
        self._files, self._files_by_path, self._photo_sets, self._file_links = {}, {}, {}, {}
        self._file_counter = 0
        self._updates, self._update_log, self._last_update_id = [], [], 0
        self._callback_queries, self.callback_answers = {}, {}
        self.chat_actions = []
        self._updates_signal.notify()
        self._changes.notify()

    def _after_threshold(self, chat_id: int, after: int | None) -> int | None:
        if after is None:
            return None
        ref = self._index.get((chat_id, after))
        if ref is not None:
            return ref.created_seq
        earlier = [m.created_seq for m in self._chats.get(chat_id, []) if m.message_id <= after]
        return max(earlier, default=0)

    async def wait_for_bot_message(
        self,
        chat_id: int,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
        after: int | None = None,
    ) -> dict[str, Any]:
        """Wait until a bot message in the chat satisfies ``predicate``; return it (the earliest).

        ``after``: a message id in that chat; only bot messages sent or edited after that message
        was created count. Without it any current or future bot message counts. A predicate that
        raises KeyError/TypeError/IndexError counts as not matching.
        """
        threshold = self._after_threshold(chat_id, after)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            for msg in self._chats.get(chat_id, []):
                if not msg.outgoing or msg.deleted:
                    continue
                if threshold is not None and msg.changed_seq <= threshold:
                    continue
                view = msg.view()
                try:
                    matched = predicate is None or predicate(view)
                except (KeyError, TypeError, IndexError):
                    matched = False
                if matched:
                    return view
            remaining = deadline - loop.time()
            if remaining <= 0 or self._closing:
                condition = getattr(predicate, "__name__", repr(predicate)) if predicate else "any"
                raise TimeoutError(
                    f"no bot message in chat {chat_id} matching {condition}"
                    f"{'' if after is None else f' after message {after}'} within {timeout}s\n"
                    + self.describe_chat(chat_id)
                )
            await self._changes.wait(remaining)

    async def wait_for_text(
        self,
        chat_id: int,
        substring: str,
        timeout: float = 5.0,  # noqa: ASYNC109
        *,
        after: int | None = None,
    ) -> dict[str, Any]:
        """Wait for a bot message whose text or caption contains ``substring``."""

        def contains(message: dict[str, Any]) -> bool:
            return substring in (message.get("text") or message.get("caption") or "")

        contains.__name__ = f"text containing {substring!r}"
        return await self.wait_for_bot_message(chat_id, contains, timeout=timeout, after=after)

    async def wait_for_callback_answer(
        self,
        query_id: str,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> dict[str, Any]:
        """Wait until the bot answered the callback query; return the recorded answer."""
        await self.wait_until(lambda: query_id in self.callback_answers, timeout=timeout)
        return self.callback_answers[query_id]

    async def wait_until(
        self,
        condition: Callable[[], bool],
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> None:
        """Wait until ``condition()`` is true; it is re-checked after every API call and change."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not condition():
            remaining = deadline - loop.time()
            if remaining <= 0 or self._closing:
                name = getattr(condition, "__name__", repr(condition))
                raise TimeoutError(f"condition {name} still false after {timeout}s")
            await self._changes.wait(remaining)

    def describe_chat(self, chat_id: int) -> str:
        """A readable dump of a conversation, for failure messages."""
        lines = [f"chat {chat_id}:"]
        for msg in self._chats.get(chat_id, []):
            data = msg.data
            who = "bot" if msg.outgoing else f"user {data.get('from', {}).get('id')}"
            if "text" in data:
                body = repr(data["text"])
            else:
                kind = next((k for k in CONTENT_KEYS if k in data), "message")
                body = f"[{kind}]" + (f" {data['caption']!r}" if data.get("caption") else "")
            flags = []
            if msg.deleted:
                flags.append("deleted")
            if msg.edit_count:
                flags.append(f"edited x{msg.edit_count}")
            line = f"  #{msg.message_id} {who}: {body}"
            if flags:
                line += f" ({', '.join(flags)})"
            markup = msg.markup if msg.outgoing else None
            if markup and "inline_keyboard" in markup:
                buttons = " | ".join(
                    f"{b.get('text')!r}->{b.get('callback_data', b.get('url'))!r}"
                    for row in markup["inline_keyboard"]
                    for b in row
                )
                line += f"\n      inline: {buttons}"
            elif markup and "keyboard" in markup:
                line += "\n      keyboard: " + " | ".join(
                    repr(b.get("text")) for row in markup["keyboard"] for b in row
                )
            lines.append(line)
        if len(lines) == 1:
            lines.append("  (no messages)")
        return "\n".join(lines)

    # ------------------------------------------------------------------ faults

    def inject_fault(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int | None = 1,
        times: int = 1,
        chat_id: int | None = None,
        description: str | None = None,
    ) -> Fault:
        """Make the next ``times`` calls of ``method`` (optionally to ``chat_id``) fail with
        ``status`` without being applied. 429 carries ``parameters.retry_after``."""
        if method.lower() not in self._methods:
            raise ValueError(f"unknown Bot API method {method!r}")
        fault = Fault(self._methods[method.lower()][0], status, retry_after, times, chat_id, description)
        self.faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        self.faults.clear()

    def _take_fault(self, method: str, params: dict[str, Any]) -> Fault | None:
        for fault in self.faults:
            if fault.matches(method, params.get("chat_id")):
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    # ------------------------------------------------------------------ HTTP

    @staticmethod
    def _json(status: int, payload: dict[str, Any]) -> web.Response:
        return web.json_response(payload, status=status, dumps=_dumps)

    async def _handle_api(self, request: web.Request) -> web.Response:
        name = request.match_info["method"]
        if request.match_info["token"] != self.token:
            self.calls.append(ApiCall(name, {}, self._clock(), 401, "Unauthorized"))
            self._changes.notify()
            return self._json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        entry = self._methods.get(name.lower())
        call = ApiCall(entry[0] if entry else name, {}, self._clock())
        self.calls.append(call)
        payload: dict[str, Any]
        try:
            params = await self._read_params(request)
            call.params = _loggable(params)
            if self.profile == "bale":
                self._check_bale_call(call.method, entry is not None, params)
            if entry is None:
                raise ApiError(404, "Not Found: method not found")
            fault = self._take_fault(call.method, params)
            if fault is None and self.flood is not None:
                fault = self.flood.check(call.method, params.get("chat_id"))
            if fault is not None:
                status, payload = fault.status, fault.payload()
            else:
                result = entry[1](params)
                if inspect.isawaitable(result):
                    result = await result
                status, payload = 200, {"ok": True, "result": result}
        except ApiError as exc:
            status, payload = exc.status, exc.payload()
        except asyncio.CancelledError:
            call.status, call.description = 499, "Client Closed Request"
            self._changes.notify()
            raise
        except Exception as exc:
            _LOGGER.exception("local Bot API server failed on %s", name)
            self.errors.append(exc)
            status, payload = (
                500,
                {"ok": False, "error_code": 500, "description": f"Internal Server Error: {exc!r}"},
            )
        call.status = status
        call.description = payload.get("description")
        self._changes.notify()
        return self._json(status, payload)

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        raw: dict[str, Any] = {key: request.query.getone(key) for key in request.query}
        uploads: dict[str, Upload] = {}
        if request.can_read_body:
            content_type = request.content_type
            if content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise _bad_request("can't parse JSON request body") from None
                if not isinstance(body, dict):
                    raise _bad_request("JSON request body must be an object")
                raw.update(body)
            elif content_type == "multipart/form-data":
                reader = await request.multipart()
                while (part := await reader.next()) is not None:
                    if not isinstance(part, BodyPartReader) or not part.name:
                        raise _bad_request("can't parse multipart request")
                    if part.filename is not None:
                        data = bytes(await part.read(decode=True))
                        uploads[part.name] = Upload(part.filename, part.headers.get("Content-Type"), data)
                    else:
                        value = await part.read(decode=True)
                        raw[part.name] = bytes(value).decode(part.get_charset(default="utf-8"))
            else:
                form = await request.post()
                raw.update({key: value for key, value in form.items() if isinstance(value, str)})
        params = {name: _coerce(name, value) for name, value in raw.items()}
        for name, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                attached = uploads.get(value[len("attach://") :])
                if attached is None:
                    raise _bad_request(f"file for {name} not found in the request")
                params[name] = attached
        for name, upload in uploads.items():
            params.setdefault(name, upload)
        return params

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return self._json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        file_path = request.match_info["file_path"]
        record = self._files_by_path.get(file_path)
        if record is None:
            return self._json(
                404, {"ok": False, "error_code": 404, "description": "Not Found: file not found"}
            )
        issued = self._file_links.get(file_path)
        if self.profile == "bale" and issued is not None and self._clock() - issued > bale.FILE_LINK_SECONDS:
            expired = self._refuse("downloadFile", "download link older than an hour", 404, "Not Found")
            return self._json(expired.status, expired.payload())
        self.downloads.append(file_path)
        return web.Response(body=record.data, content_type=record.mime_type or "application/octet-stream")

    # ------------------------------------------------------------------ the Bale profile

    def _refuse(self, method: str, reason: str, status: int, description: str) -> ApiError:
        """Record a refusal of the profile and return the error to answer with."""
        self.refusals.append(Refusal(method, reason, status, description, self._clock()))
        _LOGGER.info("Bale profile refused %s: %s", method, reason)
        self._changes.notify()
        return ApiError(status, description)

    def _check_bale_call(self, method: str, simulated: bool, params: dict[str, Any]) -> None:
        """Refuse a method, parameter or reply-markup field Bale does not document."""
        if not bale.is_documented(method):
            raise self._refuse(method, f"method {method}", 404, "Not Found: method not found")
        if not simulated:
            return
        unsupported = bale.unsupported_params(method, params)
        if unsupported:
            names = ", ".join(unsupported)
            what = "parameters" if len(unsupported) > 1 else "parameter"
            raise self._refuse(method, f"{what} {names}", 400, f"Bad Request: unsupported {what} {names}")
        problem = bale.markup_problem(params.get("reply_markup"))
        if problem is not None:
            raise self._refuse(
                method,
                f"reply_markup field {problem}",
                400,
                f"Bad Request: unsupported reply_markup field {problem}",
            )

    def _check_bale_age(self, method: str, msg: StoredMessage, verb: str) -> None:
        """Refuse to edit or delete a message sent more than 48 hours ago (server clock)."""
        if self.profile == "bale" and self._clock() - msg.data["date"] > bale.EDIT_WINDOW_SECONDS:
            raise self._refuse(
                method,
                "message older than 48 hours",
                400,
                f"Bad Request: message can't be {verb}: it is older than 48 hours",
            )

    # ------------------------------------------------------------------ request helpers

    def _known_chat(self, chat_id: Any) -> int:
        if chat_id is None or chat_id == "":
            raise _bad_request("chat_id is empty")
        if not isinstance(chat_id, int) or (chat_id not in self.users and chat_id not in self.groups):
            raise _bad_request("chat not found")
        return chat_id

    def _send_target(self, params: dict[str, Any]) -> int:
        """The chat a send method writes to, with Telegram's refusals."""
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise _bad_request("chat_id is empty")
        if not isinstance(chat_id, int):
            raise _bad_request("chat not found")
        if chat_id == self.bot_id:
            raise ApiError(403, "Forbidden: bot can't send messages to bots")
        if chat_id > 0:
            user = self.users.get(chat_id)
            if user is None or not user.started:
                raise ApiError(403, CANT_INITIATE)
            if user.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            return chat_id
        group = self.groups.get(chat_id)
        if group is None:
            raise _bad_request("chat not found")
        if not group.bot_is_member:
            kind = "group" if self.platform == "bale" else "supergroup"
            raise ApiError(403, f"Forbidden: bot is not a member of the {kind} chat")
        return chat_id

    def _format(
        self,
        text: Any,
        parse_mode: Any,
        entities: Any,
        *,
        caption: bool = False,
    ) -> tuple[str, list[dict[str, Any]]]:
        text = "" if text is None else str(text)
        if parse_mode and self.platform == "telegram":
            try:
                text, found = parse_formatted(text, str(parse_mode))
            except EntityParseError as exc:
                raise _bad_request(f"can't parse entities: {exc}") from None
            except ValueError:
                raise _bad_request(f"unsupported parse_mode {parse_mode}") from None
        elif isinstance(entities, list) and self.platform == "telegram":
            found = [dict(e) for e in entities if isinstance(e, dict)]
        else:
            found = []
        text, found = strip_text(text, found)
        if caption:
            if len(text) > MAX_CAPTION_LENGTH:
                raise _bad_request("message caption is too long")
        else:
            if not text:
                raise _bad_request("message text is empty")
            if len(text) > MAX_MESSAGE_LENGTH:
                raise _bad_request("message is too long")
        return text, found

    def _check_markup(self, markup: Any) -> dict[str, Any] | None:
        """Validate a reply_markup like Telegram; normalise keyboard buttons to objects."""
        if markup is None or markup == "":
            return None
        if not isinstance(markup, dict):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
                raise _bad_request(
                    'can\'t parse inline keyboard button: field "inline_keyboard" must be an Array of Arrays'
                )
            for row in rows:
                for button in row:
                    self._check_inline_button(button)
            rows = [row for row in rows if row]
            if not rows:
                return None
            return {**markup, "inline_keyboard": copy.deepcopy(rows)}
        if "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
                raise _bad_request(
                    'can\'t parse keyboard button: field "keyboard" must be an Array of Arrays'
                )
            normalised = []
            for row in rows:
                buttons = []
                for button in row:
                    if isinstance(button, str):
                        button = {"text": button}
                    if (
                        not isinstance(button, dict)
                        or not isinstance(button.get("text"), str)
                        or not button["text"]
                    ):
                        raise _bad_request(
                            'can\'t parse keyboard button: Field "text" must be of type String'
                        )
                    buttons.append(dict(button))
                if buttons:
                    normalised.append(buttons)
            return {**markup, "keyboard": normalised}
        if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
            return dict(markup)
        raise _bad_request("can't parse reply keyboard markup JSON object")

    @staticmethod
    def _check_inline_button(button: Any) -> None:
        if not isinstance(button, dict):
            raise _bad_request("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
        text = button.get("text")
        if not isinstance(text, str) or not text:
            raise _bad_request('can\'t parse inline keyboard button: Field "text" must be of type String')
        if not INLINE_BUTTON_ACTIONS.intersection(button):
            raise _bad_request(
                "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
            )
        if "callback_data" in button:
            data = button["callback_data"]
            if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
                raise _bad_request("BUTTON_DATA_INVALID")
        if "url" in button:
            url = button["url"]
            if not isinstance(url, str) or not re.match(r"(https?|tg)://\S+$", url):
                raise _bad_request("BUTTON_URL_INVALID")

    def _inline_markup(self, params: dict[str, Any]) -> dict[str, Any] | None:
        markup = self._check_markup(params.get("reply_markup"))
        if markup is not None and "inline_keyboard" not in markup:
            raise _bad_request("inline keyboard expected")
        return markup

    def _reply_target(self, chat_id: int, params: dict[str, Any]) -> dict[str, Any] | None:
        reply_parameters = params.get("reply_parameters")
        message_id: Any = None
        allow_missing = bool(params.get("allow_sending_without_reply"))
        source_chat: Any = chat_id
        if isinstance(reply_parameters, dict):
            message_id = reply_parameters.get("message_id")
            allow_missing = bool(reply_parameters.get("allow_sending_without_reply", allow_missing))
            source_chat = _coerce("chat_id", reply_parameters.get("chat_id", chat_id))
        elif params.get("reply_to_message_id") is not None:
            message_id = params["reply_to_message_id"]
        if message_id is None:
            return None
        msg = self._index.get((source_chat, message_id)) if isinstance(message_id, int) else None
        if msg is None or msg.deleted:
            if allow_missing:
                return None
            raise _bad_request("message to be replied not found")
        return self._reply_json(msg)

    def _send(
        self,
        params: dict[str, Any],
        chat_id: int,
        content: dict[str, Any],
        *,
        parse_mode_used: bool = True,
    ) -> StoredMessage:
        markup = self._check_markup(params.get("reply_markup"))
        reply = self._reply_target(chat_id, params)
        return self._new_message(
            chat_id,
            self._bot_user_json(),
            content,
            outgoing=True,
            markup=markup,
            parse_mode=params.get("parse_mode") if parse_mode_used else None,
            reply=reply,
        )

    # ------------------------------------------------------------------ files

    def _store_file(
        self,
        kind: str,
        data: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        width: int | None = None,
        height: int | None = None,
    ) -> StoredFile:
        self._file_counter += 1
        n = self._file_counter
        ext = ""
        if file_name and "." in file_name:
            ext = "." + file_name.rsplit(".", 1)[1]
        elif mime_type:
            ext = mimetypes.guess_extension(mime_type) or ""
        if kind == "photo":
            ext = ext if ext else ".jpg"
        record = StoredFile(
            file_id=f"{_FILE_ID_PREFIX[kind]}{n:06d}",
            file_unique_id=f"AQAD{n:06d}",
            kind=kind,
            data=bytes(data),
            file_path=f"{_FILE_FOLDER[kind]}/file_{n}{ext}",
            mime_type=mime_type,
            file_name=file_name,
            width=width,
            height=height,
        )
        self._files[record.file_id] = record
        self._files_by_path[record.file_path] = record
        return record

    def _store_photo(self, data: bytes, size: tuple[int, int] | None = None) -> list[dict[str, Any]]:
        width, height = size or image_size(data) or (800, 600)
        scale = min(1.0, 90 / max(width, height, 1))
        small = self._store_file(
            "photo",
            data,
            mime_type="image/jpeg",
            width=max(1, round(width * scale)),
            height=max(1, round(height * scale)),
        )
        big = self._store_file("photo", data, mime_type="image/jpeg", width=width, height=height)
        ids = [small.file_id, big.file_id]
        self._photo_sets[small.file_id] = ids
        self._photo_sets[big.file_id] = ids
        return [small.photo_size_json(), big.photo_size_json()]

    def file_bytes(self, file_id: str) -> bytes:
        """The stored bytes of a file (e.g. a document the bot sent)."""
        return self._files[file_id].data

    def _existing_file(self, value: str, kind: str) -> StoredFile:
        if re.match(r"https?://", value):
            raise _bad_request("failed to get HTTP URL content")
        record = self._files.get(value)
        if record is None:
            raise _bad_request("wrong file identifier/HTTP URL specified")
        if record.kind != kind:
            raise _bad_request(f"can't use file of type {record.kind.capitalize()} as {kind.capitalize()}")
        return record

    @staticmethod
    def _upload_of(params: dict[str, Any], name: str) -> Upload | str:
        value = params.get(name)
        if value is None or value == "":
            raise _bad_request(f"there is no {name} in the request")
        if isinstance(value, Upload):
            if not value.data:
                raise _bad_request("file must be non-empty")
            if len(value.data) > MAX_UPLOAD_BYTES:
                raise ApiError(413, "Request Entity Too Large")
            return value
        if not isinstance(value, str):
            raise _bad_request(f"wrong {name} specified")
        return value

    def _caption_content(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("caption") in (None, ""):
            return {}
        caption, entities = self._format(
            params["caption"], params.get("parse_mode"), params.get("caption_entities"), caption=True
        )
        content: dict[str, Any] = {}
        if caption:
            content["caption"] = caption
        if entities:
            content["caption_entities"] = entities
        return content

    # ------------------------------------------------------------------ Bot API methods

    def _m_true(self, params: dict[str, Any]) -> bool:
        return True

    def _m_get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        if self.profile == "bale":
            return self._bot_user_json()  # Bale's getMe is the bare User
        return {
            **self._bot_user_json(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _m_set_webhook(self, params: dict[str, Any]) -> bool:
        if params.get("url"):
            raise _bad_request("webhooks are not supported by the local Bot API server; use getUpdates")
        return True

    def _m_delete_webhook(self, params: dict[str, Any]) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _m_get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": len(self._updates)}

    def _confirm_updates(self, offset: Any) -> None:
        if not isinstance(offset, int) or offset == 0:
            return
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        else:
            self._updates = self._updates[offset:]

    def _deliverable(self, limit: int) -> list[dict[str, Any]]:
        allowed = self._allowed_updates
        if allowed:
            self._updates = [u for u in self._updates if any(kind in u for kind in allowed)]
        return copy.deepcopy(self._updates[:limit])

    async def _m_get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        limit = params.get("limit") or 100
        limit = min(max(int(limit), 1), 100)
        timeout = min(max(float(params.get("timeout") or 0), 0.0), MAX_POLL_TIMEOUT)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed]
        self._confirm_updates(params.get("offset"))
        # A newer getUpdates terminates an older pending one with 409, like Telegram.
        self._poll_generation += 1
        generation = self._poll_generation
        self._updates_signal.notify()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if generation != self._poll_generation:
                raise ApiError(409, CONFLICT)
            if self._closing:
                return []
            batch = self._deliverable(limit)
            if batch:
                return batch
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            await self._updates_signal.wait(remaining)

    def _m_send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._send_target(params)
        text, entities = self._format(params.get("text"), params.get("parse_mode"), params.get("entities"))
        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = entities
        return self._send(params, chat_id, content).public()

    def _source_message(self, params: dict[str, Any], what: str) -> StoredMessage:
        from_chat = params.get("from_chat_id")
        if from_chat is None or from_chat == "":
            raise _bad_request("from_chat_id is empty")
        self._known_chat(from_chat)
        message_id = params.get("message_id")
        if message_id is None:
            raise _bad_request("message identifier is not specified")
        msg = self._index.get((from_chat, message_id))
        if msg is None or msg.deleted:
            raise _bad_request(f"message to {what} not found")
        return msg

    def _m_forward_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._send_target(params)
        source = self._source_message(params, "forward")
        content: dict[str, Any] = {
            "forward_origin": {
                "type": "user",
                "sender_user": source.data["from"],
                "date": source.data["date"],
            }
        }
        content.update({k: copy.deepcopy(source.data[k]) for k in CONTENT_KEYS if k in source.data})
        msg = self._new_message(chat_id, self._bot_user_json(), content, outgoing=True)
        return msg.public()

    def _m_copy_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._send_target(params)
        source = self._source_message(params, "copy")
        content = {k: copy.deepcopy(source.data[k]) for k in CONTENT_KEYS if k in source.data}
        if "caption" in params and any(k in content for k in MEDIA_KEYS):
            content.pop("caption", None)
            content.pop("caption_entities", None)
            content.update(self._caption_content(params))
        msg = self._send(params, chat_id, content)
        return {"message_id": msg.message_id}

    def _m_send_photo(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._send_target(params)
        photo = self._upload_of(params, "photo")
        caption = self._caption_content(params)
        if isinstance(photo, Upload):
            size = image_size(photo.data)
            if size is None:
                raise _bad_request("IMAGE_PROCESS_FAILED")
            sizes = self._store_photo(photo.data, size)
        else:
            record = self._existing_file(photo, "photo")
            sizes = [
                self._files[fid].photo_size_json()
                for fid in self._photo_sets.get(record.file_id, [record.file_id])
            ]
        return self._send(params, chat_id, {"photo": sizes, **caption}).public()

    def _m_send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._send_target(params)
        document = self._upload_of(params, "document")
        caption = self._caption_content(params)
        if isinstance(document, Upload):
            mime = document.content_type
            if not mime or mime == "application/octet-stream":
                mime = mimetypes.guess_type(document.filename)[0] or mime or "application/octet-stream"
            record = self._store_file("document", document.data, file_name=document.filename, mime_type=mime)
        else:
            record = self._existing_file(document, "document")
        return self._send(params, chat_id, {"document": record.document_json(), **caption}).public()

    def _m_send_chat_action(self, params: dict[str, Any]) -> bool:
        chat_id = self._send_target(params)
        action = params.get("action")
        if not action:
            raise _bad_request("action is empty")
        if action not in CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        if self.profile == "bale" and action not in bale.CHAT_ACTIONS:
            raise self._refuse(
                "sendChatAction", f"action {action}", 400, "Bad Request: wrong parameter action in request"
            )
        entry = {"chat_id": chat_id, "action": action, "time": self._clock()}
        self.chat_actions.append(entry)
        self._emit({"type": "chat_action", **entry})
        return True

    def _m_get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = params.get("file_id")
        if not file_id:
            raise _bad_request("file_id is empty")
        record = self._files.get(str(file_id))
        if record is None:
            raise _bad_request("invalid file_id")
        if record.file_size > MAX_DOWNLOAD_BYTES:
            raise _bad_request("file is too big")
        self._file_links[record.file_path] = self._clock()
        return record.file_json()

    def _editable(self, params: dict[str, Any], method: str) -> StoredMessage:
        if params.get("inline_message_id"):
            raise _bad_request("MESSAGE_ID_INVALID")
        chat_id = self._known_chat(params.get("chat_id"))
        message_id = params.get("message_id")
        if message_id is None:
            raise _bad_request("message identifier is not specified")
        msg = self._index.get((chat_id, message_id))
        if msg is None or msg.deleted:
            raise _bad_request("message to edit not found")
        if not msg.outgoing:
            raise _bad_request("message can't be edited")
        self._check_bale_age(method, msg, "edited")
        return msg

    def _apply_edit(
        self,
        msg: StoredMessage,
        params: dict[str, Any],
        updates: dict[str, Any],
        inline_markup: dict[str, Any] | None,
    ) -> dict[str, Any]:
        for key, value in updates.items():
            if value is None or value == []:
                msg.data.pop(key, None)
            else:
                msg.data[key] = value
        if inline_markup is None:
            msg.data.pop("reply_markup", None)
        else:
            msg.data["reply_markup"] = inline_markup
        msg.markup = inline_markup
        if "parse_mode" in params:
            msg.parse_mode = params.get("parse_mode")
        msg.data["edit_date"] = self._now()
        msg.edit_count += 1
        msg.changed_seq = self._bump()
        self._message_event("message_edited", msg)
        self._changes.notify()
        return msg.public()

    def _m_edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        msg = self._editable(params, "editMessageText")
        if "text" not in msg.data:
            raise _bad_request("there is no text in the message to edit")
        text, entities = self._format(params.get("text"), params.get("parse_mode"), params.get("entities"))
        markup = self._inline_markup(params)
        if (
            text == msg.data["text"]
            and entities == msg.data.get("entities", [])
            and markup == msg.data.get("reply_markup")
        ):
            raise _bad_request(NOT_MODIFIED)
        return self._apply_edit(msg, params, {"text": text, "entities": entities}, markup)

    def _m_edit_message_caption(self, params: dict[str, Any]) -> dict[str, Any]:
        msg = self._editable(params, "editMessageCaption")
        if not any(key in msg.data for key in MEDIA_KEYS):
            raise _bad_request("there is no caption in the message to edit")
        content = self._caption_content(params)
        caption, entities = content.get("caption"), content.get("caption_entities", [])
        markup = self._inline_markup(params)
        if (
            caption == msg.data.get("caption")
            and entities == msg.data.get("caption_entities", [])
            and markup == msg.data.get("reply_markup")
        ):
            raise _bad_request(NOT_MODIFIED)
        return self._apply_edit(msg, params, {"caption": caption, "caption_entities": entities}, markup)

    def _m_edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        msg = self._editable(params, "editMessageReplyMarkup")
        markup = self._inline_markup(params)
        if markup == msg.data.get("reply_markup"):
            raise _bad_request(NOT_MODIFIED)
        return self._apply_edit(msg, {}, {}, markup)

    def _m_delete_message(self, params: dict[str, Any]) -> bool:
        chat_id = self._known_chat(params.get("chat_id"))
        message_id = params.get("message_id")
        if message_id is None:
            raise _bad_request("message identifier is not specified")
        msg = self._index.get((chat_id, message_id))
        if msg is None or msg.deleted:
            raise _bad_request("message to delete not found")
        if not msg.outgoing and chat_id in self.groups and not self.groups[chat_id].bot_is_admin:
            raise _bad_request("message can't be deleted")
        self._check_bale_age("deleteMessage", msg, "deleted")
        msg.deleted = True
        msg.changed_seq = self._bump()
        self._message_event("message_deleted", msg)
        self._changes.notify()
        return True

    def _m_answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = params.get("callback_query_id")
        if not query_id:
            raise _bad_request("query_id is empty")
        query = self._callback_queries.get(str(query_id))
        if query is None or query["answered"]:
            raise _bad_request(QUERY_INVALID)
        text = params.get("text")
        if text is not None and len(str(text)) > MAX_CALLBACK_ANSWER_LENGTH:
            raise _bad_request("MESSAGE_TOO_LONG")
        query["answered"] = True
        answer = {
            "text": text,
            "show_alert": bool(params.get("show_alert", False)),
            "url": params.get("url"),
            "cache_time": params.get("cache_time"),
            "time": self._clock(),
            "user_id": query["user_id"],
            "chat_id": query["chat_id"],
            "message_id": query["message_id"],
            "data": query["data"],
        }
        self.callback_answers[str(query_id)] = answer
        self._emit({"type": "callback_answered", "query_id": str(query_id), **answer})
        return True

    @staticmethod
    def _commands_key(scope: Any, language_code: Any) -> tuple[str, str]:
        scope = scope if isinstance(scope, dict) and scope else {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(language_code or "")

    def _check_scope(self, params: dict[str, Any]) -> None:
        scope = params.get("scope")
        if scope is None:
            return
        if not isinstance(scope, dict) or scope.get("type") not in COMMAND_SCOPES:
            raise _bad_request("can't parse BotCommandScope JSON object")

    def _m_set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if commands is None:
            raise _bad_request("commands is empty")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad_request("can't parse commands JSON object")
        self._check_scope(params)
        stored = []
        for command in commands:
            if not isinstance(command, dict):
                raise _bad_request("can't parse BotCommand JSON object")
            name, description = command.get("command"), command.get("description")
            if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            stored.append({"command": name, "description": description})
        self._commands[self._commands_key(params.get("scope"), params.get("language_code"))] = stored
        return True

    def _m_get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self._check_scope(params)
        return copy.deepcopy(
            self._commands.get(self._commands_key(params.get("scope"), params.get("language_code")), [])
        )

    def _m_delete_my_commands(self, params: dict[str, Any]) -> bool:
        self._check_scope(params)
        self._commands.pop(self._commands_key(params.get("scope"), params.get("language_code")), None)
        return True

    def _m_get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._known_chat(params.get("chat_id"))
        info = self._chat_json(chat_id)
        if self.profile == "bale":
            return info  # Bale's chat info has none of Telegram's ChatFullInfo extras
        info.update(
            accent_color_id=0,
            max_reaction_count=11,
            accepted_gift_types={
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        )
        return info

    def _m_get_chat_member(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._known_chat(params.get("chat_id"))
        user_id = params.get("user_id")
        if user_id is None:
            raise _bad_request("user_id is empty")
        if user_id == self.bot_id:
            user_json = self._bot_user_json()
            if chat_id in self.groups:
                group = self.groups[chat_id]
                status = (
                    "administrator" if group.bot_is_admin else "member" if group.bot_is_member else "left"
                )
            else:
                status = "member"
        else:
            user = self.users.get(user_id) if isinstance(user_id, int) else None
            if user is None:
                raise _bad_request("user not found")
            user_json = user.to_json(self.platform)
            if chat_id in self.groups:
                status = self.groups[chat_id].status_of(user_id)
            else:
                status = "member" if chat_id == user_id else "left"
        if status == "creator":
            return {"user": user_json, "status": "creator", "is_anonymous": False}
        if status == "administrator":
            return {
                "user": user_json,
                "status": "administrator",
                "can_be_edited": False,
                "is_anonymous": False,
                "can_manage_chat": True,
                "can_delete_messages": True,
                "can_manage_video_chats": True,
                "can_restrict_members": True,
                "can_promote_members": False,
                "can_change_info": True,
                "can_invite_users": True,
                "can_post_stories": False,
                "can_edit_stories": False,
                "can_delete_stories": False,
                "can_pin_messages": True,
                "can_manage_topics": False,
            }
        return {"user": user_json, "status": status}

    def _m_set_chat_menu_button(self, params: dict[str, Any]) -> bool:
        chat_id = params.get("chat_id")
        if chat_id is not None:
            chat_id = self._known_chat(chat_id)
            if chat_id < 0:
                raise _bad_request("chat not found")
        button = params.get("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in ("commands", "web_app", "default"):
            raise _bad_request("can't parse menu button JSON object")
        self.menu_buttons[chat_id] = dict(button)
        return True

    def _m_get_chat_menu_button(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = params.get("chat_id")
        if chat_id is not None:
            chat_id = self._known_chat(chat_id)
        button = self.menu_buttons.get(chat_id) or self.menu_buttons.get(None) or {"type": "default"}
        return dict(button)
