"""Replay: the game as it stood after any entry of the log, read-only.

A turn selector jumps to the end of a turn; a scrubber steps through every log entry; the
map, the tracks, the red lines and the log show the state right after the selected entry.
Nothing here changes the game's state: the only writes are bookmarks and annotations on
log entries, which the game keeps in the record (:meth:`Game.annotate`).
"""

from __future__ import annotations

import html
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from wargame.game import Game, GameError, Viewer
from wargame.game.analysis_views import AnnotationView
from wargame.game.cases.analysis import AnnotationRequest
from wargame.game.replay import Moment, ReplayQueries
from wargame.game.views import StateView
from wargame.ui.forms import TextDialog
from wargame.ui.map_view import MapView
from wargame.ui.notifier import DialogNotifier
from wargame.ui.screen_fit import OWN_FIT

if TYPE_CHECKING:
    from wargame.ui.main_window import MainWindow

_ANNOTATE_AS = {
    "move": "move",
    "adjudication": "adjudication",
    "effect": "effect",
    "inject": "inject_release",
    "observation": "observation",
    "note": "note",
}
"""The record kind a log entry is annotated as (phases carry no annotation)."""


def _timeline() -> QListWidget:
    """The log's entries, each wrapped to the column's width: none is cut at the right edge.

    A laptop's screen leaves the column a third of the window; an entry too long for one
    line (a move's title, a void's reason, an analyst's annotation) goes on over the next.
    """
    log = QListWidget()
    log.setAccessibleName("Log")
    log.setWordWrap(True)
    log.setTextElideMode(Qt.TextElideMode.ElideNone)
    log.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    log.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap when the column changes width
    log.setUniformItemSizes(False)
    return log


class ReplayWindow(QWidget):
    """The state after any log entry, with a turn selector, a scrubber and bookmarks."""

    def __init__(self, game: Game, analyst_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"wargame — replay of {game.queries().summary().title}")
        self._game = game
        self._analyst = analyst_id
        self._viewer = Viewer.facilitator(analyst_id)
        self._replay = ReplayQueries(game)
        self.moments: tuple[Moment, ...] = self._replay.moments(self._viewer)
        self.state: StateView | None = None

        self.turns = QComboBox()
        self.turns.setAccessibleName("Turn")
        last = max((mo.turn for mo in self.moments), default=0)
        self.turns.addItem("Start", 0)
        for turn in range(1, last + 1):
            self.turns.addItem(f"End of turn {turn}", turn)
        self.turns.activated.connect(lambda i: self.show_turn(int(self.turns.itemData(i))))
        self.scrubber = QSlider(Qt.Orientation.Horizontal)
        self.scrubber.setAccessibleName("Log position")
        self.scrubber.setRange(0, max(len(self.moments) - 1, 0))
        self.scrubber.valueChanged.connect(self.show_moment)
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.bookmark_button = QPushButton("Bookmark")
        self.bookmark_button.clicked.connect(lambda: self.annotate(None))
        self.annotate_button = QPushButton("Annotate…")
        self.annotate_button.clicked.connect(self._ask_annotation)
        head = QHBoxLayout()
        head.addWidget(QLabel("Replay:"))
        head.addWidget(self.turns)
        head.addWidget(self.scrubber, 1)
        head.addWidget(self.bookmark_button)
        head.addWidget(self.annotate_button)

        self.map = MapView(game.scenario, read_only=True)
        self.board = QTextBrowser()
        self.board.setAccessibleName("Tracks and red lines")
        self.log = _timeline()
        self.log.currentRowChanged.connect(self.scrubber.setValue)
        splitter = QSplitter()
        splitter.addWidget(self.board)
        splitter.addWidget(self.map)
        splitter.addWidget(self.log)
        splitter.setSizes([330, 760, 430])
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.where)
        layout.addWidget(splitter, 1)
        self._fill_log()
        self.resize(1600, 1000)
        self.show_moment(self.scrubber.value())

    # ------------------------------------------------------------------ navigation

    def show_turn(self, turn: int) -> None:
        """Jump to the end of ``turn`` (0: the start, before any log entry)."""
        index = max((i for i, mo in enumerate(self.moments) if mo.turn <= turn), default=0)
        self.turns.setCurrentIndex(self.turns.findData(turn))
        if self.scrubber.value() == index:
            self.show_moment(index)
        self.scrubber.setValue(index)

    def show_moment(self, index: int) -> None:
        """Show the state right after the log entry at ``index``."""
        if not self.moments:
            self.where.setText("Nothing has happened in this game yet.")
            self._show(self._replay.state_at(self._game.queries().summary().created_at))
            return
        moment = self.moments[index]
        self.where.setText(
            f"After entry {index + 1} of {len(self.moments)} · turn {moment.turn} · "
            f"{moment.at:%H:%M:%S} UTC · {moment.label}"
        )
        if self.log.currentRow() != index:
            self.log.setCurrentRow(index)
        self.turns.setCurrentIndex(max(self.turns.findData(moment.turn), 0))
        annotatable = moment.kind in _ANNOTATE_AS
        self.bookmark_button.setEnabled(annotatable)
        self.annotate_button.setEnabled(annotatable)
        self._show(self._replay.state_after(moment))

    def _show(self, state: StateView) -> None:
        self.state = state
        actors = {a.id: a for a in self._game.scenario.actors}
        self.map.set_state(
            state,
            {k: QColor(a.colour) for k, a in actors.items()},
            {k: a.name for k, a in actors.items()},
        )
        e = html.escape
        rows = "".join(
            f"<tr><td>{e(t.name)}</td><td align='right'><b>{t.value}</b></td>"
            f"<td>{e(t.rung_name or '')}</td></tr>"
            for t in state.tracks
        )
        lines = "".join(
            f"<li>{e(r.name)}: "
            + (
                f"<b style='color:#b3261e'>crossed in turn {r.first_crossed_turn}</b>"
                if r.crossed
                else "held"
            )
            + "</li>"
            for r in state.red_lines
        )
        self.board.setHtml(
            f"<h3>Tracks</h3><table cellpadding='2'>{rows}</table>"
            f"<h3>Red lines</h3><ul>{lines or '<li>none declared</li>'}</ul>"
        )

    # ------------------------------------------------------------------ the log and notes

    def _fill_log(self) -> None:
        notes: dict[tuple[str, int], list[AnnotationView]] = {}
        for note in self._game.analysis().annotations(self._viewer):
            notes.setdefault((note.entity, note.entity_id), []).append(note)
        self.log.blockSignals(True)
        row = self.log.currentRow()
        self.log.clear()
        for moment in self.moments:
            marks = notes.get((_ANNOTATE_AS.get(moment.kind, ""), moment.record_id), [])
            text = f"T{moment.turn}  {moment.label}"
            if moment.void_reason is not None:
                reason = moment.void_reason or "no reason given"
                text = f"T{moment.turn}  ✕ {moment.label}  (void: {reason})"
            if any(n.kind == "bookmark" for n in marks):
                text = "★ " + text
            for note in marks:
                if note.text:
                    text += f"\n    ✎ {note.text} — {note.author}"
            item = QListWidgetItem(text, self.log)
            # The tooltip gives the whole of an observation or note the label only starts.
            item.setToolTip(text.replace(moment.label, moment.whole, 1) if moment.whole else text)
        self.log.setCurrentRow(row if row >= 0 else self.scrubber.value())
        self.log.blockSignals(False)

    def annotate(self, text: str | None) -> bool:
        """Bookmark (no text) or annotate the entry shown; kept in the game's record."""
        moment = self.moments[self.scrubber.value()] if self.moments else None
        if moment is None or moment.kind not in _ANNOTATE_AS:
            return False
        request = AnnotationRequest(
            self._analyst, _ANNOTATE_AS[moment.kind], moment.record_id, text
        )
        try:
            self._game.annotate(request)
        except GameError as exc:
            self.where.setText(str(exc))
            return False
        self._fill_log()
        return True

    def _ask_annotation(self) -> TextDialog:
        """Ask for an annotation on the entry shown; Escape with words typed asks first."""
        dialog = TextDialog(
            "Annotate",
            "Annotation on this entry:",
            DialogNotifier().confirm,
            self,
            words="an annotation",
        )
        dialog.submit = lambda: "" if self.annotate(dialog.value()) else self.where.text()
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def log_texts(self) -> list[str]:
        """The log's rows as shown (for tests)."""
        return [self.log.item(i).text() for i in range(self.log.count())]


def replay_screenshot(game: Game, analyst_id: int, turn: int, target: Path) -> bool:
    """Render the replay at the end of ``turn`` offscreen and save it as PNG."""
    window = ReplayWindow(game, analyst_id)
    window.setProperty(OWN_FIT, True)  # an image at the window's own size, not the screen's
    window.show_turn(turn)
    window.show()
    for _ in range(3):
        QCoreApplication.processEvents()
    window.map.fit()
    QCoreApplication.processEvents()
    ok = window.grab().save(str(target), "PNG")
    window.close()
    window.deleteLater()
    return ok


def screenshot_replay(window: MainWindow, turn: int, target: Path) -> int:
    """``wargame gui GAME --turn N --screenshot PNG``: render the replay at turn N; exit code."""
    session = window.session
    if session is None:
        return 1
    if not replay_screenshot(session.game, session.facilitator_id, turn, target):
        sys.stderr.write(f"wargame: could not write {target}\n")
        return 1
    sys.stdout.write(f"wrote {target}\n")
    sys.stdout.flush()
    window.close()
    return 0


def open_replay(window: MainWindow, turn: int | None = None) -> ReplayWindow | None:
    """Open the replay of the window's game (at the end of ``turn``, or at the latest entry)."""
    session = window.session
    if session is None:
        return None
    replay = ReplayWindow(session.game, session.facilitator_id)
    replay.setParent(window, Qt.WindowType.Window)  # the main window keeps it alive
    replay.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if turn is not None:
        replay.show_turn(turn)
    replay.show()
    return replay


def open_replay_when_loaded(window: MainWindow, path: Path, turn: int) -> None:
    """``wargame gui GAME --turn N``: open the game, then its replay at the end of turn N."""
    window.show()
    if window.open_game(path):
        open_replay(window, turn)
