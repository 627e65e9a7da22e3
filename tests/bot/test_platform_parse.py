"""The HTTP seam parses each update of a batch on its own; one that fails becomes a stand-in with its id."""

from __future__ import annotations

import json

from telegram import Update

from bot.platform import UNPARSABLE, TolerantRequest, unparsable


def _message(update_id: int, **content: object) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_700_000_000,
            "chat": {"id": 101, "type": "private"},
            "from": {"id": 101, "first_name": "Ali"},  # Bale-shaped: no is_bot
            **content,
        },
    }


def _batch(*updates: dict[str, object]) -> list[Update]:
    payload = json.dumps({"ok": True, "result": list(updates)}).encode()
    result = TolerantRequest.parse_json_payload(payload)["result"]
    return [u for u in (Update.de_json(item, None) for item in result) if u is not None]


def test_a_batch_with_one_unparsable_update_still_parses_whole() -> None:
    broken = _message(2, poll={"id": "p", "question": "?"})
    first, middle, last = _batch(_message(1, text="hi"), broken, _message(3, text="bye"))
    assert first.message is not None and first.message.text == "hi"
    assert last.message is not None and last.message.text == "bye"
    assert middle.update_id == 2 and middle.message is None
    found = unparsable(middle)
    assert found is not None
    raw, error = found
    assert json.loads(raw) == broken  # as it arrived, before the missing fields were filled
    assert error.startswith("TypeError: ")


def test_parsable_updates_are_not_stand_ins() -> None:
    [update] = _batch(_message(1, text="hi"))
    assert unparsable(update) is None
    assert UNPARSABLE not in update.api_kwargs


def test_other_responses_pass_through() -> None:
    payload = json.dumps({"ok": True, "result": {"id": 5, "is_bot": True, "first_name": "r"}}).encode()
    assert TolerantRequest.parse_json_payload(payload)["result"] == {
        "id": 5,
        "is_bot": True,
        "first_name": "r",
    }


def test_a_sent_message_keeps_its_fields_and_gets_only_what_bale_leaves_out() -> None:
    sent = {
        "message_id": 5,
        "date": 1,
        "chat": {"id": 1, "type": "private"},
        "reply_to_message": {"message_id": 4, "chat": {"id": 1, "type": "private"}, "from": {"id": 1}},
    }
    result = TolerantRequest.parse_json_payload(json.dumps({"ok": True, "result": sent}).encode())["result"]
    assert result["date"] == 1 and result["message_id"] == 5
    assert result["reply_to_message"]["from"]["is_bot"] is False
