"""A shared game's per-team cut of the scenario: it loads, and holds no other team's secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.game.team_terms import team_terms
from wargame.rules import turns
from wargame.scenario import load_scenario, parse_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.mark.parametrize("name", ["tutorial", "troop-deployment"])
def test_each_teams_cut_loads_and_keeps_only_its_own_secrets(name: str) -> None:
    scenario = load_scenario(SCENARIOS / f"{name}.yaml").scenario
    terms = team_terms(scenario)
    assert set(terms.cuts) == {t.id for t in scenario.teams}
    for team in scenario.teams:
        text = terms.cuts[team.id]
        cut = parse_scenario(text, source=f"{team.id}'s cut").scenario
        assert [t.id for t in cut.teams] == [t.id for t in scenario.teams]
        assert cut.injects == ()
        assert all(i.text not in text for i in scenario.injects)
        for actor in scenario.actors:
            mine = actor.id == team.actor
            kept = cut.actor(actor.id)
            assert (kept.briefing, kept.objectives) == (
                (actor.briefing, actor.objectives) if mine else (None, ())
            )
            if not mine and actor.briefing:
                assert actor.briefing not in text


def test_the_phase_rules_follow_the_turn_machine() -> None:
    scenario = load_scenario(SCENARIOS / "tutorial.yaml").scenario
    terms = team_terms(scenario)
    kinds = {p.id: p.kind for p in scenario.turn_plan.phases}
    assert terms.move_phases and terms.counter_phases
    for phase_id, kind in kinds.items():
        assert (phase_id in terms.move_phases) == turns.is_allowed(turns.Action.SUBMIT_MOVE, kind)
        allowed = turns.is_allowed(turns.Action.COUNTER_ARGUE, kind)
        assert (phase_id in terms.counter_phases) == allowed
