"""Reads for browsing long lists in the desktop app, tuned for 100,000 claims.

Ids are read with Core statements (plain integers, no ORM objects: several times faster for
large lists), and a list can be asked for its first rows only: with the default order an
index-ordered scan stops as soon as enough rows match, so the first screenful of a filter
arrives in milliseconds while the full list follows.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from db.models import Document, Passage
from db.queries.claims import ClaimFilter, claim_ids, claims_by_ids
from db.records import ClaimRecord, DocumentRecord

# The claim list reads ids the same way everywhere; the desktop app knows it by this name.
claim_id_list = claim_ids


def first_claims(session: Session, flt: ClaimFilter | None = None, *, order: str = "id",
                 descending: bool = False,
                 limit: int = 100) -> tuple[list[int], dict[int, ClaimRecord]]:
    """The first `limit` ids of a list and their full records, in one unit of work."""
    ids = claim_id_list(session, flt, order=order, descending=descending, limit=limit)
    return ids, claims_by_ids(session, ids)


def document_list(session: Session, kind: str | None = None) -> list[DocumentRecord]:
    """Every document without its text (titles for pickers), with passage counts."""
    counts = dict(session.connection().execute(
        select(Passage.document_id, func.count(col(Passage.id))).group_by(Passage.document_id)
    ).all())
    stmt = select(Document.id, Document.kind, Document.title, Document.outlet, Document.author,
                  Document.url, Document.published, Document.retrieved_at, Document.language,
                  Document.sha256, Document.previous_id, Document.feed_id, Document.created_by,
                  Document.created_at).order_by(col(Document.id))
    if kind:
        stmt = stmt.where(Document.kind == kind)
    out = []
    for row in session.connection().execute(stmt).all():
        out.append(DocumentRecord(
            id=row.id, kind=row.kind, title=row.title, outlet=row.outlet, author=row.author,
            url=row.url, published=row.published, retrieved_at=row.retrieved_at,
            language=row.language, sha256=row.sha256, previous_id=row.previous_id,
            feed_id=row.feed_id, created_by=row.created_by, created_at=row.created_at,
            passage_count=int(counts.get(row.id, 0))))
    return out
