"""The start page of an empty workspace, and the dialog for pasting a text in.

An empty workspace gives three ways in instead of "Select a claim…" over empty boxes:
import the article to check, paste its text, or load the example.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.qtcompat import emit


class StartPage(QWidget):
    import_requested = Signal()
    paste_requested = Signal()
    example_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Start page")
        title = QLabel("This workspace is empty")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        # Explicit lines: a word-wrapped label inside a centred layout loses its height.
        intro = QLabel("Start with the article you are checking: Factdesk ranks its sentences\n"
                       "as claims to log. Later reports, statements and figures come in as\n"
                       "sources and are matched against your claims.")
        self.import_button = QPushButton("&Import article…")
        self.import_button.setToolTip("A text, web page, PDF or link (Ctrl+I)")
        self.paste_button = QPushButton("&Paste text…")
        self.paste_button.setToolTip("Paste the article's text (Ctrl+Shift+V)")
        self.example_button = QPushButton("Load the &example")
        self.example_button.setToolTip("An interview with Türkiye's foreign minister and the "
                                       "eleven claims a fact-checker would log from it")
        self.buttons = (self.import_button, self.paste_button, self.example_button)
        box = QVBoxLayout()
        box.setSpacing(10)
        for b in self.buttons:
            b.setAccessibleName(b.text().replace("&", "").rstrip("…"))
            b.setMinimumHeight(int(b.sizeHint().height() * 1.5))
            b.setMinimumWidth(260)
            box.addWidget(b)
        self.import_button.clicked.connect(lambda: emit(self.import_requested))
        self.paste_button.clicked.connect(lambda: emit(self.paste_requested))
        self.example_button.clicked.connect(lambda: emit(self.example_requested))
        self.import_button.setDefault(True)
        self.setFocusProxy(self.import_button)

        inner = QVBoxLayout()
        inner.setSpacing(14)
        inner.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(intro, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addSpacing(8)
        inner.addLayout(box)
        inner.setAlignment(box, Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addLayout(inner)
        layout.addStretch(3)
        intro.setAlignment(Qt.AlignmentFlag.AlignHCenter)


class PasteDialog(QDialog):
    """Paste (or type) a text to import; the clipboard's text is there to start with."""

    def __init__(self, parent: QWidget | None, kind: str = "article") -> None:
        super().__init__(parent)
        self.setWindowTitle("Paste text")
        self.setMinimumSize(560, 380)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText("Paste the text here (Ctrl+V)")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setAccessibleName("Text to import")
        clip = QApplication.clipboard().text() if QApplication.clipboard() else ""
        self.text_edit.setPlainText(clip)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("The article to check", "article")
        self.kind_combo.addItem("A later source", "source")
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(kind), 0))
        self.kind_combo.setAccessibleName("Import as")
        form = QFormLayout()
        form.addRow("&Text", self.text_edit)
        form.addRow("Import &as", self.kind_combo)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.next_button = self.buttons.addButton("&Next…",
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.next_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.buttons)
        self.text_edit.textChanged.connect(self._validate)
        self._validate()

    def text(self) -> str:
        return self.text_edit.toPlainText()

    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def _validate(self) -> None:
        self.next_button.setEnabled(bool(self.text().strip()))
