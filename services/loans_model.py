"""The loan service's shared vocabulary: its statuses and actions, its buttons, Jalali months, and the views
the use cases (:mod:`services.loans`) return and the rendering (:mod:`services.loans_text`) reads."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from domain.buttons import ID, Button
from domain.jalali import to_jalali
from domain.loans import Eligibility, Instalment
from domain.text import normalize_digits
from domain.workflow import Status
from storage.loans import DeductionLine
from storage.models import Request

SERVICE = "loan"
FEATURE = "loan"
#: Finance presses it on the bank letter once the bank paid out.
PAID = Button(FEATURE, "paid", ID)
#: Payroll presses it on the month's deduction list once the deductions were made.
RECORD = Button(FEATURE, "record", r"\d{4}-\d{2}")

REVIEWED = "reviewed"
QUEUED = "queued"
FUNDED = "funded"
DISBURSED = "disbursed"
SETTLED = "settled"

DISBURSE = "disburse"
FUND = "fund"
SETTLE = "settle"

#: Statuses in which a loan request is still open: no second application meanwhile.
OPEN_STATUSES = (Status.SUBMITTED, Status.NEEDS_INFO, REVIEWED, QUEUED, FUNDED, DISBURSED)

Month = tuple[int, int]


def month_of(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> Month:
    """The Jalali (year, month) of an aware moment in the office's zone."""
    j = to_jalali(moment.astimezone(zone).date())
    return int(j.year), int(j.month)


def month_key(month: Month) -> str:
    """A Jalali month as stored: ``YYYY-MM``."""
    return f"{month[0]:04d}-{month[1]:02d}"


def key_month(key: str) -> Month:
    """A stored ``YYYY-MM`` key as a Jalali month."""
    return int(key[:4]), int(key[5:7])


def parse_month(text: str) -> Month:
    """``1404-08``, ``1404/8`` (any digits) as a Jalali month; ValueError otherwise."""
    cleaned = normalize_digits(text.strip()).replace("/", "-")
    year, _, month = cleaned.partition("-")
    if not (year.isascii() and year.isdigit() and month.isascii() and month.isdigit()):
        raise ValueError(text)
    parsed = int(year), int(month)
    if not (1300 <= parsed[0] <= 1700 and 1 <= parsed[1] <= 12):
        raise ValueError(text)
    return parsed


@dataclass(frozen=True)
class LoanView:
    """One open loan as its owner follows it."""

    request: Request
    place: int | None = None
    paid: int = 0
    outstanding: int | None = None
    next: Instalment | None = None


@dataclass(frozen=True)
class Standing:
    """Where an employee stands with the fund today: the service offered, eligibility, open loans."""

    available: bool
    eligibility: Eligibility
    min_months: int
    loans: tuple[LoanView, ...]


@dataclass(frozen=True)
class DeductionSheet:
    """A month's deduction list: the lines, the XLSX for payroll, and whether it was recorded."""

    month: Month
    lines: tuple[DeductionLine, ...]
    xlsx: bytes | None
    recorded_at: dt.datetime | None

    @property
    def total(self) -> int:
        """Rials to deduct."""
        return sum(line.amount for line in self.lines)
