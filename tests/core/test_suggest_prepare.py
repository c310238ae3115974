"""Preparing the matcher ahead (what the window does once a workspace is open): the first new
source then finds the open claims indexed, their vectors read and the model loaded."""

from __future__ import annotations

import weakref

import pytest

from db.queries.documents import store_document
from db.queries.embeddings import count_vectors
from db.queries.suggestions import list_suggestions
from desktop.core import suggest as suggest_mod
from desktop.core import workspace_vectors
from desktop.core.suggest import claim_encoder, prepare, sentence_encoder, suggest
from desktop.ingest.sentences import sentence_spans
from desktop.matching import engine as engine_mod
from desktop.matching import semantic
from desktop.progress import Cancelled

REPORT = ("The amount of aid entering Gaza remains below what Israel pledged, the UN said. "
          "Hamas is ready to hand over governance of Gaza to a Palestinian-led body.")
LATER = "Fewer aid trucks than Israel promised entered Gaza on Monday, the UN said."


def _source(ws, text: str) -> int:
    with ws.session() as s:
        return store_document(s, text=text, kind="source", actor="t", spans=sentence_spans(text),
                              title="Later report").document.id


def _forget(monkeypatch) -> None:
    """As after a start: no analyser, no kept index or vectors, no model loaded."""
    monkeypatch.setattr(suggest_mod, "_ANALYZERS", {})
    monkeypatch.setattr(engine_mod, "_KEPT", weakref.WeakKeyDictionary())
    monkeypatch.setattr(workspace_vectors, "_STORED", weakref.WeakKeyDictionary())
    monkeypatch.setattr(workspace_vectors, "_KEY_OF", {})
    monkeypatch.setattr(semantic, "_LOADED", {})


@pytest.fixture
def fresh_process(monkeypatch) -> None:
    _forget(monkeypatch)


def _stored(ws) -> tuple[int, ...]:
    with ws.session() as s:
        return (count_vectors(s, sentence_encoder().name), count_vectors(s, claim_encoder().name),
                len(list_suggestions(s, state=None)))


def test_a_prepared_source_match_indexes_no_claim_and_reads_no_claim_vector(
        demo_ws, fresh_process, monkeypatch) -> None:
    suggest(demo_ws, document_ids=[_source(demo_ws, REPORT)])  # claims' vectors stored
    _forget(monkeypatch)  # a new start, the claims' vectors stored
    before = _stored(demo_ws)

    done = prepare(demo_ws)
    assert (done.claims, done.vectors, done.model) == (11, 11, True)
    assert "model" in semantic._LOADED  # the passages' encoder, loaded ahead
    assert _stored(demo_ws) == before  # reads only

    built: list[int] = []
    read: list[str] = []
    real_index, real_read = engine_mod.TextIndex, workspace_vectors.get_vectors

    def counted_index(*a, **k):
        built.append(1)
        return real_index(*a, **k)

    def counted_read(session, model, keys):
        read.append(model)
        return real_read(session, model, keys)

    monkeypatch.setattr(engine_mod, "TextIndex", counted_index)
    monkeypatch.setattr(workspace_vectors, "get_vectors", counted_read)
    run = suggest(demo_ws, document_ids=[_source(demo_ws, LATER)])
    assert run.semantic and run.claims == 11 and run.embedded == 1  # the new passage only
    assert built == []  # the open claims' index was kept from preparing
    assert claim_encoder().name not in read  # their vectors too
    assert run.new >= 1


def test_preparing_is_skipped_above_the_limit(demo_ws, fresh_process) -> None:
    assert prepare(demo_ws, limit=10) == suggest_mod.Prepared(0, 0, False)
    assert semantic._LOADED == {} and len(engine_mod._KEPT) == 0


def test_preparing_a_workspace_without_claims_does_nothing(ws, fresh_process) -> None:
    assert prepare(ws) == suggest_mod.Prepared(0, 0, False)
    assert semantic._LOADED == {} and len(engine_mod._KEPT) == 0


def test_preparing_can_be_cancelled_and_writes_nothing(demo_ws, fresh_process) -> None:
    before = _stored(demo_ws)
    with pytest.raises(Cancelled):
        prepare(demo_ws, lambda done, _total, _what: done < 1)
    assert semantic._LOADED == {}  # stopped before the model
    assert _stored(demo_ws) == before


def test_preparing_without_the_model_indexes_the_claims_only(demo_ws, fresh_process,
                                                            monkeypatch) -> None:
    monkeypatch.setattr(suggest_mod, "sentence_encoder", lambda: None)
    done = prepare(demo_ws)
    assert (done.claims, done.vectors, done.model) == (11, 0, False)
    assert len(engine_mod._KEPT) == 1
