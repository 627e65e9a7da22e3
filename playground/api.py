"""The playground page and its JSON/WebSocket API, added as routes to the local Bot API server.

The page acts for the simulated people through the server's public simulation methods (``send_text``,
``press``, ``share_contact``...), receives every change of a conversation over a WebSocket (the
server's ``subscribe`` events), and moves the office's clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import mimetypes
import re
import zoneinfo
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import WSCloseCode, WSMsgType, web

import documents
from domain.jalali import format_jalali_date, to_gregorian
from domain.text import normalize_digits
from domain.validators import InvalidInput, parse_jalali_date
from localapi.models import image_size
from localapi.server import BotApiServer
from playground.sample import Person, mobile_of, national_id_of
from services.clock import Clock
from services.render import jalali_time

_LOG = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent / "web"
FONTS_DIR = Path(documents.__file__).resolve().parent / "fonts"
_STATIC = {"index.html": "text/html", "app.js": "text/javascript", "style.css": "text/css"}
_FONTS = {"Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf"}
_LOCAL_HOSTS = ("127.0.0.1", "localhost")
_TIME_RE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
#: The farthest the clock moves in one step (a year and a bit).
MAX_ADVANCE = dt.timedelta(days=400)
MAX_TEXT = 4096

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Refused(Exception):
    """A page request the playground refuses; ``code`` is shown by the page in Persian."""

    def __init__(self, code: str, status: int = 400) -> None:
        super().__init__(code)
        self.code = code
        self.status = status


def _sniff(data: bytes) -> str:
    """The MIME type of stored bytes (the bot's PDFs, photos), for the browser."""
    if data.startswith(b"%PDF"):
        return "application/pdf"
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"


class PlaygroundApi:
    """Serves the page, acts for the simulated people, streams conversation events, moves the clock."""

    def __init__(
        self,
        server: BotApiServer,
        clock: Clock,
        zone: zoneinfo.ZoneInfo,
        *,
        people: Sequence[Person],
        group_id: int,
        group_title: str,
        group_about: str,
    ) -> None:
        self.server = server
        self.clock = clock
        self.zone = zone
        self.people = list(people)
        self.group_id = group_id
        self.group_title = group_title
        self.group_about = group_about
        self._sockets: set[web.WebSocketResponse] = set()
        self._queues: set[asyncio.Queue[dict[str, Any] | None]] = set()
        self._unsubscribe: Callable[[], None] | None = None
        #: Starts the sample office over (the playground sets it); None: resetting is refused.
        self.reset_office: Callable[[], Awaitable[None]] | None = None

    # ------------------------------------------------------------------ wiring

    def install(self) -> None:
        """Add the page's routes to the server's aiohttp app (before it starts) and subscribe to events."""
        r = self.server.app.router
        r.add_get("/", self._page)
        r.add_get("/static/{name}", self._static)
        r.add_get("/fonts/{name}", self._font)
        r.add_get("/api/state", self._guard(self._state))
        r.add_get("/api/ws", self._socket)
        r.add_get("/api/file/{file_id}", self._guard(self._file))
        r.add_post("/api/send", self._guard(self._send))
        r.add_post("/api/contact", self._guard(self._contact))
        r.add_post("/api/press", self._guard(self._press))
        r.add_post("/api/reply-button", self._guard(self._reply_button))
        r.add_post("/api/upload", self._guard(self._upload))
        r.add_post("/api/clock", self._guard(self._advance))
        r.add_post("/api/reset", self._guard(self._reset))
        self._unsubscribe = self.server.subscribe(self._on_event)

    async def close(self) -> None:
        """Close every open page connection (before the server stops)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        for queue in list(self._queues):
            queue.put_nowait(None)
        for ws in list(self._sockets):
            await ws.close(code=WSCloseCode.GOING_AWAY)

    def _local(self, request: web.Request) -> bool:
        """Whether the request names this loopback server as its host (no DNS rebinding)."""
        host, _, port = (request.host or "").rpartition(":")
        return host in _LOCAL_HOSTS and port == str(self.server.port)

    def _guard(self, handler: Handler) -> Handler:
        """Refuse foreign hosts; turn refusals and bad input into a JSON error."""

        async def guarded(request: web.Request) -> web.StreamResponse:
            if not self._local(request):
                return web.json_response({"ok": False, "error": "host"}, status=403)
            try:
                return await handler(request)
            except Refused as refused:
                return web.json_response({"ok": False, "error": refused.code}, status=refused.status)
            except (ValueError, LookupError) as error:  # what the simulation methods raise for bad input
                return web.json_response({"ok": False, "error": "refused", "detail": str(error)}, status=400)

        return guarded

    # ------------------------------------------------------------------ the page

    async def _page(self, request: web.Request) -> web.StreamResponse:
        if not self._local(request):
            raise web.HTTPForbidden()
        return web.FileResponse(WEB_DIR / "index.html", headers={"Cache-Control": "no-store"})

    async def _static(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name not in _STATIC or not self._local(request):
            raise web.HTTPNotFound()
        return web.FileResponse(
            WEB_DIR / name, headers={"Cache-Control": "no-store", "Content-Type": _STATIC[name]}
        )

    async def _font(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name not in _FONTS or not self._local(request):
            raise web.HTTPNotFound()
        return web.FileResponse(FONTS_DIR / name, headers={"Content-Type": "font/ttf"})

    # ------------------------------------------------------------------ state

    def clock_info(self) -> dict[str, Any]:
        """The office's time for the page: ISO, Jalali text, and how far ahead of real time."""
        now = self.clock.now()
        local = now.astimezone(self.zone)
        return {
            "now": now.isoformat(),
            "text": jalali_time(now, self.zone),
            "date": format_jalali_date(local.date()),
            "time": f"{local.hour:02d}:{local.minute:02d}",
            "offset": int(self.clock.offset.total_seconds()),
        }

    def _person_json(self, person: Person) -> dict[str, Any]:
        return {
            "id": person.user_id,
            "key": person.key,
            "first_name": person.first_name,
            "name": f"{person.first_name} {person.last_name}",
            "about": person.about,
            "staff": person.staff,
            "phone": mobile_of(person),
            "national_id": national_id_of(person),
        }

    def _chat_json(self, chat_id: int) -> dict[str, Any]:
        return {
            "messages": self.server.messages(chat_id),
            "reply_keyboard": self.server.current_reply_keyboard(chat_id),
        }

    def state(self) -> dict[str, Any]:
        """Everything the page shows: the people, their chats with the bot, the group, the clock."""
        staff = [p for p in self.people if p.staff]
        chats: list[dict[str, Any]] = []
        for person in self.people:
            if person.staff:
                continue
            chats.append(
                {
                    "id": person.user_id,
                    "type": "private",
                    "person": self._person_json(person),
                    **self._chat_json(person.user_id),
                }
            )
        chats.append(
            {
                "id": self.group_id,
                "type": "group",
                "title": self.group_title,
                "about": self.group_about,
                "members": [self._person_json(p) for p in staff],
                **self._chat_json(self.group_id),
            }
        )
        for person in staff:
            chats.append(
                {
                    "id": person.user_id,
                    "type": "private",
                    "person": self._person_json(person),
                    **self._chat_json(person.user_id),
                }
            )
        bot = {
            "id": self.server.bot_id,
            "first_name": self.server.bot_name,
            "username": self.server.bot_username,
        }
        return {
            "ok": True,
            "bot": bot,
            "platform": self.server.platform,
            "zone": self.zone.key,
            "clock": self.clock_info(),
            "chats": chats,
        }

    async def _state(self, request: web.Request) -> web.StreamResponse:
        return web.json_response(self.state(), dumps=_dumps)

    # ------------------------------------------------------------------ live events

    def _on_event(self, event: dict[str, Any]) -> None:
        """A server event, enriched with the chat's reply keyboard, to every open page."""
        out = dict(event)
        chat_id = event.get("chat_id")
        if event.get("type") in (
            "message_sent",
            "user_message",
            "message_edited",
            "message_deleted",
        ) and isinstance(chat_id, int):
            out["reply_keyboard"] = self.server.current_reply_keyboard(chat_id)
        self.broadcast(out)

    def broadcast(self, event: dict[str, Any]) -> None:
        """Queue one event for every connected page."""
        for queue in list(self._queues):
            queue.put_nowait(event)

    async def _socket(self, request: web.Request) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        if not self._local(request) or (origin is not None and origin != f"http://{request.host}"):
            raise web.HTTPForbidden()
        ws = web.WebSocketResponse(heartbeat=20)
        await ws.prepare(request)
        queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self._sockets.add(ws)
        self._queues.add(queue)

        async def pump() -> None:
            await ws.send_str(_dumps({"type": "hello", "clock": self.clock_info()}))
            while (event := await queue.get()) is not None:
                await ws.send_str(_dumps(event))

        writer = asyncio.create_task(pump(), name="playground-ws")
        try:
            async for message in ws:
                if message.type == WSMsgType.ERROR:
                    break
        finally:
            self._queues.discard(queue)
            self._sockets.discard(ws)
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError, ConnectionError, RuntimeError):
                await writer
        return ws

    # ------------------------------------------------------------------ acting for people

    @staticmethod
    async def _body(request: web.Request) -> dict[str, Any]:
        if request.content_type != "application/json":
            raise Refused("json")  # a plain form post from another site can't reach these actions
        try:
            body = await request.json()
        except ValueError:
            raise Refused("json") from None
        if not isinstance(body, dict):
            raise Refused("json")
        return body

    def _actor(self, body: dict[str, Any]) -> tuple[int, int | None]:
        """(user id, chat id or None for the user's private chat) of an action, checked."""
        user_id, chat_id = body.get("user_id"), body.get("chat_id")
        if not isinstance(user_id, int) or user_id not in self.server.users:
            raise Refused("user")
        if chat_id is None or chat_id == user_id:
            return user_id, None
        if chat_id != self.group_id or not self.server.groups[self.group_id].is_member(user_id):
            raise Refused("chat")
        return user_id, chat_id

    async def _send(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request)
        user_id, chat_id = self._actor(body)
        text = body.get("text")
        if not isinstance(text, str) or not text.strip():
            raise Refused("empty")
        reply_to = body.get("reply_to")
        message = self.server.send_text(
            user_id,
            text[:MAX_TEXT],
            chat_id=chat_id,
            reply_to=reply_to if isinstance(reply_to, int) else None,
        )
        return web.json_response({"ok": True, "message": message}, dumps=_dumps)

    async def _contact(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request)
        user_id, chat_id = self._actor(body)
        phone = self.server.users[user_id].phone
        if not phone:
            raise Refused("no_phone")
        message = self.server.share_contact(user_id, phone, chat_id=chat_id)
        return web.json_response({"ok": True, "message": message}, dumps=_dumps)

    async def _press(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request)
        user_id, chat_id = self._actor(body)
        message_id, data = body.get("message_id"), body.get("data")
        if not isinstance(message_id, int) or not isinstance(data, str):
            raise Refused("button")
        query_id = self.server.press(user_id, message_id, data, chat_id=chat_id)
        return web.json_response({"ok": True, "query_id": query_id})

    async def _reply_button(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request)
        user_id, chat_id = self._actor(body)
        text = body.get("text")
        if not isinstance(text, str):
            raise Refused("button")
        message = self.server.press_reply_button(user_id, text, chat_id=chat_id)
        return web.json_response({"ok": True, "message": message}, dumps=_dumps)

    async def _upload(self, request: web.Request) -> web.StreamResponse:
        if not request.content_type.startswith("multipart/"):
            raise Refused("upload")
        form = await request.post()
        upload = form.get("file")
        if not isinstance(upload, web.FileField):
            raise Refused("upload")
        try:
            fields = {"user_id": int(str(form.get("user_id"))), "chat_id": int(str(form.get("chat_id")))}
        except ValueError:
            raise Refused("user") from None
        user_id, chat_id = self._actor(fields)
        data = upload.file.read()
        caption = str(form.get("caption") or "").strip() or None
        mime = upload.content_type or mimetypes.guess_type(upload.filename)[0] or "application/octet-stream"
        if mime.startswith("image/") and mime != "image/webp" and image_size(data) is not None:
            message = self.server.send_photo(user_id, data, caption=caption, chat_id=chat_id)
        else:
            message = self.server.send_document(
                user_id, data, upload.filename or "file", mime, caption=caption, chat_id=chat_id
            )
        return web.json_response({"ok": True, "message": message}, dumps=_dumps)

    async def _file(self, request: web.Request) -> web.StreamResponse:
        file_id = request.match_info["file_id"]
        try:
            data = self.server.file_bytes(file_id)
        except KeyError:
            raise Refused("file", status=404) from None
        name = request.query.get("name") or file_id
        mime = mimetypes.guess_type(name)[0] if "." in name else None
        disposition = "attachment" if request.query.get("download") else "inline"
        return web.Response(
            body=data,
            content_type=mime or _sniff(data),
            headers={"Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(name)}"},
        )

    # ------------------------------------------------------------------ the clock

    def _target(self, body: dict[str, Any]) -> dt.timedelta:
        """How far to move the clock: ``minutes``, ``hours`` or ``days``, or ``to`` a Jalali date and time."""
        for unit in ("minutes", "hours", "days"):
            value = body.get(unit)
            if value is not None:
                if not isinstance(value, int | float) or value <= 0:
                    raise Refused("amount")
                return dt.timedelta(**{unit: value})
        date_text, time_text = body.get("date"), body.get("time") or "00:00"
        if not isinstance(date_text, str) or not isinstance(time_text, str):
            raise Refused("amount")
        try:
            day = to_gregorian(parse_jalali_date(date_text))
        except InvalidInput:
            raise Refused("date") from None
        match = _TIME_RE.fullmatch(normalize_digits(time_text))
        if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise Refused("time")
        moment = dt.datetime.combine(day, dt.time(int(match.group(1)), int(match.group(2))), self.zone)
        delta = moment - self.clock.now()
        if delta <= dt.timedelta(0):
            raise Refused("past")
        return delta

    async def _advance(self, request: web.Request) -> web.StreamResponse:
        delta = self._target(await self._body(request))
        if delta > MAX_ADVANCE:
            raise Refused("too_far")
        self.clock.advance(delta)
        _LOG.info("playground clock moved %s ahead; now %s", delta, self.clock.now().isoformat())
        info = self.clock_info()
        self.broadcast({"type": "clock", "clock": info})
        return web.json_response({"ok": True, "clock": info})

    # ------------------------------------------------------------------ starting over

    async def _reset(self, request: web.Request) -> web.StreamResponse:
        """Delete the data and load the sample office again; the body must be {"confirm": true}."""
        body = await self._body(request)
        if body.get("confirm") is not True:
            raise Refused("confirm")
        if self.reset_office is None:
            raise Refused("refused")
        await self.reset_office()
        info = self.clock_info()
        self.broadcast({"type": "reset", "clock": info})
        return web.json_response({"ok": True, "clock": info})


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)
