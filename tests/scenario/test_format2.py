"""Scenario format 2: upgrades from format 1, and what the new fields accept and refuse."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.cli import main
from wargame.scenario import ScenarioError, load_scenario, parse_scenario, scenario_files
from wargame.scenario.model import UnitInRegion
from wargame.scenario.wording import describe_trigger

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
V1 = ROOT / "tests" / "fixtures" / "scenario" / "v1"
FIXTURES = ROOT / "tests" / "fixtures" / "scenarios"


@pytest.fixture(scope="module")
def tutorial() -> str:
    return (SCENARIOS / "tutorial.yaml").read_text(encoding="utf-8")


def _refuse(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, source="s.yaml", base_dir=SCENARIOS)
    return [p.message for p in info.value.problems]


# ---------------------------------------------------------------- upgrades


@pytest.mark.parametrize("name", ["tutorial.yaml", "troop-deployment.yaml"])
def test_a_version_1_file_is_upgraded_on_load_to_the_bundled_version_2(name: str) -> None:
    old = load_scenario(V1 / name)
    new = load_scenario(SCENARIOS / name)
    assert "format_version: 1" in old.text
    assert old.scenario.format_version == 2
    # The sponsor's analysis plan grows in the bundled files; the upgrade does not touch it.
    assert old.scenario.model_dump(exclude={"analysis"}) == new.scenario.model_dump(
        exclude={"analysis"}
    )


def test_upgrade_turns_any_of_into_an_any_trigger() -> None:
    old = load_scenario(V1 / "troop-deployment.yaml").scenario
    line = old.red_line("european-troops-in-ukraine")
    assert line.trigger.kind == "any"
    assert [t.kind for t in line.triggers] == ["unit_in_region"] * 3


def test_scenario_upgrade_rewrites_the_file_and_keeps_the_original(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tutorial.yaml"
    original = (V1 / "tutorial.yaml").read_bytes()
    path.write_bytes(original)
    assert main(["scenario", "upgrade", str(path)]) == 0
    assert "rewritten in format 2" in capsys.readouterr().out
    assert (tmp_path / "tutorial.yaml.bak").read_bytes() == original
    assert "format_version: 2" in path.read_text(encoding="utf-8")
    upgraded = load_scenario(path).scenario
    assert upgraded == load_scenario(V1 / "tutorial.yaml").scenario


def test_scenario_upgrade_of_a_broken_file_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.yaml"
    text = (V1 / "tutorial.yaml").read_text(encoding="utf-8").replace("max: 10", "max: ten")
    path.write_text(text, encoding="utf-8")
    assert main(["scenario", "upgrade", str(path)]) == 1
    assert "tracks[1].max" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == text
    assert not (tmp_path / "broken.yaml.bak").exists()


def test_play_scripts_are_left_out_of_the_scenario_list_by_their_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data" / "scenarios"
    folder.mkdir(parents=True)
    monkeypatch.setenv("WARGAME_DATA_DIR", str(tmp_path / "data"))
    (folder / "mine.yaml").write_bytes((SCENARIOS / "tutorial.yaml").read_bytes())
    (folder / "mine.play.yaml").write_text("# a script\n- {do: start}\n", encoding="utf-8")
    (folder / "session-two.yaml").write_text("\n---\n-\n  do: start\n", encoding="utf-8")
    names = [f.path.name for f in scenario_files() if f.origin == "user"]
    assert names == ["mine.yaml"]


# ---------------------------------------------------------------- the fixtures


@pytest.mark.parametrize(
    "path",
    [
        FIXTURES / "ransomware.yaml",
        FIXTURES / "kest-coalitions.yaml",
        FIXTURES / "baltic" / "baltic.yaml",
        FIXTURES / "red-lines-history.yaml",
    ],
)
def test_the_new_fixture_scenarios_validate(path: Path) -> None:
    assert load_scenario(path).scenario.format_version == 2


def test_a_tabletop_needs_no_map_units_or_track() -> None:
    s = load_scenario(FIXTURES / "ransomware.yaml").scenario
    assert (s.map, s.units, s.tracks, s.escalation) == (None, (), (), None)
    assert s.control.ground_truth is not None


def test_a_team_plays_several_actors() -> None:
    s = load_scenario(FIXTURES / "kest-coalitions.yaml").scenario
    assert [a.id for a in s.actors_of("blue")] == ["aurelia", "vespera"]
    assert s.team("blue").actor == "aurelia"
    assert s.sight("blue").value == "shared_regions"
    assert s.sight("red").value == "none"
    assert s.unit_domain("drone").value == "air"
    assert s.unit_type_label("fast-boat") == "FAB"


def test_files_resolve_relative_to_the_scenario_file() -> None:
    loaded = load_scenario(FIXTURES / "baltic" / "baltic.yaml")
    assert set(loaded.files) == {"maps/baltic.geojson"}
    assert loaded.scenario.files == loaded.files
    assert len(loaded.file_hashes()["maps/baltic.geojson"]) == 64


def test_a_stored_copy_reads_only_the_files_given() -> None:
    loaded = load_scenario(FIXTURES / "baltic" / "baltic.yaml")
    again = parse_scenario(loaded.text, files=loaded.files)
    assert again.scenario == loaded.scenario
    with pytest.raises(ScenarioError, match=r"the game holds no file 'maps/baltic\.geojson'"):
        parse_scenario(loaded.text, files={})


# ---------------------------------------------------------------- validation


def test_two_escalation_tracks_are_named(tutorial: str) -> None:
    bad = tutorial.replace(
        "  - id: fishing-access\n    name: Aurelian fishing access\n",
        "  - id: fishing-access\n    name: Aurelian fishing access\n    kind: escalation\n",
    )
    messages = _refuse(bad)
    assert any("only one track may be the escalation ladder" in m for m in messages), messages
    assert not any("needs rungs" in m for m in messages)


def test_a_duplicate_id_uses_one_numbering_base(tutorial: str) -> None:
    bad = tutorial.replace("  - id: borovian-marines\n", "  - id: borovian-coast-guard\n")
    (message,) = _refuse(bad)
    assert message == (
        "units[2].id: duplicate id 'borovian-coast-guard' (already used by units[1])"
    )


def test_an_audience_of_one_team_may_be_written_without_brackets(tutorial: str) -> None:
    text = tutorial.replace("    audience: all\n", "    audience: blue\n", 1)
    assert parse_scenario(text, base_dir=SCENARIOS).scenario.injects[0].audience == ("blue",)
    (message,) = _refuse(tutorial.replace("    audience: all\n", "    audience: nato\n", 1))
    assert message.startswith("injects[0].audience[0]: unknown team 'nato'")


def test_an_article_agrees_with_the_unit_type(tutorial: str) -> None:
    bad = tutorial.replace(
        "    type: infantry\n    strength: 30\n    region: borovia\n",
        "    type: infantry\n    strength: 30\n    region: strait\n",
    )
    (message,) = _refuse(bad)
    assert "is an infantry unit (land) and cannot stand in 'strait', which is sea" in message


def test_a_trigger_on_unit_types_reads_with_the_right_article() -> None:
    scenario = load_scenario(FIXTURES / "kest-coalitions.yaml").scenario
    one = UnitInRegion(kind="unit_in_region", actor="borovia", regions=("strait",))
    infantry = one.model_copy(update={"unit_types": ("infantry",)})
    two = one.model_copy(update={"unit_types": ("infantry", "naval")})
    assert describe_trigger(one, scenario) == "any unit of Borovia in The Strait"
    assert describe_trigger(infantry, scenario).startswith("an infantry unit of Borovia")
    assert describe_trigger(two, scenario).startswith("an infantry or naval unit of")


def test_a_naval_unit_on_land_points_at_the_missing_kind_sea(tutorial: str) -> None:
    bad = tutorial.replace(
        "    - id: strait\n      name: The Strait\n      kind: sea\n",
        "    - id: strait\n      name: The Strait\n",
    ).replace("    region: aurelian-waters\n", "    region: strait\n")
    (message,) = _refuse(bad)
    assert "add 'kind: sea'" not in message or "map.regions[2]" in message
    assert "if 'strait' is sea, say so with 'kind: sea' under map.regions[2]" in message


def test_an_inject_that_sends_a_land_unit_to_sea_is_refused_before_play(tutorial: str) -> None:
    bad = tutorial.replace(
        "      - kind: track\n        track: fishing-access\n        delta: -1\n",
        "      - kind: unit_move\n        unit: borovian-marines\n        to: strait\n",
    )
    (message,) = _refuse(bad)
    assert message.startswith("injects[0].effects[0].to: 'borovian-marines' is an infantry unit")


def test_unknown_ids_in_triggers_and_effects_are_listed(tutorial: str) -> None:
    bad = tutorial.replace(
        "      kind: track_at_least\n      track: escalation\n      level: 4\n",
        "      kind: all\n      of:\n"
        "        - {kind: fact_established, fact: nope}\n"
        "        - {kind: inject_released, inject: nothing}\n"
        "        - {kind: move_adjudicated, team: green, tag: odd}\n"
        "        - {kind: turn_reached, turn: 9}\n",
    )
    messages = _refuse(bad)
    assert "red_lines[1].trigger.of[0].fact: unknown fact 'nope' (known: none defined)" in messages
    assert any(
        m.startswith("red_lines[1].trigger.of[1].inject: unknown inject 'nothing'")
        for m in messages
    )
    assert any(
        m.startswith("red_lines[1].trigger.of[2].team: unknown team 'green'") for m in messages
    )
    assert any(
        m.startswith("red_lines[1].trigger.of[2].tag: unknown move tag 'odd'") for m in messages
    )
    assert "red_lines[1].trigger.of[3].turn: turn 9 is after the last turn (3)" in messages


def test_an_inject_at_a_clock_time_must_fall_in_its_turn() -> None:
    text = (FIXTURES / "ransomware.yaml").read_text(encoding="utf-8")
    (message,) = _refuse(text.replace('at: "21:15"', 'at: "23:30"'))
    assert message == (
        "injects[1].at: 23:30 is not within turn 2, which runs from 2027-02-05 20:00 "
        "to 2027-02-05 22:00"
    )


def test_units_without_a_map_are_refused(tutorial: str) -> None:
    start = tutorial.index("map:\n")
    end = tutorial.index("units:\n")
    messages = _refuse(tutorial[:start] + tutorial[end:])
    assert any("units stand in regions, so they need a map" in m for m in messages)


def test_a_declared_unit_type_may_not_take_a_built_in_name(tutorial: str) -> None:
    bad = tutorial.replace(
        "units:\n", "unit_types:\n  - {id: naval, name: Boats, label: B, domain: sea}\nunits:\n"
    )
    (message,) = _refuse(bad)
    assert "'naval' is already a built-in unit type" in message


def test_an_unquoted_colon_gets_a_quoting_hint() -> None:
    (message,) = _refuse("format_version: 2\nmetadata:\n  title: Phase 2: talks\n")
    assert "must be put in quotes" in message


def test_a_bad_date_says_how_to_write_one(tutorial: str) -> None:
    (message,) = _refuse(tutorial.replace("start: 2027-03-01", "start: 2027-3-1x"))
    assert message.startswith("metadata.clock.start:")
    assert "YYYY-MM-DD" in message


def test_a_list_whose_only_item_is_wrong_gets_one_message() -> None:
    text = (FIXTURES / "ransomware.yaml").read_text(encoding="utf-8")
    bad = text.replace("outcomes: [success, partial]}", "outcomes: [won]}", 1)
    with pytest.raises(ScenarioError) as info:
        parse_scenario(bad, source="r.yaml", base_dir=FIXTURES)
    (problem,) = info.value.problems
    assert problem.message.endswith(
        "outcomes[0]: input should be 'success', 'partial' or 'failure'"
    )
