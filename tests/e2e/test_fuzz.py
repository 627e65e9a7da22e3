"""Property-based fuzz over every conversation state of the office's services, through the running bot.

For each state (booklet duplicate, loan, guesthouse booking and receipt) the person is brought there once,
then Hypothesis sends bad input after bad input: random text (Persian, Arabic, emoji, control and bidi
characters, up to 10,000 characters), stickers, photos and documents where text or buttons are expected
(and text where a file is), stale, empty and forged button data, unknown commands. After each: nothing
crashed ("error while handling an update" is never logged), the conversation's step and draft are exactly as
before, and the person got a clear Persian message (a reply, or the answer to their press).

A few examples per state in the normal suite; ``REFAH_FUZZ_EXAMPLES=200`` for a long run.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import os
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bot.office import services_of
from localapi.server import BotApiServer
from services.setup import apply_config
from tests.e2e import test_guesthouse as gh_tests
from tests.e2e import test_loans as loan_tests
from tests.e2e.flows import PDF, grant, onboard, press
from tests.e2e.harness import ALI, CLERK, Bot
from texts import booklet as booklet_t
from texts import guesthouse as gh_t
from texts import loans as loan_t

EXAMPLES = int(os.environ.get("REFAH_FUZZ_EXAMPLES", "6"))
PERSIAN_WORD = re.compile(r"[\u0600-\u06ff]")
#: Commands the bot knows: they legitimately leave or re-enter a conversation.
KNOWN_COMMANDS = {"cancel", "menu", "start", "help", "requests", "track", "loan", "whoami", "grant", "revoke"}
KNOWN_COMMANDS |= {"roles", "deductions", "today"}
#: Button actions a state may legitimately take; forged data never uses them.
ACTIONS = {"back", "cancel", "done", "next", "ok", "who_ok", "person", "product", "house", "day", "month"}
ACTIONS |= {"who", "none", "pay", "paid", "pick", "propose", "psend", "pclose", "view", "list", "answer"}

# --- what a person may throw at a step ---------------------------------------------------------------------

_SCRIPTS = st.sampled_from(
    [
        (0x0600, 0x06FF),  # Arabic and Persian letters and digits
        (0x0750, 0x077F),
        (0xFB50, 0xFDFF),  # presentation forms
        (0x1F300, 0x1FAFF),  # emoji
        (0x0000, 0x001F),  # control characters
        (0x200B, 0x200F),  # zero-width and direction marks
        (0x202A, 0x202E),  # bidi embeddings and overrides
        (0x2066, 0x2069),  # bidi isolates
        (0x0020, 0x007E),  # ASCII
    ]
)


@st.composite
def _text(draw: st.DrawFn) -> str:
    ranges = draw(st.lists(_SCRIPTS, min_size=1, max_size=4))
    alphabet = st.one_of(*(st.characters(min_codepoint=lo, max_codepoint=hi) for lo, hi in ranges))
    size = draw(st.sampled_from([1, 5, 40, 500, 10_000]))
    text = draw(st.text(alphabet, min_size=1, max_size=size))
    if size == 10_000:
        text = (text * (10_000 // len(text) + 1))[:10_000]
    return text


def _bad_text(text: str) -> bool:
    """Text no step takes as an answer: not blank, no digit (amounts, references), not a command."""
    return bool(text.strip()) and not any(c.isdigit() for c in text) and not text.lstrip().startswith("/")


_COMMAND = st.from_regex(r"\A/[a-z_]{1,20}\Z").filter(lambda c: c[1:] not in KNOWN_COMMANDS)
_FORGED = st.one_of(
    st.just(""),
    st.from_regex(r"\A(bk|loan|gh|req|my|zz):[a-z_]{1,16}(:[A-Za-z0-9_-]{1,20})?\Z").filter(
        lambda d: d.split(":")[1] not in ACTIONS
    ),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=64),
)


@dataclass(frozen=True)
class Input:
    """One bad input: its kind and its content."""

    kind: str  # text, command, sticker, photo, document, press
    value: str = ""


def inputs(takes_files: bool, stale: list[str]) -> st.SearchStrategy[Input]:
    """Bad inputs for a step (files only where the step does not take them; stale presses of its own)."""
    kinds = [
        _text().filter(_bad_text).map(lambda s: Input("text", s)),
        _COMMAND.map(lambda c: Input("command", c)),
        st.just(Input("sticker")),
        _FORGED.map(lambda d: Input("press", d)),
    ]
    kinds.append(st.sampled_from(["", *stale]).map(lambda d: Input("press", d)))  # empty data: every step
    if not takes_files:
        kinds += [st.just(Input("photo")), st.just(Input("document"))]
    return st.one_of(*kinds)


# --- the states --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """A conversation state, how to reach it, and what is bad input there."""

    feature: str
    state: str
    user: tuple[int, str, str]
    reach: Callable[[BotApiServer, Bot], Awaitable[None]]
    takes_files: bool = False
    stale: tuple[str, ...] = ()


async def _menu(api: BotApiServer, uid: int, label: str, expect: str) -> dict[str, Any]:
    sent = api.send_text(uid, label)
    return await api.wait_for_text(uid, expect, after=sent["message_id"])


async def booklet_person(api: BotApiServer, bot: Bot) -> None:
    await _menu(api, ALI[0], booklet_t.MENU_BOOKLET_DUPLICATE, "برای چه کسی")


async def booklet_docs(api: BotApiServer, bot: Bot) -> None:
    ask = await _menu(api, ALI[0], booklet_t.MENU_BOOKLET_DUPLICATE, "برای چه کسی")
    await press(api, ALI[0], ask, "bk:person:0")
    await api.wait_for_text(ALI[0], "تصویر کارت ملی")


async def booklet_confirm(api: BotApiServer, bot: Bot) -> None:
    await booklet_docs(api, bot)
    sent = api.send_document(ALI[0], PDF, "card.pdf", "application/pdf")
    got = await api.wait_for_text(ALI[0], "دریافت شد", after=sent["message_id"])
    await press(api, ALI[0], got, "bk:done")
    await api.wait_for_text(ALI[0], "لطفاً بررسی کنید")


HASSAN = loan_tests.HASSAN


async def _loan_office(api: BotApiServer, bot: Bot) -> None:
    api.add_user(HASSAN[0], "Hassan", phone=HASSAN[1])
    await apply_config(bot.env.db, services_of(), loan_tests.CONFIG, bot.clock.now())
    await onboard(api, HASSAN)


async def loan_product(api: BotApiServer, bot: Bot) -> None:
    await _loan_office(api, bot)
    await _menu(api, HASSAN[0], loan_t.MENU_LOAN, "نوع وام را انتخاب کنید")


async def loan_amount(api: BotApiServer, bot: Bot) -> None:
    await _loan_office(api, bot)
    ask = await _menu(api, HASSAN[0], loan_t.MENU_LOAN, "نوع وام را انتخاب کنید")
    await press(api, HASSAN[0], ask, "loan:product:")
    await api.wait_for_text(HASSAN[0], "مبلغ درخواستی")


async def loan_preview(api: BotApiServer, bot: Bot) -> None:
    await loan_amount(api, bot)
    sent = api.send_text(HASSAN[0], "۱۵۰٬۰۰۰٬۰۰۰")
    await api.wait_for_text(HASSAN[0], "پیش‌نمایش بازپرداخت", after=sent["message_id"])


async def loan_docs(api: BotApiServer, bot: Bot) -> None:
    await loan_preview(api, bot)
    preview = await api.wait_for_text(HASSAN[0], "پیش‌نمایش بازپرداخت")
    await press(api, HASSAN[0], preview, "loan:next")
    await api.wait_for_text(HASSAN[0], "فیش حقوقی")


async def loan_confirm(api: BotApiServer, bot: Bot) -> None:
    await loan_docs(api, bot)
    ask = await api.wait_for_text(HASSAN[0], "فیش حقوقی")
    sent = api.send_document(HASSAN[0], PDF, "payslip.pdf", "application/pdf")
    if "از ۲" in ask["text"]:
        await api.wait_for_text(HASSAN[0], "استعلام وضعیت مالی", after=sent["message_id"])
        sent = api.send_photo(HASSAN[0], loan_tests.JPEG)
    await api.wait_for_text(HASSAN[0], "لطفاً بررسی کنید", after=sent["message_id"])


async def _gh_office(api: BotApiServer, bot: Bot) -> dt.date:
    """The houses of tests/e2e/test_guesthouse.py, the clock at 10:00 Tehran; today's date."""
    now = bot.clock.now().astimezone(gh_tests.TEHRAN)
    target = now.replace(hour=10, minute=0, second=0, microsecond=0)
    if target <= now + dt.timedelta(minutes=1):
        target += dt.timedelta(days=1)
    bot.clock.advance(target - now)
    api.add_user(gh_tests.OPERATOR, "Operator")
    api.add_user(gh_tests.OTHER_OPERATOR, "Operator2")
    houses = [gh_tests._mashhad(target.date()), gh_tests.TINY]
    await apply_config(bot.env.db, services_of(), {"guesthouses": houses}, bot.clock.now())
    return target.date()


async def gh_house(api: BotApiServer, bot: Bot) -> None:
    await _gh_office(api, bot)
    await _menu(api, ALI[0], gh_t.MENU_GUESTHOUSE, "کدام زائرسرا")


async def gh_day(api: BotApiServer, bot: Bot) -> None:
    await _gh_office(api, bot)
    await gh_tests.start_booking(api, ALI[0], "mashhad")


async def gh_guests(api: BotApiServer, bot: Bot) -> None:
    await _gh_office(api, bot)
    calendar = await gh_tests.start_booking(api, ALI[0], "mashhad")
    await press(api, ALI[0], calendar, "gh:day:")
    await gh_tests._edited(api, ALI[0], calendar, lambda m: "چه کسانی" in m["text"])


async def gh_review(api: BotApiServer, bot: Bot) -> None:
    await gh_guests(api, bot)
    guests = await api.wait_for_text(ALI[0], "چه کسانی")
    await press(api, ALI[0], guests, "gh:who_ok")
    await gh_tests._edited(api, ALI[0], guests, lambda m: "لطفاً بررسی کنید" in m["text"])


async def _held(api: BotApiServer, bot: Bot) -> dict[str, Any]:
    today = await _gh_office(api, bot)
    booking = await gh_tests.book(api, bot, ALI[0], "mashhad", today + dt.timedelta(days=3))
    return await gh_tests.confirm(api, booking, ALI[0])


async def gh_receipt(api: BotApiServer, bot: Bot) -> None:
    held = await _held(api, bot)
    await press(api, ALI[0], held, "gh:pay:")
    await api.wait_for_text(ALI[0], "تصویر رسید واریز")


async def gh_pay_ref(api: BotApiServer, bot: Bot) -> None:
    await gh_receipt(api, bot)
    sent = api.send_photo(ALI[0], b"a photographed receipt")
    await api.wait_for_text(ALI[0], "شماره پیگیری واریز", after=sent["message_id"])


async def gh_pay_review(api: BotApiServer, bot: Bot) -> None:
    await gh_pay_ref(api, bot)
    sent = api.send_text(ALI[0], "۱۲۳۴-۵۶۷۸")
    await api.wait_for_text(ALI[0], "در صورت درستی «ارسال رسید»", after=sent["message_id"])


STEPS = [
    Step("bk", "booklet.person", ALI, booklet_person, stale=("bk:person:9", "bk:ok:0123456789abcdef")),
    Step(
        "bk",
        "booklet.docs",
        ALI,
        booklet_docs,
        takes_files=True,
        stale=("bk:person:0", "bk:ok:0000000000000000"),
    ),
    Step("bk", "booklet.confirm", ALI, booklet_confirm, stale=("bk:ok:0000000000000000", "bk:done")),
    Step("loan", "loan.product", HASSAN, loan_product, stale=("loan:product:999999", "loan:next")),
    Step("loan", "loan.amount", HASSAN, loan_amount, stale=("loan:product:1", "loan:next")),
    Step("loan", "loan.preview", HASSAN, loan_preview, stale=("loan:ok:0000000000000000",)),
    Step("loan", "loan.docs", HASSAN, loan_docs, takes_files=True, stale=("loan:next", "loan:product:1")),
    Step("loan", "loan.confirm", HASSAN, loan_confirm, stale=("loan:ok:0000000000000000", "loan:next")),
    Step("gh", "gh.house", ALI, gh_house, stale=("gh:house:atlantis", "gh:day:14050101", "gh:pay:999999")),
    Step(
        "gh",
        "gh.day",
        ALI,
        gh_day,
        stale=("gh:day:13000101", "gh:day:14991329", "gh:month:130001", "gh:none"),
    ),
    Step("gh", "gh.guests", ALI, gh_guests, stale=("gh:who:9", "gh:who:0", "gh:ok:0000000000000000")),
    Step("gh", "gh.review", ALI, gh_review, stale=("gh:ok:0000000000000000", "gh:who:1")),
    Step("gh", "gh.receipt", ALI, gh_receipt, takes_files=True, stale=("gh:paid:0000000000000000",)),
    Step("gh", "gh.pay_ref", ALI, gh_pay_ref, stale=("gh:paid:0000000000000000", "gh:pay:999999")),
    Step("gh", "gh.pay_review", ALI, gh_pay_review, stale=("gh:paid:0000000000000000",)),
]


def test_every_state_of_every_conversation_is_fuzzed() -> None:
    from conversations import booklet, guesthouse, loan

    declared = {str(s) for m in (booklet, loan, guesthouse) for s in m.State}
    assert declared == {s.state for s in STEPS}


# --- the property ------------------------------------------------------------------------------------------


async def _settled(api: BotApiServer, bot: Bot) -> None:
    """Until the last update is handled: its confirmation is written with the state, in one transaction."""
    last = api.dump_updates()[-1]["update_id"]
    for _ in range(1000):
        confirmed = await bot.env.db.fetchval("SELECT MAX(last_update_id) FROM polling_offsets")
        if (confirmed or 0) >= last:
            return
        await asyncio.sleep(0.01)
    raise TimeoutError(f"update {last} never confirmed")


async def _snapshot(bot: Bot, step: Step) -> tuple[Any, Any]:
    uid = step.user[0]
    state = await bot.env.db.fetchval(
        "SELECT state FROM ptb_conversations WHERE name = ? AND key = ?",
        (step.feature, json.dumps([uid, uid])),
    )
    data = await bot.env.db.fetchval("SELECT data FROM ptb_user_data WHERE user_id = ?", (uid,))
    draft = json.loads(data or "{}").get(f"draft:{step.feature}")
    return (json.loads(state) if state else None), draft


def _send(api: BotApiServer, uid: int, item: Input, anchor: dict[str, Any]) -> str | None:
    """Send the input; the callback query id for a press."""
    if item.kind in ("text", "command"):
        api.send_text(uid, item.value)
    elif item.kind == "sticker":
        api.send_sticker(uid)
    elif item.kind == "photo":
        api.send_photo(uid, b"\xff\xd8\xff\xe0 a photo nobody asked for")
    elif item.kind == "document":
        api.send_document(uid, PDF, "unasked.pdf", "application/pdf")
    else:
        return api.press(uid, anchor["message_id"], item.value, forge=True)
    return None


@dataclass
class Reached:
    """The state reached once per test, with what it looked like."""

    before: tuple[Any, Any] | None = None


@pytest.mark.parametrize("step", STEPS, ids=[s.state for s in STEPS])
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 10,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: a failure leaves the state moved
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
@given(data=st.data())
async def test_bad_input_changes_nothing_crashes_nothing_and_is_answered_in_persian(
    api: BotApiServer, bot: Bot, caplog: pytest.LogCaptureFixture, step: Step, data: st.DataObject
) -> None:
    reached: Reached = bot.extra.setdefault("fuzz", Reached())
    if reached.before is None:
        caplog.set_level(logging.ERROR)
        if step.user == ALI:
            await onboard(api, ALI)
        await grant(bot, CLERK, "clerk", "guesthouse")
        await step.reach(api, bot)
        await _settled(api, bot)
        reached.before = await _snapshot(bot, step)
        assert reached.before[0] == step.state, reached.before
        files = [] if step.takes_files else [Input("photo"), Input("document")]
        for fixed in [*FIXED, *files, *(Input("press", d) for d in step.stale)]:
            await _check(api, bot, caplog, step, reached, fixed)
    item = data.draw(inputs(step.takes_files, list(step.stale)), label="input")
    await _check(api, bot, caplog, step, reached, item)


#: Tried at every step before the random ones: every kind of bad input once, and the step's stale presses.
FIXED = [
    Input("text", "\u0633\u0644\u0627\u0645 \U0001f600 \u202e\u200f" * 1000),
    Input("text", "\x00\x1b[31m"),
    Input("command", "/frobnicate"),
    Input("sticker"),
    Input("press", ""),
    Input("press", "zz:zz:zz"),
]


async def _check(
    api: BotApiServer, bot: Bot, caplog: pytest.LogCaptureFixture, step: Step, reached: Reached, item: Input
) -> None:
    """Send one bad input and check the property."""
    uid = step.user[0]
    anchor = api.last_bot_message(uid)
    assert anchor is not None
    since = len(api.calls)
    query = _send(api, uid, item, anchor)
    await _settled(api, bot)

    crashes = [r for r in caplog.records if "error while handling an update" in r.getMessage()]
    assert not crashes, (item, [r.exc_text for r in crashes][:1])
    assert await _snapshot(bot, step) == reached.before, item
    told = [
        str(c.params.get("text") or "")
        for c in api.calls[since:]
        if (c.method in ("sendMessage", "editMessageText") and int(c.params.get("chat_id") or 0) == uid)
        or (c.method == "answerCallbackQuery" and c.params.get("callback_query_id") == query)
    ]
    assert any(PERSIAN_WORD.match(text.strip()) for text in told), (item, told)
