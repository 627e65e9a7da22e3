"""Telegram- and Bale-shaped updates: recorded JSON parses after normalisation, and the bot runs on Bale."""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram import Bot, Update

from bot.platform import normalise_update
from kit.settings import PLATFORM_URLS
from localapi.server import BotApiServer
from services.clock import Clock
from tests.e2e.flows import onboard, press
from tests.e2e.harness import ADMIN_GROUP, ALI, FIXTURES, make_settings, sample_api
from tests.e2e.harness import Bot as Harness

UPDATES = sorted((FIXTURES / "updates").glob("*.json"))


def _load(path: Path) -> dict[str, object]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", UPDATES, ids=[p.stem for p in UPDATES])
def test_every_recorded_update_parses_after_normalisation(path: Path) -> None:
    bot = Bot("123:TOKEN")
    update = Update.de_json(normalise_update(_load(path)), bot)
    assert update is not None
    assert update.effective_user is not None
    assert update.effective_chat is not None


def test_telegram_updates_pass_through_unchanged() -> None:
    for path in (p for p in UPDATES if p.stem.startswith("telegram_")):
        raw = _load(path)
        assert normalise_update(copy.deepcopy(raw)) == raw


def test_bale_callback_without_chat_instance_gets_one_from_its_chat() -> None:
    raw = _load(FIXTURES / "updates" / "bale_callback_query.json")
    fixed = normalise_update(raw)
    assert fixed["callback_query"]["chat_instance"] == "101"  # type: ignore[index]
    assert fixed["callback_query"]["from"]["is_bot"] is False  # type: ignore[index]


def test_platform_urls() -> None:
    assert PLATFORM_URLS["bale"] == ("https://tapi.bale.ai/bot", "https://tapi.bale.ai/file/bot")
    assert PLATFORM_URLS["telegram"][0] == "https://api.telegram.org/bot"


@pytest.fixture
async def bale_api() -> AsyncIterator[BotApiServer]:
    async with BotApiServer(platform="bale") as server:
        server.add_user(ALI[0], "Ali", phone=ALI[1])
        server.add_group(ADMIN_GROUP, "Welfare clerks", member_ids=[])
        yield server


async def test_the_bot_runs_on_bale_shaped_updates(bale_api: BotApiServer, db_path: Path) -> None:
    harness = Harness(bale_api, make_settings(bale_api, db_path, BOT_PLATFORM="bale"), Clock())
    await harness.start()
    try:
        await onboard(bale_api, ALI)
        sent = bale_api.send_text(ALI[0], "📋 درخواست‌های من")
        listing = await bale_api.wait_for_text(ALI[0], "هنوز درخواستی", after=sent["message_id"])
        assert listing is not None
        bale_api.send_text(ALI[0], "📘 المثنی دفترچه بیمه")
        ask = await bale_api.wait_for_text(ALI[0], "برای چه کسی")
        await press(bale_api, ALI[0], ask, "bk:person:0")  # a callback query with no chat_instance
        await bale_api.wait_for_text(ALI[0], "تصویر کارت ملی")
        # nothing Bale lacks was used: no parse modes, no command menu, no webhook
        assert all("parse_mode" not in c.params for c in bale_api.calls)
        assert not bale_api.calls_to("setMyCommands")
        assert not bale_api.calls_to("setWebhook")
    finally:
        await harness.stop()


async def test_the_harness_starts_the_server_in_the_bale_profile_on_request(tmp_path: Path) -> None:
    async with sample_api("bale") as strict, sample_api() as default:
        assert (strict.profile, strict.platform) == ("bale", "bale")
        assert make_settings(strict, tmp_path / "refah.sqlite3").is_bale
        assert (default.profile, default.platform) == ("telegram", "telegram")
        assert not make_settings(default, tmp_path / "refah.sqlite3").is_bale
        assert strict.users.keys() == default.users.keys()
