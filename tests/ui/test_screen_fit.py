"""No window or dialog opens larger than its screen, and a panel asked for comes forward."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QVBoxLayout
from pytestqt.qtbot import QtBot

from wargame.ui.main_window import MainWindow
from wargame.ui.screen_fit import OWN_FIT, ScreenFit, install_screen_fit, screen_fit_paused


def _big_dialog(qtbot: QtBot) -> QDialog:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    QVBoxLayout(dialog).addWidget(QPushButton("OK"))
    dialog.resize(4000, 3000)
    return dialog


def test_a_dialog_larger_than_its_screen_is_shrunk_onto_it(qtbot: QtBot) -> None:
    install_screen_fit()
    dialog = _big_dialog(qtbot)
    dialog.show()
    room = dialog.screen().availableGeometry()
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    assert room.contains(QRect(dialog.frameGeometry().topLeft(), dialog.size()))


def test_windows_are_fitted_again_after_a_pause(qtbot: QtBot) -> None:
    install_screen_fit()
    with screen_fit_paused():
        pass
    dialog = _big_dialog(qtbot)
    dialog.show()
    room = dialog.screen().availableGeometry()
    assert dialog.width() <= room.width() and dialog.height() <= room.height()


def test_a_dialog_opened_from_a_game_just_built_is_fitted(
    window: MainWindow, tutorial_game: Path, qtbot: QtBot
) -> None:
    window.show()
    assert window.open_game(tutorial_game)  # its panels are built with the filter aside
    dialog = _big_dialog(qtbot)
    dialog.show()
    room = dialog.screen().availableGeometry()
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    app = QApplication.instance()
    assert app is not None and len(app.findChildren(ScreenFit)) == 1


def test_a_window_that_fits_itself_is_left_alone(qtbot: QtBot) -> None:
    install_screen_fit()
    dialog = _big_dialog(qtbot)
    dialog.setProperty(OWN_FIT, True)
    dialog.show()
    assert (dialog.width(), dialog.height()) == (4000, 3000)


def test_the_observation_shortcut_brings_the_notes_tab_forward(
    window: MainWindow, tutorial_game: Path
) -> None:
    window.show()
    assert window.open_game(tutorial_game)
    assert window.notes_panel is not None and window.log_panel is not None
    assert not window.notes_panel.isVisible()  # behind the log's tab
    window.focus_observation()
    assert window.notes_panel.isVisible() and not window.log_panel.isVisible()
