"""The frozen migrations build, statement for statement, the schema they built when released.

Game files made with revisions 0001 and 0002 exist, so those revisions must never change
what they create. The DDL each leaves behind on a fresh database is compared with a copy
stored in ``tests/fixtures/store/schema/`` (SQLite: ``sqlite_master``; PostgreSQL: the
columns, constraints, indexes and triggers the catalogue lists).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text

from wargame.store.engine import open_engine
from wargame.store.migrate import alembic_config, migration_transaction

SNAPSHOTS = Path(__file__).resolve().parents[1] / "fixtures" / "store" / "schema"
FROZEN = ("0001", "0002")

_PG_CATALOGUE = """
    SELECT 'col', table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
        || ' ' || coalesce(column_default, '') || ' ' || ordinal_position
    FROM information_schema.columns WHERE table_schema = 'public'
    UNION ALL
    SELECT 'con', conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'idx', indexdef FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL
    SELECT 'trg', tgname || ' ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
    ORDER BY 1, 2
"""


def _upgrade(engine: Engine, revision: str) -> None:
    with migration_transaction(engine) as connection:
        command.upgrade(alembic_config(connection), revision)


def _sqlite_schema(engine: Engine) -> str:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid")
        ).all()
    return "\n".join(f"{kind} {name} {table}\n{sql};" for kind, name, table, sql in rows) + "\n"


def _postgres_schema(engine: Engine) -> str:
    with engine.connect() as connection:
        rows = connection.execute(text(_PG_CATALOGUE)).all()
    return "\n".join(f"{kind} {line}" for kind, line in rows) + "\n"


@pytest.mark.parametrize("revision", FROZEN)
def test_a_frozen_revision_builds_the_schema_it_built_when_released(
    game_target: str, revision: str
) -> None:
    engine = open_engine(game_target, create=True)
    try:
        _upgrade(engine, revision)
        dialect = engine.dialect.name
        built = _sqlite_schema(engine) if dialect == "sqlite" else _postgres_schema(engine)
    finally:
        engine.dispose()
    assert built == (SNAPSHOTS / f"{dialect}-{revision}.txt").read_text(encoding="utf-8")
