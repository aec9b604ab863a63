"""The open game's panels in the main window: the turn bar, the centre, the docks.

:func:`build_game_ui` puts them in when a game opens, :func:`remove_game_ui` takes them
out when it closes. Docked panels sit in scroll areas, so a panel squeezed below its natural
size scrolls instead of widening the window past its screen.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QScrollArea, QToolBar, QWidget

from wargame.ui.dock_sizes import DockSizes
from wargame.ui.lazy_panel import LazyPanel

if TYPE_CHECKING:
    from wargame.ui.analysts import AnalystsView
    from wargame.ui.main_window import MainWindow
    from wargame.ui.notes_panel import NotesPanel
    from wargame.ui.participants import ParticipantsPanel
    from wargame.ui.session import GameSession

WINDOW_NAME = "main"
"""The settings key of the main window's geometry and dock layout."""

PANEL_MODULES = (
    "wargame.ui.session",
    "wargame.ui.injects_panel",
    "wargame.ui.log_panel",
    "wargame.ui.map_panel",
    "wargame.ui.moves_panel",
    "wargame.ui.state_board",
    "wargame.ui.turn_bar",
)
"""The modules of an open game's panels drawn at once, which :func:`build_game_ui` needs.

The panels that open behind another dock's tab (notes, participants, analysts) are
:class:`~wargame.ui.lazy_panel.LazyPanel`: their modules load when they are first shown."""


def load_panels() -> None:
    """Load the panels' modules while a worker opens the game (the UI thread waits anyway).

    Only once the game layer is loaded: the panels import it, and loading it here would
    freeze the window for a few tenths of a second.
    """
    if "wargame.game" in sys.modules:
        for name in PANEL_MODULES:
            importlib.import_module(name)


def dock(
    window: MainWindow,
    title: str,
    name: str,
    widget: QWidget,
    area: Qt.DockWidgetArea,
    shortcut: str,
) -> QDockWidget:
    """Dock a panel (in a scroll area), with its toggle in View › Panels and a shortcut."""
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    # A panel squeezed below its natural size scrolls instead of widening the window.
    scroll = QScrollArea()
    scroll.setWidget(widget)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    dock.setWidget(scroll)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
    window.addDockWidget(area, dock)
    toggle = dock.toggleViewAction()
    toggle.setShortcut(QKeySequence(shortcut))
    window.panels_menu.addAction(toggle)
    window._docks.append(dock)
    return dock


def build_game_ui(window: MainWindow, session: GameSession) -> None:
    """Build the turn bar, the map (or the moves) in the centre, and the docked panels."""
    from wargame.ui.injects_panel import InjectsPanel
    from wargame.ui.log_panel import LogPanel
    from wargame.ui.map_panel import MapPanel
    from wargame.ui.moves_panel import MovesPanel
    from wargame.ui.state_board import StateBoard
    from wargame.ui.turn_bar import PhaseClock, TurnBar

    window.undo_group.addStack(session.undo_stack)
    window.undo_group.setActiveStack(session.undo_stack)
    window.clock = PhaseClock(session, parent=session)
    window.clock.expired.connect(
        lambda: window.statusBar().showMessage("Time is up for this phase", 10000)
    )
    window.turn_bar = TurnBar(session, window.clock)
    window.turn_bar.next_phase_requested.connect(window.next_phase)
    window.turn_bar.start_requested.connect(window.start_game)
    toolbar = QToolBar("Turn and phase")
    toolbar.setObjectName("turn-toolbar")
    toolbar.setMovable(False)
    toolbar.addWidget(window.turn_bar)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    window._turn_toolbar = toolbar

    if session.scenario.map is not None:
        window.map_panel = MapPanel(session)
        window.map_panel.view.hold_labels(True)  # placed once, when the docks have settled
        window.stack.addWidget(window.map_panel)
        window.stack.setCurrentWidget(window.map_panel)

    window.state_board = StateBoard(session, white_cell=True)
    window.state_board.red_lines_crossed.connect(window._red_lines_crossed)
    window.moves_panel = MovesPanel(session)
    window.moves_panel.adjudicate_requested.connect(
        lambda move_id: window.open_adjudication(move_id or None)
    )
    window.injects_panel = InjectsPanel(session)
    window.log_panel = LogPanel(session)
    window._lazy_notes = LazyPanel(lambda: _notes(session))
    window._lazy_participants = LazyPanel(lambda: _participants(session))

    left = Qt.DockWidgetArea.LeftDockWidgetArea
    right = Qt.DockWidgetArea.RightDockWidgetArea
    bottom = Qt.DockWidgetArea.BottomDockWidgetArea
    # The side docks run the window's full height and the log sits under the centre only:
    # on a 720-pixel screen the moves and the state board need the height more than the
    # log needs the width.
    window.setCorner(Qt.Corner.BottomLeftCorner, left)
    window.setCorner(Qt.Corner.BottomRightCorner, right)
    state_dock = dock(window, "State board", "dock-state", window.state_board, left, "Ctrl+1")
    injects_dock = dock(window, "Injects", "dock-injects", window.injects_panel, right, "Ctrl+3")
    if window.map_panel is None:  # a game with no map: the moves take the centre
        window.stack.addWidget(window.moves_panel)
        window.stack.setCurrentWidget(window.moves_panel)
        moves_dock = injects_dock
    else:
        moves_dock = dock(window, "Moves", "dock-moves", window.moves_panel, right, "Ctrl+2")
        window.splitDockWidget(moves_dock, injects_dock, Qt.Orientation.Vertical)
    log_dock = dock(window, "Log", "dock-log", window.log_panel, bottom, "Ctrl+4")
    notes_dock = dock(
        window, "Notes and observations", "dock-notes", window._lazy_notes, bottom, "Ctrl+5"
    )
    people_dock = dock(
        window, "Participants", "dock-participants", window._lazy_participants, left, "Ctrl+6"
    )
    window._lazy_analysts = LazyPanel(lambda: _analysts(session))
    analysts_dock = dock(
        window, "Analysts", "dock-analysts", window._lazy_analysts, bottom, "Ctrl+7"
    )
    window.tabifyDockWidget(log_dock, notes_dock)
    window.tabifyDockWidget(notes_dock, analysts_dock)
    window.tabifyDockWidget(state_dock, people_dock)
    state_dock.raise_()
    log_dock.raise_()
    sizes = DockSizes(window, state_dock, moves_dock, injects_dock, log_dock)
    sizes.apply()
    _geometry, state = window.settings.window_state(WINDOW_NAME)
    restored = window._restore_layout and state is not None and window.restoreState(state)
    sizes.restored = restored
    if window.map_panel is not None:
        window.map_panel.view.hold_labels(False)
    if window.isVisible() and not restored:
        # Docks added to a window on screen take their sizes only once the window has laid
        # them out; sized now, the moves would be squeezed to their buttons.
        QTimer.singleShot(0, sizes.apply)

    session.changed.connect(lambda _event: window._update_actions())
    session.refused.connect(lambda message: window.statusBar().showMessage(message, 8000))
    session.said.connect(lambda message: window.statusBar().showMessage(message, 6000))
    summary = session.summary()
    window.setWindowTitle(f"{summary.title} — {session.path.name} — wargame")
    window.setWindowFilePath(str(session.path))
    window.file_label.setText(str(session.path))
    window.file_label.setToolTip("Every action is saved to this file as it happens")
    window._update_actions()


def _notes(session: GameSession) -> NotesPanel:
    from wargame.ui.notes_panel import NotesPanel

    return NotesPanel(session)


def _participants(session: GameSession) -> ParticipantsPanel:
    from wargame.ui.participants import ParticipantsPanel

    return ParticipantsPanel(session)


def _analysts(session: GameSession) -> AnalystsView:
    from wargame.ui.analysts import AnalystsView

    return AnalystsView(session)


def remove_game_ui(window: MainWindow) -> None:
    """Take the game's panels out of the window (the game is closing)."""
    for dock in window._docks:
        window.removeDockWidget(dock)
        dock.deleteLater()
    window._docks = []
    window.panels_menu.clear()
    if window._turn_toolbar is not None:
        window.removeToolBar(window._turn_toolbar)
        window._turn_toolbar.deleteLater()
        window._turn_toolbar = None
    if window.map_panel is not None:
        window.stack.removeWidget(window.map_panel)
        window.map_panel.deleteLater()
    if window.moves_panel is not None and window.stack.indexOf(window.moves_panel) >= 0:
        window.stack.removeWidget(window.moves_panel)
        window.moves_panel.deleteLater()
    window.map_panel = window.state_board = window.moves_panel = None
    window.injects_panel = window.log_panel = None
    window.forget_lazy_panels()
    window.turn_bar = None
