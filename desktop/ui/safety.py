"""What the window does for the workspace's safety once it is open.

Says what opening found (one status-bar line, or a dialog offering the newest good backup when
the file is damaged), runs the open-time quick_check on the worker just after the first list
(instant when the file is as Factdesk last left it sound: db.verified_state), takes the daily
backup on the files runner, beside the writer (fully checked weekly and after an unclean exit),
and restores a backup on request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.ui import messages
from desktop.ui.ops import report_error, run_plain


def after_open(win: Any, ws: Any) -> None:
    """Call once the window shows `ws` (the app's own workspace)."""
    if ws.notices:
        win.statusBar().showMessage("  ".join(ws.notices), 60_000)
    path = ws.path
    if path is None:
        return
    if ws.damage:
        offer_restore(win, damage_text(ws))
        return
    if ws.read_only:
        return
    from db.backup import mark_running
    from db.opening import check_now

    unclean = mark_running(path)
    from PySide6.QtWidgets import QApplication

    QApplication.instance().aboutToQuit.connect(lambda: _stopped(path))  # a clean exit

    def checked(problem: str | None) -> None:
        if problem:
            win.statusBar().showMessage(ws.notices[-1], 60_000)
            offer_restore(win, damage_text(ws))
        else:
            start_daily_backup(win, ws, force=unclean)

    # The open-time quick_check, queued on the single worker right behind the first list
    # query: off the launch path, yet ahead of any write the user can ask for.
    run_plain(win.ctx, lambda: check_now(ws), checked, lambda exc: report_error(win, exc))


def _stopped(path: Path) -> None:
    from db.backup import mark_stopped

    mark_stopped(path)


def start_daily_backup(win: Any, ws: Any, *, force: bool = False) -> None:
    """Once a day (or forced): a checked backup, off the writer; damage found is reported."""
    from db.backup import daily_backup
    from db.opening import flag_damage
    from desktop.core.settings import backup_keep

    def done(result: Path | None) -> None:
        if result is not None:
            win.statusBar().showMessage(f"Backed up to {result}", 10_000)

    def failed(exc: BaseException) -> None:
        problem = getattr(exc, "problem", "")
        if not problem:
            win.statusBar().showMessage(f"Backup failed: {exc}", 30_000)
            return

        def flagged(_: None) -> None:  # read-only from now on: never written into
            win.statusBar().showMessage(str(exc), 60_000)
            offer_restore(win, damage_text(ws))

        run_plain(win.ctx, lambda: flag_damage(ws, problem), flagged,
                  lambda e: report_error(win, e))

    def copy(keep: tuple[int, int]) -> None:
        # The copy reads the workspace through its own connection on the files runner; a
        # damaged copy is flagged back on the single writer, which owns the workspace.
        win.ctx.files.run(lambda: daily_backup(ws, force=force, keep=keep, flag=False),
                          lambda f: failed(f.exception()) if f.exception() else done(f.result()))

    run_plain(win.ctx, lambda: backup_keep(ws), copy, lambda exc: report_error(win, exc))


def damage_text(ws: Any) -> str:
    """The window's wording (the CLI's names commands instead)."""
    return (f"{ws.path.name} is damaged ({ws.damage}). It is open read-only, so nothing is "
            "written into it.")


def offer_restore(win: Any, message: str) -> None:
    """The workspace is damaged: say so, and offer the newest good backup."""
    from db.backup import newest_good

    path = win.ctx.ws.path if win.ctx.ws is not None else None
    good = newest_good(path) if path is not None else None
    if good is None:
        messages.error(win, f"{message}\nNo good backup was found; the workspace stays "
                            "read-only.")
        return
    if messages.confirm(win, f"{message}\n\nRestore the newest good backup, {good.name}? "
                             "The damaged file is kept.", "Workspace damaged",
                        "Restore backup"):
        restore_in_app(win, good)


def restore_in_app(win: Any, backup: Path) -> None:
    """Replace the open workspace with `backup` (worker), then show the restored workspace."""
    ws = win.ctx.ws
    if ws is None or ws.path is None:
        return
    url, path = ws.url, ws.path

    def work() -> Any:
        from db.migrate import open_workspace
        from db.restore import restore_sqlite

        ws.dispose()
        restore_sqlite(path, backup)
        return open_workspace(url, create=False)

    def done(new_ws: Any) -> None:
        win.attach(new_ws, owned=True)
        win.refresh()
        win.statusBar().showMessage(f"Restored {path.name} from {backup.name}", 15_000)

    def failed(exc: BaseException) -> None:
        report_error(win, exc)

    run_plain(win.ctx, work, done, failed)
