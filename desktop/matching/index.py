"""Lexical candidate index: analysed texts plus a bm25s BM25 index over them."""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from itertools import chain

import bm25s
import numpy as np

from desktop.matching.text import Analyzer

# bm25s logs at INFO on every index; the engine reports progress itself.
logging.getLogger("bm25s").setLevel(logging.WARNING)


class _BM25(bm25s.BM25):
    """bm25s with the index built by whole-array numpy operations (bm25s documents
    ``build_index_from_ids`` as the override point); its per-document loop was the slowest
    part of indexing 100k passages. Same Lucene scores, same CSC layout."""

    def build_index_from_ids(self, unique_token_ids, corpus_token_ids, show_progress=True,
                             leave_progress=False):
        n_docs, n_vocab = len(corpus_token_ids), len(unique_token_ids)
        lengths = np.fromiter((len(d) for d in corpus_token_ids), dtype=np.int64, count=n_docs)
        flat = np.fromiter(chain.from_iterable(corpus_token_ids), dtype=np.int64,
                           count=int(lengths.sum()))
        docs = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
        keys, tf = np.unique(docs * n_vocab + flat, return_counts=True)
        doc_idx, term_idx = keys // n_vocab, keys % n_vocab
        df = np.bincount(term_idx, minlength=n_vocab)
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5))
        avg = lengths.mean() if n_docs else 1.0
        tf = tf.astype(np.float64)
        norm = self.k1 * (1.0 - self.b + self.b * lengths[doc_idx] / avg)
        scores = idf[term_idx] * tf / (tf + norm)
        order = np.argsort(term_idx, kind="stable")  # column-major, rows ascending
        indptr = np.zeros(n_vocab + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        self.nonoccurrence_array = None
        return {"data": scores[order].astype(self.dtype),
                "indices": doc_idx[order].astype(self.int_dtype),
                "indptr": indptr, "num_docs": n_docs}


class Doc:
    """One analysed text: its id, original text, term list and the cached term set."""

    __slots__ = ("id", "terms", "text", "tf")

    def __init__(self, doc_id: Hashable, text: str, terms: list[str]) -> None:
        self.id = doc_id
        self.text = text
        self.terms = terms
        self.tf = Counter(terms)


class TextIndex:
    """BM25 over a fixed set of texts; ``candidates`` gives the best rows for a term list."""

    def __init__(self, docs: Sequence[Doc], k1: float, b: float) -> None:
        self.docs = list(docs)
        self.vocab: dict[str, int] = {}
        ids: list[list[int]] = []
        vocab = self.vocab
        for doc in self.docs:
            ids.append([vocab.setdefault(t, len(vocab)) for t in doc.terms])
        vocab.setdefault("", len(vocab))  # bm25s wants a slot for empty documents
        self.bm25 = _BM25(k1=k1, b=b)
        self.bm25.index((ids, vocab), show_progress=False)
        indptr = self.bm25.scores["indptr"]
        self.df = np.diff(indptr).astype(np.int64)  # column lengths are document frequencies

    def __len__(self) -> int:
        return len(self.docs)

    def scores(self, terms: list[str]) -> np.ndarray:
        """BM25 score of every row for a query's terms (zeros when none is indexed)."""
        ids = [self.vocab[t] for t in terms if t in self.vocab]
        if not ids or not self.docs:
            return np.zeros(len(self.docs))
        return self.bm25.get_scores_from_ids(ids)

    def candidates(self, terms: list[str], k: int) -> list[tuple[int, float]]:
        """Top-``k`` rows by BM25 for a query's terms, best first, ties by row (deterministic)."""
        return self.top(self.scores(terms), k)

    @staticmethod
    def top(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The ``k`` rows of highest positive score, best first, ties by row."""
        k = min(k, len(scores))
        if k < 1:
            return []
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        top = top[scores[top] > 0]
        order = np.lexsort((top, -scores[top]))
        return [(int(top[i]), float(scores[top[i]])) for i in order]


# A term's weight is its inverse document frequency among the texts of a match, blended with a
# light neutral prior: they are counted as if there were PRIOR_DOCS more texts, in PRIOR_DF of
# which any given term occurs. A handful of unrelated passages then gives nearly uniform
# weights; in a large collection local frequencies dominate. Claims count too, each as
# CLAIM_WEIGHT of a text: when a workspace's claims all come from one article and name Gaza and
# Türkiye, those names tell them apart poorly and must weigh less than the words of the fact;
# the fraction keeps a pair's score nearly the same whichever other claims are matched with it.
# The pair's own two texts are left out of the counts, so in a call of one claim and one
# passage every word weighs the same.
PRIOR_DOCS = 40.0
PRIOR_DF = 2.0
CLAIM_WEIGHT = 0.2


class Stats:
    """Document frequencies over the passages and (fractionally) the claims of a match."""

    def __init__(self, passages: TextIndex | Sequence[Doc],
                 claims: TextIndex | Sequence[Doc] = (), *,
                 prior_docs: float = PRIOR_DOCS, prior_df: float = PRIOR_DF,
                 claim_weight: float = CLAIM_WEIGHT) -> None:
        self._pdf, self._cdf = _df_of(passages), _df_of(claims)
        self.n = len(passages) + claim_weight * len(claims)
        self._w = claim_weight
        self.cache: dict[str, tuple[float, float, float]] = {}
        """term -> ``weights(term)``, filled on demand."""
        # the texts other than the pair's two, plus the prior
        self._docs = max(self.n - 1.0 - claim_weight * bool(claims), 0.0) + prior_docs
        self._prior_df = prior_df

    def weights(self, term: str) -> tuple[float, float, float]:
        """Smoothed inverse document frequency of a term (never negative, so overlap only
        adds) among the texts other than the pair, when the pair's (claim, passage, both)
        hold it."""
        cached = self.cache.get(term)
        if cached is None:
            w = self._w
            df = self._pdf(term) + w * self._cdf(term)
            docs, prior, log = self._docs, self._prior_df, math.log
            d0, d1, d2 = (max(df - w, 0.0) + prior, max(df - 1.0, 0.0) + prior,
                          max(df - 1.0 - w, 0.0) + prior)
            cached = self.cache[term] = (log(1.0 + (docs - d0 + 0.5) / (d0 + 0.5)),
                                        log(1.0 + (docs - d1 + 0.5) / (d1 + 0.5)),
                                        log(1.0 + (docs - d2 + 0.5) / (d2 + 0.5)))
        return cached

    def side_weights(self, terms: Iterable[str], side: int) -> dict[str, float]:
        """term -> ``weights(term)[side]`` for each term (0 claim, 1 passage, 2 both)."""
        get, weights = self.cache.get, self.weights
        return {t: (get(t) or weights(t))[side] for t in terms}

    def idf(self, term: str) -> float:
        """Weight of a term only the pair's claim holds."""
        return self.weights(term)[0]

    def idf_own(self, term: str) -> float:
        """Weight of a term only the pair's passage holds."""
        return self.weights(term)[1]

    def idf_shared(self, term: str) -> float:
        """Weight of a term both texts of the pair hold."""
        return self.weights(term)[2]


def _df_of(texts: TextIndex | Sequence[Doc]) -> Callable[[str], int]:
    """Document frequency lookup over an index (its own counts) or a list of docs."""
    if isinstance(texts, TextIndex):
        # a plain list: indexing a numpy array per term costs more than the lookup itself
        at, df = texts.vocab.get, texts.df.tolist()
        return lambda t: 0 if (i := at(t)) is None else df[i]
    counts: Counter[str] = Counter()
    for doc in texts:
        counts.update(doc.tf.keys())
    return lambda t: counts.get(t, 0)


def analyse(analyzer: Analyzer, items: Sequence[tuple[Hashable, str]]) -> list[Doc]:
    """Analyse ``(id, text)`` pairs into docs, in order."""
    return [Doc(doc_id, text, analyzer.terms(text)) for doc_id, text in items]
