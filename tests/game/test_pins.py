"""PINs: set after creation by the facilitator only, stored hashed, audited without the PIN."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from wargame.game import Game, InvalidInput, JoinRequest, NotAllowed, Viewer
from wargame.scenario import load_scenario

TUTORIAL = Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.yaml"


def test_set_check_and_clear_a_pin(tmp_path: Path) -> None:
    path = tmp_path / "pins.wargame"
    with Game.create(path, load_scenario(TUTORIAL), seed=1, facilitator="Fac") as game:
        fac = game.queries().participants()[0].id
        anna = game.join(fac, JoinRequest(name="Anna", role="player", team_id="blue"))
        assert game.check_pin(anna, "whatever")  # no PIN: anything opens
        game.set_pin(fac, anna, "4321")
        assert game.check_pin(anna, "4321")
        assert not game.check_pin(anna, "1234")
        with pytest.raises(NotAllowed, match="only the facilitator"):
            game.set_pin(anna, anna, "9999")
        with pytest.raises(InvalidInput, match="4 to 32 characters"):
            game.set_pin(fac, anna, "12")
        assert game.check_pin(anna, "4321")
        game.set_pin(fac, anna, None)
        assert game.check_pin(anna, "anything")
        audit = [
            a for a in game.queries().audit(Viewer.facilitator()) if a.action == "participant.pin"
        ]
        assert [a.details["pin"] for a in audit] == ["set", "cleared"]
        assert all("4321" not in repr(a) for a in audit)
    stored = (
        sqlite3.connect(path).execute("SELECT group_concat(pin_hash) FROM participant").fetchone()
    )
    assert "4321" not in str(stored)
