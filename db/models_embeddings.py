"""Sentence-model vectors kept in the workspace, so no text is embedded twice.

Keyed by the sha256 of the text as embedded and by the model's own digest: a teammate's client
on the shared database reuses them, and vectors of another model are never mixed in.
"""

from __future__ import annotations

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel


class Embedding(SQLModel, table=True):
    """One text's vector: float16 little-endian bytes (dimension = len(vector) / 2)."""

    __tablename__ = "embeddings"

    text_hash: str = Field(primary_key=True, max_length=64)
    model: str = Field(primary_key=True, max_length=64)
    vector: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
