"""The Figures tab's dialogs: a claim's measure, and one observation.

The measure dialog sets what is counted, unit and rate, reference and comparison; the
observation dialog takes one figure, by hand or prefilled from a selection in a passage. The
checks are those of the command line (desktop.measures.service): a refusal is shown as one
line and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from db.models_measures import COMPARISONS, REFERENCE_KINDS
from db.records_measures import MeasureRecord, fmt_number


class MeasureDialog(QDialog):
    def __init__(self, parent: QWidget | None = None,
                 measure: MeasureRecord | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Measure of the claim")
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        self.what = QLineEdit(measure.what if measure else "")
        self.what.setPlaceholderText("aid trucks entering Gaza")
        self.unit = QLineEdit(measure.unit if measure else "")
        self.unit.setPlaceholderText("trucks, tonnes, USD, percent …")
        self.rate = QComboBox()
        self.rate.setEditable(True)
        self.rate.addItems(["", "day", "week", "month", "year"])
        self.rate.setCurrentText(measure.rate if measure else "")
        self.reference = QDoubleSpinBox()
        self.reference.setRange(-1e15, 1e15)
        self.reference.setDecimals(2)
        self.reference.setValue(measure.reference if measure else 0)
        self.kind = QComboBox()
        self.kind.addItems(list(REFERENCE_KINDS))
        self.compare = QComboBox()
        self.compare.addItems(list(COMPARISONS))
        self.period = QLineEdit()
        self.period.setPlaceholderText("2025-10-10..2025-12-31 (either end may stay open)")
        if measure:
            self.kind.setCurrentText(measure.reference_kind)
            self.compare.setCurrentText(measure.comparison)
            start = measure.period_start.isoformat() if measure.period_start else ""
            end = measure.period_end.isoformat() if measure.period_end else ""
            self.period.setText(f"{start}..{end}" if start or end else "")
        form.addRow("What is counted", self.what)
        form.addRow("Unit", self.unit)
        form.addRow("Per", self.rate)
        form.addRow("Reference value", self.reference)
        form.addRow("Reference is", self.kind)
        form.addRow("The claim says figures are", self.compare)
        form.addRow("Period", self.period)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def fields(self) -> dict[str, Any]:
        """Keyword arguments for desktop.measures.service.set_measure."""
        return dict(what=self.what.text(), unit=self.unit.text(),
                    rate=self.rate.currentText().strip(), reference=self.reference.value(),
                    kind=self.kind.currentText(), compare=self.compare.currentText(),
                    period=self.period.text().strip() or None)


class AddObservationDialog(QDialog):
    """A figure by hand, or prefilled from a figure selected in a passage."""

    def __init__(self, parent: QWidget | None = None, unit: str = "",
                 prefill: dict[str, Any] | None = None, quote: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Add observation")
        self.setMinimumWidth(420)
        self.prefill = prefill or {}
        form = QFormLayout(self)
        value = self.prefill.get("value")
        self.value = QLineEdit(fmt_number(value).replace(",", "") if value is not None else "")
        self.unit = QLineEdit(self.prefill.get("unit") or unit)
        self.when = QLineEdit(self.prefill.get("when", ""))
        self.when.setPlaceholderText("2025-10-20 or 2025-10-13..2025-10-19")
        self.reporter = QLineEdit(self.prefill.get("reporter", ""))
        if quote:
            form.addRow("From", _quote_label(quote))
        form.addRow("Value", self.value)
        form.addRow("Unit", self.unit)
        form.addRow("Date or period", self.when)
        form.addRow("Reported by", self.reporter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def _quote_label(quote: str) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setText(f"“{quote}”")
    return label
