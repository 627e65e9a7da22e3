"""Guesthouses, their rooms and the room nights bookings hold (the bookings themselves are requests)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from domain.guesthouse import SERVICE, House, Kind, Policy, Room, Stay
from storage.base import Reader, as_dict
from storage.db import Tx
from storage.models import Request
from storage.moments import to_iso


@dataclass(frozen=True)
class HouseRow:
    """A house's settings as the configuration gives them (rooms apart)."""

    key: str
    name: str
    city: str
    kind: Kind
    policy: Policy
    prices: dict[int, int]
    closed: frozenset[dt.date]
    account: str
    operator_id: int | None


class Guesthouses:
    """Read houses, rooms, held nights and an employee's bookings."""

    def __init__(self, q: Reader) -> None:
        self.q = q

    async def active(self) -> list[House]:
        """The houses employees may book, in the configured order."""
        rows = await self.q.fetchall("SELECT * FROM guesthouses WHERE active = 1 ORDER BY position, key")
        return [await self._house(as_dict(r)) for r in rows]

    async def get(self, key: str, *, active_only: bool = False) -> House | None:
        """One house by key with its rooms, in one statement (active or not: old bookings still name it)."""
        rows = await self.q.fetchall(
            "SELECT h.*, r.id AS room_id, r.label AS room_label, r.capacity AS room_capacity"
            " FROM guesthouses h LEFT JOIN guesthouse_rooms r ON r.guesthouse = h.key AND r.active = 1"
            " WHERE h.key = ? ORDER BY r.id",
            (key,),
        )
        if not rows or (active_only and not rows[0]["active"]):
            return None
        rooms = [
            Room(int(r["room_id"]), str(r["room_label"]), int(r["room_capacity"]))
            for r in rows
            if r["room_id"] is not None
        ]
        return _house_of(as_dict(rows[0]), rooms)

    async def is_active(self, key: str) -> bool:
        """Whether the house takes bookings."""
        return bool(await self.q.fetchval("SELECT active FROM guesthouses WHERE key = ?", (key,)))

    async def _house(self, r: dict[str, object]) -> House:
        rooms = await self.q.fetchall(
            "SELECT id, label, capacity FROM guesthouse_rooms"
            " WHERE guesthouse = ? AND active = 1 ORDER BY id",
            (r["key"],),
        )
        return _house_of(r, [Room(int(x["id"]), str(x["label"]), int(x["capacity"])) for x in rooms])

    async def occupied(self, key: str, first: dt.date, last: dt.date) -> set[tuple[int, dt.date]]:
        """(room, night) pairs held in the house between two days (both included)."""
        rows = await self.q.fetchall(
            """SELECT n.room_id, n.night FROM guesthouse_nights n
               JOIN guesthouse_rooms r ON r.id = n.room_id
               WHERE r.guesthouse = ? AND n.night BETWEEN ? AND ?""",
            (key, first.isoformat(), last.isoformat()),
        )
        return {(int(r["room_id"]), dt.date.fromisoformat(r["night"])) for r in rows}

    async def nights_of(self, request_id: int) -> list[tuple[int, dt.date]]:
        """The (room, night) pairs a booking holds."""
        rows = await self.q.fetchall(
            "SELECT room_id, night FROM guesthouse_nights WHERE request_id = ? ORDER BY night",
            (request_id,),
        )
        return [(int(r["room_id"]), dt.date.fromisoformat(r["night"])) for r in rows]

    async def stays_of(self, employee_id: int) -> list[Stay]:
        """Every booking request of the employee, as fairness sees it."""
        rows = await self.q.fetchall(
            """SELECT id, status, json_extract(payload, '$.kind') AS kind,
                      json_extract(payload, '$.check_in') AS check_in
               FROM requests WHERE service = ? AND employee_id = ?""",
            (SERVICE, employee_id),
        )
        return [
            Stay(int(r["id"]), str(r["status"]), str(r["kind"]), dt.date.fromisoformat(r["check_in"]))
            for r in rows
            if r["kind"] and r["check_in"]
        ]

    async def bookings_on(
        self, keys: Sequence[str], field: str, day: dt.date, statuses: Iterable[str]
    ) -> list[Request]:
        """Bookings of these houses whose ``check_in`` or ``check_out`` day is ``day``."""
        if field not in ("check_in", "check_out"):
            raise ValueError(field)
        wanted = list(statuses)
        if not keys or not wanted:
            return []
        houses, marks = ",".join("?" * len(keys)), ",".join("?" * len(wanted))
        rows = await self.q.fetchall(
            f"""SELECT * FROM requests WHERE service = ? AND status IN ({marks})
                AND json_extract(payload, '$.house') IN ({houses})
                AND json_extract(payload, '$.{field}') = ?
                ORDER BY json_extract(payload, '$.house'), json_extract(payload, '$.room_label'), id""",
            (SERVICE, *wanted, *keys, day.isoformat()),
        )
        return [Request(**as_dict(r)) for r in rows]

    async def operator_of(self, key: str) -> int | None:
        """The operator configured for a house."""
        value = await self.q.fetchval("SELECT operator_id FROM guesthouses WHERE key = ?", (key,))
        return int(value) if value is not None else None


async def save_house(
    tx: Tx, house: HouseRow, rooms: Sequence[tuple[str, int]], position: int, now: dt.datetime
) -> None:
    """Insert or update a house and its rooms; rooms no longer listed stop taking bookings."""
    p = house.policy
    await tx.execute(
        """INSERT INTO guesthouses (key, name, city, kind, nights, check_in_time, check_out_time,
                                    horizon_days,
                                    hold_hours, stays_per_year, first_timers_days, prices, closed, account,
                                    operator_id, position, active, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
           ON CONFLICT (key) DO UPDATE SET name = excluded.name, city = excluded.city, kind = excluded.kind,
             nights = excluded.nights, check_in_time = excluded.check_in_time,
             check_out_time = excluded.check_out_time, horizon_days = excluded.horizon_days,
             hold_hours = excluded.hold_hours, stays_per_year = excluded.stays_per_year,
             first_timers_days = excluded.first_timers_days, prices = excluded.prices,
             closed = excluded.closed, account = excluded.account, operator_id = excluded.operator_id,
             position = excluded.position, active = 1, updated_at = excluded.updated_at""",
        (
            house.key,
            house.name,
            house.city,
            house.kind.value,
            p.nights,
            p.check_in.strftime("%H:%M"),
            p.check_out.strftime("%H:%M"),
            p.horizon_days,
            p.hold_hours,
            p.stays_per_year,
            p.first_timers_days,
            json.dumps({str(k): v for k, v in sorted(house.prices.items())}),
            json.dumps(sorted(d.isoformat() for d in house.closed)),
            house.account,
            house.operator_id,
            position,
            to_iso(now),
        ),
    )
    for label, capacity in rooms:
        await tx.execute(
            """INSERT INTO guesthouse_rooms (guesthouse, label, capacity, active) VALUES (?, ?, ?, 1)
               ON CONFLICT (guesthouse, label) DO UPDATE SET capacity = excluded.capacity, active = 1""",
            (house.key, label, capacity),
        )
    labels = [label for label, _ in rooms]
    marks = ",".join("?" * len(labels))
    await tx.execute(
        f"UPDATE guesthouse_rooms SET active = 0 WHERE guesthouse = ? AND label NOT IN ({marks})",
        (house.key, *labels),
    )


async def retire_houses_except(tx: Tx, keys: Sequence[str]) -> int:
    """Stop bookings at every house the configuration no longer lists; returns how many."""
    marks = ",".join("?" * len(keys)) or "''"
    return await tx.rowcount(
        f"UPDATE guesthouses SET active = 0 WHERE active = 1 AND key NOT IN ({marks})",
        tuple(keys),
    )


async def hold_nights(tx: Tx, request_id: int, room_id: int, nights: Iterable[dt.date]) -> None:
    """Hold a room for a booking's nights (sqlite3.IntegrityError if any is already held)."""
    await tx.executemany(
        "INSERT INTO guesthouse_nights (room_id, night, request_id) VALUES (?, ?, ?)",
        [(room_id, n.isoformat(), request_id) for n in nights],
    )


async def free_nights(tx: Tx, request_id: int) -> int:
    """Release every night a booking holds; returns how many."""
    return await tx.rowcount("DELETE FROM guesthouse_nights WHERE request_id = ?", (request_id,))


def _house_of(r: dict[str, object], rooms: list[Room]) -> House:
    """A house from its row and its active rooms."""
    policy = Policy(
        nights=int(str(r["nights"])),
        check_in=dt.time.fromisoformat(str(r["check_in_time"])),
        check_out=dt.time.fromisoformat(str(r["check_out_time"])),
        horizon_days=int(str(r["horizon_days"])),
        hold_hours=int(str(r["hold_hours"])),
        stays_per_year=int(str(r["stays_per_year"])),
        first_timers_days=int(str(r["first_timers_days"])),
    )
    return House(
        key=str(r["key"]),
        name=str(r["name"]),
        city=str(r["city"]),
        kind=Kind(str(r["kind"])),
        rooms=tuple(rooms),
        prices={int(k): int(v) for k, v in json.loads(str(r["prices"])).items()},
        account=str(r["account"]),
        policy=policy,
        closed=frozenset(dt.date.fromisoformat(d) for d in json.loads(str(r["closed"]))),
        operator_id=int(str(r["operator_id"])) if r["operator_id"] is not None else None,
    )
