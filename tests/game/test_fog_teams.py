"""Which teams a scenario's fog of war keeps from seeing some units (said when hosting)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.game.fog import teams_in_fog
from wargame.scenario import load_scenario
from wargame.scenario.model import Sight

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("scenario", "teams"),
    [
        ("tests/fixtures/scenarios/kest-coalitions.yaml", ("blue", "red")),  # regions; none
        ("scenarios/tutorial.yaml", ()),  # every team sees every unit
        ("tests/fixtures/scenarios/ransomware.yaml", ()),  # no units at all
    ],
)
def test_teams_in_fog(scenario: str, teams: tuple[str, ...]) -> None:
    assert teams_in_fog(load_scenario(REPO / scenario).scenario) == teams


def test_a_team_that_sees_all_is_not_in_fog() -> None:
    loaded = load_scenario(REPO / "tests/fixtures/scenarios/kest-coalitions.yaml")
    scenario = loaded.scenario
    clear = scenario.model_copy(update={"fog_of_war": Sight.ALL})
    assert teams_in_fog(clear) == ("red",)  # red's own `sees: none` still holds
