"""Sentence-model vectors of a workspace's texts, kept in its database.

A text is embedded once per model: vectors are stored under the sha256 of the text as the
encoder sees it and the model's digest, so re-matching, and a teammate's client on a shared
database, read them instead of recomputing. New texts are embedded in chunks, each stored as it
is done and reported through ``progress`` (``desktop.progress``: returning False cancels; what
was embedded so far is kept, it is only a cache).
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from db.engine import Workspace
from db.queries.embeddings import get_vectors, put_vectors
from desktop.matching.text import MEMO_CHARS
from desktop.progress import Progress, step

CHUNK = 256  # texts embedded between two progress reports and stores (a few seconds)
EMBEDDING = "embedding texts"
# Kept for the process, so the window's next match neither reads 10,000 stored claim vectors
# again nor prepares and hashes their texts (about 0.5 s of a new source's run). A vector is
# addressed by its text and model, so one kept is right whatever changed in the workspace
# since; it is kept per open workspace (forgotten with it), so a vector is only taken as
# stored where it was read or written. At most MEMORY_TEXTS of each (float16 vectors: 23 MB),
# emptied when full; texts longer than the analyser remembers are hashed each time.
MEMORY_TEXTS = 30_000
_KEY_OF: dict[str, str] = {}  # text (up to MEMO_CHARS) -> key of the text as embedded
# workspace -> (model, key) -> float16 vector
_STORED: weakref.WeakKeyDictionary[Workspace, dict[tuple[str, str], np.ndarray]] = (
    weakref.WeakKeyDictionary())


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _remember(memory: dict, key: Any, value: Any) -> None:
    if len(memory) >= MEMORY_TEXTS:
        memory.clear()
    memory[key] = value


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
        # key -> a text with that key: a run asks for the same claims several times (to
        # count, to fill, to read); only the texts to embed are prepared again
        self._text_of: dict[str, str] = {}
        self._stored = _STORED.setdefault(ws, {})
        self.embedded = 0  # texts this object had to embed (the rest came from the store)

    def _keys(self, texts: Sequence[str]) -> list[str]:
        keys = []
        for text in texts:
            key = _KEY_OF.get(text)
            if key is None:
                key = text_key(self._prepare(text))
                if len(text) <= MEMO_CHARS:
                    _remember(_KEY_OF, text, key)
            self._text_of.setdefault(key, text)
            keys.append(key)
        return keys

    def _todo(self, texts: Sequence[str]) -> tuple[list[str], list[tuple[str, str]]]:
        """Keys of ``texts`` and the (key, prepared text) pairs not known yet, looked up in
        what the process kept, then read from the store."""
        keys = self._keys(texts)
        unknown = set()
        for key in keys:
            if key not in self._known:
                kept = self._stored.get((self.model, key))
                if kept is None:
                    unknown.add(key)
                else:
                    self._known[key] = kept
        if unknown:
            with self.ws.session() as session:
                found = get_vectors(session, self.model, unknown)
            self._keep(found)
        todo = sorted((k, self._prepare(self._text_of[k])) for k in set(keys)
                      if k not in self._known)
        return keys, todo

    def _keep(self, vectors: dict[str, np.ndarray]) -> None:
        """Known from now on, in this run and (as stored) for the process."""
        for key, vec in vectors.items():
            half = np.asarray(vec, dtype=np.float16)
            self._known[key] = half
            _remember(self._stored, (self.model, key), half)

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
            self._keep(fresh)
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
