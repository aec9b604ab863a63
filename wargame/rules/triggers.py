"""Trigger expressions: whether a trigger holds, given the state and what has happened.

Some triggers ask only about the state of play (a track's level, where units stand, a fact);
others ask about the game's history: a move adjudicated with an outcome, a turn or phase
reached, an inject released, a red line crossed. The game layer gathers that history into a
:class:`History` from the record and passes it in; this module does no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from wargame.rules.errors import RuleError
from wargame.rules.state import GameState
from wargame.scenario.model import (
    AllOf,
    AnyOf,
    FactEstablished,
    InjectReleased,
    MoveAdjudicated,
    NotOf,
    RedLineCrossed,
    Scenario,
    TrackAtLeast,
    TrackAtMost,
    Trigger,
    TurnReached,
    Unit,
    UnitInRegion,
)


@dataclass(frozen=True)
class Adjudicated:
    """A move's adjudication that stands (not voided), as triggers see it.

    Attributes:
        team: The team whose move it was (None for an event with no move).
        tags: The tags the umpire put on the move.
        outcome: success, partial or failure.
    """

    team: str | None
    tags: frozenset[str]
    outcome: str


@dataclass(frozen=True)
class History:
    """What has happened in the game so far, beyond the state of play.

    Attributes:
        crossed: The red lines crossed at any time so far.
        adjudicated: Every adjudication that stands.
        released: The ids of the scenario's injects released (and not voided).
        turn: The current turn (0 before the game starts).
        phase_index: The current phase's index in the turn plan (None before the start).
    """

    crossed: frozenset[str] = frozenset()
    adjudicated: tuple[Adjudicated, ...] = ()
    released: frozenset[str] = frozenset()
    turn: int = 0
    phase_index: int | None = None


NOTHING_YET = History()
"""The history of a game that has not started."""


def holds(trigger: Trigger, state: GameState, scenario: Scenario, history: History) -> bool:
    """Whether a trigger expression holds.

    Raises:
        RuleError: If the trigger names a track the state does not have or an unknown red
            line (validation refuses such scenarios; this guards hand-made triggers).
    """
    if isinstance(trigger, AllOf):
        return all(holds(t, state, scenario, history) for t in trigger.of)
    if isinstance(trigger, AnyOf):
        return any(holds(t, state, scenario, history) for t in trigger.of)
    if isinstance(trigger, NotOf):
        return not holds(trigger.of, state, scenario, history)
    if isinstance(trigger, TrackAtLeast):
        return state.track(trigger.track) >= trigger.level
    if isinstance(trigger, TrackAtMost):
        return state.track(trigger.track) <= trigger.level
    if isinstance(trigger, UnitInRegion):
        return any(_counts(unit, trigger, state) for unit in scenario.units)
    if isinstance(trigger, RedLineCrossed):
        if trigger.red_line not in {line.id for line in scenario.red_lines}:
            raise RuleError(f"there is no red line '{trigger.red_line}' in this scenario")
        return trigger.red_line in history.crossed
    if isinstance(trigger, MoveAdjudicated):
        return any(_matches(trigger, a) for a in history.adjudicated)
    if isinstance(trigger, FactEstablished):
        return trigger.fact in state.facts
    if isinstance(trigger, TurnReached):
        return _reached(trigger, scenario, history)
    if isinstance(trigger, InjectReleased):
        return trigger.inject in history.released
    raise RuleError(f"unknown trigger {trigger!r}")  # pragma: no cover - the union is closed


def _counts(unit: Unit, trigger: UnitInRegion, state: GameState) -> bool:
    if unit.owner != trigger.actor or unit.id not in state.units:
        return False
    if trigger.unit_types and unit.type not in trigger.unit_types:
        return False
    now = state.units[unit.id]
    return now.region in trigger.regions and now.strength >= trigger.min_strength


def _matches(trigger: MoveAdjudicated, adjudicated: Adjudicated) -> bool:
    if trigger.team is not None and adjudicated.team != trigger.team:
        return False
    if trigger.tag is not None and trigger.tag not in adjudicated.tags:
        return False
    return adjudicated.outcome in trigger.outcomes


def _reached(trigger: TurnReached, scenario: Scenario, history: History) -> bool:
    if history.turn != trigger.turn or trigger.phase is None:
        return history.turn >= trigger.turn
    ids = [p.id for p in scenario.turn_plan.phases]
    wanted = ids.index(trigger.phase) if trigger.phase in ids else 0
    return history.phase_index is not None and history.phase_index >= wanted
