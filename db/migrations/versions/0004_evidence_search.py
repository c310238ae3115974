"""One evidence link per (claim, passage); claims settled without linked evidence; claim search
that folds case and accents through an index (see db/queries/search.py).

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
# As in db.vocab at the time of writing: a migration must not change when the code does.
_VERDICTS = ("supported", "partly-supported", "misleading", "false", "unverifiable")
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


# SQLite: an FTS5 table of the claims' searchable text, in step through triggers. The dotless ı
# has no decomposition for unicode61 to strip, so it is mapped to i here (and in queries).
# NOTE: a later batch migration that rebuilds `claims` on SQLite drops these triggers with the
# old table; it must create them again (see _sqlite_triggers).
_FTS_COLUMNS = ("text", "speaker", "tags")
BULK_KEY = "search.bulk_insert"  # as db/queries/search.py


def _folded(prefix: str) -> str:
    return ", ".join(f"replace({prefix}{c}, 'ı', 'i')" for c in _FTS_COLUMNS)


def _sqlite_triggers() -> list[str]:
    cols = ", ".join(_FTS_COLUMNS)
    insert = f"INSERT INTO claims_fts(rowid, {cols}) VALUES (new.id, {_folded('new.')});"
    # A spreadsheet import of many claims indexes them in one statement afterwards (row by row
    # through the trigger is three times slower); it marks that with a settings row that only
    # its own transaction ever sees.
    return [
        "CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims WHEN NOT EXISTS "
        f"(SELECT 1 FROM settings WHERE key = '{BULK_KEY}') BEGIN {insert} END",
        f"CREATE TRIGGER claims_fts_update AFTER UPDATE OF {cols} ON claims BEGIN "
        f"DELETE FROM claims_fts WHERE rowid = old.id; {insert} END",
        "CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN "
        "DELETE FROM claims_fts WHERE rowid = old.id; END",
    ]


def _sqlite_search_up() -> None:
    cols = ", ".join(_FTS_COLUMNS)
    op.execute(f"CREATE VIRTUAL TABLE claims_fts USING fts5({cols}, "
               "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')")
    op.execute(f"INSERT INTO claims_fts(rowid, {cols}) SELECT id, {_folded('')} FROM claims")
    for statement in _sqlite_triggers():
        op.execute(statement)


def _sqlite_search_down() -> None:
    for name in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS claims_fts_{name}")
    op.execute("DROP TABLE IF EXISTS claims_fts")


# Punctuation and spacing between words (unaccent has already made most Unicode punctuation
# ASCII); letters of every script stay, whatever the database's locale.
_PG_SEPARATORS = "[[:space:][:punct:]¡¿·•]+"


def _pg_extension_schema(conn: sa.Connection, name: str) -> str | None:
    return conn.execute(sa.text(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = :name"), {"name": name}).scalar()


def _pg_search_up() -> None:
    from db.errors import UserError

    conn = op.get_bind()
    schemas = {}
    for name in ("unaccent", "pg_trgm"):
        schema = _pg_extension_schema(conn, name)
        if schema is None:
            # In `public` when there is one, so every workspace schema of the database shares
            # it; a savepoint keeps a refusal from spoiling the transaction's error message.
            target = conn.execute(sa.text(
                "SELECT coalesce((SELECT 'public' FROM pg_namespace WHERE nspname = 'public'), "
                "current_schema())")).scalar_one()
            try:
                with conn.begin_nested():
                    conn.execute(sa.text(f'CREATE EXTENSION IF NOT EXISTS {name} '
                                         f'WITH SCHEMA "{target}"'))
            except sa.exc.DBAPIError as exc:
                first = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
                raise UserError(
                    f"search needs the PostgreSQL extension {name}, and this role may not create "
                    f"it ({first}); ask the database owner to run CREATE EXTENSION {name}; "
                    "then open the workspace again (nothing was changed)") from exc
            schema = target
        schemas[name] = schema
    ua, trgm = schemas["unaccent"], schemas["pg_trgm"]
    # unaccent() is only STABLE (its dictionary could change), so an index needs this wrapper
    # naming the dictionary outright; İ and ı are folded before it.
    op.execute(f"""CREATE FUNCTION factdesk_fold(t text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT lower("{ua}".unaccent('"{ua}".unaccent'::regdictionary,
                                            translate(t, 'İı', 'ii'))) $$""")
    # Folded once per write into a generated column, its words separated by single spaces and
    # the whole padded with them: " erdogan and trump discussed syria ". A word-prefix search
    # is then LIKE '% erdo%', which the trigram index answers even for one letter (its
    # trigram "  e" marks a word start), and which needs no per-row regular expression.
    op.execute("ALTER TABLE claims ADD COLUMN search_folded text GENERATED ALWAYS AS "
               f"(' ' || regexp_replace(factdesk_fold(text || ' ' || speaker || ' ' || tags), "
               f"'{_PG_SEPARATORS}', ' ', 'g') || ' ') STORED")
    op.execute(f'CREATE INDEX ix_claims_search ON claims USING gin '
               f'(search_folded "{trgm}".gin_trgm_ops)')
    # Fresh statistics, or the planner guesses at the new column and may scan every claim.
    op.execute("ANALYZE claims")


def _pg_search_down() -> None:
    op.execute("DROP INDEX IF EXISTS ix_claims_search")
    op.execute("ALTER TABLE claims DROP COLUMN IF EXISTS search_folded")
    op.execute("DROP FUNCTION IF EXISTS factdesk_fold(text)")


def upgrade() -> None:
    _merge_duplicate_evidence(op.get_bind())
    op.create_index("uq_evidence_claim_passage", "evidence", ["claim_id", "passage_id"],
                    unique=True)
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("settled_without_evidence", sa.Boolean, nullable=False,
                                   server_default=sa.false()))
    # Verdicts given before this rule had no way to say so; those without evidence are marked,
    # so that the report states it rather than "no evidence linked yet".
    claims = sa.table("claims", sa.column("id", sa.Integer), sa.column("status", sa.String),
                      sa.column("settled_without_evidence", sa.Boolean))
    op.execute(claims.update()
               .where(claims.c.status.in_(_VERDICTS),
                      ~sa.exists().where(_evidence.c.claim_id == claims.c.id))
               .values(settled_without_evidence=True))
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_search_up()
    else:
        _pg_search_up()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_search_down()
    else:
        _pg_search_down()
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("settled_without_evidence")
    op.drop_index("uq_evidence_claim_passage", table_name="evidence")
