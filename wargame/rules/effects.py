"""Effects: how an adjudication or an inject changes the tracks and the units.

An effect (:data:`~wargame.scenario.model.Effect`) says what should change; applying it
gives a new :class:`~wargame.rules.state.GameState` and an :class:`AppliedEffect` that
records what actually changed — including when a track or a unit's strength was held at
its bound, and when the escalation ladder moved to another rung — so the record and the
report can say so in words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from wargame.rules.errors import RuleError
from wargame.rules.state import GameState, UnitState
from wargame.scenario.model import (
    AnyEffect,
    Domain,
    FactEstablishEffect,
    FactRetractEffect,
    Region,
    Rung,
    Scenario,
    Track,
    TrackEffect,
    TrackKind,
    TrackSetEffect,
    Unit,
    UnitCreateEffect,
    UnitMoveEffect,
    UnitRemoveEffect,
    UnitStrengthEffect,
    article,
    domain_may_stand_in,
)

STRENGTH_MIN = 0
"""A unit's lowest strength: destroyed or spent."""

STRENGTH_MAX = 100
"""A unit's highest strength."""


class EffectKind(StrEnum):
    """What an effect changes; the same words as the scenario's effect ``kind``."""

    TRACK = "track"
    TRACK_SET = "track_set"
    UNIT_MOVE = "unit_move"
    UNIT_STRENGTH = "unit_strength"
    UNIT_CREATE = "unit_create"
    UNIT_REMOVE = "unit_remove"
    FACT_ESTABLISH = "fact_establish"
    FACT_RETRACT = "fact_retract"


@dataclass(frozen=True)
class AppliedEffect:
    """What applying one effect actually changed.

    Attributes:
        kind: What the effect changes.
        target: The id of the track, unit or fact changed.
        before: The track level or unit strength before, or the unit's region id (None
            when a unit was off the map), or whether a fact was established.
        after: The same after.
        requested_delta: The change asked for (tracks and strength; None for a move).
        clamped: True when the change was cut short by a bound, so less changed than asked.
        explanation: What changed, in one line, with the names a facilitator knows.
        rung_before: The escalation rung before (escalation track only).
        rung_after: The escalation rung after (escalation track only).
    """

    kind: EffectKind
    target: str
    before: int | str | bool | None
    after: int | str | bool | None
    requested_delta: int | None
    clamped: bool
    explanation: str
    rung_before: Rung | None = None
    rung_after: Rung | None = None

    @property
    def changed(self) -> bool:
        """True when the effect changed anything."""
        return self.before != self.after

    @property
    def rung_changed(self) -> bool:
        """True when the escalation ladder moved to another rung."""
        return self.rung_before != self.rung_after


def _signed(n: int) -> str:
    return f"+{n}" if n >= 0 else f"-{-n}"


def _track(scenario: Scenario, track_id: str) -> Track:
    try:
        return scenario.track(track_id)
    except KeyError:
        raise RuleError(f"there is no track '{track_id}' in this scenario") from None


def _unit(scenario: Scenario, unit_id: str) -> Unit:
    try:
        return scenario.unit(unit_id)
    except KeyError:
        raise RuleError(f"there is no unit '{unit_id}' in this scenario") from None


def _region(scenario: Scenario, region_id: str) -> Region:
    try:
        return scenario.region(region_id)
    except KeyError:
        raise RuleError(f"there is no region '{region_id}' on this scenario's map") from None


def apply_effect(
    state: GameState, effect: AnyEffect, scenario: Scenario
) -> tuple[GameState, AppliedEffect]:
    """Apply one effect to a state.

    A track moves by the effect's delta but never past its bounds; a unit's strength
    likewise stays within 0..100. A unit moves only to a region its type may stand in
    (:func:`may_stand_in`); adjacency is not enforced, because an effect is an outcome the
    umpire has already decided and may stand for a journey of several steps.

    Returns:
        The new state and a record of what changed.

    Raises:
        RuleError: If the track, unit or region is unknown, or the unit may not stand in
            the region (e.g. "'2nd Frigate Squadron' is a naval unit; 'Isle of Kest' is
            land").
    """
    if isinstance(effect, TrackEffect | TrackSetEffect):
        return _apply_track(state, effect, scenario)
    if isinstance(effect, UnitMoveEffect):
        return _apply_move(state, effect, scenario)
    if isinstance(effect, UnitCreateEffect | UnitRemoveEffect):
        return _apply_presence(state, effect, scenario)
    if isinstance(effect, FactEstablishEffect | FactRetractEffect):
        return _apply_fact(state, effect, scenario)
    return _apply_strength(state, effect, scenario)


def _apply_track(
    state: GameState, effect: TrackEffect | TrackSetEffect, scenario: Scenario
) -> tuple[GameState, AppliedEffect]:
    track = _track(scenario, effect.track)
    before = state.track(track.id)
    if isinstance(effect, TrackSetEffect):
        wanted, delta, asked = effect.value, None, f"set to {effect.value}"
    else:
        wanted, delta, asked = before + effect.delta, effect.delta, _signed(effect.delta)
    after = max(track.min, min(track.max, wanted))
    clamped = after != wanted
    line = f"{track.name}: {before} → {after} ({asked}"
    if clamped:
        bound = "maximum" if after == track.max else "minimum"
        line += f" asked, held at the {bound} {after}"
    line += ")"
    rung_before = rung_after = None
    if track.kind is TrackKind.ESCALATION:
        rung_before, rung_after = track.rung_at(before), track.rung_at(after)
        if rung_before != rung_after:
            was = f"'{rung_before.name}'" if rung_before else "no rung"
            now = f"'{rung_after.name}'" if rung_after else "no rung"
            line += f"; rung {was} → {now}"
    applied = AppliedEffect(
        kind=EffectKind(effect.kind),
        target=track.id,
        before=before,
        after=after,
        requested_delta=delta,
        clamped=clamped,
        explanation=line,
        rung_before=rung_before,
        rung_after=rung_after,
    )
    return state.with_track(track.id, after), applied


def _apply_move(
    state: GameState, effect: UnitMoveEffect, scenario: Scenario
) -> tuple[GameState, AppliedEffect]:
    unit = _unit(scenario, effect.unit)
    region = _region(scenario, effect.to)
    current = _on_map(state, unit)
    _check_stands(scenario, unit, region)
    origin = _region(scenario, current.region)
    applied = AppliedEffect(
        kind=EffectKind.UNIT_MOVE,
        target=unit.id,
        before=current.region,
        after=region.id,
        requested_delta=None,
        clamped=False,
        explanation=f"{unit.name}: {origin.name} → {region.name}",
    )
    return state.with_unit(unit.id, UnitState(region.id, current.strength)), applied


def _apply_strength(
    state: GameState, effect: UnitStrengthEffect, scenario: Scenario
) -> tuple[GameState, AppliedEffect]:
    unit = _unit(scenario, effect.unit)
    current = _on_map(state, unit)
    before = current.strength
    wanted = before + effect.delta
    after = max(STRENGTH_MIN, min(STRENGTH_MAX, wanted))
    clamped = after != wanted
    line = f"{unit.name} strength: {before} → {after} ({_signed(effect.delta)}"
    if clamped:
        line += f" asked, held at {after}"
    line += ")"
    applied = AppliedEffect(
        kind=EffectKind.UNIT_STRENGTH,
        target=unit.id,
        before=before,
        after=after,
        requested_delta=effect.delta,
        clamped=clamped,
        explanation=line,
    )
    return state.with_unit(unit.id, UnitState(current.region, after)), applied


def _on_map(state: GameState, unit: Unit) -> UnitState:
    current = state.units.get(unit.id)
    if current is None:
        raise RuleError(f"'{unit.name}' is not on the map")
    return current


def _check_stands(scenario: Scenario, unit: Unit, region: Region) -> None:
    domain = scenario.unit_domain(unit.type)
    if domain_may_stand_in(domain, region.kind):
        return
    what = (
        "a naval unit"
        if domain is Domain.SEA
        else article(f"{domain.value} unit ({scenario.unit_type_name(unit.type)})")
    )
    raise RuleError(f"'{unit.name}' is {what}; '{region.name}' is {region.kind.value}")


def _apply_presence(
    state: GameState, effect: UnitCreateEffect | UnitRemoveEffect, scenario: Scenario
) -> tuple[GameState, AppliedEffect]:
    unit = _unit(scenario, effect.unit)
    current = state.units.get(unit.id)
    if isinstance(effect, UnitRemoveEffect):
        if current is None:
            raise RuleError(f"'{unit.name}' is not on the map, so it cannot be removed")
        where = _region(scenario, current.region).name
        applied = AppliedEffect(
            kind=EffectKind.UNIT_REMOVE,
            target=unit.id,
            before=current.region,
            after=None,
            requested_delta=None,
            clamped=False,
            explanation=f"{unit.name} leaves the map (was in {where})",
        )
        return state.with_unit(unit.id, None), applied
    if current is not None:
        raise RuleError(f"'{unit.name}' is already on the map")
    region = _region(scenario, effect.region or unit.region)
    _check_stands(scenario, unit, region)
    applied = AppliedEffect(
        kind=EffectKind.UNIT_CREATE,
        target=unit.id,
        before=None,
        after=region.id,
        requested_delta=None,
        clamped=False,
        explanation=f"{unit.name} appears in {region.name} (strength {unit.strength})",
    )
    return state.with_unit(unit.id, UnitState(region.id, unit.strength)), applied


def _apply_fact(
    state: GameState, effect: FactEstablishEffect | FactRetractEffect, scenario: Scenario
) -> tuple[GameState, AppliedEffect]:
    try:
        fact = scenario.fact(effect.fact)
    except KeyError:
        raise RuleError(f"there is no fact '{effect.fact}' in this scenario") from None
    establish = isinstance(effect, FactEstablishEffect)
    before = fact.id in state.facts
    word = "established" if establish else "retracted"
    note = "" if before != establish else f" (already {'established' if before else 'not'})"
    applied = AppliedEffect(
        kind=EffectKind(effect.kind),
        target=fact.id,
        before=before,
        after=establish,
        requested_delta=None,
        clamped=False,
        explanation=f"Fact {word}: {fact.text}{note}",
    )
    return state.with_fact(fact.id, establish), applied


def apply_effects(
    state: GameState,
    effects: Iterable[AnyEffect],
    scenario: Scenario,
) -> tuple[GameState, tuple[AppliedEffect, ...]]:
    """Apply effects in order, each to the state the one before it left.

    All or nothing: if one effect is refused the error propagates, and since states are
    immutable the caller's state is untouched.

    Returns:
        The final state and what each effect changed, in order.
    """
    applied: list[AppliedEffect] = []
    for effect in effects:
        state, one = apply_effect(state, effect, scenario)
        applied.append(one)
    return state, tuple(applied)
