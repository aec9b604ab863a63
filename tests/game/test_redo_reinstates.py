"""Redo of an undone creation reinstates the record later actions point at (SQLite and
PostgreSQL): a counter-argument comes back on its move, an insight on its observation."""

from __future__ import annotations

import pytest

from wargame.game import InvalidInput, Viewer
from wargame.game.cases.analysis import InsightRequest, ObserveRequest
from wargame.game.voids import ReinstateRequest, VoidRequest, VoidTarget, created_targets

from .support import Table

FAC = Viewer.facilitator()


def _created(t: Table) -> tuple[VoidTarget, ...]:
    targets = created_targets(t.events)
    t.events.clear()
    return targets


def test_redo_in_order_brings_back_the_same_records(table: Table) -> None:
    t = table
    t.go_to("moves")
    t.events.clear()
    obs = t.game.record_observation(ObserveRequest(t.olga, "Blue held back."))
    observed = _created(t)
    insight = t.game.add_insight(InsightRequest(t.olga, "Blue is cautious.", (obs,)))
    drawn = _created(t)
    assert all(target.kind.reinstatable for target in observed + drawn)

    t.game.void_records(t.fac, VoidRequest(drawn))
    t.game.void_records(t.fac, VoidRequest(observed))
    assert t.game.analysis().chain(FAC).insights == ()
    t.game.reinstate(t.fac, ReinstateRequest(observed))
    t.game.reinstate(t.fac, ReinstateRequest(drawn))

    (item,) = t.game.analysis().chain(FAC).insights
    assert item.id == insight and len(item.sources) == 1
    actions = [a.action for a in t.q.audit(FAC)]
    assert actions.index("observation.void") < actions.index("observation.reinstate")
    assert actions.count("analysis_item.void") == actions.count("analysis_item.reinstate") == 1
    assert t.q.verify_chain().ok


def test_a_counter_argument_is_not_reinstated_on_a_void_move(table: Table) -> None:
    t = table
    t.go_to("moves")
    t.events.clear()
    move = t.move(t.alice, "Frigates to Kest")
    moved = _created(t)
    t.game.counter_argue(t.fac, move, "Shore batteries", team_id="red")
    argued = _created(t)
    t.game.void_records(t.fac, VoidRequest(argued))
    t.game.void_records(t.fac, VoidRequest(moved))
    audit_before = len(t.q.audit(FAC))

    with pytest.raises(InvalidInput, match=r"is about move #\d+, which is void; redo"):
        t.game.reinstate(t.fac, ReinstateRequest(argued))
    assert len(t.q.audit(FAC)) == audit_before  # the refusal changed nothing

    t.game.reinstate(t.fac, ReinstateRequest(moved))
    t.game.reinstate(t.fac, ReinstateRequest(argued))
    (back,) = t.q.moves(FAC)
    assert back.id == move and not back.voided
    assert [(c.text, c.team_id) for c in back.counters] == [("Shore batteries", "red")]
