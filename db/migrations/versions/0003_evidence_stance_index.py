"""Index evidence by claim and stance: evidence tallies for long claim lists.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_evidence_claim_stance", "evidence", ["claim_id", "stance"])


def downgrade() -> None:
    op.drop_index("ix_evidence_claim_stance", table_name="evidence")
