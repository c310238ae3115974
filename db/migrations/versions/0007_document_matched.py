"""Record when a source's matching finished, so an interrupted one is matched again.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain nullable column: SQLite adds it without rebuilding the table.
    op.add_column("documents", sa.Column("matched_at", sa.DateTime(timezone=True),
                                         nullable=True))
    # Documents stored before this revision were matched when they came in (or left to the
    # user's own `factdesk match`): they count as matched, so an upgrade re-matches nothing.
    op.execute("UPDATE documents SET matched_at = created_at")


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("matched_at")
