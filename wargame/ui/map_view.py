"""The map: the scenario's regions, red-line regions marked, units as tokens to drag.

Regions come from the scenario's GeoJSON (``map.geometry``), framed by ``map.frame``
and projected by :mod:`wargame.scenario.geography`. Units stand as round tokens in their owner's
colour, their type abbreviated inside and their strength as a ring. Dragging a token onto
another region (or choosing one from its right-click menu) asks the facilitator for a reason
and records a unit-move effect through ``Game.apply_effects`` (undoable); the token then
goes where the record says it is, so a refused move simply snaps back.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPalette,
    QPen,
    QResizeEvent,
    QShortcut,
    QShowEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSceneContextMenuEvent,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QStyleOptionGraphicsItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from wargame.game import GameEvent
from wargame.game.views import StateView, UnitView
from wargame.scenario import (
    Feature,
    MapFileProblem,
    Projection,
    read_cities,
    read_features,
    resolve_asset,
)
from wargame.scenario.expressions import leaves
from wargame.scenario.geography import MapSource, extent, in_frame, ring_area_centroid
from wargame.scenario.model import Scenario, UnitInRegion, UnitMoveEffect
from wargame.ui.elided import ElidedLabel
from wargame.ui.session import GameSession
from wargame.ui.theme import RED_LINE, is_dark, readable_on

TOKEN_SIZE = 28.0
"""A unit token's diameter on screen, in pixels, whatever the zoom."""

TYPE_ABBREVIATIONS = {
    "infantry": "INF",
    "armour": "ARM",
    "artillery": "ART",
    "air_defence": "AD",
    "air": "AIR",
    "naval": "NAV",
    "missile": "MSL",
    "headquarters": "HQ",
    "logistics": "LOG",
    "peacekeeping": "PK",
    "training": "TRG",
    "nuclear": "NUC",
}


def _map_source(scenario: Scenario, name: str) -> MapSource | None:
    """A file the scenario names: the copy stored in the game, else the bundled one."""
    stored = scenario.files.get(name)
    if stored is not None:
        return (name, stored)
    return resolve_asset(name, None)


@dataclass(frozen=True)
class MapColours:
    """The map's colours for the current palette."""

    land: QColor
    sea: QColor
    context: QColor
    border: QColor
    hover: QColor
    label: QColor
    halo: QColor
    city: QColor
    background: QColor

    @classmethod
    def for_palette(cls, palette: QPalette) -> MapColours:
        """Muted land and sea that keep tokens and red lines the loudest things."""
        if is_dark(palette):
            return cls(
                land=QColor(70, 74, 64),
                sea=QColor(36, 58, 82),
                context=QColor(52, 54, 50),
                border=QColor(150, 150, 140),
                hover=QColor(110, 118, 96),
                label=QColor(235, 235, 228),
                halo=QColor(20, 20, 20, 200),
                city=QColor(190, 190, 180),
                background=QColor(30, 32, 35),
            )
        return cls(
            land=QColor(236, 230, 212),
            sea=QColor(190, 214, 232),
            context=QColor(222, 222, 218),
            border=QColor(120, 115, 100),
            hover=QColor(250, 236, 180),
            label=QColor(30, 30, 30),
            halo=QColor(255, 255, 255, 210),
            city=QColor(90, 90, 90),
            background=QColor(244, 244, 242),
        )


class LabelItem(QGraphicsItem):
    """Text with a halo, the same size at any zoom; invisible to the mouse."""

    def __init__(self, text: str, point_size: float, bold: bool = False) -> None:
        super().__init__()
        self._text = text
        self._font = QFont("DejaVu Sans")
        self._font.setPointSizeF(point_size)
        self._font.setBold(bold)
        metrics = QFontMetricsF(self._font)
        width = metrics.horizontalAdvance(text)
        self._path = QPainterPath()
        self._path.addText(QPointF(-width / 2, metrics.ascent() / 2 - 1), self._font, text)
        self._rect = self._path.boundingRect().adjusted(-3, -3, 3, 3)
        stroker = QPainterPathStroker()
        stroker.setWidth(3.2)
        stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self._halo_path = stroker.createStroke(self._path)  # once: painting is frequent
        self._fill = QColor(0, 0, 0)
        self._halo = QColor(255, 255, 255)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)

    @property
    def text(self) -> str:
        """The label's text."""
        return self._text

    def set_colours(self, fill: QColor, halo: QColor) -> None:
        """Text and halo colours."""
        self._fill, self._halo = fill, halo
        self.update()

    @override
    def boundingRect(self) -> QRectF:
        """The text's box with room for the halo."""
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Halo first, then the text."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillPath(self._halo_path, self._halo)
        painter.fillPath(self._path, self._fill)


class RegionItem(QGraphicsPathItem):
    """A region of play: filled by kind, highlighted on hover, marked if behind a red line."""

    def __init__(
        self, region_id: str, name: str, kind: str, path: QPainterPath, view: MapView
    ) -> None:
        super().__init__(path)
        self.region_id = region_id
        self.name = name
        self.kind = kind
        self.red_lines: list[str] = []
        self.crossed = False
        self._view = view
        self._hover = False
        self.setAcceptHoverEvents(True)
        self.setZValue(0)

    def restyle(self, colours: MapColours) -> None:
        """Apply colours (after a palette change or a hover)."""
        base = colours.sea if self.kind == "sea" else colours.land
        fill = colours.hover if self._hover else base
        pen = QPen(colours.border, 1.6 if self._hover else 0.8)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setBrush(QBrush(fill))

    @override
    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        """Highlight and tell the view."""
        self._hover = True
        self.restyle(self._view.colours)
        self._view.region_hovered.emit(self.region_id)
        super().hoverEnterEvent(event)

    @override
    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        """Back to normal."""
        self._hover = False
        self.restyle(self._view.colours)
        self._view.region_hovered.emit("")
        super().hoverLeaveEvent(event)

    @property
    def hovered(self) -> bool:
        """True while the mouse is over the region."""
        return self._hover


class RedLineOverlay(QGraphicsPathItem):
    """Hatching and a dashed red edge over a region named by a red line's trigger."""

    def __init__(self, path: QPainterPath) -> None:
        super().__init__(path)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.setZValue(1)
        self.set_crossed(False)

    def set_crossed(self, crossed: bool) -> None:
        """Solid tint once the line is crossed, hatching while it holds."""
        pen = QPen(RED_LINE, 2.4, Qt.PenStyle.SolidLine if crossed else Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.setPen(pen)
        if crossed:
            tint = QColor(RED_LINE)
            tint.setAlpha(70)
            self.setBrush(QBrush(tint))
        else:
            hatch = QColor(RED_LINE)
            hatch.setAlpha(150)
            brush = QBrush(hatch, Qt.BrushStyle.BDiagPattern)
            brush.setTransform(brush.transform().scale(0.2, 0.2))
            self.setBrush(brush)


class UnitToken(QGraphicsItem):
    """A unit: owner's colour, type inside, strength as a ring; drag it to move the unit."""

    def __init__(
        self,
        unit: UnitView,
        colour: QColor,
        owner_name: str,
        view: MapView,
        *,
        movable: bool = True,
        size: float = TOKEN_SIZE,
    ) -> None:
        super().__init__()
        self._size = size
        self.unit = unit
        self._colour = colour
        self._owner = owner_name
        self._view = view
        self._movable = movable
        self._press: QPointF | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, movable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, movable)
        self.setAcceptHoverEvents(True)
        if movable:
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setZValue(10)
        self.set_unit(unit)

    def set_unit(self, unit: UnitView) -> None:
        """Show a unit's current state."""
        self.unit = unit
        hint = (
            "\nDrag to another region to move it, or right-click to choose one"
            if self._movable
            else ""
        )
        self.setToolTip(
            f"{unit.name}\n{self._owner} · {unit.type.replace('_', ' ')} · "
            f"strength {unit.strength}{hint}"
        )
        self.update()

    @override
    def boundingRect(self) -> QRectF:
        """The token's disc and ring."""
        r = self._size / 2 + 3
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Disc, type abbreviation and strength ring."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self._size / 2
        disc = QRectF(-r, -r, 2 * r, 2 * r)
        selected = self.isSelected()
        painter.setPen(
            QPen(
                QColor(255, 255, 255) if selected else self._colour.darker(170),
                2 if selected else 1.2,
            )
        )
        painter.setBrush(self._colour)
        painter.drawEllipse(disc)
        ring = disc.adjusted(-2.5, -2.5, 2.5, 2.5)
        track = QPen(QColor(0, 0, 0, 70), 2.4)
        painter.setPen(track)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(ring)
        strength = QPen(QColor(255, 215, 60), 2.4)
        strength.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(strength)
        painter.drawArc(ring, 90 * 16, -int(360 * 16 * self.unit.strength / 100))
        font = QFont("DejaVu Sans")
        font.setPixelSize(round(self._size * (0.32 if len(self.abbreviation) > 2 else 0.36)))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(readable_on(self._colour))
        painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, self.abbreviation)

    @property
    def abbreviation(self) -> str:
        """The unit type in a few letters: the scenario's label for its own types."""
        declared = self._view.scenario.unit_type_label(self.unit.type)
        if declared is not None:
            return declared
        return TYPE_ABBREVIATIONS.get(self.unit.type, self.unit.type[:3].upper())

    @override
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Remember where the drag started."""
        if not self._movable:
            event.ignore()
            return
        self._press = self.pos()
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        super().mousePressEvent(event)

    def move_menu(self) -> QMenu:
        """A menu moving the unit to any other region (the same as dragging it there)."""
        menu = QMenu()
        menu.setTitle(f"Move {self.unit.name} to")
        regions = sorted(
            (r for r in self._view.scenario.regions if r.id != self.unit.region),
            key=lambda r: r.name,
        )
        for region in regions:
            action = menu.addAction(region.name)
            action.setData(region.id)
            action.triggered.connect(
                lambda _checked=False, to=region.id: self._view.unit_dropped.emit(self.unit.id, to)
            )
        return menu

    @override
    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:
        """Right-click: move the unit to a region chosen from a list."""
        if not self._movable:
            event.ignore()
            return
        outer = QMenu()
        moves = self.move_menu()  # referenced here while the menu is open
        outer.addMenu(moves)
        outer.exec(event.screenPos())

    @override
    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Tell the view where the token was dropped."""
        super().mouseReleaseEvent(event)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        if self._press is not None and (self.pos() - self._press).manhattanLength() > 1e-6:
            self._view.drop_token(self, self.scenePos())
        self._press = None


class MapView(QGraphicsView):
    """Zoomable, pannable map of the scenario's regions and units.

    Signals:
        unit_dropped: A token was dropped on a region: (unit id, region id).
        region_hovered: The mouse entered a region (its id) or left all regions ('').
    """

    unit_dropped = Signal(str, str)
    region_hovered = Signal(str)

    def __init__(
        self,
        scenario: Scenario,
        parent: QWidget | None = None,
        *,
        read_only: bool = False,
        scale: float = 1.0,
    ) -> None:
        super().__init__(parent)
        self.scenario = scenario
        self.read_only = read_only
        self._scale = scale
        self.colours = MapColours.for_palette(self.palette())
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setAccessibleName("Map")
        self.regions: dict[str, RegionItem] = {}
        self.overlays: dict[str, RedLineOverlay] = {}
        self.tokens: dict[str, UnitToken] = {}
        self.labels: list[LabelItem] = []
        self.cities: list[tuple[QGraphicsItem, LabelItem]] = []
        """Each city's dot and label, the cities inside regions in play first."""
        self._anchors: dict[str, QPointF] = {}
        self._user_zoomed = False
        self.problem = ""
        self._build()

    # ---- building

    def _build(self) -> None:
        scene = self.scene()
        scenario = self.scenario
        game_map = scenario.map
        if game_map is None:
            self.problem = "This scenario has no map."
            return
        path = _map_source(scenario, game_map.geometry)
        if path is None:
            self.problem = f"The map file {game_map.geometry} was not found."
            return
        try:
            features = read_features(path)
        except MapFileProblem as exc:
            self.problem = str(exc)
            return
        regions = {r.id: r for r in game_map.regions}
        in_play = [f for f in features if f.id in regions]
        frame = (
            game_map.frame
            or extent(p for f in in_play or features for p in f.polygons)
            or (0.0, 0.0, 1.0, 1.0)
        )
        self.projection = projection = Projection(*frame, plane_width=1000.0, y_down=True)
        scene.setSceneRect(QRectF(0, 0, projection.width, projection.height))
        for feature in features:
            shape = self._path(feature, projection)
            region = regions.get(feature.id)
            if region is None:
                item = QGraphicsPathItem(shape)
                item.setData(0, "context")
                item.setZValue(-1)
                pen = QPen(self.colours.border, 0.5)
                pen.setCosmetic(True)
                item.setPen(pen)
                item.setBrush(self.colours.context)
                scene.addItem(item)
                continue
            region_item = RegionItem(region.id, region.name, region.kind.value, shape, self)
            region_item.restyle(self.colours)
            scene.addItem(region_item)
            self.regions[region.id] = region_item
            self._anchors[region.id] = self._anchor(feature, shape, projection)
        self._mark_red_lines()
        self._add_cities(projection)
        for region_id, item in self.regions.items():
            region = regions[region_id]
            text = region.name
            size = (8.5 if item.kind == "land" else 8.0) * self._scale
            label = LabelItem(text, size, bold=item.kind == "land")
            label.setPos(self._anchors[region_id])
            label.setZValue(5)
            label.set_colours(self.colours.label, self.colours.halo)
            scene.addItem(label)
            self.labels.append(label)
            tip = region.name + (f" ({region.native_name})" if region.native_name else "")
            item.setToolTip(tip)

    @staticmethod
    def _path(feature: Feature, projection: Projection) -> QPainterPath:
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.OddEvenFill)
        for polygon in feature.polygons:
            for ring in polygon:
                points = [QPointF(*projection.point(lon, lat)) for lon, lat in ring]
                if not points:
                    continue
                path.moveTo(points[0])
                for point in points[1:]:
                    path.lineTo(point)
                path.closeSubpath()
        return path

    @staticmethod
    def _anchor(feature: Feature, shape: QPainterPath, projection: Projection) -> QPointF:
        best = max(feature.polygons, key=lambda poly: abs(ring_area_centroid(poly[0])[0]))
        _, lon, lat = ring_area_centroid(best[0])
        point = QPointF(*projection.point(lon, lat))
        if shape.contains(point):
            return point
        rect = shape.boundingRect()
        steps = 240
        run_start: float | None = None
        best_run = (0.0, rect.center().x())
        for i in range(steps + 1):
            x = rect.left() + rect.width() * i / steps
            inside = shape.contains(QPointF(x, point.y()))
            if inside and run_start is None:
                run_start = x
            if (not inside or i == steps) and run_start is not None:
                if x - run_start > best_run[0]:
                    best_run = (x - run_start, (x + run_start) / 2)
                run_start = None
        return QPointF(best_run[1], point.y())

    def _mark_red_lines(self) -> None:
        for line in self.scenario.red_lines:
            for trigger in leaves(line.trigger):
                if not isinstance(trigger, UnitInRegion):
                    continue
                for region_id in trigger.regions:
                    item = self.regions.get(region_id)
                    if item is None:
                        continue
                    item.red_lines.append(line.name)
                    if region_id not in self.overlays:
                        overlay = RedLineOverlay(item.path())
                        self.scene().addItem(overlay)
                        self.overlays[region_id] = overlay
        for region_id, item in self.regions.items():
            if item.red_lines:
                item.setToolTip(f"{item.name}\nRed line: " + "; ".join(item.red_lines))
                self.overlays[region_id].setToolTip(item.toolTip())

    def _add_cities(self, projection: Projection) -> None:
        game_map = self.scenario.map
        if game_map is None or not game_map.cities:
            return
        path = _map_source(self.scenario, game_map.cities)
        if path is None:
            return
        try:
            cities = read_cities(path)
        except MapFileProblem:
            return
        for city in cities:
            if not in_frame(city.lon, city.lat, projection.frame):
                continue
            x, y = projection.point(city.lon, city.lat)
            dot = self.scene().addEllipse(
                QRectF(-2, -2, 4, 4), QPen(Qt.PenStyle.NoPen), QBrush(self.colours.city)
            )
            dot.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            dot.setPos(x, y)
            dot.setZValue(3)
            dot.setData(0, "city")
            dot.setToolTip(city.name)
            label = LabelItem(city.name, 6.5 * self._scale)
            label.setPos(x, y)
            label.setZValue(3)
            label.setData(0, "city")
            label.set_colours(self.colours.city, self.colours.halo)
            self.scene().addItem(label)
            self.labels.append(label)
            self.cities.append((dot, label))
        # Cities in the regions being played get the first pick of places for their labels.
        self.cities.sort(key=lambda city: self.region_at(city[0].pos()) is None)

    # ---- state

    def set_state(
        self, state: StateView, owner_colour: dict[str, QColor], owner_names: dict[str, str]
    ) -> None:
        """Place the units where the state says, and show crossed red lines."""
        seen = set()
        for unit in state.units:
            seen.add(unit.id)
            token = self.tokens.get(unit.id)
            if token is None:
                colour = owner_colour.get(unit.owner, QColor("#7f8c8d"))
                token = UnitToken(
                    unit,
                    colour,
                    owner_names.get(unit.owner, unit.owner),
                    self,
                    movable=not self.read_only,
                    size=TOKEN_SIZE * self._scale,
                )
                self.scene().addItem(token)
                self.tokens[unit.id] = token
            else:
                token.set_unit(unit)
        for unit_id in set(self.tokens) - seen:
            self.scene().removeItem(self.tokens.pop(unit_id))
        crossed = {line.name for line in state.red_lines if line.crossed}
        for region_id, overlay in self.overlays.items():
            overlay.set_crossed(any(name in crossed for name in self.regions[region_id].red_lines))
        self.layout_tokens()

    def layout_tokens(self) -> None:
        """Arrange each region's tokens in rows under its label, spaced in screen pixels."""
        scale = self.transform().m11() or 1.0
        step = (TOKEN_SIZE * self._scale + 4) / scale
        by_region: dict[str, list[UnitToken]] = {}
        for token in self.tokens.values():
            by_region.setdefault(token.unit.region, []).append(token)
        for region_id, tokens in by_region.items():
            anchor = self._anchors.get(region_id)
            if anchor is None:
                for token in tokens:
                    token.setVisible(False)
                continue
            per_row = min(4, len(tokens))
            for i, token in enumerate(sorted(tokens, key=lambda t: (t.unit.owner, t.unit.id))):
                row, col = divmod(i, per_row)
                in_row = min(per_row, len(tokens) - row * per_row)
                x = anchor.x() + (col - (in_row - 1) / 2) * step
                y = anchor.y() + (row + 0.95) * step
                token.setVisible(True)
                token.setPos(x, y)
        self.place_labels()

    def place_labels(self) -> None:
        """Place the labels where they cover no token and no other label.

        Labels and tokens keep their size on screen while the map scales, so whether two of
        them overlap depends on the zoom: this runs again whenever the tokens are laid out.
        A region's name stays on its region: on its anchor, or nudged above or beside it
        when another region's tokens or name are there; where every place is taken, it
        goes where it covers least, drawn over the tokens so that it stays readable. A
        city's name goes below, right of, above or left of its dot, or is hidden when none
        of those is free (the dot stays, with the name as its tooltip). Cities in the
        regions being played choose first.
        """
        taken = [self._screen_rect(token) for token in self.tokens.values() if token.isVisible()]
        taken += [self._screen_rect(dot) for dot, _label in self.cities]
        for label in self.labels:
            if label.data(0) == "city":
                continue
            box = self._fitted(label.boundingRect())
            h, w = box.height(), box.width()
            offsets: tuple[QPointF, ...] = (
                QPointF(0, 0),
                QPointF(0, -h),
                QPointF(w * 0.6, 0),
                QPointF(-w * 0.6, 0),
                QPointF(w * 0.6, -h),
                QPointF(-w * 0.6, -h),
                QPointF(0, -2 * h),
            )
            free = self._place(label, box, QPointF(self.mapFromScene(label.pos())), offsets, taken)
            label.setZValue(5 if free else 11)  # crowded: the name over the tokens, readable
        gap = 3.0 * self._scale
        for dot, label in self.cities:
            box = self._fitted(label.boundingRect())
            h, w = box.height(), box.width()
            offsets = (
                QPointF(0, h / 2 + gap),  # below the dot
                QPointF(w / 2 + gap, 0),  # right
                QPointF(0, -h / 2 - gap),  # above
                QPointF(-w / 2 - gap, 0),  # left
            )
            placed = self._place(label, box, QPointF(self.mapFromScene(dot.pos())), offsets, taken)
            label.setVisible(placed)

    @staticmethod
    def _fitted(box: QRectF) -> QRectF:
        return box.adjusted(1, 1, -1, -1)  # halos may touch

    @staticmethod
    def _place(
        label: LabelItem,
        box: QRectF,
        at: QPointF,
        offsets: tuple[QPointF, ...],
        taken: list[QRectF],
    ) -> bool:
        """Move the label to the first free offset, or the least covered; say if one was free."""

        def covered(offset: QPointF) -> float:
            where = box.translated(at + offset)
            overlaps = (where.intersected(other) for other in taken)
            return sum(o.width() * o.height() for o in overlaps if not o.isEmpty())

        free = next((o for o in offsets if covered(o) == 0), None)
        best = free if free is not None else min(offsets, key=covered)
        label.setTransform(QTransform.fromTranslate(best.x(), best.y()))
        taken.append(box.translated(at + best))
        return free is not None

    def _screen_rect(self, item: QGraphicsItem) -> QRectF:
        """Where an item that ignores the view's scale covers the viewport, in pixels."""
        at = QPointF(self.mapFromScene(item.pos()))
        shift = item.transform()
        return item.boundingRect().translated(at + QPointF(shift.dx(), shift.dy()))

    def drop_token(self, token: UnitToken, where: QPointF) -> None:
        """A token was let go: report the region under it, then put it back in place."""
        target = self.region_at(where)
        self.layout_tokens()
        if target is not None and target != token.unit.region:
            self.unit_dropped.emit(token.unit.id, target)

    def region_at(self, where: QPointF) -> str | None:
        """The region under a scene point."""
        for item in self.scene().items(where):
            if isinstance(item, RegionItem):
                return item.region_id
        return None

    def region_centre(self, region_id: str) -> QPointF:
        """The scene point where a region's label stands."""
        return self._anchors[region_id]

    # ---- zoom and pan

    def fit(self) -> None:
        """Show the whole frame."""
        self._user_zoomed = False
        if not self.scene().sceneRect().isEmpty():
            self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self.layout_tokens()

    def zoom(self, factor: float) -> None:
        """Zoom in (factor > 1) or out, within sensible limits."""
        current = self.transform().m11()
        fit_scale = min(
            self.viewport().width() / max(1.0, self.scene().sceneRect().width()),
            self.viewport().height() / max(1.0, self.scene().sceneRect().height()),
        )
        target = max(fit_scale * 0.6, min(current * factor, fit_scale * 12))
        if current > 0:
            self.scale(target / current, target / current)
        self._user_zoomed = True
        self.layout_tokens()

    @override
    def wheelEvent(self, event: QWheelEvent) -> None:
        """Wheel zooms around the mouse."""
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(1.2**steps)
        event.accept()

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the whole map in view until the facilitator zooms."""
        super().resizeEvent(event)
        if not self._user_zoomed:
            self.fit()

    @override
    def changeEvent(self, event: QEvent) -> None:
        """Recolour when the palette changes (light/dark)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.colours = MapColours.for_palette(self.palette())
            for item in self.regions.values():
                item.restyle(self.colours)
            for label in self.labels:
                city = label.data(0) == "city"
                label.set_colours(
                    self.colours.city if city else self.colours.label, self.colours.halo
                )
            self.setBackgroundBrush(self.colours.background)

    @override
    def showEvent(self, event: QShowEvent) -> None:
        """Fit on first show."""
        super().showEvent(event)
        self.setBackgroundBrush(self.colours.background)
        if not self._user_zoomed:
            self.fit()


class MapPanel(QWidget):
    """The map with its zoom buttons, legend and a line about the region under the mouse."""

    def __init__(self, session: GameSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        scenario = session.scenario
        self.view = MapView(scenario)
        self.info = ElidedLabel()  # a long line gives way instead of widening the map
        self.info.setMinimumHeight(self.info.fontMetrics().height() + 6)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        tools = QHBoxLayout()
        tools.setContentsMargins(6, 4, 6, 0)
        for text, tip, slot in (
            ("+", "Zoom in (Ctrl++)", lambda: self.view.zoom(1.25)),
            ("−", "Zoom out (Ctrl+-)", lambda: self.view.zoom(0.8)),
            ("Fit", "Show the whole map (Ctrl+0)", self.view.fit),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.clicked.connect(slot)
            tools.addWidget(button)
        tools.addSpacing(8)
        tools.addWidget(self.legend, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(tools)
        if self.view.problem:
            problem = QLabel(self.view.problem)
            problem.setWordWrap(True)
            problem.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(problem, 1)
            self.view.hide()
        layout.addWidget(self.view, 1)
        layout.addWidget(self.info)
        for keys, slot in (
            ("Ctrl++", lambda: self.view.zoom(1.25)),
            ("Ctrl+=", lambda: self.view.zoom(1.25)),
            ("Ctrl+-", lambda: self.view.zoom(0.8)),
            ("Ctrl+0", self.view.fit),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        self._owner_colours = {a.id: QColor(a.colour) for a in scenario.actors}
        self._owner_names = {a.id: a.name for a in scenario.actors}
        self._state: StateView | None = None
        self._set_legend()
        self.view.unit_dropped.connect(self._on_unit_dropped)
        self.view.region_hovered.connect(self._on_hover)
        session.changed.connect(self._on_changed)
        self.refresh()
        self._on_hover("")

    def _set_legend(self) -> None:
        owners = list(dict.fromkeys(u.owner for u in self._session.scenario.units))
        parts = []
        for owner in owners:
            colour = self._owner_colours.get(owner, QColor("#7f8c8d")).name()
            parts.append(
                f"<span style='color:{colour}; font-size:14px'>●</span>&nbsp;"
                f"{self._owner_names.get(owner, owner)}"
            )
        if self.view.overlays:
            parts.append(f"<span style='color:{RED_LINE.name()}'>▨</span>&nbsp;red-line region")
        self.legend.setText("&nbsp;&nbsp; ".join(parts))

    def _on_changed(self, event: GameEvent) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Show the units where they stand now."""
        self._state = self._session.state()
        self.view.set_state(self._state, self._owner_colours, self._owner_names)

    def _on_hover(self, region_id: str) -> None:
        if not region_id:
            self.info.setText(
                "Drag a unit to another region (or right-click it) to move it · wheel to zoom · "
                "drag the map to pan"
            )
            return
        region = self._session.scenario.region(region_id)
        units = [
            u.name for u in (self._state.units if self._state else ()) if u.region == region_id
        ]
        native = f" ({region.native_name})" if region.native_name else ""
        lines = self.view.regions[region_id].red_lines
        red = f" · red line: {'; '.join(lines)}" if lines else ""
        here = f" · units: {', '.join(units)}" if units else " · no units"
        self.info.setText(f"{region.name}{native} · {region.kind.value}{here}{red}")

    def _on_unit_dropped(self, unit_id: str, region_id: str) -> None:
        self.move_unit(unit_id, region_id)

    def move_unit(self, unit_id: str, region_id: str) -> bool:
        """Ask why, then record the unit's move as an (undoable) effect."""
        scenario = self._session.scenario
        unit = scenario.unit(unit_id)
        region = scenario.region(region_id)
        reason = self._session.notifier.ask_text(
            "Move unit", f"Why does {unit.name} move to {region.name}?", ""
        )
        if reason is None:
            self.view.layout_tokens()
            return False
        session = self._session
        effect = UnitMoveEffect(kind="unit_move", unit=unit_id, to=region_id)
        result = session.act_undoable(
            f"Move {unit.name} to {region.name}",
            lambda: session.game.apply_effects(session.facilitator_id, [effect], reason=reason),
        )
        if not result.ok:
            self.view.layout_tokens()
        return result.ok
