"""Measures and observations: quantitative claims tracked against a reference value.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "measures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id", ondelete="CASCADE"),
                  nullable=False, unique=True),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("unit", sa.String, nullable=False),
        sa.Column("rate", sa.String, nullable=False),
        sa.Column("reference", sa.Float, nullable=False),
        sa.Column("reference_kind", sa.String, nullable=False),
        sa.Column("comparison", sa.String, nullable=False),
        sa.Column("period_start", sa.Date, nullable=True),
        sa.Column("period_end", sa.Date, nullable=True),
        sa.Column("created_by", sa.String, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "observations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("unit", sa.String, nullable=False),
        sa.Column("date_from", sa.Date, nullable=False),
        sa.Column("date_to", sa.Date, nullable=True),
        sa.Column("reporter", sa.String, nullable=False),
        sa.Column("evidence_id", sa.Integer,
                  sa.ForeignKey("evidence.id", ondelete="SET NULL"), nullable=True),
        sa.Column("span_start", sa.Integer, nullable=True),
        sa.Column("span_end", sa.Integer, nullable=True),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_by", sa.String, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    for col in ("claim_id", "date_from", "evidence_id"):
        op.create_index(f"ix_observations_{col}", "observations", [col])


def downgrade() -> None:
    op.drop_table("observations")
    op.drop_table("measures")
