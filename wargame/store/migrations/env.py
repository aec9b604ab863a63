"""Alembic's environment: run the migrations on the connection wargame hands over.

:func:`wargame.store.migrate.upgrade_to_head` opens the connection, switches SQLite's
foreign keys off, begins the transaction and passes the connection in
``config.attributes["connection"]``; Alembic then runs inside that transaction. There is no
offline (SQL script) mode and no ``alembic.ini``.

To write a new revision, autogenerate it against a fresh file at the current head::

    .venv/bin/python -m tools.new_migration 0002 "what changed"

then read and clean the generated script, and add a populated old-version fixture test.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from wargame.store.models import Base

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    msg = (
        "wargame's migrations run on a connection passed in config.attributes['connection']; "
        "use wargame.store.migrate, not the alembic command line"
    )
    raise RuntimeError(msg)

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things: batch mode rebuilds the table (copy and drop), which
    # is safe only because migrate.py switched foreign keys off before the transaction.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)

with context.begin_transaction():
    context.run_migrations()
