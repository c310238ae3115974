"""Search the sources: every source passage ranked for a text, however weak (SQLite and
PostgreSQL)."""

from __future__ import annotations

import pytest

from db.queries.documents import store_document
from db.queries.embeddings import count_vectors
from desktop.core.passage_search import search_passages
from desktop.core.suggest import sentence_encoder
from desktop.errors import UserError
from desktop.ingest.sentences import sentence_spans

TITLE = "Turkish Foreign Ministry statement on Gaza, 20 October 2025"
STATEMENT = (
    f"{TITLE}\n\n"
    "No decision on sending troops has been taken, a ministry official said. "
    "The Ministry confirmed that Türkiye has offered to contribute personnel to an "
    "international stabilisation force. "
    "According to the UN, 145 aid trucks a day are entering Gaza, well below the 600 a day "
    "that Israel agreed to allow. "
    "The weather in Istanbul was <b>mild</b> and sunny all week.")
TROOPS = "Türkiye is prepared to deploy troops to Gaza if necessary."


def _import(ws) -> int:
    with ws.session() as s:
        return store_document(s, text=STATEMENT, kind="source", actor="t",
                              spans=sentence_spans(STATEMENT), title=TITLE).document.id


def test_a_claims_text_ranks_every_source_passage_its_paraphrase_first(demo_ws) -> None:
    doc_id = _import(demo_ws)  # not matched: its passages have no stored vector
    found = search_passages(demo_ws, TROOPS)
    with demo_ws.session() as s:  # a search reads only: what it embedded is not stored
        assert count_vectors(s, sentence_encoder().name) == 0
    assert found.semantic and found.passages == 4  # the title line and the article are out
    texts = [h.text for h in found.hits]
    assert len(texts) == 4 and not any(TITLE in t for t in texts)
    # Below the suggestion threshold (see test_suggest), yet the nearest passage of all.
    assert "contribute personnel" in texts[0]
    scores = [h.score for h in found.hits]
    assert scores == sorted(scores, reverse=True) and all(0.0 <= s <= 1.0 for s in scores)
    assert {h.document_id for h in found.hits} == {doc_id}
    assert {h.source for h in found.hits} == {TITLE}
    # Hostile text comes back as written (the views show it as plain text).
    assert any("<b>mild</b>" in t for t in texts)


def test_own_words_find_the_passage_that_has_them(demo_ws) -> None:
    _import(demo_ws)
    found = search_passages(demo_ws, "  troops ", limit=2)
    assert len(found.hits) == 2
    top = found.hits[0]
    assert top.text.startswith("No decision on sending troops")
    assert [top.text[a:b] for a, b in top.spans] == ["troops"]


def test_lexical_search_says_so(demo_ws) -> None:
    _import(demo_ws)
    found = search_passages(demo_ws, "troops", semantic=False)
    assert not found.semantic
    assert found.hits[0].text.startswith("No decision on sending troops")


def test_no_source_yet_is_an_empty_result(demo_ws) -> None:
    found = search_passages(demo_ws, TROOPS)
    assert found.hits == () and found.passages == 0


@pytest.mark.parametrize(("text", "limit", "message"), [
    ("   ", 20, "type words or a sentence"),
    ("x" * 2001, 20, "too long"),
    ("troops", 0, "at least 1"),
])
def test_bad_search_is_refused_and_stores_nothing(demo_ws, text, limit, message) -> None:
    _import(demo_ws)
    model = sentence_encoder().name
    with demo_ws.session() as s:
        before = count_vectors(s, model)
    with pytest.raises(UserError, match=message):
        search_passages(demo_ws, text, limit=limit)
    with demo_ws.session() as s:
        assert count_vectors(s, model) == before


def test_a_search_can_be_cancelled(demo_ws) -> None:
    from desktop.progress import Cancelled

    _import(demo_ws)
    with pytest.raises(Cancelled):
        search_passages(demo_ws, TROOPS, progress=lambda *_a: False)
