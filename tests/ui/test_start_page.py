"""The empty workspace's start page, and the empty result of a filter."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from ui_helpers import fetch, settle

from db.queries.claims import ClaimFilter, list_claims


def test_empty_workspace_shows_the_start_page(qtbot: Any, open_window: Any, ws: Any) -> None:
    win = open_window(ws)
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.start_page)
    assert not win.export_action.isEnabled()  # nothing to report yet
    assert win.start_page.import_button.isVisible()
    # Load the example from the keyboard: it fills the workspace and the start page goes.
    page = win.start_page
    page.example_button.setFocus()
    qtbot.keyClick(page.example_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.splitter, timeout=10_000)
    settle(qtbot, win)
    assert win.claims.model.rowCount() == 11
    assert fetch(ws, lambda s: list_claims(s, ClaimFilter())).total == 11
    assert win.export_action.isEnabled()
    # One article: its title is not repeated on every row.
    from desktop.ui.claims_model import COL_ARTICLE

    assert win.claims.table.isColumnHidden(COL_ARTICLE)


def test_paste_text_opens_the_import_dialog_as_article(qtbot: Any, open_window: Any,
                                                        ws: Any) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.clipboard().clear()  # nothing copied: the dialog starts empty
    win = open_window(ws)
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.start_page)
    win.start_page.paste_button.click()
    dlg = win.paste_dialog
    assert not dlg.next_button.isEnabled()  # nothing pasted yet
    dlg.text_edit.setPlainText("The minister said the port reopened on Monday.")
    assert dlg.kind() == "article"
    dlg.next_button.click()
    qtbot.waitUntil(lambda: getattr(win, "import_dialog", None) is not None)
    assert win.import_dialog.kind_combo.currentText() == "article"
    win.import_dialog.reject()


def test_a_filter_matching_nothing_says_so_and_clears(qtbot: Any, demo_window: Any) -> None:
    win = demo_window
    panel = win.claims
    assert not panel.no_match.isVisible()
    qtbot.keyClicks(panel.filter_edit, "zzqx")
    qtbot.waitUntil(lambda: panel.no_match.isVisible(), timeout=5_000)
    assert "No claims match “zzqx”" in panel.no_match_label.text()
    assert win.stack.currentWidget() is win.splitter  # a miss is not an empty workspace
    panel.clear_button.click()
    settle(qtbot, win)
    assert panel.filter_edit.text() == ""
    assert not panel.no_match.isVisible()
    assert panel.model.rowCount() == 11
