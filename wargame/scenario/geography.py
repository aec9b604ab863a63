"""The scenario's map geometry: reading its GeoJSON and the plane geometry over it.

A scenario names a GeoJSON FeatureCollection (``map.geometry``) whose polygon features
carry an ``id`` property matching the scenario's regions, optionally a second file of
named city points (``map.cities``), and optionally a visible frame
``[west, south, east, north]`` in degrees. This module is the one place that reads those
files and does the geometry every consumer needs: the loader checks that each region has
a feature, the report and the desktop map draw them.

Pure Python (standard library only): no drawing library. Coordinates are
``(longitude, latitude)`` in degrees until :class:`Projection` maps them onto a plane
equirectangularly, the longitude scaled by the cosine of the frame's middle latitude so
that distances look right in the middle of the map.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "MAX_GEOJSON_BYTES",
    "City",
    "Feature",
    "Frame",
    "MapFileProblem",
    "Point",
    "Polygon",
    "Projection",
    "Ring",
    "clip_ring",
    "extent",
    "feature_ids",
    "in_frame",
    "label_point",
    "point_in_ring",
    "read_cities",
    "read_features",
    "ring_area_centroid",
    "signed_area",
]

Point = tuple[float, float]
"""A point: (longitude, latitude) in degrees, or (x, y) on a plane."""
Ring = tuple[Point, ...]
"""A closed ring of points (the closing point may or may not repeat the first)."""
Polygon = tuple[Ring, ...]
"""An outer ring followed by its holes."""
Frame = tuple[float, float, float, float]
"""West, south, east, north in degrees."""

MAX_GEOJSON_BYTES = 20_000_000
"""A map file larger than this is not read (nothing must hang on a stray file)."""


class MapFileProblem(ValueError):
    """A map file cannot be read as a GeoJSON FeatureCollection; the message says why."""


@dataclass(frozen=True)
class Feature:
    """A polygon feature of the map file.

    Attributes:
        id: The ``id`` property (or the feature's own ``id``); a region id when the
            scenario has that region, "" when the feature has none.
        name: The ``name`` property, or the id.
        kind: The ``kind`` property ("land" unless the file says otherwise).
        polygons: The feature's polygons in degrees.
    """

    id: str
    name: str
    kind: str
    polygons: tuple[Polygon, ...]


@dataclass(frozen=True)
class City:
    """A point of the cities file and its ``name`` property ("" when it has none)."""

    name: str
    lon: float
    lat: float


# ---------------------------------------------------------------------------- reading


MapSource = Path | tuple[str, bytes]
"""A map file on disk, or one stored in a game: its name and its bytes."""


def read_map_bytes(path: Path) -> bytes:
    """The bytes of a map file on disk, refusing one too large to be a map.

    Raises:
        MapFileProblem: If the file cannot be read or is too large.
    """
    try:
        if path.stat().st_size > MAX_GEOJSON_BYTES:
            raise MapFileProblem(
                f"the map file {path.name} is larger than "
                f"{MAX_GEOJSON_BYTES // 1_000_000} MB and is not read"
            )
        return path.read_bytes()
    except OSError as exc:
        raise MapFileProblem(
            f"the map file {path.name} cannot be read ({exc.strerror or exc})"
        ) from None


def _read_collection(source: MapSource) -> list[dict[str, Any]]:
    """The feature objects of a GeoJSON FeatureCollection file."""
    if isinstance(source, Path):
        name, raw = source.name, read_map_bytes(source)
    else:
        name, raw = source[0].rsplit("/", 1)[-1], source[1]
        if len(raw) > MAX_GEOJSON_BYTES:
            raise MapFileProblem(
                f"the map file {name} is larger than "
                f"{MAX_GEOJSON_BYTES // 1_000_000} MB and is not read"
            )
    path = Path(name)
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError as exc:  # JSON and Unicode decoding errors
        raise MapFileProblem(f"the map file {path.name} is not valid GeoJSON ({exc})") from None
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features", []), list)
    ):
        raise MapFileProblem(f"the map file {path.name} is not a GeoJSON FeatureCollection")
    return [item for item in data.get("features", []) if isinstance(item, dict)]


def _properties(item: dict[str, Any]) -> dict[str, Any]:
    props = item.get("properties")
    return props if isinstance(props, dict) else {}


def _raw_id(item: dict[str, Any]) -> Any:
    return _properties(item).get("id", item.get("id"))


def feature_ids(path: MapSource) -> set[str]:
    """The string ids of every feature of a map file, whatever its geometry.

    Raises:
        MapFileProblem: If the file is missing, too large or not a FeatureCollection.
    """
    return {fid for item in _read_collection(path) if isinstance(fid := _raw_id(item), str)}


def read_features(path: MapSource) -> list[Feature]:
    """The polygon features of a map file, in file order.

    A feature whose coordinates are malformed is left out, as is any non-polygon one.

    Raises:
        MapFileProblem: If the file is missing, too large or not a FeatureCollection.
    """
    out = []
    for item in _read_collection(path):
        geometry = item.get("geometry")
        polygons = _polygons(geometry if isinstance(geometry, dict) else {})
        if not polygons:
            continue
        props = _properties(item)
        raw = _raw_id(item)
        fid = "" if raw is None else str(raw)
        out.append(
            Feature(fid, str(props.get("name") or fid), str(props.get("kind", "land")), polygons)
        )
    return out


def read_cities(path: MapSource) -> list[City]:
    """The points of a cities file, in file order; malformed points are left out.

    Raises:
        MapFileProblem: If the file is missing, too large or not a FeatureCollection.
    """
    out = []
    for item in _read_collection(path):
        geometry = item.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") != "Point":
            continue
        try:
            lon, lat = float(geometry["coordinates"][0]), float(geometry["coordinates"][1])
        except (KeyError, TypeError, ValueError, IndexError):
            continue
        name = _properties(item).get("name")
        out.append(City("" if name is None else str(name), lon, lat))
    return out


def _polygons(geometry: dict[str, Any]) -> tuple[Polygon, ...]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    try:
        if kind == "Polygon":
            return (_rings(coords),)
        if kind == "MultiPolygon":
            return tuple(_rings(polygon) for polygon in coords or ())
    except (TypeError, ValueError, IndexError):
        return ()
    return ()


def _rings(polygon: Any) -> Polygon:
    return tuple(tuple((float(p[0]), float(p[1])) for p in ring) for ring in polygon)


# ---------------------------------------------------------------------------- frame


def extent(polygons: Iterable[Polygon], pad: float = 0.0) -> Frame | None:
    """West, south, east, north of the polygons' outer rings, or None when there are none.

    ``pad`` widens each side by that fraction of the span (half a degree when the span
    is zero).
    """
    xs: list[float] = []
    ys: list[float] = []
    for polygon in polygons:
        for x, y in polygon[0]:
            xs.append(x)
            ys.append(y)
    if not xs:
        return None
    if not pad:
        return (min(xs), min(ys), max(xs), max(ys))
    pad_x = (max(xs) - min(xs)) * pad or 0.5
    pad_y = (max(ys) - min(ys)) * pad or 0.5
    return (min(xs) - pad_x, min(ys) - pad_y, max(xs) + pad_x, max(ys) + pad_y)


def in_frame(lon: float, lat: float, frame: Frame) -> bool:
    """Whether the point lies in the frame (its edges included)."""
    west, south, east, north = frame
    return west <= lon <= east and south <= lat <= north


def clip_ring(ring: Sequence[Point], frame: Frame) -> list[Point]:
    """Sutherland–Hodgman: the part of ``ring`` inside the frame's rectangle (open)."""
    west, south, east, north = frame
    points = list(ring)
    if points and points[0] == points[-1]:
        points.pop()
    edges: tuple[tuple[Callable[[Point], bool], Callable[[Point, Point], Point]], ...] = (
        (lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north)),
    )
    for inside, cross in edges:
        if not points:
            break
        out: list[Point] = []
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
            previous = current
        points = out
    return points


def _at_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection of a frame onto a plane, longitude scaled by cos(lat).

    Attributes:
        west, south, east, north: The frame in degrees.
        plane_width: Width of the frame on the plane; None keeps one plane unit per
            degree of latitude.
        y_down: Whether y grows southwards (as on screen) rather than northwards
            (as on a PDF page).
    """

    west: float
    south: float
    east: float
    north: float
    plane_width: float | None = None
    y_down: bool = False

    @property
    def k(self) -> float:
        """Cosine of the middle latitude: how much a degree of longitude shrinks."""
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def scale(self) -> float:
        """Plane units per degree of latitude."""
        if self.plane_width is None:
            return 1.0
        span = max(1e-9, (self.east - self.west) * self.k)
        return self.plane_width / span

    @property
    def width(self) -> float:
        """Width of the frame on the plane."""
        if self.plane_width is not None:
            return self.plane_width
        return (self.east - self.west) * self.k

    @property
    def height(self) -> float:
        """Height of the frame on the plane."""
        return (self.north - self.south) * self.scale

    @property
    def frame(self) -> Frame:
        """West, south, east, north."""
        return (self.west, self.south, self.east, self.north)

    def point(self, lon: float, lat: float) -> Point:
        """Plane coordinates of a point."""
        if self.plane_width is None:  # one unit per degree: no multiplication by 1.0
            x = (lon - self.west) * self.k
            return (x, self.north - lat) if self.y_down else (x, lat - self.south)
        scale = self.scale
        x = (lon - self.west) * self.k * scale
        return (x, (self.north - lat) * scale) if self.y_down else (x, (lat - self.south) * scale)


# ---------------------------------------------------------------------------- shapes


def signed_area(ring: Sequence[Point]) -> float:
    """Signed area of a ring by the shoelace formula (positive when anticlockwise)."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, (*ring[1:], ring[0]), strict=True):
        total += x1 * y2 - x2 * y1
    return total / 2


def ring_area_centroid(ring: Sequence[Point]) -> tuple[float, float, float]:
    """Signed area and centroid of a ring, in its own units.

    A degenerate ring (area below 1e-12) has area 0 and the mean of its points.
    """
    if not ring:
        return 0.0, 0.0, 0.0
    area = signed_area(ring)
    if abs(area) < 1e-12:
        return 0.0, sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, (*ring[1:], ring[0]), strict=True):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return area, cx / (6 * area), cy / (6 * area)


def point_in_ring(point: Point, ring: Sequence[Point]) -> bool:
    """Whether the point lies inside the ring (even-odd ray casting)."""
    x, y = point
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _edge_distance(point: Point, ring: Sequence[Point]) -> float:
    px, py = point
    best = math.inf
    for (x1, y1), (x2, y2) in zip(ring, (*ring[1:], ring[0]), strict=True):
        dx, dy = x2 - x1, y2 - y1
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / length))
        cx, cy = x1 + t * dx - px, y1 + t * dy - py
        best = min(best, cx * cx + cy * cy)
    return math.sqrt(best)


def label_point(ring: Sequence[Point]) -> Point:
    """A point inside ``ring`` far from its edges (a coarse pole of inaccessibility)."""
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    best: tuple[float, Point] = (-1.0, ((x0 + x1) / 2, (y0 + y1) / 2))
    step_x, step_y = (x1 - x0) / 10, (y1 - y0) / 10
    centre = best[1]
    for _ in range(3):
        candidates = [
            (centre[0] + i * step_x, centre[1] + j * step_y)
            for i in range(-5, 6)
            for j in range(-5, 6)
        ]
        for candidate in candidates:
            if point_in_ring(candidate, ring):
                distance = _edge_distance(candidate, ring)
                if distance > best[0]:
                    best = (distance, candidate)
        centre = best[1]
        step_x, step_y = step_x / 4, step_y / 4
    return best[1]
