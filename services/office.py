"""The office's own configuration sections and jobs, which no service claims.

``bot.office.services_of`` hands :data:`SECTIONS` and :data:`TIMERS` to :class:`services.kit.Services`
next to the services' own, so ``refah configure`` loads ``[calendar]`` and ``[deadlines]`` with everything
else (all or nothing) and a clash of names is refused. The sections are stored checked and normalised;
the running bot reads them into ``env.calendar`` and ``env.deadlines`` at start-up and before each job.
The jobs are reminder rows with no request (re-armed each time they fire), so they follow the movable
clock and survive restarts like every reminder.
"""

from __future__ import annotations

import logging
from typing import Any

from domain.calendar import calendar_from_config, calendar_to_config
from domain.deadlines import policy_from_config, policy_to_config
from services import deadlines, reports
from services.kit import Env, Loader, TimerAction
from storage.base import Reader
from storage.db import Tx
from storage.models import Reminder
from storage.office import OfficeConfig, has_pending, save_section
from storage.reminders import Armed

_LOG = logging.getLogger(__name__)

CALENDAR = "calendar"
DEADLINES = "deadlines"


async def load_calendar(tx: Tx, data: Any, now: Any) -> int:
    """``[calendar]``: weekend, closures and moved holidays; returns closures plus moves."""
    calendar = calendar_from_config(data)
    await save_section(tx, CALENDAR, calendar_to_config(calendar), now)
    return len(calendar.closures) + len(calendar.moves)


async def load_deadlines(tx: Tx, data: Any, now: Any) -> int:
    """``[deadlines]``: the reminder hour, the escalation threshold and the digest hour."""
    await save_section(tx, DEADLINES, policy_to_config(policy_from_config(data)), now)
    return 1


SECTIONS: dict[str, Loader] = {CALENDAR: load_calendar, DEADLINES: load_deadlines}


async def refresh(env: Env, q: Reader | None = None) -> None:
    """Read the stored sections into ``env`` (the defaults where none was configured)."""
    stored = OfficeConfig(q or env.db)
    calendar, policy = await stored.section(CALENDAR), await stored.section(DEADLINES)
    if calendar is not None:
        env.calendar = calendar_from_config(calendar)
    if policy is not None:
        env.deadlines = policy_from_config(policy)


async def _daily(tx: Tx, env: Env, reminder: Reminder) -> bool:
    await refresh(env, tx)
    return await deadlines.daily(tx, env, reminder)


async def _weekly(tx: Tx, env: Env, reminder: Reminder) -> bool:
    await refresh(env, tx)
    return await reports.weekly(tx, env, reminder)


TIMERS: dict[str, TimerAction] = {deadlines.DAILY: _daily, reports.WEEKLY: _weekly}


async def start(env: Env) -> list[Armed]:
    """Read the configuration and arm the daily and weekly jobs if they are not armed (at start-up)."""
    await refresh(env)
    armed = []
    now = env.clock.now()
    async with env.db.transaction() as tx:
        if not await has_pending(tx, deadlines.DAILY):
            armed.append(await deadlines.arm_daily(tx, env, now))
        if not await has_pending(tx, reports.WEEKLY):
            armed.append(await reports.arm_weekly(tx, env, now))
    if armed:
        _LOG.info("office jobs armed: %s", ", ".join(a.due_at.isoformat() for a in armed))
    return armed
