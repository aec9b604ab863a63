"""Reading a scenario's GeoJSON and projecting it flat for the map.

Plain Python, no Qt: the map widget turns these rings into paths. The projection is
equirectangular with the longitude scaled by the cosine of the frame's middle latitude,
which keeps shapes recognisable over a theatre a few dozen degrees across; north is up.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Ring = tuple[tuple[float, float], ...]
"""A closed ring of (longitude, latitude) points."""
Polygon = tuple[Ring, ...]
"""An outer ring followed by its holes."""


class MapFileProblem(Exception):
    """The map file cannot be read as GeoJSON; the message says why."""


@dataclass(frozen=True)
class Feature:
    """A polygon feature of the map file, by its ``id`` property."""

    id: str
    name: str
    kind: str
    polygons: tuple[Polygon, ...]


@dataclass(frozen=True)
class City:
    """A labelled point."""

    name: str
    lon: float
    lat: float


def _rings(coords: Any) -> Polygon:
    return tuple(tuple((float(x), float(y)) for x, y, *_ in ring) for ring in coords)


def read_features(path: Path) -> list[Feature]:
    """The polygon features of a GeoJSON FeatureCollection.

    Raises:
        MapFileProblem: If the file is missing or not GeoJSON.
    """
    data = _read_json(path)
    out = []
    for item in data.get("features", []):
        geometry = item.get("geometry") or {}
        props = item.get("properties") or {}
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons: tuple[Polygon, ...] = (_rings(geometry["coordinates"]),)
        elif kind == "MultiPolygon":
            polygons = tuple(_rings(poly) for poly in geometry["coordinates"])
        else:
            continue
        feature_id = str(props.get("id") or item.get("id") or "")
        out.append(
            Feature(
                feature_id,
                str(props.get("name", feature_id)),
                str(props.get("kind", "land")),
                polygons,
            )
        )
    return out


def read_cities(path: Path) -> list[City]:
    """The named points of a GeoJSON FeatureCollection.

    Raises:
        MapFileProblem: If the file is missing or not GeoJSON.
    """
    data = _read_json(path)
    out = []
    for item in data.get("features", []):
        geometry = item.get("geometry") or {}
        if geometry.get("type") != "Point":
            continue
        lon, lat, *_ = geometry["coordinates"]
        out.append(
            City(str((item.get("properties") or {}).get("name", "")), float(lon), float(lat))
        )
    return out


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MapFileProblem(f"the map file {path} cannot be read ({exc.strerror})") from None
    except ValueError as exc:
        raise MapFileProblem(f"the map file {path} is not valid GeoJSON ({exc})") from None
    if not isinstance(data, dict):
        raise MapFileProblem(f"the map file {path} is not a GeoJSON FeatureCollection")
    return data


def extent(features: Iterable[Feature]) -> tuple[float, float, float, float]:
    """West, south, east, north of the features' outer rings."""
    xs: list[float] = []
    ys: list[float] = []
    for feature in features:
        for polygon in feature.polygons:
            for x, y in polygon[0]:
                xs.append(x)
                ys.append(y)
    if not xs:
        return (0.0, 0.0, 1.0, 1.0)
    return (min(xs), min(ys), max(xs), max(ys))


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection of a frame onto a plane ``width`` units wide."""

    west: float
    south: float
    east: float
    north: float
    width: float = 1000.0

    @property
    def k(self) -> float:
        """Cosine of the middle latitude: how much a degree of longitude shrinks."""
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def scale(self) -> float:
        """Plane units per degree of latitude."""
        span = max(1e-9, (self.east - self.west) * self.k)
        return self.width / span

    @property
    def height(self) -> float:
        """Height of the frame on the plane."""
        return (self.north - self.south) * self.scale

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        """Plane coordinates of a point (y grows southwards, as on screen)."""
        return ((lon - self.west) * self.k * self.scale, (self.north - lat) * self.scale)


def ring_area_centroid(ring: Ring) -> tuple[float, float, float]:
    """Signed area and centroid of a ring (shoelace formula), in its own units."""
    area = 0.0
    cx = cy = 0.0
    n = len(ring)
    for i in range(n):
        x0, y0 = ring[i]
        x1, y1 = ring[(i + 1) % n]
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if abs(area) < 1e-12:
        xs = [p[0] for p in ring] or [0.0]
        ys = [p[1] for p in ring] or [0.0]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return area, cx / (6 * area), cy / (6 * area)
