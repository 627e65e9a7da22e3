"""Telegram and Bale speak one Bot API, with gaps, bridged here at the HTTP seam (see docs/bale.md).

In: PTB drops an update whose JSON lacks a required field, so every response is normalised before PTB
parses it: a callback query without ``chat_instance`` gets one derived from its chat, a user without
``is_bot`` is a person, a message without ``date`` is dated now. Telegram's updates pass through unchanged.

Out (Bale only): every call is reduced to what Bale documents before it leaves: PTB's ``reply_parameters``
becomes ``reply_to_message_id``; Telegram-only fields (``allowed_updates``, ``is_persistent``,
``input_field_placeholder``, ``message_thread_id``, link previews...) are dropped; a ``ForceReply`` is never
sent (the clerks' reason prompt does without it on Bale).

PTB parses a getUpdates batch as a whole, so one update it cannot parse would fail the batch again and
again. Each update is therefore tried on its own here; one that fails is replaced by an empty update with
the same id carrying the raw JSON and the error (:func:`unparsable`), which the polling loop keeps and
confirms.
"""

from __future__ import annotations

import copy
import json
import time
from typing import Any

from telegram import Update
from telegram.request import HTTPXRequest, RequestData
from telegram.request._requestparameter import RequestParameter

JSON = dict[str, Any]

#: The key of an unparsable update's stand-in that carries what arrived and why it failed.
UNPARSABLE = "refah_unparsable"

_MESSAGE_KEYS = ("message", "edited_message", "channel_post", "edited_channel_post")


def normalise_update(update: JSON) -> JSON:
    """Fill the fields PTB requires that Bale may leave out (in place; returns the update)."""
    for key in _MESSAGE_KEYS:
        if isinstance(update.get(key), dict):
            _message(update[key])
    query = update.get("callback_query")
    if isinstance(query, dict):
        _user(query.get("from"))
        message = query.get("message")
        if isinstance(message, dict):
            _message(message)
        if "chat_instance" not in query:
            chat = (message or {}).get("chat") or {}
            query["chat_instance"] = str(chat.get("id") or (query.get("from") or {}).get("id") or "0")
    return update


def _message(message: JSON) -> None:
    message.setdefault("date", int(time.time()))
    _user(message.get("from"))
    chat = message.get("chat")
    if isinstance(chat, dict) and "type" not in chat:
        chat["type"] = "private" if int(chat.get("id", 0)) > 0 else "group"
    reply = message.get("reply_to_message")
    if isinstance(reply, dict):
        _message(reply)


def _user(user: Any) -> None:
    if isinstance(user, dict):
        user.setdefault("is_bot", False)
        user.setdefault("first_name", "")


def normalise_payload(data: JSON) -> JSON:
    """Normalise a Bot API response: ``getUpdates``-shaped results, and a sent Message (its quoted
    ``reply_to_message`` carries the user as Bale sends them).

    Each update is normalised and parsed on its own; one that does not parse becomes its stand-in.
    """
    result = data.get("result")
    if isinstance(result, dict) and "message_id" in result:
        _message(result)
    elif isinstance(result, list):
        for index, item in enumerate(result):
            if isinstance(item, dict) and isinstance(item.get("update_id"), int):
                result[index] = _parsable(item)
    return data


def _parsable(item: JSON) -> JSON:
    """The normalised update if PTB can parse it, else a stand-in with its id, raw JSON and the error."""
    raw = copy.deepcopy(item)
    try:
        Update.de_json(normalise_update(item), None)
    except Exception as error:
        reason = f"{type(error).__name__}: {error}"
        return {"update_id": raw["update_id"], UNPARSABLE: {"raw": raw, "error": reason}}
    return item


def unparsable(update: Update) -> tuple[str, str] | None:
    """For the stand-in of an update PTB could not parse: its raw JSON and the error; else None."""
    found = update.api_kwargs.get(UNPARSABLE)
    if not isinstance(found, dict):
        return None
    return json.dumps(found.get("raw"), ensure_ascii=False), str(found.get("error"))


#: How Telegram (and the local server) refuse an answer to a press they no longer wait for.
_QUERY_GONE = b"query is too old"


class TolerantRequest(HTTPXRequest):
    """PTB's HTTPX transport, normalising each response before PTB parses it.

    An answer to a press Telegram no longer waits for (older than about 15 s: a press redelivered after a
    crash or an outage, or answered once already before the crash) is moot, not an error: it is taken as
    done, so the handler goes on to do what the press asked instead of failing before it.
    """

    async def do_request(  # type: ignore[override]
        self, url: str, method: str, request_data: RequestData | None = None, **kwargs: Any
    ) -> tuple[int, bytes]:
        """Send the call; a refused answer to a stale press counts as answered."""
        code, payload = await super().do_request(url, method, request_data, **kwargs)
        if code == 400 and url.endswith("/answerCallbackQuery") and _QUERY_GONE in payload.lower():
            return 200, b'{"ok": true, "result": true}'
        return code, payload

    @staticmethod
    def parse_json_payload(payload: bytes) -> JSON:
        """Parse like PTB, then fill the fields Bale leaves out and set aside updates that do not parse."""
        return normalise_payload(HTTPXRequest.parse_json_payload(payload))


#: Parameters Bale does not document, dropped from every call (docs/bale.md lists the sources).
BALE_DROPPED_PARAMETERS = frozenset(
    {
        "allowed_updates",
        "drop_pending_updates",
        "secret_token",
        "message_thread_id",
        "link_preview_options",
        "disable_notification",
        "protect_content",
        "allow_sending_without_reply",
        "message_effect_id",
        "business_connection_id",
        "allow_paid_broadcast",
    }
)
#: Reply-keyboard fields Bale does not document.
BALE_DROPPED_MARKUP_FIELDS = frozenset({"is_persistent", "input_field_placeholder", "selective"})


def bale_parameters(parameters: dict[str, Any]) -> dict[str, Any]:
    """A call's parameters reduced to Bale's surface (pure: the tests check it field by field)."""
    out = {k: v for k, v in parameters.items() if k not in BALE_DROPPED_PARAMETERS}
    reply = out.pop("reply_parameters", None)
    if isinstance(reply, dict) and "message_id" in reply and "reply_to_message_id" not in out:
        out["reply_to_message_id"] = reply["message_id"]
    markup = out.get("reply_markup")
    if isinstance(markup, dict):
        if "force_reply" in markup:
            out.pop("reply_markup")
        else:
            out["reply_markup"] = {k: v for k, v in markup.items() if k not in BALE_DROPPED_MARKUP_FIELDS}
    return out


class BaleRequest(TolerantRequest):
    """The transport for Bale: Telegram's calls reduced to what Bale documents, responses normalised."""

    async def do_request(  # type: ignore[override]
        self, url: str, method: str, request_data: RequestData | None = None, **kwargs: Any
    ) -> tuple[int, bytes]:
        """Send the call with its parameters reduced to Bale's surface."""
        if request_data is not None and not request_data.contains_files:
            reduced = bale_parameters(request_data.parameters)
            request_data = RequestData([RequestParameter(k, v, None) for k, v in reduced.items()])
        elif request_data is not None:
            kept = [
                p
                for p in request_data._parameters
                if p.name not in BALE_DROPPED_PARAMETERS | {"reply_parameters"}
            ]
            request_data = RequestData(kept)
        return await super().do_request(url, method, request_data, **kwargs)


def transport(is_bale: bool, **kwargs: Any) -> TolerantRequest:
    """The HTTP transport for the platform."""
    return BaleRequest(**kwargs) if is_bale else TolerantRequest(**kwargs)
