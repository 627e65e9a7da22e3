"""The playground in a real browser (Debian's Chromium through Playwright): one person books a guesthouse as the
employee, confirms and verifies it as a clerk, sees the voucher, looks in on the operator and moves the clock;
an eligible employee applies for a loan and the office starts over; the page on a phone.

Screenshots of every step go to test-artifacts/playground/*.png.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from domain.jalali import format_jalali_date
from playground.run import Playground
from playground.sample import BY_KEY, GROUP_ID
from texts import guesthouse as gh_t
from texts import loans as loan_t

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "playground"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ALI = BY_KEY["family"]
PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
    ),
]


@pytest.fixture
async def page(playground: Playground) -> AsyncIterator[Any]:
    """A Chromium tab on the playground's page."""
    async_api = pytest.importorskip("playwright.async_api", reason="the playwright package is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    async with async_api.async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            tab = await browser.new_page(viewport={"width": 1280, "height": 820}, locale="fa-IR")
            tab.set_default_timeout(10_000)
            tab.on("pageerror", lambda error: errors.append(str(error)))
            await tab.goto(playground.url)
            await tab.wait_for_selector("#status.online")
            yield tab
        finally:
            await browser.close()
    assert errors == [], errors


async def shot(page: Any, name: str) -> None:
    """Save a screenshot of the page as it is now."""
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


async def last_bot_row(page: Any, text: str) -> Any:
    """The latest bot message of the open chat containing ``text``."""
    row = page.locator(".row.in", has_text=text).last
    await row.wait_for()
    return row


def png(width: int = 360, height: int = 220) -> bytes:
    """A small solid-colour PNG: the photo of a bank receipt."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes((236, 244, 250)) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


async def onboard(page: Any) -> None:
    """The open chat's employee starts, shares the contact with the bot's button and types the national ID."""
    await page.click("#start-button")
    await page.click(".reply-button.contact-request")
    await last_bot_row(page, "کد ملی ۱۰ رقمی")
    await page.click("#chat-header .chip >> nth=0")  # inserts the national ID into the composer
    await page.keyboard.press("Enter")
    await last_bot_row(page, "هویت شما تأیید شد")


async def no_horizontal_scroll(page: Any) -> None:
    """Neither the page nor the open chat scrolls sideways (bubbles and keyboards fit the width)."""
    widths = await page.evaluate(
        """() => [document.documentElement, document.querySelector('#messages'),
                  document.querySelector('#bottom')].map((el) => [el.scrollWidth, el.clientWidth])"""
    )
    assert all(scroll <= client for scroll, client in widths), widths


async def press(page: Any, row: Any, data_prefix: str) -> None:
    """Press the inline button of ``row`` whose callback data starts with ``data_prefix``."""
    await row.locator(f".kb-button[data-callback^='{data_prefix}']").first.click()


async def test_one_person_books_a_guesthouse_across_every_role(
    playground: Playground, page: Any, tmp_path: Path
) -> None:
    await page.wait_for_selector(f".chat-item.active[data-chat-id='{ALI.user_id}']")
    await page.wait_for_selector(".hint")
    await shot(page, "01-empty-chat")

    # onboarding: start, share the contact with the bot's button, type the national ID
    await onboard(page)
    await page.wait_for_selector(f".reply-button:has-text('{gh_t.MENU_GUESTHOUSE}')")
    await shot(page, "02-onboarded-menu")

    # the booking: house, a day on the Jalali calendar, the spouse as a second guest, submit
    await page.click(f".reply-button:has-text('{gh_t.MENU_GUESTHOUSE}')")
    await press(page, await last_bot_row(page, "زائرسرا یا مهمانسرا"), "gh:house:mashhad")
    calendar = await last_bot_row(page, "روز ورود")
    await shot(page, "03-jalali-calendar")
    await press(page, calendar, "gh:day:")
    guests = page.locator(".row.in", has=page.locator("[data-callback='gh:who_ok']")).last
    await press(page, guests, "gh:who:1")
    await page.locator(".kb-button[data-callback='gh:who:1']", has_text="☑️").wait_for()
    await press(page, guests, "gh:who_ok")
    await press(page, await last_bot_row(page, "لطفاً بررسی کنید"), "gh:ok:")
    receipt = await last_bot_row(page, "کد رهگیری")
    code = (await receipt.inner_text()).split("کد رهگیری:")[1].split()[0]
    await page.wait_for_selector(f".chat-item[data-chat-id='{GROUP_ID}'] .badge")
    await shot(page, "04-booking-submitted")

    # the clerks' group: the first member (a clerk) confirms the date; the room is held
    await page.click(f".chat-item[data-chat-id='{GROUP_ID}']")
    assert await page.locator("#speaker").input_value() == str(BY_KEY["clerk"].user_id)
    await press(page, await last_bot_row(page, code), "req:confirm:")
    await page.wait_for_selector(".toast:has-text('انجام شد')")
    await shot(page, "05-clerk-confirmed")

    # back to the employee: pay, send the receipt photo and the payment's tracking number
    await page.click(f".chat-item[data-chat-id='{ALI.user_id}']")
    await press(page, await last_bot_row(page, "نگه داشته می‌شود"), "gh:pay:")
    await last_bot_row(page, "تصویر رسید واریز")
    photo = tmp_path / "receipt.png"
    photo.write_bytes(png())
    await page.set_input_files("#file", str(photo))
    await page.wait_for_selector(".row.out .photo img")
    await last_bot_row(page, "شماره پیگیری واریز")
    await page.fill("#text", "۱۲۳۴۵۶۷۸")
    await page.keyboard.press("Enter")
    await press(page, await last_bot_row(page, "ارسال رسید"), "gh:paid:")
    await last_bot_row(page, "رسید پرداخت درخواست")
    await shot(page, "06-receipt-sent")

    # the clerk verifies the payment; the card is edited in place
    await page.click(f".chat-item[data-chat-id='{GROUP_ID}']")
    await press(page, await last_bot_row(page, "در انتظار تأیید"), "req:verify:")
    await page.locator(".row.in", has_text=code).filter(has_text="ویرایش‌شده").last.wait_for()
    assert await page.locator(".row.in", has_text=code).count() == 1
    await shot(page, "07-payment-verified")

    # the employee gets the voucher, a PDF that opens from the page
    await page.click(f".chat-item[data-chat-id='{ALI.user_id}']")
    voucher = page.locator(".row.in .doc", has_text=f"voucher-{code}").last
    await voucher.wait_for()
    href = await voucher.locator("a", has_text="باز کردن").get_attribute("href")
    response = await page.request.get(playground.url.rstrip("/") + href)
    assert response.headers["content-type"] == "application/pdf"
    assert (await response.body()).startswith(b"%PDF")
    await shot(page, "08-voucher")

    # the guesthouse operator was told about the booking
    await page.click(f".chat-item[data-chat-id='{BY_KEY['operator'].user_id}']")
    await last_bot_row(page, code)
    await shot(page, "09-operator")

    # move the office's clock to the eve, then to the check-in morning: each reminder arrives on time
    # (one fired more than an hour late is not sent as if on time)
    assert playground.app is not None
    await page.click(f".chat-item[data-chat-id='{ALI.user_id}']")
    reminded = 0
    for kind, text in (("gh_eve", "یادآوری: فردا"), ("gh_morning", "امروز روز ورود شماست")):
        due = await playground.app.env.db.fetchval("SELECT due_at FROM reminders WHERE kind = ?", (kind,))
        if due is None:  # booked late in the evening for tomorrow: the eve had already passed
            continue
        reminded += 1
        moment = (dt.datetime.fromisoformat(due) + dt.timedelta(minutes=5)).astimezone(playground.api.zone)
        await page.click("#clock-to-toggle")  # the form closes after each move
        await page.fill("#clock-date", format_jalali_date(moment.date()))
        await page.fill("#clock-time", f"{moment.hour:02d}:{moment.minute:02d}")
        await page.click("#clock-to button[type=submit]")
        await page.wait_for_selector("#clock-offset:not(:empty)")
        await last_bot_row(page, text)
    assert reminded >= 1
    await shot(page, "10-reminders")


async def test_an_eligible_employee_applies_for_a_loan_and_the_office_starts_over(
    playground: Playground, page: Any, tmp_path: Path
) -> None:
    await page.wait_for_selector(f".chat-item.active[data-chat-id='{ALI.user_id}']")
    await onboard(page)

    # the loan menu: a product, the amount, the repayment preview, the two documents, the review, submit
    await page.click(f".reply-button:has-text('{loan_t.MENU_LOAN}')")
    await press(page, await last_bot_row(page, "نوع وام را انتخاب کنید"), "loan:product:")
    await last_bot_row(page, "مبلغ درخواستی")
    await page.fill("#text", "۱۵۰٬۰۰۰٬۰۰۰")
    await page.keyboard.press("Enter")
    preview = await last_bot_row(page, "پیش‌نمایش بازپرداخت")
    await shot(page, "11-loan-preview")
    await press(page, preview, "loan:next")
    ask = await last_bot_row(page, "مدرک ۱ از")
    documents = ["payslip.pdf"] if "از ۱" in await ask.inner_text() else ["payslip.pdf", "inquiry.pdf"]
    for number, name in enumerate(documents, start=1):
        scan = tmp_path / name
        scan.write_bytes(b"%PDF-1.4\n% a scanned document\n")
        await last_bot_row(page, f"مدرک {'۱۲'[number - 1]} از")
        await page.set_input_files("#file", str(scan))
        await page.locator(".row.out .doc", has_text=name).wait_for()
    await press(page, await last_bot_row(page, "لطفاً بررسی کنید"), "loan:ok:")
    receipt = await last_bot_row(page, "کد رهگیری")
    code = (await receipt.inner_text()).split("کد رهگیری:")[1].split()[0]
    await shot(page, "12-loan-submitted")

    # the clerks' card is in the group chat
    await page.wait_for_selector(f".chat-item[data-chat-id='{GROUP_ID}'] .badge")
    await page.click(f".chat-item[data-chat-id='{GROUP_ID}']")
    card = await last_bot_row(page, code)
    await card.locator(".kb-button[data-callback^='req:']").first.wait_for()
    await shot(page, "13-loan-card")

    # start over: cancelling keeps everything; confirming deletes it and loads the sample office again
    await page.click("#reset-open")
    await page.click("#reset-cancel")
    assert await page.locator(".row.in", has_text=code).count() == 1
    await page.click("#reset-open")
    await shot(page, "14-reset-confirmation")
    await page.click("#reset-confirm")
    await page.wait_for_selector(".toast:has-text('از نو شروع شد')")
    await page.wait_for_selector(".hint")
    assert await page.locator(".row").count() == 0
    assert playground.app is not None
    assert await playground.app.env.db.fetchval("SELECT COUNT(*) FROM requests") == 0
    await page.click(f".chat-item[data-chat-id='{ALI.user_id}']")
    await onboard(page)  # the bot is running again on the fresh office
    await shot(page, "15-after-reset")


async def test_on_a_phone_one_pane_shows_at_a_time(playground: Playground, page: Any) -> None:
    await page.set_viewport_size(PHONE)
    await page.reload()
    await page.wait_for_selector("#status.online")
    chat_item = page.locator(f".chat-item[data-chat-id='{ALI.user_id}']")
    await chat_item.wait_for()
    assert not await page.locator("#chat").is_visible()
    assert not await page.locator("#back").is_visible()
    await no_horizontal_scroll(page)
    await shot(page, "20-phone-list")

    # a chat fills the screen; the employee onboards and the menu's keyboard fits the width
    await chat_item.click()
    assert not await page.locator("#sidebar").is_visible()
    await page.wait_for_selector("#back")
    await onboard(page)
    await page.wait_for_selector(f".reply-button:has-text('{loan_t.MENU_LOAN}')")
    await page.click(f".reply-button:has-text('{loan_t.MENU_LOAN}')")
    await last_bot_row(page, "نوع وام را انتخاب کنید")
    await no_horizontal_scroll(page)
    for button in await page.locator(".reply-button, .kb-button").all():
        box = await button.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    await shot(page, "21-phone-chat")

    # back to the list; the group's card of a new message is counted there, then opens
    await page.click("#back")
    await chat_item.wait_for()
    assert not await page.locator("#chat").is_visible()
    await shot(page, "22-phone-back")
    await page.click(f".chat-item[data-chat-id='{GROUP_ID}']")
    assert await page.locator("#chat-header .header-title").inner_text() == playground.api.group_title
    await page.click("#back")
    await page.locator("#sidebar").wait_for()
