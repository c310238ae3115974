"""Launching: the screenshot mode in a real process; the lazy model on a larger list."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from ui_helpers import settle

from db.queries.claim_edits import bulk_add_claims
from db.queries.claims import ClaimFilter, claim_ids

pytestmark = pytest.mark.gui


def test_screenshot_mode_on_the_default_workspace(tmp_path: Path) -> None:
    """`factdesk gui --screenshot` on a first run: the demo is loaded and shown, a PNG saved."""
    out = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FACTDESK_HOME": str(tmp_path / "h")}
    env.pop("FACTDESK_DB", None)
    proc = subprocess.run([sys.executable, "-m", "desktop", "gui", "--screenshot", str(out),
                           "--size", "1000x700"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert re.fullmatch(r"loaded in \d+\.\d\d s\n", proc.stdout)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)
    # The demo went into the new default workspace.
    listed = subprocess.run([sys.executable, "-m", "desktop", "claims", "list", "--format",
                             "csv"], env=env, capture_output=True, text=True, timeout=60)
    assert len(listed.stdout.strip().splitlines()) == 1 + 11


def test_screenshot_of_the_figures_tab_and_the_report_options(tmp_path: Path) -> None:
    """The scenes the screenshot script uses: the Figures tab, and the report options dialog
    saved on its own (smaller than the window)."""
    from PySide6.QtGui import QImage

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FACTDESK_HOME": str(tmp_path / "h")}
    db = ["--db", str(tmp_path / "w.sqlite")]
    subprocess.run([sys.executable, "-m", "desktop", *db, "demo"], env=env, check=True,
                   capture_output=True, timeout=120)
    sizes = {}
    for name, extra in (("figures", ["--tab", "figures"]), ("options", ["--report-options"])):
        out = tmp_path / f"{name}.png"
        proc = subprocess.run([sys.executable, "-m", "desktop", *db, "gui", "--screenshot",
                               str(out), "--size", "1000x700", "--select", "9", *extra],
                              env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        image = QImage(str(out))
        sizes[name] = (image.width(), image.height())
    assert sizes["figures"] == (1000, 700)
    assert sizes["options"][0] < 1000 and sizes["options"][1] < 700


def test_screenshot_mode_reports_a_bad_database(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FACTDESK_HOME": str(tmp_path)}
    folder = tmp_path / "a-folder"
    folder.mkdir()
    proc = subprocess.run([sys.executable, "-m", "desktop", "--db", str(folder), "gui",
                           "--screenshot", str(tmp_path / "x.png")], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("factdesk: error:") and "Traceback" not in proc.stderr
    assert not (tmp_path / "x.png").exists()


def test_model_fetches_rows_lazily(qtbot: Any, open_window: Any, sqlite_ws: Any) -> None:
    rows = [{"text": f"Claim number {i}", "speaker": f"S{i % 7}", "tags": "bulk"}
            for i in range(3000)]
    with sqlite_ws.session() as s:
        bulk_add_claims(s, rows, actor="x")
    win = open_window(sqlite_ws)
    model = win.claims.model
    assert model.rowCount() == 3000
    assert win.claims.count_label.text() == "3,000 claims"
    # Only the rows on screen were fetched, not 3,000 records.
    assert 0 < len(model._cache) <= 2 * 100
    win.claims.table.scrollToBottom()
    qtbot.waitUntil(win.list_shown)
    assert model.record(2999) is not None and model.record(1500) is None
    # Sorting is done by the database, descending by speaker then id.
    win.claims.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    settle(qtbot, win)
    with sqlite_ws.session() as s:
        by_speaker = claim_ids(s, ClaimFilter(), order="speaker")
    got = [model.claim_id(r) for r in range(model.rowCount())]
    assert len(got) == 3000 and set(got) == set(by_speaker)
    speakers = [model.record(r).speaker for r in range(20)]
    assert speakers == ["S6"] * 20
    assert got[:20] == sorted(got[:20], reverse=True)  # ties: newest first


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland check is Linux's")
def test_no_display_is_one_clear_line(tmp_path) -> None:
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["FACTDESK_HOME"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-m", "desktop"], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "factdesk: error: no display to open the window on (set DISPLAY, or use the command "
        "line: factdesk --help)"]
    assert not (tmp_path / "workspace.sqlite").exists()
