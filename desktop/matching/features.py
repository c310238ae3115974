"""Pair features for reranking one (claim, passage) candidate.

Every feature is computed from the pair alone plus shared term statistics, so a pair scores the
same whichever side was indexed. Fuzzy scorers run on the analysed term strings (short, stemmed,
stop words gone), where they behave; on raw long texts token_set_ratio over-rewards containment.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import pairwise

import numpy as np
from rapidfuzz import fuzz, process
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

    __slots__ = ("bigrams", "groups", "idfs", "mass", "mass2", "max_idf", "n_terms", "numbers",
                 "string", "tf", "words")

    def __init__(self, doc: Doc, stats: Stats, side: int,
                 group_words: Mapping[str, frozenset[str]]) -> None:
        """``side`` picks the text's own weight from ``Stats.weights`` (0 claim, 1 passage)."""
        terms = doc.terms
        words = [t for t in terms if not t.startswith(GROUP_PREFIX)]
        tf = doc.tf
        groups: tuple[str, ...] = ()
        if len(words) != len(terms):  # only texts naming an alias group need the filtering
            groups = tuple(t for t in tf if t.startswith(GROUP_PREFIX))
            # The words of an alias phrase ("Türkiye") stand beside its group term: a name
            # counts once, as the group, so "Türkiye"/"Türkiye" weighs what "Türkiye"/"Turkey"
            # does.
            skip: set[str] = set()
            for t in groups:
                skip.update(group_words.get(t, ()))
            if skip:
                tf = {t: n for t, n in tf.items() if t not in skip}
        self.tf = tf
        self.groups = groups
        self.idfs = idfs = stats.side_weights(tf, side)
        values = idfs.values()
        self.mass = sum(values) or 1.0
        self.mass2 = sum([v * v for v in values]) or 1.0
        self.max_idf = max(values, default=0.0) or 1.0
        self.n_terms = len(terms)
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
            info = self._info[id(doc)] = _DocInfo(doc, self.stats, int(passage),
                                                  self.group_words)
        return info

    def vector(self, claim: Doc, passage: Doc) -> list[float]:
        """Features of one pair, in the order of ``FEATURES``."""
        c, p = self._of(claim, False), self._of(passage, True)
        a, b = c.string, p.string
        return self._vector(c, p, fuzz.token_set_ratio(a, b), fuzz.token_sort_ratio(a, b),
                            fuzz.ratio(a, b))

    def vectors(self, pairs: Sequence[tuple[Doc, Doc]]) -> list[list[float]]:
        """``vector`` of each (claim, passage) pair. The string scorers run batched in
        rapidfuzz (same scorers, same values, in float64), saving a Python call per score."""
        info = self._info
        sides = [(info.get(id(claim)) or self._of(claim, False),
                  info.get(id(passage)) or self._of(passage, True)) for claim, passage in pairs]
        if not sides:
            return []
        a = [c.string for c, _ in sides]
        b = [p.string for _, p in sides]
        fuzzy = [process.cpdist(a, b, scorer=scorer, dtype=np.float64).tolist()
                 for scorer in (fuzz.token_set_ratio, fuzz.token_sort_ratio, fuzz.ratio)]
        vector = self._vector
        return [vector(c, p, s1, s2, s3) for (c, p), s1, s2, s3 in zip(sides, *fuzzy, strict=True)]

    def _vector(self, c: _DocInfo, p: _DocInfo, set_ratio: float, sort_ratio: float,
                ratio: float) -> list[float]:
        """The pair's features given its three rapidfuzz scores (0-100)."""
        ctf, ptf = c.tf, p.tf
        shared = ctf.keys() & ptf.keys()
        k1, b = self.k1, self.b
        k1p = k1 + 1.0
        cnorm = k1 * (1.0 - b + b * c.n_terms / PIVOT_LENGTH)
        pnorm = k1 * (1.0 - b + b * p.n_terms / PIVOT_LENGTH)
        mass = mass2 = top = to_p = to_c = 0.0
        # Each text's own weights leave only itself out of the counts; a shared word is held by
        # both texts of the pair, which are both left out: correct by the difference.
        c_mass, p_mass, c_mass2, p_mass2 = c.mass, p.mass, c.mass2, p.mass2
        cidf, pidf = c.idfs, p.idfs
        cache = self.stats.cache  # both texts' infos have weighed every shared term
        for t in shared:
            v = cache[t][2]
            c1, p1 = cidf[t], pidf[t]
            vv = v * v
            c_mass += v - c1
            p_mass += v - p1
            c_mass2 += vv - c1 * c1
            p_mass2 += vv - p1 * p1
            mass += v
            mass2 += vv
            if v > top:
                top = v
            tc, tp = ctf[t], ptf[t]
            to_p += v * tc * tp * k1p / (tp + pnorm)  # the claim as query, the passage as doc
            to_c += v * tp * tc * k1p / (tc + cnorm)
        # a shared group term is one of the claim's own group terms
        aliases = sum(t in ptf for t in c.groups) if c.groups else 0
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
        # conditionals, not max()/min() calls, on this hot path; each picks what they would
        return [
            1.0,
            cov_hi,
            cov_lo,
            math.log(cov_hi if cov_hi >= 0.02 else 0.02),
            math.log(cov_lo if cov_lo >= 0.02 else 0.02),
            cov2_p if cov2_p > cov2_c else cov2_c,
            cov2_p if cov2_p < cov2_c else cov2_c,
            bm_p if bm_p > bm_c else bm_c,
            bm_p if bm_p < bm_c else bm_c,
            m_p if m_p > m_c else m_c,
            m_p if m_p < m_c else m_c,
            bigram,
            2.0 * lcs / max(len(cw) + len(pw), 1),
            lcs / max(min(len(cw), len(pw)), 1),
            set_ratio / 100.0,
            sort_ratio / 100.0,
            ratio / 100.0,
            float(agree),
            float(conflict),
            min(aliases, 2) / 2.0,
            abs(math.log((p.n_terms + 1) / (c.n_terms + 1))),
            # the rarest shared word against the rarest word as a ratio of document frequencies
            # (idf is about log(n / df)), the same whatever the collection's size
            math.exp(top - max(c.max_idf, p.max_idf, top)),
            top / max(c.max_idf, p.max_idf, top),
        ]
