"""What a shared game's database keeps per team: its cut of the scenario and the phase rules.

A team's database role may not read the scenario's full text (every team's private
briefing and objectives, and the white cell's injects); it reads its own cut instead, made
here from the scenario: the actors it does not play lose their objectives and briefings,
the injects and the analysis plan are left out (released injects reach teams through the
record, filtered by the database), and the units the team does not see at the start keep
no trace of where they stand (:func:`~wargame.game.fog.hidden_at_start`). The phase rules
say in which phases the database lets teams write moves and counter-arguments, the same
rules as :mod:`wargame.rules.turns`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from wargame.game.fog import hidden_at_start
from wargame.rules import turns
from wargame.scenario.expressions import leaves
from wargame.scenario.model import (
    AnalysisPlan,
    Control,
    Inject,
    InjectReleased,
    Scenario,
    Unit,
    domain_may_stand_in,
)

__all__ = ["TeamTerms", "team_scenario_text", "team_terms"]


@dataclass(frozen=True)
class TeamTerms:
    """The per-team part of a shared game's set-up.

    Attributes:
        cuts: each team's cut of the scenario, as scenario text (JSON, which YAML reads).
        move_phases: the phase ids in which teams may write, edit and withdraw moves.
        counter_phases: the phase ids in which teams may write counter-arguments.
    """

    cuts: dict[str, str]
    move_phases: tuple[str, ...]
    counter_phases: tuple[str, ...]


def team_scenario_text(scenario: Scenario, team_id: str) -> str:
    """The scenario as ``team_id`` may read it, as scenario text."""
    own = set(scenario.team(team_id).actors)
    actors = tuple(
        actor if actor.id in own else actor.model_copy(update={"objectives": (), "briefing": None})
        for actor in scenario.actors
    )
    cut = scenario.model_copy(
        update={
            "actors": actors,
            "units": _units_in_fog(scenario, team_id),
            "injects": _inject_stubs(scenario),
            "analysis": AnalysisPlan(),
            "control": Control(),
        }
    )
    return json.dumps(cut.model_dump(mode="json", exclude_none=True), ensure_ascii=False)


def _units_in_fog(scenario: Scenario, team_id: str) -> tuple[Unit, ...]:
    """The units, those hidden from the team at the start off the map and in no true place.

    A hidden unit keeps its id, name, owner, type and strength (the team's app names it
    once it is seen), but is not placed and stands, in the cut, in the map's first region
    its kind of unit may stand in, whatever its true one.
    """
    hidden = hidden_at_start(scenario, team_id)
    out = []
    for unit in scenario.units:
        if unit.id in hidden:
            domain = scenario.unit_domain(unit.type)
            stand_in = next(
                r.id for r in scenario.regions if domain_may_stand_in(domain, r.kind)
            )  # there is one: the unit's true region
            unit = unit.model_copy(update={"placed": False, "region": stand_in})
        out.append(unit)
    return tuple(out)


def _inject_stubs(scenario: Scenario) -> tuple[Inject, ...]:
    """Blank stand-ins for the injects a red line's trigger names (so the cut validates).

    The teams learn of released injects through the record; the scenario's own injects,
    their texts and conditions are the white cell's.
    """
    named = {
        leaf.inject
        for line in scenario.red_lines
        for leaf in leaves(line.trigger)
        if isinstance(leaf, InjectReleased)
    }
    return tuple(
        Inject(
            id=i.id,
            title="Inject",
            text="Known to the white cell.",
            controller="White cell",
            turn=1,
        )
        for i in scenario.injects
        if i.id in named
    )


def team_terms(scenario: Scenario) -> TeamTerms:
    """Every team's cut and the phase rules of ``scenario``."""
    phases = scenario.turn_plan.phases
    return TeamTerms(
        cuts={team.id: team_scenario_text(scenario, team.id) for team in scenario.teams},
        move_phases=tuple(
            p.id for p in phases if turns.is_allowed(turns.Action.SUBMIT_MOVE, p.kind)
        ),
        counter_phases=tuple(
            p.id for p in phases if turns.is_allowed(turns.Action.COUNTER_ARGUE, p.kind)
        ),
    )
