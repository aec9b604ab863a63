"""Queries of what people write about a game, filtered by who is looking.

The facilitator's notes are the facilitator's alone; observations are the facilitator's and
the observers'; the hot wash's findings are for all but the public view; the audit trail is
the facilitator's. A team's own database role may not read notes, observations or the audit
trail, so a game joined as a team returns none of them.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from wargame.game.views import Audience, AuditView, FindingView, NoteView, ObservationView, Viewer
from wargame.store import models as m
from wargame.text import clean_name

if TYPE_CHECKING:
    from wargame.game.queries import QuerySource


class WritingQueries:
    """Notes, observations, hot-wash findings and the audit trail of one game."""

    def __init__(self, game: QuerySource) -> None:
        self._game = game

    def _session(self) -> AbstractContextManager[Session]:
        return self._game.session_for_queries()

    def _names(self, s: Session) -> dict[int, str]:
        rows = s.execute(
            select(m.Participant.id, m.Participant.name).where(
                m.Participant.game_id == self._game.game_id
            )
        )
        return {int(pid): clean_name(str(name)) for pid, name in rows}

    # ------------------------------------------------------------------ writing

    def notes(self, viewer: Viewer) -> tuple[NoteView, ...]:
        """Facilitator notes (empty for anyone else)."""
        if viewer.audience is not Audience.FACILITATOR or self._game.as_team is not None:
            return ()
        with self._session() as s:
            names = self._names(s)
            return tuple(
                NoteView(
                    n.id,
                    n.turn,
                    names.get(n.author_id, "?"),
                    n.text,
                    n.created_at,
                    n.voided_at is not None,
                    n.void_reason,
                )
                for n in s.scalars(
                    select(m.Note).where(m.Note.game_id == self._game.game_id).order_by(m.Note.id)
                )
            )

    def observations(self, viewer: Viewer) -> tuple[ObservationView, ...]:
        """Observations (for the facilitator and observers)."""
        if viewer.audience not in (Audience.FACILITATOR, Audience.OBSERVER):
            return ()
        if self._game.as_team is not None:  # a team's database role may not read them
            return ()
        with self._session() as s:
            names = self._names(s)
            return tuple(
                ObservationView(
                    o.id,
                    o.turn,
                    o.move_id,
                    names.get(o.author_id, "?"),
                    o.text,
                    tuple(o.tags or ()),
                    tuple(o.question_ids or ()),
                    o.created_at,
                    o.voided_at is not None,
                    o.void_reason,
                )
                for o in s.scalars(
                    select(m.Observation)
                    .where(m.Observation.game_id == self._game.game_id)
                    .order_by(m.Observation.id)
                )
            )

    def findings(self, viewer: Viewer) -> tuple[FindingView, ...]:
        """Hot-wash findings (not for the public view)."""
        if viewer.audience is Audience.PUBLIC:
            return ()
        with self._session() as s:
            names = self._names(s)
            return tuple(
                FindingView(
                    h.id,
                    h.kind,
                    h.text,
                    h.recommendation,
                    h.owner,
                    tuple(h.question_ids or ()),
                    names.get(h.author_id, "?"),
                    h.created_at,
                    h.voided_at is not None,
                )
                for h in s.scalars(
                    select(m.HotwashFinding)
                    .where(m.HotwashFinding.game_id == self._game.game_id)
                    .order_by(m.HotwashFinding.id)
                )
            )

    def audit(self, viewer: Viewer, *, action: str | None = None) -> tuple[AuditView, ...]:
        """The audit trail (facilitator only); with ``action``, only its lines of that action."""
        if viewer.audience is not Audience.FACILITATOR or self._game.as_team is not None:
            return ()
        query = select(m.Audit).where(m.Audit.game_id == self._game.game_id)
        if action is not None:
            query = query.where(m.Audit.action == action)
        with self._session() as s:
            return tuple(
                AuditView(
                    a.id,
                    a.at,
                    a.actor,
                    a.action,
                    a.entity,
                    a.entity_id,
                    dict(a.details or {}),
                    a.reason,
                )
                for a in s.scalars(query.order_by(m.Audit.id))
            )
