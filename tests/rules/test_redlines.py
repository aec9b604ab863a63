"""Red lines: triggers, crossings over time, and the conditional injects they release."""

from __future__ import annotations

import pytest

from wargame.rules import (
    GameState,
    RedLineCrossing,
    RuleError,
    UnitState,
    crossed_red_lines,
    crossing_timeline,
    due_conditional_injects,
    first_crossings,
    initial_state,
    newly_crossed,
    trigger_holds,
)
from wargame.scenario import Scenario
from wargame.scenario.model import (
    AnyOf,
    Inject,
    RedLineCrossed,
    TrackAtLeast,
    TrackAtMost,
    UnitInRegion,
    UnitType,
)

NONE: frozenset[str] = frozenset()


def at_least(track: str, level: int) -> TrackAtLeast:
    return TrackAtLeast(kind="track_at_least", track=track, level=level)


def at_most(track: str, level: int) -> TrackAtMost:
    return TrackAtMost(kind="track_at_most", track=track, level=level)


def frigates_in_strait(state: GameState) -> GameState:
    return state.with_unit("aurelian-frigates", UnitState("strait", 70))


# ---------------------------------------------------------------- triggers


def test_track_triggers(tutorial: Scenario) -> None:
    state = initial_state(tutorial)  # escalation 1, fishing 6
    assert trigger_holds(at_least("escalation", 1), state, tutorial, NONE)
    assert not trigger_holds(at_least("escalation", 2), state, tutorial, NONE)
    assert trigger_holds(at_most("fishing-access", 6), state, tutorial, NONE)
    assert not trigger_holds(at_most("fishing-access", 5), state, tutorial, NONE)


def test_unit_in_region_trigger(tutorial: Scenario) -> None:
    trigger = UnitInRegion(
        kind="unit_in_region", actor="aurelia", regions=("strait",), unit_types=(UnitType.NAVAL,)
    )
    state = initial_state(tutorial)
    assert not trigger_holds(trigger, state, tutorial, NONE)
    assert trigger_holds(trigger, frigates_in_strait(state), tutorial, NONE)


def test_unit_in_region_counts_only_the_actors_units(tutorial: Scenario) -> None:
    trigger = UnitInRegion(kind="unit_in_region", actor="aurelia", regions=("strait",))
    borovian = initial_state(tutorial).with_unit("borovian-coast-guard", UnitState("strait", 40))
    assert not trigger_holds(trigger, borovian, tutorial, NONE)


def test_unit_in_region_filters_by_type(tutorial: Scenario) -> None:
    trigger = UnitInRegion(
        kind="unit_in_region",
        actor="borovia",
        regions=("isle-of-kest",),
        unit_types=(UnitType.NAVAL,),
    )
    landed = initial_state(tutorial).with_unit("borovian-marines", UnitState("isle-of-kest", 30))
    assert not trigger_holds(trigger, landed, tutorial, NONE)
    any_type = trigger.model_copy(update={"unit_types": ()})
    assert trigger_holds(any_type, landed, tutorial, NONE)


def test_unit_in_region_ignores_units_too_weak(tutorial: Scenario) -> None:
    trigger = UnitInRegion(
        kind="unit_in_region", actor="borovia", regions=("isle-of-kest",), min_strength=31
    )
    state = initial_state(tutorial)
    assert not trigger_holds(
        trigger, state.with_unit("borovian-marines", UnitState("isle-of-kest", 30)), tutorial, NONE
    )
    assert trigger_holds(
        trigger, state.with_unit("borovian-marines", UnitState("isle-of-kest", 31)), tutorial, NONE
    )
    destroyed = state.with_unit("borovian-marines", UnitState("isle-of-kest", 0))
    default = trigger.model_copy(update={"min_strength": 1})
    assert not trigger_holds(default, destroyed, tutorial, NONE)


def test_red_line_crossed_condition(tutorial: Scenario) -> None:
    condition = RedLineCrossed(kind="red_line_crossed", red_line="open-clash")
    state = initial_state(tutorial)
    assert not trigger_holds(condition, state, tutorial, NONE)
    assert trigger_holds(condition, state, tutorial, frozenset({"open-clash"}))
    assert not trigger_holds(condition, state, tutorial)  # nothing crossed by default


def test_triggers_refuse_unknown_names(tutorial: Scenario) -> None:
    state = initial_state(tutorial)
    with pytest.raises(RuleError, match="there is no red line 'nope' in this scenario"):
        trigger_holds(
            RedLineCrossed(kind="red_line_crossed", red_line="nope"), state, tutorial, NONE
        )
    with pytest.raises(RuleError, match="there is no track 'morale' in this game"):
        trigger_holds(at_least("morale", 1), state, tutorial, NONE)
    off_the_map = UnitInRegion(kind="unit_in_region", actor="aurelia", regions=("strait",))
    assert not trigger_holds(off_the_map, GameState(state.tracks, {}), tutorial, NONE)


# ---------------------------------------------------------------- crossings


def test_crossed_red_lines(tutorial: Scenario) -> None:
    state = initial_state(tutorial)
    assert crossed_red_lines(state, tutorial) == NONE
    assert crossed_red_lines(frigates_in_strait(state), tutorial) == {"warships-in-strait"}
    both = frigates_in_strait(state).with_track("escalation", 4)
    assert crossed_red_lines(both, tutorial) == {"warships-in-strait", "open-clash"}


def test_a_red_line_is_crossed_when_any_trigger_holds(tutorial: Scenario) -> None:
    line = tutorial.red_line("open-clash")
    either = AnyOf(kind="any", of=(line.trigger, at_most("fishing-access", 2)))
    wider = line.model_copy(update={"trigger": either})
    scenario = tutorial.model_copy(update={"red_lines": (wider,)})
    state = initial_state(scenario)
    assert crossed_red_lines(state, scenario) == NONE
    assert crossed_red_lines(state.with_track("fishing-access", 2), scenario) == {"open-clash"}
    assert crossed_red_lines(state.with_track("escalation", 5), scenario) == {"open-clash"}


def test_newly_crossed(tutorial: Scenario) -> None:
    before = frigates_in_strait(initial_state(tutorial))
    after = before.with_track("escalation", 4)
    assert newly_crossed(before, after, tutorial) == {"open-clash"}
    assert newly_crossed(after, before, tutorial) == NONE
    assert newly_crossed(after, after, tutorial) == NONE


def test_first_crossings_remember_the_earliest_turn(tutorial: Scenario) -> None:
    calm = initial_state(tutorial)
    history = [
        (1, calm),
        (2, frigates_in_strait(calm)),
        (3, calm.with_track("escalation", 4)),  # frigates withdrew; shots fired
        (4, frigates_in_strait(calm).with_track("escalation", 5)),
    ]
    assert first_crossings(history, tutorial) == {"warships-in-strait": 2, "open-clash": 3}
    assert first_crossings(list(reversed(history)), tutorial) == {
        "warships-in-strait": 2,
        "open-clash": 3,
    }
    assert first_crossings([], tutorial) == {}
    assert crossing_timeline(history, tutorial) == (
        RedLineCrossing("warships-in-strait", 2),
        RedLineCrossing("open-clash", 3),
    )


def test_crossings_in_the_same_turn_follow_the_scenarios_order(tutorial: Scenario) -> None:
    both = frigates_in_strait(initial_state(tutorial)).with_track("escalation", 4)
    assert [c.red_line_id for c in crossing_timeline([(2, both)], tutorial)] == [
        "warships-in-strait",
        "open-clash",
    ]


# ---------------------------------------------------------------- conditional injects


def test_the_ultimatum_is_due_once_the_line_is_crossed(tutorial: Scenario) -> None:
    calm = initial_state(tutorial)
    assert due_conditional_injects(tutorial, calm, NONE, NONE) == ()
    due = due_conditional_injects(tutorial, calm, frozenset({"warships-in-strait"}), NONE)
    assert [i.id for i in due] == ["borovian-ultimatum"]


def test_a_line_crossed_in_the_state_itself_counts(tutorial: Scenario) -> None:
    due = due_conditional_injects(tutorial, frigates_in_strait(initial_state(tutorial)), NONE, NONE)
    assert [i.id for i in due] == ["borovian-ultimatum"]


def test_a_released_inject_is_not_due_again(tutorial: Scenario) -> None:
    crossed = frozenset({"warships-in-strait"})
    released = frozenset({"borovian-ultimatum"})
    assert due_conditional_injects(tutorial, initial_state(tutorial), crossed, released) == ()


def test_scheduled_injects_are_never_conditional_ones(tutorial: Scenario) -> None:
    everything = frozenset(line.id for line in tutorial.red_lines)
    due = due_conditional_injects(tutorial, initial_state(tutorial), everything, NONE)
    assert all(inject.conditional for inject in due)


def test_track_conditions_on_injects(tutorial: Scenario) -> None:
    protest = Inject(
        id="fishermen-protest",
        title="Fishermen protest",
        text="Aurelian fishermen blockade the harbour.",
        controller="White cell lead",
        condition=at_most("fishing-access", 3),
    )
    scenario = tutorial.model_copy(update={"injects": (*tutorial.injects, protest)})
    state = initial_state(scenario)
    assert due_conditional_injects(scenario, state, NONE, NONE) == ()
    low = state.with_track("fishing-access", 3)
    assert due_conditional_injects(scenario, low, NONE, NONE) == (protest,)
