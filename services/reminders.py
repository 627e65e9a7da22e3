"""Reminders: rows with a due moment; firing one queues its message exactly once.

A service may declare an action for a kind of reminder in ``ServiceSpec.timers`` (a hold that lapses, a
stay that begins): it runs in the transaction that fires the row, so a timed change survives restarts
exactly like a reminder does.
"""

from __future__ import annotations

from services.kit import Env
from services.messages import text_message
from storage import outbox
from storage.reminders import claim_reminder


async def fire_reminder(env: Env, reminder_id: int) -> bool:
    """Send a due reminder once; False if it was already fired, cancelled, or is not yet due."""
    now = env.clock.now()
    async with env.db.transaction() as tx:
        reminder = await claim_reminder(tx, reminder_id, now)
        if reminder is None:
            return False
        action = env.services.timer(reminder.kind)
        send = await action(tx, env, reminder) if action is not None else True
        if send and reminder.text:
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
