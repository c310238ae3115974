"""Someone else saved the claim first: show both versions side by side and let the user choose.

Nothing is overwritten silently: "Keep mine" saves again over the version now stored (so the
other person's change stays in the history), "Take theirs" drops the local edit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.records import ClaimRecord
from desktop.ui.claims_model import local_time
from desktop.ui.qtcompat import emit
from desktop.ui.style import status_label

FIELD_LABELS = {"text": "Claim", "speaker": "Speaker", "article_id": "Article",
                "quote": "Quote", "claim_date": "Date", "tags": "Tags", "status": "Status",
                "rationale": "Rationale", "review_by": "Review by", "deleted": "Deleted",
                "settled_without_evidence": "Settled without linked evidence",
                "speaker_kind": "Claimant kind"}
# An unset claimant kind is inferred from how the speaker was recorded when it is published.
SPEAKER_KIND_LABELS = {"person": "Person", "organization": "Organisation",
                       "": "Not set (inferred from the speaker)"}


def _show(field: str, value: Any) -> str:
    if field == "settled_without_evidence":
        return "Yes" if value else "No"
    if field == "speaker_kind":
        return SPEAKER_KIND_LABELS.get(str(value or ""), str(value))
    if value is None or value == "":
        return "—"
    if field == "status":
        return status_label(str(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _cell(text: str, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


class ConflictDialog(QDialog):
    decided = Signal(str)  # "mine" or "theirs"

    def __init__(self, parent: QWidget | None, mine: dict[str, Any], theirs: ClaimRecord,
                 base: ClaimRecord | None = None) -> None:
        super().__init__(parent)
        self.theirs = theirs
        self.mine = mine
        self.choice = ""
        self.setWindowTitle("Someone else changed this claim")
        self.setMinimumWidth(640)
        intro = _cell(f"While you were editing, {theirs.updated_by or 'someone'} saved claim "
                      f"{theirs.id} ({local_time(theirs.updated_at)}, version {theirs.version}). "
                      "Choose which version to keep.")
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.addWidget(_cell("", True), 0, 0)
        grid.addWidget(_cell("Your version", True), 0, 1)
        grid.addWidget(_cell("Their version (saved)", True), 0, 2)
        self.rows: dict[str, tuple[QLabel, QLabel]] = {}
        # What I changed, what they changed since the version I started from, and the gist.
        theirs_changed = [f for f in FIELD_LABELS if base is not None and f not in mine
                          and getattr(base, f, None) != getattr(theirs, f, None)]
        fields = list(mine) + theirs_changed
        fields += [f for f in ("text", "status", "rationale") if f not in fields]
        for r, field in enumerate(fields, start=1):
            saved = getattr(theirs, field, None)
            ours = mine[field] if field in mine else getattr(base or theirs, field, None)
            differs = ours != saved
            a, b = _cell(_show(field, ours), differs), _cell(_show(field, saved), differs)
            grid.addWidget(_cell(FIELD_LABELS.get(field, field.replace("_", " ").capitalize())),
                           r, 0)
            grid.addWidget(a, r, 1)
            grid.addWidget(b, r, 2)
            self.rows[field] = (a, b)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        buttons = QDialogButtonBox()
        self.keep_button = QPushButton("&Keep mine")
        self.take_button = QPushButton("&Take theirs")
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.take_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_button.clicked.connect(lambda: self._decide("mine"))
        self.take_button.clicked.connect(lambda: self._decide("theirs"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(buttons)

    def _decide(self, choice: str) -> None:
        self.choice = choice
        emit(self.decided, choice)
        self.accept() if choice == "mine" else self.reject()

    def reject(self) -> None:
        # Closing the window (Esc) means: keep what is saved, lose nothing of theirs.
        if not self.choice:
            self.choice = "theirs"
            emit(self.decided, "theirs")
        super().reject()
