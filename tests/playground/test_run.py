"""The playground: sample data, the page and its JSON/WebSocket API, onboarding through it, the clock, refusals."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.office import services_of
from cli import main as cli_main
from domain.jalali import format_jalali_date
from domain.validators import parse_mobile, parse_national_id, parse_sheba
from kit.menu import installed
from playground import run as run_module
from playground.run import Playground, database_path, run_playground, world_path
from playground.sample import (
    BY_KEY,
    GROUP_ID,
    PEOPLE,
    STAFF,
    Person,
    build_registry,
    mobile_of,
    national_id_of,
    sample_config,
    seed,
)
from services.roles import make_grant
from services.setup import apply_config
from storage.db import Database
from storage.employees import Employees
from storage.identity import Accounts
from storage.roles import Roles
from tests.e2e.harness import FAST_LIMITS
from tests.playground.conftest import playground_settings
from texts import booklet as booklet_t
from texts import common as t
from texts import playground as pg_t

REPO = Path(__file__).resolve().parents[2]
ALI = BY_KEY["family"]
CLERK = BY_KEY["clerk"]
PDF = b"%PDF-1.4\n% a scanned national card\n"


async def post(
    http: aiohttp.ClientSession, pg: Playground, path: str, body: dict[str, Any]
) -> dict[str, Any]:
    """POST JSON to the page's API; the answer's JSON (asserting it succeeded)."""
    async with http.post(pg.url + path.lstrip("/"), json=body) as response:
        data: dict[str, Any] = await response.json()
        assert response.status == 200, data
        return data


async def onboard(http: aiohttp.ClientSession, pg: Playground, person: Person = ALI) -> dict[str, Any]:
    """What the page does: /start, the contact button, the national ID; returns the welcome message."""
    uid = person.user_id
    await post(http, pg, "/api/send", {"user_id": uid, "chat_id": uid, "text": "/start"})
    await pg.server.wait_for_text(uid, "شماره تلفن همراه")
    keyboard = pg.server.current_reply_keyboard(uid)
    assert keyboard is not None and keyboard["keyboard"][0][0]["request_contact"]
    await post(http, pg, "/api/reply-button", {"user_id": uid, "chat_id": uid, "text": t.BTN_SHARE_CONTACT})
    await pg.server.wait_for_text(uid, "کد ملی")
    await post(http, pg, "/api/send", {"user_id": uid, "chat_id": uid, "text": national_id_of(person)})
    return await pg.server.wait_for_text(uid, "هویت شما تأیید شد")


# ---------------------------------------------------------------------------------------------- sample data


def test_sample_registry_is_valid() -> None:
    registry = build_registry()
    ids = [e.national_id for e in registry.employees] + [d.national_id for d in registry.dependants]
    assert len(ids) == len(set(ids))
    assert all(parse_national_id(i) == i for i in ids)
    assert all(parse_sheba(e.sheba) == e.sheba for e in registry.employees)
    mobiles = [e.mobile for e in registry.employees]
    assert len(mobiles) == len(set(mobiles)) and all(parse_mobile(m) == m for m in mobiles)
    assert len({e.personnel_no for e in registry.employees}) == len(registry.employees) >= 36
    statuses = {e.status for e in registry.employees}
    assert statuses == {"employed", "retired", "pensioner"}
    members = [e for e in registry.employees if e.fund_member_since]
    assert sum(e.fund_debt == 0 for e in members) > 5
    assert [e.first_name for e in members if e.fund_debt] == [BY_KEY["debtor"].first_name]
    owners = {d.employee_national_id for d in registry.dependants}
    assert national_id_of(ALI) in owners and owners <= {e.national_id for e in registry.employees}
    for person in PEOPLE:
        for role, scope in person.grants:
            make_grant(role, scope)


async def test_sample_configuration_applies_to_the_registered_sections(tmp_path: Path) -> None:

    registered = {name: value for name, value in sample_config().items() if name in services_of().sections()}
    async with Database(tmp_path / "db.sqlite3") as db:
        counts = await apply_config(db, services_of(), registered, dt.datetime(2025, 3, 1, tzinfo=dt.UTC))
    assert all(count > 0 for count in counts.values())


async def test_seed_loads_once_and_links_the_staff(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    now = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    async with Database(tmp_path / "db.sqlite3") as db:
        assert await seed(db, now) is True
        assert "not loaded" not in caplog.text
        assert await seed(db, now) is False
        assert await Employees(db).count() == len(build_registry().employees)
        for person in STAFF:
            employee = await Employees(db).get(await Accounts(db).employee_id(person.user_id) or 0)
            assert employee is not None and employee.mobile == mobile_of(person)
            assert set(person.grants) <= {
                (g.role.value, g.scope) for g in await Roles(db).grants(person.user_id)
            }
        assert await Accounts(db).employee_id(ALI.user_id) is None  # employees onboard themselves


def test_database_path_is_the_playgrounds_own_unless_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DATABASE_PATH", raising=False)
    assert database_path(playground_settings()) == Path("data/playground.sqlite3")
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "mine.sqlite3"))
    assert database_path(playground_settings()) == tmp_path / "mine.sqlite3"


# ---------------------------------------------------------------------------------------------- the page


async def test_page_static_files_and_state(playground: Playground, http: aiohttp.ClientSession) -> None:
    async with http.get(playground.url) as page:
        assert page.status == 200 and page.content_type == "text/html"
        html = await page.text()
    assert 'dir="rtl"' in html and "/static/app.js" in html
    for path, kind in (
        ("static/app.js", "text/javascript"),
        ("static/style.css", "text/css"),
        ("fonts/Vazirmatn-Regular.ttf", "font/ttf"),
    ):
        async with http.get(playground.url + path) as response:
            assert (response.status, response.content_type) == (200, kind), path
    async with http.get(playground.url + "static/run.py") as response:
        assert response.status == 404
    async with http.get(playground.url + "api/state") as response:
        state = await response.json()
    ids = [c["id"] for c in state["chats"]]
    assert ids == [p.user_id for p in PEOPLE if not p.staff] + [GROUP_ID] + [p.user_id for p in STAFF]
    group = next(c for c in state["chats"] if c["type"] == "group")
    assert group["title"] == pg_t.PLAYGROUND_GROUP_TITLE
    assert {m["id"] for m in group["members"]} == {p.user_id for p in STAFF}
    ali = state["chats"][0]
    assert ali["person"]["national_id"] == national_id_of(ALI) and ali["messages"] == []
    assert state["zone"] == "Asia/Tehran" and state["clock"]["offset"] == 0
    assert playground.settings is not None and playground.settings.admin_chat_id == GROUP_ID


async def test_a_sample_employee_onboards_through_the_page_api(
    playground: Playground, http: aiohttp.ClientSession
) -> None:
    welcome = await onboard(http, playground)
    assert f"{ALI.first_name} {ALI.last_name}" in welcome["text"]
    async with http.get(playground.url + "api/state") as response:
        chat = (await response.json())["chats"][0]
    assert chat["reply_keyboard"]["keyboard"] == [[{"text": b} for b in row] for row in installed().rows]
    contact = next(m for m in chat["messages"] if "contact" in m)
    assert contact["contact"]["phone_number"] == mobile_of(ALI)


async def test_websocket_streams_the_conversation(
    playground: Playground, http: aiohttp.ClientSession
) -> None:
    async with http.ws_connect(playground.url + "api/ws") as ws:
        hello = await ws.receive_json(timeout=5)
        assert hello["type"] == "hello" and "text" in hello["clock"]
        await post(
            http, playground, "/api/send", {"user_id": ALI.user_id, "chat_id": ALI.user_id, "text": "/start"}
        )
        seen: list[dict[str, Any]] = []
        while not any(e["type"] == "message_sent" for e in seen):
            seen.append(await ws.receive_json(timeout=5))
    assert seen[0]["type"] == "user_message" and seen[0]["message"]["text"] == "/start"
    sent = next(e for e in seen if e["type"] == "message_sent")
    assert sent["chat_id"] == ALI.user_id and sent["reply_keyboard"]["keyboard"][0][0]["request_contact"]


async def test_group_press_and_reply_act_as_the_chosen_member(
    playground: Playground, http: aiohttp.ClientSession
) -> None:
    await onboard(http, playground)
    uid = ALI.user_id
    await post(
        http,
        playground,
        "/api/reply-button",
        {"user_id": uid, "chat_id": uid, "text": booklet_t.MENU_BOOKLET},
    )
    processes = await playground.server.wait_for_text(uid, "چه کاری انجام شود")
    await post(
        http,
        playground,
        "/api/press",
        {"user_id": uid, "chat_id": uid, "message_id": processes["message_id"], "data": "bk:proc:duplicate"},
    )
    ask = await playground.server.wait_for_text(uid, "برای چه کسی")
    data = ask["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await post(
        http,
        playground,
        "/api/press",
        {"user_id": uid, "chat_id": uid, "message_id": ask["message_id"], "data": data},
    )
    await playground.server.wait_for_text(uid, "تصویر کارت ملی")
    form = aiohttp.FormData()
    form.add_field("user_id", str(uid))
    form.add_field("chat_id", str(uid))
    form.add_field("file", PDF, filename="card.pdf", content_type="application/pdf")
    async with http.post(playground.url + "api/upload", data=form) as response:
        uploaded = (await response.json())["message"]
    async with http.get(
        playground.url + f"api/file/{uploaded['document']['file_id']}?name=card.pdf"
    ) as response:
        assert (response.status, response.content_type, await response.read()) == (
            200,
            "application/pdf",
            PDF,
        )
    got = await playground.server.wait_for_text(uid, "دریافت شد")
    await post(
        http,
        playground,
        "/api/press",
        {"user_id": uid, "chat_id": uid, "message_id": got["message_id"], "data": "bk:done"},
    )
    review = await playground.server.wait_for_text(uid, "لطفاً بررسی کنید")
    ok = next(
        b["callback_data"]
        for row in review["reply_markup"]["inline_keyboard"]
        for b in row
        if b["callback_data"].startswith("bk:ok:")
    )
    await post(
        http,
        playground,
        "/api/press",
        {"user_id": uid, "chat_id": uid, "message_id": review["message_id"], "data": ok},
    )
    card = await playground.server.wait_for_text(GROUP_ID, "المثنی")
    reject = next(
        b["callback_data"]
        for row in card["reply_markup"]["inline_keyboard"]
        for b in row
        if b["callback_data"].startswith("req:reject:")
    )
    await post(
        http,
        playground,
        "/api/press",
        {"user_id": CLERK.user_id, "chat_id": GROUP_ID, "message_id": card["message_id"], "data": reject},
    )
    prompt = await playground.server.wait_for_text(GROUP_ID, "دلیل")
    await post(
        http,
        playground,
        "/api/send",
        {
            "user_id": CLERK.user_id,
            "chat_id": GROUP_ID,
            "text": "تصویر خوانا نیست",
            "reply_to": prompt["message_id"],
        },
    )
    rejected = await playground.server.wait_for_text(uid, "رد شد")
    assert "تصویر خوانا نیست" in rejected["text"]
    # a person outside the group can't speak in it
    async with http.post(
        playground.url + "api/send", json={"user_id": uid, "chat_id": GROUP_ID, "text": "x"}
    ) as response:
        assert (response.status, (await response.json())["error"]) == (400, "chat")


async def test_the_clock_moves_forward_only(playground: Playground, http: aiohttp.ClientSession) -> None:
    moved = await post(http, playground, "/api/clock", {"hours": 6})
    assert moved["clock"]["offset"] == 6 * 3600 and playground.clock.offset == dt.timedelta(hours=6)
    target = (playground.clock.now() + dt.timedelta(days=3)).astimezone(playground.api.zone)
    moved = await post(
        http, playground, "/api/clock", {"date": format_jalali_date(target.date()), "time": "۰۹:۳۰"}
    )
    assert moved["clock"]["date"] == format_jalali_date(target.date()) and moved["clock"]["time"] == "09:30"
    # the local Bot API server stamps messages with the playground's clock
    sent = await post(
        http, playground, "/api/send", {"user_id": ALI.user_id, "chat_id": ALI.user_id, "text": "/start"}
    )
    assert abs(sent["message"]["date"] - playground.clock.now().timestamp()) < 5
    for body, code in (
        ({"hours": -1}, "amount"),
        ({"date": "1400/01/01"}, "past"),
        ({"date": "1405/13/01"}, "date"),
        ({"date": "1499/01/01", "time": "25:00"}, "time"),
        ({"days": 1000}, "too_far"),
    ):
        async with http.post(playground.url + "api/clock", json=body) as response:
            assert (response.status, (await response.json())["error"]) == (400, code), body


async def test_foreign_hosts_and_origins_are_refused(
    playground: Playground, http: aiohttp.ClientSession
) -> None:
    headers = {"Host": f"evil.example:{playground.server.port}"}
    async with http.get(playground.url + "api/state", headers=headers) as response:
        assert response.status == 403
    async with http.get(playground.url, headers=headers) as response:
        assert response.status == 403
    with pytest.raises(aiohttp.WSServerHandshakeError):
        await http.ws_connect(playground.url + "api/ws", headers={"Origin": "http://evil.example"})
    async with http.post(
        playground.url + "api/send",
        data="user_id=1001&text=x",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    ) as response:
        assert response.status == 400


async def started(path: Path) -> Playground:
    """A playground started on ``path`` (fast outbox, short long polls)."""
    pg = Playground(playground_settings(), database=path, limits=FAST_LIMITS, poll_timeout=1)
    await pg.start(0)
    return pg


async def test_a_restart_carries_on_with_the_chats_files_ids_and_clock(
    tmp_path: Path, http: aiohttp.ClientSession
) -> None:
    path = tmp_path / "playground.sqlite3"
    first = await started(path)
    try:
        await onboard(http, first)
        uploaded = first.server.send_document(ALI.user_id, PDF, "card.pdf", "application/pdf")
        await first.server.wait_for_bot_message(ALI.user_id, after=uploaded["message_id"])  # "use the menu"
        await post(http, first, "/api/clock", {"days": 2})
        before = first.server.messages(ALI.user_id)
    finally:
        await first.stop()
    assert world_path(path).is_file()

    second = await started(path)
    try:
        assert (second.seeded, second.restored) == (False, True)
        assert second.clock.offset >= dt.timedelta(days=2)
        assert second.server.messages(ALI.user_id) == before
        async with http.get(second.url + f"api/file/{uploaded['document']['file_id']}") as response:
            assert await response.read() == PDF
        sent = await post(
            http, second, "/api/send", {"user_id": ALI.user_id, "chat_id": ALI.user_id, "text": "/menu"}
        )
        assert sent["message"]["message_id"] == before[-1]["message_id"] + 1  # ids go on, never reused
        menu = await second.server.wait_for_bot_message(
            ALI.user_id, lambda m: "keyboard" in m["reply_markup"], after=sent["message"]["message_id"]
        )
        assert menu["reply_markup"]["keyboard"][0][0]["text"] == installed().rows[0][0]
    finally:
        await second.stop()


async def test_without_saved_chats_an_old_database_starts_a_fresh_messenger(
    tmp_path: Path, http: aiohttp.ClientSession
) -> None:
    path = tmp_path / "playground.sqlite3"
    first = await started(path)
    try:
        await onboard(http, first)
    finally:
        await first.stop()
    world_path(path).write_text("{not json", encoding="utf-8")  # lost or damaged: not fatal
    second = await started(path)
    try:
        assert (second.seeded, second.restored) == (False, False)
        assert second.server.messages(ALI.user_id) == []
        # update ids start from 1 again; the bot must not drop them as already processed
        await post(
            http, second, "/api/send", {"user_id": ALI.user_id, "chat_id": ALI.user_id, "text": "/menu"}
        )
        menu = await second.server.wait_for_bot_message(
            ALI.user_id, lambda m: "keyboard" in m["reply_markup"]
        )
        assert menu["reply_markup"]["keyboard"][0][0]["text"] == installed().rows[0][0]
    finally:
        await second.stop()


async def test_reset_starts_the_sample_office_over_while_running(
    playground: Playground, http: aiohttp.ClientSession
) -> None:
    await onboard(http, playground)
    await post(http, playground, "/api/clock", {"days": 3})
    old_app = playground.app
    assert old_app is not None
    assert await Accounts(old_app.env.db).employee_id(ALI.user_id) is not None
    async with http.post(playground.url + "api/reset", json={}) as refused:  # no confirmation: nothing
        assert (refused.status, (await refused.json())["error"]) == (400, "confirm")
    assert playground.app is old_app

    async with http.ws_connect(playground.url + "api/ws") as ws:
        await ws.receive_json()  # hello
        answer = await post(http, playground, "/api/reset", {"confirm": True})
        assert (await ws.receive_json(timeout=5))["type"] == "reset"
    assert answer["clock"]["offset"] == 0 and playground.clock.offset == dt.timedelta(0)
    assert playground.app is not None and playground.app is not old_app and playground.seeded
    assert playground.server.messages(ALI.user_id) == []
    db = playground.app.env.db
    assert await Accounts(db).employee_id(ALI.user_id) is None  # the employee's link is gone
    assert await Accounts(db).employee_id(CLERK.user_id) is not None  # the staff are linked again
    state = (await (await http.get(playground.url + "api/state")).json())["chats"]
    assert all(chat["messages"] == [] for chat in state)
    assert world_path(playground.database).is_file()  # the fresh (empty) chats are saved for a restart
    welcome = await onboard(http, playground)  # the bot runs again; ids start over from 1
    assert welcome["message_id"] < 10


# ---------------------------------------------------------------------------------------------- refah run


def test_only_loopback_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_playground(playground_settings(), host="0.0.0.0", port=0) == 2
    assert run_playground(playground_settings(), host="192.168.1.5", port=0) == 2
    assert run_playground(playground_settings(), port=70000) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and "127.0.0.1" in err[0]


def test_port_in_use_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "p.sqlite3"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert run_playground(playground_settings(), port=port) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "already in use" in err[0] and str(port) in err[0]


def test_a_file_that_is_not_sqlite_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    garbage = tmp_path / "notes.sqlite3"
    garbage.write_text("these are my notes, not a database\n" * 4)
    monkeypatch.setenv("DATABASE_PATH", str(garbage))
    assert run_playground(playground_settings(), port=0) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not a database" in err[0]


def test_refah_run_without_a_token_starts_the_playground(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[tuple[str, int | None]] = []

    def fake(settings: object, *, host: str, port: int | None) -> int:
        calls.append((host, port))
        return 0

    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    monkeypatch.setattr(run_module, "run_playground", fake)
    assert cli_main(["run", "--port", "9123"]) == 0
    assert calls == [("127.0.0.1", 9123)]


def test_ctrl_c_stops_refah_run_cleanly(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "ADMIN_CHAT_ID")}
    env.update(DATABASE_PATH=str(tmp_path / "p.sqlite3"), PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "run", "--port", "0"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("Refah playground is running: open http://127.0.0.1:"), line
        url = line.split("open ", 1)[1].split(" ", 1)[0]
        with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1].strip("/"))), timeout=2):
            pass
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert time.monotonic() - started < 10
    assert "Traceback" not in err and "Application.stop() complete" in err
    assert (tmp_path / "p.sqlite3").exists() and not out.strip()
