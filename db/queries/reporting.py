"""Batched reads for reports and exports: many claims' history and many documents at once.

A report over thousands of claims must not issue one query per claim, so these read in chunks
(under SQLite's bound-parameter limit) and return plain records.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from db.models import Document, History
from db.queries.chunks import CHUNK
from db.queries.documents import document_fields
from db.queries.history import to_record as history_record
from db.records import DocumentRecord, HistoryRecord


def histories_for(session: Session, entity: str,
                  ids: Sequence[int]) -> dict[int, list[HistoryRecord]]:
    """History rows of many entities of one kind, oldest first, keyed by entity id."""
    out: dict[int, list[HistoryRecord]] = {}
    ids = list(ids)
    for i in range(0, len(ids), CHUNK):
        rows = session.exec(
            select(History)
            .where(History.entity == entity, col(History.entity_id).in_(ids[i:i + CHUNK]))
            .order_by(col(History.entity_id), col(History.at), col(History.id))
        ).all()
        for h in rows:
            out.setdefault(h.entity_id, []).append(history_record(h))
    return out


def documents_by_ids(session: Session, ids: Sequence[int], *,
                     with_text: bool = False) -> dict[int, DocumentRecord]:
    """Documents keyed by id; their (possibly long) text only when asked for."""
    out: dict[int, DocumentRecord] = {}
    ids = sorted(set(ids))
    for i in range(0, len(ids), CHUNK):
        stmt = select(Document).where(col(Document.id).in_(ids[i:i + CHUNK]))
        if not with_text:
            stmt = stmt.options(defer(Document.text))  # type: ignore[arg-type]
        for doc in session.exec(stmt).all():
            assert doc.id is not None
            out[doc.id] = DocumentRecord(id=doc.id, **document_fields(doc),
                                         text=doc.text if with_text else "")
    return out


def all_document_ids(session: Session, kind: str | None = None) -> list[int]:
    stmt = select(Document.id).order_by(col(Document.id))
    if kind:
        stmt = stmt.where(Document.kind == kind)
    return [int(i) for i in session.exec(stmt).all()]
