"""Game state and effects: tracks and strength within bounds, units on the right ground."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wargame.rules import (
    EffectKind,
    GameState,
    RuleError,
    UnitState,
    apply_effect,
    apply_effects,
    escalation_rung,
    initial_state,
    may_stand_in,
)
from wargame.scenario import Scenario
from wargame.scenario.model import (
    RegionKind,
    TrackEffect,
    UnitMoveEffect,
    UnitStrengthEffect,
    UnitType,
)


def track(track_id: str, delta: int) -> TrackEffect:
    return TrackEffect(kind="track", track=track_id, delta=delta)


def move(unit: str, to: str) -> UnitMoveEffect:
    return UnitMoveEffect(kind="unit_move", unit=unit, to=to)


def strength(unit: str, delta: int) -> UnitStrengthEffect:
    return UnitStrengthEffect(kind="unit_strength", unit=unit, delta=delta)


# ---------------------------------------------------------------- state


def test_initial_state(tutorial: Scenario) -> None:
    state = initial_state(tutorial)
    assert dict(state.tracks) == {"escalation": 1, "fishing-access": 6}
    assert state.unit("aurelian-frigates") == UnitState("aurelian-waters", 70)
    assert state.unit("borovian-marines") == UnitState("borovia", 30)
    assert escalation_rung(state, tutorial) is not None
    assert escalation_rung(state, tutorial).name == "Words"  # type: ignore[union-attr]


def test_state_is_immutable_and_copies_its_input() -> None:
    tracks = {"t": 1}
    state = GameState(tracks, {})
    tracks["t"] = 99
    assert state.track("t") == 1
    with pytest.raises(TypeError):
        state.tracks["t"] = 2  # type: ignore[index]
    with pytest.raises(AttributeError):
        state.tracks = {}  # type: ignore[misc]


def test_state_equality_and_hash() -> None:
    a = GameState({"t": 1}, {"u": UnitState("r", 5)})
    b = GameState({"t": 1}, {"u": UnitState("r", 5)})
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1
    assert a.with_track("t", 2) != a
    assert a.with_unit("u", UnitState("r", 6)).unit("u").strength == 6
    assert a.unit("u").strength == 5


def test_state_refuses_unknown_ids() -> None:
    state = GameState({}, {})
    with pytest.raises(RuleError, match="there is no track 'nope' in this game"):
        state.track("nope")
    with pytest.raises(RuleError, match="there is no unit 'nope' on the map"):
        state.unit("nope")


# ---------------------------------------------------------------- tracks


def test_track_effect(tutorial: Scenario) -> None:
    state, applied = apply_effect(initial_state(tutorial), track("fishing-access", -2), tutorial)
    assert state.track("fishing-access") == 4
    assert applied.kind is EffectKind.TRACK
    assert (applied.target, applied.before, applied.after) == ("fishing-access", 6, 4)
    assert applied.requested_delta == -2
    assert not applied.clamped
    assert applied.changed
    assert (applied.rung_before, applied.rung_after) == (None, None)
    assert applied.explanation == "Aurelian fishing access: 6 → 4 (-2)"


def test_track_effect_is_clamped_at_the_top_and_bottom(tutorial: Scenario) -> None:
    start = initial_state(tutorial)
    state, applied = apply_effect(start, track("fishing-access", 7), tutorial)
    assert state.track("fishing-access") == 10
    assert applied.clamped
    assert (
        applied.explanation == "Aurelian fishing access: 6 → 10 (+7 asked, held at the maximum 10)"
    )
    state, applied = apply_effect(start, track("fishing-access", -1000), tutorial)
    assert state.track("fishing-access") == 0
    assert applied.clamped
    assert "held at the minimum 0" in applied.explanation


def test_a_track_at_its_bound_does_not_change(tutorial: Scenario) -> None:
    state = initial_state(tutorial).with_track("escalation", 5)
    after, applied = apply_effect(state, track("escalation", 1), tutorial)
    assert after == state
    assert applied.clamped
    assert not applied.changed
    assert not applied.rung_changed


def test_escalation_records_rungs(tutorial: Scenario) -> None:
    state, applied = apply_effect(initial_state(tutorial), track("escalation", 2), tutorial)
    assert applied.rung_before is not None and applied.rung_before.name == "Words"
    assert applied.rung_after is not None and applied.rung_after.name == "Confrontation"
    assert applied.rung_changed
    assert applied.explanation == "Escalation: 1 → 3 (+2); rung 'Words' → 'Confrontation'"
    assert escalation_rung(state, tutorial) == applied.rung_after


def test_escalation_below_the_first_rung(tutorial: Scenario) -> None:
    ladder = tutorial.escalation
    assert ladder is not None
    high_rungs = ladder.model_copy(update={"rungs": ladder.rungs[2:]})
    scenario = tutorial.model_copy(update={"tracks": (high_rungs, *tutorial.tracks[1:])})
    _, applied = apply_effect(initial_state(scenario), track("escalation", 1), scenario)
    assert applied.rung_before is None
    assert applied.rung_after is not None and applied.rung_after.name == "Presence"
    assert applied.explanation.endswith("rung no rung → 'Presence'")


def test_unknown_track_is_refused(tutorial: Scenario) -> None:
    with pytest.raises(RuleError, match="there is no track 'morale' in this scenario"):
        apply_effect(initial_state(tutorial), track("morale", 1), tutorial)


# ---------------------------------------------------------------- units


def test_unit_strength_effect(tutorial: Scenario) -> None:
    state, applied = apply_effect(
        initial_state(tutorial), strength("borovian-marines", -20), tutorial
    )
    assert state.unit("borovian-marines") == UnitState("borovia", 10)
    assert applied.kind is EffectKind.UNIT_STRENGTH
    assert (applied.before, applied.after, applied.requested_delta) == (30, 10, -20)
    assert not applied.clamped
    assert applied.explanation == "7th Marine Company strength: 30 → 10 (-20)"


def test_unit_strength_is_clamped(tutorial: Scenario) -> None:
    start = initial_state(tutorial)
    state, applied = apply_effect(start, strength("borovian-marines", -50), tutorial)
    assert state.unit("borovian-marines").strength == 0
    assert applied.clamped
    assert applied.explanation == "7th Marine Company strength: 30 → 0 (-50 asked, held at 0)"
    state, applied = apply_effect(start, strength("aurelian-frigates", 100), tutorial)
    assert state.unit("aurelian-frigates").strength == 100
    assert applied.clamped


def test_unit_move(tutorial: Scenario) -> None:
    state, applied = apply_effect(
        initial_state(tutorial), move("aurelian-frigates", "strait"), tutorial
    )
    assert state.unit("aurelian-frigates") == UnitState("strait", 70)
    assert applied.kind is EffectKind.UNIT_MOVE
    assert (applied.before, applied.after) == ("aurelian-waters", "strait")
    assert applied.requested_delta is None
    assert not applied.clamped
    assert applied.explanation == "2nd Frigate Squadron: Aurelian waters → The Strait"


def test_a_move_need_not_be_to_an_adjacent_region(tutorial: Scenario) -> None:
    state, _ = apply_effect(
        initial_state(tutorial), move("borovian-marines", "isle-of-kest"), tutorial
    )
    assert state.unit("borovian-marines").region == "isle-of-kest"


def test_a_naval_unit_cannot_go_on_land(tutorial: Scenario) -> None:
    with pytest.raises(
        RuleError, match=r"^'2nd Frigate Squadron' is a naval unit; 'Isle of Kest' is land$"
    ):
        apply_effect(initial_state(tutorial), move("aurelian-frigates", "isle-of-kest"), tutorial)


def test_a_land_unit_cannot_go_to_sea(tutorial: Scenario) -> None:
    with pytest.raises(
        RuleError, match=r"^'7th Marine Company' is a land unit \(infantry\); 'The Strait' is sea$"
    ):
        apply_effect(initial_state(tutorial), move("borovian-marines", "strait"), tutorial)


@pytest.mark.parametrize(
    "unit_type", [UnitType.AIR, UnitType.MISSILE, UnitType.HEADQUARTERS, UnitType.NUCLEAR]
)
def test_some_units_stand_anywhere(tutorial: Scenario, unit_type: UnitType) -> None:
    marines = tutorial.unit("borovian-marines").model_copy(update={"type": unit_type})
    scenario = tutorial.model_copy(update={"units": (marines,)})
    state = initial_state(scenario)
    for region in ("strait", "isle-of-kest", "aurelia"):
        state, _ = apply_effect(state, move("borovian-marines", region), scenario)
        assert state.unit("borovian-marines").region == region


@pytest.mark.parametrize(
    ("unit_type", "land", "sea"),
    [
        (UnitType.NAVAL, False, True),
        (UnitType.INFANTRY, True, False),
        (UnitType.ARMOUR, True, False),
        (UnitType.LOGISTICS, True, False),
        (UnitType.AIR, True, True),
        (UnitType.NUCLEAR, True, True),
    ],
)
def test_may_stand_in(unit_type: UnitType, land: bool, sea: bool) -> None:
    assert may_stand_in(unit_type, RegionKind.LAND) is land
    assert may_stand_in(unit_type, RegionKind.SEA) is sea


@pytest.mark.parametrize(
    ("effect", "message"),
    [
        (move("tanks", "strait"), "there is no unit 'tanks' in this scenario"),
        (strength("tanks", 5), "there is no unit 'tanks' in this scenario"),
        (
            move("aurelian-frigates", "atlantis"),
            "there is no region 'atlantis' on this scenario's map",
        ),
    ],
)
def test_unknown_unit_or_region_is_refused(
    tutorial: Scenario, effect: UnitMoveEffect | UnitStrengthEffect, message: str
) -> None:
    with pytest.raises(RuleError, match=message):
        apply_effect(initial_state(tutorial), effect, tutorial)


def test_a_state_from_another_game_is_refused(tutorial: Scenario) -> None:
    with pytest.raises(RuleError, match="'7th Marine Company' is not on the map"):
        apply_effect(GameState({}, {}), strength("borovian-marines", 1), tutorial)
    with pytest.raises(RuleError, match="there is no track 'escalation' in this game"):
        apply_effect(GameState({}, {}), track("escalation", 1), tutorial)


# ---------------------------------------------------------------- several effects


def test_apply_effects_folds_in_order(tutorial: Scenario) -> None:
    effects: list[TrackEffect | UnitMoveEffect | UnitStrengthEffect] = [
        move("aurelian-frigates", "strait"),
        strength("aurelian-frigates", -10),
        track("escalation", 2),
        track("escalation", -1),
    ]
    state, applied = apply_effects(initial_state(tutorial), effects, tutorial)
    assert state.unit("aurelian-frigates") == UnitState("strait", 60)
    assert state.track("escalation") == 2
    assert [a.kind for a in applied] == [
        EffectKind.UNIT_MOVE,
        EffectKind.UNIT_STRENGTH,
        EffectKind.TRACK,
        EffectKind.TRACK,
    ]
    assert (applied[3].before, applied[3].after) == (3, 2)


def test_apply_effects_with_none_changes_nothing(tutorial: Scenario) -> None:
    start = initial_state(tutorial)
    assert apply_effects(start, [], tutorial) == (start, ())


def test_apply_effects_refuses_all_or_nothing(tutorial: Scenario) -> None:
    start = initial_state(tutorial)
    with pytest.raises(RuleError):
        apply_effects(
            start, [track("escalation", 1), move("aurelian-frigates", "borovia")], tutorial
        )
    assert start == initial_state(tutorial)


# ---------------------------------------------------------------- (a) bounds, whatever happens


@given(data=st.data())
def test_tracks_never_leave_their_bounds(tutorial: Scenario, data: st.DataObject) -> None:
    ids = [t.id for t in tutorial.tracks]
    effects = data.draw(
        st.lists(st.builds(track, st.sampled_from(ids), st.integers(-1000, 1000)), max_size=30)
    )
    state = initial_state(tutorial)
    for effect in effects:
        before = state.track(effect.track)
        state, applied = apply_effect(state, effect, tutorial)
        bounds = tutorial.track(effect.track)
        assert bounds.min <= state.track(effect.track) <= bounds.max
        assert applied.clamped == (before + effect.delta != applied.after)
        assert applied.clamped == (not bounds.min <= before + effect.delta <= bounds.max)
    for t in tutorial.tracks:
        assert t.min <= state.track(t.id) <= t.max


@given(data=st.data())
def test_unit_strength_stays_between_0_and_100(tutorial: Scenario, data: st.DataObject) -> None:
    ids = [u.id for u in tutorial.units]
    effects = data.draw(
        st.lists(st.builds(strength, st.sampled_from(ids), st.integers(-100, 100)), max_size=30)
    )
    final, applied = apply_effects(initial_state(tutorial), effects, tutorial)
    assert all(0 <= a.after <= 100 for a in applied)  # type: ignore[operator]
    assert all(0 <= u.strength <= 100 for u in final.units.values())
    assert {u.region for u in final.units.values()} == {u.region for u in tutorial.units}
