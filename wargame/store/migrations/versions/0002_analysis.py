"""The analysts' tables: evidence links, insights and recommendations, HSEEP ratings, the
improvement plan, and bookmarks and annotations on log entries.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03

Frozen once released. It only creates new tables, so no existing row is touched (no batch
rebuild, no cascade risk). It imports nothing from wargame.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = sa.DateTime(timezone=True)


def _check(table: str, column: str, values: tuple[str, ...]) -> sa.CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f'"{column}" IN ({listed})', name=op.f(f"ck_{table}_{column}"))


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete="RESTRICT",
    )


def _keyed(table: str) -> list[sa.schema.SchemaItem]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        _fk(table, "game_id", "game"),
        _fk(table, "author_id", "participant"),
    ]


def _voidable(table: str, *, supersedable: bool) -> list[sa.schema.SchemaItem]:
    items: list[sa.schema.SchemaItem] = [
        sa.Column("voided_at", _WHEN, nullable=True),
        sa.Column("voided_by_id", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        _fk(table, "voided_by_id", "participant"),
    ]
    if supersedable:
        items += [
            sa.Column("superseded_by_id", sa.Integer(), nullable=True),
            _fk(table, "superseded_by_id", table),
        ]
    return items


def upgrade() -> None:
    """Create the five tables."""
    _create_links()
    _create_items_and_ratings()
    _create_plan_and_annotations()


def _create_links() -> None:
    """Evidence links: what each observation, insight and finding rests on."""
    t = "analysis_link"
    op.create_table(
        t,
        *_keyed(t),
        sa.Column("source_kind", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_kind", sa.String(length=16), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("target_ref", sa.String(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        *_voidable(t, supersedable=False),
        _check(t, "source_kind", ("observation", "insight", "finding", "recommendation")),
        _check(
            t,
            "target_kind",
            (
                "element",
                "move",
                "adjudication",
                "inject_release",
                "roll",
                "effect",
                "observation",
                "insight",
                "finding",
            ),
        ),
    )
    op.create_index(
        op.f("ix_analysis_link_game_id_source_kind_source_id"),
        t,
        ["game_id", "source_kind", "source_id"],
    )


def _create_items_and_ratings() -> None:
    """Insights and recommendations, and HSEEP ratings."""
    t = "analysis_item"
    op.create_table(
        t,
        *_keyed(t),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        *_voidable(t, supersedable=True),
        _check(t, "kind", ("insight", "recommendation")),
    )
    t = "hseep_rating"
    op.create_table(
        t,
        *_keyed(t),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("rating", sa.String(length=1), nullable=False),
        sa.Column("strengths", sa.Text(), nullable=False),
        sa.Column("improvements", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        *_voidable(t, supersedable=True),
        _check(t, "rating", ("P", "S", "M", "U")),
    )


def _create_plan_and_annotations() -> None:
    """The improvement plan, and bookmarks and annotations on log entries."""
    t = "improvement_action"
    op.create_table(
        t,
        *_keyed(t),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("capability", sa.String(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        *_voidable(t, supersedable=True),
        _fk(t, "finding_id", "hotwash_finding"),
        _check(t, "status", ("open", "in_progress", "done", "cancelled")),
    )
    t = "log_annotation"
    op.create_table(
        t,
        *_keyed(t),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        *_voidable(t, supersedable=False),
        _check(t, "kind", ("bookmark", "annotation")),
    )
    op.create_index(
        op.f("ix_log_annotation_game_id_entity_entity_id"),
        t,
        ["game_id", "entity", "entity_id"],
    )


def downgrade() -> None:
    """Drop the five tables (children of nothing: any order)."""
    op.drop_index(op.f("ix_log_annotation_game_id_entity_entity_id"), table_name="log_annotation")
    op.drop_table("log_annotation")
    op.drop_table("improvement_action")
    op.drop_table("hseep_rating")
    op.drop_table("analysis_item")
    op.drop_index(
        op.f("ix_analysis_link_game_id_source_kind_source_id"), table_name="analysis_link"
    )
    op.drop_table("analysis_link")
