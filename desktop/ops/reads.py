"""What the window's views read: plain records, each read in one short unit of work.

The write side of `desktop.ops` takes a workspace and opens its own unit of work; these take
the session an `Op` opens on the database worker, so a view asks for exactly one read and gets
plain records back, never ORM rows. The views import storage through here and nowhere else;
the loaders that gather several reads for one pane (a claim's detail, a document, the inbox,
a measure) live here too, Qt-free and testable without a window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from db.errors import NotFound
from db.queries.browse import claim_id_list, document_list, first_claims
from db.queries.claims import ClaimFilter, all_tags, claim_history, claims_by_ids, get_claim
from db.queries.documents import get_document, passages_for
from db.queries.evidence import evidence_for_claim
from db.queries.measures import figure_passage
from db.queries.search import search_words
from db.queries.suggestions import count_pending, list_suggestions, open_claim_texts
from db.records import (
    ClaimRecord,
    DocumentRecord,
    EvidenceRecord,
    HistoryRecord,
    PassageRecord,
    SuggestionRecord,
)
from db.records_measures import MeasureRecord, ObservationRecord

if TYPE_CHECKING:
    from sqlmodel import Session

    from desktop.measures.propose import Proposal

__all__ = [
    "ClaimFilter", "DetailBundle", "InboxPage", "MeasureBundle", "all_tags", "claim_history",
    "claim_id_list", "claims_by_ids", "count_pending", "document_list", "figure_passage",
    "first_claims", "get_claim", "list_suggestions", "load_detail", "load_document",
    "load_inbox", "load_measure", "open_claim_texts", "search_words",
]

INBOX_LIMIT = 500  # rows listed at once; the best pending ones, new ones first


@dataclass(frozen=True)
class DetailBundle:
    """A claim as its detail pane shows it; `claim` None: deleted meanwhile."""

    claim: ClaimRecord | None
    article_text: str = ""
    evidence: list[EvidenceRecord] = field(default_factory=list)
    history: list[HistoryRecord] = field(default_factory=list)


def load_detail(session: Session, claim_id: int) -> DetailBundle:
    try:
        claim = get_claim(session, claim_id)
    except NotFound:
        return DetailBundle(claim=None)
    text = get_document(session, claim.article_id).text if claim.article_id else ""
    return DetailBundle(claim=claim, article_text=text,
                        evidence=evidence_for_claim(session, claim_id),
                        history=claim_history(session, claim_id))


def load_document(session: Session, doc_id: int) -> tuple[DocumentRecord, list[PassageRecord]]:
    return get_document(session, doc_id), passages_for(session, doc_id)


@dataclass(frozen=True)
class InboxPage:
    records: list[SuggestionRecord] = field(default_factory=list)
    new_ids: frozenset[int] = frozenset()
    pending: int = 0


def load_inbox(session: Session, since: datetime | None, limit: int = INBOX_LIMIT) -> InboxPage:
    """New suggestions first (best first among them), then the other pending ones."""
    new = list_suggestions(session, since=since, limit=limit)
    new_ids = frozenset(r.id for r in new)
    rest = [] if since is None else [r for r in list_suggestions(session, limit=limit)
                                     if r.id not in new_ids]
    return InboxPage((new + rest)[:limit], new_ids, count_pending(session))


@dataclass(frozen=True)
class MeasureBundle:
    measure: MeasureRecord | None
    observations: list[ObservationRecord] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)


def load_measure(session: Session, claim_id: int, *, required: bool = False) -> MeasureBundle:
    """The claim's measure, its observations and the figures proposed from its passages;
    `required`: a claim without a measure is refused (NotFound) rather than shown empty."""
    from db.queries.measures import figure_passages, get_measure, observations_for
    from desktop.measures.propose import propose
    from desktop.measures.service import require_measure

    m: Any = require_measure(session, claim_id) if required else get_measure(session, claim_id)
    if m is None:
        return MeasureBundle(None)
    obs = observations_for(session, claim_id)
    return MeasureBundle(m, obs, propose(m, figure_passages(session, claim_id), obs))
