"""Loans for someone with no Sheba on file: refused with a reason, never a crash at the bank letter."""

from __future__ import annotations

import asyncio
import datetime as dt

from localapi.server import BotApiServer
from storage.moments import to_iso
from tests.e2e.flows import onboard, press
from tests.e2e.harness import ADMIN_GROUP, ALI, CLERK, HEAD, Bot
from tests.e2e.test_loans import FATEMEH, HASSAN, apply, next_month, office, set_member
from texts import loans as loan_t

__all__ = ["office"]  # the fixture, shared with test_loans

HASSAN_SHEBA = "IR740550000001111222233334"
ALI_SHEBA = "IR050170000000123456789012"


async def set_sheba(bot: Bot, personnel_no: str, sheba: str) -> None:
    """Change a person's Sheba in the registry, as a re-import would."""
    async with bot.env.db.transaction() as tx:
        await tx.execute("UPDATE employees SET sheba = ? WHERE personnel_no = ?", (sheba, personnel_no))


def letters(api: BotApiServer) -> int:
    """How many bank letters finance has been sent."""
    return len([m for m in api.bot_messages(FATEMEH[0]) if "document" in m])


async def test_no_sheba_on_file_is_a_reason_not_to_apply(api: BotApiServer, office: Bot) -> None:
    await set_sheba(office, "1003", "")
    await onboard(api, HASSAN)
    sent = api.send_text(HASSAN[0], loan_t.MENU_LOAN)
    refusal = await api.wait_for_text(HASSAN[0], "شرایط دریافت وام", after=sent["message_id"])
    assert loan_t.LOAN_REASONS["no_sheba"] in refusal["text"]
    assert "reply_markup" not in refusal


async def test_the_final_approval_is_refused_while_the_sheba_is_missing(
    api: BotApiServer, office: Bot
) -> None:
    await onboard(api, HASSAN)
    card = await apply(api, HASSAN[0])
    assert "انجام شد" in await press(api, CLERK, card, "req:approve:")
    reviewed = await api.wait_for_bot_message(
        ADMIN_GROUP, lambda m: m["message_id"] == card["message_id"] and "تصمیم رئیس" in m["text"]
    )
    await set_sheba(office, "1003", "")  # a re-import cleared it after the clerk's review
    assert await press(api, HEAD, reviewed, "req:approve:") == loan_t.LOAN_NO_SHEBA_APPROVAL
    request_id = await office.env.db.fetchval("SELECT id FROM requests ORDER BY id DESC LIMIT 1")
    assert (
        await office.env.db.fetchval("SELECT status FROM requests WHERE id = ?", (request_id,)) == "reviewed"
    )
    assert await office.env.db.fetchval("SELECT COUNT(*) FROM loans") == 0
    assert letters(api) == 0

    await set_sheba(office, "1003", HASSAN_SHEBA)
    assert "انجام شد" in await press(api, HEAD, reviewed, "req:approve:")
    await api.wait_until(lambda: letters(api) == 1)
    assert await office.env.db.fetchval("SELECT status FROM requests WHERE id = ?", (request_id,)) == "funded"


async def test_a_queued_loan_whose_sheba_went_waits_and_the_month_goes_on(
    api: BotApiServer, office: Bot
) -> None:
    await set_member(office, "1001", since=dt.date(2010, 1, 1), debt=0)  # Ali
    for person in (HASSAN, ALI):
        await onboard(api, person)
    hassan = await apply(api, HASSAN[0], "300,000,000")  # leaves 100,000,000 of this month's budget
    await _approve(api, hassan)
    await api.wait_until(lambda: letters(api) == 1)
    ali = await apply(api, ALI[0], "200,000,000")
    await _approve(api, ali)
    await api.wait_for_text(ALI[0], "صف بودجه")

    await set_sheba(office, "1001", "")
    await next_month(office)  # the budget would fund Ali: without a Sheba the loan waits, nothing breaks
    await ticks_fired(office)
    assert await office.env.db.fetchval("SELECT state FROM loans WHERE employee_id = 1") == "queued"
    assert letters(api) == 1

    await set_sheba(office, "1001", ALI_SHEBA)
    await next_month(office)
    await api.wait_for_text(ALI[0], "نوبت وام شما")
    await api.wait_until(lambda: letters(api) == 2)


async def _approve(api: BotApiServer, card: dict[str, object]) -> None:
    assert "انجام شد" in await press(api, CLERK, card, "req:approve:")
    reviewed = await api.wait_for_bot_message(
        ADMIN_GROUP, lambda m: m["message_id"] == card["message_id"] and "تصمیم رئیس" in m["text"]
    )
    assert "انجام شد" in await press(api, HEAD, reviewed, "req:approve:")


async def ticks_fired(bot: Bot) -> None:
    """Wait until no reminder is due any more: the month tick ran to its end (a failed one stays due)."""
    for _ in range(200):
        due = await bot.env.db.fetchval(
            "SELECT COUNT(*) FROM reminders WHERE status = 'pending' AND due_at <= ?",
            (to_iso(bot.clock.now()),),
        )
        if not due:
            return
        await asyncio.sleep(0.025)
    raise AssertionError("a due reminder was never fired")
