"""``refah import-payroll`` and ``refah import-registry``: the request-free benefits' two input files."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.app import build_env
from kit.settings import Settings
from services import benefits
from services.benefit_import import RowError, UnreadableFile
from services.clock import Clock


def _problems(errors: list[RowError], count: int) -> None:
    """The first problems, one a line with its line number, and how many more."""
    for e in errors:
        column = f" [{e.column}]" if e.column else ""
        print(f"  {e.file} line {e.row}{column}: {e.code} ({e.value!r})", file=sys.stderr)
    if count > len(errors):
        print(f"  ... and {count - len(errors)} more", file=sys.stderr)


async def import_payroll_file(settings: Settings, path: Path) -> int:
    """Check every row; only a clean file is written (its months replaced). Exit status 1 otherwise."""
    env = build_env(settings)
    async with env.db:
        outcome = await benefits.import_payroll(env.db, path, Clock().now())
    if not outcome.ok:
        print(f"payroll refused: {outcome.error_count} problem(s); nothing was changed", file=sys.stderr)
        _problems(outcome.errors, outcome.error_count)
        return 1
    months = ", ".join(outcome.months)
    print(f"imported {outcome.rows} payroll rows for {len(outcome.months)} month(s): {months}")
    return 0


async def import_registry_file(settings: Settings, path: Path, *, dry_run: bool) -> int:
    """One run over a registry file: one line per outcome with its count; status 1 only if unreadable."""
    env = build_env(settings)
    async with env.db:
        try:
            report = await benefits.run_registry(env, path, dry_run=dry_run)
        except UnreadableFile as unreadable:
            print(f"registry file refused: {path.name} cannot be read", file=sys.stderr)
            _problems(unreadable.errors, len(unreadable.errors))
            return 1
    if report.errors:
        print("rows refused (the others were used):", file=sys.stderr)
        _problems(report.errors, report.error_count)
    for name, count in report.tally.lines():
        print(f"{name}: {count}")
    if report.dry_run:
        print("dry run: nothing was changed and nobody was told")
    return 0
