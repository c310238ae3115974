"""Sources whose matching was interrupted are matched when the window opens, in the
background job, without holding the window."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import Qt
from ui_helpers import fetch, settle

from db.queries.claim_edits import add_claim
from db.queries.documents import store_document
from db.queries.matching_state import is_matched
from db.queries.suggestions import list_suggestions
from desktop.ingest.sentences import sentence_spans
from desktop.ui.matching_job import THREAD_PREFIX

pytestmark = pytest.mark.gui
AID = "The amount of aid entering Gaza remains below what Israel pledged, the UN said."


def unmatched_source(ws: Any) -> int:
    """A source stored but never matched, as a killed import leaves it."""
    with ws.session() as s:
        return store_document(s, text=AID, kind="source", actor="t", spans=sentence_spans(AID),
                              title="Later report", outlet="Wire").document.id


@dataclass
class Held:
    """A `desktop.ops.matching` operation, held on its thread until `go` is set."""

    reached: threading.Event = field(default_factory=threading.Event)
    go: threading.Event = field(default_factory=threading.Event)
    threads: list[str] = field(default_factory=list)  # where it ran
    results: list[Any] = field(default_factory=list)  # the first of what each call returned


def hold(monkeypatch: pytest.MonkeyPatch, name: str) -> Held:
    import desktop.ops.matching as ops

    real, held = getattr(ops, name), Held()

    def wrapper(ws: Any, **kw: Any) -> Any:
        held.threads.append(threading.current_thread().name)
        held.reached.set()
        held.go.wait(20)
        out = real(ws, **kw)
        held.results.append(out[0])
        return out

    monkeypatch.setattr(ops, name, wrapper)
    return held


def new_window(qtbot: Any, ws: Any) -> Any:
    from desktop.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1300, 800)
    win.show()
    win.attach(ws)
    return win


def test_an_interrupted_source_is_matched_after_the_first_list(
        qtbot: Any, demo_ws: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    doc_id = unmatched_source(demo_ws)
    assert not fetch(demo_ws, lambda s: is_matched(s, doc_id))
    held = hold(monkeypatch, "match_unmatched_sources")
    go = held.go
    win = new_window(qtbot, demo_ws)
    try:
        job = win.matching.job
        qtbot.waitUntil(held.reached.is_set, timeout=20_000)
        # The run is held on its own thread while the window lists and answers.
        assert held.threads[0].startswith(THREAD_PREFIX)
        settle(qtbot, win)
        assert win.claims.model.rowCount() == 11 and job.busy
        assert win.matching.cancel_action.isEnabled()
        with qtbot.waitSignal(job.finished, timeout=60_000) as blocker:
            go.set()
        assert blocker.args[0].passages >= 1 and blocker.args[0].new >= 1
        assert fetch(demo_ws, lambda s: is_matched(s, doc_id))
        found = fetch(demo_ws, lambda s: list_suggestions(s, state=None))
        assert AID in [r.passage_text for r in found]
        qtbot.waitUntil(lambda: not job.busy, timeout=10_000)
        assert not win.matching.status.isVisible()
    finally:
        go.set()
        win.close()


def test_the_start_up_run_can_be_cancelled_and_stores_nothing(
        qtbot: Any, demo_ws: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import desktop.ops.matching as ops

    doc_id = unmatched_source(demo_ws)
    real = ops.match_unmatched_sources
    reached, go = threading.Event(), threading.Event()

    def held(ws: Any, progress: Any = None, **kw: Any) -> Any:
        def step(done: int, total: int, what: str) -> bool:
            progress(done, total, what)  # reported to the window, then held for the Cancel
            reached.set()
            go.wait(20)
            return progress(done, total, what)

        return real(ws, progress=step, **kw)  # kw: the window's writer

    monkeypatch.setattr(ops, "match_unmatched_sources", held)
    win = new_window(qtbot, demo_ws)
    try:
        job, status = win.matching.job, win.matching.status
        qtbot.waitUntil(reached.is_set, timeout=20_000)
        qtbot.waitUntil(status.isVisible, timeout=5_000)  # it has work: progress and Cancel
        with qtbot.waitSignal(job.cancelled, timeout=20_000):
            qtbot.mouseClick(status.cancel_button, Qt.MouseButton.LeftButton)
            go.set()
        assert fetch(demo_ws, lambda s: list_suggestions(s, state=None)) == []
        assert not fetch(demo_ws, lambda s: is_matched(s, doc_id))  # tried again next start
    finally:
        go.set()
        win.close()


def test_nothing_left_unmatched_shows_nothing(qtbot: Any, demo_window: Any) -> None:
    win = demo_window
    assert not win.matching.job.busy and not win.matching.status.isVisible()
    assert not win.statusBar().currentMessage().startswith("Matching done")


def test_the_matcher_is_prepared_quietly_after_the_first_list(
        qtbot: Any, demo_ws: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once listed, the open claims are indexed and the model loaded on the matching thread,
    out of sight: no progress, no Cancel, not busy; a source imported meanwhile drops it."""
    import desktop.ui.matching_job as job_module

    monkeypatch.setattr(job_module, "PREPARE_AFTER_MS", 0)
    held = hold(monkeypatch, "prepare_matching")
    reached, go, results = held.reached, held.go, held.results
    win = new_window(qtbot, demo_ws)
    try:
        job = win.matching.job
        qtbot.waitUntil(reached.is_set, timeout=20_000)
        assert held.threads[0].startswith(THREAD_PREFIX) and job.running.prepare
        settle(qtbot, win)
        assert not job.busy and not win.matching.cancel_action.isEnabled()
        assert not win.matching.status.isVisible()
        go.set()
        qtbot.waitUntil(lambda: job.running is None, timeout=30_000)
        assert results[0].claims == 11 and results[0].model
        assert not win.matching.status.isVisible()
        assert not win.statusBar().currentMessage().startswith("Matching")
        # queued behind a run, preparing gives way to a run asked for
        go.clear()
        reached.clear()
        job.match_unmatched()
        job.prepare()
        assert [r.prepare for r in job._queue] == [True]
        job.request(document_ids=[unmatched_source(demo_ws)], label="Matching the report")
        assert [r.prepare for r in job._queue] == [False]
        qtbot.waitUntil(lambda: not job.busy, timeout=60_000)
        assert len(results) == 1
    finally:
        go.set()
        win.close()


def test_a_read_only_workspace_is_not_prepared(qtbot: Any, demo_window: Any,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A workspace opened read-only (found damaged) takes no import: nothing to prepare for."""
    job = demo_window.matching.job
    qtbot.waitUntil(lambda: job.running is None, timeout=30_000)
    ws = demo_window.ctx.ws
    monkeypatch.setattr(type(ws), "read_only", property(lambda _self: True))
    job.prepare()
    assert job.running is None and not job._queue
    monkeypatch.undo()
    job.prepare()
    assert job.running is not None and job.running.prepare
    qtbot.waitUntil(lambda: job.running is None, timeout=30_000)


def test_a_run_asked_for_while_preparing_shows_at_once_and_can_be_cancelled(
        qtbot: Any, demo_ws: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import desktop.ui.matching_job as job_module

    monkeypatch.setattr(job_module, "PREPARE_AFTER_MS", 0)
    held = hold(monkeypatch, "prepare_matching")
    reached, go = held.reached, held.go
    win = new_window(qtbot, demo_ws)
    try:
        job, status = win.matching.job, win.matching.status
        qtbot.waitUntil(reached.is_set, timeout=20_000)
        settle(qtbot, win)
        assert not status.isVisible()
        job.request(document_ids=[unmatched_source(demo_ws)], label="Matching the report")
        # waiting behind the preparing, yet shown with its Cancel at once
        assert job.running.prepare and job.busy
        assert status.isVisible() and status.label.text() == "Matching the report…"
        assert win.matching.cancel_action.isEnabled()
        with qtbot.waitSignal(job.cancelled, timeout=5_000):
            qtbot.mouseClick(status.cancel_button, Qt.MouseButton.LeftButton)
        assert not job.busy and not status.isVisible()
        assert not win.matching.cancel_action.isEnabled()
        go.set()
        qtbot.waitUntil(lambda: job.running is None, timeout=30_000)
        assert fetch(demo_ws, lambda s: list_suggestions(s, state=None)) == []
        # asked again, it runs after the preparing it no longer waits for
        with qtbot.waitSignal(job.finished, timeout=60_000):
            job.request(document_ids=[unmatched_source(demo_ws)], label="Matching the report")
    finally:
        go.set()
        win.close()


def test_the_matcher_is_prepared_again_after_claims_change(
        qtbot: Any, demo_ws: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Claims added or edited: prepared again once input pauses (cheap when nothing changed
    for the index); other changes, such as new suggestions, leave it be."""
    import desktop.ui.matching_job as job_module
    from desktop.ops.changes import Changes

    monkeypatch.setattr(job_module, "PREPARE_AFTER_MS", 0)
    held = hold(monkeypatch, "prepare_matching")
    held.go.set()  # not held: only counted

    def calls() -> list[int]:
        return [r.claims for r in held.results]

    win = new_window(qtbot, demo_ws)
    try:
        job = win.matching.job
        qtbot.waitUntil(lambda: calls() == [11] and job.running is None, timeout=30_000)
        win.ctx.publish(Changes(suggestions=frozenset({1})))
        qtbot.wait(300)
        assert calls() == [11]
        with demo_ws.session() as s:
            add_claim(s, text="Aid deliveries fell by half in October.", actor="t")
        win.ctx.publish(Changes(claims_reset=True))
        qtbot.waitUntil(lambda: calls() == [11, 12] and job.running is None, timeout=30_000)
    finally:
        win.close()
