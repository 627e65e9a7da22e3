"""The sending budget's ledger: the recent messages to groups, read back when the bot starts."""

from __future__ import annotations

from storage.db import Database

#: Rows older than this many seconds are dropped as new ones are written (a group's window is one minute).
KEEP_SECONDS = 300.0


class GroupSends:
    """Sends to groups in wall-clock unix seconds (``bot.budget.Ledger``)."""

    def __init__(self, db: Database, keep: float = KEEP_SECONDS) -> None:
        self.db = db
        self.keep = keep

    async def record(self, chat_id: int, at: float) -> None:
        """Remember one send to a group, and forget the ones long past."""
        async with self.db.transaction() as tx:
            await tx.execute("INSERT INTO budget_sends (chat_id, sent_at) VALUES (?, ?)", (chat_id, at))
            await tx.execute("DELETE FROM budget_sends WHERE sent_at < ?", (at - self.keep,))

    async def recent(self, since: float) -> list[tuple[int, float]]:
        """The sends at or after ``since``, oldest first."""
        rows = await self.db.fetchall(
            "SELECT chat_id, sent_at FROM budget_sends WHERE sent_at >= ? ORDER BY sent_at", (since,)
        )
        return [(int(r["chat_id"]), float(r["sent_at"])) for r in rows]
