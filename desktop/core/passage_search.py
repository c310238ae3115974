"""Search the later sources: the passages nearest to a text, best first, however weak.

Suggestions keep only pairs whose calibrated score passes the workspace's threshold. A
fact-checker looking for evidence of one claim also wants to see what comes closest below it
(a paraphrase the model scores low), and to look for words of their own ("troops"). This ranks
every source passage for a text with the scorer the suggestions use
(``desktop.matching.evidence``), so a score here means what it means on a suggestion. It reads
only, so it may run on any thread beside the single writer: a passage still lacking a stored
vector (a source imported without matching) is embedded for the search and kept in memory for
the next one, not stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from db.engine import Workspace
from db.queries.documents import passage_places, passage_texts
from db.queries.embeddings import title_passages
from desktop.core.suggest import claim_encoder, sentence_encoder, workspace_engine
from desktop.errors import UserError
from desktop.matching.evidence import EvidenceScorer, is_heading
from desktop.progress import Progress

SEARCH_LIMIT = 20
MAX_QUERY_CHARS = 2000


@dataclass(frozen=True, slots=True)
class PassageHit:
    """One passage found, with the source it belongs to (plain data for any thread)."""

    passage_id: int
    document_id: int
    source: str  # the source's title (or outlet, or "Source N")
    text: str
    score: float  # calibrated, 0..1, as on a suggestion
    spans: tuple[tuple[int, int], ...]  # where the passage shares the text's words


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: tuple[PassageHit, ...]
    passages: int  # source passages searched
    semantic: bool  # ranked by meaning as well as words


def _kept_not_stored(_write: Callable[[], Any]) -> None:
    """The writer of a search: vectors it had to make are not written (see above)."""


def search_passages(ws: Workspace, text: str, *, limit: int = SEARCH_LIMIT,
                    semantic: bool | None = None,
                    progress: Progress | None = None) -> SearchResult:
    """The ``limit`` source passages nearest to ``text``, best first, with no threshold.
    ``progress`` returning False cancels (``desktop.progress.Cancelled``)."""
    query = " ".join(text.split())
    if not query:
        raise UserError("type words or a sentence to search the sources for")
    if len(query) > MAX_QUERY_CHARS:
        raise UserError(f"the search text is too long ({len(query):,} characters; at most "
                        f"{MAX_QUERY_CHARS:,}): search for a sentence or a few words")
    if limit < 1:
        raise UserError("the number of passages to list must be at least 1")
    with ws.session() as session:
        engine = workspace_engine(session)
        passages = passage_texts(session)
        titles = title_passages(session, [pid for pid, t in passages if is_heading(t)])
    passages = [(pid, t) for pid, t in passages if pid not in titles]
    encoder = sentence_encoder() if semantic is not False else None
    if not passages:
        return SearchResult((), 0, encoder is not None)
    vectors = query_vectors = None
    if encoder is not None:
        from desktop.core.workspace_vectors import WorkspaceVectors
        from desktop.matching.semantic_rerank import embed_text

        vectors = WorkspaceVectors(ws, encoder, progress=progress, writer=_kept_not_stored)
        claims = claim_encoder()  # the query reads as a claim; its vector is not stored

        def query_vectors(texts: Sequence[str]) -> Any:  # unit rows, as the scorer wants
            return claims.encode([embed_text(t) for t in texts])

    scorer = EvidenceScorer(engine, vectors, claim_vectors=query_vectors)
    found = scorer.match([(0, query)], passages, top_k=limit, progress=progress, weak=0.0)
    with ws.session() as session:
        places = passage_places(session, [int(m.passage_id) for m in found])
    text_of = dict(passages)
    hits = tuple(PassageHit(pid, *places[pid], text_of[pid], float(m.score), tuple(m.spans))
                 for m in found if (pid := int(m.passage_id)) in places)
    return SearchResult(hits, len(passages), encoder is not None)
