"""Creating, editing, deleting, filtering and undoing, through the real widgets."""

from __future__ import annotations

from typing import Any

import pytest
from ui_helpers import dialog_of, fetch, settle

from db.errors import NotFound
from db.queries.claim_edits import add_claim, update_claim
from db.queries.claims import ClaimFilter, claim_history, claim_ids, get_claim
from desktop.ui.dialogs import ClaimDialog

pytestmark = pytest.mark.gui



def test_window_lists_the_seed_claims(demo_window: Any, demo_ws: Any) -> None:
    win = demo_window
    ids = fetch(demo_ws, lambda s: claim_ids(s))
    assert win.claims.model.rowCount() == len(ids) == 11
    assert [win.claims.model.claim_id(r) for r in range(11)] == ids
    assert win.claims.count_label.text() == "11 claims"
    # The first claim is selected and shown in the detail, quote highlighted in context.
    first = fetch(demo_ws, lambda s: get_claim(s, ids[0]))
    assert win.detail.claim_id == ids[0]
    assert win.detail.text_label.text() == first.text
    sel = win.detail.context_view.extraSelections()
    assert len(sel) == 1 and sel[0].cursor.selectedText() == first.quote


def test_create_edit_delete_and_undo(qtbot: Any, demo_window: Any, demo_ws: Any,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    win = demo_window
    win.new_action.trigger()
    dlg = dialog_of(qtbot, win, ClaimDialog)
    dlg.text_edit.setPlainText("Exports rose by 12% in 2024.")
    dlg.speaker_edit.setText("Trade Minister")
    dlg.tags_edit.setText("economy, trade")
    dlg.review_edit.setText("2020-01-31")
    dlg.accept()
    qtbot.waitUntil(lambda: win.actions_.dialog is None)
    settle(qtbot, win)
    assert win.claims.model.rowCount() == 12
    new_id = max(fetch(demo_ws, lambda s: claim_ids(s)))
    qtbot.waitUntil(lambda: win.detail.claim_id == new_id)  # the new claim gets selected
    created = fetch(demo_ws, lambda s: get_claim(s, new_id))
    assert (created.speaker, created.tags, created.created_by) == \
        ("Trade Minister", "economy, trade", "tester")

    # Edit: change the speaker through the dialog.
    win.edit_action.trigger()
    dlg = dialog_of(qtbot, win, ClaimDialog)
    assert dlg.text_edit.toPlainText() == created.text
    dlg.speaker_edit.setText("Minister of Trade")
    dlg.accept()
    qtbot.waitUntil(lambda: win.actions_.dialog is None)
    settle(qtbot, win)
    assert fetch(demo_ws, lambda s: get_claim(s, new_id)).speaker == "Minister of Trade"
    row = win.claims.model.row_of(new_id)
    qtbot.waitUntil(lambda: win.claims.model.index(row, 2).data() == "Minister of Trade")

    # Undo the edit (Ctrl+Z's action), then redo it.
    win.undo_action.trigger()
    qtbot.waitUntil(lambda: fetch(demo_ws, lambda s: get_claim(s, new_id)).speaker
                    == "Trade Minister")
    win.redo_action.trigger()
    qtbot.waitUntil(lambda: fetch(demo_ws, lambda s: get_claim(s, new_id)).speaker
                    == "Minister of Trade")
    settle(qtbot, win)

    # Delete asks first; saying no keeps the claim.
    asked: list[str] = []
    monkeypatch.setattr("desktop.ui.messages.confirm",
                        lambda _p, text, *_a: asked.append(text) or False)
    win.delete_action.trigger()
    qtbot.waitUntil(lambda: len(asked) == 1)
    settle(qtbot, win)
    assert fetch(demo_ws, lambda s: get_claim(s, new_id)).deleted is False
    monkeypatch.setattr("desktop.ui.messages.confirm", lambda *_a: True)
    win.delete_action.trigger()
    qtbot.waitUntil(lambda: win.claims.model.rowCount() == 11)
    with pytest.raises(NotFound):
        fetch(demo_ws, lambda s: get_claim(s, new_id))
    fields = [h.field for h in fetch(demo_ws, lambda s: claim_history(s, new_id))]
    assert fields[-1] == "deleted"

    # Undo brings the deleted claim back, recorded as restored.
    win.undo_action.trigger()
    qtbot.waitUntil(lambda: win.claims.model.rowCount() == 12)
    assert fetch(demo_ws, lambda s: get_claim(s, new_id)).speaker == "Minister of Trade"
    history = fetch(demo_ws, lambda s: claim_history(s, new_id))
    assert [(h.field, h.new) for h in history][-1] == ("deleted", "False")


def test_new_claim_refusal_keeps_the_dialog_open(qtbot: Any, demo_window: Any,
                                                 demo_ws: Any) -> None:
    win = demo_window
    win.new_action.trigger()
    dlg = dialog_of(qtbot, win, ClaimDialog)
    dlg.text_edit.setPlainText("Quoted wrongly")
    dlg.article_combo.setCurrentIndex(1)
    dlg.quote_edit.setPlainText("words that are not in the article")
    dlg.accept()
    qtbot.waitUntil(lambda: "verbatim" in dlg.error_label.text())
    assert win.actions_.dialog is dlg and dlg.isVisible()
    dlg.review_edit.setText("31/01/2020")
    dlg.accept()
    assert "not a date" in dlg.error_label.text()
    dlg.reject()
    assert len(fetch(demo_ws, lambda s: claim_ids(s))) == 11


def test_filter_box_status_and_tag_filters(qtbot: Any, demo_window: Any, demo_ws: Any) -> None:
    win = demo_window
    model = win.claims.model
    qtbot.keyClicks(win.claims.filter_edit, "gaza")
    want = fetch(demo_ws, lambda s: claim_ids(s, ClaimFilter(search="gaza")))
    assert 0 < len(want) < 11
    qtbot.waitUntil(lambda: model.claim_filter.search == "gaza")
    settle(qtbot, win)
    assert [model.claim_id(r) for r in range(model.rowCount())] == want
    win.claims.filter_edit.clear()
    qtbot.waitUntil(lambda: model.claim_filter.search == "")
    settle(qtbot, win)
    assert model.rowCount() == 11

    target = want[0]
    fetch(demo_ws, lambda s: update_claim(s, target, {"status": "false", "rationale": "no",
                                                      "settled_without_evidence": True},
                                          actor="x"))
    combo = win.claims.status_combo
    combo.setCurrentIndex(combo.findData("false"))
    settle(qtbot, win)
    assert [model.claim_id(r) for r in range(model.rowCount())] == [target]
    combo.setCurrentIndex(0)
    settle(qtbot, win)

    tags = win.claims.tag_combo
    qtbot.waitUntil(lambda: tags.findData("troops") >= 0)
    tags.setCurrentIndex(tags.findData("troops"))
    settle(qtbot, win)
    assert [model.claim_id(r) for r in range(model.rowCount())] == \
        fetch(demo_ws, lambda s: claim_ids(s, ClaimFilter(tag="troops")))


def test_due_for_recheck_view(qtbot: Any, demo_window: Any, demo_ws: Any) -> None:
    win = demo_window
    due = fetch(demo_ws, lambda s: add_claim(s, text="Due claim", actor="x",
                                             review_by=__import__("datetime").date(2020, 1, 1)))
    fetch(demo_ws, lambda s: add_claim(s, text="Later claim", actor="x",
                                       review_by=__import__("datetime").date(2999, 1, 1)))
    win.due_action.trigger()
    assert win.claims.due_button.isChecked()
    settle(qtbot, win)
    model = win.claims.model
    assert [model.claim_id(r) for r in range(model.rowCount())] == [due.id]


@pytest.mark.parametrize(("choice", "claims_after", "selected_is_existing"),
                         [("open", 11, True), ("create", 12, False), ("cancel", 11, False)])
def test_new_claim_that_repeats_one_warns(qtbot: Any, demo_window: Any, demo_ws: Any,
                                          monkeypatch: pytest.MonkeyPatch, choice: str,
                                          claims_after: int, selected_is_existing: bool) -> None:
    asked: list[str] = []
    monkeypatch.setattr("desktop.ui.messages.near_duplicate",
                        lambda _parent, text: asked.append(text) or choice)
    win = demo_window
    existing = fetch(demo_ws, lambda s: claim_ids(s, ClaimFilter(search="Hamas is ready")))[0]
    win.new_action.trigger()
    dlg = dialog_of(qtbot, win, ClaimDialog)
    dlg.text_edit.setPlainText("Hamas is ready to hand over governance of Gaza to a "
                               "Palestinian led body")
    dlg.accept()
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert f"claim {existing}" in asked[0]
    if choice != "cancel":
        qtbot.waitUntil(lambda: win.actions_.dialog is None)
    settle(qtbot, win)
    assert len(fetch(demo_ws, lambda s: claim_ids(s))) == claims_after
    if selected_is_existing:
        qtbot.waitUntil(lambda: win.detail.claim_id == existing)
    if choice == "cancel":
        assert win.actions_.dialog is dlg  # still open, to edit the wording
        dlg.reject()


def test_typing_on_after_a_miss_still_ends_on_the_database_answer(
        qtbot: Any, demo_window: Any, demo_ws: Any) -> None:
    """"zz" finds nothing, so "zzq" is shown empty at once, then confirmed by a real query."""
    win = demo_window
    model = win.claims.model
    qtbot.keyClicks(win.claims.filter_edit, "zz")
    qtbot.waitUntil(lambda: model.claim_filter.search == "zz")
    settle(qtbot, win)
    assert model.rowCount() == 0
    # Meanwhile someone else logs a claim that the longer search does match.
    new_id = fetch(demo_ws, lambda s: add_claim(s, text="The zzq index fell", actor="ben")).id
    qtbot.keyClicks(win.claims.filter_edit, "q")
    qtbot.waitUntil(lambda: model.claim_filter.search == "zzq")
    settle(qtbot, win)
    want = fetch(demo_ws, lambda s: claim_ids(s, ClaimFilter(search="zzq")))
    assert want == [new_id]
    qtbot.waitUntil(lambda: [model.claim_id(r) for r in range(model.rowCount())] == want)
