"""The organisation from the office file, letter numbers, document checks, and documents queued for sending."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.office import services_of
from documents.models import Letterhead
from domain.documents import DeepLinks, Validity
from services import booklet, organisation, verification
from services.clock import Clock
from services.kit import Env, Services, ServiceSpec
from services.paperwork import queue_document, renderer
from services.setup import apply_config
from storage.db import Database
from storage.employees import Employees
from storage.outbox import Outbox
from tests.e2e.harness import load_registry
from texts import documents as doc_t
from texts import verification as verify_t

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
ORG = {"name": "شرکت نمونه", "unit": "اداره رفاه کارکنان", "phone": "۰۲۱-۸۸۰۰۰۰۰۰", "letter_series": "RF"}


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[Env]:
    path = tmp_path / "s.sqlite3"
    await load_registry(path)
    async with Database(path) as db:
        yield Env(
            db=db,
            clock=Clock(),
            zone=TEHRAN,
            services=services_of(),
            admin_chat_id=-1,
            links=DeepLinks("telegram", "refah_bot"),
        )


async def _configure(env: Env, section: dict[str, Any]) -> dict[str, int]:
    return await apply_config(env.db, env.services, {"organisation": section}, env.clock.now())


async def test_the_letterhead_is_the_office_until_the_organisation_is_configured(env: Env) -> None:
    assert await organisation.letterhead(env.db) == Letterhead(name=doc_t.DOC_OFFICE_NAME)
    assert await _configure(env, ORG) == {"organisation": 1}
    head = await organisation.letterhead(env.db)
    assert (head.name, head.unit, head.phone) == ("شرکت نمونه", "اداره رفاه کارکنان", "021-88000000")
    await _configure(env, {**ORG, "name": "شرکت دیگر"})  # applying again updates in place
    assert (await organisation.letterhead(env.db)).name == "شرکت دیگر"


async def test_a_logo_is_kept_as_an_absolute_path(
    env: Env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    monkeypatch.chdir(tmp_path)
    await _configure(env, {**ORG, "logo": "logo.png"})
    assert (await organisation.letterhead(env.db)).logo_path == str(tmp_path / "logo.png")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "name"),
        ({"phone": "call me"}, "phone"),
        ({"logo": "/nowhere/logo.png"}, "logo"),
        ({"logo": __file__}, "logo"),
        ({"letter_series": "a/b"}, "letter_series"),
        ({"colour": "blue"}, "colour"),
        ({"signatories": [{"name": "no title"}]}, "title"),
    ],
)
async def test_a_bad_organisation_is_refused_and_nothing_changes(
    env: Env, change: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        await _configure(env, {**ORG, **change})
    assert await env.db.fetchval("SELECT COUNT(*) FROM organisation") == 0


async def test_the_organisation_section_must_be_a_table(env: Env) -> None:
    with pytest.raises(ValueError, match="table"):
        await apply_config(env.db, env.services, {"organisation": [ORG]}, env.clock.now())


def test_a_service_cannot_claim_the_kits_own_section() -> None:
    spec = next(iter(services_of()))
    clash = ServiceSpec(
        key="x",
        title="x",
        workflow=spec.workflow,
        describe=lambda _: [],
        config={"organisation": organisation.load_organisation},
    )
    with pytest.raises(ValueError, match="organisation"):
        Services([clash], sections={"organisation": lambda *_: None})  # type: ignore[arg-type, return-value]


async def test_letter_numbers_count_per_series_and_jalali_year(env: Env) -> None:
    before_nowruz = dt.datetime(2026, 3, 20, 20, 0, tzinfo=dt.UTC)  # 23:30 in Tehran, 1404/12/29
    after_nowruz = dt.datetime(2026, 3, 20, 21, 0, tzinfo=dt.UTC)  # 00:30 in Tehran, 1405/01/01
    async with env.db.transaction() as tx:
        numbers = [await organisation.next_letter_no(tx, before_nowruz, TEHRAN) for _ in range(2)]
        numbers.append(await organisation.next_letter_no(tx, after_nowruz, TEHRAN))
    assert numbers == ["1404/R/1", "1404/R/2", "1405/R/1"]
    await _configure(env, ORG)
    async with env.db.transaction() as tx:
        assert await organisation.next_letter_no(tx, after_nowruz, TEHRAN) == "1405/RF/1"


async def _request(env: Env) -> int:
    employee = await Employees(env.db).by_mobile("09121234567")
    assert employee is not None
    person = {"name": employee.full_name, "national_id": employee.national_id, "relation": "self"}
    submitted = await booklet.submit_booklet(
        env, employee=employee, user_id=101, kind="duplicate", person=person, attachments=[], key="k" * 16
    )
    return submitted.request.id


async def test_a_check_is_valid_until_its_request_is_cancelled_or_it_is_revoked(env: Env) -> None:
    request_id = await _request(env)
    async with env.db.transaction() as tx:
        link = await verification.issue(
            tx,
            env,
            kind="k",
            label="برگه",
            reference="R1",
            holder="علی رضایی",
            amount=1_500_000,
            request_id=request_id,
        )
        again = await verification.issue(
            tx, env, kind="k", label="برگه", reference="R1", holder="علی رضایی", request_id=request_id
        )
    assert link == again and link.startswith("https://t.me/refah_bot?start=v_")
    payload = link.split("?start=")[1]
    verdict = await verification.check(env, payload)
    assert verdict.validity is Validity.VALID
    text = verification.verdict_text(verdict, TEHRAN)
    assert text.startswith("این سند اصیل") and "۱٬۵۰۰٬۰۰۰ ریال" in text and "ع** ر****" in text
    assert "علی" not in text.replace("ع**", "")

    await env.db.conn.execute("UPDATE requests SET status = 'cancelled' WHERE id = ?", (request_id,))
    assert (await verification.check(env, payload)).validity is Validity.CANCELLED
    await env.db.conn.execute("UPDATE requests SET status = 'submitted' WHERE id = ?", (request_id,))
    async with env.db.transaction() as tx:
        assert await verification.revoke(tx, env, request_id) == 1
    verdict = await verification.check(env, payload)
    assert verdict.validity is Validity.REVOKED
    assert verify_t.VERIFY_WHY["revoked"] in verification.verdict_text(verdict, TEHRAN)


@pytest.mark.parametrize("payload", ["v_" + "A" * 22, "v_short", "v_" + "A" * 50, "x_" + "A" * 22, ""])
async def test_an_unknown_or_malformed_token_is_unknown(env: Env, payload: str) -> None:
    verdict = await verification.check(env, payload)
    assert verdict.check is None
    assert verification.verdict_text(verdict, TEHRAN) == verify_t.VERIFY_UNKNOWN


async def test_a_document_without_an_amount_says_so(env: Env) -> None:
    async with env.db.transaction() as tx:
        link = await verification.issue(tx, env, kind="k", label="گواهی", reference="C1", holder="مریم احمدی")
    verdict = await verification.check(env, link.split("?start=")[1])
    assert verify_t.VERIFY_NO_AMOUNT in verification.verdict_text(verdict, TEHRAN)


async def test_a_queued_document_carries_its_data_not_its_bytes(env: Env) -> None:
    head = Letterhead(name="شرکت نمونه")
    async with env.db.transaction() as tx:
        await queue_document(
            tx, env, chat_id=5, kind="guesthouse_voucher", data=head, filename="v.pdf", caption="c"
        )
    (row,) = await Outbox(env.db).pending()
    assert row.document is None and row.method == "sendDocument"
    assert row.payload == {
        "filename": "v.pdf",
        "caption": "c",
        "render": {"kind": "guesthouse_voucher", "data": head.model_dump(mode="json")},
    }


def test_renderers_are_declared_once_and_found_by_kind() -> None:
    services = services_of()
    with pytest.raises(LookupError, match="nope"):
        services.render("nope", {})
    calls: list[Letterhead] = []

    def draw(head: Letterhead) -> bytes:
        calls.append(head)
        return b"%PDF"

    spec = next(iter(services))
    one = ServiceSpec(
        key="a",
        title="a",
        workflow=spec.workflow,
        describe=lambda _: [],
        documents={"d": renderer(Letterhead, draw)},
    )
    assert Services([one]).render("d", {"name": "n"}) == b"%PDF" and calls == [Letterhead(name="n")]
    two = ServiceSpec(
        key="b",
        title="b",
        workflow=spec.workflow,
        describe=lambda _: [],
        documents={"d": renderer(Letterhead, draw)},
    )
    with pytest.raises(ValueError, match="document kind"):
        Services([one, two])
