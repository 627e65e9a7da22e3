"""Document checks: each issued document gets an unguessable token; its QR code's deep link asks the bot.

Whoever scans it (a bank, a counter, a guesthouse) is told whether the document is genuine and still valid,
with only what they need: kind, date, amount and the holder's masked name. A document is void once its
request is cancelled, rejected or expired, or once revoked (:func:`revoke`).
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass

from domain.documents import VERIFY_PREFIX, Validity, is_token, mask_name, new_token, validity
from domain.jalali import format_jalali_date
from services.kit import Env
from services.render import fa, rials
from storage.db import Tx
from storage.documents import DocumentCheck, find_check, insert_check, revoke_checks
from texts import verification as verify_t


async def issue(
    tx: Tx,
    env: Env,
    *,
    kind: str,
    label: str,
    reference: str,
    holder: str,
    amount: int | None = None,
    request_id: int | None = None,
) -> str:
    """Record a document being issued and return its deep link (the same document keeps its first token).

    ``label`` is the document's kind as readers call it; ``reference`` identifies it within its kind (a letter
    number, a reservation code).
    """
    token = await insert_check(
        tx,
        token=new_token(),
        kind=kind,
        label=label,
        request_id=request_id,
        reference=reference,
        holder=holder,
        amount=amount,
        now=env.clock.now(),
    )
    return env.links.verify(token)


async def revoke(tx: Tx, env: Env, request_id: int) -> int:
    """Void every document issued for a request (its checks say "revoked" from now on)."""
    return await revoke_checks(tx, request_id, env.clock.now())


@dataclass(frozen=True)
class Verdict:
    """What a check found: the document (None if no such token) and whether it is valid."""

    check: DocumentCheck | None
    validity: Validity | None


async def check(env: Env, payload: str) -> Verdict:
    """Look a deep link's payload (``v_<token>``) up, in one read."""
    token = payload.removeprefix(VERIFY_PREFIX)
    found = await find_check(env.db, token) if is_token(token) else None
    if found is None:
        return Verdict(None, None)
    return Verdict(found, validity(revoked=found.revoked_at is not None, request_status=found.request_status))


def verdict_text(verdict: Verdict, zone: zoneinfo.ZoneInfo) -> str:
    """The answer to whoever scanned the document."""
    found = verdict.check
    if found is None or verdict.validity is None:
        return verify_t.VERIFY_UNKNOWN
    fields = {
        "kind": found.label,
        "date": fa(format_jalali_date(found.issued_at.astimezone(zone).date())),
        "amount": rials(found.amount) if found.amount is not None else verify_t.VERIFY_NO_AMOUNT,
        "name": mask_name(found.holder),
    }
    if verdict.validity is Validity.VALID:
        return verify_t.VERIFY_GENUINE.format(**fields)
    return verify_t.VERIFY_VOID.format(why=verify_t.VERIFY_WHY[verdict.validity], **fields)
