"""The main window's menus, toolbar and actions (what each does lives in the window)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QToolBar


def _icon(name: str) -> QIcon:
    return QIcon.fromTheme(name)


def _action(win: Any, text: str, slot: Any, shortcut: Any = None, icon: str = "",
            tip: str = "") -> QAction:
    action = QAction(_icon(icon) if icon else QIcon(), text, win)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    win.addAction(action)
    return action


def build_actions(win: Any) -> None:
    """The menus, the toolbar and their actions, set on the window as attributes."""
    cid = lambda: win.detail.claim_id  # noqa: E731
    a = win.actions_
    win.new_action = _action(win, "&New claim…", a.new_claim, QKeySequence.StandardKey.New,
                             "document-new", "Log a new claim (Ctrl+N)")
    win.edit_action = _action(win, "&Edit claim…", lambda: a.edit_claim(cid()), "Ctrl+E",
                              "document-edit", "Edit the selected claim (Ctrl+E)")
    win.status_action = _action(win, "Set &status…", lambda: a.set_status(cid()), "Ctrl+R",
                                "emblem-important",
                                "Move the claim along the scale (Ctrl+R)")
    win.delete_action = _action(win, "&Delete claim", lambda: a.delete_claim(cid()),
                                QKeySequence.StandardKey.Delete, "edit-delete",
                                "Delete the selected claim (Del)")
    win.undo_action = win.undo_stack.createUndoAction(win, "&Undo")
    win.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    win.undo_action.setIcon(_icon("edit-undo"))
    win.redo_action = win.undo_stack.createRedoAction(win, "&Redo")
    win.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
    win.redo_action.setIcon(_icon("edit-redo"))
    win.import_csv_action = _action(win, "Import claims from &CSV…", win.import_csv,
                                    "Ctrl+Shift+I", "document-open",
                                    "Add the claims of a spreadsheet")
    win.import_action = _action(win, "&Import article or source…", win.import_document,
                                "Ctrl+I", "document-import",
                                "Import an article or a later source (Ctrl+I)")
    win.paste_action = _action(win, "&Paste text to import…", win.import_pasted,
                               "Ctrl+Shift+V", "edit-paste",
                               "Paste a text to import (the clipboard's, to start with)")
    win.export_action = _action(win, "E&xport report…", win.export_report, "Ctrl+Shift+E",
                                "document-export",
                                "Write the PDF report of the listed claims")
    win.settings_action = _action(win, "Se&ttings…", win.open_settings,
                                  QKeySequence.StandardKey.Preferences,
                                  "preferences-system")
    win.settings_action.setShortcuts([QKeySequence("Ctrl+,")])
    win.quit_action = _action(win, "&Quit", win.close, QKeySequence.StandardKey.Quit,
                              "application-exit")
    win.find_action = _action(win, "&Filter claims", win._focus_filter,
                              QKeySequence.StandardKey.Find, "edit-find")
    win.due_action = _action(win, "&Due for re-check", win.claims.due_button.toggle,
                             "Ctrl+D", "appointment-soon")
    win.refresh_action = _action(win, "&Refresh", win.refresh,
                                 QKeySequence.StandardKey.Refresh, "view-refresh")
    win.about_action = _action(win, "&About Factdesk", win.about)

    bar = win.menuBar()
    m = bar.addMenu("&File")
    for act in (win.new_action, None, win.import_action, win.paste_action,
                win.import_csv_action,
                win.export_action, None, win.settings_action, None, win.quit_action):
        m.addSeparator() if act is None else m.addAction(act)
    m = bar.addMenu("&Edit")
    for act in (win.undo_action, win.redo_action, None, win.edit_action,
                win.status_action, win.delete_action):
        m.addSeparator() if act is None else m.addAction(act)
    m = win.view_menu = bar.addMenu("&View")
    for act in (win.find_action, win.due_action, None, win.refresh_action):
        m.addSeparator() if act is None else m.addAction(act)
    win.help_menu = bar.addMenu("&Help")
    win.help_menu.addAction(win.about_action)

    tb = QToolBar("Main")
    tb.setObjectName("main-toolbar")
    tb.setMovable(False)
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    # The toolbar's Undo / Redo keep a fixed label (the full "Undo Edit claim 12" is in
    # the Edit menu and the tooltip), so the toolbar never shifts as the text changes.
    win.undo_tool = _action(win, "Undo", win.undo_stack.undo, icon="edit-undo")
    win.redo_tool = _action(win, "Redo", win.undo_stack.redo, icon="edit-redo")
    for tool, can, text in ((win.undo_tool, win.undo_stack.canUndoChanged,
                             win.undo_stack.undoTextChanged),
                            (win.redo_tool, win.undo_stack.canRedoChanged,
                             win.undo_stack.redoTextChanged)):
        win.removeAction(tool)  # the shortcut stays with the menu's action
        tool.setEnabled(False)
        can.connect(tool.setEnabled)
        word = tool.text()
        text.connect(lambda t, a=tool, w=word: a.setToolTip(f"{w} {t}".strip()))
    for act in (win.new_action, win.edit_action, win.status_action, win.delete_action,
                None, win.undo_tool, win.redo_tool, None, win.import_action,
                win.export_action, None, win.refresh_action):
        tb.addSeparator() if act is None else tb.addAction(act)
    win.addToolBar(tb)
