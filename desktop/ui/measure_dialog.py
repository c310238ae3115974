"""Setting a claim's measure in the app: what is counted, unit and rate, reference, comparison.

Opened from the claim's Figures tab. The checks are those of `factdesk measure set`
(desktop.measures.service): a refusal is shown as one line and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from db.models_measures import COMPARISONS, REFERENCE_KINDS
from db.records_measures import MeasureRecord


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
