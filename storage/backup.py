"""Copies of the live database: SQLite's online backup, verified, and a nightly series with retention.

These are blocking calls on their own connections (run them in a worker thread from the bot): the bot keeps
reading and writing while a copy is made, and WAL lets it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from contextlib import closing
from pathlib import Path

from storage.db import UnusableDatabase, check_file

_LOG = logging.getLogger(__name__)

#: The nightly copies' names: ``<database stem>-<UTC moment><suffix>``, which sort by time.
STAMP = "%Y%m%dT%H%M%SZ"


class BackupFailed(Exception):
    """The copy was made but did not pass its integrity check; nothing was kept."""


def backup(source: Path, target: Path) -> Path:
    """Copy ``source`` to the new file ``target`` with the online backup API and check the copy.

    The copy is written beside ``target`` and renamed into place only after ``PRAGMA integrity_check`` says
    ok, so ``target`` is either a whole, checked database in one file (rollback journal) or absent.
    """
    check_file(source)
    if not source.is_file():
        raise UnusableDatabase(f"{source} does not exist")
    if target.exists():
        raise FileExistsError(f"{target} exists already")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(source, timeout=10)) as src, closing(sqlite3.connect(partial)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            verdict = [str(row[0]) for row in dst.execute("PRAGMA integrity_check")]
        if verdict != ["ok"]:
            raise BackupFailed(f"the copy of {source} failed its integrity check: {verdict[0]}")
        with partial.open("rb") as f:
            os.fsync(f.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def backup_name(source: Path, moment: dt.datetime) -> str:
    """The file name of the copy of ``source`` taken at ``moment`` (aware)."""
    return f"{source.stem}-{moment.astimezone(dt.UTC).strftime(STAMP)}{source.suffix or '.sqlite3'}"


def nightly(source: Path, folder: Path, keep: int, now: dt.datetime) -> Path:
    """Write today's copy into ``folder``, then delete all but the newest ``keep`` copies of ``source``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = backup(source, folder / backup_name(source, now))
    for old in series(source, folder)[:-keep]:
        _LOG.info("removing old backup %s", old)
        old.unlink(missing_ok=True)
    return written


def series(source: Path, folder: Path) -> list[Path]:
    """The nightly copies of ``source`` in ``folder``, oldest first (other files are left alone)."""
    suffix = source.suffix or ".sqlite3"
    found = []
    for path in folder.glob(f"{source.stem}-*{suffix}"):
        stamp = path.name[len(source.stem) + 1 : len(path.name) - len(suffix)]
        try:
            dt.datetime.strptime(stamp, STAMP)
        except ValueError:
            continue
        found.append(path)
    return sorted(found, key=lambda p: p.name)
