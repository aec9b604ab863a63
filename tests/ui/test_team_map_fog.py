"""A team's own laptop draws on its map only the units its fog of war lets it see, from what
its database role may read, and the hot seat's team entry does the same from a game file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QTabWidget
from pytestqt.qtbot import QtBot

from tests.pg import PostgresCluster
from wargame.game import Game, JoinRequest
from wargame.game.sharing import host_game, join_game
from wargame.scenario import load_scenario
from wargame.scenario.model import UnitMoveEffect
from wargame.ui.session import GameSession
from wargame.ui.shared_game import ParticipantWindow
from wargame.ui.team_entry import TeamEntryWindow

from .conftest import ScriptedNotifier

KEST = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "kest-coalitions.yaml"


def _show_map(qtbot: QtBot, view: TeamEntryWindow) -> set[str]:
    assert view.map is not None
    tabs = view.map.parentWidget()
    while tabs is not None and not isinstance(tabs, QTabWidget):
        tabs = tabs.parentWidget()
    assert tabs is not None
    tabs.setCurrentWidget(view.map)
    return set(view.map.tokens)


@pytest.mark.postgres
def test_a_teams_laptop_maps_only_the_units_it_sees(
    qtbot: QtBot, pg_cluster: PostgresCluster, tmp_path: Path
) -> None:
    hosted = host_game(pg_cluster.venue_database("teammap"), load_scenario(KEST), seed=2)
    with join_game(hosted.facilitator.url) as white:
        white.game.start(white.participant_id)
        white.game.apply_effects(
            white.participant_id,
            [UnitMoveEffect(kind="unit_move", unit="militia-boats", to="strait")],
            reason="the boats put to sea",
        )
        blue_url = next(j.url for j in hosted.teams if j.team_id == "blue")
        window = ParticipantWindow(join_game(blue_url), ScriptedNotifier())
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.start()  # live updates, as on the laptop
        try:
            assert _show_map(qtbot, window.view) == {"frigates", "drones"}
            white.game.apply_effects(
                white.participant_id,
                [UnitMoveEffect(kind="unit_move", unit="frigates", to="strait")],
                reason="the frigates close in",
            )
            qtbot.waitUntil(lambda: "militia-boats" in _show_map(qtbot, window.view), timeout=10000)
            tokens = window.view.map.tokens if window.view.map else {}
            assert set(tokens) == {"frigates", "drones", "militia-boats", "borovian-corvette"}
            assert tokens["militia-boats"].unit.region == "strait"
            assert "marines" not in tokens  # still on Kest, where blue has no unit
            window.grab().save(str(tmp_path / "blue-laptop-map.png"))
        finally:
            window.close()


def test_the_hot_seat_team_entry_maps_only_the_teams_units(qtbot: QtBot, tmp_path: Path) -> None:
    game = Game.create(tmp_path / "kest.wargame", load_scenario(KEST), seed=1, facilitator="Fay")
    fac = game.queries().participants()[0].id
    game.join(fac, JoinRequest(name="Boris", role="player", team_id="red"))
    game.start(fac)
    session = GameSession(game, ScriptedNotifier())
    view = TeamEntryWindow(session, "red")
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    try:
        assert _show_map(qtbot, view) == {"marines", "militia-boats"}  # red sees none of blue's
        assert {u.id for u in session.state().units} >= {"frigates", "drones"}  # they exist
        view.grab().save(str(tmp_path / "red-hot-seat-map.png"))
    finally:
        view.force_close()
        session.close()
