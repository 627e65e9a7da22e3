"""python-telegram-bot persistence on the application's SQLite file (JSON, not pickle).

Conversation states, user data and chat data live in the same database as the requests, so a bot killed
mid-conversation resumes at the same step. Bot data and callback data are not persisted: the bot keeps
its shared state in proper tables, and its callback data is plain strings.
"""

from __future__ import annotations

import json
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import ConversationDict, ConversationKey

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

    async def get_user_data(self) -> dict[int, JSONDict]:
        """All stored user data."""
        rows = await self.db.fetchall("SELECT user_id, data FROM ptb_user_data")
        return {int(r["user_id"]): json.loads(r["data"]) for r in rows}

    async def get_chat_data(self) -> dict[int, JSONDict]:
        """All stored chat data."""
        rows = await self.db.fetchall("SELECT chat_id, data FROM ptb_chat_data")
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
        return {tuple(json.loads(r["key"])): json.loads(r["state"]) for r in rows}

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        """Store (or, when ended, delete) one conversation's state."""
        encoded_key = json.dumps(list(key))
        async with self.db.transaction() as tx:
            if new_state is None:
                await tx.execute(
                    "DELETE FROM ptb_conversations WHERE name = ? AND key = ?", (name, encoded_key)
                )
            else:
                await tx.execute(
                    """INSERT INTO ptb_conversations (name, key, state) VALUES (?, ?, ?)
                       ON CONFLICT (name, key) DO UPDATE SET state = excluded.state""",
                    (name, encoded_key, json.dumps(new_state)),
                )

    async def update_user_data(self, user_id: int, data: JSONDict) -> None:
        """Store one user's data."""
        async with self.db.transaction() as tx:
            await tx.execute(
                """INSERT INTO ptb_user_data (user_id, data) VALUES (?, ?)
                   ON CONFLICT (user_id) DO UPDATE SET data = excluded.data""",
                (user_id, json.dumps(data, ensure_ascii=False)),
            )

    async def update_chat_data(self, chat_id: int, data: JSONDict) -> None:
        """Store one chat's data."""
        async with self.db.transaction() as tx:
            await tx.execute(
                """INSERT INTO ptb_chat_data (chat_id, data) VALUES (?, ?)
                   ON CONFLICT (chat_id) DO UPDATE SET data = excluded.data""",
                (chat_id, json.dumps(data, ensure_ascii=False)),
            )

    async def update_bot_data(self, data: JSONDict) -> None:
        """Bot data is not persisted."""

    async def update_callback_data(self, data: Any) -> None:
        """Callback data is not persisted."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Forget one chat's data."""
        async with self.db.transaction() as tx:
            await tx.execute("DELETE FROM ptb_chat_data WHERE chat_id = ?", (chat_id,))

    async def drop_user_data(self, user_id: int) -> None:
        """Forget one user's data."""
        async with self.db.transaction() as tx:
            await tx.execute("DELETE FROM ptb_user_data WHERE user_id = ?", (user_id,))

    async def refresh_user_data(self, user_id: int, user_data: JSONDict) -> None:
        """Nothing to refresh: this process is the only writer."""

    async def refresh_chat_data(self, chat_id: int, chat_data: JSONDict) -> None:
        """Nothing to refresh: this process is the only writer."""

    async def refresh_bot_data(self, bot_data: JSONDict) -> None:
        """Bot data is not persisted."""

    async def flush(self) -> None:
        """Every write is committed as it happens."""
