"""SQL ceilings per interaction (counts are deterministic; timings stay in bench/).

Counted from PTB's processing of the update to the commit of its state, processed mark and confirmation.
"""

from __future__ import annotations

from bench.sql import measure

#: (what the update starts with, most statements, most write transactions)
CEILINGS = [
    ("press gh:day:", 8, 1),  # a calendar click: check the day, size the room, store the step
    ("press gh:ok:", 15, 2),  # confirm a booking: the submission, then state and processed mark
    ("press bk:ok:", 10, 2),  # confirm a booklet duplicate
    ("text /requests", 4, 1),
    ("press req:approve:", 17, 2),  # a clerk's approval from the card (+2: own or family case, twice)
]


async def test_main_interactions_stay_within_their_sql_budget() -> None:
    log = await measure()
    over = []
    for prefix, statements, transactions in CEILINGS:
        seen = [(label, c) for label, c in log if label.startswith(prefix)]
        assert seen, f"{prefix} never happened"
        over += [
            f"{label}: {c.statements} statements in {c.transactions} transactions"
            for label, c in seen
            if c.statements > statements or c.transactions > transactions
        ]
    assert not over
