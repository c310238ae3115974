"""The open-time check is skipped only for a file exactly as Factdesk last left it sound;
any change made after that (by hand, by another program, by a crash) is checked again."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from db.migrate import open_workspace
from db.models import Claim
from db.verified_state import STATE_FILE, record_verified, unchanged_since_verified
from desktop.cli import main as cli


def _made(path: Path) -> Path:
    ws = open_workspace(f"sqlite:///{path}", create=True)
    with ws.session() as s:
        s.add(Claim(text="Aid entering Gaza remains below what was pledged", created_by="t"))
    ws.dispose()
    return path


def _reopen(path: Path):
    return open_workspace(f"sqlite:///{path}", create=False)


def _scribble(path: Path) -> None:
    """Overwrite the pages after the schema with noise, keeping the file's size."""
    with path.open("r+b") as fh:
        fh.seek(4096 * 2)
        fh.write(os.urandom(4096 * 3))


def test_a_cleanly_closed_workspace_is_not_read_again(tmp_path: Path) -> None:
    path = _made(tmp_path / "w.sqlite")
    ws = _reopen(path)
    assert ws.open_check == "unchanged" and ws.damage is None and not ws.read_only
    with ws.session() as s:  # still writable and whole
        s.add(Claim(text="Second claim", created_by="t"))
    ws.dispose()
    again = _reopen(path)
    assert again.open_check == "unchanged"  # our own writes keep it trusted
    again.dispose()


def test_bytes_changed_after_closing_are_checked_and_refused(tmp_path: Path) -> None:
    path = _made(tmp_path / "w.sqlite")
    _scribble(path)
    ws = _reopen(path)
    assert ws.open_check != "unchanged"
    assert ws.damage and ws.read_only
    ws.dispose()
    assert not unchanged_since_verified(path)  # damage is never recorded as sound


def test_times_set_back_by_hand_do_not_hide_a_change(tmp_path: Path) -> None:
    path = _made(tmp_path / "w.sqlite")
    st = path.stat()
    _scribble(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # the change time cannot be reset
    ws = _reopen(path)
    assert ws.open_check != "unchanged" and ws.damage
    ws.dispose()


def test_writes_without_a_clean_close_are_checked(tmp_path: Path) -> None:
    path = _made(tmp_path / "w.sqlite")
    # Another program (or a process that was killed) writes and never records the state.
    conn = sqlite3.connect(path)
    conn.execute("UPDATE claims SET text = 'changed elsewhere'")
    conn.commit()
    conn.close()
    ws = _reopen(path)
    assert ws.open_check == "checked" and ws.damage is None
    ws.dispose()


def test_a_copied_workspace_is_checked(tmp_path: Path) -> None:
    path = _made(tmp_path / "w.sqlite")
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(path.read_bytes())
    (tmp_path / "factdesk-backups" / "copy.sqlite").mkdir(parents=True)
    state = (tmp_path / "factdesk-backups" / "w.sqlite" / STATE_FILE).read_text()
    (tmp_path / "factdesk-backups" / "copy.sqlite" / STATE_FILE).write_text(state)
    ws = _reopen(copy)
    assert ws.open_check == "checked"  # another inode: not the bytes that were checked
    ws.dispose()


def test_cli_records_after_success_only(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "w.sqlite"
    assert cli(["--db", str(path), "init"]) == 0
    assert unchanged_since_verified(path)
    assert cli(["--db", str(path), "claims", "add", "Türkiye is ready to send troops"]) == 0
    assert unchanged_since_verified(path)
    state = tmp_path / "factdesk-backups" / "w.sqlite" / STATE_FILE
    state.unlink()
    assert cli(["--db", str(path), "claims", "show", "999"]) == 1  # a refusal
    assert not state.exists()  # a command that failed records nothing
    capsys.readouterr()


def test_a_read_only_folder_just_checks_every_time(tmp_path: Path) -> None:
    path = _made(tmp_path / "w.sqlite")
    (tmp_path / "factdesk-backups" / "w.sqlite" / STATE_FILE).unlink()
    record_verified(tmp_path / "missing.sqlite")  # nothing to record: no error
    ws = _reopen(path)
    assert ws.open_check == "checked"
    ws.dispose()
