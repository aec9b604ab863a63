"""Charts of the tracks over the game: the escalation ladder and the other indicators.

The escalation chart puts the ladder's rungs up the side, the turns along the bottom,
the level reached at the end of each turn as a line, each red line that is a threshold
on the ladder as a dashed red line, and the turn in which each red line was first
crossed as a numbered red marker. The other tracks get one small chart each, with
their own thresholds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors

from wargame.game.views import StateView
from wargame.report.fonts import BOLD, REGULAR
from wargame.report.styles import ACCENT, INK, MUTED, PANEL, RED, RULE
from wargame.report.text import fit, plain
from wargame.scenario import Scenario
from wargame.scenario.model import TrackAtLeast, TrackAtMost

RED_LINE_DASH = [3, 2]


@dataclass(frozen=True)
class Threshold:
    """A red line's trigger on a track: the level, and whether it is a floor or a ceiling."""

    number: int
    name: str
    level: int
    at_least: bool


def red_line_numbers(scenario: Scenario) -> dict[str, int]:
    """Each red line's number on the charts: its 1-based place in the scenario."""
    return {r.id: i for i, r in enumerate(scenario.red_lines, start=1)}


def thresholds(scenario: Scenario, track_id: str) -> list[Threshold]:
    """The red lines that are triggered by a level of this track."""
    numbers = red_line_numbers(scenario)
    out = []
    for line in scenario.red_lines:
        for trigger in line.triggers:
            if isinstance(trigger, TrackAtLeast | TrackAtMost) and trigger.track == track_id:
                out.append(
                    Threshold(
                        numbers[line.id],
                        line.name,
                        trigger.level,
                        isinstance(trigger, TrackAtLeast),
                    )
                )
    return out


def _values(states: Sequence[StateView], track_id: str) -> list[tuple[int, int]]:
    out = []
    for state in states:
        for track in state.tracks:
            if track.id == track_id:
                out.append((state.turn, track.value))
    return out


def _turn_label(turn: int) -> str:
    return "Start" if turn == 0 else f"T{turn}"


@dataclass(frozen=True)
class _Axes:
    """The plot area of a track chart: turns along the bottom, the track's levels up the side."""

    left: float
    right: float
    bottom: float
    top: float
    turns: int
    low: int
    span: int

    @classmethod
    def of(
        cls,
        box: tuple[float, float, float, float],
        values: Sequence[tuple[int, int]],
        low: int,
        high: int,
    ) -> _Axes:
        """Axes over ``box`` (left, right, bottom, top) for a track from ``low`` to ``high``."""
        turns = max(max((t for t, _ in values), default=0), 1)
        return cls(*box, turns=turns, low=low, span=max(high - low, 1))

    def xy(self, turn: float, level: float) -> tuple[float, float]:
        """Where a level in a turn is drawn."""
        return (
            self.left + (self.right - self.left) * turn / self.turns,
            self.bottom + (self.top - self.bottom) * (level - self.low) / self.span,
        )

    def y(self, level: float) -> float:
        """The height of a level."""
        return self.xy(0, level)[1]

    def panel(self, drawing: Drawing) -> None:
        """The plot area's background."""
        drawing.add(
            Rect(
                self.left,
                self.bottom,
                self.right - self.left,
                self.top - self.bottom,
                fillColor=PANEL,
                strokeColor=None,
            )
        )

    def frame(self, drawing: Drawing, colour: colors.Color) -> None:
        """The plot area's border, drawn last so nothing covers it."""
        drawing.add(
            Rect(
                self.left,
                self.bottom,
                self.right - self.left,
                self.top - self.bottom,
                fillColor=None,
                strokeColor=colour,
                strokeWidth=0.5,
            )
        )

    def threshold_line(self, drawing: Drawing, level: int, width: float) -> float:
        """A dashed red line across the plot at a red line's level; returns its height."""
        y = self.y(level)
        drawing.add(
            Line(
                self.left,
                y,
                self.right,
                y,
                strokeColor=RED,
                strokeWidth=width,
                strokeDashArray=RED_LINE_DASH,
            )
        )
        return y

    def level_line(self, drawing: Drawing, values: Sequence[tuple[int, int]], width: float) -> None:
        """The track's level at the end of each turn, joined up."""
        points: list[float] = []
        for turn, value in values:
            points.extend(self.xy(turn, value))
        if len(points) >= 4:
            drawing.add(PolyLine(points, strokeColor=ACCENT, strokeWidth=width))


def _text(
    drawing: Drawing,
    x: float,
    y: float,
    text: str,
    *,
    size: float,
    colour: colors.Color,
    font: str = REGULAR,
    anchor: str = "start",
) -> None:
    drawing.add(
        String(x, y, text, fontName=font, fontSize=size, fillColor=colour, textAnchor=anchor)
    )


def escalation_chart(
    scenario: Scenario, states: Sequence[StateView], *, width: float, height: float = 250
) -> Drawing:
    """The escalation ladder's level at the end of each turn, with red lines and crossings."""
    track = scenario.escalation
    if track is None:
        return Drawing(width, 0)
    values = _values(states, track.id)
    label_room = min(175.0, width * 0.36)
    axes = _Axes.of((label_room + 6, width - 8, 24.0, height - 8), values, track.min, track.max)
    drawing = Drawing(width, height, initialFontName=REGULAR, initialFontSize=7)
    axes.panel(drawing)
    _rungs(drawing, axes, {r.level: r.name for r in track.rungs}, track.max, label_room)
    _turn_ticks(drawing, axes)
    _ladder_red_lines(drawing, axes, thresholds(scenario, track.id), values)
    axes.level_line(drawing, values, 1.8)
    for turn, value in values:
        x, y = axes.xy(turn, value)
        drawing.add(Circle(x, y, 2.4, fillColor=ACCENT, strokeColor=colors.white, strokeWidth=0.6))
        _text(drawing, x, y + 4.5, str(value), size=6.5, colour=ACCENT, font=BOLD, anchor="middle")
    _crossings(drawing, scenario, states, values, axes)
    axes.frame(drawing, MUTED)
    return drawing


def _rungs(
    drawing: Drawing, axes: _Axes, rungs: dict[int, str], high: int, label_room: float
) -> None:
    """Gridlines every step; labels on every rung (or every step when a ladder is sparse)."""
    span = axes.span
    step = 1 if span <= 12 else max(1, span // 10)
    levels = sorted(set(range(axes.low, high + 1, step)) | set(rungs))
    for level in levels:
        y = axes.y(level)
        drawing.add(Line(axes.left, y, axes.right, y, strokeColor=RULE, strokeWidth=0.4))
        name = rungs.get(level, "")
        if rungs and not name and span > 12:
            continue
        text = f"{level}  {plain(name)}" if name else str(level)
        label = fit(text, REGULAR, 6.3, label_room - 4)
        _text(drawing, axes.left - 5, y - 2.2, label, size=6.3, colour=INK, anchor="end")


def _turn_ticks(drawing: Drawing, axes: _Axes) -> None:
    """The escalation chart's turn axis: a tick per turn, a label every few, a caption."""
    bottom = axes.bottom
    label_every = max(1, axes.turns // 12)
    for turn in range(axes.turns + 1):
        x, _ = axes.xy(turn, axes.low)
        drawing.add(Line(x, bottom, x, bottom - 3, strokeColor=MUTED, strokeWidth=0.5))
        if turn % label_every == 0:
            label = _turn_label(turn)
            _text(drawing, x, bottom - 11, label, size=6.5, colour=INK, anchor="middle")
    caption = "Turn (level at the end of each turn)"
    middle = (axes.left + axes.right) / 2
    _text(drawing, middle, 2, caption, size=6.5, colour=MUTED, anchor="middle")


def _ladder_red_lines(
    drawing: Drawing,
    axes: _Axes,
    found: Sequence[Threshold],
    values: Sequence[tuple[int, int]],
) -> None:
    """Each red line on the ladder, labelled on the half of the chart the level stays clear of."""
    by_level: dict[int, list[Threshold]] = {}
    for threshold in found:
        by_level.setdefault(threshold.level, []).append(threshold)
    turns = axes.turns
    for level, group in sorted(by_level.items()):
        y = axes.threshold_line(drawing, level, 0.9)
        text = "; ".join(f"{t.number} {plain(t.name)}" for t in group)
        text = ("red line " if len(group) == 1 else "red lines ") + text
        early = [v for t, v in values if t <= turns * 0.5]
        late = [v for t, v in values if t >= turns * 0.5]
        on_left = all(v < level - 0.3 or v > level + 1 for v in early) or not all(
            v < level - 0.3 or v > level + 1 for v in late
        )
        _text(
            drawing,
            axes.left + 3 if on_left else axes.right - 3,
            y + 2,
            fit(text, REGULAR, 6, (axes.right - axes.left) / 2 - 6),
            size=6,
            colour=RED,
            anchor="start" if on_left else "end",
        )


def _crossings(
    drawing: Drawing,
    scenario: Scenario,
    states: Sequence[StateView],
    values: Sequence[tuple[int, int]],
    axes: _Axes,
) -> None:
    if not states:
        return
    numbers = red_line_numbers(scenario)
    level_at = dict(values)
    stacked: dict[int, int] = {}
    for line in states[-1].red_lines:
        turn = line.first_crossed_turn
        if turn is None or turn not in level_at:
            continue
        slot = stacked.get(turn, 0)
        stacked[turn] = slot + 1
        x, y = axes.xy(turn, level_at[turn])
        y -= 9 + slot * 11
        drawing.add(
            Polygon(
                [x, y + 5, x + 5, y, x, y - 5, x - 5, y],
                fillColor=RED,
                strokeColor=colors.white,
                strokeWidth=0.6,
            )
        )
        number = str(numbers.get(line.id, "?"))
        _text(
            drawing, x, y - 2.2, number, size=5.8, colour=colors.white, font=BOLD, anchor="middle"
        )


def track_chart(
    scenario: Scenario,
    track_id: str,
    states: Sequence[StateView],
    *,
    width: float,
    height: float = 92,
) -> Drawing:
    """A small chart of one indicator track over the turns, with its thresholds."""
    track = scenario.track(track_id)
    values = _values(states, track_id)
    axes = _Axes.of((18.0, width - 6, 14.0, height - 20), values, track.min, track.max)
    drawing = Drawing(width, height, initialFontName=REGULAR, initialFontSize=7)
    title = fit(plain(track.name), BOLD, 7, width)
    _text(drawing, 0, height - 9, title, size=7, colour=INK, font=BOLD)
    axes.panel(drawing)
    for level in (track.min, track.max):
        label = str(level)
        _text(
            drawing, axes.left - 3, axes.y(level) - 2, label, size=5.8, colour=MUTED, anchor="end"
        )
    for threshold in thresholds(scenario, track_id):
        y = axes.threshold_line(drawing, threshold.level, 0.7)
        label = f"red line {threshold.number}"
        _text(drawing, axes.right - 2, y + 1.5, label, size=5.2, colour=RED, anchor="end")
    axes.level_line(drawing, values, 1.3)
    for index, (turn, value) in enumerate(values):
        x, y = axes.xy(turn, value)
        drawing.add(Circle(x, y, 1.6, fillColor=ACCENT, strokeColor=None))
        if index in (0, len(values) - 1) or value != values[index - 1][1]:
            _text(drawing, x, y + 3.2, str(value), size=5.6, colour=ACCENT, anchor="middle")
    label_every = max(1, axes.turns // 6)
    for turn in range(0, axes.turns + 1, label_every):
        x, _ = axes.xy(turn, axes.low)
        label = _turn_label(turn)
        _text(drawing, x, axes.bottom - 8, label, size=5.4, colour=MUTED, anchor="middle")
    axes.frame(drawing, RULE)
    return drawing
