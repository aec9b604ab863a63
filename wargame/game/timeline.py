"""The game's history replayed in order: the state, what triggers see, and red lines crossed.

A red line's trigger may ask about the state of play (a track, units, a fact) or about what
has happened (a move adjudicated with an outcome, a turn or phase reached, an inject
released, another red line crossed). Whether a line *has been* crossed is therefore found
by walking the record in the order it was written — phase changes, adjudications, inject
releases and effects that stand — and evaluating every line after each step, with the
same :class:`~wargame.rules.triggers.History` the trigger language defines.

The same walk, with some records left out, tells what a void takes along: effects of what
is left out, and the conditional injects whose condition held when they fired but no longer
holds at that point once those records are gone (and so on down the line).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from wargame.game.core import effect_from_record
from wargame.rules.effects import apply_effect
from wargame.rules.errors import RuleError
from wargame.rules.state import GameState, initial_state
from wargame.rules.triggers import Adjudicated, History, holds
from wargame.scenario.expressions import leaves
from wargame.scenario.model import (
    AnyEffect,
    FactEstablished,
    InjectReleased,
    MoveAdjudicated,
    RedLine,
    RedLineCrossed,
    Scenario,
    TrackAtLeast,
    TrackAtMost,
    TurnReached,
    UnitInRegion,
)
from wargame.store import models as m
from wargame.store.shared_views import adjudication_entity

StepKind = Literal["phase", "adjudication", "release", "effect"]
StepKey = tuple[StepKind, int]
"""A step's kind and its record's id: what a void names."""

_RANK: dict[StepKind, int] = {"phase": 0, "adjudication": 1, "release": 2, "effect": 3}
"""Order of steps written at the same instant: what sets things off comes first."""


@dataclass(frozen=True)
class Step:
    """One record of the game's history, as triggers and the state see it.

    Attributes:
        kind: A phase entered, an adjudication, an inject released, or an effect.
        row_id: The record's id in its table.
        turn: The turn it belongs to.
        at: When it was written.
        phase_index: For a phase: its index in the turn plan.
        adjudicated: For an adjudication: its team, tags and outcome.
        inject_id: For a release: the scenario's inject (None for an ad hoc one).
        conditional: For a release: it fired on its condition.
        effect: For an effect: the change.
        cause: For an effect: the adjudication or release that made it, if any.
    """

    kind: StepKind
    row_id: int
    turn: int
    at: dt.datetime
    phase_index: int | None = None
    adjudicated: Adjudicated | None = None
    inject_id: str | None = None
    conditional: bool = False
    effect: AnyEffect | None = None
    cause: StepKey | None = None

    @property
    def key(self) -> StepKey:
        """The step's kind and record id."""
        return (self.kind, self.row_id)


def _standing(
    column: InstrumentedAttribute[dt.datetime],
    voided: InstrumentedAttribute[dt.datetime | None],
    at: dt.datetime | None,
) -> list[ColumnElement[bool]]:
    """Where-clauses for rows written by ``at`` (or ever) and not void at that moment."""
    if at is None:
        return [voided.is_(None)]
    return [column <= at, or_(voided.is_(None), voided > at)]


def load_steps(
    s: Session, game_id: int, scenario: Scenario, *, at: dt.datetime | None = None
) -> list[Step]:
    """Every record of the game's history that stands (or stood at ``at``), in order."""
    steps = [
        *_phase_steps(s, game_id, scenario, at),
        *_adjudication_steps(s, game_id, at),
        *_release_steps(s, game_id, at),
        *_effect_steps(s, game_id, at),
    ]
    steps.sort(key=lambda st: (_utc(st.at), _RANK[st.kind], st.row_id))
    return steps


def _phase_steps(
    s: Session, game_id: int, scenario: Scenario, at: dt.datetime | None
) -> list[Step]:
    phases = [p.id for p in scenario.turn_plan.phases]
    rows = s.execute(
        select(
            m.PhaseRecord.id, m.PhaseRecord.turn, m.PhaseRecord.started_at, m.PhaseRecord.phase_id
        ).where(
            m.PhaseRecord.game_id == game_id,
            *_standing(m.PhaseRecord.started_at, m.PhaseRecord.voided_at, at),
        )
    ).all()
    return [
        Step("phase", i, turn, when, phase_index=phases.index(p) if p in phases else None)
        for i, turn, when, p in rows
    ]


def _adjudication_steps(s: Session, game_id: int, at: dt.datetime | None) -> list[Step]:
    a = adjudication_entity(s)  # a team's role reads them through its view (no tags)
    rows = s.execute(
        select(a.id, a.turn, a.created_at, a.inputs, a.outcome, m.Move.team_id)
        .outerjoin(m.Move, a.move_id == m.Move.id)
        .where(a.game_id == game_id, *_standing(a.created_at, a.voided_at, at))
    ).all()
    return [
        Step(
            "adjudication",
            i,
            turn,
            when,
            adjudicated=Adjudicated(team, frozenset((inputs or {}).get("tags", ())), outcome),
        )
        for i, turn, when, inputs, outcome, team in rows
    ]


def _release_steps(s: Session, game_id: int, at: dt.datetime | None) -> list[Step]:
    r = m.InjectRelease
    rows = s.execute(
        select(r.id, r.turn, r.released_at, r.inject_id, r.trigger).where(
            r.game_id == game_id, *_standing(r.released_at, r.voided_at, at)
        )
    ).all()
    return [
        Step("release", i, turn, when, inject_id=inject, conditional=trigger == "conditional")
        for i, turn, when, inject, trigger in rows
    ]


def _effect_steps(s: Session, game_id: int, at: dt.datetime | None) -> list[Step]:
    steps = []
    for e in s.scalars(
        select(m.Effect).where(
            m.Effect.game_id == game_id, *_standing(m.Effect.created_at, m.Effect.voided_at, at)
        )
    ):
        cause: StepKey | None = None
        if e.adjudication_id is not None:
            cause = ("adjudication", e.adjudication_id)
        elif e.inject_release_id is not None:
            cause = ("release", e.inject_release_id)
        steps.append(
            Step("effect", e.id, e.turn, e.created_at, effect=effect_from_record(e), cause=cause)
        )
    return steps


def _utc(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Replayed:
    """The game's history walked to its end (or to a turn).

    Attributes:
        state: The state of play at the end.
        history: What triggers see at the end; ``crossed`` holds every red line ever crossed.
        first_crossed: Red line id → turn in which it was first crossed (0: from the start).
        crossed_by: Red line id → the step that first crossed it (absent: from the start).
        turn_ends: The state at the end of each turn that has a step (turn 0: the start).
        justified: Conditional releases whose condition held when they fired.
        dropped: Steps left out: those asked, and those that lost their cause with them.
    """

    state: GameState
    history: History
    first_crossed: Mapping[str, int]
    crossed_by: Mapping[str, StepKey]
    turn_ends: Mapping[int, GameState]
    justified: frozenset[StepKey]
    dropped: frozenset[StepKey]


@dataclass
class _Walk:
    """The walk's running position (mutable while it replays)."""

    state: GameState
    crossed: set[str] = field(default_factory=set)
    adjudicated: list[Adjudicated] = field(default_factory=list)
    released: set[str] = field(default_factory=set)
    turn: int = 0
    phase_index: int | None = None

    def history(self) -> History:
        return History(
            frozenset(self.crossed),
            tuple(self.adjudicated),
            frozenset(self.released),
            self.turn,
            self.phase_index,
        )


def replay(
    scenario: Scenario,
    steps: Iterable[Step],
    *,
    skip: Collection[StepKey] = frozenset(),
    justified: Collection[StepKey] | None = None,
    until_turn: int | None = None,
) -> Replayed:
    """Walk the history and find the state and the red lines crossed after every step.

    Args:
        scenario: The scenario.
        steps: The history, in order (:func:`load_steps`).
        skip: Steps to leave out (a void being previewed); their effects go with them.
        justified: The conditional releases that fired rightly in the full history; one of
            them whose condition no longer holds at its point is left out too, with its
            effects. None keeps every release.
        until_turn: Stop after this turn's steps.
    """
    inject_of = {i.id: i for i in scenario.injects}
    walk = _Walk(initial_state(scenario))
    first: dict[str, int] = {}
    by: dict[str, StepKey] = {}
    watch = _watchers(scenario)
    found = (first, by)
    again = watch.get("crossing", ())
    _cross(scenario, walk, scenario.red_lines, (0, None), found, again)
    ends: dict[int, GameState] = {0: walk.state}
    dropped: set[StepKey] = set(skip)
    fired_rightly: set[StepKey] = set()
    for step in steps:
        if until_turn is not None and step.turn > until_turn:
            break
        if step.key in dropped or (step.cause is not None and step.cause in dropped):
            dropped.add(step.key)
            continue
        if step.kind == "release" and step.conditional and step.inject_id in inject_of:
            condition = inject_of[step.inject_id].condition
            ok = condition is not None and holds(condition, walk.state, scenario, walk.history())
            if ok:
                fired_rightly.add(step.key)
            elif justified is not None and step.key in justified:
                dropped.add(step.key)
                continue
        if not _take(scenario, walk, step):
            dropped.add(step.key)
            continue
        _cross(scenario, walk, watch.get(step.kind, ()), (step.turn, step.key), found, again)
        ends[step.turn] = walk.state
    return Replayed(
        walk.state,
        walk.history(),
        first,
        by,
        ends,
        frozenset(fired_rightly),
        frozenset(dropped),
    )


def _take(scenario: Scenario, walk: _Walk, step: Step) -> bool:
    """Add one step to the walk; False when its effect no longer applies."""
    if step.kind == "phase":
        walk.turn, walk.phase_index = step.turn, step.phase_index
    elif step.kind == "adjudication" and step.adjudicated is not None:
        walk.adjudicated.append(step.adjudicated)
    elif step.kind == "release" and step.inject_id is not None:
        walk.released.add(step.inject_id)
    elif step.effect is not None:
        try:
            walk.state, _ = apply_effect(walk.state, step.effect, scenario)
        except RuleError:
            return False
    return True


_SENSITIVE: dict[type, str] = {
    TrackAtLeast: "effect",
    TrackAtMost: "effect",
    UnitInRegion: "effect",
    FactEstablished: "effect",
    MoveAdjudicated: "adjudication",
    InjectReleased: "release",
    TurnReached: "phase",
    RedLineCrossed: "crossing",
}
"""What kind of step can change a trigger leaf's truth ("crossing": another line crossed)."""


def _watchers(scenario: Scenario) -> dict[str, tuple[RedLine, ...]]:
    """The red lines each kind of step may cross: those with a leaf that kind can change."""
    out: dict[str, list[RedLine]] = {}
    for line in scenario.red_lines:
        for kind in {_SENSITIVE[type(leaf)] for leaf in leaves(line.trigger)}:
            out.setdefault(kind, []).append(line)
    return {kind: tuple(lines) for kind, lines in out.items()}


def _cross(
    scenario: Scenario,
    walk: _Walk,
    lines: Sequence[RedLine],
    at: tuple[int, StepKey | None],
    found: tuple[dict[str, int], dict[str, StepKey]],
    after_crossing: Sequence[RedLine],
) -> None:
    """Add the lines among ``lines`` that hold now; one crossed may make another hold."""
    turn, key = at
    first, by = found
    while lines:
        history = walk.history()
        new = [
            line.id
            for line in lines
            if line.id not in walk.crossed and holds(line.trigger, walk.state, scenario, history)
        ]
        if not new:
            return
        for line_id in new:
            walk.crossed.add(line_id)
            first[line_id] = turn
            if key is not None:
                by[line_id] = key
        lines = after_crossing


def replay_game(
    s: Session, game_id: int, scenario: Scenario, *, until_turn: int | None = None
) -> Replayed:
    """The game's record walked from the start (to the end of ``until_turn``)."""
    return replay(scenario, load_steps(s, game_id, scenario), until_turn=until_turn)


def without(
    s: Session, game_id: int, scenario: Scenario, skip: Collection[StepKey]
) -> tuple[Replayed, Replayed]:
    """The game's record walked as it stands, and again with ``skip`` left out.

    The second walk drops what depended on the skipped records: their effects, and the
    conditional injects that fired rightly but would not have fired without them.
    """
    steps = load_steps(s, game_id, scenario)
    full = replay(scenario, steps)
    return full, replay(scenario, steps, skip=skip, justified=full.justified)


def turn_ends(done: Replayed, last_turn: int) -> list[tuple[int, GameState]]:
    """The state at the start (turn 0) and at the end of each turn up to ``last_turn``."""
    out = [(0, done.turn_ends[0])]
    for turn in range(1, last_turn + 1):
        out.append((turn, done.turn_ends.get(turn, out[-1][1])))
    return out
