"""The phase timer's start, pause and +1 minute are steps on the undo stack like any other."""

from __future__ import annotations

from pathlib import Path

from wargame.game import Viewer
from wargame.ui.main_window import MainWindow
from wargame.ui.turn_bar import PhaseClock

from .conftest import ScriptedNotifier, advance


def _clock(window: MainWindow) -> PhaseClock:
    assert window.clock is not None
    return window.clock


def _running(clock: PhaseClock) -> bool:
    """Read afresh after each step (a property read once would be narrowed by mypy)."""
    return clock.running


def _causes(window: MainWindow) -> list[tuple[str, str | None]]:
    assert window.session is not None
    viewer = Viewer.facilitator(window.session.facilitator_id)
    lines = window.session.queries.audit(viewer, action="timer.set")
    return [(str(line.details["cause"]), line.reason) for line in lines]


def test_undo_and_redo_put_the_timer_back_exactly(window: MainWindow, tutorial_game: Path) -> None:
    assert window.open_game(tutorial_game)
    clock = _clock(window)
    assert window.turn_bar is not None
    window.turn_bar.extend_button.click()  # 02:00 + 1 minute
    window.turn_bar.play_button.click()  # start
    window.turn_bar.play_button.click()  # pause
    assert clock.text() == "03:00" and not _running(clock)
    assert window.undo_action.text() == "&Undo Pause timer"

    window.undo_action.trigger()  # the pause: running again
    assert _running(clock) and clock.text() == "03:00"
    window.undo_action.trigger()  # the start: paused, with nothing spent
    assert not _running(clock) and clock.remaining() == 180
    window.undo_action.trigger()  # the extension: back to the phase's two minutes
    assert clock.text() == "02:00" and not _running(clock)
    assert window.turn_bar.play_button.text() == "Start timer"

    window.redo_action.trigger()
    assert clock.text() == "03:00"
    window.redo_action.trigger()
    assert _running(clock) and window.turn_bar.play_button.text() == "Pause timer"
    window.redo_action.trigger()
    assert not _running(clock) and clock.text() == "03:00"


def test_each_undo_and_redo_of_the_timer_is_an_honest_audit_line(
    window: MainWindow, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    clock = _clock(window)
    clock.extend(1)
    clock.start()
    window.undo_action.trigger()
    window.undo_action.trigger()
    window.redo_action.trigger()
    assert _causes(window) == [
        ("extend", None),
        ("start", None),
        ("undo start", "undone"),
        ("undo extend", "undone"),
        ("redo extend", "redone"),
    ]


def test_an_undone_timer_step_survives_reopening_the_game(
    window: MainWindow, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    clock = _clock(window)
    clock.extend(3)
    clock.extend(1)
    window.undo_action.trigger()
    assert clock.text() == "05:00"
    window.close_game()
    assert window.open_game(tutorial_game)
    assert _clock(window).text() == "05:00" and not _clock(window).running


def test_undoing_a_timer_step_of_a_phase_left_behind_changes_nothing(
    window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    clock = _clock(window)
    clock.extend(1)
    advance(window)
    assert window.session is not None
    # The phase change is undone first; once the game is back, the timer's step is undone.
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert clock.text() == "02:00"
    assert notifier.errors == []
    # A step whose phase the game has left (another laptop advanced it) is refused in words.
    window.redo_action.trigger()  # the extension again
    window.session.game.advance(window.session.facilitator_id)
    before = clock.text()
    window.undo_action.trigger()
    assert clock.text() == before
    assert notifier.last_error() == "The timer belongs to a phase the game has left."
