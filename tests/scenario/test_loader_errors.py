"""Each kind of author error is refused with file, line, column and a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.scenario import ScenarioError, load_scenario, parse_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(scope="module")
def text() -> str:
    return (SCENARIOS / "tutorial.yaml").read_text(encoding="utf-8")


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing ``needle``."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in text")


def _refuse(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, source="s.yaml", base_dir=SCENARIOS)
    return info.value


def test_the_tutorial_is_accepted(text: str) -> None:
    loaded = parse_scenario(text, source="s.yaml", base_dir=SCENARIOS)
    assert loaded.scenario.metadata.id == "tutorial"
    assert len(loaded.sha256) == 64


def test_unknown_field_names_line_column_and_suggests(text: str) -> None:
    bad = text.replace("  author: wargame project\n", "  author: wargame project\n  autor: me\n")
    (problem,) = _refuse(bad).problems
    assert problem.position is not None
    assert problem.position.line == _line_of(bad, "autor: me")
    assert problem.position.column == 3
    assert "unknown field 'autor'" in problem.message
    assert "did you mean 'author'" in problem.message
    assert str(problem).startswith(f"s.yaml:{problem.position.line}:3: ")


def test_wrong_type_points_at_the_value(text: str) -> None:
    bad = text.replace("    max: 10\n", "    max: ten\n")
    (problem,) = _refuse(bad).problems
    assert problem.position is not None
    assert problem.position.line == _line_of(bad, "max: ten")
    assert problem.position.column == len("    max: ") + 1
    assert "tracks[1].max" in problem.message
    assert "integer" in problem.message


def test_number_where_text_is_expected_suggests_quotes(text: str) -> None:
    bad = text.replace('version: "1.0"', "version: 1.0")
    (problem,) = _refuse(bad).problems
    assert "metadata.version" in problem.message
    assert "quotes" in problem.message


def test_dangling_reference(text: str) -> None:
    bad = text.replace(
        "      actor: aurelia\n      regions: [strait]",
        "      actor: atlantis\n      regions: [strait]",
    )
    (problem,) = _refuse(bad).problems
    assert problem.position is not None
    assert problem.position.line == _line_of(bad, "actor: atlantis")
    assert "unknown actor 'atlantis'" in problem.message
    assert "aurelia" in problem.message  # lists the known ones


def test_every_dangling_reference_is_listed(text: str) -> None:
    tail = "\n    controller: White cell lead\n    expected_response: Aurelia decides how"
    bad = text.replace("    region: borovia\n", "    region: mars\n").replace(
        "audience: all" + tail, "audience: [blue, green]" + tail
    )
    problems = _refuse(bad).problems
    messages = " | ".join(p.message for p in problems)
    assert "unknown region 'mars'" in messages
    assert "unknown team 'green'" in messages
    lines = {p.position.line for p in problems if p.position}
    assert _line_of(bad, "region: mars") in lines
    assert _line_of(bad, "audience: [blue, green]") in lines


def test_duplicate_id(text: str) -> None:
    bad = text.replace("  - id: red\n    name: Red team", "  - id: blue\n    name: Red team")
    (problem,) = _refuse(bad).problems
    assert problem.position is not None
    assert problem.position.line == _line_of(bad, "- id: blue", occurrence=2)
    assert "duplicate id 'blue'" in problem.message


def test_out_of_bounds_start_value(text: str) -> None:
    bad = text.replace("    start: 6\n", "    start: 60\n")
    (problem,) = _refuse(bad).problems
    assert problem.position is not None
    assert problem.position.line == _line_of(bad, "start: 60")
    assert "outside the track's bounds 0..10" in problem.message


def test_trigger_level_outside_track(text: str) -> None:
    bad = text.replace("      level: 4\n", "      level: 40\n")
    (problem,) = _refuse(bad).problems
    assert problem.position is not None
    assert problem.position.line == _line_of(bad, "level: 40")


def test_unknown_kind_of_trigger(text: str) -> None:
    bad = text.replace("kind: unit_in_region", "kind: unit_in_zone")
    (problem,) = _refuse(bad).problems
    assert "unknown kind 'unit_in_zone'" in problem.message
    assert "unit_in_region" in problem.message


def test_missing_required_field(text: str) -> None:
    bad = text.replace('  title: "Tutorial: The Kest Strait"\n', "")
    (problem,) = _refuse(bad).problems
    assert "metadata.title" in problem.message
    assert "missing" in problem.message
    assert problem.position is not None
    assert problem.position.line == _line_of(bad, "  id: tutorial")


def test_bad_yaml_syntax(text: str) -> None:
    bad = text.replace("    adjacent: [strait]\n", "    adjacent: [strait\n", 1)
    (problem,) = _refuse(bad).problems
    assert "YAML syntax error" in problem.message
    assert problem.position is not None
    assert problem.position.line > _line_of(text, "adjacent: [strait]") - 1


def test_duplicate_key_names_both_lines(text: str) -> None:
    bad = text.replace(
        "  author: wargame project\n", "  author: wargame project\n  author: someone else\n"
    )
    (problem,) = _refuse(bad).problems
    first = _line_of(bad, "author: wargame project")
    assert problem.position is not None
    assert problem.position.line == first + 1
    assert f"first given on line {first}" in problem.message


def test_region_missing_from_the_map_file(text: str) -> None:
    bad = text.replace("    - id: isle-of-kest\n", "    - id: isle-of-skye\n").replace(
        "adjacent: [isle-of-kest]", "adjacent: [isle-of-skye]"
    )
    (problem,) = _refuse(bad).problems
    assert "no feature with id 'isle-of-skye'" in problem.message


def test_missing_map_file(text: str) -> None:
    bad = text.replace("maps/tutorial.geojson", "maps/nowhere.geojson")
    (problem,) = _refuse(bad).problems
    assert "map.geometry" in problem.message
    assert problem.position is not None
    assert problem.position.line == _line_of(bad, "nowhere.geojson")


def test_newer_format_is_refused_with_advice(text: str) -> None:
    bad = text.replace("format_version: 2", "format_version: 7")
    (problem,) = _refuse(bad).problems
    assert "format 7" in problem.message
    assert "update wargame" in problem.message


def test_missing_format_version(text: str) -> None:
    bad = text.replace("format_version: 2\n", "")
    (problem,) = _refuse(bad).problems
    assert "format_version is missing" in problem.message


def test_yaml_11_booleans_stay_text(text: str) -> None:
    """``NO`` (Norway) and ``yes`` are text under the YAML 1.2 core schema we read."""
    loaded = parse_scenario(
        text.replace("    name: Aurelia\n    colour", "    name: NO\n    colour", 1),
        source="s.yaml",
        base_dir=SCENARIOS,
    )
    assert loaded.scenario.actor("aurelia").name == "NO"


def test_scenario_not_a_mapping() -> None:
    with pytest.raises(ScenarioError, match="top level must be a mapping"):
        parse_scenario("- just\n- a list\n", source="s.yaml")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(ScenarioError, match="empty"):
        load_scenario(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(tmp_path / "absent.yaml")
