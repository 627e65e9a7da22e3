"""Bale conformance: the bot sends only what Bale documents, and a clerk rejects with a reason on Bale."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.platform import bale_parameters
from localapi.server import BotApiServer
from services.clock import Clock
from tests.e2e.flows import grant, onboard, press, submit_booklet
from tests.e2e.harness import ADMIN_GROUP, ALI, CLERK, STRANGER, make_settings
from tests.e2e.harness import Bot as Harness

TELEGRAM_ONLY = (
    "reply_parameters",
    "is_persistent",
    "force_reply",
    "allowed_updates",
    "input_field_placeholder",
)


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ({"chat_id": 1, "text": "x"}, {"chat_id": 1, "text": "x"}),
        (
            {"chat_id": 1, "reply_parameters": {"message_id": 9, "chat_id": 1}},
            {"chat_id": 1, "reply_to_message_id": 9},
        ),
        (
            {"reply_markup": {"keyboard": [["a"]], "is_persistent": True, "resize_keyboard": True}},
            {"reply_markup": {"keyboard": [["a"]], "resize_keyboard": True}},
        ),
        ({"reply_markup": {"force_reply": True, "input_field_placeholder": "x"}}, {}),
        ({"timeout": 1, "allowed_updates": ["message"]}, {"timeout": 1}),
        ({"text": "x", "link_preview_options": {"is_disabled": True}}, {"text": "x"}),
        (
            {"reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]}},
            {"reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]}},
        ),
    ],
)
def test_calls_are_reduced_to_bales_surface(sent: dict[str, Any], expected: dict[str, Any]) -> None:
    assert bale_parameters(sent) == expected


@pytest.fixture
async def bale_api() -> AsyncIterator[BotApiServer]:
    async with BotApiServer(platform="bale") as server:
        server.add_user(ALI[0], "Ali", phone=ALI[1])
        server.add_user(CLERK, "Clerk")
        server.add_user(STRANGER, "Stranger")
        server.add_group(ADMIN_GROUP, "Welfare clerks", member_ids=[CLERK, STRANGER])
        yield server


def _telegram_only(params: dict[str, Any]) -> list[str]:
    text = json.dumps(params, ensure_ascii=False, default=str)
    return [name for name in TELEGRAM_ONLY if f'"{name}"' in text or f'\\"{name}\\"' in text]


async def test_on_bale_a_clerk_rejects_with_the_next_message_and_nothing_telegram_only_is_sent(
    bale_api: BotApiServer, db_path: Path
) -> None:
    harness = Harness(bale_api, make_settings(bale_api, db_path, BOT_PLATFORM="bale"), Clock())
    await harness.start()
    try:
        await grant(harness, CLERK, "clerk", "booklet")
        await onboard(bale_api, ALI)
        card = await submit_booklet(bale_api, ALI[0])
        await press(bale_api, CLERK, card, "req:reject:")
        prompt = await bale_api.wait_for_text(ADMIN_GROUP, "پیام بعدی")
        assert "force_reply" not in prompt.get("reply_markup", {})
        # another member's message is not taken as the reason; the asked clerk's next message is
        bale_api.send_text(STRANGER, "hello", chat_id=ADMIN_GROUP)
        bale_api.send_text(CLERK, "تصویر کارت ملی خوانا نیست", chat_id=ADMIN_GROUP)
        rejected = await bale_api.wait_for_text(ALI[0], "رد شد")
        assert "تصویر کارت ملی خوانا نیست" in rejected["text"]
        note = await harness.env.db.fetchval("SELECT note FROM request_events WHERE action = 'reject'")
        assert note == "تصویر کارت ملی خوانا نیست"
        offending = [(c.method, _telegram_only(c.params)) for c in bale_api.calls if _telegram_only(c.params)]
        assert offending == []
        assert not bale_api.calls_to("setMyCommands")
    finally:
        await harness.stop()


async def test_on_bale_the_clerk_may_cancel_the_reason_prompt(bale_api: BotApiServer, db_path: Path) -> None:
    harness = Harness(bale_api, make_settings(bale_api, db_path, BOT_PLATFORM="bale"), Clock())
    await harness.start()
    try:
        await grant(harness, CLERK, "clerk", "booklet")
        await onboard(bale_api, ALI)
        card = await submit_booklet(bale_api, ALI[0])
        await press(bale_api, CLERK, card, "req:reject:")
        prompt = await bale_api.wait_for_text(ADMIN_GROUP, "پیام بعدی")
        await press(bale_api, CLERK, prompt, "req:noreason:")
        await bale_api.wait_for_bot_message(
            ADMIN_GROUP, lambda m: m["message_id"] == prompt["message_id"] and "بدون تغییر" in m["text"]
        )
        bale_api.send_text(CLERK, "a later chat message", chat_id=ADMIN_GROUP)
        assert await harness.env.db.fetchval("SELECT status FROM requests") == "submitted"
    finally:
        await harness.stop()
