"""The sources panel: a document (the article or a later source) shown as it reads.

The whole text is shown in order, as plain text. The passage under the cursor is the one a
stance button links: select words in it (or nothing, for the whole passage) and choose
Supports / Contradicts / Context; `link_requested` asks the main window to link it. Passages
already linked to the current claim are tinted in their stance's colour, and `show_passage`
brings a matched or linked passage into view, highlighted.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.records import DocumentRecord, PassageRecord
from desktop.ops.reads import document_list, load_document
from desktop.ui.ops import AppContext, Op
from desktop.ui.qtcompat import emit
from desktop.ui.style import STANCE_LABELS, stance_colour
from desktop.ui.textutil import one_line, py_index, qt_pos

# A highlighter-pen yellow with dark text reads the same on light and dark palettes.
FOCUS_BG, FOCUS_FG = QColor("#ffe27a"), QColor("#1f1f1f")


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
        self.document: DocumentRecord | None = None
        self.passages: list[PassageRecord] = []
        self._starts: list[int] = []
        self._linked: dict[int, str] = {}  # passage id -> stance, for the current claim
        self._focus: int | None = None  # the passage brought into view
        self._want: int | None = None  # passage to show once its document has loaded

        self.doc_combo = QComboBox()
        self.doc_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.doc_combo.setMinimumContentsLength(20)
        self.doc_combo.setAccessibleName("Document")
        self.reader = QPlainTextEdit(readOnly=True)
        self.reader.setAccessibleName("Document text")
        self.reader.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.reader.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.reader.setPlaceholderText("No document yet: import an article or a later source.")
        self.reader.setTabChangesFocus(True)
        self.hint = QLabel()
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.stance_buttons: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        link_label = QLabel("Link to claim as:")
        buttons.addWidget(link_label)
        for n, (stance, label) in enumerate(STANCE_LABELS.items(), start=1):
            button = QPushButton(label)
            button.setToolTip(f"Link the selected text (or the passage at the cursor) as "
                              f"{stance} evidence (Ctrl+{n})")
            button.setAccessibleName(f"Link as {stance}")
            button.setShortcut(QKeySequence(f"Ctrl+{n}"))
            button.clicked.connect(lambda _c=False, s=stance: self.request_link(s))
            buttons.addWidget(button)
            self.stance_buttons[stance] = button
        buttons.addStretch(1)

        head = QHBoxLayout()
        title = QLabel("&Sources")
        title.setBuddy(self.doc_combo)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        head.addWidget(title)
        head.addWidget(self.doc_combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addLayout(head)
        layout.addWidget(self.reader, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)

        self.doc_combo.currentIndexChanged.connect(self._load_passages)
        self.reader.cursorPositionChanged.connect(self._cursor_moved)
        self.reader.selectionChanged.connect(self._update_buttons)
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
        if doc_id is None:
            self._set_passages(req, None, [])
            return
        (Op(self._ctx, lambda s: load_document(s, doc_id), self)
         .success(lambda res: self._set_passages(req, *res))
         .run())

    def _set_passages(self, req: int, doc: DocumentRecord | None,
                      passages: list[PassageRecord]) -> None:
        if req != self._request:
            return
        self.document = doc
        self.passages = sorted(passages, key=lambda p: p.start)
        self._starts = [p.start for p in self.passages]
        self._focus = None
        self.reader.blockSignals(True)
        self.reader.setPlainText(doc.text if doc is not None else "")
        self.reader.blockSignals(False)
        want, self._want = self._want, None
        if want is not None and self.passage_row(want) >= 0:
            self.focus_passage(want)
        else:
            self._paint()
            self._update_buttons()
        if doc is not None:
            emit(self.passages_loaded, doc.id)

    # --- passages -------------------------------------------------------------------------

    def passage_count(self) -> int:
        return len(self.passages)

    def passage_row(self, passage_id: int) -> int:
        return next((i for i, p in enumerate(self.passages) if p.id == passage_id), -1)

    def _text(self) -> str:
        return self.document.text if self.document is not None else ""

    def _passage_at(self, index: int) -> PassageRecord | None:
        """The passage holding Python index `index` of the text (or the one just before)."""
        i = bisect.bisect_right(self._starts, index) - 1
        if i < 0:
            return self.passages[0] if self.passages else None
        return self.passages[i]

    def current_passage(self) -> PassageRecord | None:
        cursor = self.reader.textCursor()
        return self._passage_at(py_index(self._text(), cursor.selectionStart()))

    def select_passage(self, row: int) -> None:
        """Put the cursor at the start of passage `row` and bring it into view."""
        if 0 <= row < len(self.passages):
            self.focus_passage(self.passages[row].id)

    def focus_passage(self, passage_id: int) -> None:
        row = self.passage_row(passage_id)
        if row < 0:
            return
        p = self.passages[row]
        self._focus = p.id
        text = self._text()
        cursor = QTextCursor(self.reader.document())
        cursor.setPosition(qt_pos(text, p.start))
        self.reader.setTextCursor(cursor)
        self._paint()
        self._update_buttons()
        # Centre it once the view is laid out (it may have just been filled).
        QTimer.singleShot(0, self.reader.centerCursor)

    def select_span(self, passage_id: int, start: int, end: int) -> None:
        """Select characters start..end (Python offsets) of passage `passage_id`, in view."""
        row = self.passage_row(passage_id)
        if row < 0:
            return
        p, text = self.passages[row], self._text()
        cursor = QTextCursor(self.reader.document())
        cursor.setPosition(qt_pos(text, p.start + start))
        cursor.setPosition(qt_pos(text, p.start + end), QTextCursor.MoveMode.KeepAnchor)
        self.reader.setTextCursor(cursor)
        self._focus = p.id
        self._paint()
        self._update_buttons()
        QTimer.singleShot(0, self.reader.centerCursor)

    def show_passage(self, document_id: int, passage_id: int) -> None:
        """Show document `document_id` with passage `passage_id` highlighted and in view."""
        if self.document is not None and self.document.id == document_id:
            self.focus_passage(passage_id)
            return
        found = self.doc_combo.findData(document_id)
        if found < 0:
            return
        self._want = passage_id
        if found == self.doc_combo.currentIndex():
            self._load_passages()
        else:
            self.doc_combo.setCurrentIndex(found)

    def set_linked(self, linked: dict[int, str]) -> None:
        """Passages linked to the current claim (id -> stance), tinted in the text."""
        self._linked = dict(linked)
        self._paint()

    def _cursor_moved(self) -> None:
        self._update_buttons()

    def _paint(self) -> None:
        text = self._text()
        doc = self.reader.document()
        sels: list[QTextEdit.ExtraSelection] = []

        def mark(p: PassageRecord, fmt: QTextCharFormat) -> None:
            cursor = QTextCursor(doc)
            cursor.setPosition(qt_pos(text, p.start))
            cursor.setPosition(qt_pos(text, p.end), QTextCursor.MoveMode.KeepAnchor)
            sel = QTextEdit.ExtraSelection()
            sel.cursor = cursor  # type: ignore[attr-defined]
            sel.format = fmt  # type: ignore[attr-defined]
            sels.append(sel)

        for p in self.passages:
            stance = self._linked.get(p.id)
            if stance is not None and p.id != self._focus:
                fmt = QTextCharFormat()
                tint = stance_colour(stance)
                tint.setAlpha(60)
                fmt.setBackground(tint)
                fmt.setToolTip(f"Linked to this claim as {stance}")
                mark(p, fmt)
        if self._focus is not None:
            row = self.passage_row(self._focus)
            if row >= 0:
                fmt = QTextCharFormat()
                fmt.setBackground(FOCUS_BG)
                fmt.setForeground(FOCUS_FG)
                mark(self.passages[row], fmt)
        self.reader.setExtraSelections(sels)

    # --- linking --------------------------------------------------------------------------

    def set_claim(self, claim_id: int) -> None:
        if claim_id != self._claim_id:
            # Another claim: the last one's links and matched passage are not its own.
            self._linked, self._focus = {}, None
            self._paint()
        self._claim_id = claim_id
        self._update_buttons()

    def selected_excerpt(self) -> tuple[int | None, int | None]:
        """The selection as Python offsets into its passage; (None, None) for all of it.

        A selection running past the end of its passage is cut at that end: evidence is
        always one passage (or part of one).
        """
        p = self.current_passage()
        cursor = self.reader.textCursor()
        if p is None or not cursor.hasSelection():
            return None, None
        text = self._text()
        start = max(py_index(text, cursor.selectionStart()), p.start) - p.start
        end = min(py_index(text, cursor.selectionEnd()), p.end) - p.start
        # Trim the spaces a mouse selection tends to pick up at either end.
        while start < end and p.text[start].isspace():
            start += 1
        while end > start and p.text[end - 1].isspace():
            end -= 1
        if start >= end:
            return None, None
        if (start, end) == (0, len(p.text)):
            return None, None
        return start, end

    def request_link(self, stance: str) -> None:
        p = self.current_passage()
        if p is None or self._claim_id < 0:
            return
        start, end = self.selected_excerpt()
        emit(self.link_requested, p.id, stance, start, end)

    def _update_buttons(self) -> None:
        p = self.current_passage()
        ready = self._claim_id >= 0 and p is not None
        for button in self.stance_buttons.values():
            button.setEnabled(ready)
        if self._claim_id < 0:
            self.hint.setText("Select a claim to link evidence to it.")
        elif p is None:
            self.hint.setText("No passages to link: pick a document.")
        elif self.reader.textCursor().hasSelection():
            self.hint.setText(f"Links the selected words of passage {p.seq + 1}.")
        else:
            self.hint.setText(f"Select words to link them, or link all of passage {p.seq + 1} "
                              "(at the cursor).")
        pal = self.hint.palette()
        pal.setColor(QPalette.ColorRole.WindowText,
                     self.palette().color(QPalette.ColorRole.PlaceholderText))
        self.hint.setPalette(pal)
