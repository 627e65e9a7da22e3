"""The main menu: built once at start-up from the office's service manifests, then read by every handler.

``install`` is called by ``bot.app.build_application`` with the manifests' menu entries; the keyboard and the
filter that recognises a menu button (pressing one inside a conversation leaves it) read what was installed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from telegram import Message, ReplyKeyboardMarkup
from telegram.ext import filters

from texts import common as t


@dataclass(frozen=True)
class MenuEntry:
    """A service's button on the main menu: its label, the row it sits on (0 first) and its place there."""

    label: str
    row: int
    place: int = 0


@dataclass(frozen=True)
class Layout:
    """The main menu's rows of labels; the user's own pages always make the last row."""

    rows: tuple[tuple[str, ...], ...]
    persistent: bool

    @property
    def labels(self) -> frozenset[str]:
        """Every label on the menu."""
        return frozenset(label for row in self.rows for label in row)


def layout(entries: Iterable[MenuEntry], *, persistent: bool = True) -> Layout:
    """Arrange the services' entries by row and place, then the fixed row; a label used twice is refused."""
    ordered = sorted(entries, key=lambda e: (e.row, e.place))
    rows: dict[int, list[str]] = {}
    for entry in ordered:
        rows.setdefault(entry.row, []).append(entry.label)
    grid = [tuple(labels) for _, labels in sorted(rows.items())]
    grid.append((t.MENU_MY_REQUESTS, t.MENU_HELP))
    flat = [label for row in grid for label in row]
    if len(flat) != len(set(flat)):
        raise ValueError("two menu buttons share a label")
    return Layout(tuple(grid), persistent)


_installed = layout(())


def install(menu: Layout) -> None:
    """Make ``menu`` the main menu of this process (the assembly does this once, from the manifests)."""
    global _installed
    _installed = menu


def installed() -> Layout:
    """The main menu in use."""
    return _installed


def main_menu() -> ReplyKeyboardMarkup:
    """The services and the user's own pages as a reply keyboard (persistent where the messenger has it)."""
    rows = [list(row) for row in _installed.rows]
    if _installed.persistent:
        return ReplyKeyboardMarkup(rows, resize_keyboard=True, is_persistent=True)
    return ReplyKeyboardMarkup(rows, resize_keyboard=True)


class _MenuButton(filters.MessageFilter):
    """A message whose text is one of the installed menu's buttons."""

    def filter(self, message: Message) -> bool:
        return message.text is not None and message.text in _installed.labels


#: The main menu's buttons: pressing one inside a conversation leaves it (nothing is submitted).
MENU_BUTTONS = _MenuButton(name="MenuButton")
