"""One module per service conversation.

Each module in :data:`SERVICE_MODULES` exposes ``build_conversation(settings)`` (its persistent
ConversationHandler) and ``handlers(settings)`` (its one-shot handlers: admin-group buttons of its own,
operator commands); ``bot.app.register_handlers`` registers them in this order.
"""

from __future__ import annotations

from types import ModuleType

from conversations import booklet, guesthouse, loan

SERVICE_MODULES: tuple[ModuleType, ...] = (booklet, loan, guesthouse)
