"""The JSON Schema accepts the bundled scenarios; user scenarios are discovered."""

from __future__ import annotations

import shutil
from pathlib import Path

import jsonschema
import pytest

from wargame.scenario import (
    find_scenario,
    load_scenario,
    scenario_files,
    scenario_json_schema,
    user_scenarios_dir,
)
from wargame.scenario.yamlsafe import parse

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
BUNDLED = ["tutorial", "troop-deployment"]


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_scenario_validates(name: str) -> None:
    loaded = load_scenario(SCENARIOS / f"{name}.yaml")
    assert loaded.scenario.metadata.id == name


@pytest.mark.parametrize("name", BUNDLED)
def test_json_schema_validates_bundled_scenario(name: str) -> None:
    schema = scenario_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    path = SCENARIOS / f"{name}.yaml"
    document = parse(path.read_text(encoding="utf-8"), str(path)).value
    jsonschema.Draft202012Validator(schema).validate(document)


def test_json_schema_rejects_an_unknown_field() -> None:
    path = SCENARIOS / "tutorial.yaml"
    document = parse(path.read_text(encoding="utf-8"), str(path)).value
    document["metadata"]["autor"] = "x"
    with pytest.raises(jsonschema.ValidationError, match="autor"):
        jsonschema.validate(document, scenario_json_schema())


def test_user_scenario_is_discovered() -> None:
    folder = user_scenarios_dir()
    folder.mkdir(parents=True)
    shutil.copy(SCENARIOS / "tutorial.yaml", folder / "my-exercise.yaml")
    entries = {(e.path.stem, e.origin) for e in scenario_files()}
    assert ("my-exercise", "user") in entries
    assert ("tutorial", "bundled") in entries
    assert find_scenario("my-exercise") == folder / "my-exercise.yaml"


def test_demo_scripts_are_not_listed_as_scenarios() -> None:
    assert all(not e.path.name.endswith(".demo.yaml") for e in scenario_files())
