"""The phase timer in the record: each step says what caused it, and bad values are refused."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from wargame.game import InvalidInput, Viewer
from wargame.game.timer import PhaseTimer

from .support import Table

NOW = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)


def _timer(table: Table, cause: str = "start", *, spent: float = 0.0) -> PhaseTimer:
    turn, phase = table.phase()
    assert phase is not None
    return PhaseTimer(turn, phase, 300, spent, True, NOW, cause)


def test_an_undo_of_the_timer_is_recorded_as_one(file_table: Table) -> None:
    file_table.go_to("briefing")
    file_table.game.save_timer(file_table.fac, _timer(file_table))
    file_table.game.save_timer(file_table.fac, _timer(file_table, "undo start"))
    lines = file_table.q.audit(Viewer.facilitator(file_table.fac), action="timer.set")
    assert [(a.details["cause"], a.reason) for a in lines] == [
        ("start", None),
        ("undo start", "undone"),
    ]
    saved = file_table.game.phase_timer()
    assert saved is not None and saved.cause == "undo start"


@pytest.mark.parametrize(
    ("cause", "spent", "message"),
    [
        ("reset everything", 0.0, "'reset everything' is not something done to the phase timer"),
        ("start", -5.0, "-5 seconds spent on the phase timer is out of range"),
        ("start", float("nan"), "nan seconds spent on the phase timer is out of range"),
    ],
)
def test_a_timer_step_with_a_bad_value_is_refused_and_changes_nothing(
    file_table: Table, cause: str, spent: float, message: str
) -> None:
    file_table.go_to("briefing")
    with pytest.raises(InvalidInput, match=message):
        file_table.game.save_timer(file_table.fac, _timer(file_table, cause, spent=spent))
    assert file_table.game.phase_timer() is None


def test_a_running_timer_put_back_has_counted_the_time_since() -> None:
    timer = PhaseTimer(1, "moves", 300, 10.0, True, NOW, "pause")
    later = NOW + dt.timedelta(seconds=30)
    assert timer.at(later, "undo pause") == dataclasses.replace(
        timer, spent=40.0, saved_at=later, cause="undo pause"
    )
    paused = dataclasses.replace(timer, running=False)
    assert paused.at(later, "undo start").spent == 10.0
