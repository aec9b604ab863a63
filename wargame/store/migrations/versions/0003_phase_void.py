"""Undoable phase changes and the void cascade: phase records can be voided, and a
conditional inject's release names the effect that fired it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03

Frozen once released: imports nothing from wargame (``UTCDateTime`` is
``DateTime(timezone=True)`` in the database).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the void columns to ``phase_record`` and ``fired_by_effect_id`` to releases."""
    with op.batch_alter_table("inject_release", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fired_by_effect_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_inject_release_fired_by_effect_id"), ["fired_by_effect_id"], unique=False
        )

    with op.batch_alter_table("phase_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("voided_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("void_reason", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_phase_record_voided_by_id_participant"),
            "participant",
            ["voided_by_id"],
            ["id"],
            ondelete="RESTRICT",
        )


def downgrade() -> None:
    """Drop what :func:`upgrade` added."""
    with op.batch_alter_table("phase_record", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_phase_record_voided_by_id_participant"), type_="foreignkey"
        )
        batch_op.drop_column("void_reason")
        batch_op.drop_column("voided_by_id")
        batch_op.drop_column("voided_at")

    with op.batch_alter_table("inject_release", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inject_release_fired_by_effect_id"))
        batch_op.drop_column("fired_by_effect_id")
