"""File → Backups… on real widgets; one window per workspace; damage offered a restore."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import settle

from db.backup import list_backups, take
from db.migrate import open_workspace
from db.queries.claim_edits import add_claim

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def file_ws(tmp_path: Path):
    from desktop.core.seeds import load_demo

    ws = open_workspace(f"sqlite:///{tmp_path / 'w.sqlite'}", create=True)
    with ws.session() as s:
        load_demo(s, actor="t")
    yield ws
    ws.dispose()


def test_backups_menu_lists_backs_up_and_restores(qtbot: Any, open_window: Any, file_ws: Any,
                                                  monkeypatch, tmp_path: Path) -> None:
    from desktop.ui import messages
    from desktop.ui.backups_dialog import open_backups

    first = take(file_ws.path, "daily")
    win = open_window(file_ws)
    assert win.backups_action in win.menuBar().actions()[0].menu().actions()
    dlg = open_backups(win)
    qtbot.waitUntil(dlg.isVisible)
    assert dlg.table.rowCount() == 1 and dlg.table.item(0, 1).text() == "Daily"
    assert not dlg.restore_button.isEnabled()  # nothing selected yet
    dlg.backup_button.click()
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 2, timeout=10_000)
    assert {dlg.table.item(r, 1).text() for r in range(2)} == {"Daily", "Taken by hand"}
    shot = tmp_path / "backups-dialog.png"
    dlg.grab().save(str(shot))
    if os.environ.get("FACTDESK_SHOTS"):
        dlg.grab().save(os.path.join(os.environ["FACTDESK_SHOTS"], "backups-dialog.png"))
    # A claim added after the backups, then the daily backup restored: the claim is gone and
    # the list shows the restored workspace.
    with file_ws.session() as s:
        add_claim(s, text="Added after the backup", actor="t")
    row = dlg.paths.index(first)
    dlg.table.selectRow(row)
    assert dlg.restore_button.isEnabled()
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    dlg.restore_button.click()
    qtbot.waitUntil(lambda: win.ctx.ws is not file_ws and win.ctx.ws is not None,
                    timeout=15_000)
    settle(qtbot, win)
    assert win.claims.model.rowCount() == 11
    assert any(b.kind == "before-restore" for b in list_backups(file_ws.path))


def test_damaged_workspace_offers_the_newest_good_backup(qtbot: Any, open_window: Any,
                                                         file_ws: Any, monkeypatch) -> None:
    from desktop.ui import messages, safety

    good = take(file_ws.path, "manual")
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm",
                        lambda _p, text, *_a, **_k: asked.append(text) or False)
    win = open_window(file_ws)
    file_ws.damage = "quick_check: page 7 is never used"
    file_ws.notices.append("w.sqlite is damaged (page 7 is never used)")
    safety.after_open(win, file_ws)
    assert asked and good.name in asked[0] and "damaged" in asked[0]


def test_second_start_on_the_same_workspace_raises_the_first(qtbot: Any,
                                                              tmp_path: Path) -> None:
    from desktop.ui.single_instance import claim

    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    guard = claim(url)
    assert guard is not None
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
        with qtbot.waitSignal(guard.activated, timeout=60_000):
            proc = subprocess.Popen([sys.executable, "-m", "desktop", "--db", url], env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            while proc.poll() is None:
                qtbot.wait(50)
        assert proc.returncode == 0
        assert "already open" in proc.stderr.read()
        # Another workspace is not affected.
        other = claim(f"sqlite:///{tmp_path / 'other.sqlite'}")
        assert other is not None
        other.release()
    finally:
        guard.release()
    again = claim(url)  # released: the next start may open it
    assert again is not None
    again.release()


def test_the_deferred_open_check_finds_damage_before_any_write(qtbot: Any, open_window: Any,
                                                               tmp_path: Path,
                                                               monkeypatch) -> None:
    import sqlite3

    from desktop.core.seeds import load_demo
    from desktop.ui import messages, safety

    path = tmp_path / "w.sqlite"
    ws = open_workspace(f"sqlite:///{path}", create=True)
    with ws.session() as s:
        load_demo(s, actor="t")
    ws.dispose()
    good = take(path, "manual")
    with sqlite3.connect(path) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='passages'") \
            .fetchone()[0]
    conn.close()
    with path.open("r+b") as fh:  # junk over a b-tree page header
        fh.seek((root - 1) * 4096)
        fh.write(b"\x0f\xff\xff\x7f\x00\x01\xab\xcd")
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm",
                        lambda _p, text, *_a, **_k: asked.append(text) or False)
    ws = open_workspace(f"sqlite:///{path}", create=False, check=False)  # as the app does
    try:
        win = open_window(ws)
        safety.after_open(win, ws)
        qtbot.waitUntil(lambda: bool(asked), timeout=15_000)
        assert good.name in asked[0] and ws.read_only and ws.damage
        assert not any(b.kind == "daily" for b in list_backups(path))
    finally:
        ws.dispose()


def test_opening_takes_the_daily_backup_fully_checked_after_an_unclean_exit(
        qtbot: Any, open_window: Any, file_ws: Any, monkeypatch) -> None:
    import db.backup
    from desktop.ui import safety

    checks: list[bool] = []
    real = db.backup._verify
    monkeypatch.setattr(db.backup, "_verify",
                        lambda conn, full=True: checks.append(full) or real(conn, full))
    # The last run never got to mark a clean exit; a full check is not otherwise due.
    db.backup.mark_running(file_ws.path)
    (db.backup.backup_dir(file_ws.path) / db.backup.FULL_CHECK_MARKER).write_text(
        "2999-01-01T00:00:00")
    win = open_window(file_ws)
    safety.after_open(win, file_ws)
    qtbot.waitUntil(lambda: any(b.kind == "daily" for b in list_backups(file_ws.path)),
                    timeout=15_000)
    assert checks == [True]  # forced: the full integrity_check
    db.backup.mark_stopped(file_ws.path)
    assert db.backup.mark_running(file_ws.path) is False  # a clean exit was recorded


def test_the_daily_backup_never_holds_up_the_list(qtbot: Any, open_window: Any,
                                                  file_ws: Any, monkeypatch) -> None:
    """The copy runs beside the single writer: a query asked for meanwhile comes back."""
    import threading

    import db.backup
    from desktop.ui import safety
    from desktop.ui.ops import run_plain

    copying, release = threading.Event(), threading.Event()
    real = db.backup.copy_checked

    def slow_copy(*args: Any, **kwargs: Any) -> Any:
        copying.set()
        release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(db.backup, "copy_checked", slow_copy)
    win = open_window(file_ws)
    try:
        safety.start_daily_backup(win, file_ws, force=True)
        qtbot.waitUntil(copying.is_set, timeout=10_000)
        answers: list[int] = []
        run_plain(win.ctx, lambda: win.ctx.ws.path.stat().st_size, answers.append,
                  lambda exc: None)
        qtbot.waitUntil(lambda: bool(answers), timeout=5_000)  # while the copy still waits
        assert not any(b.kind == "daily" for b in list_backups(file_ws.path))
    finally:
        release.set()
    qtbot.waitUntil(lambda: any(b.kind == "daily" for b in list_backups(file_ws.path)),
                    timeout=15_000)


def test_damage_found_by_the_daily_backup_turns_the_window_read_only(
        qtbot: Any, open_window: Any, file_ws: Any, monkeypatch) -> None:
    import db.backup
    from desktop.ui import messages, safety

    good = take(file_ws.path, "manual")
    monkeypatch.setattr(db.backup, "_verify", lambda conn, full=True: ["row 3 missing from "
                                                                        "index claims_text"])
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm",
                        lambda _p, text, *_a, **_k: asked.append(text) or False)
    win = open_window(file_ws)
    safety.start_daily_backup(win, file_ws, force=True)
    qtbot.waitUntil(lambda: bool(asked), timeout=15_000)
    assert file_ws.read_only and "row 3 missing" in (file_ws.damage or "")
    assert good.name in asked[0]
