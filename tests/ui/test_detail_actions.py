"""Status dialog, manual evidence, conflicts and hostile text, through the real widgets."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialogButtonBox
from ui_helpers import dialog_of, fetch, settle

from db.queries.claim_edits import add_claim, update_claim
from db.queries.claims import claim_history, claim_ids, get_claim
from db.queries.documents import store_document
from db.queries.evidence import add_evidence, evidence_for_claim
from desktop.ui.conflict import ConflictDialog
from desktop.ui.dialogs import ClaimDialog, StatusDialog

pytestmark = pytest.mark.gui
HOSTILE = '<b>x</b><img src="http://127.0.0.1:9/x.png" onerror="alert(1)">'



def test_status_needs_a_rationale_for_a_verdict(qtbot: Any, demo_window: Any,
                                                 demo_ws: Any) -> None:
    win = demo_window
    cid = win.detail.claim_id
    win.status_action.trigger()
    dlg = dialog_of(qtbot, win, StatusDialog)
    save = dlg.buttons.button(QDialogButtonBox.StandardButton.Save)
    dlg.status_combo.setCurrentIndex(dlg.status_combo.findData("false"))
    assert not save.isEnabled()
    assert "needs a rationale" in dlg.hint_label.text()
    dlg.accept()  # refused: nothing saved, the dialog stays
    assert dlg.isVisible()
    assert fetch(demo_ws, lambda s: get_claim(s, cid)).status == "unverified"

    # A non-verdict needs no rationale.
    dlg.status_combo.setCurrentIndex(dlg.status_combo.findData("in-review"))
    assert save.isEnabled() and dlg.hint_label.text() == ""
    dlg.status_combo.setCurrentIndex(dlg.status_combo.findData("false"))
    dlg.rationale_edit.setPlainText("The ministry's own figures say otherwise.")
    # No evidence is linked to this claim: the verdict needs it, or saying it was settled
    # without linked evidence.
    assert not save.isEnabled() and "no evidence is linked" in dlg.hint_label.text()
    assert dlg.without_evidence_check.isVisibleTo(dlg)
    dlg.without_evidence_check.setChecked(True)
    assert save.isEnabled()
    dlg.accept()
    qtbot.waitUntil(lambda: win.actions_.dialog is None)
    settle(qtbot, win)
    claim = fetch(demo_ws, lambda s: get_claim(s, cid))
    assert (claim.status, claim.rationale) == ("false", "The ministry's own figures say otherwise.")
    assert claim.settled_without_evidence
    last = fetch(demo_ws, lambda s: claim_history(s, cid))
    status_rows = [h for h in last if h.field == "status"]
    assert (status_rows[-1].old, status_rows[-1].new, status_rows[-1].actor) == \
        ("unverified", "false", "tester")
    assert status_rows[-1].rationale == "The ministry's own figures say otherwise."
    qtbot.waitUntil(lambda: win.detail.chip.text() == "False")
    assert win.detail.tabs.tabText(1).startswith("History (")

    # Undo puts the old status back.
    win.undo_action.trigger()
    settle(qtbot, win)
    assert fetch(demo_ws, lambda s: get_claim(s, cid)).status == "unverified"


def test_link_selected_passage_text_as_evidence(qtbot: Any, demo_window: Any,
                                                demo_ws: Any) -> None:
    win = demo_window
    cid = win.detail.claim_id
    sources = win.sources
    qtbot.waitUntil(lambda: sources.passage_count() > 2)
    sources.select_passage(2)
    passage = sources.current_passage()
    # The document reads in order: the passage stands in the text where it belongs.
    text = sources.reader.toPlainText()
    assert text[passage.start:passage.end] == passage.text
    assert passage is sources.passages[2]
    words = passage.text.split()[1:4]
    start = passage.text.index(" ".join(words))
    end = start + len(" ".join(words))
    cursor = sources.reader.textCursor()
    cursor.setPosition(passage.start + start)
    cursor.setPosition(passage.start + end, QTextCursor.MoveMode.KeepAnchor)
    sources.reader.setTextCursor(cursor)
    qtbot.mouseClick(sources.stance_buttons["contradicts"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(fetch(demo_ws, lambda s: evidence_for_claim(s, cid))) == 1)
    ev = fetch(demo_ws, lambda s: evidence_for_claim(s, cid))[0]
    assert (ev.passage_id, ev.stance, ev.origin) == (passage.id, "contradicts", "manual")
    assert (ev.excerpt_start, ev.excerpt_end) == (start, end)
    assert ev.excerpt == " ".join(words)
    settle(qtbot, win)
    qtbot.waitUntil(lambda: win.detail.evidence_heading.text() == "Evidence (1)")
    assert " ".join(words) in win.detail.evidence_view.plain_text()
    row = win.claims.model.row_of(cid)
    qtbot.waitUntil(lambda: win.claims.model.index(row, 4).data() == "0 / 1 / 0")

    # Undo removes the link again.
    win.undo_action.trigger()
    qtbot.waitUntil(lambda: fetch(demo_ws, lambda s: evidence_for_claim(s, cid)) == [])
    settle(qtbot, win)


def test_conflict_dialog_keep_mine(qtbot: Any, demo_window: Any, demo_ws: Any) -> None:
    win = demo_window
    cid = win.detail.claim_id
    win.edit_action.trigger()
    dlg = dialog_of(qtbot, win, ClaimDialog)
    # Someone else saves the claim meanwhile, from another session.
    fetch(demo_ws, lambda s: update_claim(s, cid, {"speaker": "Someone Else"}, actor="colleague"))
    dlg.text_edit.setPlainText("My reworded claim.")
    dlg.accept()
    conflict = dialog_of(qtbot, win, ConflictDialog)
    mine, theirs = conflict.rows["text"]
    assert mine.text() == "My reworded claim."
    assert theirs.text() == fetch(demo_ws, lambda s: get_claim(s, cid)).text
    assert conflict.rows["speaker"][1].text() == "Someone Else"
    assert "colleague" in conflict.findChildren(type(mine))[0].text()
    qtbot.mouseClick(conflict.keep_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.actions_.dialog is None)
    settle(qtbot, win)
    claim = fetch(demo_ws, lambda s: get_claim(s, cid))
    # Mine is saved over theirs; their speaker change is kept, both are in the history.
    assert (claim.text, claim.speaker, claim.version) == ("My reworded claim.", "Someone Else", 3)
    actors = [h.actor for h in fetch(demo_ws, lambda s: claim_history(s, cid))]
    assert actors[-2:] == ["colleague", "tester"]


def test_conflict_dialog_take_theirs(qtbot: Any, demo_window: Any, demo_ws: Any) -> None:
    win = demo_window
    cid = win.detail.claim_id
    win.status_action.trigger()
    dlg = dialog_of(qtbot, win, StatusDialog)
    fetch(demo_ws, lambda s: update_claim(s, cid, {"status": "supported", "rationale": "theirs",
                                                   "settled_without_evidence": True},
                                          actor="colleague"))
    dlg.status_combo.setCurrentIndex(dlg.status_combo.findData("false"))
    dlg.rationale_edit.setPlainText("mine")
    dlg.without_evidence_check.setChecked(True)
    dlg.accept()
    conflict = dialog_of(qtbot, win, ConflictDialog)
    assert conflict.rows["status"][0].text() == "False"
    assert conflict.rows["status"][1].text() == "Supported"
    qtbot.mouseClick(conflict.take_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.actions_.dialog is None)
    settle(qtbot, win)
    claim = fetch(demo_ws, lambda s: get_claim(s, cid))
    assert (claim.status, claim.rationale, claim.version) == ("supported", "theirs", 2)
    qtbot.waitUntil(lambda: win.detail.chip.text() == "Supported")


def test_hostile_text_is_shown_literally(qtbot: Any, open_window: Any, sqlite_ws: Any) -> None:
    def setup(s: Any) -> int:
        doc = store_document(s, text=f"Intro. {HOSTILE} said it. Outro.", kind="article",
                             actor="x", spans=[(0, 6)], title=HOSTILE,
                             url="javascript:alert(1)").document
        quote_start = doc.text.index(HOSTILE)
        claim = add_claim(s, text=HOSTILE, actor="x", speaker=HOSTILE, tags="<i>t</i>",
                          article_id=doc.id, quote=HOSTILE, quote_start=quote_start,
                          quote_end=quote_start + len(HOSTILE), rationale="")
        src = store_document(s, text="Source text here.", kind="source", actor="x",
                             spans=[(0, 17)], title=HOSTILE, outlet="<script>x</script>")
        pid = s.exec(__import__("sqlmodel").text("select id from passages where document_id = "
                                                  f"{src.document.id}")).first()[0]
        add_evidence(s, claim_id=claim.id, passage_id=pid, stance="supports", actor="x")
        return claim.id

    cid = fetch(sqlite_ws, setup)
    win = open_window(sqlite_ws)
    qtbot.waitUntil(lambda: win.detail.claim is not None and win.detail.claim.id == cid)
    label = win.detail.text_label
    assert label.text() == HOSTILE
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert win.detail.meta_label.textFormat() == Qt.TextFormat.PlainText
    assert HOSTILE in win.detail.meta_label.text()
    assert win.claims.model.index(0, 1).data() == HOSTILE
    assert win.claims.model.index(0, 2).data() == HOSTILE
    evidence = win.detail.evidence_view.plain_text()
    assert HOSTILE in evidence and "<script>x</script>" in evidence
    sel = win.detail.context_view.extraSelections()
    assert sel[0].cursor.selectedText() == HOSTILE
    assert fetch(sqlite_ws, lambda s: claim_ids(s)) == [cid]


def test_only_web_links_open(monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.ui import textutil

    opened: list[str] = []
    monkeypatch.setattr(textutil.QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toString()) or True)
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "ftp://x.org/a", "https:/x",
                "data:text/html,<b>x</b>", ""):
        assert textutil.open_web_link(bad) is False
    assert textutil.open_web_link(" https://example.org/a?b=1 ") is True
    assert opened == ["https://example.org/a?b=1"]


def test_utf16_offsets_round_trip() -> None:
    from desktop.ui.textutil import py_index, qt_pos

    text = "a😀b“c”d"
    for i in range(len(text) + 1):
        assert py_index(text, qt_pos(text, i)) == i
    assert qt_pos(text, 2) == 3
