"""Sentence-model vectors of a workspace's texts, kept in its database.

A text is embedded once per model: vectors are stored under the sha256 of the text as the
encoder sees it and the model's digest, so re-matching, and a teammate's client on a shared
database, read them instead of recomputing. New texts are embedded in chunks, each stored as it
is done and reported through ``progress`` (``desktop.progress``: returning False cancels; what
was embedded so far is kept, it is only a cache).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from db.engine import Workspace
from db.queries.embeddings import get_vectors, put_vectors
from desktop.progress import Progress, step

CHUNK = 256  # texts embedded between two progress reports and stores (a few seconds)
EMBEDDING = "embedding texts"


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class WorkspaceVectors:
    """``vectors(texts)``: unit rows from the store, embedding (and storing) the missing.
    ``fill`` embeds ahead with progress, so a run can report one progress from start to end."""

    def __init__(self, ws: Workspace, encoder: Any, progress: Progress | None = None,
                 writer: Callable[[Callable[[], Any]], Any] | None = None) -> None:
        from desktop.matching.semantic_rerank import embed_text

        self.ws, self.encoder, self.progress = ws, encoder, progress
        self._write = writer or (lambda fn: fn())  # see desktop.core.suggest
        self.model = encoder.name
        self._prepare = embed_text
        self._known: dict[str, np.ndarray] = {}
        # text -> key, key -> prepared text: a run asks for the same claims several times
        # (to count, to fill, to read), and preparing and hashing 10,000 costs a quarter second
        self._key_of: dict[str, str] = {}
        self._prepared: dict[str, str] = {}
        self.embedded = 0  # texts this object had to embed (the rest came from the store)

    def _keys(self, texts: Sequence[str]) -> list[str]:
        keys = []
        for text in texts:
            key = self._key_of.get(text)
            if key is None:
                prepared = self._prepare(text)
                key = self._key_of[text] = text_key(prepared)
                self._prepared[key] = prepared
            keys.append(key)
        return keys

    def _todo(self, texts: Sequence[str]) -> tuple[list[str], list[tuple[str, str]]]:
        """Keys of ``texts`` and the (key, prepared text) pairs not known yet, read from the
        store first."""
        keys = self._keys(texts)
        unknown = {k for k in keys if k not in self._known}
        if unknown:
            with self.ws.session() as session:
                self._known.update(get_vectors(session, self.model, unknown))
        todo = sorted((k, self._prepared[k]) for k in set(keys) if k not in self._known)
        return keys, todo

    def missing(self, texts: Sequence[str]) -> int:
        """How many of ``texts`` have no stored vector yet."""
        return len(self._todo(texts)[1])

    def fill(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        """Embed and store the vectors ``texts`` lack, reporting (done, to do); returns the
        texts' keys."""
        keys, todo = self._todo(texts)
        for start in range(0, len(todo), CHUNK):
            step(progress, start, len(todo), EMBEDDING)
            part = todo[start:start + CHUNK]
            fresh = dict(zip((k for k, _ in part),
                             self.encoder.encode([t for _, t in part]), strict=True))
            self._write(lambda fresh=fresh: self._store(fresh))
            # stored as float16: use the rounded values, as a later run will read them
            self._known.update({k: v.astype(np.float16).astype(np.float32)
                                for k, v in fresh.items()})
            self.embedded += len(part)
        if todo:
            step(progress, len(todo), len(todo), EMBEDDING)
        return keys

    def _store(self, fresh: dict[str, np.ndarray]) -> None:
        with self.ws.session() as session:
            put_vectors(session, self.model, fresh)

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        keys = self.fill(texts, self.progress)
        out = np.zeros((len(texts), self.encoder.dim), dtype=np.float32)
        for row, key in enumerate(keys):
            out[row] = self._known[key]
        return out
