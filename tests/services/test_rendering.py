"""The loan and guesthouse services keep use cases and Persian rendering apart.

``services/loans.py`` and ``services/guesthouse.py`` hold transactions, rules and the outbox, and read no text
from the catalog; ``services/*_text.py`` turn data into Persian and touch no database, transaction or outbox.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from domain.workflow import Action, Status
from services import loans, loans_text
from services.loans_model import DISBURSE, FUND, QUEUED, REVIEWED, SETTLE
from services.requests import owner_notice as generic_notice
from storage.models import Request
from texts import common as t
from texts import loans as loan_t

ROOT = Path(__file__).resolve().parents[2]
USE_CASES = ("services/loans.py", "services/guesthouse.py")
RENDERING = (
    "services/loans_text.py",
    "services/loans_model.py",
    "services/guesthouse_text.py",
    "services/guesthouse_model.py",
)
#: What a rendering module must not import: the database, transactions, the outbox, or the use cases.
NOT_FOR_RENDERING = {
    "aiosqlite",
    "sqlite3",
    "storage.db",
    "storage.outbox",
    "storage.requests",
    "storage.reminders",
    "services.kit",
    "services.requests",
    "services.loans",
    "services.guesthouse",
}


def _imports(source: str) -> set[str]:
    """Every module (and ``module.name``) a source imports, at any depth."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return names


def catalog_references(source: str) -> list[str]:
    """Where ``source`` reaches the texts catalog: an import of ``texts`` or a ``texts.`` name."""
    found = [f"import {name}" for name in _imports(source) if name == "texts" or name.startswith("texts.")]
    found += [f"line {n}" for n, line in enumerate(source.splitlines(), 1) if re.search(r"\btexts\.", line)]
    return found


@pytest.mark.parametrize("path", USE_CASES)
def test_use_cases_do_not_read_the_text_catalog(path: str) -> None:
    assert catalog_references((ROOT / path).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    ["from texts import loans as loan_t", "import texts.common", "x = texts.loans.LOAN_TITLE"],
)
def test_the_catalog_rule_catches_a_reference(source: str) -> None:
    assert catalog_references(source) != []


@pytest.mark.parametrize("path", RENDERING)
def test_rendering_touches_no_database_transaction_or_outbox(path: str) -> None:
    source = (ROOT / path).read_text(encoding="utf-8")
    imported = _imports(source)
    assert not {i for i in imported if i in NOT_FOR_RENDERING or i.split(".")[0] in NOT_FOR_RENDERING}
    assert not {i for i in imported if i.rsplit(".", 1)[-1] in ("Database", "Tx")}
    tree = ast.parse(source)
    assert not [n.name for n in ast.walk(tree) if isinstance(n, ast.AsyncFunctionDef)]


def _request(status: str, **payload: Any) -> Request:
    now = dt.datetime(2025, 10, 1, tzinfo=dt.UTC)
    return Request(
        id=7,
        tracking_code="LN-0007",
        service=loans.SPEC.key,
        employee_id=1,
        user_id=100,
        status=status,
        payload={"amount": 50_000_000, "total": 52_000_000, "instalments": 20, **payload},
        admin_chat_id=None,
        admin_message_id=None,
        resume_status=None,
        created_at=now,
        updated_at=now,
    )


@pytest.mark.parametrize(
    ("status", "action", "template"),
    [
        (REVIEWED, Action.APPROVE, loan_t.LOAN_NOTICE_REVIEWED),
        (QUEUED, Action.APPROVE, loan_t.LOAN_NOTICE_APPROVED_QUEUED),
        ("funded", FUND, loan_t.LOAN_NOTICE_APPROVED_FUNDED),
        ("disbursed", DISBURSE, loan_t.LOAN_NOTICE_DISBURSED),
        ("settled", SETTLE, loan_t.LOAN_NOTICE_SETTLED),
    ],
    ids=["reviewed", "queued", "funded", "disbursed", "settled"],
)
def test_the_loans_own_notices(status: str, action: str, template: str) -> None:
    notice = loans.owner_notice(_request(status, queue_place=2), action, None)
    assert notice is not None
    assert notice["text"].startswith(template.split("{")[0])


def test_funded_at_once_the_approval_says_nothing() -> None:
    assert loans.owner_notice(_request("funded"), Action.APPROVE, None) is None


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.REJECTED, Action.REJECT),
        (Status.NEEDS_INFO, Action.ASK_INFO),
        (Status.CANCELLED, Action.CANCEL),
    ],
)
def test_other_moves_get_the_generic_notice(status: str, action: str) -> None:
    request = _request(status)
    notice = loans.owner_notice(request, action, "why")
    assert notice == generic_notice(loans.SPEC, request, action, "why")
    assert action not in loans_text.NOTICE_ACTIONS


def test_loan_status_names_match_the_spec() -> None:
    workflow = loans.SPEC.workflow
    statuses = {s for tr in workflow.transitions for s in tr.sources} | {
        tr.target for tr in workflow.transitions
    }
    for status in (*sorted(statuses), "unknown"):
        assert loans_text.status_label(status) == loans.SPEC.status_label(status)
    assert loans_text.status_label(Status.SUBMITTED) == t.STATUS_LABELS[Status.SUBMITTED]
