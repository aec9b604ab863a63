"""Notes, observations, hot-wash findings and the executive summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from sqlalchemy.orm import Session

from wargame.game.core import GameCore, audit, clean_name_field, clean_text, use_case, utc_now
from wargame.game.errors import InvalidInput, NotAllowed, NotFound
from wargame.game.views import Role
from wargame.store import models as m


class NoteCases(GameCore):
    """Notes, observations, hot-wash findings and the executive summary."""

    @use_case("note")
    def note(self, s: Session, game: m.Game, by: int, text: str) -> int:
        """A facilitator's note (never shown to players or in the public report)."""
        text = clean_text(text, "note")

        actor = self._facilitator(s, by)
        row = m.Note(
            game_id=game.id,
            turn=game.turn,
            author_id=actor.participant_id,
            text=text,
            created_at=utc_now(),
        )
        s.add(row)
        s.flush()
        audit(s, game.id, actor, "note.add", "note", row.id, {})
        return row.id

    @use_case("observe")
    def observe(
        self,
        s: Session,
        game: m.Game,
        by: int,
        text: str,
        *,
        tags: Sequence[str] = (),
        question_ids: Sequence[str] = (),
        move_id: int | None = None,
    ) -> int:
        """An observer's (or facilitator's) observation, tagged to the analysis questions."""
        text = clean_text(text, "observation")
        clean_tags = tuple(dict.fromkeys(clean_text(t, "tag", limit=60).lower() for t in tags))
        known_q = {q.id for q in self.scenario.analysis.questions}
        for qid in question_ids:
            if qid not in known_q:
                raise NotFound(
                    f"there is no analysis question '{qid}' (questions: "
                    f"{', '.join(sorted(known_q)) or 'none'})"
                )

        actor = self._actor(s, by)
        if actor.role is Role.PLAYER:
            raise NotAllowed("observations are for observers and the white cell")
        if move_id is not None:
            self._move(s, move_id)
        row = m.Observation(
            game_id=game.id,
            turn=game.turn,
            move_id=move_id,
            author_id=actor.participant_id,
            text=text,
            tags=list(clean_tags),
            question_ids=list(question_ids),
            created_at=utc_now(),
        )
        s.add(row)
        s.flush()
        audit(
            s,
            game.id,
            actor,
            "observation.add",
            "observation",
            row.id,
            {"tags": list(clean_tags)},
        )
        return row.id

    @use_case("record_hotwash")
    def record_hotwash(
        self,
        s: Session,
        game: m.Game,
        by: int,
        *,
        kind: Literal["strength", "improvement", "finding"],
        text: str,
        recommendation: str | None = None,
        owner: str | None = None,
        question_ids: Sequence[str] = (),
    ) -> int:
        """Record a hot-wash finding: a strength, an area for improvement, or a finding."""
        text = clean_text(text, "finding")
        if kind not in ("strength", "improvement", "finding"):
            raise InvalidInput(
                f"unknown kind of finding '{kind}'; use strength, improvement or finding"
            )

        actor = self._actor(s, by)
        if actor.role is Role.PLAYER:
            raise NotAllowed("hot-wash findings are recorded by the white cell or analysts")
        row = m.HotwashFinding(
            game_id=game.id,
            kind=kind,
            text=text,
            recommendation=clean_text(recommendation, "recommendation", required=False) or None,
            owner=clean_name_field(owner, "owner", required=False) or None,
            question_ids=list(question_ids),
            author_id=actor.participant_id,
            created_at=utc_now(),
        )
        s.add(row)
        s.flush()
        audit(s, game.id, actor, "hotwash.add", "hotwash_finding", row.id, {"kind": kind})
        return row.id
