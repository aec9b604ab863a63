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


def escalation_chart(
    scenario: Scenario, states: Sequence[StateView], *, width: float, height: float = 250
) -> Drawing:
    """The escalation ladder's level at the end of each turn, with red lines and crossings."""
    track = scenario.escalation
    if track is None:
        return Drawing(width, 0)
    values = _values(states, track.id)
    last_turn = max((t for t, _ in values), default=0)
    turns = max(last_turn, 1)
    label_room = min(175.0, width * 0.36)
    left, right = label_room + 6, width - 8
    bottom, top = 24.0, height - 8
    span = max(track.max - track.min, 1)

    def xy(turn: float, level: float) -> tuple[float, float]:
        return (
            left + (right - left) * turn / turns,
            bottom + (top - bottom) * (level - track.min) / span,
        )

    drawing = Drawing(width, height, initialFontName=REGULAR, initialFontSize=7)
    drawing.add(Rect(left, bottom, right - left, top - bottom, fillColor=PANEL, strokeColor=None))
    rungs = {r.level: r.name for r in track.rungs}
    step = 1 if span <= 12 else max(1, span // 10)
    # Gridlines every step; labels on every rung (or every step when a ladder is sparse).
    levels = sorted(set(range(track.min, track.max + 1, step)) | set(rungs))
    for level in levels:
        _, y = xy(0, level)
        drawing.add(Line(left, y, right, y, strokeColor=RULE, strokeWidth=0.4))
        name = rungs.get(level, "")
        if rungs and not name and span > 12:
            continue
        text = f"{level}  {plain(name)}" if name else str(level)
        drawing.add(
            String(
                left - 5,
                y - 2.2,
                fit(text, REGULAR, 6.3, label_room - 4),
                fontName=REGULAR,
                fontSize=6.3,
                fillColor=INK,
                textAnchor="end",
            )
        )
    label_every = max(1, turns // 12)
    for turn in range(turns + 1):
        x, _ = xy(turn, track.min)
        drawing.add(Line(x, bottom, x, bottom - 3, strokeColor=MUTED, strokeWidth=0.5))
        if turn % label_every == 0:
            drawing.add(
                String(
                    x,
                    bottom - 11,
                    _turn_label(turn),
                    fontName=REGULAR,
                    fontSize=6.5,
                    fillColor=INK,
                    textAnchor="middle",
                )
            )
    drawing.add(
        String(
            (left + right) / 2,
            2,
            "Turn (level at the end of each turn)",
            fontName=REGULAR,
            fontSize=6.5,
            fillColor=MUTED,
            textAnchor="middle",
        )
    )
    by_level: dict[int, list[Threshold]] = {}
    for threshold in thresholds(scenario, track.id):
        by_level.setdefault(threshold.level, []).append(threshold)
    for level, group in sorted(by_level.items()):
        _, y = xy(0, level)
        drawing.add(
            Line(left, y, right, y, strokeColor=RED, strokeWidth=0.9, strokeDashArray=RED_LINE_DASH)
        )
        text = "; ".join(f"{t.number} {plain(t.name)}" for t in group)
        text = ("red line " if len(group) == 1 else "red lines ") + text
        # The label goes on whichever half of the chart the line stays clear of.
        early = [v for t, v in values if t <= turns * 0.5]
        late = [v for t, v in values if t >= turns * 0.5]
        on_left = all(v < level - 0.3 or v > level + 1 for v in early) or not all(
            v < level - 0.3 or v > level + 1 for v in late
        )
        drawing.add(
            String(
                left + 3 if on_left else right - 3,
                y + 2,
                fit(text, REGULAR, 6, (right - left) / 2 - 6),
                fontName=REGULAR,
                fontSize=6,
                fillColor=RED,
                textAnchor="start" if on_left else "end",
            )
        )
    points: list[float] = []
    for turn, value in values:
        points.extend(xy(turn, value))
    if len(points) >= 4:
        drawing.add(PolyLine(points, strokeColor=ACCENT, strokeWidth=1.8))
    for turn, value in values:
        x, y = xy(turn, value)
        drawing.add(Circle(x, y, 2.4, fillColor=ACCENT, strokeColor=colors.white, strokeWidth=0.6))
        drawing.add(
            String(
                x,
                y + 4.5,
                str(value),
                fontName=BOLD,
                fontSize=6.5,
                fillColor=ACCENT,
                textAnchor="middle",
            )
        )
    _crossings(drawing, scenario, states, values, xy)
    drawing.add(
        Rect(
            left,
            bottom,
            right - left,
            top - bottom,
            fillColor=None,
            strokeColor=MUTED,
            strokeWidth=0.5,
        )
    )
    return drawing


def _crossings(
    drawing: Drawing,
    scenario: Scenario,
    states: Sequence[StateView],
    values: Sequence[tuple[int, int]],
    xy: object,
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
        x, y = xy(turn, level_at[turn])  # type: ignore[operator]
        y -= 9 + slot * 11
        drawing.add(
            Polygon(
                [x, y + 5, x + 5, y, x, y - 5, x - 5, y],
                fillColor=RED,
                strokeColor=colors.white,
                strokeWidth=0.6,
            )
        )
        drawing.add(
            String(
                x,
                y - 2.2,
                str(numbers.get(line.id, "?")),
                fontName=BOLD,
                fontSize=5.8,
                fillColor=colors.white,
                textAnchor="middle",
            )
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
    turns = max(max((t for t, _ in values), default=0), 1)
    left, right = 18.0, width - 6
    bottom, top = 14.0, height - 20
    span = max(track.max - track.min, 1)

    def xy(turn: float, level: float) -> tuple[float, float]:
        return (
            left + (right - left) * turn / turns,
            bottom + (top - bottom) * (level - track.min) / span,
        )

    drawing = Drawing(width, height, initialFontName=REGULAR, initialFontSize=7)
    drawing.add(
        String(
            0,
            height - 9,
            fit(plain(track.name), BOLD, 7, width),
            fontName=BOLD,
            fontSize=7,
            fillColor=INK,
        )
    )
    drawing.add(Rect(left, bottom, right - left, top - bottom, fillColor=PANEL, strokeColor=None))
    for level in (track.min, track.max):
        _, y = xy(0, level)
        drawing.add(
            String(
                left - 3,
                y - 2,
                str(level),
                fontName=REGULAR,
                fontSize=5.8,
                fillColor=MUTED,
                textAnchor="end",
            )
        )
    for threshold in thresholds(scenario, track_id):
        _, y = xy(0, threshold.level)
        drawing.add(
            Line(left, y, right, y, strokeColor=RED, strokeWidth=0.7, strokeDashArray=RED_LINE_DASH)
        )
        drawing.add(
            String(
                right - 2,
                y + 1.5,
                f"red line {threshold.number}",
                fontName=REGULAR,
                fontSize=5.2,
                fillColor=RED,
                textAnchor="end",
            )
        )
    points: list[float] = []
    for turn, value in values:
        points.extend(xy(turn, value))
    if len(points) >= 4:
        drawing.add(PolyLine(points, strokeColor=ACCENT, strokeWidth=1.3))
    for index, (turn, value) in enumerate(values):
        x, y = xy(turn, value)
        drawing.add(Circle(x, y, 1.6, fillColor=ACCENT, strokeColor=None))
        if index in (0, len(values) - 1) or value != values[index - 1][1]:
            drawing.add(
                String(
                    x,
                    y + 3.2,
                    str(value),
                    fontName=REGULAR,
                    fontSize=5.6,
                    fillColor=ACCENT,
                    textAnchor="middle",
                )
            )
    label_every = max(1, turns // 6)
    for turn in range(0, turns + 1, label_every):
        x, _ = xy(turn, track.min)
        drawing.add(
            String(
                x,
                bottom - 8,
                _turn_label(turn),
                fontName=REGULAR,
                fontSize=5.4,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    drawing.add(
        Rect(
            left,
            bottom,
            right - left,
            top - bottom,
            fillColor=None,
            strokeColor=RULE,
            strokeWidth=0.5,
        )
    )
    return drawing
