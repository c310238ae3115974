"""Claim candidates: every sentence of an article scored for check-worthiness.

A claim worth checking states something that can be verified: numbers and quantities, dates,
named people, places and bodies, comparisons, things someone said happened. Opinion, rhetoric,
questions and quotations of principle rank low. The weights are hand-set; docs/benchmarks.md
("Bringing documents in") shows how well they rank the seed article's claims.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from desktop.ingest.speakers import SpeakerTracker
from desktop.progress import Progress, step

_W = re.compile(r"[^\W_]+(?:[.,'’-][^\W_]+)*", re.UNICODE)
_UPPER_START = re.compile(r"^[A-ZÀ-ÖØ-ÞİŞĞÇÜА-ЯЁ]")
_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                 "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred",
                 "hundreds", "thousand", "thousands", "million", "millions", "billion",
                 "billions", "trillion", "dozen", "dozens", "half", "percent", "twice",
                 "first", "second", "third"}
_MONTHS = {"january", "february", "march", "april", "june", "july", "august", "september",
           "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
           "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday",
           "friday", "saturday", "sunday", "yesterday", "today"}
_COMPARISON = re.compile(
    r"\b(?:below|above|more than|less than|fewer than|higher|lower|increased?|decreased?|"
    r"rose|risen|fell|fallen|doubled|tripled|halved|record|largest|biggest|smallest|highest|"
    r"lowest|most|least|compared|than|only|first|last|not a .{1,40} but|exceed(?:s|ed)?|"
    r"surpass(?:es|ed)?|up from|down from|per cent|%)\b", re.IGNORECASE)
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|told|according to|reported|noted|stated|announced|confirmed|added|"
    r"declared|revealed|disclosed|acknowledged|admitted|denied|wrote)\b", re.IGNORECASE)
_EVENT = re.compile(r"\b(?:appointed|signed|inaugurated|established|launched|approved|killed|"
                    r"arrested|deployed|agreed|elected|founded|discussed|held|met|visited|"
                    r"began|begun|opened|closed|reached|expressed|passed|voted|built|sent|"
                    r"outlined|announced|focused|pledged|promised|underway|ongoing|formed)\b",
                    re.IGNORECASE)
_OPINION = re.compile(
    r"\b(?:should|must|ought|needs? to|have to|has to|believes?|thinks?|feels?|hopes?|wish|"
    r"argued|argues|opinion|of course|essentially|clearly|obviously|certainly|surely|"
    r"regardless|as if|would|could|might|will|can|"
    r"important|essential|critical|crucial|vital|great|clearest|correct|wrong|false|true|"
    r"good|bad|terrible|determined|committed|rhetoric|perceptions?|logic|message|"
    r"condemned|oppression|described|emphasi[sz]ed|stressing|concluded)\b", re.IGNORECASE)
# Case matters here: "us" is a pronoun, "US" a country.
_PERSONAL = re.compile(r"\b(?:[Ww]e|[Oo]ur|us|I|[Mm]y|me|[Yy]ou|[Yy]our)\b")
_VAGUE = re.compile(r"\b(?:issues|topics|matters|dynamics|relations|concerns|efforts|"
                    r"stability|understanding|sense|reaction|policy)\b", re.IGNORECASE)
_CONDITION = re.compile(r"\b(?:if|unless|as long as|whether)\b", re.IGNORECASE)
_QUOTE_OPEN = ("“", '"', "‘", "«", "„")
_COMMON_CAPS = {"The", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I",
                "In", "On", "At", "But", "And", "A", "An", "As", "If", "When", "While", "After",
                "Before", "There", "What", "How", "Why", "Noting", "His", "Her", "Their", "Our"}

# Weights of each feature (a unit is roughly "one clear sign").
CUE_WEIGHTS = {"numbers": 0.8, "dates": 0.7, "entities": 0.45, "comparison": 0.6,
           "attribution": 0.5, "events": 0.35, "opinion": -0.55, "vague": -0.3,
           "condition": -0.2, "question": -1.2, "quotation": -0.7, "short": -1.0,
           "long": -0.3}
CAPS = {"numbers": 2, "entities": 5, "events": 3, "opinion": 4, "vague": 3}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One sentence of the article as a possible claim, with its offsets in the text."""

    start: int
    end: int
    text: str  # the sentence, text[start:end]
    score: float  # 0..1, higher is more check-worthy
    rank: int  # 1 = most check-worthy
    speaker: str
    claim: str  # suggested claim wording (the reported words, without "X said that")
    quote_start: int  # offsets of the reported words within the document text
    quote_end: int
    features: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def features(sentence: str) -> dict[str, float]:
    """Counts of each sign of check-worthiness (or of opinion) in one sentence."""
    words = _W.findall(sentence)
    lower = [w.lower() for w in words]
    f: dict[str, float] = {}
    f["numbers"] = sum(1 for w in lower if any(c.isdigit() for c in w) or w in _NUMBER_WORDS)
    f["dates"] = float(any(w in _MONTHS for w in lower)
                       or bool(re.search(r"\b(?:1[89]|20)\d\d\b", sentence)))
    f["entities"] = _entity_count(words, sentence)
    f["comparison"] = float(bool(_COMPARISON.search(sentence)))
    f["attribution"] = float(bool(_ATTRIBUTION.search(sentence)))
    f["events"] = len(_EVENT.findall(sentence))
    f["opinion"] = len(_OPINION.findall(sentence)) + len(_PERSONAL.findall(sentence))
    f["vague"] = len(_VAGUE.findall(sentence))
    f["condition"] = float(bool(_CONDITION.search(sentence)))
    f["question"] = float("?" in sentence or "!" in sentence)
    f["quotation"] = float(sentence.lstrip().startswith(_QUOTE_OPEN))
    f["short"] = float(len(words) < 8)
    f["long"] = float(len(words) > 70)
    return f


def _entity_count(words: list[str], sentence: str) -> int:
    """Runs of capitalised words (names, places, bodies) and acronyms, not sentence-initial."""
    runs = 0
    in_run = False
    first = True
    for w in words:
        capital = bool(_UPPER_START.match(w)) and w not in _COMMON_CAPS
        if capital and not first:
            if not in_run:
                runs += 1
            in_run = True
        else:
            in_run = False
        first = False
    return runs


def raw_score(f: dict[str, float]) -> float:
    return sum(CUE_WEIGHTS[k] * min(v, CAPS.get(k, v)) for k, v in f.items())


def propose(text: str, spans: Sequence[tuple[int, int]] | None = None, *,
            language: str = "en", outlet: str = "",
            progress: Progress | None = None) -> list[Candidate]:
    """Every sentence as a candidate claim, most check-worthy first."""
    if spans is None:
        from desktop.ingest.sentences import sentence_spans

        spans = sentence_spans(text, language, progress=progress)
    tracker = SpeakerTracker(default=outlet)
    scored: list[tuple[float, int, Candidate]] = []
    total = len(spans)
    for i, (start, end) in enumerate(spans):
        if i % 200 == 0:
            step(progress, i, total, "scoring sentences")
        sentence = text[start:end]
        who = tracker.attribute(sentence)
        f = features(sentence)
        raw = raw_score(f)
        q_start = start + who.quote_offset
        q_end = end
        while q_end > q_start and text[q_end - 1] in ".;:,!?\"”’ ":
            q_end -= 1
        if q_end <= q_start:
            q_start, q_end = start, end
        reported = text[q_start:q_end]
        claim = reported[:1].upper() + reported[1:] if reported else sentence
        cand = Candidate(start=start, end=end, text=sentence,
                         score=round(1 / (1 + math.exp(-(raw - 1.5))), 4), rank=0,
                         speaker=who.speaker, claim=claim, quote_start=q_start,
                         quote_end=q_end, features=f)
        scored.append((raw, i, cand))
    step(progress, total, total, "done")
    scored.sort(key=lambda item: (-item[0], item[1]))
    out = []
    for rank, (_raw, _i, cand) in enumerate(scored, 1):
        out.append(replace(cand, rank=rank))
    return out
