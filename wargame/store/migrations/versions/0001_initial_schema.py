"""The initial schema of the game record: every table of ``wargame.store.models``.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25

Frozen: this file must keep building exactly what it builds today, because game files made
with it exist. It imports nothing from wargame, and types are plain SQLAlchemy types
(``UTCDateTime`` is ``DateTime(timezone=True)`` in the database). Tables are created parents
first and dropped children first.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create every table, its constraints (named by the naming convention) and indexes."""
    _create_game_and_participants()
    _create_phases_and_audit()
    _create_findings_and_injects()
    _create_moves_and_notes()
    _create_assignments_and_adjudications()
    _create_counters_and_observations()
    _create_effects()
    _create_facts_and_rolls()


def _create_game_and_participants() -> None:
    """The game and its participants."""
    op.create_table(
        "game",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.CHAR(length=32), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("scenario_id", sa.String(), nullable=False),
        sa.Column("scenario_title", sa.String(), nullable=False),
        sa.Column("scenario_text", sa.Text(), nullable=False),
        sa.Column("scenario_sha256", sa.CHAR(length=64), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("phase_id", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("executive_summary", sa.Text(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "\"status\" IN ('setup', 'running', 'ended')", name=op.f("ck_game_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_game")),
        sa.UniqueConstraint("uid", name=op.f("uq_game_uid")),
    )
    op.create_table(
        "participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("pin_hash", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by_id", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "\"role\" IN ('facilitator', 'player', 'observer')", name=op.f("ck_participant_role")
        ),
        sa.ForeignKeyConstraint(
            ["game_id"], ["game.id"], name=op.f("fk_participant_game_id_game"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["voided_by_id"],
            ["participant.id"],
            name=op.f("fk_participant_voided_by_id_participant"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant")),
        sa.UniqueConstraint("game_id", "name", name=op.f("uq_participant_game_id_name")),
    )


def _create_phases_and_audit() -> None:
    """The phase records and the audit trail."""
    op.create_table(
        "phase_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("phase_id", sa.String(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["game_id"], ["game.id"], name=op.f("fk_phase_record_game_id_game"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phase_record")),
    )
    op.create_index(
        op.f("ix_phase_record_game_id_turn"), "phase_record", ["game_id", "turn"], unique=False
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["game_id"], ["game.id"], name=op.f("fk_audit_game_id_game"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_audit_participant_id_participant"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit")),
    )
    op.create_index(op.f("ix_audit_game_id_at"), "audit", ["game_id", "at"], unique=False)


def _create_findings_and_injects() -> None:
    """Hot-wash findings and released injects."""
    op.create_table(
        "hotwash_finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("recommendation", sa.Text(), nullable=True),
        sa.Column("owner", sa.String(), nullable=True),
        sa.Column("question_ids", sa.JSON(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by_id", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.Column("superseded_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "\"kind\" IN ('strength', 'improvement', 'finding')",
            name=op.f("ck_hotwash_finding_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["participant.id"],
            name=op.f("fk_hotwash_finding_author_id_participant"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["game_id"],
            ["game.id"],
            name=op.f("fk_hotwash_finding_game_id_game"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["superseded_by_id"],
            ["hotwash_finding.id"],
            name=op.f("fk_hotwash_finding_superseded_by_id_hotwash_finding"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["voided_by_id"],
            ["participant.id"],
            name=op.f("fk_hotwash_finding_voided_by_id_participant"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotwash_finding")),
    )
    op.create_table(
        "inject_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.Column("inject_id", sa.String(), nullable=True),
        sa.Column("trigger", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("phase_id", sa.String(), nullable=False),
        sa.Column("released_by_id", sa.Integer(), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by_id", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.Column("superseded_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "\"trigger\" IN ('scheduled', 'conditional', 'ad_hoc')",
            name=op.f("ck_inject_release_trigger"),
        ),
        sa.ForeignKeyConstraint(
            ["game_id"],
            ["game.id"],
            name=op.f("fk_inject_release_game_id_game"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["released_by_id"],
            ["participant.id"],
            name=op.f("fk_inject_release_released_by_id_participant"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["superseded_by_id"],
            ["inject_release.id"],
            name=op.f("fk_inject_release_superseded_by_id_inject_release"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["voided_by_id"],
            ["participant.id"],
            name=op.f("fk_inject_release_voided_by_id_participant"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inject_release")),
    )
    op.create_index(
        op.f("ix_inject_release_game_id_turn"), "inject_release", ["game_id", "turn"], unique=False
    )


def _create_moves_and_notes() -> None:
    """Moves and the facilitator's notes."""
    op.create_table(
        "move",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("intended_result", sa.Text(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("revealed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by_id", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.Column("superseded_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("\"status\" IN ('submitted', 'withdrawn')", name=op.f("ck_move_status")),
        sa.CheckConstraint(
            "\"visibility\" IN ('secret', 'public')", name=op.f("ck_move_visibility")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["participant.id"],
            name=op.f("fk_move_author_id_participant"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["game_id"], ["game.id"], name=op.f("fk_move_game_id_game"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["superseded_by_id"],
            ["move.id"],
            name=op.f("fk_move_superseded_by_id_move"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["voided_by_id"],
            ["participant.id"],
            name=op.f("fk_move_voided_by_id_participant"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_move")),
    )
    op.create_index(op.f("ix_move_game_id_turn"), "move", ["game_id", "turn"], unique=False)
    op.create_table(
        "note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by_id", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.Column("superseded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["participant.id"],
            name=op.f("fk_note_author_id_participant"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["game_id"], ["game.id"], name=op.f("fk_note_game_id_game"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["superseded_by_id"],
            ["note.id"],
            name=op.f("fk_note_superseded_by_id_note"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["voided_by_id"],
            ["participant.id"],
            name=op.f("fk_note_voided_by_id_participant"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note")),
    )


def _create_assignments_and_adjudications() -> None:
    """Team assignments and adjudications."""
    op.create_table(
        "team_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=True),
        sa.Column("from_turn", sa.Integer(), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assigned_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assigned_by_id"],
            ["participant.id"],
            name=op.f("fk_team_assignment_assigned_by_id_participant"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["game_id"],
            ["game.id"],
            name=op.f("fk_team_assignment_game_id_game"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_team_assignment_participant_id_participant"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_assignment")),
    )
    op.create_index(
        op.f("ix_team_assignment_game_id_participant_id"),
        "team_assignment",
        ["game_id", "participant_id"],
        unique=False,
    )
    op.create_table(
        "adjudication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("move_id", sa.Integer(), nullable=True),
        sa.Column("method", sa.String(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("adjudicator_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by_id", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.Column("superseded_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "\"outcome\" IN ('success', 'partial', 'failure')", name=op.f("ck_adjudication_outcome")
        ),
        sa.ForeignKeyConstraint(
            ["adjudicator_id"],
            ["participant.id"],
            name=op.f("fk_adjudication_adjudicator_id_participant"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["game_id"], ["game.id"], name=op.f("fk_adjudication_game_id_game"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["move_id"], ["move.id"], name=op.f("fk_adjudication_move_id_move"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["superseded_by_id"],
            ["adjudication.id"],
            name=op.f("fk_adjudication_superseded_by_id_adjudication"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["voided_by_id"],
            ["participant.id"],
            name=op.f("fk_adjudication_voided_by_id_participant"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adjudication")),
    )
    op.create_index(
        op.f("ix_adjudication_game_id_turn"), "adjudication", ["game_id", "turn"], unique=False
    )


def _create_counters_and_observations() -> None:
    """Counter-arguments and observations."""
    op.create_table(
        "counter_argument",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.Column("move_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by_id", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.Column("superseded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["participant.id"],
            name=op.f("fk_counter_argument_author_id_participant"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["game_id"],
            ["game.id"],
            name=op.f("fk_counter_argument_game_id_game"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["move_id"],
            ["move.id"],
            name=op.f("fk_counter_argument_move_id_move"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["superseded_by_id"],
            ["counter_argument.id"],
            name=op.f("fk_counter_argument_superseded_by_id_counter_argument"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["voided_by_id"],
            ["participant.id"],
            name=op.f("fk_counter_argument_voided_by_id_participant"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counter_argument")),
    )
    op.create_index(
        op.f("ix_counter_argument_move_id"), "counter_argument", ["move_id"], unique=False
    )
    op.create_table(
        "observation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("move_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("question_ids", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by_id", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.Column("superseded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["participant.id"],
            name=op.f("fk_observation_author_id_participant"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["game_id"], ["game.id"], name=op.f("fk_observation_game_id_game"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["move_id"], ["move.id"], name=op.f("fk_observation_move_id_move"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["superseded_by_id"],
            ["observation.id"],
            name=op.f("fk_observation_superseded_by_id_observation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["voided_by_id"],
            ["participant.id"],
            name=op.f("fk_observation_voided_by_id_participant"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observation")),
    )
    op.create_index(
        op.f("ix_observation_game_id_turn"), "observation", ["game_id", "turn"], unique=False
    )


def _create_effects() -> None:
    """The effects of adjudications and injects."""
    op.create_table(
        "effect",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("phase_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(), nullable=False),
        sa.Column("delta", sa.Integer(), nullable=True),
        sa.Column("to_region", sa.String(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("adjudication_id", sa.Integer(), nullable=True),
        sa.Column("inject_release_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by_id", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.Column("superseded_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "\"kind\" IN ('track', 'unit_move', 'unit_strength')", name=op.f("ck_effect_kind")
        ),
        sa.ForeignKeyConstraint(
            ["adjudication_id"],
            ["adjudication.id"],
            name=op.f("fk_effect_adjudication_id_adjudication"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["participant.id"],
            name=op.f("fk_effect_author_id_participant"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["game_id"], ["game.id"], name=op.f("fk_effect_game_id_game"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["inject_release_id"],
            ["inject_release.id"],
            name=op.f("fk_effect_inject_release_id_inject_release"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["superseded_by_id"],
            ["effect.id"],
            name=op.f("fk_effect_superseded_by_id_effect"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["voided_by_id"],
            ["participant.id"],
            name=op.f("fk_effect_voided_by_id_participant"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_effect")),
    )
    op.create_index(op.f("ix_effect_adjudication_id"), "effect", ["adjudication_id"], unique=False)
    op.create_index(op.f("ix_effect_game_id_turn"), "effect", ["game_id", "turn"], unique=False)


def _create_facts_and_rolls() -> None:
    """A matrix game's facts and the dice rolls."""
    op.create_table(
        "fact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("established_turn", sa.Integer(), nullable=False),
        sa.Column("established_by_move_id", sa.Integer(), nullable=True),
        sa.Column("established_by_adjudication_id", sa.Integer(), nullable=True),
        sa.Column("ended_turn", sa.Integer(), nullable=True),
        sa.Column("ended_by_move_id", sa.Integer(), nullable=True),
        sa.Column("ended_by_adjudication_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ended_by_adjudication_id"],
            ["adjudication.id"],
            name=op.f("fk_fact_ended_by_adjudication_id_adjudication"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["ended_by_move_id"],
            ["move.id"],
            name=op.f("fk_fact_ended_by_move_id_move"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["established_by_adjudication_id"],
            ["adjudication.id"],
            name=op.f("fk_fact_established_by_adjudication_id_adjudication"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["established_by_move_id"],
            ["move.id"],
            name=op.f("fk_fact_established_by_move_id_move"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["game_id"], ["game.id"], name=op.f("fk_fact_game_id_game"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact")),
    )
    op.create_table(
        "roll",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("adjudication_id", sa.Integer(), nullable=True),
        sa.Column("purpose", sa.String(), nullable=False),
        sa.Column("dice", sa.String(length=32), nullable=False),
        sa.Column("faces", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("prev_hash", sa.CHAR(length=64), nullable=False),
        sa.Column("hash", sa.CHAR(length=64), nullable=False),
        sa.CheckConstraint("\"source\" IN ('digital', 'physical')", name=op.f("ck_roll_source")),
        sa.ForeignKeyConstraint(
            ["adjudication_id"],
            ["adjudication.id"],
            name=op.f("fk_roll_adjudication_id_adjudication"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["game_id"], ["game.id"], name=op.f("fk_roll_game_id_game"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roll")),
        sa.UniqueConstraint("game_id", "sequence", name=op.f("uq_roll_game_id_sequence")),
        sa.UniqueConstraint("hash", name=op.f("uq_roll_hash")),
    )
    op.create_index(op.f("ix_roll_adjudication_id"), "roll", ["adjudication_id"], unique=False)


def downgrade() -> None:
    """Drop every table: only for developers; wargame itself never downgrades a game."""
    op.drop_index(op.f("ix_roll_adjudication_id"), table_name="roll")
    op.drop_table("roll")
    op.drop_table("fact")
    op.drop_index(op.f("ix_effect_game_id_turn"), table_name="effect")
    op.drop_index(op.f("ix_effect_adjudication_id"), table_name="effect")
    op.drop_table("effect")
    op.drop_index(op.f("ix_observation_game_id_turn"), table_name="observation")
    op.drop_table("observation")
    op.drop_index(op.f("ix_counter_argument_move_id"), table_name="counter_argument")
    op.drop_table("counter_argument")
    op.drop_index(op.f("ix_adjudication_game_id_turn"), table_name="adjudication")
    op.drop_table("adjudication")
    op.drop_index(op.f("ix_team_assignment_game_id_participant_id"), table_name="team_assignment")
    op.drop_table("team_assignment")
    op.drop_table("note")
    op.drop_index(op.f("ix_move_game_id_turn"), table_name="move")
    op.drop_table("move")
    op.drop_index(op.f("ix_inject_release_game_id_turn"), table_name="inject_release")
    op.drop_table("inject_release")
    op.drop_table("hotwash_finding")
    op.drop_index(op.f("ix_audit_game_id_at"), table_name="audit")
    op.drop_table("audit")
    op.drop_index(op.f("ix_phase_record_game_id_turn"), table_name="phase_record")
    op.drop_table("phase_record")
    op.drop_table("participant")
    op.drop_table("game")
