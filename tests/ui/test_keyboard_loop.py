"""The whole daily loop with the keyboard only: from an empty workspace to a saved verdict
with linked evidence. Every step is a key press on the widget that has the focus; nothing is
clicked and no widget is called directly (the clipboard holding the new source is the one
piece of set-up, as if copied from a browser)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from ui_helpers import dialog_of, fetch, settle

from db.queries.claims import ClaimFilter, claim_ids, get_claim
from db.queries.evidence import evidence_for_claim
from desktop.ui.dialogs import StatusDialog

SOURCE = ("UN update on Gaza, October.\n"
          "The amount of aid entering Gaza remains below what Israel pledged, the UN said.\n"
          "The weather in Istanbul was mild and sunny all week.\n")
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def key(qtbot: Any, k: Qt.Key, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
        ) -> None:
    qtbot.keyClick(focus(), k, mods)


def tab_to(qtbot: Any, target: QWidget, limit: int = 40) -> None:
    """Press Tab until `target` has the keyboard."""
    for _ in range(limit):
        if focus() is target:
            return
        key(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target!r}")


def test_keyboard_only_from_empty_workspace_to_verdict(qtbot: Any, open_window: Any,
                                                       ws: Any) -> None:
    win = open_window(ws)
    win.activateWindow()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.start_page)
    qtbot.waitUntil(lambda: focus() is win.start_page.import_button)

    # 1. Load the example from the start page: Tab to it, Space.
    tab_to(qtbot, win.start_page.example_button)
    key(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.splitter, timeout=10_000)
    settle(qtbot, win)
    assert focus() is win.claims.table

    # 2. A later source, pasted: Ctrl+Shift+V, the text is there, Alt+N on to the import.
    QApplication.clipboard().setText(SOURCE)
    key(qtbot, Qt.Key.Key_V, CTRL | SHIFT)
    qtbot.waitUntil(lambda: getattr(win, "paste_dialog", None) is not None
                    and win.paste_dialog.isVisible())
    paste = win.paste_dialog
    assert paste.kind() == "source"  # the workspace has its article already
    qtbot.waitUntil(lambda: paste.isActiveWindow())
    key(qtbot, Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: getattr(win, "import_dialog", None) is not None
                    and win.import_dialog.isVisible())
    dlg = win.import_dialog
    qtbot.waitUntil(lambda: not dlg.is_busy() and dlg.prepared is not None, timeout=20_000)
    assert dlg.kind_combo.currentText() == "source"
    qtbot.waitUntil(lambda: dlg.isActiveWindow() and QApplication.focusWidget() is not None)
    tab_to(qtbot, dlg.title_edit)
    key(qtbot, Qt.Key.Key_A, CTRL)  # over any suggested title
    qtbot.keyClicks(focus(), "UN update on Gaza")
    with qtbot.waitSignal(win.matching.job.finished, timeout=60_000):
        tab_to(qtbot, dlg.import_button)
        key(qtbot, Qt.Key.Key_Space)
    settle(qtbot, win)
    # The dialog is gone: the window manager hands the window the keyboard again.
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)

    # 3. Find the claim: Ctrl+F, type, the one match is selected.
    key(qtbot, Qt.Key.Key_F, CTRL)
    assert focus() is win.claims.filter_edit
    qtbot.keyClicks(focus(), "amount of aid")
    qtbot.waitUntil(lambda: win.claims.model.rowCount() == 1 and win.claims.model.complete)
    cid = fetch(ws, lambda s: claim_ids(s, ClaimFilter(search="amount of aid")))[0]
    qtbot.waitUntil(lambda: win.detail.claim_id == cid)

    # 4. Its suggestions (Alt+3): the matched sentence is first; S accepts it as supports.
    key(qtbot, Qt.Key.Key_3, ALT)
    panel = win.matching.panel
    qtbot.waitUntil(lambda: panel.list.current_record() is not None)
    assert focus() is panel.list
    assert "amount of aid" in panel.list.current_record().passage_text
    key(qtbot, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: len(fetch(ws, lambda s: evidence_for_claim(s, cid))) == 1)
    settle(qtbot, win)

    # 5. Settle it: Ctrl+R, pick the verdict, Alt+R to the rationale, type, save with Enter
    # from the status box.
    key(qtbot, Qt.Key.Key_R, CTRL)
    status = dialog_of(qtbot, win, StatusDialog)
    qtbot.waitUntil(lambda: status.isActiveWindow())
    key(qtbot, Qt.Key.Key_S, ALT)
    assert focus() is status.status_combo
    while status.status() != "supported":
        key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_R, ALT)
    assert focus() is status.rationale_edit
    qtbot.keyClicks(focus(), "The UN's own figures say so.")
    key(qtbot, Qt.Key.Key_S, ALT)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: fetch(ws, lambda s: get_claim(s, cid)).status == "supported")
    qtbot.waitUntil(lambda: win.actions_.dialog is None)
    settle(qtbot, win)

    claim = fetch(ws, lambda s: get_claim(s, cid))
    assert claim.rationale == "The UN's own figures say so."
    [ev] = fetch(ws, lambda s: evidence_for_claim(s, cid))
    assert (ev.stance, ev.origin) == ("supports", "matched")
    assert "amount of aid" in ev.passage_text
    assert win.detail.chip.text() == "Supported"
