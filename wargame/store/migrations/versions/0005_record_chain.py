"""The record's hash chain (``chain_link``, ``chain_row``) and the seed's commitment.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

Frozen, like 0001: it imports nothing from wargame. Existing rows are sealed into the new
chain by :func:`wargame.store.migrate.upgrade_to_head` in the same transaction, once the
schema is at the head (the digests are of rows at the head's layout).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the chain's two tables; add and fill ``game.seed_sha256``."""
    with op.batch_alter_table("game", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seed_sha256", sa.CHAR(length=64), nullable=True))
    connection = op.get_bind()
    games = connection.execute(sa.text("SELECT id, seed FROM game")).all()
    for game_id, seed in games:
        digest = hashlib.sha256(str(int(seed)).encode("ascii")).hexdigest()
        connection.execute(
            sa.text("UPDATE game SET seed_sha256 = :d WHERE id = :g"), {"d": digest, "g": game_id}
        )
    op.create_table(
        "chain_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("prev_hash", sa.CHAR(length=64), nullable=False),
        sa.Column("hash", sa.CHAR(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["game_id"], ["game.id"], name=op.f("fk_chain_link_game_id_game"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chain_link")),
        sa.UniqueConstraint("game_id", "sequence", name=op.f("uq_chain_link_game_id_sequence")),
        sa.UniqueConstraint("hash", name=op.f("uq_chain_link_hash")),
    )
    op.create_table(
        "chain_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.CHAR(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["game_id"], ["game.id"], name=op.f("fk_chain_row_game_id_game"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["chain_link.id"],
            name=op.f("fk_chain_row_link_id_chain_link"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chain_row")),
    )
    op.create_index(
        op.f("ix_chain_row_game_id_entity_entity_id"),
        "chain_row",
        ["game_id", "entity", "entity_id"],
        unique=False,
    )
    op.create_index(op.f("ix_chain_row_link_id"), "chain_row", ["link_id"], unique=False)


def downgrade() -> None:
    """Drop the chain and the commitment: only for developers."""
    op.drop_index(op.f("ix_chain_row_link_id"), table_name="chain_row")
    op.drop_index(op.f("ix_chain_row_game_id_entity_entity_id"), table_name="chain_row")
    op.drop_table("chain_row")
    op.drop_table("chain_link")
    with op.batch_alter_table("game", schema=None) as batch_op:
        batch_op.drop_column("seed_sha256")
