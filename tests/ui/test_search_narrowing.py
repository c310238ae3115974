"""When a search that found nothing may be answered "nothing" again without a query."""

from __future__ import annotations

import pytest

from desktop.ui.claims_model import search_narrows


@pytest.mark.parametrize(("old", "new", "narrows"), [
    ("zz", "zzq", True),  # typing on after a miss
    ("zz", "pension zzq", True),  # another word added
    ("Tür", "TURKIYE", True),  # folded like the search itself
    ("5.0", "5.01", True),  # a word of two tokens, the last one longer
    ("ax", "bax", False),  # "bax…" words need not contain a word starting "ax"
    ("pension zz", "zz", False),  # a word taken away widens the search
    ("", "zz", False),  # an empty search matches everything
])
def test_search_narrows(old: str, new: str, narrows: bool) -> None:
    assert search_narrows(old, new) is narrows


@pytest.mark.parametrize(("old", "new"), [
    ("rk", "urk"),  # a letter typed in front: "urk" starts words "rk" does not
    ("urk", "turk"),
    ("u rk", "urk"),  # two words joined: "urk" needs no word starting "rk"
    ("5.0", "5 0x"),  # a phrase broken into two separate words
])
def test_edits_that_are_not_extensions_of_a_word_never_narrow(old: str, new: str) -> None:
    assert search_narrows(old, new) is False


@pytest.mark.gui
def test_typing_urk_after_a_miss_never_shows_a_wrong_empty_list(
        qtbot, open_window, demo_ws) -> None:
    from ui_helpers import fetch, settle

    from db.queries.claim_edits import add_claim
    from db.queries.claims import ClaimFilter, claim_ids

    urk = fetch(demo_ws, lambda s: add_claim(
        s, text="Urk harbour reopened to fishing boats", actor="ben")).id
    win = open_window(demo_ws)
    model, edit = win.claims.model, win.claims.filter_edit
    qtbot.keyClicks(edit, "rk")  # no word starts with "rk": a miss
    qtbot.waitUntil(lambda: model.claim_filter.search == "rk")
    settle(qtbot, win)
    assert model.rowCount() == 0
    shown: list[int] = []
    model.modelReset.connect(lambda: shown.append(model.rowCount()))
    model.ids_loaded.connect(lambda: shown.append(model.rowCount()))
    edit.setCursorPosition(0)
    qtbot.keyClicks(edit, "u")
    qtbot.waitUntil(lambda: model.claim_filter.search == "urk")
    settle(qtbot, win)
    want = fetch(demo_ws, lambda s: claim_ids(s, ClaimFilter(search="urk")))
    assert urk in want
    assert [model.claim_id(r) for r in range(model.rowCount())] == want
    assert shown and 0 not in shown  # never an empty list on the way
    # Typing on after a real miss of a word start still answers at once, and right.
    edit.end(False)
    qtbot.keyClicks(edit, "zz")
    qtbot.waitUntil(lambda: model.claim_filter.search == "urkzz")
    settle(qtbot, win)
    assert model.rowCount() == 0
