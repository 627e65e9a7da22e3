"""``python -m bench.sql``: the SQL each main interaction costs, through the real bot against the local API.

Counts are deterministic (statements and write transactions run while PTB processed the update, including
the tasks it started), so ``tests/e2e/test_sql_budget.py`` asserts their ceilings; this prints them all, with
the statements themselves under ``--verbose``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import tempfile
from pathlib import Path

from bot.office import services_of
from localapi.server import BotApiServer
from services.clock import Clock
from services.setup import apply_config
from storage.db import SqlCount
from tests.e2e.flows import grant, onboard, press, submit_booklet
from tests.e2e.harness import ADMIN_GROUP, ALI, CLERK, Bot, load_registry, make_settings


async def measure() -> list[tuple[str, SqlCount]]:
    """Onboard, file a booklet duplicate, book a guesthouse stay, list my requests, approve a card."""
    from tests.e2e import test_guesthouse as gh_flow

    async with BotApiServer() as api:
        api.add_user(ALI[0], "Ali", phone=ALI[1])
        api.add_user(CLERK, "Clerk")
        api.add_group(ADMIN_GROUP, "Welfare clerks", member_ids=[CLERK])
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "refah.sqlite3"
            await load_registry(path)
            bot = Bot(api, make_settings(api, path), Clock())
            await bot.start()
            try:
                day = (bot.clock.now() + dt.timedelta(days=10)).date()
                await apply_config(
                    bot.env.db, services_of(), {"guesthouses": [gh_flow._mashhad(day)]}, bot.clock.now()
                )
                await grant(bot, CLERK, "clerk", "booklet")
                await onboard(api, ALI)
                card = await submit_booklet(api, ALI[0])
                await gh_flow.book(api, bot, ALI[0], "mashhad", day)
                sent = api.send_text(ALI[0], "/requests")
                await api.wait_for_bot_message(ALI[0], lambda m: m["message_id"] > sent["message_id"])
                last = max(m["message_id"] for m in api.bot_messages(ALI[0]))
                await press(api, CLERK, card, "req:approve:")
                await api.wait_for_bot_message(ALI[0], lambda m: m["message_id"] > last)
                await asyncio.sleep(0.2)
                assert bot.app is not None
                return list(bot.app.sql_log)
            finally:
                await bot.stop()


def main() -> None:
    """Print each interaction's statements and transactions."""
    parser = argparse.ArgumentParser(prog="python -m bench.sql")
    parser.add_argument("--verbose", action="store_true", help="list the statements too")
    args = parser.parse_args()
    print(f"{'interaction':48} {'statements':>10} {'transactions':>12}")
    for label, count in asyncio.run(measure()):
        print(f"{label[:48]:48} {count.statements:10d} {count.transactions:12d}")
        if args.verbose:
            print("\n".join(f"    {sql[:140]}" for sql in count.sql))


if __name__ == "__main__":
    main()
