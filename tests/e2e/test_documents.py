"""Documents a bank accepts and the messenger's conventions, end to end through the local Bot API.

A voucher's QR code is a deep link anyone can scan: the bot says it is genuine, and refuses it once the
booking is cancelled; the PDF names the configured organisation once, with amounts in words and Persian
digits; a granted role's command menu appears and disappears on revoke (Telegram); on Bale a staff member's
/start lists their commands; staff who are not employees use their commands.
"""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
from typing import Any

import pytest
from pypdf import PdfReader

from bot.office import services_of
from domain.documents import amount_in_words, mask_name
from localapi.server import BotApiServer
from services.render import rials
from services.setup import apply_config
from tests.documents.test_documents import qr_links
from tests.e2e.flows import grant, onboard, press
from tests.e2e.harness import ADMIN_GROUP, ALI, STRANGER, SUPER_ADMIN, Bot
from tests.e2e.test_guesthouse import _edited, book_to_voucher, office  # noqa: F401 - a fixture
from texts import common as t
from texts import loans as loan_t
from texts import paperwork as paper_t
from texts import staff as staff_t
from texts import verification as verify_t

ORGANISATION = {
    "name": "شرکت ملی پخش فرآورده‌های نفتی",
    "unit": "اداره رفاه کارکنان",
    "address": "تهران، خیابان طالقانی، پلاک ۱۲",
    "phone": "021-88776655",
    "letter_series": "RF",
}


def _is_bale(api: BotApiServer) -> bool:
    return api.platform == "bale"


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


async def _check(api: BotApiServer, who: int, payload: str, expect: str) -> str:
    sent = api.send_text(who, f"/start {payload}")
    return str((await api.wait_for_text(who, expect, after=sent["message_id"]))["text"])


async def test_a_vouchers_qr_deep_link_is_verified_and_refused_once_cancelled(
    api: BotApiServer,
    bot: Bot,
    office: dt.date,  # noqa: F811 - the fixture imported above
) -> None:
    await apply_config(bot.env.db, services_of(), {"organisation": ORGANISATION}, bot.clock.now())
    # rendered outside the transaction: when the PDF is drawn, its row is already committed (without bytes)
    assert bot.app is not None
    sender, seen = bot.app.sender, []
    render = sender.render
    assert render is not None

    def watching(kind: str, data: dict[str, Any]) -> bytes:
        with sqlite3.connect(bot.settings.database_path) as other:
            seen.append(other.execute("SELECT COUNT(*) FROM outbox WHERE document IS NULL").fetchone()[0])
        return render(kind, data)

    sender.render = watching
    await onboard(api, ALI)
    booking = await book_to_voucher(api, bot, ALI[0], "tiny", office + dt.timedelta(days=5))
    voucher = await api.wait_for_bot_message(ALI[0], lambda m: "document" in m)
    assert len(seen) == 1 and seen[0] >= 1
    action = "typing" if _is_bale(api) else "upload_document"
    assert any(a["chat_id"] == ALI[0] and a["action"] == action for a in api.chat_actions)

    pdf = api.file_bytes(voucher["document"]["file_id"])
    text = _pdf_text(pdf)
    assert text.count(ORGANISATION["name"]) == 1 and ORGANISATION["unit"] in text
    fee = int(await bot.env.db.fetchval("SELECT json_extract(payload, '$.fee') FROM requests"))
    assert f"({amount_in_words(fee)} ریال)" in text
    assert "0012345679" not in text and "۹۷۶۵۴۳۲۱۰۰" in text  # the national id in Persian digits
    (link,) = qr_links(pdf)
    host = "https://ble.ir/" if _is_bale(api) else "https://t.me/"
    assert link.startswith(f"{host}{api.bot_username}?start=v_")
    payload = link.split("?start=", 1)[1]

    # a bank clerk or a counter: not an employee, never onboarded
    answer = await _check(api, STRANGER, payload, "اصیل و معتبر")
    assert paper_t.PAPER_KIND_GUESTHOUSE_VOUCHER in answer and rials(fee) in answer
    assert mask_name("علی رضایی") in answer and "علی رضایی" not in answer
    assert booking.code not in answer  # only what the reader needs
    assert "کد ملی" not in answer

    # the owner cancels the booking: the same QR code is refused
    sent = api.send_text(ALI[0], t.MENU_MY_REQUESTS)
    listing = await api.wait_for_text(ALI[0], "درخواست‌های شما", after=sent["message_id"])
    await press(api, ALI[0], listing, f"my:view:{booking.id}")
    detail = await _edited(api, ALI[0], listing, lambda m: "سابقه" in m["text"])
    await press(api, ALI[0], detail, "my:cancel:")
    sure = await _edited(api, ALI[0], detail, lambda m: "مطمئن" in m["text"])
    await press(api, ALI[0], sure, "my:cancel_ok:")
    await _edited(api, ALI[0], sure, lambda m: "لغو شد" in m["text"])
    answer = await _check(api, STRANGER, payload, "دیگر معتبر نیست")
    assert verify_t.VERIFY_WHY["cancelled"] in answer

    # a guessed token is unknown; the checker was never asked to onboard
    await _check(api, STRANGER, "v_" + "A" * 22, "ثبت نشده")
    assert not any("شماره تلفن همراه" in m.get("text", "") for m in api.bot_messages(STRANGER))


#: Payroll's staff commands, in the order of the office's services (the booklet's premium list, loan deductions).
PAYROLL_COMMANDS = ["premiums", "deductions"]


def _names(commands: list[dict[str, Any]]) -> list[str]:
    return [c["command"] for c in commands]


async def test_a_granted_roles_command_menu_appears_and_disappears_on_revoke(
    api: BotApiServer, bot: Bot
) -> None:
    if _is_bale(api):
        pytest.skip("Bale has no command menus (see the /start test)")
    scope = {"type": "chat", "chat_id": STRANGER}
    assert _names(api.my_commands()) == [name for name, _ in t.COMMANDS]
    assert "roles" in _names(api.my_commands({"type": "chat", "chat_id": ADMIN_GROUP}))
    assert "grant" in _names(api.my_commands({"type": "chat", "chat_id": SUPER_ADMIN}))
    assert api.my_commands(scope) == []

    sent = api.send_text(SUPER_ADMIN, f"/grant {STRANGER} payroll", chat_id=ADMIN_GROUP)
    await api.wait_for_text(ADMIN_GROUP, str(STRANGER), after=sent["message_id"])
    await api.wait_until(lambda: "deductions" in _names(api.my_commands(scope)))
    # not an employee: the menu offers /start and payroll's commands, not the employee's commands
    assert _names(api.my_commands(scope)) == ["start", "whoami", *PAYROLL_COMMANDS]

    sent = api.send_text(SUPER_ADMIN, f"/revoke {STRANGER} payroll", chat_id=ADMIN_GROUP)
    await api.wait_for_text(ADMIN_GROUP, str(STRANGER), after=sent["message_id"])
    await api.wait_until(lambda: api.my_commands(scope) == [])


async def test_a_linked_employees_menu_keeps_the_employee_commands_with_the_staff_ones(
    api: BotApiServer, bot: Bot
) -> None:
    if _is_bale(api):
        pytest.skip("Bale has no command menus")
    await onboard(api, ALI)
    await grant(bot, ALI[0], "payroll")
    scope = {"type": "chat", "chat_id": ALI[0]}
    await api.wait_until(lambda: "deductions" in _names(api.my_commands(scope)))
    assert _names(api.my_commands(scope)) == [name for name, _ in t.COMMANDS] + PAYROLL_COMMANDS


async def test_staff_who_are_not_employees_use_their_commands_and_start_lists_them(
    api: BotApiServer, bot: Bot
) -> None:
    sent = api.send_text(STRANGER, "/deductions")
    await api.wait_for_text(STRANGER, "شماره تلفن همراه", after=sent["message_id"])  # no role: onboarding
    await grant(bot, STRANGER, "payroll")
    sent = api.send_text(STRANGER, "/deductions")
    none_yet = loan_t.LOAN_DEDUCTIONS_NONE.split("{month}")[1].strip()
    await api.wait_for_text(STRANGER, none_yet, after=sent["message_id"])
    sent = api.send_text(STRANGER, "/start")
    home = await api.wait_for_text(STRANGER, staff_t.STAFF_OUTSIDER_HOME, after=sent["message_id"])
    assert "/deductions" in home["text"] and staff_t.STAFF_COMMAND_DESCRIPTIONS["deductions"] in home["text"]
    # they may still be employees who have not linked yet: onboarding follows
    await api.wait_for_text(STRANGER, "شماره تلفن همراه", after=home["message_id"])


async def test_on_bale_a_staff_members_start_lists_their_commands(api: BotApiServer, bot: Bot) -> None:
    await onboard(api, ALI)
    await grant(bot, ALI[0], "payroll")
    sent = api.send_text(ALI[0], "/start")
    greeting = await api.wait_for_text(ALI[0], "علی", after=sent["message_id"])
    if _is_bale(api):
        assert staff_t.STAFF_COMMANDS_TITLE in greeting["text"] and "/deductions" in greeting["text"]
        assert not api.calls_to("setMyCommands")
    else:
        assert "/deductions" not in greeting["text"]  # Telegram shows them in the command menu


async def test_a_service_deep_link_opens_its_conversation(api: BotApiServer, bot: Bot) -> None:
    await onboard(api, ALI)
    sent = api.send_text(ALI[0], loan_t.MENU_LOAN)
    by_menu = await api.wait_for_bot_message(ALI[0], lambda m: "text" in m, after=sent["message_id"])
    sent = api.send_text(ALI[0], "/start s_loan")
    by_link = await api.wait_for_bot_message(ALI[0], lambda m: "text" in m, after=sent["message_id"])
    assert by_link["text"] == by_menu["text"]
