"""Pair features for reranking one (claim, passage) candidate.

Every feature is computed from the pair alone plus shared term statistics, so a pair scores the
same whichever side was indexed. Fuzzy scorers run on the analysed term strings (short, stemmed,
stop words gone), where they behave; on raw long texts token_set_ratio over-rewards containment.
"""

from __future__ import annotations

import math

from rapidfuzz import fuzz

from desktop.matching.index import Doc, Stats
from desktop.matching.text import GROUP_PREFIX

FEATURES: tuple[str, ...] = (
    "bias",
    "cov_claim",  # idf mass of the claim found in the passage
    "cov_passage",  # idf mass of the passage found in the claim
    "shared_idf",  # log of the idf mass in common
    "bm25_norm",  # BM25 of the claim against the passage over the claim's own idf mass
    "bm25_log",
    "set_ratio",
    "sort_ratio",
    "ratio",
    "bigram",
    "num_agree",
    "num_conflict",
    "alias",
    "len_ratio",
    "matched_frac",
)


def _bigrams(terms: list[str]) -> set[tuple[str, str]]:
    return set(zip(terms, terms[1:], strict=False))


def _is_number(term: str) -> bool:
    return term[:1].isdigit()


class PairFeatures:
    """Feature vectors for candidate pairs under one set of corpus statistics."""

    def __init__(self, stats: Stats, k1: float, b: float) -> None:
        self.stats = stats
        self.k1 = k1
        self.b = b
        self._mass: dict[int, float] = {}
        self._strings: dict[int, str] = {}
        self._bigrams: dict[int, set[tuple[str, str]]] = {}

    def _doc_mass(self, doc: Doc) -> float:
        key = id(doc)
        mass = self._mass.get(key)
        if mass is None:
            mass = sum(self.stats.idf(t) for t in doc.tf) or 1.0
            self._mass[key] = mass
        return mass

    def _string(self, doc: Doc) -> str:
        key = id(doc)
        s = self._strings.get(key)
        if s is None:
            s = " ".join(t for t in doc.terms if not t.startswith(GROUP_PREFIX))
            self._strings[key] = s
        return s

    def _bigram_set(self, doc: Doc) -> set[tuple[str, str]]:
        key = id(doc)
        s = self._bigrams.get(key)
        if s is None:
            s = _bigrams([t for t in doc.terms if not t.startswith(GROUP_PREFIX)])
            self._bigrams[key] = s
        return s

    def vector(self, claim: Doc, passage: Doc) -> list[float]:
        """Features of one pair, in the order of ``FEATURES``."""
        idf = self.stats.idf
        shared = claim.tf.keys() & passage.tf.keys()
        shared_idf = sum(idf(t) for t in shared)
        claim_mass = self._doc_mass(claim)
        passage_mass = self._doc_mass(passage)
        k1, b = self.k1, self.b
        norm = k1 * (1.0 - b + b * len(passage.terms) / max(self.stats.avgdl, 1e-9))
        bm25 = 0.0
        for t in shared:
            tf = passage.tf[t]
            bm25 += idf(t) * claim.tf[t] * tf * (k1 + 1.0) / (tf + norm)
        cs, ps = self._string(claim), self._string(passage)
        cb, pb = self._bigram_set(claim), self._bigram_set(passage)
        bigram = len(cb & pb) / min(len(cb), len(pb)) if cb and pb else 0.0
        cnum = {t for t in claim.tf if _is_number(t)}
        pnum = {t for t in passage.tf if _is_number(t)}
        agree = bool(cnum & pnum)
        conflict = bool(cnum and pnum and not agree)
        aliases = sum(1 for t in shared if t.startswith(GROUP_PREFIX))
        return [
            1.0,
            shared_idf / claim_mass,
            shared_idf / passage_mass,
            math.log1p(shared_idf),
            bm25 / claim_mass,
            math.log1p(bm25),
            fuzz.token_set_ratio(cs, ps) / 100.0,
            fuzz.token_sort_ratio(cs, ps) / 100.0,
            fuzz.ratio(cs, ps) / 100.0,
            bigram,
            float(agree),
            float(conflict),
            min(aliases, 2) / 2.0,
            math.log((len(passage.terms) + 1) / (len(claim.terms) + 1)),
            len(shared) / max(len(claim.tf), 1),
        ]
