"""The office's services: one explicit list, read by the assembly, the CLI, the playground and the tests.

A new service is its own files (rules, storage, use cases, texts, conversation or handlers) plus one
line here.
The order is the order of registration: each service's conversation, then its one-shot handlers.
"""

from __future__ import annotations

from conversations import booklet, guesthouse, loan
from kit.manifest import Manifest
from services import office
from services.kit import Services

SERVICES: tuple[Manifest, ...] = (
    booklet.MANIFEST,
    loan.MANIFEST,
    guesthouse.MANIFEST,
)


def services_of(manifests: tuple[Manifest, ...] = SERVICES) -> Services:
    """The use cases' view of the manifests (specs, timers, configuration sections) plus the office's own."""
    return Services((m.spec for m in manifests), sections=office.SECTIONS, timers=office.TIMERS)
