"""A request through the clerks' group: approve, reject, ask for information; roles; documents; follow-up."""

from __future__ import annotations

import asyncio

import pytest

from localapi.server import BotApiServer
from tests.e2e.flows import PDF, grant, onboard, press, submit_booklet
from tests.e2e.harness import ADMIN_GROUP, ALI, CLERK, MARYAM, STRANGER, SUPER_ADMIN, Bot, api_profile
from texts import admin as admin_t
from texts import booklet as booklet_t
from texts import common as t


async def test_submitted_request_posts_a_card_with_the_allowed_actions(api: BotApiServer, bot: Bot) -> None:
    await onboard(api, ALI)
    card = await submit_booklet(api, ALI[0])
    receipt = await api.wait_for_text(ALI[0], "کد رهگیری")
    code = receipt["text"].split("کد رهگیری: ")[1].split("\n")[0]
    assert code in card["text"]
    assert "علی رضایی" in card["text"]
    labels = [b["text"] for row in card["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == [
        t.ACTION_LABELS["approve"],
        t.ACTION_LABELS["reject"],
        t.ACTION_LABELS["ask_info"],
        t.BTN_DOCUMENTS,
    ]
    # the documents themselves never appear in the group
    assert not any("document" in m or "photo" in m for m in api.messages(ADMIN_GROUP))


async def test_clerk_approves_the_card_is_edited_and_the_owner_told(api: BotApiServer, bot: Bot) -> None:
    await grant(bot, CLERK, "clerk", "booklet")
    await onboard(api, ALI)
    card = await submit_booklet(api, ALI[0])
    answer = await press(api, CLERK, card, "req:approve:")
    assert "انجام شد" in answer
    edited = await api.wait_for_bot_message(
        ADMIN_GROUP, lambda m: m["message_id"] == card["message_id"] and "تأیید شد" in m["text"]
    )
    assert "Clerk" in edited["text"]
    assert edited["reply_markup"]["inline_keyboard"] == [
        [
            {
                "text": t.BTN_DOCUMENTS,
                "callback_data": edited["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
            }
        ]
    ]
    await api.wait_for_text(ALI[0], "تأیید شد")
    events = await bot.env.db.fetchall(
        "SELECT actor, action, from_status, to_status FROM request_events ORDER BY id"
    )
    assert [tuple(e) for e in events] == [
        (ALI[0], "submit", None, "submitted"),
        (CLERK, "approve", "submitted", "approved"),
    ]


async def test_group_member_without_the_role_is_refused(api: BotApiServer, bot: Bot) -> None:
    await grant(bot, CLERK, "clerk", "loan")  # a clerk of another service
    await onboard(api, ALI)
    card = await submit_booklet(api, ALI[0])
    for outsider in (STRANGER, CLERK):
        answer = await press(api, outsider, card, "req:approve:")
        assert answer == admin_t.ADMIN_NO_ROLE
    assert await bot.env.db.fetchval("SELECT status FROM requests") == "submitted"


async def test_stale_approve_pressed_twice_acts_once(api: BotApiServer, bot: Bot) -> None:
    await grant(bot, CLERK, "clerk")
    await onboard(api, ALI)
    card = await submit_booklet(api, ALI[0])
    await press(api, CLERK, card, "req:approve:")
    second = await press(api, CLERK, card, "req:approve:")  # the old keyboard, pressed again
    assert "قبلاً رسیدگی شده" in second
    assert await bot.env.db.fetchval("SELECT COUNT(*) FROM request_events WHERE action = 'approve'") == 1


@pytest.mark.skipif(
    api_profile() == "bale", reason="ForceReply is Telegram's; tests/e2e/test_bale.py covers Bale"
)
async def test_reject_needs_a_reason_which_reaches_the_owner(api: BotApiServer, bot: Bot) -> None:
    await grant(bot, CLERK, "clerk", "booklet")
    await onboard(api, ALI)
    card = await submit_booklet(api, ALI[0])
    await press(api, CLERK, card, "req:reject:")
    prompt = await api.wait_for_text(ADMIN_GROUP, "دلیل")
    assert prompt["reply_markup"]["force_reply"] is True
    # another member's reply does not count
    sent = api.send_text(STRANGER, "whatever", chat_id=ADMIN_GROUP, reply_to=prompt["message_id"])
    await api.wait_for_text(ADMIN_GROUP, "کارشناس دیگری", after=sent["message_id"])
    api.send_text(CLERK, "تصویر کارت ملی خوانا نیست", chat_id=ADMIN_GROUP, reply_to=prompt["message_id"])
    rejected = await api.wait_for_text(ALI[0], "رد شد")
    assert "تصویر کارت ملی خوانا نیست" in rejected["text"]
    await api.wait_for_bot_message(
        ADMIN_GROUP, lambda m: m["message_id"] == card["message_id"] and "رد شد" in m["text"]
    )
    note = await bot.env.db.fetchval("SELECT note FROM request_events WHERE action = 'reject'")
    assert note == "تصویر کارت ملی خوانا نیست"


async def test_ask_for_information_then_the_owner_answers_and_the_case_returns(
    api: BotApiServer, bot: Bot
) -> None:
    await grant(bot, CLERK, "clerk", "booklet")
    await onboard(api, ALI)
    card = await submit_booklet(api, ALI[0])
    await press(api, CLERK, card, "req:ask_info:")
    prompt = await api.wait_for_text(ADMIN_GROUP, "دلیل")
    api.send_text(CLERK, "حکم بازنشستگی را هم بفرستید", chat_id=ADMIN_GROUP, reply_to=prompt["message_id"])
    question = await api.wait_for_text(ALI[0], "حکم بازنشستگی را هم بفرستید")
    await api.wait_for_bot_message(
        ADMIN_GROUP, lambda m: m["message_id"] == card["message_id"] and "نیازمند اطلاعات" in m["text"]
    )

    await press(api, ALI[0], question, "req:answer:")
    ask = await api.wait_for_text(ALI[0], "پاسخ خود")
    sent = api.send_sticker(ALI[0])
    await api.wait_for_text(ALI[0], "لطفاً متن پاسخ", after=sent["message_id"])
    api.send_text(ALI[0], "حکم پیوست شد")
    sent = api.send_document(ALI[0], PDF, "decree.pdf", "application/pdf")
    got = await api.wait_for_text(ALI[0], "دریافت شد", after=sent["message_id"])
    on_screen = [b["text"] for row in got["reply_markup"]["inline_keyboard"] for b in row]
    named = [label for label in on_screen if f"«{label}»" in got["text"]]
    assert named, f"the text names no button on screen: {got['text']!r} vs {on_screen}"
    await press(api, ALI[0], got, "info:send")
    await api.wait_for_text(ALI[0], "دوباره به کارشناس ارجاع شد")
    back = await api.wait_for_bot_message(
        ADMIN_GROUP,
        lambda m: (
            m["message_id"] == card["message_id"] and "در انتظار بررسی" in m["text"] and "۲" in m["text"]
        ),
    )
    assert "حکم پیوست شد" in back["text"]
    assert ask is not None
    # and a new message in the group, replying to the card, says so: a clerk cannot miss it
    notice = await api.wait_for_text(ADMIN_GROUP, "پاسخ متقاضی رسید")
    assert notice.get("reply_to_message", {}).get("message_id") == card["message_id"]
    # the clerk can now approve it
    await press(api, CLERK, back, "req:approve:")
    await api.wait_for_text(ALI[0], "تأیید شد")


async def test_documents_go_privately_to_a_clerk_with_the_role_only(api: BotApiServer, bot: Bot) -> None:
    await grant(bot, CLERK, "clerk", "booklet")
    await onboard(api, ALI)
    card = await submit_booklet(api, ALI[0])
    refused = await press(api, STRANGER, card, "req:docs:")
    assert refused == admin_t.ADMIN_NO_ROLE
    await press(api, CLERK, card, "req:docs:")
    doc = await api.wait_for_bot_message(CLERK, lambda m: "document" in m)
    assert doc["document"]["file_name"] == "card.pdf"
    assert not api.bot_messages(STRANGER)
    assert (
        await bot.env.db.fetchval("SELECT actor FROM request_events WHERE action = 'view_documents'") == CLERK
    )


async def test_my_requests_shows_status_and_history_and_allows_cancel(api: BotApiServer, bot: Bot) -> None:
    await onboard(api, ALI)
    await submit_booklet(api, ALI[0])
    sent = api.send_text(ALI[0], t.MENU_MY_REQUESTS)
    listing = await api.wait_for_text(ALI[0], "درخواست‌های شما", after=sent["message_id"])
    await press(api, ALI[0], listing, "my:view:")
    detail = await api.wait_for_text(ALI[0], "سابقه")
    assert "در انتظار بررسی" in detail["text"]
    await press(api, ALI[0], detail, "my:cancel:")
    confirm = await api.wait_for_text(ALI[0], "مطمئن")
    await press(api, ALI[0], confirm, "my:cancel_ok:")
    await api.wait_for_text(ALI[0], "لغو شد")
    await api.wait_for_bot_message(ADMIN_GROUP, lambda m: "لغو شد" in m.get("text", ""))


async def test_admin_grants_a_role_in_the_bot_and_others_cannot(api: BotApiServer, bot: Bot) -> None:
    sent = api.send_text(STRANGER, f"/grant {STRANGER} clerk", chat_id=ADMIN_GROUP)
    await api.wait_for_text(ADMIN_GROUP, "فقط مدیر سامانه", after=sent["message_id"])
    sent = api.send_text(SUPER_ADMIN, f"/grant {CLERK} clerk booklet", chat_id=ADMIN_GROUP)
    await api.wait_for_text(ADMIN_GROUP, "داده شد", after=sent["message_id"])
    sent = api.send_text(SUPER_ADMIN, f"/grant {CLERK} wizard", chat_id=ADMIN_GROUP)
    await api.wait_for_text(ADMIN_GROUP, "نقش نامعتبر", after=sent["message_id"])
    audit = await bot.env.db.fetchall("SELECT actor, action, user_id, role, scope FROM role_audit")
    assert [tuple(a) for a in audit] == [(SUPER_ADMIN, "grant", CLERK, "clerk", "booklet")]


async def test_a_menu_button_inside_a_conversation_leaves_it(api: BotApiServer, bot: Bot) -> None:
    await onboard(api, ALI)
    sent = api.send_text(ALI[0], booklet_t.MENU_BOOKLET_DUPLICATE)
    ask = await api.wait_for_text(ALI[0], "برای چه کسی", after=sent["message_id"])
    await press(api, ALI[0], ask, "bk:person:0")
    await api.wait_for_text(ALI[0], "تصویر کارت ملی")
    sent = api.send_text(ALI[0], t.MENU_MY_REQUESTS)
    await api.wait_for_text(ALI[0], "انصراف داده شد", after=sent["message_id"])
    sent = api.send_text(ALI[0], t.MENU_MY_REQUESTS)
    await api.wait_for_text(ALI[0], "هنوز درخواستی", after=sent["message_id"])


async def test_track_by_code_accepts_any_case_and_digits_and_hides_other_peoples_requests(
    api: BotApiServer, bot: Bot
) -> None:
    await onboard(api, ALI)
    await submit_booklet(api, ALI[0])
    receipt = await api.wait_for_text(ALI[0], "کد رهگیری")
    code = receipt["text"].split("کد رهگیری: ")[1].split("\n")[0]
    typed = code.lower().replace("-", "").translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    sent = api.send_text(ALI[0], f"/track {typed}")
    detail = await api.wait_for_text(ALI[0], "سابقه", after=sent["message_id"])
    assert code in detail["text"]
    sent = api.send_text(ALI[0], "/track ABC")
    await api.wait_for_text(ALI[0], "کد رهگیری معتبر نیست", after=sent["message_id"])
    sent = api.send_text(ALI[0], "/track")  # no code: the command is explained, not called wrong
    usage = await api.wait_for_text(ALI[0], "نحوه استفاده", after=sent["message_id"])
    assert "معتبر نیست" not in usage["text"]
    await onboard(api, MARYAM)
    sent = api.send_text(MARYAM[0], f"/track {code}")
    await api.wait_for_text(MARYAM[0], "پیدا نشد", after=sent["message_id"])


async def test_a_card_that_can_no_longer_be_edited_is_posted_anew(api: BotApiServer, bot: Bot) -> None:
    """Bale allows edits only within 48 hours (and a clerk may delete a card): the change is not lost."""
    await grant(bot, CLERK, "clerk", "booklet")
    await onboard(api, ALI)
    card = await submit_booklet(api, ALI[0])
    api.inject_fault(
        "editMessageText", status=400, chat_id=ADMIN_GROUP, description="Bad Request: message can't be edited"
    )
    await press(api, CLERK, card, "req:approve:")
    fresh = await api.wait_for_bot_message(
        ADMIN_GROUP, lambda m: m["message_id"] > card["message_id"] and "تأیید شد" in m.get("text", "")
    )
    for _ in range(100):  # the sender records the new card just after Telegram accepted it
        if await bot.env.db.fetchval("SELECT admin_message_id FROM requests") == fresh["message_id"]:
            break
        await asyncio.sleep(0.02)
    assert await bot.env.db.fetchval("SELECT admin_message_id FROM requests") == fresh["message_id"]
