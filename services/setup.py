"""The office's configuration file (TOML): each service declares loaders for its own sections.

``refah configure office.toml`` applies every section in one transaction: all or nothing, re-applying
upserts. A section no service claims is an error, so a typo is not silently ignored. Office-wide sections
(``OFFICE_SECTIONS``: the documents' retention) belong to no service.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from services.kit import Loader, Services
from services.retention import SECTION as RETENTION
from services.retention import load_retention
from storage.db import Database

#: Sections of the office file that no single service owns.
OFFICE_SECTIONS: dict[str, Loader] = {RETENTION: load_retention}


def read_config(path: Path) -> dict[str, Any]:
    """Parse a TOML configuration file."""
    with path.open("rb") as f:
        return tomllib.load(f)


async def apply_config(
    db: Database, services: Services, data: dict[str, Any], now: dt.datetime
) -> dict[str, int]:
    """Load every section in one transaction; ValueError names an unknown section or bad data."""
    unknown = sorted(name for name in data if (services.loader(name) or OFFICE_SECTIONS.get(name)) is None)
    if unknown:
        known = ", ".join(sorted([*services.sections(), *OFFICE_SECTIONS]))
        raise ValueError(f"unknown section(s): {', '.join(unknown)}; known: {known}")
    counts: dict[str, int] = {}
    async with db.transaction() as tx:
        for name, value in data.items():
            loader = services.loader(name) or OFFICE_SECTIONS.get(name)
            assert loader is not None
            counts[name] = await loader(tx, value, now)
    return counts
