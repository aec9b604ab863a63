"""A validated JSON copy of each game's scenario, so opening a game need not parse YAML.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

``game.scenario_json`` holds what the scenario loader returned when the game was made, as
JSON; opening a game validates that instead of parsing the stored YAML again. This
revision fills it for existing games from their stored YAML. A scenario that no longer
loads keeps a null copy: opening then parses the YAML as before and reports the problem.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the nullable column (no table rebuild), then fill it for every game."""
    with op.batch_alter_table("game") as batch:
        batch.add_column(sa.Column("scenario_json", sa.Text(), nullable=True))
    from wargame.scenario import ScenarioError, parse_scenario

    connection = op.get_bind()
    game = sa.table(
        "game", sa.column("id", sa.Integer()), sa.column("scenario_text", sa.Text()),
        sa.column("scenario_json", sa.Text()),
    )  # fmt: skip
    for game_id, text in connection.execute(sa.select(game.c.id, game.c.scenario_text)).all():
        try:
            copy = parse_scenario(text, source=f"game {game_id}").scenario.model_dump_json()
        except ScenarioError:
            continue
        connection.execute(
            sa.update(game).where(game.c.id == game_id).values(scenario_json=copy)
        )


def downgrade() -> None:
    """Drop the copy; the YAML it was made from is still there."""
    with op.batch_alter_table("game") as batch:
        batch.drop_column("scenario_json")
