"""Matching and team tables: feeds, suggestions, aliases, settings; documents.feed_id.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.String, nullable=False, unique=True),
        sa.Column("title", sa.String, nullable=False),
        sa.Column("etag", sa.String, nullable=False),
        sa.Column("modified", sa.String, nullable=False),
        sa.Column("last_polled", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    # On SQLite this rebuilds `documents`, whose passages cascade on delete: db.migrate turns
    # foreign keys off around it and checks them afterwards.
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("feed_id", sa.Integer, nullable=True))
        batch.create_foreign_key("fk_documents_feed_id", "feeds", ["feed_id"], ["id"],
                                 ondelete="SET NULL")

    op.create_table(
        "suggestions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("claim_id", sa.Integer,
                  sa.ForeignKey("claims.id", ondelete="CASCADE"), nullable=False),
        sa.Column("passage_id", sa.Integer,
                  sa.ForeignKey("passages.id", ondelete="CASCADE"), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("strong", sa.Boolean, nullable=False),
        sa.Column("spans", sa.String, nullable=False),
        sa.Column("state", sa.String, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String, nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("claim_id", "passage_id", name="uq_suggestions_claim_passage"),
    )
    for col in ("claim_id", "passage_id", "state", "created_at"):
        op.create_index(f"ix_suggestions_{col}", "suggestions", [col])

    op.create_table(
        "aliases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("group_name", sa.String, nullable=False),
        sa.Column("term", sa.String, nullable=False),
        sa.UniqueConstraint("group_name", "term", name="uq_aliases_group_term"),
    )
    op.create_index("ix_aliases_group_name", "aliases", ["group_name"])

    op.create_table(
        "settings",
        sa.Column("key", sa.String, primary_key=True),
        sa.Column("value", sa.String, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_table("aliases")
    op.drop_table("suggestions")
    with op.batch_alter_table("documents") as batch:
        batch.drop_constraint("fk_documents_feed_id", type_="foreignkey")
        batch.drop_column("feed_id")
    op.drop_table("feeds")
