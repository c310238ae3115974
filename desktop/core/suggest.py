"""Running the matcher over a workspace and keeping its suggestions.

Reads what to match in one short session, computes without holding the database, then stores
the new suggestions in another: a long match never blocks other writers. With the sentence model
installed, claims and passages are compared by meaning as well as by words
(``desktop.matching.evidence``); their vectors are kept in the workspace. Without it, matching
is lexical and ``SuggestRun.semantic`` says so.

Every write goes through ``writer(fn)``, which runs ``fn`` and returns its result: by default
right here; the window passes one that hands ``fn`` to its single database writer, so the match
itself runs on a thread of its own without being a second writer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlmodel import Session

from db.engine import Workspace
from db.queries.documents import passage_texts
from db.queries.embeddings import title_passages
from db.queries.matching_state import mark_matched, source_ids
from db.queries.settings import alias_groups
from db.queries.suggestions import (
    NewSuggestion,
    count_open_claims,
    open_claim_texts,
    store_suggestions,
)
from desktop.matching import DEFAULT_ALIASES, MatchEngine
from desktop.matching.evidence import EvidenceScorer, is_heading
from desktop.matching.text import Analyzer
from desktop.matching.thresholds import DEFAULT_STRONG, DEFAULT_WEAK
from desktop.progress import Progress, step

T = TypeVar("T")
Writer = Callable[[Callable[[], Any]], Any]


def write_here(fn: Callable[[], T]) -> T:
    """The default writer: run the write on the calling thread."""
    return fn()


TOP_K = 10  # suggestions kept per claim in one run
LEXICAL_NOTE = ("the sentence model is not installed: evidence is matched by words only "
                "(python3 installer/bootstrap.py --semantic adds it)")


@dataclass(frozen=True, slots=True)
class Thresholds:
    weak: float = DEFAULT_WEAK  # below: nothing is suggested
    strong: float = DEFAULT_STRONG  # above: the suggestion is marked strong


@dataclass(frozen=True, slots=True)
class SuggestRun:
    claims: int
    passages: int
    matches: int
    new_ids: tuple[int, ...] = ()  # the suggestions this run stored
    semantic: bool = False  # False: the sentence model is not installed, words only
    embedded: int = 0  # texts embedded by this run (the others' vectors were stored)

    @property
    def new(self) -> int:
        """How many suggestions this run stored."""
        return len(self.new_ids)


def thresholds(session: Session) -> Thresholds:
    from desktop.core.settings import team_values

    values = team_values(session)
    return Thresholds(values["match_weak"], values["match_strong"])


# Analysers by alias groups, kept for the process: each remembers the words and claims it has
# analysed, so the window's next match does not analyse 10,000 open claims again (about 0.4 s
# of a new source's run). Only the last few alias sets are kept.
_ANALYZERS: dict[tuple[tuple[str, ...], ...], Analyzer] = {}


def workspace_engine(session: Session) -> MatchEngine:
    """The engine with the built-in aliases plus the workspace's own groups."""
    groups = [tuple(g) for g in DEFAULT_ALIASES]
    groups += [tuple(terms) for terms in alias_groups(session).values() if len(terms) > 1]
    limits = thresholds(session)
    key = tuple(groups)
    analyzer = _ANALYZERS.get(key)
    if analyzer is None:
        if len(_ANALYZERS) >= 4:
            _ANALYZERS.clear()
        analyzer = _ANALYZERS[key] = Analyzer(key)
    return MatchEngine(aliases=groups, weak=limits.weak, strong=limits.strong,
                       analyzer=analyzer)


def sentence_encoder() -> object | None:
    """The sentence model's encoder of passages, or None when it is not installed (matching
    is then lexical). Its files are checked by their sha256 digests now; it is loaded once
    per process, on first use: a run whose vectors are all stored never loads it."""
    from desktop.errors import UserError
    from desktop.matching import semantic

    try:
        return semantic.LazyEncoder(None)
    except UserError:
        return None


def claim_encoder() -> object:
    """The encoder of claims (the model with its claim-side update for the evidence task),
    loaded on first use: a run whose claim vectors are all stored never loads it."""
    from desktop.matching import semantic

    return semantic.claim_encoder()


def _model_installed() -> bool:
    from desktop.matching import semantic

    return semantic.available()


def suggest(ws: Workspace, *, claim_ids: Sequence[int] | None = None,
            document_ids: Sequence[int] | None = None,
            progress: Progress | None = None, semantic: bool | None = None,
            writer: Writer = write_here) -> SuggestRun:
    """Match claims (all open ones, or those given) against later sources' passages (all, or
    those of the given documents) and store the pairs never suggested before. ``semantic``:
    None uses the sentence model when installed, False never. A source's title line is not
    matched: it names a topic, it states no fact. ``progress`` sees the embedding of new
    texts first (when there are any), then the matching; returning False cancels
    (``desktop.progress.Cancelled``): vectors stored so far are kept, no suggestion is."""
    with ws.session() as session:
        engine = workspace_engine(session)
        claims = open_claim_texts(session, claim_ids)
        passages = passage_texts(session, document_ids=document_ids)
        # The sources this run covers against every open claim: marked matched at the end.
        covered: list[int] = []
        if claim_ids is None:
            covered = list(document_ids) if document_ids is not None else source_ids(session)
        titles = title_passages(session, [pid for pid, text in passages if is_heading(text)])
    passages = [(pid, text) for pid, text in passages if pid not in titles]
    if not claims or not passages:
        # Nothing to pair: the model (hundreds of MB once loaded) is not loaded just to say so.
        if covered:
            writer(lambda: _mark(ws, covered))
        return SuggestRun(len(claims), len(passages), 0, (),
                          semantic is not False and _model_installed())
    encoder = sentence_encoder() if semantic is not False else None
    vectors = claim_vectors = None
    new_source = document_ids is not None
    match_progress = progress
    if encoder is not None:
        from desktop.core.workspace_vectors import WorkspaceVectors

        vectors = WorkspaceVectors(ws, encoder, writer=writer)
        claim_vectors = WorkspaceVectors(ws, claim_encoder(), writer=writer)
        if progress is not None:
            # One progress from start to end: the texts to embed, then the matching steps.
            sides = [(claim_vectors, [t for _, t in claims]),
                     (vectors, [t for _, t in passages])]
            counts = [side.missing(texts) for side, texts in sides]
            todo = sum(counts)
            total = todo + EvidenceScorer.steps(len(claims), len(passages), True, new_source)
            for (side, texts), before in zip(sides, (0, counts[0]), strict=True):
                side.fill(texts, lambda done, _n, what, before=before:
                          progress(before + done, total, what))
            match_progress = lambda done, _n, what: progress(todo + done, total, what)  # noqa: E731
    scorer = EvidenceScorer(engine, vectors, claim_vectors=claim_vectors)
    found = scorer.match(claims, passages, top_k=TOP_K, progress=match_progress,
                         new_source=new_source)
    new = [NewSuggestion(int(m.claim_id), int(m.passage_id), m.score, m.strong, m.spans)
           for m in found]

    def store() -> list[int]:
        with ws.session() as session:
            ids = store_suggestions(session, new)
            mark_matched(session, covered)
        return ids

    stored = writer(store)
    embedded = sum(side.embedded for side in (vectors, claim_vectors) if side is not None)
    return SuggestRun(len(claims), len(passages), len(found), tuple(stored), vectors is not None,
                      embedded)


PREPARE_CLAIMS = 20_000  # more open claims: prepared by the first match, as before
PREPARING = "preparing the matcher"


@dataclass(frozen=True, slots=True)
class Prepared:
    claims: int  # open claims analysed and indexed (0: more than PREPARE_CLAIMS, or none)
    vectors: int  # of them, with a stored vector now kept in memory
    model: bool  # the sentence model is loaded


def prepare(ws: Workspace, progress: Progress | None = None,
            limit: int = PREPARE_CLAIMS) -> Prepared:
    """Do ahead, once a workspace is open, what matching a new source against the open claims
    needs whatever the source: the claims analysed and indexed, their stored vectors read, the
    sentence model loaded. The next ``suggest`` for a document finds them kept (the first
    source after start then takes as long as the next). Reads only; embeds and writes nothing.
    Skipped above ``limit`` open claims, whose index would hold hundreds of MB all session."""
    with ws.session() as session:
        if not 0 < count_open_claims(session) <= limit:
            return Prepared(0, 0, False)
        engine = workspace_engine(session)
        claims = open_claim_texts(session)
    step(progress, 0, 3, PREPARING)
    engine.index(claims, keep=True)  # as suggest asks for it: the same analyser and items
    step(progress, 1, 3, PREPARING)
    encoder = sentence_encoder()
    if encoder is None:
        return Prepared(len(claims), 0, False)
    from desktop.core.workspace_vectors import WorkspaceVectors

    texts = [t for _, t in claims]
    stored = len(texts) - WorkspaceVectors(ws, claim_encoder()).missing(texts)
    step(progress, 2, 3, PREPARING)
    encoder.load()
    step(progress, 3, 3, PREPARING)
    return Prepared(len(claims), stored, True)


def _mark(ws: Workspace, covered: list[int]) -> None:
    with ws.session() as session:
        mark_matched(session, covered)
