"""Dice on screen: six-sided dice with pips, others as numbered tiles, and the odds bar.

Purely display. A digital roll is decided by the game's seed before it is shown; the
short tumbling of faces before it settles is decoration, not randomness that counts.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget
from typing_extensions import override

from wargame.ui.theme import OUTCOME_COLOURS, readable_on

_PIPS = {
    1: [(0.5, 0.5)],
    2: [(0.25, 0.25), (0.75, 0.75)],
    3: [(0.25, 0.25), (0.5, 0.5), (0.75, 0.75)],
    4: [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)],
    5: [(0.25, 0.25), (0.75, 0.25), (0.5, 0.5), (0.25, 0.75), (0.75, 0.75)],
    6: [(0.25, 0.2), (0.75, 0.2), (0.25, 0.5), (0.75, 0.5), (0.25, 0.8), (0.75, 0.8)],
}


class DiceWidget(QWidget):
    """Shows dice faces; :meth:`roll_to` tumbles them briefly and settles on the given faces.

    Signals:
        settled: The dice show their final faces.
    """

    settled = Signal()
    frames = 7
    """How many tumbling frames before the dice settle (0: settle at once)."""

    def __init__(self, size: int = 54, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._size = size
        self._sides = 6
        self._faces: tuple[int, ...] = ()
        self._final: tuple[int, ...] = ()
        self._left = 0
        self._source = ""
        self._timer = QTimer(self)
        self._timer.setInterval(55)
        self._timer.timeout.connect(self._tumble)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Dice")

    @override
    def sizeHint(self) -> QSize:
        """Room for a row of dice."""
        return QSize(self._size * 3, self._size + 12)

    def clear(self, sides: int = 6) -> None:
        """No dice shown."""
        self._timer.stop()
        self._sides = sides
        self._faces = self._final = ()
        self.update()

    def roll_to(self, faces: tuple[int, ...], sides: int, source: str = "digital") -> None:
        """Tumble, then show ``faces``."""
        self._sides = sides
        self._final = tuple(faces)
        self._source = source
        self._left = self.frames
        if self._left <= 0:
            self._faces = self._final
            self.update()
            self.settled.emit()
            return
        self._tumble()
        self._timer.start()

    def show_faces(self, faces: tuple[int, ...], sides: int, source: str = "physical") -> None:
        """Show faces at once (typed-in dice)."""
        self._timer.stop()
        self._sides = sides
        self._faces = self._final = tuple(faces)
        self._source = source
        self.update()

    @property
    def faces(self) -> tuple[int, ...]:
        """The faces shown (final once settled)."""
        return self._faces

    @property
    def rolling(self) -> bool:
        """True while tumbling."""
        return self._timer.isActive()

    def _tumble(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self._timer.stop()
            self._faces = self._final
            self.update()
            self.settled.emit()
            return
        # Decoration only: these faces are never recorded.
        self._faces = tuple(random.randint(1, self._sides) for _ in self._final)
        self.update()

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw each die."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = float(self._size)
        gap = 10.0
        total_w = len(self._faces) * s + max(0, len(self._faces) - 1) * gap
        x = (self.width() - total_w) / 2
        y = 6.0
        if not self._faces:
            p.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No dice rolled yet")
            p.end()
            return
        for face in self._faces:
            rect = QRectF(x, y, s, s)
            p.setPen(QPen(QColor(60, 60, 60), 1.5))
            p.setBrush(
                QColor(250, 250, 246) if self._source != "physical" else QColor(255, 244, 214)
            )
            p.drawRoundedRect(rect, s * 0.16, s * 0.16)
            if self._sides == 6 and 1 <= face <= 6:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor(30, 30, 30))
                for fx, fy in _PIPS[face]:
                    p.drawEllipse(QPointF(x + fx * s, y + fy * s), s * 0.085, s * 0.085)
            else:
                font = QFont(self.font())
                font.setPixelSize(int(s * (0.45 if face < 100 else 0.36)))
                font.setBold(True)
                p.setFont(font)
                p.setPen(QColor(30, 30, 30))
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(face))
            x += s + gap
        p.end()


OUTCOMES = ("success", "partial", "failure")
"""The outcomes, best first, as the game layer names them."""


class OddsBar(QWidget):
    """The chance of success, partial success and failure as one bar with percentages.

    Below the bar a legend names every outcome with its chance, so a segment too narrow for
    its name is never an unlabelled percentage.
    """

    BAR = 26

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._odds: dict[str, float] = {}
        self.setMinimumHeight(self.BAR + self.fontMetrics().height() + 4)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_odds(self, odds: Mapping[str, float] | None) -> None:
        """Show these chances, keyed by outcome (None: nothing to show)."""
        self._odds = dict(odds or {})
        self.setToolTip(self.text())
        self.setAccessibleDescription(self.text())
        self.update()

    def text(self) -> str:
        """The chances in words."""
        return (
            " · ".join(f"{o} {self._odds.get(o, 0) * 100:.0f}%" for o in OUTCOMES)
            if self._odds
            else ""
        )

    @override
    def sizeHint(self) -> QSize:
        """A wide, short bar with its legend."""
        return QSize(300, self.BAR + self.fontMetrics().height() + 4)

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        """Three segments with their percentages."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(1, 1, self.width() - 2, self.BAR - 2)
        if not self._odds:
            p.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "Odds show once the inputs are set")
            p.end()
            return
        x = rect.left()
        for outcome in OUTCOMES:
            share = self._odds.get(outcome, 0.0)
            if share <= 0:
                continue
            w = rect.width() * share
            segment = QRectF(x, rect.top(), w, rect.height())
            colour = OUTCOME_COLOURS[outcome]
            p.fillRect(segment, colour)
            label = f"{outcome} {share * 100:.0f}%"
            if p.fontMetrics().horizontalAdvance(label) > w - 4:
                label = outcome[0].upper()  # the legend below gives its name and chance
            if p.fontMetrics().horizontalAdvance(label) <= w - 2:
                p.setPen(readable_on(colour))
                p.drawText(segment, Qt.AlignmentFlag.AlignCenter, label)
            x += w
        legend = QRectF(1, self.BAR, self.width() - 2, self.height() - self.BAR)
        p.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        p.drawText(legend, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.text())
        p.end()
