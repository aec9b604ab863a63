"""A team's cut of the scenario keeps no trace of where the units it does not see start."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wargame.game.fog import hidden_at_start
from wargame.game.team_terms import team_scenario_text
from wargame.scenario import load_scenario
from wargame.scenario.model import Scenario

REPO = Path(__file__).resolve().parents[2]
KEST = REPO / "tests" / "fixtures" / "scenarios" / "kest-coalitions.yaml"
TUTORIAL = REPO / "scenarios" / "tutorial.yaml"


def _kest() -> Scenario:
    return load_scenario(KEST).scenario


def _cut(scenario: Scenario, team: str) -> Scenario:
    cut = Scenario.model_validate_json(team_scenario_text(scenario, team))
    assert list(cut.reference_errors()) == []  # the team's app loads it
    return cut


def test_the_units_hidden_at_start_follow_the_fog_rules() -> None:
    scenario = _kest()
    # Blue (shared_regions) has units in aurelian-waters and aurelia only; the corvette is
    # a Borovian reinforcement not yet on the map. Red (sees: none) sees none of blue's.
    assert hidden_at_start(scenario, "blue") == {"marines", "militia-boats", "borovian-corvette"}
    assert hidden_at_start(scenario, "red") == {"frigates", "drones"}
    tutorial = load_scenario(TUTORIAL).scenario
    assert all(hidden_at_start(tutorial, t.id) == frozenset() for t in tutorial.teams)


@pytest.mark.parametrize("team", ["blue", "red"])
def test_a_hidden_unit_is_off_the_map_in_the_cut_and_its_own_units_are_as_written(
    team: str,
) -> None:
    scenario = _kest()
    cut = _cut(scenario, team)
    hidden = hidden_at_start(scenario, team)
    for unit in scenario.units:
        kept = cut.unit(unit.id)
        assert (kept.name, kept.owner, kept.type, kept.strength) == (
            unit.name,
            unit.owner,
            unit.type,
            unit.strength,
        )
        if unit.id in hidden:
            assert not kept.placed
        else:
            assert (kept.region, kept.placed) == (unit.region, unit.placed)


def _moved(scenario: Scenario, unit_id: str, region: str) -> Scenario:
    units = tuple(
        u.model_copy(update={"region": region}) if u.id == unit_id else u for u in scenario.units
    )
    return scenario.model_copy(update={"units": units})


@pytest.mark.parametrize(
    ("unit", "regions"),
    [
        ("marines", ("isle-of-kest", "borovia")),  # land
        ("militia-boats", ("borovian-waters", "strait")),  # sea
        ("borovian-corvette", ("borovian-waters", "strait")),  # where it will appear
    ],
)
def test_blues_cut_is_the_same_wherever_a_hidden_unit_starts(
    unit: str, regions: tuple[str, str]
) -> None:
    scenario = _kest()
    first, second = (_moved(scenario, unit, r) for r in regions)
    assert hidden_at_start(first, "blue") == hidden_at_start(second, "blue")
    cuts = [team_scenario_text(s, "blue") for s in (first, second)]
    assert cuts[0] == cuts[1]
    assert json.loads(cuts[0]) != json.loads(team_scenario_text(scenario, "red"))


def test_a_team_that_sees_everything_gets_every_place() -> None:
    tutorial = load_scenario(TUTORIAL).scenario
    for team in tutorial.teams:
        cut = _cut(tutorial, team.id)
        assert [(u.id, u.region, u.placed) for u in cut.units] == [
            (u.id, u.region, u.placed) for u in tutorial.units
        ]
