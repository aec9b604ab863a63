"""What the designer wrote, as the white cell sees it (SQLite and PostgreSQL): the umpire's
move tags for the facilitator only, voided records marked in the replay with their reason,
and an inject's effect left out because it no longer applied, read back from the audit."""

from __future__ import annotations

from pathlib import Path

from wargame.game import Viewer
from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.game.replay import ReplayQueries
from wargame.game.skips import SKIP_ACTION, skipped_effects
from wargame.scenario import load_scenario
from wargame.scenario.model import UnitCreateEffect

from .support import Table, make_table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"
FAC = Viewer.facilitator()


def leave_out_an_effect(t: Table) -> int:
    """Place the corvette by hand, then fire the inject that would place it: its effect is
    left out. Returns the move adjudicated."""
    t.go_to("moves")
    move = t.move(t.alice, "Escort the survey ship")
    t.go_to("adjudication")
    early = UnitCreateEffect(kind="unit_create", unit="borovian-corvette", region="borovian-waters")
    t.game.apply_effects(t.fac, [early], reason="The corvette sailed early")
    t.game.commit_adjudication(
        t.fac,
        AdjudicationRequest(
            method="ruling", narrative="n", rationale="r", move_id=move, outcome="success"
        ),
    )
    return move


def test_an_effect_left_out_is_read_back_for_the_white_cell_only(backend: str) -> None:
    kest = load_scenario(FIXTURES / "kest-coalitions.yaml")
    with make_table(backend, kest) as t:
        leave_out_an_effect(t)
        (release,) = t.q.injects(FAC)
        (skipped,) = skipped_effects(t.q.audit(FAC, action=SKIP_ACTION), t.q.phases())
        assert (skipped.turn, skipped.target, skipped.release_id) == (
            1,
            "borovian-corvette",
            release.id,
        )
        assert "already on the map" in skipped.why
        assert skipped.reason == f"inject: {release.title}"
        assert "left out" in skipped.sentence()
        assert t.q.audit(Viewer.team("blue"), action=SKIP_ACTION) == ()


def test_move_tags_are_shown_to_the_facilitator_only(backend: str) -> None:
    lines = load_scenario(FIXTURES / "red-lines-history.yaml")
    with make_table(backend, lines) as t:
        t.go_to("moves")
        move = t.move(t.alice, "Strike the depot")
        t.go_to("adjudication")
        t.game.reveal_moves(t.fac)
        request = AdjudicationRequest(
            method="ruling",
            narrative="n",
            rationale="r",
            move_id=move,
            outcome="success",
            tags=("strike",),
        )
        t.game.commit_adjudication(t.fac, request)
        (ruling,) = t.q.adjudications(FAC)
        assert ruling.inputs["tags"] == ["strike"]
        for viewer in (Viewer.team("blue"), Viewer.team("red"), Viewer.public()):
            (seen,) = t.q.adjudications(viewer)
            assert "tags" not in seen.inputs, viewer


def test_a_rationale_reaches_teams_and_the_room_only_once_announced(backend: str) -> None:
    lines = load_scenario(FIXTURES / "red-lines-history.yaml")
    with make_table(backend, lines) as t:
        t.go_to("moves")
        quiet = t.move(t.alice, "Strike the depot")
        loud = t.move(t.bob, "Hold the line")
        t.go_to("adjudication")
        t.game.reveal_moves(t.fac)
        for move, announced in ((quiet, False), (loud, True)):
            request = AdjudicationRequest(
                method="ruling",
                narrative="n",
                rationale=f"why {move}",
                move_id=move,
                outcome="success",
                announce_rationale=announced,
            )
            t.game.commit_adjudication(t.fac, request)
        for viewer in (FAC, Viewer.observer()):
            seen = {a.move_id: a.rationale for a in t.q.adjudications(viewer)}
            assert seen == {quiet: f"why {quiet}", loud: f"why {loud}"}, viewer
        for viewer in (Viewer.team("blue"), Viewer.team("red"), Viewer.public()):
            seen = {a.move_id: a.rationale for a in t.q.adjudications(viewer)}
            assert seen == {quiet: "", loud: f"why {loud}"}, viewer


def test_the_replay_marks_voided_records_with_their_reason(table: Table) -> None:
    t = table
    t.go_to("moves")
    move = t.move(t.alice, "Frigates to Kest")
    kept = t.move(t.bob, "Hold the line")
    note = t.game.note(t.fac, "Blue looks nervous")
    t.game.void(t.fac, "move", move, reason="entered twice")
    t.game.void(t.fac, "note", note, reason="wrong game")
    moments = {(mo.kind, mo.record_id): mo for mo in ReplayQueries(t.game).moments(FAC)}
    assert moments[("move", move)].void_reason == "entered twice"
    assert moments[("note", note)].void_reason == "wrong game"
    assert moments[("move", kept)].void_reason is None
