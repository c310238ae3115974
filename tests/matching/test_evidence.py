"""The evidence scorer: candidates by words and by meaning, scores from the pair alone."""

from __future__ import annotations

import pytest

from desktop.matching import MatchEngine
from desktop.matching.evidence import FEATURES, EvidenceScorer, is_heading, load_weights
from desktop.matching.semantic import load_encoder


@pytest.fixture(scope="module")
def vectors():
    enc = load_encoder()
    return enc.encode


@pytest.fixture(scope="module")
def claim_vectors():
    """Claims as the app embeds them: with the claim-side update."""
    return load_encoder(claims=True).encode


def scorer_of(vectors, claim_vectors) -> EvidenceScorer:
    return EvidenceScorer(MatchEngine(), vectors, claim_vectors=claim_vectors)


CLAIMS = [("c1", "The amount of aid entering Gaza remains below what Israel pledged."),
          ("c2", "Floods in Sindh destroyed 300 homes.")]
TRUCKS = ("p1", "According to the UN, 145 aid trucks a day are entering Gaza, well below the "
                "600 a day that Israel agreed to allow.")
FILLER = [(f"f{i}", f"The council of town {i} met on a Tuesday to discuss the bakery's "
                    f"{i} new bread recipes.") for i in range(60)]


def test_headings_are_lines_without_a_sentence_end() -> None:
    assert is_heading("Turkish Foreign Ministry statement on Gaza, 20 October 2025")
    assert is_heading("Press release")
    assert not is_heading("No decision on sending troops has been taken, a ministry official "
                          "said.")
    assert not is_heading("Is the ceasefire holding?")
    assert not is_heading("")
    assert not is_heading(" ".join(["word"] * 20))  # too long for a title: a statement


def test_shipped_weights_name_known_features() -> None:
    weights = load_weights()
    assert set(weights) == set(FEATURES)
    assert weights["cos"] > 0  # closer in meaning never lowers the score


def test_scores_are_probabilities_and_the_paraphrase_wins(vectors, claim_vectors) -> None:
    scorer = scorer_of(vectors, claim_vectors)
    found = scorer.match(CLAIMS, [TRUCKS, *FILLER[:5]], weak=0.0)
    assert all(0.0 <= m.score <= 1.0 for m in found)
    best = {m.claim_id: m for m in reversed(found)}  # first match of each claim
    assert best["c1"].passage_id == "p1"
    assert best["c1"].score >= 0.35  # suggested at the default threshold
    assert best["c2"].score < 0.1  # nothing bears on the floods claim
    # grouped by claim in input order, best first
    ids = [m.claim_id for m in found]
    assert ids == sorted(ids)
    for cid in ("c1", "c2"):
        scores = [m.score for m in found if m.claim_id == cid]
        assert scores == sorted(scores, reverse=True)


def test_a_pair_scores_the_same_in_a_small_and_a_large_workspace(vectors,
                                                                claim_vectors) -> None:
    scorer = scorer_of(vectors, claim_vectors)
    small = scorer.match(CLAIMS[:1], [TRUCKS], weak=0.0)
    large = scorer.match(CLAIMS[:1], [TRUCKS, *FILLER], weak=0.0)
    assert small[0].passage_id == large[0].passage_id == "p1"
    assert abs(small[0].score - large[0].score) < 0.03


def test_both_directions_give_the_same_pair_scores(vectors, claim_vectors) -> None:
    """Many claims against a few passages (a new source) look up claims per passage."""
    scorer = scorer_of(vectors, claim_vectors)
    many = CLAIMS + [(f"x{i}", text) for i, (_, text) in enumerate(FILLER[:10])]
    by_claim = {(m.claim_id, m.passage_id): m.score
                for m in scorer.match(many, [TRUCKS, *FILLER[:12]], weak=0.0)}
    by_passage = {(m.claim_id, m.passage_id): m.score
                  for m in scorer.match(many, [TRUCKS], weak=0.0)}
    assert by_passage[("c1", "p1")] == pytest.approx(by_claim[("c1", "p1")], abs=0.03)


class Axis:
    """A fake encoder: each text points along one axis of a 2-D plane."""

    def __init__(self, axis_of: dict[str, int]) -> None:
        self.axis_of, self.seen = axis_of, []

    def __call__(self, texts):
        import numpy as np

        self.seen.extend(texts)
        out = np.zeros((len(texts), 2), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row, self.axis_of.get(text, 1)] = 1.0
        return out


def test_claims_and_passages_are_embedded_by_their_own_encoders() -> None:
    claim, passage = CLAIMS[1], ("p9", "Homes were lost when the province flooded.")
    plain = Axis({passage[1]: 0})  # would put the claim apart from the passage
    tuned = Axis({claim[1]: 0})  # the claim's own encoder puts it next to the passage
    weights = dict.fromkeys(FEATURES, 0.0) | {"cos": 10.0}
    scorer = EvidenceScorer(MatchEngine(), plain, weights=weights, claim_vectors=tuned)
    (found,) = scorer.match([claim], [passage], weak=0.0)
    assert found.score > 0.99  # cosine 1: the claim was embedded by ``tuned``
    assert tuned.seen == [claim[1]] and plain.seen == [passage[1]]


def test_without_the_model_it_is_the_lexical_engine() -> None:
    engine = MatchEngine()
    scorer = EvidenceScorer(engine, None)
    assert not scorer.semantic
    passages = [TRUCKS, *FILLER[:3]]
    assert scorer.match(CLAIMS, passages) == engine.match(CLAIMS, passages)
    assert engine.weak == 0.35  # a one-off threshold leaves the engine as it was
    scorer.match(CLAIMS, passages, weak=0.0)
    assert engine.weak == 0.35


def test_spans_mark_shared_words(vectors, claim_vectors) -> None:
    scorer = scorer_of(vectors, claim_vectors)
    top = scorer.match(CLAIMS[:1], [TRUCKS])[0]
    words = {TRUCKS[1][a:b].lower() for a, b in top.spans}
    assert {"aid", "gaza", "israel"} <= words



def test_the_shipped_centre_is_one_fixed_vector_of_the_model_width() -> None:
    import numpy as np

    from desktop.matching.evidence import centred, load_centre

    centre = load_centre()
    assert centre is not None and centre.shape == (384,)
    rows = np.eye(384, dtype=np.float32)[:3]
    out = centred(rows, centre)
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(out, rows)  # something was taken away
    assert centred(rows, None) is rows
