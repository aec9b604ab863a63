"""The theatre's real geography, ready to draw: GeoJSON regions clipped and projected.

:func:`load_geography` reads the scenario's map files once (through
:mod:`wargame.scenario.geography`, which does the reading and the geometry), clips every
polygon to the frame, projects it with y growing northwards as on a PDF page, and finds a
label point inside each region (the point farthest from its edges, so that a label never
lands in a neighbour or in the sea). The result is cached per file and modification time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from wargame.scenario import Scenario, resolve_asset
from wargame.scenario.geography import (
    Frame,
    MapFileProblem,
    MapSource,
    Point,
    Polygon,
    Projection,
    Ring,
    clip_ring,
    extent,
    in_frame,
    label_point,
    read_cities,
    read_features,
    signed_area,
)


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
    frame: Frame

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
    game_map = scenario.map
    if game_map is None:
        return None
    path = _source(scenario, game_map.geometry)
    if path is None:
        return None
    cities_path = _source(scenario, game_map.cities) if game_map.cities else None
    regions = tuple(r.id for r in game_map.regions)
    sea = tuple(r.id for r in game_map.regions if r.kind.value == "sea")
    return _load(path, cities_path, regions, sea, game_map.frame)


def _source(scenario: Scenario, name: str) -> MapSource | None:
    """A file the scenario names: the copy stored with it (in the game), else on disk."""
    stored = scenario.files.get(name)
    if stored is not None:
        return (name, stored)
    return resolve_asset(name, None)


def missing_map_reason(scenario: Scenario) -> str:
    """One sentence saying why the scenario's map cannot be drawn."""
    name = scenario.map.geometry if scenario.map is not None else ""
    return (
        f"The map file '{name}' named by the scenario was not found "
        "among the bundled maps or could not be read, so unit positions are listed instead."
    )


@lru_cache(maxsize=8)
def _load(
    path: MapSource,
    cities_path: MapSource | None,
    regions: tuple[str, ...],
    sea_regions: tuple[str, ...],
    frame: Frame | None,
) -> Geography | None:
    try:
        features = read_features(path)
    except MapFileProblem:
        return None
    wanted = set(regions)
    by_id: dict[str, tuple[str, bool, tuple[Polygon, ...]]] = {}
    for feature in features:
        if not feature.id:
            continue
        sea = feature.id in sea_regions or feature.kind == "sea"
        by_id[feature.id] = (feature.name, sea, feature.polygons)
    if frame is None:
        frame = extent(
            (p for fid, (_, _, polys) in by_id.items() if fid in wanted for p in polys), pad=0.03
        )
        if frame is None:
            return None
    west, south, east, north = frame
    if not (east > west and north > south):
        return None
    projection = Projection(west, south, east, north)

    shapes = []
    for fid, (name, sea, polygons) in by_id.items():
        rings: list[Ring] = []
        best: tuple[float, Ring] | None = None
        for polygon in polygons:
            for index, ring in enumerate(polygon):
                clipped = clip_ring(ring, frame)
                if len(clipped) < 3:
                    continue
                projected = tuple(projection.point(*p) for p in clipped)
                rings.append(projected)
                area = abs(signed_area(projected))
                if index == 0 and (best is None or area > best[0]):
                    best = (area, projected)
        if best is None:
            continue
        shapes.append(Shape(fid, name, sea, tuple(rings), label_point(best[1]), best[0]))
    # Sea first, then land, so that coasts are drawn over the water.
    shapes.sort(key=lambda s: (not s.sea, s.feature_id))
    cities = _cities(cities_path, projection) if cities_path else ()
    return Geography(tuple(shapes), cities, projection.width, projection.height, frame)


def _cities(path: MapSource, projection: Projection) -> tuple[tuple[str, Point], ...]:
    try:
        cities = read_cities(path)
    except MapFileProblem:
        return ()
    return tuple(
        (city.name, projection.point(city.lon, city.lat))
        for city in cities
        if city.name and in_frame(city.lon, city.lat, projection.frame)
    )
