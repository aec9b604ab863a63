"""Maps of unit positions, drawn as vector graphics over the scenario's real geography.

Each unit is a small token in its owner's colour carrying its number (its place in the
scenario's list of units, the same number on every map of a report); tokens stand in a
tidy cluster under their region's name. A unit that moved during the turn has a dark
outline and a dashed arrow from where it was. The legend beside the map names every
unit, its region and strength, and marks what changed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Path, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table

from wargame.game.views import StateView, UnitView
from wargame.report.fonts import BOLD, REGULAR
from wargame.report.geo import Geography
from wargame.report.paragraph import Para
from wargame.report.styles import (
    INK,
    LAND,
    LAND_CONTEXT,
    MUTED,
    RULE,
    SEA,
    Styles,
    table_style,
)
from wargame.report.text import markup, plain
from wargame.scenario import Scenario
from wargame.scenario.geography import Point

Box = tuple[float, float, float, float]
"""A rectangle on the drawing: left, bottom, right, top."""

TOKEN_H = 8.0
TOKEN_GAP = 1.5
LEGEND_STRIP = 16.0


def unit_numbers(scenario: Scenario) -> dict[str, int]:
    """Each unit's number on the maps: its 1-based place in the scenario."""
    return {u.id: i for i, u in enumerate(scenario.units, start=1)}


def actor_colour(scenario: Scenario, actor_id: str) -> colors.Color:
    """The actor's colour, grey when the actor is unknown."""
    try:
        return colors.HexColor(scenario.actor(actor_id).colour)
    except KeyError:
        return colors.HexColor("#7f8c8d")


def text_on(colour: colors.Color) -> colors.Color:
    """Black or white, whichever reads better on ``colour``."""
    luminance = 0.299 * colour.red + 0.587 * colour.green + 0.114 * colour.blue
    return colors.black if luminance > 0.6 else colors.white


@dataclass(frozen=True)
class _Frame:
    """Where the map sits on the drawing: its lower-left corner, size and scale."""

    x0: float
    y0: float
    width: float
    height: float
    scale: float

    @property
    def right(self) -> float:
        """The map's right edge."""
        return self.x0 + self.width

    @property
    def top(self) -> float:
        """The map's top edge."""
        return self.y0 + self.height

    def at(self, point: Point) -> Point:
        """A projected point of the geography on the drawing."""
        return (self.x0 + point[0] * self.scale, self.y0 + point[1] * self.scale)

    def holds(self, box: Box) -> bool:
        """Whether a box lies wholly inside the map."""
        return (
            self.x0 <= box[0] and box[2] <= self.right and self.y0 <= box[1] and box[3] <= self.top
        )


def unit_map(
    scenario: Scenario,
    geography: Geography,
    state: StateView,
    previous: StateView | None,
    *,
    width: float,
    max_height: float,
    show_cities: bool = True,
) -> Drawing:
    """A drawing of the theatre with every unit where it stands in ``state``.

    Args:
        scenario: The scenario (regions, actors and their colours).
        geography: The projected map.
        state: The state to show.
        previous: The state before (units that moved since are highlighted), or None.
        width: The widest the drawing may be, in points.
        max_height: The tallest the map part may be, in points.
        show_cities: Draw the cities of the scenario's cities file.
    """
    scale = min(width / geography.width, max_height / geography.height)
    map_w, map_h = geography.width * scale, geography.height * scale
    frame = _Frame((width - map_w) / 2, LEGEND_STRIP, map_w, map_h, scale)
    drawing = Drawing(width, map_h + LEGEND_STRIP, initialFontName=REGULAR, initialFontSize=7)
    drawing.add(
        Rect(
            frame.x0, frame.y0, map_w, map_h, fillColor=colors.HexColor("#f8f8f6"), strokeColor=None
        )
    )
    _land(drawing, frame, geography, {r.id for r in scenario.regions})
    taken: list[Box] = []
    anchors, labels = _region_labels(scenario, geography, frame, taken)
    numbers = unit_numbers(scenario)
    by_region: dict[str, list[UnitView]] = {}
    for unit in state.units:
        by_region.setdefault(unit.region, []).append(unit)
    places: dict[str, list[Point]] = {}
    for region_id, units in by_region.items():
        anchor = anchors.get(region_id)
        if anchor is None:
            continue
        places[region_id] = _cluster(anchor, len(units), numbers, units)
        for x, y in places[region_id]:
            taken.append((x - 7, y - TOKEN_H / 2 - 1, x + 7, y + TOKEN_H / 2 + 1))
    if show_cities:
        _cities(drawing, frame, geography, taken)
    drawing.add(labels)
    before = {u.id: u for u in previous.units} if previous is not None else {}
    arrows = Group()
    tokens = Group()
    for region_id, units in by_region.items():
        if region_id not in places:
            continue
        for unit, place in zip(units, places[region_id], strict=True):
            old = before.get(unit.id)
            moved = old is not None and old.region != unit.region
            colour = actor_colour(scenario, unit.owner)
            if moved and old is not None and old.region in anchors:
                arrows.add(_arrow(anchors[old.region], place, colour))
            _token(tokens, unit, place, str(numbers.get(unit.id, "?")), colour, moved=moved)
    drawing.add(arrows)
    drawing.add(tokens)
    drawing.add(
        Rect(frame.x0, frame.y0, map_w, map_h, fillColor=None, strokeColor=MUTED, strokeWidth=0.6)
    )
    _owner_legend(drawing, scenario, state.units, frame.x0, map_w)
    return drawing


def _land(drawing: Drawing, frame: _Frame, geography: Geography, regions: set[str]) -> None:
    """Sea, the scenario's regions and the land around them, as filled outlines."""
    for outline in geography.shapes:
        path = Path(
            fillColor=SEA
            if outline.sea
            else (LAND if outline.feature_id in regions else LAND_CONTEXT),
            strokeColor=colors.HexColor("#9aa3ae") if not outline.sea else None,
            strokeWidth=0.35,
            fillMode=1,
        )  # 1: even-odd, so holes stay holes
        for ring in outline.rings:
            first, *rest = (frame.at(p) for p in ring)
            path.moveTo(*first)
            for point in rest:
                path.lineTo(*point)
            path.closePath()
        drawing.add(path)


def _region_labels(
    scenario: Scenario, geography: Geography, frame: _Frame, taken: list[Box]
) -> tuple[dict[str, Point], Group]:
    """Each region's name at its label point; returns the anchors and the labels to draw.

    The labels' boxes are added to ``taken`` so city names keep clear of them.
    """
    anchors: dict[str, Point] = {}
    labels = Group()
    for region in scenario.regions:
        shape = geography.shape(region.id)
        if shape is None:
            continue
        # A region clipped to a sliver at the frame's edge keeps its label inside the frame.
        lx = min(max(frame.at(shape.label)[0], frame.x0 + 24), frame.right - 24)
        ly = min(max(frame.at(shape.label)[1], frame.y0 + 12), frame.top - 10)
        anchors[region.id] = (lx, ly)
        name = plain(region.name, 28)
        half = stringWidth(name, BOLD, 5.2) / 2
        taken.append((lx - half, ly + 1, lx + half, ly + 8))
        labels.add(
            String(
                lx,
                ly + 2,
                name,
                fontName=BOLD,
                fontSize=5.2,
                fillColor=colors.HexColor("#2f3a48"),
                textAnchor="middle",
            )
        )
    return anchors, labels


_CITY_LABEL_PLACES = (
    (1.8, -1.5, "start"),
    (-1.8, -1.5, "end"),
    (0, 1.6, "middle"),
    (0, -6.2, "middle"),
)
"""Where a city's name may go, in order of preference: offset from the dot, and anchor."""


def _cities(drawing: Drawing, frame: _Frame, geography: Geography, taken: list[Box]) -> None:
    """Each city as a dot, named in the first free place beside it (or not at all)."""
    for name, point in geography.cities:
        cx, cy = frame.at(point)
        drawing.add(Circle(cx, cy, 0.9, fillColor=MUTED, strokeColor=None))
        text = plain(name, 30)
        text_w = stringWidth(text, REGULAR, 4.6)
        for dx, dy, anchor_kind in _CITY_LABEL_PLACES:
            shift = {"end": text_w, "middle": text_w / 2}.get(anchor_kind, 0)
            left = cx + dx - shift
            box = (left, cy + dy - 0.5, left + text_w, cy + dy + 4)
            if frame.holds(box) and not any(_overlap(box, other) for other in taken):
                taken.append(box)
                drawing.add(
                    String(
                        cx + dx,
                        cy + dy,
                        text,
                        fontName=REGULAR,
                        fontSize=4.6,
                        fillColor=MUTED,
                        textAnchor=anchor_kind,
                    )
                )
                break


def _token(
    group: Group, unit: UnitView, place: Point, label: str, colour: colors.Color, *, moved: bool
) -> None:
    """Add a unit's token to ``group``: its number on its owner's colour (white when destroyed)."""
    tx, ty = place
    token_w = max(10.0, stringWidth(label, BOLD, 5.6) + 4)
    fill = colour if unit.strength > 0 else colors.white
    group.add(
        Rect(
            tx - token_w / 2,
            ty - TOKEN_H / 2,
            token_w,
            TOKEN_H,
            rx=1.2,
            ry=1.2,
            fillColor=fill,
            strokeColor=colors.black if moved else colors.white,
            strokeWidth=1.0 if moved else 0.6,
        )
    )
    group.add(
        String(
            tx,
            ty - 2.0,
            label,
            fontName=BOLD,
            fontSize=5.6,
            fillColor=text_on(fill) if unit.strength > 0 else INK,
            textAnchor="middle",
        )
    )


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _cluster(
    anchor: Point, count: int, numbers: dict[str, int], units: Sequence[UnitView]
) -> list[Point]:
    """Token centres for ``count`` units in rows of up to four under a region's label."""
    per_row = min(count, 4) or 1
    widths = [max(10.0, stringWidth(str(numbers.get(u.id, "?")), BOLD, 5.6) + 4) for u in units]
    cell = max(widths, default=10.0) + TOKEN_GAP
    out = []
    for index in range(count):
        row, col = divmod(index, per_row)
        in_row = min(per_row, count - row * per_row)
        x = anchor[0] + (col - (in_row - 1) / 2) * cell
        y = anchor[1] - 4 - row * (TOKEN_H + TOKEN_GAP)
        out.append((x, y))
    return out


def _arrow(start: Point, end: Point, colour: colors.Color) -> Group:
    group = Group()
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy)
    if length < 8:
        return group
    ux, uy = dx / length, dy / length
    tip = (end[0] - ux * 6, end[1] - uy * 6)
    group.add(
        Line(
            start[0],
            start[1],
            tip[0],
            tip[1],
            strokeColor=colour,
            strokeWidth=1.1,
            strokeDashArray=[2.5, 1.5],
        )
    )
    left = (tip[0] - ux * 4 - uy * 2.2, tip[1] - uy * 4 + ux * 2.2)
    right = (tip[0] - ux * 4 + uy * 2.2, tip[1] - uy * 4 - ux * 2.2)
    group.add(
        Polygon(
            [tip[0], tip[1], left[0], left[1], right[0], right[1]],
            fillColor=colour,
            strokeColor=None,
        )
    )
    return group


def _owner_legend(
    drawing: Drawing, scenario: Scenario, units: Sequence[UnitView], x0: float, width: float
) -> None:
    owners = list(dict.fromkeys(u.owner for u in units))
    x = x0
    y = 4.0
    for owner in owners:
        try:
            name = plain(scenario.actor(owner).name, 36)
        except KeyError:
            name = plain(owner, 36)
        room = 9 + stringWidth(name, REGULAR, 6.2) + 10
        if x + room > x0 + width:
            break
        drawing.add(Rect(x, y, 7, 5.5, fillColor=actor_colour(scenario, owner), strokeColor=None))
        drawing.add(String(x + 9, y + 0.6, name, fontName=REGULAR, fontSize=6.2, fillColor=INK))
        x += room


def unit_legend(
    scenario: Scenario,
    state: StateView,
    previous: StateView | None,
    styles: Styles,
    width: float,
    *,
    columns: int = 2,
) -> Flowable:
    """A table naming every unit on the map: number, name, region and strength.

    Units that moved or changed strength since ``previous`` are in bold, with what
    changed.
    """
    numbers = unit_numbers(scenario)
    before = {u.id: u for u in previous.units} if previous is not None else {}
    names = {r.id: r.name for r in scenario.regions}
    cells = []
    for unit in state.units:
        old = before.get(unit.id)
        region = names.get(unit.region, unit.region)
        changes = []
        if old is not None and old.region != unit.region:
            changes.append(f"from {names.get(old.region, old.region)}")
        if old is not None and old.strength != unit.strength:
            changes.append(f"strength {old.strength} → {unit.strength}")
        text = f"{markup(unit.name)} · {markup(region)} · {unit.strength}"
        if changes:
            text = f"<b>{text}</b> <font color='#b3261e'>({markup('; '.join(changes))})</font>"
        fill = actor_colour(scenario, unit.owner)
        number = f"<font color='{_hex(text_on(fill))}'><b>{numbers.get(unit.id, '?')}</b></font>"
        cells.append((Para(number, styles.cell_centre), Para(text, styles.cell), fill))
    rows = math.ceil(len(cells) / columns) if cells else 0
    data = []
    style_cmds: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
    ]
    for r in range(rows):
        row: list[object] = []
        for c in range(columns):
            index = c * rows + r
            if index < len(cells):
                number, text, fill = cells[index]
                row += [number, text]
                style_cmds.append(("BACKGROUND", (2 * c, r), (2 * c, r), fill))
            else:
                row += ["", ""]
        data.append(row)
    col = width / columns
    widths = [16.0, col - 16.0] * columns
    if not data:
        return Para("No units.", styles.meta)
    return Table(data, colWidths=widths, style=table_style(style_cmds))


def _hex(colour: colors.Color) -> str:
    return "#" + str(colour.hexval())[2:]
