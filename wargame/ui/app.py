"""Start the desktop app: one QApplication, the app's fonts and palette, the main window.

``wargame gui [GAME] [--scenario NAME] [--screenshot PNG [--size WxH] [--projector]]`` ends
up in :func:`run_app`.
The parts are wired once here and handed what each needs (STYLE.md habit 6). Bugs are
logged with their traceback to the rotating log file (:mod:`wargame.applog`) and the
facilitator is told in one sentence; what a facilitator can cause never reaches here
(each is a :class:`~wargame.game.GameError` shown where it happened).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from wargame import applog
from wargame.ui.main_window import MainWindow
from wargame.ui.notifier import DialogNotifier, sentence
from wargame.ui.settings import AppSettings
from wargame.ui.theme import Theme, apply_theme, default_font, register_fonts

SCREENSHOT_SIZE = (1600, 1000)
"""The default size of ``--screenshot`` images."""


def offscreen_screen(size: tuple[int, int], scale: float = 1.0) -> None:
    """Make the offscreen platform one screen of ``size`` device pixels at ``scale``.

    Must run before the QApplication exists. The screen is described in a small JSON file
    (the offscreen platform's ``configfile`` option); ``QT_SCALE_FACTOR`` gives the scale,
    so a window filling the screen grabs to exactly ``size`` pixels.
    """
    config = {
        "screens": [
            {
                "name": "screenshot",
                "x": 0,
                "y": 0,
                "width": size[0],
                "height": size[1],
                "logicalDpi": 96,
                "logicalBaseDpi": 96,
                "dpr": 1.0,
            }
        ]
    }
    handle, name = tempfile.mkstemp(prefix="wargame-screen-", suffix=".json")
    with os.fdopen(handle, "w") as out:
        json.dump(config, out)
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={name}"
    if scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = f"{scale:g}"


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


def install_crash_dialog() -> None:
    """Tell the facilitator when a bug escapes, after the log has recorded it.

    :mod:`wargame.applog` (set up by the command line) writes the traceback to the rotating
    log file; this hook runs that first, then says in one sentence where the details are.
    """
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        previous(kind, value, tb)
        if QApplication.instance() is not None:
            QMessageBox.critical(
                QApplication.activeWindow(),
                "Something went wrong",
                "Something went wrong inside wargame. Your game is saved up to the last action "
                f"that completed. Details are in the log folder ({applog.log_dir()}).",
            )

    sys.excepthook = hook


def screenshot(
    window: MainWindow,
    target: Path,
    size: tuple[int, int] = SCREENSHOT_SIZE,
    *,
    projector: bool = False,
) -> bool:
    """Render the main window filling the screen (or the projector) and save it as PNG.

    The image is exactly ``size`` pixels: the window fills a screen of that size.
    """
    screen = window.screen() or QApplication.primaryScreen()
    room = screen.geometry() if screen is not None else None
    if room is not None and room.width() * screen.devicePixelRatio() == size[0]:
        window.setGeometry(room)
    else:
        window.resize(*size)
    window.show()
    for _ in range(3):
        QCoreApplication.processEvents()
    shown: QWidget = window
    if projector:
        opened = window.toggle_projector()
        if opened is None:
            sys.stderr.write("wargame: the projector needs an open game\n")
            return False
        shown = opened
        for _ in range(3):
            QCoreApplication.processEvents()
    if window.map_panel is not None:
        window.map_panel.view.fit()
    QCoreApplication.processEvents()
    image = shown.grab().toImage()
    if (image.width(), image.height()) != size:  # rounding at a fractional scale
        image = image.scaled(
            size[0],
            size[1],
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return bool(QPixmap.fromImage(image).save(str(target), "PNG"))


def start_join(window: MainWindow, args: argparse.Namespace) -> None:
    """``wargame join``: join the shared game off the UI thread; a team gets its own window."""
    from wargame.ui.shared_game import join_shared

    window.show_start_page()
    join_shared(
        window,
        args.join,
        team=getattr(args, "team", None),
        participant=getattr(args, "participant", None),
        quit_when_closed=True,
    )


def run_app(args: argparse.Namespace) -> int:
    """Run the desktop app; return the process's exit code.

    Args:
        args: ``game`` (a game file or None), ``scenario`` (a scenario to start a new game
            of, or None) and ``screenshot`` (a PNG path: render the main window with the
            game loaded at 1600x1000 offscreen, save it and exit); optionally ``join`` (a
            join string: open that shared game, as its team in participant mode) with
            ``team`` and ``participant``.
    """
    shot = getattr(args, "screenshot", None)
    size: tuple[int, int] = getattr(args, "size", None) or SCREENSHOT_SIZE
    if shot:
        offscreen_screen(size, getattr(args, "scale", 1.0) or 1.0)
    app = application()
    settings = AppSettings()
    configure_application(app, settings)
    notifier = StderrNotifier() if shot else DialogNotifier()
    window = MainWindow(settings, notifier, restore_layout=not shot)
    game = getattr(args, "game", None)
    scenario = getattr(args, "scenario", None)
    turn = getattr(args, "turn", None)
    if shot:
        if game and not window.open_game(Path(game)):
            return 1
        if not game:
            window.show_start_page()
        if turn is not None:
            from wargame.ui.replay import screenshot_replay

            code: int = screenshot_replay(window, turn, Path(shot))
            return code
        if not screenshot(window, Path(shot), size, projector=getattr(args, "projector", False)):
            sys.stderr.write(f"wargame: could not write {shot}\n")
            return 1
        sys.stdout.write(f"wrote {shot}\n")  # like the other commands; bench/ times this line
        sys.stdout.flush()
        window.close()
        return 0
    install_crash_dialog()
    app.aboutToQuit.connect(window.close_game_quietly)
    window.show()
    join = getattr(args, "join", None)
    if join:
        start_join(window, args)
    elif game and turn is not None:
        from wargame.ui.replay import open_replay_when_loaded

        open_replay_when_loaded(window, Path(game), turn)
    elif game:
        window.open_game_when_shown(Path(game))
    else:
        window.show_start_page(offer_scenario=scenario)
    return app.exec()
