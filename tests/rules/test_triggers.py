"""Trigger expressions and the effects of format 2, on the coalitions fixture scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.rules.effects import apply_effect
from wargame.rules.errors import RuleError
from wargame.rules.state import GameState, UnitState, initial_state
from wargame.rules.triggers import Adjudicated, History, holds
from wargame.scenario import Scenario, load_scenario
from wargame.scenario.model import (
    AllOf,
    AnyOf,
    FactEstablished,
    FactEstablishEffect,
    FactRetractEffect,
    InjectReleased,
    MoveAdjudicated,
    NotOf,
    TrackAtLeast,
    TrackSetEffect,
    TurnReached,
    UnitCreateEffect,
    UnitMoveEffect,
    UnitRemoveEffect,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"


@pytest.fixture(scope="module")
def kest() -> Scenario:
    return load_scenario(FIXTURES / "kest-coalitions.yaml").scenario


def _at_least(level: int) -> TrackAtLeast:
    return TrackAtLeast(kind="track_at_least", track="escalation", level=level)


def test_all_any_and_not_combine_triggers(kest: Scenario) -> None:
    state = initial_state(kest)
    true, false = _at_least(1), _at_least(5)
    nothing = History()
    assert holds(AllOf(kind="all", of=(true, true)), state, kest, nothing)
    assert not holds(AllOf(kind="all", of=(true, false)), state, kest, nothing)
    assert holds(AnyOf(kind="any", of=(false, true)), state, kest, nothing)
    assert holds(NotOf(kind="not", of=false), state, kest, nothing)
    assert not holds(NotOf(kind="not", of=AnyOf(kind="any", of=(true,))), state, kest, nothing)


def test_a_move_adjudicated_counts_by_team_tag_and_outcome(kest: Scenario) -> None:
    state = initial_state(kest)
    trigger = MoveAdjudicated(kind="move_adjudicated", team="blue", outcomes=("success",))
    partial = History(adjudicated=(Adjudicated("blue", frozenset(), "partial"),))
    success = History(adjudicated=(Adjudicated("blue", frozenset({"x"}), "success"),))
    other = History(adjudicated=(Adjudicated("red", frozenset(), "success"),))
    assert not holds(trigger, state, kest, partial)
    assert holds(trigger, state, kest, success)
    assert not holds(trigger, state, kest, other)
    tagged = MoveAdjudicated(kind="move_adjudicated", tag="x", outcomes=("success", "partial"))
    assert holds(tagged, state, kest, success)
    assert not holds(tagged, state, kest, other)


def test_a_turn_or_phase_reached(kest: Scenario) -> None:
    state = initial_state(kest)
    turn_two = TurnReached(kind="turn_reached", turn=2)
    its_adjudication = TurnReached(kind="turn_reached", turn=2, phase="adjudication")
    assert not holds(turn_two, state, kest, History(turn=1, phase_index=1))
    assert holds(turn_two, state, kest, History(turn=2, phase_index=0))
    assert not holds(its_adjudication, state, kest, History(turn=2, phase_index=0))
    assert holds(its_adjudication, state, kest, History(turn=2, phase_index=1))
    assert holds(its_adjudication, state, kest, History(turn=3, phase_index=0))


def test_facts_and_injects_released(kest: Scenario) -> None:
    state = initial_state(kest)
    fact = FactEstablished(kind="fact_established", fact="kest-recognised")
    assert not holds(fact, state, kest, History())
    state, applied = apply_effect(
        state, FactEstablishEffect(kind="fact_establish", fact="kest-recognised"), kest
    )
    assert holds(fact, state, kest, History())
    assert (applied.before, applied.after) == (False, True)
    state, _ = apply_effect(
        state, FactRetractEffect(kind="fact_retract", fact="kest-recognised"), kest
    )
    assert not holds(fact, state, kest, History())
    released = InjectReleased(kind="inject_released", inject="dawn-patrol")
    assert holds(released, state, kest, History(released=frozenset({"dawn-patrol"})))


def test_a_reinforcement_is_off_the_map_until_created(kest: Scenario) -> None:
    state = initial_state(kest)
    assert "borovian-corvette" not in state.units
    create = UnitCreateEffect(kind="unit_create", unit="borovian-corvette")
    state, applied = apply_effect(state, create, kest)
    assert state.units["borovian-corvette"] == UnitState("borovian-waters", 50)
    assert applied.explanation == "Corvette Smely appears in Borovian waters (strength 50)"
    with pytest.raises(RuleError, match="'Corvette Smely' is already on the map"):
        apply_effect(state, create, kest)
    remove = UnitRemoveEffect(kind="unit_remove", unit="borovian-corvette")
    state, _ = apply_effect(state, remove, kest)
    assert "borovian-corvette" not in state.units
    with pytest.raises(RuleError, match="is not on the map, so it cannot be removed"):
        apply_effect(state, remove, kest)
    with pytest.raises(RuleError, match="'Corvette Smely' is not on the map"):
        apply_effect(
            state, UnitMoveEffect(kind="unit_move", unit="borovian-corvette", to="strait"), kest
        )


def test_a_sea_unit_of_a_declared_type_cannot_go_ashore(kest: Scenario) -> None:
    move = UnitMoveEffect(kind="unit_move", unit="militia-boats", to="isle-of-kest")
    with pytest.raises(RuleError, match="'Militia boats' is a naval unit; 'Isle of Kest' is land"):
        apply_effect(initial_state(kest), move, kest)
    drones = UnitMoveEffect(kind="unit_move", unit="drones", to="strait")
    state, _ = apply_effect(initial_state(kest), drones, kest)
    assert state.units["drones"].region == "strait"


def test_a_track_is_set_within_its_bounds(kest: Scenario) -> None:
    state, applied = apply_effect(
        initial_state(kest), TrackSetEffect(kind="track_set", track="support", value=8), kest
    )
    assert state.tracks["support"] == 8
    assert applied.explanation == "Public support for Blue: 5 → 8 (set to 8)"


def test_a_state_is_hashable_with_its_facts(kest: Scenario) -> None:
    one = GameState({"a": 1}, {}, frozenset({"f"}))
    assert hash(one) == hash(GameState({"a": 1}, {}, frozenset({"f"})))
    assert one != GameState({"a": 1}, {})
