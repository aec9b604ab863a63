"""A new game file is a copy of the schema the migrations build: nothing more, nothing less."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

from wargame.store import GameDatabase
from wargame.store.engine import open_engine
from wargame.store.migrate import head_revision, upgrade_to_head

PRAGMAS = ("journal_mode", "user_version", "application_id", "page_size", "auto_vacuum")


def _migrated_the_long_way(path: Path) -> Path:
    """An empty file brought to the head by running every migration on it."""
    engine = open_engine(path, create=True)
    try:
        upgrade_to_head(engine, path)
    finally:
        engine.dispose()
    return path


def _shape(path: Path) -> dict[str, object]:
    """Everything a new file holds: its schema, settings and every row of every table.

    A table's SQL is compared line by line in sorted order: the migrations' batch rebuilds
    list a table's constraints in no fixed order, so two runs of them differ in that only.
    """
    with closing(sqlite3.connect(path)) as connection:
        master = [
            (kind, name, table, sorted(str(sql).splitlines()))
            for kind, name, table, sql in connection.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
            )
        ]
        tables = [str(row[1]) for row in master if row[0] == "table"]
        rows = {name: connection.execute(f'SELECT * FROM "{name}"').fetchall() for name in tables}
        settings = {p: connection.execute(f"PRAGMA {p}").fetchone()[0] for p in PRAGMAS}
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    return {"master": master, "rows": rows, "settings": settings}


def test_a_new_file_is_what_the_migrations_build(tmp_path: Path) -> None:
    long_way = _shape(_migrated_the_long_way(tmp_path / "long.wargame"))
    for name in ("first.wargame", "second.wargame"):  # the first builds the copy, then reuse
        GameDatabase.create(tmp_path / name).close()
        assert _shape(tmp_path / name) == long_way, name
    assert long_way["rows"] == {
        name: ([(head_revision(),)] if name == "alembic_version" else [])
        for name in long_way["rows"]  # type: ignore[attr-defined]
    }
    assert long_way["settings"]["journal_mode"] == "wal"  # type: ignore[index]


def test_files_created_at_once_from_threads_are_each_whole(tmp_path: Path) -> None:
    expected = _shape(_migrated_the_long_way(tmp_path / "long.wargame"))
    paths = [tmp_path / f"game-{n}.wargame" for n in range(6)]

    def create(path: Path) -> None:
        GameDatabase.create(path).close()

    with ThreadPoolExecutor(max_workers=3) as pool:
        list(pool.map(create, paths))
    for path in paths:
        assert _shape(path) == expected, path.name


def test_a_new_file_is_its_own(tmp_path: Path) -> None:
    """Writing into one new file leaves the next new file empty."""
    first = tmp_path / "a.wargame"
    GameDatabase.create(first).close()
    with closing(sqlite3.connect(first)) as connection:
        connection.execute("CREATE TABLE scratch (x INTEGER)")
        connection.commit()
    second = tmp_path / "b.wargame"
    GameDatabase.create(second).close()
    with closing(sqlite3.connect(second)) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "scratch" not in names
    assert "game" in names


def test_the_schema_a_file_is_checked_against_is_what_the_migrations_make(
    tmp_path: Path,
) -> None:
    # The check reads the models instead of asking SQLite; SQLite must report the same.
    from wargame.store.checks import expected_schema

    path = _migrated_the_long_way(tmp_path / "long.wargame")
    with closing(sqlite3.connect(path)) as connection:
        names = [str(row[0]) for row in connection.execute("SELECT name FROM sqlite_master")]
        made = {
            table: frozenset(
                (str(r[1]), int(r[3]), int(r[5]))
                for r in connection.execute(f'PRAGMA table_info("{table}")')
            )
            for table in names
            if table in expected_schema().tables
        }
        indexes = frozenset(
            str(row[0])
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            )
        )
    assert made == expected_schema().tables
    assert indexes == expected_schema().indexes
