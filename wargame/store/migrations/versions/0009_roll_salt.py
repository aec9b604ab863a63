"""Each roll's digest covers a random salt; a shared game's teams read no faces they may not see.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04

- ``roll.salt``: 32 random hex digits that the roll's chained hash covers, so that the
  digest of a roll does not give its few possible faces away to whoever reads the digest
  but not the roll. NULL in the rolls made before (their hashes stay as they were).
- Only on PostgreSQL, in a database where a game was shared (``wargame_access`` exists):
  the view ``wargame_team_roll`` (every roll of the team's game; for a ruling the team
  cannot see, no ruling, purpose, dice, faces or salt), and every team role reads ``roll``
  only through it (on the table itself: id, game, sequence, source and time).

Frozen once released: it imports nothing from wargame.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VIEW = "wargame_team_roll"
_SHOWN = ("id", "game_id", "sequence", "source", "created_at")
"""The columns of ``roll`` a team role may still read on the table itself."""


def _view(s: str) -> str:
    seen = f"""EXISTS (SELECT 1 FROM {s}.adjudication a WHERE a.id = r.adjudication_id
                AND a.game_id = (SELECT {s}.wargame_team_game())
                AND (a.move_id IS NULL OR EXISTS (
                    SELECT 1 FROM {s}.move v WHERE v.id = a.move_id AND v.game_id = a.game_id
                    AND (v.team_id = (SELECT {s}.wargame_team()) OR (v.status <> 'withdrawn'
                        AND (v.visibility = 'public' OR v.revealed_at IS NOT NULL))))))"""
    return f"""CREATE VIEW {s}.{_VIEW} WITH (security_barrier) AS
            SELECT r.id, r.game_id, r.sequence,
                CASE WHEN w.seen THEN r.adjudication_id END AS adjudication_id,
                CASE WHEN w.seen THEN r.purpose ELSE '' END AS purpose,
                CASE WHEN w.seen THEN r.dice ELSE '' END AS dice,
                CASE WHEN w.seen THEN r.faces END AS faces,
                r.source, r.created_at, r.prev_hash, r.hash,
                CASE WHEN w.seen THEN r.salt END AS salt
            FROM {s}.roll r
            CROSS JOIN LATERAL (SELECT (r.adjudication_id IS NULL OR {seen}) AS seen) w
            WHERE r.game_id = (SELECT {s}.wargame_team_game())"""


def _shared(connection: sa.Connection) -> tuple[str, list[str]] | None:
    """The quoted schema and the quoted team roles, or None when nothing was ever shared."""
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
    roles = connection.execute(
        sa.text(
            f"SELECT a.role_name FROM {s}.wargame_access a JOIN pg_roles r "
            "ON r.rolname = a.role_name WHERE a.team_id IS NOT NULL ORDER BY a.role_name"
        )
    ).scalars()
    return s, [quote(str(role)) for role in roles]


def upgrade() -> None:
    """Add the salt; teams read the rolls through the view."""
    op.add_column("roll", sa.Column("salt", sa.String(length=32), nullable=True))
    connection = op.get_bind()
    shared = _shared(connection)
    if shared is None:
        return
    s, roles = shared
    connection.exec_driver_sql(f"DROP VIEW IF EXISTS {s}.{_VIEW}")
    connection.exec_driver_sql(_view(s))
    shown = ", ".join(_SHOWN)
    for role in roles:
        connection.exec_driver_sql(f"REVOKE SELECT ON {s}.roll FROM {role}")
        connection.exec_driver_sql(f"GRANT SELECT ({shown}) ON {s}.roll TO {role}")
        connection.exec_driver_sql(f"GRANT SELECT ON {s}.{_VIEW} TO {role}")


def downgrade() -> None:
    """Drop the view (teams read ``roll`` whole again) and the salt.

    The rolls made since lose their salts, so their hashes no longer check out.
    """
    connection = op.get_bind()
    shared = _shared(connection)
    if shared is not None:
        s, roles = shared
        connection.exec_driver_sql(f"DROP VIEW IF EXISTS {s}.{_VIEW}")
        for role in roles:
            connection.exec_driver_sql(f"GRANT SELECT ON {s}.roll TO {role}")
    with op.batch_alter_table("roll") as batch:
        batch.drop_column("salt")
