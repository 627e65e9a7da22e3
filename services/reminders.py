"""Reminders: rows with a due moment; firing one queues its message exactly once.

A service may declare an action for a kind of reminder in ``ServiceSpec.timers`` (a hold that lapses, a
stay that begins): it runs in the transaction that fires the row, so a timed change survives restarts
exactly like a reminder does.

A reminder's text speaks of its moment ("check out by 10:00 today"): fired more than :data:`STALE_AFTER`
late (the bot was down, or the office clock jumped) its text is dropped rather than sent as if on time;
its action still runs, since a timed change is due whenever it is noticed.
"""

from __future__ import annotations

import datetime as dt
import logging

from services.kit import Env
from services.messages import text_message
from storage import outbox
from storage.reminders import claim_reminder

_LOG = logging.getLogger(__name__)

#: How late a reminder's text may still be sent.
STALE_AFTER = dt.timedelta(hours=1)


async def fire_reminder(env: Env, reminder_id: int) -> bool:
    """Send a due reminder once; False if it was already fired, cancelled, or is not yet due."""
    now = env.clock.now()
    async with env.db.transaction() as tx:
        reminder = await claim_reminder(tx, reminder_id, now)
        if reminder is None:
            return False
        action = env.services.timer(reminder.kind)
        send = await action(tx, env, reminder) if action is not None else True
        if send and reminder.text and now - reminder.due_at > STALE_AFTER:
            _LOG.info(
                "reminder %s fired %s late: its text is no longer true, not sent",
                reminder.id,
                now - reminder.due_at,
            )
        elif send and reminder.text:
            await outbox.enqueue(
                tx,
                chat_id=reminder.chat_id,
                method="sendMessage",
                payload=text_message(reminder.text),
                now=now,
                dedupe_key=f"reminder:{reminder.id}",
                request_id=reminder.request_id,
            )
    env.wake_outbox()
    return True
