"""Settings from the environment, one clear line for a bad one; the refah command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from cli import main
from kit.settings import Settings, describe_error

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "tests" / "fixtures" / "registry"


def test_defaults_and_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_PLATFORM", "bale")
    monkeypatch.setenv("ADMIN_USER_IDS", "1, 2,3")
    monkeypatch.setenv("BOT_API_BASE_URL", "http://127.0.0.1:8081/bot")
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.bot_token is None
    assert s.admin_user_ids == frozenset({1, 2, 3})
    assert s.base_url == "http://127.0.0.1:8081/bot"
    assert s.file_url == "https://tapi.bale.ai/file/bot"
    assert s.timezone == "Asia/Tehran"
    assert str(s.zone) == "Asia/Tehran"


def test_the_token_is_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123:SECRET")
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert "SECRET" not in repr(s)
    assert s.bot_token is not None and s.bot_token.get_secret_value() == "123:SECRET"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ADMIN_CHAT_ID", "the-clerks"),
        ("ADMIN_USER_IDS", "1,two"),
        ("TIMEZONE", "Mars/Olympus"),
        ("BOT_PLATFORM", "whatsapp"),
        ("BOT_API_BASE_URL", "ftp://example"),
    ],
)
def test_a_malformed_setting_is_named_in_one_line(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None)  # type: ignore[call-arg]
    line = describe_error(caught.value)
    assert "\n" not in line
    assert line.startswith(f"configuration error: {name}:")


def test_refah_run_with_a_bad_setting_exits_with_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cli"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "ADMIN_CHAT_ID": "clerks", "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "configuration error: ADMIN_CHAT_ID: Input should be a valid integer, unable to parse string as an integer (got 'clerks')"
    )


def test_import_employees_then_reimport_upserts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "r.sqlite3"))
    args = [
        "import-employees",
        str(REGISTRY / "employees.csv"),
        "--dependants",
        str(REGISTRY / "dependants.csv"),
    ]
    assert main(args) == 0
    assert "imported 5 employees and 6 dependants" in capsys.readouterr().out
    assert main(args) == 0  # the same file again changes nothing and breaks nothing
    import sqlite3

    with sqlite3.connect(tmp_path / "r.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM employees").fetchone()[0] == 5
        assert conn.execute("SELECT COUNT(*) FROM dependants").fetchone()[0] == 6


def test_import_with_a_bad_row_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "r.sqlite3"))
    bad = tmp_path / "employees.csv"
    lines = (REGISTRY / "employees.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[2] = lines[2].replace("1234567891", "1234567890")  # a wrong check digit on row 3
    bad.write_text("\n".join(lines), encoding="utf-8")
    assert main(["import-employees", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "row 3" in err and "national_id" in err
    import sqlite3

    with sqlite3.connect(tmp_path / "r.sqlite3") as conn:
        tables = conn.execute("SELECT name FROM sqlite_master WHERE name = 'employees'").fetchall()
        assert not tables or conn.execute("SELECT COUNT(*) FROM employees").fetchone()[0] == 0


def test_roles_grant_list_revoke(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "r.sqlite3"))
    assert main(["roles", "grant", "201", "clerk", "loan"]) == 0
    assert main(["roles", "grant", "202", "head"]) == 0
    assert main(["roles", "list"]) == 0
    out = capsys.readouterr().out
    assert "201\tclerk\tloan" in out and "202\thead\t*" in out
    assert main(["roles", "grant", "202", "head", "loan"]) == 1  # head is not scoped
    assert main(["roles", "grant", "202", "wizard"]) == 1
    assert main(["roles", "revoke", "201", "clerk", "loan"]) == 0
    capsys.readouterr()
    assert main(["roles", "list"]) == 0
    assert "201" not in capsys.readouterr().out


def test_a_real_bot_needs_the_clerks_group(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cli"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "BOT_TOKEN": "123:ABC", "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "configuration error: ADMIN_CHAT_ID: required with a BOT_TOKEN (the clerks' group)"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["import-employees", "{tmp}/nope.csv"],
        ["import-employees", "{tmp}/adir"],
        ["import-employees", "{tmp}/bin.csv"],
        ["configure", "{tmp}/nope.toml"],
        ["configure", "{tmp}/adir"],
        ["configure", "{tmp}/bin.csv"],
        ["import-payroll", "{tmp}/nope.csv"],
        ["import-payroll", "{tmp}/bin.csv"],
        ["import-registry", "{tmp}/adir"],
        ["import-registry", "{tmp}/bin.csv"],
        ["backup", "/nonexistent/folder/copy.sqlite3"],
        ["export", "requests", "--from", "1405/01/01", "--to", "1405/02/01", "/nonexistent/out.xlsx"],
    ],
)
def test_every_command_answers_a_bad_file_in_one_line(
    tmp_path: Path, args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "adir").mkdir()
    (tmp_path / "bin.csv").write_bytes(b"\xff\xfe\x00 not text")
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "db.sqlite3"))
    monkeypatch.setenv("BOT_TOKEN", "")
    code = main([a.format(tmp=tmp_path) for a in args])
    err = capsys.readouterr().err
    assert code != 0
    assert "Traceback" not in err
    assert 1 <= len([line for line in err.splitlines() if line.strip() and " INFO " not in line]) <= 3, err
