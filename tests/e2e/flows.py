"""Steps the end-to-end tests take again and again, written once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from localapi.server import BotApiServer
from services import roles
from tests.e2e.harness import ADMIN_GROUP, Bot
from texts import booklet as booklet_t

PDF = b"%PDF-1.4\n% a scanned national card\n"


async def onboard(api: BotApiServer, person: tuple[int, str, str]) -> None:
    """Take ``person`` through onboarding to the linked menu."""
    uid, mobile, national_id = person
    api.send_text(uid, "/start")
    await api.wait_for_text(uid, "شماره تلفن همراه خود را بفرستید")
    api.share_contact(uid, mobile)
    await api.wait_for_text(uid, "کد ملی")
    api.send_text(uid, national_id)
    await api.wait_for_text(uid, "هویت شما تأیید شد")


async def grant(bot: Bot, user_id: int, role: str, scope: str = "") -> None:
    """Grant a role as the operator would at the command line."""
    await roles.grant(bot.env, actor=None, user_id=user_id, role=role, scope=scope)


def button(message: dict[str, Any], data_prefix: str) -> str:
    """The callback data of the first inline button whose data starts with ``data_prefix``."""
    for row in message["reply_markup"]["inline_keyboard"]:
        for b in row:
            if b.get("callback_data", "").startswith(data_prefix):
                return str(b["callback_data"])
    raise AssertionError(f"no button {data_prefix!r} in {message['reply_markup']}")


async def press(api: BotApiServer, user_id: int, message: dict[str, Any], data_prefix: str) -> str:
    """Press the button starting with ``data_prefix`` and wait for the bot to answer the press."""
    chat_id = message["chat"]["id"]
    query_id = api.press(user_id, message["message_id"], button(message, data_prefix), chat_id=chat_id)
    answer = await api.wait_for_callback_answer(query_id)
    return str(answer.get("text") or "")


async def submit_booklet(
    api: BotApiServer, uid: int, before_confirm: Callable[[], object] | None = None
) -> dict[str, Any]:
    """File a booklet-duplicate request for the employee with one PDF; returns the clerks' card."""
    sent = api.send_text(uid, booklet_t.MENU_BOOKLET)
    processes = await api.wait_for_text(uid, "چه کاری انجام شود", after=sent["message_id"])
    await press(api, uid, processes, "bk:proc:duplicate")
    ask = await api.wait_for_text(uid, "برای چه کسی", after=sent["message_id"])
    await press(api, uid, ask, "bk:person:0")
    await api.wait_for_text(uid, "تصویر کارت ملی")
    sent = api.send_document(uid, PDF, "card.pdf", "application/pdf")
    got = await api.wait_for_text(uid, "دریافت شد", after=sent["message_id"])
    await press(api, uid, got, "bk:done")
    review = await api.wait_for_text(uid, "لطفاً بررسی کنید")
    if before_confirm is not None:
        before_confirm()
    await press(api, uid, review, "bk:ok:")
    return await api.wait_for_text(ADMIN_GROUP, "المثنی")
