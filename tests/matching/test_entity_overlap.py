"""Claims of one workspace share their article's names (Gaza, Türkiye, Israel, Hamas).

The 11 seed claims against a later report: a passage that shares a claim's names but states
another fact must not look like evidence for it, while the right pairs, paraphrases, aliases,
spelling variants and contradictions stay clear matches.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.ingest.sentences import sentence_spans
from desktop.matching import MatchEngine
from desktop.matching.index import Doc, Stats, TextIndex

WEAK, STRONG = 0.35, 0.7
REPORT = (
    "The amount of aid entering Gaza remains below what Israel pledged, the UN said on Friday. "
    "Hamas is ready to hand over governance of Gaza to a Palestinian-led body, a spokesman said. "
    "Türkiye has appointed a coordinator for humanitarian aid to Gaza, the foreign ministry "
    "confirmed. The weather in Istanbul was mild and sunny all week.")
SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "claims.json"
CLAIMS = [(c["text"], c["text"]) for c in json.loads(SEEDS.read_text())["claims"]]
PASSAGES = [(REPORT[a:b], REPORT[a:b]) for a, b in sentence_spans(REPORT)]

AID, UN = "The amount of aid entering Gaza", "The amount of aid entering Gaza"
HAMAS, SPOKESMAN = "Hamas is ready to hand over", "Hamas is ready to hand over"
COORDINATOR_CLAIM = "Türkiye has appointed a humanitarian aid coordinator"
COORDINATOR = "Türkiye has appointed a coordinator"
TROOPS = "Türkiye is prepared to deploy troops"
CEASEFIRE = "Egypt, Qatar and Türkiye helped bring"
COMMISSION = "A peace commission and an International"


def _scores(claims: list[tuple[str, str]]) -> dict[tuple[str, str], float]:
    found = MatchEngine(weak=0.0).match(claims, PASSAGES, top_k=10, spans=False)
    return {(m.claim_id, m.passage_id): m.score for m in found}


@pytest.fixture(scope="module")
def scores() -> dict[tuple[str, str], float]:
    return _scores(CLAIMS)


def _score(scores: dict[tuple[str, str], float], claim: str, passage: str) -> float:
    [key] = [k for k in scores if k[0].startswith(claim) and k[1].startswith(passage)]
    return scores[key]


def _best_other(scores: dict[tuple[str, str], float], claim: str, passage: str) -> float:
    return max((s for (c, p), s in scores.items()
                if c.startswith(claim) and not p.startswith(passage)), default=0.0)


@pytest.mark.parametrize(("claim", "passage"), [
    (AID, UN), (HAMAS, SPOKESMAN), (COORDINATOR_CLAIM, COORDINATOR)])
def test_right_pairs_are_strong_and_ranked_first(scores, claim: str, passage: str) -> None:
    assert _score(scores, claim, passage) >= STRONG
    assert _score(scores, claim, passage) > _best_other(scores, claim, passage)


@pytest.mark.parametrize("claim", [CEASEFIRE, COMMISSION])
def test_sharing_only_names_is_not_suggested(scores, claim: str) -> None:
    # Türkiye and Gaza are all these claims share with the coordinator sentence
    assert _score(scores, claim, COORDINATOR) < WEAK


def test_troops_claim_against_the_coordinator_sentence_is_not_strong(scores) -> None:
    # Shares Türkiye and Gaza only. It stays above the suggest bar: it looks, word for word, like
    # "Türkiye prepared to deploy troops" vs "Turkey ready to contribute troops", a paraphrase
    # that must be suggested (test_calibration); only the other claims' names tell them apart.
    troops = _score(scores, TROOPS, COORDINATOR)
    assert troops < STRONG
    assert troops < _score(scores, COORDINATOR_CLAIM, COORDINATOR) - 0.4


def test_shared_topic_words_alone_are_not_suggested(scores) -> None:
    assert _score(scores, AID, COORDINATOR) < WEAK  # aid and Gaza, another fact
    assert _score(scores, COORDINATOR_CLAIM, UN) < WEAK
    assert all(s < WEAK for (c, p), s in scores.items() if p.startswith("The weather"))


@pytest.mark.parametrize(("claim", "passage"), [
    ("The amount of aid entering Gaza now exceeds what Israel pledged.", UN),  # contradicts
    ("Turkey has named a coordinator for humanitarian aid to Gaza.", COORDINATOR),  # alias
    ("Turkiye appointed a humanitarian-aid co-ordinator for Gaza.", COORDINATOR),  # spelling
    ("Hamas says it will give up control of Gaza to a Palestinian body.", SPOKESMAN),
])
def test_same_fact_in_other_words_stays_strong(claim: str, passage: str) -> None:
    scores = _scores([*CLAIMS, (claim, claim)])
    assert _score(scores, claim, passage) >= STRONG
    assert _score(scores, claim, passage) > _best_other(scores, claim, passage)


def _docs(*texts: str) -> list[Doc]:
    return [Doc(i, t, t.split()) for i, t in enumerate(texts)]


def test_words_many_claims_share_weigh_less() -> None:
    claims = _docs("gaza troops", "gaza aid", "gaza ceasefire", "gaza talks")
    stats = Stats(TextIndex(_docs("gaza coordinator"), 1.2, 0.75), claims)
    assert stats.idf("gaza") < stats.idf("troops")
    # claims count for a fraction of a passage each
    by_passages = Stats(TextIndex(_docs("gaza x", "gaza y", "gaza z", "gaza w", "troops v"),
                                  1.2, 0.75))
    assert by_passages.idf_own("gaza") < stats.idf_own("gaza")


def test_a_pair_alone_weighs_all_its_words_the_same() -> None:
    [claim] = _docs("gaza troops")
    stats = Stats(TextIndex(_docs("gaza coordinator"), 1.2, 0.75), [claim])
    assert stats.idf("troops") == pytest.approx(stats.idf_own("coordinator"))
    assert stats.idf_shared("gaza") == pytest.approx(stats.idf("troops"))
