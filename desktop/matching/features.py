"""Pair features for reranking one (claim, passage) candidate.

Every feature is computed from the pair alone plus shared term statistics, so a pair scores the
same whichever side was indexed. Fuzzy scorers run on the analysed term strings (short, stemmed,
stop words gone), where they behave; on raw long texts token_set_ratio over-rewards containment.
"""

from __future__ import annotations

import math
from itertools import pairwise

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
    "cov2_claim",  # as cov_claim with idf squared: rare words (names) dominate
    "cov2_passage",
    "max_idf",  # the rarest word in common, over the largest possible idf
)


class _DocInfo:
    """Per-text values reused across all pairs the text takes part in."""

    __slots__ = ("bigrams", "mass", "mass2", "numbers", "string")

    def __init__(self, doc: Doc, stats: Stats) -> None:
        idfs = [stats.idf(t) for t in doc.tf]
        self.mass = sum(idfs) or 1.0
        self.mass2 = sum(v * v for v in idfs) or 1.0
        words = [t for t in doc.terms if not t.startswith(GROUP_PREFIX)]
        self.string = " ".join(words)
        self.bigrams = set(pairwise(words))
        self.numbers = {t for t in doc.tf if t[:1].isdigit()}


class PairFeatures:
    """Feature vectors for candidate pairs under one set of corpus statistics."""

    def __init__(self, stats: Stats, k1: float, b: float) -> None:
        self.stats = stats
        self.k1 = k1
        self.b = b
        self._info: dict[int, _DocInfo] = {}
        self._max_idf = math.log(1.0 + (stats.n + 0.5) / 0.5)

    def _of(self, doc: Doc) -> _DocInfo:
        info = self._info.get(id(doc))
        if info is None:
            info = self._info[id(doc)] = _DocInfo(doc, self.stats)
        return info

    def vector(self, claim: Doc, passage: Doc) -> list[float]:
        """Features of one pair, in the order of ``FEATURES``."""
        idf = self.stats.idf
        c, p = self._of(claim), self._of(passage)
        shared = claim.tf.keys() & passage.tf.keys()
        shared_idfs = [idf(t) for t in shared]
        shared_idf = sum(shared_idfs)
        shared_idf2 = sum(v * v for v in shared_idfs)
        k1, b = self.k1, self.b
        norm = k1 * (1.0 - b + b * len(passage.terms) / max(self.stats.avgdl, 1e-9))
        bm25 = 0.0
        for t, v in zip(shared, shared_idfs, strict=True):
            tf = passage.tf[t]
            bm25 += v * claim.tf[t] * tf * (k1 + 1.0) / (tf + norm)
        bigram = (len(c.bigrams & p.bigrams) / min(len(c.bigrams), len(p.bigrams))
                  if c.bigrams and p.bigrams else 0.0)
        agree = not c.numbers.isdisjoint(p.numbers)
        conflict = bool(c.numbers and p.numbers and not agree)
        aliases = sum(1 for t in shared if t.startswith(GROUP_PREFIX))
        return [
            1.0,
            shared_idf / c.mass,
            shared_idf / p.mass,
            math.log1p(shared_idf),
            bm25 / c.mass,
            math.log1p(bm25),
            fuzz.token_set_ratio(c.string, p.string) / 100.0,
            fuzz.token_sort_ratio(c.string, p.string) / 100.0,
            fuzz.ratio(c.string, p.string) / 100.0,
            bigram,
            float(agree),
            float(conflict),
            min(aliases, 2) / 2.0,
            math.log((len(passage.terms) + 1) / (len(claim.terms) + 1)),
            len(shared) / max(len(claim.tf), 1),
            shared_idf2 / c.mass2,
            shared_idf2 / p.mass2,
            max(shared_idfs, default=0.0) / self._max_idf,
        ]
