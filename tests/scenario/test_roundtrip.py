"""Any scenario the schema accepts survives a dump/load round trip unchanged."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from wargame.scenario import Scenario, dump_scenario, load_scenario, parse_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
BASE = load_scenario(SCENARIOS / "tutorial.yaml").scenario.model_dump(mode="json")

texts = st.text(min_size=1, max_size=60)
idents = st.from_regex(r"\A[a-z][a-z0-9_-]{0,12}\Z")


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    data: dict[str, Any] = copy.deepcopy(BASE)
    meta = data["metadata"]
    meta["title"] = draw(texts)
    meta["author"] = draw(texts)
    meta["summary"] = draw(texts)
    meta["background"] = draw(texts)
    meta["classification"] = draw(texts)
    meta["version"] = draw(st.sampled_from(["1.0", "NO", "010", "0o17", "1e3", "null", "~", "yes"]))
    meta["sources"] = draw(st.lists(texts, max_size=3))
    for actor in data["actors"]:
        actor["name"] = draw(texts)
        actor["native_name"] = draw(st.none() | texts)
        actor["objectives"] = draw(st.lists(texts, max_size=3))
        actor["briefing"] = draw(st.none() | texts)
    track = data["tracks"][1]
    low = draw(st.integers(-1000, 1000))
    high = draw(st.integers(low + 1, low + 2000))
    track.update(min=low, max=high, start=draw(st.integers(low, high)))
    data["turn_plan"]["turns"] = draw(st.integers(3, 100))
    for phase in data["turn_plan"]["phases"]:
        phase["minutes"] = draw(st.none() | st.integers(1, 24 * 60))
    for unit in data["units"]:
        unit["strength"] = draw(st.integers(0, 100))
        unit["name"] = draw(texts)
    new_tag = draw(idents)
    data["analysis"]["tags"] = [*data["analysis"]["tags"], new_tag]
    for inject in data["injects"]:
        inject["text"] = draw(texts)
        inject["expected_response"] = draw(st.none() | texts)
    try:
        return Scenario.model_validate(data)
    except ValidationError:
        assume(False)
        raise


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_dump_then_load_gives_the_same_scenario(scenario: Scenario) -> None:
    text = dump_scenario(scenario)
    again = parse_scenario(text, source="roundtrip.yaml", base_dir=SCENARIOS).scenario
    assert again == scenario


@pytest.mark.parametrize("name", ["tutorial", "troop-deployment"])
def test_bundled_scenarios_round_trip(name: str) -> None:
    scenario = load_scenario(SCENARIOS / f"{name}.yaml").scenario
    again = parse_scenario(dump_scenario(scenario), base_dir=SCENARIOS).scenario
    assert again == scenario
