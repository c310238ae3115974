"""One evidence link per (claim, passage).

Existing duplicate links are merged first: the oldest link stays, with the stance of the
newest (the last decision taken) and every distinct note, and the merge is recorded in the
claim's history.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_evidence = sa.table("evidence", sa.column("id", sa.Integer), sa.column("claim_id", sa.Integer),
                     sa.column("passage_id", sa.Integer), sa.column("stance", sa.String),
                     sa.column("note", sa.Text), sa.column("version", sa.Integer))
_history = sa.table("history", sa.column("entity", sa.String),
                    sa.column("entity_id", sa.Integer), sa.column("field", sa.String),
                    sa.column("old", sa.Text), sa.column("new", sa.Text),
                    sa.column("actor", sa.String), sa.column("at", sa.DateTime(timezone=True)),
                    sa.column("rationale", sa.Text))


def _merge_duplicate_evidence(conn: sa.Connection) -> None:
    dupes = conn.execute(
        sa.select(_evidence.c.claim_id, _evidence.c.passage_id)
        .group_by(_evidence.c.claim_id, _evidence.c.passage_id)
        .having(sa.func.count() > 1)).all()
    now = datetime.now(UTC)
    for claim_id, passage_id in dupes:
        rows = conn.execute(
            sa.select(_evidence.c.id, _evidence.c.stance, _evidence.c.note,
                      _evidence.c.version)
            .where(_evidence.c.claim_id == claim_id, _evidence.c.passage_id == passage_id)
            .order_by(_evidence.c.id)).all()
        keep, newest = rows[0], rows[-1]
        notes = list(dict.fromkeys(r.note.strip() for r in rows if r.note and r.note.strip()))
        conn.execute(_evidence.update().where(_evidence.c.id == keep.id).values(
            stance=newest.stance, note="; ".join(notes), version=keep.version + 1))
        conn.execute(_evidence.delete().where(
            _evidence.c.id.in_([r.id for r in rows[1:]])))
        conn.execute(_history.insert().values(
            entity="claim", entity_id=claim_id, field="evidence merged",
            old=", ".join(r.stance for r in rows), new=newest.stance, actor="factdesk upgrade",
            at=now, rationale=f"{len(rows)} links to passage {passage_id} became one"))


def upgrade() -> None:
    _merge_duplicate_evidence(op.get_bind())
    op.create_index("uq_evidence_claim_passage", "evidence", ["claim_id", "passage_id"],
                    unique=True)


def downgrade() -> None:
    op.drop_index("uq_evidence_claim_passage", table_name="evidence")
