"""Fog of war: which units a viewer sees.

The scenario says what each team sees of other teams' units (``fog_of_war``, or a team's
own ``sees``): all of them, those in regions where it has units of its own, or none. A
team always sees its own actors' units; the white cell and the observers see everything.
The room's projector shows only what every team sees, since every team is in the room.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from wargame.game.views import Audience, StateView, UnitView, Viewer
from wargame.scenario.model import Scenario, Sight


def units_seen_by_team(
    scenario: Scenario, units: Sequence[UnitView], team_id: str
) -> tuple[UnitView, ...]:
    """The units a team sees: its own actors' units, and others' as its sight allows."""
    own_actors = set(scenario.team(team_id).actors)
    own = [u for u in units if u.owner in own_actors]
    sight = scenario.sight(team_id)
    if sight is Sight.ALL:
        return tuple(units)
    if sight is Sight.NONE:
        return tuple(own)
    regions = {u.region for u in own}
    return tuple(u for u in units if u.owner in own_actors or u.region in regions)


def units_seen(
    scenario: Scenario, units: Sequence[UnitView], viewer: Viewer
) -> tuple[UnitView, ...]:
    """The units this viewer sees (all for the white cell and observers)."""
    if viewer.audience is Audience.TEAM and viewer.team_id is not None:
        return units_seen_by_team(scenario, units, viewer.team_id)
    if viewer.audience is Audience.PUBLIC:
        seen = {u.id for u in units}
        for team in scenario.teams:
            seen &= {u.id for u in units_seen_by_team(scenario, units, team.id)}
        return tuple(u for u in units if u.id in seen)
    return tuple(units)


def state_seen(scenario: Scenario, state: StateView, viewer: Viewer) -> StateView:
    """The state with only the units this viewer sees."""
    return dataclasses.replace(state, units=units_seen(scenario, state.units, viewer))


def hidden_at_start(scenario: Scenario, team_id: str) -> frozenset[str]:
    """The units whose starting (or appearing) region a team may not know.

    Other actors' units the team does not see when the game begins, and, unless it sees
    everything, the reinforcements of other actors not yet on the map.
    """
    if scenario.sight(team_id) is Sight.ALL:
        return frozenset()
    own = set(scenario.team(team_id).actors)
    placed = [
        UnitView(u.id, u.name, u.owner, u.type, u.region, u.strength)
        for u in scenario.units
        if u.placed
    ]
    seen = {u.id for u in units_seen_by_team(scenario, placed, team_id)}
    return frozenset(u.id for u in scenario.units if u.owner not in own and u.id not in seen)


def teams_in_fog(scenario: Scenario) -> tuple[str, ...]:
    """The teams that may not see some other actors' units.

    In a shared game each of them reads only the units it sees: its cut of the scenario
    leaves out where the hidden ones start, and the facilitator's app publishes what it
    sees during play (:mod:`wargame.game.fog_publish`).
    """
    out = []
    for team in scenario.teams:
        own = set(team.actors)
        others = any(u.owner not in own for u in scenario.units)
        if others and scenario.sight(team.id) != Sight.ALL:
            out.append(team.id)
    return tuple(out)
