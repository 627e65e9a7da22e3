"""A Jalali date-picker inline keyboard, reused by every service that asks for a day.

Callback data: ``<prefix>:day:<YYYYMMDD>`` (a Jalali day), ``<prefix>:month:<YYYYMM>`` (navigate),
``<prefix>:none`` (a disabled cell). The service decides which days are open; a picked day is checked
again when it arrives, so a forged or stale day is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import jdatetime
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from domain.buttons import Button
from domain.jalali import month_grid, shift_month, to_gregorian
from services.render import fa
from texts import common as t


@dataclass(frozen=True)
class PickerButtons:
    """The date picker's buttons under one feature prefix."""

    day: Button
    month: Button
    none: Button


def picker_buttons(prefix: str) -> PickerButtons:
    """A day (``YYYYMMDD`` Jalali), a month to turn to (``YYYYMM``) and an inert cell."""
    return PickerButtons(
        Button(prefix, "day", r"\d{8}"), Button(prefix, "month", r"\d{6}"), Button(prefix, "none")
    )


def date_picker(
    prefix: str,
    year: int,
    month: int,
    is_open: Callable[[dt.date], bool],
    *,
    first: tuple[int, int],
    last: tuple[int, int],
    extra_rows: list[list[InlineKeyboardButton]] | None = None,
) -> InlineKeyboardMarkup:
    """One Jalali month: open days are buttons, closed ones are dimmed; arrows move within [first, last]."""
    buttons = picker_buttons(prefix)
    none = buttons.none.data()
    rows: list[list[InlineKeyboardButton]] = []
    prev_month, next_month = shift_month(year, month, -1), shift_month(year, month, 1)
    rows.append(
        [
            InlineKeyboardButton(
                t.DATEPICKER_NEXT if next_month <= last else " ",
                callback_data=buttons.month.data(f"{next_month[0]:04d}{next_month[1]:02d}")
                if next_month <= last
                else none,
            ),
            InlineKeyboardButton(
                t.DATEPICKER_TITLE.format(month=t.JALALI_MONTHS[month - 1], year=fa(year)), callback_data=none
            ),
            InlineKeyboardButton(
                t.DATEPICKER_PREV if prev_month >= first else " ",
                callback_data=buttons.month.data(f"{prev_month[0]:04d}{prev_month[1]:02d}")
                if prev_month >= first
                else none,
            ),
        ]
    )
    rows.append([InlineKeyboardButton(day, callback_data=none) for day in t.WEEKDAYS_SHORT])
    for week in month_grid(year, month):
        row = []
        for day in week:
            if day is None:
                row.append(InlineKeyboardButton(" ", callback_data=none))
                continue
            gregorian = to_gregorian(jdatetime.date(year, month, day))
            if is_open(gregorian):
                row.append(
                    InlineKeyboardButton(
                        fa(day), callback_data=buttons.day.data(f"{year:04d}{month:02d}{day:02d}")
                    )
                )
            else:
                row.append(InlineKeyboardButton(t.DATEPICKER_CLOSED.format(day=fa(day)), callback_data=none))
        rows.append(row)
    rows.extend(extra_rows or [])
    return InlineKeyboardMarkup(rows)


def parse_day(arg: str) -> dt.date | None:
    """The Gregorian date of a ``YYYYMMDD`` Jalali argument; None if impossible or malformed."""
    if len(arg) != 8 or not arg.isdigit():
        return None
    try:
        return to_gregorian(jdatetime.date(int(arg[:4]), int(arg[4:6]), int(arg[6:])))
    except ValueError:
        return None


def parse_month(arg: str) -> tuple[int, int] | None:
    """(year, month) of a ``YYYYMM`` argument; None if malformed."""
    if len(arg) != 6 or not arg.isdigit() or not 1 <= int(arg[4:]) <= 12:
        return None
    return int(arg[:4]), int(arg[4:])
