"""The main window: claims on the left; the claim's detail and the sources on the right."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from db.engine import describe
from desktop import __version__
from desktop.ui import messages
from desktop.ui.backups_dialog import install_backups
from desktop.ui.claims_view import ClaimsPanel
from desktop.ui.controller import ClaimActions
from desktop.ui.detail import ClaimDetail
from desktop.ui.dialogs import SettingsDialog
from desktop.ui.evidence_actions import EvidenceActions
from desktop.ui.evidence_list import SHOW
from desktop.ui.gcpolicy import settle_after_startup
from desktop.ui.matching_job import install_matching
from desktop.ui.ops import AppContext, UserOp
from desktop.ui.qtcompat import emit
from desktop.ui.search_dialog import install_search
from desktop.ui.sources import SourcesPanel
from desktop.ui.start_page import PasteDialog, StartPage
from desktop.ui.style import app_icon
from desktop.ui.window_actions import build_actions
from desktop.ui.window_keys import PaneKeys
from desktop.ui.window_state import window_settings


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
        self.evidence_actions = EvidenceActions(self.ctx, self, self.undo_stack)

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
        self.start_page = StartPage()
        self.start_page.import_requested.connect(lambda: self.import_document(kind="article"))
        self.start_page.paste_requested.connect(lambda: self.paste_text(kind="article"))
        self.start_page.example_requested.connect(self.load_example)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.start_page)
        self.setCentralWidget(self.stack)

        self.busy_label = QLabel()
        self.db_label = QLabel()
        self.db_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.db_label)
        self.ctx.tasks.idle_changed.connect(
            lambda idle: self.busy_label.setText("" if idle else "Working…"))

        self._build_actions()
        self.claims.current_claim_changed.connect(self.show_claim_detail)
        self.claims.activated.connect(self.actions_.edit_claim)
        self.detail.current_claim_changed.connect(self.current_claim_changed)
        self.detail.evidence_requested.connect(self._evidence_requested)
        self.sources.link_requested.connect(
            lambda pid, stance, a, b: self.actions_.link_evidence(
                self.detail.claim_id, pid, stance, a, b))
        self.sources.documents_loaded.connect(self._documents_loaded)
        self.actions_.created.connect(self._select_when_listed)
        self.claims.model.ids_loaded.connect(self._after_ids)
        self.claims.model.ids_complete.connect(self._after_ids)
        self.claims.model.ids_complete.connect(self._update_empty)
        self.claims.model.ids_loaded.connect(self._update_empty)
        # A failed first query must not leave the collector paused (see gcpolicy).
        self.claims.model.query_failed.connect(lambda _msg: settle_after_startup())
        self._pending_select = -1
        self._documents_known = False
        self._side_loaded = True
        self._update_actions()
        self.matching = install_matching(self)
        # A suggestion picked in the tab shows its passage, highlighted, in the document.
        panel_list = self.matching.panel.list
        panel_list.selectionModel().currentChanged.connect(
            lambda *_a: self._show_suggestion(panel_list.current_record()))
        self.detail.loaded.connect(self._detail_loaded)
        # Opening the inbox hands it the keyboard: S / C / X / R decide there at once.
        self.matching.inbox.visibilityChanged.connect(
            lambda shown: QTimer.singleShot(0, self.matching.inbox.list.setFocus)
            if shown else None)
        self._build_keys()
        install_backups(self)  # File → Backups…
        install_search(self)  # Tools → Search the sources…
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

    def side_ready(self) -> bool:
        """The documents are listed too (and with them the start page, if it is due)."""
        return self._documents_known

    def add_detail_tab(self, widget: QWidget, title: str) -> int:
        """Extension point: a tab about the current claim (listen to current_claim_changed)."""
        return self.detail.add_tab(widget, title)

    @property
    def current_claim_id(self) -> int:
        return self.detail.claim_id

    # --- actions --------------------------------------------------------------------------

    def _build_actions(self) -> None:
        build_actions(self)

    def _build_keys(self) -> None:
        self.pane_keys = PaneKeys(self)

    def panes(self) -> list[QWidget]:
        return self.pane_keys.panes()

    def cycle_pane(self, step: int = 1) -> None:
        self.pane_keys.cycle(step)

    def show_detail_tab(self, index: int) -> None:
        self.pane_keys.show_detail_tab(index)

    def show_claim_detail(self, claim_id: int) -> None:
        """Show this claim in the detail pane and its sources (-1: none)."""
        self.detail.set_claim(claim_id)
        self.sources.set_claim(claim_id)
        self._update_actions()

    def _update_actions(self) -> None:
        has = self.detail.claim_id >= 0
        for act in (self.edit_action, self.status_action, self.delete_action):
            act.setEnabled(has)
        # Nothing listed, nothing to report.
        listed = self.claims.model.rowCount() > 0
        self.export_action.setEnabled(listed)

    def _evidence_requested(self, action: str, ev: Any, value: Any) -> None:
        if action == SHOW:
            self.sources.show_passage(ev.document_id, ev.passage_id)
        else:
            self.evidence_actions.handle(action, ev, value)

    def _show_suggestion(self, rec: Any) -> None:
        if rec is not None:
            self.sources.show_passage(rec.document_id, rec.passage_id)

    def _detail_loaded(self, _cid: int) -> None:
        bundle = self.detail.bundle
        evidence = bundle.evidence if bundle is not None else []
        self.sources.set_linked({e.passage_id: e.stance for e in evidence})

    def _documents_loaded(self) -> None:
        articles = sum(1 for d in self.sources.documents if d.kind == "article")
        self.claims.show_article_column(articles > 1)
        self._documents_known = True
        self._update_empty()

    def workspace_empty(self) -> bool:
        """No claims and no documents at all (a filter that matches nothing is not empty)."""
        model = self.claims.model
        return (self.ctx.ws is not None and self._documents_known and model.complete
                and model.rowCount() == 0 and not self.claims.filtering()
                and not self.sources.documents)

    def _update_empty(self) -> None:
        empty = self.workspace_empty()
        was = self.stack.currentWidget() is self.start_page
        self.stack.setCurrentWidget(self.start_page if empty else self.splitter)
        if empty and not was:
            self.start_page.setFocus()
        elif was and not empty:
            self.claims.table.setFocus()
        self._update_actions()

    def load_example(self) -> None:
        from desktop.ops.demo import load_demo

        actor = self.ctx.actor()
        UserOp(self.ctx, lambda ws: load_demo(ws, actor=actor), self).run()

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

    def default_kind(self) -> str:
        """Once the workspace has an article, what comes next is usually a later source."""
        return "source" if any(d.kind == "article" for d in self.sources.documents) \
            else "article"

    def import_document(self, source: str = "", text: str = "", kind: str = "") -> None:
        """The import dialog: an article with its claim candidates, or a later source."""
        if self.ctx.ws is None or not self.import_action.isEnabled():
            return
        kind = kind or self.default_kind()
        if not source and not text:
            source, _ = QFileDialog.getOpenFileName(
                self, "Import article or source", "",
                "Documents (*.txt *.md *.html *.htm *.pdf);;All files (*)")
            if not source:
                return
        from desktop.ui.import_dialog import ImportDialog

        dlg = ImportDialog(self, self.ctx.ws, source=source, text=text, kind=kind,
                           actor=self.ctx.actor(), tasks=self.ctx.tasks)
        dlg.imported.connect(self._on_imported)
        dlg.openClaimRequested.connect(self.claims.select_claim)
        dlg.finished.connect(lambda _r: dlg.deleteLater())
        self.import_dialog = dlg
        dlg.open()

    def import_pasted(self) -> None:
        self.paste_text()

    def paste_text(self, kind: str = "") -> None:
        """Paste a text (the clipboard's, to start with), then on to the import dialog."""
        if self.ctx.ws is None or not self.paste_action.isEnabled():
            return
        dlg = PasteDialog(self, kind or self.default_kind())
        self.paste_dialog = dlg

        def done(result: int) -> None:
            if result == PasteDialog.DialogCode.Accepted:
                self.import_document(text=dlg.text(), kind=dlg.kind())
            dlg.deleteLater()

        dlg.finished.connect(done)
        dlg.open()

    def _on_imported(self, _result: Any) -> None:
        emit(self.ctx.documents_changed)
        emit(self.ctx.claims_reset)
        emit(self.imported, _result)

    def export_report(self) -> None:
        if self.ctx.ws is None or not self.export_action.isEnabled():
            return
        from desktop.ui.export import ReportExport
        from desktop.ui.report_options import ReportOptionsDialog

        self.report_dialog = ReportOptionsDialog(
            self, selected_ids=self.claims.selected_claim_ids(),
            listed=self.claims.model.rowCount(),
            default_out=Path.home() / "factdesk-report.pdf")
        self.report_dialog.accepted.connect(lambda: self._export_with(
            ReportExport, self.report_dialog.options()))
        self.report_dialog.open()

    def _export_with(self, job: Any, options: Any) -> None:
        self.export_job = job(self.ctx, self, self.claims.current_filter(), options)
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
                        ("claims-header", self.claims.table.horizontalHeader().restoreState)):
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
        # A new key: the two-line layout starts from its own widths, not the old ones.
        s.setValue("claims-header", self.claims.table.horizontalHeader().saveState())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.persist:
            self.save_state()
        self.ctx.close()  # waits for the running operation, then stops the worker
        super().closeEvent(event)
