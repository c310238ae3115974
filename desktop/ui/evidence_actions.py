"""Correcting a linked piece of evidence from the detail pane: stance, note, removal.

The operations are the Qt-free ones of desktop.core.evidence_ops, run on the window's database
worker with the version the user was looking at; each goes on the undo stack, and a link
someone else changed meanwhile is refused with a message rather than overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.errors import ConflictError
from db.records import EvidenceRecord
from desktop.errors import UserError
from desktop.ops import claims as claim_ops
from desktop.ops import evidence as evidence_ops
from desktop.ops.changes import Changes
from desktop.ui.evidence_list import NOTE, REMOVE, STANCE
from desktop.ui.ops import AppContext, UserOp, report_error
from desktop.ui.qtcompat import emit
from desktop.ui.style import STANCE_LABELS
from desktop.ui.textutil import one_line
from desktop.ui.undo import DbCommand

Step = Callable[[Any], tuple[EvidenceRecord, Changes]]  # an operation of desktop.ops


class NoteDialog(QDialog):
    """The note on a link: why it matters, what to watch for. Empty clears it."""

    def __init__(self, parent: QWidget | None, ev: EvidenceRecord) -> None:
        super().__init__(parent)
        self.setWindowTitle("Note on evidence")
        self.setMinimumWidth(480)
        excerpt = QLabel(f"“{one_line(ev.excerpt, 300)}”\n— {ev.source_title or 'untitled'}")
        excerpt.setTextFormat(Qt.TextFormat.PlainText)
        excerpt.setWordWrap(True)
        self.note_edit = QPlainTextEdit(ev.note)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setPlaceholderText("Empty: no note")
        form = QFormLayout()
        form.addRow("Evidence", excerpt)
        form.addRow("&Note", self.note_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def note(self) -> str:
        return self.note_edit.toPlainText().strip()


class EvidenceActions(QObject):
    """Runs the corrections asked for by the detail pane's evidence list."""

    def __init__(self, ctx: AppContext, window: QWidget, undo: QUndoStack) -> None:
        super().__init__(window)
        self.ctx, self.window, self.undo = ctx, window, undo
        self.note_dialog: NoteDialog | None = None

    def handle(self, action: str, ev: EvidenceRecord, value: Any) -> None:
        if action == STANCE and isinstance(value, str) and value != ev.stance:
            self.set_stance(ev, value)
        elif action == NOTE:
            self.edit_note(ev)
        elif action == REMOVE:
            self.remove(ev)

    # Each change remembers the link's version after it, so undo / redo save over the right
    # one (read and written on the worker only, in the order the operations run).

    def _versioned(self, ev: EvidenceRecord, op: Callable[..., tuple[EvidenceRecord, Changes]]
                   ) -> Callable[[str], Step]:
        """Steps setting one field of `ev` to a value, each saving over the version the last
        one left."""
        state = {"version": ev.version}

        def to(value: str) -> Step:
            def work(ws: Any) -> tuple[EvidenceRecord, Changes]:
                rec, changes = op(ws, ev.id, value, actor=self.ctx.actor(),
                                  expected_version=state["version"])
                state["version"] = rec.version
                return rec, changes
            return work
        return to

    def set_stance(self, ev: EvidenceRecord, stance: str) -> None:
        to = self._versioned(ev, evidence_ops.set_stance)

        label = STANCE_LABELS.get(stance, stance)
        self._run(to(stance), ev.claim_id, lambda: self.undo.push(DbCommand(
            f"Change evidence to {label}", lambda: self._run(to(stance), ev.claim_id),
            lambda: self._run(to(ev.stance), ev.claim_id))))

    def edit_note(self, ev: EvidenceRecord) -> None:
        dlg = NoteDialog(self.window, ev)
        self.note_dialog = dlg

        def done(result: int) -> None:
            if result == QDialog.DialogCode.Accepted and dlg.note() != ev.note.strip():
                self.set_note(ev, dlg.note())
            dlg.deleteLater()
            self.note_dialog = None

        dlg.finished.connect(done)
        dlg.open()

    def set_note(self, ev: EvidenceRecord, note: str) -> None:
        to = self._versioned(ev, evidence_ops.set_note)

        self._run(to(note), ev.claim_id, lambda: self.undo.push(DbCommand(
            "Note on evidence", lambda: self._run(to(note), ev.claim_id),
            lambda: self._run(to(ev.note), ev.claim_id))))

    def remove(self, ev: EvidenceRecord) -> None:
        state = {"id": ev.id, "version": ev.version}

        def unlink(ws: Any) -> tuple[EvidenceRecord, Changes]:
            return evidence_ops.remove(ws, state["id"], actor=self.ctx.actor(),
                                       expected_version=state["version"])

        def relink(ws: Any) -> tuple[EvidenceRecord, Changes]:
            # Undo links the same words again, with their stance and note (a new link).
            rec, changes = claim_ops.link_evidence(
                ws, ev.claim_id, ev.passage_id, ev.stance, actor=self.ctx.actor(), note=ev.note,
                excerpt_start=ev.excerpt_start, excerpt_end=ev.excerpt_end)
            state.update(id=rec.id, version=rec.version)
            return rec, changes

        self._run(unlink, ev.claim_id, lambda: self.undo.push(DbCommand(
            f"Remove evidence from claim {ev.claim_id}",
            lambda: self._run(unlink, ev.claim_id),
            lambda: self._run(relink, ev.claim_id))))

    def _run(self, work: Step, claim_id: int, then: Callable[[], None] | None = None) -> None:
        def ok(_r: Any) -> None:  # the operation's Changes have reached the views already
            if then is not None:
                then()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ConflictError):
                exc = UserError("someone else changed this evidence meanwhile; "
                                "it is shown as it is now")
            report_error(self.window, exc)
            emit(self.ctx.claims_changed, [claim_id])

        UserOp(self.ctx, work, self.window).success(ok).failure(failed).run()
