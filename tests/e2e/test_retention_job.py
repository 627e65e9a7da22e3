"""The running bot deletes expired personal documents daily (services.retention does the work)."""

from __future__ import annotations

from bot.retention import JOB_NAME
from tests.e2e.harness import Bot


async def test_the_daily_retention_job_is_scheduled_at_start(bot: Bot) -> None:
    assert bot.app is not None and bot.app.job_queue is not None
    [job] = bot.app.job_queue.get_jobs_by_name(JOB_NAME)
    assert job.next_t is not None
