"""The projector window: what the room sees — never anything secret.

Every read here goes through ``Viewer.public()``: the game layer's visibility rule
decides what the room may see, so sealed moves, notes, observations and team-only injects
never reach this window. It shows the turn, the phase timer, the public state board and
map, the released injects, and the turn's revealed moves with their outcomes.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QHideEvent,
    QKeyEvent,
    QResizeEvent,
    QScreen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from wargame.game import GameEvent, Viewer
from wargame.game.fog import state_seen
from wargame.rules.turns import turn_heading
from wargame.ui.elided import ElidedLabel
from wargame.ui.map_view import MapView
from wargame.ui.recap import recap_html
from wargame.ui.screen_fit import OWN_FIT
from wargame.ui.session import GameSession
from wargame.ui.state_board import StateBoard
from wargame.ui.theme import OUTCOME_COLOURS, readable
from wargame.ui.turn_bar import CountdownLabel, PhaseClock

SCALE = 1.35
"""How much larger than the desktop the projector's text is, before it is fitted."""
MIN_SCALE = 0.6
"""The smallest text the board shrinks to, against the desktop's."""
COMFORTABLE = 0.8
"""The smallest text before the board's column widens past 40% of the screen."""
MAP_SMALLEST = 0.8
"""The smallest tokens and names on the projector's map, against the desktop's."""
SHARES = (0.27, 0.33, 0.4, 0.47, 0.55)
"""The widths the board's column may take, as shares of the screen, narrowest first."""


class ProjectorWindow(QWidget):
    """The room's screen.

    Signals:
        shown_changed: The window was shown (True) or hidden (False), for the View menu's
            check mark.
        toggle_requested: F5 was pressed here: the main window hides it.
    """

    shown_changed = Signal(bool)
    toggle_requested = Signal()

    def __init__(
        self, session: GameSession, clock: PhaseClock, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self.viewer = Viewer.public()
        self._closed = False
        self.setWindowTitle("wargame — projector")
        self.setProperty(OWN_FIT, True)  # it fills its screen, full screen
        self._desktop_font = QFont(self.font())
        # Set explicitly, so that the board does not inherit the projector's larger font
        # and scale it a second time.
        self._desktop_font.setPointSizeF(self._desktop_font.pointSizeF())
        self.scale = SCALE
        """How much larger than the desktop the text is (fitted to the screen when shown)."""
        base = QFont(self.font())
        base.setPointSizeF(base.pointSizeF() * SCALE)
        self.setFont(base)
        summary = session.summary()
        self.title = QLabel(summary.title)
        big = QFont(base)
        big.setPointSizeF(base.pointSizeF() * 1.5)
        big.setBold(True)
        self.title.setFont(big)
        self.position = QLabel()
        self.position.setFont(big)
        self.date = QLabel()
        self.countdown = CountdownLabel(clock, point_size=base.pointSizeF() * 2.0)
        self.witness = ElidedLabel()  # fingerprint and dice commitment, for the room to note
        self.classification = QLabel(session.scenario.metadata.classification)
        self.classification.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.classification.setStyleSheet(
            "QLabel { background: #2e7d32; color: white; font-weight: bold; padding: 2px; }"
        )
        head = QHBoxLayout()
        head.addWidget(self.position)
        head.addSpacing(24)
        head.addWidget(self.date)
        head.addSpacing(24)
        # The game's title comes last and gives way first on a narrow screen.
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        head.addWidget(self.title, 1)
        head.addWidget(self.countdown)
        for part in (self.position, self.date, self.countdown):
            # Never wider than the screen, whatever the text's size: fit() picks the text
            # size at which the head line shows in full.
            part.setMinimumWidth(1)

        self.state_board = StateBoard(session, scale=SCALE, fit=True)
        self.state_board.setFont(self._desktop_font)
        self.map = MapView(session.scenario, read_only=True, scale=SCALE)
        self.injects = QTextBrowser()
        self.injects.setOpenLinks(False)
        self.moves = QTextBrowser()
        self.moves.setOpenLinks(False)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self._titled("Injects", self.injects))
        right.addWidget(self._titled("Moves and outcomes this turn", self.moves))
        splitter = QSplitter()
        splitter.addWidget(self.state_board)
        splitter.addWidget(self.map)
        self.map.setHidden(bool(self.map.problem))  # no map: the columns share its room
        splitter.addWidget(right)
        splitter.setSizes([470, 800, 530])
        layout = QVBoxLayout(self)
        layout.addWidget(self.classification)
        layout.addLayout(head)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.witness)
        self._splitter = splitter
        session.changed.connect(self._on_changed)
        self.refresh()

    def show_on(self, screen: QScreen) -> None:
        """Fill a screen, full screen; :meth:`fit` sizes the text to it."""
        self.setGeometry(screen.geometry())
        self.showFullScreen()

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new size (full screen, or a window after Escape): fit the board again."""
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        """Size the state board so that all of it shows, with the largest text that allows.

        The ladder, the tracks and the red lines are what the room reads, so they never
        scroll: the board is rebuilt at the largest scale (up to a comfortable one for the
        screen's height) at which it fits a column of the screen, widening its column (its
        tracks and red lines reflow into more columns) before it shrinks the text.
        """
        layout = self.layout()
        if layout is not None:
            layout.activate()
        width, height = self._splitter.width(), self._splitter.height()
        if width <= 0 or height <= 0:
            return
        share = self._fit_scale(width, height)
        self._rescale_map(max(MAP_SMALLEST, min(SCALE, self.scale)))
        board = int(width * (share or SHARES[-1]))
        rest = width - board
        room = 0 if self.map.isHidden() else int(rest * 0.64)
        self._splitter.setSizes([board, room, rest - room])
        if layout is not None:
            layout.activate()
        self._elide_title()

    def _rescale_map(self, scale: float) -> None:
        """Tokens and names on the map in step with the text (a small screen's map is small)."""
        if abs(scale - self.map.scale_factor) < 0.05 or self.map.problem:
            return
        view = MapView(self._session.scenario, read_only=True, scale=scale)
        old = self._splitter.replaceWidget(1, view)
        if old is not None:
            old.deleteLater()
        self.map = view
        self.refresh()

    def _elide_title(self) -> None:
        """The game's title, cut with an ellipsis where the head line has no room for it."""
        full = self._session.summary().title
        width = self.title.width()
        self.title.setText(
            self.title.fontMetrics().elidedText(full, Qt.TextElideMode.ElideRight, width)
            if width > 0
            else full
        )
        self.title.setToolTip(full)

    def _fit_scale(self, width: int, height: int) -> float | None:
        """Rebuild the board at the largest scale that fits; return its column's share.

        First the text may shrink to ``COMFORTABLE`` in a column of at most 40% of the
        screen (the map stays large enough to read); failing that, the column widens and
        the text shrinks down to ``MIN_SCALE``. None when even that does not fit.
        """
        wanted = max(MIN_SCALE, min(1.8, self.height() / 720))
        for widest, floor in ((0.4, COMFORTABLE), (SHARES[-1], MIN_SCALE)):
            scale = wanted
            while True:
                self._rescale(scale)
                board = self.state_board
                fits = (s for s in SHARES if s <= widest)
                share = next(
                    (s for s in fits if board.needed_height(int(width * s)) <= height), None
                )
                if share is not None and self._head_width() <= self.width():
                    return share
                if scale <= floor:
                    break
                scale = max(floor, scale * 0.92)
        return None

    def _head_width(self) -> int:
        """How wide the turn, the date and the clock are at the current text size."""
        parts = (self.position, self.date, self.countdown)
        return sum(p.sizeHint().width() for p in parts) + 48 + 40

    def _rescale(self, scale: float) -> None:
        """Text and the state board at ``scale`` times the desktop's size."""
        if abs(scale - self.scale) < 0.01:
            return
        self.scale = scale
        base = QFont(self._desktop_font)
        base.setPointSizeF(base.pointSizeF() * scale)
        self.setFont(base)
        big = QFont(base)
        big.setPointSizeF(base.pointSizeF() * 1.5)
        big.setBold(True)
        for label in (self.title, self.position):
            label.setFont(big)
        board = StateBoard(self._session, scale=scale, fit=True)
        board.setFont(self._desktop_font)
        old = self._splitter.replaceWidget(0, board)
        if old is not None:
            old.deleteLater()
        self.state_board = board
        self.refresh()

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape leaves full screen; F5 hides the projector, as in the main window."""
        if event.key() == Qt.Key.Key_Escape:
            self.leave_full_screen()
        elif event.key() == Qt.Key.Key_F5:
            self.toggle_requested.emit()
        else:
            super().keyPressEvent(event)

    def leave_full_screen(self) -> None:
        """Escape: a normal window on the same screen."""
        if self.isFullScreen():
            self.showNormal()

    @override
    def showEvent(self, event: QShowEvent) -> None:
        """Tell the View menu."""
        super().showEvent(event)
        self.shown_changed.emit(True)

    @override
    def hideEvent(self, event: QHideEvent) -> None:
        """Tell the View menu."""
        super().hideEvent(event)
        self.shown_changed.emit(False)

    @staticmethod
    def _titled(title: str, widget: QWidget) -> QWidget:
        box = QWidget()
        label = QLabel(title)
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(widget, 1)
        return box

    def _on_changed(self, event: GameEvent) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Re-read the public view."""
        session = self._session
        summary = session.summary()
        plan = session.scenario.turn_plan
        clock = session.scenario.metadata.clock
        if summary.status == "setup":
            self.position.setText("Starting soon")
            self.date.setText("")
        else:
            ended = " · game over" if summary.status == "ended" else ""
            self.position.setText(
                f"Turn {summary.turn} of {plan.turns} · {summary.phase_name or ''}{ended}"
            )
            self.date.setText(turn_heading(clock, max(1, summary.turn)))
        self.witness.setText(summary.witness())
        state = state_seen(session.scenario, session.state(), self.viewer)
        owners = {a.id: a for a in session.scenario.actors}
        self.map.set_state(
            state,
            {k: QColor(a.colour) for k, a in owners.items()},
            {k: a.name for k, a in owners.items()},
        )
        e = html.escape
        injects = [i for i in session.injects(self.viewer) if not i.voided]
        self.injects.setHtml(
            "".join(
                f"<p><b>{e(i.title)}</b> <span style='color:gray'>· turn {i.turn}</span>"
                f"<br>{e(i.text)}</p>"
                for i in reversed(injects)
            )
            or "<p style='color:gray'>No injects yet.</p>"
        )
        turn = summary.turn
        moves = [
            m for m in session.moves(self.viewer, turn) if not m.voided and m.status != "withdrawn"
        ]
        outcomes = {
            a.move_id: a
            for a in session.adjudications(self.viewer, turn)
            if not a.voided and a.move_id
        }
        questions = [
            a
            for a in session.adjudications(self.viewer, turn)
            if not a.voided and a.move_id is None
        ]
        parts = []
        for move in moves:
            colour = session.team_colour(move.team_id).name()
            ruling = outcomes.get(move.id)
            outcome = ""
            if ruling is not None:
                oc = readable(OUTCOME_COLOURS.get(ruling.outcome, QColor("gray")))
                outcome = (
                    f"<br><b style='color:{oc.name() if oc else 'gray'}'>"
                    f"{e(ruling.outcome.upper())}</b> "
                    f"{e(ruling.narrative)}"
                )
            parts.append(
                f"<p><b style='color:{colour}'>■</b> "
                f"<b>{e(session.team_name(move.team_id))}: {e(move.title)}</b>"
                f"<br>{e(move.action)}{outcome}</p>"
            )
        for ruling in questions:
            oc = readable(OUTCOME_COLOURS.get(ruling.outcome, QColor("gray")))
            parts.append(
                f"<p><b>Open question</b> — <b style='color:{oc.name() if oc else 'gray'}'>"
                f"{e(ruling.outcome.upper())}</b> {e(ruling.narrative)}</p>"
            )
        self.moves.setHtml("".join(parts) or recap_html(session, self.viewer, turn))

    def texts(self) -> list[str]:
        """Every text this window shows, for checking that nothing secret is among them."""
        out: list[str] = []
        for label in self.findChildren(QLabel):
            out.extend((label.text(), label.toolTip()))
        for browser in self.findChildren(QTextBrowser):
            out.append(browser.toPlainText())
        out.extend(self.state_board.texts())
        for item in self.map.scene().items():
            out.append(item.toolTip())
        return out

    def force_close(self) -> None:
        """Close for good (the game is being closed); safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._session.changed.disconnect(self._on_changed)
        self.close()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing only hides it; F5 brings it back."""
        super().closeEvent(event)
