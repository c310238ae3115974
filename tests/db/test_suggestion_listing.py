"""Listing suggestions costs memory by the passages listed, not by the size of their sources."""

from __future__ import annotations

import tracemalloc

from db.queries.claim_edits import add_claim
from db.queries.documents import passages_for, store_document
from db.queries.suggestions import NewSuggestion, list_suggestions, store_suggestions


def test_listing_does_not_copy_the_source_text_per_row(ws) -> None:
    # One 1 MB source whose 80 passages are each suggested for a claim.
    line = "The ministry reported 40 aid trucks crossed at Rafah on Friday " * 3
    text = "\n".join(f"{i}. {line}" for i in range(6000))
    assert len(text) > 2**20
    with ws.session() as s:
        doc = store_document(s, text=text, kind="source", actor="t",
                             spans=[(0, 200)] + [(i * 200, i * 200 + 150) for i in range(1, 80)],
                             title="Big report", outlet="Wire").document
        passages = passages_for(s, doc.id)
        claims = [add_claim(s, text=f"Claim {i} about aid trucks", actor="t").id
                  for i in range(2)]
        store_suggestions(s, [NewSuggestion(c, p.id, 0.5, False, ((0, 3),))
                              for c in claims for p in passages[:40]])
    with ws.session() as s:
        tracemalloc.start()
        try:
            rows = list_suggestions(s, state=None)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert len(rows) == 80
    assert {r.source_title for r in rows} == {"Big report"}
    assert {r.source_outlet for r in rows} == {"Wire"}
    by_id = {p.id: p for p in passages}
    assert all(r.passage_text == by_id[r.passage_id].text for r in rows)
    # 80 rows × 1 MB would be 80 MB; the rows themselves are a few kilobytes.
    assert peak < 10 * 2**20, f"listing peaked at {peak / 2**20:.0f} MB"
