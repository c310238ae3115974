"""Sentence-model vectors of a workspace's texts, kept in its database.

A text is embedded once per model: vectors are stored under the sha256 of the text as the
encoder sees it and the model's digest, so re-matching, and a teammate's client on a shared
database, read them instead of recomputing. New texts are embedded in chunks, each stored as it
is done and reported through ``progress`` (returning False cancels: what was embedded so far is
kept, it is only a cache).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np

from db.engine import Workspace
from db.queries.embeddings import get_vectors, put_vectors
from desktop.matching import MatchCancelled, Progress

CHUNK = 256  # texts embedded between two progress reports and stores (a few seconds)


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class WorkspaceVectors:
    """``vectors(texts)``: unit rows from the store, embedding (and storing) the missing."""

    def __init__(self, ws: Workspace, encoder: Any, progress: Progress | None = None) -> None:
        from desktop.matching.semantic_rerank import embed_text

        self.ws, self.encoder, self.progress = ws, encoder, progress
        self.model = encoder.name
        self._prepare = embed_text
        self.embedded = 0  # texts this object had to embed (the rest came from the store)

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        prepared = [self._prepare(t) for t in texts]
        keys = [text_key(t) for t in prepared]
        with self.ws.session() as session:
            known = get_vectors(session, self.model, keys)
        todo = sorted({k: t for k, t in zip(keys, prepared, strict=True)
                       if k not in known}.items())
        for start in range(0, len(todo), CHUNK):
            if self.progress is not None and self.progress(start, len(todo)) is False:
                raise MatchCancelled
            part = todo[start:start + CHUNK]
            fresh = dict(zip((k for k, _ in part),
                             self.encoder.encode([t for _, t in part]), strict=True))
            with self.ws.session() as session:
                put_vectors(session, self.model, fresh)
            # stored as float16: read back the rounded values, as a later run will
            known.update({k: v.astype(np.float16).astype(np.float32) for k, v in fresh.items()})
            self.embedded += len(part)
        if todo and self.progress is not None and self.progress(len(todo), len(todo)) is False:
            raise MatchCancelled
        out = np.zeros((len(texts), self.encoder.dim), dtype=np.float32)
        for row, key in enumerate(keys):
            out[row] = known[key]
        return out
