"""Stage deadlines in working days: when a request is due, how late it is, and when the office's jobs run.

Pure: no telegram, no database, no clock. A status that waits for staff has a deadline of N working days
(its service declares it). A request that entered the status on office day ``d`` is due by the end of
``add_working_days(d, N)``. Its lateness is the number of working days after the due day up to today:
from 1 on it is late (the staff who may act are reminded once a working day), and from the policy's
``escalate_after`` on it is escalated (the head is told too, with the list of what is late).

The weekly digest goes out on the first working day of the Iranian week (Saturday, or the next working
day when Saturday is a holiday) at the policy's hour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from domain.calendar import OfficeCalendar

#: The Iranian week starts on Saturday (``date.weekday()`` 5).
WEEK_STARTS = 5
#: The most working days a request may be late before the head is told (a bigger number is a typo).
MAX_ESCALATE_AFTER = 30
_CONFIG_KEYS = frozenset({"remind_at", "escalate_after", "digest_at"})


class DeadlineError(ValueError):
    """A ``[deadlines]`` section that cannot be used; the message names the bad value."""


class Lateness(StrEnum):
    """Where a waiting request stands against its deadline."""

    ON_TIME = "on_time"
    LATE = "late"
    ESCALATED = "escalated"


@dataclass(frozen=True)
class DeadlinePolicy:
    """When the daily reminder and the weekly digest run, and how late is late enough for the head."""

    remind_at: dt.time = dt.time(9, 0)
    escalate_after: int = 2
    digest_at: dt.time = dt.time(8, 0)

    def __post_init__(self) -> None:
        """Refuse an escalation threshold below one working day or absurdly high."""
        if not 1 <= self.escalate_after <= MAX_ESCALATE_AFTER:
            raise DeadlineError(
                f"deadlines.escalate_after: expected 1..{MAX_ESCALATE_AFTER} working days,"
                f" got {self.escalate_after}"
            )


def due_day(calendar: OfficeCalendar, entered: dt.date, working_days: int) -> dt.date:
    """The last day of a stage entered on ``entered`` with ``working_days`` to act (0: that working day)."""
    return calendar.add_working_days(entered, working_days)


def late_days(calendar: OfficeCalendar, due: dt.date, today: dt.date) -> int:
    """Working days after the due day up to today (0 while on time)."""
    return max(calendar.working_days_between(due, today), 0) if today > due else 0


def lateness(calendar: OfficeCalendar, due: dt.date, today: dt.date, policy: DeadlinePolicy) -> Lateness:
    """On time, late (remind the staff) or escalated (tell the head too)."""
    late = late_days(calendar, due, today)
    if late >= policy.escalate_after:
        return Lateness.ESCALATED
    return Lateness.LATE if late >= 1 else Lateness.ON_TIME


def next_daily_run(
    calendar: OfficeCalendar, moment: dt.datetime, zone: dt.tzinfo, at: dt.time
) -> dt.datetime:
    """The first working day's ``at`` (office zone) strictly after ``moment``, in UTC."""
    return calendar.at_working_hour(moment, zone, at.hour, at.minute)


def week_start(day: dt.date) -> dt.date:
    """The Saturday that starts ``day``'s Iranian week."""
    return day - dt.timedelta(days=(day.weekday() - WEEK_STARTS) % 7)


def next_weekly_run(
    calendar: OfficeCalendar, moment: dt.datetime, zone: dt.tzinfo, at: dt.time
) -> dt.datetime:
    """The next weekly run after ``moment``: the first working day of a week on or after its Saturday."""
    start = week_start(moment.astimezone(zone).date())
    for weeks in (0, 1, 2):
        saturday = start + dt.timedelta(days=7 * weeks)
        just_before = dt.datetime.combine(saturday, dt.time(0), tzinfo=zone) - dt.timedelta(microseconds=1)
        run = calendar.at_working_hour(just_before, zone, at.hour, at.minute)
        if run > moment:
            return run
    raise AssertionError("a week always has a next run")  # pragma: no cover


def _parse_time(value: object, where: str) -> dt.time:
    """A TOML local time (07:30:00) or an 'HH:MM' string."""
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, str):
        hours, _, minutes = value.strip().partition(":")
        if hours.isascii() and hours.isdigit() and minutes.isascii() and minutes.isdigit():
            try:
                return dt.time(int(hours), int(minutes))
            except ValueError:
                pass
    raise DeadlineError(f'{where}: expected a time of day like "09:00", got {value!r}')


def policy_from_config(section: Mapping[str, Any]) -> DeadlinePolicy:
    """The ``[deadlines]`` section: remind_at = "09:00", escalate_after = 2, digest_at = "08:00"."""
    if not isinstance(section, Mapping):
        raise DeadlineError(f"deadlines: expected a [deadlines] table, got {section!r}")
    unknown = sorted(set(section) - _CONFIG_KEYS)
    if unknown:
        raise DeadlineError(
            f"deadlines: unknown field(s) {', '.join(unknown)} (known: {', '.join(sorted(_CONFIG_KEYS))})"
        )
    default = DeadlinePolicy()
    escalate = section.get("escalate_after", default.escalate_after)
    if not isinstance(escalate, int) or isinstance(escalate, bool):
        raise DeadlineError(f"deadlines.escalate_after: expected a whole number, got {escalate!r}")
    return DeadlinePolicy(
        remind_at=_parse_time(section.get("remind_at", default.remind_at), "deadlines.remind_at"),
        escalate_after=escalate,
        digest_at=_parse_time(section.get("digest_at", default.digest_at), "deadlines.digest_at"),
    )


def policy_to_config(policy: DeadlinePolicy) -> dict[str, Any]:
    """The policy as stored (JSON): times as 'HH:MM'."""
    return {
        "remind_at": policy.remind_at.strftime("%H:%M"),
        "escalate_after": policy.escalate_after,
        "digest_at": policy.digest_at.strftime("%H:%M"),
    }
