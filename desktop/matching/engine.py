"""Claim-to-passage matching: BM25 gathers candidates, a learned pair model scores them."""

from __future__ import annotations

import gc
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from desktop.matching.default_aliases import DEFAULT_ALIASES
from desktop.matching.features import PairFeatures
from desktop.matching.index import Doc, Stats, TextIndex, analyse
from desktop.matching.model import ScoreModel
from desktop.matching.text import Analyzer
from desktop.matching.thresholds import DEFAULT_STRONG, DEFAULT_WEAK
from desktop.matching.weights import LEXICAL_WEIGHTS
from desktop.progress import Progress, step

Item = tuple[Hashable, str]

# The last index kept per analyser (``index(..., keep=True)``): a process that keeps its
# analyser (the window) matches each new source against the same open claims, whose index is
# then not built again (about 0.3 s for 10,000 claims). One per analyser, forgotten with it.
_KEPT: WeakKeyDictionary[Analyzer, tuple[float, float, tuple[Item, ...], TextIndex]] = (
    WeakKeyDictionary())


@dataclass(frozen=True, slots=True)
class Match:
    claim_id: Hashable
    passage_id: Hashable
    score: float  # calibrated probability-like score in [0, 1]
    strong: bool
    spans: tuple[tuple[int, int], ...]  # [start, end) offsets of matched words in the passage


class MatchEngine:
    """Deterministic, storage-free matcher; build once per alias set and reuse."""

    def __init__(
        self,
        aliases: Iterable[Iterable[str]] | None = None,
        weak: float = DEFAULT_WEAK,
        strong: float = DEFAULT_STRONG,
        *,
        depth: int = 50,
        new_passage_depth: int = 20,
        k1: float = 1.2,
        b: float = 0.75,
        weights: Mapping[str, float] | None = None,
        analyzer: Analyzer | None = None,
    ) -> None:
        """``aliases`` are groups of equivalent names (None: the built-in list; () for none);
        ``depth`` is how many BM25 candidates per claim are reranked, ``new_passage_depth``
        how many claims per new passage in ``match_new_passages``. ``analyzer``: one built
        for the same aliases earlier, with what it has learnt of words and texts (it then
        stands for ``aliases``)."""
        if not 0.0 <= weak <= strong <= 1.0:
            raise ValueError("thresholds must satisfy 0 <= weak <= strong <= 1")
        groups = DEFAULT_ALIASES if aliases is None else aliases
        self.analyzer = analyzer or Analyzer(tuple(tuple(g) for g in groups))
        self.weak, self.strong = weak, strong
        self.depth, self.new_passage_depth, self.k1, self.b = depth, new_passage_depth, k1, b
        self.model = ScoreModel(LEXICAL_WEIGHTS if weights is None else weights)

    # --- indexes -------------------------------------------------------------------------

    def index(self, items: Sequence[Item], *, keep: bool = False) -> TextIndex:
        """Analyse and index texts (passages, or claims for incremental matching). ``keep``:
        the index is kept with the analyser, and returned again for the same items (an index
        is never changed once built)."""
        if not keep:
            with _bulk():
                return TextIndex(analyse(self.analyzer, items), self.k1, self.b)
        items = tuple(items)  # compared with the next call's: a copy the caller cannot change
        kept = _KEPT.get(self.analyzer)
        if kept is not None and kept[:3] == (self.k1, self.b, items):
            return kept[3]
        index = self.index(items)
        _KEPT[self.analyzer] = (self.k1, self.b, items, index)
        return index

    def features(self, stats: Stats) -> PairFeatures:
        """Pair features under ``stats``, counting each alias group once."""
        return PairFeatures(stats, self.k1, self.b, self.analyzer.group_words)

    # --- matching ------------------------------------------------------------------------

    def match(
        self,
        claims: Sequence[Item],
        passages: Sequence[Item] | TextIndex,
        top_k: int = 10,
        progress: Progress | None = None,
        *,
        spans: bool = True,
    ) -> list[Match]:
        """Best passages for each claim (score >= weak), grouped by claim in input order,
        best first. ``passages`` may be a prebuilt index to match new claims quickly.
        ``progress`` sees each claim done (``desktop.progress``: False cancels)."""
        with _bulk():
            return self._match(claims, passages, top_k, progress, spans)

    def _match(self, claims: Sequence[Item], passages: Sequence[Item] | TextIndex, top_k: int,
               progress: Progress | None, spans: bool) -> list[Match]:
        index = passages if isinstance(passages, TextIndex) else self.index(passages)
        queries = analyse(self.analyzer, claims)
        feats = self.features(Stats(index, queries))
        out: list[Match] = []
        tokens: dict[int, dict[str, list[tuple[int, int]]]] = {}
        score, vectors, docs = self.model.score, feats.vectors, index.docs
        depth = max(self.depth, top_k)
        for done, claim in enumerate(queries, 1):
            rows = [row for row, _bm25 in index.candidates(claim.terms, depth)]
            vecs = vectors([(claim, docs[row]) for row in rows])
            scored = [(score(vec), row) for vec, row in zip(vecs, rows, strict=True)]
            out.extend(self._finish(claim, docs, scored, top_k, spans, tokens))
            step(progress, done, len(queries), "matching claims")
        return out

    def match_new_passages(
        self,
        claims: TextIndex,
        passages: Sequence[Item],
        top_k: int = 10,
        progress: Progress | None = None,
        *,
        spans: bool = True,
    ) -> list[Match]:
        """New passages against an index of existing claims; same scores and output shape
        as ``match`` (claims with no passage above ``weak`` are absent)."""
        with _bulk():
            return self._match_new(claims, passages, top_k, progress, spans)

    def _match_new(self, claims: TextIndex, passages: Sequence[Item], top_k: int,
                   progress: Progress | None, spans: bool) -> list[Match]:
        new = analyse(self.analyzer, passages)
        feats = self.features(Stats(new, claims))
        per_claim: dict[int, list[tuple[float, int]]] = {}
        score, vectors, docs = self.model.score, feats.vectors, claims.docs
        for done, (col, passage) in enumerate(enumerate(new), 1):
            rows = [row for row, _bm25 in claims.candidates(passage.terms,
                                                             self.new_passage_depth)]
            vecs = vectors([(docs[row], passage) for row in rows])
            for row, vec in zip(rows, vecs, strict=True):
                per_claim.setdefault(row, []).append((score(vec), col))
            step(progress, done, len(new), "matching passages")
        out: list[Match] = []
        tokens: dict[int, dict[str, list[tuple[int, int]]]] = {}
        for row in sorted(per_claim):
            out.extend(self._finish(claims.docs[row], new, per_claim[row], top_k, spans, tokens))
        return out

    def _finish(
        self, claim: Doc, docs: Sequence[Doc], scored: list[tuple[float, int]], top_k: int,
        spans: bool, tokens: dict[int, dict[str, list[tuple[int, int]]]],
    ) -> list[Match]:
        """Matches above ``weak``, best first; ``tokens`` caches passages' term spans by row (a
        passage is often highlighted for several claims)."""
        kept = sorted((s for s in scored if s[0] >= self.weak), key=lambda s: (-s[0], s[1]))
        out = []
        for score, row in kept[:top_k]:
            found: tuple[tuple[int, int], ...] = ()
            if spans:
                toks = tokens.get(row)
                if toks is None:
                    toks = tokens[row] = self.analyzer.term_spans(docs[row].text)
                found = _spans(claim, toks)
            out.append(Match(claim.id, docs[row].id, round(score, 6), score >= self.strong, found))
        return out


def _spans(claim: Doc, by_term: dict[str, list[tuple[int, int]]]) -> tuple[tuple[int, int], ...]:
    wanted = claim.tf
    raw = sorted([s for term, spans in by_term.items() if term in wanted for s in spans])
    merged: list[tuple[int, int]] = []
    for start, end in raw:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


@contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector: analysing and scoring allocate millions of small
    acyclic objects, and the collections they trigger rescan every live text each time (about
    a fifth of a large match). Restored on exit, whatever happens."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
