"""Refah application assembly: settings, the message catalog, keyboards, jobs and the CLI."""

import os

# Opt in to PTB's timedelta durations (RetryAfter.retry_after and friends) now, as PTB's deprecation asks;
# without it every 429 from Telegram raises a PTBDeprecationWarning inside PTB itself.
os.environ.setdefault("PTB_TIMEDELTA", "1")
