"""The ``refah`` command: run the bot, import the registry, manage roles, back up the database."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from kit.logs import install_masking
from kit.settings import Settings, describe_error
from storage.db import UnusableDatabase

if TYPE_CHECKING:
    from domain.reports import Period
    from services.employees import ImportOutcome

_LOG = logging.getLogger("refah")


def _settings() -> Settings:
    """The settings, or one clear line and exit status 2."""
    try:
        return Settings()
    except ValidationError as error:
        print(describe_error(error), file=sys.stderr)
        raise SystemExit(2) from None


def _run(args: argparse.Namespace) -> int:
    settings = _settings()
    if settings.bot_token is None:
        from playground.run import run_playground

        return int(run_playground(settings, host=args.host, port=args.port))
    from bot import polling
    from bot.app import build_application

    if settings.admin_chat_id is None:
        print(
            "configuration error: ADMIN_CHAT_ID: required with a BOT_TOKEN (the clerks' group)",
            file=sys.stderr,
        )
        return 2
    polling.run(build_application(settings))
    return 0


def _backup(args: argparse.Namespace) -> int:
    import sqlite3

    from services.clock import Clock
    from storage.backup import BackupFailed, backup, backup_name

    settings = _settings()
    target = Path(args.path)
    if target.is_dir():
        target = target / backup_name(settings.database_path, Clock().now())
    try:
        backup(settings.database_path, target)
    except (OSError, sqlite3.Error, BackupFailed) as error:
        print(f"backup refused: {error}", file=sys.stderr)
        return 1
    size = target.stat().st_size
    print(f"backup of {settings.database_path} written to {target} ({size} bytes, integrity ok)")
    return 0


def _import(args: argparse.Namespace) -> int:
    settings = _settings()
    dependants = Path(args.dependants) if args.dependants else None
    outcome = asyncio.run(_import_into(settings, Path(args.path), dependants))
    if not outcome.ok:
        print(f"import refused: {outcome.error_count} problem(s); nothing was changed", file=sys.stderr)
        for e in outcome.errors:
            column = f" [{e.column}]" if e.column else ""
            print(f"  {e.file} row {e.row}{column}: {e.code} ({e.value!r})", file=sys.stderr)
        if outcome.error_count > len(outcome.errors):
            print(f"  ... and {outcome.error_count - len(outcome.errors)} more", file=sys.stderr)
        return 1
    print(f"imported {outcome.employees} employees and {outcome.dependants} dependants")
    return 0


async def _import_into(settings: Settings, path: Path, dependants: Path | None) -> ImportOutcome:
    from services.clock import Clock
    from services.employees import import_files
    from storage.db import Database

    async with Database(settings.database_path) as db:
        return await import_files(db, path, dependants, Clock().now())


def _benefits_import(args: argparse.Namespace) -> int:
    from cli.benefits import import_payroll_file, import_registry_file

    settings = _settings()
    if args.command == "import-payroll":
        return asyncio.run(import_payroll_file(settings, Path(args.path)))
    return asyncio.run(import_registry_file(settings, Path(args.path), dry_run=args.dry_run))


def _roles(args: argparse.Namespace) -> int:
    settings = _settings()
    if args.action != "list" and (args.user_id is None or not args.role):
        print("usage: refah roles grant|revoke USER_ID ROLE [SCOPE]", file=sys.stderr)
        return 2
    try:
        lines = asyncio.run(_roles_in(settings, args.action, args.user_id, args.role, args.scope))
    except ValueError as error:
        print(f"refused: {error}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


async def _roles_in(
    settings: Settings, action: str, user_id: int | None, role: str | None, scope: str
) -> list[str]:
    from bot.app import build_env
    from services import roles

    env = build_env(settings)
    async with env.db:
        if action == "grant":
            changed = await roles.grant(env, actor=None, user_id=user_id or 0, role=role or "", scope=scope)
            return [f"granted {role} {scope}".rstrip() + f" to {user_id}" if changed else "already held"]
        if action == "revoke":
            changed = await roles.revoke(env, actor=None, user_id=user_id or 0, role=role or "", scope=scope)
            return [f"revoked {role} {scope}".rstrip() + f" from {user_id}" if changed else "not held"]
        return [f"{u}\t{r}\t{s or '*'}\t{at}" for u, r, s, at in await roles.list_roles(env)] or ["no roles"]


def _configure(args: argparse.Namespace) -> int:
    from services.setup import read_config

    settings = _settings()
    try:
        data = read_config(Path(args.path))
        counts = asyncio.run(_configure_in(settings, data))
    except (OSError, ValueError) as error:
        print(f"configuration refused, nothing changed: {error}", file=sys.stderr)
        return 1
    for name, count in counts.items():
        print(f"{name}: {count}")
    return 0


async def _configure_in(settings: Settings, data: dict[str, object]) -> dict[str, int]:
    from bot.office import services_of
    from services.clock import Clock
    from services.setup import apply_config
    from storage.db import Database

    async with Database(settings.database_path) as db:
        return await apply_config(db, services_of(), data, Clock().now())


def _export(args: argparse.Namespace) -> int:
    from domain.reports import BadPeriod, checked
    from domain.validators import InvalidInput, parse_date

    settings = _settings()
    try:
        period = checked(parse_date(args.first), parse_date(args.last))
    except (InvalidInput, BadPeriod) as error:
        print(f"export refused: bad period {args.first} .. {args.last} ({error})", file=sys.stderr)
        return 2
    data, count = asyncio.run(_export_from(settings, period))
    Path(args.path).write_bytes(data)
    print(f"{count} requests from {period.first} to {period.last} written to {args.path}")
    return 0


async def _export_from(settings: Settings, period: Period) -> tuple[bytes, int]:
    from bot.app import build_env
    from services import office, reports

    env = build_env(settings)
    async with env.db:
        await office.refresh(env)
        return await reports.export_requests(env, period)


def parser() -> argparse.ArgumentParser:
    """The command line."""
    p = argparse.ArgumentParser(prog="refah", description="Refah: the welfare office as a Telegram/Bale bot")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the bot (with no BOT_TOKEN: the offline playground)")
    run.add_argument("--host", default="127.0.0.1", help="playground address (loopback only)")
    run.add_argument("--port", type=int, default=None, help="playground port (default PLAYGROUND_PORT)")
    run.set_defaults(func=_run)
    imp = sub.add_parser("import-employees", help="import the registry (CSV or XLSX); all or nothing")
    imp.add_argument("path", help="employees file (.csv or .xlsx; an XLSX may hold a 'dependants' sheet)")
    imp.add_argument("--dependants", help="dependants file (.csv or .xlsx)")
    imp.set_defaults(func=_import)
    pay = sub.add_parser(
        "import-payroll", help="import monthly contribution history (CSV or XLSX); all or nothing"
    )
    pay.add_argument("path", help="national_id, month (Jalali YYYY/MM), contribution_days, gross_pay (rials)")
    pay.set_defaults(func=_benefits_import)
    reg = sub.add_parser("import-registry", help="run the benefits over a civil-registry events file (CSV)")
    reg.add_argument("path", help="record_id, national_id, event, event_date, spouse/child national_id, kind")
    reg.add_argument("--dry-run", action="store_true", help="print the counts and change nothing")
    reg.set_defaults(func=_benefits_import)
    conf = sub.add_parser("configure", help="load the office configuration (guesthouses, loan products...)")
    conf.add_argument("path", help="a TOML file; see examples/office.toml")
    conf.set_defaults(func=_configure)
    roles = sub.add_parser("roles", help="grant, revoke or list staff roles")
    roles.add_argument("action", choices=["grant", "revoke", "list"])
    roles.add_argument("user_id", nargs="?", type=int, help="the person's Telegram/Bale numeric id")
    roles.add_argument(
        "role", nargs="?", help="admin, clerk, head, finance, payroll, coop_operator, guesthouse_operator"
    )
    roles.add_argument("scope", nargs="?", default="", help="for clerk: the service (e.g. loan); empty = all")
    roles.set_defaults(func=_roles)
    back = sub.add_parser("backup", help="copy the database (safe while the bot runs), checked; see README")
    back.add_argument("path", help="a new file, or a folder to write refah-<UTC time>.sqlite3 into")
    back.set_defaults(func=_backup)
    export = sub.add_parser("export", help="export for audits: requests of a period as XLSX")
    export.add_argument("what", choices=["requests"])
    export.add_argument("--from", dest="first", required=True, help="first day, e.g. 1405/01/01 (Jalali)")
    export.add_argument("--to", dest="last", required=True, help="last day, e.g. 1405/06/31 (included)")
    export.add_argument("path", help="the XLSX file to write")
    export.set_defaults(func=_export)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``refah`` console script."""
    install_masking()  # no national ID, mobile number or Sheba reaches a log in clear
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except UnusableDatabase as error:
        print(f"database refused: {error}; restore a backup (see README) or move it away", file=sys.stderr)
        return 1
    except OSError as error:  # a missing file, a folder, no permission: one line, never a traceback
        where = f": {error.filename}" if error.filename else ""
        print(f"{args.command}: {error.strerror or error}{where}", file=sys.stderr)
        return 1
    except UnicodeDecodeError as error:
        print(f"{args.command}: the file is not UTF-8 text ({error.reason})", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
