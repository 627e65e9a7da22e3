"""No national ID, mobile number or Sheba reaches a log in clear, whatever the flow and the log level."""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator

import pytest

from domain.text import normalize_digits
from kit.logs import install_masking
from localapi.server import BotApiServer
from tests.e2e.flows import grant, onboard, press, submit_booklet
from tests.e2e.harness import ADMIN_GROUP, ALI, CLERK, FIXTURES, MARYAM, STRANGER, Bot


def _personal_numbers() -> set[str]:
    """Every national ID, mobile number and Sheba of the sample registry, as stored and as typed."""
    found: set[str] = set()
    registry = FIXTURES / "registry"
    with (registry / "employees.csv").open(encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            for key in ("national_id", "mobile", "sheba"):
                value = normalize_digits(row[key]).replace(" ", "").upper()
                found.add(value)
    with (registry / "dependants.csv").open(encoding="utf-8-sig") as f:
        for row in csv.reader(f):
            found.add(normalize_digits(row[1]))
    found |= {"0" + m[-10:] for m in found if len(m) >= 10 and m[-10] == "9"}  # mobiles as 09...
    return {n for n in found if n.isalnum() and len(n) >= 10}


@pytest.fixture
def masked() -> Iterator[None]:
    undo = install_masking()
    try:
        yield
    finally:
        undo()


@pytest.mark.usefixtures("masked")
async def test_flows_leave_no_personal_number_in_the_logs(
    api: BotApiServer, bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await onboard(api, ALI)
    api.send_text(MARYAM[0], "/start")
    await api.wait_for_text(MARYAM[0], "شماره تلفن همراه خود را بفرستید")
    api.share_contact(MARYAM[0], MARYAM[1])
    await api.wait_for_text(MARYAM[0], "کد ملی")
    sent = api.send_text(MARYAM[0], "0012345679")  # someone else's national ID
    await api.wait_for_bot_message(MARYAM[0], after=sent["message_id"])
    api.send_text(STRANGER, "/start")
    api.share_contact(STRANGER, "09120000000")
    await api.wait_for_text(STRANGER, "ثبت نشده")
    await grant(bot, CLERK, "clerk", "booklet")
    card = await submit_booklet(api, ALI[0])
    await press(api, CLERK, card, "req:docs:")
    await api.wait_for_bot_message(CLERK, lambda m: "document" in m)
    await press(api, CLERK, api.message(ADMIN_GROUP, card["message_id"]) or card, "req:approve:")
    await api.wait_for_text(ALI[0], "تأیید")

    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    text = "\n".join(formatter.format(r) for r in caplog.records)
    assert len(caplog.records) > 50  # the debug logs of PTB, httpx and Refah are in there
    flat = normalize_digits(text).replace(" ", "").upper()
    leaked = sorted(n for n in _personal_numbers() if n in flat)
    assert not leaked, leaked


def test_the_cli_installs_the_masking_first(capsys: pytest.CaptureFixture[str]) -> None:
    import cli

    before = logging.getLogRecordFactory()
    try:
        with pytest.raises(SystemExit):
            cli.main(["--help"])
        logger = logging.getLogger("refah.test")
        record = logger.makeRecord(
            "refah.test", logging.INFO, __file__, 1, "mobile %s", ("09121234567",), None
        )
        assert record.getMessage() == "mobile [mobile:..67]"
    finally:
        logging.setLogRecordFactory(before)
    capsys.readouterr()
