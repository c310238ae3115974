"""Documents (the article under check and later sources) and their passages."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, insert
from sqlmodel import Session, col, select

from db.errors import InvalidValue, NotFound
from db.limits import clip
from db.models import Claim, Document, DocumentBase, Passage, PassageBase
from db.queries.history import record
from db.records import DocumentRecord, PassageRecord
from db.vocab import DocumentKind


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredDocument:
    document: DocumentRecord
    created: bool  # False when the same text was already in the workspace


def store_document(session: Session, *, text: str, kind: str, actor: str,
                   spans: Sequence[tuple[int, int]], title: str = "", outlet: str = "",
                   author: str = "", url: str = "", published: date | None = None,
                   language: str = "", feed_id: int | None = None) -> StoredDocument:
    """Store a document with its passages (`text[start:end]` for each span).

    The same text twice is recognised and not stored again; the same URL with changed text
    becomes a new version pointing at the one before. Longer metadata is cut to the lengths
    declared on the model.
    """
    cut = clip(Document, title=title, outlet=outlet, author=author, url=url, language=language)
    title, outlet, author, url, language = (cut[k] for k in
                                            ("title", "outlet", "author", "url", "language"))
    if kind not in (DocumentKind.ARTICLE, DocumentKind.SOURCE):
        raise InvalidValue(f"unknown document kind {kind!r}; use article or source")
    if not text.strip():
        raise InvalidValue("the document has no text")
    digest = sha256_text(text)
    existing = session.exec(select(Document).where(Document.sha256 == digest)
                            .order_by(col(Document.id))).first()
    if existing is not None:
        return StoredDocument(to_record(session, existing), created=False)
    previous = None
    if url:
        previous = session.exec(select(Document).where(Document.url == url)
                                .order_by(col(Document.id).desc())).first()
    doc = Document(kind=kind, title=title, outlet=outlet, author=author, url=url,
                   published=published, language=language, text=text, sha256=digest,
                   previous_id=previous.id if previous else None, feed_id=feed_id,
                   created_by=actor)
    session.add(doc)
    session.flush()
    assert doc.id is not None
    rows = []
    for seq, (start, end) in enumerate(spans):
        if not 0 <= start < end <= len(text):
            raise InvalidValue(f"passage {seq} has offsets outside the text")
        rows.append({"document_id": doc.id, "seq": seq, "start": start, "end": end,
                     "text": text[start:end]})
    if rows:
        # Core executemany: the ORM bulk path costs twice as much for 60,000 passages.
        session.connection().execute(insert(Passage.__table__), rows)  # type: ignore[attr-defined]
    record(session, entity="document", entity_id=doc.id, field="imported",
           old=previous.id if previous else None, new=title or url or f"document {doc.id}",
           actor=actor)
    return StoredDocument(to_record(session, doc), created=True)


# What is known of a document besides its text, as declared once (`db.models.DocumentBase`).
DOCUMENT_FIELDS: tuple[str, ...] = tuple(DocumentBase.model_fields)


def document_fields(doc: Document) -> dict[str, Any]:
    """The `DocumentBase` fields of a loaded row, for its record (never its text)."""
    return {name: getattr(doc, name) for name in DOCUMENT_FIELDS}


def to_record(session: Session, doc: Document, *, with_text: bool = True) -> DocumentRecord:
    assert doc.id is not None
    count = session.exec(select(func.count(col(Passage.id)))
                         .where(Passage.document_id == doc.id)).one()
    return DocumentRecord(id=doc.id, **document_fields(doc),
                          text=doc.text if with_text else "", passage_count=int(count))


def get_document(session: Session, document_id: int) -> DocumentRecord:
    doc = session.get(Document, document_id)
    if doc is None:
        raise NotFound(f"no document with id {document_id}")
    return to_record(session, doc)


def has_document(session: Session, kind: str) -> bool:
    """Whether the workspace holds any document of this kind (one indexed lookup)."""
    return session.exec(select(Document.id).where(Document.kind == kind).limit(1)).first() \
        is not None


def list_documents(session: Session, kind: str | None = None) -> list[DocumentRecord]:
    """Every document without its text (lists and pickers), with passage counts."""
    conn = session.connection()
    counts = dict(conn.execute(
        select(Passage.document_id, func.count(col(Passage.id))).group_by(Passage.document_id)
    ).all())
    stmt = select(Document.id, *[getattr(Document, name) for name in DOCUMENT_FIELDS]) \
        .order_by(col(Document.id))
    if kind:
        stmt = stmt.where(Document.kind == kind)
    return [DocumentRecord(**row._asdict(), passage_count=int(counts.get(row.id, 0)))
            for row in conn.execute(stmt).all()]


def passages_for(session: Session, document_id: int) -> list[PassageRecord]:
    rows = session.exec(select(Passage).where(Passage.document_id == document_id)
                        .order_by(col(Passage.seq))).all()
    return [passage_record(p) for p in rows]


def passage_texts(session: Session, *, document_ids: Sequence[int] | None = None,
                  kind: str | None = DocumentKind.SOURCE.value) -> list[tuple[int, str]]:
    """(passage id, text) pairs for matching: all later sources' passages by default."""
    stmt = select(Passage.id, Passage.text).join(Document, col(Document.id) == Passage.document_id)
    if kind:
        stmt = stmt.where(Document.kind == kind)
    if document_ids is not None:
        stmt = stmt.where(col(Passage.document_id).in_(list(document_ids)))
    return [(int(i), t) for i, t in session.exec(stmt.order_by(col(Passage.id))).all()]


def passage_places(session: Session, passage_ids: Sequence[int]) -> dict[int, tuple[int, str]]:
    """passage id -> (its document's id, the document's name for a list: title, else outlet,
    else address, else "Source N")."""
    out: dict[int, tuple[int, str]] = {}
    ids = list(dict.fromkeys(passage_ids))
    for start in range(0, len(ids), 500):  # bounded IN lists on every backend
        stmt = (select(Passage.id, Document.id, Document.title, Document.outlet, Document.url)
                .join(Document, col(Document.id) == Passage.document_id)
                .where(col(Passage.id).in_(ids[start:start + 500])))
        for pid, did, title, outlet, url in session.exec(stmt).all():
            name = " ".join((title or outlet or url or "").split()) or f"Source {did}"
            out[int(pid)] = (int(did), name)
    return out


# The fields of a passage, as declared once (`db.models.PassageBase`).
PASSAGE_FIELDS: tuple[str, ...] = tuple(PassageBase.model_fields)


def passage_record(p: Passage) -> PassageRecord:
    assert p.id is not None
    return PassageRecord(id=p.id, **{name: getattr(p, name) for name in PASSAGE_FIELDS})


def workspace_is_empty(session: Session) -> bool:
    """No document and no claim yet (deleted ones count: the workspace has been used)."""
    has_docs = session.exec(select(func.count()).select_from(Document)).one()
    has_claims = session.exec(select(func.count()).select_from(Claim)).one()
    return not has_docs and not has_claims
