"""Goods vouchers end to end through the local Bot API: an admin issues a campaign in the chat, each holder gets
a code and its QR image, the cooperative's operator redeems by code and by QR photo once, a second attempt is
refused with when and by whom, a non-operator cannot redeem, an expired voucher is refused; in cash mode
finance gets the list with Sheba numbers and marking it paid tells everyone."""

from __future__ import annotations

import datetime as dt
import io
import re
import zoneinfo
from typing import Any

import jdatetime  # type: ignore[import-untyped, unused-ignore]
import openpyxl
import pytest

from domain.vouchers import parse_voucher_code
from localapi.server import BotApiServer
from services import vouchers
from tests.documents.sheet_checks import sheet_problems
from tests.e2e.flows import grant, onboard, press
from tests.e2e.harness import ALI, CLERK, MARYAM, STRANGER, Bot

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
FATEMEH = (104, "09129998877", "3456789122")  # pensioner, finance
OPERATOR = STRANGER  # the cooperative's operator is not in the registry


@pytest.fixture
async def office(api: BotApiServer, bot: Bot) -> Bot:
    """Maryam is an admin, Fatemeh finance, the stranger the cooperative's operator; Ali is linked too."""
    api.add_user(FATEMEH[0], "Fatemeh", phone=FATEMEH[1])
    await grant(bot, MARYAM[0], "admin")
    await grant(bot, FATEMEH[0], "finance")
    await grant(bot, OPERATOR, "coop_operator")
    for person in (MARYAM, FATEMEH, ALI):
        await onboard(api, person)
    return bot


def today(bot: Bot) -> dt.date:
    """The office's day."""
    return bot.clock.now().astimezone(TEHRAN).date()


def jalali(day: dt.date) -> str:
    """A day as typed: Jalali, Persian digits."""
    return (
        jdatetime.date.fromgregorian(date=day)
        .strftime("%Y/%m/%d")
        .translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    )


async def open_campaign(
    api: BotApiServer, statuses: list[str], mode: str, ends_on: dt.date, amount: str = "۵۰٬۰۰۰٬۰۰۰"
) -> dict[str, Any]:
    """The admin's form through to the opening note; returns the review as shown."""
    admin = MARYAM[0]
    sent = api.send_text(admin, "/voucher_new")
    await api.wait_for_text(admin, "مبلغ بن هر نفر", after=sent["message_id"])
    sent = api.send_text(admin, amount)
    ask = await api.wait_for_text(admin, "چه کسانی بن می‌گیرند", after=sent["message_id"])
    for ticked, status in enumerate(statuses, start=1):
        await press(api, admin, ask, f"vc:who:{status}")
        ask = await api.wait_for_bot_message(
            admin,
            lambda m, asked=ask["message_id"], n=ticked: m["message_id"] == asked and str(m).count("✓") == n,
        )
    await press(api, admin, ask, "vc:who_ok")
    ask = await api.wait_for_text(admin, "شیوه پرداخت", after=sent["message_id"])
    await press(api, admin, ask, f"vc:mode:{mode}")
    await api.wait_for_text(admin, "آخرین روز استفاده", after=sent["message_id"])
    sent = api.send_text(admin, jalali(ends_on))
    review = await api.wait_for_text(admin, "لطفاً بررسی کنید", after=sent["message_id"])
    await press(api, admin, review, "vc:open:")
    await api.wait_for_text(admin, "صادر شد", after=sent["message_id"])
    return review


def code_in(caption: str) -> str:
    """The voucher code in a caption."""
    found = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", caption)
    assert found is not None, caption
    return found[0]


async def redeem(api: BotApiServer, uid: int, code: str) -> str:
    """``/redeem CODE`` at the counter; the bot's answer."""
    sent = api.send_text(uid, f"/redeem {code}")
    return str((await api.wait_for_bot_message(uid, lambda m: "text" in m, after=sent["message_id"]))["text"])


async def redeem_by_photo(api: BotApiServer, uid: int, image: bytes) -> str:
    """A photo of the QR code captioned /redeem; the bot's answer."""
    sent = api.send_photo(uid, image, caption="/redeem")
    return str((await api.wait_for_bot_message(uid, lambda m: "text" in m, after=sent["message_id"]))["text"])


async def test_goods_vouchers_are_redeemed_once_by_code_and_by_qr(api: BotApiServer, office: Bot) -> None:
    review = await open_campaign(api, ["employed", "retired"], "goods", today(office) + dt.timedelta(days=7))
    # employed: Ali, Maryam; retired: Hassan, Zahra (not linked: no message, a voucher all the same)
    assert "مشمولان: ۴ نفر" in review["text"]
    ali = await api.wait_for_bot_message(ALI[0], lambda m: "photo" in m)
    maryam = await api.wait_for_bot_message(MARYAM[0], lambda m: "photo" in m)
    ali_code, maryam_code = code_in(ali["caption"]), code_in(maryam["caption"])
    assert ali_code != maryam_code
    assert parse_voucher_code(ali_code) == ali_code  # well formed, check character included
    assert "۵۰٬۰۰۰٬۰۰۰ ریال" in ali["caption"]

    # not the cooperative's operator: an outsider, and an employee without the role
    for uid in (CLERK, ALI[0]):
        assert "ویژه متصدیان فروشگاه تعاونی" in await redeem(api, uid, ali_code)
    assert "ویژه متصدیان" in await redeem_by_photo(api, ALI[0], api.file_bytes(ali["photo"][-1]["file_id"]))

    # by code, typed in lower case without dashes, once
    done = await redeem(api, OPERATOR, ali_code.replace("-", "").lower())
    assert "بن پذیرفته شد" in done and "علی رضایی" in done
    await api.wait_for_text(ALI[0], f"بن کالای {ali_code} شما")
    again = await redeem(api, OPERATOR, ali_code)
    assert "قبلاً" in again and "Stranger" in again

    # by a photo of the QR code, once
    image = api.file_bytes(maryam["photo"][-1]["file_id"])
    done = await redeem_by_photo(api, OPERATOR, image)
    assert "بن پذیرفته شد" in done and "مریم احمدی" in done
    again = await redeem_by_photo(api, OPERATOR, image)
    assert "قبلاً" in again and "Stranger" in again

    # a mistyped code is caught by its check character; a photo with no QR code is told so
    typo = ali_code[:-1] + ("A" if ali_code[-1] != "A" else "B")
    assert "درست نیست" in await redeem(api, OPERATOR, typo)
    assert "QR خوانایی" in await redeem_by_photo(api, OPERATOR, b"\xff\xd8\xff\xe0 no code here")

    sent = api.send_text(MARYAM[0], "/vouchers")
    counts = await api.wait_for_text(MARYAM[0], "صادرشده", after=sent["message_id"])
    assert "صادرشده: ۴، استفاده‌شده: ۲، باز: ۲" in counts["text"]
    assert "۲ ارسال" in counts["text"]

    sent = api.send_text(ALI[0], "/voucher")
    mine = await api.wait_for_text(ALI[0], "استفاده‌شده", after=sent["message_id"])
    assert "بن کالا" in mine["text"]


async def test_an_expired_voucher_is_refused(api: BotApiServer, office: Bot) -> None:
    await open_campaign(api, ["employed"], "goods", today(office))
    ali = await api.wait_for_bot_message(ALI[0], lambda m: "photo" in m)
    code = code_in(ali["caption"])
    now = office.clock.now().astimezone(TEHRAN)
    tomorrow = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(8), tzinfo=TEHRAN)
    office.clock.advance(tomorrow - now)
    refused = await redeem(api, OPERATOR, code)
    assert "مهلت این بن" in refused and "به پایان رسیده" in refused
    used = await office.env.db.fetchval("SELECT COUNT(used_at) FROM vouchers")
    assert used == 0
    sent = api.send_text(MARYAM[0], "/vouchers")
    counts = await api.wait_for_text(MARYAM[0], "صادرشده", after=sent["message_id"])
    assert "صادرشده: ۲، استفاده‌شده: ۰، باز: ۰" in counts["text"]


async def test_cash_vouchers_go_to_finance_and_paying_tells_everyone(api: BotApiServer, office: Bot) -> None:
    await open_campaign(
        api, ["pensioner", "employed"], "cash", today(office) + dt.timedelta(days=3), "۲۰۰۰۰۰۰۰"
    )
    for uid in (ALI[0], MARYAM[0], FATEMEH[0]):
        await api.wait_for_text(uid, "به حساب شما واریز خواهد شد")
    sheet = await api.wait_for_bot_message(FATEMEH[0], lambda m: "document" in m)
    rows = list(
        openpyxl.load_workbook(io.BytesIO(api.file_bytes(sheet["document"]["file_id"])))
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    assert sheet_problems(api.file_bytes(sheet["document"]["file_id"])) == []
    assert [r[0] for r in rows[1:4]] == [1001, 1002, 1004]
    assert rows[3][4] == "IR710560000004444555566667" and rows[3][3] == 20_000_000
    assert rows[4][1] == "جمع کل" and rows[4][3] == "=SUM(D2:D4)"
    # only finance marks it paid
    campaign_id = int(await office.env.db.fetchval("SELECT MAX(id) FROM voucher_campaigns"))
    with pytest.raises(PermissionError):
        await vouchers.mark_deposited(office.env, campaign_id=campaign_id, actor=ALI[0])
    done = await press(api, FATEMEH[0], sheet, "vc:paid:")
    assert "۳ نفر" in done
    for uid in (ALI[0], MARYAM[0], FATEMEH[0]):
        await api.wait_for_text(uid, "به حساب شما واریز شد")
        assert len([m for m in api.bot_messages(uid) if "واریز شد" in m.get("text", "")]) == 1


async def test_a_campaign_is_issued_once_however_often_confirmed(api: BotApiServer, office: Bot) -> None:
    for _ in range(2):
        opened = await vouchers.open_campaign(
            office.env,
            actor=MARYAM[0],
            amount=1_000_000,
            statuses=["employed"],
            mode="goods",
            ends_on=today(office),
            key="same-draft",
        )
    assert opened.created is False
    assert await office.env.db.fetchval("SELECT COUNT(*) FROM vouchers") == 2
    with pytest.raises(PermissionError):
        await vouchers.open_campaign(
            office.env,
            actor=ALI[0],
            amount=1,
            statuses=["employed"],
            mode="cash",
            ends_on=today(office),
            key="x",
        )
