"""The Qt side of shared games against a real PostgreSQL: host through the dialog, join as a
team, live updates between windows, the connection banner, and drafts across an outage."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from tests.pg import PostgresCluster
from wargame.game import AdHocInject, MoveContent
from wargame.game.sharing import HostedGame, host_game, join_game
from wargame.scenario import load_scenario
from wargame.ui.app import start_join
from wargame.ui.main_window import MainWindow
from wargame.ui.shared_game import ParticipantWindow, join_shared
from wargame.ui.shared_host import HostDialog, JoinStringsDialog

from .conftest import TUTORIAL, ScriptedNotifier, settings_in

pytestmark = pytest.mark.postgres

SHOTS = Path(os.environ.get("WARGAME_SHOTS", "")) if os.environ.get("WARGAME_SHOTS") else None


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture
def owner_url(pg_cluster: PostgresCluster) -> str:
    """A fresh venue database owned by a non-superuser account with CREATEROLE."""
    return pg_cluster.venue_database("ui")


@pytest.fixture
def hosted(owner_url: str) -> HostedGame:
    return host_game(owner_url, load_scenario(TUTORIAL), seed=5, facilitator="Wanda White")


def _window(qtbot: QtBot, notifier: ScriptedNotifier, folder: Path) -> MainWindow:
    folder.mkdir(parents=True, exist_ok=True)
    win = MainWindow(settings_in(folder), notifier, restore_layout=False)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    return win


@pytest.fixture
def facilitator(qtbot: QtBot, notifier: ScriptedNotifier, tmp_path: Path) -> Iterator[MainWindow]:
    win = _window(qtbot, notifier, tmp_path / "white")
    yield win
    win.close_game_quietly()


@pytest.fixture
def team_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """The main window of a team's laptop (it hides once the team's window opens)."""
    win = _window(qtbot, ScriptedNotifier(), tmp_path / "blue")
    yield win
    if win.participant_window is not None:
        win.participant_window.close()
    win.close_game_quietly()


def _open_facilitator(qtbot: QtBot, window: MainWindow, hosted: HostedGame) -> None:
    with qtbot.waitSignal(window.game_opened, timeout=15000):
        join_shared(window, hosted.facilitator.url)
    link = window.shared_link
    assert link is not None
    qtbot.waitUntil(lambda: link.connected, timeout=10000)


def _join_team(qtbot: QtBot, window: MainWindow, url: str, team: str) -> ParticipantWindow:
    args = argparse.Namespace(
        game=None, scenario=None, screenshot=None, join=url, team=team, participant=None
    )
    with qtbot.waitSignal(window.participant_opened, timeout=15000) as opened:
        start_join(window, args)
    participant: ParticipantWindow = opened.args[0]
    qtbot.waitUntil(lambda: participant.link.connected, timeout=10000)
    return participant


def _shot(widget: object, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        QApplication.processEvents()
        assert widget.grab().save(str(SHOTS / f"{name}.png"))  # type: ignore[attr-defined]


def _start_moves_phase(window: MainWindow) -> None:
    session = window.session
    assert session is not None
    assert session.act("Start", lambda: session.game.start(session.facilitator_id)).ok
    assert session.act("Next", lambda: session.game.advance(session.facilitator_id)).ok


def _type_move(participant: ParticipantWindow, title: str, action: str) -> None:
    form = participant.view.form
    form.title.setText(title)
    form.action.setPlainText(action)
    form.intended.setPlainText("They back down")
    form.reasons.setPlainText("Our fleet is close\nTheir ports are blockaded")


def _facilitator_titles(window: MainWindow) -> list[str]:
    assert window.moves_panel is not None
    return [row.move.title for row in window.moves_panel.model.rows()]


# ---------------------------------------------------------------------------- tests


@pytest.mark.slow
def test_host_through_the_dialog(
    qtbot: QtBot,
    facilitator: MainWindow,
    notifier: ScriptedNotifier,
    owner_url: str,
    tmp_path: Path,
) -> None:
    facilitator.show_start_page()
    _shot(facilitator, "start-page")
    dialog = facilitator.show_host_dialog()
    assert isinstance(dialog, HostDialog)
    assert not dialog.ok.isEnabled()
    dialog.url.setText(owner_url)
    index = dialog.scenario.findText(load_scenario(TUTORIAL).scenario.metadata.title)
    assert index >= 0
    dialog.scenario.setCurrentIndex(index)
    dialog.title.setText("Kest strait — shared")
    dialog.seed.setValue(11)
    dialog.facilitator.setText("Wanda White")
    dialog.pin.setText("2468")
    _shot(dialog, "host-dialog")
    with qtbot.waitSignal(facilitator.game_opened, timeout=20000):
        dialog.ok.click()
        assert dialog.progress.isVisible()  # busy while host_game runs on a worker
    assert notifier.errors == []
    strings = facilitator.join_strings
    assert isinstance(strings, JoinStringsDialog)
    assert len(strings.fields) == 3  # the facilitator's and one per team
    assert strings.warning.isVisible()  # 127.0.0.1: the join strings work on this machine only
    _shot(strings, "join-strings")
    target = tmp_path / "join.txt"
    notifier.save_files.append(str(target))
    assert strings.save_as_text() == target
    saved = target.read_text(encoding="utf-8")
    assert saved.count("postgresql://") == 3 and "team=blue" in saved and "localhost" in saved
    strings.copy(strings.fields["Facilitator"].text())
    assert QApplication.clipboard().text().startswith("postgresql://")
    # The facilitator's window runs the game, with live updates, and no recent-file entry.
    session = facilitator.session
    assert session is not None and session.summary().title == "Kest strait — shared"
    assert facilitator.shared_link is not None
    link = facilitator.shared_link
    qtbot.waitUntil(lambda: link.connected, timeout=10000)
    assert facilitator.settings.recent_games() == []
    strings.close()


def test_a_bad_join_string_is_refused_in_a_sentence(
    qtbot: QtBot, facilitator: MainWindow, notifier: ScriptedNotifier
) -> None:
    with qtbot.waitSignal(facilitator.open_failed, timeout=10000) as failed:
        join_shared(facilitator, "mysql://nobody@nowhere/db")
    assert "postgresql://" in failed.args[0]
    assert notifier.errors and notifier.errors[-1][0] == "Cannot join the shared game"


@pytest.mark.slow
def test_team_move_reaches_the_facilitator_live_and_sealed_moves_stay_hidden(
    qtbot: QtBot,
    facilitator: MainWindow,
    team_window: MainWindow,
    hosted: HostedGame,
    notifier: ScriptedNotifier,
) -> None:
    _open_facilitator(qtbot, facilitator, hosted)
    _start_moves_phase(facilitator)
    blue_url = next(j.url for j in hosted.teams if j.team_id == "blue")
    blue = _join_team(qtbot, team_window, blue_url, "blue")
    assert not team_window.isVisible() and blue.isVisible()
    view = blue.view
    assert view.hot_seat is False
    assert view.form.isEnabled()  # the team saw the facilitator's phase change
    assert view.author.count() == 1  # acting as the joined participant only
    assert view.author.currentData() == blue.joined.participant_id
    # No facilitator controls: no menus, no actions, no hand-back.
    assert blue.menuBar().actions() == []
    assert not any(b.text().startswith("Hand back") for b in blue.findChildren(QPushButton)
                   if b.isVisible())  # fmt: skip

    # Red's sealed move, entered by the facilitator: never in Blue's window.
    session = facilitator.session
    assert session is not None
    red_move = session.game.submit_move(
        session.facilitator_id,
        MoveContent(title="Red secret plan", action="Mine the strait", intended_result="Close it"),
        team_id="red",
    )
    qtbot.waitUntil(lambda: "Red secret plan" in _facilitator_titles(facilitator), timeout=2000)

    _type_move(blue, "Frigates to Kest", "Send two frigates")
    before = set(_facilitator_titles(facilitator))
    view.submit_button.click()
    assert blue.drafts.load() is None  # committed, so forgotten
    qtbot.waitUntil(
        lambda: "Frigates to Kest" in _facilitator_titles(facilitator), timeout=1000
    )  # through the listener: the two windows share nothing but the database
    assert "Frigates to Kest" not in before
    blue_titles = [m.title for m in view.moves_model.rows()]
    assert "Frigates to Kest" in blue_titles
    assert "Red secret plan" not in blue_titles
    assert all(m.team_id == "blue" for m in view.moves_model.rows())
    _shot(blue, "participant-window")

    # Revealed: now Blue sees it, pushed by the listener. Not every team has moved, so
    # the facilitator is asked first, and goes on.
    notifier.confirms.append(True)
    facilitator.next_phase()  # to adjudication
    assert not notifier.confirms  # the unfinished-work question was asked and answered
    if not any(m.title == "Red secret plan" for m in view.moves_model.rows()):
        assert session.act("Reveal", lambda: session.game.reveal_moves(session.facilitator_id)).ok
    qtbot.waitUntil(
        lambda: any(m.id == red_move for m in blue.session.moves(blue.session.viewer)),
        timeout=2000,
    )


@pytest.mark.slow
def test_outage_shows_the_banner_and_the_draft_survives(
    qtbot: QtBot,
    facilitator: MainWindow,
    team_window: MainWindow,
    hosted: HostedGame,
    pg_cluster: PostgresCluster,
) -> None:
    _open_facilitator(qtbot, facilitator, hosted)
    _start_moves_phase(facilitator)
    blue_url = next(j.url for j in hosted.teams if j.team_id == "blue")
    blue = _join_team(qtbot, team_window, blue_url, "blue")
    banner = blue.banner
    assert not banner.isVisible()

    # Typed before the outage: kept on disk after the debounce.
    _type_move(blue, "Hold the line", "Dig in at the ridge")
    keeper = blue.view.keeper
    assert keeper is not None
    with qtbot.waitSignal(keeper.saved, timeout=2000):
        pass
    kept = blue.drafts.load()
    assert kept is not None and kept.title == "Hold the line"

    pg_cluster.stop("fast")
    try:
        qtbot.waitUntil(banner.isVisible, timeout=10000)
        qtbot.waitUntil(lambda: facilitator.banner is not None and facilitator.banner.isVisible())
        assert "Connection lost" in banner.label.text()
        _shot(blue, "participant-banner")
        _shot(facilitator, "facilitator-banner")
        # Submitting now fails without a dialog; the text stays, in the form and on disk.
        assert blue.view.submit() is None
        assert blue.view.form.value().title == "Hold the line"
        assert "not submitted" in banner.problem.text()
        assert "Cannot connect" in banner.problem.toolTip()
        assert "Connection lost" in banner.label.text()
        assert "not submitted" in blue.statusBar().currentMessage()
        _shot(blue, "participant-banner-failed-submit")
        kept = blue.drafts.load()
        assert kept is not None and kept.attempted_at is not None
        assert team_window.notifier.errors == []  # type: ignore[attr-defined]
    finally:
        pg_cluster.start()
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=15000)
    assert "submit your move once more" in blue.statusBar().currentMessage()
    white_banner = facilitator.banner
    assert white_banner is not None
    qtbot.waitUntil(lambda: not white_banner.isVisible(), timeout=15000)

    blue.view.submit_button.click()
    assert blue.drafts.load() is None
    qtbot.waitUntil(lambda: "Hold the line" in _facilitator_titles(facilitator), timeout=2000)
    assert _facilitator_titles(facilitator).count("Hold the line") == 1

    # A restart (every connection drops at once): the banner comes and goes by itself.
    shown: list[bool] = []
    banner.shown.connect(shown.append)
    pg_cluster.restart("fast")
    qtbot.waitUntil(lambda: True in shown and shown[-1] is False, timeout=15000)
    assert not banner.isVisible()
    session = facilitator.session
    assert session is not None
    session.game.release_ad_hoc_inject(
        session.facilitator_id, AdHocInject(title="After the restart", text="x")
    )
    qtbot.waitUntil(
        lambda: "After the restart" in blue.view.injects.toPlainText(), timeout=2000
    )  # notifications flow again


def test_a_draft_is_restored_when_the_window_opens_again(qtbot: QtBot, hosted: HostedGame) -> None:
    blue_url = next(j.url for j in hosted.teams if j.team_id == "blue")
    notifier = ScriptedNotifier()
    first = ParticipantWindow(join_game(blue_url), notifier)
    qtbot.addWidget(first)
    store = first.drafts
    _type_move(first, "Written, not sent", "Keep it")
    first.close()  # flushes the pending draft
    assert store.load() is not None
    again = ParticipantWindow(join_game(blue_url), notifier)
    qtbot.addWidget(again)
    try:
        assert again.view.form.value().title == "Written, not sent"
        assert again.view.form.value().reasons == (
            "Our fleet is close",
            "Their ports are blockaded",
        )
    finally:
        again.close()
