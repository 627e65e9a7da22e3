"""Campaigns below the bot: the office file's refusals, voucher counts at the end date, one redemption under a
race, the payment list's rows and total, and the QR round trip."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import zoneinfo
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PIL import Image

from bot.office import services_of
from documents.campaigns import AwardPayRow, render_award_list
from documents.qr import qr_png, read_qr
from services import roles, vouchers
from services.clock import Clock
from services.kit import Env
from services.setup import apply_config
from storage.campaigns import delivery
from storage.db import Database
from storage.vouchers import Vouchers
from tests.e2e.harness import load_registry
from texts import documents as doc_t

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
ADMIN, OPERATOR = 900, 77


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[Env]:
    path = tmp_path / "c.sqlite3"
    await load_registry(path)
    async with Database(path) as db:
        env = Env(db=db, clock=Clock(), zone=TEHRAN, services=services_of(), super_admins=frozenset({ADMIN}))
        await roles.grant(env, actor=None, user_id=OPERATOR, role="coop_operator")
        yield env


def today(env: Env) -> dt.date:
    return env.clock.now().astimezone(TEHRAN).date()


def award_section(**changes: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "key": "y1405",
        "academic_year": 1405,
        "deadline": "1405/08/30",
        "levels": [{"level": "primary", "threshold": 18.5, "amount": 30_000_000}],
    }
    item.update(changes)
    return {"award_campaigns": [item]}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"deadline": "1405/13/01"}, "deadline", id="impossible_date"),
        pytest.param({"deadline": "soon"}, "deadline", id="not_a_date"),
        pytest.param({"levels": []}, "levels", id="no_level"),
        pytest.param(
            {"levels": [{"level": "kindergarten", "threshold": 18, "amount": 1}]}, "level", id="unknown_level"
        ),
        pytest.param(
            {"levels": [{"level": "primary", "threshold": 20.01, "amount": 1}]}, "threshold", id="above_20"
        ),
        pytest.param(
            {"levels": [{"level": "primary", "threshold": 18.125, "amount": 1}]}, "two decimals", id="precise"
        ),
        pytest.param(
            {"levels": [{"level": "primary", "threshold": 18, "amount": 0}]}, "amount", id="no_amount"
        ),
        pytest.param(
            {"levels": [{"level": "primary", "threshold": 18, "amount": 1, "min_age": 5}]},
            "max_age",
            id="one_age",
        ),
        pytest.param(
            {
                "levels": [
                    {"level": "primary", "threshold": 18, "amount": 1},
                    {"level": "primary", "threshold": 19, "amount": 2},
                ]
            },
            "once",
            id="level_twice",
        ),
        pytest.param({"academic_year": 1299}, "academic_year", id="year_too_early"),
        pytest.param({"key": "Has Spaces"}, "key", id="bad_key"),
        pytest.param({"timezone": "Mars/Base"}, "time zone", id="bad_zone"),
        pytest.param({"color": "blue"}, "color", id="unknown_field"),
    ],
)
async def test_a_bad_award_campaign_in_the_office_file_changes_nothing(
    env: Env, changes: dict[str, Any], message: str
) -> None:
    owed = await env.db.fetchval("SELECT COUNT(*) FROM outbox")  # the operator's command menu, from the grant
    with pytest.raises(ValueError, match=message):
        await apply_config(env.db, env.services, award_section(**changes), env.clock.now())
    assert await env.db.fetchval("SELECT COUNT(*) FROM award_campaigns") == 0
    assert await env.db.fetchval("SELECT COUNT(*) FROM outbox") == owed


async def test_the_office_file_opens_a_campaign_once(env: Env) -> None:
    for _ in range(2):
        await apply_config(env.db, env.services, award_section(), env.clock.now())
    assert await env.db.fetchval("SELECT COUNT(*) FROM award_campaigns") == 1
    kinds = [r[0] for r in await env.db.fetchall("SELECT kind FROM reminders ORDER BY id")]
    assert kinds == ["aw_remind", "aw_close", "aw_tick"]
    # nobody is linked in this registry: nothing to announce, and the announcement is over at once
    assert (await delivery(env.db, "aw:announce:1")).finished


@pytest.mark.parametrize(
    ("ends_in_days", "open_"),
    [
        pytest.param(1, 2, id="before_the_end"),
        pytest.param(0, 2, id="on_the_last_day"),
        pytest.param(-1, 0, id="after"),
    ],
)
async def test_open_vouchers_count_through_the_last_day(env: Env, ends_in_days: int, open_: int) -> None:
    opened = await vouchers.open_campaign(
        env, actor=ADMIN, amount=5, statuses=["employed"], mode="goods", ends_on=today(env), key="k"
    )
    counts = await Vouchers(env.db).counts(opened.campaign_id, today(env) - dt.timedelta(days=ends_in_days))
    assert (counts.issued, counts.redeemed, counts.open) == (2, 0, open_)


async def test_two_counters_redeeming_at_once_succeed_once(env: Env) -> None:
    opened = await vouchers.open_campaign(
        env, actor=ADMIN, amount=5, statuses=["retired"], mode="goods", ends_on=today(env), key="k"
    )
    code = (await Vouchers(env.db).of_campaign(opened.campaign_id))[0].code
    assert code is not None
    replies = await asyncio.gather(
        *(vouchers.redeem_typed(env, typed=code, actor=OPERATOR, actor_name=f"counter {n}") for n in range(2))
    )
    assert sum("\u2705" in r for r in replies) == 1
    assert await env.db.fetchval("SELECT COUNT(used_at) FROM vouchers") == 1


async def test_only_operators_redeem(env: Env) -> None:
    with pytest.raises(vouchers.NotOperator):
        await vouchers.redeem_typed(env, typed="AAAA-AAAA-AAAA", actor=12345, actor_name="x")


def test_the_award_list_has_every_row_and_the_total() -> None:
    rows = [
        AwardPayRow(
            personnel_no=f"{n}",
            full_name="A",
            child_name="B",
            level="C",
            gpa="19.00",
            amount=n * 1000,
            sheba="IR0",
        )
        for n in (1, 2, 3)
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(render_award_list(rows, title="T"))).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == doc_t.DOC_LABEL_PERSONNEL_NO  # the header in row 1, the title in the properties
    assert [v[0] for v in values[1:4]] == [1, 2, 3]  # personnel numbers as numbers
    assert values[1:4] == [(n, "A", "B", "C", "19.00", n * 1000, "IR0") for n in (1, 2, 3)]
    assert values[4][5] == "=SUM(F2:F4)"
    assert sheet.sheet_view.rightToLeft


@pytest.mark.parametrize("scale", [1, 3])
def test_a_voucher_code_survives_its_qr_image_photographed(scale: int) -> None:
    png = qr_png("K7Q2-MX9D-4HT8")
    image = Image.open(io.BytesIO(png)).convert("RGB")
    photo = io.BytesIO()
    image.resize((image.width * scale, image.height * scale)).save(photo, format="JPEG", quality=40)
    assert read_qr(photo.getvalue()) == ["K7Q2-MX9D-4HT8"]
    assert read_qr(b"not an image") == []
