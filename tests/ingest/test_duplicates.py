"""A re-imported article flags the claims already logged from it, through their quotes."""

from __future__ import annotations

from desktop.core.seeds import seed_article_text
from desktop.ingest.duplicates import DUPLICATE_THRESHOLD, find_near_duplicates
from desktop.ops.imports import WorkspaceImportOps, prepare_import


def test_reimported_seed_article_flags_every_logged_claim(demo_ws) -> None:
    existing = WorkspaceImportOps(demo_ws, "tester").existing_claims()
    assert len(existing) == 11 and all(quote for _id, _text, quote in existing)
    # Another outlet's copy: the same interview with "Türkiye" spelt out.
    prepared = prepare_import(text=seed_article_text().replace("Turkiye", "Türkiye"))
    flagged: dict[int, set[int]] = {}
    for cand in prepared.candidates:
        for match in find_near_duplicates(cand.claim, existing):  # as the dialog and CLI do
            assert match.score >= DUPLICATE_THRESHOLD
            flagged.setdefault(match.claim_id, set()).add(cand.rank)
    assert set(flagged) == {cid for cid, _t, _q in existing}
    # Each flag points at the sentence that holds that claim's quote, and only there.
    holder = {}
    for cand in prepared.candidates:
        holder[cand.rank] = prepared.extracted.text[cand.start:cand.end]
    for cid, _text, quote in existing:
        sentences = {holder[rank] for rank in flagged[cid]}
        assert len(sentences) == 1
        assert quote.replace("Turkiye", "Türkiye") in sentences.pop()


def test_paraphrase_alone_still_falls_short_and_quotes_need_substance() -> None:
    sentence = ("Fidan said the amount of aid entering Gaza remains below what Israel previously "
                "pledged, despite the ceasefire.")
    paraphrase = (1, "The amount of aid entering Gaza is below Israel's pledge.")
    assert find_near_duplicates(sentence, [paraphrase]) == []  # the text alone: no match
    with_quote = (*paraphrase, "the amount of aid entering Gaza remains below what Israel "
                               "previously pledged")
    assert [m.claim_id for m in find_near_duplicates(sentence, [with_quote])] == [1]
    short_quote = (2, "Gaza aid", "aid entering Gaza")  # three words: too common to tell
    assert find_near_duplicates(sentence, [short_quote]) == []
