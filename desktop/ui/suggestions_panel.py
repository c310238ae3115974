"""Suggested evidence: the matcher's pending suggestions for the current claim, decided on.

Each row shows the source (title, outlet, date), the score with a "strong" marker, and the
passage with the words it shares with the claim highlighted (see suggestion_list). Keys on
the list: S supports, C contradicts, X context, R / Delete reject; every decision goes on the
window's undo stack, and the claim's tally and detail refresh after it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from db.records import SuggestionRecord
from desktop.ops import suggestions as suggestion_ops
from desktop.ops.changes import Changes
from desktop.ops.reads import list_suggestions
from desktop.ui.ops import AppContext, Op, UserOp, report_error
from desktop.ui.qtcompat import emit
from desktop.ui.suggestion_list import (
    REJECT,
    SuggestionList,
    decision_buttons,
    highlighted_document,
)
from desktop.ui.undo import DbCommand

PANEL_LIMIT = 200  # per claim; each run adds at most a handful

__all__ = ["REJECT", "SuggestionDecisions", "SuggestionList", "SuggestionsPanel",
           "decision_buttons", "highlighted_document"]


class SuggestionDecisions(QObject):
    """Accept / reject on the worker, each pushed on the window's undo stack."""

    # A refused decision: claim ids whose suggestions must be shown as stored. A decision that
    # succeeds says so through `AppContext.changed` (its Changes name the suggestion).
    refused = Signal(list)

    def __init__(self, ctx: AppContext, undo: QUndoStack, window: QWidget) -> None:
        super().__init__(window)
        self.ctx, self.undo, self.window = ctx, undo, window

    def decide(self, rec: SuggestionRecord, stance: str) -> None:
        actor = self.ctx.actor()
        sid, cid = rec.id, rec.claim_id
        state: dict[str, int] = {}  # the evidence id: read and written on the worker only

        def forward(ws: Any) -> tuple[Any, Changes]:
            if stance == REJECT:
                return suggestion_ops.reject(ws, sid, actor=actor)
            ev, changes = suggestion_ops.accept(ws, sid, stance, actor=actor)
            state["evidence"] = ev.id
            return ev, changes

        def backward(ws: Any) -> tuple[Any, Changes]:
            if stance == REJECT:
                return suggestion_ops.reopen(ws, sid, actor=actor)
            return suggestion_ops.unaccept(ws, sid, actor=actor,
                                           evidence_id=state.get("evidence"))

        text = (f"Reject suggestion for claim {cid}" if stance == REJECT
                else f"Accept suggestion as {stance} for claim {cid}")

        def pushed(_r: Any) -> None:
            self.undo.push(DbCommand(text, lambda: self._run(forward, cid),
                                     lambda: self._run(backward, cid)))

        self._run(forward, cid, pushed)

    def _run(self, fn: Callable[[Any], Any], cid: int,
             then: Callable[[Any], None] | None = None) -> None:
        def failed(exc: BaseException) -> None:
            report_error(self.window, exc)
            emit(self.refused, [cid])  # show what is stored now
            emit(self.ctx.claims_changed, [cid])

        # The operation's Changes reach the list, the detail and the suggestion views.
        op = UserOp(self.ctx, fn, self.window).failure(failed)
        if then is not None:
            op.success(then)
        op.run()


class SuggestionsPanel(QWidget):
    """The "Suggested evidence" tab: pending suggestions for the current claim, best first."""

    count_changed = Signal(int)
    loaded = Signal(int)  # claim id
    find_requested = Signal(int)  # claim id

    def __init__(self, ctx: AppContext, decisions: SuggestionDecisions,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self.decisions = ctx, decisions
        self._claim_id, self._request = -1, 0
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.find_button = QPushButton("Find evidence for this claim")
        self.find_button.setToolTip("Match this claim against every later source now")
        self.find_button.clicked.connect(lambda: emit(self.find_requested, self._claim_id))
        self.list = SuggestionList(self)
        self.list.setAccessibleName("Suggested evidence")
        self.find_button.setAccessibleName("Find evidence for this claim")
        self.empty_label = QLabel()
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons, self.buttons = decision_buttons(self.decide)
        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addWidget(self.find_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(head)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addLayout(buttons)
        self.list.decide.connect(self.decide)
        self.list.selectionModel().currentChanged.connect(lambda *_a: self._update_buttons())
        decisions.refused.connect(lambda ids: self.reload() if self._claim_id in ids else None)
        # New suggestions from a match, or one decided here or in the inbox: one claim's
        # page of suggestions is read again (a single short query).
        ctx.changed.connect(lambda ch: self.reload() if ch.suggestions else None)
        ctx.claims_reset.connect(self.reload)
        self._show([])

    @property
    def claim_id(self) -> int:
        return self._claim_id

    def focus_target(self) -> QWidget:
        return self.list if self.list.isVisible() else self.find_button

    def set_claim(self, claim_id: int) -> None:
        if claim_id != self._claim_id:
            self._claim_id = claim_id
            self.list.suggestions.set_records([])
        self.reload()

    def reload(self) -> None:
        self._request += 1
        req, cid = self._request, self._claim_id
        if cid < 0 or self._ctx.ws is None:
            self._show([])
            return
        Op(self._ctx, lambda s: list_suggestions(s, claim_id=cid, limit=PANEL_LIMIT), self) \
            .success(lambda recs: self._loaded(req, cid, recs)).run()

    def decide(self, stance: str) -> None:
        rec = self.list.take_current()
        if rec is not None:
            self.decisions.decide(rec, stance)
            self._show(self.list.suggestions.records, keep=True)

    def _loaded(self, req: int, cid: int, recs: list[SuggestionRecord]) -> None:
        if req == self._request:
            self._show(recs)
            emit(self.loaded, cid)

    def _show(self, recs: list[SuggestionRecord], keep: bool = False) -> None:
        lst = self.list
        if not keep:
            current = lst.current_record()
            row = lst.currentIndex().row()
            lst.suggestions.set_records(recs)
            again = lst.suggestions.row_of(current.id) if current is not None else -1
            row = again if again >= 0 else min(max(row, 0), len(recs) - 1)
            if row >= 0:
                lst.setCurrentIndex(lst.suggestions.index(row))
        n = len(recs)
        has_claim = self._claim_id >= 0
        self.heading.setText(f"{n} pending suggestion{'s' if n != 1 else ''}, best first"
                             if n else "Suggested evidence")
        self.empty_label.setText(
            "No pending suggestions for this claim. Import a later source, use "
            "Tools → Find evidence for all open claims (Ctrl+M), or Tools → Search the "
            "sources (Ctrl+Shift+F) for the passages that come closest." if has_claim
            else "Select a claim to see the evidence suggested for it.")
        had_focus = self.find_button.hasFocus() or lst.hasFocus()
        lst.setVisible(n > 0)
        self.empty_label.setVisible(n == 0)
        if had_focus:
            # Opened (Alt+3) while still loading: the keyboard goes to the list once it is in.
            self.focus_target().setFocus()
        self.find_button.setEnabled(has_claim)
        self._update_buttons()
        emit(self.count_changed, n)

    def _update_buttons(self) -> None:
        has = self.list.current_record() is not None
        for button in self.buttons.values():
            button.setEnabled(has)
