"""The daily deletion of personal documents past their retention (``services.retention``), as a PTB job."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from telegram.ext import CallbackContext, Job

from services.retention import purge_expired_documents

if TYPE_CHECKING:
    from bot.app import RefahApplication

_LOG = logging.getLogger(__name__)

#: The job's name on the JobQueue.
JOB_NAME = "retention:documents"
#: When it runs, in the office's time zone (after the nightly backup).
AT = dt.time(3, 30)


def schedule_retention(app: RefahApplication) -> Job[CallbackContext] | None:  # type: ignore[type-arg]
    """Delete expired documents every day at 03:30 office time."""
    if app.job_queue is None:
        return None
    for job in app.job_queue.get_jobs_by_name(JOB_NAME):
        job.schedule_removal()
    return app.job_queue.run_daily(purge_documents, time=AT.replace(tzinfo=app.settings.zone), name=JOB_NAME)


async def purge_documents(context: CallbackContext) -> None:  # type: ignore[type-arg]
    """Job callback: delete the documents whose retention ended; a failure is logged and tried tomorrow."""
    app: RefahApplication = context.application  # type: ignore[assignment]
    try:
        await purge_expired_documents(app.env)
    except Exception:
        _LOG.exception("deleting expired documents failed; tried again tomorrow")
