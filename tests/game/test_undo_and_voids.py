"""Undo in the game layer: one typed list of voidable kinds, void cascades, phase changes."""

from __future__ import annotations

import pytest

from wargame.game import InvalidInput, Viewer, WrongPhase
from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.game.progress import unfinished_work
from wargame.game.voids import VoidKind, VoidRequest, VoidTarget, created_targets
from wargame.rules.turns import Position
from wargame.scenario.model import UnitMoveEffect

from .support import Table

FAC = Viewer.facilitator()
INTO_STRAIT = UnitMoveEffect(kind="unit_move", unit="aurelian-frigates", to="strait")


def _ruling_into_strait(t: Table) -> int:
    t.go_to("adjudication")
    return t.game.commit_adjudication(
        t.fac,
        AdjudicationRequest(
            method="ruling",
            narrative="The frigates sail into the strait.",
            rationale="Nothing stops them.",
            outcome="success",
            effects=(INTO_STRAIT,),
        ),
    )


def test_void_kinds_are_one_enum_and_an_unknown_kind_is_refused(file_table: Table) -> None:
    assert VoidKind.parse("inject") is VoidKind.INJECT
    with pytest.raises(InvalidInput, match=r"'roll' records cannot be voided \(voidable: "):
        file_table.game.void(file_table.fac, "roll", 1, reason="bad luck")


def test_void_preview_lists_effects_red_line_and_the_inject_it_fired(file_table: Table) -> None:
    t = file_table
    ruling = _ruling_into_strait(t)
    assert [i.inject_id for i in t.q.injects(FAC)] == ["borovian-ultimatum"]
    assert t.q.state().track("escalation").value == 2  # the ultimatum's +1

    preview = t.game.void_preview("adjudication", ruling)

    kinds = [item.kind for item in preview.voided]
    assert kinds == [VoidKind.INJECT, VoidKind.EFFECT, VoidKind.EFFECT]
    assert "Borovian ultimatum" in preview.voided[0].description
    assert preview.red_lines_uncrossed == ("Aurelian warships in the strait",)
    assert "Inject 'Borovian ultimatum' can fire again." in preview.lines()
    assert t.q.state().track("escalation").value == 2  # a preview changes nothing


def test_voiding_an_adjudication_voids_the_inject_it_fired_and_its_effects(
    file_table: Table,
) -> None:
    t = file_table
    ruling = _ruling_into_strait(t)
    cascade = t.game.void(t.fac, "adjudication", ruling, reason="Wrong move read out")
    assert len(cascade.voided) == 3
    assert all(i.voided for i in t.q.injects(FAC))
    assert all(e.voided for e in t.q.effects(FAC))
    state = t.q.state()
    assert state.track("escalation").value == 1
    assert state.unit("aurelian-frigates").region == "aurelian-waters"


def test_a_once_per_game_inject_whose_release_was_voided_fires_again(file_table: Table) -> None:
    t = file_table
    ruling = _ruling_into_strait(t)
    t.game.void(t.fac, "adjudication", ruling, reason="Wrong move read out")
    t.game.apply_effects(t.fac, [INTO_STRAIT], reason="The frigates really do sail in")
    live = [i.inject_id for i in t.q.injects(FAC) if not i.voided]
    assert live == ["borovian-ultimatum"]
    assert t.q.state().track("escalation").value == 2


def test_undo_voids_what_an_action_created_in_one_request(file_table: Table) -> None:
    t = file_table
    t.events.clear()
    _ruling_into_strait(t)
    targets = created_targets(t.events[-1:])
    assert targets[0].kind is VoidKind.ADJUDICATION
    done = t.game.void_records(t.fac, VoidRequest(targets))
    assert len(done) == 1  # the effects and the inject went with the adjudication
    assert all(a.voided for a in t.q.adjudications(FAC))


def test_undoing_a_phase_change_returns_to_the_phase_before(file_table: Table) -> None:
    t = file_table
    t.go_to("moves")
    t.events.clear()
    t.game.advance(t.fac)
    assert t.phase() == (1, "adjudication")
    (target,) = created_targets(t.events)
    assert target.kind is VoidKind.PHASE
    assert t.game.void_preview("phase", target.record_id).phase_returns_to == "turn 1, Moves"

    t.game.void_records(t.fac, VoidRequest((target,)))

    assert t.phase() == (1, "moves")
    phases = t.q.phases()
    assert [p.phase_id for p in phases] == ["briefing", "moves"]
    assert phases[-1].ended_at is None
    t.game.advance(t.fac)  # and the game goes on
    assert t.phase() == (1, "adjudication")


def test_a_phase_change_with_records_made_since_cannot_be_undone(file_table: Table) -> None:
    t = file_table
    t.go_to("briefing")
    t.events.clear()
    t.game.advance(t.fac)
    (target,) = created_targets(t.events)
    t.move(t.alice, "Frigates to Kest")
    with pytest.raises(WrongPhase, match=r"a move was recorded in this phase \(#\d+\)"):
        t.game.void_records(t.fac, VoidRequest((target,)))
    assert t.phase() == (1, "moves")


def test_only_the_change_into_the_current_phase_can_be_undone(file_table: Table) -> None:
    t = file_table
    t.go_to("moves")
    phase_targets = [x for x in created_targets(t.events) if x.kind is VoidKind.PHASE]
    assert len(phase_targets) == 2  # the start's briefing, then moves
    with pytest.raises(WrongPhase, match="only the change into the current phase"):
        t.game.void_records(t.fac, VoidRequest((phase_targets[0],)))


def test_advance_refuses_when_the_game_already_moved_on(file_table: Table) -> None:
    t = file_table
    t.go_to("briefing")
    seen = Position(1, "briefing")
    t.game.advance(t.fac, expected=seen)
    with pytest.raises(WrongPhase, match="already moved on to turn 1, Moves"):
        t.game.advance(t.fac, expected=seen)
    assert t.phase() == (1, "moves")


def test_unfinished_work_names_moves_teams_and_injects(file_table: Table) -> None:
    t = file_table
    t.go_to("moves")
    t.move(t.alice, "Frigates to Kest")
    t.game.advance(t.fac)
    work = unfinished_work(t.q)
    assert work.unadjudicated == ("Blue team: Frigates to Kest",)
    assert work.teams_without_move == ("Red team",)
    assert work.injects_due == ("Fishing boat seized",)
    assert len(work.lines()) == 3


def test_unfinished_work_is_empty_before_the_game_starts(file_table: Table) -> None:
    assert unfinished_work(file_table.q).empty


def test_a_void_target_names_its_table() -> None:
    assert VoidTarget(VoidKind.INJECT, 1).kind.table == "inject_release"
