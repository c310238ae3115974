"""Pair features for reranking one (claim, passage) candidate.

Every feature is computed from the pair alone plus shared term statistics, so a pair scores the
same whichever side was indexed. Fuzzy scorers run on the analysed term strings (short, stemmed,
stop words gone), where they behave; on raw long texts token_set_ratio over-rewards containment.
"""

from __future__ import annotations

import math
from itertools import pairwise

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from desktop.matching.index import Doc, Stats
from desktop.matching.text import GROUP_PREFIX

# Every feature is a ratio or a property of the pair's own texts, never an absolute idf or BM25
# level: those grow with the collection, and the score must mean the same in a workspace of five
# passages as in one of 100,000. Features are symmetric (the better- and the worse-covered side)
# so that what was learned on noisy tweets against clean claims carries over to clean claims
# against report sentences, and a pair scores the same whichever side is the query.
FEATURES: tuple[str, ...] = (
    "bias",
    "cov_hi",  # share of a text's idf mass found in the other, the larger of the two sides
    "cov_lo",  # ... and the smaller
    "cov_hi_log",
    "cov_lo_log",
    "cov2_hi",  # as cov_* with idf squared: rare words (names) dominate
    "cov2_lo",
    "bm25_hi",  # BM25 of one text against the other over its own idf mass, both ways
    "bm25_lo",
    "matched_hi",  # share of a text's distinct terms found in the other
    "matched_lo",
    "bigram",
    "word_ratio",  # longest common word subsequence over both lengths (0 when nothing shared)
    "word_lcs",  # longest common word subsequence over the shorter text
    "set_ratio",
    "sort_ratio",
    "ratio",
    "num_agree",
    "num_conflict",
    "alias",
    "len_diff",  # |log| of the length ratio
    "rare_hit",  # the rarest shared term over each side's rarest term, the smaller side
)

# BM25's length normalisation pivots on this many terms (about a sentence, as in the CLEF
# collection) rather than on the collection's mean, which is noisy in a small workspace.
PIVOT_LENGTH = 16.0


class _DocInfo:
    """Per-text values reused across all pairs the text takes part in."""

    __slots__ = ("bigrams", "mass", "mass2", "max_idf", "numbers", "string", "words")

    def __init__(self, doc: Doc, stats: Stats) -> None:
        idfs = {t: stats.idf(t) for t in doc.tf}
        self.mass = sum(idfs.values()) or 1.0
        self.mass2 = sum(v * v for v in idfs.values()) or 1.0
        self.max_idf = max(idfs.values(), default=0.0) or 1.0
        words = [t for t in doc.terms if not t.startswith(GROUP_PREFIX)]
        self.string = " ".join(words)
        self.words = words
        self.bigrams = set(pairwise(words))
        self.numbers = {t for t in doc.tf if t[:1].isdigit()}


class PairFeatures:
    """Feature vectors for candidate pairs under one set of corpus statistics."""

    def __init__(self, stats: Stats, k1: float, b: float) -> None:
        self.stats = stats
        self.k1 = k1
        self.b = b
        self._info: dict[int, _DocInfo] = {}

    def _of(self, doc: Doc) -> _DocInfo:
        info = self._info.get(id(doc))
        if info is None:
            info = self._info[id(doc)] = _DocInfo(doc, self.stats)
        return info

    def vector(self, claim: Doc, passage: Doc) -> list[float]:
        """Features of one pair, in the order of ``FEATURES``."""
        idf = self.stats.idf
        c, p = self._of(claim), self._of(passage)
        ctf, ptf = claim.tf, passage.tf
        shared = ctf.keys() & ptf.keys()
        k1, b = self.k1, self.b
        k1p = k1 + 1.0
        cnorm = k1 * (1.0 - b + b * len(claim.terms) / PIVOT_LENGTH)
        pnorm = k1 * (1.0 - b + b * len(passage.terms) / PIVOT_LENGTH)
        mass = mass2 = top = to_p = to_c = 0.0
        aliases = 0
        for t in shared:
            v = idf(t)
            mass += v
            mass2 += v * v
            top = max(top, v)
            tc, tp = ctf[t], ptf[t]
            to_p += v * tc * tp * k1p / (tp + pnorm)  # the claim as query, the passage as doc
            to_c += v * tp * tc * k1p / (tc + cnorm)
            aliases += t.startswith(GROUP_PREFIX)
        cov_c, cov_p = mass / c.mass, mass / p.mass
        cov2_c, cov2_p = mass2 / c.mass2, mass2 / p.mass2
        bm_c, bm_p = to_p / c.mass, to_c / p.mass
        n = len(shared)
        m_c, m_p = n / max(len(ctf), 1), n / max(len(ptf), 1)
        cw, pw = c.words, p.words
        bigram = (len(c.bigrams & p.bigrams) / min(len(c.bigrams), len(p.bigrams))
                  if c.bigrams and p.bigrams else 0.0)
        lcs = LCSseq.similarity(cw, pw) if n else 0
        agree = not c.numbers.isdisjoint(p.numbers)
        conflict = bool(c.numbers and p.numbers and not agree)
        cov_hi, cov_lo = (cov_c, cov_p) if cov_c >= cov_p else (cov_p, cov_c)
        return [
            1.0,
            cov_hi,
            cov_lo,
            math.log(max(cov_hi, 0.02)),
            math.log(max(cov_lo, 0.02)),
            max(cov2_c, cov2_p),
            min(cov2_c, cov2_p),
            max(bm_c, bm_p),
            min(bm_c, bm_p),
            max(m_c, m_p),
            min(m_c, m_p),
            bigram,
            2.0 * lcs / max(len(cw) + len(pw), 1),
            lcs / max(min(len(cw), len(pw)), 1),
            fuzz.token_set_ratio(c.string, p.string) / 100.0,
            fuzz.token_sort_ratio(c.string, p.string) / 100.0,
            fuzz.ratio(c.string, p.string) / 100.0,
            float(agree),
            float(conflict),
            min(aliases, 2) / 2.0,
            abs(math.log((len(passage.terms) + 1) / (len(claim.terms) + 1))),
            top / max(c.max_idf, p.max_idf),
        ]
