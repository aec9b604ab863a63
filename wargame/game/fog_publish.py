"""Fog of war in a shared game: the facilitator's app publishes what each team sees.

A team's database role reads no unit effect (:mod:`wargame.store.shared_fog`), so its app
cannot work out where units stand from the record. The facilitator's app, the only writer
of effects, publishes in the same transaction as each change the units every team sees at
the end of every turn played (the fog rules of :mod:`wargame.game.fog` decide which), and
the red lines crossed. A team's app draws the units from what it reads there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence

from sqlalchemy.orm import Session

from wargame.game import timeline
from wargame.game.fog import units_seen_by_team
from wargame.game.views import StateView, UnitView
from wargame.rules.state import GameState
from wargame.scenario.model import Scenario
from wargame.store import models as m
from wargame.store.engine import GameDatabase
from wargame.store.shared_fog import (
    PublishedUnit,
    fog_tables_present,
    publish_fog,
    read_crossings,
    read_team_units,
)

__all__ = [
    "publish_team_views",
    "publish_team_views_in",
    "team_states",
    "unit_views",
]


def unit_views(scenario: Scenario, state: GameState) -> tuple[UnitView, ...]:
    """The units on the map in ``state``, in the scenario's order."""
    return tuple(
        UnitView(
            u.id, u.name, u.owner, u.type, state.units[u.id].region, state.units[u.id].strength
        )
        for u in scenario.units
        if u.id in state.units
    )


def _published(scenario: Scenario, history: Sequence[tuple[int, GameState]]) -> list[PublishedUnit]:
    out: list[PublishedUnit] = []
    for turn, state in history:
        units = unit_views(scenario, state)
        for team in scenario.teams:
            out.extend(
                PublishedUnit(team.id, turn, u.id, u.region, u.strength)
                for u in units_seen_by_team(scenario, units, team.id)
            )
    return out


def publish_team_views(s: Session, game_id: int, scenario: Scenario) -> None:
    """Publish, in ``s``'s transaction, what each team sees of the units, every turn so far.

    Does nothing where there is nowhere to publish (a game file, an unshared database).
    """
    connection = s.connection()
    if not fog_tables_present(connection):
        return
    game = s.get(m.Game, game_id)
    assert game is not None
    done = timeline.replay_game(s, game_id, scenario, until_turn=game.turn)
    history = timeline.turn_ends(done, max(game.turn, 0))
    publish_fog(connection, game_id, _published(scenario, history), dict(done.first_crossed))


def publish_team_views_in(db: GameDatabase, game_id: int, scenario: Scenario) -> None:
    """:func:`publish_team_views` in a transaction of its own (hosting, upgrading)."""
    with db.session() as s:
        publish_team_views(s, game_id, scenario)


def team_states(
    s: Session, scenario: Scenario, game_id: int, team_id: str, states: Collection[StateView]
) -> tuple[StateView, ...]:
    """``states`` as a team's own role may know them: units and red lines as published.

    Each publication covers every turn so far; a turn with nothing published (a game not
    yet brought up to date by its host) shows no unit rather than guessing.
    """
    connection = s.connection()
    by_turn: dict[int, list[PublishedUnit]] = {}
    for unit in read_team_units(connection, game_id, team_id):
        by_turn.setdefault(unit.turn, []).append(unit)
    crossings = read_crossings(connection, game_id)
    out = []
    for state in states:
        seen = {p.unit_id: p for p in by_turn.get(state.turn, ())}
        units = tuple(  # the team's cut names every unit, hidden ones without their place
            UnitView(u.id, u.name, u.owner, u.type, seen[u.id].region, seen[u.id].strength)
            for u in scenario.units
            if u.id in seen
        )
        lines = tuple(
            dataclasses.replace(
                line,
                crossed=line.id in crossings and crossings[line.id] <= state.turn,
                first_crossed_turn=crossings[line.id]
                if line.id in crossings and crossings[line.id] <= state.turn
                else None,
            )
            for line in state.red_lines
        )
        out.append(dataclasses.replace(state, units=units, red_lines=lines))
    return tuple(out)
