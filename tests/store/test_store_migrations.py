"""Migrations: head on create, schema equals the models, old files upgrade, new ones are refused."""

from __future__ import annotations

import importlib.resources
import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, inspect, select, text
from sqlalchemy.engine import Connection

from wargame.store import (
    Base,
    GameDatabase,
    GameFileCorrupt,
    Move,
    NewerGameFile,
    NotAGameFile,
    Participant,
    head_revision,
    open_engine,
    upgrade_to_head,
)
from wargame.store.migrate import compare_to_models, current_revision, migration_transaction


def _raw_counts(path: Path, like: dict[str, int] | None = None) -> dict[str, int]:
    """Rows per table of the models present in the file (only ``like``'s tables if given)."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        present = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        return {
            table.name: connection.execute(f'SELECT COUNT(*) FROM "{table.name}"').fetchone()[0]
            for table in Base.metadata.sorted_tables
            if table.name in present  # a table added by a later revision is not there yet
            and (like is None or table.name in like)
        }
    finally:
        connection.close()


def _raw_revision(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()


def _foreign_key_problems(path: Path) -> list[Any]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        connection.close()


def _assert_schema_matches_models(connection: Connection) -> None:
    """What compare_metadata checks, plus what it does not: CHECKs and ON DELETE."""
    assert compare_to_models(connection) == []
    inspector = inspect(connection)
    for table in Base.metadata.sorted_tables:
        expected_checks = {
            str(c.name) for c in table.constraints if c.__class__.__name__ == "CheckConstraint"
        }
        found_checks = {str(c["name"]) for c in inspector.get_check_constraints(table.name)}
        assert found_checks == expected_checks, table.name
        foreign_keys = inspector.get_foreign_keys(table.name)
        assert len(foreign_keys) == len(table.foreign_keys), table.name
        for fk in foreign_keys:
            assert fk["options"].get("ondelete") == "RESTRICT", (table.name, fk["name"])
        expected_unique = {
            str(c.name) for c in table.constraints if c.__class__.__name__ == "UniqueConstraint"
        }
        found_unique = {str(c["name"]) for c in inspector.get_unique_constraints(table.name)}
        assert found_unique == expected_unique, table.name


# ------------------------------------------------------------------ head


def test_a_new_database_is_at_head_and_matches_the_models(new_db: GameDatabase) -> None:
    assert new_db.migration is not None
    assert new_db.migration.from_revision is None
    assert new_db.migration.to_revision == head_revision()
    assert not new_db.migration.upgraded
    with new_db.engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        _assert_schema_matches_models(connection)


def test_the_models_declare_what_the_brief_asks() -> None:
    tables = Base.metadata.tables
    assert set(tables) == {
        "game", "participant", "team_assignment", "phase_record", "move", "counter_argument",
        "adjudication", "roll", "effect", "inject_release", "note", "observation", "fact",
        "hotwash_finding", "audit", "scenario_file",
        "analysis_link", "analysis_item", "hseep_rating", "improvement_action", "log_annotation",
        "chain_link", "chain_row",
    }  # fmt: skip
    for name, table in tables.items():
        if name != "game":
            assert "game_id" in table.c and not table.c.game_id.nullable, name
    for name in ("move", "adjudication", "effect", "inject_release", "observation"):
        assert any(
            [c.name for c in index.columns] == ["game_id", "turn"] for index in tables[name].indexes
        ), name
    assert "voided_at" not in tables["roll"].c
    assert "voided_at" not in tables["fact"].c
    assert "superseded_by_id" not in tables["participant"].c
    assert "voided_by_id" in tables["participant"].c
    assert Move.__mapper__.version_id_col is tables["move"].c.version_id


def test_opening_at_head_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "g.wargame"
    GameDatabase.create(path).close()
    before = path.read_bytes()
    with GameDatabase.open(path) as db:
        assert db.migration is not None and db.migration.backup is None
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.wargame"]


@pytest.mark.postgres
def test_open_of_an_empty_postgresql_database_is_not_a_game(pg_url: str) -> None:
    with pytest.raises(NotAGameFile, match="no wargame tables"):
        GameDatabase.open(pg_url)
    with GameDatabase.create(pg_url.replace("postgresql+psycopg://", "postgresql://")) as db:
        assert db.engine.url.drivername == "postgresql+psycopg"
    with GameDatabase.open(pg_url) as db:
        assert db.migration is not None and db.migration.from_revision == head_revision()


# ------------------------------------------------------------------ newer


def test_a_file_from_a_newer_version_is_refused_and_left_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "future.wargame"
    GameDatabase.create(path).close()
    stamp = sqlite3.connect(path)
    stamp.execute("UPDATE alembic_version SET version_num = '0042_from_the_future'")
    stamp.commit()
    stamp.close()
    before = path.read_bytes()

    for read_only in (False, True):
        with pytest.raises(NewerGameFile) as caught:
            GameDatabase.open(path, read_only=read_only)
        assert str(caught.value) == (
            f"{path} was written by a newer version of wargame (schema 0042_from_the_future); "
            "update wargame to open it."
        )
        assert caught.value.revision == "0042_from_the_future"

    engine = open_engine(path, create=False)  # the lower-level entry point refuses too
    try:
        with pytest.raises(NewerGameFile):
            upgrade_to_head(engine, path)
    finally:
        engine.dispose()

    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["future.wargame"]  # no backup either


@pytest.mark.postgres
def test_a_postgresql_database_from_a_newer_version_is_refused(pg_url: str) -> None:
    GameDatabase.create(pg_url).close()
    with GameDatabase.create(pg_url) as db, db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0042_new'"))
    with pytest.raises(NewerGameFile, match=r"schema 0042_new\); update wargame"):
        GameDatabase.open(pg_url)


# ------------------------------------------------------------------ older: the stored 0001 file


def test_the_stored_0001_game_file_opens_with_every_row(fixture_0001: Path) -> None:
    before = _raw_counts(fixture_0001)
    assert all(before.values()), before  # the fixture has rows in every table
    with GameDatabase.open(fixture_0001) as db:
        assert db.migration is not None
        assert db.migration.to_revision == head_revision()
        with db.session(write=False) as s:
            names = set(s.scalars(select(Participant.name)))
            assert {"Анна (facilitator)", "Zażółć Gęślą", "محمد", "Observer 🎲"} <= names
            typo = s.scalars(select(Move).where(Move.title == "Exercise (typo)")).one()
            assert typo.is_void and typo.superseded_by_id is not None
            assert typo.created_at.tzinfo is UTC
        with db.engine.connect() as connection:
            _assert_schema_matches_models(connection)
    assert _raw_counts(fixture_0001, like=before) == before
    assert _foreign_key_problems(fixture_0001) == []


_BATCH_REVISION = '''"""Test-only revision: rebuild parent tables in batch mode."""
import sqlalchemy as sa
from alembic import op

revision = "9000"
down_revision = "HEAD"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("participant", recreate="always") as batch:
        batch.add_column(sa.Column("email", sa.String(), nullable=True))
    with op.batch_alter_table("move", recreate="always") as batch:
        batch.add_column(sa.Column("priority", sa.Integer(), nullable=True))
    with op.batch_alter_table("game", recreate="always") as batch:
        batch.add_column(sa.Column("classification", sa.String(), nullable=True))


def downgrade() -> None:
    pass
'''

_BREAKING_REVISION = '''"""Test-only revision that leaves a broken reference behind."""
from alembic import op

revision = "9000"
down_revision = "HEAD"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "INSERT INTO counter_argument (game_id, move_id, author_id, text, created_at) "
        "VALUES (1, 999, 1, 'orphan', '2024-05-01 10:00:00.000000')"
    )


def downgrade() -> None:
    pass
'''


def _scripts_with(tmp_path: Path, revision_source: str) -> str:
    """A copy of the shipped migrations plus one test revision 9000 on the head; its location."""
    shipped = importlib.resources.files("wargame.store") / "migrations"
    location = tmp_path / "migrations"
    with importlib.resources.as_file(shipped) as source:
        shutil.copytree(source, location, ignore=shutil.ignore_patterns("__pycache__"))
    source_text = revision_source.replace('"HEAD"', repr(head_revision()))
    (location / "versions" / "9000_test.py").write_text(source_text)
    return str(location)


def test_an_older_file_is_backed_up_then_upgraded_keeping_child_rows(
    tmp_path: Path, fixture_0001: Path
) -> None:
    location = _scripts_with(tmp_path, _BATCH_REVISION)
    before = _raw_counts(fixture_0001)

    engine = open_engine(fixture_0001, create=False)
    try:
        result = upgrade_to_head(engine, fixture_0001, script_location=location)
        with engine.connect() as connection:  # foreign keys are back on for pooled connections
            assert connection.connection.cursor().execute("PRAGMA foreign_keys").fetchone() == (1,)
    finally:
        engine.dispose()

    assert (result.from_revision, result.to_revision, result.upgraded) == ("0001", "9000", True)
    assert result.backup is not None
    assert result.backup.parent == fixture_0001.parent
    assert result.backup.name.startswith("old.wargame.bak-0001-")
    assert _raw_revision(result.backup) == "0001"
    assert _raw_counts(result.backup) == before

    assert _raw_revision(fixture_0001) == "9000"
    assert (
        _raw_counts(fixture_0001, like=before) == before
    )  # batch rebuilds of parents lost no child row
    assert _foreign_key_problems(fixture_0001) == []
    raw = sqlite3.connect(fixture_0001)
    try:
        columns = {row[1] for row in raw.execute("PRAGMA table_info(move)")}
    finally:
        raw.close()
    assert "priority" in columns


def test_a_migration_that_breaks_references_is_rolled_back(
    tmp_path: Path, fixture_0001: Path
) -> None:
    location = _scripts_with(tmp_path, _BREAKING_REVISION)
    before = _raw_counts(fixture_0001)
    engine = open_engine(fixture_0001, create=False)
    try:
        with pytest.raises(GameFileCorrupt, match="broken references in counter_argument"):
            upgrade_to_head(engine, fixture_0001, script_location=location)
    finally:
        engine.dispose()
    assert _raw_revision(fixture_0001) == "0001"
    assert _raw_counts(fixture_0001) == before
    assert len(list(fixture_0001.parent.glob("old.wargame.bak-0001-*"))) == 1


# ------------------------------------------------------------------ the batch-mode cascade trap


def test_batch_rebuild_of_populated_parent_tables_keeps_every_row(
    game_file: GameDatabase, populate: Callable[..., Any], row_counts: Callable[..., Any]
) -> None:
    populate(game_file)
    populate(game_file, title="second game")
    before = row_counts(game_file)
    with migration_transaction(game_file.engine, where=game_file.where) as connection:
        operations = Operations(MigrationContext.configure(connection))
        for table in ("game", "participant", "move", "adjudication"):
            with operations.batch_alter_table(table, recreate="always"):
                pass
    assert row_counts(game_file) == before
    assert game_file.path is not None
    assert _foreign_key_problems(game_file.path) == []
    with game_file.engine.connect() as connection:
        _assert_schema_matches_models(connection)  # constraints survive the rebuild too


def _cascade_schema(path: Path) -> Any:
    """A scratch file whose child rows would be deleted by a cascading drop of the parent."""
    engine = open_engine(path, create=True)
    metadata = MetaData()
    parent = Table(
        "parent", metadata, Column("id", Integer, primary_key=True), Column("name", String)
    )
    child = Table(
        "child",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("parent_id", ForeignKey("parent.id", ondelete="CASCADE")),
    )
    with engine.begin() as connection:
        metadata.create_all(connection)
        connection.execute(parent.insert(), [{"id": 1, "name": "p"}])
        connection.execute(child.insert(), [{"id": n, "parent_id": 1} for n in range(1, 6)])
    return engine


def test_the_cascade_trap_is_real_and_migration_transaction_avoids_it(tmp_path: Path) -> None:
    # Without the guard: foreign keys on during the rebuild → the drop cascades.
    engine = _cascade_schema(tmp_path / "unguarded.db")
    try:
        with engine.begin() as connection:
            with Operations(MigrationContext.configure(connection)).batch_alter_table(
                "parent", recreate="always"
            ) as batch:
                batch.add_column(Column("extra", Integer))
            assert connection.exec_driver_sql("SELECT COUNT(*) FROM child").scalar_one() == 0
    finally:
        engine.dispose()

    # With the guard: foreign keys off before the transaction → every child row survives.
    engine = _cascade_schema(tmp_path / "guarded.db")
    try:
        with migration_transaction(engine) as connection:
            with Operations(MigrationContext.configure(connection)).batch_alter_table(
                "parent", recreate="always"
            ) as batch:
                batch.add_column(Column("extra", Integer))
            assert connection.exec_driver_sql("SELECT COUNT(*) FROM child").scalar_one() == 5
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT COUNT(*) FROM child").scalar_one() == 5
    finally:
        engine.dispose()


def test_the_head_revision_constant_is_alembics_head() -> None:
    """Opening an up-to-date file compares against HEAD_REVISION without loading Alembic."""
    from alembic.script import ScriptDirectory

    from wargame.store.migrate import HEAD_REVISION, alembic_config

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION


def test_opening_an_up_to_date_file_does_not_import_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    from wargame.store import GameDatabase

    path = tmp_path / "fresh.wargame"
    GameDatabase.create(path).close()
    code = (
        "import sys; from wargame.store import GameDatabase; "
        f"GameDatabase.open({str(path)!r}).close(); "
        "print('alembic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_revision_0003_leaves_old_phases_live_and_old_releases_without_a_cause(
    fixture_0001: Path,
) -> None:
    """An upgraded 0001 file: every phase record live, no release tied to an effect."""
    from wargame.store.models import InjectRelease, PhaseRecord

    with GameDatabase.open(fixture_0001) as db, db.session(write=False) as s:
        phases = list(s.scalars(select(PhaseRecord)))
        releases = list(s.scalars(select(InjectRelease)))
        assert phases and all(p.voided_at is None for p in phases)
        assert releases and all(r.fired_by_effect_id is None for r in releases)
