"""Sentence passages, claim candidates, speaker attribution and near-repeat detection."""

from __future__ import annotations

import pytest

from desktop.ingest.candidates import features, propose
from desktop.ingest.duplicates import find_near_duplicates
from desktop.ingest.sentences import sentence_spans
from desktop.ingest.speakers import SpeakerTracker
from desktop.progress import Cancelled


def sentences(text: str, language: str = "en") -> list[str]:
    spans = sentence_spans(text, language)
    for start, end in spans:
        assert text[start:end] == text[start:end].strip() and start < end
    return [text[s:e] for s, e in spans]


def test_abbreviations_decimals_dates_and_quotes() -> None:
    text = ('Dr. Smith of the U.S. Army said inflation was 2.5 percent on Jan. 5, 2024. '
            '"It is rising," he said. Prices rose 3.1% in Oct. 2023 vs. a year earlier.\n'
            'A new paragraph.')
    assert sentences(text) == [
        "Dr. Smith of the U.S. Army said inflation was 2.5 percent on Jan. 5, 2024.",
        '"It is rising," he said.',
        "Prices rose 3.1% in Oct. 2023 vs. a year earlier.",
        "A new paragraph."]


def test_arabic_and_cyrillic_offsets_are_exact() -> None:
    ar = "قال الوزير إن المحادثات مستمرة. وأضاف أن الوفد سيصل غدا."
    assert sentences(ar, "ar") == ["قال الوزير إن المحادثات مستمرة.", "وأضاف أن الوفد سيصل غدا."]
    ru = "Министр заявил, что переговоры продолжаются. Делегация прибудет в среду."
    assert len(sentences(ru, "ru")) == 2


def test_long_paragraph_without_breaks_is_cut_into_bounded_passages(seed) -> None:
    text, _claims = seed
    one_line = text.replace("\n", " ") * 20
    spans = sentence_spans(one_line)
    assert len(spans) > 200
    assert max(e - s for s, e in spans) <= 2000


def test_seed_claims_rank_in_the_top_15(seed) -> None:
    text, claims = seed
    cands = propose(text, outlet="Anadolu Ajansi")
    top = cands[:15]
    found = [c for c in claims
             if any(x.start <= c["quote_start"] and c["quote_end"] <= x.end for x in top)]
    assert len(found) >= 9
    assert [c.rank for c in cands] == list(range(1, len(cands) + 1))
    assert all(text[c.start:c.end] == c.text for c in cands)
    assert all(text[c.quote_start:c.quote_end] in c.text for c in cands)
    scores = [c.score for c in cands]
    assert scores == sorted(scores, reverse=True)


def test_opinion_and_rhetoric_rank_below_facts() -> None:
    text = ("We must never give up on what is right, and this is essentially our message.\n"
            "The ministry said exports rose 12 percent to $4.2 billion in March 2024, "
            "above the 2023 level.\n"
            "Why should anyone believe them?\n")
    cands = propose(text)
    assert cands[0].text.startswith("The ministry said exports rose")
    assert cands[0].features["numbers"] >= 2 and cands[0].features["dates"] == 1
    assert cands[-1].score < 0.2


def test_features_see_comparisons_and_attributions() -> None:
    f = features("Aid entering Gaza remains below what Israel pledged, according to the UN.")
    assert f["comparison"] == 1 and f["attribution"] == 1 and f["entities"] >= 2
    assert features("This is our message.")["opinion"] >= 2


@pytest.mark.parametrize(("sentences_in", "expected"), [
    (["Turkish Foreign Minister Hakan Fidan has said that troops are ready."], "Hakan Fidan"),
    (["Hakan Fidan spoke on Monday.", "Fidan said 40 trucks arrived."], "Hakan Fidan"),
    (["Hakan Fidan spoke on Monday.", "He said 40 trucks arrived."], "Hakan Fidan"),
    (["Aid fell by half, according to UNICEF."], "UNICEF"),
    (['"Prices doubled," said Maria Lopez.'], "Maria Lopez"),
    (["Health officials said 12 clinics closed."], "Health officials"),
    (["Prices doubled in May."], "The Outlet"),
])
def test_speaker_attribution(sentences_in: list[str], expected: str) -> None:
    tracker = SpeakerTracker(default="The Outlet")
    for s in sentences_in:
        who = tracker.attribute(s)
    assert who.speaker == expected


def test_seed_speakers_are_mostly_right(seed) -> None:
    text, claims = seed
    cands = propose(text, outlet="Anadolu Ajansi")
    right = 0
    for c in claims:
        cand = next(x for x in cands if x.start <= c["quote_start"] and c["quote_end"] <= x.end)
        right += c["speaker"].split(" (")[0] == cand.speaker
    assert right >= 8


def test_claim_wording_drops_the_attribution(seed) -> None:
    text, _claims = seed
    first = next(c for c in propose(text) if c.start == 0)
    assert first.claim.startswith("Turkiye is prepared to assume responsibility")
    assert text[first.quote_start:first.quote_end] == (
        "Turkiye is prepared to assume responsibility in the Gaza Strip, including the "
        "possibility of deploying troops, if necessary")


def test_proposing_can_be_cancelled(seed) -> None:
    text, _claims = seed
    with pytest.raises(Cancelled):
        propose(text * 3, progress=lambda _d, _t, _w: False)


def test_near_duplicates_are_found_and_topics_are_not() -> None:
    existing = [(1, "Türkiye is prepared to deploy troops to Gaza if necessary."),
                (2, "Egypt, Qatar and Türkiye helped bring the ceasefire into effect."),
                (3, "Aid entering Gaza remains below what Israel pledged.")]
    found = find_near_duplicates("Turkiye is prepared to deploy troops to Gaza, if necessary",
                                 existing)
    assert [m.claim_id for m in found] == [1]
    assert found[0].score >= 90
    reordered = find_near_duplicates("Qatar, Egypt and Turkiye helped bring the ceasefire "
                                     "into effect.", existing)
    assert reordered and reordered[0].claim_id == 2
    assert find_near_duplicates("Gaza needs more aid trucks every day.", existing) == []
    assert find_near_duplicates("", existing) == []
