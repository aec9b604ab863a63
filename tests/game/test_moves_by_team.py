"""``GameQueries.moves_by_team``: every team's moves read at once, under the one visibility rule."""

from __future__ import annotations

from wargame.game import Viewer

from .support import Table


def test_each_team_gets_exactly_what_its_own_viewer_sees(file_table: Table) -> None:
    t = file_table
    t.go_to("moves")
    sealed = t.move(t.alice, "Blue sealed")
    t.move(t.bob, "Red public", visibility="public")
    withdrawn = t.move(t.bob, "Red withdrawn")
    t.game.withdraw_move(t.bob, withdrawn, expected_version=1, reason="changed our mind")
    t.move(t.carol, "Blue second")
    together = t.q.moves_by_team(["blue", "red"])
    for team in ("blue", "red"):
        assert together[team] == t.q.moves(Viewer.team(team))
    assert sealed not in {m.id for m in together["red"]}
    assert withdrawn not in {m.id for m in together["blue"]}
    assert "Red public" in {m.title for m in together["blue"]}
