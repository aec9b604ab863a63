"""Replay: the game as it stood after any action, and the recap of a turn's outcomes.

A *moment* is one entry of the log (a move, an adjudication, an effect, an inject, an
observation, a note, the start of a phase), in the order it was written. The state after a
moment is derived from the effects that were in force then: written by that time and not
yet voided by it (a correction made later does not rewrite what the room saw). Nothing here
writes; the replay is read-only by construction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from wargame.game import timeline
from wargame.game.queries import GameQueries
from wargame.game.views import StateView, Viewer

if TYPE_CHECKING:
    from wargame.game.service import Game


@dataclass(frozen=True)
class Moment:
    """One entry of the log, as the replay's scrubber steps through them."""

    at: dt.datetime
    turn: int
    kind: str
    record_id: int
    label: str
    void_reason: str | None = None
    """Why the record was voided since (None: it stands); the replay marks it."""
    whole: str = ""
    """The entry's whole text when ``label`` gives only its start ("" when it is all there)."""


@dataclass(frozen=True)
class RecapLine:
    """One move of the turn recapped, with its outcome."""

    team_id: str
    title: str
    outcome: str | None
    narrative: str


@dataclass(frozen=True)
class Recap:
    """What the room is reminded of at the start of a turn: the last turn's outcomes."""

    turn: int
    lines: tuple[RecapLine, ...]
    escalation_before: int
    escalation_after: int
    red_lines_crossed: tuple[str, ...]


class _Voidable(Protocol):
    @property
    def voided(self) -> bool: ...

    @property
    def void_reason(self) -> str | None: ...


class _Written(_Voidable, Protocol):
    @property
    def id(self) -> int: ...

    @property
    def text(self) -> str: ...


SNIPPET = 80
"""How many characters of an observation's or a note's text the log's label gives."""


def _snippet(text: str, limit: int = SNIPPET) -> str:
    """The start of ``text`` on one line, ended at a word with "…" when there is more."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


def _text_moment(at: dt.datetime, turn: int, kind: str, view: _Written) -> Moment:
    """The moment of an observation or a note: its text's start, the whole kept beside."""
    name = kind.capitalize()
    label = f"{name}: {_snippet(view.text)}"
    whole = f"{name}: {view.text}" if label != f"{name}: {view.text}" else ""
    return Moment(at, turn, kind, view.id, label, _void(view), whole)


def _void(view: _Voidable) -> str | None:
    """Why a record is void ("" when no reason was kept), or None when it stands."""
    return (view.void_reason or "") if view.voided else None


class ReplayQueries:
    """Read models for replay; each method opens and closes its own short session."""

    def __init__(self, game: Game) -> None:
        self._game = game
        self._queries: GameQueries = game.queries()
        self.scenario = game.scenario

    def moments(self, viewer: Viewer) -> tuple[Moment, ...]:
        """Every log entry the viewer may see, oldest first."""
        q = self._queries
        out = [
            Moment(p.started_at, p.turn, "phase", 0, f"Turn {p.turn}: {p.phase_name} begins")
            for p in q.phases()
        ]
        out += [
            Moment(mv.created_at, mv.turn, "move", mv.id, f"Move {mv.id}: {mv.title}", _void(mv))
            for mv in q.moves(viewer)
        ]
        out += [
            Moment(
                a.created_at,
                a.turn,
                "adjudication",
                a.id,
                f"Adjudication {a.id}: {a.outcome}",
                _void(a),
            )
            for a in q.adjudications(viewer)
        ]
        out += [
            Moment(
                e.created_at, e.turn, "effect", e.id, f"Effect on {e.target}: {e.reason}", _void(e)
            )
            for e in q.effects(viewer)
        ]
        out += [
            Moment(i.released_at, i.turn, "inject", i.id, f"Inject: {i.title}", _void(i))
            for i in q.injects(viewer)
        ]
        out += [
            _text_moment(o.created_at, o.turn, "observation", o) for o in q.observations(viewer)
        ]
        out += [_text_moment(n.created_at, n.turn, "note", n) for n in q.notes(viewer)]
        order = {"phase": 0, "inject": 1, "move": 2, "adjudication": 3, "effect": 4}
        return tuple(sorted(out, key=lambda mo: (mo.at, order.get(mo.kind, 5), mo.record_id)))

    def state_at(self, at: dt.datetime) -> StateView:
        """The state as it stood at ``at``: the record written by then and not yet voided."""
        with self._game.session_for_queries() as s:
            steps = timeline.load_steps(s, self._game.game_id, self.scenario, at=at)
            done = timeline.replay(self.scenario, steps)
        last = max(done.turn_ends)
        turn = max(last, self._turn_at(at))
        history = timeline.turn_ends(done, turn)
        return self._queries._state_view(turn, done.state, history, dict(done.first_crossed))

    def _turn_at(self, at: dt.datetime) -> int:
        started = [p.turn for p in self._queries.phases() if p.started_at <= at]
        return max(started, default=0)

    def state_after(self, moment: Moment) -> StateView:
        """The state right after a log entry."""
        return self.state_at(moment.at)

    def recap(self, viewer: Viewer, turn: int) -> Recap:
        """The outcomes of ``turn`` as the viewer may see them, for the next turn's start."""
        q = self._queries
        rulings = {
            a.move_id: a for a in q.adjudications(viewer, turn) if not a.voided and a.move_id
        }
        lines = tuple(
            RecapLine(
                mv.team_id,
                mv.title,
                rulings[mv.id].outcome if mv.id in rulings else None,
                rulings[mv.id].narrative if mv.id in rulings else "",
            )
            for mv in q.moves(viewer, turn)
            if not mv.voided and mv.status != "withdrawn" and (mv.id in rulings or not mv.sealed)
        )
        states = q.states_by_turn()
        ladder = self.scenario.escalation
        before = next((s for s in states if s.turn == turn - 1), states[0])
        after = next((s for s in states if s.turn == turn), states[-1])
        crossed = tuple(r.name for r in after.red_lines if r.first_crossed_turn == turn)
        return Recap(
            turn,
            lines,
            before.track(ladder.id).value if ladder is not None else 0,
            after.track(ladder.id).value if ladder is not None else 0,
            crossed,
        )
