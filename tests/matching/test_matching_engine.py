"""Ranking behaviour of the engine on small hand-made cases."""

from __future__ import annotations

import pytest

from desktop.matching import Match, MatchEngine
from desktop.progress import Cancelled

# Background passages give the term statistics a realistic shape.
BACKGROUND = [
    ("bg1", "The city council approved a new budget for public transport on Tuesday."),
    ("bg2", "Heavy rain caused flooding in several villages in the north of the country."),
    ("bg3", "The football club signed a new striker from a rival team for a record fee."),
    ("bg4", "Officials said the airport would reopen after repairs to the runway."),
    ("bg5", "A local bakery won a national prize for its bread and pastries."),
    ("bg6", "Scientists published a study on sleep and memory in young adults."),
    ("bg7", "The minister visited a school and spoke to teachers about exams."),
    ("bg8", "Prices for fuel rose again last month, the statistics office reported."),
]


def ranked(engine: MatchEngine, claim: str, passages: list[tuple[str, str]]) -> list[str]:
    return [m.passage_id for m in engine.match([("c", claim)], passages + BACKGROUND, top_k=20)]


@pytest.fixture(scope="module")
def engine() -> MatchEngine:
    return MatchEngine(weak=0.0, strong=0.7)


def test_paraphrase_found_first(engine: MatchEngine) -> None:
    order = ranked(engine, "The government closed 40 schools in Lagos because of the strike.",
                   [("para", "Because of a strike, 40 Lagos schools were closed by the "
                             "government."),
                    ("other", "The government opened a new hospital in Abuja.")])
    assert order[0] == "para"


def test_spelling_variant_matches(engine: MatchEngine) -> None:
    order = ranked(engine, "The stabilization centre in Kherson reopened.",
                   [("var", "The stabilisation center in Kherson reopened after shelling."),
                    ("other", "A centre for children reopened in Odesa.")])
    assert order[0] == "var"


@pytest.mark.parametrize(("claim", "passage"), [
    ("Turkey closed its border with Syria.", "Türkiye has closed the frontier with Syria."),
    ("CENTCOM confirmed the drone strike near Basra.",
     "US Central Command confirmed a drone strike close to Basra."),
])
def test_alias_matches(engine: MatchEngine, claim: str, passage: str) -> None:
    with_alias = engine.match([("c", claim)], [("p", passage), *BACKGROUND])
    without = MatchEngine(aliases=(), weak=0.0).match([("c", claim)], [("p", passage),
                                                                       *BACKGROUND])
    assert with_alias[0].passage_id == "p"
    assert with_alias[0].score > without[0].score  # the alias is what links them


def test_contradiction_still_surfaces(engine: MatchEngine) -> None:
    matches = engine.match(
        [("c", "The health ministry said 120 patients died in the Gaza hospital fire.")],
        [("contra", "The health ministry said no patients died in the Gaza hospital fire."),
         *BACKGROUND], top_k=3)
    assert matches[0].passage_id == "contra"
    assert matches[0].score >= MatchEngine().weak  # contradicting evidence is still shown


def test_distractor_sharing_entities_ranks_below(engine: MatchEngine) -> None:
    order = ranked(engine, "Maria Silva won the mayoral election in Porto with 52 percent.",
                   [("distract", "Maria Silva opened a bakery in Porto last spring."),
                    ("right", "In Porto, Maria Silva was elected mayor with 52 percent of the "
                              "vote.")])
    assert order.index("right") < order.index("distract")


def test_thresholds_filter_and_mark_strong() -> None:
    claims = [("c", "The central bank raised interest rates to 5 percent in March.")]
    passages = [("exact", "The central bank raised interest rates to 5 percent in March."),
                ("weakish", "Interest on savings accounts at the bank stays low."), *BACKGROUND]
    everything = MatchEngine(weak=0.0, strong=0.7).match(claims, passages, top_k=50)
    scores = {m.passage_id: m for m in everything}
    assert scores["exact"].strong and scores["exact"].score >= 0.7
    assert all(0.0 <= m.score <= 1.0 for m in everything)
    cut = scores["exact"].score - 1e-6
    kept = MatchEngine(weak=cut, strong=cut).match(claims, passages, top_k=50)
    assert [m.passage_id for m in kept] == ["exact"]
    with pytest.raises(ValueError):
        MatchEngine(weak=0.8, strong=0.5)


def test_spans_slice_matched_words(engine: MatchEngine) -> None:
    passage = "In Ankara, officials said the stabilisation fund doubled."
    [m] = engine.match([("c", "Türkiye's stabilization fund doubled")], [("p", passage)],
                       top_k=1)
    words = [passage[s:e] for s, e in m.spans]
    assert words == ["Ankara", "stabilisation", "fund", "doubled"]
    assert all(0 <= s < e <= len(passage) for s, e in m.spans)


def test_incremental_paths_agree_with_full_match(engine: MatchEngine) -> None:
    claims = [("c1", "Floods destroyed 300 homes in Sindh province."),
              ("c2", "The airport runway was repaired and reopened.")]
    passages = [("p1", "Some 300 homes in Sindh province were destroyed by floods."), *BACKGROUND]
    full = engine.match(claims, passages)
    index = engine.index(passages)
    assert engine.match(claims, index) == full
    new = engine.match_new_passages(engine.index(claims), passages)
    assert {(m.claim_id, m.passage_id) for m in new if m.score > 0.5} == \
        {(m.claim_id, m.passage_id) for m in full if m.score > 0.5}


def test_deterministic_and_progress_can_cancel(engine: MatchEngine) -> None:
    claims = [(f"c{i}", text) for i, (_, text) in enumerate(BACKGROUND)]
    first = engine.match(claims, BACKGROUND)
    assert first == MatchEngine(weak=0.0, strong=0.7).match(claims, BACKGROUND)
    assert all(isinstance(m, Match) for m in first)
    seen: list[tuple[int, int]] = []
    engine.match(claims, BACKGROUND, progress=lambda d, t, _w: seen.append((d, t)) is None)
    assert seen[-1] == (len(claims), len(claims))
    with pytest.raises(Cancelled):
        engine.match(claims, BACKGROUND, progress=lambda d, t, _w: d < 3)


def test_empty_and_unmatched_inputs(engine: MatchEngine) -> None:
    assert engine.match([], BACKGROUND) == []
    assert engine.match([("c", "!!! ...")], BACKGROUND) == []
    assert engine.match([("c", "anything")], []) == []


def test_fast_bm25_index_equals_stock_bm25s() -> None:
    import bm25s
    import numpy as np

    from desktop.matching.index import _BM25

    docs = [[0, 1, 1, 2], [2, 3], [0, 4, 4, 4, 1], [5]]
    vocab = {f"t{i}": i for i in range(6)} | {"": 6}
    stock, fast = bm25s.BM25(k1=1.2, b=0.75), _BM25(k1=1.2, b=0.75)
    stock.index((docs, vocab), show_progress=False)
    fast.index((docs, vocab), show_progress=False)
    for query in ([0], [1, 4], [2, 3, 5], [0, 0, 1]):
        assert np.allclose(stock.get_scores_from_ids(query), fast.get_scores_from_ids(query))


def test_a_kept_index_is_built_once_per_analyser_and_items() -> None:
    claims = [("c1", "Aid entering Gaza remains below what was pledged."),
              ("c2", "Türkiye is prepared to deploy troops.")]
    engine = MatchEngine(weak=0.0, strong=0.7)
    kept = engine.index(claims, keep=True)
    # the same open claims, read again (new objects): the same index, not rebuilt
    assert engine.index([(i, (t + " ")[:-1]) for i, t in claims], keep=True) is kept
    # another engine over the same analyser (the window's next run) reuses it too
    assert MatchEngine(weak=0.0, strong=0.7, analyzer=engine.analyzer).index(
        claims, keep=True) is kept
    assert engine.index(claims) is not kept  # not asked to keep: built afresh
    edited = [claims[0], ("c2", "Türkiye is not prepared to deploy troops.")]
    fresh = engine.index(edited, keep=True)
    assert fresh is not kept and [d.text for d in fresh.docs] == [t for _, t in edited]
    assert MatchEngine(weak=0.0, strong=0.7).index(edited, keep=True) is not fresh  # own analyser
    # a kept index matches exactly as a fresh one
    passages = [("p1", "Fewer aid trucks than pledged entered Gaza."), *BACKGROUND]
    assert (engine.match_new_passages(engine.index(edited, keep=True), passages)
            == engine.match_new_passages(engine.index(edited), passages))
