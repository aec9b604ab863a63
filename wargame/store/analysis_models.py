"""The analysts' part of the game record: evidence links, insights, ratings, the improvement plan.

Observations (in :mod:`wargame.store.models`) are the analysts' raw material. These tables
carry what analysts make of them, append-only like the rest of the record:

- ``analysis_link`` ties one thing to another: an observation to the essential elements of
  analysis it collects and to the log entries behind it (moves, adjudications, injects,
  rolls, effects); an insight to its observations; a finding to its insights; a
  recommendation to its findings.
- ``analysis_item`` holds insights and recommendations (findings are the hot-wash findings).
- ``hseep_rating`` rates an objective or a capability on the HSEEP four-level scale.
- ``improvement_action`` is one row of the improvement plan.
- ``log_annotation`` is a bookmark or an annotation on a log entry, for replay.

Created by the migration ``0002``. As in :mod:`wargame.store.models`, annotations are not
postponed, so SQLAlchemy reads types instead of strings.
"""

from datetime import date, datetime

from sqlalchemy import Date, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wargame.store.models import Base, Supersedable, Voidable, _fk, _Keyed, one_of

__all__ = [
    "ANNOTATION_KINDS",
    "HSEEP_RATINGS",
    "IMPROVEMENT_STATUSES",
    "ITEM_KINDS",
    "LINK_SOURCES",
    "LINK_TARGETS",
    "AnalysisItem",
    "AnalysisLink",
    "HseepRating",
    "ImprovementAction",
    "LogAnnotation",
]

ITEM_KINDS = ("insight", "recommendation")
LINK_SOURCES = ("observation", "insight", "finding", "recommendation")
LINK_TARGETS = (
    "element",
    "move",
    "adjudication",
    "inject_release",
    "roll",
    "effect",
    "observation",
    "insight",
    "finding",
)
HSEEP_RATINGS = ("P", "S", "M", "U")
"""Performed without challenges, with some challenges, with major challenges, unable to be
performed (the HSEEP after-action report's four levels)."""
IMPROVEMENT_STATUSES = ("open", "in_progress", "done", "cancelled")
ANNOTATION_KINDS = ("bookmark", "annotation")


class AnalysisLink(_Keyed, Voidable, Base):
    """One link of the evidence chain: from an analyst's item to what supports it.

    ``target_id`` names a row of the target's table; ``target_ref`` an element id of the
    scenario's data collection plan (for ``target_kind='element'``).
    """

    __tablename__ = "analysis_link"
    __table_args__ = (
        Index(None, "game_id", "source_kind", "source_id"),
        one_of("source_kind", LINK_SOURCES),
        one_of("target_kind", LINK_TARGETS),
    )

    source_kind: Mapped[str] = mapped_column(String(16))
    source_id: Mapped[int]
    target_kind: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int | None]
    target_ref: Mapped[str | None]
    author_id: Mapped[int] = mapped_column(_fk("participant.id"))
    created_at: Mapped[datetime]


class AnalysisItem(_Keyed, Supersedable, Base):
    """An insight (drawn from observations) or a recommendation (drawn from findings)."""

    __tablename__ = "analysis_item"
    __table_args__ = (one_of("kind", ITEM_KINDS),)

    kind: Mapped[str] = mapped_column(String(16))
    turn: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(_fk("participant.id"))
    created_at: Mapped[datetime]


class HseepRating(_Keyed, Supersedable, Base):
    """An objective's or capability's HSEEP rating, with strengths and areas for improvement."""

    __tablename__ = "hseep_rating"
    __table_args__ = (one_of("rating", HSEEP_RATINGS),)

    subject: Mapped[str]
    rating: Mapped[str] = mapped_column(String(1))
    strengths: Mapped[str] = mapped_column(Text)
    improvements: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(_fk("participant.id"))
    created_at: Mapped[datetime]


class ImprovementAction(_Keyed, Supersedable, Base):
    """One row of the improvement plan: action, capability, owner, due date and status."""

    __tablename__ = "improvement_action"
    __table_args__ = (one_of("status", IMPROVEMENT_STATUSES),)

    action: Mapped[str] = mapped_column(Text)
    capability: Mapped[str]
    owner: Mapped[str]
    due: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    finding_id: Mapped[int | None] = mapped_column(_fk("hotwash_finding.id"))
    author_id: Mapped[int] = mapped_column(_fk("participant.id"))
    created_at: Mapped[datetime]


class LogAnnotation(_Keyed, Voidable, Base):
    """A bookmark or an annotation on one entry of the game log, kept for replay."""

    __tablename__ = "log_annotation"
    __table_args__ = (
        Index(None, "game_id", "entity", "entity_id"),
        one_of("kind", ANNOTATION_KINDS),
    )

    kind: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str]
    entity_id: Mapped[int]
    turn: Mapped[int]
    text: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(_fk("participant.id"))
    created_at: Mapped[datetime]
