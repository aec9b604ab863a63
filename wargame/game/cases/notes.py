"""Notes, observations, hot-wash findings and the executive summary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from wargame.game.core import (
    Actor,
    GameCore,
    audit,
    clean_name_field,
    clean_text,
    use_case,
    utc_now,
)
from wargame.game.errors import InvalidInput, NotAllowed, NotFound
from wargame.game.views import Role
from wargame.scenario.analysis_plan import AnalysisPlan
from wargame.store import models as m


def tags_of(tags: Sequence[str]) -> tuple[str, ...]:
    """An observation's tags as stored: cleaned, lower-cased, each once (first kept)."""
    return tuple(dict.fromkeys(clean_text(t, "tag", limit=60).lower() for t in tags))


def check_questions(plan: AnalysisPlan, question_ids: Sequence[str]) -> None:
    """Refuse a question id the scenario's analysis plan does not have, naming those it has."""
    known = {q.id for q in plan.questions}
    for qid in question_ids:
        if qid not in known:
            raise NotFound(
                f"there is no analysis question '{qid}' (questions: "
                f"{', '.join(sorted(known)) or 'none'})"
            )


def add_observation(
    s: Session,
    game: m.Game,
    actor: Actor,
    text: str,
    tags: Sequence[str],
    question_ids: Sequence[str],
    move_id: int | None,
) -> m.Observation:
    """Insert an observation row of the current turn, already checked, and flush it."""
    row = m.Observation(
        game_id=game.id,
        turn=game.turn,
        move_id=move_id,
        author_id=actor.participant_id,
        text=text,
        tags=list(tags),
        question_ids=list(question_ids),
        created_at=utc_now(),
    )
    s.add(row)
    s.flush()
    return row


@dataclass(frozen=True)
class HotwashRequest:
    """A hot-wash finding: a strength, an area for improvement, or a finding."""

    kind: Literal["strength", "improvement", "finding"]
    text: str
    recommendation: str | None = None
    owner: str | None = None
    question_ids: Sequence[str] = ()


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
        clean_tags = tags_of(tags)
        check_questions(self.scenario.analysis, question_ids)
        actor = self._actor(s, by)
        if actor.role is Role.PLAYER:
            raise NotAllowed("observations are for observers and the white cell")
        if move_id is not None:
            self._move(s, move_id)
        row = add_observation(s, game, actor, text, clean_tags, question_ids, move_id)
        details = {"tags": list(clean_tags)}
        audit(s, game.id, actor, "observation.add", "observation", row.id, details)
        return row.id

    @use_case("record_hotwash")
    def record_hotwash(
        self,
        s: Session,
        game: m.Game,
        by: int,
        finding: HotwashRequest,
    ) -> int:
        """Record a hot-wash finding: a strength, an area for improvement, or a finding."""
        text = clean_text(finding.text, "finding")
        kind = finding.kind
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
            recommendation=clean_text(finding.recommendation, "recommendation", required=False)
            or None,
            owner=clean_name_field(finding.owner, "owner", required=False) or None,
            question_ids=list(finding.question_ids),
            author_id=actor.participant_id,
            created_at=utc_now(),
        )
        s.add(row)
        s.flush()
        audit(s, game.id, actor, "hotwash.add", "hotwash_finding", row.id, {"kind": kind})
        return row.id
