"""Commands the bot does not know get a clear Persian answer in any state; a conversation stays put."""

from __future__ import annotations

import json
from typing import Any

from localapi.server import BotApiServer
from tests.e2e.flows import PDF, onboard, press
from tests.e2e.harness import ALI, STRANGER, Bot
from texts import booklet as booklet_t
from texts import commands as commands_t

UNKNOWN = commands_t.COMMAND_UNKNOWN.split("\n", 1)[0]


async def _state(api: BotApiServer, bot: Bot, user_id: int) -> Any:
    """The booklet conversation's stored state, once every update so far is handled and confirmed."""
    await api.wait_until(lambda: not api.pending_updates())
    row = await bot.env.db.fetchone(
        "SELECT state FROM ptb_conversations WHERE name = 'bk' AND key = ?", (json.dumps([user_id, user_id]),)
    )
    return json.loads(row["state"]) if row else None


async def test_an_unknown_command_outside_a_conversation_is_answered(api: BotApiServer, bot: Bot) -> None:
    await onboard(api, ALI)
    sent = api.send_text(ALI[0], "/frobnicate now")
    reply = await api.wait_for_text(ALI[0], UNKNOWN, after=sent["message_id"])
    assert "/menu" in reply["text"] and "/help" in reply["text"]
    sent = api.send_text(ALI[0], "/cancel")
    await api.wait_for_text(ALI[0], commands_t.COMMAND_NOTHING_TO_CANCEL, after=sent["message_id"])


async def test_an_unknown_command_inside_a_conversation_is_answered_and_the_step_kept(
    api: BotApiServer, bot: Bot
) -> None:
    await onboard(api, ALI)
    sent = api.send_text(ALI[0], booklet_t.MENU_BOOKLET_DUPLICATE)
    ask = await api.wait_for_text(ALI[0], "برای چه کسی", after=sent["message_id"])
    await press(api, ALI[0], ask, "bk:person:0")
    await api.wait_for_text(ALI[0], "تصویر کارت ملی")
    before = await _state(api, bot, ALI[0])
    assert before is not None
    sent = api.send_text(ALI[0], "/start_over_please")
    await api.wait_for_text(ALI[0], UNKNOWN, after=sent["message_id"])
    assert await _state(api, bot, ALI[0]) == before
    sent = api.send_document(ALI[0], PDF, "card.pdf", "application/pdf")  # the step still takes its file
    await api.wait_for_text(ALI[0], "دریافت شد", after=sent["message_id"])


async def test_a_stranger_is_onboarded_whatever_command_they_send(api: BotApiServer, bot: Bot) -> None:
    sent = api.send_text(STRANGER, "/frobnicate")
    await api.wait_for_text(STRANGER, "شماره تلفن همراه خود را بفرستید", after=sent["message_id"])
