"""Optional semantic rerank of the lexical engine's candidates.

The lexical engine still gathers the candidates (its BM25 top ``depth``) and scores them; the
sentence encoder adds the cosine of each (query, candidate) pair. A small logistic combination
(``semantic_weights``, learned by training/fusion.py on the CLEF train split) fuses
them. Its features are mostly ranks and gaps to the best candidate of the same query, so a
recalibration of the engine's raw scores moves the fusion little (retrain after one anyway).

    ranker = SemanticRanker()
    matches = ranker.rank(queries, collection, top_k=10)   # list[Match], like MatchEngine.match
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from desktop.matching.engine import Item, Match, MatchEngine
from desktop.matching.index import Stats, TextIndex, analyse
from desktop.matching.thresholds import DEFAULT_STRONG

FEATURES: tuple[str, ...] = (
    "bias",
    "cos",  # cosine of query and candidate embeddings
    "cos_gap",  # cos minus the best cos among the query's candidates
    "cos_rank",  # log(1 + rank by cos among the candidates), 0 for the best
    "engine",  # the engine's calibrated score
    "engine_gap",  # engine minus the query's best engine score
    "engine_rank",  # log(1 + rank in the engine's order)
    "bm25_rank",  # log(1 + rank in BM25 order)
    "bm25_rel",  # BM25 score over the query's best BM25 score
    "qcos",  # cosine with the query embedded by the tuned query encoder (training/query_update.py)
    "qcos_gap",  # qcos minus the query's best qcos
    "qcos_rank",  # log(1 + rank by qcos)
)

# Links carry no meaning for the encoder, and shortened ones are long random strings.
_LINK = re.compile(r"(?:https?://|www\.)\S+")
# "#RevolutionaryWarAirports" reads as words to the encoder only once split on case.
_TAG = re.compile(r"(?<!\w)[#@]([^\W_]+)")


def _split_case(word: str) -> str:
    """"TrumpParadeFail" -> "Trump Parade Fail", "COVID19" -> "COVID 19", "Türkiye" kept."""
    out = word[:1]
    for i in range(1, len(word)):
        prev, ch = word[i - 1], word[i]
        nxt = word[i + 1] if i + 1 < len(word) else ""
        if (ch.isdigit() != prev.isdigit()
                or (ch.isupper() and (prev.islower() or (prev.isupper() and nxt.islower())))):
            out += " "
        out += ch
    return out


def embed_text(text: str) -> str:
    """The text given to the encoder: links dropped, hashtags and handles split into words
    ("#TrumpParadeFail" -> "Trump Parade Fail"), whitespace collapsed."""
    text = _TAG.sub(lambda m: _split_case(m.group(1)), _LINK.sub(" ", text))
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Candidates:
    """One query's candidates: collection rows in BM25 order and their feature rows."""

    query_id: Hashable
    rows: np.ndarray  # (n,) int rows of the collection index
    features: np.ndarray  # (n, len(FEATURES))


def _log_rank(values: np.ndarray) -> np.ndarray:
    """log(1 + rank) of each value, rank 0 for the largest; ties by position (stable)."""
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(len(values))
    return np.log1p(ranks)


def candidate_features(cos: np.ndarray, engine: np.ndarray, bm25: np.ndarray,
                       qcos: np.ndarray) -> np.ndarray:
    """Feature matrix for one query's candidates, given in BM25 order (best first)."""
    n = len(cos)
    return np.column_stack([
        np.ones(n),
        cos,
        cos - cos.max(),
        _log_rank(cos),
        engine,
        engine - engine.max(),
        _log_rank(engine),
        np.log1p(np.arange(n)),
        bm25 / max(float(bm25.max()), 1e-9),
        qcos,
        qcos - qcos.max(),
        _log_rank(qcos),
    ])


class SemanticRanker:
    """Engine candidates reranked with sentence embeddings. ``encoder`` is anything with
    ``encode(texts) -> (n, d) unit vectors``; by default the bundled model (UserError when the
    ``semantic`` extra is missing), caching vectors under ``cache_dir`` if given.
    ``query_encoder`` embeds the queries a second time for the ``qcos`` features: by default
    the bundled model with its tuned query-side update, else ``encoder``. ``neighbours``:
    how many nearest texts by cosine join each query's BM25 candidates (this embeds the whole
    collection, once thanks to the cache); by default what the shipped weights were trained
    with, 0 with weights of one's own. ``notify(n)``: told before many (n) texts are embedded."""

    def __init__(
        self,
        aliases: Iterable[Iterable[str]] | None = None,
        *,
        depth: int = 100,
        strong: float = DEFAULT_STRONG,
        encoder: Any = None,
        cache_dir: Path | None = None,
        weights: Mapping[str, float] | None = None,
        query_encoder: Any = None,
        neighbours: int | None = None,
        notify: Callable[[int], None] | None = None,
    ) -> None:
        if encoder is None:
            from desktop.matching.semantic import load_encoder

            encoder = load_encoder(cache_dir, notify=notify)
            if query_encoder is None:
                query_encoder = load_encoder(cache_dir, query=True, notify=notify)
        if weights is None:
            from desktop.matching.semantic_weights import FUSION_WEIGHTS, NEIGHBOURS

            weights = FUSION_WEIGHTS
            neighbours = NEIGHBOURS if neighbours is None else neighbours
        unknown = set(weights) - set(FEATURES)
        if unknown:
            raise ValueError(f"unknown features in weights: {sorted(unknown)}")
        self.encoder = encoder
        self.query_encoder = query_encoder if query_encoder is not None else encoder
        self.engine = MatchEngine(aliases, weak=0.0, strong=1.0, depth=depth)
        self.depth, self.strong, self.neighbours = depth, strong, neighbours or 0
        self.weights = np.array([float(weights.get(name, 0.0)) for name in FEATURES])

    def candidates(
        self, queries: Sequence[Item], collection: Sequence[Item] | TextIndex
    ) -> tuple[TextIndex, list[Candidates]]:
        """Index (built unless given) and every query's candidates with their features: its
        BM25 top ``depth`` and (with ``neighbours``) the collection texts nearest to its tuned
        query vector, in BM25 order."""
        index = collection if isinstance(collection, TextIndex) else self.engine.index(collection)
        docs = analyse(self.engine.analyzer, queries)
        query_texts = [embed_text(text) for _, text in queries]
        query_vecs = self.encoder.encode(query_texts)
        tuned_vecs = self.query_encoder.encode(query_texts)
        near_k = min(self.neighbours, len(index.docs))
        if near_k:  # every text embedded once, then read from the cache
            rows = list(range(len(index.docs)))
            doc_vecs = self.encoder.encode([embed_text(d.text) for d in index.docs])
        lists = []  # per query: candidate rows in BM25 order and their BM25 scores
        for doc, tvec in zip(docs, tuned_vecs, strict=True):
            bm25_all = index.scores(doc.terms)  # once per query: top depth and neighbours
            found = [row for row, _ in index.top(bm25_all, self.depth)]
            if near_k:
                sims = doc_vecs @ tvec
                near = np.argpartition(-sims, near_k - 1)[:near_k]
                have = set(found)
                found.extend(r for r in map(int, near) if r not in have)
            cand = np.array(found, dtype=np.int64)
            cand = cand[np.lexsort((cand, -bm25_all[cand]))]  # BM25 order, ties by row
            lists.append((cand, bm25_all[cand]))
        if not near_k:
            rows = sorted({int(row) for cand, _ in lists for row in cand})
            doc_vecs = self.encoder.encode([embed_text(index.docs[r].text) for r in rows])
        slot = {row: i for i, row in enumerate(rows)}
        pair_features = self.engine.features(Stats(index, docs))
        score = self.engine.model.score
        out = []
        for doc, qvec, tvec, (cand, bm25) in zip(docs, query_vecs, tuned_vecs, lists,
                                                strict=True):
            if not len(cand):
                continue
            vecs = doc_vecs[[slot[r] for r in cand]]
            eng = np.array([round(score(v), 6) for v in pair_features.vectors(  # as Match.score
                [(doc, index.docs[r]) for r in cand])])
            features = candidate_features(vecs @ qvec, eng, bm25, vecs @ tvec)
            out.append(Candidates(doc.id, cand, features))
        return index, out

    def rank(
        self, queries: Sequence[Item], collection: Sequence[Item] | TextIndex, top_k: int = 10
    ) -> list[Match]:
        """Fused ranking: best ``top_k`` candidates per query (no threshold), grouped by query
        in input order, best first; scores in [0, 1]."""
        index, lists = self.candidates(queries, collection)
        return self._matches(index, lists, lambda c: _sigmoid(c.features @ self.weights), top_k)

    def rank_by_cosine(
        self, queries: Sequence[Item], collection: Sequence[Item] | TextIndex, top_k: int = 10
    ) -> list[Match]:
        """Semantic alone over the BM25 candidates (for comparison): score = cosine."""
        index, lists = self.candidates(queries, collection)
        col = FEATURES.index("cos")
        return self._matches(index, lists, lambda c: c.features[:, col], top_k)

    def _matches(self, index: TextIndex, lists: list[Candidates], score: Any,
                 top_k: int) -> list[Match]:
        out: list[Match] = []
        for cand in lists:
            values = score(cand)
            order = np.lexsort((cand.rows, -values))[:top_k]
            out.extend(Match(cand.query_id, index.docs[cand.rows[i]].id,
                             round(float(values[i]), 6), bool(values[i] >= self.strong), ())
                       for i in order)
        return out


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
