"""The turn machine: where the game stands in its turn plan, and what may be done there.

Every turn runs the same phases in order (the scenario's turn plan). The game layer
keeps the current :class:`Position`, moves it on with :func:`next_position`, and asks
:func:`check_phase` before each action, so that, say, a move cannot be slipped in while
the umpire adjudicates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from wargame.rules.errors import RuleError
from wargame.scenario.model import (
    GameClock,
    Inject,
    Phase,
    PhaseKind,
    Scenario,
    TurnPlan,
    TurnUnit,
)


@dataclass(frozen=True)
class Position:
    """A turn and a phase of it: where the game stands.

    Attributes:
        turn: The turn, from 1.
        phase_id: The id of the phase in the turn plan.
    """

    turn: int
    phase_id: str


def _phase_index(plan: TurnPlan, pos: Position) -> int:
    if not 1 <= pos.turn <= plan.turns:
        raise RuleError(f"turn {pos.turn} is not in this game, which has turns 1 to {plan.turns}")
    for i, phase in enumerate(plan.phases):
        if phase.id == pos.phase_id:
            return i
    known = ", ".join(f"'{p.id}'" for p in plan.phases)
    raise RuleError(f"there is no phase '{pos.phase_id}' in the turn plan (phases: {known})")


def first_position(plan: TurnPlan) -> Position:
    """Where a game starts: the first phase of turn 1."""
    return Position(1, plan.phases[0].id)


def next_position(plan: TurnPlan, pos: Position) -> Position | None:
    """The phase after ``pos``: the next phase of the turn, or the first of the next turn.

    Returns:
        The next position, or None after the last phase of the last turn (the game is over).

    Raises:
        RuleError: If ``pos`` is not a position of this plan.
    """
    index = _phase_index(plan, pos)
    if index + 1 < len(plan.phases):
        return Position(pos.turn, plan.phases[index + 1].id)
    if pos.turn < plan.turns:
        return Position(pos.turn + 1, plan.phases[0].id)
    return None


def phase_at(plan: TurnPlan, pos: Position) -> Phase:
    """The phase the game is in at ``pos``.

    Raises:
        RuleError: If ``pos`` is not a position of this plan.
    """
    return plan.phases[_phase_index(plan, pos)]


def phase_kind(plan: TurnPlan, pos: Position) -> PhaseKind:
    """The kind of phase the game is in at ``pos``, which decides what may be done.

    Raises:
        RuleError: If ``pos`` is not a position of this plan.
    """
    return phase_at(plan, pos).kind


def position_order(plan: TurnPlan, pos: Position) -> int:
    """A number that orders positions in time (0 for the first), to compare or sort them.

    Raises:
        RuleError: If ``pos`` is not a position of this plan.
    """
    return (pos.turn - 1) * len(plan.phases) + _phase_index(plan, pos)


class Action(StrEnum):
    """What someone can do in a game; each is allowed only in some kinds of phase."""

    SUBMIT_MOVE = "submit_move"
    EDIT_MOVE = "edit_move"
    WITHDRAW_MOVE = "withdraw_move"
    COUNTER_ARGUE = "counter_argue"
    REVEAL = "reveal"
    ADJUDICATE = "adjudicate"
    APPLY_EFFECT = "apply_effect"
    RELEASE_INJECT = "release_inject"
    NOTE = "note"
    OBSERVE = "observe"


_EVERY_PHASE = frozenset(PhaseKind)
_MOVE_PHASES = frozenset({PhaseKind.MOVES, PhaseKind.PLANNING})

ALLOWED_PHASES: Mapping[Action, frozenset[PhaseKind]] = MappingProxyType(
    {
        Action.SUBMIT_MOVE: _MOVE_PHASES,
        Action.EDIT_MOVE: _MOVE_PHASES,
        Action.WITHDRAW_MOVE: _MOVE_PHASES,
        Action.COUNTER_ARGUE: frozenset({PhaseKind.MOVES, PhaseKind.ADJUDICATION}),
        Action.REVEAL: frozenset({PhaseKind.ADJUDICATION}),
        Action.ADJUDICATE: frozenset({PhaseKind.ADJUDICATION}),
        Action.APPLY_EFFECT: _EVERY_PHASE,
        Action.RELEASE_INJECT: _EVERY_PHASE,
        Action.NOTE: _EVERY_PHASE,
        Action.OBSERVE: _EVERY_PHASE,
    }
)
"""The kinds of phase in which each action is allowed.

Moves are written while teams plan and move; counter-arguments may be made against moves
as they come in and while the umpire weighs them; moves are revealed and adjudicated only
in adjudication. The white cell's effects and injects, and anyone's notes and
observations, may come at any time.
"""

_ACTION_WORDS: Mapping[Action, str] = MappingProxyType(
    {
        Action.SUBMIT_MOVE: "moves can be submitted",
        Action.EDIT_MOVE: "moves can be edited",
        Action.WITHDRAW_MOVE: "moves can be withdrawn",
        Action.COUNTER_ARGUE: "counter-arguments can be made",
        Action.REVEAL: "moves can be revealed",
        Action.ADJUDICATE: "moves can be adjudicated",
        Action.APPLY_EFFECT: "effects can be applied",
        Action.RELEASE_INJECT: "injects can be released",
        Action.NOTE: "notes can be taken",
        Action.OBSERVE: "observations can be recorded",
    }
)


_MESSAGE_ORDER = (
    PhaseKind.MOVES,
    PhaseKind.ADJUDICATION,
    PhaseKind.PLANNING,
    PhaseKind.BRIEFING,
    PhaseKind.NARRATIVE,
)


def is_allowed(action: Action, kind: PhaseKind) -> bool:
    """Whether ``action`` is allowed in a phase of this kind (for enabling buttons)."""
    return kind in ALLOWED_PHASES[action]


def check_phase(action: Action, kind: PhaseKind, phase_name: str | None = None) -> None:
    """Refuse an action the current phase does not allow.

    Args:
        action: What someone is trying to do.
        kind: The kind of the current phase.
        phase_name: The current phase's name, to quote in the message.

    Raises:
        RuleError: E.g. "moves can be submitted only in a moves or planning phase; the game
            is in 'Adjudication'".
    """
    allowed = ALLOWED_PHASES[action]
    if kind in allowed:
        return
    where = _a(" or ".join(k.value for k in _MESSAGE_ORDER if k in allowed))
    now = f"'{phase_name}'" if phase_name else _a(kind.value)
    raise RuleError(f"{_ACTION_WORDS[action]} only in {where}; the game is in {now}")


def _a(kinds: str) -> str:
    article = "an" if kinds[0] in "aeiou" else "a"
    return f"{article} {kinds} phase"


def scheduled_injects(scenario: Scenario, pos: Position) -> tuple[Inject, ...]:
    """The scheduled injects due at ``pos``, in the scenario's order.

    An inject scheduled for a turn without a phase is due in that turn's first phase.
    Injects at a clock time (``at``) come after the others, in time order.

    Raises:
        RuleError: If ``pos`` is not a position of the scenario's turn plan.
    """
    plan = scenario.turn_plan
    _phase_index(plan, pos)
    first = plan.phases[0].id
    due = [
        inject
        for inject in scenario.injects
        if inject.turn == pos.turn and (inject.phase or first) == pos.phase_id
    ]
    return tuple(sorted(due, key=lambda i: (i.at is not None, i.at or dt.time(0, 0))))


def turn_start(clock: GameClock, turn: int) -> dt.datetime | None:
    """The in-game moment a turn begins, or None when turns are not of a fixed length.

    Raises:
        RuleError: If the turn is before turn 1.
    """
    if turn < 1:
        raise RuleError(f"turns are numbered from 1, not {turn}")
    length = clock.length
    if length is None:
        return None
    begin = dt.datetime.combine(clock.start, clock.start_time or dt.time(0, 0))
    return begin + (turn - 1) * length


def turn_date(clock: GameClock, turn: int) -> dt.date | None:
    """The in-game date on which a turn begins, or None when turns are not of a fixed length.

    Raises:
        RuleError: If the turn is before turn 1.
    """
    start = turn_start(clock, turn)
    return start.date() if start is not None else None


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%b %Y}"


def turn_heading(clock: GameClock, turn: int) -> str:
    """When a turn happens in the game's world, in the unit its turns are counted in.

    Days: '15 Mar 2027'; weeks: '15 Mar 2027 – 21 Mar 2027'; hours and minutes: the time of
    day, with the date when it changes ('15 Mar 2027 06:00–10:00', '10:00–14:00'). Without a
    fixed turn length: the turn's length in words.

    Raises:
        RuleError: If the turn is before turn 1.
    """
    start, length = turn_start(clock, turn), clock.length
    if start is None or length is None:
        return clock.described if turn > 1 else f"{clock.described} from {_day(clock.start)}"
    end = start + length
    if clock.turn_unit in (TurnUnit.DAYS, TurnUnit.WEEKS):
        last = (end - dt.timedelta(days=1)).date()
        return _day(start.date()) if last == start.date() else f"{_day(start)} – {_day(last)}"
    span = f"{start:%H:%M}–{end:%H:%M}"
    previous = turn_start(clock, turn - 1) if turn > 1 else None
    if previous is None or previous.date() != start.date():
        return f"{_day(start)} {span}"
    return span


def inject_time(clock: GameClock, inject: Inject) -> dt.datetime | None:
    """The in-game moment an inject scheduled at a clock time (``at``) is due, or None."""
    if inject.at is None or inject.turn is None:
        return None
    start = turn_start(clock, inject.turn)
    if start is None:
        return None
    moment = dt.datetime.combine(start.date(), inject.at)
    return moment if moment >= start else moment + dt.timedelta(days=1)
