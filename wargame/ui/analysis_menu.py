"""The analysts' menu entries: quick look, compare games, print, replay.

Added to the main window's File and View menus by :func:`install`, so the window itself
needs one line for them. Nothing of the game layer or the reports is imported until an
entry is used: the window is drawn before they load.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from wargame.ui.main_window import MainWindow


def install(window: MainWindow) -> list[QAction]:
    """Add Quick look…, Compare games… and Print… to File, and Replay… to View."""
    quick = QAction("&Quick look for the hot wash…", window)
    quick.setStatusTip("At most six pages for the hot wash: the game, escalation, gaps")
    quick.triggered.connect(lambda _c=False: write_quick_look(window))
    compare = QAction("Co&mpare games…", window)
    compare.setStatusTip("Compare several plays of one scenario in a PDF")
    compare.triggered.connect(lambda _c=False: open_compare(window))
    printing = QAction("&Print…", window)
    printing.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
    printing.setStatusTip("Print the report, a briefing pack or blank move forms")
    printing.triggered.connect(lambda _c=False: open_print(window))
    replay = QAction("&Replay…", window)
    replay.setStatusTip("The game as it stood after any entry of the log (read-only)")
    replay.triggered.connect(lambda _c=False: _replay(window))
    needs_game = (quick, printing, replay)
    file_menu = window.menu("File")
    if file_menu is not None:
        file_menu.insertActions(window.quit_action, [quick, compare, printing])
        file_menu.insertSeparator(window.quit_action)
        file_menu.aboutToShow.connect(lambda: _enable(needs_game, window.session is not None))
    window.view_menu.insertAction(window.projector_action, replay)
    window.view_menu.aboutToShow.connect(lambda: replay.setEnabled(window.session is not None))
    for action in (quick, compare, printing, replay):
        window.addAction(action)
    return [quick, compare, printing, replay]


def _enable(actions: tuple[QAction, ...], on: bool) -> None:
    for action in actions:
        action.setEnabled(on)


def write_quick_look(window: MainWindow, target: Path | None = None) -> Path | None:
    """Write the quick look of the open game (asking where, unless ``target`` is given)."""
    from wargame.game import GameError
    from wargame.report import ReportError
    from wargame.report import write_quick_look as write

    session = window.session
    if session is None:
        return None
    if target is None:
        suggested = str(session.path.with_name(session.path.stem + "-quick-look.pdf"))
        name = window.notifier.choose_save_file("Quick look", "PDF (*.pdf)", suggested)
        if not name:
            return None
        target = Path(name)
    try:
        built = write(session.game, target)
    except (ReportError, GameError) as exc:
        window.notifier.error("Quick look", str(exc))
        return None
    window.statusBar().showMessage(f"Wrote the quick look ({built.pages} pages) to {target}", 8000)
    return built.path


def open_compare(window: MainWindow) -> object:
    """Open File › Compare games… (with the open game listed first)."""
    from wargame.ui.compare_dialog import CompareDialog

    start = window.session.path if window.session is not None else None
    dialog = CompareDialog(window, start)
    dialog.open()
    return dialog


def open_print(window: MainWindow) -> object:
    """Open File › Print… for the open game."""
    from wargame.report import ReportError
    from wargame.ui.printing import print_with_preview

    if window.session is None:
        return None
    try:
        return print_with_preview(window, window.session.game)
    except ReportError as exc:
        window.notifier.error("Print", str(exc))
        return None


def _replay(window: MainWindow) -> object:
    from wargame.ui.replay import open_replay

    return open_replay(window)
