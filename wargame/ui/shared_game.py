"""The Qt side of a game shared over PostgreSQL: host, join, live updates, drafts.

* :class:`HostDialog` asks for the database, the scenario and the facilitator, runs
  :func:`~wargame.game.sharing.host_game` off the UI thread and hands back the
  :class:`~wargame.game.sharing.HostedGame`; :class:`JoinStringsDialog` shows one join string
  per team to copy or save as text.
* :class:`JoinDialog` asks for a join string; :func:`join_shared` joins off the UI thread and
  opens the facilitator's main window (``role=facilitator``) or a team's
  :class:`ParticipantWindow`.
* :class:`SharedLink` runs the game's :class:`~wargame.game.live.GameListener`: its callbacks
  arrive on the listener's thread and are turned into Qt signals (queued into the UI thread)
  by :class:`_ListenerRelay`; events go into the session's one refresh signal, link status
  into a :class:`ConnectionBanner` at the top of the window (never a modal dialog).
* :class:`DraftKeeper` saves what a participant types to the draft store (debounced), restores
  it on start-up, and the participant's window submits through
  :func:`~wargame.game.sharing.commit_draft`, so a dropped connection never loses the text.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from wargame.game import GameError, GameEvent, GameFileProblem
from wargame.game.drafts import DRAFT_NEW_MOVE, Draft, DraftStore, commit_draft
from wargame.game.live import RESYNC, LinkStatus
from wargame.game.sharing import HostedGame, JoinedGame, host_game, join_game
from wargame.ui.catalogue import catalogue
from wargame.ui.move_form import MoveForm, MoveText
from wargame.ui.notifier import Notifier, sentence
from wargame.ui.session import GameSession, Result
from wargame.ui.team_entry import TeamEntryWindow
from wargame.ui.theme import ALERT, readable_on
from wargame.ui.workers import Job

if TYPE_CHECKING:
    from wargame.ui.main_window import MainWindow

DRAFT_SAVE_DELAY_MS = 400
"""How long typing must pause before the draft is written to disk."""

URL_PLACEHOLDER = "postgresql://wargame_host:password@localhost:5432/wargame"


# ---------------------------------------------------------------------------- live updates


class _ListenerRelay(QObject):
    """The listener's callbacks, re-emitted as signals (called on the listener's thread).

    The relay lives in the UI thread; a signal emitted from another thread reaches slots of
    UI-thread objects through the UI event loop (a queued connection), so no widget is ever
    touched from the listener's thread.
    """

    event_arrived = Signal(object)
    status_changed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.closed = False

    def on_event(self, event: GameEvent) -> None:
        if not self.closed:
            self.event_arrived.emit(event)

    def on_status(self, status: LinkStatus) -> None:
        if not self.closed:
            self.status_changed.emit(status)


class ConnectionBanner(QFrame):
    """A strip at the top of the window saying the link to the shared game is down.

    Hidden while all is well. Counts down to the listener's next retry; a second line says
    what could not be done meanwhile (a move not submitted) until :meth:`clear_problem`.

    Signals:
        shown: The banner appeared (True) or went away (False), for a container to follow.
    """

    shown = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connection-banner")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            f"QFrame#connection-banner {{ background: {ALERT.name()}; }} "
            f"QFrame#connection-banner QLabel {{ color: {readable_on(ALERT).name()}; }}"
        )
        self.label = QLabel()
        self.label.setWordWrap(True)
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.label.hide()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.problem)
        self._retry_at: float | None = None
        self._remaining = 0
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count_down)
        self.hide()

    def show_status(self, status: LinkStatus) -> None:
        """Show the link's state: hidden when connected, a countdown while retrying."""
        if status.connected:
            self._tick.stop()
            self.label.hide()
            self.problem.hide()  # what failed meanwhile can be done again now
            self._set_shown(False)
            return
        self.label.setToolTip(status.message)
        self.label.show()
        if status.retry_in is None:
            self._tick.stop()
            self.label.setText("Connection lost — not retrying.")
        else:
            self._remaining = max(0, math.ceil(status.retry_in))
            self._show_countdown()
            self._tick.start()
        self._set_shown(True)

    def show_problem(self, message: str, detail: str = "") -> None:
        """Show a failure that is not the listener's (a move that could not be submitted)."""
        self.problem.setText(message)
        self.problem.setToolTip(detail)
        self.problem.show()
        self._set_shown(True)

    def clear_problem(self) -> None:
        """The failure is resolved; hide the banner unless the link is still down."""
        self.problem.hide()
        self.problem.clear()
        self._set_shown(self.label.isVisibleTo(self))

    def _set_shown(self, shown: bool) -> None:
        self.setVisible(shown)
        self.shown.emit(shown)

    def _show_countdown(self) -> None:
        if self._remaining > 0:
            self.label.setText(f"Connection lost — retrying in {self._remaining} s…")
        else:
            self.label.setText("Connection lost — retrying now…")

    def _count_down(self) -> None:
        self._remaining = max(0, self._remaining - 1)
        self._show_countdown()
        if self._remaining == 0:
            self._tick.stop()


class SharedLink(QObject):
    """A shared game's live updates, fed into a :class:`GameSession`.

    Signals:
        status_changed: The link's :class:`LinkStatus` (in the UI thread).
        resynced: The link came back: every view should re-read everything.
    """

    status_changed = Signal(object)
    resynced = Signal()

    def __init__(
        self,
        joined: JoinedGame,
        session: GameSession,
        banner: ConnectionBanner | None = None,
        parent: QObject | None = None,
        *,
        min_backoff: float = 0.2,
        max_backoff: float = 5.0,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._banner = banner
        self._relay = _ListenerRelay()
        self._relay.event_arrived.connect(self._on_event)
        self._relay.status_changed.connect(self._on_status)
        self.listener = joined.listener(
            self._relay.on_event,
            self._relay.on_status,
            min_backoff=min_backoff,
            max_backoff=max_backoff,
        )
        self.last_status: LinkStatus | None = None
        self._started = False

    def start(self) -> None:
        """Start listening (returns at once)."""
        if not self._started:
            self._started = True
            self.listener.start()

    def stop(self) -> None:
        """Stop listening; nothing more reaches the session."""
        self._relay.closed = True
        if self._started:
            self.listener.stop()
            self._started = False

    @property
    def connected(self) -> bool:
        """Whether notifications are flowing now."""
        return self.listener.connected

    @Slot(object)
    def _on_event(self, event: GameEvent) -> None:
        if self._relay.closed:
            return
        self._session.relay_remote(event)
        if event.action == RESYNC:
            self.resynced.emit()

    @Slot(object)
    def _on_status(self, status: LinkStatus) -> None:
        if self._relay.closed:
            return
        self.last_status = status
        if self._banner is not None:
            self._banner.show_status(status)
        self.status_changed.emit(status)


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


# ---------------------------------------------------------------------------- hosting


class HostDialog(QDialog):
    """Asks what to host where, and hosts it off the UI thread.

    Signals:
        hosted: The game was created (the :class:`HostedGame`).
    """

    hosted = Signal(object)

    def __init__(self, notifier: Notifier, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._notifier = notifier
        self.job: Job | None = None
        self.setWindowTitle("Host on a shared database")
        self.url = QLineEdit()
        self.url.setPlaceholderText(URL_PLACEHOLDER)
        self.url.setMinimumWidth(480)
        self.url.setToolTip(
            "An account that owns the database and may create roles (see docs/venue-setup.md)"
        )
        self.scenario = QComboBox()
        for entry in catalogue():
            if entry.loaded is not None:
                self.scenario.addItem(entry.title, entry)
        self.title = QLineEdit()
        self.title.setPlaceholderText("the scenario's title")
        self.seed = QSpinBox()
        self.seed.setRange(-1, 2_000_000_000)
        self.seed.setValue(-1)
        self.seed.setSpecialValueText("random")
        self.seed.setToolTip("The digital dice's seed; 'random' picks one")
        self.facilitator = QLineEdit("Facilitator")
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText("optional")
        self.address = QLineEdit()
        self.address.setPlaceholderText("e.g. 192.168.1.20 — how team laptops reach the database")
        note = QLabel(
            "The game is created in a PostgreSQL database that every laptop reaches over the "
            "venue's network. You get one join string per team to hand out."
        )
        note.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Host")
        self.ok.setEnabled(False)
        self.url.textChanged.connect(lambda _t: self._update())
        self.buttons.accepted.connect(self.host)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow("&Database URL", self.url)
        form.addRow("&Scenario", self.scenario)
        form.addRow("&Title", self.title)
        form.addRow("S&eed", self.seed)
        form.addRow("&Facilitator", self.facilitator)
        form.addRow("Facilitator's &PIN", self.pin)
        form.addRow("Venue &address", self.address)
        form.addRow(self.progress)
        form.addRow(self.state)
        form.addRow(self.buttons)

    def _update(self) -> None:
        busy = self.job is not None
        self.ok.setEnabled(not busy and bool(self.url.text().strip()) and self.scenario.count() > 0)

    def host(self) -> Job | None:
        """Create the game on a worker thread; :attr:`hosted` follows, or the refusal shows."""
        entry = self.scenario.currentData()
        url = self.url.text().strip()
        if entry is None or not url or self.job is not None:
            return None
        loaded = entry.loaded
        title = self.title.text().strip() or None
        seed = None if self.seed.value() < 0 else self.seed.value()
        facilitator = self.facilitator.text().strip() or "Facilitator"
        pin = self.pin.text() or None
        address = self.address.text().strip() or None
        job = Job(
            lambda: host_game(
                url,
                loaded,
                title=title,
                seed=seed,
                facilitator=facilitator,
                facilitator_pin=pin,
                address=address,
            ),
            self,
        )
        job.finished.connect(self._done)
        job.failed.connect(self._failed)
        self.job = job
        self._set_busy(True)
        job.start()
        return job

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.state.setText("Creating the game and its roles…" if busy else "")
        for widget in (self.url, self.scenario, self.title, self.seed, self.facilitator,
                       self.pin, self.address):  # fmt: skip
            widget.setEnabled(not busy)
        self._update()

    def _done(self, hosted: HostedGame) -> None:
        self.job = None
        self._set_busy(False)
        self.hosted.emit(hosted)
        self.accept()

    def _failed(self, message: str) -> None:
        self.job = None
        self._set_busy(False)
        text = sentence(message)
        self.state.setText(f"<span style='color:{ALERT.name()}'>{html.escape(text)}</span>")
        self._notifier.error("Cannot host the game", text)


def join_strings_text(hosted: HostedGame) -> str:
    """The join strings as plain text, to print or save."""
    lines = [
        f"{hosted.title} — game {hosted.game_uid}",
        f"Database: {hosted.where}",
        "Hand each join string to its team only: it holds that team's password.",
        "",
        f"Facilitator: {hosted.facilitator.url}",
    ]
    lines += [f"{join.label}: {join.url}" for join in hosted.teams]
    if hosted.local_only:
        lines += ["", LOCAL_ONLY_WARNING]
    return "\n".join(lines) + "\n"


LOCAL_ONLY_WARNING = (
    "These join strings name this machine (localhost): they work only here. For the teams' "
    "laptops, host again with the venue address of this machine."
)


class JoinStringsDialog(QDialog):
    """One join string per team, each with a Copy button, and Save as text…."""

    def __init__(
        self, hosted: HostedGame, notifier: Notifier, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._hosted = hosted
        self._notifier = notifier
        self.setWindowTitle(f"Join strings — {hosted.title}")
        intro = QLabel(
            f"<b>{html.escape(hosted.title)}</b> is hosted in {html.escape(hosted.where)}.<br>"
            "Hand each join string to its team only: it holds that team's password."
        )
        intro.setWordWrap(True)
        self.warning = QLabel(LOCAL_ONLY_WARNING)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(
            f"background: {ALERT.name()}; color: {readable_on(ALERT).name()}; padding: 6px;"
        )
        self.warning.setVisible(hosted.local_only)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.fields: dict[str, QLineEdit] = {}
        for row, join in enumerate((hosted.facilitator, *hosted.teams)):
            label = QLabel(f"<b>{html.escape(join.label)}</b>")
            field = QLineEdit(join.url)
            field.setReadOnly(True)
            field.setCursorPosition(0)
            field.setMinimumWidth(520)
            copy = QPushButton("Copy")
            copy.setToolTip(f"Copy {join.label}'s join string")
            copy.clicked.connect(lambda _c=False, url=join.url: self.copy(url))
            grid.addWidget(label, row, 0)
            grid.addWidget(field, row, 1)
            grid.addWidget(copy, row, 2)
            self.fields[join.label] = field
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.addButton(
            "Save as text…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.clicked.connect(self.save_as_text)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.warning)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addWidget(buttons)

    def copy(self, url: str) -> None:
        """Put a join string on the clipboard."""
        QGuiApplication.clipboard().setText(url)

    def save_as_text(self) -> Path | None:
        """Write every join string to a text file the facilitator chooses."""
        name = "".join(c if c.isalnum() else "-" for c in self._hosted.title).strip("-")
        target = self._notifier.choose_save_file(
            "Save the join strings", "Text files (*.txt);;All files (*)", f"{name}-join.txt"
        )
        if not target:
            return None
        path = Path(target)
        try:
            path.write_text(join_strings_text(self._hosted), encoding="utf-8")
        except OSError as exc:
            self._notifier.error("Save the join strings", f"Cannot write {path}: {exc.strerror}")
            return None
        return path


def ask_to_host(window: MainWindow) -> HostDialog:
    """Open the host dialog; once hosted, show the join strings and open the game."""
    dialog = HostDialog(window.notifier, window)

    def hosted(result: HostedGame) -> None:
        strings = JoinStringsDialog(result, window.notifier, window)
        strings.finished.connect(strings.deleteLater)
        window.join_strings = strings
        strings.open()
        join_shared(window, result.facilitator.url)

    dialog.hosted.connect(hosted)
    dialog.finished.connect(dialog.deleteLater)
    window.host_dialog = dialog
    dialog.open()
    return dialog
