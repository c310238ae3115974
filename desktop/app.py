"""Starts the Qt application: the main window over the workspace, opened off the GUI thread.

`main()` is what `factdesk` without a command (and `python -m desktop`) runs. With
`screenshot=` it waits until the claims list is on screen, saves the window as a PNG, prints
`loaded in X.XX s` (from process start) and exits.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_IMPORTED_AT = time.monotonic()
SCREENSHOT_TIMEOUT_S = 120.0


def seconds_since_start() -> float:
    """Wall time since this process started (Linux /proc), else since this module loaded."""
    try:
        stat = Path("/proc/self/stat").read_text()
        # Field 22 is the start time in clock ticks since boot; the command name (field 2)
        # may hold spaces, so count from its closing parenthesis.
        start_ticks = int(stat.rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return max(uptime - start_ticks / os.sysconf("SC_CLK_TCK"), 0.0)
    except (OSError, ValueError, IndexError):
        return time.monotonic() - _IMPORTED_AT


def _open_workspace(url: str, load_demo: bool, actor: str) -> Any:
    """Worker thread: open (or upgrade) the workspace; only the default one is created (first
    run), and given the demo."""
    from db.migrate import open_workspace

    # The quick_check is deferred to the window (desktop.ui.safety), off the launch path.
    ws = open_workspace(url, create=load_demo, check=False)
    if load_demo:
        from desktop.core.seeds import load_demo_on_first_run

        try:
            load_demo_on_first_run(ws, actor=actor)
        except BaseException:
            ws.dispose()
            raise
    return ws


def main(db: str | None = None, argv: Sequence[str] | None = None, *,
         screenshot: str | Path | None = None, size: tuple[int, int] | None = None,
         select: int | None = None, scene: Any = None) -> int:
    """Run the desktop app on workspace `db` (URL or SQLite path; None: the default)."""
    from desktop.display import window_problem

    problem = window_problem()
    if problem is not None:
        if screenshot is None:
            print(f"factdesk: error: {problem}", file=sys.stderr)
            return 1
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a screenshot needs no screen
    from desktop.ui.gcpolicy import pause_for_startup, settle_after_startup

    pause_for_startup()  # back on (with the imports frozen) once the first list is shown
    from PySide6.QtWidgets import QApplication

    from db.engine import resolve_url
    from desktop.core.config import current_user

    app = QApplication.instance() or QApplication(
        list(argv) if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Factdesk")
    app.setOrganizationName("Factdesk")
    app.setApplicationDisplayName("Factdesk")
    # Ties the window to factdesk.desktop (Wayland matches them by this name: icon, task bar).
    app.setDesktopFileName("factdesk")
    if scene is not None and scene.dark:
        from desktop.ui.screenshot_scene import dark_palette

        dark_palette(app)

    from desktop.ui.ops import AppContext, run_plain

    # Start opening the workspace first: the worker does it while the window is built.
    ctx = AppContext()
    default = db is None and not os.environ.get("FACTDESK_DB")
    url = resolve_url(db)
    instance = None
    if screenshot is None:
        # One window per workspace: a second start brings the first window to the front.
        from desktop.ui.single_instance import claim

        instance = claim(url)
        if instance is None:
            print("factdesk: this workspace is already open in Factdesk; its window was "
                  "brought to the front", file=sys.stderr)
            return 0
    opening = {"ws": None, "error": None}
    from desktop.ui.first_run import name_needed

    # Before the user has said their name, the example is recorded as the example's, not
    # under the login name ("root").
    actor = "Factdesk example" if name_needed() else current_user()
    run_plain(ctx, lambda: _open_workspace(url, default, actor),
              lambda ws: opening.update(ws=ws), lambda exc: opening.update(error=exc))

    from desktop.ui.main_window import MainWindow
    from desktop.ui.style import app_icon

    app.setWindowIcon(app_icon())
    win = MainWindow(ctx=ctx)
    if instance is not None:
        from desktop.ui.single_instance import bring_to_front

        instance.activated.connect(lambda: bring_to_front(win))
    if screenshot is not None:
        win.persist = False
        win.resize(*(size or (1400, 850)))
    exit_code = {"code": 0}

    def failed(exc: BaseException) -> None:
        from desktop.ui.ops import report_error

        settle_after_startup()
        exit_code["code"] = 1
        if screenshot is not None:
            print(f"factdesk: error: {exc}", file=sys.stderr)
        else:
            report_error(win, exc)
        win.close()
        app.exit(1)

    # The open's result arrives through the event loop; hand it to the window from there.
    def opened() -> None:
        if opening["error"] is not None:
            failed(opening["error"])
        elif opening["ws"] is not None:
            win.attach(opening["ws"], owned=True)
            if screenshot is None:
                from desktop.ui.safety import after_open

                after_open(win, opening["ws"])  # notices, damage, the daily backup

    ctx.tasks.run(lambda: None, lambda _f: opened())
    if screenshot is not None:
        _arm_screenshot(win, Path(screenshot), select, exit_code, scene)
    win.show()
    if screenshot is None:
        from PySide6.QtCore import QTimer

        from desktop.ui.first_run import ask_name_once

        QTimer.singleShot(0, lambda: setattr(win, "name_dialog", ask_name_once(win)))
    code = app.exec()
    if instance is not None:
        instance.release()
    return exit_code["code"] or code


def _arm_screenshot(win: Any, path: Path, select: int | None,
                    exit_code: dict[str, int], scene: Any = None) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    started = time.monotonic()
    state: dict[str, Any] = {"loaded_in": None, "selected": select is None}
    timer = QTimer(win, interval=10)

    def ready() -> bool:
        if not win.list_shown():
            return False
        if state["loaded_in"] is None:
            state["loaded_in"] = seconds_since_start()
        if not state["selected"]:
            state["selected"] = True
            win.claims.select_claim(select)
        if not win.claims.model.complete or not win.list_shown():
            return False
        if not win.side_ready() or win.ctx.tasks.pending:
            return False  # the documents (or the start page) are not in place yet
        cid = win.detail.claim_id
        if cid >= 0 and (win.detail.claim is None or win.detail.claim.id != cid):
            return False
        if scene is None:
            return True
        scene.apply(win)
        return scene.ready(win) and not win.ctx.tasks.pending

    def poll() -> None:
        if win.ctx.ws is None and exit_code["code"]:
            timer.stop()
            return
        if time.monotonic() - started > SCREENSHOT_TIMEOUT_S:
            timer.stop()
            print("factdesk: error: the claims list did not appear in time", file=sys.stderr)
            exit_code["code"] = 1
            win.close()
            QApplication.instance().exit(1)  # type: ignore[union-attr]
            return
        if not ready():
            return
        timer.stop()
        QApplication.processEvents()
        path.parent.mkdir(parents=True, exist_ok=True)
        target = scene.target(win) if scene is not None else win
        if not target.grab().save(str(path), "PNG"):
            print(f"factdesk: error: cannot write {path}", file=sys.stderr)
            exit_code["code"] = 1
        else:
            print(f"loaded in {state['loaded_in']:.2f} s")
            sys.stdout.flush()
        win.close()
        QApplication.instance().exit(exit_code["code"])  # type: ignore[union-attr]

    timer.timeout.connect(poll)
    timer.start()
