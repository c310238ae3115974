"""Pair features for reranking one (claim, passage) candidate.

Every feature is computed from the pair alone plus shared term statistics, so a pair scores the
same whichever side was indexed. Fuzzy scorers run on the analysed term strings (short, stemmed,
stop words gone), where they behave; on raw long texts token_set_ratio over-rewards containment.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
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
    # The rest weigh words by how distinctive they are among the other texts of the call
    # (``Stats.local``): claims of one workspace come from one article and share its people and
    # places, and sharing only those says little about sharing the fact.
    "rare_hit",  # df of the rarest term of either text over df of the rarest shared term
    "rare_ratio",  # idf of the rarest shared term over that of the rarest term
)

# BM25's length normalisation pivots on this many terms (about a sentence, as in the CLEF
# collection) rather than on the collection's mean, which is noisy in a small workspace.
PIVOT_LENGTH = 16.0


class _DocInfo:
    """Per-text values reused across all pairs the text takes part in."""

    __slots__ = ("bigrams", "idfs", "mass", "mass2", "max_idf", "numbers", "string", "tf",
                 "words")

    def __init__(self, doc: Doc, idf: Callable[[str], float],
                 group_words: Mapping[str, frozenset[str]]) -> None:
        # The words of an alias phrase ("Türkiye") stand beside its group term: a name counts
        # once, as the group, so "Türkiye"/"Türkiye" weighs what "Türkiye"/"Turkey" does.
        skip: set[str] = set()
        for t in doc.tf:
            if t.startswith(GROUP_PREFIX):
                skip.update(group_words.get(t, ()))
        self.tf = {t: n for t, n in doc.tf.items() if t not in skip} if skip else doc.tf
        self.idfs = idfs = {t: idf(t) for t in self.tf}
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

    def __init__(self, stats: Stats, k1: float, b: float,
                 group_words: Mapping[str, frozenset[str]] | None = None) -> None:
        """``group_words``: alias group term -> its words (``Analyzer.group_words``)."""
        self.stats = stats
        self.k1 = k1
        self.b = b
        self.group_words = group_words or {}
        self._info: dict[int, _DocInfo] = {}

    def _of(self, doc: Doc, passage: bool) -> _DocInfo:
        info = self._info.get(id(doc))
        if info is None:
            idf = self.stats.idf_own if passage else self.stats.idf
            info = self._info[id(doc)] = _DocInfo(doc, idf, self.group_words)
        return info

    def vector(self, claim: Doc, passage: Doc) -> list[float]:
        """Features of one pair, in the order of ``FEATURES``."""
        idf2 = self.stats.idf_shared
        c, p = self._of(claim, False), self._of(passage, True)
        ctf, ptf = c.tf, p.tf
        shared = ctf.keys() & ptf.keys()
        k1, b = self.k1, self.b
        k1p = k1 + 1.0
        cnorm = k1 * (1.0 - b + b * len(claim.terms) / PIVOT_LENGTH)
        pnorm = k1 * (1.0 - b + b * len(passage.terms) / PIVOT_LENGTH)
        mass = mass2 = top = to_p = to_c = 0.0
        # Each text's own weights leave only itself out of the counts; a shared word is held by
        # both texts of the pair, which are both left out: correct by the difference.
        c_mass, p_mass, c_mass2, p_mass2 = c.mass, p.mass, c.mass2, p.mass2
        aliases = 0
        for t in shared:
            v = idf2(t)
            c1, p1 = c.idfs[t], p.idfs[t]
            c_mass += v - c1
            p_mass += v - p1
            c_mass2 += v * v - c1 * c1
            p_mass2 += v * v - p1 * p1
            mass += v
            mass2 += v * v
            top = max(top, v)
            tc, tp = ctf[t], ptf[t]
            to_p += v * tc * tp * k1p / (tp + pnorm)  # the claim as query, the passage as doc
            to_c += v * tp * tc * k1p / (tc + cnorm)
            aliases += t.startswith(GROUP_PREFIX)
        cov_c, cov_p = mass / c_mass, mass / p_mass
        cov2_c, cov2_p = mass2 / c_mass2, mass2 / p_mass2
        bm_c, bm_p = to_p / c_mass, to_c / p_mass
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
            # the rarest shared word against the rarest word as a ratio of document frequencies
            # (idf is about log(n / df)), the same whatever the collection's size
            math.exp(top - max(c.max_idf, p.max_idf, top)),
            top / max(c.max_idf, p.max_idf, top),
        ]
