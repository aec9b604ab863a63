"""A shared game's team roles read adjudications through a view: no unannounced rationale, no tags.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04

Only on PostgreSQL, and only in a database where a game was shared (``wargame_access``
exists); a game file, or a database never shared, has nothing to change (``wargame host``
makes the view and the grants when it shares a game).

- The view ``wargame_team_adjudication``: the adjudications a team may see (its game; of no
  move, or of a move it may see), with the rationale blank until it was announced and the
  inputs without the white cell's move tags. A ``security_barrier`` view, so no function in
  a team's query sees a row before the view's conditions removed it.
- Every team role loses ``SELECT`` on ``adjudication.rationale`` and ``adjudication.inputs``
  (it keeps the other columns, which its row-level policies on effects and facts read) and
  may read the view.

Frozen once released: it imports nothing from wargame.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VIEW = "wargame_team_adjudication"
_SHOWN = (
    "id",
    "game_id",
    "turn",
    "move_id",
    "method",
    "outcome",
    "narrative",
    "adjudicator_id",
    "created_at",
    "voided_at",
    "voided_by_id",
    "void_reason",
    "superseded_by_id",
)
"""The columns of ``adjudication`` a team role may still read on the table itself."""


def _view(s: str) -> str:
    return f"""CREATE VIEW {s}.{_VIEW} WITH (security_barrier) AS
        SELECT a.id, a.game_id, a.turn, a.move_id, a.method,
            (a.inputs::jsonb - 'tags')::json AS inputs,
            a.outcome, a.narrative,
            CASE WHEN (a.inputs::jsonb -> 'rationale_announced') = 'true'::jsonb
                THEN a.rationale ELSE '' END AS rationale,
            a.adjudicator_id, a.created_at, a.voided_at, a.voided_by_id, a.void_reason,
            a.superseded_by_id
        FROM {s}.adjudication a
        WHERE a.game_id = (SELECT {s}.wargame_team_game())
            AND (a.move_id IS NULL OR EXISTS (
                SELECT 1 FROM {s}.move v WHERE v.id = a.move_id AND v.game_id = a.game_id
                AND (v.team_id = (SELECT {s}.wargame_team()) OR (v.status <> 'withdrawn'
                    AND (v.visibility = 'public' OR v.revealed_at IS NOT NULL)))))"""


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
    """Make the view; team roles read the rationale and inputs only through it."""
    connection = op.get_bind()
    shared = _shared(connection)
    if shared is None:
        return
    s, roles = shared
    connection.exec_driver_sql(f"DROP VIEW IF EXISTS {s}.{_VIEW}")
    connection.exec_driver_sql(_view(s))
    shown = ", ".join(_SHOWN)
    for role in roles:
        connection.exec_driver_sql(f"REVOKE SELECT ON {s}.adjudication FROM {role}")
        connection.exec_driver_sql(f"GRANT SELECT ({shown}) ON {s}.adjudication TO {role}")
        connection.exec_driver_sql(f"GRANT SELECT ON {s}.{_VIEW} TO {role}")


def downgrade() -> None:
    """Drop the view; team roles read ``adjudication`` whole again (as before 0007)."""
    connection = op.get_bind()
    shared = _shared(connection)
    if shared is None:
        return
    s, roles = shared
    connection.exec_driver_sql(f"DROP VIEW IF EXISTS {s}.{_VIEW}")
    for role in roles:
        connection.exec_driver_sql(f"GRANT SELECT ON {s}.adjudication TO {role}")
