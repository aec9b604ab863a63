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
    AT_SEA,
    Region,
    Rung,
    Scenario,
    Track,
    TrackEffect,
    TrackKind,
    Unit,
    UnitMoveEffect,
    UnitStrengthEffect,
    may_stand_in,
)

STRENGTH_MIN = 0
"""A unit's lowest strength: destroyed or spent."""

STRENGTH_MAX = 100
"""A unit's highest strength."""


class EffectKind(StrEnum):
    """What an effect changes; the same words as the scenario's effect ``kind``."""

    TRACK = "track"
    UNIT_MOVE = "unit_move"
    UNIT_STRENGTH = "unit_strength"


@dataclass(frozen=True)
class AppliedEffect:
    """What applying one effect actually changed.

    Attributes:
        kind: What the effect changes.
        target: The id of the track or unit changed.
        before: The track level or unit strength before, or the unit's region id.
        after: The same after.
        requested_delta: The change asked for (tracks and strength; None for a move).
        clamped: True when the change was cut short by a bound, so less changed than asked.
        explanation: What changed, in one line, with the names a facilitator knows.
        rung_before: The escalation rung before (escalation track only).
        rung_after: The escalation rung after (escalation track only).
    """

    kind: EffectKind
    target: str
    before: int | str
    after: int | str
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
    state: GameState,
    effect: TrackEffect | UnitMoveEffect | UnitStrengthEffect,
    scenario: Scenario,
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
    if isinstance(effect, TrackEffect):
        return _apply_track(state, effect, scenario)
    if isinstance(effect, UnitMoveEffect):
        return _apply_move(state, effect, scenario)
    return _apply_strength(state, effect, scenario)


def _apply_track(
    state: GameState, effect: TrackEffect, scenario: Scenario
) -> tuple[GameState, AppliedEffect]:
    track = _track(scenario, effect.track)
    before = state.track(track.id)
    wanted = before + effect.delta
    after = max(track.min, min(track.max, wanted))
    clamped = after != wanted
    line = f"{track.name}: {before} → {after} ({_signed(effect.delta)}"
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
        kind=EffectKind.TRACK,
        target=track.id,
        before=before,
        after=after,
        requested_delta=effect.delta,
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
    current = state.unit(unit.id)
    if not may_stand_in(unit.type, region.kind):
        if unit.type in AT_SEA:
            what = "a naval unit"
        else:
            what = f"a land unit ({unit.type.value.replace('_', ' ')})"
        raise RuleError(f"'{unit.name}' is {what}; '{region.name}' is {region.kind.value}")
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
    current = state.unit(unit.id)
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


def apply_effects(
    state: GameState,
    effects: Iterable[TrackEffect | UnitMoveEffect | UnitStrengthEffect],
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
