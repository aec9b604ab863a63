"""Checks of a game file's shape and values before the app trusts it.

:func:`check_schema` refuses what wargame's migrations never make: a trigger (it could rewrite
every later action behind the app's back), a view, a table or an index of another name, or,
at the current schema, a table whose columns are not the models' (a look-alike file with a
fake ``game`` table). :func:`check_values` finds values that cannot be what wargame wrote:
text in a number column, a time that is not a time, JSON that does not parse or has the wrong
shape. Each finding is one sentence naming the table, the row and the column.

Both run on a bare :mod:`sqlite3` connection inside a read transaction, so a refused file is
left untouched. PostgreSQL types its columns itself and is checked by its own constraints.
"""

from __future__ import annotations

import functools
import inspect
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Integer,
    LargeBinary,
    Table,
)
from sqlalchemy.orm import Mapped

from wargame.store.errors import ChangedOutsideWargame, GameFileDamaged
from wargame.store.models import Base

__all__ = ["MIGRATION_OBJECTS", "check_schema", "check_values", "expected_schema"]

_VERSION_TABLE = "alembic_version"

MIGRATION_OBJECTS: frozenset[tuple[str, str]] = frozenset()
"""Triggers and views (``(type, name)``) that wargame's own migrations make in a game file.
None do today: the models make only tables and indexes. A migration that adds one must name
it here, or every file it upgrades is refused as changed outside wargame."""
_TIME_PATTERN = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]*"
_SHOWN = 40
_NULL = "'null', "


@dataclass(frozen=True)
class _Schema:
    tables: dict[str, frozenset[tuple[str, int, int]]]
    """Each table's columns as ``(name, notnull, pk)``."""
    indexes: frozenset[str]


@functools.lru_cache(maxsize=1)
def expected_schema() -> _Schema:
    """What the current models make (the migrations make the same; a test compares them).

    Read from the models' tables as SQLite's ``PRAGMA table_info`` would report them: each
    column's name, whether it is NOT NULL, and its place in the primary key (0 if none);
    and the names of the indexes the models declare. Making the tables in a database in
    memory to ask SQLite took longer than opening the game (a test checks both agree).
    """
    tables: dict[str, frozenset[tuple[str, int, int]]] = {}
    indexes: set[str] = set()
    for table in Base.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        tables[str(table.name)] = frozenset(
            (str(c.name), int(not c.nullable), key.index(c) + 1 if c in key else 0)
            for c in table.columns
        )
        indexes.update(str(index.name) for index in table.indexes)
    return _Schema(tables, frozenset(indexes))


def _columns(cursor: Any, table: str) -> frozenset[tuple[str, int, int]]:
    rows = cursor.execute(f'PRAGMA table_info("{table}")').fetchall()
    return frozenset((str(r[1]), int(r[3]), int(r[5])) for r in rows)


def check_schema(
    connection: sqlite3.Connection, where: str, path: Path | None, *, at_head: bool
) -> None:
    """Refuse triggers, views, tables and indexes the migrations did not make.

    Args:
        connection: a bare connection to the file, in a read transaction.
        where: the file as named in messages.
        path: the file.
        at_head: the file is at the current schema, so its tables' columns must be the
            models' exactly (an older file gets that check after it is upgraded).

    Raises:
        ChangedOutsideWargame: what was found, in one sentence.
    """
    expected = expected_schema()
    objects = connection.execute(
        "SELECT type, name, tbl_name FROM sqlite_master ORDER BY type, name"
    ).fetchall()
    for kind, name, table in objects:
        kind, name, table = str(kind), str(name), str(table)
        if kind in ("trigger", "view") and (kind, name) not in MIGRATION_OBJECTS:
            on = f" on {table}" if kind == "trigger" else ""
            raise ChangedOutsideWargame(where, f"{kind} '{name}'{on}", path=path)
        if (
            kind == "table"
            and name not in expected.tables
            and name != _VERSION_TABLE
            and not name.startswith("sqlite_")
        ):
            raise ChangedOutsideWargame(where, f"table '{name}'", path=path)
        if kind == "index" and name not in expected.indexes:
            automatic = name.startswith("sqlite_autoindex_") and (
                table in expected.tables or table == _VERSION_TABLE
            )
            if not automatic:
                raise ChangedOutsideWargame(where, f"index '{name}' on {table}", path=path)
    if at_head:
        for table, columns in expected.tables.items():
            if _columns(connection, table) != columns:
                raise ChangedOutsideWargame(
                    where, f"table '{table}' is not the one wargame made", path=path
                )


def _column_checks(table: Table) -> list[tuple[str, str, str]]:
    """``(column, SQL condition that is true for a bad value, what it should be)``."""
    checks: list[tuple[str, str, str]] = []
    for column in table.columns:
        name = f'"{column.name}"'
        allowed_null = "'null', " if column.nullable else ""
        kind = column.type
        if isinstance(kind, Boolean):
            checks.append(
                (
                    column.name,
                    f"typeof({name}) NOT IN ({allowed_null}'integer') OR {name} NOT IN (0, 1)",
                    "true or false",
                )
            )
        elif isinstance(kind, Integer | BigInteger):
            checks.append(
                (
                    column.name,
                    f"typeof({name}) NOT IN ({allowed_null}'integer')",
                    "a whole number",
                )
            )
        elif isinstance(kind, DateTime) or isinstance(getattr(kind, "impl", None), DateTime):
            checks.append(
                (
                    column.name,
                    f"typeof({name}) NOT IN ({allowed_null}'text') "
                    f"OR ({name} IS NOT NULL AND {name} NOT GLOB '{_TIME_PATTERN}')",
                    "a time",
                )
            )
        elif isinstance(kind, JSON):
            checks.append(
                (
                    column.name,
                    # The JSON type has numeric affinity in SQLite: 6 is stored as a number.
                    f"typeof({name}) IN ({'' if column.nullable else _NULL}'blob') "
                    f"OR ({name} IS NOT NULL AND json_valid({name}) = 0)",
                    "JSON",
                )
            )
            shape = _json_shape(table, column.name)
            if shape is not None:
                checks.append((column.name, f"json_type({name}) != '{shape[0]}'", shape[1]))
        elif isinstance(kind, LargeBinary):
            checks.append((column.name, f"typeof({name}) NOT IN ({allowed_null}'blob')", "bytes"))
        else:
            checks.append((column.name, f"typeof({name}) NOT IN ({allowed_null}'text')", "text"))
    return checks


def _json_shape(table: Table, column: str) -> tuple[str, str] | None:
    """The JSON type a column's annotation promises: a list, or an object."""
    for mapper in Base.registry.mappers:
        if mapper.local_table is not table:
            continue
        for cls in mapper.class_.__mro__:
            annotation = inspect.get_annotations(cls).get(column)
            if get_origin(annotation) is not Mapped:
                continue
            kind = get_origin(get_args(annotation)[0])
            if kind is list:
                return ("array", "a list")
            if kind is dict:
                return ("object", "an object")
    return None


def check_values(connection: sqlite3.Connection, where: str, path: Path | None) -> None:
    """Refuse a value of the wrong kind anywhere in the record, naming row and column.

    One pass over each table: a ``CASE`` names the first bad column of the first bad row.

    Raises:
        GameFileDamaged: what was found, in one sentence.
    """
    for table in Base.metadata.sorted_tables:
        checks = _column_checks(table)
        if not checks:
            continue
        cases = " ".join(
            f"WHEN {condition} THEN {index}" for index, (_, condition, _) in enumerate(checks)
        )
        inner = f'SELECT rowid AS id, CASE {cases} END AS bad FROM "{table.name}"'
        found = connection.execute(
            f"SELECT id, bad FROM ({inner}) WHERE bad IS NOT NULL LIMIT 1"
        ).fetchone()
        if found is None:
            continue
        row_id, index = found
        column, _, should_be = checks[int(index)]
        value = connection.execute(
            f'SELECT "{column}" FROM "{table.name}" WHERE rowid = ?', (row_id,)
        ).fetchone()[0]
        shown = repr(
            value if not isinstance(value, str) or len(value) <= _SHOWN else value[:_SHOWN] + "…"
        )
        raise GameFileDamaged(
            where,
            f"{table.name.replace('_', ' ')} #{row_id} has {column} {shown}, "
            f"which is not {should_be}",
            path=path,
        )
