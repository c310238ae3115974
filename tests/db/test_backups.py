"""Backups: taken with the online backup API, checked, rotated; restore checks first and keeps
the current workspace; PostgreSQL round-trips through a portable SQLite export."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from db.backup import (
    BackupFailed,
    backup_before,
    backup_dir,
    check_file,
    list_backups,
    prune,
    take,
)
from db.errors import UserError
from db.migrate import open_workspace
from db.queries.claim_edits import add_claim, bulk_add_claims
from db.restore import restore_sqlite
from desktop.cli import main as cli


def _claims(ws) -> int:
    with ws.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM claims")).scalar_one()


@pytest.fixture
def file_ws(tmp_path: Path):
    ws = open_workspace(f"sqlite:///{tmp_path / 'w.sqlite'}", create=True)
    with ws.session() as s:
        add_claim(s, text="Aid is below the pledge", actor="t")
    yield ws
    ws.dispose()


def test_backup_is_a_checked_copy_of_the_live_workspace(file_ws) -> None:
    with file_ws.session() as s:  # an uncheckpointed write in the WAL is included
        add_claim(s, text="Second claim", actor="t")
    b = take(file_ws.path, "manual")
    assert b.parent == backup_dir(file_ws.path) and check_file(b) is None
    with sqlite3.connect(b) as conn:
        assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 2
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert [i.kind for i in list_backups(file_ws.path)] == ["manual"]


def test_rotation_keeps_seven_days_and_four_weeks(file_ws) -> None:
    start = datetime(2026, 1, 1, 9, 0)
    for day in range(60):
        take(file_ws.path, "daily", now=start + timedelta(days=day))
    kept = [b.taken for b in list_backups(file_ws.path) if b.kind == "daily"]
    newest = start + timedelta(days=59)
    assert kept[:7] == [newest - timedelta(days=d) for d in range(7)]
    assert len(kept) == 11  # 7 daily + the newest of each of the 4 weeks before
    weeks = [d.isocalendar()[:2] for d in kept[7:]]
    assert len(set(weeks)) == 4 and all(w < kept[6].isocalendar()[:2] for w in weeks)
    take(file_ws.path, "manual")
    prune(file_ws.path, keep_daily=2, keep_weekly=0)  # the setting, smaller
    assert [b.kind for b in list_backups(file_ws.path)].count("daily") == 2
    assert [b.kind for b in list_backups(file_ws.path)].count("manual") == 1


def test_a_backup_that_does_not_verify_drops_nothing(file_ws, monkeypatch) -> None:
    import db.backup

    first = take(file_ws.path, "daily", now=datetime(2026, 1, 1))
    monkeypatch.setattr(db.backup, "_verify", lambda conn, full=True: ["page 4 is never used"])
    with pytest.raises(BackupFailed, match="did not verify"):
        take(file_ws.path, "daily", keep_daily=1, keep_weekly=0)
    assert [b.path for b in list_backups(file_ws.path)] == [first]
    assert not list(backup_dir(file_ws.path).glob("*.partial"))


def test_bulk_import_backs_up_only_above_a_thousand_rows(file_ws) -> None:
    assert backup_before(file_ws, "import", rows=1000) is None
    b = backup_before(file_ws, "import", rows=1001)
    assert b is not None and b.name.startswith("before-import-")


def test_cli_bulk_import_takes_a_backup_first(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite"
    assert cli(["--db", str(path), "init"]) == 0
    sheet = tmp_path / "claims.csv"
    sheet.write_text("text\n" + "".join(f"Claim number {i}\n" for i in range(1200)))
    assert cli(["--db", str(path), "claims", "import", str(sheet)]) == 0
    (b,) = list_backups(path)
    assert b.kind == "before-import"
    with sqlite3.connect(b.path) as conn:
        assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 0
    conn.close()


def test_restore_checks_keeps_current_then_swaps(file_ws, tmp_path: Path) -> None:
    good = take(file_ws.path, "manual")
    with file_ws.session() as s:
        bulk_add_claims(s, [{"text": f"later {i}"} for i in range(5)], actor="t")
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    for junk in (bad, tmp_path / "missing.sqlite", tmp_path):
        with pytest.raises(UserError):
            restore_sqlite(file_ws.path, junk)
    assert _claims(file_ws) == 6
    kept = restore_sqlite(file_ws.path, good)
    # The open workspace sees the restored rows (the swap went through SQLite, not the disk).
    assert _claims(file_ws) == 1
    assert kept is not None and kept.name.startswith("before-restore-")
    with sqlite3.connect(kept) as conn:
        assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 6
    conn.close()


def test_restore_refuses_a_backup_from_a_newer_factdesk(file_ws) -> None:
    b = take(file_ws.path, "manual")
    with sqlite3.connect(b) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    with pytest.raises(UserError, match="newer Factdesk"):
        restore_sqlite(file_ws.path, b)


def test_cli_backup_list_restore(tmp_path: Path, capsys) -> None:
    path = tmp_path / "w.sqlite"
    assert cli(["--db", str(path), "demo"]) == 0
    out = tmp_path / "copy.sqlite"
    assert cli(["--db", str(path), "backup", "--out", str(out)]) == 0
    assert cli(["--db", str(path), "backup", "--out", str(out)]) == 1  # never overwrites
    assert cli(["--db", str(path), "backup"]) == 0
    capsys.readouterr()
    assert cli(["--db", str(path), "backups", "list", "--format", "json"]) == 0
    assert '"kind": "manual"' in capsys.readouterr().out
    assert cli(["--db", str(path), "claims", "add", "Added after the backup"]) == 0
    assert cli(["--db", str(path), "restore", str(out)]) == 0
    capsys.readouterr()
    assert cli(["--db", str(path), "claims", "list", "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 12


@pytest.mark.postgres
def test_postgresql_export_and_restore_round_trip(pg_url: str, tmp_path: Path, capsys) -> None:
    db_url = pg_url
    assert cli(["--db", db_url, "demo"]) == 0
    out = tmp_path / "export.sqlite"
    assert cli(["--db", db_url, "backup"]) == 1  # pg_dump, or --out
    assert "pg_dump" in capsys.readouterr().err
    assert cli(["--db", db_url, "backup", "--out", str(out)]) == 0
    assert check_file(out) is None
    # The export is a workspace in its own right.
    ws = open_workspace(f"sqlite:///{out}", create=False)
    assert _claims(ws) == 11
    ws.dispose()
    assert cli(["--db", db_url, "claims", "add", "Added after the export"]) == 0
    assert cli(["--db", db_url, "restore", str(out)]) == 0
    ws = open_workspace(db_url, create=False)
    try:
        assert _claims(ws) == 11
        with ws.session() as s:  # the id sequences follow the restored rows
            assert add_claim(s, text="New after restore", actor="t").id == 12
    finally:
        ws.dispose()


def test_daily_backup_checks_fully_once_a_week(file_ws, monkeypatch) -> None:
    import db.backup

    checks: list[bool] = []
    real = db.backup._verify
    monkeypatch.setattr(db.backup, "_verify",
                        lambda conn, full=True: checks.append(full) or real(conn, full))
    day = datetime(2026, 3, 2, 9)
    for offset in (0, 1, 2, 7, 8):
        take(file_ws.path, "daily", now=day + timedelta(days=offset),
             full=db.backup.full_check_due(file_ws.path, day + timedelta(days=offset)))
    assert checks == [True, False, False, True, False]
