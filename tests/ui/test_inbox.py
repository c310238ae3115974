"""The suggestions inbox: new suggestions since the last visit, opening a claim from it, and
deciding from it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from ui_helpers import fetch, settle

from db.queries.claims import ClaimFilter, claim_ids
from db.queries.documents import store_document
from db.queries.evidence import evidence_for_claim
from db.queries.suggestions import count_pending, list_suggestions
from desktop.core.config import load_config
from desktop.ingest.sentences import sentence_spans
from desktop.ui.inbox import SEEN_KEY, seen_at

pytestmark = pytest.mark.gui
FIRST = ("The amount of aid entering Gaza remains below what Israel pledged, the UN said. "
         "Hamas is ready to hand over governance of Gaza to a Palestinian-led body, an aide said.")
SECOND = "A non-political committee is being formed to run the daily administration of Gaza."




def match_source(qtbot: Any, win: Any, ws: Any, text: str) -> Any:
    """Store a later source as the import would, and match it in the background."""
    with ws.session() as s:
        doc = store_document(s, text=text, kind="source", actor="t", spans=sentence_spans(text),
                             title="Later report").document
    with qtbot.waitSignal(win.matching.job.finished, timeout=60_000) as blocker:
        win.matching.job.request(document_ids=[doc.id])
    settle(qtbot, win)
    return blocker.args[0]


def open_inbox(qtbot: Any, win: Any) -> Any:
    inbox = win.matching.inbox
    with qtbot.waitSignal(inbox.loaded, timeout=10_000):
        win.matching.inbox_action.trigger()
    assert inbox.isVisible()
    return inbox


def test_new_count_clears_after_a_visit_and_counts_again_from_there(
        qtbot: Any, demo_window: Any, demo_ws: Any) -> None:
    win = demo_window
    inbox = win.matching.inbox
    assert seen_at() is None and inbox.new_count == 0 and not inbox.count_button.isVisible()
    run = match_source(qtbot, win, demo_ws, FIRST)
    pending = fetch(demo_ws, count_pending)
    assert run.new == pending >= 2
    qtbot.waitUntil(lambda: inbox.new_count == pending)
    assert inbox.count_button.isVisible()
    assert inbox.count_button.text() == f"{pending} new suggestions"

    open_inbox(qtbot, win)
    first_ids = {r.id for r in fetch(demo_ws, lambda s: list_suggestions(s))}
    assert {r.id for r in inbox.list.suggestions.records} == first_ids
    assert inbox.list.suggestions.new_ids == first_ids  # never visited: all of them are new
    assert f"{pending} new since your last visit" in inbox.heading.text()
    assert inbox.new_count == 0 and not inbox.count_button.isVisible()
    assert SEEN_KEY in load_config() and seen_at() is not None
    texts = {r.claim_text for r in inbox.list.suggestions.records}
    assert any("amount of aid" in t for t in texts) and any("Hamas" in t for t in texts)

    win.matching.inbox_action.trigger()  # close it; what arrives now is new again
    assert not inbox.isVisible()
    match_source(qtbot, win, demo_ws, SECOND)
    later = {r.id for r in fetch(demo_ws, lambda s: list_suggestions(s))} - first_ids
    assert later
    qtbot.waitUntil(lambda: inbox.new_count == len(later))
    open_inbox(qtbot, win)
    assert inbox.list.suggestions.new_ids == later
    # New ones are listed first.
    assert {r.id for r in inbox.list.suggestions.records[:len(later)]} == later
    assert inbox.new_count == 0


def test_opening_a_row_selects_the_claim_and_decisions_work_from_the_inbox(
        qtbot: Any, demo_window: Any, demo_ws: Any) -> None:
    win = demo_window
    match_source(qtbot, win, demo_ws, FIRST)
    inbox = open_inbox(qtbot, win)
    hamas = fetch(demo_ws, lambda s: claim_ids(s, ClaimFilter(search="Hamas is ready")))[0]
    row = next(i for i, r in enumerate(inbox.list.suggestions.records) if r.claim_id == hamas)
    rec = inbox.list.suggestions.records[row]
    inbox.list.setFocus()
    inbox.list.setCurrentIndex(inbox.list.suggestions.index(row))
    panel = win.matching.panel
    with qtbot.waitSignal(panel.loaded, timeout=10_000,
                          check_params_cb=lambda cid: cid == hamas):
        qtbot.keyClick(inbox.list, Qt.Key.Key_Return)
    assert win.claims.current_claim_id == hamas == win.detail.claim_id
    assert win.detail.tabs.currentWidget() is panel
    assert rec.id in [r.id for r in panel.list.suggestions.records]

    # Accept from the inbox by its button: evidence stored, the row leaves both lists.
    inbox.list.setCurrentIndex(inbox.list.suggestions.index(
        inbox.list.suggestions.row_of(rec.id)))
    inbox.buttons["supports"].click()
    qtbot.waitUntil(lambda: fetch(demo_ws, lambda s: evidence_for_claim(s, hamas)) != [])
    settle(qtbot, win)
    ev = fetch(demo_ws, lambda s: evidence_for_claim(s, hamas))
    assert [(e.stance, e.origin, e.passage_id) for e in ev] == \
        [("supports", "matched", rec.passage_id)]
    qtbot.waitUntil(lambda: rec.id not in [r.id for r in inbox.list.suggestions.records])
    qtbot.waitUntil(lambda: rec.id not in [r.id for r in panel.list.suggestions.records])
    qtbot.waitUntil(lambda: win.detail.evidence_heading.text() == "Evidence (1)")

    # Reject from the inbox by key, then undo brings it back to the inbox.
    other = inbox.list.suggestions.records[0]
    inbox.list.setCurrentIndex(inbox.list.suggestions.index(0))
    qtbot.keyClick(inbox.list, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: fetch(demo_ws, lambda s: [r.id for r in list_suggestions(
        s, state="rejected")]) == [other.id])
    settle(qtbot, win)
    assert other.id not in [r.id for r in inbox.list.suggestions.records]
    win.undo_stack.undo()
    qtbot.waitUntil(lambda: other.id in [r.id for r in inbox.list.suggestions.records])
    assert fetch(demo_ws, lambda s: list_suggestions(s, state="rejected")) == []
