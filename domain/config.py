"""Reading a service's section of the office TOML file: every bad value is named, all at once."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, TypeVar

E = TypeVar("E", bound=StrEnum)

#: No configured number may exceed SQLite's INTEGER ceiling.
MAX_WHOLE = 2**63 - 1


class ConfigError(ValueError):
    """A section with bad values; ``problems`` names each one as ``path.to.key: what is wrong``."""

    def __init__(self, problems: list[str]) -> None:
        """Join the problems into the message and keep them apart too."""
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


class Checker:
    """Collects the problems of one section while its values are read; :meth:`done` raises them."""

    def __init__(self) -> None:
        """Start with no problem."""
        self.problems: list[str] = []

    def bad(self, path: str, what: str, value: object) -> None:
        """Note one bad value."""
        self.problems.append(f"{path}: {what} (got {value!r})")

    def table(self, value: object, path: str, known: frozenset[str]) -> Mapping[str, Any]:
        """``value`` as a table whose keys are all ``known`` (an empty one when it is not a table)."""
        if not isinstance(value, Mapping):
            self.bad(path, "expected a table", value)
            return {}
        for key in value:
            if key not in known:
                self.bad(f"{path}.{key}", f"unknown key; known: {', '.join(sorted(known))}", value[key])
        return value

    def whole(
        self,
        table: Mapping[str, Any],
        key: str,
        path: str,
        *,
        low: int,
        high: int | None = None,
        default: int,
    ) -> int:
        """A whole number from ``low`` to ``high`` (None: no upper bound; ``default`` when absent or bad)."""
        if key not in table:
            return default
        found = self.optional_whole(table, key, path, low=low, high=high)
        return default if found is None else found

    def optional_whole(
        self, table: Mapping[str, Any], key: str, path: str, *, low: int, high: int | None = None
    ) -> int | None:
        """A whole number from ``low`` to ``high`` (None: no upper bound), or None when absent (or bad)."""
        if key not in table:
            return None
        value = table[key]
        top = MAX_WHOLE if high is None else high
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= top:
            span = f">= {low}" if high is None else f"from {low} to {high}"
            self.bad(f"{path}.{key}", f"expected a whole number {span}", value)
            return None
        return value

    def flag(self, table: Mapping[str, Any], key: str, path: str, *, default: bool) -> bool:
        """A true/false value."""
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.bad(f"{path}.{key}", "expected true or false", value)
            return default
        return value

    def code(self, value: object, path: str, codes: type[E]) -> E | None:
        """One of the codes of ``codes`` (None when it is not one)."""
        for member in codes:
            if member.value == value:
                return member
        self.bad(path, f"expected one of {', '.join(c.value for c in codes)}", value)
        return None

    def codes(
        self, table: Mapping[str, Any], key: str, path: str, codes: type[E], default: tuple[E, ...]
    ) -> tuple[E, ...]:
        """A list of distinct codes, in the order given (``default`` when absent or bad)."""
        if key not in table:
            return default
        value = table[key]
        if not isinstance(value, list):
            self.bad(f"{path}.{key}", "expected a list", value)
            return default
        before = len(self.problems)
        found = [self.code(item, f"{path}.{key}", codes) for item in value]
        picked = tuple(c for c in found if c is not None)
        if len(set(picked)) != len(picked):
            self.bad(f"{path}.{key}", "a value is listed twice", value)
        return picked if len(self.problems) == before else default

    def done(self) -> None:
        """Raise :class:`ConfigError` if any value was bad."""
        if self.problems:
            raise ConfigError(self.problems)
