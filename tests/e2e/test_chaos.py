"""Chaos: people onboard, file requests and clerks approve them while the bot PROCESS is killed (SIGKILL) at
random moments and restarted, and the local Bot API answers some calls with 429 or 5xx.

Each scripted step retries after a timeout as a person would (the same message again, the same button again).
At the end, in SQL: no request lost or doubled (each flow that saw its receipt has exactly one request), no
conversation stalled (everyone gets an answer to the menu), no message owed and never delivered (no pending
or dead outbox rows once drained), nothing approved twice by one person, an audit row for every status change.

A fixed seed by default (printed); ``REFAH_CHAOS_SEED`` overrides it, ``REFAH_CHAOS_ROUNDS`` (``make chaos``)
runs longer: there Ali also applies for a loan that a clerk reviews and the head approves, and Maryam books a
guesthouse stay that a clerk confirms (no room overbooked, no loan approved twice by one person); the suite's
short run (one round) files and approves booklets only.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
import os
import random
import signal
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.office import services_of
from localapi.server import BotApiServer
from services.roles import make_grant
from services.setup import apply_config
from storage.db import Database
from storage.roles import grant_role
from tests.e2e.flows import PDF, button
from tests.e2e.harness import ADMIN_GROUP, ALI, CLERK, HEAD, MARYAM, spawn_bot
from tests.e2e.test_guesthouse import _mashhad
from tests.e2e.test_loans import CONFIG as LOANS
from texts import booklet as booklet_t
from texts import guesthouse as gh_t
from texts import loans as loan_t

SEED = int(os.environ.get("REFAH_CHAOS_SEED", "1405"))
ROUNDS = int(os.environ.get("REFAH_CHAOS_ROUNDS", "1"))
#: The loan and the guesthouse stay too (``make chaos``; the suite's short run files booklets only).
FULL = ROUNDS > 1 or os.environ.get("REFAH_CHAOS_FULL") == "1"
STEP_TIMEOUT = 5.0
TRIES = 12
#: SIGKILLs per run (then faults only): a restart costs the process's start-up, seconds.
MAX_KILLS = 2 * ROUNDS
FAULTS = ("sendMessage", "answerCallbackQuery", "editMessageText", "getUpdates")


@dataclass
class Chaos:
    """The bot process, killed and restarted at random moments, and faults injected at random."""

    api: BotApiServer
    db: Path
    log: Path
    rng: random.Random
    process: asyncio.subprocess.Process | None = None
    kills: int = 0
    faults: int = 0
    task: asyncio.Task[None] | None = None
    stopping: asyncio.Event = field(default_factory=asyncio.Event)

    async def spawn(self) -> None:
        self.process = await spawn_bot(self.api, self.db, self.log)

    async def kill(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGKILL)
            await self.process.wait()

    async def run(self) -> None:
        """Until stopped: now a fault, now a SIGKILL and a restart."""
        while not self.stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), timeout=self.rng.uniform(0.3, 2.5))
            if self.stopping.is_set():
                return
            if self.rng.random() < 0.5 or self.kills >= MAX_KILLS:
                self.api.inject_fault(
                    self.rng.choice(FAULTS), status=self.rng.choice([429, 500, 502]), retry_after=1
                )
                self.faults += 1
            else:
                await self.kill()
                self.kills += 1
                await asyncio.sleep(self.rng.uniform(0.0, 0.5))
                await self.spawn()

    def start(self) -> None:
        self.task = asyncio.create_task(self.run())

    async def calm(self) -> None:
        """Stop the chaos; one bot process left running, no faults pending."""
        self.stopping.set()
        if self.task is not None:
            await self.task
        self.api.clear_faults()
        if self.process is None or self.process.returncode is not None:
            await self.spawn()


async def attempt(
    act: Callable[[], Any],
    arrived: Callable[[int], Awaitable[dict[str, Any]]],
    what: str,
    tries: int = TRIES,
) -> dict[str, Any]:
    """Do ``act`` and wait for its answer; after a timeout, do it again, like a person would."""
    first: int | None = None
    for _ in range(tries):
        sent = act()
        if first is None:
            first = sent["message_id"] if isinstance(sent, dict) else 0
        try:
            return await arrived(first)
        except TimeoutError:
            continue
    raise AssertionError(f"no answer to {what} after {tries} tries")


def text_after(api: BotApiServer, chat: int, words: str) -> Callable[[int], Awaitable[dict[str, Any]]]:
    """Wait for ``words`` in ``chat`` after a message id (or, for a button press, after what was already there)."""
    before = max((m["message_id"] for m in api.messages(chat)), default=0)

    async def arrived(after: int) -> dict[str, Any]:
        return await api.wait_for_text(chat, words, timeout=STEP_TIMEOUT, after=after or before or None)

    return arrived


def pressing(api: BotApiServer, uid: int, message: dict[str, Any], prefix: str) -> Callable[[], str]:
    """Press a button of ``message`` (again: a client still showing it after the bot removed it)."""
    data = button(message, prefix)
    return lambda: api.press(uid, message["message_id"], data, chat_id=message["chat"]["id"], forge=True)


async def onboard(api: BotApiServer, person: tuple[int, str, str]) -> None:
    uid, mobile, national_id = person
    await attempt(lambda: api.send_text(uid, "/start"), text_after(api, uid, "شماره تلفن همراه"), "/start")
    await attempt(lambda: api.share_contact(uid, mobile), text_after(api, uid, "کد ملی"), "contact")
    await attempt(lambda: api.send_text(uid, national_id), text_after(api, uid, "هویت شما تأیید شد"), "id")


async def file_booklet(api: BotApiServer, uid: int) -> str:
    """The booklet duplicate, step by step; returns the receipt's text."""
    menu = booklet_t.MENU_BOOKLET_DUPLICATE
    ask = await attempt(lambda: api.send_text(uid, menu), text_after(api, uid, "برای چه کسی"), "menu")
    await attempt(pressing(api, uid, ask, "bk:person:0"), text_after(api, uid, "تصویر کارت ملی"), "person")
    got = await attempt(
        lambda: api.send_document(uid, PDF, "card.pdf", "application/pdf"),
        text_after(api, uid, "دریافت شد"),
        "document",
    )
    review = await attempt(
        pressing(api, uid, got, "bk:done"), text_after(api, uid, "لطفاً بررسی کنید"), "done"
    )
    receipt = await attempt(pressing(api, uid, review, "bk:ok:"), text_after(api, uid, "کد رهگیری"), "submit")
    return str(receipt["text"])


async def approve(api: BotApiServer, uid: int, code: str) -> None:
    """The clerk approves the card of ``code``; the owner is told."""

    async def card(_: int) -> dict[str, Any]:
        return await api.wait_for_bot_message(
            ADMIN_GROUP,
            lambda m: code in m.get("text", "") and "req:approve:" in str(m.get("reply_markup")),
            timeout=STEP_TIMEOUT,
        )

    found = await attempt(lambda: None, card, "the card")
    await attempt(pressing(api, CLERK, found, "req:approve:"), text_after(api, uid, "فرم المثنی"), "approve")


def _code(receipt: str) -> str:
    return receipt.split("کد رهگیری: ")[1].split("\n")[0].strip() if "کد رهگیری: " in receipt else ""


async def card_of(api: BotApiServer, code: str, action: str, words: str = "") -> dict[str, Any]:
    """The card of ``code`` once it offers ``action`` (and shows ``words``)."""

    async def card(_: int) -> dict[str, Any]:
        return await api.wait_for_bot_message(
            ADMIN_GROUP,
            lambda m: (
                code in m.get("text", "")
                and words in m.get("text", "")
                and f"req:{action}:" in str(m.get("reply_markup"))
            ),
            timeout=STEP_TIMEOUT,
        )

    # a card's edit is owed through the outbox, whose retries back off while faults keep coming: wait longer
    return await attempt(lambda: None, card, f"the card offering {action}", tries=3 * TRIES)


async def apply_for_loan(api: BotApiServer, uid: int) -> str:
    """The short loan (one document), step by step; returns the tracking code."""
    ask = await attempt(
        lambda: api.send_text(uid, loan_t.MENU_LOAN), text_after(api, uid, "نوع وام را انتخاب کنید"), "loan"
    )
    short = next(  # the product asking for one document only
        b["callback_data"]
        for row in ask["reply_markup"]["inline_keyboard"]
        for b in row
        if "کوتاه" in b["text"]
    )
    await attempt(
        lambda: api.press(uid, ask["message_id"], short, chat_id=uid, forge=True),
        text_after(api, uid, "مبلغ درخواستی"),
        "product",
    )
    preview = await attempt(
        lambda: api.send_text(uid, "۲۰ میلیون"), text_after(api, uid, "پیش‌نمایش بازپرداخت"), "amount"
    )
    await attempt(pressing(api, uid, preview, "loan:next"), text_after(api, uid, "فیش حقوقی"), "preview")
    review = await attempt(
        lambda: api.send_document(uid, PDF, "payslip.pdf", "application/pdf"),
        text_after(api, uid, "لطفاً بررسی کنید"),
        "payslip",
    )
    receipt = await attempt(
        pressing(api, uid, review, "loan:ok:"), text_after(api, uid, "کد رهگیری"), "submit"
    )
    return _code(str(receipt["text"]))


async def approve_loan(api: BotApiServer, uid: int, code: str) -> None:
    """The clerk's review, then the head's final approval; the owner hears of both."""
    card = await card_of(api, code, "approve")
    await attempt(pressing(api, CLERK, card, "req:approve:"), text_after(api, uid, code), "review")
    reviewed = await card_of(api, code, "approve", "تصمیم رئیس")
    await attempt(pressing(api, HEAD, reviewed, "req:approve:"), text_after(api, uid, "تأیید شد"), "approve")


async def book_stay(api: BotApiServer, uid: int) -> str:
    """A guesthouse stay on the first open day; returns the tracking code."""
    ask = await attempt(
        lambda: api.send_text(uid, gh_t.MENU_GUESTHOUSE), text_after(api, uid, "کدام زائرسرا"), "guesthouse"
    )
    await attempt(pressing(api, uid, ask, "gh:house:mashhad"), text_after(api, uid, "روز ورود را"), "house")

    async def calendar(_: int) -> dict[str, Any]:
        return await api.wait_for_bot_message(
            uid, lambda m: "gh:day:" in str(m.get("reply_markup")), timeout=STEP_TIMEOUT
        )

    days = await attempt(lambda: None, calendar, "the calendar")
    await attempt(pressing(api, uid, days, "gh:day:"), text_after(api, uid, "چه کسانی"), "day")

    async def guests(_: int) -> dict[str, Any]:
        return await api.wait_for_bot_message(
            uid, lambda m: "gh:who_ok" in str(m.get("reply_markup")), timeout=STEP_TIMEOUT
        )

    who = await attempt(lambda: None, guests, "the guests step")
    await attempt(pressing(api, uid, who, "gh:who_ok"), text_after(api, uid, "لطفاً بررسی کنید"), "guests")

    async def review(_: int) -> dict[str, Any]:
        return await api.wait_for_bot_message(
            uid, lambda m: "gh:ok:" in str(m.get("reply_markup")), timeout=STEP_TIMEOUT
        )

    reviewed = await attempt(lambda: None, review, "the review")
    receipt = await attempt(
        pressing(api, uid, reviewed, "gh:ok:"), text_after(api, uid, "کد رهگیری"), "submit"
    )
    return _code(str(receipt["text"]))


async def confirm_stay(api: BotApiServer, uid: int, code: str) -> None:
    card = await card_of(api, code, "confirm")
    await attempt(
        pressing(api, CLERK, card, "req:confirm:"), text_after(api, uid, "تاریخ شما تأیید شد"), "confirm"
    )


async def person(api: BotApiServer, who: tuple[int, str, str], seen: dict[int, str], first: bool) -> None:
    await onboard(api, who)
    code = _code(await file_booklet(api, who[0]))
    seen[who[0]] = code
    if code:
        await approve(api, who[0], code)
    if not (first and FULL):  # one open loan and one stay a year each: later rounds file booklets only
        return
    if who == ALI:
        loan = await apply_for_loan(api, who[0])
        assert loan, "no loan receipt"
        await approve_loan(api, who[0], loan)
    else:
        stay = await book_stay(api, who[0])
        assert stay, "no booking receipt"
        await confirm_stay(api, who[0], stay)


def rows(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return [tuple(r) for r in conn.execute(sql, params).fetchall()]


async def drained(db: Path) -> None:
    for _ in range(300):
        if not rows(db, "SELECT 1 FROM outbox WHERE status = 'pending'"):
            return
        await asyncio.sleep(0.1)
    raise AssertionError(rows(db, "SELECT id, kind, attempts FROM outbox WHERE status = 'pending'"))


async def test_killed_and_faulted_the_bot_loses_nothing(
    api: BotApiServer, db_path: Path, tmp_path: Path
) -> None:
    print(f"chaos seed {SEED} (REFAH_CHAOS_SEED), rounds {ROUNDS}")
    now = dt.datetime.now(dt.UTC)
    async with Database(db_path) as db:
        await apply_config(db, services_of(), {**LOANS, "guesthouses": [_mashhad(now.date())]}, now)
        async with db.transaction() as tx:
            for scope in ("booklet", "loan", "guesthouse"):
                await grant_role(tx, CLERK, make_grant("clerk", scope), None, now)
            await grant_role(tx, HEAD, make_grant("head"), None, now)
            await tx.execute("UPDATE employees SET fund_debt = 0 WHERE national_id = ?", (ALI[2],))
    chaos = Chaos(api, db_path, tmp_path / "bot.log", random.Random(SEED))
    await chaos.spawn()
    seen: dict[int, str] = {}
    try:
        chaos.start()
        for round_no in range(ROUNDS):
            first = round_no == 0
            await asyncio.gather(person(api, ALI, seen, first), person(api, MARYAM, seen, first))
        await chaos.calm()
        await drained(db_path)
        # no conversation stalled: everyone gets an answer to the menu
        for uid in (ALI[0], MARYAM[0]):
            await attempt(lambda u=uid: api.send_text(u, "/menu"), text_after(api, uid, ""), "/menu")
    finally:
        await chaos.calm()
        await chaos.kill()
    print(f"chaos: {chaos.kills} kills, {chaos.faults} faults")

    # no request lost or doubled
    for uid, code in seen.items():
        assert code, uid
        booklets = "SELECT COUNT(*) FROM requests WHERE user_id = ? AND service = 'booklet'"
        assert rows(db_path, booklets, (uid,)) == [(ROUNDS,)], uid
        assert rows(db_path, "SELECT status FROM requests WHERE tracking_code = ?", (code,)) == [
            ("approved",)
        ]
    # the loan and the stay (make chaos): one each, in the state their last step put them
    loans = rows(db_path, "SELECT status FROM requests WHERE service = 'loan'")
    assert len(loans) == FULL and all(s in ("queued", "funded") for (s,) in loans), loans
    stays = rows(db_path, "SELECT status FROM requests WHERE service = 'guesthouse'")
    assert len(stays) == FULL and all(s == "held" for (s,) in stays), stays
    # no room overbooked: one booking a night per room, and never more guests than the room takes
    assert not rows(
        db_path, "SELECT room_id, night FROM guesthouse_nights GROUP BY room_id, night HAVING COUNT(*) > 1"
    )
    # no message owed and never delivered
    assert rows(db_path, "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'dead')") == [(0,)]
    # an audit row for every status change: each request's events chain up to its status
    for request_id, status in rows(db_path, "SELECT id, status FROM requests"):
        events = rows(
            db_path,
            "SELECT from_status, to_status FROM request_events WHERE request_id = ? ORDER BY id",
            (request_id,),
        )
        assert events and events[-1][1] == status, (request_id, events)
        assert all(a[1] == b[0] for a, b in itertools.pairwise(events)), events
    # nothing approved twice, and no loan approved twice by one person
    assert not rows(
        db_path,
        """SELECT request_id, action, actor FROM request_events WHERE actor IS NOT NULL
           GROUP BY request_id, action, actor HAVING COUNT(*) > 1""",
    )
    assert not rows(
        db_path,
        """SELECT e.request_id FROM request_events e JOIN requests r ON r.id = e.request_id
           WHERE r.service = 'loan' AND e.action LIKE '%approve%' AND e.actor IS NOT NULL
           GROUP BY e.request_id HAVING COUNT(DISTINCT e.actor) < COUNT(*)""",
    )
