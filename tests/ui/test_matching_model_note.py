"""Without the sentence model, the window says once that evidence is matched by words only."""

from __future__ import annotations

from typing import Any

import pytest
from ui_helpers import settle

from db.queries.documents import store_document
from desktop.ingest.sentences import sentence_spans

pytestmark = pytest.mark.gui
REPORT = ("The amount of aid entering Gaza remains below what Israel pledged, the UN said. "
          "Hamas is ready to hand over governance of Gaza to a Palestinian-led body.")


def _run(qtbot: Any, win: Any) -> Any:
    job = win.matching.job
    with qtbot.waitSignal(job.finished, timeout=60_000) as blocker:
        win.matching.find_all_action.trigger()
    settle(qtbot, win)
    return blocker.args[0]


def test_words_only_is_said_once_in_the_status_bar(qtbot: Any, demo_window: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.core import suggest

    monkeypatch.setattr(suggest, "sentence_encoder", lambda: None)
    win = demo_window
    with win.ctx.ws.session() as s:
        store_document(s, text=REPORT, kind="source", actor="t", spans=sentence_spans(REPORT),
                       title="Later report")
    first = _run(qtbot, win)
    assert not first.semantic and first.new >= 2
    message = win.statusBar().currentMessage()
    assert "Matching done" in message
    assert message.endswith("Matched by words only: the sentence model is not installed.")
    _run(qtbot, win)
    message = win.statusBar().currentMessage()
    assert "Matching done" in message and "sentence model" not in message
