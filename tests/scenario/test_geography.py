"""The scenario's map geometry: reading GeoJSON, framing, projecting and measuring rings."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from wargame.scenario import MapFileProblem, Projection, read_cities, read_features
from wargame.scenario.discovery import assets_dir
from wargame.scenario.geography import (
    clip_ring,
    extent,
    feature_ids,
    in_frame,
    label_point,
    point_in_ring,
    ring_area_centroid,
    signed_area,
)

SQUARE = ((0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0))


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "map.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_reads_polygons_and_points_leaving_out_malformed_ones(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "properties": {"id": "a", "name": "Alpha", "kind": "sea"},
                    "geometry": {"type": "Polygon", "coordinates": [list(SQUARE)]},
                },
                {
                    "id": "b",
                    "properties": {},
                    "geometry": {"type": "MultiPolygon", "coordinates": [[list(SQUARE)]] * 2},
                },
                {"properties": {"id": "bad"}, "geometry": {"type": "Polygon", "coordinates": 3}},
                {
                    "properties": {"name": "Town"},
                    "geometry": {"type": "Point", "coordinates": [1, 2]},
                },
                {"properties": {}, "geometry": {"type": "Point", "coordinates": ["x"]}},
                "not a feature",
            ],
        },
    )
    features = read_features(path)
    assert [(f.id, f.name, f.kind, len(f.polygons)) for f in features] == [
        ("a", "Alpha", "sea", 1),
        ("b", "b", "land", 2),
    ]
    assert features[0].polygons[0][0] == SQUARE
    assert [(c.name, c.lon, c.lat) for c in read_cities(path)] == [("Town", 1.0, 2.0)]
    assert feature_ids(path) == {"a", "b", "bad"}


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "cannot be read"),
        ("{not json", "is not valid GeoJSON"),
        (b"\xff\xfe", "is not valid GeoJSON"),
        ("[1, 2]", "is not a GeoJSON FeatureCollection"),
        ('{"type": "Feature"}', "is not a GeoJSON FeatureCollection"),
        ('{"type": "FeatureCollection", "features": {}}', "is not a GeoJSON FeatureCollection"),
    ],
)
def test_a_bad_file_is_one_sentence(
    tmp_path: Path, content: str | bytes | None, words: str
) -> None:
    path = tmp_path / "bad.geojson"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    for read in (read_features, read_cities, feature_ids):
        with pytest.raises(MapFileProblem) as caught:
            read(path)
        message = str(caught.value)
        assert words in message and "bad.geojson" in message
        assert "\n" not in message


def test_an_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("wargame.scenario.geography.MAX_GEOJSON_BYTES", 10)
    path = _write(tmp_path, {"type": "FeatureCollection", "features": []})
    with pytest.raises(MapFileProblem, match="larger than"):
        read_features(path)


def test_bundled_maps_read() -> None:
    maps = assets_dir() / "maps"
    assert "ukraine-west" in {f.id for f in read_features(maps / "eastern-europe.geojson")}
    assert any(c.name == "Kyiv" for c in read_cities(maps / "eastern-europe-cities.geojson"))


def test_extent_with_and_without_padding() -> None:
    assert extent([]) is None
    assert extent([(SQUARE,)]) == (0.0, 0.0, 4.0, 4.0)
    west, south, east, north = extent([(SQUARE,)], pad=0.25) or (0, 0, 0, 0)
    assert (west, south, east, north) == (-1.0, -1.0, 5.0, 5.0)
    point = ((2.0, 3.0),)
    assert extent([(point,)], pad=0.03) == (1.5, 2.5, 2.5, 3.5)
    assert in_frame(4.0, 0.0, (0.0, 0.0, 4.0, 4.0))
    assert not in_frame(4.1, 0.0, (0.0, 0.0, 4.0, 4.0))


def test_clip_keeps_the_part_inside_the_frame() -> None:
    clipped = clip_ring(SQUARE, (1.0, 1.0, 10.0, 10.0))
    assert sorted(clipped) == [(1.0, 1.0), (1.0, 4.0), (4.0, 1.0), (4.0, 4.0)]
    assert clip_ring(SQUARE, (5.0, 5.0, 6.0, 6.0)) == []
    assert clip_ring([], (0.0, 0.0, 1.0, 1.0)) == []


def test_projection_both_ways_up() -> None:
    page = Projection(10.0, 40.0, 20.0, 60.0)
    k = math.cos(math.radians(50.0))
    assert page.width == pytest.approx(10 * k) and page.height == 20.0
    assert page.point(10.0, 40.0) == (0.0, 0.0)
    assert page.point(20.0, 60.0) == pytest.approx((10 * k, 20.0))
    screen = Projection(10.0, 40.0, 20.0, 60.0, plane_width=1000.0, y_down=True)
    assert screen.width == 1000.0
    assert screen.height == pytest.approx(1000.0 * 20 / (10 * k))
    assert screen.point(10.0, 60.0) == (0.0, 0.0)
    assert screen.point(20.0, 40.0) == pytest.approx((1000.0, screen.height))
    assert screen.frame == (10.0, 40.0, 20.0, 60.0)


def test_areas_centroids_and_label_points() -> None:
    assert signed_area(SQUARE) == 16.0
    assert signed_area(tuple(reversed(SQUARE))) == -16.0
    assert ring_area_centroid(SQUARE) == (16.0, 2.0, 2.0)
    assert ring_area_centroid(((1.0, 1.0), (3.0, 3.0))) == (0.0, 2.0, 2.0)
    assert ring_area_centroid(()) == (0.0, 0.0, 0.0)
    assert point_in_ring((2.0, 2.0), SQUARE)
    assert not point_in_ring((5.0, 2.0), SQUARE)
    # An L shape: its bounding box's centre lies outside it, its label point inside.
    ell = ((0.0, 0.0), (6.0, 0.0), (6.0, 1.0), (1.0, 1.0), (1.0, 6.0), (0.0, 6.0))
    assert not point_in_ring((3.0, 3.0), ell)
    assert point_in_ring(label_point(ell), ell)
