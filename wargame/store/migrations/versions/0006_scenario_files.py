"""The files a scenario names travel with the game; effects of scenario format 2.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

- ``scenario_file``: every file the game's scenario names (maps, cities), with its SHA-256,
  so that commands on a game never look outside it.
- ``effect.kind`` also allows the effects of scenario format 2: a track set to a value, a
  unit created or removed, a fact established or retracted.

Frozen once released: it imports nothing from wargame.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_KINDS = ("track", "unit_move", "unit_strength")
_NEW_KINDS = (
    "track",
    "track_set",
    "unit_move",
    "unit_strength",
    "unit_create",
    "unit_remove",
    "fact_establish",
    "fact_retract",
)


def _kinds(kinds: tuple[str, ...]) -> str:
    return '"kind" IN (' + ", ".join(f"'{k}'" for k in kinds) + ")"


def upgrade() -> None:
    """Add ``scenario_file`` and widen the kinds of effect."""
    op.create_table(
        "scenario_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("sha256", sa.CHAR(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["game_id"],
            ["game.id"],
            name=op.f("fk_scenario_file_game_id_game"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scenario_file")),
        sa.UniqueConstraint("game_id", "path", name=op.f("uq_scenario_file_game_id_path")),
    )
    with op.batch_alter_table("effect") as batch:
        batch.drop_constraint(op.f("ck_effect_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_effect_kind"), _kinds(_NEW_KINDS))


def downgrade() -> None:
    """Drop ``scenario_file`` and narrow the kinds of effect again."""
    with op.batch_alter_table("effect") as batch:
        batch.drop_constraint(op.f("ck_effect_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_effect_kind"), _kinds(_OLD_KINDS))
    op.drop_table("scenario_file")
