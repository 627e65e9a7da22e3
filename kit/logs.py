"""Logs without personal numbers: every record is masked (``domain.privacy``) as it is made.

``install_masking()`` wraps the log-record factory, so every handler (a file, the console, a test's capture,
a library's own) sees the masked message, arguments and traceback text. The CLI installs it first thing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from domain.privacy import mask_personal

_TRACEBACKS = logging.Formatter()


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask the record's message (arguments merged in), traceback and stack text in place."""
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: leave it for logging to report
        return record
    record.msg, record.args = mask_personal(message), None
    if record.exc_info and not record.exc_text:
        record.exc_text = _TRACEBACKS.formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = mask_personal(record.exc_text)
    if record.stack_info:
        record.stack_info = mask_personal(record.stack_info)
    return record


class MaskingFilter(logging.Filter):
    """A filter that masks instead of dropping (for a handler a library sets up on its own)."""

    def filter(self, record: logging.LogRecord) -> bool:
        mask_record(record)
        return True


def install_masking() -> Callable[[], None]:
    """Mask every record from now on; returns the function that undoes it."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "refah_masking", False):
        return lambda: None

    def masked(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_record(previous(*args, **kwargs))

    masked.refah_masking = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(masked)
    return lambda: logging.setLogRecordFactory(previous)
