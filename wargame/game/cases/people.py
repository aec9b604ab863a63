"""Who plays: joining, team assignments, roles, removals and PINs."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from wargame.game.core import (
    GameCore,
    add_participant,
    announce,
    audit,
    clean_name_field,
    clean_text,
    hash_pin,
    parse_role,
    pin_matches,
    team_of,
    use_case,
    utc_now,
    void_row,
)
from wargame.game.errors import InvalidInput, NotAllowed, NotFound
from wargame.game.views import Role
from wargame.store import models as m


@dataclass(frozen=True)
class JoinRequest:
    """A participant to add: a player joins with a team, an observer without."""

    name: str
    role: Role | str = Role.PLAYER
    team_id: str | None = None
    pin: str | None = None


@dataclass(frozen=True)
class RoleChange:
    """A participant's new role; a player's ``team_id`` names the team they join."""

    participant_id: int
    role: Role | str
    team_id: str | None = None
    reason: str = ""


class PeopleCases(GameCore):
    """Who plays: joining, team assignments, roles, removals and PINs."""

    @use_case("join")
    def join(
        self,
        s: Session,
        game: m.Game,
        by: int,
        request: JoinRequest,
    ) -> int:
        """Add a participant (facilitator only); players are assigned to a team at once."""
        role = parse_role(request.role)
        name = clean_name_field(request.name, "participant's name")
        team_id, pin = request.team_id, request.pin
        announce(s, f"{name} joined")
        actor = self._facilitator(s, by)
        self._check_running(game)
        if role is Role.PLAYER and team_id is None:
            raise InvalidInput(f"{name} joins as a player; choose a team for them")
        if team_id is not None:
            self._check_team(team_id)
        if role is not Role.PLAYER and team_id is not None:
            raise InvalidInput(f"{name} joins as {role}; only players belong to a team")
        # casefold() in Python: SQLite's lower() only folds ASCII letters.
        clash = next(
            (
                p
                for p in s.scalars(select(m.Participant).where(m.Participant.game_id == game.id))
                if p.name.casefold() == name.casefold()
            ),
            None,
        )
        if clash is not None:
            raise InvalidInput(f"there is already a participant called {clash.name}")
        person = add_participant(
            s, game.id, name, role, pin, team_id, game.turn, actor.participant_id
        )
        audit(
            s,
            game.id,
            actor,
            "participant.join",
            "participant",
            person.id,
            {"name": name, "role": role.value, "team": team_id},
        )
        return person.id

    @use_case("assign")
    def assign(
        self,
        s: Session,
        game: m.Game,
        by: int,
        participant_id: int,
        team_id: str,
        *,
        reason: str = "",
    ) -> int:
        """Move a player to another team: at once before the game starts, else from next turn.

        Moving a player back to the team they play now, while a move to another team waits
        for next turn, cancels that move (a new assignment from the same turn, so the history
        keeps both).
        """
        actor = self._facilitator(s, by)
        self._check_running(game)
        self._check_team(team_id)
        person = self._actor(s, participant_id)
        if person.role is not Role.PLAYER:
            raise InvalidInput(f"{person.name} is {person.role}; only players join teams")
        from_turn = game.turn if game.status == "setup" else game.turn + 1
        waiting = team_of(s, participant_id, from_turn)
        if waiting == team_id:
            if person.team_id == team_id:
                raise InvalidInput(f"{person.name} already plays in {self._team_name(team_id)}")
            raise InvalidInput(
                f"{person.name} already moves to {self._team_name(team_id)} from turn {from_turn}"
            )
        details: dict[str, object] = {
            "participant": person.name,
            "team": team_id,
            "from_turn": from_turn,
        }
        if person.team_id == team_id:
            details["cancels"] = waiting
        row = m.TeamAssignment(
            game_id=game.id,
            participant_id=participant_id,
            team_id=team_id,
            from_turn=from_turn,
            assigned_at=utc_now(),
            assigned_by_id=actor.participant_id,
        )
        s.add(row)
        s.flush()
        audit(
            s,
            game.id,
            actor,
            "participant.assign",
            "team_assignment",
            row.id,
            details,
            reason or None,
        )
        return from_turn

    @use_case("change_role")
    def change_role(
        self,
        s: Session,
        game: m.Game,
        by: int,
        change: RoleChange,
    ) -> None:
        """Make a player an observer, or an observer a player of a team (facilitator only).

        The change is at once: a player who becomes an observer leaves their team from this
        turn on, an observer who becomes a player joins ``team_id`` from this turn on. Nothing
        they wrote changes hands: a move stays its team's. The facilitator's own role does
        not change, and nobody becomes a second facilitator.
        """
        role = parse_role(change.role)
        participant_id, team_id, reason = change.participant_id, change.team_id, change.reason
        actor = self._facilitator(s, by)
        self._check_running(game)
        person = self._actor(s, participant_id)
        if person.role is Role.FACILITATOR:
            raise NotAllowed(f"{person.name} runs the game; the facilitator's role stays")
        if role is Role.FACILITATOR:
            raise NotAllowed(
                f"a game has one facilitator; {person.name} can be a player or an observer"
            )
        if role is person.role:
            raise InvalidInput(f"{person.name} is already {role.value}")
        if role is Role.PLAYER:
            if team_id is None:
                raise InvalidInput(f"{person.name} becomes a player; choose a team for them")
            self._check_team(team_id)
        elif team_id is not None:
            raise InvalidInput(f"{person.name} becomes an observer; only players belong to a team")
        row = s.get(m.Participant, participant_id)
        assert row is not None
        row.role = role.value
        s.add(
            m.TeamAssignment(
                game_id=game.id,
                participant_id=participant_id,
                team_id=team_id,
                from_turn=game.turn,
                assigned_at=utc_now(),
                assigned_by_id=actor.participant_id,
            )
        )
        audit(
            s,
            game.id,
            actor,
            "participant.role",
            "participant",
            row.id,
            {
                "participant": person.name,
                "from": person.role.value,
                "to": role.value,
                "team": team_id,
            },
            reason or None,
        )

    @use_case("remove_participant")
    def remove_participant(
        self, s: Session, game: m.Game, by: int, participant_id: int, reason: str
    ) -> None:
        """Void a participant (nothing they did is removed from the record)."""
        reason = clean_text(reason, "reason")

        actor = self._facilitator(s, by)
        person = self._actor(s, participant_id)
        if person.role is Role.FACILITATOR:
            raise NotAllowed("the facilitator cannot be removed from their own game")
        row = s.get(m.Participant, participant_id)
        assert row is not None
        void_row(row, actor, reason)
        audit(s, game.id, actor, "participant.remove", "participant", row.id, {}, reason)

    @use_case("set_pin")
    def set_pin(
        self, s: Session, game: m.Game, by: int, participant_id: int, pin: str | None
    ) -> None:
        """Set (or, with None or blank, clear) a participant's PIN; facilitator only.

        The PIN guards the hot seat: the facilitator's PIN hands the laptop back from a
        team's entry screen. Only a salted hash is stored; the audit line says that the PIN
        changed, never what it is.
        """
        value = (pin or "").strip()
        if value and not 4 <= len(value) <= 32:
            raise InvalidInput("a PIN has 4 to 32 characters")

        actor = self._facilitator(s, by)
        self._actor(s, participant_id)  # exists and not removed
        row = s.get(m.Participant, participant_id)
        assert row is not None
        row.pin_hash = hash_pin(value) if value else None
        audit(
            s,
            game.id,
            actor,
            "participant.pin",
            "participant",
            row.id,
            {"participant": row.name, "pin": "set" if value else "cleared"},
        )

    def check_pin(self, participant_id: int, pin: str) -> bool:
        """True when ``pin`` is this participant's PIN (or they have none)."""
        with self._read() as s:
            row = s.get(m.Participant, participant_id)
            if row is None:
                raise NotFound(f"there is no participant #{participant_id} in this game")
            return row.pin_hash is None or pin_matches(pin, row.pin_hash)
