"""The map: the scenario's regions, red-line regions marked, units as tokens to drag.

Regions come from the scenario's GeoJSON (``map.geometry``), framed by ``map.frame``
and projected by :mod:`wargame.scenario.geography`. Units stand as round tokens in their owner's
colour, their type abbreviated inside and their strength as a ring (the items are in
:mod:`wargame.ui.map_items`). Dragging a token onto another region (or choosing one from its
right-click menu) emits :attr:`MapView.unit_dropped`; the main window's map panel
(:mod:`wargame.ui.map_panel`) records the move, and the token then goes where the record
says it is.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
    QShowEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)
from typing_extensions import override

from wargame.game.views import StateView
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
from wargame.scenario.model import Scenario, UnitInRegion
from wargame.ui.map_items import (
    TOKEN_SIZE,
    LabelItem,
    MapColours,
    RedLineOverlay,
    RegionItem,
    UnitToken,
)

_Edges = tuple[float, float, float, float]
"""A rectangle as its left, top, right and bottom edges."""


def _edges(rect: QRectF) -> _Edges:
    return rect.left(), rect.top(), rect.right(), rect.bottom()


def _map_source(scenario: Scenario, name: str) -> MapSource | None:
    """A file the scenario names: the copy stored in the game, else the bundled one."""
    stored = scenario.files.get(name)
    if stored is not None:
        return (name, stored)
    return resolve_asset(name, None)


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
        self.scale_factor = scale
        """How much larger than the desktop's its tokens and names are."""
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
        self._placed_for: object = None
        """What the labels were last placed for (see :meth:`place_labels`)."""
        self._labels_held = False
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
        if not self.isVisible() or self._labels_held:
            return  # a hidden view has no size yet: the names are placed when it is shown
        taken = [
            _edges(self._screen_rect(token)) for token in self.tokens.values() if token.isVisible()
        ]
        taken += [_edges(self._screen_rect(dot)) for dot, _label in self.cities]
        view = _edges(QRectF(self.viewport().rect()))  # a region's name keeps inside it
        names = [
            (label, self._fitted(label.boundingRect()), QPointF(self.mapFromScene(label.pos())))
            for label in self.labels
            if label.data(0) != "city"
        ]
        cities = [
            (label, self._fitted(label.boundingRect()), QPointF(self.mapFromScene(dot.pos())))
            for dot, label in self.cities
        ]
        # The placement follows from these alone: a window being laid out asks again and
        # again with the same ones.
        inputs = (
            tuple(taken),
            view,
            tuple((_edges(box), at.x(), at.y()) for _label, box, at in names + cities),
        )
        if inputs == self._placed_for:
            return
        self._placed_for = inputs
        for label, box, at in names:
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
            free = self._place(label, box, at, offsets, taken, inside=view)
            label.setZValue(5 if free else 11)  # crowded: the name over the tokens, readable
        gap = 3.0 * self._scale
        for label, box, at in cities:
            h, w = box.height(), box.width()
            offsets = (
                QPointF(0, h / 2 + gap),  # below the dot
                QPointF(w / 2 + gap, 0),  # right
                QPointF(0, -h / 2 - gap),  # above
                QPointF(-w / 2 - gap, 0),  # left
            )
            label.setVisible(self._place(label, box, at, offsets, taken))

    def hold_labels(self, held: bool) -> None:
        """Place no names while held, and on release place them for the map's size then.

        A window laying out its panels resizes the map again and again before it settles.
        """
        self._labels_held = held
        if not held:
            self.place_labels()

    @staticmethod
    def _fitted(box: QRectF) -> QRectF:
        return box.adjusted(1, 1, -1, -1)  # halos may touch

    @staticmethod
    def _place(
        label: LabelItem,
        box: QRectF,
        at: QPointF,
        offsets: tuple[QPointF, ...],
        taken: list[_Edges],
        *,
        inside: _Edges | None = None,
    ) -> bool:
        """Move the label to the first free offset, or the least covered; say if one was free.

        With ``inside``, the part of the label past those edges counts as covered ten times
        over: a name drawn over tokens stays readable, a name cut at the edge ("rmany") not.
        """

        def covered(offset: QPointF) -> float:
            # Plain arithmetic over the edges: a map of a few hundred items asks this tens
            # of thousands of times while its window is laid out.
            left, top, right, bottom = _edges(box.translated(at + offset))
            area = 0.0
            if inside is not None:
                shown_w = max(0.0, min(right, inside[2]) - max(left, inside[0]))
                shown_h = max(0.0, min(bottom, inside[3]) - max(top, inside[1]))
                area += 10 * ((right - left) * (bottom - top) - shown_w * shown_h)
            for o_left, o_top, o_right, o_bottom in taken:
                width = min(right, o_right) - max(left, o_left)
                if width > 0:
                    height = min(bottom, o_bottom) - max(top, o_top)
                    if height > 0:
                        area += width * height
            return area

        free = next((o for o in offsets if covered(o) == 0), None)
        best = free if free is not None else min(offsets, key=covered)
        label.setTransform(QTransform.fromTranslate(best.x(), best.y()))
        taken.append(_edges(box.translated(at + best)))
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
        else:
            self.place_labels()
