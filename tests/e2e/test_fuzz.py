"""Property-based fuzz over every conversation state of the office's services, through the running bot.

Every state of every conversation (found by importing conversations/ and handlers/: each StrEnum named
``State`` or ``...State``) has a driver in ``STEPS`` that brings a person there once; then Hypothesis sends
bad input after bad input: random text (Persian, Arabic, emoji, control and bidi characters, up to 10,000
characters) where the step refuses it, stickers, photos and documents where text or buttons are expected
(and text where a file is), stale, empty and forged button data, unknown commands. After each: nothing
crashed ("error while handling an update" is never logged), the conversation's step and draft are exactly as
before, and the person got a clear Persian message (a reply, or the answer to their press). The clerks'
review in the group takes typed text and presses only (other messages in the group are none of its business).

Fixed bad inputs plus a few random examples per state in the normal suite; ``REFAH_FUZZ_EXAMPLES=200``
(``make fuzz``) for a long run.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import json
import logging
import os
import pkgutil
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import jdatetime  # type: ignore[import-untyped, unused-ignore]
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bot.office import services_of
from domain.booklet import parse_member_name
from domain.refusals import InputRefused
from domain.text import to_persian_digits
from localapi.server import BotApiServer
from services.setup import apply_config
from tests.e2e import test_awards as aw_tests
from tests.e2e import test_benefits as bn_tests
from tests.e2e import test_booklet as booklet_tests
from tests.e2e import test_guesthouse as gh_tests
from tests.e2e import test_loans as loan_tests
from tests.e2e import test_medical as med_tests
from tests.e2e.flows import PDF, grant, onboard, press
from tests.e2e.harness import ADMIN_GROUP, ALI, CLERK, MARYAM, Bot
from texts import awards as aw_t
from texts import benefits as bn_t
from texts import booklet as booklet_t
from texts import guesthouse as gh_t
from texts import loans as loan_t
from texts import medical as med_t

EXAMPLES = int(os.environ.get("REFAH_FUZZ_EXAMPLES", "6"))
PERSIAN_WORD = re.compile(r"[\u0600-\u06ff]")
#: Commands the bot knows: they legitimately leave or re-enter a conversation.
KNOWN_COMMANDS = {"cancel", "menu", "start", "help", "requests", "track", "loan", "whoami", "grant", "revoke"}
KNOWN_COMMANDS |= {"roles", "deductions", "today"}
#: Button actions a state may legitimately take; forged data never uses them.
ACTIONS = {"back", "cancel", "done", "next", "ok", "who_ok", "person", "product", "house", "day", "month"}
ACTIONS |= {"who", "none", "pay", "paid", "pick", "propose", "psend", "pclose", "view", "list", "answer"}


def _declared_actions() -> set[str]:
    """The action of every button the project declares (module-level ``Button``s)."""
    import conversations
    import handlers
    import services
    from domain import buttons

    found: set[str] = set()
    modules = [buttons]
    for package in (conversations, handlers, services):
        modules += [
            importlib.import_module(f"{package.__name__}.{m.name}")
            for m in pkgutil.iter_modules(package.__path__)
        ]
    for module in modules:
        found |= {v.action for v in vars(module).values() if isinstance(v, buttons.Button)}
    return found


ACTIONS |= _declared_actions()

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
    st.from_regex(
        r"\A(bk|booklet|loan|gh|med|medrev|aw|vc|bn|info|req|my|zz):[a-z_]{1,16}(:[A-Za-z0-9_-]{1,20})?\Z"
    ).filter(lambda d: d.split(":")[1] not in ACTIONS),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=64),
)


@dataclass(frozen=True)
class Input:
    """One bad input: its kind and its content."""

    kind: str  # text, command, sticker, photo, document, press
    value: str = ""


def inputs(step: Step) -> st.SearchStrategy[Input]:
    """Bad inputs for a step (files only where the step does not take them; stale presses of its own)."""
    kinds: list[st.SearchStrategy[Input]] = [_FORGED.map(lambda d: Input("press", d))]
    kinds.append(
        st.sampled_from(["", *step.stale]).map(lambda d: Input("press", d))
    )  # empty data: every step
    if step.refuses is not None:
        kinds.append(_text().filter(step.refuses).map(lambda s: Input("text", s)))
    if step.chat is None:
        kinds += [_COMMAND.map(lambda c: Input("command", c)), st.just(Input("sticker"))]
        if not step.takes_files:
            kinds += [st.just(Input("photo")), st.just(Input("document"))]
    return st.one_of(*kinds)


def fixed_inputs(step: Step) -> list[Input]:
    """Tried at every step before the random ones: every kind of bad input once, and its stale presses."""
    fixed = [i for i in FIXED if i.kind == "press" or (i.kind == "text" and step.refuses is not None)]
    if step.chat is None:
        fixed += [i for i in FIXED if i.kind in ("command", "sticker")]
        fixed += [] if step.takes_files else [Input("photo"), Input("document")]
    entries = ENTRY_PRESSES.get(step.feature, ())
    return fixed + [Input("press", d) for d in (*step.stale, *entries)]


#: Stale presses of a conversation's button entry points: refused, they must not end the step under way
#: (they did: the booklet's reply, an objection and an answer to a clerk returned END on refusal).
ENTRY_PRESSES = {
    "bk": ("bk:reply:999999",),
    "bn": ("bn:object:999999", "bn:reg:zz"),
    "info": ("req:answer:999999",),
}


# --- the states --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """A conversation state, how to reach it, and what is bad input there."""

    feature: str  # the conversation's name (and its draft's)
    state: str
    user: tuple[int, str, str]
    reach: Callable[[BotApiServer, Bot], Awaitable[None]]
    takes_files: bool = False
    stale: tuple[str, ...] = ()
    #: Which text the step refuses (None: any text is an answer there, none is sent).
    refuses: Callable[[str], bool] | None = _bad_text
    #: The clerks' group for a conversation held there (only typed text and presses are its business).
    chat: int | None = None

    @property
    def where(self) -> int:
        """The chat the conversation is held in."""
        return self.chat if self.chat is not None else self.user[0]


CLERK_ONLY = (CLERK, "", "")  # a clerk in the group, no employee of the registry


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


# --- the booklet: four processes, the status and the counter's reply ---------------------------------------

BK_CONFIG = booklet_tests.CONFIG


async def _bk_office(api: BotApiServer, bot: Bot) -> None:
    await apply_config(bot.env.db, services_of(), BK_CONFIG, bot.clock.now())
    await grant(bot, CLERK, "clerk", "booklet")


async def _bk_process(api: BotApiServer, bot: Bot, process: str, expect: str) -> dict[str, Any]:
    await _bk_office(api, bot)
    menu = await _menu(api, ALI[0], booklet_t.MENU_BOOKLET, "چه کاری انجام شود")
    await press(api, ALI[0], menu, f"bk:proc:{process}")
    return await api.wait_for_text(ALI[0], expect)


async def booklet_process(api: BotApiServer, bot: Bot) -> None:
    await _bk_office(api, bot)
    await _menu(api, ALI[0], booklet_t.MENU_BOOKLET, "چه کاری انجام شود")


async def booklet_member(api: BotApiServer, bot: Bot) -> None:
    await _bk_process(api, bot, "add_dependant", "کدام عضو خانواده")


async def booklet_category(api: BotApiServer, bot: Bot) -> None:
    members = await _bk_process(api, bot, "add_dependant", "کدام عضو خانواده")
    await press(api, ALI[0], members, "bk:member_new")
    await api.wait_for_text(ALI[0], "نسبت عضو جدید")


async def booklet_name(api: BotApiServer, bot: Bot) -> None:
    await booklet_category(api, bot)
    categories = await api.wait_for_text(ALI[0], "نسبت عضو جدید")
    await press(api, ALI[0], categories, "bk:cat:parent")
    await api.wait_for_text(ALI[0], "نام و نام خانوادگی")


async def booklet_national_id(api: BotApiServer, bot: Bot) -> None:
    await booklet_name(api, bot)
    sent = api.send_text(ALI[0], "رضا رضایی")
    await api.wait_for_text(ALI[0], "کد ملی رضا رضایی", after=sent["message_id"])


async def booklet_birth(api: BotApiServer, bot: Bot) -> None:
    await booklet_national_id(api, bot)
    sent = api.send_text(ALI[0], booklet_tests.valid_id("123456780"))
    await api.wait_for_text(ALI[0], "تاریخ تولد رضا رضایی", after=sent["message_id"])


async def booklet_cancel_person(api: BotApiServer, bot: Bot) -> None:
    await _bk_process(api, bot, "cancellation", "دفترچه چه کسی باطل شود")


async def booklet_reason(api: BotApiServer, bot: Bot) -> None:
    people = await _bk_process(api, bot, "cancellation", "دفترچه چه کسی باطل شود")
    spouse = next(
        b["callback_data"]
        for row in people["reply_markup"]["inline_keyboard"]
        for b in row
        if "سارا" in b["text"]
    )
    await press(api, ALI[0], people, spouse)
    await api.wait_for_text(ALI[0], "علت ابطال دفترچه سارا رضایی")


async def booklet_files(api: BotApiServer, bot: Bot) -> None:
    await booklet_reason(api, bot)
    reasons = await api.wait_for_text(ALI[0], "علت ابطال دفترچه سارا رضایی")
    await press(api, ALI[0], reasons, "bk:reason:divorce")
    await api.wait_for_text(ALI[0], "گواهی یا حکم طلاق")


async def booklet_review(api: BotApiServer, bot: Bot) -> None:
    await booklet_files(api, bot)
    checklist = await booklet_tests.send_papers(api, ALI[0], 3)
    await press(api, ALI[0], checklist, "bk:done")
    await api.wait_for_text(ALI[0], "لطفاً بررسی کنید")


async def booklet_reply(api: BotApiServer, bot: Bot) -> None:
    await booklet_review(api, bot)
    review = await api.wait_for_text(ALI[0], "لطفاً بررسی کنید")
    await press(api, ALI[0], review, "bk:ok:")
    card = await api.wait_for_bot_message(ADMIN_GROUP, lambda m: "طلاق" in m.get("text", ""))
    await press(api, CLERK, card, "req:record:")
    recorded = await booklet_tests.card_now(api, card, "ثبت در سامانه بیمه")
    await press(api, CLERK, recorded, "booklet:issue_letter:")
    letter = await api.wait_for_bot_message(ALI[0], lambda m: "document" in m)
    await press(api, ALI[0], letter, "bk:reply:")
    await api.wait_for_text(ALI[0], "نامه پاسخ پیشخوان")


# --- medical claims, and the clerk's review in the group ----------------------------------------------------


async def _med_office(api: BotApiServer, bot: Bot) -> None:
    await apply_config(bot.env.db, services_of(), med_tests.CONFIG, bot.clock.now())
    await grant(bot, CLERK, "clerk", "medical")


async def med_person(api: BotApiServer, bot: Bot) -> None:
    await _med_office(api, bot)
    await _menu(api, ALI[0], med_t.MENU_MEDICAL, med_t.MED_ASK_PERSON)


async def med_kind(api: BotApiServer, bot: Bot) -> None:
    await _med_office(api, bot)
    ask = await _menu(api, ALI[0], med_t.MENU_MEDICAL, med_t.MED_ASK_PERSON)
    await press(api, ALI[0], ask, "med:person:0")
    await api.wait_for_text(ALI[0], "نوع هزینه")


async def med_date(api: BotApiServer, bot: Bot) -> None:
    await med_kind(api, bot)
    kinds = await api.wait_for_text(ALI[0], "نوع هزینه")
    await press(api, ALI[0], kinds, "med:kind:outpatient")
    await api.wait_for_text(ALI[0], "تاریخ انجام خدمت")


async def med_amount(api: BotApiServer, bot: Bot) -> None:
    await med_date(api, bot)
    sent = api.send_text(ALI[0], med_tests.typed(med_tests.jalali(bot)))
    await api.wait_for_text(ALI[0], "مبلغ پرداختی", after=sent["message_id"])


async def med_docs(api: BotApiServer, bot: Bot) -> None:
    await med_amount(api, bot)
    sent = api.send_text(ALI[0], "2,500,000")
    await api.wait_for_text(ALI[0], "فاکتور یا صورتحساب", after=sent["message_id"])


async def med_review(api: BotApiServer, bot: Bot) -> None:
    await med_docs(api, bot)
    sent = api.send_photo(ALI[0], med_tests.JPEG_1)
    got = await api.wait_for_text(ALI[0], "دریافت شد", after=sent["message_id"])
    await press(api, ALI[0], got, "med:done")
    await api.wait_for_text(ALI[0], "لطفاً بررسی کنید", after=sent["message_id"])


async def medrev_amount(api: BotApiServer, bot: Bot) -> None:
    await _med_office(api, bot)
    card, _ = await med_tests.quick_claim(
        api, ALI[0], med_tests.typed(med_tests.jalali(bot)), "2,500,000", b"x"
    )
    await med_tests.move(api, CLERK, card, "open_file")
    await med_tests.move(api, CLERK, card, "to_doctor")
    current = await med_tests.card_offering(api, card, "med:record_review:")
    await press(api, CLERK, current, "med:record_review:")
    await api.wait_for_text(ADMIN_GROUP, "ردیف ۱ از ۱")


async def medrev_reason(api: BotApiServer, bot: Bot) -> None:
    await medrev_amount(api, bot)
    ask = await api.wait_for_text(ADMIN_GROUP, "ردیف ۱ از ۱")
    sent = api.send_text(CLERK, "۱٬۰۰۰٬۰۰۰", chat_id=ADMIN_GROUP, reply_to=ask["message_id"])
    await api.wait_for_text(ADMIN_GROUP, "دلیل کسر را انتخاب کنید", after=sent["message_id"])


async def medrev_confirm(api: BotApiServer, bot: Bot) -> None:
    await medrev_reason(api, bot)
    reason = await api.wait_for_text(ADMIN_GROUP, "دلیل کسر را انتخاب کنید")
    await press(api, CLERK, reason, "med:reason:over_tariff")
    await api.wait_for_text(ADMIN_GROUP, "ثبت شود؟", after=reason["message_id"])


# --- study awards: the application, and the admin's campaign form -------------------------------------------


async def _aw_admin(api: BotApiServer, bot: Bot) -> None:
    await grant(bot, MARYAM[0], "admin")
    await onboard(api, MARYAM)


async def aw_admin_year(api: BotApiServer, bot: Bot) -> None:
    await _aw_admin(api, bot)
    await _menu(api, MARYAM[0], "/award_new", "سال تحصیلی را بنویسید")


async def aw_admin_levels(api: BotApiServer, bot: Bot) -> None:
    await aw_admin_year(api, bot)
    year = jdatetime.date.fromgregorian(date=aw_tests.today(bot)).year
    await _menu(api, MARYAM[0], to_persian_digits(str(year)), "مقطع‌های این فراخوان")


async def aw_admin_terms(api: BotApiServer, bot: Bot) -> None:
    await aw_admin_levels(api, bot)
    levels = await api.wait_for_text(MARYAM[0], "مقطع‌های این فراخوان")
    await press(api, MARYAM[0], levels, "aw:alevel:primary")
    await api.wait_for_text(MARYAM[0], "حد نصاب معدل")


async def aw_admin_deadline(api: BotApiServer, bot: Bot) -> None:
    await aw_admin_terms(api, bot)
    levels = await _menu(api, MARYAM[0], "۱۸٫۵ ۳۰٬۰۰۰٬۰۰۰", "معدل دست‌کم ۱۸٫۵۰")
    await press(api, MARYAM[0], levels, "aw:alevels_ok")
    await api.wait_for_text(MARYAM[0], "آخرین مهلت")


async def aw_admin_confirm(api: BotApiServer, bot: Bot) -> None:
    await aw_admin_deadline(api, bot)
    deadline = aw_tests.jalali(aw_tests.today(bot) + dt.timedelta(days=5))
    await _menu(api, MARYAM[0], deadline, "لطفاً بررسی کنید")


async def _aw_open(api: BotApiServer, bot: Bot) -> None:
    await _aw_admin(api, bot)
    year = jdatetime.date.fromgregorian(date=aw_tests.today(bot)).year
    await aw_tests.open_campaign(api, MARYAM[0], year, aw_tests.today(bot) + dt.timedelta(days=5))
    await api.wait_for_text(ALI[0], "جوایز تحصیلی فرزندان همکاران")


async def aw_child(api: BotApiServer, bot: Bot) -> None:
    await _aw_open(api, bot)
    await _menu(api, ALI[0], aw_t.MENU_AWARDS, "برای کدام فرزند")


async def aw_level(api: BotApiServer, bot: Bot) -> None:
    await _aw_open(api, bot)
    ask = await _menu(api, ALI[0], aw_t.MENU_AWARDS, "برای کدام فرزند")
    await press(api, ALI[0], ask, "aw:child:0")
    await api.wait_for_text(ALI[0], "مقطع تحصیلی", after=ask["message_id"])


async def aw_gpa(api: BotApiServer, bot: Bot) -> None:
    await aw_level(api, bot)
    ask = await api.wait_for_text(ALI[0], "مقطع تحصیلی")
    await press(api, ALI[0], ask, "aw:level:primary")
    await api.wait_for_text(ALI[0], "معدل", after=ask["message_id"])


async def aw_docs(api: BotApiServer, bot: Bot) -> None:
    await aw_gpa(api, bot)
    await _menu(api, ALI[0], "19.25", "مدرک ۱ از ۲")


async def aw_confirm(api: BotApiServer, bot: Bot) -> None:
    await aw_docs(api, bot)
    sent = api.send_document(ALI[0], PDF, "report.pdf", "application/pdf")
    await api.wait_for_text(ALI[0], "مدرک ۲ از ۲", after=sent["message_id"])
    sent = api.send_photo(ALI[0], aw_tests.JPEG)
    await api.wait_for_text(ALI[0], "لطفاً بررسی کنید", after=sent["message_id"])


# --- vouchers: the admin's campaign form --------------------------------------------------------------------


async def vc_amount(api: BotApiServer, bot: Bot) -> None:
    await _aw_admin(api, bot)
    await _menu(api, MARYAM[0], "/voucher_new", "مبلغ بن هر نفر")


async def vc_statuses(api: BotApiServer, bot: Bot) -> None:
    await vc_amount(api, bot)
    await _menu(api, MARYAM[0], "۵۰٬۰۰۰٬۰۰۰", "چه کسانی بن می‌گیرند")


async def vc_mode(api: BotApiServer, bot: Bot) -> None:
    await vc_statuses(api, bot)
    ask = await api.wait_for_text(MARYAM[0], "چه کسانی بن می‌گیرند")
    await press(api, MARYAM[0], ask, "vc:who:employed")
    ask = await api.wait_for_bot_message(
        MARYAM[0], lambda m: m["message_id"] == ask["message_id"] and "✓" in str(m)
    )
    await press(api, MARYAM[0], ask, "vc:who_ok")
    await api.wait_for_text(MARYAM[0], "شیوه پرداخت")


async def vc_ends(api: BotApiServer, bot: Bot) -> None:
    await vc_mode(api, bot)
    ask = await api.wait_for_text(MARYAM[0], "شیوه پرداخت")
    await press(api, MARYAM[0], ask, "vc:mode:goods")
    await api.wait_for_text(MARYAM[0], "آخرین روز استفاده")


async def vc_confirm(api: BotApiServer, bot: Bot) -> None:
    await vc_ends(api, bot)
    await _menu(
        api, MARYAM[0], aw_tests.jalali(aw_tests.today(bot) + dt.timedelta(days=7)), "لطفاً بررسی کنید"
    )


# --- benefits: the Sheba, one's own event, an objection -----------------------------------------------------


async def _bn_mine(api: BotApiServer, bot: Bot) -> dict[str, Any]:
    await apply_config(bot.env.db, services_of(), {"benefits": {"birth_amount": 50_000_000}}, bot.clock.now())
    return await _menu(api, ALI[0], bn_t.MENU_BENEFITS, "هنوز رویدادی")


async def bn_sheba(api: BotApiServer, bot: Bot) -> None:
    mine = await _bn_mine(api, bot)
    await press(api, ALI[0], mine, "bn:sheba")
    await api.wait_for_text(ALI[0], "شماره شبای حساب")


async def bn_sheba_confirm(api: BotApiServer, bot: Bot) -> None:
    await bn_sheba(api, bot)
    await _menu(api, ALI[0], bn_tests.MARYAM_SHEBA, "لطفاً بررسی کنید")


async def bn_date(api: BotApiServer, bot: Bot) -> None:
    mine = await _bn_mine(api, bot)
    await press(api, ALI[0], mine, "bn:reg:birth")
    await api.wait_for_text(ALI[0], "تاریخ تولد فرزند")


async def bn_other(api: BotApiServer, bot: Bot) -> None:
    await bn_date(api, bot)
    await _menu(api, ALI[0], "۱۴۰۴/۰۲/۱۰", "کد ملی فرزند")


async def bn_docs(api: BotApiServer, bot: Bot) -> None:
    await bn_other(api, bot)
    await _menu(api, ALI[0], "۲۴۶۸۱۳۵۷۹۲", "شناسنامه یا گواهی ولادت")


async def bn_confirm(api: BotApiServer, bot: Bot) -> None:
    await bn_docs(api, bot)
    sent = api.send_document(ALI[0], PDF, "birth.pdf", "application/pdf")
    got = await api.wait_for_text(ALI[0], "دریافت شد", after=sent["message_id"])
    await press(api, ALI[0], got, "bn:done")
    await api.wait_for_text(ALI[0], "لطفاً بررسی کنید")


# --- answering a clerk's question ---------------------------------------------------------------------------


async def info_collect(api: BotApiServer, bot: Bot) -> None:
    await _med_office(api, bot)
    card, _ = await med_tests.quick_claim(
        api, ALI[0], med_tests.typed(med_tests.jalali(bot)), "2,500,000", b"x"
    )
    current = await med_tests.card_offering(api, card, "req:ask_info:")
    await press(api, CLERK, current, "req:ask_info:")
    prompt = await api.wait_for_text(ADMIN_GROUP, "دلیل")
    api.send_text(CLERK, "نسخه پزشک را بفرستید", chat_id=ADMIN_GROUP, reply_to=prompt["message_id"])
    asked = await api.wait_for_text(ALI[0], "نسخه پزشک را بفرستید")
    await press(api, ALI[0], asked, "req:answer:")
    await api.wait_for_text(ALI[0], "پاسخ خود به پرسش کارشناس")


def _refused_name(text: str) -> bool:
    """Text the new member's name step refuses."""
    try:
        parse_member_name(text)
    except InputRefused:
        return _bad_text(text)
    return False


NAME = _refused_name
ANY_TEXT = None  # a step where any text is an answer: no random text is sent there
KEY0 = "0000000000000000"
STEPS = [
    # the booklet: the process menu (with the status), the four processes, the counter's reply
    Step(
        "bk", "booklet.process", ALI, booklet_process, stale=("bk:person:0", f"bk:ok:{KEY0}", "bk:cat:parent")
    ),
    Step("bk", "booklet.person", ALI, booklet_person, stale=("bk:person:9", "bk:ok:0123456789abcdef")),
    Step("bk", "booklet.docs", ALI, booklet_docs, takes_files=True, stale=("bk:person:0", f"bk:ok:{KEY0}")),
    Step("bk", "booklet.confirm", ALI, booklet_confirm, stale=(f"bk:ok:{KEY0}", "bk:done")),
    Step("bk", "booklet.member", ALI, booklet_member, stale=("bk:member:9", "bk:proc:duplicate", "bk:done")),
    Step("bk", "booklet.category", ALI, booklet_category, stale=("bk:member_new", "bk:member:0")),
    Step("bk", "booklet.name", ALI, booklet_name, refuses=NAME, stale=("bk:cat:parent", f"bk:ok:{KEY0}")),
    Step("bk", "booklet.national_id", ALI, booklet_national_id, stale=("bk:cat:spouse", "bk:done")),
    Step("bk", "booklet.birth", ALI, booklet_birth, stale=("bk:member_new", "bk:status")),
    Step("bk", "booklet.cancel_person", ALI, booklet_cancel_person, stale=("bk:who:9", "bk:reason:divorce")),
    Step("bk", "booklet.reason", ALI, booklet_reason, stale=("bk:who:0", "bk:proc:cancellation")),
    Step(
        "bk",
        "booklet.files",
        ALI,
        booklet_files,
        takes_files=True,
        stale=("bk:reason:death", f"bk:ok:{KEY0}"),
    ),
    Step(
        "bk", "booklet.review", ALI, booklet_review, stale=(f"bk:ok:{KEY0}", "bk:done", "bk:reason:divorce")
    ),
    Step("bk", "booklet.reply", ALI, booklet_reply, takes_files=True, stale=("bk:reply:999999", "bk:done")),
    # loans
    Step("loan", "loan.product", HASSAN, loan_product, stale=("loan:product:999999", "loan:next")),
    Step("loan", "loan.amount", HASSAN, loan_amount, stale=("loan:product:1", "loan:next")),
    Step("loan", "loan.preview", HASSAN, loan_preview, stale=(f"loan:ok:{KEY0}",)),
    Step("loan", "loan.docs", HASSAN, loan_docs, takes_files=True, stale=("loan:next", "loan:product:1")),
    Step("loan", "loan.confirm", HASSAN, loan_confirm, stale=(f"loan:ok:{KEY0}", "loan:next")),
    # the guesthouse: booking and the receipt
    Step("gh", "gh.house", ALI, gh_house, stale=("gh:house:atlantis", "gh:day:14050101", "gh:pay:999999")),
    Step(
        "gh",
        "gh.day",
        ALI,
        gh_day,
        stale=("gh:day:13000101", "gh:day:14991329", "gh:month:130001", "gh:none"),
    ),
    Step("gh", "gh.guests", ALI, gh_guests, stale=("gh:who:9", "gh:who:0", f"gh:ok:{KEY0}")),
    Step("gh", "gh.review", ALI, gh_review, stale=(f"gh:ok:{KEY0}", "gh:who:1")),
    Step("gh", "gh.receipt", ALI, gh_receipt, takes_files=True, stale=(f"gh:paid:{KEY0}",)),
    Step("gh", "gh.pay_ref", ALI, gh_pay_ref, stale=(f"gh:paid:{KEY0}", "gh:pay:999999")),
    Step("gh", "gh.pay_review", ALI, gh_pay_review, stale=(f"gh:paid:{KEY0}",)),
    # medical claims
    Step("med", "med.person", ALI, med_person, stale=("med:person:9", "med:kind:outpatient")),
    Step("med", "med.kind", ALI, med_kind, stale=("med:kind:dental", "med:person:0", "med:kind:zz")),
    Step("med", "med.date", ALI, med_date, stale=("med:kind:outpatient", f"med:ok:{KEY0}")),
    Step("med", "med.amount", ALI, med_amount, stale=("med:person:0", "med:done")),
    Step("med", "med.docs", ALI, med_docs, takes_files=True, stale=(f"med:ok:{KEY0}", "med:kind:medicine")),
    Step("med", "med.review", ALI, med_review, stale=(f"med:ok:{KEY0}", "med:done")),
    # the clerk's review of a claim, in the clerks' group
    Step(
        "medrev",
        "medrev.amount",
        CLERK_ONLY,
        medrev_amount,
        chat=ADMIN_GROUP,
        stale=("med:reason:over_tariff",),
    ),
    Step("medrev", "medrev.reason", CLERK_ONLY, medrev_reason, chat=ADMIN_GROUP, stale=("med:rsave",)),
    Step("medrev", "medrev.confirm", CLERK_ONLY, medrev_confirm, chat=ADMIN_GROUP, stale=()),
    # study awards: the application and the admin's form
    Step("aw", "awards.child", ALI, aw_child, stale=("aw:child:9", "aw:level:primary")),
    Step("aw", "awards.level", ALI, aw_level, stale=("aw:level:doctorate", "aw:child:7")),
    Step("aw", "awards.gpa", ALI, aw_gpa, stale=("aw:level:primary", f"aw:ok:{KEY0}")),
    Step("aw", "awards.docs", ALI, aw_docs, takes_files=True, stale=(f"aw:ok:{KEY0}", "aw:child:0")),
    Step("aw", "awards.confirm", ALI, aw_confirm, stale=(f"aw:ok:{KEY0}", "aw:level:primary")),
    Step("aw", "awards.admin_year", MARYAM, aw_admin_year, stale=("aw:alevel:primary", "aw:alevels_ok")),
    Step(
        "aw",
        "awards.admin_levels",
        MARYAM,
        aw_admin_levels,
        stale=("aw:alevel:zz", "aw:alevel:doctorate", f"aw:open:{KEY0}"),
    ),
    Step("aw", "awards.admin_terms", MARYAM, aw_admin_terms, stale=("aw:alevels_ok", f"aw:open:{KEY0}")),
    Step(
        "aw", "awards.admin_deadline", MARYAM, aw_admin_deadline, stale=("aw:alevel:primary", "aw:alevels_ok")
    ),
    Step("aw", "awards.admin_confirm", MARYAM, aw_admin_confirm, stale=(f"aw:open:{KEY0}", "aw:alevels_ok")),
    # vouchers: the admin's form
    Step("vc", "vouchers.amount", MARYAM, vc_amount, stale=("vc:who:employed", "vc:who_ok")),
    Step(
        "vc",
        "vouchers.statuses",
        MARYAM,
        vc_statuses,
        stale=("vc:who:zz", "vc:who:nobody", "vc:mode:goods", f"vc:open:{KEY0}"),
    ),
    Step("vc", "vouchers.mode", MARYAM, vc_mode, stale=("vc:mode:zz", "vc:who:retired", "vc:who_ok")),
    Step("vc", "vouchers.ends", MARYAM, vc_ends, stale=("vc:mode:cash", f"vc:open:{KEY0}")),
    Step("vc", "vouchers.confirm", MARYAM, vc_confirm, stale=(f"vc:open:{KEY0}", "vc:who_ok")),
    # benefits: the Sheba, one's own event
    Step("bn", "benefits.sheba", ALI, bn_sheba, stale=(f"bn:ok:{KEY0}", "bn:done")),
    Step("bn", "benefits.sheba_confirm", ALI, bn_sheba_confirm, stale=(f"bn:ok:{KEY0}", "bn:done")),
    Step("bn", "benefits.date", ALI, bn_date, stale=("bn:done", f"bn:ok:{KEY0}")),
    Step("bn", "benefits.other", ALI, bn_other, stale=("bn:done", f"bn:ok:{KEY0}")),
    Step("bn", "benefits.docs", ALI, bn_docs, takes_files=True, stale=(f"bn:ok:{KEY0}",)),
    Step("bn", "benefits.confirm", ALI, bn_confirm, stale=(f"bn:ok:{KEY0}", "bn:done")),
    # answering a clerk's question: any text and any file is the answer
    Step(
        "info",
        "info.collect",
        ALI,
        info_collect,
        takes_files=True,
        refuses=ANY_TEXT,
        stale=("req:answer:999999",),
    ),
]


def _states() -> set[str]:
    """Every state of every conversation: each StrEnum named ``State`` (or ``...State``) in conversations/
    and handlers/, found by importing every module there."""
    import conversations
    import handlers

    found: set[str] = set()
    for package in (conversations, handlers):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for name, value in vars(module).items():
                is_state = isinstance(value, type) and issubclass(value, StrEnum) and name.endswith("State")
                if is_state and value.__module__ == module.__name__:
                    found |= {str(s) for s in value}
    return found


def test_every_state_of_every_conversation_is_fuzzed() -> None:
    assert _states() == {s.state for s in STEPS}
    assert len(STEPS) == len({s.state for s in STEPS})


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
        (step.feature, json.dumps([step.where, uid])),
    )
    data = await bot.env.db.fetchval("SELECT data FROM ptb_user_data WHERE user_id = ?", (uid,))
    draft = json.loads(data or "{}").get(f"draft:{step.feature}")
    return (json.loads(state) if state else None), draft


def _send(api: BotApiServer, step: Step, item: Input, anchor: dict[str, Any]) -> str | None:
    """Send the input; the callback query id for a press."""
    uid = step.user[0]
    if item.kind in ("text", "command"):
        api.send_text(uid, item.value, chat_id=step.chat)
    elif item.kind == "sticker":
        api.send_sticker(uid)
    elif item.kind == "photo":
        api.send_photo(uid, b"\xff\xd8\xff\xe0 a photo nobody asked for")
    elif item.kind == "document":
        api.send_document(uid, PDF, "unasked.pdf", "application/pdf")
    else:
        return api.press(uid, anchor["message_id"], item.value, chat_id=step.where, forge=True)
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
        await onboard(api, ALI)
        await grant(bot, CLERK, "clerk", "guesthouse")
        await step.reach(api, bot)
        await _settled(api, bot)
        reached.before = await _snapshot(bot, step)
        assert reached.before[0] == step.state, reached.before
        for fixed in fixed_inputs(step):
            await _check(api, bot, caplog, step, reached, fixed)
    item = data.draw(inputs(step), label="input")
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
    where = step.where
    anchor = api.last_bot_message(where)
    assert anchor is not None
    since = len(api.calls)
    query = _send(api, step, item, anchor)
    await _settled(api, bot)

    crashes = [r for r in caplog.records if "error while handling an update" in r.getMessage()]
    assert not crashes, (item, [r.exc_text for r in crashes][:1])
    assert await _snapshot(bot, step) == reached.before, item
    told = [
        str(c.params.get("text") or "")
        for c in api.calls[since:]
        if (c.method in ("sendMessage", "editMessageText") and int(c.params.get("chat_id") or 0) == where)
        or (c.method == "answerCallbackQuery" and c.params.get("callback_query_id") == query)
    ]
    assert any(PERSIAN_WORD.match(text.strip()) for text in told), (item, told)
