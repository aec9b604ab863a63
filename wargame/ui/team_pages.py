"""Game › Team pages on the venue network…: serve each team a page in the browser.

The dialog starts a :class:`~wargame.web.server.TeamPagesServer` for the open game file on
the address and port the facilitator picks (off until then, and off again when the game
closes), shows one link per team as text and as a QR code, lets a link be revoked or
replaced, and keeps a roster of each team's devices and whether the turn waits on it.

Moves sent from the pages are committed by the server's own game; they reach this
window's views through :meth:`GameSession.relay_remote`, on the GUI thread. Each change
this window commits is passed to the server, so open pages update at once.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from wargame.game import GameError, GameEvent
from wargame.ui.notifier import Notifier, sentence
from wargame.ui.reflow import ColumnsLayout
from wargame.ui.session import GameSession
from wargame.ui.workers import Job

if TYPE_CHECKING:
    from wargame.web.roster import TeamPresence
    from wargame.web.server import ServeOptions, TeamPagesServer

ROSTER_MS = 1000
TITLE = "Team pages"


class _Relay(QObject):
    """Carries the server thread's game events to the GUI thread."""

    arrived = Signal(object)


class TeamCard(QFrame):
    """One team: its link, QR code, revoke and new-link buttons, and its devices."""

    def __init__(self, team_id: str, team_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team_id = team_id
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.name = QLabel(f"<b>{team_name}</b>")
        self.qr = QLabel()
        self.qr.setFixedSize(176, 176)
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.link = QLineEdit()
        self.link.setReadOnly(True)
        self.link.setAccessibleName(f"{team_name} link")
        self.copy = QPushButton("Copy")
        self.revoke = QPushButton("Revoke")
        self.revoke.setToolTip("The link stops working at once; its open pages are closed")
        self.reissue = QPushButton("New link")
        self.reissue.setToolTip("Revoke this link and make a new one")
        self.large = QPushButton("Show large")
        self.large.setToolTip("The QR code full size, to show on a screen for this team")
        self.presence = QLabel()
        self.presence.setWordWrap(True)
        self.presence.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QHBoxLayout()
        for button in (self.copy, self.large, self.revoke, self.reissue):
            buttons.addWidget(button)
        buttons.addStretch(1)
        side = QVBoxLayout()
        side.addWidget(self.name)
        side.addWidget(self.link)
        side.addLayout(buttons)
        side.addWidget(self.presence)
        side.addStretch(1)
        self.presence.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.link.setMinimumWidth(160)
        layout = QHBoxLayout(self)
        layout.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(side, 1)

    def show_link(self, url: str) -> None:
        """Show the team's current link (empty: revoked)."""
        from wargame.web.qr import qr_png

        self.link.setText(url or "(revoked: make a new link)")
        self.link.setCursorPosition(0)
        self.copy.setEnabled(bool(url))
        self.large.setEnabled(bool(url))
        self.revoke.setEnabled(bool(url))
        if not url:
            self.qr.clear()
            self.qr.setText("revoked")
            return
        pixmap = QPixmap()
        pixmap.loadFromData(qr_png(url, scale=4), "PNG")
        self.qr.setPixmap(
            pixmap.scaled(
                self.qr.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.FastTransformation,
            )
        )

    def show_presence(self, presence: TeamPresence, now: dt.datetime) -> None:
        """Show the team's devices and whether the turn waits on it."""
        connected = presence.connected(now)
        lines = [f"{connected} device{'' if connected == 1 else 's'} connected"]
        if presence.waiting:
            lines.append("The turn is waiting on this team (no move yet).")
        for device in presence.devices[:6]:
            ago = int((now - device.last_seen).total_seconds())
            state = "open" if device.connected(now) else "gone"
            lines.append(f"• {device.label}, last seen {_ago(ago)} ({state})")
        self.presence.setText("\n".join(lines))


class TeamPagesDialog(QDialog):
    """Start, show and stop the team pages of the open game.

    Signals:
        serving: The server is up (after :meth:`start`).
        refused: The server could not start; carries the sentence shown.
    """

    serving = Signal()
    refused = Signal(str)

    def __init__(
        self, session: GameSession, notifier: Notifier, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        from wargame.web.addresses import local_addresses

        self.setWindowTitle(f"{TITLE} on the venue network")
        self._session = session
        self._notifier = notifier
        self.server: TeamPagesServer | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._relay = _Relay(self)
        self._relaying = False
        self._job: Job | None = None
        self._starting: _Starting | None = None
        self._closed = False
        self._relay.arrived.connect(self._arrived)
        session.changed.connect(self._changed_here)

        self.address = QComboBox()
        self.address.setEditable(True)
        self.address.addItems(local_addresses())
        self.address.setToolTip("This computer's address on the venue network")
        self.port = QSpinBox()
        self.port.setRange(1024, 65535)
        self.port.setValue(8765)
        self.tls = QCheckBox("HTTPS with a self-signed certificate")
        self.start_button = QPushButton("Start")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.stop_button = QPushButton("Stop")
        self.stop_button.clicked.connect(self.stop)
        self.save_button = QPushButton("Save QR codes…")
        self.save_button.clicked.connect(self.save_codes)
        self.status = QLabel("Off. Participants need only a browser on the same network.")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow("&Address", self.address)
        form.addRow("&Port", self.port)
        form.addRow("", self.tls)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)

        self.cards: dict[str, TeamCard] = {}
        holder = QWidget()
        grid = ColumnsLayout(560, holder, spacing=8)  # two columns where there is room
        grid.setContentsMargins(8, 8, 8, 8)
        for team in session.scenario.teams:
            card = TeamCard(team.id, team.name)
            card.copy.clicked.connect(lambda _c=False, t=team.id: self.copy_link(t))
            card.revoke.clicked.connect(lambda _c=False, t=team.id: self.revoke(t))
            card.reissue.clicked.connect(lambda _c=False, t=team.id: self.reissue(t))
            card.large.clicked.connect(lambda _c=False, t=team.id: self.show_large(t))
            self.cards[team.id] = card
            grid.addWidget(card)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        self._timer = QTimer(self)
        self._timer.setInterval(ROSTER_MS)
        self._timer.timeout.connect(self.refresh_roster)
        self.resize(1000, 720)
        self._show_state()

    # ------------------------------------------------------------------ serving

    def start(self) -> bool:
        """Start serving on the chosen address and port, off the UI thread.

        Returns False (with a message) when refused at once; otherwise :attr:`serving` or
        :attr:`refused` follows when the server is up or could not start.
        """
        from wargame.web.server import EVERY_INTERFACE, ServeOptions
        from wargame.web.tls import default_folder

        if self.server is not None or self._job is not None:
            return True
        address = self.address.currentText().strip()
        confirmed = False
        if address in EVERY_INTERFACE:
            confirmed = self._notifier.confirm(
                TITLE,
                f"{address} opens the team pages on every network this computer is on, "
                "not only the venue's. Listen on every network?",
            )
            if not confirmed:
                return False
        location = Path(self._session.game.location)
        if not location.is_file():
            self._notifier.error(
                TITLE,
                "team pages serve a game file; this game is shared on PostgreSQL, "
                "where teams join with their join strings",
            )
            return False
        options = ServeOptions(
            address=address,
            port=self.port.value(),
            every_interface_confirmed=confirmed,
            tls_folder=default_folder() if self.tls.isChecked() else None,
        )
        self._starting = _Starting(location, options)
        self._job = Job(self._starting.run, self)
        self._job.finished.connect(self._started)
        self._job.failed.connect(self._not_started)
        self.start_button.setEnabled(False)
        self.status.setText(f"Starting on {address} port {options.port}…")
        self._job.start()
        return True

    def _started(self, server: TeamPagesServer) -> None:
        self._job = self._starting = None
        if self._closed:  # the game closed while the server was starting: shutdown stopped it
            return
        self.server = server
        self._unsubscribe = server.subscribe(self._relay.arrived.emit)
        self._show_links()
        self._show_state()
        self._timer.start()
        self.refresh_roster()
        self.serving.emit()

    def _not_started(self, message: str) -> None:
        self._job = self._starting = None
        self._show_state()
        if not self._closed:
            self._notifier.error(TITLE, message)
        self.refused.emit(message)

    def stop(self) -> None:
        """Stop serving; every link stops working."""
        self._timer.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self.server is not None:
            server, self.server = self.server, None
            server.stop()
        for card in self.cards.values():
            card.show_link("")
            card.link.setText("")
            card.qr.setText("")
            card.presence.setText("")
        self._show_state()

    def shutdown(self) -> None:
        """Stop serving and close (the game is closing), even a server still starting."""
        self._closed = True
        if self._starting is not None:
            self._starting.cancel()
        self.stop()
        self._session.changed.disconnect(self._changed_here)
        self.done(0)

    def _show_state(self) -> None:
        serving = self.server is not None
        self.start_button.setEnabled(not serving)
        self.stop_button.setEnabled(serving)
        self.save_button.setEnabled(serving)
        for widget in (self.address, self.port, self.tls):
            widget.setEnabled(not serving)
        for card in self.cards.values():
            card.reissue.setEnabled(serving)
            if not serving:
                card.copy.setEnabled(False)
                card.large.setEnabled(False)
                card.revoke.setEnabled(False)
        if self.server is None:
            self.status.setText("Off. Participants need only a browser on the same network.")
            return
        text = f"Serving at {self.server.base_url}. Give each team its own link."
        if self.server.certificate is not None:
            text += (
                " Browsers will warn about the self-signed certificate: the fingerprint "
                f"they show must read {self.server.certificate.fingerprint}"
            )
        self.status.setText(text)

    def _show_links(self) -> None:
        if self.server is None:
            return
        for team_id, card in self.cards.items():
            card.show_link(self.server.team_url(team_id))

    # ------------------------------------------------------------------ links

    def copy_link(self, team_id: str) -> None:
        """Put a team's link on the clipboard."""
        if self.server is not None:
            QGuiApplication.clipboard().setText(self.server.team_url(team_id))

    def revoke(self, team_id: str) -> None:
        """Stop a team's link (its open pages are told and closed)."""
        if self.server is not None:
            self.server.revoke(team_id)
            self._show_links()
            self.refresh_roster()

    def reissue(self, team_id: str) -> None:
        """Give a team a new link; the old one stops working."""
        if self.server is not None:
            self.server.reissue(team_id)
            self._show_links()
            self.refresh_roster()

    def show_large(self, team_id: str) -> QDialog | None:
        """A team's QR code full size, with its name and link, to show that team on a screen."""
        from wargame.web.qr import qr_png

        if self.server is None or not self.server.team_url(team_id):
            return None
        url = self.server.team_url(team_id)
        window = QDialog(self)
        window.setWindowTitle(f"{self._session.team_name(team_id)} — team page")
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        title = QLabel(self._session.team_name(team_id))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        title.setFont(font)
        code = QLabel()
        pixmap = QPixmap()
        pixmap.loadFromData(qr_png(url, scale=12), "PNG")
        code.setPixmap(pixmap)
        text = QLabel(url)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(window)
        for widget in (title, code, text):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        window.show()
        return window

    def save_codes(self) -> None:
        """Write each team's QR code (PNG and SVG) and links into a folder, for printing."""
        from wargame.web.qr import qr_png, qr_svg

        if self.server is None:
            return
        folder = self._notifier.choose_folder("Save QR codes", str(Path.home()))
        if not folder:
            return
        target = Path(folder)
        lines = []
        try:
            for team in self._session.scenario.teams:
                url = self.server.team_url(team.id)
                if not url:
                    continue
                (target / f"{team.id}.png").write_bytes(qr_png(url, scale=8))
                (target / f"{team.id}.svg").write_text(qr_svg(url), encoding="utf-8")
                lines.append(f"{team.name}: {url}")
            (target / "team-links.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        except OSError as exc:
            self._notifier.error(TITLE, f"cannot write the QR codes into {target}: {exc.strerror}")
            return
        self._session.say(sentence(f"QR codes of {len(lines)} teams saved in {target}"))

    # ------------------------------------------------------------------ the room

    def refresh_roster(self) -> None:
        """Show each team's devices and whether the turn waits on it."""
        if self.server is None:
            return
        if not self.server.running:
            self.stop()
            self.status.setText("The team pages stopped unexpectedly; start them again.")
            return
        now = dt.datetime.now(dt.UTC)
        for presence in self.server.presence():
            card = self.cards.get(presence.team_id)
            if card is not None:
                card.show_presence(presence, now)

    def _arrived(self, event: GameEvent) -> None:
        """A team page committed a change: refresh this window as for its own."""
        self._relaying = True
        try:
            self._session.relay_remote(event)
        finally:
            self._relaying = False
        self.refresh_roster()

    def _changed_here(self, _event: GameEvent) -> None:
        # A change the pages made themselves has already reached the pages it concerns.
        if self.server is not None and not self._relaying:
            self.server.notify_changed()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the dialog hides it; the pages keep being served until Stop."""
        event.accept()


class _Starting:
    """A server being started on a worker thread, which the dialog may give up on.

    If the game closes meanwhile, the dialog goes away before the worker reports back;
    whichever of the two comes second stops the server, so none is left running.
    """

    def __init__(self, location: Path, options: ServeOptions) -> None:
        self._location = location
        self._options = options
        self._lock = threading.Lock()
        self._cancelled = False
        self._server: TeamPagesServer | None = None

    def run(self) -> TeamPagesServer:
        """Open the game and start serving (on the worker); refusals as game errors."""
        from wargame.web.server import ServeRefused, TeamPagesServer

        try:
            server = TeamPagesServer(self._location, self._options)
            server.start()
        except ServeRefused as exc:
            raise GameError(str(exc)) from None
        with self._lock:
            self._server = server
            cancelled = self._cancelled
        if cancelled:
            server.stop()
        return server

    def cancel(self) -> None:
        """Give up: stop the server if it has started, or have the worker stop it."""
        with self._lock:
            self._cancelled = True
            server, self._server = self._server, None
        if server is not None:
            server.stop()


def _ago(seconds: int) -> str:
    if seconds < 5:
        return "just now"
    if seconds < 120:
        return f"{seconds} s ago"
    return f"{seconds // 60} min ago"
