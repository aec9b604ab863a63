"""The plumbing shared by the game's use cases, and the helpers they write the record with.

:class:`GameCore` holds an open game's database, scenario and event hub, runs each use case
in one transaction (a method under :func:`use_case`, run by :meth:`GameCore._run`) and checks
who acts and in which phase. The use cases themselves live in :mod:`wargame.game.cases`, one
module per area, and
:class:`~wargame.game.service.Game` puts them together. The functions here, for the use-case
modules of this package, add participants, audit lines and voids, clean typed text, and
find a participant's team in a turn.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import inspect
import secrets
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any, Concatenate, Literal, ParamSpec, TypeVar

from sqlalchemy import Insert, Select, bindparam, event, func, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from wargame.game.chain import link_action
from wargame.game.errors import (
    Conflict,
    GameError,
    GameFileProblem,
    InvalidInput,
    NotAllowed,
    NotFound,
    WrongPhase,
)
from wargame.game.events import EventHub, GameEvent
from wargame.game.views import Role, counted
from wargame.rules import turns
from wargame.rules.effects import apply_effect
from wargame.rules.errors import RuleError
from wargame.rules.state import GameState, initial_state
from wargame.scenario import Scenario
from wargame.scenario.model import (
    Effect,
    FactEstablishEffect,
    FactRetractEffect,
    PhaseKind,
    TrackEffect,
    TrackSetEffect,
    UnitCreateEffect,
    UnitMoveEffect,
    UnitRemoveEffect,
    UnitStrengthEffect,
)
from wargame.store import chain as store_chain
from wargame.store import models as m
from wargame.store.engine import GameDatabase
from wargame.store.errors import StoreError
from wargame.store.shared_views import adjudication_entity
from wargame.text import clean_name, surrogate_problem

_T = TypeVar("_T")
_P = ParamSpec("_P")
_Core = TypeVar("_Core", bound="GameCore")
_Row = TypeVar("_Row", bound=m.Base)

MAX_TEXT = 20_000
"""Longest text accepted in a move, note or observation (characters)."""
MAX_TITLE = 200


class _StrictClock:
    """UTC wall time that never repeats nor goes back within this process.

    A game's history is replayed in the order its records were written
    (:mod:`wargame.game.timeline`). Where the system clock ticks coarsely (about 16 ms on
    Windows before Python 3.13) the records one action writes would share a time; here each
    gets a later one, by a microsecond if need be.
    """

    def __init__(self) -> None:
        self._last = dt.datetime.min.replace(tzinfo=dt.UTC)
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        with self._lock:
            now = dt.datetime.now(dt.UTC)
            if now <= self._last:
                now = self._last + dt.timedelta(microseconds=1)
            self._last = now
            return now


_CLOCK = _StrictClock()


def utc_now() -> dt.datetime:
    """The time now in UTC (every time the record holds is one), after any given before."""
    return _CLOCK.now()


def clean_text(text: str | None, what: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    """Normalise user text: strip, refuse empty when required, bound the length.

    Text holding a lone surrogate (an undecodable byte) is refused: no file can store it.
    """
    value = (text or "").strip()
    problem = surrogate_problem(value)
    if problem is not None:
        raise InvalidInput(f"the {what} holds {problem}; type it again")
    if required and not value:
        raise InvalidInput(f"the {what} is empty; write something")
    if len(value) > limit:
        raise InvalidInput(f"the {what} is {len(value):,} characters long; the limit is {limit:,}")
    return value


def clean_name_field(text: str | None, what: str, *, required: bool = True) -> str:
    """A name or title as :func:`clean_text` gives it, without invisible formatting characters.

    Bidi controls and zero-width characters are removed (:func:`wargame.text.clean_name`)
    so that one name cannot be made to look like another.
    """
    return clean_text(clean_name(text or ""), what, required=required, limit=MAX_TITLE)


def hash_pin(pin: str) -> str:
    """A salted PBKDF2 hash of a participant's PIN, as stored (``pbkdf2$salt$digest``)."""
    salt = secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), 100_000).hex()
    return f"pbkdf2${salt}${digest}"


def pin_matches(pin: str, stored: str) -> bool:
    """Whether ``pin`` is the one :func:`hash_pin` stored (False for a malformed hash)."""
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


@dataclass(frozen=True)
class MoveContent:
    """What a move says: the words a team submits, edits, or the white cell amends."""

    title: str
    action: str
    intended_result: str
    reasons: Sequence[str] = ()
    visibility: Literal["secret", "public"] = "secret"


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
    kind, target = row.kind, row.target
    if kind == "track":
        return TrackEffect(kind="track", track=target, delta=row.delta or 0)
    if kind == "track_set":
        return TrackSetEffect(kind="track_set", track=target, value=int(row.after))
    if kind == "unit_move":
        return UnitMoveEffect(kind="unit_move", unit=target, to=row.to_region or "")
    if kind == "unit_create":
        return UnitCreateEffect(kind="unit_create", unit=target, region=row.to_region)
    if kind == "unit_remove":
        return UnitRemoveEffect(kind="unit_remove", unit=target)
    if kind == "fact_establish":
        return FactEstablishEffect(kind="fact_establish", fact=target)
    if kind == "fact_retract":
        return FactRetractEffect(kind="fact_retract", fact=target)
    return UnitStrengthEffect(kind="unit_strength", unit=target, delta=row.delta or 0)


def use_case(
    action: str, *, summary: str = ""
) -> Callable[
    [Callable[Concatenate[_Core, Session, m.Game, _P], _T]], Callable[Concatenate[_Core, _P], _T]
]:
    """Make a method of :class:`GameCore` one use case: one transaction, one event.

    The method is written with the open session and the game's row after ``self``
    (``def note(self, s, game, by, text)``); callers see it without them
    (``game.note(by, text)``). Each call runs in :meth:`GameCore._run`: the transaction is
    opened, the method runs, the action is linked into the record chain and committed, and
    the event named ``action`` is emitted. A method whose event should say more than
    ``summary`` calls :func:`announce`.
    """

    def decorate(
        method: Callable[Concatenate[_Core, Session, m.Game, _P], _T],
    ) -> Callable[Concatenate[_Core, _P], _T]:
        @functools.wraps(method)
        def run(self: _Core, /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
            return self._run(
                action, lambda s, game: method(self, s, game, *args, **kwargs), summary=summary
            )

        # What callers pass: the method's parameters without the session and the game.
        signature = inspect.signature(method)
        this, _session, _game, *given = signature.parameters.values()
        run.__signature__ = signature.replace(parameters=[this, *given])  # type: ignore[attr-defined]
        return run

    return decorate


def announce(s: Session, summary: str) -> None:
    """Set the summary of the event the running use case emits (see :func:`use_case`)."""
    s.info["summary"] = summary


_PUBLISHING = frozenset({"effect", "game", "adjudication", "inject_release"})
"""Tables whose changes may move, make, remove or reveal a unit: a shared game's teams then
read the units they see anew (:mod:`wargame.game.fog_publish`)."""

_WRITTEN = "wargame.written"
"""The key in a use case's ``Session.info`` of what it wrote (:class:`_Written`)."""


@dataclass
class _Written:
    """The rows one use case inserted or changed, gathered after each flush."""

    touched: set[tuple[str, int]] = field(default_factory=set)
    created: set[tuple[str, int]] = field(default_factory=set)
    rows: dict[tuple[str, int], object] = field(default_factory=dict)
    """The session's objects, kept alive: the record chain's link digests them."""

    def add_inserted(self, table: str, obj: Any) -> None:
        """A row inserted without the session (its object holds every column's value)."""
        key = (table, int(obj.id))
        self.touched.add(key)
        self.created.add(key)
        self.rows[key] = obj


@event.listens_for(Session, "after_flush")
def _collect_written(session: Session, _context: object) -> None:
    # Runs after each flush of every session, while new/dirty still list what was written;
    # only a use case's (GameCore._run) asks for it. One listener for all: cheaper than
    # adding and removing one per transaction.
    written = session.info.get(_WRITTEN)
    if written is None:
        return
    for obj in (*session.new, *session.dirty):
        table = getattr(type(obj), "__tablename__", None)
        if table is not None and getattr(obj, "id", None) is not None:
            key = (table, int(obj.id))
            written.touched.add(key)
            written.rows[key] = obj
            if obj in session.new:
                written.created.add(key)


class GameCore:
    """What every use case of an open game needs.

    Its database, scenario and events; one transaction per use case (:meth:`_run`); who is
    acting and the phase checks; the state derived from the record.
    :class:`~wargame.game.service.Game` is built on it.
    """

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

    # ------------------------------------------------------------------ transactions

    @contextmanager
    def _write(self) -> Iterator[Session]:
        try:
            with store_errors(), self._db.session() as s:
                yield s
        except StaleDataError:
            raise Conflict(
                "someone else changed this record a moment ago; reload it and try again"
            ) from None

    def _read(self) -> AbstractContextManager[Session]:
        return _store_errors_wrap(self._db.session(write=False))

    def _run(self, action: str, body: Callable[[Session, m.Game], _T], *, summary: str = "") -> _T:
        """Run one use case in one transaction, then emit its event."""
        written = _Written()
        with self._write() as s:
            s.info[_WRITTEN] = written  # filled after each flush (_collect_written)
            game, head = self._game_and_head(s)
            result = body(s, game)
            summary = s.info.pop("summary", summary)
            s.flush()
            del s.info[_WRITTEN]
            turn = game.turn
            if self.as_team is None:
                # A team's role writes no links: the facilitator's next action seals its rows.
                link_action(
                    s, game, action, written.touched, written.rows, written.created, head=head
                )
                if not self._db.is_sqlite and {t for t, _ in written.touched} & _PUBLISHING:
                    from wargame.game.fog_publish import publish_team_views

                    publish_team_views(s, self._game_id, self.scenario)  # with the change
        self._events.emit(
            GameEvent(
                action,
                turn,
                tuple(sorted(written.touched)),
                summary,
                tuple(sorted(written.created)),
            )
        )
        return result

    def _game_and_head(self, s: Session) -> tuple[m.Game, tuple[int, str] | None]:
        """The game's row and, in a game file, the record chain's head, in one statement.

        A game file's write transaction holds the only write lock from its first statement,
        so the head read here is still the head when the action's link is appended. A
        shared game reads the head when it links (``None`` here).
        """
        if not self._db.is_sqlite:
            return self._game(s), None
        found = s.execute(_GAME_AND_HEAD, {"game": self._game_id}).first()
        if found is None:  # pragma: no cover - the row is never deleted
            raise GameFileProblem("the game record is missing from the database")
        game, sequence, digest = found
        return game, (0, store_chain.GENESIS) if sequence is None else (int(sequence), digest)

    def _game(self, s: Session) -> m.Game:
        row = s.get(m.Game, self._game_id)
        if row is None:  # pragma: no cover - the row is never deleted
            raise GameFileProblem("the game record is missing from the database")
        return row

    def _actor(self, s: Session, participant_id: int) -> Actor:
        # One statement for the person and their team now: every use case asks it.
        game = self._game(s)
        # On the session's connection: a select of columns needs none of the ORM's loading.
        found = (
            s.connection()
            .execute(_ACTOR, {"participant": participant_id, "turn": max(game.turn, 0)})
            .first()
        )
        if found is None or found.game_id != self._game_id:
            raise NotFound(f"there is no participant #{participant_id} in this game")
        if found.voided_at is not None:
            raise NotAllowed(f"{found.name} has been removed from this game")
        team = None if found.team is None else str(found.team)
        return Actor(int(found.id), str(found.name), Role(found.role), team)

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

    # ------------------------------------------------------------------ lookups

    def _move(self, s: Session, move_id: int, *, lock: bool = False) -> m.Move:
        # lock: SELECT … FOR UPDATE on a shared database, so a racing change waits for us.
        row = s.get(m.Move, move_id, with_for_update=True if lock else None, populate_existing=lock)
        if row is None or row.game_id != self._game_id:
            raise NotFound(f"there is no move #{move_id} in this game")
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

    def _conditions_now(self, s: Session, game: m.Game, actor: Actor) -> None:
        """Fire the conditional injects due now; the effects' use cases do it (EffectCases)."""

    def _live_effects(self) -> Select[m.Effect]:
        return (
            select(m.Effect)
            .where(m.Effect.game_id == self._game_id, m.Effect.voided_at.is_(None))
            .order_by(m.Effect.id)
        )


# ---------------------------------------------------------------------------- helpers


def parse_role(role: Role | str) -> Role:
    """A role from its name; an unknown one is the user's mistake, said in one sentence."""
    try:
        return Role(role)
    except ValueError:
        raise InvalidInput(f"unknown role '{role}'; use facilitator, player or observer") from None


def add_participant(
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
        pin_hash=hash_pin(pin) if pin else None,
        created_at=utc_now(),
    )
    s.add(person)
    s.flush()
    s.add(
        m.TeamAssignment(
            game_id=game_id,
            participant_id=person.id,
            team_id=team_id,
            from_turn=from_turn,
            assigned_at=utc_now(),
            assigned_by_id=person.id if by_id is None else by_id,
        )
    )
    return person


def move_fields(
    title: str, action: str, intended_result: str, reasons: Sequence[str], visibility: str
) -> dict[str, Any]:
    """A move's fields, cleaned and checked, as keyword arguments for a move row."""
    if visibility not in ("secret", "public"):
        raise InvalidInput(f"visibility must be 'secret' or 'public', not '{visibility}'")
    if isinstance(reasons, str):
        reasons = [reasons]
    clean_reasons = [clean_text(r, "reason", limit=2_000) for r in reasons if r and r.strip()]
    if len(clean_reasons) > 12:
        raise InvalidInput(f"a move has {len(clean_reasons)} reasons; give at most 12")
    return {
        "title": clean_name_field(title, "move's title"),
        "action": clean_text(action, "move's action"),
        "intended_result": clean_text(intended_result, "move's intended result"),
        "reasons": clean_reasons,
        "visibility": visibility,
    }


def check_version(row: m.Move, expected: int) -> None:
    """Refuse an edit made from an out-of-date copy of the move (a lost update)."""
    if row.version_id != expected:
        raise Conflict(
            f"move #{row.id} was changed by someone else (version {row.version_id}, you had "
            f"{expected}); reload it and try again"
        )


_TEAM_OF = (
    select(m.TeamAssignment.team_id)
    .where(
        m.TeamAssignment.participant_id == bindparam("participant"),
        m.TeamAssignment.from_turn <= bindparam("turn"),
    )
    .order_by(m.TeamAssignment.from_turn.desc(), m.TeamAssignment.id.desc())
    .limit(1)
)
"""Built once: every use case asks it (a participant's team decides what they may do)."""

_GAME_AND_HEAD = select(m.Game, *store_chain.head_columns(m.Game.id)).where(
    m.Game.id == bindparam("game")
)
"""The game's row and the record chain's head (see :meth:`GameCore._game_and_head`)."""

_ACTOR = select(
    m.Participant.id,
    m.Participant.game_id,
    m.Participant.name,
    m.Participant.role,
    m.Participant.voided_at,
    select(m.TeamAssignment.team_id)
    .where(
        m.TeamAssignment.participant_id == m.Participant.id,
        m.TeamAssignment.from_turn <= bindparam("turn"),
    )
    .order_by(m.TeamAssignment.from_turn.desc(), m.TeamAssignment.id.desc())
    .limit(1)
    .correlate(m.Participant)
    .scalar_subquery()
    .label("team"),
).where(m.Participant.id == bindparam("participant"))
"""A participant and their team in a turn, in one statement (see :meth:`GameCore._actor`)."""


def team_of(s: Session, participant_id: int, turn: int) -> str | None:
    """The team a participant plays in ``turn`` (``None``: no team, e.g. an observer)."""
    team = s.scalar(_TEAM_OF, {"participant": participant_id, "turn": max(turn, 0)})
    return None if team is None else str(team)


def teams_of(s: Session, game_id: int) -> Callable[[int, int], str | None]:
    """Every participant's team by turn, from one query (as :func:`team_of` answers each)."""
    rows = s.execute(
        select(
            m.TeamAssignment.participant_id, m.TeamAssignment.from_turn, m.TeamAssignment.team_id
        )
        .where(m.TeamAssignment.game_id == game_id)
        .order_by(m.TeamAssignment.from_turn, m.TeamAssignment.id)
    ).all()

    def team(participant_id: int, turn: int) -> str | None:
        found: str | None = None  # the last assignment from a turn at or before this one
        for pid, from_turn, team_id in rows:
            if pid == participant_id and from_turn <= max(turn, 0):
                found = None if team_id is None else str(team_id)
        return found

    return team


def players_by_team(s: Session, game_id: int, turn: int) -> dict[str, list[int]]:
    """The ids of the players each team has in ``turn`` (removed participants left out)."""
    out: dict[str, list[int]] = {}
    people = s.scalars(
        select(m.Participant).where(
            m.Participant.game_id == game_id,
            m.Participant.role == Role.PLAYER.value,
            m.Participant.voided_at.is_(None),
        )
    )
    for person in people:
        team = team_of(s, person.id, turn)
        if team is not None:
            out.setdefault(team, []).append(person.id)
    return out


def adjudication_of(s: Session, move_id: int) -> m.Adjudication | None:
    """The live (not voided) adjudication of a move, if it has one."""
    a = adjudication_entity(s)  # a team's role reads them through its view
    return s.scalars(select(a).where(a.move_id == move_id, a.voided_at.is_(None))).first()


def next_roll_sequence(s: Session, game_id: int) -> int:
    """The sequence number the next roll of the dice gets in the game's hash chain."""
    last = s.scalar(select(func.max(m.Roll.sequence)).where(m.Roll.game_id == game_id))
    return 1 if last is None else int(last) + 1


def void_row(row: Any, actor: Actor, reason: str) -> None:
    """Mark a record row voided by ``actor`` for ``reason``; nothing is ever deleted."""
    row.voided_at = utc_now()
    row.voided_by_id = actor.participant_id
    row.void_reason = reason


def audit(
    s: Session,
    game_id: int,
    actor: Actor | m.Participant,
    action: str,
    entity: str,
    entity_id: int | None,
    details: dict[str, Any],
    reason: str | None = None,
) -> None:
    """Add the audit line of an action: who did what to which row, with details."""
    if isinstance(actor, Actor):
        pid, name = actor.participant_id, actor.name
    else:
        pid, name = actor.id, actor.name
    values: dict[str, Any] = {
        "game_id": game_id,
        "at": utc_now(),
        "participant_id": pid,
        "actor": name,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "details": details,
        "reason": reason,
    }
    insert_now(s, m.Audit, values)


@functools.cache
def _insert_of(model: type[m.Base]) -> Insert:
    """The INSERT of a model's table, built once (a use case inserts two or three rows)."""
    return insert(model)


def insert_now(s: Session, model: type[_Row], values: dict[str, Any]) -> _Row:
    """Insert a row at once, without a flush of the session; return its object, with its id.

    ``values`` must name every column that is not NULL (Python-side defaults are not
    applied), and every row they point to must already have its id. In a use case
    (:meth:`GameCore._run`) the object is handed to the chain's link as the one a flush
    would have left; elsewhere the row is added to the session and flushed.
    """
    written = s.info.get(_WRITTEN)
    if written is None:
        row = model(**values)
        s.add(row)
        s.flush()
        return row
    inserted = s.connection().execute(_insert_of(model), values).inserted_primary_key
    assert inserted is not None
    row = model(id=int(inserted[0]), **values)
    written.add_inserted(model.__tablename__, row)
    return row


def jsonable(value: object) -> Any:
    """A value made fit for a JSON column (dataclasses as dicts, the rest as text)."""
    if value is None or isinstance(value, int | str | float | bool):
        return value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {k: jsonable(getattr(value, k)) for k in value.__dataclass_fields__}
    return str(value)


@contextmanager
def store_errors() -> Iterator[None]:
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
def _store_errors_wrap(session_cm: AbstractContextManager[Session]) -> Iterator[Session]:
    with store_errors(), session_cm as s:
        yield s
