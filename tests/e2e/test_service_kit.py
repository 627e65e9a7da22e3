"""The service kit: a throwaway service is a manifest and a workflow, and gets cards, workflow and audit.

Nothing outside the test's own declarations changes: the service is added to the list the bot is built from,
filed by the system (no conversation), approved from the clerks' group, and its owner is told.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.office import SERVICES
from domain.workflow import review_workflow
from kit.manifest import Manifest
from localapi.server import BotApiServer
from services.clock import Clock
from services.kit import ServiceSpec
from services.requests import submit_request
from storage.employees import Employees
from tests.e2e.flows import grant, onboard, press
from tests.e2e.harness import ADMIN_GROUP, ALI, CLERK, Bot, make_settings

TRIAL = "trial"


def _describe(payload: dict[str, Any]) -> list[str]:
    return [f"#{payload['n']}"]


TRIAL_MANIFEST = Manifest(
    spec=ServiceSpec(key=TRIAL, title="Trial", workflow=review_workflow(TRIAL), describe=_describe)
)


@pytest.fixture
async def office(api: BotApiServer, db_path: Any) -> AsyncIterator[Bot]:
    """The bot built from the office's services plus the throwaway one."""
    harness = Bot(api, make_settings(api, db_path), Clock(), manifests=(*SERVICES, TRIAL_MANIFEST))
    await harness.start()
    try:
        yield harness
    finally:
        await harness.stop()


async def test_a_service_with_no_conversation_gets_cards_workflow_and_audit(
    api: BotApiServer, office: Bot
) -> None:
    await onboard(api, ALI)
    await grant(office, CLERK, "clerk", TRIAL)
    employee = await Employees(office.env.db).by_mobile(ALI[1])
    assert employee is not None
    for _ in range(2):  # the same natural key twice: one request
        filed = await submit_request(
            office.env,
            service=TRIAL,
            employee=employee,
            user_id=ALI[0],
            payload={"n": 7},
            idempotency_key="trial:record-7",
            by_system=True,
        )
    assert filed.created is False
    card = await api.wait_for_bot_message(ADMIN_GROUP, lambda m: filed.request.tracking_code in m["text"])
    assert "#7" in card["text"]
    assert "انجام شد" in await press(api, CLERK, card, "req:approve:")
    await api.wait_for_text(ALI[0], "تأیید شد")
    events = await office.env.db.fetchall(
        "SELECT actor, actor_role, action, to_status FROM request_events ORDER BY id"
    )
    assert [tuple(e) for e in events] == [
        (None, "system", "submit", "submitted"),
        (CLERK, "clerk", "approve", "approved"),
    ]
    cards = [m for m in api.bot_messages(ADMIN_GROUP) if filed.request.tracking_code in m.get("text", "")]
    assert len(cards) == 1
