"""The state board's drawn parts: a track's gauge and the escalation ladder.

Both wrap long names instead of cutting them off, and both answer ``heightForWidth``: a
narrower column makes them taller, which is how the projector finds the largest text at
which the whole board fits its screen.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget
from typing_extensions import override

from wargame.game.views import TrackView
from wargame.scenario.model import Track
from wargame.ui.theme import readable_on

WRAP = Qt.TextFlag.TextWordWrap
MARKER = "◀ now"


def level_colour(value: int, low: int, high: int) -> QColor:
    """Green at the bottom of a range, through amber, to red at the top."""
    t = 0.0 if high <= low else (value - low) / (high - low)
    return QColor.fromHsvF(max(0.0, 0.33 * (1 - t)), 0.7, 0.85)


def _wrapped_height(font: QFont, text: str, width: int) -> int:
    metrics = QFontMetrics(font)
    rect = metrics.boundingRect(QRect(0, 0, max(1, width), 1 << 16), int(WRAP), text)
    return max(metrics.height(), rect.height())


class _Scaled(QWidget):
    """A widget drawn at ``scale`` times its font, whose height follows its width."""

    def __init__(self, scale: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scale = scale
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def scaled_font(self, *, bold: bool = False) -> QFont:
        """The widget's font at its scale."""
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * self._scale)
        font.setBold(bold)
        return font

    @override
    def hasHeightForWidth(self) -> bool:
        """Yes: long names wrap."""
        return True

    @override
    def sizeHint(self) -> QSize:
        """A comfortable width, and the height at that width."""
        width = int(240 * self._scale)
        return QSize(width, self.heightForWidth(width))

    @override
    def minimumSizeHint(self) -> QSize:
        """Narrower, taller."""
        width = int(140 * self._scale)
        return QSize(width, self.heightForWidth(width))


class TrackGauge(_Scaled):
    """One track: name, value within its bounds as a bar, and its history by turn."""

    def __init__(self, scale: float = 1.0, parent: QWidget | None = None) -> None:
        super().__init__(scale, parent)
        self._track: TrackView | None = None
        self._description = ""

    def set_track(self, track: TrackView, description: str | None) -> None:
        """Show a track."""
        self._track = track
        self._description = description or ""
        history = ", ".join(f"T{t}: {v}" for t, v in track.history)
        self.setToolTip(
            f"{track.name}: {track.value} ({track.min}–{track.max})\n"
            f"{self._description}\n{history}".strip()
        )
        self.setAccessibleName(f"{track.name} {track.value}")
        self.updateGeometry()
        self.update()

    def text(self) -> str:
        """What the gauge says, in words (also for tests and screen readers)."""
        if self._track is None:
            return ""
        return f"{self._track.name}: {self._track.value} of {self._track.max}"

    def _value_text(self) -> str:
        return f"{self._track.value} / {self._track.max}" if self._track else ""

    def _name_room(self, width: int) -> int:
        bold = QFontMetrics(self.scaled_font(bold=True))
        return width - bold.horizontalAdvance(self._value_text()) - 12

    @override
    def heightForWidth(self, width: int) -> int:
        """The name (wrapped), the bar and the sparkline."""
        name = self._track.name if self._track else "Track"
        trend = self._track is None or len(self._track.history) >= 2
        # The bar, and the trend line under it once there are two turns to draw.
        below = 44 if trend else 20
        return _wrapped_height(self.scaled_font(), name, self._name_room(width)) + int(
            below * self._scale
        )

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw name and value, the bar, and the sparkline of the history."""
        if self._track is None:
            return
        t = self._track
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        w = self.width()
        s = self._scale
        font = self.scaled_font()
        room = self._name_room(w)
        name_h = _wrapped_height(font, t.name, room)
        p.setFont(font)
        p.setPen(text)
        p.drawText(QRectF(2, 0, room, name_h), int(WRAP | Qt.AlignmentFlag.AlignLeft), t.name)
        p.setFont(self.scaled_font(bold=True))
        p.drawText(
            QRectF(room + 4, 0, w - room - 6, p.fontMetrics().height()),
            Qt.AlignmentFlag.AlignRight,
            self._value_text(),
        )
        bar = QRectF(2, name_h + 3 * s, w - 4, 12 * s)
        self._paint_bar(p, bar)
        spark = QRectF(2, bar.bottom() + 5 * s, w - 4, self.height() - bar.bottom() - 7 * s)
        if len(t.history) >= 2 and spark.height() > 4:
            self._paint_trend(p, spark, font)
        p.end()

    def _paint_bar(self, p: QPainter, bar: QRectF) -> None:
        assert self._track is not None
        t, s, pal = self._track, self._scale, self.palette()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(pal.color(QPalette.ColorRole.Base))
        p.drawRoundedRect(bar, 4 * s, 4 * s)
        span = max(1, t.max - t.min)
        filled = QRectF(bar.left(), bar.top(), bar.width() * (t.value - t.min) / span, bar.height())
        p.setBrush(level_colour(t.value, t.min, t.max))
        p.drawRoundedRect(filled, 4 * s, 4 * s)
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(bar, 4 * s, 4 * s)
        if span <= 20:
            for k in range(1, span):
                x = bar.left() + bar.width() * k / span
                p.drawLine(QPointF(x, bar.bottom() - 3 * s), QPointF(x, bar.bottom()))

    def _paint_trend(self, p: QPainter, spark: QRectF, font: QFont) -> None:
        """The history as a line, labelled with its first and last turn ("T1" … "T6")."""
        assert self._track is not None
        t, s, pal = self._track, self._scale, self.palette()
        history = list(t.history)
        first, last = history[0][0], history[-1][0]
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.75)
        p.setFont(small)
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        label_w = p.fontMetrics().horizontalAdvance(f"T{last}") + 4
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        p.drawText(QRectF(0, spark.top(), label_w, spark.height()), left, f"T{first}")
        p.drawText(
            QRectF(self.width() - label_w, spark.top(), label_w, spark.height()), right, f"T{last}"
        )
        spark = spark.adjusted(label_w, 0, -label_w, 0)
        turns = max(1, last - first)
        span = max(1, t.max - t.min)
        points = [
            QPointF(
                spark.left() + spark.width() * (turn - first) / turns,
                spark.bottom() - spark.height() * (value - t.min) / span,
            )
            for turn, value in history
        ]
        p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 1.6 * s))
        for a, b in itertools.pairwise(points):
            p.drawLine(a, b)
        p.setBrush(pal.color(QPalette.ColorRole.Highlight))
        for point in points:
            p.drawEllipse(point, 2.2 * s, 2.2 * s)


class LadderWidget(_Scaled):
    """The escalation ladder, top rung first, the current rung highlighted."""

    def __init__(self, scale: float = 1.0, parent: QWidget | None = None) -> None:
        super().__init__(scale, parent)
        self._track: Track | None = None
        self._value = 0

    def set_ladder(self, track: Track, value: int) -> None:
        """Show the ladder at a level."""
        self._track = track
        self._value = value
        rung = track.rung_at(value)
        now = f"'{rung.name}'" if rung else "below the first rung"
        self.setToolTip(
            f"{track.name}: level {value}, rung {now}\n"
            + "\n".join(f"{r.level}. {r.name} — {r.description}" for r in reversed(track.rungs))
        )
        self.updateGeometry()
        self.update()

    def current_rung(self) -> str:
        """The current rung's name ('' below the first)."""
        if self._track is None:
            return ""
        rung = self._track.rung_at(self._value)
        return rung.name if rung else ""

    def _rows(self, width: int) -> list[tuple[str, bool, int]]:
        """Each rung top first: its label, whether it is current, and its row's height."""
        if self._track is None:
            return []
        current = self._track.rung_at(self._value)
        pad = int(8 * self._scale)
        marker_w = QFontMetrics(self.scaled_font(bold=True)).horizontalAdvance(MARKER) + 8
        rows = []
        for rung in reversed(self._track.rungs):
            now = current is not None and rung.level == current.level
            room = width - 16 - (marker_w if now else 0)
            label = f"{rung.level}  {rung.name}"
            rows.append(
                (label, now, _wrapped_height(self.scaled_font(bold=now), label, room) + pad)
            )
        return rows

    @override
    def heightForWidth(self, width: int) -> int:
        """One row per rung, taller where a rung's name wraps."""
        return sum(h for _, _, h in self._rows(width)) + 4

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the rungs."""
        if self._track is None:
            return
        track = self._track
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        marker_w = QFontMetrics(self.scaled_font(bold=True)).horizontalAdvance(MARKER) + 8
        y = 2
        for (label, now, height), rung in zip(
            self._rows(self.width()), reversed(track.rungs), strict=True
        ):
            rect = QRectF(2, y, self.width() - 4, height - 3)
            y += height
            colour = level_colour(rung.level, track.min, track.max)
            if now:
                p.setPen(QPen(pal.color(QPalette.ColorRole.WindowText), 2))
                p.setBrush(colour)
            else:
                p.setPen(QPen(colour, 1))
                fill = QColor(colour)
                fill.setAlphaF(0.35 if rung.level <= self._value else 0.08)
                p.setBrush(fill)
            p.drawRoundedRect(rect, 4, 4)
            p.setPen(readable_on(colour) if now else pal.color(QPalette.ColorRole.WindowText))
            p.setFont(self.scaled_font(bold=now))
            middle = Qt.AlignmentFlag.AlignVCenter
            if now:
                p.drawText(rect.adjusted(0, 0, -8, 0), middle | Qt.AlignmentFlag.AlignRight, MARKER)
            text_rect = rect.adjusted(8, 0, -4 - (marker_w if now else 0), 0)
            p.drawText(text_rect, int(WRAP | middle | Qt.AlignmentFlag.AlignLeft), label)
        p.end()
