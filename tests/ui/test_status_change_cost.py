"""A status change from the window: two trips to the database worker, a handful of SQL
statements, the one row repainted from the returned record, the article text not read again."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event
from ui_helpers import dialog_of, fetch, settle

from db.queries.claims import get_claim
from desktop.ui.dialogs import StatusDialog
from desktop.ui.style import status_label

pytestmark = pytest.mark.gui


def test_status_change_costs_two_round_trips_and_one_row(qtbot: Any, demo_window: Any,
                                                         demo_ws: Any) -> None:
    win = demo_window
    model = win.claims.model
    cid = fetch(demo_ws, lambda s: get_claim(s, 1)).id
    win.claims.select_claim(cid)
    qtbot.waitUntil(lambda: win.detail.claim is not None and win.detail.claim.id == cid)
    settle(qtbot, win)
    assert win.detail.claim.article_id is not None  # a claim quoted from the seed article
    article_shown = win.detail.context_view.toPlainText()
    assert article_shown

    statements: list[str] = []
    jobs: list[Any] = []
    repainted: list[tuple[int, int]] = []

    def on_sql(_conn: Any, _cur: Any, sql: str, *_rest: Any) -> None:
        statements.append(" ".join(sql.split()).lower())

    run = win.ctx.tasks.run

    def counted(fn: Any, *a: Any, **kw: Any) -> Any:
        jobs.append(fn)
        return run(fn, *a, **kw)

    event.listen(demo_ws.engine, "before_cursor_execute", on_sql)
    model.dataChanged.connect(lambda tl, br, *_r: repainted.append((tl.row(), br.row())))
    win.ctx.tasks.run = counted
    try:
        win.status_action.trigger()
        dlg = dialog_of(qtbot, win, StatusDialog)
        dlg.status_combo.setCurrentIndex(dlg.status_combo.findData("in-review"))
        dlg.accept()
        qtbot.waitUntil(lambda: win.actions_.dialog is None)
        settle(qtbot, win)
        qtbot.waitUntil(lambda: "in-review" in str(win.detail.history_view.topLevelItem(0)
                                                   and win.detail.history_view.topLevelItem(0)
                                                   .toolTip(2)))
    finally:
        event.remove(demo_ws.engine, "before_cursor_execute", on_sql)
        win.ctx.tasks.run = run

    assert fetch(demo_ws, lambda s: get_claim(s, cid)).status == "in-review"
    assert len(jobs) <= 2, f"{len(jobs)} trips to the database worker"
    assert len([q for q in statements if q.startswith("update")]) == 1
    assert len(statements) <= 10, statements
    # The article text is neither read from the database nor set again in the pane.
    assert not [q for q in statements if "documents.text" in q], statements
    assert win.detail.context_view.toPlainText() == article_shown
    # The row shows the new status from the returned record; only that row was repainted.
    row = model.row_of(cid)
    assert model.record(row).status == "in-review"
    assert repainted and set(repainted) == {(row, row)}
    assert win.detail.chip.text() == status_label("in-review")
    # The next change starts from the record the pane now holds: no conflict with itself.
    win.status_action.trigger()
    dlg = dialog_of(qtbot, win, StatusDialog)
    assert dlg.status() == "in-review"
    dlg.status_combo.setCurrentIndex(dlg.status_combo.findData("unverified"))
    dlg.accept()
    qtbot.waitUntil(lambda: win.actions_.dialog is None)
    settle(qtbot, win)
    assert fetch(demo_ws, lambda s: get_claim(s, cid)).status == "unverified"
    assert model.record(row).status == "unverified"
