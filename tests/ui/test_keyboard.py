"""Keyboard and accessibility of the main window: focus moves, tab keys, names."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)
from ui_helpers import dialog_of, settle

from desktop.ui.dialogs import ClaimDialog

CONTROLS = (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit,
            QTextEdit, QAbstractSpinBox, QTabBar)


def unnamed_controls(root: QWidget) -> list[str]:
    """Visible controls a screen reader would announce with no name."""
    out = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, CONTROLS) or not w.isVisible():
            continue
        iface = QAccessible.queryAccessibleInterface(w)
        name = iface.text(QAccessible.Text.Name) if iface is not None else ""
        if not name.strip():
            out.append(f"{type(w).__name__} {w.objectName()!r}")
    return out


def focused() -> Any:
    return QApplication.focusWidget()


def test_tab_leaves_the_claims_table(qtbot: Any, demo_window: Any) -> None:
    win = demo_window
    win.claims.table.setFocus()
    qtbot.waitUntil(lambda: focused() is win.claims.table)
    row = win.claims.table.currentIndex().row()
    qtbot.keyClick(win.claims.table, Qt.Key.Key_Tab)
    assert focused() is not win.claims.table
    assert win.claims.table.currentIndex().row() == row  # Tab did not walk the cells


def test_f6_cycles_the_panes_and_back(qtbot: Any, demo_window: Any) -> None:
    win = demo_window
    win.claims.filter_edit.setFocus()
    qtbot.waitUntil(lambda: focused() is win.claims.filter_edit)
    qtbot.keyClick(win.claims.filter_edit, Qt.Key.Key_F6)
    assert focused() is win.detail.focus_target()
    qtbot.keyClick(focused(), Qt.Key.Key_F6)
    assert focused() is win.sources.reader
    qtbot.keyClick(focused(), Qt.Key.Key_F6)
    assert focused() is win.claims.table
    qtbot.keyClick(focused(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is win.sources.reader


def test_alt_digits_open_the_detail_tabs(qtbot: Any, demo_window: Any) -> None:
    win = demo_window
    win.claims.table.setFocus()
    for n, page in ((2, win.detail.history_view), (3, win.matching.panel),
                    (1, win.detail.overview)):
        qtbot.keyClick(focused(), getattr(Qt.Key, f"Key_{n}"), Qt.KeyboardModifier.AltModifier)
        assert win.detail.tabs.currentWidget() is page
        assert focused() is win.detail.focus_target()


def test_enter_on_a_claim_edits_it(qtbot: Any, demo_window: Any) -> None:
    win = demo_window
    win.claims.table.setFocus()
    qtbot.keyClick(win.claims.table, Qt.Key.Key_Down)
    cid = win.claims.current_claim_id
    qtbot.keyClick(win.claims.table, Qt.Key.Key_Return)
    dlg = dialog_of(qtbot, win, ClaimDialog)
    assert dlg.claim is not None and dlg.claim.id == cid
    dlg.reject()


def test_inbox_takes_the_keyboard_when_opened(qtbot: Any, demo_window: Any) -> None:
    win = demo_window
    win.claims.table.setFocus()
    qtbot.keyClick(win.claims.table, Qt.Key.Key_M,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: focused() is win.matching.inbox.list)
    # And F6 now reaches it too.
    assert win.matching.inbox.list in win.panes()
    settle(qtbot, win)


def test_every_control_has_an_accessible_name(qtbot: Any, demo_window: Any) -> None:
    win = demo_window
    win.matching.inbox.show()
    settle(qtbot, win)
    for n in range(win.detail.tabs.count()):
        win.detail.tabs.setCurrentIndex(n)
        assert unnamed_controls(win) == [], win.detail.tabs.tabText(n)


def test_dialogs_have_named_controls_and_mnemonics(qtbot: Any, demo_window: Any) -> None:
    from PySide6.QtWidgets import QLabel

    from desktop.ui.dialogs import SettingsDialog
    from desktop.ui.evidence_actions import NoteDialog
    from desktop.ui.first_run import NameDialog
    from desktop.ui.start_page import PasteDialog

    win = demo_window
    win.edit_action.trigger()
    claim_dialog = dialog_of(qtbot, win, ClaimDialog)
    ev = _an_evidence_record()
    dialogs = [claim_dialog, SettingsDialog(win, "tester", "here"), NoteDialog(win, ev),
               PasteDialog(win), NameDialog(win)]
    for dlg in dialogs:
        dlg.show()
        assert unnamed_controls(dlg) == [], type(dlg).__name__
        # Every field's label carries a mnemonic (Alt+letter) to reach it.
        labels = [w for w in dlg.findChildren(QLabel) if isinstance(w.buddy(), CONTROLS)]
        assert labels and all("&" in w.text() for w in labels), type(dlg).__name__
        dlg.close()


def _an_evidence_record() -> Any:
    from datetime import UTC, datetime

    from db.records import EvidenceRecord

    return EvidenceRecord(id=1, claim_id=1, passage_id=1, stance="supports", origin="manual",
                          score=None, excerpt_start=None, excerpt_end=None, note="",
                          created_by="x", created_at=datetime.now(UTC), version=1,
                          passage_text="Some words.", source_title="A source")
