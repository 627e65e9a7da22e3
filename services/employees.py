"""Loading the registry into the database: all or nothing, re-import upserts."""

from __future__ import annotations

import datetime as dt

from services.employee_import import ImportResult
from storage.db import Database
from storage.employees import upsert_employees
from storage.moments import to_iso


async def import_registry(db: Database, result: ImportResult, now: dt.datetime) -> int:
    """Write a validated registry in one transaction; refuses a result with errors."""
    if not result.ok:
        raise ValueError("the registry has errors; nothing imported")
    async with db.transaction() as tx:
        return await upsert_employees(tx, result.employees, result.dependants, to_iso(now))
