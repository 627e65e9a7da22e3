"""Deep links: ``/start v_<token>`` checks a document for anyone who scanned its QR code.

The check runs in the gate's group, before the gate, so it needs no onboarding and no employee record (a
bank clerk, a guesthouse's counter); nothing else handles that update.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, CommandHandler, filters

from domain.documents import VERIFY_PREFIX
from kit.context import RefahContext
from services import verification

#: ``/start v_<token>``, as a deep link delivers it.
VERIFY_PATTERN = rf"^/start(?:@\w+)? {VERIFY_PREFIX}[A-Za-z0-9_-]{{1,62}}$"


async def verify(update: Update, context: RefahContext) -> None:
    """Say whether the scanned document is genuine and still valid, with only what the reader needs."""
    message = update.effective_message
    assert message is not None
    payload = (context.args or [""])[0]
    verdict = await verification.check(context.env, payload)
    await message.reply_text(verification.verdict_text(verdict, context.env.zone))
    raise ApplicationHandlerStop


def verify_handler() -> BaseHandler[Update, RefahContext, None]:
    """The document check, for private chats."""
    return CommandHandler("start", verify, filters=filters.ChatType.PRIVATE & filters.Regex(VERIFY_PATTERN))
