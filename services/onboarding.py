"""Onboarding: the sender's own contact, on file; then the national ID as the second factor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from domain.validators import InvalidInput, parse_mobile, parse_national_id
from services.kit import Env
from storage.employees import Employees
from storage.identity import Accounts, Onboarding, link_account, save_onboarding
from storage.models import Employee

MAX_FAILURES = 5
LOCK_FOR = dt.timedelta(hours=1)


class Outcome(StrEnum):
    """What onboarding tells the user next."""

    ASK_NATIONAL_ID = "ask_national_id"
    NOT_OWN_CONTACT = "not_own_contact"
    UNKNOWN = "unknown"
    LOCKED = "locked"
    ALREADY_LINKED = "already_linked"
    NEED_CONTACT = "need_contact"
    INVALID = "invalid"
    WRONG = "wrong"
    LINKED = "linked"


@dataclass(frozen=True)
class Result:
    """An onboarding step's outcome and its details."""

    outcome: Outcome
    employee: Employee | None = None
    locked_until: dt.datetime | None = None
    tries_left: int | None = None
    invalid_code: str | None = None


async def linked_employee(env: Env, user_id: int) -> Employee | None:
    """The employee this chat user is linked to, if onboarding is complete."""
    return await Employees(env.db).linked_to(user_id)


async def linking_answer_lost(
    env: Env, employee: Employee, user_id: int, text: str | None, sent_at: dt.datetime
) -> bool:
    """Whether this message is the one that linked the person, handled again (its answer was lost to a crash):
    their own national ID, sent no later than the link was made. A later retype is an answer to a step."""
    if not text or len(text) > 40:
        return False
    try:
        if parse_national_id(text) != employee.national_id:
            return False
    except InvalidInput:
        return False
    linked_at = await Accounts(env.db).linked_at(user_id)
    # the messenger dates messages in real time; the office clock may run ahead (tests, the playground)
    return linked_at is not None and sent_at <= linked_at - env.clock.offset + dt.timedelta(seconds=1)


async def receive_contact(env: Env, user_id: int, contact_user_id: int | None, phone: str) -> Result:
    """First factor: a contact shared by its owner whose mobile is in the registry."""
    now = env.clock.now()
    _, failures, locked_until = await Onboarding(env.db).get(user_id)
    if locked_until and locked_until > now:
        return Result(Outcome.LOCKED, locked_until=locked_until)
    if contact_user_id != user_id:
        return Result(Outcome.NOT_OWN_CONTACT)
    try:
        mobile = parse_mobile(phone)
    except InvalidInput:
        return Result(Outcome.UNKNOWN)
    employee = await Employees(env.db).by_mobile(mobile)
    if employee is None:
        return Result(Outcome.UNKNOWN)
    if await Accounts(env.db).employee_id(user_id) == employee.id:
        return Result(Outcome.ALREADY_LINKED, employee=employee)
    async with env.db.transaction() as tx:
        await save_onboarding(tx, user_id, employee.id, failures, None)
    return Result(Outcome.ASK_NATIONAL_ID, employee=employee)


async def receive_national_id(env: Env, user_id: int, text: str) -> Result:
    """Second factor: the national ID on file for the matched mobile; five misses lock for an hour."""
    now = env.clock.now()
    employee_id, failures, locked_until = await Onboarding(env.db).get(user_id)
    if locked_until and locked_until > now:
        return Result(Outcome.LOCKED, locked_until=locked_until)
    if employee_id is None:
        return Result(Outcome.NEED_CONTACT)
    try:
        national_id = parse_national_id(text)
    except InvalidInput as exc:
        return Result(Outcome.INVALID, invalid_code=str(exc.code))
    employee = await Employees(env.db).get(employee_id)
    if employee is None:
        return Result(Outcome.NEED_CONTACT)
    if national_id != employee.national_id:
        failures += 1
        async with env.db.transaction() as tx:
            if failures >= MAX_FAILURES:
                until = now + LOCK_FOR
                await save_onboarding(tx, user_id, None, 0, until)
                return Result(Outcome.LOCKED, locked_until=until)
            await save_onboarding(tx, user_id, employee_id, failures, None)
        return Result(Outcome.WRONG, tries_left=MAX_FAILURES - failures)
    async with env.db.transaction() as tx:
        await link_account(tx, user_id, employee.id, now)
    return Result(Outcome.LINKED, employee=employee)


async def awaiting_national_id(env: Env, user_id: int) -> bool:
    """Whether the user has shared a matching contact and owes the national ID."""
    employee_id, _, locked_until = await Onboarding(env.db).get(user_id)
    return employee_id is not None and not (locked_until and locked_until > env.clock.now())
