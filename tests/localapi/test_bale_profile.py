"""The local server's Bale profile: what it refuses, what it accepts, the updates it sends, its record."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from bot.platform import TolerantRequest
from localapi import bale
from localapi.models import Refusal
from localapi.server import BotApiServer
from tests.localapi.test_server import Raw, png_bytes

ALI = 1001
SARA = 1002
GROUP = -100500
HOUR = 3600
DOC = Path(__file__).resolve().parents[2] / "docs" / "bale.md"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "updates"
INLINE = {
    "inline_keyboard": [[{"text": "Yes", "callback_data": "yes"}, {"text": "Site", "url": "https://x.ir"}]]
}


class Clock:
    """A settable server clock."""

    def __init__(self) -> None:
        self.now = 1_763_800_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def api(clock: Clock) -> AsyncIterator[BotApiServer]:
    async with BotApiServer(profile="bale", clock=clock) as server:
        server.add_user(ALI, "Ali", "Rezaei", username="ali", phone="+989121111111")
        server.add_user(SARA, "Sara", phone="+989122222222")
        server.add_group(GROUP, "Staff", member_ids=[ALI, SARA])
        yield server


@pytest.fixture
async def raw(api: BotApiServer) -> AsyncIterator[Raw]:
    async with aiohttp.ClientSession() as session:
        yield Raw(api, session)


# --------------------------------------------------------------------------- the doc and the data agree


def _section(title: str) -> list[list[str]]:
    """The cells of the table rows (after the header) of one ``## title`` section of docs/bale.md."""
    text = DOC.read_text(encoding="utf-8")
    body = text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in body.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows[1:]]


def _names(cell: str) -> set[str]:
    return set(re.findall(r"`([A-Za-z_]+)`", cell))


def test_the_methods_table_is_the_servers_data() -> None:
    rows = _section("Methods the local server simulates")
    documented = {_names(row[0]).pop(): frozenset(_names(row[1])) for row in rows}
    assert documented == bale.METHODS
    for row in rows:
        assert not _names(row[1]) & _names(row[2]), row[0]  # nothing both allowed and refused


def test_the_other_methods_table_is_the_servers_data() -> None:
    others = set().union(*(_names(row[1]) for row in _section("Other methods Bale documents")))
    assert others == bale.OTHER_METHODS
    assert not others & set(bale.METHODS)


def test_the_markup_table_is_the_servers_data() -> None:
    rows = _section("Reply markup")
    documented = {_names(row[0]).pop(): frozenset(_names(row[1])) for row in rows if row[1] != "—"}
    assert documented == bale.MARKUP_FIELDS
    assert "ForceReply" in {_names(row[0]).pop() for row in rows if row[1] == "—"}
    for row in rows:
        assert not _names(row[1]) & _names(row[2]), row[0]


def test_the_update_types_table_is_the_servers_data() -> None:
    rows = _section("Update types")
    assert set().union(*(_names(row[0]) for row in rows if row[1] == "documented")) == bale.UPDATE_TYPES


def test_the_chat_actions_of_the_doc_are_the_servers() -> None:
    row = next(row for row in _section("Methods the local server simulates") if row[0] == "`sendChatAction`")
    actions = row[3].split("Actions:", 1)[1].split("(", 1)[0]
    assert _names(actions) == bale.CHAT_ACTIONS


async def test_every_method_of_the_table_is_simulated(session_raw: Raw) -> None:
    for method in bale.METHODS:
        status, body = await session_raw(method)
        assert status != 404, (method, body)


@pytest.fixture
async def session_raw() -> AsyncIterator[Raw]:
    async with BotApiServer() as server, aiohttp.ClientSession() as session:
        yield Raw(server, session)


# --------------------------------------------------------------------------- construction


def test_profile_options() -> None:
    assert BotApiServer().profile == "telegram"
    assert BotApiServer().platform == "telegram"
    assert BotApiServer(platform="bale").profile == "telegram"  # Bale-shaped but lenient
    strict = BotApiServer(profile="bale")
    assert (strict.profile, strict.platform, strict.refusals) == ("bale", "bale", [])
    with pytest.raises(ValueError, match="platform must be 'bale'"):
        BotApiServer(profile="bale", platform="telegram")
    with pytest.raises(ValueError, match="profile must be one of"):
        BotApiServer(profile="eitaa")


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "method",
    [
        "setMyCommands",
        "getMyCommands",
        "deleteMyCommands",
        "setChatMenuButton",
        "getChatMenuButton",
        "logOut",
        "close",
        "sendPoll",
    ],
)
async def test_undocumented_methods_answer_404(
    raw: Raw, api: BotApiServer, clock: Clock, method: str
) -> None:
    status, body = await raw(method, commands=[{"command": "start", "description": "Start"}])
    assert (status, body) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found: method not found"},
    )
    assert api.refusals == [
        Refusal(method, f"method {method}", 404, "Not Found: method not found", clock.now)
    ]
    assert api.my_commands() == []  # nothing was applied


async def test_documented_methods_the_server_lacks_are_not_refusals(raw: Raw, api: BotApiServer) -> None:
    assert await raw.error("sendAudio", 404, chat_id=ALI) == "Not Found: method not found"
    assert await raw.error("sendaudio", 404, chat_id=ALI) == "Not Found: method not found"
    assert api.refusals == []


@pytest.mark.parametrize(
    ("method", "params", "reason"),
    [
        ("sendMessage", {"chat_id": ALI, "text": "hi", "parse_mode": "HTML"}, "parameter parse_mode"),
        ("sendMessage", {"chat_id": ALI, "text": "hi", "entities": []}, "parameter entities"),
        (
            "sendMessage",
            {"chat_id": ALI, "text": "hi", "disable_notification": True},
            "parameter disable_notification",
        ),
        (
            "sendMessage",
            {"chat_id": ALI, "text": "hi", "reply_parameters": {"message_id": 1}},
            "parameter reply_parameters",
        ),
        ("getUpdates", {"timeout": 0, "allowed_updates": ["message"]}, "parameter allowed_updates"),
        ("setWebhook", {"url": "https://x.ir/hook", "secret_token": "s"}, "parameter secret_token"),
        ("deleteWebhook", {"drop_pending_updates": False}, "parameter drop_pending_updates"),
        ("answerCallbackQuery", {"callback_query_id": "1", "cache_time": 5}, "parameter cache_time"),
        ("answerCallbackQuery", {"callback_query_id": "1", "url": "https://x.ir"}, "parameter url"),
        ("editMessageText", {"inline_message_id": "abc", "text": "x"}, "parameter inline_message_id"),
        (
            "copyMessage",
            {"chat_id": SARA, "from_chat_id": ALI, "message_id": 1, "caption": "c"},
            "parameter caption",
        ),
        (
            "sendMessage",
            {"chat_id": ALI, "text": "hi", "parse_mode": "HTML", "protect_content": True},
            "parameters parse_mode, protect_content",
        ),
    ],
)
async def test_undocumented_parameters_answer_400_naming_them(
    raw: Raw, api: BotApiServer, method: str, params: dict[str, Any], reason: str
) -> None:
    description = await raw.error(method, 400, **params)
    assert description == f"Bad Request: unsupported {reason}"
    assert [(r.method, r.reason, r.status) for r in api.refusals] == [(method, reason, 400)]
    assert api.bot_messages(ALI) == [] and api.bot_messages(SARA) == []


@pytest.mark.parametrize(
    ("markup", "field"),
    [
        ({"keyboard": [["Menu"]], "resize_keyboard": True, "is_persistent": True}, "is_persistent"),
        ({"keyboard": [["Menu"]], "input_field_placeholder": "type"}, "input_field_placeholder"),
        ({"keyboard": [["Menu"]], "selective": True}, "selective"),
        ({"keyboard": [[{"text": "Poll", "request_poll": {}}]]}, "request_poll"),
        ({"force_reply": True}, "force_reply"),
        ({"force_reply": True, "input_field_placeholder": "why?"}, "force_reply"),
        ({"remove_keyboard": True, "selective": True}, "selective"),
        ({"inline_keyboard": [[{"text": "Go", "switch_inline_query": "q"}]]}, "switch_inline_query"),
        ({"inline_keyboard": [[{"text": "Pay", "pay": True}]]}, "pay"),
        ({"inline_keyboard": [[{"text": "Ok", "callback_data": "ok"}]], "extra": 1}, "extra"),
    ],
)
async def test_undocumented_markup_answers_400_naming_the_field(
    raw: Raw, api: BotApiServer, markup: dict[str, Any], field: str
) -> None:
    description = await raw.error("sendMessage", 400, chat_id=ALI, text="pick", reply_markup=markup)
    assert description == f"Bad Request: unsupported reply_markup field {field}"
    assert [(r.method, r.reason) for r in api.refusals] == [("sendMessage", f"reply_markup field {field}")]
    assert api.bot_messages(ALI) == []


async def test_markup_is_checked_on_edits_too(raw: Raw, api: BotApiServer) -> None:
    sent = await raw.ok("sendMessage", chat_id=ALI, text="pick", reply_markup=INLINE)
    bad = {"inline_keyboard": [[{"text": "Log in", "login_url": {"url": "https://x.ir"}}]]}
    await raw.error(
        "editMessageReplyMarkup", 400, chat_id=ALI, message_id=sent["message_id"], reply_markup=bad
    )
    assert api.refusals[-1].reason == "reply_markup field login_url"


@pytest.mark.parametrize(
    ("action", "refused"),
    [(action, False) for action in sorted(bale.CHAT_ACTIONS)]
    + [("upload_document", True), ("find_location", True), ("record_video_note", True)],
)
async def test_chat_actions(raw: Raw, api: BotApiServer, action: str, refused: bool) -> None:
    if refused:
        assert await raw.error("sendChatAction", 400, chat_id=ALI, action=action) == (
            "Bad Request: wrong parameter action in request"
        )
        assert [(r.method, r.reason) for r in api.refusals] == [("sendChatAction", f"action {action}")]
    else:
        assert await raw.ok("sendChatAction", chat_id=ALI, action=action) is True
        assert api.refusals == []


# --------------------------------------------------------------------------- the 48-hour and one-hour windows


@pytest.mark.parametrize(
    ("age", "allowed"),
    [(0, True), (48 * HOUR - 1, True), (48 * HOUR, True), (48 * HOUR + 1, False), (30 * 24 * HOUR, False)],
)
async def test_edits_and_deletes_within_48_hours(
    raw: Raw, api: BotApiServer, clock: Clock, age: int, allowed: bool
) -> None:
    text = await raw.ok("sendMessage", chat_id=ALI, text="card", reply_markup=INLINE)
    doc = aiohttp.FormData({"chat_id": str(ALI), "caption": "old"})
    doc.add_field("document", b"%PDF-1.4", filename="a.pdf", content_type="application/pdf")
    async with raw.session.post(f"{api.api_url}/sendDocument", data=doc) as response:
        document = (await response.json())["result"]
    incoming = api.send_text(ALI, "delete me")
    clock.now += age
    calls = [
        ("editMessageText", {"message_id": text["message_id"], "text": "card v2", "reply_markup": INLINE}),
        ("editMessageReplyMarkup", {"message_id": text["message_id"]}),
        ("editMessageCaption", {"message_id": document["message_id"], "caption": "new"}),
        ("deleteMessage", {"message_id": incoming["message_id"]}),
        ("deleteMessage", {"message_id": text["message_id"]}),
    ]
    for method, params in calls:
        if allowed:
            await raw.ok(method, chat_id=ALI, **params)
        else:
            verb = "deleted" if method == "deleteMessage" else "edited"
            assert await raw.error(method, 400, chat_id=ALI, **params) == (
                f"Bad Request: message can't be {verb}: it is older than 48 hours"
            )
    if allowed:
        assert api.refusals == []
        assert [m.get("caption") for m in api.bot_messages(ALI)] == ["new"]
    else:
        assert [(r.method, r.reason) for r in api.refusals] == [
            (method, "message older than 48 hours") for method, _ in calls
        ]
        assert [m.get("text") or m.get("caption") for m in api.bot_messages(ALI)] == ["card", "old"]


@pytest.mark.parametrize(("age", "allowed"), [(0, True), (HOUR, True), (HOUR + 1, False)])
async def test_get_file_links_last_an_hour(
    raw: Raw, api: BotApiServer, clock: Clock, age: int, allowed: bool
) -> None:
    sent = api.send_document(ALI, b"%PDF-1.4 payslip", "payslip.pdf", "application/pdf")
    info = await raw.ok("getFile", file_id=sent["document"]["file_id"])
    clock.now += age
    async with raw.session.get(f"{api.file_base_url}{api.token}/{info['file_path']}") as response:
        if allowed:
            assert response.status == 200
            assert await response.read() == b"%PDF-1.4 payslip"
            assert api.refusals == []
        else:
            assert response.status == 404
            assert api.refusals == [
                Refusal("downloadFile", "download link older than an hour", 404, "Not Found", clock.now)
            ]
    info = await raw.ok("getFile", file_id=sent["document"]["file_id"])  # a fresh link works again
    async with raw.session.get(f"{api.file_base_url}{api.token}/{info['file_path']}") as response:
        assert response.status == 200


# --------------------------------------------------------------------------- what Bale accepts


async def test_documented_calls_are_accepted(raw: Raw, api: BotApiServer) -> None:
    me = await raw.ok("getMe")
    assert me == {"id": api.bot_id, "is_bot": True, "first_name": "Refah", "username": "refah_bot"}
    assert await raw.ok("deleteWebhook") is True
    assert await raw.ok("setWebhook", url="") is True
    assert (await raw.ok("getWebhookInfo"))["url"] == ""
    asked = api.send_text(ALI, "hello")
    assert [u["update_id"] for u in await raw.ok("getUpdates", offset=0, limit=10, timeout=0)] == [1]
    reply = await raw.ok(
        "sendMessage", chat_id=ALI, text="hi", reply_to_message_id=asked["message_id"], reply_markup=INLINE
    )
    assert reply["reply_to_message"]["message_id"] == asked["message_id"]
    menu = {"keyboard": [[{"text": "Phone", "request_contact": True}], ["Menu"]], "resize_keyboard": True}
    await raw.ok("sendMessage", chat_id=ALI, text="menu", reply_markup={**menu, "one_time_keyboard": True})
    assert api.current_reply_keyboard(ALI) is not None
    await raw.ok("sendMessage", chat_id=ALI, text="bye", reply_markup={"remove_keyboard": True})
    assert api.current_reply_keyboard(ALI) is None
    copy_text = {"inline_keyboard": [[{"text": "Copy", "copy_text": {"text": "R-1"}}]]}
    await raw.ok("sendMessage", chat_id=ALI, text="code", reply_markup=copy_text)
    qid = api.press(ALI, reply["message_id"], "yes")
    assert await raw.ok("answerCallbackQuery", callback_query_id=qid, text="Done", show_alert=True) is True
    photo = aiohttp.FormData({"chat_id": str(ALI), "caption": "receipt", "reply_markup": json.dumps(INLINE)})
    photo.add_field("photo", png_bytes(), filename="p.png", content_type="image/png")
    async with raw.session.post(f"{api.api_url}/sendPhoto", data=photo) as response:
        assert response.status == 200
    await raw.ok("forwardMessage", chat_id=SARA, from_chat_id=ALI, message_id=asked["message_id"])
    await raw.ok("copyMessage", chat_id=SARA, from_chat_id=ALI, message_id=asked["message_id"])
    chat = await raw.ok("getChat", chat_id=GROUP)
    assert chat == {"id": GROUP, "title": "Staff", "type": "group"}  # none of ChatFullInfo's extras
    assert (await raw.ok("getChatMember", chat_id=GROUP, user_id=ALI))["status"] == "member"
    assert api.refusals == []
    assert not [call for call in api.calls if not call.ok]


async def test_the_telegram_profile_refuses_nothing(session_raw: Raw) -> None:
    api = session_raw.api
    api.add_user(ALI, "Ali")
    await session_raw.ok(
        "sendMessage", chat_id=ALI, text="<b>x</b>", parse_mode="HTML", disable_notification=True
    )
    await session_raw.ok("setMyCommands", commands=[{"command": "start", "description": "Start"}])
    await session_raw.ok("sendMessage", chat_id=ALI, text="why?", reply_markup={"force_reply": True})
    assert api.refusals == []


# --------------------------------------------------------------------------- Bale-shaped updates


def _fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return data


async def test_updates_are_shaped_like_bales_recorded_ones(raw: Raw, api: BotApiServer) -> None:
    api.send_text(ALI, "/start")
    shared = api.share_contact(ALI, "+989121111111")
    sent = await raw.ok("sendMessage", chat_id=ALI, text="menu", reply_markup=INLINE)
    api.press(ALI, sent["message_id"], "yes")
    prompt = await raw.ok("sendMessage", chat_id=GROUP, text="reason?")
    api.send_text(SARA, "because", chat_id=GROUP, reply_to=prompt["message_id"])
    updates = await raw.ok("getUpdates")
    assert all(set(update) - {"update_id"} <= bale.UPDATE_TYPES for update in updates)
    start, contact, press, reason = updates

    user = start["message"]["from"]
    assert user == {"id": ALI, "first_name": "Ali", "last_name": "Rezaei", "username": "ali"}  # no is_bot
    assert contact["message"]["contact"]["phone_number"] == "989121111111"
    assert shared["contact"]["phone_number"] == "989121111111"
    recorded = _fixture("bale_contact_message")["message"]["contact"]
    assert set(contact["message"]["contact"]) - {"last_name"} == set(recorded)

    query = press["callback_query"]
    assert set(query) == set(_fixture("bale_callback_query")["callback_query"])  # no chat_instance
    assert "chat_instance" not in query

    group_reply = reason["message"]
    recorded_reply = _fixture("bale_group_reply")["message"]
    assert group_reply["chat"]["type"] == recorded_reply["chat"]["type"] == "group"
    assert "date" not in group_reply["reply_to_message"]
    assert "date" not in recorded_reply["reply_to_message"]
    assert group_reply["reply_to_message"]["message_id"] == prompt["message_id"]


# --------------------------------------------------------------------------- the refused-call record


async def test_the_record_of_refused_calls(raw: Raw, api: BotApiServer, clock: Clock) -> None:
    await raw.ok("sendMessage", chat_id=ALI, text="fine")
    await raw.error("setMyCommands", 404, commands=[])
    clock.now += 5
    await raw.error("sendMessage", 400, chat_id=ALI, text="x", parse_mode="MarkdownV2")
    await raw.error("sendMessage", 400, chat_id=ALI, text="x", reply_markup={"force_reply": True})
    assert [(r.method, r.reason) for r in api.refusals] == [
        ("setMyCommands", "method setMyCommands"),
        ("sendMessage", "parameter parse_mode"),
        ("sendMessage", "reply_markup field force_reply"),
    ]
    assert [r.time - api.refusals[0].time for r in api.refusals] == [0, 5, 5]
    assert [(c.method, c.status) for c in api.calls] == [
        ("sendMessage", 200),
        ("setMyCommands", 404),
        ("sendMessage", 400),
        ("sendMessage", 400),
    ]
    snapshot = api.snapshot()
    assert snapshot["profile"] == "bale"
    assert [r["reason"] for r in snapshot["refusals"]] == [r.reason for r in api.refusals]
    json.dumps(snapshot)


async def test_a_conformant_ptb_client_leaves_no_refusals(api: BotApiServer) -> None:
    # Bale's updates need the project's normalising transport before PTB can parse them.
    async with telegram.Bot(
        api.token,
        base_url=api.base_url,
        base_file_url=api.file_base_url,
        request=TolerantRequest(),
        get_updates_request=TolerantRequest(),
    ) as bot:
        await bot.delete_webhook()
        api.send_text(ALI, "hi")
        updates = await bot.get_updates(timeout=0)
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("Approve", callback_data="loan:approve:7")]])
        sent = await bot.send_message(ALI, "Loan #7", reply_markup=markup)
        qid = api.press(ALI, sent.message_id, "loan:approve:7")
        await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
        assert await bot.answer_callback_query(qid, text="ok", show_alert=True)
        await bot.edit_message_text("Loan #7: approved", chat_id=ALI, message_id=sent.message_id)
        menu = ReplyKeyboardMarkup([[KeyboardButton("Phone", request_contact=True)]], resize_keyboard=True)
        await bot.send_message(ALI, "phone?", reply_markup=menu)
        doc = await bot.send_document(ALI, b"%PDF-1.4", filename="r.pdf", caption="receipt")
        assert doc.document is not None
        tg_file = await bot.get_file(doc.document.file_id)
        assert bytes(await tg_file.download_as_bytearray()) == b"%PDF-1.4"
    assert api.refusals == []


async def test_ptb_replies_and_persistent_menus_are_refused(api: BotApiServer) -> None:
    async with telegram.Bot(api.token, base_url=api.base_url, base_file_url=api.file_base_url) as bot:
        asked = api.send_text(ALI, "hi")
        with pytest.raises(telegram.error.BadRequest, match="reply_parameters"):
            await bot.send_message(ALI, "answer", reply_to_message_id=asked["message_id"])
        with pytest.raises(telegram.error.BadRequest, match="is_persistent"):
            await bot.send_message(
                ALI, "menu", reply_markup=ReplyKeyboardMarkup([["Menu"]], is_persistent=True)
            )
        with pytest.raises(telegram.error.BadRequest, match="allowed_updates"):
            await bot.get_updates(timeout=0, allowed_updates=["message"])
        with pytest.raises(telegram.error.BadRequest, match=r"(?i)unsupported parameter parse_mode"):
            await bot.send_message(ALI, "<b>x</b>", parse_mode="HTML")
    assert [r.reason for r in api.refusals] == [
        "parameter reply_parameters",
        "reply_markup field is_persistent",
        "parameter allowed_updates",
        "parameter parse_mode",
    ]
