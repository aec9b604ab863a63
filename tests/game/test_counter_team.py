"""A counter-argument the facilitator enters records the team that raised it."""

from __future__ import annotations

import pytest

from wargame.game import NotAllowed, NotFound, Viewer

from .support import Table


def _revealed_blue_move(t: Table) -> int:
    t.go_to("moves")
    move = t.move(t.alice, "Frigates to Kest")
    t.game.advance(t.fac)
    t.game.reveal_moves(t.fac)
    return move


def test_the_facilitator_names_the_team_that_raised_it(file_table: Table) -> None:
    t = file_table
    move = _revealed_blue_move(t)
    t.game.counter_argue(t.fac, move, "Shore batteries", team_id="red")
    (counter,) = t.q.moves(Viewer.facilitator())[0].counters
    assert counter.team_id == "red"


def test_a_team_cannot_be_named_against_its_own_move(file_table: Table) -> None:
    t = file_table
    move = _revealed_blue_move(t)
    with pytest.raises(NotAllowed, match="Blue team made this move"):
        t.game.counter_argue(t.fac, move, "x", team_id="blue")
    with pytest.raises(NotFound, match="no team 'gold'"):
        t.game.counter_argue(t.fac, move, "x", team_id="gold")
    assert t.q.moves(Viewer.facilitator())[0].counters == ()
