"""Medical claims below the bot: filing (file numbers, the ceiling, duplicates), the review, the insurer's
batch and decisions (all or nothing), the payment batch; and the files they produce."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zoneinfo
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bot.office import services_of
from documents.medical import BatchFile, PayeeRow, read_decision_rows, render_batch_zip, render_payment_list
from domain.config import ConfigError
from domain.medical import DocumentKind, ExpenseKind, MedStatus, Refusal
from domain.workflow import NotPermitted, Refused
from services import medical as ms
from services import roles
from services.clock import Clock
from services.kit import Env
from services.requests import NewAttachment, act_on_request
from services.setup import apply_config
from storage.db import Database
from storage.employees import Employees
from storage.models import Employee
from tests.documents.sheet_checks import sheet_problems
from tests.e2e.harness import load_registry
from texts import medical as med_t

ZONE = zoneinfo.ZoneInfo("Asia/Tehran")
CLERK, HEAD, FINANCE, LOAN_CLERK = 201, 203, 206, 202


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[Env]:
    path = tmp_path / "m.sqlite3"
    await load_registry(path)
    async with Database(path) as db:
        env = Env(db=db, clock=Clock(), zone=ZONE, services=services_of(), admin_chat_id=-1)
        config = {"medical": {"kinds": {"medicine": {"annual_ceiling": 5_000_000}}}}
        await apply_config(db, services_of(), config, env.clock.now())
        for user, role, scope in (
            (CLERK, "clerk", "medical"),
            (HEAD, "head", ""),
            (FINANCE, "finance", ""),
            (LOAN_CLERK, "clerk", "loan"),
        ):
            await roles.grant(env, actor=None, user_id=user, role=role, scope=scope)
        yield env


async def ali(env: Env) -> Employee:
    employee = await Employees(env.db).by_mobile("09121234567")
    assert employee is not None
    return employee


_files = iter(range(1, 10_000))


def attachment() -> NewAttachment:
    n = next(_files)
    return NewAttachment("photo", f"file-{n}", f"unique-{n}", None, "image/jpeg", 100)


def line(
    kind: ExpenseKind = ExpenseKind.OUTPATIENT, amount: int = 1_000_000, days_ago: int = 1
) -> ms.DraftLine:
    docs = [(d, attachment()) for d in (DocumentKind.INVOICE, DocumentKind.PRESCRIPTION)]
    if kind == ExpenseKind.OUTPATIENT:
        docs = docs[:1]
    return ms.DraftLine(kind, dt.date.today() - dt.timedelta(days=days_ago), amount, docs)


async def file_claim(env: Env, key: str, *lines: ms.DraftLine, person: int = 0) -> Any:
    employee = await ali(env)
    people = await ms.household(env, employee)
    submitted = await ms.submit_claim(
        env, employee=employee, user_id=101, person=people[person], lines=list(lines or [line()]), key=key
    )
    return submitted.request


async def move(env: Env, request_id: int, *moves: tuple[str, int]) -> None:
    for action, actor in moves:
        await act_on_request(env, request_id=request_id, action=action, actor=actor, actor_name="x")


async def test_one_file_per_person_and_year_and_the_receipt_names_it(env: Env) -> None:
    first = await file_claim(env, "k1")
    second = await file_claim(env, "k2")
    spouse = await file_claim(env, "k3", person=1)
    again = await file_claim(env, "k1")  # the same draft key: the same claim
    assert again.id == first.id
    numbers = [r.payload["file_number"] for r in (first, second, spouse)]
    year = ms.med.file_year(ms.office_today(env))
    assert numbers == [f"{year}-00001", f"{year}-00001", f"{year}-00002"]
    receipts = await env.db.fetchall("SELECT payload FROM outbox WHERE dedupe_key LIKE 'req:%:submitted'")
    assert len(receipts) == 3 and "شماره پرونده خسارت" in receipts[0]["payload"]


async def test_the_ceiling_counts_open_claims_and_frees_refused_ones(env: Env) -> None:
    first = await file_claim(env, "k1", line(ExpenseKind.MEDICINE, 3_000_000))
    with pytest.raises(ms.ClaimRefused) as refused:
        await file_claim(env, "k2", line(ExpenseKind.MEDICINE, 2_000_001))
    assert [(p.code, p.limit) for p in refused.value.problems] == [(Refusal.OVER_CEILING, 2_000_000)]
    await file_claim(env, "k3", line(ExpenseKind.MEDICINE, 2_000_000))  # exactly reaching it is allowed
    employee = await ali(env)
    assert (
        await ms.remaining(
            env, person=employee.national_id, kind=ExpenseKind.MEDICINE, day=dt.date.today(), earlier=()
        )
        == 0
    )
    await act_on_request(env, request_id=first.id, action="reject", actor=CLERK, actor_name="c", reason="no")
    assert (
        await ms.remaining(
            env, person=employee.national_id, kind=ExpenseKind.MEDICINE, day=dt.date.today(), earlier=()
        )
        == 3_000_000
    )


async def test_missing_papers_and_files_sent_twice_are_refused(env: Env) -> None:
    bare = ms.DraftLine(ExpenseKind.MEDICINE, dt.date.today(), 100, [(DocumentKind.INVOICE, attachment())])
    with pytest.raises(ms.ClaimRefused) as refused:
        await file_claim(env, "k1", bare)
    assert refused.value.problems[0].missing == (DocumentKind.PRESCRIPTION,)
    same = attachment()
    twice = ms.DraftLine(
        ExpenseKind.MEDICINE,
        dt.date.today(),
        100,
        [(DocumentKind.INVOICE, same), (DocumentKind.PRESCRIPTION, same)],
    )
    with pytest.raises(ms.ClaimRefused) as refused:
        await file_claim(env, "k2", twice)
    assert refused.value.duplicates == (same.file_unique_id,)
    sent = await file_claim(env, "k3")
    reused = (
        await env.db.fetchval("SELECT file_unique_id FROM attachments WHERE request_id = ?", (sent.id,)),
    )
    later = ms.DraftLine(
        ExpenseKind.OUTPATIENT,
        dt.date.today(),
        100,
        [(DocumentKind.INVOICE, NewAttachment("photo", "again", reused[0], None, "image/jpeg", 1))],
    )
    with pytest.raises(ms.ClaimRefused):
        await file_claim(env, "k4", later)
    assert await env.db.fetchval("SELECT COUNT(*) FROM requests") == 1


async def test_remittance_needs_something_approved_and_payment_keeps_amounts_apart(env: Env) -> None:
    claim = await file_claim(env, "k1", line(amount=2_000_000), line(amount=500_000))
    await move(env, claim.id, ("open_file", CLERK), ("to_doctor", CLERK))
    with pytest.raises(NotPermitted):
        await ms.record_review(
            env, request_id=claim.id, actor=LOAN_CLERK, actor_name="l", reviews=[(1, 0, "other")]
        )
    await ms.record_review(
        env, request_id=claim.id, actor=CLERK, actor_name="c", reviews=[(1, 0, "not_covered"), (2, 0, "late")]
    )
    with pytest.raises(Refused):
        await move(env, claim.id, ("remit", CLERK))
    assert (
        await env.db.fetchval("SELECT status FROM requests WHERE id = ?", (claim.id,)) == MedStatus.REVIEWED
    )
    other = await file_claim(env, "k2", line(amount=2_000_000))
    await move(env, other.id, ("open_file", CLERK), ("to_doctor", CLERK))
    with pytest.raises(ValueError, match="reason"):
        await ms.record_review(env, request_id=other.id, actor=CLERK, actor_name="c", reviews=[(1, 10, None)])
    await ms.record_review(
        env, request_id=other.id, actor=CLERK, actor_name="c", reviews=[(1, 1_200_000, "deductible")]
    )
    await move(env, other.id, ("remit", CLERK), ("to_accounting", HEAD), ("pay", FINANCE))
    row = await env.db.fetchone(
        "SELECT claimed, approved, paid FROM med_claims WHERE request_id = ?", (other.id,)
    )
    assert tuple(row) == (2_000_000, 1_200_000, 1_200_000)


async def test_decisions_are_applied_all_or_nothing(env: Env) -> None:
    claims = [await file_claim(env, f"k{i}", line(amount=1_000_000), line(amount=300_000)) for i in range(2)]
    for claim in claims:
        await move(env, claim.id, ("open_file", CLERK))

    fetched: list[str] = []

    async def fetch(file_id: str) -> bytes:
        fetched.append(file_id)
        return f"bytes of {file_id}".encode()

    with pytest.raises(NotPermitted):
        await ms.send_insurer_batch(env, actor=LOAN_CLERK, actor_name="l", fetch=fetch)
    batch = await ms.send_insurer_batch(env, actor=CLERK, actor_name="c", fetch=fetch)
    assert batch is not None and batch.count == 2 and len(fetched) == 4
    assert await ms.send_insurer_batch(env, actor=CLERK, actor_name="c", fetch=fetch) is None
    a, b = (c.tracking_code for c in claims)

    def book(rows: list[list[Any]]) -> bytes:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "decisions"
        ws.append(["code", "line", "approved", "reason"])
        for r in rows:
            ws.append(r)
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    missing_line = book([[a, 1, 1_000_000, None], [a, 2, 300_000, None], [b, 1, 900_000, "over_tariff"]])
    outcome = await ms.import_decisions(env, actor=CLERK, actor_name="c", data=missing_line)
    assert [(r.row, r.code.value, r.missing_lines) for r in outcome.bad] == [(4, "lines_missing", (2,))]
    assert await env.db.fetchval("SELECT COUNT(*) FROM requests WHERE status = 'reviewed'") == 0
    with pytest.raises(ValueError):
        await ms.import_decisions(env, actor=CLERK, actor_name="c", data=b"not a workbook")
    good = book(
        [
            [a, 1, 1_000_000, None],
            [a, 2, 300_000, None],
            [b, "۱", "۹۰۰٬۰۰۰", "مازاد بر تعرفه"],
            [b, 2, 0, "duplicate"],
        ]
    )
    outcome = await ms.import_decisions(env, actor=CLERK, actor_name="c", data=good)
    assert outcome.applied == 2 and not outcome.bad
    reasons = await env.db.fetchall("SELECT approved, reason FROM med_lines ORDER BY request_id, line_no")
    assert [tuple(r) for r in reasons] == [
        (1_000_000, None),
        (300_000, None),
        (900_000, "over_tariff"),
        (0, "duplicate"),
    ]


async def test_the_payment_batch_pays_everyone_once(env: Env) -> None:
    claims = [await file_claim(env, f"k{i}", line(amount=1_000_000)) for i in range(2)]
    for claim in claims:
        await move(env, claim.id, ("open_file", CLERK), ("to_doctor", CLERK))
        await ms.record_review(
            env, request_id=claim.id, actor=CLERK, actor_name="c", reviews=[(1, 1_000_000, None)]
        )
        await move(env, claim.id, ("remit", CLERK), ("to_accounting", HEAD))
    with pytest.raises(NotPermitted):
        await ms.open_payment_batch(env, actor=CLERK)
    batch = await ms.open_payment_batch(env, actor=FINANCE)
    assert batch is not None and (batch.count, batch.total) == (2, 2_000_000)
    assert await ms.open_payment_batch(env, actor=FINANCE) is None  # no claim is in two batches
    paid = await ms.pay_batch(env, batch_id=batch.id, actor=FINANCE, actor_name="f")
    assert (paid.count, paid.total) == (2, 2_000_000)
    with pytest.raises(ms.NotPaid):
        await ms.pay_batch(env, batch_id=batch.id, actor=FINANCE, actor_name="f")
    notices = await env.db.fetchall(
        "SELECT payload FROM outbox WHERE chat_id = 101 AND payload LIKE '%مبلغ پرداختی%'"
    )
    assert len(notices) == 2


@pytest.mark.parametrize(
    "section",
    [
        {"window_days": 0},
        {"kinds": {"medicine": {"annual_ceiling": -1}}},
        {"kinds": {"massage": {}}},
        {"typo": 1},
    ],
)
async def test_a_bad_policy_is_refused_and_nothing_changes(env: Env, section: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        await apply_config(env.db, services_of(), {"medical": section}, env.clock.now())
    policy = await ms.current_policy(env.db)
    assert policy.rule(ExpenseKind.MEDICINE).annual_ceiling == 5_000_000


# --- the files --------------------------------------------------------------------------------------------


def test_the_batch_zip_keeps_names_and_bytes_and_refuses_a_name_twice() -> None:
    data = render_batch_zip([BatchFile("A/line-1-invoice-1.jpg", b"one"), BatchFile("A/extra-1.pdf", b"two")])
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.read("A/line-1-invoice-1.jpg") == b"one" and archive.read("A/extra-1.pdf") == b"two"
    with pytest.raises(ValueError):
        render_batch_zip([BatchFile("x", b""), BatchFile("x", b"")])


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_payment_list_has_its_header_rows_and_total(count: int) -> None:
    rows = [PayeeRow(1000 + i, f"name {i}", "IR05", 100 * (i + 1), f"CODE-{i}") for i in range(count)]
    data = render_payment_list(rows)
    assert sheet_problems(data) == []
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    values = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in values[:count]] == [1000 + i for i in range(count)]
    assert len(values) == (count + 1 if count else 0)  # a totals row under any data
    if count:
        assert values[count][1] == med_t.MED_COL_TOTAL and values[count][3] == f"=SUM(D2:D{count + 1})"


def test_read_decision_rows_prefers_the_decisions_sheet() -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["ignored"])
    wb.active.append(["summary row"])
    ws = wb.create_sheet("decisions")
    ws.append(["h"])
    ws.append(["A", 1, 2, None])
    out = io.BytesIO()
    wb.save(out)
    assert read_decision_rows(out.getvalue()) == [("A", 1, 2, None)]
