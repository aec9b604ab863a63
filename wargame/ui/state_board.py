"""The state board: the escalation ladder, every track as a gauge with its history, red lines.

Everything here is public (the state of the world is what the room watches), so the same
board serves the facilitator's window, the hot-seat team entry and the projector. A red
line that becomes crossed flashes for a few seconds and the board says so through
:attr:`StateBoard.red_lines_crossed`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from wargame.game import GameEvent
from wargame.game.views import RedLineView, StateView
from wargame.scenario.model import Scenario
from wargame.ui.gauges import LadderWidget, TrackGauge
from wargame.ui.reflow import ColumnsLayout
from wargame.ui.session import GameSession
from wargame.ui.theme import RED_LINE, readable_on

FLASHES = 8
"""How many times a newly crossed red line flashes (twice a second)."""


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
        layout.addStretch(1)  # chips in a row share its height: the text stays on top
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
        fit: bool = False,
    ) -> None:
        """Build the board.

        Args:
            session: The open game.
            scale: Font scale (the projector's is larger).
            parent: The parent widget.
            white_cell: Add the scenario's control section: only on the white cell's own
                window, never on a team's screen or the projector.
            fit: Never scroll: the owner sizes the board to show all of it (the projector).
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
        self.ladder = LadderWidget(scale)
        self.escalation_gauge = TrackGauge(scale)
        self.gauges: dict[str, TrackGauge] = {}
        self.chips: dict[str, RedLineChip] = {}
        top = QWidget()
        columns = ColumnsLayout(int(190 * scale), top, spacing=12)
        for block in self._track_blocks():
            columns.addWidget(block)
        if columns.count():
            layout.addWidget(top)
        if self._scenario.red_lines:
            layout.addWidget(_section("Red lines", scale))
            lines = QWidget()
            grid = ColumnsLayout(int(190 * scale), lines)
            for line in self._scenario.red_lines:
                chip = RedLineChip(scale)
                self.chips[line.id] = chip
                grid.addWidget(chip)
            layout.addWidget(lines)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        if self._scenario.facts:
            layout.addWidget(_section("Facts", scale))
            layout.addWidget(self.facts)
        self.control = QLabel(_control_text(self._scenario) if white_cell else "")
        self.control.setWordWrap(True)
        for label in (self.facts, self.control):  # as large as the rest of the board's text
            font = label.font()
            font.setPointSizeF(font.pointSizeF() * scale)
            label.setFont(font)
        if self.control.text():
            layout.addWidget(_section("White cell only", scale))
            layout.addWidget(self.control)
        layout.addStretch(1)
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if fit:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        session.changed.connect(self._on_changed)
        self.refresh()

    def _track_blocks(self) -> list[QWidget]:
        """The ladder with its gauge, and the other tracks: side by side when there is room."""
        scale = self._scale
        escalation = self._scenario.escalation
        blocks = []
        if escalation is not None:
            block = QWidget()
            box = QVBoxLayout(block)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(4)
            box.addWidget(_section("Escalation ladder", scale))
            box.addWidget(self.ladder)
            box.addWidget(self.escalation_gauge)
            self.gauges[escalation.id] = self.escalation_gauge
            blocks.append(block)
        others = [t for t in self._scenario.tracks if t is not escalation]
        if others:
            block = QWidget()
            box = QVBoxLayout(block)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(4)
            box.addWidget(_section("Tracks", scale))
            grid = QWidget()
            gauges = ColumnsLayout(int(200 * scale), grid, spacing=10)
            for track in others:
                gauge = TrackGauge(scale)
                self.gauges[track.id] = gauge
                gauges.addWidget(gauge)
            box.addWidget(grid)
            blocks.append(block)
        return blocks

    def needed_height(self, width: int) -> int:
        """How tall the whole board is at ``width`` (the projector fits it to its screen)."""
        body = self.widget()
        return body.heightForWidth(width) if body is not None else 0

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
