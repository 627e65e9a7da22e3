"""Substitutes: a staff member (or an admin for them) names who acts for them while they are away.

While a substitution runs, :func:`services.requests.act_in_tx` lets the substitute take the actions the
absent person's roles allow, audited "on behalf of" them; separation of duties still holds.
"""

from __future__ import annotations

import datetime as dt

from domain.jalali import format_jalali_date
from domain.substitutes import MAX_DAYS, SubRefusal, substitution_refusal
from services.kit import Env
from services.messages import text_message
from services.render import fa
from services.roles import is_admin
from storage import outbox
from storage.base import Reader
from storage.employees import Employees
from storage.office import Substitutes, Substitution, add_substitution, end_substitution
from storage.roles import Roles
from texts import substitutes as sub_t


class SubstitutionRefused(ValueError):
    """A substitution that cannot be named or ended; ``code`` says why."""

    def __init__(self, code: SubRefusal) -> None:
        super().__init__(code.value)
        self.code = code


def refusal_text(code: SubRefusal) -> str:
    """The one message for a refusal."""
    return sub_t.SUB_REFUSALS[code.value].format(days=fa(MAX_DAYS))


def office_today(env: Env) -> dt.date:
    """Today in the office's zone."""
    return env.clock.now().astimezone(env.zone).date()


async def person_name(q: Reader, user_id: int) -> str:
    """A staff member's name from the registry if linked, else their numeric id."""
    employee = await Employees(q).linked_to(user_id)
    return employee.full_name if employee else fa(user_id)


async def name_substitute(
    env: Env, *, actor: int, principal: int, substitute: int, first_day: dt.date, last_day: dt.date
) -> Substitution:
    """Record that ``substitute`` acts for ``principal`` over the days given; tell the substitute."""
    allowed = actor == principal or await is_admin(env, actor)
    now = env.clock.now()
    async with env.db.transaction() as tx:
        why = substitution_refusal(
            principal=principal,
            substitute=substitute,
            first_day=first_day,
            last_day=last_day,
            today=office_today(env),
            principal_is_staff=bool(await Roles(tx).grants(principal)),
            by_principal_or_admin=allowed,
        )
        if why is not None:
            raise SubstitutionRefused(why)
        new_id = await add_substitution(
            tx,
            principal=principal,
            substitute=substitute,
            first_day=first_day,
            last_day=last_day,
            named_by=actor,
            now=now,
        )
        named = await Substitutes(tx).get(new_id)
        assert named is not None
        await outbox.enqueue(
            tx,
            chat_id=substitute,
            method="sendMessage",
            now=now,
            payload=text_message(
                sub_t.SUB_NOTICE.format(
                    first=day_label(first_day),
                    last=day_label(last_day),
                    principal=await person_name(tx, principal),
                )
            ),
            dedupe_key=f"substitute:{new_id}:notice",
        )
    env.wake_outbox()
    return named


async def end_substitute(env: Env, *, actor: int, substitution_id: int) -> None:
    """End a substitution early (its principal, its substitute or an admin)."""
    async with env.db.transaction() as tx:
        found = await Substitutes(tx).get(substitution_id)
        if found is None or found.ended_at is not None:
            raise SubstitutionRefused(SubRefusal.NOT_FOUND)
        if actor not in (found.principal, found.substitute) and not await is_admin(env, actor):
            raise SubstitutionRefused(SubRefusal.NOT_ALLOWED)
        await end_substitution(tx, substitution_id, env.clock.now())


async def current_substitutions(env: Env, *, actor: int) -> list[Substitution]:
    """Running and coming substitutions: all of them for an admin, else the actor's own."""
    everyone = await is_admin(env, actor)
    return await Substitutes(env.db).current(office_today(env), None if everyone else actor)


def day_label(day: dt.date) -> str:
    """A day as people read it (Jalali, Persian digits)."""
    return fa(format_jalali_date(day))


async def describe(env: Env, found: Substitution) -> str:
    """One line of the list."""
    return sub_t.SUB_LIST_LINE.format(
        id=fa(found.id),
        substitute=await person_name(env.db, found.substitute),
        principal=await person_name(env.db, found.principal),
        first=day_label(found.first_day),
        last=day_label(found.last_day),
    )
