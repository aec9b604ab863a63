"""The scenario: the definition of a game, its YAML format, loader and JSON Schema.

Imports nothing else of the package; every other layer builds on it.

The names below are loaded on first use (PEP 562), so that a module needing only a folder
(``assets_dir``) does not pay for Pydantic, PyYAML and the models: the desktop app shows
its window before any of them is imported.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_WHERE = {
    "City": "geography",
    "FORMAT_VERSION": "model",
    "Feature": "geography",
    "LoadedScenario": "loader",
    "MapFileProblem": "geography",
    "Problem": "yamlsafe",
    "Projection": "geography",
    "Scenario": "model",
    "ScenarioError": "loader",
    "ScenarioFile": "discovery",
    "assets_dir": "discovery",
    "bundled_scenarios_dir": "discovery",
    "dump_scenario": "loader",
    "find_scenario": "discovery",
    "load_scenario": "loader",
    "parse_scenario": "loader",
    "read_cities": "geography",
    "read_features": "geography",
    "resolve_asset": "discovery",
    "scenario_files": "discovery",
    "scenario_json_schema": "schema",
    "user_data_dir": "discovery",
    "user_scenarios_dir": "discovery",
}

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


def __getattr__(name: str) -> Any:
    """Import the module that defines ``name`` the first time it is asked for."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
