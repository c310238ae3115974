"""Dialogs for editing: a claim's fields, its status, and the user's settings.

Editing dialogs stay open while their save runs: `submitted` carries the values, the main
window saves them on the worker and calls `finish()` on success or `show_error()` on refusal.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.claim_input import check_status
from db.records import ClaimRecord, DocumentRecord
from db.vocab import STATUSES, VERDICTS
from desktop.errors import UserError
from desktop.ui.qtcompat import emit
from desktop.ui.style import status_label
from desktop.ui.textutil import one_line


def _error_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _parse_date(text: str, what: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{what} {text!r} is not a date like 2025-10-17") from None


class ClaimDialog(QDialog):
    """New claim, or edit one. `submitted(changes)`: for an edit, only the fields changed."""

    submitted = Signal(dict)

    def __init__(self, parent: QWidget | None, articles: list[DocumentRecord],
                 claim: ClaimRecord | None = None) -> None:
        super().__init__(parent)
        self.claim = claim
        self.setWindowTitle(f"Edit claim {claim.id}" if claim else "New claim")
        self.setMinimumWidth(560)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText("The claim, as you would check it")
        self.text_edit.setFixedHeight(80)
        self.speaker_edit = QLineEdit()
        self.article_combo = QComboBox()
        self.article_combo.addItem("(no article)", None)
        for a in articles:
            self.article_combo.addItem(one_line(a.title or f"document {a.id}", 80), a.id)
        self.quote_edit = QPlainTextEdit()
        self.quote_edit.setPlaceholderText("The exact words as they stand in the article")
        self.quote_edit.setFixedHeight(60)
        self.date_edit = QLineEdit(placeholderText="YYYY-MM-DD")
        self.tags_edit = QLineEdit(placeholderText="comma-separated")
        self.review_edit = QLineEdit(placeholderText="YYYY-MM-DD: when to check it again")
        self.error_label = _error_label()

        form = QFormLayout()
        form.addRow("&Claim", self.text_edit)
        form.addRow("&Speaker", self.speaker_edit)
        form.addRow("&Article", self.article_combo)
        form.addRow("&Quote", self.quote_edit)
        form.addRow("&Date", self.date_edit)
        form.addRow("&Tags", self.tags_edit)
        form.addRow("&Review by", self.review_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        if claim is not None:
            self.text_edit.setPlainText(claim.text)
            self.speaker_edit.setText(claim.speaker)
            self.article_combo.setCurrentIndex(max(self.article_combo.findData(claim.article_id),
                                                   0))
            self.quote_edit.setPlainText(claim.quote)
            self.date_edit.setText(claim.claim_date.isoformat() if claim.claim_date else "")
            self.tags_edit.setText(claim.tags)
            self.review_edit.setText(claim.review_by.isoformat() if claim.review_by else "")

    def values(self) -> dict[str, Any]:
        """Every field, parsed; a UserError for a bad one."""
        text = self.text_edit.toPlainText().strip()
        if not text:
            raise UserError("a claim needs its text")
        return {"text": text, "speaker": self.speaker_edit.text().strip(),
                "article_id": self.article_combo.currentData(),
                "quote": self.quote_edit.toPlainText().strip(),
                "claim_date": _parse_date(self.date_edit.text(), "date"),
                "tags": self.tags_edit.text().strip(),
                "review_by": _parse_date(self.review_edit.text(), "review-by date")}

    def changes(self) -> dict[str, Any]:
        values = self.values()
        if self.claim is None:
            return values
        out = {k: v for k, v in values.items() if getattr(self.claim, k) != v}
        if {"article_id", "quote"} & set(out):
            # The quote's offsets are found again in the article: send both together.
            out["article_id"], out["quote"] = values["article_id"], values["quote"]
        return out

    def accept(self) -> None:
        try:
            changes = self.changes()
        except UserError as exc:
            self.show_error(str(exc))
            return
        if self.claim is not None and not changes:
            self.finish()
            return
        self.error_label.setText("")
        emit(self.submitted, changes)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)

    def finish(self) -> None:
        super().accept()


class StatusDialog(QDialog):
    """Move a claim along the scale; a verdict cannot be saved without a rationale, nor
    without linked evidence unless "settled without linked evidence" is ticked."""

    submitted = Signal(str, str)

    def __init__(self, parent: QWidget | None, claim: ClaimRecord) -> None:
        super().__init__(parent)
        self.claim = claim
        self.setWindowTitle(f"Set status of claim {claim.id}")
        self.setMinimumWidth(480)
        self.claim_label = QLabel(one_line(claim.text, 200))
        self.claim_label.setTextFormat(Qt.TextFormat.PlainText)
        self.claim_label.setWordWrap(True)
        self.status_combo = QComboBox()
        for s in STATUSES:
            self.status_combo.addItem(status_label(s), s)
        self.status_combo.setCurrentIndex(max(self.status_combo.findData(claim.status), 0))
        self.rationale_edit = QPlainTextEdit()
        self.rationale_edit.setPlaceholderText("Why: the evidence that settles it")
        self.rationale_edit.setPlainText(claim.rationale)
        self.has_evidence = claim.supports + claim.contradicts + claim.context > 0
        self.without_evidence_check = QCheckBox("Settled &without linked evidence")
        self.without_evidence_check.setToolTip(
            "No evidence is linked to this claim. Tick this if the verdict rests on something "
            "else (say what in the rationale); the report will state it.")
        self.without_evidence_check.setChecked(claim.settled_without_evidence)
        self.without_evidence_check.setAccessibleName("Settled without linked evidence")
        self.status_combo.setAccessibleName("Status")
        self.rationale_edit.setAccessibleName("Rationale")
        self.hint_label = _error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Claim", self.claim_label)
        form.addRow("&Status", self.status_combo)
        form.addRow("&Rationale", self.rationale_edit)
        form.addRow("", self.without_evidence_check)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.buttons)
        self.status_combo.currentIndexChanged.connect(self._validate)
        self.rationale_edit.textChanged.connect(self._validate)
        self.without_evidence_check.toggled.connect(self._validate)
        self._validate()

    def status(self) -> str:
        return str(self.status_combo.currentData())

    def rationale(self) -> str:
        return self.rationale_edit.toPlainText().strip()

    def without_evidence(self) -> bool:
        """Ticked and meaningful: a verdict on a claim with no linked evidence."""
        return (not self.has_evidence and self.status() in VERDICTS
                and self.without_evidence_check.isChecked())

    def changes(self) -> dict[str, Any]:
        """The fields to save, for `update_claim`."""
        out: dict[str, Any] = {"status": self.status(), "rationale": self.rationale()}
        if self.without_evidence():
            out["settled_without_evidence"] = True
        return out

    def problem(self) -> str:
        """Why the current choice cannot be saved, or "" when it can."""
        try:
            check_status(self.status(), self.rationale())
        except UserError:
            return (f"“{status_label(self.status())}” is a verdict: it needs a rationale "
                    "saying why.")
        if (self.status() in VERDICTS and not self.has_evidence
                and not self.without_evidence_check.isChecked()):
            return (f"“{status_label(self.status())}” is a verdict and no evidence is linked: "
                    "link some first, or tick “Settled without linked evidence”.")
        return ""

    def _validate(self) -> None:
        # The choice matters only for a verdict on a claim with nothing linked.
        self.without_evidence_check.setVisible(not self.has_evidence
                                               and self.status() in VERDICTS)
        problem = self.problem()
        self.hint_label.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problem)

    def accept(self) -> None:
        if self.problem():
            self._validate()
            return
        emit(self.submitted, self.status(), self.rationale())

    def show_error(self, text: str) -> None:
        self.hint_label.setText(text)

    def finish(self) -> None:
        super().accept()


class SettingsDialog(QDialog):
    """Your name as written into history, and the database in use."""

    def __init__(self, parent: QWidget | None, user_name: str, database: str,
                 env_override: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(520)
        self.name_edit = QLineEdit(user_name)
        self.db_label = QLabel(database)
        self.db_label.setTextFormat(Qt.TextFormat.PlainText)
        self.db_label.setWordWrap(True)
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note = self.name_note = QLabel(
            "FACTDESK_USER is set in the environment and takes precedence."
            if env_override else "Written into the history of every change you make.")
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Your &name", self.name_edit)
        form.addRow("", note)
        form.addRow("Database", self.db_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.sections: list[Any] = []
        self._layout = QVBoxLayout(self)
        self._layout.addLayout(form)
        self._layout.addWidget(buttons)

    def add_section(self, section: QWidget) -> None:
        """Extension point: a group of settings with `problem() -> str` and `save()`."""
        self._layout.insertWidget(self._layout.count() - 1, section)
        self.sections.append(section)

    def accept(self) -> None:
        from desktop.core.settings import spec
        from desktop.errors import UserError
        from desktop.ops.settings import change_setting

        name = self.name_edit.text().strip()
        try:
            if name:
                spec("user_name").parse(name)
        except UserError as exc:
            self.name_note.setText(str(exc).replace("user_name", "Your name", 1))
            return  # refused: the dialog stays open, nothing is written
        if [s for s in self.sections if s.problem()]:
            return  # refused: each section shows its own reason, the dialog stays open
        if name:
            change_setting(None, "user_name", name)  # personal: no workspace needed
        for section in self.sections:
            section.save()
        super().accept()
