"""The facilitator's main window: the start page, or an open game in dockable panels.

The game file is the document: every action is committed as it happens, so there is no
Save; the title bar names the file. Panels (state board, moves, injects, log, notes,
participants) dock anywhere and the layout is remembered. The window wires the parts
once, when a game opens, and hands each panel the :class:`GameSession` only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, QUrl, Signal
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
    QToolBar,
    QWidget,
)
from typing_extensions import override

from wargame import __version__, applog
from wargame.ui import analysis_menu
from wargame.ui.actions import (
    ActionSlots,
    build_actions,
    menu_actions,
    shortcuts_html,
    update_actions,
)
from wargame.ui.game_docks import WINDOW_NAME, build_game_ui, load_panels, remove_game_ui
from wargame.ui.guard import ClickGuard
from wargame.ui.lazy_panel import LazyPanels
from wargame.ui.notifier import Notifier, sentence
from wargame.ui.screen_fit import install_screen_fit, screen_fit_paused
from wargame.ui.settings import AppSettings
from wargame.ui.theme import Theme, apply_theme
from wargame.ui.window_parts import (
    OnFirstPaint,
    PageStack,
    ask_facilitator_pin,
    ask_hand_over,
    keep_on_screen,
    may_discard,
    offer_scenario,
    open_when_painted,
    opening_page,
    summary_editor,
    unsent_text,
)
from wargame.ui.workers import Job

if TYPE_CHECKING:
    from wargame.game import Game
    from wargame.game.sharing import JoinedGame
    from wargame.ui.adjudication_dialog import AdjudicationDialog
    from wargame.ui.injects_panel import InjectsPanel
    from wargame.ui.log_panel import LogPanel
    from wargame.ui.map_panel import MapPanel
    from wargame.ui.moves_panel import MovesPanel
    from wargame.ui.projector import ProjectorWindow
    from wargame.ui.session import GameSession
    from wargame.ui.shared_game import ParticipantWindow
    from wargame.ui.shared_link import ConnectionBanner, SharedLink
    from wargame.ui.state_board import StateBoard
    from wargame.ui.team_entry import TeamEntryWindow
    from wargame.ui.team_pages import TeamPagesDialog
    from wargame.ui.turn_bar import PhaseClock, TurnBar
    from wargame.ui.wizard import NewGamePlan, NewGameWizard

GAME_FILTER = "Game files (*.wargame);;All files (*)"


class MainWindow(QMainWindow, ActionSlots, LazyPanels):
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

        install_screen_fit()  # no window or dialog opens larger than its screen
        self.setObjectName("MainWindow")
        self.setWindowTitle("wargame")
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
            | QMainWindow.DockOption.AllowNestedDocks
        )
        self.stack = PageStack()
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
        ask_facilitator_pin(self)

    def edit_executive_summary(self) -> QDialog | None:
        """Write the report's executive summary (undoable; typed words never lost)."""
        return summary_editor(self)

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
        self._opening = opening_page(self, self._opening, path)

    def open_game_when_shown(self, path: Path) -> None:
        """Say which game opens, and open it once that is on screen (``wargame GAME``).

        The game layer takes a few tenths of a second to load the first time; the window is
        drawn before that, saying what it opens, instead of appearing only when all is done.
        """
        self.show_opening(path)
        assert self._opening is not None
        self._first_paint = open_when_painted(self._opening, lambda: self.open_game_async(path))

    def offer_scenario(self, name: str) -> None:
        """For ``--scenario``: offer a recent game of it, or else open the wizard on it."""
        offer_scenario(self, name)

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
        load_panels()
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
        keep_on_screen(self, before)
        summary = session.summary()
        if remember:
            self.settings.remember_game(path, summary.title, summary.scenario_id)
        self.statusBar().showMessage(f"Opened {path}", 5000)
        self.game_opened.emit(session)
        return True

    # ------------------------------------------------------------------ shared games

    def show_host_dialog(self) -> QDialog:
        """Host a new game on a shared PostgreSQL database."""
        from wargame.ui.shared_host import ask_to_host

        return ask_to_host(self)

    def show_join_dialog(self) -> QDialog:
        """Join a shared game with a join string."""
        from wargame.ui.shared_game import ask_to_join

        return ask_to_join(self)

    def open_shared(self, joined: JoinedGame) -> bool:
        """Open a shared game as its facilitator, with live updates and a connection banner."""
        from wargame.ui.shared_link import start_link

        if not self._adopt(joined.game, Path(joined.game.location), remember=False):
            return False
        assert self.session is not None
        self.banner, self._banner_bar, self.shared_link = start_link(self, joined, self.session)
        return True

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
        remove_game_ui(self)
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

    def _build_game_ui(self, session: GameSession) -> None:
        with screen_fit_paused():  # thousands of events, and no window shown among them
            build_game_ui(self, session)

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
        """Start the game (turn 1), once per click; undoable until its first phase has records."""
        session = self.session
        with self.clicks.once("start_game") as go:
            if go and session is not None:
                by = session.facilitator_id
                session.act_undoable("Start game", lambda: session.game.start(by))

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
            + "End the game now? This cannot be undone: nothing more can be played "
            "afterwards.",
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
            if dock.isAncestorOf(widget):  # the panel sits in the dock's scroll area
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
        team = ask_hand_over(self)
        if team is not None:
            self.open_team_entry(team)

    def open_team_entry(self, team_id: str) -> TeamEntryWindow | None:
        """Hide the facilitator's window and show one team's view (hot seat)."""
        from wargame.ui.team_entry import TeamEntryWindow

        if self.session is None:
            return None
        window = TeamEntryWindow(self.session, team_id)  # the projector stays up: it is public
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
        return unsent_text(self)

    def may_discard_unsent(self, doing: str) -> bool:
        """Ask before ``doing`` throws typed text away; True when nothing would be lost."""
        return may_discard(self, doing)

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
        self.forget_lazy_panels()  # none is built on a closed game
        session, self.session = self.session, None
        session.close()

    def menu(self, title: str) -> QMenu | None:
        """A top-level menu by its title without '&' (for tests and help)."""
        for action in self.menuBar().actions():
            menu = action.menu()
            if action.text().replace("&", "") == title and isinstance(menu, QMenu):
                return menu
        return None
