"""Count what a status change from the window costs: worker round trips, SQL statements.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/status_change_cost.py [--db URL]

Opens the main window on a workspace holding the seed article and its claims (a fresh SQLite
file unless --db names an empty PostgreSQL database), selects a claim, then drives the real
status dialog: Set status… -> "In review" -> Save, and waits until every queued database job
has come back. Counted from the menu action on: jobs handed to the database worker, SQL
statements on the workspace engine, and whether the article text was read again.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def wait(app: Any, ready: Any, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > end:
            raise TimeoutError("the window did not settle")
        app.processEvents()
        time.sleep(0.002)


def measure(url: str) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import event

    from db.migrate import open_workspace
    from desktop.core.seeds import load_demo
    from desktop.ui.dialogs import StatusDialog
    from desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    ws = open_workspace(url)
    with ws.session() as s:
        load_demo(s, actor="bench")
    win = MainWindow()
    win.resize(1300, 800)
    win.show()
    win.attach(ws)
    settled = lambda: win.ctx.tasks.pending == 0 and win.list_shown()  # noqa: E731
    wait(app, settled)
    win.claims.select_claim(1)
    wait(app, lambda: settled() and win.detail.claim is not None and win.detail.claim.id == 1)

    statements: list[str] = []
    jobs = [0]
    event.listen(ws.engine, "before_cursor_execute",
                 lambda _c, _cur, sql, *_a: statements.append(sql))
    run = win.ctx.tasks.run

    def counted(*a: Any, **kw: Any) -> Any:
        jobs[0] += 1
        return run(*a, **kw)

    win.ctx.tasks.run = counted  # type: ignore[method-assign]
    start = time.perf_counter()
    win.status_action.trigger()
    wait(app, lambda: isinstance(win.actions_.dialog, StatusDialog))
    dlg = win.actions_.dialog
    dlg.status_combo.setCurrentIndex(dlg.status_combo.findData("in-review"))
    dlg.accept()
    wait(app, lambda: win.actions_.dialog is None and settled()
         and win.claims.model.record(win.claims.model.row_of(1)) is not None
         and win.claims.model.record(win.claims.model.row_of(1)).status == "in-review")
    elapsed = time.perf_counter() - start
    article_reads = sum(1 for q in statements if "documents.text" in q.lower()
                        or "document.text" in q.lower())
    win.close()
    ws.dispose()
    return {"jobs": jobs[0], "statements": len(statements), "article_reads": article_reads,
            "ms": elapsed * 1000, "sql": statements}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="an empty database URL (default: a fresh SQLite file)")
    ap.add_argument("--show-sql", action="store_true", help="print each statement too")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FACTDESK_HOME"] = tmp  # the user's own settings stay untouched
        url = args.db or f"sqlite:///{tmp}/status.sqlite"
        got = measure(url)
    print(f"worker round trips: {got['jobs']}  SQL statements: {got['statements']}  "
          f"article text reads: {got['article_reads']}  wall: {got['ms']:.0f} ms")
    if args.show_sql:
        for sql in got["sql"]:
            print(" ".join(sql.split())[:160])


if __name__ == "__main__":
    main()
