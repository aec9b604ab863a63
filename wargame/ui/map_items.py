"""What the map draws: regions, red-line hatching, names with a halo, and unit tokens.

Each item keeps its own look; the view (:mod:`wargame.ui.map_view`) builds them from the
scenario, places them and hears from them (a token dropped, a region hovered).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsSceneContextMenuEvent,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QMenu,
    QStyleOptionGraphicsItem,
    QWidget,
)
from typing_extensions import override

if TYPE_CHECKING:
    from wargame.ui.map_view import MapView

from wargame.game.views import UnitView
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
