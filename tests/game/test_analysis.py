"""The data collection plan and the evidence chain, on the tutorial game (file and PostgreSQL)
and on the demo game of the troop-deployment scenario.

Coverage, warnings before a turn or the game ends, observations with evidence, insights →
findings → recommendations, HSEEP ratings, the improvement plan, bookmarks and voids.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from wargame.cli import main
from wargame.game import AdHocInject, Game, InvalidInput, NotAllowed, NotFound, Viewer
from wargame.game.analysis_views import EvidenceRef
from wargame.game.cases.analysis import (
    AnnotationRequest,
    FindingRequest,
    ImprovementRequest,
    InsightRequest,
    LinkEvidenceRequest,
    ObserveRequest,
    RatingRequest,
    RecommendationRequest,
    VoidAnalysisRequest,
)
from wargame.game.voids import VoidKind

from .support import Table

FAC = Viewer.facilitator()


def _status(table: Table, element: str) -> str:
    coverage = table.game.analysis().coverage(FAC)
    return next(e.status for e in coverage.elements if e.id == element)


def test_an_element_is_collected_this_turn_only_once_observed_this_turn(table: Table) -> None:
    table.go_to("moves")
    assert _status(table, "blue-choices") == "uncollected"
    table.game.record_observation(
        ObserveRequest(table.olga, "Blue held back.", element_ids=("blue-choices",))
    )
    assert _status(table, "blue-choices") == "collected"
    table.next_turn_to("moves")
    assert _status(table, "blue-choices") == "uncollected"
    coverage = table.game.analysis().coverage(FAC)
    element = next(e for e in coverage.elements if e.id == "blue-choices")
    assert [e.turn for e in element.evidence] == [1]
    assert element.question_id == "red-line-effect"


def test_an_observation_on_an_element_is_tagged_to_its_question(table: Table) -> None:
    table.go_to("moves")
    oid = table.game.record_observation(
        ObserveRequest(table.olga, "Blue held back.", element_ids=("blue-choices",))
    )
    (observation,) = [o for o in table.q.observations(FAC) if o.id == oid]
    assert observation.question_ids == ("red-line-effect",)


def test_ending_a_turn_with_an_uncollected_element_warns_and_still_goes_on(table: Table) -> None:
    table.go_to("narrative")
    analysis = table.game.analysis()
    warning = analysis.warning_before_advance(FAC)
    assert warning is not None
    assert "blue-choices" in warning and "this turn" in warning
    assert "step-backs" not in warning  # a hot-wash element is not due at a turn's end
    table.game.advance(table.fac)  # the facilitator may go on
    assert table.phase() == (2, "briefing")


def test_no_warning_within_a_turn_or_once_everything_is_collected(table: Table) -> None:
    table.go_to("moves")
    assert table.game.analysis().warning_before_advance(FAC) is None  # not the turn's end
    table.go_to("narrative")
    table.game.record_observation(
        ObserveRequest(table.olga, "Blue moved.", element_ids=("blue-choices",))
    )
    assert table.game.analysis().warning_before_advance(FAC) is None


def test_ending_the_game_warns_of_hot_wash_elements_too(table: Table) -> None:
    table.go_to("narrative")
    table.game.record_observation(
        ObserveRequest(table.olga, "Blue moved.", element_ids=("blue-choices",))
    )
    warning = table.game.analysis().warning_before_end(FAC)
    assert warning is not None and "step-backs" in warning and "the game" in warning
    table.game.end_game(table.fac)
    assert table.q.summary().status == "ended"


def test_an_observation_links_to_the_log_entries_behind_it(table: Table) -> None:
    table.go_to("moves")
    move = table.move(table.alice, "Patrol")
    oid = table.game.record_observation(
        ObserveRequest(
            table.olga,
            "Blue patrolled.",
            element_ids=("blue-choices",),
            evidence=(EvidenceRef("move", move),),
        )
    )
    inject = table.game.release_ad_hoc_inject(
        table.fac, AdHocInject(title="Storm", text="A storm.")
    )
    table.game.link_evidence(
        LinkEvidenceRequest(table.olga, oid, evidence=(EvidenceRef("inject_release", inject),))
    )
    observation = table.game.analysis().chain(FAC).observation(oid)
    assert observation is not None
    assert observation.evidence == (
        EvidenceRef("move", move),
        EvidenceRef("inject_release", inject),
    )
    assert observation.element_ids == ("blue-choices",)


@pytest.mark.parametrize(
    ("request_", "error", "words"),
    [
        (ObserveRequest(0, "x", element_ids=("nope",)), NotFound, "no element 'nope'"),
        (ObserveRequest(0, "x", evidence=(EvidenceRef("move", 999),)), NotFound, "move 999"),
        (ObserveRequest(0, "x", evidence=(EvidenceRef("bike", 1),)), InvalidInput, "'bike'"),
        (ObserveRequest(0, "   "), InvalidInput, "observation is empty"),
    ],
)
def test_a_bad_observation_is_refused_with_a_sentence_and_writes_nothing(
    table: Table, request_: ObserveRequest, error: type[Exception], words: str
) -> None:
    table.go_to("moves")
    before = len(table.q.observations(FAC))
    bad = ObserveRequest(
        table.olga, request_.text, element_ids=request_.element_ids, evidence=request_.evidence
    )
    with pytest.raises(error, match=words):
        table.game.record_observation(bad)
    assert len(table.q.observations(FAC)) == before
    assert table.game.analysis().chain(FAC).observations == ()


def test_players_record_no_analysis_and_teams_see_none(table: Table) -> None:
    table.go_to("moves")
    with pytest.raises(NotAllowed, match="observers and the white cell"):
        table.game.record_observation(ObserveRequest(table.alice, "I saw it."))
    table.game.record_observation(
        ObserveRequest(table.olga, "Blue moved.", element_ids=("blue-choices",))
    )
    analysis = table.game.analysis()
    assert analysis.coverage(Viewer.team("blue")).elements == ()
    assert analysis.chain(Viewer.public()).observations == ()
    assert len(analysis.chain(Viewer.observer(table.olga)).observations) == 1


def _chain(table: Table) -> tuple[int, int, int, int]:
    table.go_to("moves")
    move = table.move(table.alice, "Patrol")
    o1 = table.game.record_observation(
        ObserveRequest(table.olga, "Blue patrolled.", evidence=(EvidenceRef("move", move),))
    )
    o2 = table.game.record_observation(ObserveRequest(table.olga, "Red watched."))
    insight = table.game.add_insight(InsightRequest(table.olga, "Blue leads.", (o1, o2)))
    finding = table.game.add_finding(FindingRequest(table.olga, "Blue set the pace.", (insight,)))
    rec = table.game.add_recommendation(
        RecommendationRequest(table.fac, "Give red more options.", (finding,))
    )
    return move, insight, finding, rec


def test_observations_group_into_insights_findings_and_recommendations(table: Table) -> None:
    move, insight, finding, rec = _chain(table)
    chain = table.game.analysis().chain(FAC)
    assert [i.id for i in chain.insights] == [insight]
    assert len(chain.insights[0].sources) == 2
    assert [(f.id, f.sources, f.finding_kind) for f in chain.findings] == [
        (finding, (insight,), "finding")
    ]
    assert [(r.id, r.sources) for r in chain.recommendations] == [(rec, (finding,))]
    assert chain.evidence_of_finding(finding) == (EvidenceRef("move", move),)
    # the finding is also a hot-wash finding, so the existing report sections show it
    assert [f.id for f in table.q.findings(FAC)] == [finding]


def test_a_chain_link_to_something_missing_is_refused(table: Table) -> None:
    table.go_to("moves")
    with pytest.raises(NotFound, match="no observation #404"):
        table.game.add_insight(InsightRequest(table.olga, "x", (404,)))
    with pytest.raises(NotFound, match="no insight #9"):
        table.game.add_finding(FindingRequest(table.olga, "x", (9,)))
    with pytest.raises(InvalidInput, match="at least one finding"):
        table.game.add_recommendation(RecommendationRequest(table.olga, "x", ()))
    assert table.game.analysis().chain(FAC).insights == ()


def test_a_voided_insight_leaves_the_chain(table: Table) -> None:
    _, insight, _, _ = _chain(table)
    table.game.void_analysis(VoidAnalysisRequest(table.fac, "insight", insight, "duplicate"))
    assert table.game.analysis().chain(FAC).insights == ()
    with pytest.raises(InvalidInput, match="already void"):
        table.game.void_analysis(VoidAnalysisRequest(table.fac, "insight", insight, "again"))
    with pytest.raises(NotFound, match="no recommendation"):
        table.game.void_analysis(VoidAnalysisRequest(table.fac, "recommendation", insight, "x"))


def test_what_analysts_may_void_is_read_from_the_one_list_of_void_kinds(table: Table) -> None:
    _chain(table)
    table.game.rate(RatingRequest(table.olga, "learn-the-turn", "M", "Fast.", "Confused."))
    (rating,) = table.game.analysis().ratings(FAC)
    analysts = {k for k in VoidKind if k.analysts_void}
    assert analysts == {
        VoidKind.EVIDENCE_LINK,
        VoidKind.ANALYSIS_ITEM,
        VoidKind.RATING,
        VoidKind.IMPROVEMENT,
        VoidKind.ANNOTATION,
    }
    table.game.void_analysis(VoidAnalysisRequest(table.olga, VoidKind.RATING, rating.id, "typo"))
    assert table.game.analysis().ratings(FAC) == ()
    with pytest.raises(InvalidInput, match=r"HSEEP rating #\d+ is already void"):
        table.game.void_analysis(VoidAnalysisRequest(table.olga, "rating", rating.id, "again"))
    for refused in ("move", "phase", "participant", "nonsense"):
        with pytest.raises(InvalidInput, match=f"'{refused}' cannot be voided here; use insight"):
            table.game.void_analysis(VoidAnalysisRequest(table.olga, refused, 1, "no"))
    assert [m.voided for m in table.q.moves(FAC)] == [False]  # the refusal changed nothing


def test_a_new_rating_supersedes_the_last(table: Table) -> None:
    table.game.rate(RatingRequest(table.olga, "learn-the-turn", "M", "Fast.", "Confused."))
    table.game.rate(RatingRequest(table.olga, "learn-the-turn", "S", "Fast.", "Less confused."))
    (rating,) = table.game.analysis().ratings(FAC)
    assert (rating.rating, rating.level) == ("S", "Performed with some challenges")
    assert rating.improvements == "Less confused."


def test_a_rating_off_the_scale_or_of_an_unknown_subject_is_refused(table: Table) -> None:
    with pytest.raises(InvalidInput, match="not on the HSEEP scale"):
        table.game.rate(RatingRequest(table.olga, "learn-the-turn", "Q"))
    with pytest.raises(NotFound, match="neither an objective nor a capability"):
        table.game.rate(RatingRequest(table.olga, "flying", "P"))
    assert table.game.analysis().ratings(FAC) == ()


def test_the_improvement_plan_keeps_each_rows_latest_version(table: Table) -> None:
    due = dt.date(2027, 1, 31)
    first = table.game.plan_improvement(
        ImprovementRequest(table.fac, "Brief the red line.", "Briefing", "White cell", due)
    )
    table.game.plan_improvement(
        ImprovementRequest(
            table.fac, "Brief the red line.", "Briefing", "White cell", due, "done", replaces=first
        )
    )
    (row,) = table.game.analysis().improvement_plan(FAC)
    assert (row.status, row.due, row.owner) == ("done", due, "White cell")
    with pytest.raises(InvalidInput, match="unknown status 'later'"):
        table.game.plan_improvement(ImprovementRequest(table.fac, "x", "y", "z", status="later"))


def test_bookmarks_and_annotations_are_kept_on_log_entries(table: Table) -> None:
    table.go_to("moves")
    move = table.move(table.alice, "Patrol")
    table.game.annotate(AnnotationRequest(table.olga, "move", move))
    table.game.annotate(AnnotationRequest(table.fac, "move", move, "The turning point."))
    kinds = [(a.kind, a.entity_id, a.text) for a in table.game.analysis().annotations(FAC)]
    assert kinds == [("bookmark", move, None), ("annotation", move, "The turning point.")]
    again = table.game.annotate(AnnotationRequest(table.olga, "move", move))
    assert again == table.game.analysis().annotations(FAC)[0].id  # one bookmark, not two
    assert len(table.game.analysis().annotations(FAC)) == 2
    with pytest.raises(NotFound, match="no move #77"):
        table.game.annotate(AnnotationRequest(table.fac, "move", 77))


# ---------------------------------------------------------------------------- the demo game


@pytest.fixture(scope="module")
def demo_game(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    assert main(["demo", "-o", str(folder)]) == 0
    return folder / "demo.wargame"


@pytest.mark.slow
def test_the_demo_collects_every_element_of_its_plan(demo_game: Path) -> None:
    with Game.open(demo_game) as game:
        coverage = game.analysis().coverage(FAC)
    assert {e.id for e in coverage.elements} >= {"red-line-baseline", "off-ramp-inventory"}
    assert all(e.collected for e in coverage.elements)
    assert coverage.warning(ending="game") is None


def test_the_demo_turn_three_left_elements_uncollected(demo_game: Path) -> None:
    with Game.open(demo_game) as game:
        gaps = game.analysis().coverage(FAC, turn=3).gaps(ending="turn")
    assert {e.id for e in gaps} == {"russian-reactions", "misreadings"}


def test_the_demo_chain_runs_from_findings_to_moves_and_adjudications(demo_game: Path) -> None:
    with Game.open(demo_game) as game:
        chain = game.analysis().chain(FAC)
        ratings = game.analysis().ratings(FAC)
        plan = game.analysis().improvement_plan(FAC)
    linked = [f for f in chain.findings if f.sources]
    assert len(linked) == 4 and len(chain.recommendations) == 2
    kinds = {ref.kind for f in linked for ref in chain.evidence_of_finding(f.id)}
    assert kinds == {"move", "adjudication"}
    assert [r.subject for r in ratings][:3] == [
        "red-line-effect",
        "western-cohesion",
        "escalation-control",
    ]
    assert {p.status for p in plan} == {"open", "in_progress"}
