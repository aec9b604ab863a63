"""Where the current phase stands: what is still to do before moving on.

One rule for "pending injects" (:func:`pending_injects`) serves the inject panel, the
command line and the summary shown before the facilitator advances a phase
(:func:`unfinished_work`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from wargame.game.views import Viewer, counted
from wargame.scenario.model import Inject, PhaseKind, Scenario

if TYPE_CHECKING:
    from wargame.game.queries import GameQueries


@dataclass(frozen=True)
class UnfinishedWork:
    """What the current phase leaves undone, each item named for the facilitator.

    Attributes:
        unadjudicated: Moves of this turn with no ruling ("Blue: Frigates to Kest").
        teams_without_move: Teams that have no move this turn.
        injects_due: Scheduled injects due by now and not released.
    """

    unadjudicated: tuple[str, ...] = ()
    teams_without_move: tuple[str, ...] = ()
    injects_due: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """True when nothing is left undone."""
        return not (self.unadjudicated or self.teams_without_move or self.injects_due)

    def lines(self) -> list[str]:
        """One sentence per kind of unfinished work."""
        out = []
        if self.unadjudicated:
            out.append(
                f"{counted(len(self.unadjudicated), 'move')} not adjudicated: "
                + "; ".join(self.unadjudicated)
            )
        if self.teams_without_move:
            out.append(
                f"{counted(len(self.teams_without_move), 'team')} without a move: "
                + ", ".join(self.teams_without_move)
            )
        if self.injects_due:
            out.append(
                f"{counted(len(self.injects_due), 'inject')} due and not released: "
                + "; ".join(self.injects_due)
            )
        return out


def is_due(inject: Inject, scenario: Scenario, turn: int, phase_id: str | None) -> bool:
    """Whether a scheduled inject is due at a turn and phase (conditional ones never are)."""
    if inject.turn is None or turn < 1:
        return False
    if inject.turn != turn or inject.phase is None or phase_id is None:
        return inject.turn <= turn
    order = [p.id for p in scenario.turn_plan.phases]
    return order.index(inject.phase) <= order.index(phase_id)


def pending_injects(queries: GameQueries, turn: int | None = None) -> tuple[Inject, ...]:
    """Scheduled injects due by now (or by the end of ``turn``) and not released.

    The one rule of "pending": overdue injects of earlier turns stay pending until released.
    """
    summary = queries.summary()
    phase_id = summary.phase_id if turn is None else None
    turn = summary.turn if turn is None else turn
    scenario = queries.scenario
    released = {i.inject_id for i in queries.injects(Viewer.facilitator()) if not i.voided}
    return tuple(
        i for i in scenario.injects if i.id not in released and is_due(i, scenario, turn, phase_id)
    )


def unfinished_work(queries: GameQueries) -> UnfinishedWork:
    """What leaving the current phase would leave undone (nothing outside a running game)."""
    summary = queries.summary()
    scenario = queries.scenario
    if summary.status != "running" or summary.phase_id is None:
        return UnfinishedWork()
    kind = scenario.turn_plan.phase(summary.phase_id).kind
    viewer = Viewer.facilitator()
    moves = [
        m for m in queries.moves(viewer, summary.turn) if not m.voided and m.status != "withdrawn"
    ]
    unadjudicated: tuple[str, ...] = ()
    if kind is PhaseKind.ADJUDICATION:
        ruled = {a.move_id for a in queries.adjudications(viewer, summary.turn) if not a.voided}
        unadjudicated = tuple(
            f"{_team(scenario, m.team_id)}: {m.title}" for m in moves if m.id not in ruled
        )
    without: tuple[str, ...] = ()
    if kind in (PhaseKind.MOVES, PhaseKind.ADJUDICATION):
        moved = {m.team_id for m in moves}
        without = tuple(t.name for t in scenario.teams if t.id not in moved)
    due = tuple(i.title for i in pending_injects(queries))
    return UnfinishedWork(unadjudicated, without, due)


def _team(scenario: Scenario, team_id: str) -> str:
    try:
        return scenario.team(team_id).name
    except KeyError:
        return team_id
