"""Bring a game file or database to the current schema, safely, every time one is opened.

The Alembic environment lives inside the package (``wargame.store:migrations``) and runs on
a connection we hand it, so no ``alembic.ini`` is needed in an installed app or a bundle.

Safety, in order:

* a revision this version does not know means a newer wargame wrote the file: refuse it
  (:class:`NewerGameFile`) before anything is written;
* an older game file is first copied next to itself with SQLite's backup API
  (``NAME.wargame.bak-<rev>-<timestamp>``), never by copying the live file;
* the upgrade runs in one transaction; on SQLite, foreign keys are switched off *before*
  it begins (batch mode rebuilds tables by copy-and-drop, and a drop with foreign keys on
  would cascade or be refused) and ``PRAGMA foreign_key_check`` must come back clean before
  it commits, or everything is rolled back.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import Connection

from wargame.store.errors import GameFileCorrupt, NewerGameFile, NotAGameFile
from wargame.store.models import Base

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# Alembic is imported only when a database needs creating or upgrading, or a revision
# needs looking up: opening a game file that is already at the head (the common case)
# needs none of it, which keeps the app's start-up shorter.

__all__ = [
    "SCRIPT_LOCATION",
    "WRITE_OPTION",
    "MigrationResult",
    "alembic_config",
    "compare_to_models",
    "current_revision",
    "head_revision",
    "is_known_revision",
    "migration_transaction",
    "sqlite_backup",
    "upgrade_to_head",
]

HEAD_REVISION = "0008"
"""The newest revision in ``migrations/versions`` (a test checks it against Alembic's head).
Update it with every new revision."""

SCRIPT_LOCATION = "wargame.store:migrations"
"""Where Alembic finds ``env.py`` and ``versions/``: resolved through importlib.resources."""

WRITE_OPTION = "wargame_write"
"""Execution option the SQLite ``begin`` listener reads: True emits ``BEGIN IMMEDIATE``."""

UNCHAINED_REVISIONS = frozenset({"0001", "0002", "0003", "0004"})
"""Revisions from before the record's hash chain: upgrading one seals every row it holds
into one link (action ``record.upgrade``), in the upgrade's transaction."""

_MIGRATION_LOCK_KEY = 0x77617267616D65
"""PostgreSQL advisory lock taken while migrating: two laptops opening an old shared game
at the same moment upgrade it once, one after the other."""


@dataclass(frozen=True)
class MigrationResult:
    """What opening did to the schema.

    Attributes:
        from_revision: the revision found, or ``None`` for a new, empty database.
        to_revision: the revision now (the head).
        backup: the copy made before upgrading a game file, if one was made.
    """

    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def upgraded(self) -> bool:
        """Whether an existing game was brought from an older schema."""
        return self.from_revision is not None and self.from_revision != self.to_revision


def alembic_config(
    connection: Connection | None = None, *, script_location: str = SCRIPT_LOCATION
) -> Config:
    """An Alembic configuration without any ini file, bound to ``connection`` if given.

    Args:
        connection: handed to ``env.py`` through ``config.attributes["connection"]``.
        script_location: another migrations folder; tests use one with extra revisions.
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", script_location)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.lru_cache(maxsize=8)
def _script(script_location: str) -> ScriptDirectory:
    """The revision scripts, read once per location: they do not change while we run."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(script_location=script_location))


def head_revision(script_location: str = SCRIPT_LOCATION) -> str:
    """The newest schema revision this version of wargame knows."""
    if script_location == SCRIPT_LOCATION:
        return HEAD_REVISION
    head = _script(script_location).get_current_head()
    if head is None:
        msg = f"no migrations found in {script_location}"
        raise RuntimeError(msg)
    return head


def is_known_revision(revision: str, script_location: str = SCRIPT_LOCATION) -> bool:
    """Whether ``revision`` is one of ours; an unknown one was written by a newer wargame."""
    if script_location == SCRIPT_LOCATION and revision == HEAD_REVISION:
        return True
    from alembic.util import CommandError

    try:
        return _script(script_location).get_revision(revision) is not None
    except CommandError:
        return False


def current_revision(connection: Connection) -> str | None:
    """The revision stamped in the database, or ``None`` if it has never been migrated."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:  # branches: let Alembic say what it makes of them
        from alembic.runtime.migration import MigrationContext

        return MigrationContext.configure(connection).get_current_revision()
    return str(rows[0]) if rows else None


def _set_foreign_keys(connection: Connection, *, on: bool) -> None:
    """Switch SQLite foreign keys outside any transaction (inside one it is ignored).

    Runs on the raw DBAPI connection: a PRAGMA through SQLAlchemy would begin a transaction.
    """
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    finally:
        cursor.close()


@contextlib.contextmanager
def migration_transaction(
    engine: Engine, *, where: str = "the game database", path: Path | None = None
) -> Iterator[Connection]:
    """A write transaction fit for schema changes; commits when the block ends.

    On SQLite, foreign keys are off for its whole length (so that batch mode's
    copy-and-drop cannot cascade or be refused) and ``PRAGMA foreign_key_check`` must be
    clean before it commits. On PostgreSQL, an advisory lock serialises migrations.

    Raises:
        GameFileCorrupt: a foreign key check found broken references; nothing was committed.
    """
    with engine.connect() as connection:
        connection = connection.execution_options(**{WRITE_OPTION: True})
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _set_foreign_keys(connection, on=False)
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY}
                    )
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        tables = sorted({str(row[0]) for row in broken})
                        detail = f"{len(broken)} broken references in {', '.join(tables)}"
                        raise GameFileCorrupt(where, detail, path=path)
        finally:
            if sqlite and not connection.invalidated:
                _set_foreign_keys(connection, on=True)


def _backup_path(path: Path, revision: str) -> Path:
    """``NAME.wargame.bak-<rev>-<UTC timestamp>`` next to the file, never an existing name."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.bak-{revision}-{stamp}")
    counter = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak-{revision}-{stamp}-{counter}")
        counter += 1
    return candidate


def sqlite_backup(engine: Engine, destination: Path) -> None:
    """Copy the game file behind ``engine`` to a new file with SQLite's backup API.

    The backup API reads a consistent snapshot even while others use the file; copying the
    live file (and its WAL) byte by byte would not. It runs on a pooled connection of its
    own: SQLite refuses to back up from a connection that is in a write transaction, while
    a second connection reads the last committed state even when the first holds the write
    lock (which is how :func:`upgrade_to_head` keeps others out between backup and upgrade).
    A half-written copy is removed.
    """
    raw = engine.raw_connection()
    try:
        source = cast(sqlite3.Connection, raw.driver_connection)
        target = sqlite3.connect(destination)
        try:
            source.backup(target)
        except BaseException:
            target.close()
            destination.unlink(missing_ok=True)
            raise
        target.close()
    finally:
        raw.close()


def upgrade_to_head(
    engine: Engine,
    path: Path | None = None,
    *,
    where: str | None = None,
    script_location: str = SCRIPT_LOCATION,
) -> MigrationResult:
    """Bring the database to the head revision: create it if empty, upgrade it if older.

    A database already at the head is only read. An unknown revision is refused before
    anything is written. An older game file is backed up next to ``path`` first.

    Args:
        engine: an engine from :func:`wargame.store.engine.open_engine`.
        path: the game file, for the backup copy; ``None`` for PostgreSQL (whose backups
            are the server administrator's business) or to skip the copy.
        where: how to name the database in error messages.
        script_location: the migrations folder (tests add revisions in a copy of it).

    Raises:
        NewerGameFile: the revision is not one of ours.
        NotAGameFile: the database has wargame-like tables but no revision stamp.
        GameFileCorrupt: the upgrade left broken references (it was rolled back).
    """
    where = where or (str(path) if path is not None else "the game database")
    head = head_revision(script_location)
    with engine.connect() as connection:
        connection = connection.execution_options(**{WRITE_OPTION: False})
        with connection.begin():
            found = current_revision(connection)
    if found == head:
        return MigrationResult(from_revision=found, to_revision=head, backup=None)
    _check_revision(found, where, path, script_location)

    with migration_transaction(engine, where=where, path=path) as connection:
        found = current_revision(connection)  # again, now that we hold the write lock
        if found == head:
            return MigrationResult(from_revision=found, to_revision=head, backup=None)
        _check_revision(found, where, path, script_location)
        if found is None and inspect(connection).has_table("game"):
            raise NotAGameFile(where, "it has wargame's tables but no schema version", path=path)
        backup: Path | None = None
        if found is not None and path is not None and connection.dialect.name == "sqlite":
            backup = _backup_path(path, found)
            sqlite_backup(engine, backup)  # we hold the write lock: nobody changes it meanwhile
        from alembic import command

        command.upgrade(alembic_config(connection, script_location=script_location), "head")
        if found in UNCHAINED_REVISIONS and script_location == SCRIPT_LOCATION:
            from wargame.store.chain import seal_record

            seal_record(connection, action="record.upgrade")
    return MigrationResult(from_revision=found, to_revision=head, backup=backup)


def _check_revision(
    revision: str | None, where: str, path: Path | None, script_location: str
) -> None:
    """Refuse a revision this version does not know: a newer wargame wrote the database."""
    if revision is not None and not is_known_revision(revision, script_location):
        raise NewerGameFile(where, revision, path=path)


def compare_to_models(connection: Connection) -> list[Any]:
    """Differences between the database's schema and the models (empty when they match).

    Used by the tests to prove that the migrations build exactly what the models describe.
    """
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))
