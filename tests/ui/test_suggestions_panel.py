"""Suggested evidence through the real window: background matching with progress and cancel,
highlighted passages, decisions by key and button, undo, automatic runs, thresholds."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextDocument
from ui_helpers import dialog_of, fetch, settle

from db.queries.claims import ClaimFilter, claim_ids, get_claim
from db.queries.documents import store_document
from db.queries.evidence import evidence_for_claim
from db.queries.suggestions import list_suggestions
from desktop.core.suggest import thresholds
from desktop.ingest.sentences import sentence_spans
from desktop.ui.dialogs import ClaimDialog
from desktop.ui.matching_job import THREAD_PREFIX
from desktop.ui.settings_matching import ThresholdsBox
from desktop.ui.suggestion_list import MARK_BG

pytestmark = pytest.mark.gui
AID = "The amount of aid entering Gaza remains below what Israel pledged, the UN said."
HAMAS = "Hamas is ready to hand over governance of Gaza to a Palestinian-led body, an aide said."
WEATHER = "The weather in Istanbul was mild and sunny all week."
HOSTILE = "<b>x</b><img src=x>"




def store_source(ws: Any, text: str, title: str = "Later report") -> int:
    with ws.session() as s:
        return store_document(s, text=text, kind="source", actor="t", spans=sentence_spans(text),
                              title=title, outlet="Wire").document.id


def claim_of(ws: Any, words: str) -> int:
    return fetch(ws, lambda s: claim_ids(s, ClaimFilter(search=words)))[0]


def run_job(qtbot: Any, win: Any, start: Any = None) -> Any:
    """Start matching (all open claims unless `start` does it) and wait for its result."""
    job = win.matching.job
    with qtbot.waitSignal(job.finished, timeout=60_000) as blocker:
        (start or win.matching.find_all_action.trigger)()
    settle(qtbot, win)
    return blocker.args[0]


def show_claim(qtbot: Any, win: Any, claim_id: int) -> Any:
    panel = win.matching.panel
    with qtbot.waitSignal(panel.loaded, timeout=10_000,
                          check_params_cb=lambda cid: cid == claim_id):
        assert win.claims.select_claim(claim_id)
    win.detail.tabs.setCurrentWidget(panel)
    settle(qtbot, win)
    return panel


def marked_ranges(doc: QTextDocument) -> list[tuple[int, int]]:
    """Character ranges of the document drawn with the highlight background, merged."""
    out: list[tuple[int, int]] = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.charFormat().background().color() == MARK_BG:
                a, b = frag.position(), frag.position() + frag.length()
                if out and out[-1][1] == a:
                    out[-1] = (out[-1][0], b)
                else:
                    out.append((a, b))
            it += 1
        block = block.next()
    return out


def test_job_runs_off_the_gui_thread_and_the_tab_highlights_the_spans(
        qtbot: Any, demo_window: Any, demo_ws: Any) -> None:
    win = demo_window
    store_source(demo_ws, f"{AID} {WEATHER}")
    steps: list[tuple[int, int]] = []
    shown: list[bool] = []
    win.matching.job.progress.connect(lambda d, t: steps.append((d, t)))
    win.matching.job.progress.connect(lambda *_a: shown.append(win.matching.status.isVisible()))
    run = run_job(qtbot, win)
    assert shown and all(shown)  # progress on screen while it ran
    assert not win.matching.status.isVisible()  # and hidden after
    assert run.claims == 11 and run.new >= 1
    # one progress: the 13 texts embedded, then each of the 2 passages looking up its claims
    assert run.embedded == 13
    assert steps and steps[-1] == (15, 15)
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)
    assert "new suggestion" in win.statusBar().currentMessage()

    aid = claim_of(demo_ws, "amount of aid")
    panel = show_claim(qtbot, win, aid)
    stored = fetch(demo_ws, lambda s: list_suggestions(s, claim_id=aid))
    records = panel.list.suggestions.records
    assert [r.id for r in records] == [r.id for r in stored] and records
    assert [r.score for r in records] == sorted((r.score for r in records), reverse=True)
    top = records[0]
    assert top.passage_text == AID and top.strong and top.spans
    assert win.detail.tabs.tabText(win.matching.tab_index) == \
        f"Suggested evidence ({len(records)})"
    doc = panel.list.delegate.document(top)
    assert doc.toPlainText() == AID
    assert marked_ranges(doc) == list(top.spans)
    assert {AID[a:b].lower() for a, b in top.spans} >= {"aid", "gaza", "israel"}
    assert all(not r.passage_text.startswith("The weather") for r in records)


def test_accept_by_key_updates_the_tally_and_undo_takes_it_back(
        qtbot: Any, demo_window: Any, demo_ws: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    win = demo_window
    asked: list[str] = []
    monkeypatch.setattr("desktop.ui.messages.confirm", lambda *a, **k: asked.append("x"))
    store_source(demo_ws, AID)
    run_job(qtbot, win)
    aid = claim_of(demo_ws, "amount of aid")
    panel = show_claim(qtbot, win, aid)
    top = panel.list.suggestions.records[0]
    panel.list.setFocus()
    panel.list.setCurrentIndex(panel.list.suggestions.index(0))
    qtbot.keyClick(panel.list, Qt.Key.Key_C)
    qtbot.waitUntil(lambda: fetch(demo_ws, lambda s: evidence_for_claim(s, aid)) != [])
    settle(qtbot, win)
    ev = fetch(demo_ws, lambda s: evidence_for_claim(s, aid))
    assert [(e.stance, e.origin, e.passage_id) for e in ev] == \
        [("contradicts", "matched", top.passage_id)]
    assert fetch(demo_ws, lambda s: get_claim(s, aid)).contradicts == 1
    row = win.claims.model.row_of(aid)
    qtbot.waitUntil(lambda: win.claims.model.record(row).contradicts == 1)
    qtbot.waitUntil(lambda: win.detail.evidence_heading.text() == "Evidence (1)")
    assert top.id not in [r.id for r in panel.list.suggestions.records]

    win.undo_stack.undo()
    qtbot.waitUntil(lambda: top.id in [r.id for r in panel.list.suggestions.records])
    settle(qtbot, win)
    assert fetch(demo_ws, lambda s: evidence_for_claim(s, aid)) == []
    assert fetch(demo_ws, lambda s: get_claim(s, aid)).contradicts == 0
    qtbot.waitUntil(lambda: win.detail.evidence_heading.text() == "Evidence (0)")
    win.undo_stack.redo()
    qtbot.waitUntil(lambda: top.id not in [r.id for r in panel.list.suggestions.records])
    settle(qtbot, win)
    assert [e.stance for e in fetch(demo_ws, lambda s: evidence_for_claim(s, aid))] == \
        ["contradicts"]
    assert asked == []  # the keys never reached the window's "delete claim"


def test_reject_stays_rejected_across_runs_and_can_be_undone(
        qtbot: Any, demo_window: Any, demo_ws: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    win = demo_window
    asked: list[str] = []
    monkeypatch.setattr("desktop.ui.messages.confirm", lambda *a, **k: asked.append("x"))
    store_source(demo_ws, f"{AID} {HAMAS}")
    run_job(qtbot, win)
    hamas = claim_of(demo_ws, "Hamas is ready")
    panel = show_claim(qtbot, win, hamas)
    before = list(panel.list.suggestions.records)
    gone = before[0]
    panel.list.setFocus()
    panel.list.setCurrentIndex(panel.list.suggestions.index(0))
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: fetch(demo_ws, lambda s: list_suggestions(
        s, claim_id=hamas, state="rejected")) != [])
    settle(qtbot, win)
    assert gone.id not in [r.id for r in panel.list.suggestions.records]
    assert asked == []
    assert fetch(demo_ws, lambda s: get_claim(s, hamas)).deleted is False

    again = run_job(qtbot, win)  # matching again brings nothing back
    assert again.new == 0
    assert gone.id not in [r.id for r in panel.list.suggestions.records]
    assert fetch(demo_ws, lambda s: [r.id for r in list_suggestions(s, claim_id=hamas)]) == \
        [r.id for r in before[1:]]

    win.undo_stack.undo()
    qtbot.waitUntil(lambda: gone.id in [r.id for r in panel.list.suggestions.records])
    assert [r.id for r in panel.list.suggestions.records] == [r.id for r in before]
    # The button does the same as the key.
    panel.list.setCurrentIndex(panel.list.suggestions.index(0))
    panel.buttons[""].click()
    qtbot.waitUntil(lambda: gone.id not in [r.id for r in panel.list.suggestions.records])
    settle(qtbot, win)
    assert fetch(demo_ws, lambda s: list_suggestions(s, claim_id=hamas, state="rejected"))[0] \
        .id == gone.id


def test_cancel_button_stops_the_run_and_nothing_is_stored(
        qtbot: Any, demo_window: Any, demo_ws: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import desktop.core.suggest as core

    win = demo_window
    store_source(demo_ws, f"{AID} {HAMAS}")
    real = core.suggest
    reached, go = threading.Event(), threading.Event()
    where: list[str] = []

    def held(ws: Any, **kw: Any) -> Any:
        job_progress = kw["progress"]

        def progress(done: int, total: int, what: str) -> bool:
            # First step: wait for the user's Cancel, then ask the job whether to go on.
            where.append(threading.current_thread().name)
            reached.set()
            go.wait(10)
            return job_progress(done, total, what)

        return real(ws, **{**kw, "progress": progress})

    monkeypatch.setattr(core, "suggest", held)
    job, status = win.matching.job, win.matching.status
    win.matching.find_all_action.trigger()
    qtbot.waitUntil(reached.is_set, timeout=20_000)
    assert status.isVisible() and job.busy and win.matching.cancel_action.isEnabled()
    assert where[0].startswith(THREAD_PREFIX)
    with qtbot.waitSignal(job.cancelled, timeout=20_000):
        qtbot.mouseClick(status.cancel_button, Qt.MouseButton.LeftButton)
        go.set()
    settle(qtbot, win)
    assert len(where) == 1  # stopped at the first step
    assert fetch(demo_ws, lambda s: list_suggestions(s, state=None)) == []
    assert not status.isVisible() and not job.busy
    assert "cancelled" in win.statusBar().currentMessage()
    # The next run is not affected by the earlier cancel.
    monkeypatch.setattr(core, "suggest", real)
    assert run_job(qtbot, win).new >= 2


def test_new_claim_and_imported_source_are_matched_automatically(
        qtbot: Any, demo_window: Any, demo_ws: Any) -> None:
    win = demo_window
    job = win.matching.job
    with qtbot.waitSignal(job.finished, timeout=60_000) as blocker:
        win.import_document(text=f"{AID} {WEATHER}")
        dlg = win.import_dialog
        qtbot.waitUntil(lambda: not dlg.is_busy() and dlg.prepared is not None, timeout=20_000)
        dlg.kind_combo.setCurrentText("source")
        dlg.title_edit.setText("UN update")
        dlg.import_button.click()
    assert job.running is None
    assert blocker.args[0].passages == len(sentence_spans(f"{AID} {WEATHER}"))
    aid = claim_of(demo_ws, "amount of aid")
    assert [r.passage_text for r in fetch(demo_ws, lambda s: list_suggestions(
        s, claim_id=aid))] == [AID]

    with qtbot.waitSignal(job.finished, timeout=60_000) as blocker:
        win.new_action.trigger()
        claim_dlg = dialog_of(qtbot, win, ClaimDialog)
        claim_dlg.text_edit.setPlainText("Aid entering Gaza is still below what Israel pledged.")
        claim_dlg.accept()
    assert blocker.args[0].claims == 1
    settle(qtbot, win)
    new_id = max(fetch(demo_ws, lambda s: claim_ids(s)))
    found = fetch(demo_ws, lambda s: list_suggestions(s, claim_id=new_id))
    assert [r.passage_text for r in found] == [AID]


def test_hostile_passage_text_is_shown_literally(qtbot: Any, demo_window: Any,
                                                 demo_ws: Any) -> None:
    win = demo_window
    passage = f"The amount of aid entering Gaza remains below what Israel pledged {HOSTILE}."
    store_source(demo_ws, passage, title=HOSTILE)
    run_job(qtbot, win)
    aid = claim_of(demo_ws, "amount of aid")
    panel = show_claim(qtbot, win, aid)
    rec = panel.list.suggestions.records[0]
    assert rec.passage_text == passage and rec.source_title == HOSTILE
    doc = panel.list.delegate.document(rec)
    assert doc.toPlainText() == passage
    start = passage.index(HOSTILE)
    cursor = doc.find(HOSTILE)
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (start, start + len(HOSTILE))
    assert cursor.charFormat().fontWeight() != QFont.Weight.Bold
    block, images = doc.begin(), 0
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            images += it.fragment().charFormat().isImageFormat()
            it += 1
        block = block.next()
    assert images == 0
    assert HOSTILE in panel.list.suggestions.data(panel.list.suggestions.index(0))


def test_thresholds_are_saved_and_bad_ones_refused(qtbot: Any, demo_window: Any,
                                                   demo_ws: Any) -> None:
    win = demo_window
    win.settings_action.trigger()
    dlg = win.settings_dialog
    box = next(s for s in dlg.sections if isinstance(s, ThresholdsBox))
    stored = fetch(demo_ws, thresholds)
    qtbot.waitUntil(box.isEnabled)
    assert box.values() == (stored.weak, stored.strong)

    box.weak_spin.setValue(0.8)
    box.strong_spin.setValue(0.6)
    assert "cannot be above" in box.error_label.text()
    dlg.accept()
    assert dlg.isVisible()  # refused: the dialog stays, nothing is written
    settle(qtbot, win)
    assert fetch(demo_ws, thresholds) == stored

    box.weak_spin.setValue(0.45)
    box.strong_spin.setValue(0.85)
    assert box.error_label.text() == ""
    with qtbot.waitSignal(box.saved, timeout=10_000):
        dlg.accept()
    assert not dlg.isVisible()
    t = fetch(demo_ws, thresholds)
    assert (t.weak, t.strong) == (0.45, 0.85)


def test_highlights_follow_qt_positions_past_astral_characters(qtbot: Any) -> None:
    from desktop.ui.suggestion_list import highlighted_document

    text = "🙂 Aid to Gaza 🙂 fell"
    spans = [(2, 5), (9, 13), (16, 20), (30, 40)]  # the last lies outside: ignored
    doc = highlighted_document(text, spans)
    assert doc.toPlainText() == text
    # Each emoji is two UTF-16 units in the document.
    assert marked_ranges(doc) == [(3, 6), (10, 14), (18, 22)]
    assert [text[a:b] for a, b in spans[:3]] == ["Aid", "Gaza", "fell"]


def test_the_suggestions_tab_is_shown_again_after_a_restart(
        qtbot: Any, open_window: Any, demo_ws: Any) -> None:
    first = open_window(demo_ws)
    first.detail.tabs.setCurrentWidget(first.matching.panel)
    first.close()
    second = open_window(demo_ws)
    assert second.detail.tabs.currentWidget() is second.matching.panel
    second.detail.tabs.setCurrentIndex(0)
    second.close()
    third = open_window(demo_ws)
    assert third.detail.tabs.currentIndex() == 0


def test_matching_computes_on_its_thread_and_writes_through_the_database_worker(
        qtbot: Any, demo_window: Any, demo_ws: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """One writer: the results of a run are stored by the window's database worker."""
    import desktop.core.suggest as core

    win = demo_window
    store_source(demo_ws, f"{AID} {HAMAS}")
    real_store = core.store_suggestions
    writers: list[str] = []

    def store_on(session: Any, found: Any) -> list[int]:
        writers.append(threading.current_thread().name)
        return real_store(session, found)

    monkeypatch.setattr(core, "store_suggestions", store_on)
    run = run_job(qtbot, win)
    assert run.new >= 2
    assert len(writers) == 1 and writers[0].startswith("factdesk-db")
    assert len(fetch(demo_ws, lambda s: list_suggestions(s))) == run.new


def test_a_run_publishes_the_new_suggestions_and_the_views_follow(
        qtbot: Any, demo_window: Any, demo_ws: Any) -> None:
    """The window hears of new suggestions through `Changes`: the ids stored, nothing else."""
    win = demo_window
    aid = fetch(demo_ws, lambda s: claim_ids(s, ClaimFilter(search="amount of aid")))[0]
    show_claim(qtbot, win, aid)
    assert win.matching.panel.list.suggestions.rowCount() == 0
    store_source(demo_ws, f"{AID} {HAMAS}")
    published: list[Any] = []
    win.ctx.changed.connect(published.append)
    with qtbot.waitSignal(win.matching.panel.loaded, timeout=60_000):
        run = run_job(qtbot, win)
    stored = {r.id for r in fetch(demo_ws, lambda s: list_suggestions(s))}
    assert [c.suggestions for c in published] == [frozenset(stored)] and len(stored) == run.new
    assert not published[0].claims and not published[0].claims_reset  # no list reload
    assert win.matching.panel.list.suggestions.rowCount() >= 1  # the claim's new suggestion
