"""File → Export report: title, who checked, layout, statuses and which claims, then a file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from db.vocab import STATUSES, VERDICTS
from desktop.reports.ratings import label

LAYOUTS = (("publication", "Publication — verdicts for readers, no internal details"),
           ("audit", "Audit — the desk's full dossier (history, user names, hashes)"))


@dataclass(frozen=True, slots=True)
class ReportOptions:
    out: Path
    layout: str
    statuses: tuple[str, ...]
    claim_ids: tuple[int, ...] | None  # None: the listed (filtered) claims
    title: str = ""
    author: str = ""  # empty: the organisation (publication) or your name (audit)


class ReportOptionsDialog(QDialog):
    """Asks for the report's options; `options()` gives them once accepted."""

    def __init__(self, parent: QWidget | None, *, selected_ids: list[int], listed: int,
                 default_out: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export report")
        self._selected = list(selected_ids)
        self.title = QLineEdit()
        self.title.setPlaceholderText("From the article under check")
        self.author = QLineEdit()
        self.author.setPlaceholderText("The organisation setting (audit: your name)")
        self.layout_box = QComboBox()
        for key, words in LAYOUTS:
            self.layout_box.addItem(words, key)
        self.statuses = QListWidget()
        for status in STATUSES:
            item = QListWidgetItem(label(status))
            item.setData(Qt.ItemDataRole.UserRole, status)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            self.statuses.addItem(item)
        self.statuses.setMaximumHeight(self.statuses.sizeHintForRow(0) * len(STATUSES) + 8)
        self.listed = QRadioButton(f"The listed claims ({listed:,}, as filtered)")
        n = len(self._selected)
        self.selection = QRadioButton(f"The selected claim{'s' if n != 1 else ''} ({n:,})")
        self.selection.setEnabled(n > 0)
        group = QButtonGroup(self)
        group.addButton(self.listed)
        group.addButton(self.selection)
        (self.selection if n else self.listed).setChecked(True)
        self.out = QLineEdit(str(default_out))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet("color: #c0392b")
        self.problem.hide()

        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Checked by", self.author)
        form.addRow("Layout", self.layout_box)
        form.addRow("Statuses", self.statuses)
        which = QVBoxLayout()
        which.addWidget(self.listed)
        which.addWidget(self.selection)
        form.addRow("Claims", which)
        row = QHBoxLayout()
        row.addWidget(self.out, 1)
        row.addWidget(browse)
        form.addRow("Save as", row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export",
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.problem)
        box.addWidget(buttons)
        self.layout_box.currentIndexChanged.connect(self._layout_changed)
        self._layout_changed()

    def _layout_changed(self) -> None:
        """Publication reports verdicts by default; the audit dossier every status."""
        wanted = set(VERDICTS) if self.layout_box.currentData() == "publication" \
            else set(STATUSES)
        for i in range(self.statuses.count()):
            item = self.statuses.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole)
                               in wanted else Qt.CheckState.Unchecked)

    def checked_statuses(self) -> tuple[str, ...]:
        return tuple(self.statuses.item(i).data(Qt.ItemDataRole.UserRole)
                     for i in range(self.statuses.count())
                     if self.statuses.item(i).checkState() == Qt.CheckState.Checked)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export report", self.out.text(),
                                              "PDF (*.pdf)")
        if path:
            self.out.setText(path)

    def _refuse(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def _accept(self) -> None:
        if not self.checked_statuses():
            return self._refuse("Tick at least one status.")
        text = self.out.text().strip()
        if not text:
            return self._refuse("Choose a file to save the report in.")
        out = Path(text).expanduser()
        if out.suffix.lower() != ".pdf":
            out = out.with_suffix(".pdf")
        if out.is_dir():
            return self._refuse(f"{out} is a folder; give a file name.")
        if not out.parent.is_dir():
            return self._refuse(f"The folder {out.parent} does not exist.")
        self.out.setText(str(out))
        self.accept()
        return None

    def options(self) -> ReportOptions:
        return ReportOptions(
            out=Path(self.out.text()), layout=self.layout_box.currentData(),
            statuses=self.checked_statuses(),
            claim_ids=tuple(self._selected) if self.selection.isChecked() else None,
            title=self.title.text().strip(), author=self.author.text().strip())
