"""Scheduling reminders on PTB's JobQueue from the database rows (the JobQueue itself keeps nothing)."""

from __future__ import annotations

import contextlib
import logging
from typing import Protocol

from apscheduler.jobstores.base import JobLookupError  # type: ignore[import-untyped]
from telegram.ext import CallbackContext, Job, JobQueue

from services.kit import Env
from services.reminders import fire_reminder
from storage.reminders import Armed, Reminders


class _Host(Protocol):
    """What a reminder job needs of the application."""

    env: Env
    reminders: ReminderScheduler


_LOG = logging.getLogger(__name__)


def job_name(reminder_id: int) -> str:
    """The structured name of a reminder's job."""
    return f"reminder:{reminder_id}"


class ReminderScheduler:
    """Keeps one ``run_once`` job per pending reminder, timed by the (possibly advanced) clock."""

    def __init__(self, env: Env, job_queue: JobQueue[CallbackContext]) -> None:  # type: ignore[type-arg]
        self.env = env
        self.job_queue = job_queue
        #: The job of each reminder scheduled here (finding it by name searches every job: 10,000 pending
        #: reminders made start-up quadratic, 34 s).
        self._jobs: dict[int, Job[CallbackContext]] = {}  # type: ignore[type-arg]

    async def schedule_all(self) -> int:
        """(Re)schedule every pending reminder; at start-up and after the clock moves."""
        pending = await Reminders(self.env.db).pending()
        for reminder in pending:
            self._schedule(reminder.id, self.env.clock.real_delay_until(reminder.due_at))
        return len(pending)

    def schedule(self, armed: list[Armed]) -> None:
        """Schedule reminders just added or re-armed (a job for a row rolled back finds nothing to fire)."""
        for reminder in armed:
            self._schedule(reminder.id, self.env.clock.real_delay_until(reminder.due_at))

    async def reschedule(self, reminder_id: int) -> None:
        """Schedule one reminder again from its row, if it is still pending."""
        reminder = await Reminders(self.env.db).get(reminder_id)
        if reminder is not None and reminder.status == "pending":
            self._schedule(reminder.id, self.env.clock.real_delay_until(reminder.due_at))

    def forget(self, reminder_id: int) -> None:
        """The reminder's job has run (it is no longer in the JobQueue)."""
        self._jobs.pop(reminder_id, None)

    def _schedule(self, reminder_id: int, delay: float) -> None:
        old = self._jobs.pop(reminder_id, None)
        if old is not None and not old.removed:
            with contextlib.suppress(JobLookupError):  # it ran meanwhile
                old.schedule_removal()
        # a hair late rather than early, so the office clock already shows the due moment
        self._jobs[reminder_id] = self.job_queue.run_once(
            _fire, when=delay + 0.01, name=job_name(reminder_id), data=reminder_id
        )


async def _fire(context: CallbackContext) -> None:  # type: ignore[type-arg]
    """Job callback: fire one reminder."""
    app: _Host = context.application  # type: ignore[assignment]
    reminder_id = int(context.job.data)  # type: ignore[union-attr, arg-type]
    app.reminders.forget(reminder_id)
    if not await fire_reminder(app.env, reminder_id):
        _LOG.debug("reminder %s not fired now (gone, done, or a moment early)", reminder_id)
        await app.reminders.reschedule(reminder_id)
