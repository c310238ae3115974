"""The claim's linked evidence, grouped by stance, each link correctable in place.

A link can be shown in its source (Enter / double-click), given another stance, annotated,
or removed (Delete). The list only asks (`requested(action, record, value)`); the window's
EvidenceActions runs the operation. Every string is set as item text: plain, never markup.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.records import EvidenceRecord
from desktop.ui.qtcompat import emit
from desktop.ui.style import STANCE_LABELS, stance_colour
from desktop.ui.textutil import is_web_link, one_line, open_web_link

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
SHOW, STANCE, NOTE, REMOVE = "show", "stance", "note", "remove"


def describe(e: EvidenceRecord) -> str:
    bits = [e.source_outlet, e.source_published.isoformat() if e.source_published else ""]
    origin = f"{e.origin} by {e.created_by}" if e.created_by else e.origin
    head = "  ·  ".join([e.source_title or e.source_url or "Untitled source",
                         *[b for b in bits if b], origin])
    lines = [head, f"“{one_line(e.excerpt, 600)}”"]
    if e.note:
        lines.append(f"Note: {one_line(e.note, 600)}")
    return "\n".join(lines)


class WrapDelegate(QStyledItemDelegate):
    """Items as tall as their wrapped text (the tree's own wrapping cuts them to two lines)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def _width(self, index: Any) -> int:
        depth = 1 if index.parent().isValid() else 0
        return max(self.tree.viewport().width() - depth * self.tree.indentation() - 12, 80)

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        fm = QFontMetrics(opt.font)  # type: ignore[attr-defined]
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        rect = fm.boundingRect(QRect(0, 0, self._width(index), 100_000),
                               int(Qt.TextFlag.TextWordWrap), text)
        return QSize(self._width(index), rect.height() + 8)


class EvidenceTree(QTreeWidget):
    """Delete removes the current link, Enter shows it in its source."""

    key_action = Signal(str)

    def resizeEvent(self, e: Any) -> None:
        super().resizeEvent(e)
        self.scheduleDelayedItemsLayout()  # wrapped heights follow the width

    def event(self, e: QEvent) -> bool:
        # Delete here removes a link, not the claim (the window's Delete shortcut).
        if (e.type() == QEvent.Type.ShortcutOverride and isinstance(e, QKeyEvent)
                and e.key() == Qt.Key.Key_Delete and self.current_record() is not None):
            e.accept()
            return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if self.current_record() is not None:
            if e.key() == Qt.Key.Key_Delete:
                emit(self.key_action, REMOVE)
                return
            if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                emit(self.key_action, SHOW)
                return
        super().keyPressEvent(e)

    def current_record(self) -> EvidenceRecord | None:
        item = self.currentItem()
        return item.data(0, RECORD_ROLE) if item is not None else None


class EvidenceList(QWidget):
    requested = Signal(str, object, object)  # action, EvidenceRecord, value (stance / None)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records: list[EvidenceRecord] = []
        self.tree = EvidenceTree()
        self.tree.setItemDelegate(WrapDelegate(self.tree))
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setAccessibleName("Evidence")
        self.tree.setHeaderHidden(True)
        self.tree.header().setAccessibleName("Evidence columns")
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(14)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemDoubleClicked.connect(lambda *_a: self._ask(SHOW))
        self.tree.key_action.connect(self._ask)
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())

        self.show_button = QPushButton("S&how in source")
        self.show_button.setToolTip("Show the passage, highlighted, in the Sources panel (Enter)")
        self.stance_button = QToolButton()
        self.stance_button.setText("Stan&ce")
        self.stance_button.setToolTip("Give the link another stance")
        self.stance_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.stance_button)
        for stance, label in STANCE_LABELS.items():
            menu.addAction(label, lambda s=stance: self._ask(STANCE, s))
        self.stance_button.setMenu(menu)
        self.note_button = QPushButton("&Note…")
        self.note_button.setToolTip("Add or change the note on the link")
        self.remove_button = QPushButton("Remo&ve")
        self.remove_button.setToolTip("Unlink this evidence (Delete; Ctrl+Z undoes)")
        self.show_button.clicked.connect(lambda: self._ask(SHOW))
        self.note_button.clicked.connect(lambda: self._ask(NOTE))
        self.remove_button.clicked.connect(lambda: self._ask(REMOVE))
        self.buttons = (self.show_button, self.stance_button, self.note_button,
                        self.remove_button)
        for b in self.buttons:
            b.setAccessibleName(b.text().replace("&", "").rstrip("…"))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for b in self.buttons:
            row.addWidget(b)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        self.setFocusProxy(self.tree)
        self.set_records([])

    def current_record(self) -> EvidenceRecord | None:
        return self.tree.current_record()

    def select_evidence(self, evidence_id: int) -> bool:
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                item = group.child(j)
                if item.data(0, RECORD_ROLE).id == evidence_id:
                    self.tree.setCurrentItem(item)
                    return True
        return False

    def plain_text(self) -> str:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            out.append(group.text(0))
            out += [group.child(j).text(0) for j in range(group.childCount())]
        return "\n".join(out)

    def set_records(self, records: list[EvidenceRecord], empty_text: str = "") -> None:
        keep = self.current_record()
        self.records = list(records)
        tree = self.tree
        tree.clear()
        if not records:
            item = QTreeWidgetItem([empty_text or "No evidence linked yet."])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setForeground(0, QBrush(self.palette().color(
                self.palette().ColorRole.PlaceholderText)))
            tree.addTopLevelItem(item)
        bold = QFont(tree.font())
        bold.setBold(True)
        for stance, label in STANCE_LABELS.items():
            items = [e for e in records if e.stance == stance]
            if not items:
                continue
            group = QTreeWidgetItem([f"● {label} ({len(items)})"])
            group.setFont(0, bold)
            group.setForeground(0, QBrush(stance_colour(stance)))
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            tree.addTopLevelItem(group)
            for e in items:
                child = QTreeWidgetItem([describe(e)])
                child.setData(0, RECORD_ROLE, e)
                child.setToolTip(0, e.passage_text)
                group.addChild(child)
            group.setExpanded(True)
        if not (keep is not None and self.select_evidence(keep.id)) and records:
            first = tree.topLevelItem(0)
            if first is not None and first.childCount():
                tree.setCurrentItem(first.child(0))
        self._update_buttons()

    def _ask(self, action: str, value: object = None) -> None:
        rec = self.current_record()
        if rec is not None:
            emit(self.requested, action, rec, value)

    def _update_buttons(self) -> None:
        has = self.current_record() is not None
        for b in self.buttons:
            b.setEnabled(has)

    def _context_menu(self, pos: object) -> None:
        rec = self.current_record()
        if rec is None:
            return
        menu = QMenu(self)
        menu.addAction("Show in source", lambda: self._ask(SHOW))
        for stance, label in STANCE_LABELS.items():
            act = menu.addAction(f"Stance: {label}", lambda s=stance: self._ask(STANCE, s))
            act.setEnabled(stance != rec.stance)
        menu.addAction("Note…", lambda: self._ask(NOTE))
        if is_web_link(rec.source_url):
            menu.addAction("Open the source's link", lambda: open_web_link(rec.source_url))
        menu.addSeparator()
        menu.addAction("Remove", lambda: self._ask(REMOVE))
        menu.popup(self.tree.viewport().mapToGlobal(pos))  # type: ignore[arg-type]
