"""The record's hash chain in SQL: row digests, links, and sealing rows into the chain.

Every committed action appends one :class:`~wargame.store.models.ChainLink`. Its hash covers
its own fields, the digest of every row the action wrote (one
:class:`~wargame.store.models.ChainRow` each) and the hash of the link before. A row's
digest is the SHA-256 of its canonical content: the table's name and every column that is
not NULL, as the models read it back (times in UTC ISO 8601, JSON as values). Leaving NULLs
out means a later migration that adds a nullable column keeps every digest; a migration
that writes values into existing rows must seal them again (:func:`append_link`).

This module only computes and stores; the game layer decides what to link (and
:mod:`wargame.game.chain` checks the chain). It is the one place that defines the digest, so
the app that writes and the verifier that reads compute alike.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Table, bindparam, func, insert, inspect, select
from sqlalchemy.engine import Connection, Dialect

from wargame.store.models import Base, ChainLink, ChainRow

__all__ = [
    "CHAIN_TABLES",
    "GENESIS",
    "LinkRecord",
    "all_rows",
    "append_link",
    "canonical_json",
    "chain_head",
    "digests_of",
    "link_content",
    "link_count",
    "link_hash",
    "object_digest",
    "row_digest",
    "seal_record",
    "sealed_names",
    "sealed_tables",
    "unlinked_audit",
]

GENESIS = "0" * 64
"""The ``prev_hash`` of a game's first link: there is nothing before it."""

CHAIN_TABLES = (ChainLink.__tablename__, ChainRow.__tablename__)
_LINKS: Table = Base.metadata.tables[ChainLink.__tablename__]
_ROWS: Table = Base.metadata.tables[ChainRow.__tablename__]
"""The chain's own tables: they are not sealed into themselves."""


@functools.cache
def sealed_tables() -> tuple[Table, ...]:
    """Every table of the record whose rows the chain covers, parents first."""
    return tuple(t for t in Base.metadata.sorted_tables if t.name not in CHAIN_TABLES)


@functools.cache
def sealed_names() -> frozenset[str]:
    """The names of :func:`sealed_tables`."""
    return frozenset(t.name for t in sealed_tables())


_LATE_COMMITS = 500
"""How far below the last sealed audit line a shared game looks for lines still unsealed:
a team's transaction can commit after one that began later (ids are handed out at insert,
not at commit), never hundreds of actions later."""


def canonical_json(value: object) -> str:
    """The one JSON text of a value that every verifier computes alike (keys sorted, UTF-8)."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def _canonical(value: object) -> object:
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):  # a stored file (scenario_file.content): its SHA-256
        return "sha256:" + hashlib.sha256(value).hexdigest()
    return value


def row_digest(table: str, row: Mapping[str, object]) -> str:
    """SHA-256 (hex) of a row's canonical content: its table and its non-NULL columns."""
    values = {name: _canonical(value) for name, value in row.items() if value is not None}
    text = canonical_json({"table": table, "row": values})
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _scope(table: Table, game_id: int) -> Any:
    return (table.c.id if table.name == "game" else table.c.game_id) == game_id


def digests_of(
    connection: Connection, table: Table, game_id: int, ids: Iterable[int] | None = None
) -> Iterator[tuple[int, str]]:
    """``(id, digest)`` of the game's rows of ``table`` (all of them, or those in ``ids``)."""
    query = select(table).where(_scope(table, game_id)).order_by(table.c.id)
    if ids is not None:
        wanted = sorted(set(ids))
        if not wanted:
            return
        query = query.where(table.c.id.in_(wanted))
    for row in connection.execute(query).mappings():
        yield int(row["id"]), row_digest(table.name, dict(row))


# ------------------------------------------------------------ digests from the session

_Convert = Callable[[Any], Any]
_SQLITE_INTEGER = re.compile(r"-?[0-9]{1,18}")
_SQLITE_NUMBER = re.compile(r"\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*")


class _Unknowable(Exception):
    """The value SQLite will hand back cannot be told without reading it."""


def _numeric_affinity(column: Column[Any], dialect: Dialect) -> bool:
    """Whether SQLite gives the column NUMERIC affinity (``JSON``, ``DATETIME``, ``BOOLEAN``…)."""
    declared = column.type.compile(dialect=dialect).upper()
    return not any(
        word in declared for word in ("INT", "CHAR", "CLOB", "TEXT", "BLOB", "REAL", "FLOA", "DOUB")
    )


def _stored(value: Any) -> Any:
    """A bound text as a NUMERIC-affinity column stores it: a JSON integer becomes an integer."""
    if isinstance(value, str) and _SQLITE_NUMBER.fullmatch(value):
        if _SQLITE_INTEGER.fullmatch(value):
            return int(value)
        raise _Unknowable(value)  # a real, or an integer written as one: let SQLite say
    return value


_ROUND_TRIPS: dict[tuple[str, type[Dialect]], tuple[tuple[str, str, _Convert], ...]] = {}


def _round_trips(table: Table, dialect: Dialect) -> tuple[tuple[str, str, _Convert], ...]:
    """Per column: its name, its attribute, and the value as SQLite would hand it back."""
    cached = _ROUND_TRIPS.get((table.name, type(dialect)))
    if cached is not None:
        return cached
    mapper = next(m for m in Base.registry.mappers if m.local_table is table)
    out = []
    for column in table.columns:
        bind = column.type._cached_bind_processor(dialect)
        result = column.type._cached_result_processor(dialect, None)
        numeric = _numeric_affinity(column, dialect)

        def convert(
            value: Any,
            bind: _Convert | None = bind,
            result: _Convert | None = result,
            numeric: bool = numeric,
        ) -> Any:
            if value is None:
                return None
            stored = bind(value) if bind is not None else value
            if isinstance(stored, memoryview):  # a BLOB: sqlite3 hands back bytes
                stored = bytes(stored)
            elif numeric:
                stored = _stored(stored)
            return result(stored) if result is not None else stored

        out.append((column.name, mapper.get_property_by_column(column).key, convert))
    _ROUND_TRIPS[(table.name, type(dialect))] = found = tuple(out)
    return found


def object_digest(obj: object, dialect: Dialect, *, inserted: bool = False) -> str | None:
    """The digest of an ORM object's row, from the object itself, without reading it back.

    It equals what :func:`digests_of` computes from the row read back (each value goes
    through the column type's conversions both ways, and SQLite's storage of a JSON number),
    so a link can seal what an action wrote with no SELECT. ``None`` when that cannot be
    told from the object: not a game file (a shared game's driver converts on its own), a
    column not loaded, or a number SQLite might store otherwise; the caller reads the row.
    A column never set on an object ``inserted`` by this action was inserted as NULL (no
    column of the record has a server default); on any other object it is read back.
    """
    if dialect.name != "sqlite":
        return None
    state = inspect(obj)
    table = state.mapper.local_table
    if not isinstance(table, Table):  # pragma: no cover - every model maps a table
        return None
    values = state.dict
    expired = state.expired_attributes
    row: dict[str, object] = {}
    try:
        for name, key, convert in _round_trips(table, dialect):
            if key not in values and (key in expired or not inserted):
                return None
            row[name] = convert(values.get(key))
    except _Unknowable:
        return None
    return row_digest(table.name, row)


@dataclass(frozen=True)
class LinkRecord:
    """A link as the chain stores it, with the rows it sealed as ``(table, id, digest)``."""

    id: int
    sequence: int
    at: dt.datetime
    turn: int
    actor: str
    action: str
    prev_hash: str
    hash: str
    rows: tuple[tuple[str, int, str], ...]


def link_content(
    sequence: int,
    at: dt.datetime,
    turn: int,
    actor: str,
    action: str,
    rows: Iterable[tuple[str, int, str]],
) -> dict[str, object]:
    """What a link's hash covers (besides the previous hash)."""
    return {
        "sequence": sequence,
        "at": _canonical(at),
        "turn": turn,
        "actor": actor,
        "action": action,
        "rows": [list(row) for row in sorted(rows)],
    }


def link_hash(previous: str, content: Mapping[str, object]) -> str:
    """SHA-256 (hex) of the previous link's hash followed by the content's canonical JSON."""
    text = previous + canonical_json(dict(content))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


_HEAD = (
    select(_LINKS.c.sequence, _LINKS.c.hash)
    .where(_LINKS.c.game_id == bindparam("game_id"))
    .order_by(_LINKS.c.sequence.desc())
    .limit(1)
)
_INSERT_LINK = insert(_LINKS)
_INSERT_ROWS = insert(_ROWS)
"""Statements built once: every action runs them."""


def head_columns(game_id: Any) -> tuple[Any, Any]:
    """The last link's sequence number and hash, as two scalar subqueries.

    For a SELECT that reads the game row (``game_id``: its id column); each is ``NULL``
    before the first link.
    """
    last = _LINKS.c.game_id == game_id
    newest = (_LINKS.c.sequence.desc(),)
    return (
        select(_LINKS.c.sequence).where(last).order_by(*newest).limit(1).scalar_subquery(),
        select(_LINKS.c.hash).where(last).order_by(*newest).limit(1).scalar_subquery(),
    )


def chain_head(connection: Connection, game_id: int) -> tuple[int, str]:
    """The last link's sequence number and hash; ``(0, GENESIS)`` before the first."""
    row = connection.execute(_HEAD, {"game_id": game_id}).first()
    return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))


def unlinked_audit(connection: Connection, game_id: int) -> list[tuple[str, int]]:
    """Audit lines no link seals yet, with the rows they name: what a team wrote meanwhile.

    On a shared game a team's role writes its moves and their audit lines but no links; the
    facilitator's next action seals them. (In a game file every action seals its own rows
    at once; the game layer never calls this there, so a row slipped in stays unsealed.)
    """
    audit = Base.metadata.tables["audit"]
    rows = _ROWS
    last = connection.execute(
        select(func.max(rows.c.entity_id)).where(
            rows.c.game_id == game_id, rows.c.entity == "audit"
        )
    ).scalar()
    sealed = (
        select(rows.c.id)
        .where(
            rows.c.game_id == game_id,
            rows.c.entity == "audit",
            rows.c.entity_id == audit.c.id,
        )
        .exists()
    )
    found = connection.execute(
        select(audit.c.id, audit.c.entity, audit.c.entity_id)
        .where(
            audit.c.game_id == game_id,
            audit.c.id > (int(last) - _LATE_COMMITS if last is not None else 0),
            ~sealed,
        )
        .order_by(audit.c.id)
    ).all()
    out: list[tuple[str, int]] = []
    known = sealed_names()
    for audit_id, entity, entity_id in found:
        out.append(("audit", int(audit_id)))
        if entity in known and isinstance(entity_id, int):
            out.append((str(entity), entity_id))
    return out


def append_link(
    connection: Connection,
    game_id: int,
    *,
    actor: str,
    action: str,
    turn: int,
    rows: Iterable[tuple[str, int]],
    at: dt.datetime,
    known: Mapping[tuple[str, int], str] | None = None,
    head: tuple[int, str] | None = None,
) -> LinkRecord:
    """Seal the rows named ``(table, id)`` as they are now into a new link after the head.

    Runs in the caller's transaction, after everything the action wrote was flushed.
    ``known`` holds digests already computed from the session (:func:`object_digest`);
    the other rows are read back. ``head`` is :func:`chain_head` as the caller already
    read it in this transaction (read here when ``None``); a stale one cannot fork the
    chain: a second link of the same sequence number breaks a unique constraint.
    """
    known = known or {}
    by_table: dict[str, set[int]] = {}
    for table, row_id in rows:
        by_table.setdefault(table, set()).add(row_id)
    sealed: list[tuple[str, int, str]] = []
    for sealed_table in sealed_tables():
        name = sealed_table.name
        if name in by_table:
            ids = by_table[name]
            digests = {i: known[(name, i)] for i in ids if (name, i) in known}
            unknown = ids - digests.keys()
            if unknown:
                digests.update(digests_of(connection, sealed_table, game_id, unknown))
            sealed.extend((name, row_id, digests[row_id]) for row_id in sorted(digests))
    last, previous = chain_head(connection, game_id) if head is None else head
    sequence = last + 1
    content = link_content(sequence, at, turn, actor, action, sealed)
    digest = link_hash(previous, content)
    inserted = connection.execute(
        _INSERT_LINK,
        {
            "game_id": game_id,
            "sequence": sequence,
            "at": at,
            "turn": turn,
            "actor": actor,
            "action": action,
            "prev_hash": previous,
            "hash": digest,
        },
    ).inserted_primary_key
    assert inserted is not None
    link_id = int(inserted[0])
    if sealed:
        connection.execute(
            _INSERT_ROWS,
            [
                {
                    "game_id": game_id,
                    "link_id": link_id,
                    "entity": table,
                    "entity_id": row_id,
                    "digest": row_digest_,
                }
                for table, row_id, row_digest_ in sealed
            ],
        )
    return LinkRecord(
        int(link_id), sequence, at, turn, actor, action, previous, digest, tuple(sealed)
    )


def all_rows(connection: Connection, game_id: int) -> list[tuple[str, int]]:
    """Every row of the game's record as ``(table, id)``."""
    rows: list[tuple[str, int]] = []
    for table in sealed_tables():
        ids = connection.execute(select(table.c.id).where(_scope(table, game_id))).scalars()
        rows.extend((table.name, int(i)) for i in ids)
    return rows


def seal_record(connection: Connection, *, action: str) -> int:
    """Seal every row of every game into one link per game (a file from before the chain).

    Returns:
        How many rows were sealed.
    """
    games = Base.metadata.tables["game"]
    count = 0
    for game_id, turn in connection.execute(select(games.c.id, games.c.turn)).all():
        rows = all_rows(connection, int(game_id))
        append_link(
            connection,
            int(game_id),
            actor="wargame",
            action=action,
            turn=int(turn),
            rows=rows,
            at=dt.datetime.now(dt.UTC),
        )
        count += len(rows)
    return count


def link_count(connection: Connection, game_id: int) -> int:
    """How many links the game's chain has."""
    table = _LINKS
    return int(
        connection.execute(
            select(func.count()).select_from(table).where(table.c.game_id == game_id)
        ).scalar_one()
    )
