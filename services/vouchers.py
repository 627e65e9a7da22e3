"""Goods vouchers (bon-e kala): the campaign, the vouchers issued to everyone it names, the cooperative's
redemption (once, before the campaign ends) and, in cash mode, the payment list and the deposit notice.

A voucher campaign files no requests: every beneficiary gets a voucher row (goods mode: an unguessable code,
sent in the chat with its QR image; cash mode: no code, finance deposits the amount). The announcement is
followed like every campaign's (:mod:`services.campaigns`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from documents.campaigns import VoucherPayRow, render_voucher_list
from documents.qr import qr_png, read_qr
from domain.buttons import ID, Button
from domain.people import EmployeeStatus
from domain.vouchers import (
    CodeRefusal,
    Mode,
    RedeemCode,
    RedeemRefusal,
    Voucher,
    VoucherCampaign,
    beneficiaries,
    new_voucher_code,
    parse_voucher_code,
    redeem,
)
from domain.workflow import Role, Workflow, holds
from services import campaigns
from services.campaigns import Followed, UnknownCampaign, jalali_day
from services.kit import Env, ServiceSpec
from services.messages import inline_keyboard, text_message
from services.render import fa, jalali_time, rials
from storage import outbox
from storage.campaigns import delivery
from storage.db import Tx
from storage.models import Reminder
from storage.roles import Roles
from storage.vouchers import (
    Beneficiary,
    IssuedVoucher,
    NewVoucher,
    Vouchers,
    insert_campaign,
    insert_vouchers,
    mark_paid,
    mark_used,
)
from texts import common as t
from texts import vouchers as vc_t

SERVICE = "vouchers"
FEATURE = "vc"
TICK = "vc_tick"
FOLLOWED = Followed(table="voucher_campaigns", feature=FEATURE)
#: Finance marks a cash campaign's list deposited.
PAID = Button(FEATURE, "paid", ID)


def title(amount: int, ends_on: dt.date) -> str:
    """A campaign's name."""
    return vc_t.VC_CAMPAIGN_TITLE.format(amount=rials(amount), ends_on=jalali_day(ends_on))


def statuses_label(statuses: Sequence[str]) -> str:
    """The groups a campaign names, in Persian."""
    ordered = [s.value for s in EmployeeStatus if s.value in statuses]
    return vc_t.VC_STATUS_SEPARATOR.join(t.EMPLOYEE_STATUS_LABELS[s] for s in ordered)


def _rules(amount: int, statuses: Sequence[str], mode: str, ends_on: dt.date) -> VoucherCampaign:
    return VoucherCampaign(amount, frozenset(EmployeeStatus(s) for s in statuses), Mode(mode), ends_on)


# --- opening ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """Who a campaign would reach, before it is opened."""

    count: int
    total: int


async def plan(env: Env, *, amount: int, statuses: Sequence[str]) -> Plan:
    """How many people the statuses name, and what the campaign would cost."""
    people = await Vouchers(env.db).beneficiaries(statuses)
    return Plan(len(people), len(people) * amount)


@dataclass(frozen=True)
class Opened:
    """What opening a campaign did."""

    campaign_id: int
    created: bool
    count: int
    queued: int
    title: str


async def open_campaign(
    env: Env,
    *,
    actor: int,
    amount: int,
    statuses: Sequence[str],
    mode: str,
    ends_on: dt.date,
    key: str,
) -> Opened:
    """An admin opens a campaign: a voucher for everyone it names, told in the chat; once per ``key``."""
    await campaigns.require_admin(env, actor)
    rules = _rules(amount, statuses, mode, ends_on)
    name = title(amount, ends_on)
    key = f"vc-{key}"
    store = Vouchers(env.db)
    if (existing := await store.by_key(key)) is not None:
        return Opened(existing.id, False, 0, 0, name)
    people = list(beneficiaries(rules, await store.beneficiaries(statuses)))
    codes = _fresh_codes(len(people)) if rules.issues_codes else [None] * len(people)
    # Rendering happens before the transaction, off the event loop (hundreds of images take a while).
    images = await asyncio.to_thread(_render_codes, codes)
    xlsx = None if rules.issues_codes else await asyncio.to_thread(_payment_list, people, amount, name)
    now = env.clock.now()
    async with env.db.transaction() as tx:
        campaign_id = await insert_campaign(
            tx,
            key=key,
            amount=amount,
            statuses=sorted(str(s) for s in rules.statuses),
            mode=str(rules.mode),
            ends_on=ends_on,
            opened_by=actor,
            now=now,
        )
        if not campaign_id:
            again = await Vouchers(tx).by_key(key)
            assert again is not None
            return Opened(again.id, False, 0, 0, name)
        vouchers = [NewVoucher(p.employee_id, p.user_id, code) for p, code in zip(people, codes, strict=True)]
        await insert_vouchers(tx, campaign_id, vouchers, amount, now)
        queued = 0
        for person, code, image in zip(people, codes, images, strict=True):
            if person.user_id is None:
                continue
            queued += 1
            await _announce(tx, campaign_id, person, code, image, rules, now)
        if xlsx is not None:
            await _send_list(tx, campaign_id, name, len(people), amount, xlsx, now)
        armed = await campaigns.arm_tick(tx, FOLLOWED, campaign_id, now)
    env.reminders_changed([armed])
    env.wake_outbox()
    return Opened(campaign_id, True, len(people), queued, name)


def _fresh_codes(count: int) -> list[str | None]:
    """``count`` distinct codes (the database's unique index guards against any older one)."""
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(new_voucher_code())
    return list(codes)


def _render_codes(codes: Sequence[str | None]) -> list[bytes | None]:
    return [qr_png(code) if code else None for code in codes]


def _payment_list(people: Sequence[Beneficiary], amount: int, name: str) -> bytes:
    rows = [
        VoucherPayRow(
            personnel_no=p.personnel_no,
            full_name=p.full_name,
            status=t.EMPLOYEE_STATUS_LABELS.get(p.status, p.status),
            amount=amount,
            sheba=p.sheba,
        )
        for p in people
    ]
    return render_voucher_list(rows, title=vc_t.VC_DOC_LIST_TITLE.format(title=name))


async def _announce(
    tx: Tx,
    campaign_id: int,
    person: Beneficiary,
    code: str | None,
    image: bytes | None,
    rules: VoucherCampaign,
    now: dt.datetime,
) -> None:
    """The voucher (goods: its code and QR image) or the deposit to come (cash), to one person."""
    assert person.user_id is not None
    dedupe, purpose = f"vc:{campaign_id}:issue:{person.employee_id}", FOLLOWED.purpose(campaign_id)
    if code is not None and image is not None:
        caption = vc_t.VC_ISSUED_CAPTION.format(
            amount=rials(rules.amount), code=code, ends_on=jalali_day(rules.ends_on)
        )
        await outbox.enqueue(
            tx,
            chat_id=person.user_id,
            method="sendPhoto",
            payload={"caption": caption, "filename": f"voucher-{code}.png"},
            document=image,
            now=now,
            dedupe_key=dedupe,
            purpose=purpose,
        )
        return
    text = vc_t.VC_CASH_ANNOUNCE.format(
        amount=rials(rules.amount), statuses=statuses_label([str(s) for s in rules.statuses])
    )
    await outbox.enqueue(
        tx,
        chat_id=person.user_id,
        method="sendMessage",
        payload=text_message(text),
        now=now,
        dedupe_key=dedupe,
        purpose=purpose,
    )


async def _send_list(
    tx: Tx, campaign_id: int, name: str, count: int, amount: int, xlsx: bytes, now: dt.datetime
) -> None:
    """Cash mode: the payment list with Sheba numbers to every finance holder, with the paid button."""
    caption = vc_t.VC_LIST_CAPTION.format(title=name, count=fa(count), total=rials(count * amount))
    keyboard = inline_keyboard([[(vc_t.VC_BTN_PAID, PAID.data(campaign_id))]])
    for holder in await Roles(tx).holders(Role.FINANCE):
        await outbox.enqueue(
            tx,
            chat_id=holder,
            method="sendDocument",
            payload={
                "filename": f"vouchers-{campaign_id}.xlsx",
                "caption": caption,
                "reply_markup": keyboard,
            },
            document=xlsx,
            now=now,
            dedupe_key=f"vc:{campaign_id}:list:{holder}",
        )


async def follow(env: Env, campaign_id: int, chat_id: int, message_id: int) -> None:
    """Keep the opener's progress message up to date."""
    await campaigns.follow(env, FOLLOWED, campaign_id, chat_id, message_id)


async def progress_text(env: Env, *, campaign_id: int, actor: int) -> str:
    """The announcement's progress now (admins only)."""
    counts = await campaigns.progress(env, FOLLOWED, campaign_id, actor)
    return campaigns.progress_text(await _title_of(env.db, campaign_id), counts)


async def _title_of(q: Any, campaign_id: int) -> str:
    stored = await Vouchers(q).campaign(campaign_id)
    return title(stored.amount, stored.ends_on) if stored else ""


async def tick_due(tx: Tx, env: Env, reminder: Reminder) -> bool:
    """Look at the announcement's progress."""
    await campaigns.tick(tx, env, reminder, FOLLOWED, _title_of)
    return False


async def overview(env: Env, *, actor: int) -> str:
    """The latest campaigns: issued, redeemed and open vouchers, and the announcement (admins only)."""
    await campaigns.require_admin(env, actor)
    store = Vouchers(env.db)
    day = env.clock.now().astimezone(env.zone).date()
    blocks = []
    for c in await store.campaigns():
        counts = await store.counts(c.id, day)
        sent = await delivery(env.db, FOLLOWED.purpose(c.id))
        block = vc_t.VC_CAMPAIGN_SUMMARY.format(
            title=title(c.amount, c.ends_on),
            mode=vc_t.VC_MODE_LABELS.get(c.mode, c.mode),
            issued=fa(counts.issued),
            redeemed=fa(counts.redeemed),
            open=fa(counts.open),
            sent=fa(sent.sent),
            unreachable=fa(sent.unreachable),
            pending=fa(sent.pending),
        )
        if c.paid_at is not None:
            block += "\n" + vc_t.VC_CAMPAIGN_PAID.format(at=jalali_time(c.paid_at, env.zone))
        blocks.append(block)
    return "\n\n".join(blocks) or vc_t.VC_CAMPAIGNS_NONE


# --- the cooperative's counter ------------------------------------------------------------------------------


class NotOperator(PermissionError):
    """Only the cooperative's operators redeem vouchers."""


async def _require_operator(env: Env, actor: int) -> None:
    if actor not in env.super_admins and not holds(await Roles(env.db).grants(actor), Role.COOP_OPERATOR):
        raise NotOperator(actor)


async def redeem_typed(env: Env, *, typed: str, actor: int, actor_name: str) -> str:
    """Redeem the voucher whose code was typed; the reply for the counter (done, or why not)."""
    await _require_operator(env, actor)
    code = parse_voucher_code(typed)
    if isinstance(code, CodeRefusal):
        return vc_t.VC_REDEEM_CODE_REFUSED[code]
    return await _redeem(env, code, actor, actor_name)


async def redeem_photo(env: Env, *, image: bytes, actor: int, actor_name: str) -> str:
    """Redeem the voucher whose QR code is in the photo; the reply for the counter."""
    await _require_operator(env, actor)
    found = await asyncio.to_thread(read_qr, image)
    if not found:
        return vc_t.VC_REDEEM_NO_QR
    codes = [c for c in (parse_voucher_code(text) for text in found) if not isinstance(c, CodeRefusal)]
    if not codes:
        return vc_t.VC_REDEEM_NOT_VOUCHER
    return await _redeem(env, codes[0], actor, actor_name)


async def _redeem(env: Env, code: str, actor: int, actor_name: str) -> str:
    """Mark the voucher used once (a second attempt learns when and by whom), or say why not."""
    now = env.clock.now()
    async with env.db.transaction() as tx:
        issued = await Vouchers(tx).by_code(code)
        outcome = redeem(_as_rule(issued), at=now, by=actor_name, zone=env.zone)
        if isinstance(outcome, RedeemRefusal):
            return _refusal(outcome, env)
        assert issued is not None
        if not await mark_used(tx, code, at=now, by=actor, by_name=actor_name):
            return _refusal(RedeemRefusal(RedeemCode.ALREADY_USED, issued.used_at, issued.used_by_name), env)
        if issued.user_id is not None:
            await outbox.enqueue(
                tx,
                chat_id=issued.user_id,
                method="sendMessage",
                payload=text_message(vc_t.VC_NOTICE_USED.format(code=code, at=jalali_time(now, env.zone))),
                now=now,
                dedupe_key=f"vc:used:{issued.id}",
            )
    env.wake_outbox()
    return vc_t.VC_REDEEM_DONE.format(
        code=code, amount=rials(issued.amount), name=issued.full_name, personnel_no=fa(issued.personnel_no)
    )


def _as_rule(issued: IssuedVoucher | None) -> Voucher | None:
    if issued is None or issued.code is None:
        return None
    return Voucher(issued.code, issued.amount, issued.ends_on, issued.used_at, issued.used_by_name)


def _refusal(refusal: RedeemRefusal, env: Env) -> str:
    if refusal.code is RedeemCode.ALREADY_USED:
        at = jalali_time(refusal.used_at, env.zone) if refusal.used_at else ""
        return vc_t.VC_REDEEM_USED.format(at=at, by=refusal.used_by or "")
    if refusal.code is RedeemCode.EXPIRED:
        return vc_t.VC_REDEEM_EXPIRED.format(ends_on=jalali_day(refusal.ends_on) if refusal.ends_on else "")
    return vc_t.VC_REDEEM_UNKNOWN


# --- finance (cash mode) ------------------------------------------------------------------------------------


async def mark_deposited(env: Env, *, campaign_id: int, actor: int) -> int | None:
    """Finance deposited a cash campaign: everyone linked is told; None if it was marked before."""
    await campaigns.require_finance(env, actor)
    now = env.clock.now()
    async with env.db.transaction() as tx:
        stored = await Vouchers(tx).campaign(campaign_id)
        if stored is None or stored.mode != Mode.CASH:
            raise UnknownCampaign(campaign_id)
        if not await mark_paid(tx, campaign_id, actor, now):
            return None
        told = 0
        text = vc_t.VC_NOTICE_PAID.format(amount=rials(stored.amount))
        for voucher in await Vouchers(tx).of_campaign(campaign_id):
            if voucher.user_id is None:
                continue
            await outbox.enqueue(
                tx,
                chat_id=voucher.user_id,
                method="sendMessage",
                payload=text_message(text),
                now=now,
                dedupe_key=f"vc:{campaign_id}:paid:{voucher.employee_id}",
            )
            told += 1
    env.wake_outbox()
    return told


# --- the holder's own vouchers ------------------------------------------------------------------------------


async def mine_text(env: Env, employee_id: int) -> str:
    """The employee's vouchers: open ones with their code, used ones with when, expired ones."""
    day = env.clock.now().astimezone(env.zone).date()
    lines = []
    for v in await Vouchers(env.db).of_employee(employee_id):
        if v.code is None:
            state = vc_t.VC_MINE_STATES["cash"]
        elif v.used_at is not None:
            state = vc_t.VC_MINE_STATES["used"].format(at=jalali_time(v.used_at, env.zone))
        elif v.ends_on < day:
            state = vc_t.VC_MINE_STATES["expired"]
        else:
            state = vc_t.VC_MINE_STATES["open"].format(code=v.code)
        lines.append(vc_t.VC_MINE_LINE.format(title=title(v.amount, v.ends_on), state=state))
    return "\n".join(lines) or vc_t.VC_MINE_NONE


def describe(payload: dict[str, Any]) -> list[str]:
    """Voucher campaigns file no requests; nothing to describe."""
    return []


SPEC = ServiceSpec(
    key=SERVICE,
    title=vc_t.VC_TITLE,
    workflow=Workflow(service=SERVICE, initial="issued", transitions=()),
    describe=describe,
    timers={TICK: tick_due},
)
