"""Claims record whether their claimant is a person or an organisation.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

Empty for existing claims: exports then infer the kind from how the claimant was recorded.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("speaker_kind", sa.String(), nullable=False,
                                   server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("speaker_kind")
