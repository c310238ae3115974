"""Tools → Search the sources…: the claim's nearest passages, opened in their source, linked."""

from __future__ import annotations

import os
from typing import Any

from ui_helpers import fetch, settle

from db.queries.documents import store_document
from db.queries.evidence import evidence_for_claim
from desktop.ingest.sentences import sentence_spans

STATEMENT = ("No decision on sending troops has been taken, a ministry official said. "
             "The Ministry confirmed that Türkiye has offered to contribute personnel to an "
             "international stabilisation force. "
             "The weather in Istanbul was <b>mild</b> and sunny all week.")


def test_search_opens_the_passage_in_its_source_to_link_it(qtbot: Any, open_window: Any,
                                                           demo_ws: Any) -> None:
    with demo_ws.session() as s:
        doc_id = store_document(s, text=STATEMENT, kind="source", actor="t",
                                spans=sentence_spans(STATEMENT), title="Statement").document.id
    win = open_window(demo_ws)
    row = next(r for r in range(win.claims.model.rowCount())
               if "deploy troops" in win.claims.model.record(r).text)
    assert win.claims.select_claim(win.claims.model.claim_id(row))
    qtbot.waitUntil(lambda: "deploy troops" in win.detail.claim_text)
    cid = win.detail.claim_id
    win.search_action.trigger()
    dlg = win.search_dialog
    assert dlg.isVisible() and dlg.query.text() == win.detail.claim_text
    qtbot.waitUntil(lambda: dlg.results.count() == 3, timeout=60_000)
    first = dlg.results.item(0).text()
    assert "contribute personnel" in first and first.startswith("0.")
    assert "Statement" in first
    # user text is shown as written, never as markup
    assert any("<b>mild</b>" in dlg.results.item(i).text() for i in range(3))
    # own words: the passage that has them comes first
    dlg.query.setText("troops")
    dlg.search_button.click()
    qtbot.waitUntil(lambda: dlg.results.count() == 3
                    and "No decision" in dlg.results.item(0).text(), timeout=30_000)
    dlg.results.itemActivated.emit(dlg.results.item(0))
    sources = win.sources
    qtbot.waitUntil(lambda: sources.document is not None and sources.document.id == doc_id
                    and sources.current_passage() is not None
                    and sources.current_passage().text.startswith("No decision"))
    sources.stance_buttons["contradicts"].click()
    qtbot.waitUntil(lambda: len(fetch(demo_ws, lambda s: evidence_for_claim(s, cid))) == 1)
    ev = fetch(demo_ws, lambda s: evidence_for_claim(s, cid))[0]
    assert ev.stance == "contradicts" and ev.passage_text.startswith("No decision")
    settle(qtbot, win)
    if os.environ.get("FACTDESK_SHOT"):
        dlg.grab().save(os.environ["FACTDESK_SHOT"])


def test_an_empty_search_is_one_message(qtbot: Any, demo_window: Any,
                                        shown_messages: list[tuple[str, str]]) -> None:
    win = demo_window
    win.search_action.trigger()
    dlg = win.search_dialog
    qtbot.waitUntil(lambda: dlg.search_button.isEnabled(), timeout=60_000)
    dlg.query.setText("   ")
    dlg.search_button.click()
    qtbot.waitUntil(lambda: bool(shown_messages))
    assert shown_messages == [("error", "type words or a sentence to search the sources for")]
    assert dlg.search_button.isEnabled()


def test_a_long_passage_is_shortened_in_the_list(qtbot: Any, open_window: Any,
                                                 demo_ws: Any) -> None:
    long_text = "Troops " + " ".join(["were discussed at length"] * 120) + "."
    with demo_ws.session() as s:
        store_document(s, text=long_text, kind="source", actor="t",
                       spans=[(0, len(long_text))], title="Transcript")
    win = open_window(demo_ws)
    win.search_action.trigger()
    dlg = win.search_dialog
    dlg.search("troops")
    qtbot.waitUntil(lambda: dlg.results.count() == 1, timeout=60_000)
    shown = dlg.results.item(0).text().split("\n", 1)[1]
    assert shown.endswith(" …") and len(shown) <= 402
    assert long_text.startswith(shown[:-2])


def test_a_result_is_linked_from_the_search_and_undone_in_the_window(
        qtbot: Any, open_window: Any, demo_ws: Any) -> None:
    from PySide6.QtCore import Qt

    with demo_ws.session() as s:
        store_document(s, text=STATEMENT, kind="source", actor="t",
                       spans=sentence_spans(STATEMENT), title="Statement")
    win = open_window(demo_ws)
    cid = win.detail.claim_id
    qtbot.waitUntil(lambda: bool(win.detail.claim_text))
    win.search_action.trigger()
    dlg = win.search_dialog
    assert dlg.link_label.text() == f"Link to claim {cid} as:"
    dlg.search("personnel to a stabilisation force")
    qtbot.waitUntil(lambda: dlg.results.count() == 3
                    and "contribute personnel" in dlg.results.item(0).text(), timeout=60_000)
    assert all(b.isEnabled() for b in dlg.link_buttons.values())
    qtbot.keyClick(dlg.results, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(fetch(demo_ws, lambda s: evidence_for_claim(s, cid))) == 1)
    ev = fetch(demo_ws, lambda s: evidence_for_claim(s, cid))[0]
    assert ev.stance == "supports" and "contribute personnel" in ev.passage_text
    assert (ev.excerpt_start, ev.excerpt_end) == (None, None)  # the whole passage
    qtbot.waitUntil(lambda: dlg.status.text().startswith(f"Linked to claim {cid} as supports"))
    # the result says so, once the window has the link
    qtbot.waitUntil(lambda: "✓ linked as supports" in dlg.results.item(0).text())
    assert "✓" not in dlg.results.item(1).text()
    win.undo_stack.undo()
    qtbot.waitUntil(lambda: not fetch(demo_ws, lambda s: evidence_for_claim(s, cid)))
    qtbot.waitUntil(lambda: "✓" not in dlg.results.item(0).text())
    # no claim shown in the window: nothing to link to
    dlg.set_claim(-1)
    assert not any(b.isEnabled() for b in dlg.link_buttons.values())


def test_the_search_keeps_its_size(qtbot: Any) -> None:
    from desktop.ui.ops import AppContext
    from desktop.ui.search_dialog import SearchDialog

    ctx = AppContext()
    try:
        first = SearchDialog(ctx)
        qtbot.addWidget(first)
        first.show()
        first.resize(760, 500)  # within the offscreen screen (800 wide)
        size = (first.width(), first.height())
        assert size != (720, 560)
        first.hide()
        again = SearchDialog(ctx)
        qtbot.addWidget(again)
        assert (again.width(), again.height()) == size
        shot = SearchDialog(ctx, persist=False)  # screenshot mode: neither read nor written
        qtbot.addWidget(shot)
        assert (shot.width(), shot.height()) == (720, 560)
        for dlg in (first, again, shot):
            dlg.shutdown()
    finally:
        ctx.close()
