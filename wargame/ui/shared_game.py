"""The Qt side of a game shared over PostgreSQL: host, join, live updates, drafts.

* Hosting (:class:`~wargame.ui.shared_host.HostDialog`, the join strings) lives in
  :mod:`wargame.ui.shared_host`.
* :class:`JoinDialog` asks for a join string; :func:`join_shared` joins off the UI thread and
  opens the facilitator's main window (``role=facilitator``) or a team's
  :class:`ParticipantWindow`.
* The live link (:class:`~wargame.ui.shared_link.SharedLink` and its connection banner)
  lives in :mod:`wargame.ui.shared_link`.
* :class:`DraftKeeper` saves what a participant types to the draft store (debounced), restores
  it on start-up, and the participant's window submits through
  :func:`~wargame.game.sharing.commit_draft`, so a dropped connection never loses the text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from wargame.game import GameError, GameFileProblem
from wargame.game.drafts import DRAFT_NEW_MOVE, Draft, DraftStore, commit_draft
from wargame.game.live import LinkStatus
from wargame.game.sharing import JoinedGame, join_game
from wargame.ui.move_form import MoveForm, MoveText
from wargame.ui.notifier import Notifier, sentence
from wargame.ui.session import GameSession, Result
from wargame.ui.shared_link import ConnectionBanner, SharedLink
from wargame.ui.team_entry import TeamEntryWindow
from wargame.ui.workers import Job

if TYPE_CHECKING:
    from wargame.ui.main_window import MainWindow

DRAFT_SAVE_DELAY_MS = 400
"""How long typing must pause before the draft is written to disk."""

# ---------------------------------------------------------------------------- drafts


class DraftKeeper(QObject):
    """Keeps a move form's text in the draft store as it is typed.

    Saves after typing pauses (a single-shot timer restarted on each edit); an empty form
    forgets the draft. Only a new move is kept (``is_new`` says whether the form holds one).
    """

    saved = Signal()

    def __init__(
        self,
        form: MoveForm,
        store: DraftStore,
        is_new: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.form = form
        self.store = store
        self._is_new = is_new
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DRAFT_SAVE_DELAY_MS)
        self.timer.timeout.connect(self.save)
        form.title.textChanged.connect(self._edited)
        for edit in (form.action, form.intended, form.reasons):
            edit.textChanged.connect(self._edited)
        form.secret.toggled.connect(self._edited)

    def _edited(self, *_args: object) -> None:
        self.timer.start()

    @Slot()
    def save(self) -> None:
        """Write the form's text to the store now (or forget the draft when it is empty)."""
        self.timer.stop()
        if not self._is_new():
            return
        text = self.form.value()
        previous = self.store.load(DRAFT_NEW_MOVE)
        draft = Draft(
            key=DRAFT_NEW_MOVE,
            title=text.title,
            action=text.action,
            intended_result=text.intended_result,
            reasons=text.reasons,
            visibility=text.visibility,
            # keep the mark of an unanswered attempt: the retry must not submit twice
            attempted_at=previous.attempted_at if previous is not None else None,
        )
        if draft.is_empty:
            self.store.discard(DRAFT_NEW_MOVE)
        else:
            self.store.save(draft)
        self.saved.emit()

    def flush(self) -> None:
        """Save now if an edit is waiting for the timer."""
        if self.timer.isActive():
            self.save()

    def restore(self) -> bool:
        """Put the kept draft back into the form; False when there is none."""
        draft = self.store.load(DRAFT_NEW_MOVE)
        if draft is None or draft.is_empty:
            return False
        self.form.set_value(
            MoveText(
                draft.title,
                draft.action,
                draft.intended_result,
                draft.reasons,
                draft.visibility == "secret",
            )
        )
        self.timer.stop()
        return True


# ---------------------------------------------------------------------------- a team's window


class SharedTeamView(TeamEntryWindow):
    """A team's view on its own laptop: no hand-back, one player, moves kept as drafts.

    Signals:
        submit_failed: A move could not be committed (its text is kept); the sentence.
    """

    submit_failed = Signal(str)

    def __init__(
        self, session: GameSession, joined: JoinedGame, drafts: DraftStore,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        self.keeper: DraftKeeper | None = None
        assert joined.team_id is not None
        super().__init__(session, joined.team_id, parent, viewer=joined.viewer, hot_seat=False)
        self._drafts = drafts
        self.submit_problem = ""
        """The technical sentence of the last failed submission (for a tooltip)."""
        self.keeper = DraftKeeper(self.form, drafts, lambda: self._editing is None, self)
        if self._editing is None:
            self.keeper.restore()

    @override
    def new_move(self) -> None:
        """Start a new move: the kept draft, if there is one."""
        super().new_move()
        if self.keeper is not None:
            self.keeper.restore()

    @override
    def _submit_new(self, author_id: int, text: MoveText) -> Result[int]:
        """Commit the draft (saved first), so a lost connection keeps the text."""
        if self.keeper is None:
            return super()._submit_new(author_id, text)
        self.keeper.save()
        if self._drafts.load(DRAFT_NEW_MOVE) is None:
            return super()._submit_new(author_id, text)  # empty: the service says what is missing
        session = self._session
        try:
            move_id = commit_draft(session.game, self._drafts, author_id)
        except GameFileProblem as exc:
            message = (
                "Your move is not submitted yet; its text is kept. "
                "Submit it again once the connection is back."
            )
            session.say("Move not submitted: no connection to the shared game; its text is kept")
            self.submit_problem = sentence(str(exc))
            self.submit_failed.emit(message)
            return Result(False, None, message)
        except GameError as exc:
            message = sentence(str(exc))
            session.refused.emit(message)
            session.notifier.error("Submit move", message)
            return Result(False, None, message)
        return Result(True, move_id)


class ParticipantWindow(QMainWindow):
    """The window of a team member's laptop in a shared game.

    Shows the team's view (briefing, injects, state, its moves and the revealed ones of
    others) under the connection banner, acting as the joined participant; live updates
    arrive through a :class:`SharedLink`. There are no facilitator controls.

    Signals:
        closed: The window was closed (the game and its listener are closed).
    """

    closed = Signal()

    def __init__(
        self,
        joined: JoinedGame,
        notifier: Notifier,
        *,
        drafts: DraftStore | None = None,
        min_backoff: float = 0.2,
        max_backoff: float = 5.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.joined = joined
        self.session = GameSession(joined.game, notifier, self, viewer=joined.viewer)
        self.drafts = drafts if drafts is not None else joined.drafts()
        self.banner = ConnectionBanner()
        self.view = SharedTeamView(self.session, joined, self.drafts)
        self.link = SharedLink(
            joined,
            self.session,
            self.banner,
            self,
            min_backoff=min_backoff,
            max_backoff=max_backoff,
        )
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        self.setCentralWidget(central)
        self.view.submit_failed.connect(
            lambda message: self.banner.show_problem(message, self.view.submit_problem)
        )
        self.view.submitted.connect(lambda _id: self._submitted())
        self.session.refused.connect(lambda message: self.statusBar().showMessage(message, 10000))
        self.session.said.connect(lambda message: self.statusBar().showMessage(message, 6000))
        self.link.status_changed.connect(self._link_status)
        summary = self.session.summary()
        team = self.session.team_name(joined.team_id)
        person = next(
            (p.name for p in self.session.participants() if p.id == joined.participant_id), ""
        )
        self.setWindowTitle(f"{team} — {summary.title} — wargame")
        where = QLabel(f"Playing as {person} · shared game")
        where.setToolTip(joined.game.location)
        self.statusBar().addPermanentWidget(where)
        self.resize(1280, 860)
        self._shut = False

    def start(self) -> None:
        """Start the live updates."""
        self.link.start()

    def _submitted(self) -> None:
        self.statusBar().showMessage("Move submitted to the white cell", 6000)
        self.banner.clear_problem()

    def _link_status(self, status: LinkStatus) -> None:
        if status.connected:
            kept = self.drafts.load(DRAFT_NEW_MOVE)
            if kept is not None and kept.attempted_at is not None:
                self.statusBar().showMessage(
                    "Connected again: submit your move once more (its text was kept)", 15000
                )
            else:
                self.statusBar().showMessage("Connected to the shared game", 4000)
        else:
            self.statusBar().showMessage("Connection lost; retrying…", 10000)

    def shutdown(self) -> None:
        """Keep the draft, stop listening and close the game (once)."""
        if self._shut:
            return
        self._shut = True
        if self.view.keeper is not None:
            self.view.keeper.flush()
        self.link.stop()
        self.view.force_close()
        self.session.close()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        """Close the game; the draft stays on disk."""
        self.shutdown()
        super().closeEvent(event)
        self.closed.emit()


# ---------------------------------------------------------------------------- joining


class JoinDialog(QDialog):
    """Asks for a join string (and optionally which player of the team one is)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Join a shared game")
        self.join = QLineEdit()
        self.join.setPlaceholderText("postgresql://…?team=…  (from the facilitator)")
        self.join.setMinimumWidth(520)
        self.participant = QLineEdit()
        self.participant.setPlaceholderText("optional: your name, if the facilitator added you")
        note = QLabel(
            "Paste the join string the facilitator gave your team. It holds your team's "
            "password: do not pass it on."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Join")
        self.ok.setEnabled(False)
        self.join.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow("&Join string", self.join)
        form.addRow("&Player", self.participant)
        form.addRow(buttons)

    def values(self) -> tuple[str, str | None]:
        """The join string and the player's name (None when not given)."""
        return self.join.text().strip(), self.participant.text().strip() or None


def join_shared(
    window: MainWindow,
    join: str,
    *,
    team: str | None = None,
    participant: str | None = None,
    quit_when_closed: bool = False,
) -> Job:
    """Join a shared game off the UI thread, then open it as its join string says.

    The facilitator's join string opens the main window on the game with live updates; a
    team's opens a :class:`ParticipantWindow` in place of the main window. When that window
    closes, the main window comes back (or, with ``quit_when_closed``, the app ends).
    """
    window.set_busy("Joining the shared game…")
    job = Job(lambda: join_game(join, team=team, participant=participant), window)

    def joined(result: JoinedGame) -> None:
        window.set_busy(None)
        window.statusBar().clearMessage()
        if result.team_id is None:
            window.open_shared(result)
        else:
            open_participant_window(window, result, quit_when_closed=quit_when_closed)

    def failed(message: str) -> None:
        window.set_busy(None)
        text = sentence(message)
        window.statusBar().showMessage("Could not join the shared game", 8000)
        window.notifier.error("Cannot join the shared game", text)
        window.open_failed.emit(text)

    job.finished.connect(joined)
    job.failed.connect(failed)
    window.shared_job = job
    job.start()
    return job


def open_participant_window(
    window: MainWindow, joined: JoinedGame, *, quit_when_closed: bool = False
) -> ParticipantWindow:
    """Show a team's window for ``joined`` in place of the main window."""
    window.close_game()
    participant = ParticipantWindow(joined, window.notifier)
    participant.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.participant_window = participant
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.aboutToQuit.connect(participant.shutdown)

    def closed() -> None:
        window.participant_window = None
        if not quit_when_closed:
            window.show()
            window.show_start_page()

    participant.closed.connect(closed)
    participant.show()
    window.hide()
    participant.start()
    window.participant_opened.emit(participant)
    return participant


def ask_to_join(window: MainWindow) -> JoinDialog:
    """Open the join dialog; joining starts when it is accepted."""
    dialog = JoinDialog(window)

    def accepted() -> None:
        join, participant = dialog.values()
        join_shared(window, join, participant=participant)

    dialog.accepted.connect(accepted)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
