"""Stored sentence-model vectors: read the known ones, add the new ones.

Vectors travel as float16 bytes (384 dims -> 768 bytes; a cosine moves by < 1e-3) and come
back as float32 numpy rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
from sqlalchemy import insert
from sqlmodel import Session, col, select

from db.models_embeddings import Embedding
from db.queries.chunks import CHUNK


def get_vectors(session: Session, model: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
    """The stored vectors of ``model`` among ``hashes``: text hash -> float32 vector."""
    wanted = sorted(set(hashes))
    out: dict[str, np.ndarray] = {}
    for i in range(0, len(wanted), CHUNK):
        rows = session.exec(select(Embedding.text_hash, Embedding.vector)
                            .where(Embedding.model == model)
                            .where(col(Embedding.text_hash).in_(wanted[i:i + CHUNK]))).all()
        for key, blob in rows:
            out[key] = np.frombuffer(blob, dtype="<f2").astype(np.float32)
    return out


def put_vectors(session: Session, model: str, vectors: Mapping[str, np.ndarray]) -> int:
    """Store the vectors not stored yet; returns how many this call added. Another client
    may store the same texts at the same moment: a row that appeared meanwhile is left as is
    (same text, same model: same vector)."""
    if not vectors:
        return 0
    known = get_vectors(session, model, vectors)
    rows = [{"text_hash": key, "model": model,
             "vector": np.asarray(vec, dtype="<f2").tobytes()}
            for key, vec in vectors.items() if key not in known]
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        dialect_insert = insert
    stmt = dialect_insert(Embedding)
    if hasattr(stmt, "on_conflict_do_nothing"):
        stmt = stmt.on_conflict_do_nothing()
    for i in range(0, len(rows), 2000):
        session.execute(stmt, rows[i:i + 2000])
    return len(rows)


def count_vectors(session: Session, model: str) -> int:
    """How many vectors of ``model`` the workspace holds."""
    from sqlalchemy import func

    return int(session.exec(select(func.count()).select_from(Embedding)
                            .where(Embedding.model == model)).one())


def title_passages(session: Session, passage_ids: Iterable[int]) -> set[int]:
    """Among ``passage_ids``, those that open their document or repeat its title: where a
    source's title line ends up when it is imported with its text."""
    from sqlalchemy import func

    from db.models import Document, Passage

    ids = sorted(set(passage_ids))
    out: set[int] = set()
    first = (select(Passage.document_id, func.min(Passage.seq).label("seq"))
             .group_by(Passage.document_id).subquery())
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i:i + CHUNK]
        rows = session.exec(
            select(Passage.id, Passage.seq, Passage.text, Document.title, first.c.seq)
            .join(Document, col(Document.id) == Passage.document_id)
            .join(first, first.c.document_id == Passage.document_id)
            .where(col(Passage.id).in_(chunk))).all()
        out.update(int(pid) for pid, seq, text, title, first_seq in rows
                   if seq == first_seq or " ".join(text.split()) == " ".join(title.split()))
    return out
