"""The theatre's real geography, ready to draw: GeoJSON regions clipped and projected.

A scenario names a GeoJSON file (``map.geometry``) whose features carry an ``id``
property matching the scenario's regions, and optionally a file of city points and a
visible frame ``[west, south, east, north]``. :func:`load_geography` reads them once,
clips every polygon to the frame (Sutherland–Hodgman against the frame's rectangle),
projects it equirectangularly with the longitude scaled by the cosine of the frame's
middle latitude (distances look right in the middle of the map), and finds a label
point inside each region (the point farthest from its edges, so that a label never
lands in a neighbour or in the sea).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from wargame.scenario import Scenario, resolve_asset

Point = tuple[float, float]
Ring = tuple[Point, ...]

MAX_GEOJSON_BYTES = 20_000_000
"""A map file larger than this is not read (a report must not hang on a stray file)."""


@dataclass(frozen=True)
class Shape:
    """One feature of the map, projected: its rings and where its label goes.

    Attributes:
        feature_id: The feature's ``id`` (a region id when the scenario has that region).
        name: The feature's ``name`` property, or its id.
        sea: Whether the feature is sea (drawn blue).
        rings: Closed rings in projected units; holes are drawn with the even-odd rule.
        label: A point well inside the largest part, in projected units.
        area: The area of the largest part, in projected units.
    """

    feature_id: str
    name: str
    sea: bool
    rings: tuple[Ring, ...]
    label: Point
    area: float


@dataclass(frozen=True)
class Geography:
    """Everything a map drawing needs, in projected units (x east, y north)."""

    shapes: tuple[Shape, ...]
    cities: tuple[tuple[str, Point], ...]
    width: float
    height: float
    frame: tuple[float, float, float, float]

    def shape(self, feature_id: str) -> Shape | None:
        """The shape of this feature, or None when the file has none."""
        for shape in self.shapes:
            if shape.feature_id == feature_id:
                return shape
        return None


def load_geography(scenario: Scenario) -> Geography | None:
    """The scenario's map, or None when its GeoJSON file cannot be found or read.

    A missing or malformed file must not stop a report: the caller prints the unit
    positions as a table and says why the map is missing.
    """
    path = resolve_asset(scenario.map.geometry, None)
    if path is None:
        return None
    cities_path = resolve_asset(scenario.map.cities, None) if scenario.map.cities else None
    regions = tuple(r.id for r in scenario.map.regions)
    sea = tuple(r.id for r in scenario.map.regions if r.kind.value == "sea")
    try:  # the modification times make the cache notice an edited map file
        stamps = (
            path.stat().st_mtime_ns,
            cities_path.stat().st_mtime_ns if cities_path is not None else 0,
        )
    except OSError:
        return None
    return _load(path, cities_path, regions, sea, scenario.map.frame, stamps)


def missing_map_reason(scenario: Scenario) -> str:
    """One sentence saying why the scenario's map cannot be drawn."""
    return (
        f"The map file '{scenario.map.geometry}' named by the scenario was not found "
        "among the bundled maps or could not be read, so unit positions are listed instead."
    )


@lru_cache(maxsize=8)
def _load(
    path: Path,
    cities_path: Path | None,
    regions: tuple[str, ...],
    sea_regions: tuple[str, ...],
    frame: tuple[float, float, float, float] | None,
    stamps: tuple[int, int],
) -> Geography | None:
    del stamps  # part of the cache key only
    features = _read_features(path)
    if features is None:
        return None
    wanted = set(regions)
    by_id: dict[str, tuple[str, bool, list[list[Ring]]]] = {}
    for feature in features:
        props = feature.get("properties") or {}
        fid = str(props.get("id", ""))
        polygons = _polygons(feature.get("geometry") or {})
        if not fid or not polygons:
            continue
        sea = fid in sea_regions or props.get("kind") == "sea"
        by_id[fid] = (str(props.get("name") or fid), sea, polygons)
    if frame is None:
        frame = _extent(p for fid, (_, _, polys) in by_id.items() if fid in wanted for p in polys)
        if frame is None:
            return None
    west, south, east, north = frame
    if not (east > west and north > south):
        return None
    scale = math.cos(math.radians((south + north) / 2))

    def project(point: Point) -> Point:
        return ((point[0] - west) * scale, point[1] - south)

    shapes = []
    for fid, (name, sea, polygons) in by_id.items():
        rings: list[Ring] = []
        best: tuple[float, Ring] | None = None
        for polygon in polygons:
            for index, ring in enumerate(polygon):
                clipped = _clip(ring, frame)
                if len(clipped) < 3:
                    continue
                projected = tuple(project(p) for p in clipped)
                rings.append(projected)
                area = abs(_signed_area(projected))
                if index == 0 and (best is None or area > best[0]):
                    best = (area, projected)
        if best is None:
            continue
        shapes.append(Shape(fid, name, sea, tuple(rings), _label_point(best[1]), best[0]))
    # Sea first, then land, so that coasts are drawn over the water.
    shapes.sort(key=lambda s: (not s.sea, s.feature_id))
    cities = _cities(cities_path, frame, project) if cities_path else ()
    return Geography(tuple(shapes), cities, (east - west) * scale, north - south, frame)


def _read_features(path: Path) -> list[dict[str, Any]] | None:
    try:
        if path.stat().st_size > MAX_GEOJSON_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    features = data.get("features")
    if not isinstance(features, list):
        return None
    return [f for f in features if isinstance(f, dict)]


def _polygons(geometry: dict[str, Any]) -> list[list[Ring]]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    try:
        if kind == "Polygon":
            return [_rings(coords)]
        if kind == "MultiPolygon":
            return [_rings(polygon) for polygon in coords or ()]
    except (TypeError, ValueError, IndexError):
        return []
    return []


def _rings(polygon: Any) -> list[Ring]:
    return [tuple((float(p[0]), float(p[1])) for p in ring) for ring in polygon]


def _extent(polygons: Iterable[list[Ring]]) -> tuple[float, float, float, float] | None:
    xs: list[float] = []
    ys: list[float] = []
    for polygon in polygons:
        for x, y in polygon[0]:
            xs.append(x)
            ys.append(y)
    if not xs:
        return None
    pad_x = (max(xs) - min(xs)) * 0.03 or 0.5
    pad_y = (max(ys) - min(ys)) * 0.03 or 0.5
    return (min(xs) - pad_x, min(ys) - pad_y, max(xs) + pad_x, max(ys) + pad_y)


def _clip(ring: Sequence[Point], frame: tuple[float, float, float, float]) -> list[Point]:
    """Sutherland–Hodgman: the part of ``ring`` inside the frame's rectangle."""
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


def _signed_area(ring: Sequence[Point]) -> float:
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, (*ring[1:], ring[0]), strict=True):
        total += x1 * y2 - x2 * y1
    return total / 2


def _inside(point: Point, ring: Sequence[Point]) -> bool:
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


def _label_point(ring: Ring) -> Point:
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
            if _inside(candidate, ring):
                distance = _edge_distance(candidate, ring)
                if distance > best[0]:
                    best = (distance, candidate)
        centre = best[1]
        step_x, step_y = step_x / 4, step_y / 4
    return best[1]


def _cities(
    path: Path, frame: tuple[float, float, float, float], project: Any
) -> tuple[tuple[str, Point], ...]:
    features = _read_features(path)
    if not features:
        return ()
    west, south, east, north = frame
    out = []
    for feature in features:
        geometry = feature.get("geometry") or {}
        name = (feature.get("properties") or {}).get("name")
        if geometry.get("type") != "Point" or not name:
            continue
        try:
            lon, lat = float(geometry["coordinates"][0]), float(geometry["coordinates"][1])
        except (KeyError, TypeError, ValueError, IndexError):
            continue
        if west <= lon <= east and south <= lat <= north:
            out.append((str(name), project((lon, lat))))
    return tuple(out)
