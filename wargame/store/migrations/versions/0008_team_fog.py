"""A shared game's team roles read only the units their fog of war lets them see.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04

Only on PostgreSQL, and only in a database where a game was shared (``wargame_access``
exists); a game file, or a database never shared, has nothing to change (``wargame host``
makes the tables and the grants when it shares a game).

- A team role reads no unit effect any more (``unit_move``, ``unit_strength``,
  ``unit_create``, ``unit_remove``): the row policy of ``effect`` leaves them out.
- The tables ``wargame_team_unit`` (the units each team sees at the end of each turn, each
  team reading its own rows) and ``wargame_red_line`` (the red lines crossed), written by
  the facilitator's app; every game role gets its grants on them again.
- Every team's stored cut of the scenario is removed: it placed every unit. A team cannot
  open the game until the host runs ``wargame host --upgrade``, which stores new cuts
  without the hidden units' places and publishes what each team sees.

Frozen once released: it imports nothing from wargame.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UNITS = "wargame_team_unit"
_LINES = "wargame_red_line"


def _effect_policy(s: str, *, units: bool) -> list[str]:
    """The team's read policy on ``effect``: with or without the unit effects."""
    no_units = (
        ""
        if units
        else "AND kind NOT IN ('unit_move', 'unit_strength', 'unit_create', 'unit_remove') "
    )
    return [
        f"DROP POLICY IF EXISTS wargame_team_read ON {s}.effect",
        f"""CREATE POLICY wargame_team_read ON {s}.effect FOR SELECT USING (
            game_id = (SELECT {s}.wargame_team_game()) {no_units}
            AND (adjudication_id IS NULL OR adjudication_id IN (SELECT id FROM {s}.adjudication))
            AND (inject_release_id IS NULL
                OR inject_release_id IN (SELECT id FROM {s}.inject_release)))""",
    ]


def _tables(s: str, owner: str) -> list[str]:
    team_game = f"game_id = (SELECT {s}.wargame_team_game())"
    white_game = f"game_id = (SELECT {s}.wargame_white_game())"
    out = [
        f"""CREATE TABLE IF NOT EXISTS {s}.{_UNITS} (
            game_id integer NOT NULL REFERENCES {s}.game (id) ON DELETE RESTRICT,
            team_id text NOT NULL,
            turn integer NOT NULL,
            unit_id text NOT NULL,
            region text NOT NULL,
            strength integer NOT NULL,
            PRIMARY KEY (game_id, team_id, turn, unit_id)
        )""",
        f"""CREATE TABLE IF NOT EXISTS {s}.{_LINES} (
            game_id integer NOT NULL REFERENCES {s}.game (id) ON DELETE RESTRICT,
            red_line_id text NOT NULL,
            turn integer NOT NULL,
            PRIMARY KEY (game_id, red_line_id)
        )""",
    ]
    for table, team_rows in (
        (_UNITS, f"{team_game} AND team_id = (SELECT {s}.wargame_team())"),
        (_LINES, team_game),
    ):
        target = f"{s}.{table}"
        out += [
            f"ALTER TABLE {target} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {target} FORCE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS wargame_owner ON {target}",
            f"CREATE POLICY wargame_owner ON {target} TO {owner} USING (true) WITH CHECK (true)",
            f"DROP POLICY IF EXISTS wargame_white ON {target}",
            f"CREATE POLICY wargame_white ON {target} USING ({white_game}) "
            f"WITH CHECK ({white_game})",
            f"DROP POLICY IF EXISTS wargame_team_read ON {target}",
            f"CREATE POLICY wargame_team_read ON {target} FOR SELECT USING ({team_rows})",
        ]
    return out


def _shared(connection: sa.Connection) -> tuple[str, str, list[tuple[str, bool]]] | None:
    """The quoted schema, its quoted owner and the quoted game roles (with whether each is
    a team's), or None when nothing was ever shared."""
    if connection.dialect.name != "postgresql":
        return None
    quote = connection.dialect.identifier_preparer.quote_identifier
    schema = str(connection.execute(sa.text("SELECT current_schema()")).scalar_one())
    s = quote(schema)
    present = connection.execute(
        sa.text("SELECT to_regclass(:t) IS NOT NULL"), {"t": f"{s}.wargame_access"}
    ).scalar_one()
    if not present:
        return None
    owner = connection.execute(
        sa.text("SELECT tableowner FROM pg_tables WHERE schemaname = :s AND tablename = 'game'"),
        {"s": schema},
    ).scalar_one()
    roles = connection.execute(
        sa.text(
            f"SELECT a.role_name, a.team_id IS NOT NULL FROM {s}.wargame_access a JOIN pg_roles r "
            "ON r.rolname = a.role_name ORDER BY a.role_name"
        )
    ).all()
    return s, quote(str(owner)), [(quote(str(r[0])), bool(r[1])) for r in roles]


def upgrade() -> None:
    """Hide unit effects from teams, make the published tables, drop the old cuts."""
    connection = op.get_bind()
    shared = _shared(connection)
    if shared is None:
        return
    s, owner, roles = shared
    statements = _effect_policy(s, units=False) + _tables(s, owner)
    tables = f"{s}.{_UNITS}, {s}.{_LINES}"
    for role, team in roles:
        statements.append(f"REVOKE ALL ON {tables} FROM {role}")
        rights = "SELECT" if team else "SELECT, INSERT, DELETE"
        statements.append(f"GRANT {rights} ON {tables} TO {role}")
    cuts = connection.execute(
        sa.text("SELECT to_regclass(:t) IS NOT NULL"), {"t": f"{s}.wargame_team_scenario"}
    ).scalar_one()
    if cuts:
        statements.append(f"DELETE FROM {s}.wargame_team_scenario")
    for statement in statements:
        connection.exec_driver_sql(statement)


def downgrade() -> None:
    """Teams read unit effects again; the published tables go (the cuts stay as they are)."""
    connection = op.get_bind()
    shared = _shared(connection)
    if shared is None:
        return
    s, _owner, _roles = shared
    for statement in [
        *_effect_policy(s, units=True),
        f"DROP TABLE IF EXISTS {s}.{_UNITS}",
        f"DROP TABLE IF EXISTS {s}.{_LINES}",
    ]:
        connection.exec_driver_sql(statement)
