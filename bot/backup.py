"""The nightly backup: a PTB job copying the live database into BACKUP_DIR, keeping BACKUP_KEEP copies."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sqlite3
from typing import TYPE_CHECKING

from telegram.ext import CallbackContext, Job

from storage.backup import BackupFailed, nightly

if TYPE_CHECKING:
    from bot.app import RefahApplication

_LOG = logging.getLogger(__name__)

#: The job's name on the JobQueue.
JOB_NAME = "backup:nightly"
#: When it runs, in the office's time zone (a quiet hour).
AT = dt.time(3, 0)


def schedule_backups(app: RefahApplication) -> Job[CallbackContext] | None:  # type: ignore[type-arg]
    """Run the nightly backup every day at 03:00 office time (nothing if BACKUP_DIR is empty)."""
    if app.settings.backup_dir is None or app.job_queue is None:
        _LOG.info("nightly backups are off (BACKUP_DIR is empty)")
        return None
    for job in app.job_queue.get_jobs_by_name(JOB_NAME):
        job.schedule_removal()
    return app.job_queue.run_daily(nightly_backup, time=AT.replace(tzinfo=app.settings.zone), name=JOB_NAME)


async def nightly_backup(context: CallbackContext) -> None:  # type: ignore[type-arg]
    """Job callback: write tonight's copy in a worker thread and prune the old ones; log the outcome."""
    app: RefahApplication = context.application  # type: ignore[assignment]
    settings = app.settings
    if settings.backup_dir is None:
        return
    try:
        written = await asyncio.to_thread(
            nightly, settings.database_path, settings.backup_dir, settings.backup_keep, app.env.clock.now()
        )
    except (OSError, sqlite3.Error, BackupFailed) as error:
        _LOG.error("nightly backup of %s failed: %s", settings.database_path, error)
        return
    _LOG.info("nightly backup written to %s (integrity ok)", written)
