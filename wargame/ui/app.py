"""Start the desktop app: one QApplication, the app's fonts and palette, the main window.

``wargame gui [GAME] [--scenario NAME] [--screenshot PNG]`` ends up in :func:`run_app`.
The parts are wired once here and handed what each needs (STYLE.md habit 6). Bugs are
logged with their traceback to ``wargame.log`` in the user's data folder and the
facilitator is told in one sentence; what a facilitator can cause never reaches here
(each is a :class:`~wargame.game.GameError` shown where it happened).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from wargame.scenario import user_data_dir
from wargame.ui.main_window import MainWindow
from wargame.ui.notifier import DialogNotifier, sentence
from wargame.ui.settings import AppSettings
from wargame.ui.theme import Theme, apply_theme, default_font, register_fonts

SCREENSHOT_SIZE = (1600, 1000)
"""The size of ``--screenshot`` images."""

log = logging.getLogger("wargame.ui")


def configure_application(app: QApplication, settings: AppSettings) -> None:
    """Names (for QSettings), the bundled fonts, the palette, and following the system's scheme."""
    app.setOrganizationName("wargame")
    app.setApplicationName("wargame")
    app.setApplicationDisplayName("wargame")
    register_fonts()
    app.setFont(default_font())
    apply_theme(app, settings.theme())

    def scheme_changed(_scheme: Qt.ColorScheme) -> None:
        if settings.theme() is Theme.SYSTEM:
            apply_theme(app, Theme.SYSTEM)

    QGuiApplication.styleHints().colorSchemeChanged.connect(scheme_changed)


def application(argv: list[str] | None = None) -> QApplication:
    """The process's QApplication, created on first use with high-DPI settings."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    return QApplication(argv if argv is not None else sys.argv[:1])


class StderrNotifier(DialogNotifier):
    """For runs without a person at the screen (screenshots): messages go to stderr."""

    def error(self, title: str, message: str) -> None:
        """Print the refusal."""
        sys.stderr.write(f"wargame: {title}: {sentence(message)}\n")

    def info(self, title: str, message: str) -> None:
        """Print the message."""
        sys.stderr.write(f"wargame: {title}: {sentence(message)}\n")

    def confirm(self, title: str, question: str) -> bool:
        """Nobody to ask: no."""
        return False


def log_file() -> Path:
    """Where tracebacks of bugs are written."""
    return user_data_dir() / "wargame.log"


def install_crash_log() -> None:
    """Log uncaught exceptions (bugs) with their traceback and tell the facilitator."""
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("wargame")
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("uncaught exception\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if QApplication.instance() is not None:
            QMessageBox.critical(
                QApplication.activeWindow(),
                "Something went wrong",
                "Something went wrong inside wargame. Your game is saved up to the last action "
                f"that completed. Details are in {path}.",
            )

    sys.excepthook = hook


def screenshot(window: MainWindow, target: Path) -> bool:
    """Render the window at the screenshot size and save it as PNG."""
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    for _ in range(3):
        QCoreApplication.processEvents()
    if window.map_panel is not None:
        window.map_panel.view.fit()
    QCoreApplication.processEvents()
    return window.grab().save(str(target), "PNG")


def run_app(args: argparse.Namespace) -> int:
    """Run the desktop app; return the process's exit code.

    Args:
        args: ``game`` (a game file or None), ``scenario`` (a scenario to start a new game
            of, or None) and ``screenshot`` (a PNG path: render the main window with the
            game loaded at 1600x1000 offscreen, save it and exit).
    """
    shot = getattr(args, "screenshot", None)
    if shot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = application()
    settings = AppSettings()
    configure_application(app, settings)
    notifier = StderrNotifier() if shot else DialogNotifier()
    window = MainWindow(settings, notifier, restore_layout=not shot)
    game = getattr(args, "game", None)
    scenario = getattr(args, "scenario", None)
    if shot:
        if game and not window.open_game(Path(game)):
            return 1
        if not game:
            window.show_start_page()
        if not screenshot(window, Path(shot)):
            sys.stderr.write(f"wargame: could not write {shot}\n")
            return 1
        window.close()
        return 0
    install_crash_log()
    app.aboutToQuit.connect(window.close_game_quietly)
    window.show()
    if game:
        window.show_start_page()
        window.open_game_async(Path(game))
    else:
        window.show_start_page(offer_scenario=scenario)
    return app.exec()
