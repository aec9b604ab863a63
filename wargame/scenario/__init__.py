"""The scenario: the definition of a game, its YAML format, loader and JSON Schema.

Imports nothing else of the package; every other layer builds on it.
"""

from wargame.scenario.discovery import (
    ScenarioFile,
    assets_dir,
    bundled_scenarios_dir,
    find_scenario,
    resolve_asset,
    scenario_files,
    user_data_dir,
    user_scenarios_dir,
)
from wargame.scenario.geography import (
    City,
    Feature,
    MapFileProblem,
    Projection,
    read_cities,
    read_features,
)
from wargame.scenario.loader import (
    LoadedScenario,
    ScenarioError,
    dump_scenario,
    load_scenario,
    parse_scenario,
)
from wargame.scenario.model import FORMAT_VERSION, Scenario
from wargame.scenario.schema import scenario_json_schema
from wargame.scenario.yamlsafe import Problem

__all__ = [
    "FORMAT_VERSION",
    "City",
    "Feature",
    "LoadedScenario",
    "MapFileProblem",
    "Problem",
    "Projection",
    "Scenario",
    "ScenarioError",
    "ScenarioFile",
    "assets_dir",
    "bundled_scenarios_dir",
    "dump_scenario",
    "find_scenario",
    "load_scenario",
    "parse_scenario",
    "read_cities",
    "read_features",
    "resolve_asset",
    "scenario_files",
    "scenario_json_schema",
    "user_data_dir",
    "user_scenarios_dir",
]
