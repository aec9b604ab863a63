"""Focused checks of the panels, the start page, the layout memory and the phase timer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QScrollArea
from pytestqt.qtbot import QtBot

from wargame.game import Game, JoinRequest, MoveContent
from wargame.scenario.model import Method
from wargame.ui.adjudication_dialog import WrappedCheck
from wargame.ui.log_model import LogEntry, LogFilter, LogModel
from wargame.ui.main_window import MainWindow
from wargame.ui.notes_panel import parse_tags
from wargame.ui.participants import OBSERVERS
from wargame.ui.theme import Theme, readable_on
from wargame.ui.turn_bar import CountdownLabel, PhaseClock

from .conftest import FACILITATOR_PIN, TUTORIAL, ScriptedNotifier, advance, settings_in


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_phase_clock_counts_down_alerts_once_and_extends(qtbot: QtBot) -> None:
    time = FakeTime()
    clock = PhaseClock(now=time)
    label = CountdownLabel(clock)
    qtbot.addWidget(label)
    assert clock.text() == "—" and not clock.has_budget
    clock.reset(2)
    assert clock.text() == "02:00"
    clock.start()
    time.now += 61
    clock.tick()
    assert label.text() == "00:59"
    with qtbot.waitSignal(clock.expired):
        time.now += 60
        clock.tick()
    assert clock.expired_now and "background" in label.styleSheet()
    with qtbot.assertNotEmitted(clock.expired):
        time.now += 5
        clock.tick()
    assert clock.text() == "−00:06"
    clock.pause()
    time.now += 100
    assert clock.text() == "−00:06"
    clock.extend(1)
    assert clock.text() == "00:54" and not clock.expired_now


def test_the_clock_follows_the_phase(qtbot: QtBot, window: MainWindow, tutorial_game: Path) -> None:
    assert window.open_game(tutorial_game)
    assert window.clock is not None
    assert window.clock.text() == "02:00"  # the tutorial's briefing is two minutes
    advance(window)
    assert window.clock.text() == "05:00"


def test_log_model_filters_and_shows_void_records() -> None:
    at = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)
    entries = [
        LogEntry(1, at, "move", 1, "#1 Frigates", "Anna", ("blue",), "Blue team"),
        LogEntry(1, at, "note", 2, "Квота на рыбу", "Wanda", voided=True),
        LogEntry(2, at, "move", 3, "#3 Marines", "Борис", ("red",), "Red team"),
    ]
    model = LogModel()
    model.set_entries(entries)
    assert model.rowCount() == 3 and model.columnCount() == 6
    assert model.data(model.index(1, 4)) == "Квота на рыбу (void)"
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(1, 0), Qt.ItemDataRole.FontRole).strikeOut()
    model.set_filter(LogFilter(team="red"))
    assert [e.record_id for e in model.entries()] == [3]
    model.set_filter(LogFilter(turn=1, show_void=False))
    assert [e.record_id for e in model.entries()] == [1]
    model.set_filter(LogFilter(text="КВОТА"))
    assert [e.record_id for e in model.entries()] == [2]
    assert model.total() == 3


def test_tags_are_read_however_they_are_typed() -> None:
    assert parse_tags("#Surprise friction, red-line;#friction") == (
        "surprise",
        "friction",
        "red-line",
    )


def test_readable_text_colour() -> None:
    assert readable_on(QColor("#1f5fa8")) == QColor(255, 255, 255)
    assert readable_on(QColor("#e5b800")) == QColor(0, 0, 0)


def test_the_start_page_remembers_games_and_offers_to_continue(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    window.show_start_page()
    assert window.start_page.recent.item(0).text().startswith("No recent games")
    titles = [
        window.start_page.scenarios.item(i).text()
        for i in range(window.start_page.scenarios.count())
    ]
    assert any(t.startswith("Tutorial: The Kest Strait") for t in titles)
    assert window.open_game(tutorial_game)
    window.close_game()
    assert window.stack.currentIndex() == window.stack.indexOf(window.start_page)
    assert window.start_page.recent.item(0).text().startswith("Tutorial: The Kest Strait")
    window.show_start_page(offer_scenario="tutorial")  # `wargame gui --scenario tutorial`
    assert window.start_page.offer.isVisibleTo(window.start_page)
    assert str(tutorial_game.resolve()) in window.start_page.offer_label.text()
    with qtbot.waitSignal(window.game_opened):
        window.start_page.continue_button.click()


def test_without_a_recent_game_the_wizard_opens_on_the_scenario(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show_start_page(offer_scenario="tutorial")
    assert window.wizard is not None
    entry = window.wizard.scenario_page.entry()
    assert entry is not None and entry.path.resolve() == TUTORIAL.resolve()
    window.wizard.reject()


def test_the_layout_is_remembered(
    qtbot: QtBot, notifier: ScriptedNotifier, tutorial_game: Path, tmp_path: Path
) -> None:
    first = MainWindow(settings_in(tmp_path), notifier)
    qtbot.addWidget(first)
    assert first.open_game(tutorial_game)
    first.show()
    notes = next(d for d in first._docks if d.objectName() == "dock-notes")
    notes.setFloating(True)
    first.close()
    second = MainWindow(settings_in(tmp_path), notifier)
    qtbot.addWidget(second)
    assert second.open_game(tutorial_game)
    second.show()
    notes = next(d for d in second._docks if d.objectName() == "dock-notes")
    assert notes.isFloating()
    second.reset_layout()
    assert not notes.isFloating()
    second.close()


def test_participants_are_reassigned_by_drag_and_drop(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    panel = window.participants_panel
    assert panel is not None and window.session is not None
    anna = next(p for p in window.session.queries.participants() if p.name == "Anna")
    assert panel.model.members_of("blue") == ["Anna", "Aleksy"]
    notifier.confirms.append(True)  # "This cannot be undone": go on
    with qtbot.waitSignal(panel.model.dropped) as dropped:
        panel.model.drop(str(anna.id), "red")
    assert dropped.args[0] == [str(anna.id)]
    assert "from turn 2" in window.statusBar().currentMessage()  # the game runs: next turn
    advance(window)
    advance(window)
    advance(window)
    advance(window)
    assert "Anna" in panel.model.members_of("red")


def test_players_and_observers_change_places_by_drag_and_drop(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    panel = window.participants_panel
    assert panel is not None and window.session is not None
    people = {p.name: p.id for p in window.session.queries.participants()}
    assert panel.model.members_of(OBSERVERS) == ["Olga"]
    notifier.confirms.extend([True, True])  # each drop is asked for: it cannot be undone
    with qtbot.waitSignal(panel.model.dropped):
        panel.model.drop(str(people["Aleksy"]), OBSERVERS)
    assert "Aleksy is now an observer" in window.statusBar().currentMessage()
    assert panel.model.members_of(OBSERVERS) == ["Aleksy", "Olga"]
    assert panel.model.members_of("blue") == ["Anna"]
    with qtbot.waitSignal(panel.model.dropped):
        panel.model.drop(str(people["Olga"]), "red")
    assert panel.model.members_of("red") == ["Борис", "Olga"]
    olga = window.session.queries.participant(people["Olga"])
    assert (olga.role, olga.team_id) == ("player", "red")
    assert notifier.errors == []


def test_a_facilitators_move_and_note_can_be_undone(
    qtbot: QtBot, window: MainWindow, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    session = window.session
    assert session is not None and window.moves_panel is not None and window.notes_panel is not None
    advance(window)
    dialog = window.moves_panel.new_move()
    dialog.form.title.setText("Coast guard patrol")
    dialog.form.action.setPlainText("Patrol around Kest")
    dialog.form.intended.setPlainText("Show presence")
    dialog.accept()
    window.notes_panel.note_line.setText("Patrol entered by the white cell")
    window.notes_panel.add_note()
    assert session.undo_stack.count() == 3  # the phase change, the move, the note
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert session.queries.notes(session.viewer)[0].voided
    move = session.queries.moves(session.viewer)[0]
    assert move.voided and move.void_reason == "undone"
    assert window.moves_panel.model.record(0).move.voided


def test_team_entry_cannot_be_closed_without_the_pin(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    advance(window)
    entry = window.open_team_entry("red")
    assert entry is not None
    qtbot.addWidget(entry)
    entry.close()
    assert entry.isVisible() and not window.isVisible()
    assert notifier.questions[-1] == "Facilitator's PIN:"
    window.close()
    assert window.session is not None  # the main window refuses to close under the hot seat
    notifier.secrets.append(FACILITATOR_PIN)
    entry.close()
    assert not entry.isVisible() and window.isVisible()


def test_the_dark_theme_recolours_the_map(
    qtbot: QtBot, window: MainWindow, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    window.show()
    assert window.map_panel is not None
    light = window.map_panel.view.colours.land
    view = window.map_panel.view
    window.set_theme(Theme.DARK)
    try:
        qtbot.waitUntil(lambda: view.colours.land != light)  # palette changes arrive as events
        assert view.colours.land.lightness() < 128
    finally:
        window.set_theme(Theme.LIGHT)
        qtbot.waitUntil(lambda: view.colours.land == light)


def test_a_team_edits_and_withdraws_its_own_sealed_move(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    advance(window)
    entry = window.open_team_entry("red")
    assert entry is not None
    qtbot.addWidget(entry)
    entry.form.title.setText("Patrol the strait")
    entry.form.action.setPlainText("Coast guard patrols")
    entry.form.intended.setPlainText("Presence")
    with qtbot.waitSignal(entry.submitted) as submitted:
        entry.submit()
    entry.moves.selectRow(0)
    assert entry.submit_button.text() == "Save changes"
    assert entry.form.title.text() == "Patrol the strait"
    entry.form.title.setText("Patrol the strait at night")
    assert entry.submit() == submitted.args[0]
    session = window.session
    assert session is not None
    move = session.queries.moves(session.viewer)[0]
    assert move.title == "Patrol the strait at night" and move.version == 2
    entry.moves.selectRow(0)
    notifier.texts.append("Changed our minds")
    assert entry.withdraw()
    assert session.queries.moves(session.viewer)[0].status == "withdrawn"
    notifier.secrets.append(FACILITATOR_PIN)
    assert entry.request_hand_back()


def test_handing_over_without_a_facilitator_pin_asks_first(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tmp_path: Path
) -> None:
    from wargame.game import Game
    from wargame.scenario import load_scenario

    path = tmp_path / "nopin.wargame"
    with Game.create(path, load_scenario(TUTORIAL), seed=3) as game:
        game.join(1, JoinRequest(name="Anna", role="player", team_id="blue"))
        game.start(1)
    assert window.open_game(path)
    notifier.confirms.append(False)
    window.choose_team_entry()
    assert "no PIN" in notifier.questions[-1]
    assert window.team_entry is None


def test_the_facilitator_sets_a_pin_from_the_game_menu(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tmp_path: Path
) -> None:
    from wargame.game import Game
    from wargame.scenario import load_scenario

    path = tmp_path / "pin-later.wargame"
    with Game.create(path, load_scenario(TUTORIAL), seed=3) as game:
        game.join(1, JoinRequest(name="Anna", role="player", team_id="blue"))
    assert window.open_game(path)
    session = window.session
    assert session is not None
    assert session.game.check_pin(session.facilitator_id, "anything")  # no PIN yet
    notifier.secrets.append("2468")
    window.pin_action.trigger()
    assert session.game.check_pin(session.facilitator_id, "2468")
    assert not session.game.check_pin(session.facilitator_id, "1357")
    notifier.secrets.append("12")  # too short: refused with a sentence, PIN unchanged
    window.pin_action.trigger()
    assert "4 to 32 characters" in notifier.errors[-1][1]
    assert session.game.check_pin(session.facilitator_id, "2468")


def test_a_long_counter_argument_wraps_inside_the_adjudication_dialog(
    qtbot: QtBot, window: MainWindow, tutorial_game: Path
) -> None:
    long_text = (
        "The strait is too shallow for the frigates at low tide, the harbour master has "
        "already said so on the radio, and the coast guard will certainly be there first; "
    ) * 3
    with Game.open(tutorial_game) as game:
        people = {p.name: p.id for p in game.queries().participants()}
        game.advance(people["Wanda White"])
        move = game.submit_move(
            people["Anna"],
            MoveContent(
                title="Frigates into the strait",
                action="Two frigates escort the trawlers",
                intended_result="Borovia backs down",
                reasons=["Our fleet is close"],
                visibility="public",
            ),
        )
        game.counter_argue(people["Борис"], move, long_text)
    assert window.open_game(tutorial_game)
    dialog = window.open_adjudication(move)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.set_method(Method.MATRIX)
    dialog.resize(1120, 780)
    dialog.show()
    qtbot.waitExposed(dialog)
    (box,) = dialog.counter_checks.values()
    row = box.parentWidget()
    assert isinstance(row, WrappedCheck) and row.label.text() == long_text.strip()  # whole, not cut
    lines = row.label.fontMetrics().height()
    qtbot.waitUntil(lambda: row.label.height() >= 3 * lines)  # wrapped, every line shown
    for scroll in dialog.findChildren(QScrollArea):
        content = scroll.widget()
        if content is not None and content.isAncestorOf(row):
            assert content.minimumSizeHint().width() <= scroll.viewport().width()
    assert box.isChecked()
    qtbot.mouseClick(row.label, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    assert not box.isChecked()
    assert "counter-argument" not in dialog.explained.text()


def test_a_unit_moves_by_its_right_click_menu_too(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    assert window.map_panel is not None and window.session is not None
    view = window.map_panel.view
    token = view.tokens["aurelian-frigates"]
    menu = token.move_menu()
    names = [action.text() for action in menu.actions()]
    assert names == sorted(names) and "Aurelian waters" not in names  # not where it is
    strait = next(a for a in menu.actions() if a.data() == "strait")
    notifier.texts.append("Escort duty")
    with qtbot.waitSignal(window.session.changed):
        strait.trigger()
    assert view.tokens["aurelian-frigates"].unit.region == "strait"
    moved = [
        e for e in window.session.queries.effects(window.session.viewer) if e.kind == "unit_move"
    ]
    assert moved[-1].reason == "Escort duty"
    read_only = window.toggle_projector()
    assert read_only is not None
    qtbot.addWidget(read_only)
    projector_token = read_only.map.tokens["aurelian-frigates"]
    assert not projector_token.flags() & projector_token.GraphicsItemFlag.ItemIsMovable
    read_only.force_close()
