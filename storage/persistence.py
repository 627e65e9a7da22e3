"""python-telegram-bot persistence on the application's SQLite file (JSON, not pickle).

Conversation states, user data and chat data live in the same database as the requests, so a bot killed mid-
conversation resumes at the same step. Writes are queued and committed together with the update's processed
mark in one transaction (:meth:`SQLitePersistence.commit`); unchanged data is not written again. Bot data
and callback data are not persisted: the bot keeps its shared state in proper tables, and its callback data
is plain strings.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import ConversationDict, ConversationKey

from storage import updates
from storage.db import Database

JSONDict = dict[str, Any]


class SQLitePersistence(BasePersistence[JSONDict, JSONDict, JSONDict]):
    """Stores PTB's conversations, user data and chat data as JSON rows."""

    def __init__(self, db: Database, update_interval: float = 60) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=True, user_data=True, callback_data=False),
            update_interval=update_interval,
        )
        self.db = db
        #: Writes queued since the last commit: key -> (JSON written, statement, parameters).
        self._pending: dict[tuple[Any, ...], tuple[str | None, str, tuple[Any, ...]]] = {}
        #: What the database holds for each key, so an unchanged state is not written again.
        self._written: dict[tuple[Any, ...], str] = {}
        self._processed: tuple[int, dt.datetime, int | None] | None = None

    async def get_user_data(self) -> dict[int, JSONDict]:
        """All stored user data."""
        rows = await self.db.fetchall("SELECT user_id, data FROM ptb_user_data")
        self._written.update({("user", int(r["user_id"])): r["data"] for r in rows})
        return {int(r["user_id"]): json.loads(r["data"]) for r in rows}

    async def get_chat_data(self) -> dict[int, JSONDict]:
        """All stored chat data."""
        rows = await self.db.fetchall("SELECT chat_id, data FROM ptb_chat_data")
        self._written.update({("chat", int(r["chat_id"])): r["data"] for r in rows})
        return {int(r["chat_id"]): json.loads(r["data"]) for r in rows}

    async def get_bot_data(self) -> JSONDict:
        """Bot data is not persisted."""
        return {}

    async def get_callback_data(self) -> None:
        """Callback data is not persisted."""
        return

    async def get_conversations(self, name: str) -> ConversationDict:
        """The stored states of one named conversation."""
        rows = await self.db.fetchall("SELECT key, state FROM ptb_conversations WHERE name = ?", (name,))
        self._written.update({("conversation", name, r["key"]): r["state"] for r in rows})
        return {tuple(json.loads(r["key"])): json.loads(r["state"]) for r in rows}

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        """Queue one conversation's state (or its end) for the next :meth:`commit`."""
        encoded_key = json.dumps(list(key))
        if new_state is None:
            self._queue(
                ("conversation", name, encoded_key),
                None,
                "DELETE FROM ptb_conversations WHERE name = ? AND key = ?",
                (name, encoded_key),
            )
            return
        state = json.dumps(new_state)
        self._queue(
            ("conversation", name, encoded_key),
            state,
            """INSERT INTO ptb_conversations (name, key, state) VALUES (?, ?, ?)
               ON CONFLICT (name, key) DO UPDATE SET state = excluded.state""",
            (name, encoded_key, state),
        )

    async def update_user_data(self, user_id: int, data: JSONDict) -> None:
        """Queue one user's data for the next :meth:`commit` (nothing if it did not change)."""
        encoded = json.dumps(data, ensure_ascii=False)
        self._queue(
            ("user", user_id),
            encoded,
            """INSERT INTO ptb_user_data (user_id, data) VALUES (?, ?)
               ON CONFLICT (user_id) DO UPDATE SET data = excluded.data""",
            (user_id, encoded),
        )

    async def update_chat_data(self, chat_id: int, data: JSONDict) -> None:
        """Queue one chat's data for the next :meth:`commit` (nothing if it did not change)."""
        encoded = json.dumps(data, ensure_ascii=False)
        self._queue(
            ("chat", chat_id),
            encoded,
            """INSERT INTO ptb_chat_data (chat_id, data) VALUES (?, ?)
               ON CONFLICT (chat_id) DO UPDATE SET data = excluded.data""",
            (chat_id, encoded),
        )

    def _queue(self, key: tuple[Any, ...], value: str | None, sql: str, params: tuple[Any, ...]) -> None:
        if key in self._written and self._written[key] == value:
            self._pending.pop(key, None)
            return
        self._pending[key] = (value, sql, params)

    def mark_processed(self, update_id: int, now: dt.datetime, *, bot_id: int | None = None) -> None:
        """Write this update's processed mark (and, for ``bot_id``, its confirmation) with the next commit."""
        self._processed = (update_id, now, bot_id)

    async def commit(self) -> None:
        """Write the queued states, data and processed mark in one transaction (none if nothing changed)."""
        if not self._pending and self._processed is None:
            return
        pending, processed = self._pending, self._processed
        self._pending, self._processed = {}, None
        try:
            async with self.db.transaction() as tx:
                for _, sql, params in pending.values():
                    await tx.execute(sql, params)
                if processed is not None:
                    update_id, now, bot_id = processed
                    await updates.remember_in(tx, update_id, now)
                    if bot_id is not None:
                        await updates.advance_in(tx, bot_id, update_id, now)
        except BaseException:
            # keep what was not written for the next attempt (newer values queued meanwhile win)
            self._pending = {**pending, **self._pending}
            self._processed = self._processed or processed
            raise
        for key, (value, _, _) in pending.items():
            if value is None:
                self._written.pop(key, None)
            else:
                self._written[key] = value

    async def update_bot_data(self, data: JSONDict) -> None:
        """Bot data is not persisted."""

    async def update_callback_data(self, data: Any) -> None:
        """Callback data is not persisted."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Forget one chat's data."""
        async with self.db.transaction() as tx:
            await tx.execute("DELETE FROM ptb_chat_data WHERE chat_id = ?", (chat_id,))
        self._written.pop(("chat", chat_id), None)
        self._pending.pop(("chat", chat_id), None)

    async def drop_user_data(self, user_id: int) -> None:
        """Forget one user's data."""
        async with self.db.transaction() as tx:
            await tx.execute("DELETE FROM ptb_user_data WHERE user_id = ?", (user_id,))
        self._written.pop(("user", user_id), None)
        self._pending.pop(("user", user_id), None)

    async def refresh_user_data(self, user_id: int, user_data: JSONDict) -> None:
        """Nothing to refresh: this process is the only writer."""

    async def refresh_chat_data(self, chat_id: int, chat_data: JSONDict) -> None:
        """Nothing to refresh: this process is the only writer."""

    async def refresh_bot_data(self, bot_data: JSONDict) -> None:
        """Bot data is not persisted."""

    async def flush(self) -> None:
        """Write whatever is still queued (PTB calls this at shutdown)."""
        await self.commit()
