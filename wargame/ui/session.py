"""The controller of one open game: runs use cases, shows refusals, keeps the undo stack.

A :class:`GameSession` is what windows and panels are given (never the whole app): the
game's read models (:attr:`GameSession.queries`), the one refresh signal
(:attr:`GameSession.changed`), and :meth:`GameSession.act` to run a use case. A refused
use case raises a :class:`~wargame.game.GameError` whose one-sentence message is shown to
the facilitator through the :class:`~wargame.ui.notifier.Notifier`; nothing else is caught
here, so a bug still ends in the log with its traceback.

Undo (:meth:`GameSession.act_undoable`) never deletes and is the game's: undoing asks the
game to void what the use case created (:mod:`wargame.game.voids`), with the reason
"undone", and the void takes along the effects and conditional injects it set off; a phase
change (the start included) is undone by voiding its phase record. Redoing reinstates the
undone records later actions point at (a participant, a move, a counter-argument, an
observation, an insight: :attr:`~wargame.game.voids.VoidKind.reinstatable`), so the redo of
an action built on one finds it again; anything else (a ruling, an inject, a phase change)
runs its use case again. Ending the game is the one checkpoint: it clears the history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar, cast

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QUndoCommand, QUndoStack

from wargame.game import Game, GameError, GameEvent, Role, Viewer
from wargame.game.queries import GameQueries
from wargame.game.views import (
    AdjudicationView,
    GameSummary,
    InjectView,
    MoveView,
    NoteView,
    ObservationView,
    ParticipantView,
    StateView,
)
from wargame.game.voids import (
    UNDO_REASON,
    ReinstateRequest,
    VoidRequest,
    VoidTarget,
    created_targets,
)
from wargame.rules import turns
from wargame.rules.errors import RuleError
from wargame.scenario.model import PhaseKind, Scenario
from wargame.ui.bridge import GameBridge
from wargame.ui.guard import ClickGuard
from wargame.ui.notifier import Notifier, sentence
from wargame.ui.team_drafts import TeamDrafts

T = TypeVar("T")
_Turned = TypeVar("_Turned", MoveView, AdjudicationView)


def _of_turn(every: tuple[_Turned, ...], turn: int) -> tuple[_Turned, ...]:
    """Those of one turn, in their order (as a read of that turn alone gives them)."""
    return tuple(item for item in every if item.turn == turn)


@dataclass(frozen=True)
class Result(Generic[T]):
    """What running a use case gave: ``ok`` and its return value, or the refusal."""

    ok: bool
    value: T | None = None
    message: str = ""


class GameSession(QObject):
    """One open game, as the windows of the app see it.

    Signals:
        changed: The one refresh signal: a :class:`GameEvent` after each committed change.
        refused: A use case was refused; carries the message shown.
        said: A short message for the status bar ("3 moves revealed").
    """

    changed = Signal(object)
    refused = Signal(str)
    said = Signal(str)

    def __init__(
        self,
        game: Game,
        notifier: Notifier,
        parent: QObject | None = None,
        *,
        viewer: Viewer | None = None,
    ) -> None:
        super().__init__(parent)
        self.game = game
        self.notifier = notifier
        self.scenario: Scenario = game.scenario
        self.queries: GameQueries = game.queries()
        self._cache: dict[tuple[object, ...], object] = {}
        self.bridge = GameBridge(game, self)
        self.bridge.changed.connect(self._on_changed)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(50)
        self.clicks = ClickGuard()
        """One click, one change: the record-changing buttons of every panel go through it."""
        self.facilitator_id = self._find_facilitator()
        self.viewer = viewer if viewer is not None else Viewer.facilitator(self.facilitator_id)
        self._team_drafts: TeamDrafts | None = None

    @property
    def team_drafts(self) -> TeamDrafts:
        """The hot seat's drafts, one per team, kept for the session and on disk."""
        if self._team_drafts is None:
            self._team_drafts = TeamDrafts(self.summary().uid)
        return self._team_drafts

    # ------------------------------------------------------------------ identity

    @property
    def path(self) -> Path:
        """The game file (or the database URL as a path-like label)."""
        return Path(self.game.location)

    def _find_facilitator(self) -> int:
        for person in self.participants():
            if person.role is Role.FACILITATOR and not person.voided:
                return person.id
        raise GameError("this game has no facilitator; it cannot be run from the desktop app")

    # ------------------------------------------------------------------ cached reads

    def _cached(self, key: tuple[object, ...], read: Callable[[], T]) -> T:
        if key not in self._cache:
            self._cache[key] = read()
        return cast(T, self._cache[key])

    def summary(self) -> GameSummary:
        """The game's identity and position."""
        return self._cached(("summary",), self.queries.summary)

    def state(self) -> StateView:
        """The state of play now (tracks, units, red lines)."""
        return self._cached(("state",), self.queries.state)

    def participants(self) -> tuple[ParticipantView, ...]:
        """Everyone in the game."""
        return self._cached(("participants",), self.queries.participants)

    def moves(self, viewer: Viewer, turn: int | None = None) -> tuple[MoveView, ...]:
        """The moves a viewer may see (of a turn, or all).

        A turn's are taken from all of them, read once: the panels ask for both.
        """
        every = self._cached(("moves", viewer, None), lambda: self.queries.moves(viewer))
        if turn is None:
            return every
        return self._cached(("moves", viewer, turn), lambda: _of_turn(every, turn))

    def adjudications(
        self, viewer: Viewer, turn: int | None = None
    ) -> tuple[AdjudicationView, ...]:
        """The adjudications a viewer may see (of a turn, or all), read once as the moves."""
        every = self._cached(
            ("adjudications", viewer, None), lambda: self.queries.adjudications(viewer)
        )
        if turn is None:
            return every
        return self._cached(("adjudications", viewer, turn), lambda: _of_turn(every, turn))

    def injects(self, viewer: Viewer, turn: int | None = None) -> tuple[InjectView, ...]:
        """The released injects a viewer may see."""
        return self._cached(("injects", viewer, turn), lambda: self.queries.injects(viewer, turn))

    def notes(self, viewer: Viewer) -> tuple[NoteView, ...]:
        """The facilitator's notes a viewer may see (the log and the notes panel read them)."""
        return self._cached(("notes", viewer), lambda: self.queries.notes(viewer))

    def observations(self, viewer: Viewer) -> tuple[ObservationView, ...]:
        """The observations a viewer may see (the log and the notes panel read them)."""
        return self._cached(("observations", viewer), lambda: self.queries.observations(viewer))

    def team_name(self, team_id: str | None) -> str:
        """A team's display name ('White cell' for none)."""
        if team_id is None:
            return self.scenario.roles.white_cell.name
        try:
            return self.scenario.team(team_id).name
        except KeyError:
            return team_id

    def team_colour(self, team_id: str | None) -> QColor:
        """The colour of the actor a team plays (grey for none)."""
        if team_id is None:
            return QColor("#7f8c8d")
        try:
            return QColor(self.scenario.actor(self.scenario.team(team_id).actor).colour)
        except KeyError:
            return QColor("#7f8c8d")

    def actor_colour(self, actor_id: str) -> QColor:
        """The colour of an actor."""
        try:
            return QColor(self.scenario.actor(actor_id).colour)
        except KeyError:
            return QColor("#7f8c8d")

    def phase_kind(self, summary: GameSummary | None = None) -> PhaseKind | None:
        """The kind of the current phase, None before the start."""
        summary = summary or self.summary()
        if summary.phase_id is None or summary.status != "running":
            return None
        return self.scenario.turn_plan.phase(summary.phase_id).kind

    def allows(self, action: turns.Action, summary: GameSummary | None = None) -> bool:
        """Whether the current phase allows an action (to enable buttons; the service decides)."""
        kind = self.phase_kind(summary)
        return kind is not None and turns.is_allowed(action, kind)

    def why_not(self, action: turns.Action | str) -> str:
        """Why the current phase does not allow an action, as a sentence ("" if it does)."""
        summary = self.summary()
        kind = self.phase_kind(summary)
        if kind is None or summary.phase_id is None:
            return "Available while the game runs."
        name = self.scenario.turn_plan.phase(summary.phase_id).name
        try:
            turns.check_phase(turns.Action(action), kind, name)
        except RuleError as exc:
            return sentence(str(exc))
        return ""

    # ------------------------------------------------------------------ running use cases

    def _on_changed(self, event: GameEvent) -> None:
        self._cache.clear()  # before any view reads again
        if event.action == "end_game":
            self.undo_stack.clear()  # the end is a checkpoint: nothing is played after it
        self.changed.emit(event)

    def relay_remote(self, event: GameEvent) -> None:
        """A change another laptop committed to a shared game: refresh as for our own.

        Only refresh: a notification is a claim anyone with a login can forge, so it never
        clears the undo history (undo re-checks the record when it runs).
        """
        self._cache.clear()
        self.changed.emit(event)

    def say(self, message: str) -> None:
        """Put a short message in the window's status bar."""
        self.said.emit(message)

    def act(self, what: str, use_case: Callable[[], T], *, quiet: bool = False) -> Result[T]:
        """Run a use case; on refusal show its message titled ``what`` and return not-ok.

        ``quiet``: the caller shows the refusal itself (a dialog that stays open).
        """
        try:
            value = use_case()
        except GameError as exc:
            message = sentence(str(exc))
            self.refused.emit(message)
            if not quiet:
                self.notifier.error(what, message)
            return Result(False, None, message)
        return Result(True, value)

    def _capture(self, use_case: Callable[[], T]) -> tuple[T, list[GameEvent]]:
        events: list[GameEvent] = []
        unsubscribe = self.game.subscribe(events.append)
        try:
            value = use_case()
        finally:
            unsubscribe()
        return value, events

    def act_undoable(
        self, text: str, use_case: Callable[[], T], *, quiet: bool = False
    ) -> Result[T]:
        """Run a use case and put it on the undo stack.

        Undo voids what the use case created (:func:`wargame.game.voids.created_targets`),
        each void taking along what it set off; redo runs the use case again.

        Args:
            text: What the undo menu shows ("Submit move 'Frigates to Kest'").
            use_case: Runs the use case.
            quiet: The caller shows a refusal itself (a dialog that stays open).
        """
        try:
            value, targets = self._perform(use_case)
        except GameError as exc:
            message = sentence(str(exc))
            self.refused.emit(message)
            if not quiet:
                self.notifier.error(text, message)
            return Result(False, None, message)
        if targets:
            self.undo_stack.push(_UseCaseCommand(self, text, use_case, targets))
        return Result(True, value)

    def act_replacing(
        self, text: str, use_case: Callable[[], T], put_back: Callable[[], object]
    ) -> Result[T]:
        """Run a use case that replaces a value of the game (not a record that can be voided).

        Undo runs ``put_back``, the same use case with the value replaced; redo runs
        ``use_case`` again. Refusals show in the caller (``quiet``).
        """
        result = self.act(text, use_case, quiet=True)
        if result.ok:
            self.undo_stack.push(_ReplaceCommand(self, text, use_case, put_back))
        return result

    def remember(self, text: str, redo: Callable[[], object], undo: Callable[[], object]) -> None:
        """Put a step already taken and recorded on the undo stack.

        Undo runs ``undo`` and redo runs ``redo``, each a use case that puts a state back
        (the phase timer's before and after a start, pause or extension).
        """
        self.undo_stack.push(_ReplaceCommand(self, text, redo, undo))

    def _perform(self, use_case: Callable[[], T]) -> tuple[T, tuple[VoidTarget, ...]]:
        value, events = self._capture(use_case)
        return value, created_targets(events)

    def void_created(self, targets: tuple[VoidTarget, ...]) -> None:
        """Void what an action created (the game skips what is void already).

        Raises:
            GameError: If the game refuses (a phase change with records made since).
        """
        self.game.void_records(self.facilitator_id, VoidRequest(targets, UNDO_REASON))

    def close(self) -> None:
        """Stop listening, drop the undo history and close the game."""
        self.undo_stack.clear()
        self.bridge.detach()
        self.game.close()


class _UseCaseCommand(QUndoCommand):
    """An undoable use case: undo voids what it created, redo runs it again."""

    def __init__(
        self,
        session: GameSession,
        text: str,
        use_case: Callable[[], object],
        created: tuple[VoidTarget, ...],
    ) -> None:
        super().__init__(text)
        self._session = session
        self._use_case = use_case
        self._created: tuple[VoidTarget, ...] | None = created
        self._undone: tuple[VoidTarget, ...] = ()
        self._skip_first_redo = True

    def redo(self) -> None:
        """Run the use case again (the first call, from ``push``, is the original run).

        What the game reinstates rather than makes again (a move, an observation...) is
        reinstated, keeping its id for the redo of the actions built on it.
        """
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        session = self._session
        try:
            if self._undone and all(t.kind.reinstatable for t in self._undone):
                session.game.reinstate(session.facilitator_id, ReinstateRequest(self._undone))
                self._created = self._undone
            else:
                _, self._created = session._perform(self._use_case)
        except GameError as exc:
            self._session.notifier.error(f"Redo: {self.text()}", sentence(str(exc)))
            self.setObsolete(True)

    def undo(self) -> None:
        """Void what the last run created, with the reason 'undone'."""
        if self._created is None:
            return
        try:
            self._session.void_created(self._created)
        except GameError as exc:
            self._session.notifier.error(f"Undo: {self.text()}", sentence(str(exc)))
            self.setObsolete(True)
            return
        self._undone, self._created = self._created, None


class _ReplaceCommand(QUndoCommand):
    """An undoable replacement: undo puts the old value back, redo the new one, each a use case."""

    def __init__(
        self,
        session: GameSession,
        text: str,
        use_case: Callable[[], object],
        put_back: Callable[[], object],
    ) -> None:
        super().__init__(text)
        self._session = session
        self._use_case = use_case
        self._put_back = put_back
        self._skip_first_redo = True

    def _run(self, what: str, use_case: Callable[[], object]) -> None:
        try:
            use_case()
        except GameError as exc:
            self._session.notifier.error(f"{what}: {self.text()}", sentence(str(exc)))
            self.setObsolete(True)

    def redo(self) -> None:
        """Replace the value again (the first call, from ``push``, is the original run)."""
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._run("Redo", self._use_case)

    def undo(self) -> None:
        """Put the value replaced back."""
        self._run("Undo", self._put_back)
