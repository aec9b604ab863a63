"""The facilitator's main window: the start page, or an open game in dockable panels.

The game file is the document: every action is committed as it happens, so there is no
Save; the title bar names the file. Panels (state board, moves, injects, log, notes,
participants) dock anywhere and the layout is remembered. The window wires the parts
once, when a game opens, and hands each panel the :class:`GameSession` only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QKeySequence,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from wargame import __version__, applog
from wargame.ui import analysis_menu
from wargame.ui.actions import build_actions, menu_actions, shortcuts_html, update_actions
from wargame.ui.guard import ClickGuard
from wargame.ui.notifier import Notifier, sentence
from wargame.ui.settings import AppSettings
from wargame.ui.theme import Theme, apply_theme
from wargame.ui.workers import Job

if TYPE_CHECKING:
    from wargame.game import Game
    from wargame.game.sharing import JoinedGame
    from wargame.ui.adjudication_dialog import AdjudicationDialog
    from wargame.ui.analysts import AnalystsView
    from wargame.ui.injects_panel import InjectsPanel
    from wargame.ui.log_panel import LogPanel
    from wargame.ui.map_view import MapPanel
    from wargame.ui.moves_panel import MovesPanel
    from wargame.ui.notes_panel import NotesPanel
    from wargame.ui.participants import ParticipantsPanel
    from wargame.ui.projector import ProjectorWindow
    from wargame.ui.session import GameSession
    from wargame.ui.shared_game import ConnectionBanner, ParticipantWindow, SharedLink
    from wargame.ui.state_board import StateBoard
    from wargame.ui.team_entry import TeamEntryWindow
    from wargame.ui.team_pages import TeamPagesDialog
    from wargame.ui.turn_bar import PhaseClock, TurnBar
    from wargame.ui.wizard import NewGamePlan, NewGameWizard

WINDOW_NAME = "main"
GAME_FILTER = "Game files (*.wargame);;All files (*)"


class OnFirstPaint(QObject):
    """Call a function once, when a widget is first painted."""

    def __init__(self, widget: QWidget, then: Callable[[], object]) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Watch for the first paint, then stop watching."""
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._then()
        return False


class MainWindow(QMainWindow):
    """The app's main window.

    Signals:
        game_opened: A game is open and its panels are built (the :class:`GameSession`).
        game_closed: The game was closed; the start page shows.
        open_failed: Opening a game failed (the message shown).
        participant_opened: A team's window of a shared game replaced this one.
    """

    game_opened = Signal(object)
    game_closed = Signal()
    open_failed = Signal(str)
    participant_opened = Signal(object)

    new_action: QAction
    open_action: QAction
    close_action: QAction
    host_action: QAction
    join_action: QAction
    export_action: QAction
    briefings_action: QAction
    quit_action: QAction
    observation_action: QAction
    note_action: QAction
    search_log_action: QAction
    start_action: QAction
    next_action: QAction
    move_action: QAction
    reveal_action: QAction
    adjudicate_action: QAction
    question_action: QAction
    inject_action: QAction
    ad_hoc_action: QAction
    team_entry_action: QAction
    team_pages_action: QAction
    pin_action: QAction
    end_action: QAction
    projector_action: QAction
    reset_layout_action: QAction
    shortcuts_action: QAction
    log_folder_action: QAction
    about_action: QAction
    """The actions of :data:`wargame.ui.actions.ACTIONS`, set by ``build_actions``."""

    def __init__(
        self,
        settings: AppSettings,
        notifier: Notifier,
        *,
        restore_layout: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.notifier = notifier
        self.clicks = ClickGuard()
        """Drops a second click of an action that changes the record (a double-click)."""
        self._restore_layout = restore_layout
        self.session: GameSession | None = None
        self.clock: PhaseClock | None = None
        self.turn_bar: TurnBar | None = None
        self.map_panel: MapPanel | None = None
        self.state_board: StateBoard | None = None
        self.moves_panel: MovesPanel | None = None
        self.injects_panel: InjectsPanel | None = None
        self.log_panel: LogPanel | None = None
        self.analysts_view: AnalystsView | None = None
        self.notes_panel: NotesPanel | None = None
        self.participants_panel: ParticipantsPanel | None = None
        self.projector: ProjectorWindow | None = None
        self.team_entry: TeamEntryWindow | None = None
        self.team_pages: TeamPagesDialog | None = None
        self.adjudication: AdjudicationDialog | None = None
        self.wizard: NewGameWizard | None = None
        self._docks: list[QDockWidget] = []
        self._turn_toolbar: QToolBar | None = None
        self._job: Job | None = None
        self._retired: QWidget | None = None
        self.export_job: Job | None = None
        self.export_dialog: QDialog | None = None
        self._default_state: QByteArray | None = None
        self.shared_link: SharedLink | None = None
        self.banner: ConnectionBanner | None = None
        self.participant_window: ParticipantWindow | None = None
        self.shared_job: Job | None = None
        self.join_strings: QDialog | None = None
        self.host_dialog: QDialog | None = None
        self._banner_bar: QToolBar | None = None

        self.setObjectName("MainWindow")
        self.setWindowTitle("wargame")
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
            | QMainWindow.DockOption.AllowNestedDocks
        )
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.start_page: Any = None
        self._opening: QLabel | None = None
        self._first_paint: OnFirstPaint | None = None
        self.undo_group = QUndoGroup(self)
        self._busy = QProgressBar()
        self._busy.setRange(0, 0)
        self._busy.setMaximumWidth(160)
        self._busy.hide()
        self.statusBar().addPermanentWidget(self._busy)
        self.file_label = QLabel()
        self.statusBar().addPermanentWidget(self.file_label)
        self._build_actions()
        self._build_menus()
        self._update_actions()
        geometry, _state = settings.window_state(WINDOW_NAME)
        if restore_layout and geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)

    # ------------------------------------------------------------------ actions and menus

    def _build_actions(self) -> None:
        """The actions of :data:`wargame.ui.actions.ACTIONS`, then undo, redo and themes."""
        build_actions(self)
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo_action, self.redo_action):
            self.addAction(action)
        for action in (self.observation_action, self.note_action):
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.projector_action.setCheckable(True)
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[Theme, QAction] = {}
        for theme, label in (
            (Theme.SYSTEM, "Follow the &system"),
            (Theme.LIGHT, "&Light"),
            (Theme.DARK, "&Dark"),
        ):
            action = QAction(label, self, checkable=True)
            action.setChecked(self.settings.theme() is theme)
            action.triggered.connect(lambda _c=False, t=theme: self.set_theme(t))
            self.theme_group.addAction(action)
            self.theme_actions[theme] = action

    def _fill_menu(self, menu: QMenu, title: str) -> None:
        for number, group in enumerate(menu_actions(title)):
            if number:
                menu.addSeparator()
            for name in group:
                menu.addAction(getattr(self, name))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.setToolTipsVisible(True)
        self._fill_menu(file_menu, "File")
        self.recent_menu = QMenu("Open &recent", file_menu)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.insertMenu(self.close_action, self.recent_menu)
        edit = bar.addMenu("&Edit")
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        self._fill_menu(edit, "Edit")
        for title in ("&Game", "&View", "&Help"):
            if title == "&Help":
                self.analysis_actions = analysis_menu.install(self)
            menu = bar.addMenu(title)
            menu.setToolTipsVisible(True)
            self._fill_menu(menu, title.replace("&", ""))
            if title == "&View":
                self.view_menu = menu
                self.panels_menu = QMenu("&Panels", menu)
                menu.insertMenu(self.reset_layout_action, self.panels_menu)
                theme_menu = QMenu("&Theme", menu)
                for action in self.theme_actions.values():
                    theme_menu.addAction(action)
                menu.insertMenu(self.reset_layout_action, theme_menu)

    def set_facilitator_pin(self) -> None:
        """Ask for a new facilitator PIN (blank clears it) and record it."""
        session = self.session
        if session is None:
            return
        pin = self.notifier.ask_secret(
            "Set my PIN", "New PIN for the facilitator (4 or more characters; blank: none):"
        )
        if pin is None:
            return
        result = session.act(
            "Set my PIN",
            lambda: session.game.set_pin(session.facilitator_id, session.facilitator_id, pin),
        )
        if result.ok:
            session.say("Facilitator PIN set" if pin.strip() else "Facilitator PIN cleared")

    def open_log_folder(self) -> None:
        """Show the folder of the rotating log file in the file manager."""
        folder = applog.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        games = self.settings.recent_games()
        for game in games:
            action = self.recent_menu.addAction(f"{game.title} — {game.path}")
            action.setEnabled(game.exists)
            action.triggered.connect(lambda _c=False, p=game.path: self.open_game_async(Path(p)))
        if not games:
            self.recent_menu.addAction("(none)").setEnabled(False)

    def _update_actions(self) -> None:
        update_actions(self)

    # ------------------------------------------------------------------ start page

    def show_start_page(self, offer_scenario: str | None = None) -> None:
        """Show recent games and scenarios (building the page on first use)."""
        from wargame.ui.start_page import StartPage

        if self.start_page is None:
            self.start_page = StartPage(self.settings)
            self.start_page.open_requested.connect(lambda p: self.open_game_async(Path(p)))
            self.start_page.open_dialog_requested.connect(self.choose_game)
            self.start_page.new_game_requested.connect(lambda p: self.show_new_game(p or None))
            self.start_page.host_requested.connect(self.show_host_dialog)
            self.start_page.join_requested.connect(self.show_join_dialog)
            self.stack.addWidget(self.start_page)
        else:
            self.start_page.refresh()
        self.stack.setCurrentWidget(self.start_page)
        if offer_scenario:
            self.offer_scenario(offer_scenario)

    def show_opening(self, path: Path) -> None:
        """Say which game is being opened, until it is (the start page follows if it cannot)."""
        if self._opening is None:
            self._opening = QLabel()
            self._opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._opening.setObjectName("opening")
            font = self._opening.font()
            font.setPointSizeF(font.pointSizeF() * 1.4)
            self._opening.setFont(font)
            self.stack.addWidget(self._opening)
        self._opening.setText(f"Opening {path.name}…")
        self._opening.setToolTip(str(path))
        self.stack.setCurrentWidget(self._opening)

    def open_game_when_shown(self, path: Path) -> None:
        """Say which game opens, and open it once that is on screen (``wargame GAME``).

        The game layer takes a few tenths of a second to load the first time; the window is
        drawn before that, saying what it opens, instead of appearing only when all is done.
        """
        self.show_opening(path)
        assert self._opening is not None
        opened = False

        def start() -> None:
            nonlocal opened
            if not opened:
                opened = True
                self.open_game_async(path)

        self._first_paint = OnFirstPaint(self._opening, lambda: QTimer.singleShot(0, start))
        QTimer.singleShot(1000, start)  # never drawn (started minimised): open anyway

    def offer_scenario(self, name: str) -> None:
        """For ``--scenario``: offer a recent game of it, or else open the wizard on it."""
        from wargame.ui.catalogue import find_entry

        entry = find_entry(name)
        if entry is None:
            self.notifier.error(
                "Scenario", f"There is no scenario file or bundled scenario called '{name}'."
            )
            return
        if not entry.ok:
            self.notifier.error(
                "Scenario does not validate", f"{entry.path.name} cannot be used:\n{entry.problem}"
            )
            return
        if self.start_page is not None and self.start_page.offer_scenario(entry):
            return
        self.show_new_game(str(entry.path))

    # ------------------------------------------------------------------ opening and closing

    def choose_game(self) -> None:
        """Ask for a game file and open it."""
        path = self.notifier.choose_open_file("Open game", GAME_FILTER)
        if path:
            self.open_game_async(Path(path))

    def open_game(self, path: Path) -> bool:
        """Open a game now (blocking); show a dialog and keep running if it cannot be opened."""
        from wargame.game import Game, GameError

        try:
            game = Game.open(path)
        except GameError as exc:
            self._open_refused(path, str(exc))
            return False
        return self._adopt(game, path)

    def open_game_async(self, path: Path) -> Job:
        """Open a game on a worker thread; :attr:`game_opened` or :attr:`open_failed` follows.

        The first time, the worker also loads the game layer (a few tenths of a second), so
        the window stays responsive meanwhile.
        """

        def work() -> Game:
            from wargame.game import Game

            return Game.open(path)

        self.statusBar().showMessage(f"Opening {path}…")
        self._busy.show()
        self.open_action.setEnabled(False)
        job = Job(work, self)
        job.finished.connect(lambda game: self._opened(game, path))
        job.failed.connect(lambda message: self._open_refused(path, message))
        self._job = job
        job.start()
        return job

    def _opened(self, game: Game, path: Path) -> None:
        self._busy.hide()
        self.open_action.setEnabled(True)
        self._adopt(game, path)

    def _open_refused(self, path: Path, message: str) -> None:
        self._busy.hide()
        self.open_action.setEnabled(True)
        self.statusBar().showMessage(f"Could not open {path.name}", 8000)
        text = sentence(message)
        if self.session is None and self.stack.currentWidget() is self._opening:
            self.show_start_page()
        self.notifier.error("Cannot open the game", text)
        self.open_failed.emit(text)

    def _adopt(self, game: Game, path: Path, *, remember: bool = True) -> bool:
        from wargame.game import GameError
        from wargame.ui.session import GameSession

        try:
            session = GameSession(game, self.notifier, self)
        except GameError as exc:
            game.close()
            self._open_refused(path, str(exc))
            return False
        self.close_game()
        self.session = session
        before = self.size()
        self._build_game_ui(session)
        self.keep_on_screen(before)
        summary = session.summary()
        if remember:
            self.settings.remember_game(path, summary.title, summary.scenario_id)
        self.statusBar().showMessage(f"Opened {path}", 5000)
        self.game_opened.emit(session)
        return True

    def keep_on_screen(self, before: QSize) -> None:
        """Undo any growth past ``before`` that would take the window off its screen."""
        room = self.screen().availableGeometry().size()
        fitted = before.width() <= room.width() and before.height() <= room.height()
        grown = self.width() > room.width() or self.height() > room.height()
        if fitted and grown:
            self.resize(before.boundedTo(room))

    # ------------------------------------------------------------------ shared games

    def show_host_dialog(self) -> QDialog:
        """Host a new game on a shared PostgreSQL database."""
        from wargame.ui.shared_game import ask_to_host

        return ask_to_host(self)

    def show_join_dialog(self) -> QDialog:
        """Join a shared game with a join string."""
        from wargame.ui.shared_game import ask_to_join

        return ask_to_join(self)

    def open_shared(self, joined: JoinedGame) -> bool:
        """Open a shared game as its facilitator, with live updates and a connection banner."""
        from wargame.ui.shared_game import ConnectionBanner, SharedLink

        if not self._adopt(joined.game, Path(joined.game.location), remember=False):
            return False
        assert self.session is not None
        self.banner = ConnectionBanner()
        bar = QToolBar("Connection")  # above the turn bar, across the whole window
        bar.setObjectName("connection-toolbar")
        bar.setMovable(False)
        holder = QWidget()  # a toolbar's own widgets ignore show()/hide(); this one's do not
        holder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.banner)
        bar.addWidget(holder)
        bar.hide()
        self.banner.shown.connect(bar.setVisible)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        if self._turn_toolbar is not None:
            self.insertToolBar(self._turn_toolbar, bar)
            self.insertToolBarBreak(self._turn_toolbar)
        self._banner_bar = bar
        self.shared_link = SharedLink(joined, self.session, self.banner, self.session)
        self.shared_link.resynced.connect(self._refresh_panels)
        summary = self.session.summary()
        self.setWindowTitle(f"{summary.title} — shared game — wargame")
        self.file_label.setText(joined.game.location)
        self.file_label.setToolTip("A shared game: every action is saved to this database")
        self.statusBar().showMessage("Opened the shared game as its facilitator", 5000)
        self.shared_link.start()
        return True

    def _refresh_panels(self) -> None:
        """After a reconnection: the panels that refresh only on some events re-read too."""
        for panel in (self.notes_panel, self.participants_panel):
            if panel is not None:
                panel.refresh()

    def show_team_pages(self) -> TeamPagesDialog | None:
        """Game › Team pages on the venue network…: the dialog that serves them."""
        from wargame.ui.team_pages import TeamPagesDialog

        if self.session is None:
            return None
        if self.team_pages is None:
            self.team_pages = TeamPagesDialog(self.session, self.notifier, self)
        self.team_pages.show()
        self.team_pages.raise_()
        return self.team_pages

    def _stop_team_pages(self) -> None:
        if self.team_pages is not None:
            self.team_pages.shutdown()
            self.team_pages.deleteLater()
            self.team_pages = None

    def _stop_shared(self) -> None:
        if self.shared_link is not None:
            self.shared_link.stop()
            self.shared_link = None
        if self._banner_bar is not None:
            self.removeToolBar(self._banner_bar)
            self._banner_bar.deleteLater()
            self._banner_bar = None
        self.banner = None

    def close_game(self) -> None:
        """Close the open game (nothing to save: every action is already committed)."""
        if self.session is None or not self.may_discard_unsent("Close the game"):
            return
        self._stop_shared()
        self._stop_team_pages()
        self._save_layout()
        for window in (self.projector, self.team_entry):
            if window is not None:
                window.force_close()
        self.projector = None
        self.team_entry = None
        if self.adjudication is not None:
            self.adjudication.done(QDialog.DialogCode.Rejected)  # the loss was confirmed
            self.adjudication = None
        for dock in self._docks:
            self.removeDockWidget(dock)
            dock.deleteLater()
        self._docks = []
        self.panels_menu.clear()
        if self._turn_toolbar is not None:
            self.removeToolBar(self._turn_toolbar)
            self._turn_toolbar.deleteLater()
            self._turn_toolbar = None
        if self.map_panel is not None:
            self.stack.removeWidget(self.map_panel)
            self.map_panel.deleteLater()
        if self.moves_panel is not None and self.stack.indexOf(self.moves_panel) >= 0:
            self.stack.removeWidget(self.moves_panel)
            self.moves_panel.deleteLater()
        self.map_panel = self.state_board = self.moves_panel = None
        self.injects_panel = self.log_panel = self.notes_panel = self.participants_panel = None
        self.analysts_view = None
        self.turn_bar = None
        self.undo_group.removeStack(self.session.undo_stack)
        session = self.session
        self.session = None
        session.close()
        session.deleteLater()
        self.clock = None
        self.setWindowTitle("wargame")
        self.setWindowFilePath("")
        self.file_label.setText("")
        self._update_actions()
        self.show_start_page()
        self.game_closed.emit()

    # ------------------------------------------------------------------ the game's panels

    def _dock(
        self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea, shortcut: str
    ) -> QDockWidget:
        dock = QDockWidget(title, self)
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
        self.addDockWidget(area, dock)
        toggle = dock.toggleViewAction()
        toggle.setShortcut(QKeySequence(shortcut))
        self.panels_menu.addAction(toggle)
        self._docks.append(dock)
        return dock

    def _build_game_ui(self, session: GameSession) -> None:
        from wargame.ui.analysts import AnalystsView
        from wargame.ui.injects_panel import InjectsPanel
        from wargame.ui.log_panel import LogPanel
        from wargame.ui.map_view import MapPanel
        from wargame.ui.moves_panel import MovesPanel
        from wargame.ui.notes_panel import NotesPanel
        from wargame.ui.participants import ParticipantsPanel
        from wargame.ui.state_board import StateBoard
        from wargame.ui.turn_bar import PhaseClock, TurnBar

        self.undo_group.addStack(session.undo_stack)
        self.undo_group.setActiveStack(session.undo_stack)
        self.clock = PhaseClock(session, parent=session)
        self.clock.expired.connect(
            lambda: self.statusBar().showMessage("Time is up for this phase", 10000)
        )
        self.turn_bar = TurnBar(session, self.clock)
        self.turn_bar.next_phase_requested.connect(self.next_phase)
        self.turn_bar.start_requested.connect(self.start_game)
        toolbar = QToolBar("Turn and phase")
        toolbar.setObjectName("turn-toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(self.turn_bar)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self._turn_toolbar = toolbar

        if session.scenario.map is not None:
            self.map_panel = MapPanel(session)
            self.stack.addWidget(self.map_panel)
            self.stack.setCurrentWidget(self.map_panel)

        self.state_board = StateBoard(session, white_cell=True)
        self.state_board.red_lines_crossed.connect(self._red_lines_crossed)
        self.moves_panel = MovesPanel(session)
        self.moves_panel.adjudicate_requested.connect(
            lambda move_id: self.open_adjudication(move_id or None)
        )
        self.injects_panel = InjectsPanel(session)
        self.log_panel = LogPanel(session)
        self.notes_panel = NotesPanel(session)
        self.participants_panel = ParticipantsPanel(session)

        left = Qt.DockWidgetArea.LeftDockWidgetArea
        right = Qt.DockWidgetArea.RightDockWidgetArea
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        state_dock = self._dock("State board", "dock-state", self.state_board, left, "Ctrl+1")
        injects_dock = self._dock("Injects", "dock-injects", self.injects_panel, right, "Ctrl+3")
        if self.map_panel is None:  # a game with no map: the moves take the centre
            self.stack.addWidget(self.moves_panel)
            self.stack.setCurrentWidget(self.moves_panel)
            moves_dock = injects_dock
        else:
            moves_dock = self._dock("Moves", "dock-moves", self.moves_panel, right, "Ctrl+2")
            self.splitDockWidget(moves_dock, injects_dock, Qt.Orientation.Vertical)
        log_dock = self._dock("Log", "dock-log", self.log_panel, bottom, "Ctrl+4")
        notes_dock = self._dock(
            "Notes and observations", "dock-notes", self.notes_panel, bottom, "Ctrl+5"
        )
        people_dock = self._dock(
            "Participants", "dock-participants", self.participants_panel, left, "Ctrl+6"
        )
        self.analysts_view = AnalystsView(session)
        analysts_dock = self._dock(
            "Analysts", "dock-analysts", self.analysts_view, bottom, "Ctrl+7"
        )
        self.tabifyDockWidget(log_dock, notes_dock)
        self.tabifyDockWidget(notes_dock, analysts_dock)
        self.tabifyDockWidget(state_dock, people_dock)
        state_dock.raise_()
        log_dock.raise_()
        self.resizeDocks([state_dock], [340], Qt.Orientation.Horizontal)
        self.resizeDocks([moves_dock], [560], Qt.Orientation.Horizontal)
        if moves_dock is not injects_dock:
            self.resizeDocks([moves_dock, injects_dock], [3, 2], Qt.Orientation.Vertical)
        self.resizeDocks([log_dock], [230], Qt.Orientation.Vertical)
        self._default_state = self.saveState()
        _geometry, state = self.settings.window_state(WINDOW_NAME)
        if self._restore_layout and state is not None:
            self.restoreState(state)

        session.changed.connect(lambda _event: self._update_actions())
        session.refused.connect(lambda message: self.statusBar().showMessage(message, 8000))
        session.said.connect(lambda message: self.statusBar().showMessage(message, 6000))
        summary = session.summary()
        self.setWindowTitle(f"{summary.title} — {session.path.name} — wargame")
        self.setWindowFilePath(str(session.path))
        self.file_label.setText(str(session.path))
        self.file_label.setToolTip("Every action is saved to this file as it happens")
        self._update_actions()

    def _red_lines_crossed(self, names: list[str]) -> None:
        self.statusBar().showMessage("Red line crossed: " + "; ".join(names), 15000)

    def reset_layout(self) -> None:
        """Put every panel back where it started."""
        self.settings.forget_window_state(WINDOW_NAME)
        if self._default_state is not None:
            self.restoreState(self._default_state)
            for dock in self._docks:
                dock.show()

    def _save_layout(self) -> None:
        if self.session is not None and self._restore_layout:
            self.settings.save_window_state(WINDOW_NAME, self.saveGeometry(), self.saveState())

    # ------------------------------------------------------------------ game actions

    def start_game(self) -> None:
        """Start the game (turn 1)."""
        session = self.session
        if session is not None:
            session.act("Start game", lambda: session.game.start(session.facilitator_id))

    def next_phase(self) -> None:
        """The "Next phase" button and F8: :meth:`advance_phase`, once per click.

        A second click while it runs, or right after it (a double-click), is ignored.
        """
        with self.clicks.once("next_phase") as go:
            if go:
                self.advance_phase()

    def advance_phase(self) -> bool:
        """Move on to the next phase (undoable), after showing what is left undone.

        The game refuses to advance from a phase other than the one the facilitator saw.
        """
        from wargame.game.progress import unfinished_work
        from wargame.rules.turns import Position

        session = self.session
        summary = session.summary() if session is not None else None
        if session is None or summary is None or summary.phase_id is None:
            return False
        from wargame.ui.analysts import coverage_warning

        work = unfinished_work(session.queries)
        gaps = coverage_warning(session, ending="turn")  # the data collection plan's
        undone = "" if work.empty else f"{summary.phase_name} is not finished:\n\n• "
        undone += "\n• ".join(work.lines()) if not work.empty else ""
        undone += ("\n\n" if undone and gaps else "") + (gaps or "")
        if undone and not self.notifier.confirm(
            "Next phase",
            undone + "\n\nGo on to the next phase anyway? (No: go back to this phase.)",
        ):
            return False
        seen = Position(summary.turn, summary.phase_id)
        result = session.act_undoable(
            f"Next phase (from {summary.phase_name})",
            lambda: session.game.advance(session.facilitator_id, expected=seen),
        )
        if result.ok:
            now = session.summary()
            self.statusBar().showMessage(f"Turn {now.turn}: {now.phase_name}", 5000)
        return result.ok

    def end_game(self) -> None:
        """End the game after asking."""
        session = self.session
        if session is None:
            return
        from wargame.ui.analysts import coverage_warning

        gaps = coverage_warning(session, ending="game")
        if not self.notifier.confirm(
            "End game",
            (f"{gaps}\n\n" if gaps else "")
            + "End the game now? Nothing more can be played afterwards.",
        ):
            return
        session.act("End game", lambda: session.game.end_game(session.facilitator_id))

    def new_move(self) -> None:
        """Enter a move for a team."""
        if self.moves_panel is not None:
            self.moves_panel.new_move()

    def reveal(self) -> None:
        """Reveal the turn's sealed moves."""
        if self.moves_panel is not None:
            self.moves_panel.reveal()

    def release_inject(self) -> None:
        """Release the selected (or next pending) inject."""
        if self.injects_panel is not None:
            self.injects_panel.release_selected()

    def ad_hoc(self) -> None:
        """Write an ad hoc inject."""
        if self.injects_panel is not None:
            self.injects_panel.ad_hoc()

    def focus_log(self) -> None:
        """Show the log and put the cursor in its search."""
        if self.log_panel is not None:
            self._raise_panel(self.log_panel)
            self.log_panel.search.setFocus()

    def _raise_panel(self, widget: QWidget) -> None:
        for dock in self._docks:
            if dock.widget() is widget:
                dock.show()
                dock.raise_()

    def focus_observation(self) -> None:
        """Jump to the observation line from anywhere (Ctrl+Shift+O)."""
        if self.notes_panel is not None:
            self._raise_panel(self.notes_panel)
            self.notes_panel.focus_observation()

    def focus_note(self) -> None:
        """Jump to the note line from anywhere (Ctrl+Shift+N)."""
        if self.notes_panel is not None:
            self._raise_panel(self.notes_panel)
            self.notes_panel.focus_note()

    def adjudicate_selected(self) -> None:
        """Adjudicate the move selected in the moves panel (or an open question)."""
        move = self.moves_panel.selected_move() if self.moves_panel is not None else None
        self.open_adjudication(move.id if move is not None else None)

    def adjudicate_question(self) -> None:
        """Adjudicate an open question (no move)."""
        self.open_adjudication(None)

    def open_adjudication(self, move_id: int | None) -> AdjudicationDialog | None:
        """Open the adjudication dialog on a move, or on an open question."""
        from wargame.ui.adjudication_dialog import AdjudicationDialog

        if self.session is None:
            return None
        if self.adjudication is not None:
            self.adjudication.reject()
            if self.adjudication is not None and self.adjudication.isVisible():
                return self.adjudication  # the umpire kept editing the one open
        dialog = AdjudicationDialog(self.session, move_id, parent=self)
        dialog.finished.connect(lambda _code: self._dialog_done(dialog))
        self.adjudication = dialog
        dialog.open()
        return dialog

    def _dialog_done(self, dialog: AdjudicationDialog) -> None:
        if self.adjudication is dialog:
            self.adjudication = None
        dialog.deleteLater()

    # ------------------------------------------------------------------ new game

    def show_new_game(self, scenario_path: str | None = None) -> NewGameWizard:
        """Open the new-game wizard (on a scenario, when given)."""
        from wargame.ui.wizard import NewGameWizard

        wizard = NewGameWizard(self.notifier, scenario_path, parent=self)
        wizard.plan_ready.connect(self.create_game)
        wizard.finished.connect(wizard.deleteLater)
        self.wizard = wizard
        wizard.open()
        return wizard

    def create_game(self, plan: NewGamePlan) -> bool:
        """Create the game file the wizard planned, add its people, and open it."""
        from wargame.game import GameError
        from wargame.ui.wizard import create_from_plan

        try:
            game = create_from_plan(plan)
        except GameError as exc:
            self.notifier.error("Cannot create the game", sentence(str(exc)))
            return False
        return self._adopt(game, plan.path)

    # ------------------------------------------------------------------ other windows

    def toggle_projector(self) -> ProjectorWindow | None:
        """Show or hide the projector window."""
        from wargame.ui.projector import ProjectorWindow

        if self.session is None or self.clock is None:
            return None
        if self.projector is not None and self.projector.isVisible():
            self.projector.hide()
            return self.projector
        if self.projector is None:
            self.projector = ProjectorWindow(self.session, self.clock)
            self.projector.shown_changed.connect(self.projector_action.setChecked)
            self.projector.toggle_requested.connect(self.toggle_projector)
        here = self.screen() or QApplication.primaryScreen()
        others = [s for s in QApplication.screens() if s is not here]
        self.projector.show_on(others[0] if others else here)
        return self.projector

    def choose_team_entry(self) -> None:
        """Ask which team sits down at the laptop, then hand it over."""
        from wargame.ui.team_entry import choose_team

        session = self.session
        if session is None:
            return
        facilitator = next(p for p in session.participants() if p.id == session.facilitator_id)
        if not facilitator.has_pin and not self.notifier.confirm(
            "Team entry without a PIN",
            "The facilitator has no PIN in this game, so anyone at the laptop can hand it back "
            "and see every team's moves. Hand it over anyway?",
        ):
            return
        team = choose_team(session, self)
        if team is not None:
            self.open_team_entry(team)

    def open_team_entry(self, team_id: str) -> TeamEntryWindow | None:
        """Hide the facilitator's window and show one team's view (hot seat)."""
        from wargame.ui.team_entry import TeamEntryWindow

        if self.session is None:
            return None
        if self.projector is not None and self.projector.isVisible():
            pass  # the room's screen stays up: it shows public things only
        window = TeamEntryWindow(self.session, team_id)
        window.handed_back.connect(self._team_entry_done)
        self.team_entry = window
        self.hide()
        window.show()
        return window

    def _team_entry_done(self) -> None:
        # The window emitted this from its own close handling: keep it alive until later.
        self._retired = self.team_entry
        self.team_entry = None
        self.show()
        self.raise_()
        self.activateWindow()

    # ------------------------------------------------------------------ export

    def export_report(self) -> Job | None:
        """Write the after-action report (PDF) on a worker thread, then open it."""
        from wargame.ui import export

        if self.session is None:
            return None
        return export.export_after_action_report(self, self.session)

    def export_briefings(self) -> Job | None:
        """Write the teams' briefing packs (PDF), then open the folder."""
        from wargame.ui import export

        if self.session is None:
            return None
        return export.export_briefings(self, self.session)

    def set_busy(self, message: str | None) -> None:
        """Show (or hide, with None) the busy indicator and a status message."""
        if message is None:
            self._busy.hide()
            return
        self._busy.show()
        self.statusBar().showMessage(message)

    # ------------------------------------------------------------------ view

    def set_theme(self, theme: Theme) -> None:
        """Switch the palette and remember the choice."""
        self.settings.set_theme(theme)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        self.theme_actions[theme].setChecked(True)

    def show_shortcuts(self) -> None:
        """List every keyboard shortcut (from the same table as the menus)."""
        self.notifier.info("Keyboard shortcuts", shortcuts_html())

    def show_about(self) -> None:
        """Say what this is."""
        self.notifier.info(
            "About wargame",
            f"wargame {__version__}: run political-military seminar and matrix wargames. "
            "Every action is saved to the game file as it happens",
        )

    # ------------------------------------------------------------------ closing

    def unsent(self) -> list[str]:
        """Text typed in the window and not yet recorded ("an observation", "a narrative")."""
        out = self.notes_panel.unsent() if self.notes_panel is not None else []
        dialog = self.adjudication
        if dialog is not None and dialog.isVisible() and dialog.typed():
            out.append("an adjudication's narrative")
        return out

    def may_discard_unsent(self, doing: str) -> bool:
        """Ask before ``doing`` throws typed text away; True when nothing would be lost."""
        unsent = self.unsent()
        if not unsent:
            return True
        return self.notifier.confirm(
            doing,
            f"You typed {' and '.join(unsent)} that is not recorded yet.\n\n"
            f"{doing} and discard it? (No: keep editing.)",
        )

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the layout, close other windows and the game (nothing to save).

        Typed text not yet recorded is never thrown away without asking.
        """
        if self.team_entry is not None and self.team_entry.isVisible():
            event.ignore()  # the hot seat is handed back with the facilitator's PIN only
            return
        if not self.may_discard_unsent("Quit"):
            event.ignore()
            return
        self._save_layout()
        self.close_game_quietly()
        super().closeEvent(event)

    def close_game_quietly(self) -> None:
        """Close the game without showing the start page (the window is going away)."""
        if self.session is None:
            return
        for window in (self.projector, self.team_entry):
            if window is not None:
                window.force_close()
        self.projector = self.team_entry = None
        self._stop_shared()
        self._stop_team_pages()
        self.undo_group.removeStack(self.session.undo_stack)
        session, self.session = self.session, None
        session.close()

    def menu(self, title: str) -> QMenu | None:
        """A top-level menu by its title without '&' (for tests and help)."""
        for action in self.menuBar().actions():
            menu = action.menu()
            if action.text().replace("&", "") == title and isinstance(menu, QMenu):
                return menu
        return None
