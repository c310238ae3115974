"""Which sources have been matched against the open claims to the end.

A source's `matched_at` is set in the same transaction that stores its suggestions; a match
that was interrupted (closed window, killed process) leaves it unset, and the next run of
matching or the next import of the same text picks the source up again.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import update
from sqlmodel import Session, col, select

from db.models import Document, utcnow
from db.queries.chunks import CHUNK
from db.vocab import DocumentKind


def source_ids(session: Session) -> list[int]:
    """Every later source (the documents matching runs over)."""
    stmt = select(Document.id).where(Document.kind == DocumentKind.SOURCE.value)
    return [int(i) for i in session.exec(stmt.order_by(col(Document.id))).all()]


def unmatched_sources(session: Session) -> list[int]:
    """Sources whose matching never finished."""
    stmt = select(Document.id).where(Document.kind == DocumentKind.SOURCE.value,
                                     col(Document.matched_at).is_(None))
    return [int(i) for i in session.exec(stmt.order_by(col(Document.id))).all()]


def is_matched(session: Session, document_id: int) -> bool:
    doc = session.get(Document, document_id)
    return doc is None or doc.kind != DocumentKind.SOURCE or doc.matched_at is not None


def mark_matched(session: Session, document_ids: Iterable[int]) -> None:
    ids = list(document_ids)
    now = utcnow()
    for i in range(0, len(ids), CHUNK):
        session.execute(update(Document).where(col(Document.id).in_(ids[i:i + CHUNK]))
                        .values(matched_at=now))
