"""The office's calendar at work: late requests reminded and escalated, substitutes, /report and the digest.

Moments are computed with the office's own calendar (``bot.env.calendar``), so the tests hold whatever day
they run on (Fridays, Nowruz and lunar holidays included).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from PIL import Image

from bot.office import SERVICES
from documents.charts import SIZE
from domain.deadlines import due_day, next_weekly_run
from domain.workflow import OWNER, Action, Role, Status, Transition, Workflow
from kit.manifest import Manifest
from localapi.server import BotApiServer
from services.clock import Clock
from services.deadlines import day_label
from services.kit import ServiceSpec
from services.requests import submit_request
from storage.employees import Employees
from storage.models import Request
from tests.e2e.flows import grant, onboard, press
from tests.e2e.harness import ADMIN_GROUP, ALI, CLERK, CLERK2, HEAD, MARYAM, STRANGER, Bot, make_settings
from texts import admin as admin_t

TEHRAN = ZoneInfo("Asia/Tehran")
TWO = "two_level"

#: A throwaway service with the loans' two approvals: a clerk reviews, then the head approves (someone else).
TWO_LEVEL = Manifest(
    spec=ServiceSpec(
        key=TWO,
        title="Two",
        workflow=Workflow(
            service=TWO,
            initial=Status.SUBMITTED,
            transitions=(
                Transition(Action.APPROVE, frozenset({Status.SUBMITTED}), "reviewed", Role.CLERK),
                Transition(
                    Action.APPROVE,
                    frozenset({"reviewed"}),
                    Status.APPROVED,
                    Role.HEAD,
                    not_by_actor_of=Action.APPROVE,
                ),
                Transition(Action.CANCEL, frozenset({Status.SUBMITTED}), Status.CANCELLED, OWNER),
            ),
            final=frozenset({Status.APPROVED, Status.CANCELLED}),
        ),
        describe=lambda payload: [f"#{payload['n']}"],
        deadlines={Status.SUBMITTED: 1, "reviewed": 1},
    )
)


@pytest.fixture
async def office(api: BotApiServer, db_path: Any) -> AsyncIterator[Bot]:
    """The office's services plus the two-level one; ALI and MARYAM onboarded; a clerk and a head."""
    harness = Bot(api, make_settings(api, db_path), Clock(), manifests=(*SERVICES, TWO_LEVEL))
    await harness.start()
    try:
        await onboard(api, ALI)
        await onboard(api, MARYAM)
        await grant(harness, CLERK, "clerk")
        await grant(harness, HEAD, "head")
        yield harness
    finally:
        await harness.stop()


def today(bot: Bot) -> dt.date:
    """The office's date now."""
    return bot.clock.now().astimezone(TEHRAN).date()


def advance_to(bot: Bot, day: dt.date, hour: int, minute: int = 0) -> None:
    """Move the office clock to ``day`` at hour:minute in Tehran."""
    target = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TEHRAN)
    bot.clock.advance(target - bot.clock.now())


async def file(bot: Bot, person: tuple[int, str, str], service: str, n: int) -> Request:
    """File a request for ``person`` as the system would (no conversation needed here)."""
    employee = await Employees(bot.env.db).by_mobile(person[1])
    assert employee is not None
    payload = {"n": n} if service == TWO else {"kind": "duplicate", "person_name": employee.full_name}
    filed = await submit_request(
        bot.env,
        service=service,
        employee=employee,
        user_id=person[0],
        payload=payload,
        idempotency_key=f"test:{service}:{n}",
        by_system=True,
    )
    return filed.request


async def card_of(api: BotApiServer, request: Request, needle: str = "") -> dict[str, Any]:
    """The request's card in the clerks' group (once it shows ``needle``)."""
    return await api.wait_for_bot_message(
        ADMIN_GROUP, lambda m: request.tracking_code in m["text"] and needle in m["text"]
    )


def texts_of(api: BotApiServer, chat_id: int) -> list[str]:
    """Every text the bot sent the chat."""
    return [m.get("text") or m.get("caption") or "" for m in api.bot_messages(chat_id)]


# --- deadlines: the owner sees the date; late requests remind the clerk, then reach the head ----------------


async def test_a_late_request_reminds_the_clerk_and_then_the_head(api: BotApiServer, office: Bot) -> None:
    calendar = office.env.calendar
    booklet = await file(office, ALI, "booklet", 1)
    due = due_day(calendar, today(office), 2)  # the booklet's clerk has 2 working days

    api.send_text(ALI[0], f"/track {booklet.tracking_code}")
    shown = await api.wait_for_text(ALI[0], "تاریخ پیش‌بینی‌شده برای رسیدگی")
    assert day_label(due) in shown["text"] and "با تأخیر" not in shown["text"]

    # the first working day past the deadline, at the reminder hour: the clerk, not yet the head
    advance_to(office, calendar.add_working_days(due, 1), 9, 1)
    reminder = await api.wait_for_text(CLERK, "یادآوری")
    assert booklet.tracking_code in reminder["text"] and "۱ روز کاری تأخیر" in reminder["text"]
    await asyncio.sleep(0.2)
    assert not any("گزارش به رئیس" in text for text in texts_of(api, HEAD))

    # the second working day past it: the head is told, with the list of what is late
    advance_to(office, calendar.add_working_days(due, 2), 9, 1)
    escalated = await api.wait_for_text(HEAD, "گزارش به رئیس اداره")
    assert booklet.tracking_code in escalated["text"] and "۲ روز کاری تأخیر" in escalated["text"]
    again = await api.wait_for_text(CLERK, "۲ روز کاری تأخیر")
    assert booklet.tracking_code in again["text"]

    api.send_text(ALI[0], f"/track {booklet.tracking_code}")
    await api.wait_for_text(ALI[0], "با تأخیر؛ پیگیری شده است")


async def test_a_request_decided_in_time_reminds_nobody(api: BotApiServer, office: Bot) -> None:
    booklet = await file(office, ALI, "booklet", 2)
    await press(api, CLERK, await card_of(api, booklet), "req:approve:")
    await api.wait_for_text(ALI[0], "تأیید شد")
    due = due_day(office.env.calendar, today(office), 2)
    advance_to(office, office.env.calendar.add_working_days(due, 3), 9, 1)
    await asyncio.sleep(0.5)
    assert not any("یادآوری" in text for text in texts_of(api, CLERK))
    assert not any("گزارش به رئیس" in text for text in texts_of(api, HEAD))


# --- substitutes --------------------------------------------------------------------------------------------


async def test_a_substitutes_approval_is_on_behalf_and_separation_of_duties_holds(
    api: BotApiServer, office: Bot
) -> None:
    request = await file(office, ALI, TWO, 1)
    first, last = today(office), today(office) + dt.timedelta(days=3)
    dates = f"{first.isoformat()} {last.isoformat()}"

    # the head names the clerk, then a second clerk, as substitutes; a stranger may not name one for the head
    api.send_text(STRANGER, f"/substitute {HEAD} {CLERK} {dates}")
    await api.wait_for_text(STRANGER, "فقط خود کارمند یا مدیر سامانه")
    api.send_text(HEAD, f"/substitute {CLERK} {dates}")
    await api.wait_for_text(HEAD, "جانشین ثبت شد")
    await api.wait_for_text(CLERK, "شما از")

    # the clerk reviews in their own right, then may not give the head's approval on behalf of the head
    assert "انجام شد" in await press(api, CLERK, await card_of(api, request), "req:approve:")
    reviewed = await card_of(api, request, "Clerk")
    assert await press(api, CLERK, reviewed, "req:approve:") == admin_t.ADMIN_SAME_ACTOR
    assert (
        await office.env.db.fetchval("SELECT status FROM requests WHERE id = ?", (request.id,))
    ) == "reviewed"

    # someone with no role of their own is refused until named
    assert await press(api, CLERK2, reviewed, "req:approve:") == admin_t.ADMIN_NO_ROLE
    api.send_text(HEAD, f"/substitute {CLERK2} {dates}")
    await api.wait_for_text(HEAD, "جانشین ثبت شد (شماره ۲)")
    assert "انجام شد" in await press(api, CLERK2, reviewed, "req:approve:")

    approved = await card_of(api, request, "به جای")
    assert "Clerk2 به جای" in approved["text"]
    event = await office.env.db.fetchone(
        "SELECT actor, actor_role, on_behalf_of, to_status FROM request_events WHERE request_id = ? ORDER BY id DESC",
        (request.id,),
    )
    assert tuple(event) == (CLERK2, "head", HEAD, "approved")

    # once ended, the substitution gives nothing
    other = await file(office, MARYAM, TWO, 2)
    await press(api, CLERK, await card_of(api, other), "req:approve:")
    api.send_text(HEAD, "/substitute_end 2")
    await api.wait_for_text(HEAD, "پایان یافت")
    assert (
        await press(api, CLERK2, await card_of(api, other, "Clerk"), "req:approve:") == admin_t.ADMIN_NO_ROLE
    )


async def test_a_substitute_runs_only_over_its_days(api: BotApiServer, office: Bot) -> None:
    request = await file(office, ALI, TWO, 3)
    await press(api, CLERK, await card_of(api, request), "req:approve:")
    start = today(office) + dt.timedelta(days=2)
    api.send_text(
        HEAD, f"/substitute {CLERK2} {start.isoformat()} {(start + dt.timedelta(days=1)).isoformat()}"
    )
    await api.wait_for_text(HEAD, "جانشین ثبت شد")
    reviewed = await card_of(api, request, "Clerk")
    assert await press(api, CLERK2, reviewed, "req:approve:") == admin_t.ADMIN_NO_ROLE
    advance_to(office, start, 10)
    assert "انجام شد" in await press(api, CLERK2, reviewed, "req:approve:")


# --- /report ------------------------------------------------------------------------------------------------


def _photos(api: BotApiServer, chat_id: int) -> list[bytes]:
    return [api.file_bytes(m["photo"][-1]["file_id"]) for m in api.bot_messages(chat_id) if "photo" in m]


async def test_report_sends_charts_and_an_xlsx_that_matches_the_database(
    api: BotApiServer, office: Bot
) -> None:
    filed = [await file(office, ALI, "booklet", n) for n in (10, 11, 12)]
    filed += [await file(office, MARYAM, TWO, n) for n in (13, 14)]
    await press(api, CLERK, await card_of(api, filed[0]), "req:approve:")
    await api.wait_for_text(ALI[0], "تأیید شد")
    await press(api, CLERK, await card_of(api, filed[3]), "req:approve:")
    await card_of(api, filed[3], "Clerk")

    api.send_text(ALI[0], "/report")
    await api.wait_for_text(ALI[0], "فقط برای رئیس اداره")

    api.send_text(HEAD, "/report 7")
    text = await api.wait_for_text(HEAD, "گزارش اداره رفاه از")
    assert "درخواست‌های ثبت‌شده: ۵" in text["text"] and "وام صندوق" in text["text"]
    document = await api.wait_for_bot_message(HEAD, lambda m: m["document"]["file_name"].endswith(".xlsx"))

    photos = _photos(api, HEAD)
    assert len(photos) == 3
    for png in photos:
        assert png.startswith(b"\x89PNG")
        with Image.open(io.BytesIO(png)) as image:
            image.verify()
        with Image.open(io.BytesIO(png)) as image:
            assert image.size == SIZE

    book = load_workbook(io.BytesIO(api.file_bytes(document["document"]["file_id"])), read_only=True)
    listed = list(book["requests"].iter_rows(min_row=2, values_only=True))
    rows = await office.env.db.fetchall("SELECT tracking_code, service, status FROM requests")
    assert sorted(r[0] for r in listed) == sorted(r["tracking_code"] for r in rows)
    summary = {(r[0], r[1]): r[2] for r in book["summary"].iter_rows(min_row=2, values_only=True)}
    spec = {s.key: s for s in office.env.services}
    counted = Counter((spec[r["service"]].title, spec[r["service"]].status_label(r["status"])) for r in rows)
    assert summary == dict(counted)


async def test_report_refuses_a_bad_period(api: BotApiServer, office: Bot) -> None:
    api.send_text(HEAD, "/report 1405/06/31 1405/01/01")
    await api.wait_for_text(HEAD, "تاریخ پایان پیش از تاریخ شروع")


# --- the weekly digest --------------------------------------------------------------------------------------


async def test_the_weekly_digest_reaches_the_head_on_saturday_morning(api: BotApiServer, office: Bot) -> None:
    calendar = office.env.calendar
    await file(office, ALI, "booklet", 20)
    # the first Saturday ahead that is a working day (a Nowruz Saturday would move the digest on)
    saturday = today(office) + dt.timedelta(days=(5 - today(office).weekday()) % 7 or 7)
    while not calendar.is_working_day(saturday):
        saturday += dt.timedelta(days=7)
    run = next_weekly_run(calendar, office.clock.now(), TEHRAN, office.env.deadlines.digest_at)
    while run.astimezone(TEHRAN).date() < saturday:  # earlier weeks' digests go out first
        advance_to(office, run.astimezone(TEHRAN).date(), 8, 1)
        await api.wait_for_text(HEAD, "گزارش هفتگی", after=None)
        run = next_weekly_run(calendar, office.clock.now(), TEHRAN, office.env.deadlines.digest_at)
    assert run == dt.datetime.combine(saturday, dt.time(8), tzinfo=TEHRAN)
    seen = len([t for t in texts_of(api, HEAD) if "گزارش هفتگی" in t])

    advance_to(office, saturday, 7, 59)
    await asyncio.sleep(0.3)
    assert len([t for t in texts_of(api, HEAD) if "گزارش هفتگی" in t]) == seen
    advance_to(office, saturday, 8, 1)
    await api.wait_until(lambda: len([t for t in texts_of(api, HEAD) if "گزارش هفتگی" in t]) > seen)
    assert office.clock.now().astimezone(TEHRAN).strftime("%a") == "Sat"
    await api.wait_for_bot_message(HEAD, lambda m: m["document"]["file_name"].endswith(".xlsx"))
    assert len(_photos(api, HEAD)) >= 3
