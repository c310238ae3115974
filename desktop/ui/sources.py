"""The sources panel: documents (the article and later sources) and their passages.

Selecting text in a passage and choosing a stance asks for it to be linked to the current
claim as manual evidence (`link_requested`); the main window runs the operation.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from db.queries.browse import document_list
from db.queries.documents import passages_for
from db.records import DocumentRecord, PassageRecord
from desktop.ui.ops import AppContext, Op
from desktop.ui.qtcompat import emit
from desktop.ui.style import STANCE_LABELS
from desktop.ui.textutil import one_line, py_index

PASSAGE_ROLE = Qt.ItemDataRole.UserRole + 1


class SourcesPanel(QWidget):
    # passage id, stance, excerpt start, excerpt end (None, None = the whole passage)
    link_requested = Signal(int, str, object, object)
    documents_loaded = Signal()
    passages_loaded = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._claim_id = -1
        self._request = 0
        self.documents: list[DocumentRecord] = []
        self.doc_combo = QComboBox()
        self.doc_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.doc_combo.setMinimumContentsLength(20)
        self.passage_list = QListWidget()
        self.passage_list.setWordWrap(True)
        self.passage_list.setUniformItemSizes(False)
        self.passage_view = QPlainTextEdit(readOnly=True)
        self.passage_view.setPlaceholderText("Pick a passage, then select the words that matter.")
        self.hint = QLabel()
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.stance_buttons: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("Link to claim as:"))
        for n, (stance, label) in enumerate(STANCE_LABELS.items(), start=1):
            button = QPushButton(label)
            button.setToolTip(f"Link the selected text as {stance} evidence (Ctrl+{n})")
            button.setShortcut(QKeySequence(f"Ctrl+{n}"))
            button.clicked.connect(lambda _c=False, s=stance: self.request_link(s))
            buttons.addWidget(button)
            self.stance_buttons[stance] = button
        buttons.addStretch(1)

        head = QHBoxLayout()
        title = QLabel("Sources")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        head.addWidget(title)
        head.addWidget(self.doc_combo, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.passage_list)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.passage_view, 1)
        rl.addLayout(buttons)
        rl.addWidget(self.hint)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.splitter = split
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addLayout(head)
        layout.addWidget(split, 1)

        self.doc_combo.currentIndexChanged.connect(self._load_passages)
        self.passage_list.currentItemChanged.connect(self._show_passage)
        ctx.documents_changed.connect(self.reload)
        self._update_buttons()

    # --- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        Op(self._ctx, document_list, self).success(self._set_documents).run()

    def _set_documents(self, docs: list[DocumentRecord]) -> None:
        self.documents = list(docs)
        current = self.doc_combo.currentData()
        self.doc_combo.blockSignals(True)
        self.doc_combo.clear()
        for d in docs:
            kind = "Article" if d.kind == "article" else "Source"
            name = one_line(d.title or d.url or f"document {d.id}", 90)
            self.doc_combo.addItem(f"{kind}: {name} ({d.passage_count} passages)", d.id)
        found = self.doc_combo.findData(current)
        # By default the newest document: a later source is what evidence is taken from.
        self.doc_combo.setCurrentIndex(found if found >= 0 else len(docs) - 1)
        self.doc_combo.blockSignals(False)
        emit(self.documents_loaded)
        self._load_passages()

    def _load_passages(self) -> None:
        doc_id = self.doc_combo.currentData()
        self._request += 1
        req = self._request
        self.passage_list.clear()
        if doc_id is None:
            return
        (Op(self._ctx, lambda s: passages_for(s, doc_id), self)
         .success(lambda ps: self._set_passages(req, doc_id, ps))
         .run())

    def _set_passages(self, req: int, doc_id: int, passages: list[PassageRecord]) -> None:
        if req != self._request:
            return
        self.passage_list.clear()
        for p in passages:
            item = QListWidgetItem(f"{p.seq + 1}. {one_line(p.text, 300)}")
            item.setData(PASSAGE_ROLE, p)
            self.passage_list.addItem(item)
        if passages:
            self.passage_list.setCurrentRow(0)
        emit(self.passages_loaded, doc_id)

    # --- linking --------------------------------------------------------------------------

    def set_claim(self, claim_id: int) -> None:
        self._claim_id = claim_id
        self._update_buttons()

    def current_passage(self) -> PassageRecord | None:
        item = self.passage_list.currentItem()
        return item.data(PASSAGE_ROLE) if item is not None else None

    def select_passage(self, row: int) -> None:
        self.passage_list.setCurrentRow(row)

    def _show_passage(self, *_args: object) -> None:
        p = self.current_passage()
        self.passage_view.setPlainText(p.text if p else "")
        self._update_buttons()

    def selected_excerpt(self) -> tuple[int | None, int | None]:
        """The selection as Python offsets into the passage; (None, None) for all of it."""
        p = self.current_passage()
        cursor = self.passage_view.textCursor()
        if p is None or not cursor.hasSelection():
            return None, None
        start = py_index(p.text, cursor.selectionStart())
        end = py_index(p.text, cursor.selectionEnd())
        # Trim the spaces a mouse selection tends to pick up at either end.
        while start < end and p.text[start].isspace():
            start += 1
        while end > start and p.text[end - 1].isspace():
            end -= 1
        if start >= end:
            return None, None
        return start, end

    def request_link(self, stance: str) -> None:
        p = self.current_passage()
        if p is None or self._claim_id < 0:
            return
        start, end = self.selected_excerpt()
        emit(self.link_requested, p.id, stance, start, end)

    def _update_buttons(self) -> None:
        ready = self._claim_id >= 0 and self.current_passage() is not None
        for button in self.stance_buttons.values():
            button.setEnabled(ready)
        if self._claim_id < 0:
            self.hint.setText("Select a claim to link evidence to it.")
        elif self.current_passage() is None:
            self.hint.setText("Pick a passage to link.")
        else:
            self.hint.setText("Select words in the passage, or link the whole passage.")
