"""Confirming a guessed spreadsheet encoding: the first row shown back as it was read, with
a choice of another encoding to read it again. Nothing is imported until the user confirms."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.core.claim_import import first_row_preview
from desktop.core.spreadsheet_text import CODE_PAGES, NAMES, DecodedText

ENCODINGS = ("utf-8", *CODE_PAGES)


def claims_count(n: int) -> str:
    return f"{n:,} claim{'s' if n != 1 else ''}"


def reading_line(decoded: DecodedText, rows: list[dict[str, Any]]) -> str:
    return f"Read as {decoded.label}. First row: {first_row_preview(rows)}"


class CsvEncodingDialog(QDialog):
    """Shows how a spreadsheet was read; `encoding_chosen` asks the caller to read it again."""

    encoding_chosen = Signal(str)

    def __init__(self, file_name: str, decoded: DecodedText, rows: list[dict[str, Any]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Check the spreadsheet's encoding")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.rows = rows
        self.encoding = decoded.encoding
        intro = QLabel(f"{file_name} does not say how its letters are encoded. "
                       "Check that the first row reads right before importing.")
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.preview = QLabel()
        self.preview.setTextFormat(Qt.TextFormat.PlainText)  # the file's text, never markup
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setAccessibleName("First row as read")
        self.combo = QComboBox()
        self.combo.setAccessibleName("Encoding")
        for codec in ENCODINGS:
            name = NAMES.get(codec)
            self.combo.addItem(f"{codec} ({name})" if name else codec, codec)
        form = QFormLayout()
        label = QLabel("&Encoding:")
        label.setBuddy(self.combo)
        form.addRow(label, self.combo)
        self.buttons = QDialogButtonBox()
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("&Import",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.preview)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())
        self.set_reading(decoded, rows)
        self.combo.currentIndexChanged.connect(self._chosen)

    def set_reading(self, decoded: DecodedText, rows: list[dict[str, Any]]) -> None:
        """The file as read with `decoded.encoding`: its first row, ready to import."""
        self.rows = rows
        self.encoding = decoded.encoding
        self.preview.setText(reading_line(decoded, rows))
        self.import_button.setText(f"&Import {claims_count(len(rows))}")
        self.import_button.setEnabled(True)
        index = self.combo.findData(decoded.encoding)
        if index >= 0 and index != self.combo.currentIndex():
            self.combo.blockSignals(True)
            self.combo.setCurrentIndex(index)
            self.combo.blockSignals(False)

    def set_refused(self, reason: str) -> None:
        """The chosen encoding does not read the file: nothing to import until another one."""
        self.rows = []
        self.preview.setText(reason)
        self.import_button.setEnabled(False)

    def _chosen(self, _index: int) -> None:
        self.import_button.setEnabled(False)  # until the file is read again
        self.preview.setText("Reading…")
        self.encoding_chosen.emit(str(self.combo.currentData()))
