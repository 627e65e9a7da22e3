"""Personal documents are kept for a period after their request closes, then their file ids are deleted.

The period is the office configuration's ``[retention] documents_days`` (default 365). A daily job calls
:func:`purge_expired_documents`; each request whose documents go gets an audit row (``purge_documents``, by
the system, with the count), in the same transaction as the deletion.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from services.kit import Env
from storage.db import Tx
from storage.requests import add_event
from storage.retention import RETENTION_KEY, expired, purge_documents, set_setting, setting

_LOG = logging.getLogger(__name__)

SECTION = "retention"
DEFAULT_DAYS = 365
MAX_DAYS = 36500


async def load_retention(tx: Tx, data: Any, now: dt.datetime) -> int:
    """The ``[retention]`` section: ``documents_days``, whole days after closing (1 to 36500)."""
    if not isinstance(data, dict) or set(data) - {"documents_days"}:
        raise ValueError("retention: only documents_days may be set")
    days = data.get("documents_days", DEFAULT_DAYS)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ValueError(f"retention.documents_days: whole days from 1 to {MAX_DAYS}, not {days!r}")
    await set_setting(tx, RETENTION_KEY, str(days), now)
    return 1


async def retention_days(env: Env) -> int:
    """Days a closed request's documents are kept."""
    value = await setting(env.db, RETENTION_KEY)
    return int(value) if value is not None else DEFAULT_DAYS


async def purge_expired_documents(env: Env) -> int:
    """Delete the file ids of documents whose request closed more than the retention period ago; audited."""
    now = env.clock.now()
    before = now - dt.timedelta(days=await retention_days(env))
    closed = [(spec.key, status) for spec in env.services for status in spec.workflow.final]
    purged = 0
    async with env.db.transaction() as tx:
        for request_id, status, _ in await expired(tx, closed, before):
            count = await purge_documents(tx, request_id, now)
            await add_event(
                tx,
                request_id,
                actor=None,
                actor_role="system",
                action="purge_documents",
                from_status=status,
                to_status=status,
                note=str(count),
                now=now,
            )
            purged += count
    if purged:
        _LOG.info("retention: %d personal documents deleted", purged)
    return purged
