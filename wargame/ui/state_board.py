"""The state board: the escalation ladder, every track as a gauge with its history, red lines.

Everything here is public (the state of the world is what the room watches), so the same
board serves the facilitator's window, the hot-seat team entry and the projector. A red
line that becomes crossed flashes for a few seconds and the board says so through
:attr:`StateBoard.red_lines_crossed`.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from wargame.game import GameEvent
from wargame.game.views import RedLineView, StateView, TrackView
from wargame.scenario.model import Scenario, Track
from wargame.ui.session import GameSession
from wargame.ui.theme import RED_LINE, readable_on

FLASHES = 8
"""How many times a newly crossed red line flashes (twice a second)."""


def level_colour(value: int, low: int, high: int) -> QColor:
    """Green at the bottom of a range, through amber, to red at the top."""
    t = 0.0 if high <= low else (value - low) / (high - low)
    return QColor.fromHsvF(max(0.0, 0.33 * (1 - t)), 0.7, 0.85)


class TrackGauge(QWidget):
    """One track: name, value within its bounds as a bar, and its history by turn."""

    def __init__(self, scale: float = 1.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._track: TrackView | None = None
        self._description = ""
        self._scale = scale
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

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
        self.update()

    def text(self) -> str:
        """What the gauge says, in words (also for tests and screen readers)."""
        if self._track is None:
            return ""
        return f"{self._track.name}: {self._track.value} of {self._track.max}"

    @override
    def sizeHint(self) -> QSize:
        """Room for a name line, a bar and a sparkline."""
        return QSize(int(240 * self._scale), int(62 * self._scale))

    @override
    def minimumSizeHint(self) -> QSize:
        """Same height as the hint, narrower width."""
        return QSize(int(140 * self._scale), int(62 * self._scale))

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
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * s)
        p.setFont(font)
        metrics = p.fontMetrics()
        line = metrics.height()
        value_text = f"{t.value} / {t.max}"
        value_w = metrics.horizontalAdvance(value_text) + 4
        p.setPen(text)
        name = metrics.elidedText(t.name, Qt.TextElideMode.ElideRight, int(w - value_w - 8))
        p.drawText(QRectF(2, 0, w - value_w - 4, line), Qt.AlignmentFlag.AlignLeft, name)
        bold = QFont(font)
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(
            QRectF(w - value_w - 2, 0, value_w, line), Qt.AlignmentFlag.AlignRight, value_text
        )

        bar = QRectF(2, line + 3 * s, w - 4, 12 * s)
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

        spark = QRectF(2, bar.bottom() + 5 * s, w - 4, self.height() - bar.bottom() - 7 * s)
        history = list(t.history)
        if len(history) >= 2 and spark.height() > 4:
            first, last = history[0][0], history[-1][0]
            # The trend is labelled with its first and last turn, e.g. "T1" … "T6".
            small = QFont(font)
            small.setPointSizeF(font.pointSizeF() * 0.75)
            p.setFont(small)
            p.setPen(text)
            label_w = p.fontMetrics().horizontalAdvance(f"T{last}") + 4
            p.drawText(
                QRectF(0, spark.top(), label_w, spark.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"T{first}",
            )
            p.drawText(
                QRectF(w - label_w, spark.top(), label_w, spark.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"T{last}",
            )
            spark = spark.adjusted(label_w, 0, -label_w, 0)
            turns = max(1, last - first)
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
        p.end()


class LadderWidget(QWidget):
    """The escalation ladder, top rung first, the current rung highlighted."""

    def __init__(self, scale: float = 1.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scale = scale
        self._track: Track | None = None
        self._value = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

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
        self.setMinimumHeight(self._row_height() * len(track.rungs) + 4)
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return int((self.fontMetrics().height() + 8) * self._scale)

    @override
    def sizeHint(self) -> QSize:
        """One row per rung."""
        rows = len(self._track.rungs) if self._track else 1
        return QSize(int(240 * self._scale), self._row_height() * rows + 4)

    def current_rung(self) -> str:
        """The current rung's name ('' below the first)."""
        if self._track is None:
            return ""
        rung = self._track.rung_at(self._value)
        return rung.name if rung else ""

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the rungs."""
        if self._track is None:
            return
        track = self._track
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * self._scale)
        p.setFont(font)
        row_h = self._row_height()
        current = track.rung_at(self._value)
        for i, rung in enumerate(reversed(track.rungs)):
            rect = QRectF(2, 2 + i * row_h, self.width() - 4, row_h - 3)
            colour = level_colour(rung.level, track.min, track.max)
            is_current = current is not None and rung.level == current.level
            reached = rung.level <= self._value
            if is_current:
                p.setPen(QPen(pal.color(QPalette.ColorRole.WindowText), 2))
                p.setBrush(colour)
            else:
                p.setPen(QPen(colour, 1))
                fill = QColor(colour)
                fill.setAlphaF(0.35 if reached else 0.08)
                p.setBrush(fill)
            p.drawRoundedRect(rect, 4, 4)
            fg = readable_on(colour) if is_current else pal.color(QPalette.ColorRole.WindowText)
            p.setPen(fg)
            bold = QFont(font)
            bold.setBold(is_current)
            p.setFont(bold)
            label = f"{rung.level}  {rung.name}"
            room = rect.width() - 12
            if is_current:
                marker = "◀ now"
                marker_w = p.fontMetrics().horizontalAdvance(marker) + 8
                if p.fontMetrics().horizontalAdvance(label) + marker_w + 12 <= room:
                    p.drawText(
                        rect.adjusted(0, 0, -8, 0),
                        Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                        marker,
                    )
                    room -= marker_w
            elided = p.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, int(room))
            p.drawText(
                rect.adjusted(8, 0, -4, 0),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                elided,
            )
        p.end()


class RedLineChip(QFrame):
    """A declared red line: its name, who declared it, and whether it has been crossed."""

    def __init__(self, scale: float = 1.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scale = scale
        self._crossed = False
        self._flash_on = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(1)
        self.name_label = QLabel()
        self.name_label.setWordWrap(True)
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * scale)
        font.setBold(True)
        self.name_label.setFont(font)
        self.status_label = QLabel()
        small = self.status_label.font()
        small.setPointSizeF(small.pointSizeF() * scale * 0.92)
        self.status_label.setFont(small)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.name_label)
        layout.addWidget(self.status_label)
        self._apply_style()

    def set_red_line(self, line: RedLineView, declared_by: str, description: str) -> None:
        """Show a red line's status."""
        self._crossed = line.crossed
        self.name_label.setText(line.name)
        if line.crossed:
            when = f" in turn {line.first_crossed_turn}" if line.first_crossed_turn else ""
            self.status_label.setText(f"CROSSED{when} · declared by {declared_by}")
        else:
            self.status_label.setText(f"Holding · declared by {declared_by}")
        self.setToolTip(description)
        self._apply_style()

    @property
    def crossed(self) -> bool:
        """True once crossed."""
        return self._crossed

    def flash(self, on: bool) -> None:
        """Switch the flash highlight."""
        self._flash_on = on
        self._apply_style()

    def _apply_style(self) -> None:
        if self._crossed:
            bg = RED_LINE.lighter(125) if self._flash_on else RED_LINE
            fg = readable_on(bg)
            self.setStyleSheet(
                f"RedLineChip {{ background: {bg.name()};"
                f" border: 2px solid {RED_LINE.darker(140).name()};"
                f" border-radius: 6px; }} QLabel {{ color: {fg.name()}; background: transparent; }}"
            )
        else:
            self.setStyleSheet(
                f"RedLineChip {{ border: 2px dashed {RED_LINE.name()}; border-radius: 6px; }}"
                " QLabel { background: transparent; }"
            )


def _control_text(scenario: Scenario) -> str:
    """The scenario's control section for the white cell's own board ("" when empty)."""
    control = scenario.control
    parts = []
    if control.ground_truth:
        parts.append(f"Ground truth: {control.ground_truth}")
    if control.guidance:
        parts.append(f"Guidance: {control.guidance}")
    parts += [f"Note: {note}" for note in control.notes]
    return "\n\n".join(p.strip() for p in parts)


def _section(title: str, scale: float) -> QLabel:
    label = QLabel(title)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale * 1.05)
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 8, 0, 2)
    return label


class StateBoard(QScrollArea):
    """Escalation ladder, track gauges and red lines, refreshed from the game's changes.

    Signals:
        red_lines_crossed: Names of red lines that became crossed since the last refresh.
    """

    red_lines_crossed = Signal(list)

    def __init__(
        self,
        session: GameSession,
        scale: float = 1.0,
        parent: QWidget | None = None,
        *,
        white_cell: bool = False,
    ) -> None:
        """Build the board.

        Args:
            session: The open game.
            scale: Font scale (the projector's is larger).
            parent: The parent widget.
            white_cell: Add the scenario's control section: only on the white cell's own
                window, never on a team's screen or the projector.
        """
        super().__init__(parent)
        self._session = session
        self._scenario: Scenario = session.scenario
        self._scale = scale
        self._crossed: set[str] | None = None
        self._flashing: list[RedLineChip] = []
        self._flashes_left = 0
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(500)
        self._flash_timer.timeout.connect(self._flash_step)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.setSpacing(4)
        escalation = self._scenario.escalation
        self.ladder = LadderWidget(scale)
        self.gauges: dict[str, TrackGauge] = {}
        self.escalation_gauge = TrackGauge(scale)
        if escalation is not None:
            layout.addWidget(_section("Escalation ladder", scale))
            layout.addWidget(self.ladder)
            layout.addWidget(self.escalation_gauge)
            self.gauges[escalation.id] = self.escalation_gauge
        others = [t for t in self._scenario.tracks if t is not escalation]
        if others:
            layout.addWidget(_section("Tracks", scale))
        for track in others:
            gauge = TrackGauge(scale)
            self.gauges[track.id] = gauge
            layout.addWidget(gauge)
        self.chips: dict[str, RedLineChip] = {}
        if self._scenario.red_lines:
            layout.addWidget(_section("Red lines", scale))
        for line in self._scenario.red_lines:
            chip = RedLineChip(scale)
            self.chips[line.id] = chip
            layout.addWidget(chip)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        if self._scenario.facts:
            layout.addWidget(_section("Facts", scale))
            layout.addWidget(self.facts)
        self.control = QLabel(_control_text(self._scenario) if white_cell else "")
        self.control.setWordWrap(True)
        if self.control.text():
            layout.addWidget(_section("White cell only", scale))
            layout.addWidget(self.control)
        layout.addStretch(1)
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        session.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, event: GameEvent) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Show the state now."""
        self.set_state(self._session.state())

    def set_state(self, state: StateView) -> None:
        """Show a state; flash red lines crossed since the last one shown."""
        scenario = self._scenario
        for track in state.tracks:
            gauge = self.gauges.get(str(track.id))
            if gauge is not None:
                gauge.set_track(track, scenario.track(str(track.id)).description)
        escalation = scenario.escalation
        if escalation is not None:
            self.ladder.set_ladder(escalation, state.track(escalation.id).value)
        established = set(state.facts)
        self.facts.setText(
            "\n".join(("● " if f.id in established else "○ ") + f.text for f in scenario.facts)
        )
        crossed_now = {line.id for line in state.red_lines if line.crossed}
        for line in state.red_lines:
            declared = scenario.red_line(line.id)
            try:
                by = scenario.actor(declared.declared_by).name
            except KeyError:
                by = declared.declared_by
            consequence = (
                f"\nDeclared consequence: {declared.declared_consequence}"
                if declared.declared_consequence
                else ""
            )
            self.chips[line.id].set_red_line(line, by, declared.description + consequence)
        if self._crossed is not None:
            new = [line.name for line in state.red_lines if line.id in crossed_now - self._crossed]
            if new:
                self._start_flash([self.chips[i] for i in crossed_now - self._crossed])
                self.red_lines_crossed.emit(new)
        self._crossed = crossed_now

    def _start_flash(self, chips: list[RedLineChip]) -> None:
        self._flashing = chips
        self._flashes_left = FLASHES * 2
        self._flash_timer.start()
        self._flash_step()

    def _flash_step(self) -> None:
        self._flashes_left -= 1
        on = self._flashes_left % 2 == 1 and self._flashes_left > 0
        for chip in self._flashing:
            chip.flash(on)
        if self._flashes_left <= 0:
            self._flash_timer.stop()

    @property
    def flashing(self) -> bool:
        """True while a newly crossed red line flashes."""
        return self._flash_timer.isActive()

    def texts(self) -> list[str]:
        """Everything the board says, in words."""
        out = [self.ladder.current_rung()]
        out.extend(g.text() for g in self.gauges.values())
        for chip in self.chips.values():
            out.extend((chip.name_label.text(), chip.status_label.text()))
        return out
