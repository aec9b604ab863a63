"""The data collection plan in the scenario format: elements, capabilities, old plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.scenario import ScenarioError, parse_scenario
from wargame.scenario.analysis_plan import CollectionTime, Collector

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(scope="module")
def text() -> str:
    return (SCENARIOS / "tutorial.yaml").read_text(encoding="utf-8")


def _refuse(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, source="s.yaml", base_dir=SCENARIOS)
    return info.value


def test_elements_say_what_by_whom_and_when(text: str) -> None:
    plan = parse_scenario(text, source="s.yaml", base_dir=SCENARIOS).scenario.analysis
    blue = next(e for e in plan.elements if e.id == "blue-choices")
    assert (blue.by, blue.when) == (Collector.WHITE_CELL, CollectionTime.EACH_TURN)
    assert plan.question_of("step-backs").id == "off-ramps"


def test_a_plan_without_elements_still_loads(text: str) -> None:
    start = text.index("      elements:\n        - id: blue-choices")
    end = text.index("    - id: off-ramps")
    old = text[:start] + text[end:]
    start = old.index("      elements:\n        - id: step-backs")
    end = old.index("  tags: [surprise, friction]")
    old = old[:start] + old[end:]
    plan = parse_scenario(old, source="s.yaml", base_dir=SCENARIOS).scenario.analysis
    assert plan.elements == () and len(plan.questions) == 2


def test_a_duplicate_element_id_is_refused_where_it_is_written(text: str) -> None:
    bad = text.replace("        - id: step-backs", "        - id: blue-choices")
    (problem,) = _refuse(bad).problems
    assert "duplicate element id 'blue-choices'" in problem.message
    assert problem.position is not None
    assert bad.splitlines()[problem.position.line - 1].strip() == "- id: blue-choices"


def test_a_capability_may_not_reuse_an_objectives_id(text: str) -> None:
    bad = text.replace(
        "  questions:\n    - id: red-line-effect",
        "  capabilities:\n    - id: learn-the-turn\n      name: Turns\n"
        "  questions:\n    - id: red-line-effect",
    )
    (problem,) = _refuse(bad).problems
    assert "capability id 'learn-the-turn' is already used" in problem.message


def test_an_unknown_collector_is_refused_with_the_choices(text: str) -> None:
    bad = text.replace("          by: white_cell", "          by: everyone")
    (problem,) = _refuse(bad).problems
    assert "everyone" in problem.message or "analyst" in problem.message
