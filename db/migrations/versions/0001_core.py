"""Core tables: documents, passages, claims, evidence, history.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("title", sa.String, nullable=False),
        sa.Column("outlet", sa.String, nullable=False),
        sa.Column("author", sa.String, nullable=False),
        sa.Column("url", sa.String, nullable=False),
        sa.Column("published", sa.Date, nullable=True),
        sa.Column("retrieved_at", TS, nullable=False),
        sa.Column("language", sa.String, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("previous_id", sa.Integer,
                  sa.ForeignKey("documents.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_by", sa.String, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_documents_kind", "documents", ["kind"])
    op.create_index("ix_documents_sha256", "documents", ["sha256"])
    op.create_index("ix_documents_url", "documents", ["url"])

    op.create_table(
        "passages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer,
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.UniqueConstraint("document_id", "seq", name="uq_passages_document_seq"),
    )
    op.create_index("ix_passages_document_id", "passages", ["document_id"])

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("article_id", sa.Integer,
                  sa.ForeignKey("documents.id", ondelete="SET NULL"), nullable=True),
        sa.Column("quote_start", sa.Integer, nullable=True),
        sa.Column("quote_end", sa.Integer, nullable=True),
        sa.Column("speaker", sa.String, nullable=False),
        sa.Column("claim_date", sa.Date, nullable=True),
        sa.Column("tags", sa.String, nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("rationale", sa.Text, nullable=False),
        sa.Column("review_by", sa.Date, nullable=True),
        sa.Column("created_by", sa.String, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_by", sa.String, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    for col in ("article_id", "status", "review_by", "updated_at", "deleted"):
        op.create_index(f"ix_claims_{col}", "claims", [col])

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("claim_id", sa.Integer,
                  sa.ForeignKey("claims.id", ondelete="CASCADE"), nullable=False),
        sa.Column("passage_id", sa.Integer,
                  sa.ForeignKey("passages.id", ondelete="CASCADE"), nullable=False),
        sa.Column("stance", sa.String, nullable=False),
        sa.Column("origin", sa.String, nullable=False),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("excerpt_start", sa.Integer, nullable=True),
        sa.Column("excerpt_end", sa.Integer, nullable=True),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_by", sa.String, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_evidence_claim_id", "evidence", ["claim_id"])
    op.create_index("ix_evidence_passage_id", "evidence", ["passage_id"])

    op.create_table(
        "history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("entity", sa.String, nullable=False),
        sa.Column("entity_id", sa.Integer, nullable=False),
        sa.Column("field", sa.String, nullable=False),
        sa.Column("old", sa.Text, nullable=True),
        sa.Column("new", sa.Text, nullable=True),
        sa.Column("actor", sa.String, nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("rationale", sa.Text, nullable=False),
    )
    op.create_index("ix_history_entity", "history", ["entity", "entity_id"])
    op.create_index("ix_history_at", "history", ["at"])


def downgrade() -> None:
    for table in ("history", "evidence", "claims", "passages", "documents"):
        op.drop_table(table)
