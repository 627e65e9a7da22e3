"""Documents queued for rendering when they are sent, so no PDF is drawn inside a database transaction.

A use case that decides inside its transaction that a document is owed (a loan is funded, a booking is paid)
queues a ``sendDocument`` row carrying the document's kind and JSON data instead of its bytes; the outbox
sender renders it (showing the "sending a document" chat action), stores the bytes on the row and sends it.
A service declares the kinds it queues in ``ServiceSpec.documents`` (see :func:`renderer`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from services.kit import Env, Renderer
from storage import outbox
from storage.db import Tx

M = TypeVar("M", bound=BaseModel)


def renderer(model: type[M], render: Callable[[M], bytes]) -> Renderer:
    """A renderer of JSON data through a document model (``renderer(BankLetterData, render_bank_letter)``)."""

    def from_json(data: dict[str, Any]) -> bytes:
        return render(model.model_validate(data))

    from_json.__doc__ = render.__doc__
    return from_json


async def queue_document(
    tx: Tx,
    env: Env,
    *,
    chat_id: int,
    kind: str,
    data: BaseModel,
    filename: str,
    caption: str | None = None,
    reply_markup: dict[str, Any] | None = None,
    request_id: int | None = None,
    dedupe_key: str | None = None,
) -> int:
    """Owe ``chat_id`` the document ``kind`` drawn from ``data``; it is rendered when sent."""
    payload: dict[str, Any] = {
        "filename": filename,
        "render": {"kind": kind, "data": data.model_dump(mode="json")},
    }
    if caption is not None:
        payload["caption"] = caption
    if reply_markup is not None:
        payload["reply_markup"] = reply_markup
    return await outbox.enqueue(
        tx,
        chat_id=chat_id,
        method="sendDocument",
        payload=payload,
        now=env.clock.now(),
        request_id=request_id,
        dedupe_key=dedupe_key,
    )
