"""Tests of the local Bot API server: raw HTTP with aiohttp, and a real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import struct
import time
import zlib
from collections.abc import AsyncIterator
from typing import Any, TypeVar

import aiohttp
import pytest
import telegram
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from localapi.server import BOT_API_SERVER_KEY, BotApiServer

ALI = 1001
SARA = 1002
GROUP = -100500
T = TypeVar("T")


def png_bytes(width: int = 4, height: int = 3) -> bytes:
    """A tiny valid PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def must(value: T | None) -> T:
    assert value is not None
    return value


@pytest.fixture
async def api() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as server:
        server.add_user(ALI, "Ali", "Rezaei", username="ali", phone="+989121111111")
        server.add_user(SARA, "Sara", phone="+989122222222")
        yield server


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


class Raw:
    """Raw Bot API calls."""

    def __init__(self, api: BotApiServer, session: aiohttp.ClientSession) -> None:
        self.api = api
        self.session = session

    async def __call__(self, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
        async with self.session.post(f"{self.api.api_url}/{method}", json=params) as response:
            return response.status, await response.json()

    async def ok(self, method: str, **params: Any) -> Any:
        status, body = await self(method, **params)
        assert status == 200, body
        assert body["ok"] is True
        return body["result"]

    async def error(self, method: str, status: int, **params: Any) -> str:
        got, body = await self(method, **params)
        assert got == status, body
        assert body["ok"] is False
        assert body["error_code"] == status
        return str(body["description"])


@pytest.fixture
def raw(api: BotApiServer, session: aiohttp.ClientSession) -> Raw:
    return Raw(api, session)


INLINE = {
    "inline_keyboard": [[{"text": "Yes", "callback_data": "yes"}, {"text": "No", "callback_data": "no"}]]
}


# --------------------------------------------------------------------------- server basics


async def test_start_binds_loopback_only_and_exposes_urls() -> None:
    server = BotApiServer()
    with pytest.raises(ValueError, match="loopback"):
        await server.start(host="0.0.0.0")
    with pytest.raises(ValueError, match="loopback"):
        await server.start(host="example.org")
    await server.start()
    try:
        assert server.base_url == f"http://127.0.0.1:{server.port}/bot"
        assert server.file_base_url == f"http://127.0.0.1:{server.port}/file/bot"
        assert server.app[BOT_API_SERVER_KEY] is server
    finally:
        await server.stop()


async def test_unknown_token_and_unknown_method(api: BotApiServer, session: aiohttp.ClientSession) -> None:
    async with session.get(f"{api.base_url}999:WRONG/getMe") as response:
        assert response.status == 401
        assert await response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    async with session.post(f"{api.api_url}/sendPoll", json={"chat_id": ALI}) as response:
        assert response.status == 404
        body = await response.json()
        assert body == {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
    assert api.calls[-1].method == "sendPoll"
    assert api.calls[-1].status == 404


async def test_service_methods(raw: Raw, api: BotApiServer) -> None:
    me = await raw.ok("getMe")
    assert me["id"] == api.bot_id
    assert me["is_bot"] is True
    assert me["username"] == "refah_bot"
    assert await raw.ok("deleteWebhook", drop_pending_updates=True) is True
    assert "Bad Request" in await raw.error("setWebhook", 400, url="https://example.org/hook")
    info = await raw.ok("getWebhookInfo")
    assert info["url"] == ""
    assert info["pending_update_count"] == 0
    assert await raw.ok("logOut") is True
    assert await raw.ok("close") is True
    # method names are case-insensitive, like Telegram's
    assert (await raw.ok("getme"))["id"] == api.bot_id


async def test_parameter_encodings(api: BotApiServer, session: aiohttp.ClientSession) -> None:
    markup = json.dumps(INLINE)
    url = f"{api.api_url}/sendMessage"
    async with session.get(url, params={"chat_id": str(ALI), "text": "query", "reply_markup": markup}) as r:
        assert r.status == 200
    async with session.post(url, data={"chat_id": str(ALI), "text": "form", "reply_markup": markup}) as r:
        assert r.status == 200
    async with session.post(url, json={"chat_id": ALI, "text": "json", "reply_markup": INLINE}) as r:
        assert r.status == 200
    form = aiohttp.FormData()
    form.add_field("chat_id", str(ALI))
    form.add_field("text", "multipart")
    form.add_field("reply_markup", markup)
    async with session.post(url, data=form) as r:
        assert r.status == 200
    texts = [m["text"] for m in api.bot_messages(ALI)]
    assert texts == ["query", "form", "json", "multipart"]
    assert all(m["reply_markup"] == INLINE for m in api.bot_messages(ALI))
    assert [c.params["chat_id"] for c in api.calls_to("sendMessage")] == [ALI] * 4


async def test_missing_and_invalid_params(raw: Raw) -> None:
    assert await raw.error("sendMessage", 400, text="hi") == "Bad Request: chat_id is empty"
    assert await raw.error("sendMessage", 400, chat_id=ALI) == "Bad Request: message text is empty"
    assert (
        await raw.error("sendMessage", 400, chat_id=ALI, text="   ") == "Bad Request: message text is empty"
    )
    assert (
        await raw.error("sendMessage", 400, chat_id=ALI, text="x" * 4097)
        == "Bad Request: message is too long"
    )
    assert (await raw.ok("sendMessage", chat_id=ALI, text="x" * 4096))["text"] == "x" * 4096
    assert await raw.error("answerCallbackQuery", 400) == "Bad Request: query_id is empty"
    assert await raw.error("getFile", 400) == "Bad Request: file_id is empty"
    assert await raw.error("sendChatAction", 400, chat_id=ALI) == "Bad Request: action is empty"
    assert "reply keyboard markup" in await raw.error(
        "sendMessage", 400, chat_id=ALI, text="x", reply_markup="{"
    )


async def test_refuses_users_who_never_started_and_unknown_chats(raw: Raw, api: BotApiServer) -> None:
    api.add_user(2001, "Silent", started=False)
    forbidden = "Forbidden: bot can't initiate conversation with a user"
    assert await raw.error("sendMessage", 403, chat_id=2001, text="hi") == forbidden
    assert await raw.error("sendMessage", 403, chat_id=987654, text="hi") == forbidden
    assert await raw.error("sendMessage", 400, chat_id=-42, text="hi") == "Bad Request: chat not found"
    # once the user writes to the bot, the bot can answer
    api.send_text(2001, "/start")
    await raw.ok("sendMessage", chat_id=2001, text="welcome")
    api.set_blocked(2001)
    assert (
        await raw.error("sendMessage", 403, chat_id=2001, text="hi")
        == "Forbidden: bot was blocked by the user"
    )
    api.add_group(-77, "Elsewhere", [ALI], bot_is_member=False)
    assert "not a member" in await raw.error("sendMessage", 403, chat_id=-77, text="hi")
    assert [m["text"] for m in api.bot_messages(2001)] == ["welcome"]


async def test_keyboard_validation(raw: Raw) -> None:
    long_data = {"inline_keyboard": [[{"text": "A", "callback_data": "x" * 65}]]}
    assert await raw.error("sendMessage", 400, chat_id=ALI, text="t", reply_markup=long_data) == (
        "Bad Request: BUTTON_DATA_INVALID"
    )
    # 64 bytes is fine, 33 two-byte characters are not
    ok = {"inline_keyboard": [[{"text": "A", "callback_data": "x" * 64}]]}
    await raw.ok("sendMessage", chat_id=ALI, text="t", reply_markup=ok)
    wide = {"inline_keyboard": [[{"text": "A", "callback_data": "\u0628" * 33}]]}
    assert await raw.error("sendMessage", 400, chat_id=ALI, text="t", reply_markup=wide) == (
        "Bad Request: BUTTON_DATA_INVALID"
    )
    bad_url = {"inline_keyboard": [[{"text": "A", "url": "not a url"}]]}
    assert await raw.error("sendMessage", 400, chat_id=ALI, text="t", reply_markup=bad_url) == (
        "Bad Request: BUTTON_URL_INVALID"
    )
    text_only = {"inline_keyboard": [[{"text": "A"}]]}
    assert "unallowed" in await raw.error("sendMessage", 400, chat_id=ALI, text="t", reply_markup=text_only)


# --------------------------------------------------------------------------- editing and deleting


async def test_edit_message_text(raw: Raw, api: BotApiServer) -> None:
    sent = await raw.ok("sendMessage", chat_id=ALI, text="hello", reply_markup=INLINE)
    mid = sent["message_id"]
    same = await raw.error(
        "editMessageText", 400, chat_id=ALI, message_id=mid, text="hello", reply_markup=INLINE
    )
    assert same.startswith("Bad Request: message is not modified: ")
    # same text, keyboard dropped: that is a modification (and removes the keyboard, like Telegram)
    edited = await raw.ok("editMessageText", chat_id=ALI, message_id=mid, text="hello")
    assert "reply_markup" not in edited
    assert "edit_date" in edited
    assert "reply_markup" not in must(api.last_bot_message(ALI))
    edited = await raw.ok("editMessageText", chat_id=ALI, message_id=mid, text="bye", reply_markup=INLINE)
    assert edited["text"] == "bye"
    assert edited["reply_markup"] == INLINE
    assert [m["text"] for m in api.bot_messages(ALI)] == ["bye"]
    assert await raw.error("editMessageText", 400, chat_id=ALI, message_id=999, text="x") == (
        "Bad Request: message to edit not found"
    )
    user_msg = api.send_text(ALI, "mine")
    assert await raw.error(
        "editMessageText", 400, chat_id=ALI, message_id=user_msg["message_id"], text="x"
    ) == ("Bad Request: message can't be edited")
    too_long = await raw.error("editMessageText", 400, chat_id=ALI, message_id=mid, text="y" * 5000)
    assert too_long == "Bad Request: message is too long"


async def test_edit_reply_markup_and_caption(
    raw: Raw, api: BotApiServer, session: aiohttp.ClientSession
) -> None:
    sent = await raw.ok("sendMessage", chat_id=ALI, text="pick", reply_markup=INLINE)
    mid = sent["message_id"]
    assert (
        await raw.error("editMessageReplyMarkup", 400, chat_id=ALI, message_id=mid, reply_markup=INLINE)
    ).startswith("Bad Request: message is not modified")
    edited = await raw.ok("editMessageReplyMarkup", chat_id=ALI, message_id=mid)
    assert "reply_markup" not in edited
    assert (await raw.error("editMessageReplyMarkup", 400, chat_id=ALI, message_id=mid)).startswith(
        "Bad Request: message is not modified"
    )
    assert await raw.error("editMessageCaption", 400, chat_id=ALI, message_id=mid, caption="c") == (
        "Bad Request: there is no caption in the message to edit"
    )
    form = aiohttp.FormData()
    form.add_field("chat_id", str(ALI))
    form.add_field("caption", "first")
    form.add_field("document", b"%PDF-1.4 data", filename="a.pdf", content_type="application/pdf")
    async with session.post(f"{api.api_url}/sendDocument", data=form) as response:
        doc = (await response.json())["result"]
    edited = await raw.ok("editMessageCaption", chat_id=ALI, message_id=doc["message_id"], caption="second")
    assert edited["caption"] == "second"
    assert edited["document"] == doc["document"]
    assert (
        await raw.error(
            "editMessageCaption", 400, chat_id=ALI, message_id=doc["message_id"], caption="second"
        )
    ).startswith("Bad Request: message is not modified")
    assert await raw.error("editMessageText", 400, chat_id=ALI, message_id=doc["message_id"], text="t") == (
        "Bad Request: there is no text in the message to edit"
    )


async def test_delete_message(raw: Raw, api: BotApiServer) -> None:
    first = await raw.ok("sendMessage", chat_id=ALI, text="one")
    await raw.ok("sendMessage", chat_id=ALI, text="two")
    assert await raw.ok("deleteMessage", chat_id=ALI, message_id=first["message_id"]) is True
    assert [m["text"] for m in api.messages(ALI)] == ["two"]
    assert await raw.error("deleteMessage", 400, chat_id=ALI, message_id=first["message_id"]) == (
        "Bad Request: message to delete not found"
    )
    assert await raw.error("editMessageText", 400, chat_id=ALI, message_id=first["message_id"], text="x") == (
        "Bad Request: message to edit not found"
    )
    # bots may delete incoming messages in private chats, not in groups unless admin
    mine = api.send_text(ALI, "delete me")
    assert await raw.ok("deleteMessage", chat_id=ALI, message_id=mine["message_id"]) is True
    api.add_group(GROUP, "Staff", [ALI])
    in_group = api.send_text(ALI, "hello group", chat_id=GROUP)
    assert await raw.error("deleteMessage", 400, chat_id=GROUP, message_id=in_group["message_id"]) == (
        "Bad Request: message can't be deleted"
    )


# --------------------------------------------------------------------------- callback queries and keyboards


async def test_press_and_answer_callback_query(raw: Raw, api: BotApiServer) -> None:
    sent = await raw.ok("sendMessage", chat_id=ALI, text="Sure?", reply_markup=INLINE)
    mid = sent["message_id"]
    await raw.ok("editMessageText", chat_id=ALI, message_id=mid, text="Really sure?", reply_markup=INLINE)
    qid = api.press(ALI, mid, "yes")
    query = api.pending_updates()[-1]["callback_query"]
    assert query["id"] == qid
    assert query["data"] == "yes"
    assert query["from"]["id"] == ALI
    assert query["message"]["text"] == "Really sure?"
    assert query["message"]["message_id"] == mid
    assert query["chat_instance"]
    assert api.press(ALI, mid, button_text="No") != qid
    assert api.pending_updates()[-1]["callback_query"]["data"] == "no"

    assert await raw.ok("answerCallbackQuery", callback_query_id=qid, text="Done", show_alert=True) is True
    assert api.callback_answers[qid]["text"] == "Done"
    assert api.callback_answers[qid]["show_alert"] is True
    invalid = "Bad Request: query is too old and response timeout expired or query ID is invalid"
    assert await raw.error("answerCallbackQuery", 400, callback_query_id=qid) == invalid
    assert await raw.error("answerCallbackQuery", 400, callback_query_id="12345") == invalid

    with pytest.raises(LookupError):
        api.press(ALI, mid, "maybe")
    with pytest.raises(LookupError):
        api.press(ALI, 999, "yes")
    forged = api.press(ALI, mid, "admin:delete_all", forge=True)
    assert api.pending_updates()[-1]["callback_query"]["data"] == "admin:delete_all"
    assert forged not in api.callback_answers
    # one update per action, increasing ids
    ids = [u["update_id"] for u in api.dump_updates()]
    assert ids == sorted(ids)
    assert len(ids) == 3
    assert len(set(ids)) == 3


async def test_reply_keyboards(raw: Raw, api: BotApiServer) -> None:
    keyboard = {
        "keyboard": [[{"text": "Share phone", "request_contact": True}], ["Menu"]],
        "resize_keyboard": True,
    }
    sent = await raw.ok("sendMessage", chat_id=ALI, text="Your phone?", reply_markup=keyboard)
    # Telegram never echoes reply keyboards in Message JSON; the observation view keeps them
    assert "reply_markup" not in sent
    view = must(api.last_bot_message(ALI))
    assert view["reply_markup"]["keyboard"][1] == [{"text": "Menu"}]
    contact_msg = api.press_reply_button(ALI, "Share phone")
    assert contact_msg["contact"] == {
        "phone_number": "+989121111111",
        "first_name": "Ali",
        "last_name": "Rezaei",
        "user_id": ALI,
    }
    text_msg = api.press_reply_button(ALI, "Menu")
    assert text_msg["text"] == "Menu"
    with pytest.raises(LookupError):
        api.press_reply_button(ALI, "Nope")
    await raw.ok("sendMessage", chat_id=ALI, text="thanks", reply_markup={"remove_keyboard": True})
    assert api.current_reply_keyboard(ALI) is None
    with pytest.raises(LookupError):
        api.press_reply_button(ALI, "Menu")
    forced = await raw.ok("sendMessage", chat_id=ALI, text="name?", reply_markup={"force_reply": True})
    assert "reply_markup" not in forced
    assert must(api.last_bot_message(ALI))["reply_markup"] == {"force_reply": True}


# --------------------------------------------------------------------------- simulated users


async def test_simulated_message_shapes(api: BotApiServer) -> None:
    api.add_group(GROUP, "Staff", member_ids=[ALI], admin_ids=[SARA])
    private = api.send_text(ALI, "/start ref_1")
    assert private["chat"] == {
        "id": ALI,
        "first_name": "Ali",
        "last_name": "Rezaei",
        "username": "ali",
        "type": "private",
    }
    assert private["from"]["is_bot"] is False
    assert private["from"]["language_code"] == "fa"
    assert private["entities"] == [{"offset": 0, "length": 6, "type": "bot_command"}]
    group = api.send_text(ALI, "/menu@refah_bot now", chat_id=GROUP)
    assert group["chat"]["type"] == "supergroup"
    assert group["chat"]["title"] == "Staff"
    assert group["entities"] == [{"offset": 0, "length": len("/menu@refah_bot"), "type": "bot_command"}]
    assert "entities" not in api.send_text(ALI, "\u0633\u0644\u0627\u0645")
    reply = api.send_text(ALI, "answer", reply_to=private["message_id"])
    assert reply["reply_to_message"]["text"] == "/start ref_1"
    forwarded = api.share_contact(ALI, "+989120000000", contact_user_id=SARA)
    assert forwarded["contact"]["user_id"] == SARA
    assert forwarded["contact"]["first_name"] == "Sara"
    stranger = api.share_contact(ALI, "+989120000001", contact_user_id=None, first_name="X")
    assert "user_id" not in stranger["contact"]
    photo = api.send_photo(ALI, png_bytes(400, 200), caption="receipt")
    small, big = photo["photo"]
    assert (big["width"], big["height"]) == (400, 200)
    assert small["width"] < big["width"]
    assert small["file_id"] != big["file_id"]
    assert photo["caption"] == "receipt"
    doc = api.send_document(ALI, b"a,b\n1,2\n", "list.csv", "text/csv", caption="list")
    assert doc["document"]["file_name"] == "list.csv"
    assert doc["document"]["mime_type"] == "text/csv"
    assert doc["document"]["file_size"] == 8
    sticker = api.send_sticker(ALI)
    assert sticker["sticker"]["type"] == "regular"
    location = api.send_location(ALI, 35.7, 51.4)
    assert location["location"] == {"latitude": 35.7, "longitude": 51.4}
    assert [m["message_id"] for m in api.messages(ALI)] == list(range(1, 10))
    assert len(api.dump_updates()) == 10


async def test_simulated_user_errors(api: BotApiServer) -> None:
    with pytest.raises(KeyError):
        api.send_text(4242, "who am i")
    with pytest.raises(KeyError):
        api.send_text(ALI, "hi", chat_id=-4242)
    api.add_group(GROUP, "Staff", [SARA])
    with pytest.raises(ValueError, match="not a member"):
        api.send_text(ALI, "not a member", chat_id=GROUP)
    api.add_member(GROUP, ALI)
    assert api.send_text(ALI, "now I am", chat_id=GROUP)["chat"]["id"] == GROUP


# --------------------------------------------------------------------------- updates


async def test_get_updates_long_poll_offset_and_limit(raw: Raw, api: BotApiServer) -> None:
    started = time.monotonic()
    assert await raw.ok("getUpdates", timeout=0) == []
    assert await raw.ok("getUpdates", timeout=0.3) == []
    assert time.monotonic() - started >= 0.25

    poll = asyncio.create_task(raw.ok("getUpdates", timeout=10))
    await asyncio.sleep(0.05)
    assert not poll.done()
    t0 = time.monotonic()
    api.send_text(ALI, "wake up")
    updates = await asyncio.wait_for(poll, 2)
    assert time.monotonic() - t0 < 1
    assert [u["message"]["text"] for u in updates] == ["wake up"]

    api.send_text(ALI, "two")
    api.send_text(ALI, "three")
    again = await raw.ok("getUpdates", timeout=0)
    assert len(again) == 3  # nothing confirmed yet
    first_id = again[0]["update_id"]
    limited = await raw.ok("getUpdates", offset=first_id + 1, limit=1)
    assert [u["message"]["text"] for u in limited] == ["two"]
    rest = await raw.ok("getUpdates", offset=first_id + 3)
    assert rest == []
    assert api.pending_updates() == []
    info = await raw.ok("getWebhookInfo")
    assert info["pending_update_count"] == 0


async def test_get_updates_conflict_and_allowed_updates(raw: Raw, api: BotApiServer) -> None:
    first = asyncio.create_task(raw("getUpdates", timeout=5))
    await asyncio.sleep(0.05)
    second = asyncio.create_task(raw("getUpdates", timeout=0.2))
    status, body = await asyncio.wait_for(first, 2)
    assert status == 409
    assert body["description"].startswith("Conflict: terminated by other getUpdates")
    assert (await second)[0] == 200

    sent = await raw.ok("sendMessage", chat_id=ALI, text="pick", reply_markup=INLINE)
    api.send_text(ALI, "text")
    api.press(ALI, sent["message_id"], "yes")
    only_callbacks = await raw.ok("getUpdates", allowed_updates=["callback_query"])
    assert [list(u)[1] for u in only_callbacks] == ["callback_query"]


async def test_drop_pending_updates(raw: Raw, api: BotApiServer) -> None:
    api.send_text(ALI, "old")
    await raw.ok("deleteWebhook", drop_pending_updates=True)
    assert await raw.ok("getUpdates") == []


# --------------------------------------------------------------------------- files


async def test_files_upload_resend_and_download(
    api: BotApiServer, session: aiohttp.ClientSession, raw: Raw
) -> None:
    form = aiohttp.FormData()
    form.add_field("chat_id", str(ALI))
    form.add_field("photo", png_bytes(64, 32), filename="qr.png", content_type="image/png")
    async with session.post(f"{api.api_url}/sendPhoto", data=form) as response:
        assert response.status == 200
        photo = (await response.json())["result"]["photo"]
    assert [(p["width"], p["height"]) for p in photo] == [(64, 32)] * 2 or photo[1]["width"] == 64
    resent = await raw.ok("sendPhoto", chat_id=SARA, photo=photo[-1]["file_id"])
    assert resent["photo"] == photo

    not_image = aiohttp.FormData()
    not_image.add_field("chat_id", str(ALI))
    not_image.add_field("photo", b"%PDF-1.4", filename="x.png", content_type="image/png")
    async with session.post(f"{api.api_url}/sendPhoto", data=not_image) as response:
        assert response.status == 400
        assert (await response.json())["description"] == "Bad Request: IMAGE_PROCESS_FAILED"

    user_doc = api.send_document(ALI, b"payslip bytes", "payslip.pdf", "application/pdf")
    file_id = user_doc["document"]["file_id"]
    forwarded = await raw.ok("sendDocument", chat_id=SARA, document=file_id, caption="fyi")
    assert forwarded["document"] == user_doc["document"]
    assert forwarded["caption"] == "fyi"
    assert await raw.error("sendDocument", 400, chat_id=SARA, document="nonsense") == (
        "Bad Request: wrong file identifier/HTTP URL specified"
    )
    assert "type" in await raw.error("sendPhoto", 400, chat_id=SARA, photo=file_id)

    info = await raw.ok("getFile", file_id=file_id)
    assert info["file_unique_id"] == user_doc["document"]["file_unique_id"]
    assert info["file_size"] == 13
    async with session.get(f"{api.file_base_url}{api.token}/{info['file_path']}") as response:
        assert response.status == 200
        assert await response.read() == b"payslip bytes"
    async with session.get(f"{api.file_base_url}{api.token}/documents/missing.pdf") as response:
        assert response.status == 404
    async with session.get(f"{api.file_base_url}1:BAD/{info['file_path']}") as response:
        assert response.status == 401
    assert await raw.error("getFile", 400, file_id="nope") == "Bad Request: invalid file_id"


# --------------------------------------------------------------------------- faults and call log


async def test_fault_injection(raw: Raw, api: BotApiServer) -> None:
    api.inject_fault("sendMessage", retry_after=3, times=2)
    for _ in range(2):
        status, body = await raw("sendMessage", chat_id=ALI, text="hi")
        assert status == 429
        assert body == {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 3",
            "parameters": {"retry_after": 3},
        }
    await raw.ok("sendMessage", chat_id=ALI, text="hi")
    assert [m["text"] for m in api.bot_messages(ALI)] == ["hi"]

    api.inject_fault("sendMessage", status=500, chat_id=SARA)
    api.inject_fault("sendDocument", status=502)
    await raw.ok("sendMessage", chat_id=ALI, text="not targeted")
    assert await raw.error("sendMessage", 500, chat_id=SARA, text="x") == "Internal Server Error"
    assert await raw.error("sendDocument", 502, chat_id=SARA, document="x") == "Bad Gateway"
    await raw.ok("sendMessage", chat_id=SARA, text="now fine")
    assert api.bot_messages(SARA)[-1]["text"] == "now fine"
    assert len(api.bot_messages(SARA)) == 1
    statuses = [(c.method, c.status) for c in api.calls]
    assert statuses == [
        ("sendMessage", 429),
        ("sendMessage", 429),
        ("sendMessage", 200),
        ("sendMessage", 200),
        ("sendMessage", 500),
        ("sendDocument", 502),
        ("sendMessage", 200),
    ]
    assert len(api.calls_to("sendMessage", ok=True)) == 3
    with pytest.raises(ValueError, match="unknown Bot API method"):
        api.inject_fault("sendPoll")


async def test_calls_use_the_injected_clock(session: aiohttp.ClientSession) -> None:
    now = [1_700_000_000.0]
    async with BotApiServer(clock=lambda: now[0]) as api:
        api.add_user(ALI, "Ali")
        raw = Raw(api, session)
        await raw.ok("sendMessage", chat_id=ALI, text="a")
        now[0] += 1.5
        sent = await raw.ok("sendMessage", chat_id=ALI, text="b")
        assert [c.time for c in api.calls] == [1_700_000_000.0, 1_700_000_001.5]
        assert api.calls[1]["params"] == {"chat_id": ALI, "text": "b"}
        assert sent["date"] == 1_700_000_001


# --------------------------------------------------------------------------- waiting and events


async def test_wait_for_bot_message_is_event_driven(raw: Raw, api: BotApiServer) -> None:
    user_msg = api.send_text(ALI, "/start")

    async def bot_replies_later() -> None:
        await asyncio.sleep(0.05)
        await raw.ok("sendMessage", chat_id=ALI, text="working...")
        await asyncio.sleep(0.05)
        await raw.ok("sendMessage", chat_id=ALI, text="Welcome Ali", reply_markup=INLINE)

    task = asyncio.create_task(bot_replies_later())
    first = await api.wait_for_bot_message(ALI, after=user_msg["message_id"], timeout=2)
    assert first["text"] == "working..."
    welcome = await api.wait_for_text(ALI, "Welcome", timeout=2)
    assert welcome["reply_markup"] == INLINE
    await task

    # edits of older messages count as "after" the user's newer message
    press_msg = api.send_text(ALI, "again")
    with pytest.raises(TimeoutError) as excinfo:
        await api.wait_for_bot_message(ALI, after=press_msg["message_id"], timeout=0.1)
    assert "Welcome Ali" in str(excinfo.value)
    assert "'Yes'->'yes'" in str(excinfo.value)
    edit = asyncio.create_task(
        raw.ok("editMessageText", chat_id=ALI, message_id=welcome["message_id"], text="Welcome back")
    )
    edited = await api.wait_for_bot_message(
        ALI, lambda m: m["text"].startswith("Welcome"), after=press_msg["message_id"], timeout=2
    )
    assert edited["text"] == "Welcome back"
    assert "edit_date" in edited
    await edit


async def test_wait_for_callback_answer_and_until(raw: Raw, api: BotApiServer) -> None:
    sent = await raw.ok("sendMessage", chat_id=ALI, text="pick", reply_markup=INLINE)
    qid = api.press(ALI, sent["message_id"], "no")
    answer = asyncio.create_task(raw.ok("answerCallbackQuery", callback_query_id=qid, text="noted"))
    assert (await api.wait_for_callback_answer(qid, timeout=2))["text"] == "noted"
    await answer
    with pytest.raises(TimeoutError):
        await api.wait_until(lambda: len(api.calls) > 10, timeout=0.05)


async def test_subscribe(raw: Raw, api: BotApiServer) -> None:
    events: list[dict[str, Any]] = []
    async_events: list[str] = []

    async def async_listener(event: dict[str, Any]) -> None:
        async_events.append(event["type"])

    unsubscribe = api.subscribe(events.append)
    api.subscribe(async_listener)
    api.send_text(ALI, "hi")
    sent = await raw.ok("sendMessage", chat_id=ALI, text="hello", reply_markup=INLINE)
    await raw.ok(
        "editMessageText", chat_id=ALI, message_id=sent["message_id"], text="hello!", reply_markup=INLINE
    )
    qid = api.press(ALI, sent["message_id"], "yes")
    await raw.ok("answerCallbackQuery", callback_query_id=qid)
    await raw.ok("sendChatAction", chat_id=ALI, action="typing")
    await raw.ok("deleteMessage", chat_id=ALI, message_id=sent["message_id"])
    unsubscribe()
    await raw.ok("sendMessage", chat_id=ALI, text="unseen")
    assert [e["type"] for e in events] == [
        "user_message",
        "message_sent",
        "message_edited",
        "callback_answered",
        "chat_action",
        "message_deleted",
    ]
    assert events[2]["message"]["text"] == "hello!"
    assert events[5]["message"] is None
    json.dumps(events)  # JSON-serialisable for a web page
    await asyncio.sleep(0)
    assert async_events[:2] == ["user_message", "message_sent"]
    assert len(async_events) == 7
    json.dumps(api.snapshot())


# --------------------------------------------------------------------------- formatting


async def test_parse_modes(raw: Raw, api: BotApiServer) -> None:
    html = await raw.ok(
        "sendMessage",
        chat_id=ALI,
        parse_mode="HTML",
        text='<b>Loan</b> &lt;approved&gt; <a href="https://x.ir">link</a>',
    )
    assert html["text"] == "Loan <approved> link"
    assert html["entities"] == [
        {"offset": 0, "length": 4, "type": "bold"},
        {"offset": 16, "length": 4, "type": "text_link", "url": "https://x.ir"},
    ]
    assert must(api.last_bot_message(ALI))["parse_mode"] == "HTML"
    assert (await raw.error("sendMessage", 400, chat_id=ALI, parse_mode="HTML", text="a <br> b")).startswith(
        'Bad Request: can\'t parse entities: Unsupported start tag "br"'
    )
    assert "can't parse entities" in await raw.error(
        "sendMessage", 400, chat_id=ALI, parse_mode="HTML", text="<b>x"
    )
    assert "can't parse entities" in await raw.error(
        "sendMessage", 400, chat_id=ALI, parse_mode="HTML", text="1 < 2"
    )
    v2 = await raw.ok("sendMessage", chat_id=ALI, parse_mode="MarkdownV2", text="*Total:* 1\\.500 _rial_")
    assert v2["text"] == "Total: 1.500 rial"
    assert [e["type"] for e in v2["entities"]] == ["bold", "italic"]
    assert "reserved" in await raw.error("sendMessage", 400, chat_id=ALI, parse_mode="MarkdownV2", text="1.5")
    legacy = await raw.ok("sendMessage", chat_id=ALI, parse_mode="Markdown", text="*bold* and `code`")
    assert legacy["text"] == "bold and code"
    # Persian text: offsets are counted in UTF-16 code units
    fa = await raw.ok(
        "sendMessage",
        chat_id=ALI,
        parse_mode="HTML",
        text="\u0648\u0627\u0645 <b>\u0645\u0635\u0648\u0628</b>",
    )
    assert fa["entities"] == [{"offset": 4, "length": 4, "type": "bold"}]
    # captions too
    caption = aiohttp.FormData()
    caption.add_field("chat_id", str(ALI))
    caption.add_field("caption", "<i>receipt</i>")
    caption.add_field("parse_mode", "HTML")
    caption.add_field("document", b"x", filename="r.txt", content_type="text/plain")
    async with raw.session.post(f"{api.api_url}/sendDocument", data=caption) as response:
        result = (await response.json())["result"]
    assert result["caption"] == "receipt"
    assert result["caption_entities"][0]["type"] == "italic"
    assert await raw.error("sendMessage", 400, chat_id=ALI, text="x", parse_mode="BBCode") == (
        "Bad Request: unsupported parse_mode BBCode"
    )


# --------------------------------------------------------------------------- chats, commands, copies


async def test_get_chat_and_members(raw: Raw, api: BotApiServer) -> None:
    api.add_group(GROUP, "Staff", member_ids=[ALI], admin_ids=[SARA], creator_id=1003, bot_is_admin=True)
    api.add_user(1003, "Boss")
    api.add_user(1004, "Outsider")
    chat = await raw.ok("getChat", chat_id=GROUP)
    assert chat["type"] == "supergroup"
    assert chat["title"] == "Staff"
    private = await raw.ok("getChat", chat_id=ALI)
    assert private["type"] == "private"
    assert private["first_name"] == "Ali"
    assert await raw.error("getChat", 400, chat_id=-9) == "Bad Request: chat not found"
    statuses = {}
    for uid in (ALI, SARA, 1003, 1004, api.bot_id):
        statuses[uid] = (await raw.ok("getChatMember", chat_id=GROUP, user_id=uid))["status"]
    assert statuses == {
        ALI: "member",
        SARA: "administrator",
        1003: "creator",
        1004: "left",
        api.bot_id: "administrator",
    }
    assert await raw.error("getChatMember", 400, chat_id=GROUP, user_id=5555) == "Bad Request: user not found"


async def test_commands_menu_and_chat_action(raw: Raw, api: BotApiServer) -> None:
    commands = [{"command": "start", "description": "Start"}, {"command": "loans", "description": "Loans"}]
    assert await raw.ok("setMyCommands", commands=commands) is True
    admin_scope = {"type": "chat", "chat_id": ALI}
    await raw.ok("setMyCommands", commands=commands[:1], scope=admin_scope, language_code="fa")
    assert await raw.ok("getMyCommands") == commands
    assert await raw.ok("getMyCommands", scope=admin_scope, language_code="fa") == commands[:1]
    assert api.my_commands() == commands
    assert await raw.error("setMyCommands", 400, commands=[{"command": "Bad-Name", "description": "x"}]) == (
        "Bad Request: BOT_COMMAND_INVALID"
    )
    assert await raw.ok("deleteMyCommands") is True
    assert await raw.ok("getMyCommands") == []
    assert await raw.ok("setChatMenuButton", menu_button={"type": "commands"}) is True
    assert await raw.ok("setChatMenuButton", chat_id=ALI, menu_button={"type": "default"}) is True
    assert api.menu_buttons == {None: {"type": "commands"}, ALI: {"type": "default"}}
    assert await raw.ok("sendChatAction", chat_id=ALI, action="upload_document") is True
    assert await raw.error("sendChatAction", 400, chat_id=ALI, action="dancing") == (
        "Bad Request: wrong parameter action in request"
    )
    assert api.chat_actions[-1]["action"] == "upload_document"


async def test_copy_and_forward(raw: Raw, api: BotApiServer) -> None:
    contact = api.share_contact(ALI, "+989121111111")
    copied = await raw.ok("copyMessage", chat_id=SARA, from_chat_id=ALI, message_id=contact["message_id"])
    assert set(copied) == {"message_id"}
    assert must(api.message(SARA, copied["message_id"]))["contact"] == contact["contact"]
    doc = api.send_document(ALI, b"data", "a.pdf", "application/pdf", caption="old")
    copied = await raw.ok(
        "copyMessage",
        chat_id=SARA,
        from_chat_id=ALI,
        message_id=doc["message_id"],
        caption="new",
        reply_markup=INLINE,
    )
    copy_view = must(api.message(SARA, copied["message_id"]))
    assert copy_view["caption"] == "new"
    assert copy_view["reply_markup"] == INLINE
    forwarded = await raw.ok("forwardMessage", chat_id=SARA, from_chat_id=ALI, message_id=doc["message_id"])
    assert forwarded["forward_origin"]["sender_user"]["id"] == ALI
    assert forwarded["caption"] == "old"
    assert await raw.error("copyMessage", 400, chat_id=SARA, from_chat_id=ALI, message_id=99) == (
        "Bad Request: message to copy not found"
    )


# --------------------------------------------------------------------------- Bale flavour


async def test_bale_flavour(session: aiohttp.ClientSession) -> None:
    async with BotApiServer(platform="bale") as api:
        api.add_user(ALI, "Ali", username="ali")
        api.add_group(GROUP, "Staff", [ALI])
        raw = Raw(api, session)
        text = api.send_text(ALI, "/start")
        assert "is_bot" not in text["from"]
        assert "language_code" not in text["from"]
        assert api.send_text(ALI, "hi all", chat_id=GROUP)["chat"]["type"] == "group"
        sent = await raw.ok(
            "sendMessage", chat_id=ALI, text="<b>raw</b>", parse_mode="HTML", reply_markup=INLINE
        )
        assert sent["text"] == "<b>raw</b>"
        assert "entities" not in sent
        assert api.calls[-1].params["parse_mode"] == "HTML"
        assert must(api.last_bot_message(ALI))["parse_mode"] == "HTML"
        api.press(ALI, sent["message_id"], "yes")
        updates = await raw.ok("getUpdates")
        query = updates[-1]["callback_query"]
        assert "chat_instance" not in query
        assert "is_bot" not in query["from"]
        assert [list(u)[1] for u in api.dump_updates()] == ["message", "message", "callback_query"]
        json.dumps(api.dump_updates())


# --------------------------------------------------------------------------- python-telegram-bot as client


async def test_real_ptb_bot_round_trip(api: BotApiServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without this PTB emits a deprecation warning when it builds RetryAfter.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    async with telegram.Bot(api.token, base_url=api.base_url, base_file_url=api.file_base_url) as bot:
        me = await bot.get_me()
        assert me.username == "refah_bot"
        assert me.id == api.bot_id
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("Approve", callback_data="loan:approve:7")]])
        sent = await bot.send_message(ALI, "Loan #7", reply_markup=markup)
        assert sent.reply_markup == markup
        assert sent.chat.id == ALI

        api.send_text(ALI, "\u0633\u0644\u0627\u0645")
        qid = api.press(ALI, sent.message_id, "loan:approve:7")
        updates = await bot.get_updates(timeout=1)
        assert must(updates[0].message).text == "\u0633\u0644\u0627\u0645"
        query = must(updates[1].callback_query)
        assert query.id == qid
        assert must(query.message).message_id == sent.message_id
        assert await bot.answer_callback_query(qid, text="ok")
        with pytest.raises(telegram.error.BadRequest, match=r"(?i)query is too old"):
            await bot.answer_callback_query(qid)
        assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()

        doc = await bot.send_document(ALI, b"%PDF-1.4 payslip", filename="payslip.pdf", caption="Payslip")
        document = must(doc.document)
        assert document.file_name == "payslip.pdf"
        assert document.mime_type == "application/pdf"
        tg_file = await bot.get_file(document.file_id)
        assert bytes(await tg_file.download_as_bytearray()) == b"%PDF-1.4 payslip"
        assert api.messages(ALI)[-1]["document"]["file_id"] == document.file_id

        photo = await bot.send_photo(ALI, png_bytes(10, 10))
        assert photo.photo[-1].width == 10

        reply_kb = ReplyKeyboardMarkup(
            [[KeyboardButton("Send phone", request_contact=True)]], one_time_keyboard=True
        )
        asked = await bot.send_message(ALI, "phone?", reply_markup=reply_kb)
        assert asked.reply_markup is None
        await bot.send_message(ALI, "ok", reply_markup=ReplyKeyboardRemove())

        with pytest.raises(telegram.error.BadRequest, match=r"(?i)message is not modified"):
            await bot.edit_message_text(
                "Loan #7", chat_id=ALI, message_id=sent.message_id, reply_markup=markup
            )
        with pytest.raises(telegram.error.Forbidden):
            await bot.send_message(424242, "hello")

        api.inject_fault("sendMessage", retry_after=2)
        with pytest.raises(telegram.error.RetryAfter) as excinfo:
            await bot.send_message(ALI, "flood")
        assert excinfo.value.retry_after == dt.timedelta(seconds=2)
        assert await bot.set_my_commands([("start", "Start")])
        assert [c.command for c in await bot.get_my_commands()] == ["start"]
        member = await bot.get_chat_member(ALI, ALI)
        assert member.status == "member"


async def test_real_ptb_application_polling(api: BotApiServer) -> None:
    async def start(update: telegram.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
        await update.message.reply_text(
            f"Welcome {must(update.message.from_user).first_name}", reply_markup=keyboard
        )

    async def go(update: telegram.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Going")
        await query.edit_message_text("Gone")

    async def contact(update: telegram.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        assert update.message.contact is not None
        await update.message.reply_text(f"Phone {update.message.contact.phone_number}")

    app = (
        ApplicationBuilder().token(api.token).base_url(api.base_url).base_file_url(api.file_base_url).build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(go, pattern="^go$"))
    app.add_handler(MessageHandler(filters.CONTACT, contact))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling()
        try:
            hello = api.send_text(ALI, "/start")
            welcome = await api.wait_for_text(ALI, "Welcome Ali", after=hello["message_id"])
            qid = api.press(ALI, welcome["message_id"], button_text="Go")
            gone = await api.wait_for_bot_message(ALI, lambda m: m["text"] == "Gone")
            assert gone["message_id"] == welcome["message_id"]
            assert "reply_markup" not in gone
            assert (await api.wait_for_callback_answer(qid))["text"] == "Going"
            shared = api.share_contact(ALI, "+989121111111")
            await api.wait_for_text(ALI, "Phone +989121111111", after=shared["message_id"])
        finally:
            await app.updater.stop()
            await app.stop()
    startup = [c.method for c in api.calls[:3]]
    assert startup == ["getMe", "deleteWebhook", "getUpdates"]
    assert api.pending_updates() == []  # PTB confirmed everything on shutdown
    assert not api.errors
