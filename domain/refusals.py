"""The exception a typed value raises when a service's rule refuses it: a code to render, never text."""

from __future__ import annotations

from enum import StrEnum

from domain.validators import InvalidInput


class InputRefused(ValueError):
    """Typed input refused: ``code`` is a :class:`domain.validators.InvalidCode` or a service's refusal.

    One exception for both, so a conversation step catches one thing and looks the code up in one table.
    """

    def __init__(self, code: StrEnum, *, limit: int | None = None) -> None:
        """Keep the code (also the message) and the bound that was crossed, when there is one."""
        super().__init__(code.value)
        self.code = code
        #: The bound the message should name (the most a line may be, the rials still claimable...).
        self.limit = limit

    @classmethod
    def of(cls, error: InvalidInput) -> InputRefused:
        """The same refusal for input :mod:`domain.validators` rejected."""
        return cls(error.code)
