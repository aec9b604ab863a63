"""The turn machine: starting the game, moving through phases, ending it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from wargame.game.core import GameCore, audit, clean_text, players_by_team, use_case, utc_now
from wargame.game.errors import InvalidInput, WrongPhase
from wargame.game.timer import TIMER_CAUSES, PhaseTimer
from wargame.rules import turns
from wargame.store import models as m


class PhaseCases(GameCore):
    """The turn machine: starting the game, moving through phases, ending it."""

    @use_case("start", summary="game started")
    def start(self, s: Session, game: m.Game, by: int) -> turns.Position:
        """Start the game: turn 1, first phase."""
        actor = self._facilitator(s, by)
        if game.status != "setup":
            raise WrongPhase("the game has already started")
        players = players_by_team(s, game.id, 1)
        missing = [t.name for t in self.scenario.teams if not players.get(t.id)]
        if not any(players.values()):
            raise WrongPhase("no team has a player yet; add participants before starting")
        position = turns.first_position(self.scenario.turn_plan)
        game.status = "running"
        game.started_at = utc_now()
        self._enter(s, game, position)
        audit(s, game.id, actor, "game.start", "game", game.id, {"teams_without_players": missing})
        self._conditions_now(s, game, actor)
        return position

    @use_case("advance")
    def advance(
        self, s: Session, game: m.Game, by: int, *, expected: turns.Position | None = None
    ) -> turns.Position:
        """Close the current phase and open the next (the next turn after the last phase).

        Args:
            s: The use case's session (given by :func:`~wargame.game.core.use_case`).
            game: The game's row in that session (given likewise).
            by: The facilitator.
            expected: Where the facilitator saw the game when asking; if it has moved on
                since (a second click of "Next phase"), nothing happens and this is refused.
        """
        actor = self._facilitator(s, by)
        if game.status != "running":
            raise WrongPhase(
                "the game has not started yet" if game.status == "setup" else "the game has ended"
            )
        assert game.phase_id is not None
        here = turns.Position(game.turn, game.phase_id)
        if expected is not None and expected != here:
            name = self.scenario.turn_plan.phase(game.phase_id).name
            raise WrongPhase(
                f"the game has already moved on to turn {game.turn}, {name}; "
                "look at where it stands before advancing again"
            )
        position = turns.next_position(self.scenario.turn_plan, here)
        if position is None:
            raise WrongPhase("this is the last phase of the last turn; end the game instead")
        self._close_phase(s, game)
        self._enter(s, game, position)
        audit(
            s,
            game.id,
            actor,
            "phase.advance",
            "game",
            game.id,
            {"turn": position.turn, "phase": position.phase_id},
        )
        self._conditions_now(s, game, actor)
        return position

    def _enter(self, s: Session, game: m.Game, position: turns.Position) -> None:
        if position.turn != game.turn:
            # Moves left sealed at the end of a turn stay in the record, sealed.
            pass
        game.turn = position.turn
        game.phase_id = position.phase_id
        s.add(
            m.PhaseRecord(
                game_id=game.id,
                turn=position.turn,
                phase_id=position.phase_id,
                started_at=utc_now(),
            )
        )

    def _close_phase(self, s: Session, game: m.Game) -> None:
        open_phase = s.scalars(
            select(m.PhaseRecord)
            .where(
                m.PhaseRecord.game_id == game.id,
                m.PhaseRecord.ended_at.is_(None),
                m.PhaseRecord.voided_at.is_(None),
            )
            .order_by(m.PhaseRecord.id.desc())
        ).first()
        if open_phase is not None:
            open_phase.ended_at = utc_now()

    @use_case("end_game", summary="game ended")
    def end_game(
        self, s: Session, game: m.Game, by: int, *, executive_summary: str | None = None
    ) -> None:
        """End the game (at any point: a facilitator may stop early)."""
        actor = self._facilitator(s, by)
        if game.status == "ended":
            raise WrongPhase("the game has already ended")
        if game.status == "running":
            self._close_phase(s, game)
        game.status = "ended"
        game.ended_at = utc_now()
        if executive_summary is not None:
            game.executive_summary = clean_text(executive_summary, "executive summary")
        audit(s, game.id, actor, "game.end", "game", game.id, {"turn": game.turn})

    @use_case("set_executive_summary")
    def set_executive_summary(self, s: Session, game: m.Game, by: int, text: str) -> None:
        """Write or replace the executive summary of the after-action report (blank: none).

        The text replaced is kept in the audit line, so an edit can be taken back.
        """
        text = clean_text(text, "executive summary", required=False)

        actor = self._facilitator(s, by)
        old = game.executive_summary
        game.executive_summary = text or None
        audit(s, game.id, actor, "game.summary", "game", game.id, {"previous": old})

    @use_case("timer")
    def save_timer(self, s: Session, game: m.Game, by: int, timer: PhaseTimer) -> None:
        """Keep the phase timer in the record (start, pause, extend, undo, redo) for reopening."""
        if timer.budget is not None and not 0 <= timer.budget <= 7 * 24 * 3600:
            raise InvalidInput(f"a time box of {timer.budget} seconds is out of range")
        if timer.cause not in TIMER_CAUSES:
            raise InvalidInput(f"'{timer.cause[:40]}' is not something done to the phase timer")
        if not 0 <= timer.spent <= 7 * 24 * 3600:
            raise InvalidInput(
                f"{timer.spent:.0f} seconds spent on the phase timer is out of range"
            )

        actor = self._facilitator(s, by)
        if (game.turn, game.phase_id) != (timer.turn, timer.phase_id):
            raise WrongPhase("the timer belongs to a phase the game has left")
        step = timer.cause.split()[0]
        reason = {"undo": "undone", "redo": "redone"}.get(step)
        audit(s, game.id, actor, "timer.set", "game", game.id, timer.details(), reason)

    def phase_timer(self) -> PhaseTimer | None:
        """The timer last saved for the phase the game is in (None: never saved)."""
        if self.as_team is not None:  # a team's database role may not read the audit trail
            return None
        with self._read() as s:
            game = self._game(s)
            line = s.scalars(
                select(m.Audit)
                .where(m.Audit.game_id == game.id, m.Audit.action == "timer.set")
                .order_by(m.Audit.id.desc())
            ).first()
            if line is None:
                return None
            timer = PhaseTimer.from_details(dict(line.details))
            here = (game.turn, game.phase_id)
        if timer is None or (timer.turn, timer.phase_id) != here:
            return None
        return timer
