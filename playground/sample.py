"""The playground's sample office: a registry with valid IDs, staff with roles, places and loan products.

Everything is generated deterministically: national IDs carry their check digit and Shebas their mod-97
check digits (``domain.validators``), so the bot's own validation accepts them. Names come from the
catalog (``PLAYGROUND_*``).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from domain.validators import national_id_check_digit, sheba_check_digits
from services.employee_import import DependantRecord, EmployeeRecord, EmployeeStatus, ImportResult, Relation
from services.render import fa
from services.roles import make_grant
from storage.db import Database
from storage.employees import Employees, upsert_employees
from storage.identity import link_account
from storage.moments import to_iso
from storage.roles import grant_role
from texts import playground as pg_t

_LOG = logging.getLogger(__name__)

#: The clerks' group (the bot's ADMIN_CHAT_ID in the playground).
GROUP_ID = -1001000000001
#: How many people the generated part of the registry holds (besides the featured people).
EXTRA_EMPLOYEES = 30
_BANKS = ("017", "012", "055", "056", "062", "018", "016", "019")


@dataclass(frozen=True)
class Person:
    """Someone with a chat on the playground page: an employee to try the services, or staff."""

    key: str
    user_id: int
    staff: bool
    status: EmployeeStatus
    hired: dt.date
    fund_member_since: dt.date | None
    fund_debt: int
    grants: tuple[tuple[str, str], ...] = ()
    family: tuple[tuple[Relation, str, dt.date], ...] = ()

    @property
    def first_name(self) -> str:
        """First name, from the catalog."""
        return pg_t.PLAYGROUND_PEOPLE[self.key][0]

    @property
    def last_name(self) -> str:
        """Last name, from the catalog."""
        return pg_t.PLAYGROUND_PEOPLE[self.key][1]

    @property
    def about(self) -> str:
        """Who this person is, as the page shows it."""
        return pg_t.PLAYGROUND_PEOPLE[self.key][2]


_E, _R, _P = EmployeeStatus.EMPLOYED, EmployeeStatus.RETIRED, EmployeeStatus.PENSIONER
_D = dt.date

#: The people the page lists, in its order: employees first, then the staff (who are employees too).
PEOPLE: tuple[Person, ...] = (
    Person(
        "family",
        1001,
        False,
        _E,
        _D(2009, 9, 1),
        _D(2016, 4, 10),
        0,
        family=(
            (Relation.SPOUSE, "female", _D(1988, 7, 3)),
            (Relation.CHILD, "male", _D(2014, 11, 21)),
            (Relation.CHILD, "female", _D(2018, 2, 14)),
        ),
    ),
    Person(
        "debtor",
        1002,
        False,
        _E,
        _D(2006, 5, 20),
        _D(2012, 9, 1),
        45_000_000,
        family=((Relation.SPOUSE, "male", _D(1983, 1, 30)),),
    ),
    Person("newcomer", 1003, False, _E, _D(2024, 10, 1), None, 0),
    Person(
        "retiree",
        1004,
        False,
        _R,
        _D(1988, 6, 1),
        _D(1999, 3, 21),
        0,
        family=((Relation.SPOUSE, "female", _D(1958, 5, 5)),),
    ),
    Person("pensioner", 1005, False, _P, _D(1985, 2, 1), None, 0),
    Person("clerk", 2001, True, _E, _D(2012, 4, 1), _D(2015, 1, 5), 0, grants=(("clerk", ""),)),
    Person("clerk2", 2002, True, _E, _D(2016, 2, 1), _D(2017, 6, 1), 0, grants=(("clerk", ""),)),
    Person("head", 2003, True, _E, _D(2001, 11, 1), _D(2010, 2, 1), 0, grants=(("head", ""),)),
    Person("finance", 2004, True, _E, _D(2005, 7, 1), _D(2011, 8, 15), 0, grants=(("finance", ""),)),
    Person("payroll", 2005, True, _E, _D(2008, 1, 15), _D(2013, 3, 3), 0, grants=(("payroll", ""),)),
    Person("operator", 2006, True, _E, _D(2018, 3, 1), _D(2019, 10, 1), 0),  # granted per house by the config
    Person("admin", 2007, True, _E, _D(2003, 9, 1), _D(2009, 12, 1), 0, grants=(("admin", ""),)),
)
BY_KEY = {p.key: p for p in PEOPLE}
STAFF = tuple(p for p in PEOPLE if p.staff)
SUPER_ADMIN = BY_KEY["admin"].user_id


def national_id(n: int) -> str:
    """The n-th sample national ID: nine scrambled digits (distinct for every n) and the check digit."""
    first_nine = f"{(n * 7_919 + 12_345_678) % 10**9:09d}"
    return first_nine + str(national_id_check_digit(first_nine))


def sheba(n: int) -> str:
    """The n-th sample Sheba: a bank code, an account number and its ISO 13616 check digits."""
    bban = _BANKS[n % len(_BANKS)] + "0" + f"{(n * 104_729 + 3_000_000_000) % 10**18:018d}"
    return f"IR{sheba_check_digits(bban)}{bban}"


def mobile(n: int) -> str:
    """The n-th sample mobile number (distinct for every n below ten million)."""
    return "0912" + f"{(n * 104_729 + 1_234_567) % 10**7:07d}"


def personnel_no(n: int) -> str:
    """The n-th personnel number."""
    return str(10_000 + n)


def _employee(
    n: int,
    first: str,
    last: str,
    status: EmployeeStatus,
    member_since: dt.date | None,
    debt: int,
    hired: dt.date,
) -> EmployeeRecord:
    return EmployeeRecord(
        personnel_no=personnel_no(n),
        national_id=national_id(n),
        first_name=first,
        last_name=last,
        mobile=mobile(n),
        status=status,
        hire_date=hired,
        fund_member_since=member_since,
        fund_debt=debt,
        sheba=sheba(n),
    )


def _first_name(gender: str, n: int) -> str:
    names = pg_t.PLAYGROUND_FEMALE_NAMES if gender == "female" else pg_t.PLAYGROUND_MALE_NAMES
    return names[n % len(names)]


def build_registry() -> ImportResult:
    """The whole sample registry: the featured people, a few dozen more employees, and dependants."""
    employees: list[EmployeeRecord] = []
    dependants: list[DependantRecord] = []
    counter = 1000  # dependants' national IDs come from a separate range of n

    def add_family(owner: EmployeeRecord, family: tuple[tuple[Relation, str, dt.date], ...]) -> None:
        nonlocal counter
        for relation, gender, born in family:
            counter += 1
            last = (
                owner.last_name
                if relation == Relation.CHILD
                else pg_t.PLAYGROUND_LAST_NAMES[counter % len(pg_t.PLAYGROUND_LAST_NAMES)]
            )
            dependants.append(
                DependantRecord(
                    employee_national_id=owner.national_id,
                    national_id=national_id(counter),
                    first_name=_first_name(gender, counter),
                    last_name=last,
                    relation=relation,
                    birth_date=born,
                )
            )

    for n, person in enumerate(PEOPLE, start=1):
        record = _employee(
            n,
            person.first_name,
            person.last_name,
            person.status,
            person.fund_member_since,
            person.fund_debt,
            person.hired,
        )
        employees.append(record)
        add_family(record, person.family)
    base = len(PEOPLE)
    for i in range(EXTRA_EMPLOYEES):
        n = base + 1 + i
        gender = "female" if i % 2 else "male"
        status = _R if i % 10 == 3 else _P if i % 10 == 7 else _E
        member_since = dt.date(2008 + i % 12, 1 + i % 12, 1) if i % 3 else None
        record = _employee(
            n,
            _first_name(gender, i),
            pg_t.PLAYGROUND_LAST_NAMES[i % len(pg_t.PLAYGROUND_LAST_NAMES)],
            status,
            member_since,
            0,
            dt.date(1995 + i % 25, 1 + i % 12, 1 + i % 28),
        )
        employees.append(record)
        if i % 4 == 0:
            add_family(
                record,
                (
                    (Relation.SPOUSE, "male" if gender == "female" else "female", dt.date(1985, 3, 1)),
                    (Relation.CHILD, "female", dt.date(2012 + i % 8, 6, 1)),
                ),
            )
    return ImportResult(employees=employees, dependants=dependants, errors=[])


def mobile_of(person: Person) -> str:
    """The featured person's mobile number (what the page shares as their contact)."""
    return mobile(PEOPLE.index(person) + 1)


def national_id_of(person: Person) -> str:
    """The featured person's national ID (what they type to finish onboarding)."""
    return national_id(PEOPLE.index(person) + 1)


def _house(
    key: str, kind: str, rooms: list[int], capacity: int, prices: list[int], **policy: Any
) -> dict[str, Any]:
    name, city, account = pg_t.PLAYGROUND_HOUSES[key]
    return {
        "key": key,
        "name": name,
        "city": city,
        "kind": kind,
        "account": account,
        "operator": BY_KEY["operator"].user_id,
        "rooms": [{"label": fa(n), "capacity": capacity} for n in rooms],
        "prices": {str(guests): price for guests, price in enumerate(prices, start=1)},
        **policy,
    }


def sample_config() -> dict[str, Any]:
    """The office configuration of the playground, as a parsed TOML file would give it."""
    bank, branch = pg_t.PLAYGROUND_BANK
    products = pg_t.PLAYGROUND_LOAN_PRODUCTS
    return {
        "guesthouses": [
            _house(
                "mashhad",
                "pilgrim",
                [101, 102, 103, 201],
                4,
                [1_500_000, 2_400_000, 3_200_000, 3_900_000],
                nights=3,
                check_in="14:00",
                check_out="10:00",
                horizon_days=60,
                hold_hours=48,
                stays_per_year=1,
            ),
            _house(
                "ramsar",
                "official",
                [1, 2, 3],
                3,
                [2_000_000, 3_000_000, 3_800_000],
                nights=2,
                check_in="14:00",
                check_out="12:00",
                horizon_days=45,
                hold_hours=24,
                stays_per_year=2,
            ),
            _house(
                "isfahan",
                "official",
                [11, 12],
                2,
                [1_800_000, 2_600_000],
                nights=2,
                check_in="15:00",
                check_out="11:00",
                horizon_days=45,
                hold_hours=24,
                stays_per_year=2,
            ),
        ],
        "loan_products": [
            {
                "key": "emergency",
                "name": products["emergency"],
                "max_amount": 300_000_000,
                "min_amount": 10_000_000,
                "instalments": 20,
                "fee_model": "percent_upfront",
                "fee_percent": 4,
                "documents": ["payslip", "financial_inquiry"],
            },
            {
                "key": "housing",
                "name": products["housing"],
                "max_amount": 1_000_000_000,
                "min_amount": 100_000_000,
                "instalments": 36,
                "fee_model": "declining_percent",
                "fee_percent": 4,
                "documents": ["payslip", "financial_inquiry", "guarantor"],
            },
            {
                "key": "marriage",
                "name": products["marriage"],
                "max_amount": 200_000_000,
                "instalments": 12,
                "fee_model": "fixed",
                "fee_rials": 1_500_000,
                "documents": ["payslip", "financial_inquiry"],
            },
        ],
        "loan_fund": {
            "min_membership_months": 6,
            "monthly_budget": 5_000_000_000,
            "bank_name": bank,
            "branch_name": branch,
        },
    }


async def seed(db: Database, now: dt.datetime) -> bool:
    """Load the sample office into a database holding no employees; False (and nothing done) otherwise."""
    from bot.office import services_of
    from services.setup import apply_config

    if await Employees(db).count():
        return False
    services = services_of()
    known = set(services.sections())
    for name, value in sample_config().items():
        if name not in known:
            continue
        try:
            await apply_config(db, services, {name: value}, now)
        except ValueError as error:  # a service changed its configuration format: the rest still loads
            _LOG.warning("sample configuration section %r not loaded: %s", name, error)
    registry = build_registry()
    async with db.transaction() as tx:
        await upsert_employees(tx, registry.employees, registry.dependants, to_iso(now))
        for person in STAFF:
            employee_id = await tx.fetchval("SELECT id FROM employees WHERE mobile = ?", (mobile_of(person),))
            await link_account(tx, person.user_id, int(employee_id), now)
            for role, scope in person.grants:
                await grant_role(tx, person.user_id, make_grant(role, scope), None, now)
    return True
