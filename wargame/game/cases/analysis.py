"""The analysts' use cases: evidence, insights, findings, recommendations, ratings, the plan.

Each takes a small frozen request and is one transaction with an audit line. Analysts are
observers or the white cell; players may not record analysis. Nothing is deleted: a
mistake is voided (:meth:`AnalysisCases.void_analysis`), and a changed rating or
improvement-plan row supersedes the old one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wargame.game.analysis_views import EVIDENCE_KINDS, HSEEP_LEVELS, EvidenceRef
from wargame.game.cases.corrections import model_of
from wargame.game.cases.notes import add_observation, check_questions, tags_of
from wargame.game.core import (
    MAX_TITLE,
    Actor,
    GameCore,
    audit,
    clean_text,
    use_case,
    utc_now,
    void_row,
)
from wargame.game.errors import InvalidInput, NotAllowed, NotFound
from wargame.game.views import Role
from wargame.game.voids import VoidKind
from wargame.store import analysis_models as am
from wargame.store import models as m

if TYPE_CHECKING:
    from wargame.game.analysis_queries import AnalysisQueries

_EVIDENCE_TABLES: dict[str, type[Any]] = {
    "move": m.Move,
    "adjudication": m.Adjudication,
    "inject_release": m.InjectRelease,
    "roll": m.Roll,
    "effect": m.Effect,
}
_ANNOTATABLE = (*EVIDENCE_KINDS, "observation", "note")


@dataclass(frozen=True)
class ObserveRequest:
    """An observation with the plan elements it collects and the log entries behind it."""

    by: int
    text: str
    element_ids: tuple[str, ...] = ()
    evidence: tuple[EvidenceRef, ...] = ()
    question_ids: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    move_id: int | None = None


@dataclass(frozen=True)
class LinkEvidenceRequest:
    """More elements or log entries for an observation already recorded."""

    by: int
    observation_id: int
    element_ids: tuple[str, ...] = ()
    evidence: tuple[EvidenceRef, ...] = ()


@dataclass(frozen=True)
class InsightRequest:
    """An insight drawn from observations."""

    by: int
    text: str
    observation_ids: tuple[int, ...]


@dataclass(frozen=True)
class FindingRequest:
    """A finding drawn from insights (a hot-wash finding of one of the three kinds)."""

    by: int
    text: str
    insight_ids: tuple[int, ...]
    kind: str = "finding"
    question_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecommendationRequest:
    """A recommendation drawn from findings."""

    by: int
    text: str
    finding_ids: tuple[int, ...]


@dataclass(frozen=True)
class RatingRequest:
    """An HSEEP rating (P, S, M or U) of an objective or a capability."""

    by: int
    subject: str
    rating: str
    strengths: str = ""
    improvements: str = ""


@dataclass(frozen=True)
class ImprovementRequest:
    """A row of the improvement plan; with ``replaces``, a new version of an existing row."""

    by: int
    action: str
    capability: str
    owner: str
    due: dt.date | None = None
    status: str = "open"
    finding_id: int | None = None
    replaces: int | None = None


@dataclass(frozen=True)
class AnnotationRequest:
    """A bookmark (no text) or an annotation on a log entry."""

    by: int
    entity: str
    entity_id: int
    text: str | None = None


@dataclass(frozen=True)
class VoidAnalysisRequest:
    """Void one analysis row: a link, insight, recommendation, rating, improvement or annotation.

    ``kind`` is a :class:`VoidKind` analysts may void (:meth:`VoidKind.parse_analysis`), or
    ``"insight"`` / ``"recommendation"`` for an analysis item of that kind.
    """

    by: int
    kind: VoidKind | str
    id: int
    reason: str


class AnalysisCases(GameCore):
    """The analysts' use cases."""

    def analysis(self) -> AnalysisQueries:
        """Read models of the analysts' work (coverage, the evidence chain, ratings …)."""
        from wargame.game.analysis_queries import AnalysisQueries

        return AnalysisQueries(self)

    def _analyst(self, s: Session, by: int) -> Actor:
        actor = self._actor(s, by)
        if actor.role is Role.PLAYER:
            raise NotAllowed(f"analysis is for observers and the white cell; {actor.name} plays")
        return actor

    # ------------------------------------------------------------------ evidence

    @use_case("observe")
    def record_observation(self, s: Session, game: m.Game, request: ObserveRequest) -> int:
        """Record an observation together with its elements and evidence, in one transaction."""
        text = clean_text(request.text, "observation")
        tags = tags_of(request.tags)
        questions = self._questions(request.question_ids, request.element_ids)
        actor = self._analyst(s, request.by)
        if request.move_id is not None:
            self._move(s, request.move_id)
        row = add_observation(s, game, actor, text, tags, questions, request.move_id)
        refs = request.evidence
        if request.move_id is not None:
            refs = (*refs, EvidenceRef("move", request.move_id))
        self._links(s, actor, row.id, request.element_ids, refs)
        audit(s, game.id, actor, "observation.add", "observation", row.id, {"tags": list(tags)})
        return row.id

    @use_case("link_evidence")
    def link_evidence(
        self, s: Session, game: m.Game, request: LinkEvidenceRequest
    ) -> tuple[int, ...]:
        """Tie an observation to more plan elements or log entries; returns the new link ids."""
        if not request.element_ids and not request.evidence:
            raise InvalidInput("name at least one element or log entry to link")
        self._questions((), request.element_ids)

        actor = self._analyst(s, request.by)
        observation = s.get(m.Observation, request.observation_id)
        if observation is None or observation.game_id != game.id or observation.is_void:
            raise NotFound(f"there is no observation #{request.observation_id} in this game")
        ids = self._links(s, actor, observation.id, request.element_ids, request.evidence)
        audit(s, game.id, actor, "evidence.link", "observation", observation.id, {"links": ids})
        return ids

    def _questions(self, question_ids: Sequence[str], element_ids: Sequence[str]) -> list[str]:
        plan = self.scenario.analysis
        check_questions(plan, question_ids)
        out = list(question_ids)
        known_e = {e.id for e in plan.elements}
        for eid in element_ids:
            if eid not in known_e:
                raise NotFound(
                    f"there is no element '{eid}' in the data collection plan (elements: "
                    f"{', '.join(sorted(known_e)) or 'none'})"
                )
            out.append(plan.question_of(eid).id)
        return list(dict.fromkeys(out))

    def _links(
        self,
        s: Session,
        actor: Actor,
        observation_id: int,
        element_ids: Sequence[str],
        refs: Sequence[EvidenceRef],
    ) -> tuple[int, ...]:
        rows = [
            self._link(actor, "observation", observation_id, "element", None, eid)
            for eid in dict.fromkeys(element_ids)
        ]
        for ref in dict.fromkeys(refs):
            self._check_evidence(s, ref)
            rows.append(self._link(actor, "observation", observation_id, ref.kind, ref.id, None))
        s.add_all(rows)
        s.flush()
        return tuple(r.id for r in rows)

    def _link(
        self,
        actor: Actor,
        source_kind: str,
        source_id: int,
        target_kind: str,
        target_id: int | None,
        target_ref: str | None,
    ) -> am.AnalysisLink:
        return am.AnalysisLink(
            game_id=self._game_id,
            source_kind=source_kind,
            source_id=source_id,
            target_kind=target_kind,
            target_id=target_id,
            target_ref=target_ref,
            author_id=actor.participant_id,
            created_at=utc_now(),
        )

    def _check_evidence(self, s: Session, ref: EvidenceRef) -> None:
        table: type[Any] | None = _EVIDENCE_TABLES.get(ref.kind)
        if table is None:
            raise InvalidInput(
                f"'{ref.kind}' is not a kind of log entry; use {', '.join(EVIDENCE_KINDS)}"
            )
        if table is m.Roll:  # a roll is known by its sequence number, as the dice log shows it
            row = s.scalars(
                select(m.Roll).where(m.Roll.game_id == self._game_id, m.Roll.sequence == ref.id)
            ).first()
        else:
            row = s.get(table, ref.id)
        if row is None or row.game_id != self._game_id:
            raise NotFound(f"there is no {ref.label} in this game")

    # ------------------------------------------------------------------ the chain

    @use_case("add_insight")
    def add_insight(self, s: Session, game: m.Game, request: InsightRequest) -> int:
        """An insight drawn from one or more observations."""
        text = clean_text(request.text, "insight")
        if not request.observation_ids:
            raise InvalidInput("an insight needs at least one observation behind it")

        actor = self._analyst(s, request.by)
        for oid in request.observation_ids:
            row = s.get(m.Observation, oid)
            if row is None or row.game_id != game.id or row.is_void:
                raise NotFound(f"there is no observation #{oid} in this game")
        return self._item(s, game, actor, "insight", text, "observation", request.observation_ids)

    @use_case("add_finding")
    def add_finding(self, s: Session, game: m.Game, request: FindingRequest) -> int:
        """A finding drawn from insights: a hot-wash finding linked to them."""
        text = clean_text(request.text, "finding")
        if request.kind not in ("strength", "improvement", "finding"):
            raise InvalidInput(
                f"unknown kind of finding '{request.kind}'; use strength, improvement or finding"
            )
        if not request.insight_ids:
            raise InvalidInput("a finding needs at least one insight behind it")
        questions = self._questions(request.question_ids, ())

        actor = self._analyst(s, request.by)
        self._check_items(s, "insight", request.insight_ids)
        row = m.HotwashFinding(
            game_id=game.id,
            kind=request.kind,
            text=text,
            question_ids=questions,
            author_id=actor.participant_id,
            created_at=utc_now(),
        )
        s.add(row)
        s.flush()
        s.add_all(
            self._link(actor, "finding", row.id, "insight", iid, None)
            for iid in dict.fromkeys(request.insight_ids)
        )
        audit(s, game.id, actor, "hotwash.add", "hotwash_finding", row.id, {"kind": request.kind})
        return row.id

    @use_case("add_recommendation")
    def add_recommendation(self, s: Session, game: m.Game, request: RecommendationRequest) -> int:
        """A recommendation drawn from one or more findings."""
        text = clean_text(request.text, "recommendation")
        if not request.finding_ids:
            raise InvalidInput("a recommendation needs at least one finding behind it")

        actor = self._analyst(s, request.by)
        for fid in request.finding_ids:
            self._finding(s, fid)
        return self._item(s, game, actor, "recommendation", text, "finding", request.finding_ids)

    def _item(
        self,
        s: Session,
        game: m.Game,
        actor: Actor,
        kind: str,
        text: str,
        source_kind: str,
        source_ids: Sequence[int],
    ) -> int:
        row = am.AnalysisItem(
            game_id=game.id,
            kind=kind,
            turn=game.turn,
            text=text,
            author_id=actor.participant_id,
            created_at=utc_now(),
        )
        s.add(row)
        s.flush()
        s.add_all(
            self._link(actor, kind, row.id, source_kind, sid, None)
            for sid in dict.fromkeys(source_ids)
        )
        audit(s, game.id, actor, f"{kind}.add", "analysis_item", row.id, {})
        return row.id

    def _check_items(self, s: Session, kind: str, ids: Sequence[int]) -> None:
        for item_id in ids:
            row = s.get(am.AnalysisItem, item_id)
            if row is None or row.game_id != self._game_id or row.kind != kind or row.is_void:
                raise NotFound(f"there is no {kind} #{item_id} in this game")

    def _finding(self, s: Session, finding_id: int) -> m.HotwashFinding:
        row = s.get(m.HotwashFinding, finding_id)
        if row is None or row.game_id != self._game_id or row.is_void:
            raise NotFound(f"there is no finding #{finding_id} in this game")
        return row

    # ------------------------------------------------------------------ ratings and the plan

    @use_case("rate")
    def rate(self, s: Session, game: m.Game, request: RatingRequest) -> int:
        """Rate an objective or capability; a new rating supersedes the previous one."""
        subjects = self.scenario.analysis.rating_subjects()
        if request.subject not in subjects:
            raise NotFound(
                f"'{request.subject}' is neither an objective nor a capability of the plan "
                f"(known: {', '.join(sorted(subjects)) or 'none'})"
            )
        if request.rating not in HSEEP_LEVELS:
            raise InvalidInput(
                f"the rating '{request.rating}' is not on the HSEEP scale; use P, S, M or U"
            )
        strengths = clean_text(request.strengths, "strengths", required=False)
        improvements = clean_text(request.improvements, "areas for improvement", required=False)

        actor = self._analyst(s, request.by)
        old = s.scalars(
            select(am.HseepRating).where(
                am.HseepRating.game_id == game.id,
                am.HseepRating.subject == request.subject,
                am.HseepRating.voided_at.is_(None),
            )
        ).all()
        row = am.HseepRating(
            game_id=game.id,
            subject=request.subject,
            rating=request.rating,
            strengths=strengths,
            improvements=improvements,
            author_id=actor.participant_id,
            created_at=utc_now(),
        )
        s.add(row)
        s.flush()
        for previous in old:
            void_row(previous, actor, "rated again")
            previous.superseded_by_id = row.id
        audit(
            s, game.id, actor, "rating.add", "hseep_rating", row.id,
            {"subject": request.subject, "rating": request.rating},
        )  # fmt: skip
        return row.id

    @use_case("plan_improvement")
    def plan_improvement(self, s: Session, game: m.Game, request: ImprovementRequest) -> int:
        """Add a row to the improvement plan, or a new version of one (``replaces``)."""
        fields = _improvement_fields(request)

        actor = self._analyst(s, request.by)
        old = None
        if request.replaces is not None:
            old = s.get(am.ImprovementAction, request.replaces)
            if old is None or old.game_id != game.id or old.is_void:
                raise NotFound(f"there is no improvement action #{request.replaces}")
        if request.finding_id is not None:
            self._finding(s, request.finding_id)
        row = am.ImprovementAction(
            game_id=game.id, author_id=actor.participant_id, created_at=utc_now(), **fields
        )
        s.add(row)
        s.flush()
        if old is not None:
            void_row(old, actor, "revised")
            old.superseded_by_id = row.id
        audit(
            s, game.id, actor, "improvement.add", "improvement_action", row.id,
            {"replaces": request.replaces, "status": request.status},
        )  # fmt: skip
        return row.id

    # ------------------------------------------------------------------ replay notes, voids

    @use_case("annotate")
    def annotate(self, s: Session, game: m.Game, request: AnnotationRequest) -> int:
        """Bookmark a log entry (no text) or annotate it, for replay and the report.

        Bookmarking an entry its author has already bookmarked returns that bookmark.
        """
        if request.entity not in _ANNOTATABLE:
            raise InvalidInput(
                f"'{request.entity}' is not a kind of log entry; use {', '.join(_ANNOTATABLE)}"
            )
        text = clean_text(request.text, "annotation", required=False) or None
        tables: dict[str, type[Any]] = {
            **_EVIDENCE_TABLES,
            "observation": m.Observation,
            "note": m.Note,
        }
        table = tables[request.entity]

        actor = self._analyst(s, request.by)
        target = s.get(table, request.entity_id)
        if target is None or target.game_id != game.id:
            raise NotFound(f"there is no {request.entity} #{request.entity_id} in this game")
        if text is None:  # a second click on "Bookmark" adds nothing
            kept = s.scalars(
                select(am.LogAnnotation.id).where(
                    am.LogAnnotation.game_id == game.id,
                    am.LogAnnotation.kind == "bookmark",
                    am.LogAnnotation.entity == request.entity,
                    am.LogAnnotation.entity_id == request.entity_id,
                    am.LogAnnotation.author_id == actor.participant_id,
                    am.LogAnnotation.voided_at.is_(None),
                )
            ).first()
            if kept is not None:
                return int(kept)
        row = am.LogAnnotation(
            game_id=game.id,
            kind="annotation" if text else "bookmark",
            entity=request.entity,
            entity_id=request.entity_id,
            turn=int(getattr(target, "turn", game.turn)),
            text=text,
            author_id=actor.participant_id,
            created_at=utc_now(),
        )
        s.add(row)
        s.flush()
        audit(s, game.id, actor, f"{row.kind}.add", "log_annotation", row.id, {})
        return row.id

    @use_case("void_analysis")
    def void_analysis(self, s: Session, game: m.Game, request: VoidAnalysisRequest) -> None:
        """Void one analysis row (it stays in the record, marked with who, when and why)."""
        reason = clean_text(request.reason, "reason for voiding")
        kind, item_kind = VoidKind.parse_analysis(request.kind)
        table = model_of(kind)
        name = item_kind or kind.noun

        actor = self._analyst(s, request.by)
        row = s.get(table, request.id)
        kind_ok = item_kind is None or row is None or row.kind == item_kind
        if row is None or row.game_id != game.id or not kind_ok:
            raise NotFound(f"there is no {name} #{request.id} in this game")
        if row.is_void:
            raise InvalidInput(f"{name} #{request.id} is already void")
        void_row(row, actor, reason)
        audit(s, game.id, actor, "analysis.void", table.__tablename__, row.id, {}, reason)


def _improvement_fields(request: ImprovementRequest) -> dict[str, Any]:
    if request.status not in ("open", "in_progress", "done", "cancelled"):
        raise InvalidInput(
            f"unknown status '{request.status}'; use open, in_progress, done or cancelled"
        )
    return {
        "action": clean_text(request.action, "corrective action"),
        "capability": clean_text(request.capability, "capability", limit=MAX_TITLE),
        "owner": clean_text(request.owner, "owner", limit=MAX_TITLE),
        "due": request.due,
        "status": request.status,
        "finding_id": request.finding_id,
    }
