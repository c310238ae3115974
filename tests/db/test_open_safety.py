"""Opening a workspace never writes into damage, never replaces what is not a workspace, and
turns SQLite failures into one line naming the file and what to do."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db.errors import DamagedWorkspace, UserError
from db.migrate import open_workspace
from desktop.cli import main as cli

ROOT = Path(__file__).resolve().parents[2]


def _files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.parent.glob(path.name + "*"))}


def _demo(path: Path) -> Path:
    from desktop.core.seeds import load_demo

    ws = open_workspace(f"sqlite:///{path}", create=True)
    with ws.session() as s:
        load_demo(s, actor="t")
    ws.dispose()  # closes every connection: no WAL left, nothing mapped
    return path


def _assert_unchanged(path: Path, before: dict[str, bytes]) -> None:
    """The database is as it was: opening may add an empty WAL and its index, nothing more."""
    after = _files(path)
    assert after.get(path.name) == before.get(path.name)
    assert after.get(path.name + "-wal", b"") == b""


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("factdesk: error: "), err
    return err[0]


@pytest.mark.parametrize("content", [b"", b"hello, this is not a database\n" * 10])
def test_empty_or_foreign_file_is_refused_and_left_alone(tmp_path: Path, content: bytes,
                                                         capsys) -> None:
    path = tmp_path / "w.sqlite"
    path.write_bytes(content)
    for args in (["claims", "list"], ["claims", "add", "x"], ["init"]):
        assert cli(["--db", str(path), *args]) == 1
        line = _one_line_error(capsys)
        assert str(path) in line and ("empty" in line or "not a SQLite" in line)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.sqlite"]


def test_only_init_creates_a_workspace(tmp_path: Path, capsys) -> None:
    path = tmp_path / "new.sqlite"
    assert cli(["--db", str(path), "claims", "list"]) == 1
    assert _one_line_error(capsys).endswith(f"factdesk --db {path} init")
    assert not path.exists()
    # An empty SQLite database (someone's fresh file) is not given a schema either.
    with sqlite3.connect(path) as conn:
        conn.executescript("CREATE TABLE t (x); DROP TABLE t;")
    conn.close()
    assert cli(["--db", str(path), "claims", "list"]) == 1
    assert _one_line_error(capsys).endswith(f"factdesk --db {path} init")
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    conn.close()
    assert cli(["--db", str(path), "init"]) == 0
    assert cli(["--db", str(path), "claims", "list"]) == 0


def test_empty_postgresql_database_is_not_given_a_schema(db_url: str) -> None:
    with pytest.raises(UserError, match="init"):
        open_workspace(db_url, create=False)
    ws = open_workspace(db_url, create=True)
    ws.dispose()
    open_workspace(db_url, create=False).dispose()


def _corrupt(path: Path, tables: tuple[str, ...] = ("claims", "passages")) -> None:
    """Overwrite the page headers of these tables' root pages with junk (random damage)."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the damage is to land on disk
        roots = [conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                              (t,)).fetchone()[0] for t in tables]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as fh:
        for root in roots:
            fh.seek((root - 1) * page_size)
            fh.write(bytes([0x0F, 0xFF, 0xFF, 0x7F, 0x00, 0x01, 0xAB, 0xCD]))


def test_damaged_workspace_opens_read_only_and_refuses_writes(tmp_path: Path, capsys) -> None:
    path = _demo(tmp_path / "w.sqlite")
    assert cli(["--db", str(path), "backup"]) == 0
    good = capsys.readouterr().out.strip().splitlines()[-1]
    _corrupt(path)
    before = _files(path)
    ws = open_workspace(f"sqlite:///{path}", create=False)
    try:
        assert ws.read_only and ws.damage
        assert any("damaged" in n and good in n for n in ws.notices)
    finally:
        ws.dispose()
    assert cli(["--db", str(path), "claims", "add", "Written into damage?"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("factdesk: error: ") and str(path) in err[-1]
    assert "restore" in err[-1] and "Traceback" not in "".join(err)
    _assert_unchanged(path, before)
    # The offered backup puts it right; the damaged file is kept.
    assert cli(["--db", str(path), "restore", good]) == 0
    assert cli(["--db", str(path), "claims", "add", "After the restore"]) == 0
    kinds = {p.name.split("-")[0] for p in (tmp_path / "factdesk-backups" / "w.sqlite").iterdir()}
    assert "damaged" in kinds


def test_daily_backup_is_the_full_check_and_finds_damage(tmp_path: Path) -> None:
    from db.backup import daily_backup, list_backups

    path = _demo(tmp_path / "w.sqlite")
    ws = open_workspace(f"sqlite:///{path}", create=False)
    try:
        first = daily_backup(ws)
        assert first is not None and daily_backup(ws) is None  # at most once a day
        _corrupt(path)
        with pytest.raises(DamagedWorkspace, match="did not verify"):
            daily_backup(ws, force=True)
        assert ws.read_only and ws.damage  # never written into from now on
    finally:
        ws.dispose()
    assert [b.path for b in list_backups(path)] == [first]  # the good one was not dropped


def test_locked_beyond_the_busy_timeout_is_one_line(tmp_path: Path, monkeypatch) -> None:
    import db.engine

    path = _demo(tmp_path / "w.sqlite")
    monkeypatch.setattr(db.engine, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holding the write lock
    try:
        ws = open_workspace(f"sqlite:///{path}", create=False)
        from db.queries.claim_edits import add_claim

        with pytest.raises(UserError, match="busy: another program") as caught, \
                ws.session() as s:
            add_claim(s, text="x", actor="t")
        assert str(path) in str(caught.value) and "\n" not in str(caught.value)
        ws.dispose()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_cli_writes_beside_an_open_reader(tmp_path: Path) -> None:
    """WAL: the app holding a read transaction does not block the command line."""
    path = _demo(tmp_path / "w.sqlite")
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM claims").fetchone()[0] == 11
    try:
        assert cli(["--db", str(path), "claims", "add", "Written beside the app"]) == 0
        assert reader.execute("SELECT count(*) FROM claims").fetchone()[0] == 11  # snapshot
    finally:
        reader.execute("COMMIT")
    assert reader.execute("SELECT count(*) FROM claims").fetchone()[0] == 12
    reader.close()


def _run_limited(args: list[str], *, preexec) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True,
                          text=True, timeout=120, env=env, preexec_fn=preexec, cwd="/")


def test_full_disk_still_reads_and_refuses_writes_in_one_line(tmp_path: Path) -> None:
    path = _demo(tmp_path / "w.sqlite")
    before = _files(path)

    def no_room() -> None:  # no file may grow: what a full disk looks like to SQLite
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))

    listed = _run_limited(["--db", str(path), "claims", "list", "--format", "csv"],
                          preexec=no_room)
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.strip().splitlines()) == 12
    added = _run_limited(["--db", str(path), "claims", "add", "x"], preexec=no_room)
    assert added.returncode == 1
    last = added.stderr.strip().splitlines()[-1]
    assert last.startswith("factdesk: error: ") and str(path) in last
    assert "Traceback" not in added.stderr
    assert "disk" in last
    _assert_unchanged(path, before)


@pytest.mark.skipif(not hasattr(os, "setuid"), reason="POSIX permissions")
def test_read_only_folder_still_reads_and_refuses_writes_in_one_line(tmp_path: Path) -> None:
    folder = Path("/tmp") / f"factdesk-ro-{os.getpid()}"
    folder.mkdir(mode=0o755)
    try:
        path = _demo(folder / "w.sqlite")
        os.chmod(path, 0o444)
        os.chmod(folder, 0o555)
        before = _files(path)
        as_other = None
        if os.geteuid() == 0:  # root ignores permissions: run as an ordinary user
            def as_other() -> None:
                os.setgid(65534)
                os.setuid(65534)
        listed = _run_limited(["--db", str(path), "claims", "list", "--format", "csv"],
                              preexec=as_other)
        assert listed.returncode == 0, listed.stderr
        assert len(listed.stdout.strip().splitlines()) == 12
        assert "read-only" in listed.stderr
        added = _run_limited(["--db", str(path), "claims", "add", "x"], preexec=as_other)
        assert added.returncode == 1 and "Traceback" not in added.stderr
        last = added.stderr.strip().splitlines()[-1]
        assert last.startswith("factdesk: error: ") and str(path) in last
        assert "cannot be changed" in last
        _assert_unchanged(path, before)
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder)


@pytest.mark.parametrize("url", [
    "postgresql://ana:s3cr3t-Pw@127.0.0.1:1/nodb",
    "postgresql://ana:s3cr3t-Pw@localhost:1/nodb?sslmode=require",
    "postgresql+psycopg://ana:s3cr3t-Pw@no-such-host.invalid/nodb",
    "postgres://ana:s3cr3t-Pw@127.0.0.1:1/nodb?connect_timeout=1",
])
def test_postgresql_password_never_shown_in_connection_errors(url: str, capsys) -> None:
    with pytest.raises(UserError) as caught:
        open_workspace(url, create=False)
    assert "s3cr3t-Pw" not in str(caught.value)
    assert cli(["--db", url, "claims", "list"]) == 1
    line = _one_line_error(capsys)
    assert "s3cr3t-Pw" not in line and "***" in line


def test_damage_left_by_an_interrupted_upgrade_is_restored_from_its_backup(
        tmp_path: Path) -> None:
    """Upgrades are one transaction, so this should not happen; if it does (a disk fault
    mid-upgrade), the checked backup taken for that upgrade is put back automatically."""
    from db.backup import before_upgrade
    from db.upgrade_guard import UpgradeMarker, marker_path

    path = _demo(tmp_path / "w.sqlite")
    backup, made = before_upgrade(path, "0003")
    assert made and before_upgrade(path, "0003") == (backup, False)  # one per version
    UpgradeMarker(path, "0003", backup).__enter__()  # killed before it could clear the marker
    _corrupt(path)
    ws = open_workspace(f"sqlite:///{path}", create=False)
    try:
        assert not ws.read_only and ws.damage is None
        (note,) = ws.notices  # one message, naming the backup
        assert "restored from" in note and str(backup) in note
        from db.queries.claims import list_claims

        with ws.session() as s:
            assert len(list_claims(s).rows) == 11
    finally:
        ws.dispose()
    assert not marker_path(path).exists()
    kept = [p.name for p in (tmp_path / "factdesk-backups" / "w.sqlite").iterdir()]
    assert any(n.startswith("damaged-") for n in kept)
