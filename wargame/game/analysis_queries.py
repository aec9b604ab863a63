"""Queries of the analysts' work: coverage of the plan, the evidence chain, ratings, the plan.

Only the white cell and observers see analysis: a team's viewer (and a game opened with a
shared game's team role, which may not read these tables) gets empty answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from wargame.game.analysis_views import (
    AnalysisRecord,
    AnnotationView,
    ChainItem,
    ChainObservation,
    CoverageView,
    ElementCoverage,
    EvidenceChain,
    EvidenceObservation,
    EvidenceRef,
    ImprovementView,
    RatingView,
)
from wargame.game.evidence import resolve_evidence
from wargame.game.views import Audience, Viewer
from wargame.rules import turns
from wargame.store import analysis_models as am
from wargame.store import models as m

if TYPE_CHECKING:
    from wargame.game.cases.analysis import AnalysisCases


_Row = TypeVar("_Row")


class AnalysisQueries:
    """Read models of the analysts' work; each method opens and closes its own session."""

    def __init__(self, game: AnalysisCases) -> None:
        self._game = game
        self.scenario = game.scenario

    def _session(self) -> Any:
        return self._game._read()

    def _hidden(self, viewer: Viewer) -> bool:
        return (
            viewer.audience not in (Audience.FACILITATOR, Audience.OBSERVER)
            or self._game.as_team is not None
        )

    def _names(self, s: Session) -> dict[int, str]:
        rows = s.execute(
            select(m.Participant.id, m.Participant.name).where(
                m.Participant.game_id == self._game._game_id
            )
        )
        return {int(pid): str(name) for pid, name in rows}

    def _live(self, s: Session, model: type[_Row]) -> list[_Row]:
        """The game's rows of ``model`` that are not void, oldest first."""
        table: Any = model
        return list(
            s.scalars(
                select(model)
                .where(table.game_id == self._game._game_id, table.voided_at.is_(None))
                .order_by(table.id)
            )
        )

    def _links(self, s: Session) -> list[am.AnalysisLink]:
        return self._live(s, am.AnalysisLink)

    def _observations(self, s: Session) -> list[m.Observation]:
        return self._live(s, m.Observation)

    # ------------------------------------------------------------------ coverage

    def coverage(self, viewer: Viewer, turn: int | None = None) -> CoverageView:
        """Every element of the data collection plan with its evidence, at ``turn`` (now)."""
        with self._session() as s:
            game = s.get(m.Game, self._game._game_id)
            assert game is not None
            turn = game.turn if turn is None else turn
            if self._hidden(viewer):
                return CoverageView(turn, ())
            names = self._names(s)
            observations = {o.id: o for o in self._observations(s) if o.turn <= turn}
            by_element: dict[str, list[EvidenceObservation]] = {}
            for link in self._links(s):
                if link.source_kind != "observation" or link.target_kind != "element":
                    continue
                o = observations.get(link.source_id)
                if o is None or link.target_ref is None:
                    continue
                by_element.setdefault(link.target_ref, []).append(
                    EvidenceObservation(o.id, o.turn, names.get(o.author_id, "?"), o.text)
                )
        out = []
        for question in self.scenario.analysis.questions:
            for element in question.elements:
                evidence = tuple(sorted(by_element.get(element.id, []), key=lambda e: e.id))
                out.append(
                    ElementCoverage(
                        id=element.id,
                        text=element.text,
                        what=element.what,
                        by=element.by.value,
                        when=element.when.value,
                        question_id=question.id,
                        objective_id=question.objective,
                        evidence=evidence,
                        collected_this_turn=any(e.turn == turn for e in evidence),
                    )
                )
        return CoverageView(turn, tuple(out))

    def warning_before_advance(self, viewer: Viewer) -> str | None:
        """What to tell the white cell before advancing, if that ends the turn with gaps.

        None when the advance stays within the turn, the game is not running, or every
        element due by the end of the turn has evidence. The facilitator may still go on.
        """
        with self._session() as s:
            game = s.get(m.Game, self._game._game_id)
            assert game is not None
            if game.status != "running" or game.phase_id is None:
                return None
            here = turns.Position(game.turn, game.phase_id)
        after = turns.next_position(self.scenario.turn_plan, here)
        if after is not None and after.turn == here.turn:
            return None
        return self.coverage(viewer).warning(ending="turn")

    def warning_before_end(self, viewer: Viewer) -> str | None:
        """What to tell the white cell before ending the game with elements uncollected."""
        return self.coverage(viewer).warning(ending="game")

    # ------------------------------------------------------------------ the chain

    def chain(self, viewer: Viewer) -> EvidenceChain:
        """Observations → insights → findings → recommendations, with their evidence."""
        if self._hidden(viewer):
            return EvidenceChain((), (), (), ())
        with self._session() as s:
            names = self._names(s)
            links = self._links(s)
            sources: dict[tuple[str, int], list[am.AnalysisLink]] = {}
            for link in links:
                sources.setdefault((link.source_kind, link.source_id), []).append(link)
            observations = tuple(
                _chain_observation(s, o, names, sources.get(("observation", o.id), []))
                for o in self._observations(s)
            )
            items = self._live(s, am.AnalysisItem)
            findings = self._live(s, m.HotwashFinding)

            def item(kind: str, row_id: int, text: str, author: int) -> ChainItem:
                linked = sources.get((kind, row_id), [])
                ids = tuple(lk.target_id for lk in linked if lk.target_id is not None)
                return ChainItem(row_id, kind, text, names.get(author, "?"), ids)

            insights = tuple(
                item("insight", i.id, i.text, i.author_id) for i in items if i.kind == "insight"
            )
            recommendations = tuple(
                item("recommendation", i.id, i.text, i.author_id)
                for i in items
                if i.kind == "recommendation"
            )
            chain_findings = tuple(
                ChainItem(
                    f.id,
                    "finding",
                    f.text,
                    names.get(f.author_id, "?"),
                    item("finding", f.id, f.text, f.author_id).sources,
                    f.kind,
                )
                for f in findings
            )
        return EvidenceChain(observations, insights, chain_findings, recommendations)

    def record(self, viewer: Viewer) -> AnalysisRecord:
        """Coverage (now and at the end of each turn played), the chain, ratings, the plan."""
        if self._hidden(viewer):
            return AnalysisRecord.empty()
        now = self.coverage(viewer)
        return AnalysisRecord(
            coverage=now,
            coverage_by_turn=tuple(self.coverage(viewer, t) for t in range(1, now.turn + 1)),
            chain=self.chain(viewer),
            ratings=self.ratings(viewer),
            improvement_plan=self.improvement_plan(viewer),
            annotations=self.annotations(viewer),
        )

    # ------------------------------------------------------------------ ratings, plan, notes

    def ratings(self, viewer: Viewer) -> tuple[RatingView, ...]:
        """The current HSEEP rating of each rated objective or capability, in plan order."""
        if self._hidden(viewer):
            return ()
        subjects = self.scenario.analysis.rating_subjects()
        order = {sid: i for i, sid in enumerate(subjects)}
        with self._session() as s:
            names = self._names(s)
            rows = self._live(s, am.HseepRating)
            views = [
                RatingView(
                    r.id,
                    r.subject,
                    subjects.get(r.subject, r.subject),
                    r.rating,
                    r.strengths,
                    r.improvements,
                    names.get(r.author_id, "?"),
                    r.created_at,
                )
                for r in rows
            ]
        return tuple(sorted(views, key=lambda v: (order.get(v.subject, len(order)), v.id)))

    def improvement_plan(self, viewer: Viewer) -> tuple[ImprovementView, ...]:
        """The current rows of the improvement plan (revised rows show their latest version)."""
        if self._hidden(viewer):
            return ()
        with self._session() as s:
            rows = self._live(s, am.ImprovementAction)
            return tuple(
                ImprovementView(
                    r.id,
                    r.action,
                    r.capability,
                    r.owner,
                    r.due,
                    r.status,
                    r.finding_id,
                    r.created_at,
                )
                for r in rows
            )

    def annotations(self, viewer: Viewer) -> tuple[AnnotationView, ...]:
        """Bookmarks and annotations on log entries, oldest first."""
        if self._hidden(viewer):
            return ()
        with self._session() as s:
            names = self._names(s)
            rows = self._live(s, am.LogAnnotation)
            return tuple(
                AnnotationView(
                    r.id,
                    r.kind,
                    r.entity,
                    r.entity_id,
                    r.turn,
                    r.text,
                    names.get(r.author_id, "?"),
                    r.created_at,
                )
                for r in rows
            )


def _chain_observation(
    s: Session, o: m.Observation, names: dict[int, str], links: list[am.AnalysisLink]
) -> ChainObservation:
    elements = tuple(lk.target_ref for lk in links if lk.target_kind == "element" and lk.target_ref)
    evidence = tuple(
        EvidenceRef(lk.target_kind, lk.target_id)
        for lk in links
        if lk.target_kind != "element" and lk.target_id is not None
    )
    if o.move_id is not None and EvidenceRef("move", o.move_id) not in evidence:
        evidence = (EvidenceRef("move", o.move_id), *evidence)
    cited = resolve_evidence(s, o.game_id, evidence)
    return ChainObservation(
        o.id,
        o.turn,
        names.get(o.author_id, "?"),
        o.text,
        tuple(o.question_ids or ()),
        elements,
        tuple(dict.fromkeys(c.now for c in cited)),
        cited,
    )
