"""Workspace matching: suggestions stored once, decisions kept, incremental runs."""

from __future__ import annotations

import pytest

from db.errors import InvalidValue
from db.queries.claims import ClaimFilter, claim_ids, get_claim
from db.queries.documents import store_document
from db.queries.evidence import evidence_for_claim
from db.queries.suggestions import (
    accept_suggestion,
    count_pending,
    list_suggestions,
    reject_suggestion,
)
from desktop.core.suggest import set_thresholds, suggest, thresholds
from desktop.ingest.sentences import sentence_spans

LATER_REPORT = (
    "The amount of aid entering Gaza remains below what Israel pledged, the UN said on Friday. "
    "Hamas is ready to hand over governance of Gaza to a Palestinian-led body, a spokesman said. "
    "The weather in Istanbul was mild and sunny all week.")


def _import_source(ws, text: str = LATER_REPORT) -> int:
    with ws.session() as s:
        return store_document(s, text=text, kind="source", actor="t", spans=sentence_spans(text),
                              title="Later report").document.id


def _claim_id(ws, words: str) -> int:
    with ws.session() as s:
        return claim_ids(s, ClaimFilter(search=words))[0]


def test_new_source_surfaces_the_claims_it_bears_on(demo_ws) -> None:
    doc_id = _import_source(demo_ws)
    run = suggest(demo_ws, document_ids=[doc_id])
    assert run.new >= 2
    aid, hamas = _claim_id(demo_ws, "amount of aid"), _claim_id(demo_ws, "Hamas is ready")
    with demo_ws.session() as s:
        top_aid = list_suggestions(s, claim_id=aid)[0]
        top_hamas = list_suggestions(s, claim_id=hamas)[0]
    assert "below what Israel pledged" in top_aid.passage_text
    assert "hand over governance" in top_hamas.passage_text
    assert top_aid.strong
    # the spans slice the passage to the words the claim shares
    words = {top_aid.passage_text[a:b].lower() for a, b in top_aid.spans}
    assert {"aid", "gaza", "israel"} <= words
    with demo_ws.session() as s:
        weather = [x for x in list_suggestions(s, state=None) if "weather" in x.passage_text]
    assert weather == []


def test_rejected_never_comes_back_and_accepted_becomes_evidence(demo_ws) -> None:
    _import_source(demo_ws)
    suggest(demo_ws)
    aid, hamas = _claim_id(demo_ws, "amount of aid"), _claim_id(demo_ws, "Hamas is ready")
    with demo_ws.session() as s:
        rejected = list_suggestions(s, claim_id=aid)[0]
        accepted = list_suggestions(s, claim_id=hamas)[0]
        reject_suggestion(s, rejected.id, actor="ana")
        accept_suggestion(s, accepted.id, "supports", actor="ana", note="spokesman")
    again = suggest(demo_ws)
    assert again.new == 0
    with demo_ws.session() as s:
        assert rejected.id not in {x.id for x in list_suggestions(s, claim_id=aid)}
        assert [x.state for x in list_suggestions(s, claim_id=aid, state="rejected")] == \
            ["rejected"]
        evidence = evidence_for_claim(s, hamas)
        assert [(e.stance, e.origin, e.passage_id) for e in evidence] == \
            [("supports", "matched", accepted.passage_id)]
        assert get_claim(s, hamas).supports == 1
        with pytest.raises(InvalidValue, match="already"):
            reject_suggestion(s, accepted.id, actor="ana")


def test_adding_a_claim_matches_it_against_existing_passages(demo_ws) -> None:
    _import_source(demo_ws)
    from db.queries.claim_edits import add_claim

    with demo_ws.session() as s:
        cid = add_claim(s, text="The weather in Istanbul was mild and sunny", actor="t").id
    run = suggest(demo_ws, claim_ids=[cid])
    assert run.claims == 1 and run.new == 1
    with demo_ws.session() as s:
        assert "weather" in list_suggestions(s, claim_id=cid)[0].passage_text
        assert count_pending(s) == 1


def test_thresholds_are_workspace_settings(demo_ws) -> None:
    with demo_ws.session() as s:
        assert thresholds(s).weak < thresholds(s).strong
        with pytest.raises(InvalidValue):
            set_thresholds(s, 0.8, 0.5)
        set_thresholds(s, 0.99, 1.0)
    _import_source(demo_ws)
    assert suggest(demo_ws).new == 0  # nothing clears a 0.99 bar
    with demo_ws.session() as s:
        set_thresholds(s, 0.3, 0.999)
    suggest(demo_ws)
    with demo_ws.session() as s:
        found = list_suggestions(s)
    assert found and not any(x.strong for x in found)
