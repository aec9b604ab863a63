"""What a team page shows, read through the game layer's queries for that team's viewer.

:func:`team_view` gathers one team's page as plain values: its briefing and objectives,
where the game stands (turn, phase, the phase's time box), the injects released to it, the
public state of play, its own moves with their outcomes once revealed, and the other teams'
revealed moves it may argue against. Every read is ``Viewer.team(team)``: a team page never
holds another team's sealed move, briefing or notes, nor the dice seed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from wargame.game import Game, Role, Viewer
from wargame.game.fog import state_seen
from wargame.game.views import (
    AdjudicationView,
    GameSummary,
    InjectView,
    MoveView,
    ParticipantView,
    StateView,
)
from wargame.rules import turns
from wargame.scenario.model import PhaseKind


@dataclass(frozen=True)
class Briefing:
    """The team's standing information: it does not change during a game."""

    team_name: str
    actor_name: str
    colour: str
    description: tuple[str, ...]
    objectives: tuple[str, ...]
    briefing: tuple[str, ...]
    background: tuple[str, ...]


@dataclass(frozen=True)
class Position:
    """Where the game stands, as a team sees it."""

    title: str
    status: str
    turn: int
    turns: int
    phase_name: str | None
    phase_kind: str | None
    deadline: dt.datetime | None
    can_submit: bool
    can_counter: bool


@dataclass(frozen=True)
class OwnMove:
    """One of the team's moves and, once revealed and ruled on, its outcome."""

    move: MoveView
    outcome: str | None
    narrative: str | None


@dataclass(frozen=True)
class Author:
    """A player of the team, for the page's "written by" list."""

    id: int
    name: str
    has_pin: bool


@dataclass(frozen=True)
class TeamView:
    """Everything one team's page shows at one moment."""

    team_id: str
    position: Position
    injects: tuple[InjectView, ...]
    state: StateView
    red_lines: tuple[tuple[str, str, bool], ...]
    own_moves: tuple[OwnMove, ...]
    others: tuple[MoveView, ...]
    authors: tuple[Author, ...]
    team_names: tuple[tuple[str, str], ...] = ()

    def team_name(self, team_id: str) -> str:
        """A team's display name."""
        return dict(self.team_names).get(team_id, team_id)


def paragraphs(text: str | None) -> tuple[str, ...]:
    """Scenario text as paragraphs: blank lines separate them, single newlines do not."""
    if not text:
        return ()
    blocks = (" ".join(block.split()) for block in re.split(r"\n\s*\n", text.strip()))
    return tuple(block for block in blocks if block)


def briefing(game: Game, team_id: str) -> Briefing:
    """The team's briefing and objectives, and the background every player gets."""
    scenario = game.scenario
    team = scenario.team(team_id)
    actor = scenario.actor(team.actor)
    name = actor.name + (f" ({actor.native_name})" if actor.native_name else "")
    return Briefing(
        team_name=team.name,
        actor_name=name,
        colour=actor.colour,
        description=paragraphs(team.description),
        objectives=tuple(actor.objectives),
        briefing=paragraphs(actor.briefing),
        background=paragraphs(scenario.metadata.background),
    )


@dataclass(frozen=True)
class RoomView:
    """What every team's page shares at one moment: read once per change, not per team."""

    summary: GameSummary
    position: Position
    state: StateView
    red_lines: tuple[tuple[str, str, bool], ...]
    participants: tuple[ParticipantView, ...]
    team_names: tuple[tuple[str, str], ...]


def room_view(game: Game) -> RoomView:
    """Read the part of the pages every team sees alike (public state, where the game is)."""
    queries = game.queries()
    summary = queries.summary()
    kind = None
    if summary.status == "running" and summary.phase_id is not None:
        kind = game.scenario.turn_plan.phase(summary.phase_id).kind
    position = Position(
        title=summary.title,
        status=summary.status,
        turn=summary.turn,
        turns=game.scenario.turn_plan.turns,
        phase_name=summary.phase_name,
        phase_kind=kind.value if kind is not None else None,
        deadline=_deadline(game, summary.phase_id, kind),
        can_submit=kind is not None and turns.is_allowed(turns.Action.SUBMIT_MOVE, kind),
        can_counter=kind is not None and turns.is_allowed(turns.Action.COUNTER_ARGUE, kind),
    )
    state = queries.state()
    red_lines = tuple(
        (line.name, _actor_name(game, line.declared_by), line.crossed) for line in state.red_lines
    )
    names = tuple((t.id, t.name) for t in game.scenario.teams)
    return RoomView(summary, position, state, red_lines, queries.participants(), names)


Rulings = dict[int, AdjudicationView]
"""The standing adjudication of each move a team may see, by the move's id."""


def team_rulings(game: Game, team_id: str) -> Rulings:
    """The adjudications the team may see (they change only with changes for every team)."""
    adjudications = game.queries().adjudications(Viewer.team(team_id))
    return {a.move_id: a for a in adjudications if a.move_id is not None and not a.voided}


def team_injects(game: Game, team_id: str) -> tuple[InjectView, ...]:
    """The injects released to the team, newest first (only the white cell releases them)."""
    released = game.queries().injects(Viewer.team(team_id))
    return tuple(i for i in reversed(released) if not i.voided)


TeamMoves = dict[str, tuple[MoveView, ...]]
"""The moves each team may see, by team."""


def team_moves(game: Game) -> TeamMoves:
    """Every team's visible moves, read at once (``Viewer.team`` for each team)."""
    return game.queries().moves_by_team([t.id for t in game.scenario.teams])


def team_view(
    game: Game,
    team_id: str,
    room: RoomView | None = None,
    rulings: Rulings | None = None,
    moves_seen: tuple[MoveView, ...] | None = None,
    injects: tuple[InjectView, ...] | None = None,
) -> TeamView:
    """Read one team's page now (short read-only sessions, no writes).

    Args:
        game: the game.
        team_id: the team whose page it is; every read is ``Viewer.team(team_id)``.
        room: what all pages share, if already read for this change.
        rulings: the team's adjudications, if already read since the last change for all.
        moves_seen: the moves the team may see, if already read for this change.
        injects: the injects released to the team, if already read since the last change
            for all (see :func:`team_injects`).
    """
    room = room if room is not None else room_view(game)
    rulings = rulings if rulings is not None else team_rulings(game, team_id)
    queries = game.queries()
    viewer = Viewer.team(team_id)
    if moves_seen is None:
        moves_seen = queries.moves(viewer)
    moves = [mv for mv in moves_seen if not mv.voided]
    own = tuple(_own(mv, rulings.get(mv.id)) for mv in reversed(moves) if mv.team_id == team_id)
    others = tuple(
        mv
        for mv in reversed(moves)
        if mv.team_id != team_id and mv.turn == room.summary.turn and mv.status != "withdrawn"
    )
    authors = tuple(
        Author(p.id, p.name, p.has_pin)
        for p in room.participants
        if p.role is Role.PLAYER and p.team_id == team_id and not p.voided
    )
    if injects is None:
        injects = team_injects(game, team_id)
    return TeamView(
        team_id,
        room.position,
        injects,
        state_seen(game.scenario, room.state, viewer),  # fog of war: only the units it sees
        room.red_lines,
        own,
        others,
        authors,
        room.team_names,
    )


def waiting_teams(game: Game) -> frozenset[str]:
    """The teams with no move (submitted and standing) in the current turn."""
    queries = game.queries()
    summary = queries.summary()
    if summary.status != "running":
        return frozenset()
    moved = {
        mv.team_id
        for mv in queries.moves(Viewer.facilitator(), summary.turn)
        if not mv.voided and mv.status != "withdrawn"
    }
    return frozenset(t.id for t in game.scenario.teams if t.id not in moved)


def _own(move: MoveView, ruling: AdjudicationView | None) -> OwnMove:
    if ruling is None or move.sealed:
        return OwnMove(move, None, None)
    return OwnMove(move, ruling.outcome, ruling.narrative or None)


def _deadline(game: Game, phase_id: str | None, kind: PhaseKind | None) -> dt.datetime | None:
    if phase_id is None or kind is None:
        return None
    minutes = game.scenario.turn_plan.phase(phase_id).minutes
    if minutes is None:
        return None
    phases = game.queries().phases()
    if not phases or phases[-1].ended_at is not None or phases[-1].phase_id != phase_id:
        return None
    started = phases[-1].started_at
    if started.tzinfo is None:
        started = started.replace(tzinfo=dt.UTC)
    return started + dt.timedelta(minutes=minutes)


def _actor_name(game: Game, actor_id: str) -> str:
    try:
        return game.scenario.actor(actor_id).name
    except KeyError:
        return actor_id
