"""Hosting a game shared over PostgreSQL, and handing out its join strings.

:class:`HostDialog` asks for the database, the scenario and the facilitator, runs
:func:`~wargame.game.sharing.host_game` off the UI thread and hands back the
:class:`~wargame.game.sharing.HostedGame`; :class:`JoinStringsDialog` shows one join string
per team to copy or save as text.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from wargame.game.sharing import HostedGame, host_game
from wargame.ui.catalogue import catalogue
from wargame.ui.notifier import Notifier, sentence
from wargame.ui.shared_game import join_shared
from wargame.ui.theme import ALERT, readable_on
from wargame.ui.workers import Job

if TYPE_CHECKING:
    from wargame.ui.main_window import MainWindow

URL_PLACEHOLDER = "postgresql://wargame_host:password@localhost:5432/wargame"


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
