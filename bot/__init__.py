"""Refah application assembly: settings, the message catalog, keyboards, jobs and the CLI."""
