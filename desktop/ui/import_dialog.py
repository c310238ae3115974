"""The import dialog: read a file, URL or pasted text off the GUI thread, show the article
with its claim candidates highlighted and scored, let the user tick and edit them, then store
the document and the chosen claims in one transaction.

    dlg = ImportDialog(parent, ops_or_workspace, source="/path/or/https://...", kind="article")
    dlg = ImportDialog(parent, ops_or_workspace, text=pasted_text, kind="source")
    dlg.imported.connect(...)            # ImportResult, after a successful save
    dlg.openClaimRequested.connect(...)  # int claim id, when the user opts for an existing claim
    dlg.open()

`ops` is any object with the methods of `desktop.ops.imports.ImportOps` (a Workspace is wrapped
in `WorkspaceImportOps`). Reading and parsing (`prepare`: files, links, PDFs; no database) run
on a runner of the dialog's own, so a slow link does not stall the window; everything touching
the database runs on `tasks`, the window's database worker (the single writer), or on a second
runner of the dialog's own when it is opened without one. A run's progress callable (see
`desktop.progress`) emits a signal and answers False once Cancel was pressed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.ingest.duplicates import DuplicateMatch, find_near_duplicates
from desktop.ingest.pipeline import ClaimDraft
from desktop.ops.imports import ImportOps, PreparedImport, draft_claim, with_metadata
from desktop.progress import Cancelled, Progress
from desktop.ui.taskman import TaskManager

COL_TICK, COL_SCORE, COL_CLAIM, COL_SPEAKER, COL_SENTENCE = range(5)


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(str)


def _utf16_index(text: str) -> Callable[[int], int]:
    """Qt counts UTF-16 units; Python counts code points. Map one to the other."""
    if all(ord(ch) < 0x10000 for ch in text):
        return lambda i: i
    table = [0]
    for ch in text:
        table.append(table[-1] + (2 if ord(ch) >= 0x10000 else 1))
    return lambda i: table[i]


class ImportDialog(QDialog):
    imported = Signal(object)
    openClaimRequested = Signal(int)

    def __init__(self, parent: QWidget | None, ops: ImportOps | Any, *, source: str = "",
                 text: str = "", kind: str | None = None, actor: str = "",
                 tasks: TaskManager | None = None) -> None:
        super().__init__(parent)
        if hasattr(ops, "session"):  # a Workspace: wrap it
            from desktop.core.config import current_user
            from desktop.ops.imports import WorkspaceImportOps

            ops = WorkspaceImportOps(ops, actor or current_user())
        self.ops: ImportOps = ops
        self.prepared: PreparedImport | None = None
        self.existing: list[tuple[int, str, str]] = []  # (id, text, quote)
        self._pasted = text
        self._cancel = threading.Event()
        self._own_tasks = tasks is None
        # Opened without the window (tests, tools): a database worker of its own, named apart.
        self._tasks = tasks if tasks is not None else TaskManager(self, name="factdesk-import-db")
        self._reader = TaskManager(self, name="factdesk-import")
        self._job = 0  # which run the results that come back belong to
        self._closing = False
        self._busy = False
        self._duplicates: dict[int, list[DuplicateMatch]] = {}
        # Without an explicit kind: article for the first document, source once the workspace
        # holds an article (decided when the document is read, unless the user chose already).
        self._kind_decided = kind is not None
        self.setWindowTitle("Import")
        self.setAcceptDrops(True)
        self.resize(1100, 700)
        self._build(kind or "article")
        self.source_edit.setText(source)
        if source or text:
            self.load()

    # -- layout ---------------------------------------------------------------------------
    def _build(self, kind: str) -> None:
        self.source_edit = QLineEdit(placeholderText="file path or http(s) link")
        self.load_button = QPushButton("Load")
        self.load_button.clicked.connect(lambda: self.load())
        self.kind_combo = QComboBox()
        self.kind_combo.addItems(["article", "source"])
        self.kind_combo.setCurrentText(kind)
        self.kind_combo.currentTextChanged.connect(self._kind_changed)
        self.kind_combo.activated.connect(self._kind_chosen)
        from_label, as_label = QLabel("&From:"), QLabel("&as")
        from_label.setBuddy(self.source_edit)
        as_label.setBuddy(self.kind_combo)
        self.source_edit.setAccessibleName("File or link")
        self.kind_combo.setAccessibleName("Import as")
        top = QHBoxLayout()
        for w in (from_label, self.source_edit, self.load_button, as_label, self.kind_combo):
            top.addWidget(w)
        self.title_edit, self.outlet_edit = QLineEdit(), QLineEdit()
        self.author_edit = QLineEdit()
        self.published_edit = QLineEdit(placeholderText="YYYY-MM-DD")
        self.title_edit.setPlaceholderText("taken from the document; edit before importing")
        form = QFormLayout()
        for label, w in (("&Title", self.title_edit), ("&Outlet", self.outlet_edit),
                         ("A&uthor", self.author_edit), ("&Published", self.published_edit)):
            form.addRow(label, w)
            w.setAccessibleName(label.replace("&", ""))
        self.progress = QProgressBar()
        self.status = QLabel()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_work)
        busy = QHBoxLayout()
        for w in (self.progress, self.status, self.cancel_button):
            busy.addWidget(w)
        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)
        self.text_view = QPlainTextEdit(readOnly=True)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["✓", "Score", "Claim", "Speaker", "Sentence"])
        # The claim and its sentence take the width the dialog has; the rest fit their content.
        header = self.table.horizontalHeader()
        for col in (COL_TICK, COL_SCORE, COL_SPEAKER):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for col in (COL_CLAIM, COL_SENTENCE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(self._item_changed)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_row(row))
        self.dup_label = QLabel()
        self.dup_label.setTextFormat(Qt.TextFormat.PlainText)
        self.dup_label.setWordWrap(True)
        self.open_existing_button = QPushButton("Open existing claim instead")
        self.open_existing_button.clicked.connect(self._open_existing)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.table)
        rl.addWidget(self.dup_label)
        rl.addWidget(self.open_existing_button)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.text_view)
        self.splitter.addWidget(right)
        self.splitter.setSizes([420, 680])  # the candidates table is where the work is
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addLayout(busy)
        layout.addWidget(self.error_label)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.buttons)
        self._set_busy(False)
        self._kind_changed(kind)
        self._show_duplicates(-1)

    # -- background work -------------------------------------------------------------------
    def _run(self, fn: Callable[..., Any], on_done: Callable[[Any], None], what: str, *,
             reading: bool = False) -> None:
        """`fn(progress)` on the reader (`reading`) or the database worker; then `on_done`."""
        self._cancel = cancel = threading.Event()  # a fresh flag: a late cancel hits only its run
        self._job += 1
        job = self._job
        # Lives on the GUI thread: progress emitted on the worker is queued to this dialog.
        signals = _Signals(self)
        signals.progress.connect(self._on_progress)
        self._signals = signals
        self._on_done = on_done
        self.error_label.clear()
        self.status.setText(what)
        self._set_busy(True)
        runner = self._reader if reading else self._tasks

        def progress(done: int, total: int, doing: str) -> bool:
            signals.progress.emit(done, total, doing)
            return not cancel.is_set()

        runner.run(lambda: fn(progress), lambda fut: self._finished(job, fut))

    def _finished(self, job: int, fut: Future[Any]) -> None:
        if self._closing or job != self._job:
            return  # the dialog closed meanwhile: nobody is waiting for this result
        exc = fut.exception()
        if exc is None:
            self._on_job_done(fut.result())
        elif isinstance(exc, Cancelled):
            self._on_failed("import cancelled")
        elif isinstance(exc, UserError):
            self._on_failed(str(exc))
        else:  # a bug: show it rather than lose it on the worker
            self._on_failed(f"unexpected error: {type(exc).__name__}: {exc}")

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for w in (self.progress, self.status, self.cancel_button):
            w.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
        self.load_button.setEnabled(not busy)
        self.import_button.setEnabled(not busy and self.prepared is not None)

    def _on_progress(self, done: int, total: int, what: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        self.status.setText(what)

    def _on_job_done(self, result: object) -> None:
        self._set_busy(False)
        self._on_done(result)

    def _on_failed(self, message: str) -> None:
        self._set_busy(False)
        self.error_label.setText(message)

    def cancel_work(self) -> None:
        self._cancel.set()

    def is_busy(self) -> bool:
        return self._busy

    # -- loading ---------------------------------------------------------------------------
    def load(self, source: str | None = None) -> None:
        if source is not None:
            self.source_edit.setText(source)
            self._pasted = ""
        src, text, ops = self.source_edit.text().strip(), self._pasted, self.ops
        if not src and not text:
            self.error_label.setText("give a file, a link, or paste some text")
            return

        def read(progress: Progress) -> PreparedImport:
            return ops.prepare(src, text=text, progress=progress)

        def known(prepared: PreparedImport) -> None:
            def work(_progress: Any) -> tuple[PreparedImport, list]:
                has_article = getattr(ops, "has_article", None)
                self._has_article = bool(has_article()) if has_article else False
                return prepared, ops.existing_claims()

            self._run(work, self._loaded, "reading…")

        self._run(read, known, "reading…", reading=True)

    def _kind_chosen(self, _index: int) -> None:
        self._kind_decided = True  # the user's choice is never overridden

    def _loaded(self, result: tuple[PreparedImport, list[tuple[int, str]]]) -> None:
        self.prepared, self.existing = result
        if not self._kind_decided and getattr(self, "_has_article", False):
            self.kind_combo.setCurrentText("source")
        doc = self.prepared.extracted
        self.title_edit.setText(doc.title)
        self.title_edit.setCursorPosition(0)  # show the start of a long title
        self.outlet_edit.setText(doc.outlet)
        self.author_edit.setText(doc.author)
        self.published_edit.setText(doc.published.isoformat() if doc.published else "")
        self.text_view.setPlainText(doc.text)
        self._fill_table()
        self._highlight()
        self.import_button.setEnabled(True)
        self.status.setText(f"{len(self.prepared.spans)} passages")

    def _fill_table(self) -> None:
        assert self.prepared is not None
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.prepared.candidates))
        for row, cand in enumerate(self.prepared.candidates):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                          | Qt.ItemFlag.ItemIsSelectable)
            tick.setCheckState(Qt.CheckState.Unchecked)
            score = QTableWidgetItem(f"{cand.score:.2f}")
            score.setFlags(score.flags() & ~Qt.ItemFlag.ItemIsEditable)
            sentence = QTableWidgetItem(cand.text)
            sentence.setFlags(sentence.flags() & ~Qt.ItemFlag.ItemIsEditable)
            for col, item in ((COL_TICK, tick), (COL_SCORE, score),
                              (COL_CLAIM, QTableWidgetItem(cand.claim)),
                              (COL_SPEAKER, QTableWidgetItem(cand.speaker)),
                              (COL_SENTENCE, sentence)):
                self.table.setItem(row, col, item)
        self.table.blockSignals(False)
        self._duplicates.clear()

    def _highlight(self) -> None:
        """Each candidate sentence tinted by its score, strongest for the most check-worthy."""
        assert self.prepared is not None
        to_qt = _utf16_index(self.prepared.extracted.text)
        selections = []
        for cand in self.prepared.candidates:
            fmt = QTextCharFormat()
            alpha = int(40 + 180 * cand.score)
            fmt.setBackground(QColor(255, 200, 0, alpha))
            fmt.setToolTip(f"score {cand.score:.2f} — rank {cand.rank}")
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.text_view.document())
            cursor.setPosition(to_qt(cand.start))
            cursor.setPosition(to_qt(cand.end), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor, sel.format = cursor, fmt
            selections.append(sel)
        self.text_view.setExtraSelections(selections)

    def highlighted_ranges(self) -> list[tuple[int, int]]:
        """(start, end) in Qt positions of every highlighted sentence (for checks and tests)."""
        return [(s.cursor.selectionStart(), s.cursor.selectionEnd())
                for s in self.text_view.extraSelections()]

    # -- ticking, editing, duplicates ------------------------------------------------------
    def _kind_changed(self, kind: str) -> None:
        self.table.parentWidget().setVisible(kind == "article")

    def _show_row(self, row: int) -> None:
        if self.prepared is None or not 0 <= row < len(self.prepared.candidates):
            return
        cand = self.prepared.candidates[row]
        to_qt = _utf16_index(self.prepared.extracted.text)
        cursor = QTextCursor(self.text_view.document())
        cursor.setPosition(to_qt(cand.start))
        cursor.setPosition(to_qt(cand.end), QTextCursor.MoveMode.KeepAnchor)
        self.text_view.setTextCursor(cursor)
        self.text_view.ensureCursorVisible()
        self._show_duplicates(row)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        row = item.row()
        if item.column() in (COL_TICK, COL_CLAIM):
            claim_item = self.table.item(row, COL_CLAIM)
            ticked = self.table.item(row, COL_TICK).checkState() == Qt.CheckState.Checked
            self._duplicates[row] = find_near_duplicates(
                claim_item.text(), self.existing) if ticked else []
            self.table.blockSignals(True)
            claim_item.setBackground(QColor(255, 120, 120, 90) if self._duplicates[row]
                                     else QColor(0, 0, 0, 0))
            self.table.blockSignals(False)
            self._show_duplicates(row)

    def _show_duplicates(self, row: int) -> None:
        found = self._duplicates.get(row) or []
        if found:
            best = found[0]
            self.dup_label.setText(f"This nearly repeats claim {best.claim_id} "
                                   f"({best.score:.0f}%): {best.text}")
        else:
            self.dup_label.clear()
        self.open_existing_button.setVisible(bool(found))
        self._dup_row = row

    def _open_existing(self) -> None:
        found = self._duplicates.get(self._dup_row) or []
        if found:
            self.table.item(self._dup_row, COL_TICK).setCheckState(Qt.CheckState.Unchecked)
            self.openClaimRequested.emit(found[0].claim_id)

    def duplicate_warnings(self) -> dict[int, list[DuplicateMatch]]:
        return {row: found for row, found in self._duplicates.items() if found}

    def tick(self, row: int, on: bool = True) -> None:
        self.table.item(row, COL_TICK).setCheckState(
            Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen_claims(self) -> list[ClaimDraft]:
        if self.prepared is None or self.kind_combo.currentText() != "article":
            return []
        out = []
        for row, cand in enumerate(self.prepared.candidates):
            if self.table.item(row, COL_TICK).checkState() != Qt.CheckState.Checked:
                continue
            out.append(draft_claim(self.prepared, cand,
                                   text=self.table.item(row, COL_CLAIM).text().strip(),
                                   speaker=self.table.item(row, COL_SPEAKER).text().strip()))
        return out

    # -- saving ----------------------------------------------------------------------------
    def save(self) -> None:
        if self.prepared is None or self._busy:
            return
        try:
            published = date.fromisoformat(self.published_edit.text().strip()) \
                if self.published_edit.text().strip() else None
        except ValueError:
            self.error_label.setText("the publication date must look like 2025-10-17")
            return
        prepared = with_metadata(self.prepared, title=self.title_edit.text().strip(),
                                 outlet=self.outlet_edit.text().strip(),
                                 author=self.author_edit.text().strip(), published=published)
        kind, claims, ops = self.kind_combo.currentText(), self.chosen_claims(), self.ops
        self._run(lambda _progress: ops.save(prepared, kind=kind, claims=claims),
                  self._saved, "saving…")

    def _saved(self, result: Any) -> None:
        self.imported.emit(result)
        self.accept()

    # -- drops and closing -----------------------------------------------------------------
    def dragEnterEvent(self, event: Any) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:
        mime = event.mimeData()
        if mime.hasUrls() and mime.urls():
            url = mime.urls()[0]
            self.load(url.toLocalFile() if url.isLocalFile() else url.toString())
        elif mime.hasText():
            self._pasted = mime.text()
            self.source_edit.clear()
            self.load()
        event.acceptProposedAction()

    def done(self, result: int) -> None:
        self._cancel.set()  # a closing dialog stops its reader at the next check
        self._closing = True
        self._reader.shutdown(wait=True)  # no runner of its own outlives the dialog
        if self._own_tasks:
            self._tasks.shutdown(wait=True)
        super().done(result)
