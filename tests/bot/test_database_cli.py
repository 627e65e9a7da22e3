"""``refah run`` refuses an empty or corrupt database with one line; ``refah backup`` copies a live one."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cli import main

ROOT = Path(__file__).resolve().parents[2]


def _a_database(path: Path) -> bytes:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x TEXT)")
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,) for _ in range(100)])
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (lambda good: b"", "is empty (0 bytes)"),
        (lambda good: b"\x00" * 16 + good[16:], "is not a database (no SQLite header)"),
        (lambda good: good[: len(good) // 2], "is truncated or corrupt"),
    ],
    ids=["empty", "corrupt header", "truncated"],
)
def test_refah_run_refuses_a_broken_database_in_one_line(
    tmp_path: Path, content: object, reason: str
) -> None:
    path = tmp_path / "refah.sqlite3"
    broken = content(_a_database(tmp_path / "good.sqlite3"))  # type: ignore[operator]
    path.write_bytes(broken)
    result = subprocess.run(
        [sys.executable, "-m", "cli"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT),
            "BOT_TOKEN": "123:ABC",
            "BOT_API_BASE_URL": "http://127.0.0.1:9/bot",
            "ADMIN_CHAT_ID": "-1001",
            "DATABASE_PATH": str(path),
        },
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"database refused: {path} {reason}")
    assert path.read_bytes() == broken


def test_backup_refuses_a_missing_database_and_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "nowhere.sqlite3"))
    assert main(["backup", str(tmp_path / "copy.sqlite3")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_backup_into_a_folder_names_the_copy_by_its_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "refah.sqlite3"
    _a_database(source)
    folder = tmp_path / "copies"
    folder.mkdir()
    monkeypatch.setenv("DATABASE_PATH", str(source))
    assert main(["backup", str(folder)]) == 0
    [copy] = folder.iterdir()
    assert copy.name.startswith("refah-") and copy.name.endswith("Z.sqlite3")
    assert "integrity ok" in capsys.readouterr().out
    assert main(["backup", str(copy)]) == 1  # an existing file is never overwritten
    assert "exists already" in capsys.readouterr().err
