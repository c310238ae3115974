"""Workspace matching in the background: its own runner, with progress and cancel.

Matching is long pure computation, so it does not run on the database worker (whose queue
would stall every click meanwhile) nor on the GUI thread: it runs on a `TaskManager` of its own.
The run is the `desktop.ops.matching` operation: it reads what to match in a short session of
its own and hands every write (stored vectors, the results at the very end) to the window's
single database writer, so a cancelled run writes no suggestions. Runs are queued and done one
at a time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from desktop.progress import Cancelled
from desktop.ui.after_pause import AfterPause
from desktop.ui.ops import AppContext
from desktop.ui.qtcompat import emit
from desktop.ui.taskman import TaskManager
from desktop.ui.window_state import window_settings

log = logging.getLogger(__name__)

THREAD_PREFIX = "factdesk-match"
TAB_KEY = "detail_tab"  # in the window settings: the detail tab shown at the last close
PREPARE_AFTER_MS = 2000  # of no key, click or wheel once listed, before preparing the matcher
PROGRESS_EVERY_S = 0.05  # at most ~20 progress updates a second reach the GUI


@dataclass(frozen=True, slots=True)
class MatchRequest:
    claim_ids: tuple[int, ...] | None = None
    document_ids: tuple[int, ...] | None = None
    label: str = "Finding evidence"
    unmatched: bool = False  # only the sources whose matching was interrupted
    prepare: bool = False  # no matching: what the first new source will need, done ahead

    @property
    def full(self) -> bool:
        return (self.claim_ids is None and self.document_ids is None and not self.unmatched
                and not self.prepare)


class MatchingJob(QObject):
    """Queue of matching runs on one background thread; signals arrive on the GUI thread."""

    started = Signal(str)  # the run's label
    progress = Signal(int, int)  # done, total
    finished = Signal(object)  # desktop.core.suggest.SuggestRun
    cancelled = Signal()
    failed = Signal(object)  # the exception
    busy_changed = Signal(bool)
    _write_request = Signal(object)  # (write, Future) from the matching thread

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._runner = TaskManager(self, name=THREAD_PREFIX)
        self._closed = False
        self._queue: list[MatchRequest] = []
        self._running: MatchRequest | None = None
        self._cancel = threading.Event()
        self._write_request.connect(self._on_write_request, Qt.ConnectionType.QueuedConnection)

    # --- public ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """A run somebody asked for is running or waiting (preparing ahead is not one)."""
        return any(r is not None and not r.prepare for r in (self._running, *self._queue))

    @property
    def running(self) -> MatchRequest | None:
        return self._running

    @property
    def waiting(self) -> MatchRequest | None:
        """The next run somebody asked for, queued behind the running one."""
        return next((r for r in self._queue if not r.prepare), None)

    def request(self, *, claim_ids: list[int] | None = None,
                document_ids: list[int] | None = None, label: str = "") -> None:
        """Queue a run: all open claims against all sources unless narrowed."""
        req = MatchRequest(tuple(claim_ids) if claim_ids is not None else None,
                           tuple(document_ids) if document_ids is not None else None,
                           label or "Finding evidence")
        if self._closed or self._ctx.ws is None:
            return
        before = self.busy
        # A run prepares what it needs itself: preparing ahead no longer has to wait its turn.
        self._queue = [r for r in self._queue if not r.prepare]
        if req.full:
            # A full run covers every narrower one still waiting.
            self._queue = [req]
        elif any(r.full or r == req for r in self._queue):
            return
        else:
            self._queue.append(req)
        self._start_next()
        self._say_busy(before)

    def find_all(self) -> None:
        self.request(label="Finding evidence for all open claims")

    def match_unmatched(self) -> None:
        """Queue the sources whose matching was interrupted (a crash, a cancel, a kill);
        the run finishes with None when there were none."""
        if self._closed or self._ctx.ws is None or getattr(self._ctx.ws, "read_only", False):
            return
        req = MatchRequest(label="Matching sources left unmatched", unmatched=True)
        if any(r.full or r == req for r in self._queue):
            return
        before = self.busy
        self._queue.append(req)
        self._start_next()
        self._say_busy(before)

    def prepare(self) -> None:
        """Queue, quietly, the preparation of the first new source's match (reads only; not
        shown, not counted as busy, dropped when a run is asked for)."""
        ws = self._ctx.ws
        if self._closed or ws is None or getattr(ws, "read_only", False) or self._queue:
            return  # nothing will be matched, or a run waiting prepares what it needs itself
        self._queue.append(MatchRequest(label="Preparing the matcher", prepare=True))
        self._start_next()

    def _say_busy(self, before: bool) -> None:
        if self.busy != before:
            emit(self.busy_changed, self.busy)

    def cancel(self) -> None:
        """Stop the running run at its next progress step and drop the queued ones."""
        before = self.busy
        # Only waiting behind the quiet preparing: nobody will hear of that run's end.
        dropped = self.waiting is not None and (self._running is None or self._running.prepare)
        self._queue.clear()
        if self._running is not None:
            self._cancel.set()
        self._say_busy(before)
        if dropped and not self._closed:
            emit(self.cancelled)

    def shutdown(self, wait: bool = True) -> None:
        self.cancel()
        self._closed = True  # a run waiting for its write gives up (see _write_on_db)
        self._runner.shutdown(wait=wait)

    # --- running --------------------------------------------------------------------------

    def _start_next(self) -> None:
        if self._running is not None or not self._queue or self._closed:
            return
        ws = self._ctx.ws
        if ws is None:
            self._queue.clear()
            return
        req = self._queue.pop(0)
        self._running = req
        self._cancel = cancel = threading.Event()  # a fresh flag: a late cancel hits only its run
        emit(self.started, req.label)
        self._runner.run(lambda: self._work(ws, req, cancel),
                         lambda fut: self._on_deliver((fut, req)))

    def _work(self, ws: Any, req: MatchRequest, cancel: threading.Event) -> Any:
        """Background thread: no widgets here, only signals."""
        # Cheap to import: the matcher itself (numpy, the engine) loads only once a run has
        # work, so the start-up check that finds none does not hold the interpreter just as
        # the first keys are typed.
        from desktop.ops.matching import match_unmatched_sources, prepare_matching, run_matching

        last = [0.0]

        def progress(done: int, total: int, _what: str) -> bool:  # see desktop.progress
            if cancel.is_set():
                return False
            now = time.monotonic()
            if done in (1, total) or now - last[0] >= PROGRESS_EVERY_S:
                last[0] = now
                emit(self.progress, done, total)
            return not cancel.is_set()

        if cancel.is_set():
            raise Cancelled("matching cancelled")
        if req.prepare:
            return prepare_matching(ws, progress=progress)
        if req.unmatched:
            return match_unmatched_sources(ws, progress=progress, writer=self._write_on_db)
        return run_matching(ws, claim_ids=req.claim_ids, document_ids=req.document_ids,
                            progress=progress, writer=self._write_on_db)

    def _write_on_db(self, fn: Callable[[], Any]) -> Any:
        """Matching thread: hand a write to the window's single writer and wait for it."""
        done: Future[Any] = Future()
        emit(self._write_request, (fn, done))
        while True:
            try:
                return done.result(timeout=0.1)
            except FutureTimeout:
                if self._closed:  # the window is closing: the writer will not run it
                    raise Cancelled("matching cancelled") from None

    @Slot(object)
    def _on_write_request(self, item: tuple[Callable[[], Any], Future[Any]]) -> None:
        fn, done = item

        def write() -> None:  # on the database worker
            try:
                done.set_result(fn())
            except BaseException as exc:  # handed to the waiting matching thread
                done.set_exception(exc)

        if self._closed or self._ctx.tasks.run(write) is None:
            done.set_exception(RuntimeError("the database worker has stopped"))

    @Slot(object)
    def _on_deliver(self, item: tuple[Future[Any], MatchRequest]) -> None:
        fut, req = item
        before = self.busy
        self._running = None
        if self._closed:
            return  # shut down: nobody is listening any more
        exc = None if fut.cancelled() else fut.exception()
        if req.prepare:
            # Only ahead of time: the first match does the same work and reports its errors.
            if exc is not None and not isinstance(exc, Cancelled):
                log.warning("preparing the matcher failed: %s", exc)
        elif fut.cancelled() or isinstance(exc, Cancelled):
            emit(self.cancelled)
        elif exc is not None:
            emit(self.failed, exc)
        else:
            run, changes = fut.result()
            self._ctx.publish(changes)  # the views showing suggestions follow these
            if run is not None:  # None: the start-up check found nothing to match
                emit(self.finished, run)
        self._start_next()
        self._say_busy(before)


def _quiet(run: MatchRequest | None) -> bool:
    """Runs not shown in the status bar: the start-up check for unmatched sources (shown once
    it has work) and preparing the matcher."""
    return run is not None and (run.unmatched or run.prepare)


class MatchingStatus(QWidget):
    """Status-bar progress of the running match, with its Cancel button; hidden when idle."""

    def __init__(self, job: MatchingJob, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self._label = ""
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.cancel_button = QToolButton()
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop matching; nothing of this run is stored")
        self.cancel_button.clicked.connect(job.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        job.started.connect(self._started)
        job.progress.connect(self._progress)
        job.busy_changed.connect(self._busy)
        self.hide()

    def _busy(self, busy: bool) -> None:
        running, waiting = self.job.running, self.job.waiting
        if busy and running is not None and running.prepare and waiting is not None:
            # Asked for while the matcher is being prepared: shown (and cancellable) at once.
            self._started(waiting.label, shown=True)
            return
        # The start-up check for unmatched sources shows itself only once it has work: most
        # starts find none, and a flash in the status bar would say nothing.
        self.setVisible(busy and not _quiet(running))

    def _started(self, label: str, shown: bool = False) -> None:
        self.setVisible(shown or not _quiet(self.job.running))
        self._label = label
        self.label.setText(f"{label}…")
        self.bar.setRange(0, 0)  # busy until the first step is reported

    def _progress(self, done: int, total: int) -> None:
        if self.job.running is None or self.job.running.prepare:
            return  # a late update of a run already over; preparing is not shown
        self.show()
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.label.setText(f"{self._label}… {done:,} / {total:,}")


class MatchingFeature(QObject):
    """Suggested evidence wired into a main window: the tab, the inbox, the job, the menus."""

    def __init__(self, win: Any) -> None:
        from PySide6.QtGui import QAction, QKeySequence

        from desktop.ui.inbox import InboxDock
        from desktop.ui.suggestions_panel import SuggestionDecisions, SuggestionsPanel

        super().__init__(win)
        self.win = win
        self._inbox_sized = False
        self._pause: AfterPause | None = None  # preparing the matcher, once the person pauses
        self._listed = False  # the workspace has been listed once (preparing may start)
        self.lexical_noted = False  # "words only" is said once per window, not every run
        ctx = win.ctx
        self.job = MatchingJob(ctx, self)
        self.decisions = SuggestionDecisions(ctx, win.undo_stack, win)
        self.panel = SuggestionsPanel(ctx, self.decisions)
        self.tab_index = win.add_detail_tab(self.panel, "Suggested evidence")
        self.inbox = InboxDock(ctx, self.decisions, win)
        win.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inbox)
        self.inbox.hide()
        self.inbox.visibilityChanged.connect(self._size_inbox)
        self.status = MatchingStatus(self.job)
        bar = win.statusBar()
        bar.insertPermanentWidget(0, self.status)
        bar.insertPermanentWidget(1, self.inbox.count_button)

        self.find_all_action = QAction("&Find evidence for all open claims", win)
        self.find_all_action.setShortcut(QKeySequence("Ctrl+M"))
        self.find_all_action.setStatusTip("Match every open claim against every later source "
                                          "(Ctrl+M)")
        self.find_all_action.triggered.connect(lambda _c=False: self.job.find_all())
        self.cancel_action = QAction("&Cancel matching", win)
        self.cancel_action.setEnabled(False)
        self.cancel_action.triggered.connect(lambda _c=False: self.job.cancel())
        self.inbox_action = self.inbox.toggleViewAction()
        self.inbox_action.setText("Suggestions &inbox")
        self.inbox_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.inbox_action.setStatusTip("Pending suggestions across all claims (Ctrl+Shift+M)")
        for action in (self.find_all_action, self.cancel_action, self.inbox_action):
            win.addAction(action)
        tools = win.menuBar().addMenu("&Tools")
        win.menuBar().insertMenu(win.help_menu.menuAction(), tools)  # keep Help last
        tools.addAction(self.find_all_action)
        tools.addAction(self.cancel_action)
        win.view_menu.addSeparator()
        win.view_menu.addAction(self.inbox_action)

        win.current_claim_changed.connect(self.panel.set_claim)
        self.panel.count_changed.connect(self._tab_count)
        self.panel.find_requested.connect(self.match_claim)
        self.inbox.open_claim.connect(self.show_claim)
        self.job.busy_changed.connect(self.cancel_action.setEnabled)
        self.job.finished.connect(self._finished)
        self.job.cancelled.connect(
            lambda: bar.showMessage("Matching cancelled: nothing was stored.", 8000))
        self.job.failed.connect(self._failed)
        win.actions_.created.connect(self.match_claim)
        win.imported.connect(self.after_import)
        win.settings_opening.connect(self._settings)
        win.claims.model.ids_complete.connect(self._first_list)
        ctx.changed.connect(self._changed)
        win.installEventFilter(self)
        self._restore_tab()

    def show_claim(self, claim_id: int) -> None:
        """Select the claim in the list (or show it alone if filtered out) at its suggestions."""
        win = self.win
        if not win.claims.select_claim(claim_id):
            win.show_claim_detail(claim_id)
        win.detail.tabs.setCurrentWidget(self.panel)
        self.panel.list.setFocus()

    def match_claim(self, claim_id: int) -> None:
        if claim_id >= 0:
            self.job.request(claim_ids=[claim_id],
                             label=f"Finding evidence for claim {claim_id}")

    def after_import(self, result: Any) -> None:
        """A later source is matched against all open claims; an article's new claims
        against all sources."""
        if not getattr(result, "created", False):
            return
        doc = result.document
        if doc.kind == "source":
            self.job.request(document_ids=[doc.id],
                             label=f"Matching “{doc.title or 'the new source'}”"[:80])
        elif result.claims:
            self.job.request(claim_ids=[c.id for c in result.claims],
                             label="Finding evidence for the new claims")

    def _size_inbox(self, visible: bool) -> None:
        # Opened for the first time: a third of the window, leaving the claims list usable.
        if visible and self.inbox.isFloating() is False and not self._inbox_sized:
            self._inbox_sized = True
            width = max(self.win.width() // 3, 360)
            QTimer.singleShot(0, lambda: self.win.resizeDocks([self.inbox], [width],
                                                             Qt.Orientation.Horizontal))

    def _tab_count(self, n: int) -> None:
        self.win.detail.tabs.setTabText(self.tab_index, f"Suggested evidence ({n})" if n
                                        else "Suggested evidence")

    def _finished(self, run: Any) -> None:
        message = (f"Matching done: {run.new:,} new suggestion{'s' if run.new != 1 else ''} "
                   f"({run.claims:,} claims × {run.passages:,} passages).")
        if not getattr(run, "semantic", True) and not self.lexical_noted:
            # Short enough for the status bar beside its permanent widgets.
            self.lexical_noted = True
            message += " Matched by words only: the sentence model is not installed."
            self.win.statusBar().showMessage(message, 15000)
        else:
            self.win.statusBar().showMessage(message, 8000)

    def _failed(self, exc: BaseException) -> None:
        from desktop.ui.ops import report_error

        report_error(self.win, exc)

    def _first_list(self) -> None:
        # The workspace is open and listed: count what arrived since the last visit.
        self.win.claims.model.ids_complete.disconnect(self._first_list)
        self.inbox.refresh()
        # Sources whose matching was cut short last time are matched now, in the background.
        self.job.match_unmatched()
        # The first source imported is then matched as fast as the next (open claims indexed,
        # their vectors read, the model loaded); once the person has paused, since keys typed
        # meanwhile share the interpreter with it (a filter keystroke took up to 0.3 s).
        self._listed = True
        self._prepare_after_pause()

    def _prepare_after_pause(self) -> None:
        if self._pause is None:
            self._pause = AfterPause(PREPARE_AFTER_MS, self._prepare, self)

    def _prepare(self) -> None:
        self._pause = None
        self.job.prepare()

    def _changed(self, changes: Any) -> None:
        # Claims added, edited, settled or removed: the index kept of the open claims may no
        # longer fit them. Preparing again is cheap when it still does (nothing is rebuilt).
        if self._listed and (changes.claims or changes.claims_reset):
            self._prepare_after_pause()

    def _settings(self, dlg: Any) -> None:
        from desktop.ui.settings_matching import ThresholdsBox

        dlg.add_section(ThresholdsBox(self.win.ctx, dlg))

    def eventFilter(self, obj: QObject, event: Any) -> bool:
        from PySide6.QtCore import QEvent

        if obj is self.win and event.type() == QEvent.Type.Close:
            self._listed = False
            if self._pause is not None:
                self._pause.stop()
                self._pause = None
            # Before the window closes the workspace: stop matching and wait for its thread.
            self.job.shutdown(wait=True)
            if self.win.persist:
                self._save_tab()
        return False

    # Whoever works through suggestions finds the tab open again at the next start.
    def _restore_tab(self) -> None:
        if str(window_settings().value(TAB_KEY, "")) == "suggestions":
            self.win.detail.tabs.setCurrentWidget(self.panel)

    def _save_tab(self) -> None:
        s = window_settings()
        current = self.win.detail.tabs.currentWidget() is self.panel
        s.setValue(TAB_KEY, "suggestions" if current else "")
        s.sync()


def install_matching(win: Any) -> MatchingFeature:
    """Add suggested evidence to a MainWindow; call before its state is restored (the dock)."""
    return MatchingFeature(win)
