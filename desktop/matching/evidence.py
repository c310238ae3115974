"""The *evidence* task: a claim -> passages of later sources that bear on it.

Both sides are statements, often with no word in common, so candidates come from two places:
the lexical engine's BM25 top ``depth`` and the ``neighbours`` passages nearest by the sentence
model's cosine. Each candidate pair gets a score from the pair alone (cosine, the lexical
engine's calibrated score and their product), turned into a probability by a logistic fitted on
CLIMATE-FEVER (training/evidence.py). Nothing in a pair's score depends on the other texts, so
a score means the same in a workspace of 10 passages and of 100,000.

    scorer = EvidenceScorer(engine, vectors)          # vectors: texts -> unit rows, or None
    matches = scorer.match(claims, passages, top_k=10)  # list[Match], like MatchEngine.match

Claims may be embedded by an encoder of their own (``claim_vectors``: the model with the
claim-side update learned on CLIMATE-FEVER train, training/evidence_update.py), passages by the
plain model, so a passage's stored vector serves every claim. Without the sentence model
(``vectors`` None) this is the lexical engine alone.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from desktop.matching.engine import Item, Match, MatchEngine, _bulk, _spans
from desktop.matching.index import Doc, Stats, TextIndex, analyse
from desktop.progress import Progress, step

Vectors = Callable[[Sequence[str]], np.ndarray]
"""texts -> (n, d) float32 unit rows (the sentence model, possibly through a store)."""

FEATURES: tuple[str, ...] = ("bias", "cos", "engine", "cos_engine")
WEIGHTS_FILE = Path(__file__).with_name("evidence_weights.json")
# A line with no sentence end and few words is a title or heading: it names a topic and states
# no fact, yet shares the topic's words and meaning with every claim about it.
_SENTENCE_END = re.compile(r"[.!?…:;\"'”’)\]]\s*$")
HEADING_WORDS = 16


def is_heading(text: str) -> bool:
    """A title or heading line rather than a statement (no sentence end, at most 16 words)."""
    text = text.strip()
    return bool(text) and not _SENTENCE_END.search(text) and len(text.split()) <= HEADING_WORDS


def load_weights(path: Path = WEIGHTS_FILE) -> dict[str, float]:
    """The fitted weights (JSON written by training/evidence.py)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    weights = {str(k): float(v) for k, v in data["weights"].items()}
    unknown = set(weights) - set(FEATURES)
    if unknown:
        raise ValueError(f"unknown features in {path.name}: {sorted(unknown)}")
    return weights


def load_centre(path: Path = WEIGHTS_FILE) -> np.ndarray | None:
    """The fixed vector subtracted from both sides before the cosine (None: plain cosine).

    Sentence vectors share a common direction (every text is a bit alike), which makes topical
    but unrelated pairs look close. The centre is the mean vector of a fixed mix of claims and
    sentences (training/evidence.py), shipped with the weights, so it is the same in every
    workspace and a pair's score still depends on the pair alone."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return np.asarray(data["centre"], dtype=np.float32) if data.get("centre") else None


def centred(vectors: np.ndarray, centre: np.ndarray | None) -> np.ndarray:
    """Unit rows of ``vectors - centre`` (the rows themselves without a centre)."""
    if centre is None:
        return vectors
    out = vectors - centre
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    return out


def pair_features(cos: np.ndarray, engine: np.ndarray) -> np.ndarray:
    """Feature rows (FEATURES order) for pairs given their cosines and engine scores."""
    return np.column_stack([np.ones(len(cos)), cos, engine, cos * engine])


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


class EvidenceScorer:
    """Lexical engine + sentence model for claims against passages."""

    def __init__(self, engine: MatchEngine, vectors: Vectors | None, *, depth: int = 30,
                 neighbours: int = 30, weights: dict[str, float] | None = None,
                 centre: np.ndarray | None = None,
                 claim_vectors: Vectors | None = None) -> None:
        """``weights`` and ``centre``: the shipped ones unless given (pass both together).
        ``claim_vectors``: how claims are embedded (``vectors`` unless given)."""
        self.engine, self.vectors = engine, vectors
        self.claim_vectors = claim_vectors if claim_vectors is not None else vectors
        self.depth, self.neighbours = depth, neighbours
        self.centre = load_centre() if weights is None else centre
        w = load_weights() if weights is None else weights
        self.weights = np.array([float(w.get(name, 0.0)) for name in FEATURES])

    @property
    def semantic(self) -> bool:
        return self.vectors is not None

    @staticmethod
    def steps(claims: int, passages: int, semantic: bool, new_source: bool = False) -> int:
        """How many progress steps ``match`` reports for that many claims and passages."""
        if semantic or new_source:
            return passages if passages < claims else claims
        return claims

    def match(self, claims: Sequence[Item], passages: Sequence[Item], top_k: int = 10,
              progress: Progress | None = None, *, spans: bool = True,
              weak: float | None = None, new_source: bool = False) -> list[Match]:
        """Best passages per claim with score >= ``weak`` (the engine's by default), grouped
        by claim in input order, best first; ties by passage order. ``new_source``: the
        passages are a new source's (lexically, each passage then looks for its claims)."""
        weak = self.engine.weak if weak is None else weak
        if self.vectors is None:
            return self._lexical(claims, passages, top_k, progress, spans, weak, new_source)
        with _bulk():
            return self._semantic(claims, passages, top_k, progress, spans, weak)

    def _lexical(self, claims: Sequence[Item], passages: Sequence[Item], top_k: int,
                 progress: Progress | None, spans: bool, weak: float,
                 new_source: bool) -> list[Match]:
        engine = self.engine
        old = engine.weak
        engine.weak = weak
        try:
            if new_source and len(passages) < len(claims):
                # Few passages against many claims: index the claims, stream the passages.
                return engine.match_new_passages(engine.index(claims, keep=True), passages, top_k,
                                                 progress, spans=spans)
            return engine.match(claims, passages, top_k, progress, spans=spans)
        finally:
            engine.weak = old

    def pairs(self, claims: Sequence[Item], passages: Sequence[Item],
              progress: Progress | None = None) -> tuple[list[Doc], list[Doc], np.ndarray,
                                                         np.ndarray]:
        """Candidate pairs and their features: (claim docs, passage docs, (n, 2) int array
        of (claim row, passage row), (n, len(FEATURES)) features). The smaller side asks the
        larger for candidates (a new source's few passages against many claims: each passage
        gets its BM25 top ``engine.new_passage_depth`` claims and as many nearest by cosine)."""
        assert self.vectors is not None and self.claim_vectors is not None
        engine = self.engine
        cvec = self.claim_vectors([t for _, t in claims])
        pvec = self.vectors([t for _, t in passages])
        # candidates by the plain cosine, the score's feature by the centred one (the asked
        # side's rows centred only where they are candidates: one claim against 100,000
        # passages centres 60 of them, not all)
        by_passage = len(passages) < len(claims)
        if by_passage:
            index = engine.index(claims, keep=True)  # the same open claims, source after source
            pdocs = analyse(engine.analyzer, passages)
            cdocs = index.docs
            asking, asked, qvec, dvec = pdocs, cdocs, pvec, cvec
            depth = near = engine.new_passage_depth
            stats = Stats(pdocs, index)
        else:
            index = engine.index(passages)
            cdocs = analyse(engine.analyzer, claims)
            pdocs = index.docs
            asking, asked, qvec, dvec = cdocs, pdocs, cvec, pvec
            depth, near = self.depth, self.neighbours
            stats = Stats(index, cdocs)
        qcen = centred(qvec, self.centre)
        feats = engine.features(stats)
        score = engine.model.score
        rows_q: list[int] = []
        rows_d: list[int] = []
        cos_all: list[np.ndarray] = []
        eng_all: list[float] = []
        near_k = min(near, len(asked))
        block = max(1, 4_000_000 // max(len(asked), 1))  # cosine rows per step, ~16 MB
        for start in range(0, len(asking), block):
            sims = qvec[start:start + block] @ dvec.T
            for off, sim in enumerate(sims):
                row = start + off
                doc = asking[row]
                found = {r for r, _ in index.candidates(doc.terms, depth)}
                if near_k:
                    found.update(int(r) for r in np.argpartition(-sim, near_k - 1)[:near_k])
                cand = sorted(found)
                pairs = [(asked[r], doc) if by_passage else (doc, asked[r]) for r in cand]
                rows_q.extend([row] * len(cand))
                rows_d.extend(cand)
                cos_all.append(centred(dvec[cand], self.centre) @ qcen[row])
                eng_all.extend(round(score(v), 6) for v in feats.vectors(pairs))
                step(progress, row + 1, len(asking), "matching claims")
        q = np.array(rows_q, dtype=np.int64)
        d = np.array(rows_d, dtype=np.int64)
        pairs_arr = np.column_stack([d, q] if by_passage else [q, d]).reshape(-1, 2)
        cos = np.concatenate(cos_all) if cos_all else np.zeros(0)
        return cdocs, pdocs, pairs_arr, pair_features(cos.astype(np.float64),
                                                      np.array(eng_all, dtype=np.float64))

    def _semantic(self, claims: Sequence[Item], passages: Sequence[Item], top_k: int,
                  progress: Progress | None, spans: bool, weak: float) -> list[Match]:
        if not claims or not passages:
            return []
        cdocs, pdocs, pairs, features = self.pairs(claims, passages, progress)
        scores = np.round(sigmoid(features @ self.weights), 6)
        out: list[Match] = []
        tokens: dict[int, dict[str, list[tuple[int, int]]]] = {}
        analyzer, strong = self.engine.analyzer, self.engine.strong
        order = np.lexsort((pairs[:, 1], -scores, pairs[:, 0]))  # by claim, best first
        taken = 0
        last = -1
        for i in order:
            c, p = int(pairs[i, 0]), int(pairs[i, 1])
            if c != last:
                last, taken = c, 0
            s = float(scores[i])
            if taken >= top_k or s < weak or math.isnan(s):
                continue
            taken += 1
            found: tuple[tuple[int, int], ...] = ()
            if spans:
                toks = tokens.get(p)
                if toks is None:
                    toks = tokens[p] = analyzer.term_spans(pdocs[p].text)
                found = _spans(cdocs[c], toks)
            out.append(Match(cdocs[c].id, pdocs[p].id, s, s >= strong, found))
        return out


def rank_index(scorer: EvidenceScorer, queries: Sequence[Item],
               collection: Sequence[Item] | TextIndex, top_k: int) -> list[Match]:
    """Every candidate of every query, no threshold (for run files)."""
    items = collection.docs if isinstance(collection, TextIndex) else collection
    texts = [(d.id, d.text) for d in items] if isinstance(collection, TextIndex) else items
    return scorer.match(queries, texts, top_k, spans=False, weak=0.0)
