"""The start page: recent games, the scenarios to start a new one from, New and Open.

Shown when no game is open. When the app was started for a scenario (``wargame gui
--scenario NAME``) and a game of that scenario was opened recently, the page offers to
continue it before starting a new one.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from wargame.ui.catalogue import ScenarioEntry, catalogue
from wargame.ui.delegates import SUBTITLE_ROLE, TwoLineDelegate
from wargame.ui.settings import AppSettings, RecentGame
from wargame.ui.theme import ALERT, readable

PATH_ROLE = Qt.ItemDataRole.UserRole + 20


def scenario_html(entry: ScenarioEntry) -> str:
    """A scenario's summary for the start page and the wizard (escaped)."""
    e = html.escape
    if entry.loaded is None:
        return (
            f"<h3>{e(entry.path.name)}</h3><p style='color:{readable(ALERT).name()}'>"
            f"<b>This scenario does not "
            f"validate:</b></p><pre>{e(entry.problem or '')}</pre>"
        )
    s = entry.loaded.scenario
    meta = s.metadata
    teams = ", ".join(f"{e(t.name)}" for t in s.teams)
    return (
        f"<h3>{e(meta.title)}</h3>"
        f"<p><i>{e(meta.author)} · version {e(meta.version)} · {e(meta.classification)}</i></p>"
        f"<p>{e(meta.summary)}</p>"
        f"<p><b>Teams:</b> {teams}<br>"
        f"<b>Turns:</b> {s.turn_plan.turns} of {e(meta.clock.described)} · "
        f"<b>Phases:</b> {', '.join(e(p.name) for p in s.turn_plan.phases)}<br>"
        f"<b>Red lines:</b> {len(s.red_lines)} · <b>Units:</b> {len(s.units)} · "
        f"<b>Injects:</b> {len(s.injects)}<br>"
        f"<b>Adjudication:</b> {', '.join(m.value for m in s.adjudication.methods)}</p>"
        f"<p style='color:gray'>{e(str(entry.path))}</p>"
    )


class StartPage(QWidget):
    """Recent games and scenarios.

    Signals:
        open_requested: Open this game file.
        open_dialog_requested: Ask for a game file to open.
        new_game_requested: Start the wizard on this scenario file ('' for none chosen).
        host_requested: Host a game on a shared PostgreSQL database.
        join_requested: Join a shared game with a join string.
    """

    open_requested = Signal(str)
    open_dialog_requested = Signal()
    new_game_requested = Signal(str)
    host_requested = Signal()
    join_requested = Signal()

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._offered_scenario: str | None = None
        title = QLabel("wargame")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        title.setFont(font)
        tagline = QLabel("Run political-military seminar and matrix wargames.")
        self.offer = QFrame()
        self.offer.setFrameShape(QFrame.Shape.StyledPanel)
        self.offer_label = QLabel()
        self.offer_label.setWordWrap(True)
        self.continue_button = QPushButton("Continue")
        self.continue_button.clicked.connect(self._continue)
        self.fresh_button = QPushButton("New game of this scenario…")
        self.fresh_button.clicked.connect(
            lambda: self.new_game_requested.emit(self._offered_path or "")
        )
        offer_row = QHBoxLayout(self.offer)
        offer_row.addWidget(self.offer_label, 1)
        offer_row.addWidget(self.continue_button)
        offer_row.addWidget(self.fresh_button)
        self.offer.hide()
        self._offered_game: RecentGame | None = None
        self._offered_path: str | None = None

        self.recent = QListWidget()
        self.recent.setItemDelegate(TwoLineDelegate(self.recent))
        self.recent.itemActivated.connect(self._open_recent)
        self.recent.setAccessibleName("Recent games")
        self.scenarios = QListWidget()
        self.scenarios.setItemDelegate(TwoLineDelegate(self.scenarios))
        self.scenarios.itemActivated.connect(
            lambda item: self.new_game_requested.emit(str(item.data(PATH_ROLE)))
        )
        self.scenarios.currentItemChanged.connect(
            lambda current, _previous: self._show_scenario(current)
        )
        self.scenarios.setAccessibleName("Scenarios")
        self.summary = QTextBrowser()
        self.summary.setOpenLinks(False)
        self._entries: dict[str, ScenarioEntry] = {}

        new_button = QPushButton("New game…")
        new_button.setToolTip("Start a new game from the selected scenario (Ctrl+N)")
        new_button.clicked.connect(self._new_from_selection)
        new_button.setDefault(True)
        open_button = QPushButton("Open game…")
        open_button.setToolTip("Open a *.wargame file (Ctrl+O)")
        open_button.clicked.connect(self.open_dialog_requested)
        self.host_button = QPushButton("Host on a shared database…")
        self.host_button.setToolTip("Create a game that the teams play from their own laptops")
        self.host_button.clicked.connect(self.host_requested)
        self.join_button = QPushButton("Join a shared game…")
        self.join_button.setToolTip("Open a shared game with the join string you were given")
        self.join_button.clicked.connect(self.join_requested)
        for button in (new_button, open_button):
            button.setMinimumHeight(button.sizeHint().height() + 8)
            button.setMinimumWidth(150)

        heading = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(title)
        titles.addWidget(tagline)
        heading.addLayout(titles, 1)
        heading.addWidget(open_button)
        heading.addWidget(new_button)
        left = QVBoxLayout()
        left.addWidget(self._heading("Recent games"))
        left.addWidget(self.recent, 1)
        right = QVBoxLayout()
        right.addWidget(self._heading("Scenarios"))
        right.addWidget(self.scenarios, 1)
        right.addWidget(self.summary, 2)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addSpacing(16)
        columns.addLayout(right, 3)
        body = QWidget()
        body.setMaximumWidth(1280)
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(heading)
        shared_row = QHBoxLayout()
        shared_row.addStretch(1)
        shared_row.addWidget(self.host_button)
        shared_row.addWidget(self.join_button)
        inner.addLayout(shared_row)
        inner.addSpacing(8)
        inner.addWidget(self.offer)
        inner.addLayout(columns, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addStretch(0)
        layout.addWidget(body, 1)
        layout.addStretch(0)
        self.refresh()

    @staticmethod
    def _heading(text: str) -> QLabel:
        label = QLabel(text)
        font = label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        label.setFont(font)
        return label

    def refresh(self) -> None:
        """Re-read the recent games and the scenario folders."""
        self.recent.clear()
        for game in self._settings.recent_games():
            item = QListWidgetItem(game.title)
            item.setData(SUBTITLE_ROLE, f"{game.path} · opened {game.opened_at.replace('T', ' ')}")
            item.setData(PATH_ROLE, game.path)
            item.setToolTip(
                f"{game.path}\nscenario {game.scenario_id} · last opened {game.opened_at}"
            )
            if not game.exists:
                item.setText(f"{game.title} (missing)")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.recent.addItem(item)
        if self.recent.count() == 0:
            item = QListWidgetItem("No recent games yet")
            item.setData(SUBTITLE_ROLE, "Start one from a scenario on the right.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(item)
        self.scenarios.clear()
        self._entries = {}
        for entry in catalogue():
            self._entries[str(entry.path)] = entry
            label = entry.title if entry.ok else f"⚠ {entry.path.name} (does not validate)"
            item = QListWidgetItem(label)
            item.setData(SUBTITLE_ROLE, f"{entry.origin} · {entry.path.name}")
            item.setData(PATH_ROLE, str(entry.path))
            item.setToolTip(
                entry.problem or (entry.loaded.scenario.metadata.summary if entry.loaded else "")
            )
            self.scenarios.addItem(item)
        if self.scenarios.count():
            self.scenarios.setCurrentRow(0)

    def _show_scenario(self, item: QListWidgetItem | None) -> None:
        if item is None:
            self.summary.clear()
            return
        entry = self._entries.get(str(item.data(PATH_ROLE)))
        if entry is not None:
            self.summary.setHtml(scenario_html(entry))

    def _new_from_selection(self) -> None:
        item = self.scenarios.currentItem()
        self.new_game_requested.emit(str(item.data(PATH_ROLE)) if item else "")

    def _open_recent(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if path:
            self.open_requested.emit(str(path))

    def offer_scenario(self, entry: ScenarioEntry) -> bool:
        """Offer to continue a recent game of this scenario; False if there is none."""
        self._offered_path = str(entry.path)
        for row in range(self.scenarios.count()):
            item = self.scenarios.item(row)
            if Path(str(item.data(PATH_ROLE))).resolve() == entry.path.resolve():
                self.scenarios.setCurrentRow(row)
        recent = [
            g
            for g in self._settings.recent_games()
            if g.scenario_id == entry.scenario_id and g.exists
        ]
        if not recent:
            self.offer.hide()
            return False
        game = recent[0]
        self._offered_game = game
        self.offer_label.setText(
            f"<b>{html.escape(game.title)}</b> — a game of “{html.escape(entry.title)}” "
            "you opened on "
            f"{html.escape(game.opened_at.replace('T', ' '))}.<br>{html.escape(game.path)}"
        )
        self.continue_button.setText("Continue this game")
        self.offer.show()
        return True

    def _continue(self) -> None:
        if self._offered_game is not None:
            self.open_requested.emit(self._offered_game.path)
