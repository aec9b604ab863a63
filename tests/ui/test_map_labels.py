"""Names on the map stay readable: no city name covers a token or another name.

Labels and tokens keep their size on screen while the map scales, so the map places the
labels again at every zoom. Checked on the troop-deployment scenario, whose Central
European capitals (Vienna and Bratislava, 55 km apart) and crowded Baltic states are the
hard case, in the main window and on the projector's larger tokens.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QTransform
from pytestqt.qtbot import QtBot

from wargame.game import Game
from wargame.scenario import find_scenario, load_scenario
from wargame.ui.main_window import MainWindow
from wargame.ui.map_items import LabelItem
from wargame.ui.map_view import MapView


def _troop_game(path: Path) -> Path:
    scenario = find_scenario("troop-deployment")
    assert scenario is not None
    Game.create(path, load_scenario(scenario), seed=3, facilitator="F").close()
    return path


def _rect(view: MapView, label: LabelItem) -> QRectF:
    return view._screen_rect(label).adjusted(1, 1, -1, -1)


def _check_cities(view: MapView) -> list[str]:
    cities = [label for _dot, label in view.cities]
    shown = [label for label in cities if label.isVisible()]
    names = [label for label in view.labels if label.data(0) != "city"]
    tokens = [view._screen_rect(t) for t in view.tokens.values() if t.isVisible()]
    for i, label in enumerate(shown):
        box = _rect(view, label)
        others = [_rect(view, other) for other in shown[i + 1 :] + names]
        assert not any(box.intersects(o) for o in others), f"{label.text} covers another name"
        assert not any(box.intersects(t) for t in tokens), f"{label.text} covers a token"
    return [label.text for label in shown]


def test_city_names_cover_no_token_and_no_other_name(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    assert window.open_game(_troop_game(tmp_path / "troops.wargame"))
    window.show()
    qtbot.waitExposed(window)
    assert window.map_panel is not None
    view = window.map_panel.view
    view.fit()
    shown = _check_cities(view)
    assert {"Vienna", "Bratislava", "Kyiv", "Warsaw"} <= set(shown)
    assert len(shown) >= len(view.cities) * 2 // 3  # most names find a place
    viewport = QRectF(view.viewport().rect())
    for unit_id, token in view.tokens.items():  # fitted: every unit in view, none cut off
        assert viewport.contains(view._screen_rect(token)), unit_id
    view.zoom(3.0)  # closer: every name has room
    assert len(_check_cities(view)) > len(shown)


def test_the_projector_places_names_around_its_larger_tokens(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    assert window.open_game(_troop_game(tmp_path / "troops.wargame"))
    projector = window.toggle_projector()
    assert projector is not None
    qtbot.addWidget(projector)
    projector.resize(1600, 900)
    qtbot.waitExposed(projector)
    projector.map.fit()
    assert "Kyiv" in _check_cities(projector.map)
    projector.force_close()


def test_names_are_placed_again_only_when_what_they_avoid_has_moved(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    # A window being laid out resizes the map again and again at the same size.
    assert window.open_game(_troop_game(tmp_path / "troops.wargame"))
    window.show()
    qtbot.waitExposed(window)
    assert window.map_panel is not None
    view = window.map_panel.view
    view.fit()
    placed = {label.text: label.transform() for label in view.labels}
    for label in view.labels:
        label.setTransform(QTransform.fromTranslate(9999, 9999))
    view.fit()  # nothing moved: the names stay as they are
    assert all(label.transform().dx() == 9999 for label in view.labels)
    view.zoom(2.0)  # the tokens moved: every name is placed again
    assert not any(label.transform().dx() == 9999 for label in view.labels)
    view.fit()
    assert {label.text: label.transform() for label in view.labels} == placed
    assert _check_cities(view)


def test_names_are_placed_when_the_map_is_shown_even_after_a_zoom(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    assert window.open_game(_troop_game(tmp_path / "troops.wargame"))  # not shown yet
    assert window.map_panel is not None
    view = window.map_panel.view
    for label in view.labels:
        label.setTransform(QTransform.fromTranslate(9999, 9999))
    view.layout_tokens()  # hidden: no size to place them in yet
    assert all(label.transform().dx() == 9999 for label in view.labels)
    window.show()
    qtbot.waitExposed(window)
    assert not any(label.transform().dx() == 9999 for label in view.labels)
    view.zoom(2.0)  # zoomed: showing it again keeps the zoom and places the names
    window.hide()
    window.show()
    qtbot.waitExposed(window)
    assert _check_cities(view)
