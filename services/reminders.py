"""Reminders: rows with a due moment; firing one queues its message exactly once."""

from __future__ import annotations

from services.env import Env
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
