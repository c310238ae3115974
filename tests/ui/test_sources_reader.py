"""The Sources panel reads as a document; linking takes the passage at the selection."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QTextCursor
from ui_helpers import fetch, settle

from db.queries.evidence import evidence_for_claim


def test_selection_past_a_passage_end_is_cut_there(qtbot: Any, demo_window: Any,
                                                   demo_ws: Any) -> None:
    win = demo_window
    sources = win.sources
    qtbot.waitUntil(lambda: sources.passage_count() > 3)
    text = sources.reader.toPlainText()
    assert text == sources.document.text  # the whole document, in order
    assert [p.start for p in sources.passages] == sorted(p.start for p in sources.passages)
    first, second = sources.passages[1], sources.passages[2]
    cursor = sources.reader.textCursor()
    cursor.setPosition(first.start + 5)
    cursor.setPosition(second.start + 10, QTextCursor.MoveMode.KeepAnchor)
    sources.reader.setTextCursor(cursor)
    assert sources.current_passage() == first
    start, end = sources.selected_excerpt()
    assert start is not None and end is not None
    assert first.text[start:end] == first.text[5:].rstrip()
    cid = win.detail.claim_id
    sources.stance_buttons["context"].click()
    qtbot.waitUntil(lambda: len(fetch(demo_ws, lambda s: evidence_for_claim(s, cid))) == 1)
    ev = fetch(demo_ws, lambda s: evidence_for_claim(s, cid))[0]
    assert (ev.passage_id, ev.excerpt_start, ev.excerpt_end) == (first.id, start, end)
    # Once the detail has it, the linked passage is tinted in the document.
    settle(qtbot, win)
    qtbot.waitUntil(lambda: any(m.cursor.selectedText() == first.text
                                for m in sources.reader.extraSelections()))
