"""Alembic environment: always run with a connection handed in by `db.migrate`.

`db.migrate` opens the transaction before handing the connection over, so the whole upgrade
(every revision, DDL included, plus the version stamp) commits or rolls back as one; on SQLite
the engine issues BEGIN itself, so pysqlite cannot commit DDL early.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("Factdesk migrations run through db.migrate, with a connection")
    if not connection.in_transaction():
        raise RuntimeError("Factdesk migrations run inside the transaction db.migrate opens")
    # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        transaction_per_migration=False,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported")
run_migrations_online()
