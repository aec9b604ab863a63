"""Red lines and conditional injects: which declared lines the state of play has crossed.

A red line is crossed when any of its triggers holds in the current state. Whether it
*has been* crossed is a question about history: a line crossed in turn 2 stays crossed
even if the units pull back in turn 3, so the game layer keeps the set of lines ever
crossed (:func:`first_crossings`) and passes it to :func:`due_conditional_injects`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wargame.rules.state import GameState
from wargame.rules.triggers import NOTHING_YET, History, holds
from wargame.scenario.model import Inject, Scenario, Trigger


@dataclass(frozen=True)
class RedLineCrossing:
    """When a red line was first crossed.

    Attributes:
        red_line_id: The red line.
        turn: The turn in which it was first found crossed.
    """

    red_line_id: str
    turn: int


def trigger_holds(
    trigger: Trigger,
    state: GameState,
    scenario: Scenario,
    crossed: frozenset[str] = frozenset(),
    history: History = NOTHING_YET,
) -> bool:
    """Whether a trigger expression holds in a state (see :func:`wargame.rules.triggers.holds`).

    Args:
        trigger: The trigger or condition.
        state: The state of play.
        scenario: The scenario, for the units' owners and types.
        crossed: The red lines crossed so far, for ``red_line_crossed`` conditions (added
            to those of ``history``).
        history: What has happened so far (adjudications, turn, injects released).

    Raises:
        RuleError: If the trigger names a track the state does not have, or an unknown
            red line.
    """
    if crossed:
        history = History(
            history.crossed | crossed,
            history.adjudicated,
            history.released,
            history.turn,
            history.phase_index,
        )
    return holds(trigger, state, scenario, history)


def crossed_red_lines(
    state: GameState, scenario: Scenario, history: History = NOTHING_YET
) -> frozenset[str]:
    """The ids of the red lines whose trigger holds in this state (and history)."""
    return frozenset(
        line.id for line in scenario.red_lines if holds(line.trigger, state, scenario, history)
    )


def newly_crossed(before: GameState, after: GameState, scenario: Scenario) -> frozenset[str]:
    """The red lines crossed in ``after`` that were not crossed in ``before``.

    Used after an adjudication's effects are applied, to tell the facilitator at once.
    """
    return crossed_red_lines(after, scenario) - crossed_red_lines(before, scenario)


def first_crossings(history: Iterable[tuple[int, GameState]], scenario: Scenario) -> dict[str, int]:
    """The turn in which each red line was first crossed, for the lines ever crossed.

    Args:
        history: ``(turn, state)`` pairs, e.g. the state after each adjudication. Their
            order does not matter; the earliest turn a line is crossed in wins.
        scenario: The scenario.

    Returns:
        Red line id → turn of first crossing; lines never crossed are absent.
    """
    first: dict[str, int] = {}
    for turn, state in history:
        for line_id in crossed_red_lines(state, scenario):
            if line_id not in first or turn < first[line_id]:
                first[line_id] = turn
    return first


def crossing_timeline(
    history: Sequence[tuple[int, GameState]], scenario: Scenario
) -> tuple[RedLineCrossing, ...]:
    """The first crossing of each red line, in the order they happened (for the report).

    Lines crossed in the same turn are in the scenario's order.
    """
    first = first_crossings(history, scenario)
    order = {line.id: i for i, line in enumerate(scenario.red_lines)}
    return tuple(
        RedLineCrossing(line_id, turn)
        for line_id, turn in sorted(first.items(), key=lambda item: (item[1], order[item[0]]))
    )


def due_conditional_injects(
    scenario: Scenario,
    state: GameState,
    crossed: frozenset[str],
    released: frozenset[str],
    history: History = NOTHING_YET,
) -> tuple[Inject, ...]:
    """The conditional injects the white cell should now release, in the scenario's order.

    An inject is due when its condition holds and it has not been released yet. A
    ``red_line_crossed`` condition holds when the line is in ``crossed`` — the lines ever
    crossed, which the game layer keeps — or is crossed in ``state`` itself, so a line
    crossed by the effect just applied counts at once.

    Args:
        scenario: The scenario.
        state: The state of play now.
        crossed: The red lines crossed at any time so far.
        released: The ids of the injects already released.
        history: What has happened so far, for triggers on moves, turns and injects.
    """
    ever = crossed | history.crossed | crossed_red_lines(state, scenario, history)
    seen = History(
        ever, history.adjudicated, released | history.released, history.turn, history.phase_index
    )
    return tuple(
        inject
        for inject in scenario.injects
        if inject.condition is not None
        and inject.id not in released
        and holds(inject.condition, state, scenario, seen)
    )
