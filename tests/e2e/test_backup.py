"""Backups while the bot runs (``refah backup`` and the nightly job), and the README's restore, round trip."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import sys
from pathlib import Path

from bot.backup import JOB_NAME
from localapi.server import BotApiServer
from services.clock import Clock
from storage.backup import backup_name
from tests.e2e.flows import grant, onboard, submit_booklet
from tests.e2e.harness import ALI, CLERK, ROOT, STRANGER, Bot, make_settings

ASK_CONTACT = "شماره تلفن همراه خود را بفرستید"


def _query(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(sql).fetchall()
    conn.close()
    return rows


async def _refah_backup(db: Path, target: Path) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "cli",
        "backup",
        str(target),
        cwd=target.parent,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "DATABASE_PATH": str(db)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode()


def restore(backup: Path, database: Path) -> None:
    """The README's restore, with the bot stopped: set the database and its -wal/-shm aside, copy it in."""
    aside = database.with_name(database.name + ".broken")
    aside.mkdir()
    for suffix in ("", "-wal", "-shm"):
        current = database.with_name(database.name + suffix)
        if current.exists():
            current.rename(aside / current.name)
    shutil.copyfile(backup, database)


async def test_backup_while_running_then_restore(api: BotApiServer, bot: Bot, tmp_path: Path) -> None:
    db = bot.settings.database_path
    await onboard(api, ALI)
    await submit_booklet(api, ALI[0])
    code = (await bot.env.db.fetchone("SELECT tracking_code FROM requests"))["tracking_code"]

    async def keep_writing() -> None:
        for _ in range(20):
            sent = api.send_text(STRANGER, "/start")
            await api.wait_for_text(STRANGER, ASK_CONTACT, after=sent["message_id"])

    copy = tmp_path / "copies" / "refah-copy.sqlite3"
    copy.parent.mkdir()
    writing = asyncio.create_task(keep_writing())
    status, output = await _refah_backup(db, copy)
    await writing
    assert status == 0, output
    assert "integrity ok" in output
    assert _query(copy, "PRAGMA integrity_check") == [("ok",)]
    assert _query(copy, "PRAGMA journal_mode") == [("delete",)]  # one self-contained file
    assert sorted(p.name for p in copy.parent.iterdir()) == ["refah-copy.sqlite3"]
    assert _query(copy, "SELECT tracking_code FROM requests") == [(code,)]

    await grant(bot, CLERK, "clerk")  # after the backup: gone once it is restored
    await bot.stop()
    restore(copy, db)
    await bot.start()
    assert await bot.env.db.fetchval("SELECT COUNT(*) FROM roles") == 0
    sent = api.send_text(ALI[0], "📋 درخواست‌های من")  # still linked, and the request is there
    listing = await api.wait_for_text(ALI[0], "درخواست‌های شما", after=sent["message_id"])
    assert code in str(listing["reply_markup"])


async def test_the_nightly_job_writes_a_checked_copy_and_keeps_the_newest(
    api: BotApiServer, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "nightly"
    folder.mkdir()
    old = [folder / f"refah-2026010{day}T033000Z.sqlite3" for day in (1, 2, 3)]
    for path in old:
        path.write_bytes(b"an older copy")
    (folder / "notes.txt").write_text("not a backup")
    settings = make_settings(api, db_path, BACKUP_DIR=str(folder), BACKUP_KEEP="2")
    harness = Bot(api, settings, Clock())
    app = await harness.start()
    try:
        assert app.job_queue is not None
        [job] = app.job_queue.get_jobs_by_name(JOB_NAME)
        next_run = job.next_t
        assert next_run is not None
        assert next_run.astimezone(settings.zone).time().replace(microsecond=0).isoformat() == "03:00:00"
        await onboard(api, ALI)
        await job.run(app)
    finally:
        await harness.stop()
    kept = sorted(p.name for p in folder.iterdir())
    tonight = [name for name in kept if name not in {p.name for p in old} and name != "notes.txt"]
    assert len(tonight) == 1 and tonight[0].startswith("refah-") and len(tonight[0]) == len(old[0].name)
    assert kept == sorted([old[2].name, tonight[0], "notes.txt"])
    assert _query(folder / tonight[0], "PRAGMA integrity_check") == [("ok",)]
    assert _query(folder / tonight[0], "SELECT COUNT(*) FROM accounts") == [(1,)]


def test_backup_names_sort_by_time() -> None:
    import datetime as dt

    first = backup_name(Path("data/refah.sqlite3"), dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC))
    later = backup_name(Path("data/refah.sqlite3"), dt.datetime(2026, 11, 2, 3, 4, 5, tzinfo=dt.UTC))
    assert first == "refah-20260102T030405Z.sqlite3"
    assert first < later


async def test_an_empty_backup_dir_turns_the_nightly_backup_off(api: BotApiServer, db_path: Path) -> None:
    settings = make_settings(api, db_path, BACKUP_DIR="")
    assert settings.backup_dir is None
    harness = Bot(api, settings, Clock())
    app = await harness.start()
    try:
        assert app.job_queue is not None
        assert app.job_queue.get_jobs_by_name(JOB_NAME) == ()
    finally:
        await harness.stop()
