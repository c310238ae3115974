"""The claim keeps its width, dates read in full, and the smaller marks of the window."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QToolBar
from ui_helpers import fetch, settle

from db.queries.claim_edits import add_claim
from db.queries.documents import store_document
from desktop.ingest.sentences import sentence_spans
from desktop.ui.claims_model import (
    COL_ARTICLE,
    COL_REVIEW,
    COL_SPEAKER,
    COL_TEXT,
    COL_UPDATED,
    OVERDUE_COLOUR,
)
from desktop.ui.style import stance_colour
from desktop.ui.suggestion_list import STRONG_COLOUR


def test_claim_column_keeps_its_width_when_the_inbox_opens(qtbot: Any,
                                                            demo_window: Any) -> None:
    win = demo_window
    win.resize(1280, 800)
    settle(qtbot, win)
    table = win.claims.table
    assert table.columnWidth(COL_TEXT) >= 260  # was ~160 before the claim got the width
    assert table.isColumnHidden(COL_ARTICLE)  # one article only
    win.matching.inbox.show_inbox()
    qtbot.waitUntil(lambda: win.matching.inbox.list.hasFocus())
    qtbot.waitUntil(lambda: table.isColumnHidden(COL_UPDATED))
    assert table.columnWidth(COL_TEXT) >= 200
    assert win.width() <= 1280  # the window did not grow past the screen
    assert win.claims.filter_edit.width() >= 180  # not squeezed to "Fi…"
    win.matching.inbox.hide()
    qtbot.waitUntil(lambda: not table.isColumnHidden(COL_UPDATED))
    assert not table.isColumnHidden(COL_SPEAKER)


def test_article_column_appears_with_a_second_article(qtbot: Any, demo_window: Any,
                                                      demo_ws: Any) -> None:
    win = demo_window
    assert win.claims.table.isColumnHidden(COL_ARTICLE)
    text = "A second article. It says other things."
    fetch(demo_ws, lambda s: store_document(s, text=text, kind="article", actor="x",
                                            spans=sentence_spans(text), title="Second"))
    win.refresh()
    qtbot.waitUntil(lambda: not win.claims.table.isColumnHidden(COL_ARTICLE))


def test_dates_in_full_and_overdue_marked(qtbot: Any, demo_window: Any, demo_ws: Any) -> None:
    win = demo_window
    late = date.today() - timedelta(days=3)
    rec = fetch(demo_ws, lambda s: add_claim(s, text="A claim to re-check.", actor="x",
                                             review_by=late))
    win.refresh()
    settle(qtbot, win)
    model = win.claims.model
    row = model.row_of(rec.id)
    qtbot.waitUntil(lambda: model.index(row, COL_REVIEW).data() is not None
                    and model.index(row, COL_REVIEW).data() != "")
    review = model.index(row, COL_REVIEW)
    assert review.data() == f"{late.isoformat()}\n⚠ overdue"
    assert review.data(Qt.ItemDataRole.ForegroundRole) == QColor(OVERDUE_COLOUR)
    changed = model.index(row, COL_UPDATED).data()
    day, time = changed.split("\n")
    date.fromisoformat(day)  # date over time, never a time alone
    assert len(time) == 5 and time[2] == ":"


def test_strong_is_not_the_supports_green() -> None:
    assert stance_colour("supports") != STRONG_COLOUR


def test_toolbar_undo_keeps_its_width(qtbot: Any, demo_window: Any, demo_ws: Any) -> None:
    win = demo_window
    bar = next(t for t in win.findChildren(QToolBar) if t.objectName() == "main-toolbar")
    button = bar.widgetForAction(win.undo_tool)
    before = button.width()
    claim = win.detail.claim
    win.actions_.save(claim, {"speaker": "A much longer speaker name than before"})
    qtbot.waitUntil(lambda: win.undo_stack.canUndo())
    qtbot.waitUntil(lambda: win.undo_tool.isEnabled())
    assert "Edit claim" in win.undo_tool.toolTip()
    assert button.width() == before
    assert win.undo_tool.text() == "Undo"
    settle(qtbot, win)


def test_detail_states_a_verdict_settled_without_evidence(qtbot: Any, demo_window: Any,
                                                          demo_ws: Any) -> None:
    from db.queries.claim_edits import update_claim

    win = demo_window
    cid = win.detail.claim_id
    fetch(demo_ws, lambda s: update_claim(
        s, cid, {"status": "unverifiable", "rationale": "No record exists.",
                 "settled_without_evidence": True}, actor="x", rationale="No record exists."))
    win.refresh()
    qtbot.waitUntil(lambda: "Settled without linked evidence." in
                    win.detail.rationale_label.text())
    settle(qtbot, win)
