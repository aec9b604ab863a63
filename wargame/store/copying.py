"""Copies of a game record: a consistent backup file, or every row moved to another database.

``backup`` is what a facilitator's "Save a copy" does; ``copy_database`` pulls a game played
on a shared PostgreSQL database into a game file of its own (or pushes a file to a server).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select, text, update
from sqlalchemy.engine import Connection

from wargame.store.engine import GameDatabase
from wargame.store.errors import GameFileExists, GameFileMissing
from wargame.store.migrate import current_revision, sqlite_backup
from wargame.store.models import Base, Game

__all__ = ["backup", "copy_database"]

_BATCH = 1000
"""Rows read and written at a time: bounded memory for a long game."""


def backup(db: GameDatabase, dest_path: str | os.PathLike[str]) -> Path:
    """Write a consistent copy of the game to a new file, even while it is being played.

    A game file is copied with SQLite's backup API (never by copying the live file and its
    WAL). A PostgreSQL game database is copied row by row into a new game file.

    Args:
        db: the open game.
        dest_path: the new file; it must not exist.

    Returns:
        The absolute path of the copy.

    Raises:
        GameFileExists: ``dest_path`` exists.
        GameFileMissing: its folder does not exist.
    """
    dest = Path(dest_path).expanduser().absolute()
    if dest.exists():
        raise GameFileExists(str(dest), path=dest)
    if not dest.parent.is_dir():
        raise GameFileMissing(str(dest), "its folder does not exist", path=dest)
    if not db.is_sqlite:
        with GameDatabase.create(dest) as copy:
            copy_database(db, copy)
        return dest
    sqlite_backup(db.engine, dest)
    return dest


def copy_database(src: GameDatabase, dest: GameDatabase, *, game_id: int | None = None) -> int:
    """Copy every row of every table from ``src`` to ``dest``, keeping ids, in one transaction.

    Tables are copied parents first (the models' foreign-key order). A row that points at a
    later row of its own table (``superseded_by_id``, ``voided_by_id`` of a participant) is
    first written without that reference, which is filled in once all rows are there, so
    foreign keys stay on and are checked all along.

    Args:
        src: the database to read; only read, in a read session.
        dest: a database at the same schema revision with none of these rows yet (a new file
            from :meth:`GameDatabase.create`, or a server database without this game).
        game_id: copy only this game (a shared database may hold several); ``None`` copies
            all of them.

    Returns:
        The number of rows copied.

    Raises:
        ValueError: the two databases are at different schema revisions.
        sqlalchemy.exc.IntegrityError: ``dest`` already holds some of these rows.
    """
    copied = 0
    with src.session(write=False) as read, dest.session(write=True) as write:
        source, target = read.connection(), write.connection()
        src_rev, dest_rev = current_revision(source), current_revision(target)
        if src_rev != dest_rev:
            msg = (
                f"cannot copy {src.where} (schema {src_rev}) into {dest.where} "
                f"(schema {dest_rev}): open both with this version first"
            )
            raise ValueError(msg)
        for table in Base.metadata.sorted_tables:
            copied += _copy_table(table, source, target, game_id)
        if target.dialect.name == "postgresql":
            _advance_sequences(target)
    return copied


def _copy_table(table: Table, source: Connection, target: Connection, game_id: int | None) -> int:
    """Copy one table in id order, deferring references to rows of the same table."""
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    query = select(table).order_by(table.c.id)
    if game_id is not None:
        scope = table.c.id if table.name == Game.__tablename__ else table.c.game_id
        query = query.where(scope == game_id)
    pending: list[dict[str, Any]] = []
    count = 0
    result = source.execute(query.execution_options(yield_per=_BATCH)).mappings()
    for chunk in result.partitions(_BATCH):
        rows = [dict(row) for row in chunk]
        for row in rows:
            later = {name: row[name] for name in self_refs if row[name] is not None}
            if later:
                pending.append({"row_id": row["id"], **later})
                row.update(dict.fromkeys(later))
        target.execute(table.insert(), rows)
        count += len(rows)
    for refs in pending:
        values = {name: value for name, value in refs.items() if name != "row_id"}
        target.execute(update(table).where(table.c.id == refs["row_id"]).values(**values))
    return count


def _advance_sequences(connection: Connection) -> None:
    """Move PostgreSQL's id sequences past the copied ids, so new rows get fresh ones."""
    for table in Base.metadata.sorted_tables:
        quoted = connection.dialect.identifier_preparer.quote(table.name)
        statement = text(
            "SELECT setval(pg_get_serial_sequence(:table, 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {quoted}), 0) + 1, false)"
        )
        connection.execute(statement, {"table": table.name})
