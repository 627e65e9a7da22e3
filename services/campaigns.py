"""What both campaigns share: announcing to many through the outbox, and following how far it got.

An announcement is one outbox row per person, queued under the campaign's purpose (``aw:announce:<id>``),
so the sender paces it like everything else. A timer looks every ``TICK_EVERY``: it edits the opener's
progress message and, once no row is pending, sends the final count (sent, unreachable) once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from domain.jalali import format_jalali_date
from domain.workflow import Role, holds
from services.kit import Env
from services.messages import inline_keyboard, text_message
from services.render import fa
from services.roles import is_admin
from storage import outbox
from storage.campaigns import Delivery, announcing, delivery, mark_reported, set_progress_message, set_tick
from storage.db import Tx
from storage.models import Reminder
from storage.reminders import Armed, add_reminder
from storage.roles import Roles
from texts import campaigns as t

#: How often a running announcement is looked at.
TICK_EVERY = dt.timedelta(seconds=10)
#: Local hour at which a campaign's day-bound work (reminders, closing) is done.
MORNING_HOUR = 9


class NotAdmin(PermissionError):
    """Only admins open campaigns and follow them."""


class NotFinance(PermissionError):
    """Only finance receives payment lists and marks them paid."""


class UnknownCampaign(LookupError):
    """No such campaign or payment list (a stale or forged button)."""


@dataclass(frozen=True)
class Followed:
    """A campaign kind as its announcement is followed: its table, purpose prefix and progress button."""

    table: str
    feature: str

    def purpose(self, campaign_id: int) -> str:
        """The outbox purpose of the campaign's announcement rows."""
        return f"{self.feature}:announce:{campaign_id}"

    def button(self, campaign_id: int) -> dict[str, object]:
        """The refresh button under the progress message."""
        return inline_keyboard([[(t.CAMPAIGN_BTN_PROGRESS, f"{self.feature}:progress:{campaign_id}")]])


async def require_admin(env: Env, actor: int) -> None:
    """Raise :class:`NotAdmin` unless ``actor`` is an admin."""
    if not await is_admin(env, actor):
        raise NotAdmin(actor)


async def require_finance(env: Env, actor: int) -> None:
    """Raise :class:`NotFinance` unless ``actor`` holds the finance role."""
    if actor not in env.super_admins and not holds(await Roles(env.db).grants(actor), Role.FINANCE):
        raise NotFinance(actor)


def local_moment(day: dt.date, env_zone: dt.tzinfo, hour: int = MORNING_HOUR) -> dt.datetime:
    """``hour`` o'clock on ``day`` in the office's zone, as UTC."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=env_zone).astimezone(dt.UTC)


def jalali_day(day: dt.date) -> str:
    """A day as people read it: Jalali, Persian digits."""
    return fa(format_jalali_date(day))


def progress_text(title: str, counts: Delivery) -> str:
    """The progress line, or the final count once nothing is pending."""
    template = t.CAMPAIGN_FINAL if counts.finished else t.CAMPAIGN_PROGRESS
    return template.format(
        title=title,
        queued=fa(counts.queued),
        sent=fa(counts.sent),
        unreachable=fa(counts.unreachable),
        pending=fa(counts.pending),
    )


async def arm_tick(tx: Tx, followed: Followed, campaign_id: int, now: dt.datetime) -> Armed:
    """Look at the announcement again in ``TICK_EVERY``; the caller schedules the returned reminder."""
    armed = await add_reminder(
        tx, request_id=None, chat_id=0, kind=f"{followed.feature}_tick", due_at=now + TICK_EVERY, text=""
    )
    await set_tick(tx, followed.table, campaign_id, armed.id)
    return armed


async def follow(env: Env, followed: Followed, campaign_id: int, chat_id: int, message_id: int) -> None:
    """Keep the opener's progress message up to date from now on."""
    async with env.db.transaction() as tx:
        await set_progress_message(tx, followed.table, campaign_id, chat_id, message_id)


async def progress(env: Env, followed: Followed, campaign_id: int, actor: int) -> Delivery:
    """How far the campaign's announcement got (admins only)."""
    await require_admin(env, actor)
    return await delivery(env.db, followed.purpose(campaign_id))


async def tick(
    tx: Tx,
    env: Env,
    reminder: Reminder,
    followed: Followed,
    title_of: Callable[[Tx, int], Awaitable[str]],
) -> None:
    """Edit the progress message; once nothing is pending, send the final count once, else look again."""
    campaign = await announcing(tx, followed.table, tick_id=reminder.id)
    if campaign is None:
        return
    now = env.clock.now()
    counts = await delivery(tx, followed.purpose(campaign.id))
    text = progress_text(await title_of(tx, campaign.id), counts)
    if campaign.progress_chat_id is not None and campaign.progress_message_id is not None:
        payload = text_message(text, None if counts.finished else followed.button(campaign.id))
        payload["message_id"] = campaign.progress_message_id
        await outbox.enqueue(
            tx, chat_id=campaign.progress_chat_id, method="editMessageText", payload=payload, now=now
        )
    if not counts.finished:
        env.reminders_changed([await arm_tick(tx, followed, campaign.id, now)])
        return
    if await mark_reported(tx, followed.table, campaign.id, now) and campaign.opened_by is not None:
        await outbox.enqueue(
            tx,
            chat_id=campaign.opened_by,
            method="sendMessage",
            payload=text_message(text),
            now=now,
            dedupe_key=f"{followed.feature}:{campaign.id}:final",
        )
