"""Correcting linked evidence in the detail pane: stance, note, removal, each undoable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from ui_helpers import fetch, settle

from db.queries.claims import claim_history
from db.queries.documents import store_document
from db.queries.evidence import add_evidence, evidence_for_claim
from desktop.ingest.sentences import sentence_spans

SOURCE = ("UN figures show that the amount of aid entering Gaza remains well below what "
          "Israel pledged. Trucks fell to 80 a day in October.")


def linked_window(qtbot: Any, open_window: Any, ws: Any) -> tuple[Any, int, int]:
    from db.queries.claims import ClaimFilter, list_claims

    def setup(s: Any) -> tuple[int, int]:
        claim = next(c for c in list_claims(s, ClaimFilter(search="amount of aid")).rows)
        doc = store_document(s, text=SOURCE, kind="source", actor="x",
                             spans=sentence_spans(SOURCE), title="UN aid update",
                             outlet="OCHA").document
        from db.queries.documents import passages_for

        pid = passages_for(s, doc.id)[0].id
        ev = add_evidence(s, claim_id=claim.id, passage_id=pid, stance="context", actor="x")
        return claim.id, ev.id

    cid, eid = fetch(ws, setup)
    win = open_window(ws)
    win.claims.select_claim(cid)
    qtbot.waitUntil(lambda: win.detail.evidence_view.current_record() is not None)
    return win, cid, eid


def evidence(ws: Any, cid: int) -> list[Any]:
    return fetch(ws, lambda s: evidence_for_claim(s, cid))


def test_restance_note_and_remove_from_the_detail(qtbot: Any, open_window: Any,
                                                  demo_ws: Any) -> None:
    win, cid, _eid = linked_window(qtbot, open_window, demo_ws)
    view = win.detail.evidence_view
    assert "UN aid update" in view.plain_text() and "Context (1)" in view.plain_text()

    # Another stance, from the Stance menu.
    view.stance_button.menu().actions()[0].trigger()  # Supports
    qtbot.waitUntil(lambda: evidence(demo_ws, cid)[0].stance == "supports")
    qtbot.waitUntil(lambda: "Supports (1)" in view.plain_text())
    history = fetch(demo_ws, lambda s: claim_history(s, cid))
    assert any("UN aid update" in (h.new or "") + (h.old or "") for h in history
               if h.field.startswith("evidence"))  # history names the source
    # The claim's history tab says it in words, naming the source.
    qtbot.waitUntil(lambda: any(
        "evidence from “UN aid update” (OCHA): context → supports" in
        win.detail.history_view.topLevelItem(i).text(2)
        for i in range(win.detail.history_view.topLevelItemCount())))
    win.undo_action.trigger()
    qtbot.waitUntil(lambda: evidence(demo_ws, cid)[0].stance == "context")
    qtbot.waitUntil(lambda: view.current_record().version == evidence(demo_ws, cid)[0].version)

    # A note, through its dialog.
    view.note_button.click()
    dlg = win.evidence_actions.note_dialog
    assert dlg is not None
    dlg.note_edit.setPlainText("Official figures; check the October series.")
    dlg.accept()
    qtbot.waitUntil(lambda: evidence(demo_ws, cid)[0].note ==
                    "Official figures; check the October series.")
    qtbot.waitUntil(lambda: "Note: Official figures" in view.plain_text())

    # Delete on the list removes the link (not the claim); Ctrl+Z links it again.
    settle(qtbot, win)
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: evidence(demo_ws, cid) == [])
    assert win.actions_.dialog is None  # no "delete claim?" question
    qtbot.waitUntil(lambda: win.detail.evidence_heading.text() == "Evidence (0)")
    win.undo_action.trigger()
    qtbot.waitUntil(lambda: len(evidence(demo_ws, cid)) == 1)
    again = evidence(demo_ws, cid)[0]
    assert (again.stance, again.note) == ("context",
                                          "Official figures; check the October series.")
    settle(qtbot, win)


def test_show_in_source_highlights_the_passage(qtbot: Any, open_window: Any,
                                               demo_ws: Any) -> None:
    win, _cid, _eid = linked_window(qtbot, open_window, demo_ws)
    view = win.detail.evidence_view
    rec = view.current_record()
    # Start from the article, so showing the evidence has to switch documents.
    sources = win.sources
    qtbot.waitUntil(lambda: sources.doc_combo.count() == 2)
    sources.doc_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: sources.document is not None and sources.document.kind == "article")
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sources.document is not None
                    and sources.document.id == rec.document_id)
    assert sources.current_passage().id == rec.passage_id
    marks = sources.reader.extraSelections()
    assert any(m.cursor.selectedText() == rec.passage_text for m in marks)
    settle(qtbot, win)


def test_a_link_changed_elsewhere_is_refused_not_overwritten(
        qtbot: Any, open_window: Any, demo_ws: Any, shown_messages: list) -> None:
    from db.queries.evidence import set_stance

    win, cid, eid = linked_window(qtbot, open_window, demo_ws)
    # A colleague changes the stance meanwhile.
    fetch(demo_ws, lambda s: set_stance(s, eid, "contradicts", actor="colleague"))
    win.detail.evidence_view.remove_button.click()
    qtbot.waitUntil(lambda: any("someone else changed" in m[1] for m in shown_messages))
    assert evidence(demo_ws, cid)[0].stance == "contradicts"
    settle(qtbot, win)
