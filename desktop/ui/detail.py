"""The claim detail area: the claim, its quote in context, evidence by stance, and history.

Every user string is shown as plain text: labels are set to PlainText, documents are filled
with setPlainText / QTextCursor.insertText and coloured with char formats, never with HTML.
Other parts of the app add tabs with `add_tab` and follow `current_claim_changed`.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.records import ClaimRecord, EvidenceRecord, HistoryRecord
from desktop.ops.changes import Changes
from desktop.ops.reads import DetailBundle, claim_history, load_detail
from desktop.ui.claims_model import local_time
from desktop.ui.evidence_list import EvidenceList
from desktop.ui.measure_panel import MeasurePanel
from desktop.ui.ops import AppContext, Op
from desktop.ui.qtcompat import emit
from desktop.ui.style import chip_stylesheet, status_label
from desktop.ui.textutil import one_line, qt_pos


def plain_label(text: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(text)
    return label


def heading(text: str) -> QLabel:
    label = plain_label(text, wrap=False)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class ClaimDetail(QWidget):
    current_claim_changed = Signal(int)  # -1 when no claim is shown
    loaded = Signal(int)
    evidence_requested = Signal(str, object, object)  # see EvidenceList.requested

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._claim_id = -1
        self._bundle: DetailBundle | None = None
        self._request = 0

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.overview = QWidget()
        self.text_label = plain_label()
        font = self.text_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setWeight(QFont.Weight.DemiBold)
        self.text_label.setFont(font)
        self.text_label.setAccessibleName("Claim")
        self.chip = plain_label(wrap=False)
        self.chip.setAccessibleName("Status")
        self.meta_label = plain_label()
        self.meta_label.setAccessibleName("Speaker, date, article, review and tags")
        self.rationale_label = plain_label()
        self.rationale_label.setAccessibleName("Rationale")
        self.context_view = QPlainTextEdit(readOnly=True)
        self.context_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.evidence_view = EvidenceList()
        self.evidence_view.requested.connect(self.evidence_requested)

        # The claim heads the detail side above the tabs: readable whichever tab is open.
        self.header = QWidget()
        head = QVBoxLayout(self.header)
        head.setContentsMargins(10, 8, 10, 4)
        head.setSpacing(4)
        head.addWidget(self.text_label)
        chip_row = QHBoxLayout()
        chip_row.setSpacing(8)
        chip_row.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignVCenter)
        chip_row.addWidget(self.meta_label, 1)
        head.addLayout(chip_row)
        top = QWidget()
        rat = QVBoxLayout(top)
        rat.setContentsMargins(10, 6, 10, 2)
        rat.addWidget(self.rationale_label)
        ctx_box = self.context_box = QWidget()
        cl = QVBoxLayout(ctx_box)
        cl.setContentsMargins(10, 4, 10, 4)
        cl.addWidget(heading("Quote in its article"))
        cl.addWidget(self.context_view)
        ev_box = QWidget()
        el = QVBoxLayout(ev_box)
        el.setContentsMargins(10, 4, 10, 4)
        self.evidence_heading = heading("Evidence")
        el.addWidget(self.evidence_heading)
        el.addWidget(self.evidence_view)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(ctx_box)
        self.splitter.addWidget(ev_box)
        self.splitter.setSizes([150, 310])
        ov = QVBoxLayout(self.overview)
        ov.setContentsMargins(0, 0, 0, 0)
        ov.addWidget(top)
        ov.addWidget(self.splitter, 1)

        self.history_view = QTreeWidget()
        self.history_view.setHeaderLabels(["When", "Who", "Change", "Why"])
        self.history_view.setRootIsDecorated(False)
        self.history_view.setAlternatingRowColors(True)
        self.history_view.setWordWrap(True)
        for col, width in ((0, 130), (1, 90), (2, 260)):
            self.history_view.setColumnWidth(col, width)

        self.context_view.setAccessibleName("Quote in its article")
        self.context_view.setTabChangesFocus(True)
        self.history_view.setAccessibleName("History")
        self.history_view.header().setAccessibleName("History columns")
        self.tabs.setAccessibleName("Claim detail")
        self.tabs.addTab(self.overview, "Overview")
        self.tabs.addTab(self.history_view, "History")
        # Figures over time for a claim with a measure (desktop/ui/measure_panel.py).
        self.measure_panel = MeasurePanel(ctx)
        self.tabs.addTab(self.measure_panel, "Figures")
        self.current_claim_changed.connect(self.measure_panel.set_claim)
        for i in range(self.tabs.count()):
            self.tabs.setTabToolTip(i, f"Alt+{i + 1}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        ctx.changed.connect(self._on_changes)
        self._show_empty("Select a claim to see its detail.")

    # --- public ---------------------------------------------------------------------------

    @property
    def claim_id(self) -> int:
        return self._claim_id

    @property
    def claim_text(self) -> str:
        """The shown claim's text ("" until its details are loaded)."""
        claim = self.claim  # while another claim loads, the bundle is still the last one's
        return claim.text if claim is not None and claim.id == self._claim_id else ""

    @property
    def bundle(self) -> DetailBundle | None:
        return self._bundle

    @property
    def claim(self) -> ClaimRecord | None:
        return self._bundle.claim if self._bundle else None

    def focus_target(self) -> QWidget | None:
        """The control of the open tab that takes the keyboard (F6, Alt+1/2/3)."""
        page = self.tabs.currentWidget()
        if page is self.overview:
            return self.evidence_view.tree
        if page is None or page.focusPolicy() & Qt.FocusPolicy.TabFocus:
            return page
        target = getattr(page, "focus_target", None)
        if callable(target):
            return target()
        for child in page.findChildren(QWidget):
            if child.isVisible() and child.isEnabled() \
                    and child.focusPolicy() & Qt.FocusPolicy.TabFocus:
                return child
        return page

    def add_tab(self, widget: QWidget, title: str) -> int:
        """Extension point: another panel about the current claim (follow current_claim_changed).

        It goes before Figures, so Alt+3 stays the suggested evidence and Alt+4 the figures."""
        index = self.tabs.insertTab(self.tabs.indexOf(self.measure_panel), widget, title)
        for i in range(min(self.tabs.count(), 4)):
            self.tabs.setTabToolTip(i, f"Alt+{i + 1}")
        return index

    def set_claim(self, claim_id: int) -> None:
        if claim_id != self._claim_id:
            self._claim_id = claim_id
            emit(self.current_claim_changed, claim_id)
        self.reload()

    def reload(self) -> None:
        self._request += 1
        req, cid = self._request, self._claim_id
        if cid < 0:
            self._bundle = None
            self._show_empty("Select a claim to see its detail.")
            return
        (Op(self._ctx, lambda s: load_detail(s, cid), self)
         .success(lambda b: self._on_loaded(req, b))
         .run())

    # --- filling in -----------------------------------------------------------------------

    def _on_changes(self, changes: Changes) -> None:
        cid, b = self._claim_id, self._bundle
        if cid not in changes.claims:
            return
        rec = changes.record_of(cid)
        held = b.claim if b is not None else None
        if rec is None or held is None or changes.evidence or (
                (rec.article_id, rec.quote_start, rec.quote_end)
                != (held.article_id, held.quote_start, held.quote_end)):
            self.reload()
            return
        # Only the claim's own fields changed (a status, a rationale): show the record the
        # operation returned and read just the history, not the article text again.
        self._bundle = replace(b, claim=rec)  # type: ignore[arg-type]
        self._show_header(rec)
        self._request += 1
        req = self._request
        (Op(self._ctx, lambda s: claim_history(s, cid), self)
         .success(lambda h: self._on_history(req, h))
         .run())

    def _on_history(self, req: int, history: list[HistoryRecord]) -> None:
        if req != self._request or self._bundle is None:
            return
        self._bundle = replace(self._bundle, history=history)
        self._show_history(history)
        emit(self.loaded, self._claim_id)

    def _on_loaded(self, req: int, bundle: DetailBundle) -> None:
        if req != self._request:
            return  # the user moved on to another claim meanwhile
        self._bundle = bundle
        if bundle.claim is None:
            self._show_empty("This claim no longer exists.")
        else:
            self._show(bundle)
        emit(self.loaded, self._claim_id)

    def _show_empty(self, message: str) -> None:
        self.text_label.setText(message)
        self.chip.hide()
        self.meta_label.setText("")
        self.rationale_label.setText("")
        self.context_view.setPlainText("")
        self.evidence_view.set_records([], " ")
        self.evidence_heading.setText("Evidence")
        self.history_view.clear()
        self.tabs.setTabText(1, "History")

    def _show(self, b: DetailBundle) -> None:
        c = b.claim
        assert c is not None
        self._show_header(c)
        self._show_context(c, b.article_text)
        self._show_evidence(b.evidence)
        self._show_history(b.history)

    def _show_header(self, c: ClaimRecord) -> None:
        self.text_label.setText(c.text)
        self.chip.setText(status_label(c.status))
        self.chip.setStyleSheet(chip_stylesheet(c.status))
        self.chip.show()
        meta = [c.speaker or "Unknown speaker"]
        if c.claim_date:
            meta.append(c.claim_date.isoformat())
        if c.article_title:
            meta.append(c.article_title)
        if c.review_by:
            meta.append(f"review by {c.review_by.isoformat()}")
        if c.tags:
            meta.append(f"tags: {c.tags}")
        self.meta_label.setText("  ·  ".join(meta))
        rationale = f"Rationale: {c.rationale}" if c.rationale else "No rationale recorded yet."
        if c.settled_without_evidence:
            rationale += "\nSettled without linked evidence."
        self.rationale_label.setText(rationale)

    def _show_context(self, c: ClaimRecord, article: str) -> None:
        view = self.context_view
        # Without an article there is no context to show: give the room to the evidence.
        self.context_box.setVisible(bool(article))
        if not article:
            view.setPlainText("")
            view.setExtraSelections([])
            return
        view.setPlainText(article)
        if c.quote_start is None or c.quote_end is None:
            view.setExtraSelections([])
            return
        start, end = qt_pos(article, c.quote_start), qt_pos(article, c.quote_end)
        cursor = QTextCursor(view.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        sel = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        pal = view.palette()
        fmt.setBackground(pal.color(QPalette.ColorRole.Highlight))
        fmt.setForeground(pal.color(QPalette.ColorRole.HighlightedText))
        sel.cursor = cursor  # type: ignore[attr-defined]
        sel.format = fmt  # type: ignore[attr-defined]
        view.setExtraSelections([sel])
        place = QTextCursor(view.document())
        place.setPosition(start)
        view.setTextCursor(place)
        view.centerCursor()
        # Again once laid out: a box just filled (or not yet shown) has no height to centre in.
        QTimer.singleShot(0, view.centerCursor)

    def _show_evidence(self, evidence: list[EvidenceRecord]) -> None:
        self.evidence_heading.setText(f"Evidence ({len(evidence)})")
        self.evidence_view.set_records(
            evidence, "No evidence linked yet. Select words in a source below and choose a "
                      "stance, or accept a suggestion (Alt+3).")

    def _show_history(self, history: list[HistoryRecord]) -> None:
        tree = self.history_view
        tree.clear()
        for h in reversed(history):  # newest first
            item = QTreeWidgetItem([local_time(h.at), h.actor, describe_change(h), h.rationale])
            item.setToolTip(2, f"{h.field}: {h.old or ''} → {h.new or ''}")
            tree.addTopLevelItem(item)
        self.tabs.setTabText(1, f"History ({len(history)})")


def describe_change(h: HistoryRecord) -> str:
    if h.field == "created":
        return "created"
    if h.field == "deleted":
        return "deleted" if h.new in ("True", "true", "1") else "restored"
    if h.field == "status":
        return f"status: {status_label(h.old or '')} → {status_label(h.new or '')}"
    if h.field == "evidence":
        if h.old is None:
            return f"evidence linked ({h.new})"
        if h.new is None:
            return f"evidence removed ({h.old})"
        return f"evidence: {h.old} → {h.new}"
    if h.field == "evidence stance" and h.old and h.new:
        # "supports: “Title” (Outlet)" -> "contradicts: “Title” (Outlet)"
        was, _, source = h.old.partition(": ")
        now = h.new.partition(": ")[0]
        return f"evidence from {one_line(source, 80)}: {was} → {now}"
    if h.field == "evidence note":
        note = h.new or h.old or ""
        source, _, text = note.partition(": ")
        if h.new is None:
            return f"note removed from evidence of {one_line(source, 80)}"
        return f"note on evidence of {one_line(source, 80)}: {one_line(text, 80)}"
    old, new = one_line(h.old or "", 60), one_line(h.new or "", 60)
    return f"{h.field}: {old or '—'} → {new or '—'}"
