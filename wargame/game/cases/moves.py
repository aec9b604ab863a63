"""Moves: submitting, editing, withdrawing, counter-arguing, revealing, importing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wargame.game.core import (
    Actor,
    GameCore,
    ImportedMove,
    MoveContent,
    RowsRefused,
    adjudication_of,
    announce,
    audit,
    check_version,
    clean_text,
    insert_now,
    move_fields,
    team_of,
    use_case,
    utc_now,
)
from wargame.game.errors import GameError, InvalidInput, NotAllowed, NotFound, WrongPhase
from wargame.game.views import Role
from wargame.rules import turns
from wargame.store import models as m


class MoveCases(GameCore):
    """Moves: submitting, editing, withdrawing, counter-arguing, revealing, importing."""

    @use_case("submit_move")
    def submit_move(
        self,
        s: Session,
        game: m.Game,
        by: int,
        move: MoveContent,
        *,
        team_id: str | None = None,
    ) -> int:
        """A team member submits their team's move (the facilitator may enter one for a team)."""
        fields = move_fields(
            move.title, move.action, move.intended_result, move.reasons, move.visibility
        )
        announce(s, f"move: {fields['title']}")
        actor = self._actor(s, by)
        team = self._acting_team(actor, team_id)
        self._check_phase(game, turns.Action.SUBMIT_MOVE)
        now = utc_now()
        values = {
            "game_id": game.id,
            "turn": game.turn,
            "team_id": team,
            "author_id": actor.participant_id,
            "status": "submitted",
            "created_at": now,
            "updated_at": now,
            "version_id": 1,  # the first version, as the session's flush would number it
            **fields,
        }
        row = insert_now(s, m.Move, values)
        audit(
            s,
            game.id,
            actor,
            "move.submit",
            "move",
            row.id,
            {"team": team, "title": fields["title"]},
        )
        return row.id

    @use_case("edit_move")
    def edit_move(
        self,
        s: Session,
        game: m.Game,
        by: int,
        move_id: int,
        move: MoveContent,
        *,
        expected_version: int,
    ) -> int:
        """Change a move before it is revealed; ``expected_version`` guards lost updates."""
        fields = move_fields(
            move.title, move.action, move.intended_result, move.reasons, move.visibility
        )

        actor = self._actor(s, by)
        row = self._own_move(s, actor, move_id)
        self._check_phase(game, turns.Action.EDIT_MOVE)
        if row.revealed_at is not None or row.visibility == "public":
            raise WrongPhase("this move has been revealed; it can no longer be edited")
        if row.status == "withdrawn":
            raise WrongPhase("this move was withdrawn; submit a new one instead")
        check_version(row, expected_version)
        before = {k: getattr(row, k) for k in fields}
        for key, value in fields.items():
            setattr(row, key, value)
        row.updated_at = utc_now()
        s.flush()
        audit(s, game.id, actor, "move.edit", "move", row.id, {"before": before})
        return int(row.version_id)

    @use_case("withdraw_move")
    def withdraw_move(
        self, s: Session, game: m.Game, by: int, move_id: int, *, expected_version: int, reason: str
    ) -> None:
        """Withdraw a move before it is revealed (it stays in the record, marked withdrawn)."""
        reason = clean_text(reason, "reason")

        actor = self._actor(s, by)
        row = self._own_move(s, actor, move_id)
        self._check_phase(game, turns.Action.WITHDRAW_MOVE)
        if row.status == "withdrawn":
            raise WrongPhase("this move has already been withdrawn")
        if row.revealed_at is not None:
            raise WrongPhase("this move has been revealed; ask the facilitator to void it")
        if adjudication_of(s, row.id) is not None:
            raise WrongPhase("this move has been adjudicated; it can no longer be withdrawn")
        check_version(row, expected_version)
        row.status = "withdrawn"
        row.updated_at = utc_now()
        audit(s, game.id, actor, "move.withdraw", "move", row.id, {}, reason)

    @use_case("counter_argue")
    def counter_argue(
        self,
        s: Session,
        game: m.Game,
        by: int,
        move_id: int,
        text: str,
        *,
        team_id: str | None = None,
    ) -> int:
        """Argue against another team's revealed move (or any move, for the facilitator).

        A player argues for their own team. The facilitator, entering what a team said at
        the table, names that team (``team_id``); without one it is the white cell's.
        """
        text = clean_text(text, "counter-argument")

        actor = self._actor(s, by)
        self._check_phase(game, turns.Action.COUNTER_ARGUE)
        move = self._move(s, move_id)
        if actor.role is Role.OBSERVER:
            raise NotAllowed("observers record observations; they do not argue moves")
        if actor.role is Role.PLAYER:
            if move.team_id == actor.team_id:
                raise NotAllowed("a team does not counter-argue its own move")
            if move.visibility == "secret" and move.revealed_at is None:
                raise NotFound(f"there is no move #{move_id} you can see")
        if move.status == "withdrawn" or move.voided_at is not None:
            raise WrongPhase("that move was withdrawn or voided")
        team = actor.team_id
        if team_id is not None and actor.role is Role.FACILITATOR:
            self._check_team(team_id)
            if team_id == move.team_id:
                raise NotAllowed(
                    f"{self._team_name(team_id)} made this move; "
                    "a team does not counter-argue its own move"
                )
            team = team_id
        row = m.CounterArgument(
            game_id=game.id,
            move_id=move.id,
            author_id=actor.participant_id,
            team_id=team,
            text=text,
            created_at=utc_now(),
        )
        s.add(row)
        s.flush()
        audit(
            s,
            game.id,
            actor,
            "counter.submit",
            "counter_argument",
            row.id,
            {"move": move.id, "team": team},
        )
        return row.id

    @use_case("reveal_moves", summary="moves revealed")
    def reveal_moves(self, s: Session, game: m.Game, by: int) -> int:
        """Reveal every sealed move of the current turn at once; returns how many."""
        actor = self._facilitator(s, by)
        self._check_phase(game, turns.Action.REVEAL)
        sealed = s.scalars(
            select(m.Move).where(
                m.Move.game_id == game.id,
                m.Move.turn == game.turn,
                m.Move.revealed_at.is_(None),
                m.Move.visibility == "secret",
                m.Move.status == "submitted",
                m.Move.voided_at.is_(None),
            )
        ).all()
        now = utc_now()
        for row in sealed:
            row.revealed_at = now
        audit(
            s,
            game.id,
            actor,
            "move.reveal",
            "game",
            game.id,
            {"turn": game.turn, "moves": [r.id for r in sealed]},
        )
        return len(sealed)

    @use_case("import_moves")
    def import_moves(
        self, s: Session, game: m.Game, by: int, turn: int, rows: Sequence[ImportedMove]
    ) -> list[int]:
        """Enter moves collected on paper or forms: all rows go in, or none.

        Every row is checked first (team, author, texts); if any is bad, :class:`RowsRefused`
        lists each bad row by its line and nothing is written.
        """
        actor = self._facilitator(s, by)
        self._check_running(game)
        if game.status == "setup":
            raise WrongPhase("the game has not started yet; start it first")
        if not 1 <= turn <= game.turn:
            raise InvalidInput(f"turn {turn} has not been played (the game is in turn {game.turn})")
        people = {
            p.name.lower(): p
            for p in s.scalars(
                select(m.Participant).where(
                    m.Participant.game_id == game.id, m.Participant.voided_at.is_(None)
                )
            )
        }
        problems: list[str] = []
        ready: list[tuple[ImportedMove, m.Participant, dict[str, Any]]] = []
        for row in rows:
            try:
                self._check_team(row.team)
                person = people.get(row.author.strip().lower())
                if person is None:
                    raise NotFound(f"there is no participant called '{row.author}'")
                if person.role == Role.PLAYER.value:
                    team_then = team_of(s, person.id, turn)
                    if team_then != row.team:
                        raise NotAllowed(
                            f"{person.name} played in "
                            f"{self._team_name(team_then)} in turn {turn}, "
                            f"not {self._team_name(row.team)}"
                        )
                elif person.role == Role.OBSERVER.value:
                    raise NotAllowed(f"{person.name} is an observer and cannot author moves")
                fields = move_fields(
                    row.title, row.action, row.intended_result, row.reasons, row.visibility
                )
            except GameError as exc:
                problems.append(f"line {row.line}: {exc}")
                continue
            ready.append((row, person, fields))
        if problems:
            raise RowsRefused(problems)
        ids = []
        now = utc_now()
        for row, person, fields in ready:
            move = m.Move(
                game_id=game.id,
                turn=turn,
                team_id=row.team,
                author_id=person.id,
                status="submitted",
                created_at=now,
                updated_at=now,
                **fields,
            )
            s.add(move)
            s.flush()
            ids.append(move.id)
            audit(
                s,
                game.id,
                actor,
                "move.import",
                "move",
                move.id,
                {"line": row.line, "team": row.team},
            )
        return ids

    def _acting_team(self, actor: Actor, team_id: str | None) -> str:
        if actor.role is Role.OBSERVER:
            raise NotAllowed(f"{actor.name} is an observer; observers do not submit moves")
        if actor.role is Role.FACILITATOR:
            if team_id is None:
                raise InvalidInput("say which team this move is for")
            self._check_team(team_id)
            return team_id
        if actor.team_id is None:
            raise NotAllowed(f"{actor.name} is not on a team this turn")
        if team_id is not None and team_id != actor.team_id:
            raise NotAllowed(
                f"{actor.name} plays in {self._team_name(actor.team_id)}, "
                f"not {self._team_name(team_id)}"
            )
        return actor.team_id

    def _own_move(self, s: Session, actor: Actor, move_id: int) -> m.Move:
        row = self._move(s, move_id)
        if actor.role is Role.FACILITATOR:
            return row
        if actor.role is not Role.PLAYER or row.team_id != actor.team_id:
            if row.visibility == "secret" and row.revealed_at is None:
                raise NotFound(f"there is no move #{move_id} you can see")
            raise NotAllowed("only the team that made a move (or the facilitator) may change it")
        return row
