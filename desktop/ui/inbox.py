"""The suggestions inbox: pending suggestions across all claims, new ones since your last visit.

"Last visit" is personal (this computer's config file, `inbox_seen_at`), not the team's: each
fact-checker sees what arrived since they last looked. The status bar shows how many are new.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ops.reads import InboxPage, count_pending, load_inbox
from desktop.ui.ops import AppContext, Op
from desktop.ui.qtcompat import emit
from desktop.ui.suggestions_panel import SuggestionDecisions, SuggestionList, decision_buttons

SEEN_KEY = "inbox_seen_at"


def seen_at() -> datetime | None:
    """When this user last looked at the inbox (UTC), or None if never."""
    from desktop.core.config import load_config

    value = load_config().get(SEEN_KEY)
    try:
        when = datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when


def mark_seen(when: datetime) -> None:
    from desktop.core.config import save_config

    save_config({SEEN_KEY: when.isoformat()})


class InboxDock(QDockWidget):
    open_claim = Signal(int)
    new_count_changed = Signal(int)
    loaded = Signal()

    def __init__(self, ctx: AppContext, decisions: SuggestionDecisions,
                 parent: QWidget | None = None) -> None:
        super().__init__("Suggestions inbox", parent)
        self.setObjectName("suggestions-inbox")
        self._ctx, self.decisions = ctx, decisions
        self._visiting = False
        self._visit_since: datetime | None = None
        self._request = 0
        self._new = 0
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.list = SuggestionList(show_claim=True)
        self.list.setAccessibleName("Suggestions inbox")
        self.list.setToolTip("Enter opens the claim · S supports · C contradicts · X context · "
                             "R or Delete rejects")
        self.open_button = QPushButton("Open claim (Enter)")
        self.open_button.setToolTip("Select this claim in the list and show its suggestions")
        self.open_button.clicked.connect(self.open_current)
        row, self.buttons = decision_buttons(self.decide)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.open_button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self.setWidget(body)

        self.count_button = QToolButton()
        self.count_button.setAutoRaise(True)
        self.count_button.setAccessibleName("New suggestions: open the inbox")
        self.count_button.setToolTip("Open the suggestions inbox (Ctrl+Shift+M)")
        self.count_button.clicked.connect(self.show_inbox)
        self.count_button.hide()

        self.list.decide.connect(self.decide)
        self.list.open_requested.connect(self.open_current)
        self.list.selectionModel().currentChanged.connect(lambda *_a: self._update_buttons())
        self.visibilityChanged.connect(self._visibility)
        decisions.refused.connect(lambda _ids: self.refresh())
        ctx.changed.connect(lambda ch: self.refresh() if ch.suggestions else None)
        ctx.claims_reset.connect(self.refresh)
        self._update_buttons()

    # --- public ---------------------------------------------------------------------------

    @property
    def new_count(self) -> int:
        return self._new

    def show_inbox(self) -> None:
        self.show()
        self.raise_()
        self.list.setFocus()

    def refresh(self) -> None:
        """After matching or a decision: the list if it is open, else the count of new ones."""
        if self._ctx.ws is None:
            return
        if self._visiting:
            self.visit()
        else:
            since = seen_at()
            Op(self._ctx, lambda s: count_pending(s, since=since), self) \
                .success(self._set_new_count).run()

    def visit(self) -> None:
        """List the pending suggestions, marking those new since the visit began, and note
        the visit so the count of new ones starts again from here."""
        if self._ctx.ws is None:
            return
        self._request += 1
        req, since, now = self._request, self._visit_since, datetime.now(UTC)
        Op(self._ctx, lambda s: load_inbox(s, since), self) \
            .success(lambda page: self._loaded(req, page, now)).run()

    def open_current(self) -> None:
        rec = self.list.current_record()
        if rec is not None:
            emit(self.open_claim, rec.claim_id)

    def decide(self, stance: str) -> None:
        rec = self.list.take_current()
        if rec is not None:
            self.decisions.decide(rec, stance)
            self._update_buttons()

    # --- internals ------------------------------------------------------------------------

    def _visibility(self, visible: bool) -> None:
        if visible and not self._visiting:
            self._visiting = True
            self._visit_since = seen_at()
            self.visit()
        elif not visible:
            self._visiting = False

    def _loaded(self, req: int, page: InboxPage, visited_at: datetime) -> None:
        if req != self._request:
            return
        lst = self.list
        current = lst.current_record()
        lst.suggestions.set_records(page.records, page.new_ids)
        row = lst.suggestions.row_of(current.id) if current is not None else -1
        if lst.suggestions.rowCount():
            lst.setCurrentIndex(lst.suggestions.index(max(row, 0)))
        shown = len(page.records)
        more = f" (the best {shown:,} are listed)" if page.pending > shown else ""
        self.heading.setText(f"{page.pending:,} pending suggestion"
                             f"{'s' if page.pending != 1 else ''}{more}; "
                             f"{len(page.new_ids):,} new since your last visit.")
        if self._visiting:
            mark_seen(visited_at)
            self._set_new_count(0)
        self._update_buttons()
        emit(self.loaded)

    def _set_new_count(self, n: int) -> None:
        self._new = n
        self.count_button.setText(f"{n:,} new suggestion{'s' if n != 1 else ''}")
        self.count_button.setVisible(n > 0)
        emit(self.new_count_changed, n)

    def _update_buttons(self) -> None:
        has = self.list.current_record() is not None
        self.open_button.setEnabled(has)
        for button in self.buttons.values():
            button.setEnabled(has)
