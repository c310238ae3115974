"""Tools → Search the sources…: the passages nearest to a text, however weak, to read and link.

Suggestions keep only what passes the workspace's threshold; here a fact-checker ranks every
source passage for the selected claim's text (its paraphrases included) or for words of their
own (`desktop.core.passage_search`, the scorer of the suggestions). Opening a result shows the
passage in its source, where the usual Supports / Contradicts / Context buttons link words of
it; the dialog's own (Ctrl+1 / 2 / 3) link the whole passage to the window's claim, undoably.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.passage_search import MAX_QUERY_CHARS, SearchResult
from desktop.progress import Cancelled
from desktop.ui.ops import AppContext, report_error
from desktop.ui.qtcompat import emit
from desktop.ui.style import STANCE_LABELS
from desktop.ui.taskman import TaskManager
from desktop.ui.window_state import window_settings

HIT = Qt.ItemDataRole.UserRole  # the PassageHit an item shows
GEOMETRY_KEY = "search-geometry"
SHOWN_CHARS = 400  # of a passage in the list; opened, it is read whole in its source
THREAD = "factdesk-search"


class SearchDialog(QDialog):
    """A query line, the ranked passages, and Open (Enter / double-click) to read one."""

    open_passage = Signal(int, int)  # document id, passage id
    link_requested = Signal(int, str)  # passage id, stance: link it to the window's claim

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 persist: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search the sources")
        self._persist = persist  # its size and place remembered (not in screenshot mode)
        self._ctx = ctx
        self._request = 0
        # A search reads only: it runs on a thread of its own, so a large workspace's search
        # never holds up the database worker; a newer search cancels the one running.
        self._runner = TaskManager(self, name=THREAD)
        self._cancel = threading.Event()
        self.query = QLineEdit()
        self.query.setMaxLength(MAX_QUERY_CHARS)
        self.query.setPlaceholderText("Words, or a claim's sentence (finds paraphrases too)")
        self.query.setClearButtonEnabled(True)
        self.search_button = QPushButton("&Search")
        self.search_button.setDefault(True)
        self.status = QLabel("Ranks every passage of the later sources, best first, however "
                             "weak.")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setSpacing(2)
        hint = QLabel("Open a passage (Enter or double-click) to read it in its source, or "
                      "link the whole passage to the claim from here.")
        hint.setWordWrap(True)
        self.link_label = QLabel()
        self.link_label.setTextFormat(Qt.TextFormat.PlainText)
        self.link_buttons: dict[str, QPushButton] = {}
        links = QHBoxLayout()
        links.addWidget(self.link_label)
        for n, (stance, label) in enumerate(STANCE_LABELS.items(), start=1):
            button = QPushButton(f"{label} (Ctrl+{n})")
            button.setShortcut(QKeySequence(f"Ctrl+{n}"))
            button.setToolTip(f"Link the selected passage to the claim as {stance} evidence "
                              f"(Ctrl+{n}); Ctrl+Z in the window undoes it")
            button.clicked.connect(lambda _c=False, s=stance: self._link(s))
            links.addWidget(button)
            self.link_buttons[stance] = button
        links.addStretch(1)
        self._claim_id = -1
        self._linked: dict[int, str] = {}
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton("&Open in source",
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(self.search_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        layout.addLayout(links)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.query.returnPressed.connect(lambda: self.search())
        self.search_button.clicked.connect(lambda _checked=False: self.search())
        self.results.itemActivated.connect(self._open)
        self.results.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.open_button.clicked.connect(lambda: self._open(self.results.currentItem()))
        buttons.rejected.connect(self.reject)
        self.set_claim(-1)
        self.resize(720, 560)
        geometry = window_settings().value(GEOMETRY_KEY) if persist else None
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    def hideEvent(self, event: QHideEvent) -> None:
        if self._persist:
            window_settings().setValue(GEOMETRY_KEY, self.saveGeometry())
        super().hideEvent(event)

    def set_claim(self, claim_id: int) -> None:
        """The claim the link buttons link to (the window's shown claim; -1: none)."""
        self._claim_id = claim_id
        self.link_label.setText(f"Link to claim {claim_id} as:" if claim_id >= 0
                                else "Select a claim in the window to link to it:")
        self._update_buttons()

    def set_linked(self, linked: dict[int, str]) -> None:
        """Passages already linked to the window's claim (passage id -> stance), marked."""
        self._linked = linked
        self._label_items()

    def _label_items(self) -> None:
        for row in range(self.results.count()):
            item = self.results.item(row)
            hit = item.data(HIT)
            text = " ".join(hit.text.split())
            if len(text) > SHOWN_CHARS:
                text = text[:SHOWN_CHARS].rsplit(" ", 1)[0] + " …"
            stance = self._linked.get(hit.passage_id)
            mark = f"   ✓ linked as {stance}" if stance else ""
            item.setText(f"{hit.score:.2f}   {hit.source}{mark}\n{text}")

    def _update_buttons(self) -> None:
        has = self.results.currentItem() is not None
        self.open_button.setEnabled(has)
        for button in self.link_buttons.values():
            button.setEnabled(has and self._claim_id >= 0)

    def _link(self, stance: str) -> None:
        item = self.results.currentItem()
        if item is not None and self._claim_id >= 0:
            emit(self.link_requested, item.data(HIT).passage_id, stance)

    def linked(self, claim_id: int, stance: str) -> None:
        """Say that the link asked for here was made."""
        self.status.setText(f"Linked to claim {claim_id} as {stance} (Ctrl+Z in the window "
                            f"undoes it).")

    def search(self, text: str | None = None) -> None:
        """Rank the passages for ``text`` (the query line's by default) on the worker."""
        if text is not None:
            self.query.setText(text)
        query = self.query.text()
        if self._ctx.ws is None:
            return
        self._request += 1
        req = self._request
        self._cancel.set()
        self._cancel = cancel = threading.Event()
        self.search_button.setEnabled(False)
        self.status.setText("Searching…")
        from desktop.core.passage_search import search_passages

        ws = self._ctx.ws

        def work() -> SearchResult:  # the search thread: no widgets here
            return search_passages(ws, query, progress=lambda *_a: not cancel.is_set())

        def done(fut: Future[Any]) -> None:
            exc = fut.exception()
            if exc is None:
                self._found(req, fut.result())
            else:
                self._failed(req, exc)

        self._runner.run(work, done)

    def shutdown(self) -> None:
        """Stop a running search and its thread (the window is closing)."""
        self._cancel.set()
        self._runner.shutdown(wait=True)

    def _found(self, req: int, found: SearchResult) -> None:
        if req != self._request:
            return  # a newer search was asked for meanwhile
        self.search_button.setEnabled(True)
        self.results.clear()
        for hit in found.hits:
            item = QListWidgetItem()
            item.setData(HIT, hit)
            item.setToolTip(hit.source)
            self.results.addItem(item)
        self._label_items()
        how = "by meaning and words" if found.semantic else "by words only (no sentence model)"
        if not found.passages:
            self.status.setText("No later source yet: import one first (Ctrl+I).")
        else:
            n, total = len(found.hits), found.passages
            which = f"All {n} passages" if n == total else f"The {n} nearest of {total:,} passages"
            self.status.setText(f"{which} of the later sources, nearest first, ranked {how}; "
                                f"scored as suggestions are.")
        if found.hits:
            self.results.setCurrentRow(0)
            self.results.setFocus()

    def _failed(self, req: int, exc: BaseException) -> None:
        if req != self._request or isinstance(exc, Cancelled):
            return
        self.search_button.setEnabled(True)
        self.status.setText("")
        report_error(self, exc)

    def _open(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            hit = item.data(HIT)
            emit(self.open_passage, hit.document_id, hit.passage_id)


def install_search(win: Any) -> QAction:
    """Add Tools → Search the sources… (Ctrl+Shift+F) to the main window."""
    action = QAction("&Search the sources…", win)
    action.setShortcut(QKeySequence("Ctrl+Shift+F"))
    action.setStatusTip("Rank every source passage for the claim's text or your own words "
                        "(Ctrl+Shift+F)")
    action.triggered.connect(lambda _checked=False: open_search(win))
    win.installEventFilter(_StopOnClose(win))
    tools = next(a.menu() for a in win.menuBar().actions() if a.text() == "&Tools")
    first = tools.actions()[0] if tools.actions() else None
    tools.insertAction(first, action)
    if first is not None:
        tools.insertSeparator(first)
    win.addAction(action)
    win.search_action = action
    return action


class _StopOnClose(QObject):
    """Before the window closes the workspace, the search stops and its thread ends."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        dlg = getattr(obj, "search_dialog", None)
        if event.type() == QEvent.Type.Close and dlg is not None:
            dlg.shutdown()
        return False


def open_search(win: Any) -> SearchDialog:
    """Open (or bring back) the search, run at once for the selected claim's text."""
    dlg = getattr(win, "search_dialog", None)
    if dlg is None:
        dlg = SearchDialog(win.ctx, win, persist=win.persist)
        dlg.open_passage.connect(win.sources.show_passage)

        def link(passage_id: int, stance: str) -> None:
            cid = win.detail.claim_id
            win.actions_.link_evidence(cid, passage_id, stance, None, None,
                                       done=lambda: dlg.linked(cid, stance))

        def linked() -> None:
            bundle = win.detail.bundle
            dlg.set_linked({e.passage_id: e.stance for e in bundle.evidence}
                           if bundle is not None else {})

        dlg.link_requested.connect(link)
        win.current_claim_changed.connect(dlg.set_claim)
        win.detail.loaded.connect(lambda _cid: linked())
        win.search_dialog = dlg
        linked()
    dlg.set_claim(win.detail.claim_id)
    dlg.show()
    dlg.raise_()
    dlg.activateWindow()
    text = win.detail.claim_text
    if text and text != dlg.query.text():
        dlg.search(text)
    else:
        dlg.query.setFocus()
        dlg.query.selectAll()
    return dlg
