"""Undo of the facilitator's other actions: the start, a participant added, the analysis."""

from __future__ import annotations

import pytest

from wargame.game import InvalidInput, JoinRequest, NotAllowed, Viewer, WrongPhase
from wargame.game.cases.analysis import InsightRequest, RatingRequest
from wargame.game.voids import (
    ReinstateRequest,
    VoidKind,
    VoidRequest,
    VoidTarget,
    created_targets,
)

from .support import Table

FAC = Viewer.facilitator()


def test_undoing_the_start_returns_the_game_to_its_setup(table: Table) -> None:
    t = table
    t.events.clear()
    t.game.start(t.fac)
    (target,) = created_targets(t.events)
    assert target.kind is VoidKind.PHASE
    preview = t.game.void_preview("phase", target.record_id)
    assert preview.phase_returns_to == "its setup, before the start"

    t.game.void_records(t.fac, VoidRequest((target,)))

    summary = t.q.summary()
    assert (summary.status, summary.turn, summary.phase_id) == ("setup", 0, None)
    assert t.q.phases() == ()
    t.game.join(t.fac, JoinRequest(name="Dana", role="player", team_id="red"))  # the setup goes on
    t.game.start(t.fac)  # and the game starts again
    assert t.phase() == (1, "briefing")
    assert t.q.verify_chain().ok


def test_the_start_cannot_be_undone_once_the_first_phase_has_records(table: Table) -> None:
    t = table
    t.events.clear()
    t.game.start(t.fac)
    (target,) = created_targets(t.events)
    t.game.note(t.fac, "The room is ready")
    with pytest.raises(WrongPhase, match=r"a note was recorded in this phase"):
        t.game.void_records(t.fac, VoidRequest((target,)))
    assert t.q.summary().status == "running"


def test_undoing_an_added_participant_voids_them_and_redo_reinstates_them(
    table: Table,
) -> None:
    t = table
    t.events.clear()
    dana = t.game.join(t.fac, JoinRequest(name="Dana", role="player", team_id="red", pin="4321"))
    (target,) = created_targets(t.events)
    assert target == VoidTarget(VoidKind.PARTICIPANT, dana)

    t.game.void_records(t.fac, VoidRequest((target,)))
    person = next(p for p in t.q.participants() if p.id == dana)
    assert person.voided
    with pytest.raises(InvalidInput, match="already a participant called Dana"):
        t.game.join(
            t.fac, JoinRequest(name="Dana", role="player", team_id="red")
        )  # the name stays taken: redo reinstates

    t.game.reinstate(t.fac, ReinstateRequest((target,)))
    person = next(p for p in t.q.participants() if p.id == dana)
    assert not person.voided and person.team_id == "red" and person.has_pin
    assert t.q.verify_chain().ok


def test_only_an_undone_participant_is_reinstated(table: Table) -> None:
    t = table
    t.game.remove_participant(t.fac, t.olga, "left the exercise")
    target = VoidTarget(VoidKind.PARTICIPANT, t.olga)
    with pytest.raises(InvalidInput, match="voided as a correction, not undone"):
        t.game.reinstate(t.fac, ReinstateRequest((target,)))
    with pytest.raises(InvalidInput, match="is not reinstated"):
        t.game.reinstate(t.fac, ReinstateRequest((VoidTarget(VoidKind.ADJUDICATION, 1),)))


def test_the_facilitator_cannot_be_voided(table: Table) -> None:
    t = table
    target = VoidTarget(VoidKind.PARTICIPANT, t.fac)
    with pytest.raises(NotAllowed, match="facilitator cannot be removed"):
        t.game.void_records(t.fac, VoidRequest((target,)))
    assert not any(p.voided for p in t.q.participants() if p.id == t.fac)


def test_undoing_a_rating_again_puts_the_earlier_rating_back(table: Table) -> None:
    t = table
    subject = next(iter(t.game.scenario.analysis.rating_subjects()))
    t.game.rate(RatingRequest(t.fac, subject, "S", "Quick turns"))
    t.events.clear()
    t.game.rate(RatingRequest(t.fac, subject, "M"))
    (target,) = created_targets(t.events)
    assert target.kind is VoidKind.RATING
    analysis = t.game.analysis()
    assert [r.rating for r in analysis.ratings(FAC)] == ["M"]

    t.game.void_records(t.fac, VoidRequest((target,)))

    assert [(r.rating, r.strengths) for r in analysis.ratings(FAC)] == [("S", "Quick turns")]
    assert t.q.verify_chain().ok


def test_undoing_an_insight_voids_it(table: Table) -> None:
    t = table
    t.go_to("moves")
    observation = t.game.observe(t.fac, "Blue hesitated")
    t.events.clear()
    t.game.add_insight(InsightRequest(t.fac, "Red lines slow Blue", (observation,)))
    targets = created_targets(t.events)
    assert VoidKind.ANALYSIS_ITEM in {x.kind for x in targets}
    t.game.void_records(t.fac, VoidRequest(targets))
    assert t.game.analysis().chain(FAC).insights == ()
