"""Engines and sessions for a game file (SQLite) or a shared game database (PostgreSQL).

SQLite on Python 3.11 needs the recipe in PITFALLS.md: the driver's own transaction handling
is switched off (``isolation_level = None``) and we emit ``BEGIN`` ourselves. Write sessions
emit ``BEGIN IMMEDIATE`` so that two writers queue on the busy timeout instead of one failing
half-way when it tries to upgrade a read lock; read sessions emit a plain ``BEGIN``, which in
WAL mode never waits for a writer. Every connection runs with WAL, foreign keys on, a busy
timeout and ``synchronous=FULL`` (the last commit survives a power cut).

Opening checks the file first (exists, is an SQLite database with our tables, is not
damaged, is not from a newer version) and then runs the migrations, so the rest of the app
only ever sees a database at the current schema. What a user can get wrong becomes one of
the exceptions in :mod:`wargame.store.errors`.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Engine, create_engine, event, inspect

# SQLAlchemy loads a dialect when the first engine of its kind is made. Every game file is
# SQLite, so its dialect (a dozen modules) loads with the store instead: before the desktop
# app loads Qt, whose import hook reads the source of every module imported after it.
from sqlalchemy.dialects import sqlite as _sqlite_dialect  # noqa: F401
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool

from wargame.store.checks import check_schema, check_values
from wargame.store.errors import (
    DatabaseUnavailable,
    DiskFull,
    DiskProblem,
    GameFileCorrupt,
    GameFileExists,
    GameFileLocked,
    GameFileMissing,
    GameFileReadOnly,
    NewerGameFile,
    NotAGameFile,
    StoreError,
)
from wargame.store.fresh import create_schema
from wargame.store.migrate import (
    WRITE_OPTION,
    MigrationResult,
    current_revision,
    head_revision,
    is_known_revision,
    upgrade_to_head,
)
from wargame.store.models import Roll
from wargame.store.shared_views import TEAM_READS

__all__ = [
    "BUSY_TIMEOUT_ENV",
    "DEFAULT_BUSY_TIMEOUT_MS",
    "GAME_FILE_SUFFIX",
    "GameDatabase",
    "busy_wait_ms",
    "describe_target",
    "is_database_url",
    "open_engine",
    "translate_error",
]

GAME_FILE_SUFFIX = ".wargame"
DEFAULT_BUSY_TIMEOUT_MS = 5000
"""How long a write waits for another program's write to finish before GameFileLocked."""

BUSY_TIMEOUT_ENV = "WARGAME_BUSY_TIMEOUT_MS"
"""An environment variable that sets that wait in milliseconds (1 to 60000), for every
program started with it: a venue's slow shared drive may need longer, a test less."""

_log = logging.getLogger(__name__)


def busy_wait_ms() -> int:
    """How long a write waits for another program's lock: :data:`BUSY_TIMEOUT_ENV`, or 5 s.

    A value that is not a whole number of milliseconds from 1 to 60000 is ignored, with a
    warning in the log naming the variable and the value.
    """
    raw = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_BUSY_TIMEOUT_MS
    if raw.isdecimal() and 1 <= int(raw) <= 60_000:
        return int(raw)
    _log.warning(
        "%s=%r is not a number of milliseconds from 1 to 60000; waiting %d ms for a busy file",
        BUSY_TIMEOUT_ENV,
        raw[:20],
        DEFAULT_BUSY_TIMEOUT_MS,
    )
    return DEFAULT_BUSY_TIMEOUT_MS


_SQLITE_MAGIC = b"SQLite format 3\x00"

# SQLite primary result codes (the low byte of an extended code).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26
_SQLITE_IOERR_SHORT_READ = 522

# PostgreSQL SQLSTATE classes that mean "cannot reach or use the server", not a bug of ours.
_PG_UNAVAILABLE_CLASSES = ("08", "28", "3D", "53", "57")


def is_database_url(target: str | os.PathLike[str]) -> bool:
    """Whether ``target`` names a database server (``postgresql://…``) rather than a file.

    ``sqlite:///…`` URLs count as files: they name one.
    """
    return isinstance(target, str) and "://" in target and not target.startswith("sqlite")


def _server_url(url: str) -> URL:
    """Parse a PostgreSQL URL and pin the psycopg 3 driver (``postgresql://`` → ``+psycopg``)."""
    parsed = make_url(url)
    if parsed.get_backend_name() not in ("postgresql", "postgres"):
        where = parsed.render_as_string(hide_password=True)
        raise DatabaseUnavailable(where, "only postgresql:// URLs are supported")
    return parsed.set(drivername="postgresql+psycopg")


def describe_target(target: str | os.PathLike[str]) -> str:
    """How to name a file or database in a message: the path, or the URL without password."""
    if is_database_url(target):
        return make_url(str(target)).render_as_string(hide_password=True)
    return str(target)


def _sqlite_path(target: str | os.PathLike[str]) -> Path:
    """An absolute path for a game file; ``sqlite:///…`` URLs are accepted too."""
    text = os.fspath(target)
    if text.startswith("sqlite:"):
        database = make_url(text).database
        if not database:
            msg = f"{text!r} names no file; an in-memory game would be lost when the app closes"
            raise ValueError(msg)
        text = database
    return Path(text).expanduser().absolute()


def translate_error(
    error: BaseException, where: str, path: Path | None = None
) -> StoreError | None:
    """Map a driver error a user can cause to a :class:`StoreError`; ``None`` for a bug.

    Args:
        error: the DBAPI exception (``sqlite3.Error`` or a psycopg error), or SQLAlchemy's
            wrapper around one.
        where: the file or database as named in the message.
        path: the game file, for SQLite.
    """
    if isinstance(error, StoreError):
        return error
    if isinstance(error, DBAPIError):
        if error.orig is None:
            return None
        error = error.orig
    if isinstance(error, sqlite3.Error):
        return _translate_sqlite(error, where, path)
    sqlstate = getattr(error, "sqlstate", "missing")
    if type(error).__module__.startswith("psycopg") and (
        sqlstate is None or str(sqlstate)[:2] in _PG_UNAVAILABLE_CLASSES
    ):
        first_line = (str(error).strip().splitlines() or ["no answer from the server"])[0]
        return DatabaseUnavailable(where, first_line.rstrip("."))
    return None


def _translate_sqlite(error: sqlite3.Error, where: str, path: Path | None) -> StoreError | None:
    """The SQLite part of :func:`translate_error`, by result code."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return None
    primary = code & 0xFF
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return GameFileLocked(where, path=path)
    if primary in (_SQLITE_READONLY, _SQLITE_PERM):
        return GameFileReadOnly(where, path=path)
    if primary == _SQLITE_CORRUPT or code == _SQLITE_IOERR_SHORT_READ:
        return GameFileCorrupt(where, str(error), path=path)
    if primary == _SQLITE_FULL:
        return DiskFull(where, path=path)
    if primary == _SQLITE_IOERR:
        return DiskProblem(where, str(error), path=path)
    if primary == _SQLITE_NOTADB:
        return NotAGameFile(where, "it is not a database", path=path)
    if primary == _SQLITE_CANTOPEN:
        if path is not None and not path.exists():
            return GameFileMissing(where, path=path)
        if path is not None and not os.access(path, os.R_OK):
            return GameFileMissing(where, "you are not allowed to read it", path=path)
        return GameFileReadOnly(where, "its folder cannot be written", path=path)
    return None


@contextlib.contextmanager
def _translated(where: str, path: Path | None) -> Iterator[None]:
    """Re-raise driver errors a user can cause as store errors; let everything else through."""
    try:
        yield
    except (DBAPIError, sqlite3.Error) as error:
        translated = translate_error(error, where, path)
        if translated is None:
            raise
        raise translated from error


def open_engine(
    url_or_path: str | os.PathLike[str],
    *,
    create: bool,
    busy_timeout_ms: int | None = None,
    read_only: bool = False,
) -> Engine:
    """An engine for a game file or a PostgreSQL URL, with our connection settings.

    Does not check the schema or migrate: :class:`GameDatabase` does that.

    Args:
        url_or_path: a file path (or ``sqlite:///`` URL), or ``postgresql://…``.
        create: for a file, True to make a new file (refused if one exists), False to open an
            existing one (refused if there is none: a typo must never create an empty game).
            Ignored for PostgreSQL, where the database must exist already.
        busy_timeout_ms: how long a write waits for another program's write lock (None:
            :func:`busy_wait_ms`).
        read_only: open the file so that nothing can be written (a finished game shown for
            reference, or a file on read-only media).

    Raises:
        GameFileMissing: opening a file that does not exist.
        GameFileExists: creating a file where one exists.
    """
    if is_database_url(url_or_path):
        url = _server_url(str(url_or_path))
        options: dict[str, Any] = {"connect_timeout": 10, "application_name": "wargame"}
        return create_engine(url, pool_pre_ping=True, connect_args=options)
    path = _sqlite_path(url_or_path)
    if create and path.exists():
        raise GameFileExists(str(path), path=path)
    if not create and not path.exists():
        raise GameFileMissing(str(path), path=path)
    mode = "ro" if read_only else ("rwc" if create else "rw")
    uri = f"{path.as_uri()}?mode={mode}{_immutable(path) if read_only else ''}"
    if busy_timeout_ms is None:
        busy_timeout_ms = busy_wait_ms()
    timeout_s = busy_timeout_ms / 1000

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, timeout=timeout_s, check_same_thread=False)

    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)
    _install_sqlite_listeners(engine, busy_timeout_ms=busy_timeout_ms, read_only=read_only)
    return engine


def _install_sqlite_listeners(engine: Engine, *, busy_timeout_ms: int, read_only: bool) -> None:
    """The Python 3.11 SQLite recipe: PRAGMAs on every connection, our own BEGIN."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Driver-level transactions off: no implicit BEGIN before DML, none skipped before
        # DDL or SELECT. The "begin" listener below emits BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            if not read_only:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=FULL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, True)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write and not read_only else "BEGIN")


def _probe_game_file(path: Path, *, busy_timeout_ms: int, read_only: bool) -> str | None:
    """Check a file before the engine touches it, and return its schema revision.

    Uses a bare connection that writes nothing (not even the journal mode), so a file we
    refuse is left byte-identical.

    Raises:
        NotAGameFile: empty, not SQLite, or SQLite without wargame's tables.
        GameFileCorrupt: SQLite's quick check finds damage.
        NewerGameFile: a schema revision this version does not know.
    """
    where = str(path)
    if path.is_dir():
        raise NotAGameFile(where, "it is a folder", path=path)
    with path.open("rb") as handle:
        header = handle.read(len(_SQLITE_MAGIC))
    if not header:
        raise NotAGameFile(where, "it is empty", path=path)
    if header != _SQLITE_MAGIC:
        raise NotAGameFile(where, "it is not a database", path=path)
    uri = (
        f"{path.as_uri()}?mode={'ro' if read_only else 'rw'}{_immutable(path) if read_only else ''}"
    )
    with _translated(where, path):
        connection = sqlite3.connect(uri, uri=True, timeout=busy_timeout_ms / 1000)
        try:
            connection.isolation_level = None
            connection.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            connection.execute("BEGIN")
            check = connection.execute("PRAGMA quick_check(1)").fetchone()
            if check is None or check[0] != "ok":
                detail = str(check[0]) if check else "no answer from the quick check"
                raise GameFileCorrupt(where, detail, path=path)
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "alembic_version" not in tables or "game" not in tables:
                raise NotAGameFile(where, "it is a database without wargame's tables", path=path)
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            if row is None:
                raise NotAGameFile(where, "it has no schema version", path=path)
            revision = str(row[0])
            if not is_known_revision(revision):
                raise NewerGameFile(where, revision, path=path)
            at_head = revision == head_revision()
            check_schema(connection, where, path, at_head=at_head)
            if at_head:
                check_values(connection, where, path)
            connection.execute("ROLLBACK")
        finally:
            connection.close()
    return revision


def _refuse_deletes(session: Session, _context: Any, _instances: Any) -> None:
    """The record is append-only: a flush that deletes a row, or changes a roll, is a bug."""
    if session.deleted:
        kinds = sorted({type(obj).__name__ for obj in session.deleted})
        msg = f"the game record is append-only: void rows instead of deleting {kinds}"
        raise RuntimeError(msg)
    for obj in session.dirty:
        if isinstance(obj, Roll) and session.is_modified(obj):
            msg = f"roll {obj.sequence} was changed; rolls are never changed once made"
            raise RuntimeError(msg)


def _refuse_writes(session: Session, _context: Any, _instances: Any) -> None:
    """A read session must not write: its ``BEGIN`` did not take the write lock."""
    if session.new or session.dirty or session.deleted:
        msg = "a read session tried to write; use session(write=True)"
        raise RuntimeError(msg)


class GameDatabase:
    """One open game file or shared game database: an engine and its sessions.

    Make one with :meth:`create` or :meth:`open`, which run the migrations, so a
    ``GameDatabase`` is always at the current schema. Each user action is one
    :meth:`session` (one transaction); the caller decides its scope, as SQLAlchemy advises
    for GUI apps. Objects stay readable after their session ends (``expire_on_commit`` is
    off), so the game layer can return them to the UI thread as plain values.

    Attributes:
        engine: the SQLAlchemy engine.
        where: the file path or password-less URL, for messages and window titles.
        path: the game file, or ``None`` for PostgreSQL.
        read_only: whether write sessions are refused.
        migration: what opening did to the schema (from which revision, which backup).
        team_reads: the database was opened with a shared game's team role, which reads
            some tables through views (:mod:`wargame.store.shared_views`); every session
            says so in ``session.info``.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        where: str,
        path: Path | None = None,
        read_only: bool = False,
        migration: MigrationResult | None = None,
    ) -> None:
        self.engine = engine
        self.where = where
        self.path = path
        self.read_only = read_only
        self.migration = migration
        self.team_reads = False
        writer = engine.execution_options(**{WRITE_OPTION: True})
        reader_options: dict[str, Any] = {WRITE_OPTION: False}
        if engine.dialect.name == "postgresql":
            reader_options["postgresql_readonly"] = True
        reader = engine.execution_options(**reader_options)
        self._writer = sessionmaker(bind=writer, expire_on_commit=False)
        self._reader = sessionmaker(bind=reader, expire_on_commit=False)
        event.listen(self._writer, "before_flush", _refuse_deletes)
        event.listen(self._reader, "before_flush", _refuse_writes)

    # -------------------------------------------------------------- opening

    @classmethod
    def create(
        cls,
        url_or_path: str | os.PathLike[str],
        *,
        busy_timeout_ms: int | None = None,
    ) -> Self:
        """Make a new game file (or prepare a PostgreSQL database) at the current schema.

        A file that already exists is never overwritten. A PostgreSQL database may already
        hold wargame's tables (it may hold several games); it is then migrated like
        :meth:`open` would.

        Raises:
            GameFileExists: a file is already there.
            GameFileMissing: the folder does not exist.
            GameFileReadOnly: the folder cannot be written.
            StoreError: anything else a user can cause (see :mod:`wargame.store.errors`).
        """
        if is_database_url(url_or_path):
            return cls._open_server(str(url_or_path), create=True, read_only=False)
        path = _sqlite_path(url_or_path)
        where = str(path)
        if path.exists():
            raise GameFileExists(where, path=path)
        if not path.parent.is_dir():
            raise GameFileMissing(where, "its folder does not exist", path=path)
        if not os.access(path.parent, os.W_OK):
            raise GameFileReadOnly(where, "its folder cannot be written", path=path)
        engine = open_engine(path, create=True, busy_timeout_ms=busy_timeout_ms)
        try:
            with _translated(where, path):
                new_engine = functools.partial(open_engine, create=True)
                migration = create_schema(engine, path, where=where, new_engine=new_engine)
        except BaseException:
            engine.dispose()
            for leftover in (path, _sidecar(path, "-wal"), _sidecar(path, "-shm")):
                leftover.unlink(missing_ok=True)
            raise
        return cls(engine, where=where, path=path, migration=migration)

    @classmethod
    def open(
        cls,
        url_or_path: str | os.PathLike[str],
        *,
        busy_timeout_ms: int | None = None,
        read_only: bool = False,
    ) -> Self:
        """Open an existing game file or database, upgrading its schema if it is older.

        An older file is first copied next to itself (``NAME.wargame.bak-<rev>-<time>``)
        with SQLite's backup API, then upgraded in one transaction.

        Args:
            url_or_path: the game file, or a ``postgresql://`` URL.
            busy_timeout_ms: how long a write waits for another program's write lock (None:
                :func:`busy_wait_ms`).
            read_only: refuse every write session; an older file is then refused too,
                since upgrading it would write.

        Raises:
            GameFileMissing: there is no such file (it is never created by ``open``).
            NotAGameFile: not a database, or a database without wargame's tables.
            GameFileCorrupt: the file is damaged.
            NewerGameFile: a newer wargame wrote it.
            GameFileReadOnly: it cannot be written (and would need to be).
            GameFileLocked: another program holds a write lock past the busy timeout.
        """
        if is_database_url(url_or_path):
            return cls._open_server(str(url_or_path), create=False, read_only=read_only)
        path = _sqlite_path(url_or_path)
        where = str(path)
        if not path.exists():
            raise GameFileMissing(where, path=path)
        if busy_timeout_ms is None:
            busy_timeout_ms = busy_wait_ms()
        if not read_only:
            if not os.access(path, os.W_OK):
                raise GameFileReadOnly(where, "the file cannot be written", path=path)
            if not os.access(path.parent, os.W_OK):
                raise GameFileReadOnly(where, "its folder cannot be written", path=path)
        revision = _probe_game_file(path, busy_timeout_ms=busy_timeout_ms, read_only=read_only)
        engine = open_engine(
            path, create=False, busy_timeout_ms=busy_timeout_ms, read_only=read_only
        )
        try:
            with _translated(where, path):
                if read_only:
                    migration = _check_read_only_schema(revision, where, path)
                else:
                    migration = upgrade_to_head(engine, path, where=where)
            if migration.upgraded:  # what an older file held is checked at the new schema
                _probe_game_file(path, busy_timeout_ms=busy_timeout_ms, read_only=read_only)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, where=where, path=path, read_only=read_only, migration=migration)

    @classmethod
    def _open_server(cls, url: str, *, create: bool, read_only: bool) -> Self:
        """Open (or, with ``create``, initialise) a PostgreSQL game database."""
        where = describe_target(url)
        engine = open_engine(url, create=create)
        try:
            with _translated(where, None):
                with engine.connect() as connection, connection.begin():
                    revision = current_revision(connection)
                    has_game = inspect(connection).has_table("game")
                if revision is None and not create:
                    raise NotAGameFile(where, "the database has no wargame tables", path=None)
                if revision is not None and not has_game:
                    raise NotAGameFile(where, "the database has another program's tables")
                if revision is not None and not is_known_revision(revision):
                    raise NewerGameFile(where, revision)
                if read_only:
                    migration = _check_read_only_schema(revision, where, None)
                else:
                    migration = upgrade_to_head(engine, None, where=where)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, where=where, read_only=read_only, migration=migration)

    # -------------------------------------------------------------- using

    @property
    def is_sqlite(self) -> bool:
        """Whether this is a game file (SQLite) rather than a shared PostgreSQL database."""
        return self.engine.dialect.name == "sqlite"

    @contextlib.contextmanager
    def session(self, *, write: bool = True) -> Iterator[Session]:
        """One transaction: commit when the block ends, roll back if it raises.

        Args:
            write: True (the default) takes the write lock at the start (``BEGIN
                IMMEDIATE``), so a second writer waits up to the busy timeout rather than
                failing later; False begins a read that never waits for a writer and may not
                flush any change.

        Raises:
            GameFileLocked: another program held the write lock past the busy timeout.
            GameFileReadOnly: a write session on a read-only game.
            StoreError: other errors the user can cause (damage found while reading, the
                database server gone away).
        """
        if write and self.read_only:
            raise GameFileReadOnly(self.where, "it was opened read-only", path=self.path)
        maker = self._writer if write else self._reader
        with _translated(self.where, self.path), maker() as session, session.begin():
            if self.team_reads:
                session.info[TEAM_READS] = True
            yield session

    def close(self) -> None:
        """Close every pooled connection; in WAL mode the last one folds the log into the file."""
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = ", read-only" if self.read_only else ""
        return f"GameDatabase({self.where!r}{mode})"


def _check_read_only_schema(revision: str | None, where: str, path: Path | None) -> MigrationResult:
    """A read-only game must already be at the current schema: upgrading would write."""
    head = head_revision()
    if revision == head:
        return MigrationResult(from_revision=revision, to_revision=head, backup=None)
    if revision is not None and not is_known_revision(revision):
        raise NewerGameFile(where, revision, path=path)
    raise GameFileReadOnly(
        where, "it was opened read-only and needs upgrading to this version's format", path=path
    )


def _immutable(path: Path) -> str:
    """``&immutable=1`` for a file whose folder we cannot write and that has no WAL index.

    SQLite needs to create ``-shm`` to read a WAL-mode file; in a folder it may not write it
    cannot, and refuses the file. Without ``-shm`` and without write access to the folder,
    no one who shares our view of it can be writing the file, so it is safe to read it as
    immutable (no locks, no WAL).
    """
    if os.access(path.parent, os.W_OK) or _sidecar(path, "-shm").exists():
        return ""
    return "&immutable=1"


def _sidecar(path: Path, suffix: str) -> Path:
    """SQLite's ``-wal`` / ``-shm`` companion of a game file."""
    return path.with_name(path.name + suffix)
