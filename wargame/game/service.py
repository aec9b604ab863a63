"""The game service: one object per open game, one method per use case.

Every use case is one transaction: it checks the actor's role and the phase, writes the
record (and an audit line), commits, and only then emits a :class:`GameEvent`. Queries
take a :class:`Viewer` and return read models holding only what that viewer may see.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from sqlalchemy import Select, event, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from wargame.game.errors import (
    Conflict,
    GameError,
    GameFileProblem,
    InvalidInput,
    NotAllowed,
    NotFound,
    WrongPhase,
)
from wargame.game.events import EventHub, GameEvent, Listener
from wargame.game.views import Role, counted
from wargame.rules import adjudication as adj
from wargame.rules import dice as dice_rules
from wargame.rules import redlines, turns
from wargame.rules.effects import apply_effect
from wargame.rules.errors import RuleError
from wargame.rules.state import GameState, initial_state
from wargame.scenario import LoadedScenario, Scenario, ScenarioError, parse_scenario
from wargame.scenario.model import (
    Effect,
    Method,
    PhaseKind,
    TrackEffect,
    UnitMoveEffect,
    UnitStrengthEffect,
)
from wargame.store import models as m
from wargame.store.engine import GameDatabase
from wargame.store.errors import StoreError

if TYPE_CHECKING:
    from wargame.game.queries import GameQueries

_T = TypeVar("_T")

MAX_TEXT = 20_000
"""Longest text accepted in a move, note or observation (characters)."""
MAX_TITLE = 200


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _clean(text: str | None, what: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    """Normalise user text: strip, refuse empty when required, bound the length."""
    value = (text or "").strip()
    if required and not value:
        raise InvalidInput(f"the {what} is empty; write something")
    if len(value) > limit:
        raise InvalidInput(f"the {what} is {len(value):,} characters long; the limit is {limit:,}")
    return value


def _hash_pin(pin: str) -> str:
    salt = secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), 100_000).hex()
    return f"pbkdf2${salt}${digest}"


def _pin_matches(pin: str, stored: str) -> bool:
    try:
        _, salt, digest = stored.split("$")
    except ValueError:
        return False
    candidate = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), 100_000).hex()
    return hmac.compare_digest(candidate, digest)


@dataclass(frozen=True)
class ImportedMove:
    """One row of a moves file, with the line it came from."""

    line: int
    team: str
    author: str
    title: str
    action: str
    intended_result: str
    reasons: tuple[str, ...] = ()
    visibility: str = "secret"


class RowsRefused(InvalidInput):
    """Some rows of an import are bad; nothing was written. ``problems`` lists each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"{counted(len(problems), 'bad row')}; nothing was imported: " + "; ".join(problems)
        )


@dataclass(frozen=True)
class Actor:
    """Who is acting: a participant of this game, with their role and current team."""

    participant_id: int
    name: str
    role: Role
    team_id: str | None


def effect_from_record(row: m.Effect) -> Effect:
    """Rebuild the scenario-level effect that an effect row applied."""
    if row.kind == "track":
        return TrackEffect(kind="track", track=row.target, delta=row.delta or 0)
    if row.kind == "unit_move":
        return UnitMoveEffect(kind="unit_move", unit=row.target, to=row.to_region or "")
    return UnitStrengthEffect(kind="unit_strength", unit=row.target, delta=row.delta or 0)


class Game:
    """An open game. Create with :meth:`create` or :meth:`open`; close when done."""

    def __init__(
        self, db: GameDatabase, game_id: int, scenario: Scenario, *, as_team: str | None = None
    ) -> None:
        self._db = db
        self._game_id = game_id
        self.scenario = scenario
        self._events = EventHub()
        self.as_team = as_team
        """The team whose own database role this game was opened with (a shared game's
        team laptop), or ``None``. Such a connection may not read what the team may not see
        (notes, observations, the audit trail): queries that would, skip it."""

    # ------------------------------------------------------------------ opening

    @classmethod
    def create(
        cls,
        target: str | Path,
        loaded: LoadedScenario,
        *,
        title: str | None = None,
        seed: int | None = None,
        facilitator: str = "Facilitator",
        facilitator_pin: str | None = None,
    ) -> Game:
        """Create a new game file (or a game in a PostgreSQL database) from a scenario."""
        title = _clean(title or loaded.scenario.metadata.title, "game title", limit=MAX_TITLE)
        facilitator = _clean(facilitator, "facilitator's name", limit=MAX_TITLE)
        if seed is None:
            seed = secrets.randbits(63)
        if not 0 <= seed < 2**63:
            raise InvalidInput(f"the seed {seed} is out of range; use 0 to {2**63 - 1}")
        with _store_errors():
            db = GameDatabase.create(target)
        try:
            with db.session() as s:
                row = m.Game(
                    uid=secrets.token_hex(16),
                    title=title,
                    scenario_id=loaded.scenario.metadata.id,
                    scenario_title=loaded.scenario.metadata.title,
                    scenario_text=loaded.text,
                    scenario_sha256=loaded.sha256,
                    seed=seed,
                    status="setup",
                    turn=0,
                    phase_id=None,
                    created_at=_now(),
                )
                s.add(row)
                s.flush()
                person = _add_participant(
                    s, row.id, facilitator, Role.FACILITATOR, facilitator_pin, None, 0, None
                )
                _audit(s, row.id, person, "game.create", "game", row.id, {"seed": seed})
                game_id = row.id
        except BaseException:
            db.close()
            raise
        return cls(db, game_id, loaded.scenario)

    @classmethod
    def open(
        cls, target: str | Path, *, as_team: str | None = None, game_uid: str | None = None
    ) -> Game:
        """Open an existing game, running migrations; refuse corrupt or newer files.

        Args:
            target: a game file, or a PostgreSQL URL.
            as_team: the URL is a shared game's team role (see :mod:`wargame.game.sharing`);
                the game then only reads what that team may see.
            game_uid: which game of a database holding several (default: the first).
        """
        with _store_errors():
            db = GameDatabase.open(target)
        try:
            with db.session(write=False) as s:
                query = select(m.Game).order_by(m.Game.id)
                if game_uid is not None:
                    query = query.where(m.Game.uid == game_uid)
                row = s.scalars(query).first()
                if row is None:
                    raise GameFileProblem(
                        f"{db.where} holds no game"
                        + (f" with uid {game_uid}" if game_uid is not None else "")
                    )
                game_id, text = row.id, row.scenario_text
            try:
                scenario = parse_scenario(text, source=f"{target} (scenario copy)").scenario
            except ScenarioError as exc:
                raise GameFileProblem(
                    f"the scenario stored in {target} no longer validates: {exc.problems[0]}"
                ) from None
        except BaseException:
            db.close()
            raise
        if as_team is not None and as_team not in {t.id for t in scenario.teams}:
            db.close()
            raise NotFound(f"there is no team '{as_team}' in this game")
        return cls(db, game_id, scenario, as_team=as_team)

    def close(self) -> None:
        """Release the database."""
        self._db.close()

    def __enter__(self) -> Game:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def location(self) -> str:
        """The file path or database URL (without password) of this game."""
        return self._db.where

    @property
    def game_id(self) -> int:
        """The database id of this game."""
        return self._game_id

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Be told of every committed change; returns a function that unsubscribes."""
        return self._events.subscribe(listener)

    # ------------------------------------------------------------------ plumbing

    @contextmanager
    def _write(self) -> Iterator[Session]:
        try:
            with _store_errors(), self._db.session() as s:
                yield s
        except StaleDataError:
            raise Conflict(
                "someone else changed this record a moment ago; reload it and try again"
            ) from None

    def _read(self) -> Any:
        return _store_errors_wrap(self._db.session(write=False))

    def _run(self, action: str, body: Callable[[Session, m.Game], _T], *, summary: str = "") -> _T:
        """Run one use case in one transaction, then emit its event."""
        touched: set[tuple[str, int]] = set()
        created: set[tuple[str, int]] = set()

        def collect(session: Session, _context: object) -> None:
            # Runs after each flush, while new/dirty still list what was written.
            for obj in (*session.new, *session.dirty):
                table = getattr(type(obj), "__tablename__", None)
                if table is not None and getattr(obj, "id", None) is not None:
                    touched.add((table, int(obj.id)))
                    if obj in session.new:
                        created.add((table, int(obj.id)))

        with self._write() as s:
            event.listen(s, "after_flush", collect)
            game = self._game(s)
            result = body(s, game)
            s.flush()
            turn = game.turn
        self._events.emit(
            GameEvent(action, turn, tuple(sorted(touched)), summary, tuple(sorted(created)))
        )
        return result

    def _game(self, s: Session) -> m.Game:
        row = s.get(m.Game, self._game_id)
        if row is None:  # pragma: no cover - the row is never deleted
            raise GameFileProblem("the game record is missing from the database")
        return row

    def _actor(self, s: Session, participant_id: int) -> Actor:
        person = s.get(m.Participant, participant_id)
        if person is None or person.game_id != self._game_id:
            raise NotFound(f"there is no participant #{participant_id} in this game")
        if person.voided_at is not None:
            raise NotAllowed(f"{person.name} has been removed from this game")
        game = self._game(s)
        return Actor(person.id, person.name, Role(person.role), _team_of(s, person.id, game.turn))

    def _facilitator(self, s: Session, participant_id: int) -> Actor:
        actor = self._actor(s, participant_id)
        if actor.role is not Role.FACILITATOR:
            raise NotAllowed(f"only the facilitator may do this; {actor.name} is {actor.role}")
        return actor

    def _phase_kind(self, game: m.Game) -> PhaseKind | None:
        if game.phase_id is None:
            return None
        return self.scenario.turn_plan.phase(game.phase_id).kind

    def _check_phase(self, game: m.Game, action: turns.Action) -> None:
        if game.status == "setup":
            raise WrongPhase("the game has not started yet; start it first")
        if game.status == "ended":
            raise WrongPhase("the game has ended; nothing more can be played")
        kind = self._phase_kind(game)
        assert kind is not None and game.phase_id is not None
        try:
            turns.check_phase(action, kind, self.scenario.turn_plan.phase(game.phase_id).name)
        except RuleError as exc:
            raise WrongPhase(str(exc)) from None

    def _check_running(self, game: m.Game) -> None:
        if game.status == "ended":
            raise WrongPhase("the game has ended; nothing more can be recorded")

    # ------------------------------------------------------------------ participants

    def join(
        self,
        by: int,
        name: str,
        role: Role | str = Role.PLAYER,
        team_id: str | None = None,
        *,
        pin: str | None = None,
    ) -> int:
        """Add a participant (facilitator only); players are assigned to a team at once."""
        role = _role(role)
        name = _clean(name, "participant's name", limit=MAX_TITLE)

        def body(s: Session, game: m.Game) -> int:
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
                    for p in s.scalars(
                        select(m.Participant).where(m.Participant.game_id == game.id)
                    )
                    if p.name.casefold() == name.casefold()
                ),
                None,
            )
            if clash is not None:
                raise InvalidInput(f"there is already a participant called {clash.name}")
            person = _add_participant(
                s, game.id, name, role, pin, team_id, game.turn, actor.participant_id
            )
            _audit(
                s,
                game.id,
                actor,
                "participant.join",
                "participant",
                person.id,
                {"name": name, "role": role.value, "team": team_id},
            )
            return person.id

        return self._run("join", body, summary=f"{name} joined")

    def assign(self, by: int, participant_id: int, team_id: str, *, reason: str = "") -> int:
        """Move a player to another team: at once before the game starts, else from next turn."""

        def body(s: Session, game: m.Game) -> int:
            actor = self._facilitator(s, by)
            self._check_running(game)
            self._check_team(team_id)
            person = self._actor(s, participant_id)
            if person.role is not Role.PLAYER:
                raise InvalidInput(f"{person.name} is {person.role}; only players join teams")
            if person.team_id == team_id:
                raise InvalidInput(f"{person.name} already plays in {self._team_name(team_id)}")
            from_turn = game.turn if game.status == "setup" else game.turn + 1
            row = m.TeamAssignment(
                game_id=game.id,
                participant_id=participant_id,
                team_id=team_id,
                from_turn=from_turn,
                assigned_at=_now(),
                assigned_by_id=actor.participant_id,
            )
            s.add(row)
            s.flush()
            _audit(
                s,
                game.id,
                actor,
                "participant.assign",
                "team_assignment",
                row.id,
                {"participant": person.name, "team": team_id, "from_turn": from_turn},
                reason or None,
            )
            return from_turn

        return self._run("assign", body)

    def change_role(
        self,
        by: int,
        participant_id: int,
        role: Role | str,
        team_id: str | None = None,
        *,
        reason: str = "",
    ) -> None:
        """Make a player an observer, or an observer a player of a team (facilitator only).

        The change is at once: a player who becomes an observer leaves their team from this
        turn on, an observer who becomes a player joins ``team_id`` from this turn on. Nothing
        they wrote changes hands: a move stays its team's. The facilitator's own role does
        not change, and nobody becomes a second facilitator.
        """
        role = _role(role)

        def body(s: Session, game: m.Game) -> None:
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
                raise InvalidInput(
                    f"{person.name} becomes an observer; only players belong to a team"
                )
            row = s.get(m.Participant, participant_id)
            assert row is not None
            row.role = role.value
            s.add(
                m.TeamAssignment(
                    game_id=game.id,
                    participant_id=participant_id,
                    team_id=team_id,
                    from_turn=game.turn,
                    assigned_at=_now(),
                    assigned_by_id=actor.participant_id,
                )
            )
            _audit(
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

        self._run("change_role", body)

    def remove_participant(self, by: int, participant_id: int, reason: str) -> None:
        """Void a participant (nothing they did is removed from the record)."""
        reason = _clean(reason, "reason")

        def body(s: Session, game: m.Game) -> None:
            actor = self._facilitator(s, by)
            person = self._actor(s, participant_id)
            if person.role is Role.FACILITATOR:
                raise NotAllowed("the facilitator cannot be removed from their own game")
            row = s.get(m.Participant, participant_id)
            assert row is not None
            _void(row, actor, reason)
            _audit(s, game.id, actor, "participant.remove", "participant", row.id, {}, reason)

        self._run("remove_participant", body)

    def set_pin(self, by: int, participant_id: int, pin: str | None) -> None:
        """Set (or, with None or blank, clear) a participant's PIN; facilitator only.

        The PIN guards the hot seat: the facilitator's PIN hands the laptop back from a
        team's entry screen. Only a salted hash is stored; the audit line says that the PIN
        changed, never what it is.
        """
        value = (pin or "").strip()
        if value and not 4 <= len(value) <= 32:
            raise InvalidInput("a PIN has 4 to 32 characters")

        def body(s: Session, game: m.Game) -> None:
            actor = self._facilitator(s, by)
            self._actor(s, participant_id)  # exists and not removed
            row = s.get(m.Participant, participant_id)
            assert row is not None
            row.pin_hash = _hash_pin(value) if value else None
            _audit(
                s,
                game.id,
                actor,
                "participant.pin",
                "participant",
                row.id,
                {"participant": row.name, "pin": "set" if value else "cleared"},
            )

        self._run("set_pin", body)

    def check_pin(self, participant_id: int, pin: str) -> bool:
        """True when ``pin`` is this participant's PIN (or they have none)."""
        with self._read() as s:
            row = s.get(m.Participant, participant_id)
            if row is None:
                raise NotFound(f"there is no participant #{participant_id} in this game")
            return row.pin_hash is None or _pin_matches(pin, row.pin_hash)

    # ------------------------------------------------------------------ turns and phases

    def start(self, by: int) -> turns.Position:
        """Start the game: turn 1, first phase."""

        def body(s: Session, game: m.Game) -> turns.Position:
            actor = self._facilitator(s, by)
            if game.status != "setup":
                raise WrongPhase("the game has already started")
            players = _players_by_team(s, game.id, 1)
            missing = [t.name for t in self.scenario.teams if not players.get(t.id)]
            if not any(players.values()):
                raise WrongPhase("no team has a player yet; add participants before starting")
            position = turns.first_position(self.scenario.turn_plan)
            game.status = "running"
            game.started_at = _now()
            self._enter(s, game, position)
            _audit(
                s, game.id, actor, "game.start", "game", game.id, {"teams_without_players": missing}
            )
            return position

        return self._run("start", body, summary="game started")

    def advance(self, by: int) -> turns.Position:
        """Close the current phase and open the next (the next turn after the last phase)."""

        def body(s: Session, game: m.Game) -> turns.Position:
            actor = self._facilitator(s, by)
            if game.status != "running":
                raise WrongPhase(
                    "the game has not started yet"
                    if game.status == "setup"
                    else "the game has ended"
                )
            assert game.phase_id is not None
            here = turns.Position(game.turn, game.phase_id)
            position = turns.next_position(self.scenario.turn_plan, here)
            if position is None:
                raise WrongPhase("this is the last phase of the last turn; end the game instead")
            self._close_phase(s, game)
            self._enter(s, game, position)
            _audit(
                s,
                game.id,
                actor,
                "phase.advance",
                "game",
                game.id,
                {"turn": position.turn, "phase": position.phase_id},
            )
            return position

        return self._run("advance", body)

    def _enter(self, s: Session, game: m.Game, position: turns.Position) -> None:
        if position.turn != game.turn:
            # Moves left sealed at the end of a turn stay in the record, sealed.
            pass
        game.turn = position.turn
        game.phase_id = position.phase_id
        s.add(
            m.PhaseRecord(
                game_id=game.id, turn=position.turn, phase_id=position.phase_id, started_at=_now()
            )
        )

    def _close_phase(self, s: Session, game: m.Game) -> None:
        open_phase = s.scalars(
            select(m.PhaseRecord)
            .where(m.PhaseRecord.game_id == game.id, m.PhaseRecord.ended_at.is_(None))
            .order_by(m.PhaseRecord.id.desc())
        ).first()
        if open_phase is not None:
            open_phase.ended_at = _now()

    def end_game(self, by: int, *, executive_summary: str | None = None) -> None:
        """End the game (at any point: a facilitator may stop early)."""

        def body(s: Session, game: m.Game) -> None:
            actor = self._facilitator(s, by)
            if game.status == "ended":
                raise WrongPhase("the game has already ended")
            if game.status == "running":
                self._close_phase(s, game)
            game.status = "ended"
            game.ended_at = _now()
            if executive_summary is not None:
                game.executive_summary = _clean(executive_summary, "executive summary")
            _audit(s, game.id, actor, "game.end", "game", game.id, {"turn": game.turn})

        self._run("end_game", body, summary="game ended")

    def set_executive_summary(self, by: int, text: str) -> None:
        """Write or replace the executive summary of the after-action report."""
        text = _clean(text, "executive summary")

        def body(s: Session, game: m.Game) -> None:
            actor = self._facilitator(s, by)
            old = game.executive_summary
            game.executive_summary = text
            _audit(s, game.id, actor, "game.summary", "game", game.id, {"previous": old})

        self._run("set_executive_summary", body)

    # ------------------------------------------------------------------ moves

    def submit_move(
        self,
        by: int,
        *,
        title: str,
        action: str,
        intended_result: str,
        reasons: Sequence[str] = (),
        visibility: Literal["secret", "public"] = "secret",
        team_id: str | None = None,
    ) -> int:
        """A team member submits their team's move (the facilitator may enter one for a team)."""
        fields = _move_fields(title, action, intended_result, reasons, visibility)

        def body(s: Session, game: m.Game) -> int:
            actor = self._actor(s, by)
            team = self._acting_team(actor, team_id)
            self._check_phase(game, turns.Action.SUBMIT_MOVE)
            now = _now()
            row = m.Move(
                game_id=game.id,
                turn=game.turn,
                team_id=team,
                author_id=actor.participant_id,
                status="submitted",
                created_at=now,
                updated_at=now,
                **fields,
            )
            s.add(row)
            s.flush()
            _audit(
                s,
                game.id,
                actor,
                "move.submit",
                "move",
                row.id,
                {"team": team, "title": fields["title"]},
            )
            return row.id

        return self._run("submit_move", body, summary=f"move: {fields['title']}")

    def edit_move(
        self,
        by: int,
        move_id: int,
        *,
        expected_version: int,
        title: str,
        action: str,
        intended_result: str,
        reasons: Sequence[str] = (),
        visibility: Literal["secret", "public"] = "secret",
    ) -> int:
        """Change a move before it is revealed; ``expected_version`` guards lost updates."""
        fields = _move_fields(title, action, intended_result, reasons, visibility)

        def body(s: Session, game: m.Game) -> int:
            actor = self._actor(s, by)
            row = self._own_move(s, actor, move_id)
            self._check_phase(game, turns.Action.EDIT_MOVE)
            if row.revealed_at is not None or row.visibility == "public":
                raise WrongPhase("this move has been revealed; it can no longer be edited")
            if row.status == "withdrawn":
                raise WrongPhase("this move was withdrawn; submit a new one instead")
            _check_version(row, expected_version)
            before = {k: getattr(row, k) for k in fields}
            for key, value in fields.items():
                setattr(row, key, value)
            row.updated_at = _now()
            s.flush()
            _audit(s, game.id, actor, "move.edit", "move", row.id, {"before": before})
            return int(row.version_id)

        return self._run("edit_move", body)

    def withdraw_move(self, by: int, move_id: int, *, expected_version: int, reason: str) -> None:
        """Withdraw a move before it is revealed (it stays in the record, marked withdrawn)."""
        reason = _clean(reason, "reason")

        def body(s: Session, game: m.Game) -> None:
            actor = self._actor(s, by)
            row = self._own_move(s, actor, move_id)
            self._check_phase(game, turns.Action.WITHDRAW_MOVE)
            if row.status == "withdrawn":
                raise WrongPhase("this move has already been withdrawn")
            if row.revealed_at is not None:
                raise WrongPhase("this move has been revealed; ask the facilitator to void it")
            if _adjudication_of(s, row.id) is not None:
                raise WrongPhase("this move has been adjudicated; it can no longer be withdrawn")
            _check_version(row, expected_version)
            row.status = "withdrawn"
            row.updated_at = _now()
            _audit(s, game.id, actor, "move.withdraw", "move", row.id, {}, reason)

        self._run("withdraw_move", body)

    def counter_argue(self, by: int, move_id: int, text: str) -> int:
        """Argue against another team's revealed move (or any move, for the facilitator)."""
        text = _clean(text, "counter-argument")

        def body(s: Session, game: m.Game) -> int:
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
            row = m.CounterArgument(
                game_id=game.id,
                move_id=move.id,
                author_id=actor.participant_id,
                team_id=actor.team_id,
                text=text,
                created_at=_now(),
            )
            s.add(row)
            s.flush()
            _audit(
                s, game.id, actor, "counter.submit", "counter_argument", row.id, {"move": move.id}
            )
            return row.id

        return self._run("counter_argue", body)

    def reveal_moves(self, by: int) -> int:
        """Reveal every sealed move of the current turn at once; returns how many."""

        def body(s: Session, game: m.Game) -> int:
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
            now = _now()
            for row in sealed:
                row.revealed_at = now
            _audit(
                s,
                game.id,
                actor,
                "move.reveal",
                "game",
                game.id,
                {"turn": game.turn, "moves": [r.id for r in sealed]},
            )
            return len(sealed)

        return self._run("reveal_moves", body, summary="moves revealed")

    def import_moves(self, by: int, turn: int, rows: Sequence[ImportedMove]) -> list[int]:
        """Enter moves collected on paper or forms: all rows go in, or none.

        Every row is checked first (team, author, texts); if any is bad, :class:`RowsRefused`
        lists each bad row by its line and nothing is written.
        """

        def body(s: Session, game: m.Game) -> list[int]:
            actor = self._facilitator(s, by)
            self._check_running(game)
            if game.status == "setup":
                raise WrongPhase("the game has not started yet; start it first")
            if not 1 <= turn <= game.turn:
                raise InvalidInput(
                    f"turn {turn} has not been played (the game is in turn {game.turn})"
                )
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
                        team_then = _team_of(s, person.id, turn)
                        if team_then != row.team:
                            raise NotAllowed(
                                f"{person.name} played in "
                                f"{self._team_name(team_then)} in turn {turn}, "
                                f"not {self._team_name(row.team)}"
                            )
                    elif person.role == Role.OBSERVER.value:
                        raise NotAllowed(f"{person.name} is an observer and cannot author moves")
                    fields = _move_fields(
                        row.title, row.action, row.intended_result, row.reasons, row.visibility
                    )
                except GameError as exc:
                    problems.append(f"line {row.line}: {exc}")
                    continue
                ready.append((row, person, fields))
            if problems:
                raise RowsRefused(problems)
            ids = []
            now = _now()
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
                _audit(
                    s,
                    game.id,
                    actor,
                    "move.import",
                    "move",
                    move.id,
                    {"line": row.line, "team": row.team},
                )
            return ids

        return self._run("import_moves", body)

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

    def _move(self, s: Session, move_id: int, *, lock: bool = False) -> m.Move:
        # lock: SELECT … FOR UPDATE on a shared database, so a racing change waits for us.
        row = s.get(m.Move, move_id, with_for_update=True if lock else None, populate_existing=lock)
        if row is None or row.game_id != self._game_id:
            raise NotFound(f"there is no move #{move_id} in this game")
        return row

    def _own_move(self, s: Session, actor: Actor, move_id: int) -> m.Move:
        row = self._move(s, move_id)
        if actor.role is Role.FACILITATOR:
            return row
        if actor.role is not Role.PLAYER or row.team_id != actor.team_id:
            if row.visibility == "secret" and row.revealed_at is None:
                raise NotFound(f"there is no move #{move_id} you can see")
            raise NotAllowed("only the team that made a move (or the facilitator) may change it")
        return row

    def _check_team(self, team_id: str) -> None:
        if team_id not in {t.id for t in self.scenario.teams}:
            known = ", ".join(t.id for t in self.scenario.teams)
            raise NotFound(f"there is no team '{team_id}' in this scenario (teams: {known})")

    def _team_name(self, team_id: str | None) -> str:
        if team_id is None:
            return "no team"
        try:
            return self.scenario.team(team_id).name
        except KeyError:
            return team_id

    # ------------------------------------------------------------------ adjudication

    def adjudicate(
        self,
        by: int,
        *,
        method: Method | str,
        move_id: int | None = None,
        narrative: str,
        rationale: str = "",
        physical_faces: Sequence[int] | None = None,
        strong_reasons: int | None = None,
        accepted_counters: Sequence[int] | None = None,
        adjustment: int = 0,
        rating: str | None = None,
        estimates: Mapping[str, int] | None = None,
        umpire_chance: int | None = None,
        table_id: str | None = None,
        outcome: str | None = None,
        effects: Sequence[Effect] = (),
        establish_fact: str | None = None,
        end_facts: Sequence[int] = (),
    ) -> int:
        """Adjudicate a move (or an open question): roll, grade, narrate, apply effects.

        Rolls the game's digital dice unless ``physical_faces`` are typed in; records every
        roll in the hash chain; applies ``effects`` (and a table row's effects) to tracks
        and units; fires conditional injects whose condition now holds; keeps the ledger of
        established facts. All in one transaction.
        """
        try:
            method = Method(method)
        except ValueError:
            allowed = ", ".join(x.value for x in self.scenario.adjudication.methods)
            raise InvalidInput(f"unknown method '{method}' (allowed: {allowed})") from None
        narrative = _clean(narrative, "narrative")
        rationale = _clean(rationale, "rationale", required=method is Method.RULING)

        def body(s: Session, game: m.Game) -> int:
            actor = self._facilitator(s, by)
            self._check_phase(game, turns.Action.ADJUDICATE)
            rules = self.scenario.adjudication
            move = self._move(s, move_id, lock=True) if move_id is not None else None
            if move is not None:
                if move.status == "withdrawn" or move.voided_at is not None:
                    raise WrongPhase("that move was withdrawn or voided; it cannot be adjudicated")
                if _adjudication_of(s, move.id) is not None:
                    raise WrongPhase(
                        f"move #{move.id} is already adjudicated; void that ruling first"
                    )
                # A new version of the move: a withdrawal or edit read before this ruling
                # fails its version check (Conflict) instead of slipping in after it.
                move.updated_at = _now()
            try:
                spec = adj.required_dice(method, rules, table_id)
                roll = None
                if spec is not None:
                    sequence = _next_sequence(s, game.id)
                    roll = (
                        dice_rules.roll_physical(spec, list(physical_faces))
                        if physical_faces is not None
                        else dice_rules.roll_digital(game.seed, sequence, spec)
                    )
                inputs: dict[str, Any] = {}
                if method is Method.MATRIX:
                    assert roll is not None
                    counters = self._counters_for(s, move, accepted_counters)
                    given = len(move.reasons) if move is not None else 0
                    reasons_count = strong_reasons if strong_reasons is not None else given
                    if move is not None and reasons_count > given:
                        raise InvalidInput(
                            f"{reasons_count} strong reasons were counted but the move gives "
                            f"only {given}"
                        )
                    modifier, explained = adj.matrix_modifier(
                        reasons_count, len(counters), rules.matrix, adjustment
                    )
                    result = adj.adjudicate_matrix(roll, modifier, explained, rules.matrix)
                    for counter in self._all_counters(s, move):
                        counter.accepted = counter.id in {c.id for c in counters}
                    inputs = {
                        "strong_reasons": reasons_count,
                        "accepted_counters": [c.id for c in counters],
                        "adjustment": adjustment,
                    }
                elif method is Method.ODDS:
                    assert roll is not None
                    if rating is None:
                        raise InvalidInput("choose a rating on the odds scale")
                    result = adj.adjudicate_odds(rating, roll, rules.odds)
                    inputs = {"rating": rating}
                elif method is Method.PROBABILITY:
                    assert roll is not None
                    chance = adj.combine_estimates(
                        dict(estimates or {}), rules.probability.combine, umpire_chance
                    )
                    result = adj.adjudicate_probability(chance, roll, rules.probability)
                    inputs = {
                        "estimates": dict(estimates or {}),
                        "umpire_chance": umpire_chance,
                        "combine": rules.probability.combine,
                    }
                elif method is Method.TABLE:
                    assert roll is not None and table_id is not None
                    table = adj.find_table(rules, table_id)
                    result = adj.adjudicate_table(table, roll)
                    inputs = {"table": table_id}
                else:
                    if outcome is None:
                        raise InvalidInput("a ruling needs an outcome: success, partial or failure")
                    try:
                        graded = adj.Outcome(outcome)
                    except ValueError:
                        raise InvalidInput(
                            f"unknown outcome '{outcome}'; use success, partial or failure"
                        ) from None
                    result = adj.adjudicate_ruling(graded, rationale)
            except RuleError as exc:
                raise InvalidInput(str(exc)) from None
            inputs.update(
                target=result.target,
                chance=result.chance,
                modifier=result.modifier,
                modifiers_explained=list(result.modifiers_explained),
                explanation=result.explanation,
            )
            row = m.Adjudication(
                game_id=game.id,
                turn=game.turn,
                move_id=move.id if move is not None else None,
                method=method.value,
                inputs=inputs,
                outcome=result.outcome.value,
                narrative=narrative,
                rationale=rationale,
                adjudicator_id=actor.participant_id,
                created_at=_now(),
            )
            s.add(row)
            s.flush()
            roll_row = None
            if roll is not None:
                roll_row = self._record_roll(
                    s, game, roll, row.id, f"adjudication #{row.id} ({method})"
                )
            all_effects = list(effects)
            if result.table_row is not None:
                all_effects.extend(result.table_row.effects)
            reason = f"adjudication #{row.id}: {result.outcome.value}"
            self._apply(s, game, actor, all_effects, reason, adjudication_id=row.id)
            self._facts(s, game, actor, establish_fact, end_facts, move, row, result.outcome)
            details: dict[str, Any] = {
                "method": method.value,
                "outcome": result.outcome.value,
                "move": move_id,
            }
            if roll_row is not None:
                # A second record of the chain's head: cutting rolls off the end shows.
                details["roll"] = {"sequence": roll_row.sequence, "hash": roll_row.hash}
            _audit(s, game.id, actor, "adjudication.record", "adjudication", row.id, details)
            return row.id

        return self._run("adjudicate", body, summary="adjudication")

    def _all_counters(self, s: Session, move: m.Move | None) -> list[m.CounterArgument]:
        if move is None:
            return []
        return list(
            s.scalars(
                select(m.CounterArgument).where(
                    m.CounterArgument.move_id == move.id, m.CounterArgument.voided_at.is_(None)
                )
            )
        )

    def _counters_for(
        self, s: Session, move: m.Move | None, accepted: Sequence[int] | None
    ) -> list[m.CounterArgument]:
        counters = self._all_counters(s, move)
        if accepted is None:
            return counters
        known = {c.id: c for c in counters}
        for cid in accepted:
            if cid not in known:
                raise NotFound(f"counter-argument #{cid} is not one against this move")
        return [known[cid] for cid in accepted]

    def _record_roll(
        self,
        s: Session,
        game: m.Game,
        roll: dice_rules.Roll,
        adjudication_id: int | None,
        purpose: str,
    ) -> m.Roll:
        previous = s.scalars(
            select(m.Roll).where(m.Roll.game_id == game.id).order_by(m.Roll.sequence.desc())
        ).first()
        sequence = 1 if previous is None else previous.sequence + 1
        prev_hash = dice_rules.GENESIS if previous is None else previous.hash
        payload = dice_rules.roll_payload(roll, {"purpose": purpose, "game": game.uid})
        entry = dice_rules.chain_entry(prev_hash, sequence, payload)
        row = m.Roll(
            game_id=game.id,
            sequence=sequence,
            adjudication_id=adjudication_id,
            purpose=purpose,
            dice=str(roll.spec),
            faces=list(roll.faces),
            source=roll.source,
            created_at=_now(),
            prev_hash=entry.prev_hash,
            hash=entry.hash,
        )
        s.add(row)
        s.flush()
        return row

    def _facts(
        self,
        s: Session,
        game: m.Game,
        actor: Actor,
        establish: str | None,
        end_facts: Sequence[int],
        move: m.Move | None,
        adjudication: m.Adjudication,
        outcome: adj.Outcome,
    ) -> None:
        for fact_id in end_facts:
            fact = s.get(m.Fact, fact_id)
            if fact is None or fact.game_id != game.id:
                raise NotFound(f"there is no established fact #{fact_id}")
            if fact.ended_turn is not None:
                raise InvalidInput(f"fact #{fact_id} was already ended in turn {fact.ended_turn}")
            fact.ended_turn = game.turn
            fact.ended_by_move_id = move.id if move is not None else None
            fact.ended_by_adjudication_id = adjudication.id
        if establish:
            text = _clean(establish, "established fact")
            if outcome is adj.Outcome.FAILURE:
                raise InvalidInput("a failed argument establishes no fact")
            fact = m.Fact(
                game_id=game.id,
                text=text,
                established_turn=game.turn,
                established_by_move_id=move.id if move is not None else None,
                established_by_adjudication_id=adjudication.id,
                created_at=_now(),
            )
            s.add(fact)
            s.flush()
            _audit(s, game.id, actor, "fact.establish", "fact", fact.id, {"text": text})

    # ------------------------------------------------------------------ effects and injects

    def apply_effects(self, by: int, effects: Sequence[Effect], *, reason: str) -> list[int]:
        """Apply effects outside an adjudication (e.g. dragging a unit), with a reason."""
        reason = _clean(reason, "reason")
        if not effects:
            raise InvalidInput("there are no effects to apply")

        def body(s: Session, game: m.Game) -> list[int]:
            actor = self._facilitator(s, by)
            self._check_phase(game, turns.Action.APPLY_EFFECT)
            return self._apply(s, game, actor, list(effects), reason)

        return self._run("apply_effects", body)

    def _apply(
        self,
        s: Session,
        game: m.Game,
        actor: Actor,
        effects: list[Effect],
        reason: str,
        *,
        adjudication_id: int | None = None,
        inject_release_id: int | None = None,
    ) -> list[int]:
        state = self._state_now(s)
        crossed_before = redlines.crossed_red_lines(state, self.scenario)
        ids: list[int] = []
        for effect in effects:
            try:
                state, applied = apply_effect(state, effect, self.scenario)
            except RuleError as exc:
                raise InvalidInput(str(exc)) from None
            row = m.Effect(
                game_id=game.id,
                turn=game.turn,
                phase_id=game.phase_id,
                kind=effect.kind,
                target=effect.track if isinstance(effect, TrackEffect) else effect.unit,
                delta=None if isinstance(effect, UnitMoveEffect) else effect.delta,
                to_region=effect.to if isinstance(effect, UnitMoveEffect) else None,
                before=_jsonable(applied.before),
                after=_jsonable(applied.after),
                adjudication_id=adjudication_id,
                inject_release_id=inject_release_id,
                reason=reason,
                author_id=actor.participant_id,
                created_at=_now(),
            )
            s.add(row)
            s.flush()
            ids.append(row.id)
            _audit(
                s,
                game.id,
                actor,
                "effect.apply",
                "effect",
                row.id,
                {
                    "kind": effect.kind,
                    "target": row.target,
                    "before": row.before,
                    "after": row.after,
                },
                reason,
            )
        crossed_after = redlines.crossed_red_lines(state, self.scenario)
        for red_line in sorted(crossed_after - crossed_before):
            _audit(
                s,
                game.id,
                actor,
                "red_line.crossed",
                "game",
                game.id,
                {"red_line": red_line, "turn": game.turn},
            )
        self._fire_conditional(s, game, actor, state, crossed_after)
        return ids

    def _fire_conditional(
        self, s: Session, game: m.Game, actor: Actor, state: GameState, crossed: frozenset[str]
    ) -> None:
        released = frozenset(
            r
            for r in s.scalars(
                select(m.InjectRelease.inject_id).where(
                    m.InjectRelease.game_id == game.id,
                    m.InjectRelease.inject_id.is_not(None),
                    m.InjectRelease.voided_at.is_(None),
                )
            )
            if r is not None
        )
        crossed_ever = crossed | self._crossed_so_far(s)
        for inject in redlines.due_conditional_injects(
            self.scenario, state, crossed_ever, released
        ):
            self._release(
                s,
                game,
                actor,
                inject.id,
                "conditional",
                inject.title,
                inject.text,
                inject.audience,
                list(inject.effects),
            )

    def _crossed_so_far(self, s: Session) -> frozenset[str]:
        """Every red line crossed at any point of the game so far (derived from effects)."""
        state = initial_state(self.scenario)
        crossed = set(redlines.crossed_red_lines(state, self.scenario))
        for row in s.scalars(self._live_effects()):
            state, _ = apply_effect(state, effect_from_record(row), self.scenario)
            crossed |= redlines.crossed_red_lines(state, self.scenario)
        return frozenset(crossed)

    def release_inject(self, by: int, inject_id: str) -> int:
        """Release a scripted inject from the scenario's events list."""

        def body(s: Session, game: m.Game) -> int:
            actor = self._facilitator(s, by)
            self._check_phase(game, turns.Action.RELEASE_INJECT)
            try:
                inject = self.scenario.inject(inject_id)
            except KeyError:
                raise NotFound(f"there is no inject '{inject_id}' in this scenario") from None
            already = s.scalar(
                select(m.InjectRelease).where(
                    m.InjectRelease.game_id == game.id,
                    m.InjectRelease.inject_id == inject_id,
                    m.InjectRelease.voided_at.is_(None),
                )
            )
            if already is not None:
                raise WrongPhase(
                    f"inject '{inject.title}' was already released in turn {already.turn}"
                )
            trigger = "conditional" if inject.conditional else "scheduled"
            return self._release(
                s,
                game,
                actor,
                inject.id,
                trigger,
                inject.title,
                inject.text,
                inject.audience,
                list(inject.effects),
            )

        return self._run("release_inject", body, summary="inject released")

    def release_ad_hoc_inject(
        self, by: int, *, title: str, text: str, audience: Sequence[str] | str = "all"
    ) -> int:
        """Release an inject the white cell writes on the spot."""
        title = _clean(title, "inject title", limit=MAX_TITLE)
        text = _clean(text, "inject text")

        def body(s: Session, game: m.Game) -> int:
            actor = self._facilitator(s, by)
            self._check_phase(game, turns.Action.RELEASE_INJECT)
            aud: str | tuple[str, ...] = "all" if audience == "all" else tuple(audience)
            if isinstance(aud, tuple):
                if not aud:
                    raise InvalidInput("the audience is empty; choose 'all' or some teams")
                for team in aud:
                    self._check_team(team)
            return self._release(s, game, actor, None, "ad_hoc", title, text, aud, [])

        return self._run("release_inject", body, summary="inject released")

    def _release(
        self,
        s: Session,
        game: m.Game,
        actor: Actor,
        inject_id: str | None,
        trigger: str,
        title: str,
        text: str,
        audience: str | tuple[str, ...],
        effects: list[Effect],
    ) -> int:
        row = m.InjectRelease(
            game_id=game.id,
            inject_id=inject_id,
            trigger=trigger,
            title=title,
            text=text,
            audience=audience if isinstance(audience, str) else list(audience),
            turn=game.turn,
            phase_id=game.phase_id,
            released_by_id=actor.participant_id,
            released_at=_now(),
        )
        s.add(row)
        s.flush()
        _audit(
            s,
            game.id,
            actor,
            "inject.release",
            "inject_release",
            row.id,
            {"inject": inject_id, "trigger": trigger, "title": title},
        )
        if effects:
            self._apply(s, game, actor, effects, f"inject: {title}", inject_release_id=row.id)
        return row.id

    # ------------------------------------------------------------------ notes, observations

    def note(self, by: int, text: str) -> int:
        """A facilitator's note (never shown to players or in the public report)."""
        text = _clean(text, "note")

        def body(s: Session, game: m.Game) -> int:
            actor = self._facilitator(s, by)
            row = m.Note(
                game_id=game.id,
                turn=game.turn,
                author_id=actor.participant_id,
                text=text,
                created_at=_now(),
            )
            s.add(row)
            s.flush()
            _audit(s, game.id, actor, "note.add", "note", row.id, {})
            return row.id

        return self._run("note", body)

    def observe(
        self,
        by: int,
        text: str,
        *,
        tags: Sequence[str] = (),
        question_ids: Sequence[str] = (),
        move_id: int | None = None,
    ) -> int:
        """An observer's (or facilitator's) observation, tagged to the analysis questions."""
        text = _clean(text, "observation")
        clean_tags = tuple(dict.fromkeys(_clean(t, "tag", limit=60).lower() for t in tags))
        known_q = {q.id for q in self.scenario.analysis.questions}
        for qid in question_ids:
            if qid not in known_q:
                raise NotFound(
                    f"there is no analysis question '{qid}' (questions: "
                    f"{', '.join(sorted(known_q)) or 'none'})"
                )

        def body(s: Session, game: m.Game) -> int:
            actor = self._actor(s, by)
            if actor.role is Role.PLAYER:
                raise NotAllowed("observations are for observers and the white cell")
            if move_id is not None:
                self._move(s, move_id)
            row = m.Observation(
                game_id=game.id,
                turn=game.turn,
                move_id=move_id,
                author_id=actor.participant_id,
                text=text,
                tags=list(clean_tags),
                question_ids=list(question_ids),
                created_at=_now(),
            )
            s.add(row)
            s.flush()
            _audit(
                s,
                game.id,
                actor,
                "observation.add",
                "observation",
                row.id,
                {"tags": list(clean_tags)},
            )
            return row.id

        return self._run("observe", body)

    def record_hotwash(
        self,
        by: int,
        *,
        kind: Literal["strength", "improvement", "finding"],
        text: str,
        recommendation: str | None = None,
        owner: str | None = None,
        question_ids: Sequence[str] = (),
    ) -> int:
        """Record a hot-wash finding: a strength, an area for improvement, or a finding."""
        text = _clean(text, "finding")
        if kind not in ("strength", "improvement", "finding"):
            raise InvalidInput(
                f"unknown kind of finding '{kind}'; use strength, improvement or finding"
            )

        def body(s: Session, game: m.Game) -> int:
            actor = self._actor(s, by)
            if actor.role is Role.PLAYER:
                raise NotAllowed("hot-wash findings are recorded by the white cell or analysts")
            row = m.HotwashFinding(
                game_id=game.id,
                kind=kind,
                text=text,
                recommendation=_clean(recommendation, "recommendation", required=False) or None,
                owner=_clean(owner, "owner", required=False, limit=MAX_TITLE) or None,
                question_ids=list(question_ids),
                author_id=actor.participant_id,
                created_at=_now(),
            )
            s.add(row)
            s.flush()
            _audit(s, game.id, actor, "hotwash.add", "hotwash_finding", row.id, {"kind": kind})
            return row.id

        return self._run("record_hotwash", body)

    # ------------------------------------------------------------------ corrections

    def void(self, by: int, kind: str, record_id: int, *, reason: str) -> None:
        """Void a record (a correction): it stays, marked void, with who, when and why.

        Voiding an adjudication voids its effects too; voiding an effect undoes it in the
        derived state. Nothing is deleted.
        """
        reason = _clean(reason, "reason")
        table = _VOIDABLE.get(kind)
        if table is None:
            raise InvalidInput(
                f"'{kind}' records cannot be voided (voidable: {', '.join(sorted(_VOIDABLE))})"
            )

        def body(s: Session, game: m.Game) -> None:
            actor = self._facilitator(s, by)
            row = s.get(table, record_id)
            if row is None or row.game_id != game.id:
                raise NotFound(f"there is no {kind} #{record_id} in this game")
            if row.voided_at is not None:
                raise InvalidInput(f"{kind} #{record_id} is already void")
            _void(row, actor, reason)
            if kind == "inject":
                for eff in s.scalars(
                    select(m.Effect).where(
                        m.Effect.inject_release_id == row.id, m.Effect.voided_at.is_(None)
                    )
                ):
                    _void(eff, actor, f"inject #{row.id} voided: {reason}")
            if kind == "adjudication":
                for eff in s.scalars(
                    select(m.Effect).where(
                        m.Effect.adjudication_id == row.id, m.Effect.voided_at.is_(None)
                    )
                ):
                    _void(eff, actor, f"adjudication #{row.id} voided: {reason}")
                for fact in s.scalars(
                    select(m.Fact).where(m.Fact.established_by_adjudication_id == row.id)
                ):
                    if fact.ended_turn is None:
                        fact.ended_turn = game.turn
                        fact.ended_by_adjudication_id = row.id
                for fact in s.scalars(
                    select(m.Fact).where(m.Fact.ended_by_adjudication_id == row.id)
                ):
                    if fact.established_by_adjudication_id != row.id:
                        # The ruling that ended this fact is void: the fact is in force again.
                        fact.ended_turn = None
                        fact.ended_by_move_id = None
                        fact.ended_by_adjudication_id = None
            _audit(s, game.id, actor, f"{kind}.void", table.__tablename__, row.id, {}, reason)

        self._run("void", body)

    def amend_move(
        self,
        by: int,
        move_id: int,
        *,
        reason: str,
        title: str,
        action: str,
        intended_result: str,
        reasons: Sequence[str] = (),
    ) -> int:
        """Correct a move after reveal: the old one is voided and superseded by a new one."""
        reason = _clean(reason, "reason")
        fields = _move_fields(title, action, intended_result, reasons, "public")

        def body(s: Session, game: m.Game) -> int:
            actor = self._facilitator(s, by)
            self._check_running(game)
            old = self._move(s, move_id)
            if old.voided_at is not None:
                raise InvalidInput(f"move #{move_id} is already void")
            now = _now()
            new = m.Move(
                game_id=game.id,
                turn=old.turn,
                team_id=old.team_id,
                author_id=old.author_id,
                status=old.status,
                created_at=now,
                updated_at=now,
                revealed_at=old.revealed_at,
                **fields,
            )
            new.visibility = old.visibility
            s.add(new)
            s.flush()
            _void(old, actor, reason)
            old.superseded_by_id = new.id
            _audit(s, game.id, actor, "move.amend", "move", new.id, {"supersedes": old.id}, reason)
            return new.id

        return self._run("amend_move", body)

    # ------------------------------------------------------------------ derived state

    def _state_now(self, s: Session) -> GameState:
        return self._state_until(s, None)

    def _state_until(self, s: Session, turn: int | None) -> GameState:
        query = self._live_effects()
        if turn is not None:
            query = query.where(m.Effect.turn <= turn)
        state = initial_state(self.scenario)
        for row in s.scalars(query):
            state, _ = apply_effect(state, effect_from_record(row), self.scenario)
        return state

    def _live_effects(self) -> Select[m.Effect]:
        return (
            select(m.Effect)
            .where(m.Effect.game_id == self._game_id, m.Effect.voided_at.is_(None))
            .order_by(m.Effect.id)
        )

    # ------------------------------------------------------------------ queries

    def queries(self) -> GameQueries:
        """Read models for views, reports and exports."""
        from wargame.game.queries import GameQueries

        return GameQueries(self)

    def session_for_queries(self) -> Any:
        """A read-only session context (for the queries module of this package)."""
        return self._read()


_VOIDABLE: dict[str, type[Any]] = {
    "move": m.Move,
    "counter_argument": m.CounterArgument,
    "adjudication": m.Adjudication,
    "effect": m.Effect,
    "inject": m.InjectRelease,
    "note": m.Note,
    "observation": m.Observation,
    "hotwash": m.HotwashFinding,
}


# ---------------------------------------------------------------------------- helpers


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise InvalidInput(f"unknown role '{role}'; use facilitator, player or observer") from None


def _add_participant(
    s: Session,
    game_id: int,
    name: str,
    role: Role,
    pin: str | None,
    team_id: str | None,
    from_turn: int,
    by_id: int | None,
) -> m.Participant:
    """Insert a participant and their first team assignment (None: no team)."""
    person = m.Participant(
        game_id=game_id,
        name=name,
        role=role.value,
        pin_hash=_hash_pin(pin) if pin else None,
        created_at=_now(),
    )
    s.add(person)
    s.flush()
    s.add(
        m.TeamAssignment(
            game_id=game_id,
            participant_id=person.id,
            team_id=team_id,
            from_turn=from_turn,
            assigned_at=_now(),
            assigned_by_id=person.id if by_id is None else by_id,
        )
    )
    return person


def _move_fields(
    title: str, action: str, intended_result: str, reasons: Sequence[str], visibility: str
) -> dict[str, Any]:
    if visibility not in ("secret", "public"):
        raise InvalidInput(f"visibility must be 'secret' or 'public', not '{visibility}'")
    if isinstance(reasons, str):
        reasons = [reasons]
    clean_reasons = [_clean(r, "reason", limit=2_000) for r in reasons if r and r.strip()]
    if len(clean_reasons) > 12:
        raise InvalidInput(f"a move has {len(clean_reasons)} reasons; give at most 12")
    return {
        "title": _clean(title, "move's title", limit=MAX_TITLE),
        "action": _clean(action, "move's action"),
        "intended_result": _clean(intended_result, "move's intended result"),
        "reasons": clean_reasons,
        "visibility": visibility,
    }


def _check_version(row: m.Move, expected: int) -> None:
    if row.version_id != expected:
        raise Conflict(
            f"move #{row.id} was changed by someone else (version {row.version_id}, you had "
            f"{expected}); reload it and try again"
        )


def _team_of(s: Session, participant_id: int, turn: int) -> str | None:
    rows = s.scalars(
        select(m.TeamAssignment)
        .where(
            m.TeamAssignment.participant_id == participant_id,
            m.TeamAssignment.from_turn <= max(turn, 0),
        )
        .order_by(m.TeamAssignment.from_turn.desc(), m.TeamAssignment.id.desc())
    ).first()
    return rows.team_id if rows is not None else None


def _players_by_team(s: Session, game_id: int, turn: int) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    people = s.scalars(
        select(m.Participant).where(
            m.Participant.game_id == game_id,
            m.Participant.role == Role.PLAYER.value,
            m.Participant.voided_at.is_(None),
        )
    )
    for person in people:
        team = _team_of(s, person.id, turn)
        if team is not None:
            out.setdefault(team, []).append(person.id)
    return out


def _adjudication_of(s: Session, move_id: int) -> m.Adjudication | None:
    return s.scalars(
        select(m.Adjudication).where(
            m.Adjudication.move_id == move_id, m.Adjudication.voided_at.is_(None)
        )
    ).first()


def _next_sequence(s: Session, game_id: int) -> int:
    last = s.scalar(select(func.max(m.Roll.sequence)).where(m.Roll.game_id == game_id))
    return 1 if last is None else int(last) + 1


def _void(row: Any, actor: Actor, reason: str) -> None:
    row.voided_at = _now()
    row.voided_by_id = actor.participant_id
    row.void_reason = reason


def _audit(
    s: Session,
    game_id: int,
    actor: Actor | m.Participant,
    action: str,
    entity: str,
    entity_id: int | None,
    details: dict[str, Any],
    reason: str | None = None,
) -> None:
    if isinstance(actor, Actor):
        pid, name = actor.participant_id, actor.name
    else:
        pid, name = actor.id, actor.name
    s.add(
        m.Audit(
            game_id=game_id,
            at=_now(),
            participant_id=pid,
            actor=name,
            action=action,
            entity=entity,
            entity_id=entity_id,
            details=details,
            reason=reason,
        )
    )


def _jsonable(value: object) -> Any:
    if value is None or isinstance(value, int | str | float | bool):
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {k: _jsonable(getattr(value, k)) for k in value.__dataclass_fields__}
    return str(value)


@contextmanager
def _store_errors() -> Iterator[None]:
    """Turn store and database failures into one-sentence game errors."""
    try:
        yield
    except GameError:
        raise
    except StoreError as exc:
        raise GameFileProblem(str(exc)) from None
    except StaleDataError:
        raise
    except SQLAlchemyError as exc:
        raise GameFileProblem(_describe_db_error(exc)) from None


def _describe_db_error(exc: SQLAlchemyError) -> str:
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return "the game file is locked by another program; close it there and try again"
    if "readonly" in text or "read-only" in text:
        return "the game file is read-only; copy it somewhere writable to continue"
    if "malformed" in text or "not a database" in text:
        return "the game file is damaged (the database is malformed)"
    return f"the database refused the change ({str(getattr(exc, 'orig', exc)).strip()})"


@contextmanager
def _store_errors_wrap(session_cm: Any) -> Iterator[Session]:
    with _store_errors(), session_cm as s:
        yield s
