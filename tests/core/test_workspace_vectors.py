"""Stored sentence vectors: embedded once, read once per open workspace in a process."""

from __future__ import annotations

import numpy as np
from sqlalchemy import delete

from db.engine import Workspace
from db.models_embeddings import Embedding
from desktop.core import workspace_vectors
from desktop.core.workspace_vectors import WorkspaceVectors

TEXTS = ["Aid entering Gaza remains below what was pledged.", "Floods destroyed 300 homes."]


class Fake:
    """An encoder that counts what it embeds; each text gets its own fixed unit vector."""

    name, dim = "fake-model", 4

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.embedded.extend(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row, len(text) % self.dim] = 1.0
        return out


def counting_reads(monkeypatch) -> list[int]:
    reads: list[int] = []
    real = workspace_vectors.get_vectors

    def get_vectors(session, model, hashes):
        reads.append(len(set(hashes)))
        return real(session, model, hashes)

    monkeypatch.setattr(workspace_vectors, "get_vectors", get_vectors)
    return reads


def test_the_next_run_in_the_process_reads_nothing_again(ws, monkeypatch) -> None:
    enc = Fake()
    first = WorkspaceVectors(ws, enc)(TEXTS)
    assert sorted(enc.embedded) == sorted(TEXTS)
    reads = counting_reads(monkeypatch)
    again = WorkspaceVectors(ws, enc)
    np.testing.assert_array_equal(again(TEXTS), first)
    assert again.embedded == 0 and reads == [] and len(enc.embedded) == 2


def test_vectors_kept_for_one_workspace_are_not_taken_as_stored_in_another(
        ws, monkeypatch) -> None:
    enc = Fake()
    WorkspaceVectors(ws, enc)(TEXTS)
    with ws.session() as s:  # the rows go, as in a workspace restored from an older copy
        s.exec(delete(Embedding))
        s.commit()
    assert WorkspaceVectors(ws, enc).missing(TEXTS) == 0  # kept: still right, only a cache
    other = Workspace(ws.url)
    try:
        fresh = WorkspaceVectors(other, enc)
        assert fresh.missing(TEXTS) == 2  # another open workspace reads its own store
        fresh(TEXTS)
        assert fresh.embedded == 2
    finally:
        other.dispose()


def test_the_memory_is_bounded(ws, monkeypatch) -> None:
    monkeypatch.setattr(workspace_vectors, "MEMORY_TEXTS", 3)
    monkeypatch.setattr(workspace_vectors, "_KEY_OF", {})
    enc = Fake()
    texts = [f"claim number {i}" for i in range(10)] + ["x" * 3000]
    vectors = WorkspaceVectors(ws, enc)(texts)
    assert vectors.shape == (11, 4) and len(enc.embedded) == 11
    assert len(workspace_vectors._KEY_OF) <= 3
    assert "x" * 3000 not in workspace_vectors._KEY_OF  # long texts are hashed each time
    # per workspace (workspaces of earlier tests may still be alive with their own)
    assert 0 < len(workspace_vectors._STORED[ws]) <= 3
