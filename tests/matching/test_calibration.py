"""Scores mean the same in a workspace of five passages as in one of thousands.

The report sentences and claims are workspace-sized on purpose: the model was fitted on a
10,000-text benchmark, and these tests hold it to the settings' thresholds (suggest at 0.35,
strong at 0.7) where real workspaces are small.
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

from desktop.matching import MatchEngine

WEAK, STRONG = 0.35, 0.7

REPORT = [
    ("un", "UN figures show that aid deliveries into Gaza remain well below the levels Israel "
           "committed to under the ceasefire."),
    ("troops", "Turkey is ready to contribute troops to an international stabilization force, "
               "its foreign minister said."),
    ("cmcc", "CENTCOM opened the Civil-Military Coordination Center in southern Israel on "
             "17 October."),
    ("hamas", "Hamas officials said the group would hand over administration of Gaza to a "
              "technocratic Palestinian committee."),
    ("weather", "The weather in Istanbul was mild on Tuesday."),
]
AID = "The amount of aid entering Gaza remains below what Israel pledged."
TROOPS = "Türkiye is prepared to deploy troops to Gaza if necessary."
CMCC = ("The Civil-Military Coordination Centre was inaugurated on October 17 by US Central "
        "Command in Israel.")
ISF = "Turkey is ready to contribute troops to an international stabilisation force."

def _words(text: str) -> list[str]:
    return text.split()


_TOPICS = _words("football club striker league season coach stadium goal fans transfer match "
                 "title rain storm flood snow temperature heatwave forecast drought river harvest "
                 "bank inflation interest rate budget tax bond market shares profit exports "
                 "factory school teacher exam pupils university research study hospital nurse "
                 "vaccine clinic museum concert festival film actor novel painting theatre "
                 "gallery award")
_VERBS = _words("rose fell opened closed won lost announced cancelled delayed approved")
_PLACES = _words("Lisbon Oslo Lima Quito Accra Hanoi Dhaka Perth Denver Turin Lyon Porto")


def neutral_filler(n: int, seed: int = 5) -> list[tuple[str, str]]:
    """Sentences about other things: a bigger workspace, not a different topic."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        words = rng.sample(_TOPICS, 6)
        text = (f"In {rng.choice(_PLACES)} the {words[0]} {rng.choice(_VERBS)} as {words[1]} "
                f"and {words[2]} {rng.choice(_VERBS)}, while {words[3]} {words[4]} "
                f"{rng.choice(_VERBS)} by {rng.randint(2, 90)} {words[5]}.")
        out.append((f"f{i}", text))
    return out


def generated_filler(n: int) -> list[tuple[str, str]]:
    """Passages from the speed benchmark's generator (people, places, numbers, aliases)."""
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "matching_gen.py"
    spec = importlib.util.spec_from_file_location("matching_gen", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Generator(seed=11).workspace(10, n)[1]


@pytest.fixture(scope="module")
def engine() -> MatchEngine:
    return MatchEngine(weak=0.0, strong=STRONG)


def score(engine: MatchEngine, claim: str, passage_id: str,
          passages: list[tuple[str, str]] = REPORT) -> float:
    found = {m.passage_id: m.score for m in engine.match([("c", claim)], passages, top_k=50)}
    return found.get(passage_id, 0.0)


def test_paraphrase_is_suggested(engine: MatchEngine) -> None:
    assert score(engine, AID, "un") >= WEAK
    assert score(engine, "Hamas is ready to hand over governance of Gaza to a Palestinian-led "
                         "body.", "hamas") >= WEAK


def test_spelling_variant_is_suggested(engine: MatchEngine) -> None:
    british = score(engine, ISF, "troops")
    assert british >= STRONG
    # the British and American spellings count as the same word
    assert british == pytest.approx(score(engine, ISF.replace("stabilis", "stabiliz"), "troops"))


@pytest.mark.parametrize(("claim", "passage_id", "bar"), [
    (TROOPS, "troops", WEAK),  # Türkiye / Turkey
    (CMCC, "cmcc", STRONG),  # US Central Command / CENTCOM
])
def test_alias_carries_the_match(engine: MatchEngine, claim: str, passage_id: str,
                                 bar: float) -> None:
    with_alias = score(engine, claim, passage_id)
    without = score(MatchEngine(aliases=(), weak=0.0), claim, passage_id)
    assert with_alias >= bar
    assert with_alias > without


def test_contradiction_is_suggested(engine: MatchEngine) -> None:
    claim = "Aid deliveries into Gaza have reached the levels Israel committed to."
    assert score(engine, claim, "un") >= WEAK
    assert score(engine, "The weather in Istanbul was cold and stormy on Tuesday.",
                 "weather") >= WEAK


def test_distractor_sharing_entities_stays_below(engine: MatchEngine) -> None:
    # shares Israel (and its alias group) with the CENTCOM sentence, not the fact
    assert score(engine, AID, "cmcc") < WEAK
    assert score(engine, AID, "cmcc") < score(engine, AID, "un")
    # shares aid and Gaza with the UN sentence, but is about an appointment
    assert score(engine, "Türkiye has appointed a humanitarian aid coordinator for Gaza.",
                 "un") < WEAK


def test_unrelated_text_stays_below(engine: MatchEngine) -> None:
    for claim in (AID, TROOPS, CMCC, "Floods destroyed 300 homes in Sindh province."):
        assert score(engine, claim, "weather") < WEAK


def test_near_verbatim_is_strong() -> None:
    engine = MatchEngine(weak=WEAK, strong=STRONG)
    [m] = engine.match([("c", "The weather in Istanbul was mild on Tuesday")], REPORT, top_k=1)
    assert m.passage_id == "weather" and m.strong
    [m] = engine.match([("c", AID)], [("p", AID[:-1] + ", the UN said on Friday.")], top_k=1)
    assert m.strong and m.score < 0.99  # overlap alone never makes a match certain


@pytest.mark.parametrize(("claim", "passage_id"), [
    (AID, "un"), (TROOPS, "troops"), (CMCC, "cmcc"), (ISF, "troops"),
])
def test_same_pair_same_score_in_a_large_workspace(engine: MatchEngine, claim: str,
                                                   passage_id: str) -> None:
    small = score(engine, claim, passage_id)
    large = score(engine, claim, passage_id, REPORT + neutral_filler(4995))
    assert large == pytest.approx(small, abs=0.03)


def test_distractor_stays_a_distractor_in_a_large_workspace(engine: MatchEngine) -> None:
    # The filler's numbers and "opened" make the CENTCOM sentence's own unshared words
    # commoner, so its score moves a little more, but stays on the same side of the bar.
    small = score(engine, AID, "cmcc")
    large = score(engine, AID, "cmcc", REPORT + neutral_filler(4995))
    assert small < WEAK and large < WEAK
    assert large == pytest.approx(small, abs=0.1)


def test_strong_pairs_stay_strong_among_generated_passages(engine: MatchEngine) -> None:
    # The generator's passages are full of Gaza, Türkiye, aid and CENTCOM, so those words
    # weigh less there; clear matches must not move much all the same.
    passages = REPORT + generated_filler(4995)
    for claim, passage_id in ((AID, "un"), (CMCC, "cmcc"), (ISF, "troops")):
        small, large = score(engine, claim, passage_id), score(engine, claim, passage_id,
                                                               passages)
        assert large >= STRONG
        assert large == pytest.approx(small, abs=0.05)


def test_full_and_incremental_paths_agree(engine: MatchEngine) -> None:
    claims = [("aid", AID), ("troops", TROOPS), ("cmcc", CMCC), ("isf", ISF)]
    full = {(m.claim_id, m.passage_id): m.score for m in engine.match(claims, REPORT)}
    prebuilt = engine.match(claims[:1], engine.index(REPORT))
    new = engine.match_new_passages(engine.index(claims), REPORT)
    one_by_one = [m for c in claims for m in engine.match([c], REPORT)]
    assert full[("aid", "un")] >= STRONG
    for m in (*prebuilt, *new, *one_by_one):
        if (m.claim_id, m.passage_id) in full:
            assert m.score == pytest.approx(full[(m.claim_id, m.passage_id)], abs=0.03)
