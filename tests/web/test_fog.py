"""Fog of war on the team pages: a team's page and map hold only the units it sees."""

from __future__ import annotations

from pathlib import Path

from wargame.game import Game, JoinRequest
from wargame.scenario import load_scenario
from wargame.web.pages import team_view
from wargame.web.picture import map_svg

from .support import REPO

KEST = REPO / "tests" / "fixtures" / "scenarios" / "kest-coalitions.yaml"


def _kest(path: Path) -> Game:
    game = Game.create(path, load_scenario(KEST), seed=1, facilitator="Fay")
    fac = game.queries().participants()[0].id
    game.join(fac, JoinRequest(name="Ann", role="player", team_id="blue"))
    game.join(fac, JoinRequest(name="Boris", role="player", team_id="red"))
    game.start(fac)
    return game


def test_a_team_that_sees_nothing_gets_only_its_own_units(tmp_path: Path) -> None:
    game = _kest(tmp_path / "kest.wargame")
    try:
        red = {u.id for u in team_view(game, "red").state.units}
        blue = {u.id for u in team_view(game, "blue").state.units}
        everything = {u.id for u in game.queries().state().units}
    finally:
        game.close()
    # Red (sees: none) gets Borovia's and the militia's units, never the coalition's.
    assert {"marines", "militia-boats"} <= red
    assert not red & {"frigates", "drones"}
    # Blue sees its own units, and the others only where it has units of its own.
    assert {"frigates", "drones"} <= blue
    assert blue < everything and red < everything


def test_each_team_gets_its_own_map(tmp_path: Path) -> None:
    game = _kest(tmp_path / "kest.wargame")
    try:
        red, blue = map_svg(game, "red"), map_svg(game, "blue")
    finally:
        game.close()
    assert red is not None and blue is not None
    assert red != blue
