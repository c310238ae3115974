"""The claims list: filter bar on top of the lazily filled table."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db.vocab import STATUSES
from desktop.ops.reads import ClaimFilter, all_tags
from desktop.ui.claims_model import (
    COL_ARTICLE,
    COL_EVIDENCE,
    COL_REVIEW,
    COL_SPEAKER,
    COL_STATUS,
    COL_TEXT,
    COL_UPDATED,
    ClaimsModel,
)
from desktop.ui.delegates import (
    StatusChipDelegate,
    TallyDelegate,
    WrappedTextDelegate,
    chip_column_width,
    tally_width,
)
from desktop.ui.ops import AppContext, Op
from desktop.ui.qtcompat import emit
from desktop.ui.style import STATUS_LABELS, status_label

# Short enough not to be felt, long enough to skip the queries of a fast typist's middle keys.
FILTER_DELAY_MS = 30


# When the table is narrow (the inbox open, a small screen), these columns give way in this
# order so the claim keeps a readable width.
YIELDING = (COL_UPDATED, COL_REVIEW, COL_SPEAKER)
CLAIM_MIN = 240


class ClaimsTable(QTableView):
    """The table; Enter (or Return) on a claim asks to edit it, Tab moves on to the next pane."""

    activated_by_key = Signal()
    resized = Signal()

    def resizeEvent(self, e: Any) -> None:
        super().resizeEvent(e)
        emit(self.resized)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid() \
                and e.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                      Qt.KeyboardModifier.KeypadModifier):
            emit(self.activated_by_key)
            e.accept()
            return
        super().keyPressEvent(e)


class ClaimsPanel(QWidget):
    current_claim_changed = Signal(int)  # -1 when nothing is selected
    activated = Signal(int)  # double-click / Enter on a claim

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._current = -1
        self._keep = -1
        self._resetting = False
        self.model = ClaimsModel(ctx, self)

        self.filter_edit = QLineEdit(placeholderText="Filter by claim, speaker or tag   Ctrl+F")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter claims")
        self.filter_edit.setMinimumWidth(180)
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("Status filter")
        self.status_combo.setMinimumContentsLength(12)
        self.status_combo.setMinimumWidth(90)
        self.status_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.status_combo.addItem("All statuses", "")
        for s in STATUSES:
            self.status_combo.addItem(status_label(s), s)
        self.tag_combo = QComboBox()
        self.tag_combo.addItem("All tags", "")
        self.tag_combo.setAccessibleName("Tag filter")
        self.tag_combo.setMinimumContentsLength(12)
        self.tag_combo.setMinimumWidth(90)
        self.tag_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.due_button = QToolButton(text="Due for re-check", checkable=True)
        self.due_button.setToolTip("Only claims whose review-by date has come (Ctrl+D)")
        self.due_button.setAccessibleName("Due for re-check only")
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setAccessibleName("Number of claims listed")
        # An empty result says so, and offers the way back.
        self.no_match = QWidget()
        self.no_match_label = QLabel()
        self.no_match_label.setTextFormat(Qt.TextFormat.PlainText)
        self.no_match_label.setWordWrap(True)
        self.clear_button = QPushButton("&Clear filter")
        self.clear_button.setAccessibleName("Clear filter")
        self.clear_button.clicked.connect(self.clear_filter)
        nm = QHBoxLayout(self.no_match)
        nm.setContentsMargins(4, 6, 4, 6)
        nm.addWidget(self.no_match_label, 1)
        nm.addWidget(self.clear_button)
        self.no_match.hide()

        # The filter box has a row of its own: it keeps its width when the inbox takes room.
        bar = QVBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(4)
        bar.addWidget(self.filter_edit)
        pick = QHBoxLayout()
        pick.addWidget(self.status_combo, 1)
        pick.addWidget(self.tag_combo, 1)
        pick.addWidget(self.due_button)
        pick.addStretch(1)
        bar.addLayout(pick)

        self.table = ClaimsTable()
        self.table.setAccessibleName("Claims")
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the next control
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows for the report ("the selected claims"); the current row drives the
        # detail pane and the keys.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Claim and speaker wrap to two lines; dates stand over their times.
        self.text_delegate = WrappedTextDelegate(self.table, max_lines=2)
        self.table.setItemDelegate(self.text_delegate)
        self.table.setItemDelegateForColumn(COL_STATUS, StatusChipDelegate(self.table))
        self.table.setItemDelegateForColumn(COL_EVIDENCE, TallyDelegate(self.table))
        vh = self.table.verticalHeader()
        vh.setVisible(False)
        # Fixed row heights keep a 100,000-row view cheap: no per-row measuring.
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        fm = QFontMetrics(self.table.font())
        vh.setDefaultSectionSize(2 * fm.lineSpacing() + 10)
        hh = self.table.horizontalHeader()
        hh.setAccessibleName("Claim columns: click to sort")
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        hh.setHighlightSections(False)
        hh.setMinimumSectionSize(60)
        bold = self.table.font()
        bold.setBold(True)  # overdue dates are bold
        date_w = QFontMetrics(bold).horizontalAdvance("2026-12-31") + 16
        status_w = chip_column_width(self.table.font(), list(STATUS_LABELS.values()))
        for col, width in ((COL_STATUS, max(status_w, 80)),
                           (COL_SPEAKER, 100), (COL_ARTICLE, 110),
                           (COL_EVIDENCE, tally_width(fm, 2)), (COL_REVIEW, date_w),
                           (COL_UPDATED, date_w)):
            self.table.setColumnWidth(col, width)
        # One article: its title on every row says nothing (shown once there are more).
        self.table.setColumnHidden(COL_ARTICLE, True)
        hh.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.no_match)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self._timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(self._timer.start)
        self.status_combo.currentIndexChanged.connect(self.apply_filter)
        self.tag_combo.currentIndexChanged.connect(self.apply_filter)
        self.due_button.toggled.connect(self.apply_filter)
        self.model.ids_loaded.connect(self._on_ids_loaded)
        self.model.ids_complete.connect(self._show_count)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.table.doubleClicked.connect(lambda _i: self._emit_activated())
        self.table.activated_by_key.connect(self._emit_activated)
        self._show_article = False
        self.table.resized.connect(self._fit_columns)
        ctx.changed.connect(self.model.on_changes)
        ctx.claims_reset.connect(self.reload)

    # --- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        """Query the list again (claims added or removed) and refresh the tag list."""
        self.model.requery()
        self.load_tags()

    def load_tags(self) -> None:
        Op(self._ctx, all_tags, self).success(self._set_tags).run()

    def _set_tags(self, tags: list[str]) -> None:
        current = self.tag_combo.currentData()
        self.tag_combo.blockSignals(True)
        self.tag_combo.clear()
        self.tag_combo.addItem("All tags", "")
        for tag in tags:
            self.tag_combo.addItem(tag, tag)
        found = self.tag_combo.findData(current)
        self.tag_combo.setCurrentIndex(max(found, 0))
        self.tag_combo.blockSignals(False)
        if current and found < 0:
            self.apply_filter()

    def current_filter(self) -> ClaimFilter:
        return ClaimFilter(search=self.filter_edit.text(),
                           status=self.status_combo.currentData() or "",
                           tag=self.tag_combo.currentData() or "",
                           due_on=date.today() if self.due_button.isChecked() else None)

    def apply_filter(self) -> None:
        self._timer.stop()
        self.model.set_filter(self.current_filter())

    # --- selection ------------------------------------------------------------------------

    @property
    def current_claim_id(self) -> int:
        return self._current

    def selected_claim_ids(self) -> list[int]:
        """The selected claims in list order; the current one when no row is selected."""
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows(COL_TEXT))
        ids = [cid for cid in (self.model.claim_id(r) for r in rows) if cid is not None]
        if not ids and self._current > 0:
            ids = [self._current]
        return ids

    def select_claim(self, claim_id: int) -> bool:
        row = self.model.row_of(claim_id)
        if row < 0:
            return False
        index = self.model.index(row, COL_TEXT)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def visible_rows_ready(self) -> bool:
        """Whether the list has been queried and every row on screen is filled in."""
        if not self.model.loaded_once or self.model.busy:
            return False
        first = max(self.table.rowAt(0), 0)
        last = self.table.rowAt(self.table.viewport().height() - 1)
        if last < 0:
            last = self.model.rowCount() - 1
        return self.model.rows_ready(first, last)

    def _remember_selection(self) -> None:
        self._keep = self._current
        self._resetting = True

    def show_article_column(self, show: bool) -> None:
        self._show_article = show
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Hide the yielding columns the claim needs the room of; bring them back after."""
        room = self.table.viewport().width()
        fixed = [COL_STATUS, COL_EVIDENCE, *YIELDING]
        if self._show_article:
            fixed.append(COL_ARTICLE)
        widths = {c: self.table.columnWidth(c) for c in fixed}
        hidden: set[int] = {COL_ARTICLE} if not self._show_article else set()
        for col in (COL_ARTICLE, *YIELDING):
            if col in hidden:
                continue
            used = sum(w for c, w in widths.items() if c not in hidden)
            if room - used >= CLAIM_MIN:
                break
            hidden.add(col)
        for col in (COL_ARTICLE, *YIELDING):
            if self.table.isColumnHidden(col) != (col in hidden):
                self.table.setColumnHidden(col, col in hidden)

    def filtering(self) -> bool:
        return self.current_filter() != ClaimFilter()

    def clear_filter(self) -> None:
        for w in (self.filter_edit, self.status_combo, self.tag_combo, self.due_button):
            w.blockSignals(True)
        self.filter_edit.clear()
        self.status_combo.setCurrentIndex(0)
        self.tag_combo.setCurrentIndex(0)
        self.due_button.setChecked(False)
        for w in (self.filter_edit, self.status_combo, self.tag_combo, self.due_button):
            w.blockSignals(False)
        self.apply_filter()
        self.table.setFocus()

    def _show_count(self) -> None:
        n = self.model.rowCount()
        if self.model.complete:
            self.count_label.setText(f"{n:,} claim{'s' if n != 1 else ''}")
        else:
            self.count_label.setText(f"{n:,}+ claims, counting…")
        empty = n == 0 and self.model.loaded_once and self.filtering()
        if empty:
            search = " ".join(self.filter_edit.text().split())
            what = f"“{search[:80]}”" if search else "this filter"
            self.no_match_label.setText(f"No claims match {what}.")
        self.no_match.setVisible(empty)

    def _on_ids_loaded(self) -> None:
        self._resetting = False
        self._show_count()
        keep = self._keep
        if keep >= 0 and self.select_claim(keep):
            return
        if self.model.rowCount():
            self.select_claim(self.model.claim_id(0) or 0)
        elif self._current != -1:
            self._current = -1
            emit(self.current_claim_changed, -1)

    def _on_current_row(self, current, _previous) -> None:
        if self._resetting:
            return  # the list is being replaced; _on_ids_loaded picks the selection
        cid = self.model.claim_id(current.row()) if current.isValid() else None
        cid = -1 if cid is None else cid
        if cid != self._current:
            self._current = cid
            emit(self.current_claim_changed, cid)

    def _emit_activated(self) -> None:
        if self._current >= 0:
            emit(self.activated, self._current)

