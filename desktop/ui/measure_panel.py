"""The "Figures" tab of the claim detail: the measure, a chart of observations, a summary.

The chart (desktop/ui/measure_chart.py) is drawn from the same layout as the report's;
clicking a point opens the passage it was read from, a right click offers to remove it.
Proposals from the claim's passages can be accepted, a figure selected in a passage added
prefilled, and figures added by hand. Every user string is shown as plain text.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from db.records_measures import ObservationRecord, fmt_number
from desktop.ops.reads import MeasureBundle, figure_passage, load_measure
from desktop.ui.measure_chart import ObservationChart
from desktop.ui.measure_dialog import AddObservationDialog
from desktop.ui.ops import AppContext, Op, UserOp
from desktop.ui.qtcompat import emit


def _plain(text: str = "") -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setText(text)
    return label


class MeasurePanel(QWidget):
    """Follows the detail's current claim; reloads when the claim changes."""

    loaded = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._claim_id = -1
        self._request = 0
        self.bundle = MeasureBundle(None)
        self.dialog: QDialog | None = None
        self.last_opened: ObservationRecord | None = None
        self.measure_label = _plain()
        self.summary_label = _plain()
        self.chart = ObservationChart()
        self.chart.point_clicked.connect(self.show_passage)
        self.chart.point_menu.connect(self.remove_observation)
        self.proposals = QListWidget()
        self.proposals.setMaximumHeight(110)
        self.proposals.setAccessibleName("Proposed figures")
        self.chart.setAccessibleName("Observations over time")
        self.summary_label.setAccessibleName("Summary of the observations")
        self.measure_label.setAccessibleName("Measure")
        self.accept_button = QPushButton("Accept proposal")
        self.accept_button.clicked.connect(self.accept_selected)
        self.add_button = QPushButton("Add by hand…")
        self.add_button.clicked.connect(self.add_by_hand)
        self.selection_button = QPushButton("Add selected figure…")
        self.selection_button.setToolTip("Select a figure in a source passage below, then add "
                                         "it as an observation (also in the passage's "
                                         "right-click menu)")
        self.selection_button.clicked.connect(self.add_from_selection)
        self._sources: Any = None
        self.measure_button = QPushButton("Set measure…")
        self.measure_button.clicked.connect(self.edit_measure)
        # Two by two, so the tab stays narrow enough for the claims list to keep its width.
        row = QGridLayout()
        row.addWidget(self.measure_button, 0, 0)
        row.addWidget(self.accept_button, 0, 1)
        row.addWidget(self.selection_button, 1, 0)
        row.addWidget(self.add_button, 1, 1)
        row.setColumnStretch(2, 1)
        top = QHBoxLayout()
        self.chart.setMinimumWidth(220)
        self.summary_label.setMaximumWidth(240)
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.chart, 1)
        top.addWidget(self.summary_label)
        # The tab shares its height with the Sources panel: scroll rather than let the chart
        # be squeezed under its labels or the widgets overlap.
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.addWidget(self.measure_label)
        lay.addLayout(top, 1)
        self.proposals_label = _plain("Proposed from the claim's passages:")
        lay.addWidget(self.proposals_label)
        lay.addWidget(self.proposals)
        lay.addLayout(row)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        # Re-read when the claim changed beyond its own fields (evidence, figures); a status
        # change carries the claim's record and leaves the figures as they are.
        ctx.changed.connect(lambda ch: self._claim_id in ch.claims
                            and ch.record_of(self._claim_id) is None and self.reload())
        self._show()

    def set_claim(self, claim_id: int) -> None:
        self._claim_id = claim_id
        self._attach_sources()
        self.reload()

    def _attach_sources(self) -> None:
        """Offer "Add as observation" in the sources panel's passage menu, once."""
        if self._sources is not None:
            return
        from desktop.ui.sources import SourcesPanel

        sources = self.window().findChild(SourcesPanel)
        if sources is None:
            return
        self._sources = sources
        view = sources.reader
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        def menu(pos: Any) -> None:
            m = view.createStandardContextMenu()
            m.addSeparator()
            action = m.addAction("Add as observation…", self.add_from_selection)
            action.setEnabled(self.bundle.measure is not None)
            m.exec(view.mapToGlobal(pos))
            m.deleteLater()

        view.customContextMenuRequested.connect(menu)

    def reload(self) -> None:
        self._request += 1
        req, cid = self._request, self._claim_id
        if cid < 0:
            self.bundle = MeasureBundle(None)
            self._show()
            return
        (Op(self._ctx, lambda s: load_measure(s, cid), self)
         .success(lambda b: self._loaded(req, b)).run())

    def _loaded(self, req: int, bundle: MeasureBundle) -> None:
        if req != self._request:
            return
        self.bundle = bundle
        self._show()
        emit(self.loaded, self._claim_id)

    def _show(self) -> None:
        from desktop.measures.summary import summary_lines

        b = self.bundle
        has = b.measure is not None
        self.measure_button.setEnabled(self._claim_id >= 0)
        self.measure_button.setText("Edit measure…" if has else "Set measure…")
        self.chart.setVisible(has)
        self.accept_button.setEnabled(has and bool(b.proposals))
        self.add_button.setEnabled(has)
        self.selection_button.setEnabled(has)
        self.proposals.clear()
        # An empty proposals box says nothing: shown only when there is something to accept.
        self.proposals_label.setVisible(bool(b.proposals))
        self.proposals.setVisible(bool(b.proposals))
        if b.measure is None:
            self.measure_label.setText("This claim has no measure. If it is about a quantity "
                                       "that changes over time, set one (Set measure…).")
            self.summary_label.setText("")
            self.chart.set_data(None, [])
            return
        self.measure_label.setText(b.measure.describe())
        lines = summary_lines(b.measure, b.observations)
        self.summary_label.setText("\n".join(f"• {line}" for line in lines) if lines
                                   else "No observations yet.")
        self.chart.set_data(b.measure, b.observations)
        for p in b.proposals:
            conv = f" → {fmt_number(p.converted)} {b.measure.unit_label}" \
                if p.converted is not None and p.unit != b.measure.unit_label else ""
            item = QListWidgetItem(f"{fmt_number(p.value)} {p.unit}{conv} · {p.date} · "
                                   f"{p.reporter} · “{p.figure}”")
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.proposals.addItem(item)

    def accept_selected(self) -> None:
        item = self.proposals.currentItem()
        if item is None:
            return
        p = item.data(Qt.ItemDataRole.UserRole)
        self._add(p.as_figure())

    def add_by_hand(self) -> None:
        m = self.bundle.measure
        dialog = AddObservationDialog(self, m.unit_label if m else "")
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._from_dialog(dialog))
        dialog.open()

    def remove_observation(self, obs: ObservationRecord) -> None:
        """Right click on a point: remove that figure (recorded in the claim's history)."""
        from desktop.ops.measures import remove_observation
        from desktop.ui import messages

        if not messages.confirm(self, f"Remove the observation {obs.describe()}?",
                                ok_label="Remove"):
            return
        oid, actor = obs.id, self._ctx.actor()
        UserOp(self._ctx, lambda ws: remove_observation(ws, oid, actor=actor), self).run()

    def edit_measure(self) -> None:
        from desktop.ui.measure_dialog import MeasureDialog

        dialog = MeasureDialog(self, self.bundle.measure)
        self.dialog = dialog  # type: ignore[assignment]
        dialog.accepted.connect(lambda: self._save_measure(dialog.fields()))
        dialog.open()

    def _save_measure(self, fields: dict[str, Any]) -> None:
        from desktop.ops.measures import set_measure

        cid, actor = self._claim_id, self._ctx.actor()
        UserOp(self._ctx, lambda ws: set_measure(ws, cid, actor=actor, **fields), self).run()

    def add_from_selection(self) -> None:
        """Read the figure selected in the sources panel and offer it, prefilled."""
        from desktop.measures.propose import figure_in_selection
        from desktop.ui import messages

        self._attach_sources()
        m = self.bundle.measure
        passage = self._sources.current_passage() if self._sources is not None else None
        if m is None or passage is None:
            messages.info(self, "Pick a passage in Sources and select the figure first.")
            return
        start, end = self._sources.selected_excerpt()
        if start is None or end is None:
            messages.info(self, "Select the figure's words in the passage first.")
            return
        pid = passage.id
        (Op(self._ctx, lambda s: figure_passage(s, pid), self)
         .success(lambda fp: self._prefilled(figure_in_selection(fp, start, end, m),
                                             fp.text[start:end]))
         .run())

    def _prefilled(self, prefill: dict[str, Any], quote: str) -> None:
        dialog = AddObservationDialog(self, prefill=prefill, quote=quote)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._from_dialog(dialog))
        dialog.open()

    def _from_dialog(self, dialog: AddObservationDialog) -> None:
        from db.errors import InvalidValue
        from desktop.ui.ops import report_error

        try:
            value = float(dialog.value.text().replace(",", ""))
        except ValueError:
            report_error(self, InvalidValue(f"{dialog.value.text()!r} is not a number"))
            return
        fields: dict[str, Any] = dict(value=value, unit=dialog.unit.text(),
                                      when=dialog.when.text(), reporter=dialog.reporter.text())
        if dialog.prefill.get("passage_id") is not None:
            fields.update(passage_id=dialog.prefill["passage_id"], span=dialog.prefill["span"])
        self._add(fields)

    def _add(self, fields: dict[str, Any]) -> None:
        from desktop.ops.measures import add_observations

        cid, actor = self._claim_id, self._ctx.actor()
        UserOp(self._ctx, lambda ws: add_observations(ws, cid, [fields], actor=actor),
               self).run()

    def show_passage(self, obs: ObservationRecord) -> None:
        """Open the passage a point was read from: in the Sources panel, its figure selected;
        else (no panel, or a figure added by hand) in a plain-text box."""
        self.last_opened = obs
        self._attach_sources()
        src = self._sources
        if src is not None and obs.document_id is not None and obs.passage_id is not None \
                and src.doc_combo.findData(obs.document_id) >= 0:
            def select() -> None:
                if obs.span_start is not None and obs.span_end is not None:
                    src.select_span(obs.passage_id, obs.span_start, obs.span_end)
                else:
                    src.focus_passage(obs.passage_id)

            def on_loaded(doc_id: int) -> None:
                if doc_id == obs.document_id:
                    src.passages_loaded.disconnect(on_loaded)
                    select()

            if src.document is not None and src.document.id == obs.document_id:
                select()
            else:
                src.passages_loaded.connect(on_loaded)
                src.show_passage(obs.document_id, obs.passage_id)
            return
        box = QMessageBox(self)
        box.setWindowTitle(obs.source_title or "Observation")
        box.setTextFormat(Qt.TextFormat.PlainText)
        # One plain-text body: informative text would guess at rich text.
        box.setText(f"{obs.describe()}\n\n{obs.passage_text or 'Added by hand; no passage.'}")
        box.open()
