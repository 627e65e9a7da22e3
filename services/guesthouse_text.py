"""The guesthouse service in Persian: pure functions from its data to texts and keyboards, all words from
:mod:`texts.guesthouse`.

No database, no transaction, no outbox here: the use cases (:mod:`services.guesthouse`) and the conversation
(:mod:`conversations.guesthouse`) call these and send what they return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from domain import guesthouse as gh
from domain.buttons import MY_CANCEL
from domain.guesthouse import GhAction, House, Refusal
from domain.jalali import to_jalali
from services.guesthouse_model import HouseDay
from services.messages import inline_keyboard, text_message
from services.render import fa, rials
from storage.models import Employee, Request
from texts import common as t
from texts import guesthouse as gh_t
from texts import paperwork as paper_t

TITLE = gh_t.GH_TITLE
STATUS_LABELS = gh_t.GH_STATUS_LABELS
ACTION_LABELS = gh_t.GH_ACTION_LABELS
#: How the voucher is named where documents are checked.
VOUCHER_LABEL = paper_t.PAPER_KIND_GUESTHOUSE_VOUCHER
#: A clerk proposed no day.
PROPOSE_EMPTY = gh_t.GH_PROPOSE_EMPTY
#: The owner cancels once the check-in moment has passed.
TOO_LATE_TO_CANCEL = gh_t.GH_TOO_LATE_TO_CANCEL


def day_label(day: dt.date) -> str:
    """A day as Persian readers expect it: weekday, day, Jalali month name and year."""
    j = to_jalali(day)
    return gh_t.GH_DAY.format(
        weekday=gh_t.GH_WEEKDAYS[int(j.weekday())],
        day=fa(j.day),
        month=t.JALALI_MONTHS[j.month - 1],
        year=fa(j.year),
    )


def moment_label(day: dt.date, at: dt.time) -> str:
    """A day and a time of day."""
    return gh_t.GH_MOMENT.format(day=day_label(day), time=fa(at.strftime("%H:%M")))


def stay_summary(house: House, day: dt.date) -> dict[str, str]:
    """Check-in and check-out as the employee reads them."""
    leave = gh.check_out_day(day, house.policy.nights)
    return {
        "check_in": moment_label(day, house.policy.check_in),
        "check_out": moment_label(leave, house.policy.check_out),
    }


def house_title(kind: str, name: str) -> str:
    """A house as the voucher and the operator name it: its kind, then its name."""
    return f"{gh_t.GUESTHOUSE_KINDS[kind]} {name}"


def _names(names: Sequence[str]) -> str:
    return gh_t.GH_LIST_SEPARATOR.join(names) or gh_t.GH_NONE


def describe(payload: dict[str, Any]) -> list[str]:
    """The card lines of a booking request (and its lines in "my requests")."""
    if "house" not in payload:
        return []
    kind = gh_t.GUESTHOUSE_KINDS.get(payload.get("kind", ""), "")
    lines = [
        gh_t.GH_CARD_HOUSE.format(kind=kind, name=payload["house_name"], city=payload["city"]),
        gh_t.GH_CARD_STAY.format(
            check_in=payload["check_in_label"],
            check_out=payload["check_out_label"],
            nights=fa(payload["nights"]),
        ),
        gh_t.GH_CARD_GUESTS.format(count=fa(len(payload["guests"])), names=_names(payload["guests"])),
        gh_t.GH_CARD_FEE.format(fee=rials(payload["fee"])),
        (gh_t.GH_CARD_FIRST_TIME if payload.get("first_timer") else gh_t.GH_CARD_STAYED_BEFORE).format(
            kind=kind
        ),
    ]
    if payload.get("proposals"):
        days = [day_label(dt.date.fromisoformat(d)) for d in payload["proposals"]]
        lines.append(gh_t.GH_CARD_PROPOSALS.format(days=_names(days)))
    if payload.get("room_label"):
        lines.append(gh_t.GH_CARD_ROOM.format(room=payload["room_label"]))
    if payload.get("hold_until_label") and not payload.get("payment_ref"):
        lines.append(gh_t.GH_CARD_HOLD_UNTIL.format(until=payload["hold_until_label"]))
    if payload.get("payment_ref"):
        lines.append(gh_t.GH_CARD_PAYMENT_REF.format(ref=fa(payload["payment_ref"])))
    return lines


def hold_warning(request: Request, until_label: str) -> str:
    """The warning some hours before an unpaid hold ends."""
    p = request.payload
    return gh_t.GH_HOLD_WARNING.format(
        code=request.tracking_code,
        until=until_label,
        room=p.get("room_label", ""),
        name=p.get("house_name", ""),
    )


def held_notice(request: Request, account: str) -> dict[str, Any]:
    """The owner's message when a room is held: fee, account, deadline and the receipt button."""
    p = request.payload
    return text_message(
        gh_t.GH_HELD.format(
            code=request.tracking_code,
            room=p["room_label"],
            name=p["house_name"],
            until=p["hold_until_label"],
            check_in=p["check_in_label"],
            check_out=p["check_out_label"],
            fee=rials(p["fee"]),
            account=account,
        ),
        inline_keyboard([[(gh_t.GH_BTN_PAY, gh.PAY.data(request.id))]]),
    )


def owner_notice(request: Request, action: str, note: str | None) -> dict[str, Any] | None:
    """What the owner is told after the office (or a timer) moved the booking."""
    p, code = request.payload, request.tracking_code
    if action == GhAction.CONFIRM:
        return held_notice(request, p.get("account", ""))
    if action == GhAction.PROPOSE:
        rows = [
            [
                (
                    gh_t.GH_BTN_PROPOSAL.format(day=day_label(dt.date.fromisoformat(d))),
                    gh.PICK.data(f"{request.id}-{i}"),
                )
            ]
            for i, d in enumerate(p.get("proposals", []))
        ]
        rows.append([(gh_t.GH_BTN_NONE_SUITS, MY_CANCEL.data(request.id))])
        asked = day_label(dt.date.fromisoformat(p["asked_check_in"]))
        return text_message(gh_t.GH_PROPOSED.format(code=code, asked=asked), inline_keyboard(rows))
    if action == GhAction.REJECT:
        return text_message(t.REQUEST_REJECTED.format(title=TITLE, code=code, reason=note or ""))
    if action == GhAction.EXPIRE:
        return text_message(
            (gh_t.GH_HOLD_EXPIRED if p.get("ended") == "hold" else gh_t.GH_LAPSED).format(code=code)
        )
    return None  # verify sends the voucher itself; complete needs no message


def refusal_reason(why: Refusal) -> str:
    """Why a check-in day cannot be had, in one phrase."""
    return gh_t.GH_REFUSALS[why]


def refused(why: Refusal, *, by_owner: bool) -> str:
    """A day refused: to the employee who picked it, or to the clerk who would hold or propose it."""
    reason = refusal_reason(why)
    return (
        gh_t.GH_DAY_REFUSED.format(reason=reason) if by_owner else gh_t.GH_CANNOT_HOLD.format(reason=reason)
    )


def operator_cancelled(request: Request, house: House) -> str:
    """The operator's message when a booking at their house is called off."""
    return gh_t.GH_OPERATOR_CANCELLED.format(
        code=request.tracking_code,
        name=house.name,
        room=request.payload.get("room_label", ""),
        check_in=request.payload["check_in_label"],
    )


def voucher_text(request: Request, house: House) -> str:
    """The voucher as a message: the stay, the guests, the fee and the payment's reference."""
    p = request.payload
    return gh_t.GH_VOUCHER_TEXT.format(
        code=request.tracking_code,
        kind=gh_t.GUESTHOUSE_KINDS[p["kind"]],
        name=house.name,
        city=house.city,
        room=p["room_label"],
        check_in=p["check_in_label"],
        check_out=p["check_out_label"],
        nights=fa(p["nights"]),
        guests=_names(p["guests"]),
        fee=rials(p["fee"]),
        ref=fa(p.get("payment_ref", "")),
    )


def voucher_caption(request: Request) -> str:
    """The caption of the voucher's PDF."""
    return gh_t.GH_VOUCHER_CAPTION.format(code=request.tracking_code)


def operator_new(request: Request, house: House, employee: Employee) -> str:
    """The operator's message about a confirmed booking: the guest, the room, the stay and the payment."""
    p = request.payload
    return gh_t.GH_OPERATOR_NEW.format(
        name=house_title(p["kind"], house.name),
        code=request.tracking_code,
        guest=employee.full_name,
        national_id=fa(employee.national_id),
        mobile=fa(employee.mobile),
        room=p["room_label"],
        check_in=p["check_in_label"],
        check_out=p["check_out_label"],
        nights=fa(p["nights"]),
        count=fa(len(p["guests"])),
        guests=_names(p["guests"]),
        fee=rials(p["fee"]),
        ref=fa(p.get("payment_ref", "")),
    )


def reminders(request: Request, house: House, day: dt.date) -> dict[str, str]:
    """The stay's three reminders by name (``eve``, ``morning``, ``checkout``)."""
    room = request.payload["room_label"]
    return {
        "eve": gh_t.GH_REMIND_EVE.format(
            day=day_label(day), name=house.name, city=house.city, code=request.tracking_code
        ),
        "morning": gh_t.GH_REMIND_MORNING.format(
            room=room,
            name=house.name,
            time=fa(house.policy.check_in.strftime("%H:%M")),
            code=request.tracking_code,
        ),
        "checkout": gh_t.GH_REMIND_CHECKOUT.format(
            room=room, name=house.name, time=fa(house.policy.check_out.strftime("%H:%M"))
        ),
    }


def operator_day_text(days: Sequence[HouseDay]) -> str:
    """The /today message."""
    blocks = []
    for d in days:
        lines = [
            gh_t.GH_TODAY_TITLE.format(
                kind=gh_t.GUESTHOUSE_KINDS[d.house.kind], name=d.house.name, day=day_label(d.day)
            )
        ]
        for title, requests in (
            (gh_t.GH_TODAY_ARRIVALS, d.arrivals),
            (gh_t.GH_TODAY_DEPARTURES, d.departures),
        ):
            lines.append(title.format(count=fa(len(requests))))
            lines += [
                gh_t.GH_TODAY_LINE.format(
                    room=r.payload.get("room_label", ""),
                    guest=(r.payload.get("guests") or [""])[0],
                    count=fa(len(r.payload.get("guests", []))),
                    code=r.tracking_code,
                )
                for r in requests
            ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
