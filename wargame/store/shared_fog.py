"""Fog of war in a shared game's database: what a team reads of units is what it sees.

The record's effect rows place every unit, so a team's role may not read the unit effects
at all (``unit_move``, ``unit_strength``, ``unit_create``, ``unit_remove``: the row policy
of ``effect`` in :mod:`wargame.store.shared` leaves them out). What a team sees of the
units comes from :data:`TEAM_UNIT_TABLE` instead: for each team and each turn played, the
units it sees at the end of that turn (now, for the current turn), written by the
facilitator's app in the same transaction as every change that could move, make, remove
or reveal a unit. Its row policy lets a team read only its own rows. The game layer's fog
rules (:mod:`wargame.game.fog`) decide which units those are; nothing here decides.

The red lines crossed are public (the room's state board shows them), but a team cannot
work them out from the record when a trigger counts units it does not see, so the
facilitator's app publishes them too (:data:`RED_LINE_TABLE`), readable by every team of
the game.

Both tables are derived data, not record: they are rewritten whole for a game at each
publication, never copied into a game file, and only the owner and the facilitator's role
may write them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

from wargame.store.shared_guards import published_table_policies

__all__ = [
    "RED_LINE_TABLE",
    "TEAM_UNIT_TABLE",
    "UNIT_EFFECT_KINDS",
    "PublishedUnit",
    "fog_grant_statements",
    "fog_statements",
    "fog_tables_present",
    "publish_fog",
    "read_crossings",
    "read_team_units",
]

TEAM_UNIT_TABLE = "wargame_team_unit"
"""Per game, team and turn: the units that team sees at the end of the turn."""
RED_LINE_TABLE = "wargame_red_line"
"""Per game: each red line crossed and the turn it was first crossed in."""
UNIT_EFFECT_KINDS = ("unit_move", "unit_strength", "unit_create", "unit_remove")
"""Effect kinds a team's role may not read: they say where units stand."""


_PUBLISH_LOCK = 0x77_66_6F_67  # "wfog": the first key of a game's publication lock


@dataclass(frozen=True)
class PublishedUnit:
    """One unit as one team sees it at the end of one turn.

    Attributes:
        team_id: the team that sees it.
        turn: the turn (0: before the first).
        unit_id: the unit.
        region: where it stands.
        strength: its strength.
    """

    team_id: str
    turn: int
    unit_id: str
    region: str
    strength: int


def fog_statements(s: str, owner: str) -> list[str]:
    """The tables and their row policies, idempotent (``s``, ``owner``: quoted).

    Run by the owner after the access table and its functions exist.
    """
    team_game = f"game_id = (SELECT {s}.wargame_team_game())"
    out = [
        f"""CREATE TABLE IF NOT EXISTS {s}.{TEAM_UNIT_TABLE} (
            game_id integer NOT NULL REFERENCES {s}.game (id) ON DELETE RESTRICT,
            team_id text NOT NULL,
            turn integer NOT NULL,
            unit_id text NOT NULL,
            region text NOT NULL,
            strength integer NOT NULL,
            PRIMARY KEY (game_id, team_id, turn, unit_id)
        )""",
        f"""CREATE TABLE IF NOT EXISTS {s}.{RED_LINE_TABLE} (
            game_id integer NOT NULL REFERENCES {s}.game (id) ON DELETE RESTRICT,
            red_line_id text NOT NULL,
            turn integer NOT NULL,
            PRIMARY KEY (game_id, red_line_id)
        )""",
    ]
    team_unit_rows = f"{team_game} AND team_id = (SELECT {s}.wargame_team())"
    out += published_table_policies(s, owner, TEAM_UNIT_TABLE, team_unit_rows, white_writes=True)
    out += published_table_policies(s, owner, RED_LINE_TABLE, team_game, white_writes=True)
    return out


def fog_grant_statements(s: str, who: str, *, facilitator: bool) -> list[str]:
    """What a game role may do with the two tables (``s``, ``who``: quoted), idempotent."""
    tables = f"{s}.{TEAM_UNIT_TABLE}, {s}.{RED_LINE_TABLE}"
    out = [f"REVOKE ALL ON {tables} FROM {who}"]
    if facilitator:
        out.append(f"GRANT SELECT, INSERT, DELETE ON {tables} TO {who}")
    else:
        out.append(f"GRANT SELECT ON {tables} TO {who}")
    return out


def _schema(connection: Connection) -> str:
    name = str(connection.execute(text("SELECT current_schema()")).scalar_one())
    return connection.dialect.identifier_preparer.quote_identifier(name)


def fog_tables_present(connection: Connection) -> bool:
    """Whether the database keeps published views (a shared PostgreSQL game at this schema)."""
    if connection.dialect.name != "postgresql":
        return False
    found = connection.execute(
        text("SELECT to_regclass(:t) IS NOT NULL"),
        {"t": f"{_schema(connection)}.{TEAM_UNIT_TABLE}"},
    ).scalar_one()
    return bool(found)


def publish_fog(
    connection: Connection,
    game_id: int,
    units: Iterable[PublishedUnit],
    crossings: Mapping[str, int],
) -> None:
    """Replace what the game's teams read of units and crossed red lines.

    In the caller's transaction: the facilitator's change and its publication commit together.
    Two publications of one game wait for each other (a lock held to the end of the
    transaction), so the second replaces the first's rows instead of colliding with them.
    """
    s = _schema(connection)
    connection.execute(
        text("SELECT pg_advisory_xact_lock(:k, :g)"), {"k": _PUBLISH_LOCK, "g": game_id}
    )
    connection.execute(
        text(f"DELETE FROM {s}.{TEAM_UNIT_TABLE} WHERE game_id = :g"), {"g": game_id}
    )
    connection.execute(text(f"DELETE FROM {s}.{RED_LINE_TABLE} WHERE game_id = :g"), {"g": game_id})
    rows = [
        {"g": game_id, "t": u.team_id, "n": u.turn, "u": u.unit_id, "r": u.region, "s": u.strength}
        for u in units
    ]
    if rows:
        connection.execute(
            text(
                f"INSERT INTO {s}.{TEAM_UNIT_TABLE} "
                "(game_id, team_id, turn, unit_id, region, strength) "
                "VALUES (:g, :t, :n, :u, :r, :s)"
            ),
            rows,
        )
    lines = [{"g": game_id, "l": line, "n": turn} for line, turn in crossings.items()]
    if lines:
        connection.execute(
            text(
                f"INSERT INTO {s}.{RED_LINE_TABLE} (game_id, red_line_id, turn) VALUES (:g, :l, :n)"
            ),
            lines,
        )


def read_team_units(connection: Connection, game_id: int, team_id: str) -> Sequence[PublishedUnit]:
    """The units published for ``team_id``, every turn (as the connection's role may read)."""
    s = _schema(connection)
    rows = connection.execute(
        text(
            f"SELECT turn, unit_id, region, strength FROM {s}.{TEAM_UNIT_TABLE} "
            "WHERE game_id = :g AND team_id = :t ORDER BY turn, unit_id"
        ),
        {"g": game_id, "t": team_id},
    ).all()
    return [PublishedUnit(team_id, int(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in rows]


def read_crossings(connection: Connection, game_id: int) -> dict[str, int]:
    """Red line id → the turn it was first crossed in, as published."""
    s = _schema(connection)
    rows = connection.execute(
        text(f"SELECT red_line_id, turn FROM {s}.{RED_LINE_TABLE} WHERE game_id = :g"),
        {"g": game_id},
    ).all()
    return {str(r[0]): int(r[1]) for r in rows}
