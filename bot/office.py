"""The office's services: one explicit list, read by the assembly, the CLI, the playground and the tests.

A new service is its own files (rules, storage, use cases, texts, conversation or handlers) plus one
line here.
The order is the order of registration: each service's conversation, then its one-shot handlers.
"""

from __future__ import annotations

from conversations import awards, booklet, guesthouse, loan, medical, vouchers
from handlers import benefits
from kit.manifest import Manifest
from services import office, organisation
from services.kit import Services

SERVICES: tuple[Manifest, ...] = (
    booklet.MANIFEST,
    *(booklet.FIRST_ISSUE, booklet.MEMBERS, booklet.CANCELLATION),
    loan.MANIFEST,
    guesthouse.MANIFEST,
    medical.MANIFEST,
    awards.MANIFEST,
    vouchers.MANIFEST,
    benefits.MANIFEST,
)


def services_of(manifests: tuple[Manifest, ...] = SERVICES) -> Services:
    """The use cases' view of the manifests plus the office's own sections and timers."""
    return Services(
        (m.spec for m in manifests),
        sections={**organisation.SECTIONS, **office.SECTIONS},
        timers=office.TIMERS,
    )
