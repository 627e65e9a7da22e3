"""Importing this module registers every service (its spec and its configuration loader)."""

from __future__ import annotations

from services import booklet, guesthouse, loans

SERVICES = (booklet, loans, guesthouse)
