"""Lexical candidate index: analysed texts plus a bm25s BM25 index over them."""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Hashable, Sequence
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
        self.total_len = sum(len(d.terms) for d in self.docs)

    def __len__(self) -> int:
        return len(self.docs)

    def candidates(self, terms: list[str], k: int) -> list[tuple[int, float]]:
        """Top-``k`` rows by BM25 for a query's terms, best first, ties by row (deterministic)."""
        ids = [self.vocab[t] for t in terms if t in self.vocab]
        if not ids or not self.docs:
            return []
        scores = self.bm25.get_scores_from_ids(ids)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        top = top[scores[top] > 0]
        order = np.lexsort((top, -scores[top]))
        return [(int(top[i]), float(scores[top[i]])) for i in order]


# Term statistics are blended with a neutral prior so that a term's weight, and so a pair's
# score, barely depends on how many texts take part in a match: the collection is treated as if it
# also held PRIOR_DOCS texts, in PRIOR_DF of which any given term occurs. A handful of passages
# then gives nearly uniform weights; in a large collection local frequencies dominate.
PRIOR_DOCS = 2000.0
PRIOR_DF = 100.0


class Stats:
    """Document frequencies over every text taking part in a match (both sides)."""

    def __init__(self, index: TextIndex, queries: Sequence[Doc], *,
                 prior_docs: float = PRIOR_DOCS, prior_df: float = PRIOR_DF) -> None:
        extra: Counter[str] = Counter()
        for q in queries:
            extra.update(q.tf.keys())
        self.n = len(index) + len(queries)
        self.avgdl = (index.total_len + sum(len(q.terms) for q in queries)) / max(self.n, 1)
        self._index = index
        self._extra = extra
        self._idf: dict[str, float] = {}
        self._docs = self.n + prior_docs
        self._prior_df = prior_df

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency (never negative, so overlap only adds)."""
        cached = self._idf.get(term)
        if cached is None:
            col = self._index.vocab.get(term)
            df = (int(self._index.df[col]) if col is not None else 0) + self._extra.get(term, 0)
            df += self._prior_df
            cached = math.log(1.0 + (self._docs - df + 0.5) / (df + 0.5))
            self._idf[term] = cached
        return cached


def analyse(analyzer: Analyzer, items: Sequence[tuple[Hashable, str]]) -> list[Doc]:
    """Analyse ``(id, text)`` pairs into docs, in order."""
    return [Doc(doc_id, text, analyzer.terms(text)) for doc_id, text in items]
