"""A new game file's schema: built by the migrations once per process, then copied.

Every new game file starts from the same empty database at the head revision, and building
it means running every migration from nothing (Alembic, dozens of DDL statements and batch
table rebuilds: a few hundred milliseconds). The first new file of a process is built that
way, in a temporary folder; its pages are kept in memory and every new file, that one
included, receives a copy of them through SQLite's backup API. The copy is page for page the
database the migrations made, so a new file is exactly what it was before, only sooner.
"""

from __future__ import annotations

import sqlite3
import tempfile
import threading
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import cast

from sqlalchemy import Engine

from wargame.store.migrate import MigrationResult, upgrade_to_head

__all__ = ["create_schema"]

_lock = threading.Lock()
_image: list[sqlite3.Connection] = []  # the one in-memory copy, once built


def _build_image(new_engine: Callable[[Path], Engine]) -> sqlite3.Connection:
    """Run the migrations on an empty file and keep its pages in an in-memory database."""
    with tempfile.TemporaryDirectory(prefix="wargame-schema-") as folder:
        path = Path(folder) / "schema.wargame"
        engine = new_engine(path)
        try:
            upgrade_to_head(engine, None, where=str(path))
        finally:
            engine.dispose()
        with closing(sqlite3.connect(path, isolation_level=None)) as source:
            source.execute("PRAGMA journal_mode=DELETE")  # an in-memory copy cannot be WAL
            image = sqlite3.connect(":memory:", check_same_thread=False)
            source.backup(image)
    return image


def create_schema(
    engine: Engine, path: Path, *, where: str, new_engine: Callable[[Path], Engine]
) -> MigrationResult:
    """Give the new, empty game file behind ``engine`` the head schema.

    The file keeps its own journal mode (WAL, set by the engine); only the pages are copied.

    Args:
        engine: the engine of the new file, which holds nothing yet.
        path: that file.
        where: how to name it in error messages.
        new_engine: makes the engine of a new file at a path (``open_engine``), for the
            first build.

    Raises:
        StoreError: as :func:`wargame.store.migrate.upgrade_to_head` would.
    """
    with _lock:
        if not _image:
            _image.append(_build_image(new_engine))
        raw = engine.raw_connection()
        try:
            _image[0].backup(cast(sqlite3.Connection, raw.driver_connection))
        finally:
            raw.close()
    result = upgrade_to_head(engine, path, where=where)  # reads the revision: at the head
    return MigrationResult(from_revision=None, to_revision=result.to_revision, backup=None)
