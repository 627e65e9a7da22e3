"""What the deadline job and the reports read: waiting requests with the moment they entered their status,
requests of a period with their audit trails, and a few figures of the loan and guesthouse tables."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from storage.base import Reader, as_dict
from storage.models import Request, RequestEvent
from storage.moments import from_iso, to_iso

#: An audit row that moved the request (not a look at its documents), so it starts a stage.
_MOVED = "(e.from_status IS NULL OR e.from_status <> e.to_status)"


async def waiting(q: Reader, service: str, statuses: Sequence[str]) -> list[tuple[Request, dt.datetime]]:
    """A service's requests in any of ``statuses``, each with the moment it entered that status."""
    if not statuses:
        return []
    marks = ",".join("?" * len(statuses))
    rows = await q.fetchall(
        f"""SELECT r.*, (SELECT MAX(e.at) FROM request_events e
                         WHERE e.request_id = r.id AND e.to_status = r.status AND {_MOVED}) AS entered_at
            FROM requests r WHERE r.service = ? AND r.status IN ({marks}) ORDER BY r.id""",
        (service, *statuses),
    )
    found = []
    for row in rows:
        data = as_dict(row)
        entered = data.pop("entered_at") or data["updated_at"]
        found.append((Request(**data), from_iso(entered)))
    return found


async def created_between(q: Reader, start: dt.datetime, end: dt.datetime) -> list[Request]:
    """Requests created in [start, end), oldest first."""
    rows = await q.fetchall(
        "SELECT * FROM requests WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id",
        (to_iso(start), to_iso(end)),
    )
    return [Request(**as_dict(r)) for r in rows]


async def moves_of(q: Reader, start: dt.datetime, end: dt.datetime) -> dict[int, list[RequestEvent]]:
    """The moves (not document views) of the requests created in [start, end), per request, oldest first."""
    rows = await q.fetchall(
        f"""SELECT e.* FROM request_events e JOIN requests r ON r.id = e.request_id
            WHERE r.created_at >= ? AND r.created_at < ? AND {_MOVED} ORDER BY e.request_id, e.id""",
        (to_iso(start), to_iso(end)),
    )
    found: dict[int, list[RequestEvent]] = defaultdict(list)
    for row in rows:
        event = RequestEvent(**as_dict(row))
        found[event.request_id].append(event)
    return dict(found)


async def employee_names(q: Reader, employee_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """(full name, personnel number) of each employee."""
    if not employee_ids:
        return {}
    marks = ",".join("?" * len(employee_ids))
    rows = await q.fetchall(
        f"SELECT id, first_name, last_name, personnel_no FROM employees WHERE id IN ({marks})",
        tuple(employee_ids),
    )
    return {int(r["id"]): (f"{r['first_name']} {r['last_name']}", r["personnel_no"]) for r in rows}


async def guesthouse_occupancy(q: Reader, first: dt.date, last: dt.date) -> tuple[int, int]:
    """(room nights held or booked, room nights offered) from ``first`` to ``last`` (both included)."""
    held = await q.fetchval(
        """SELECT COUNT(*) FROM guesthouse_nights n JOIN guesthouse_rooms r ON r.id = n.room_id
           JOIN guesthouses g ON g.key = r.guesthouse
           WHERE n.night >= ? AND n.night <= ? AND g.active = 1""",
        (first.isoformat(), last.isoformat()),
    )
    rooms = await q.fetchval(
        """SELECT COUNT(*) FROM guesthouse_rooms r JOIN guesthouses g ON g.key = r.guesthouse
           WHERE r.active = 1 AND g.active = 1"""
    )
    return int(held), int(rooms) * ((last - first).days + 1)
