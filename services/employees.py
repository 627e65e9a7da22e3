"""Loading the registry into the database: all or nothing, re-import upserts, streamed in batches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from services.employee_import import RowError, check_registry
from services.importing import BATCH_SIZE, MAX_KEPT_ERRORS
from storage.db import Database
from storage.employees import DependantRow, EmployeeRow, write_registry, write_staged_registry
from storage.moments import to_iso


class RegistryRows(Protocol):
    """A checked registry: parse_registry's ImportResult, or check_registry's streamed CheckedRegistry."""

    @property
    def ok(self) -> bool:
        """Whether nothing is wrong with it."""
        ...

    def employee_rows(self, size: int = BATCH_SIZE) -> Iterator[list[EmployeeRow]]:
        """The employees, in batches."""
        ...

    def dependant_rows(self, size: int = BATCH_SIZE) -> Iterator[list[DependantRow]]:
        """The dependants, in batches."""
        ...


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did: the counts written, or what stopped it (the first problems; all counted)."""

    employees: int
    dependants: int
    errors: list[RowError]
    error_count: int

    @property
    def ok(self) -> bool:
        """True when the registry was written."""
        return self.error_count == 0


async def import_registry(db: Database, registry: RegistryRows, now: dt.datetime) -> int:
    """Write a checked registry in one transaction (batches of executemany); refuses one with errors."""
    if not registry.ok:
        raise ValueError("the registry has errors; nothing imported")
    async with db.transaction() as tx:
        employees, _ = await write_registry(
            tx, registry.employee_rows(), registry.dependant_rows(), to_iso(now)
        )
    return employees


async def import_files(
    db: Database,
    employees_path: Path,
    dependants_path: Path | None,
    now: dt.datetime,
    *,
    max_errors: int = MAX_KEPT_ERRORS,
) -> ImportOutcome:
    """Check the registry files (streamed) and, only if nothing is wrong, write them in one transaction.

    The checked rows go from the scratch database to the registry in SQL (``INSERT ... SELECT`` from the
    attached file), never through Python one by one.
    """
    with check_registry(employees_path, dependants_path, max_errors=max_errors) as checked:
        if not checked.ok:
            return ImportOutcome(0, 0, checked.errors, checked.error_count)
        employees, dependants = await write_staged_registry(db, checked.staged(), to_iso(now))
    return ImportOutcome(employees, dependants, [], 0)
