"""The office's configuration file (TOML): each service registers a loader for its own section.

``refah configure office.toml`` applies every section in one transaction: all or nothing, re-applying
upserts. A section no service claims is an error, so a typo is not silently ignored.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from storage.db import Database, Tx

#: (transaction, the section's data, now) -> how many items were loaded.
Loader = Callable[[Tx, Any, dt.datetime], Awaitable[int]]

_LOADERS: dict[str, Loader] = {}


def section(name: str) -> Callable[[Loader], Loader]:
    """Register the loader of one configuration section."""

    def register(fn: Loader) -> Loader:
        if name in _LOADERS and _LOADERS[name] is not fn:
            raise ValueError(f"section {name!r} has two loaders")
        _LOADERS[name] = fn
        return fn

    return register


def sections() -> list[str]:
    """The sections a configuration file may hold."""
    return sorted(_LOADERS)


def read_config(path: Path) -> dict[str, Any]:
    """Parse a TOML configuration file."""
    with path.open("rb") as f:
        return tomllib.load(f)


async def apply_config(db: Database, data: dict[str, Any], now: dt.datetime) -> dict[str, int]:
    """Load every section in one transaction; ValueError names an unknown section or bad data."""
    unknown = sorted(set(data) - set(_LOADERS))
    if unknown:
        raise ValueError(f"unknown section(s): {', '.join(unknown)}; known: {', '.join(sections())}")
    counts: dict[str, int] = {}
    async with db.transaction() as tx:
        for name, value in data.items():
            counts[name] = await _LOADERS[name](tx, value, now)
    return counts
