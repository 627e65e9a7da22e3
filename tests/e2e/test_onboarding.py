"""Onboarding through the real bot: contact, then national ID; every refusal."""

from __future__ import annotations

import datetime as dt

from localapi.server import BotApiServer
from services import onboarding
from storage.identity import Accounts
from tests.e2e.flows import onboard
from tests.e2e.harness import ALI, MARYAM, STRANGER, Bot
from texts import booklet as booklet_t
from texts import common as t


async def test_start_asks_for_own_contact_with_a_request_contact_button(api: BotApiServer, bot: Bot) -> None:
    api.send_text(ALI[0], "/start")
    message = await api.wait_for_text(ALI[0], "شماره تلفن همراه")
    button = message["reply_markup"]["keyboard"][0][0]
    assert button["request_contact"] is True
    assert button["text"] == t.BTN_SHARE_CONTACT


async def test_contact_then_national_id_links_the_employee_and_shows_the_menu(
    api: BotApiServer, bot: Bot
) -> None:
    await onboard(api, ALI)
    linked = api.last_bot_message(ALI[0])
    assert linked is not None
    assert "علی رضایی" in linked["text"]
    assert booklet_t.MENU_BOOKLET in [b["text"] for row in linked["reply_markup"]["keyboard"] for b in row]
    assert (
        await bot.env.db.fetchval("SELECT employee_id FROM accounts WHERE user_id = ?", (ALI[0],)) is not None
    )


async def test_national_id_in_persian_digits_is_accepted(api: BotApiServer, bot: Bot) -> None:
    api.send_text(MARYAM[0], "/start")
    api.share_contact(MARYAM[0], "+98 935 111 2233")
    await api.wait_for_text(MARYAM[0], "کد ملی")
    api.send_text(MARYAM[0], "۱۲۳۴۵۶۷۸۹۱")
    await api.wait_for_text(MARYAM[0], "هویت شما تأیید شد")


async def test_the_linking_message_handled_again_gets_its_answer_again_but_a_later_retype_does_not(
    api: BotApiServer, bot: Bot
) -> None:
    """After a crash the message that linked someone comes again: the screen they wait for comes again too."""
    await onboard(api, MARYAM)
    employee = await onboarding.linked_employee(bot.env, MARYAM[0])
    assert employee is not None
    linked_at = await Accounts(bot.env.db).linked_at(MARYAM[0])
    assert linked_at is not None
    lost = onboarding.linking_answer_lost
    assert await lost(bot.env, employee, MARYAM[0], "۱۲۳۴۵۶۷۸۹۱", linked_at)  # the same message, redelivered
    assert not await lost(bot.env, employee, MARYAM[0], MARYAM[2], linked_at + dt.timedelta(minutes=1))
    assert not await lost(bot.env, employee, MARYAM[0], "0012345679", linked_at)  # someone else's ID


async def test_someone_elses_contact_is_refused(api: BotApiServer, bot: Bot) -> None:
    api.send_text(STRANGER, "/start")
    api.share_contact(STRANGER, ALI[1], contact_user_id=ALI[0])
    await api.wait_for_text(STRANGER, "متعلق به حساب خود شما نیست")
    assert await bot.env.db.fetchval("SELECT COUNT(*) FROM accounts") == 0


async def test_unknown_mobile_gets_the_office_contact(api: BotApiServer, bot: Bot) -> None:
    api.add_user(555, "Nobody", phone="09990001122")
    api.share_contact(555, "09990001122")
    message = await api.wait_for_text(555, "ثبت نشده است")
    assert "021-12345678" in message["text"]


async def test_wrong_national_id_counts_down_and_five_misses_lock_for_an_hour(
    api: BotApiServer, bot: Bot
) -> None:
    uid = ALI[0]
    api.share_contact(uid, ALI[1])
    await api.wait_for_text(uid, "کد ملی")
    for left in (4, 3, 2, 1):
        sent = api.send_text(uid, "1234567891")  # a valid ID, but Maryam's
        await api.wait_for_text(uid, "مطابقت ندارد", after=sent["message_id"])
        assert (
            str(left).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
            in api.last_bot_message(uid)["text"]
        )
    sent = api.send_text(uid, "1234567891")
    await api.wait_for_text(uid, "متوقف شده", after=sent["message_id"])
    # even the right ID is refused while locked
    sent = api.send_text(uid, ALI[2])
    await api.wait_for_text(uid, "شماره تلفن همراه", after=sent["message_id"])
    sent = api.share_contact(uid, ALI[1])
    await api.wait_for_text(uid, "متوقف شده", after=sent["message_id"])
    # an hour later the person may try again
    bot.clock.advance(dt.timedelta(hours=1, minutes=1))
    await onboard(api, ALI)


async def test_bad_check_digit_is_explained_and_does_not_count_as_a_try(api: BotApiServer, bot: Bot) -> None:
    uid = ALI[0]
    api.share_contact(uid, ALI[1])
    await api.wait_for_text(uid, "کد ملی")
    sent = api.send_text(uid, "0012345678")
    await api.wait_for_text(uid, "رقم کنترل", after=sent["message_id"])
    sent = api.send_text(uid, "x" * 10_000)
    await api.wait_for_text(uid, "طولانی", after=sent["message_id"])
    assert await bot.env.db.fetchval("SELECT failures FROM onboarding WHERE user_id = ?", (uid,)) == 0


async def test_unlinked_user_reaches_no_service(api: BotApiServer, bot: Bot) -> None:
    sent = api.send_text(ALI[0], booklet_t.MENU_BOOKLET)
    await api.wait_for_text(ALI[0], "شماره تلفن همراه", after=sent["message_id"])
    sent = api.send_text(ALI[0], "/requests")
    await api.wait_for_text(ALI[0], "شماره تلفن همراه", after=sent["message_id"])
