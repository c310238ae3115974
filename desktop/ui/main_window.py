"""The main window: claims on the left; the claim's detail and the sources on the right."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QSplitter,
    QToolBar,
    QWidget,
)

from db.engine import data_dir, describe
from desktop import __version__
from desktop.ui import messages
from desktop.ui.backups_dialog import install_backups
from desktop.ui.claims_view import ClaimsPanel
from desktop.ui.controller import ClaimActions
from desktop.ui.detail import ClaimDetail
from desktop.ui.dialogs import SettingsDialog
from desktop.ui.gcpolicy import settle_after_startup
from desktop.ui.matching_job import install_matching
from desktop.ui.ops import AppContext
from desktop.ui.qtcompat import emit
from desktop.ui.sources import SourcesPanel
from desktop.ui.style import app_icon


def window_settings() -> QSettings:
    """Window geometry and splitters, kept beside the workspace config (not in the registry)."""
    return QSettings(str(data_dir() / "window.ini"), QSettings.Format.IniFormat)


def _available(module: str) -> bool:
    """Whether an optional part of the app is installed (import and export arrive later)."""
    parent = module.rpartition(".")[0]
    try:
        # find_spec("a.b.c") would import the package a.b (desktop.reports pulls in the report
        # builders): look for the file in the package's folder instead.
        spec = importlib.util.find_spec(parent)
        if spec is None or spec.submodule_search_locations is None:
            return False
        found = importlib.machinery.PathFinder.find_spec(module, spec.submodule_search_locations)
        return found is not None or module in sys.modules
    except ImportError:
        return False


def _icon(name: str) -> QIcon:
    return QIcon.fromTheme(name)


class MainWindow(QMainWindow):
    current_claim_changed = Signal(int)
    imported = Signal(object)  # desktop.ingest.pipeline.ImportResult, after the import dialog
    settings_opening = Signal(object)  # the SettingsDialog, before it opens (add sections)
    persist = True  # remember geometry and splitters on close (not in screenshot mode)

    def __init__(self, parent: QWidget | None = None, ctx: AppContext | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx or AppContext()
        self.ctx.setParent(self)
        self.setAcceptDrops(True)
        self.setWindowTitle("Factdesk")
        self.setWindowIcon(app_icon())
        self.undo_stack = QUndoStack(self)
        self.claims = ClaimsPanel(self.ctx)
        self.detail = ClaimDetail(self.ctx)
        self.sources = SourcesPanel(self.ctx)
        self.actions_ = ClaimActions(self.ctx, self, self.undo_stack)

        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.setChildrenCollapsible(False)
        self.right.addWidget(self.detail)
        self.right.addWidget(self.sources)
        self.right.setStretchFactor(0, 3)
        self.right.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.claims)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.setCentralWidget(self.splitter)

        self.busy_label = QLabel()
        self.db_label = QLabel()
        self.db_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.db_label)
        self.ctx.tasks.idle_changed.connect(
            lambda idle: self.busy_label.setText("" if idle else "Working…"))

        self._build_actions()
        self.claims.current_claim_changed.connect(self._on_current_claim)
        self.claims.activated.connect(self.actions_.edit_claim)
        self.detail.current_claim_changed.connect(self.current_claim_changed)
        self.sources.link_requested.connect(
            lambda pid, stance, a, b: self.actions_.link_evidence(
                self.detail.claim_id, pid, stance, a, b))
        self.actions_.created.connect(self._select_when_listed)
        self.claims.model.ids_loaded.connect(self._after_ids)
        self.claims.model.ids_complete.connect(self._after_ids)
        # A failed first query must not leave the collector paused (see gcpolicy).
        self.claims.model.query_failed.connect(lambda _msg: settle_after_startup())
        self._pending_select = -1
        self._side_loaded = True
        self._update_actions()
        self.matching = install_matching(self)
        install_backups(self)  # File → Backups…
        self.resize(1280, 800)
        self.splitter.setSizes([860, 520])
        self.right.setSizes([470, 300])
        self.restore_state()

    # --- workspace ------------------------------------------------------------------------

    def attach(self, ws: Any, *, owned: bool = False) -> None:
        """Show workspace `ws`; close it with the window if `owned`."""
        self.ctx.ws, self.ctx.owns_ws = ws, owned
        where = describe(ws.url)
        self.db_label.setText(where)
        self.setWindowTitle(f"Factdesk — {Path(where).name if ws.is_sqlite else where}")
        self._side_loaded = False
        self.claims.model.requery()  # the list first: tags and sources once it is shown


    def list_shown(self) -> bool:
        """The claims list has been queried and every row on screen is filled in."""
        return self.claims.visible_rows_ready()

    def add_detail_tab(self, widget: QWidget, title: str) -> int:
        """Extension point: a tab about the current claim (listen to current_claim_changed)."""
        return self.detail.add_tab(widget, title)

    @property
    def current_claim_id(self) -> int:
        return self.detail.claim_id

    # --- actions --------------------------------------------------------------------------

    def _action(self, text: str, slot: Any, shortcut: Any = None, icon: str = "",
                tip: str = "") -> QAction:
        action = QAction(_icon(icon) if icon else QIcon(), text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        cid = lambda: self.detail.claim_id  # noqa: E731
        a = self.actions_
        self.new_action = self._action("&New claim…", a.new_claim, QKeySequence.StandardKey.New,
                                       "document-new", "Log a new claim (Ctrl+N)")
        self.edit_action = self._action("&Edit claim…", lambda: a.edit_claim(cid()), "Ctrl+E",
                                        "document-edit", "Edit the selected claim (Ctrl+E)")
        self.status_action = self._action("Set &status…", lambda: a.set_status(cid()), "Ctrl+R",
                                          "emblem-important",
                                          "Move the claim along the scale (Ctrl+R)")
        self.delete_action = self._action("&Delete claim", lambda: a.delete_claim(cid()),
                                          QKeySequence.StandardKey.Delete, "edit-delete",
                                          "Delete the selected claim (Del)")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setIcon(_icon("edit-undo"))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.redo_action.setIcon(_icon("edit-redo"))
        self.import_csv_action = self._action("Import claims from &CSV…", self.import_csv,
                                              "Ctrl+Shift+I", "document-open",
                                              "Add the claims of a spreadsheet")
        self.import_action = self._action("&Import article or source…", self.import_document,
                                          "Ctrl+I", "document-import",
                                          "Import an article or a later source (Ctrl+I)")
        self.paste_action = self._action("Import &pasted text…", self.import_pasted,
                                         "Ctrl+Shift+V", "edit-paste",
                                         "Import the text on the clipboard")
        self.export_action = self._action("E&xport report…", self.export_report, "Ctrl+Shift+E",
                                          "document-export",
                                          "Write the PDF report of the listed claims")
        can_import = _available("desktop.ui.import_dialog")
        for act, ready in ((self.import_action, can_import), (self.paste_action, can_import),
                           (self.export_action, _available("desktop.reports.pdf"))):
            act.setEnabled(ready)
            if not ready:
                act.setToolTip(act.toolTip() + " (not available in this version)")
        self.settings_action = self._action("Se&ttings…", self.open_settings,
                                            QKeySequence.StandardKey.Preferences,
                                            "preferences-system")
        self.settings_action.setShortcuts([QKeySequence("Ctrl+,")])
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit,
                                        "application-exit")
        self.find_action = self._action("&Filter claims", self._focus_filter,
                                        QKeySequence.StandardKey.Find, "edit-find")
        self.due_action = self._action("&Due for re-check", self.claims.due_button.toggle,
                                       "Ctrl+D", "appointment-soon")
        self.refresh_action = self._action("&Refresh", self.refresh,
                                           QKeySequence.StandardKey.Refresh, "view-refresh")
        self.about_action = self._action("&About Factdesk", self.about)

        bar = self.menuBar()
        m = bar.addMenu("&File")
        for act in (self.new_action, None, self.import_action, self.paste_action,
                    self.import_csv_action,
                    self.export_action, None, self.settings_action, None, self.quit_action):
            m.addSeparator() if act is None else m.addAction(act)
        m = bar.addMenu("&Edit")
        for act in (self.undo_action, self.redo_action, None, self.edit_action,
                    self.status_action, self.delete_action):
            m.addSeparator() if act is None else m.addAction(act)
        m = bar.addMenu("&View")
        for act in (self.find_action, self.due_action, None, self.refresh_action):
            m.addSeparator() if act is None else m.addAction(act)
        bar.addMenu("&Help").addAction(self.about_action)

        tb = QToolBar("Main")
        tb.setObjectName("main-toolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for act in (self.new_action, self.edit_action, self.status_action, self.delete_action,
                    None, self.undo_action, self.redo_action, None, self.import_action,
                    self.export_action, None, self.refresh_action):
            tb.addSeparator() if act is None else tb.addAction(act)
        self.addToolBar(tb)

    def _on_current_claim(self, claim_id: int) -> None:
        self.detail.set_claim(claim_id)
        self.sources.set_claim(claim_id)
        self._update_actions()

    def _update_actions(self) -> None:
        has = self.detail.claim_id >= 0
        for act in (self.edit_action, self.status_action, self.delete_action):
            act.setEnabled(has)

    def _select_when_listed(self, claim_id: int) -> None:
        self._pending_select = claim_id

    def _after_ids(self) -> None:
        if not self._side_loaded:
            self._side_loaded = True
            settle_after_startup()  # the first list is in: the collector may run again
            self.claims.load_tags()
            self.sources.reload()
        if self._pending_select >= 0 and self.claims.select_claim(self._pending_select):
            self._pending_select = -1

    def _focus_filter(self) -> None:
        self.claims.filter_edit.setFocus()
        self.claims.filter_edit.selectAll()

    def refresh(self) -> None:
        self.claims.model.refresh()
        self.claims.load_tags()
        self.detail.reload()
        self.sources.reload()

    def import_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import claims from CSV", "",
                                              "Spreadsheets (*.csv *.tsv *.txt)")
        if path:
            self.actions_.import_csv(Path(path))

    def import_document(self, source: str = "", text: str = "") -> None:
        """The import dialog: an article with its claim candidates, or a later source."""
        if self.ctx.ws is None or not self.import_action.isEnabled():
            return
        if not source and not text:
            source, _ = QFileDialog.getOpenFileName(
                self, "Import article or source", "",
                "Documents (*.txt *.md *.html *.htm *.pdf);;All files (*)")
            if not source:
                return
        from desktop.ui.import_dialog import ImportDialog

        dlg = ImportDialog(self, self.ctx.ws, source=source, text=text,
                           actor=self.ctx.actor())
        dlg.imported.connect(self._on_imported)
        dlg.openClaimRequested.connect(self.claims.select_claim)
        dlg.finished.connect(lambda _r: dlg.deleteLater())
        self.import_dialog = dlg
        dlg.open()

    def import_pasted(self) -> None:
        text = QApplication.clipboard().text()
        if text.strip():
            self.import_document(text=text)

    def _on_imported(self, _result: Any) -> None:
        emit(self.ctx.documents_changed)
        emit(self.ctx.claims_reset)
        emit(self.imported, _result)

    def export_report(self) -> None:
        if self.ctx.ws is None or not self.export_action.isEnabled():
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export report", "factdesk-report.pdf",
                                              "PDF (*.pdf)")
        if not path:
            return
        from desktop.ui.export import ReportExport

        self.export_job = ReportExport(self.ctx, self, self.claims.current_filter(),
                                       Path(path).with_suffix(".pdf"))
        self.export_job.start()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.import_action.isEnabled() and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            source = url.toLocalFile() if url.isLocalFile() else url.toString()
            if source:
                self.import_document(source=source)
                event.acceptProposedAction()
                return

    def open_settings(self) -> None:
        import os

        from desktop.core.config import current_user

        where = describe(self.ctx.ws.url) if self.ctx.ws is not None else "(none open)"
        dlg = SettingsDialog(self, current_user(), where, bool(os.environ.get("FACTDESK_USER")))
        self.settings_dialog = dlg
        emit(self.settings_opening, dlg)
        dlg.open()

    def about(self) -> None:
        messages.info(self, f"Factdesk {__version__}\nA desktop workbench for fact-checkers: "
                      "log claims, weigh evidence, settle verdicts.", "About Factdesk")

    # --- window state ---------------------------------------------------------------------

    def restore_state(self) -> None:
        s = window_settings()
        for key, fn in (("geometry", self.restoreGeometry), ("state", self.restoreState),
                        ("split", self.splitter.restoreState),
                        ("right", self.right.restoreState),
                        ("detail", self.detail.splitter.restoreState),
                        ("header", self.claims.table.horizontalHeader().restoreState)):
            value = s.value(key)
            if isinstance(value, QByteArray):
                fn(value)

    def save_state(self) -> None:
        s = window_settings()
        s.setValue("geometry", self.saveGeometry())
        s.setValue("state", self.saveState())
        s.setValue("split", self.splitter.saveState())
        s.setValue("right", self.right.saveState())
        s.setValue("detail", self.detail.splitter.saveState())
        s.setValue("header", self.claims.table.horizontalHeader().saveState())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.persist:
            self.save_state()
        self.ctx.close()  # waits for the running operation, then stops the worker
        super().closeEvent(event)
