"""The list of suggestions: a model, a delegate painting each with its matched words
highlighted, and a list view that turns S / C / X / R / Delete into decisions.

The passage is a QTextDocument filled with setPlainText and coloured with char formats over
the stored spans: never HTML, so a passage reading `<b>x</b>` shows exactly that. Every other
string is drawn with QPainter.drawText, which never interprets markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QObject, QRect, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from db.records import SuggestionRecord
from desktop.ui.qtcompat import emit
from desktop.ui.style import STANCE_LABELS
from desktop.ui.textutil import one_line, qt_pos

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
REJECT = ""  # the "stance" of a rejection in `decide` signals
# A highlighter-pen yellow with dark text reads the same on light and dark palettes.
MARK_BG, MARK_FG = QColor("#ffe27a"), QColor("#1f1f1f")
# "Strong" is a matching score, not a stance: a blue of its own, never the Supports green.
STRONG_COLOUR, WEAK_COLOUR = QColor("#1d5fa8"), QColor("#667085")
KEYS = {Qt.Key.Key_S: "supports", Qt.Key.Key_C: "contradicts", Qt.Key.Key_X: "context",
        Qt.Key.Key_R: REJECT, Qt.Key.Key_Delete: REJECT, Qt.Key.Key_Backspace: REJECT}
KEY_NAMES = {"supports": "S", "contradicts": "C", "context": "X", REJECT: "R or Delete"}


def highlighted_document(text: str, spans: Iterable[tuple[int, int]],
                         font: QFont | None = None) -> QTextDocument:
    """The passage as plain text, with the matched character ranges marked."""
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    if font is not None:
        doc.setDefaultFont(font)
    doc.setPlainText(text)
    mark = QTextCharFormat()
    mark.setBackground(MARK_BG)
    mark.setForeground(MARK_FG)
    cursor = QTextCursor(doc)
    for start, end in spans:
        if 0 <= start < end <= len(text):  # spans come from storage: never trust them blindly
            cursor.setPosition(qt_pos(text, start))
            cursor.setPosition(qt_pos(text, end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(mark)
    return doc


def source_line(rec: SuggestionRecord) -> str:
    bits = [rec.source_outlet, rec.source_published.isoformat() if rec.source_published else ""]
    return "  ·  ".join(b for b in bits if b) or "no outlet or date"


class SuggestionModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.records: list[SuggestionRecord] = []
        self.new_ids: frozenset[int] = frozenset()

    def set_records(self, records: list[SuggestionRecord],
                    new_ids: Iterable[int] = ()) -> None:
        self.beginResetModel()
        self.records, self.new_ids = list(records), frozenset(new_ids)
        self.endResetModel()

    def record(self, row: int) -> SuggestionRecord | None:
        return self.records[row] if 0 <= row < len(self.records) else None

    def row_of(self, suggestion_id: int) -> int:
        return next((i for i, r in enumerate(self.records) if r.id == suggestion_id), -1)

    def remove_row(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.records[row]
        self.endRemoveRows()

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        rec = self.record(index.row())
        if rec is None:
            return None
        if role == RECORD_ROLE:
            return rec
        if role == Qt.ItemDataRole.DisplayRole:  # accessibility and keyboard search
            return f"{rec.score:.2f} {rec.source_title}: {one_line(rec.passage_text, 200)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            strong = " (strong match)" if rec.strong else ""
            return (f"Score {rec.score:.2f}{strong}\nS supports · C contradicts · X context · "
                    "R or Delete rejects · Ctrl+Z undoes")
        return None


class SuggestionDelegate(QStyledItemDelegate):
    """Paints a suggestion: score chip, source, optional claim, highlighted passage."""

    PAD = 8

    def __init__(self, view: QListView, *, show_claim: bool = False) -> None:
        super().__init__(view)
        self.view = view
        self.show_claim = show_claim
        self._docs: dict[int, QTextDocument] = {}
        self._claims: dict[int, QTextDocument] = {}

    def clear_cache(self) -> None:
        self._docs.clear()
        self._claims.clear()

    def claim_document(self, rec: SuggestionRecord) -> QTextDocument:
        """The whole claim, wrapped (a card cut to one line hides what is being decided)."""
        doc = self._claims.get(rec.id)
        if doc is None:
            doc = self._claims[rec.id] = QTextDocument()
            doc.setDocumentMargin(0)
            doc.setDefaultFont(self.view.font())
            cursor = QTextCursor(doc)
            bold = QTextCharFormat()
            bold.setFontWeight(QFont.Weight.Bold)
            cursor.insertText(f"Claim {rec.claim_id}: ", bold)
            cursor.insertText(" ".join(rec.claim_text.split()), QTextCharFormat())
        doc.setTextWidth(max(self.view.viewport().width() - 2 * self.PAD, 80))
        return doc

    def document(self, rec: SuggestionRecord) -> QTextDocument:
        doc = self._docs.get(rec.id)
        if doc is None:
            doc = self._docs[rec.id] = highlighted_document(rec.passage_text, rec.spans,
                                                            self.view.font())
        doc.setTextWidth(max(self.view.viewport().width() - 2 * self.PAD, 80))
        return doc

    def _line(self) -> int:
        return QFontMetrics(self.view.font()).height() + 4

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> Any:
        size = super().sizeHint(option, index)
        rec = index.data(RECORD_ROLE)
        if rec is None:
            return size
        height = 2 * self.PAD + 2 * self._line() + int(self.document(rec).size().height())
        if self.show_claim:
            height += int(self.claim_document(rec).size().height()) + 4
        size.setHeight(height)
        size.setWidth(max(self.view.viewport().width() - 2, 80))  # wrap, never scroll sideways
        return size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        rec: SuggestionRecord | None = index.data(RECORD_ROLE)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # type: ignore[attr-defined]
        widget = opt.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        if rec is None:
            return
        rect: QRect = opt.rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)  # type: ignore[attr-defined]
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        pal: QPalette = opt.palette  # type: ignore[attr-defined]
        text = pal.color(QPalette.ColorRole.HighlightedText if selected
                         else QPalette.ColorRole.Text)
        dim = QColor(text)
        dim.setAlphaF(0.7)
        line = self._line()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bold = QFont(self.view.font())
        bold.setBold(True)
        painter.setFont(bold)
        chip = f"{rec.score:.2f}" + ("  ★ strong" if rec.strong else "")
        if rec.id in index.model().new_ids:
            chip = "new  ·  " + chip
        chip_w = QFontMetrics(bold).horizontalAdvance(chip) + 14
        chip_rect = QRect(rect.left(), rect.top(), chip_w, line - 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(STRONG_COLOUR if rec.strong else WEAK_COLOUR)
        painter.drawRoundedRect(chip_rect, 5, 5)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(chip_rect, Qt.AlignmentFlag.AlignCenter, chip)
        title_rect = QRect(chip_rect.right() + 8, rect.top(), rect.right() - chip_rect.right() - 8,
                           line - 2)
        painter.setPen(text)
        title = QFontMetrics(bold).elidedText(rec.source_title or "Untitled source",
                                              Qt.TextElideMode.ElideRight, title_rect.width())
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(self.view.font())
        fm = QFontMetrics(self.view.font())
        y = rect.top() + line
        paint = QAbstractTextDocumentLayout.PaintContext()
        paint.palette.setColor(QPalette.ColorRole.Text, text)
        if self.show_claim:
            claim = self.claim_document(rec)
            painter.save()
            painter.translate(rect.left(), y)
            claim.documentLayout().draw(painter, paint)
            painter.restore()
            y += int(claim.size().height()) + 4
        painter.setPen(dim)
        painter.drawText(QRect(rect.left(), y, rect.width(), line),
                         Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(source_line(rec), Qt.TextElideMode.ElideRight,
                                       rect.width()))
        y += line
        doc = self.document(rec)
        painter.translate(rect.left(), y)
        doc.documentLayout().draw(painter, paint)
        painter.restore()
        painter.save()
        painter.setPen(pal.color(QPalette.ColorRole.Mid))
        painter.drawLine(opt.rect.bottomLeft(), opt.rect.bottomRight())  # type: ignore[attr-defined]
        painter.restore()


class SuggestionList(QListView):
    """The list of suggestions; S / C / X / R / Delete on the current row ask for a decision."""

    decide = Signal(str)  # a stance, or REJECT
    open_requested = Signal()  # Enter / double-click

    def __init__(self, parent: QWidget | None = None, *, show_claim: bool = False) -> None:
        super().__init__(parent)
        self.suggestions = SuggestionModel(self)
        self.setModel(self.suggestions)
        self.delegate = SuggestionDelegate(self, show_claim=show_claim)
        self.setItemDelegate(self.delegate)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.setUniformItemSizes(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setToolTip("S supports · C contradicts · X context · R or Delete rejects")
        self.suggestions.modelAboutToBeReset.connect(self.delegate.clear_cache)
        self.doubleClicked.connect(lambda _i: emit(self.open_requested))

    def current_record(self) -> SuggestionRecord | None:
        return self.suggestions.record(self.currentIndex().row())

    @staticmethod
    def key_decision(event: QKeyEvent) -> str | None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods != Qt.KeyboardModifier.NoModifier:
            return None
        return KEYS.get(Qt.Key(event.key()))

    def event(self, e: QEvent) -> bool:
        # Claim our keys before window shortcuts (Delete is also "delete claim") see them.
        if (e.type() == QEvent.Type.ShortcutOverride and isinstance(e, QKeyEvent)
                and self.key_decision(e) is not None and self.currentIndex().isValid()):
            e.accept()
            return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        decision = self.key_decision(e)
        if decision is not None and self.currentIndex().isValid():
            emit(self.decide, decision)
            e.accept()
        elif e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            emit(self.open_requested)
            e.accept()
        else:
            super().keyPressEvent(e)

    def keyboardSearch(self, search: str) -> None:
        """Letters are decisions here, not a search."""

    def take_current(self) -> SuggestionRecord | None:
        """Remove the current row at once (its decision is on its way), keeping the place."""
        row = self.currentIndex().row()
        rec = self.suggestions.record(row)
        if rec is not None:
            self.suggestions.remove_row(row)
            nxt = min(row, self.suggestions.rowCount() - 1)
            if nxt >= 0:
                self.setCurrentIndex(self.suggestions.index(nxt))
        return rec


def decision_buttons(on_click: Callable[[str], None]) -> tuple[QHBoxLayout, dict[str, QPushButton]]:
    """Accept-as-stance and reject buttons, their keys named on them and in their tooltips."""
    row = QHBoxLayout()
    buttons: dict[str, QPushButton] = {}
    for stance, label in [*STANCE_LABELS.items(), (REJECT, "Reject")]:
        key = KEY_NAMES[stance]
        button = QPushButton(f"{label} ({key.split()[0]})")
        button.setToolTip(f"Reject this suggestion ({key}); it will not be suggested again"
                          if stance == REJECT else
                          f"Accept as {stance} evidence for the claim ({key})")
        button.setAccessibleName(f"Reject suggestion ({key})" if stance == REJECT
                                 else f"Accept as {stance} ({key})")
        button.clicked.connect(lambda _c=False, s=stance: on_click(s))
        row.addWidget(button)
        buttons[stance] = button
    row.addStretch(1)
    return row, buttons
