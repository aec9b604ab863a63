"""A reassignment waiting for next turn is cancelled by assigning the player back (SQLite and
PostgreSQL); the history keeps both rows and the audit says what was cancelled."""

from __future__ import annotations

import pytest

from wargame.game import InvalidInput, Viewer

from .support import Table

FAC = Viewer.facilitator()


def test_assigning_back_cancels_the_move_waiting_for_next_turn(table: Table) -> None:
    t = table
    t.go_to("moves")
    assert t.game.assign(t.fac, t.alice, "red") == 2
    alice = t.q.participant(t.alice)
    assert (alice.team_id, alice.next_team_id) == ("blue", "red")
    with pytest.raises(InvalidInput, match="already moves to Red team from turn 2"):
        t.game.assign(t.fac, t.alice, "red")

    assert t.game.assign(t.fac, t.alice, "blue", reason="changed my mind") == 2

    alice = t.q.participant(t.alice)
    assert (alice.team_id, alice.next_team_id) == ("blue", "blue")
    history = [(a.team_id, a.from_turn) for a in t.q.assignments() if a.participant_id == t.alice]
    assert history[-2:] == [("red", 2), ("blue", 2)]
    (cancel,) = [
        a for a in t.q.audit(FAC) if a.action == "participant.assign" and a.details.get("cancels")
    ]
    assert cancel.details["cancels"] == "red" and cancel.reason == "changed my mind"
    with pytest.raises(InvalidInput, match="already plays in Blue team"):
        t.game.assign(t.fac, t.alice, "blue")
    t.next_turn_to("moves")
    assert t.q.participant(t.alice).team_id == "blue"
