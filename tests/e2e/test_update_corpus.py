"""Real update shapes injected into a running bot: no traceback, no reply where none is due, and the bot
still serves everyone after each.

The shapes (tests/fixtures/updates/corpus/*.json) follow the Bot API's documented objects and
python-telegram-bot's test fixtures: edited messages, channel posts, chat-member updates, business
messages, forum topics, service messages, polls, inline and payment updates, odd callback queries, and
fields and kinds from a future Bot API. ``reply_to`` names the chat owed an answer (a private message a
person sent); every other shape must get none. On Telegram the server withholds kinds the bot did not ask
for (``allowed_updates``); Bale delivers everything, so ``REFAH_E2E_PROFILE=bale`` feeds the bot every kind.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

from bot.app import ALLOWED_UPDATES
from localapi.server import BotApiServer
from tests.e2e.flows import onboard
from tests.e2e.harness import ALI, FIXTURES, Bot
from texts import common as t

CORPUS = FIXTURES / "updates" / "corpus"
ANSWERS = (
    "sendMessage",
    "sendPhoto",
    "sendDocument",
    "editMessageText",
    "editMessageReplyMarkup",
    "copyMessage",
)


def _cases() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted(CORPUS.glob("*.json")):
        found += [dict(c, file=path.name) for c in json.loads(path.read_text(encoding="utf-8"))]
    return found


CASES = _cases()


def _answers(api: BotApiServer, since: int) -> list[tuple[int, str]]:
    """(chat, text) of every message the bot sent or edited after call number ``since``."""
    return [
        (int(c.params.get("chat_id") or 0), str(c.params.get("text") or c.params.get("caption") or ""))
        for c in api.calls[since:]
        if c.method in ANSWERS
    ]


def test_the_corpus_is_varied() -> None:
    kinds = {c["kind"] for c in CASES}
    assert len(CASES) >= 60 and len(kinds) >= 20, (len(CASES), sorted(kinds))
    assert len({c["name"] for c in CASES}) == len(CASES)


async def test_every_shape_is_survived_and_answered_only_when_due(
    api: BotApiServer, bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    await onboard(api, ALI)
    delivered: list[str] = []
    problems: list[str] = []
    for case in CASES:
        since = len(api.calls)
        api.queue_raw_update(case["kind"], case["payload"])
        probe = api.send_text(ALI[0], "/requests")  # the same batch: handled after the case
        await api.wait_for_text(ALI[0], t.MY_REQUESTS_EMPTY, after=probe["message_id"], timeout=10)
        await _settled(api)
        if api.platform == "bale" or case["kind"] in ALLOWED_UPDATES:
            delivered.append(case["name"])
        answers = [(chat, text) for chat, text in _answers(api, since) if text != t.MY_REQUESTS_EMPTY]
        due = case.get("reply_to")
        if due is None and answers:
            problems.append(f"{case['name']}: answered {answers}")
        if due is not None and case["name"] in delivered and not any(chat == due for chat, _ in answers):
            problems.append(f"{case['name']}: no answer to {due}")
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        if errors:
            problems.append(f"{case['name']}: {[r.getMessage() for r in errors]}")
            caplog.clear()
    assert not problems, "\n".join(problems)
    assert "Traceback" not in caplog.text
    assert len(delivered) >= len([c for c in CASES if c["kind"] in ("message", "callback_query")])


async def _settled(api: BotApiServer) -> None:
    """Until the bot has confirmed every update (the server signals no change for that: poll for it)."""
    for _ in range(500):
        if not api.pending_updates():
            return
        await asyncio.sleep(0.01)
    raise TimeoutError(f"updates still unconfirmed: {api.pending_updates()}")


def test_fixture_files_are_json() -> None:
    for path in CORPUS.glob("*.json"):
        assert isinstance(json.loads(path.read_text(encoding="utf-8")), list), path
