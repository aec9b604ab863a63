r"""The app's log: a rotating file a facilitator can attach to a bug report.

:func:`configure_logging` runs first thing in :func:`wargame.cli.main`, so the desktop app,
every command-line run and the frozen bundle all log to the same place:

- the file ``wargame.log`` in :func:`log_dir` — the platform's user log folder
  (``platformdirs.user_log_path("wargame", appauthor=False)``: ``~/.local/state/wargame/log``
  on Linux, ``~/Library/Logs/wargame`` on macOS, ``%LOCALAPPDATA%\wargame\Logs`` on
  Windows), or the folder named by the ``WARGAME_LOG_DIR`` environment variable;
- rotated at :data:`MAX_BYTES`, keeping :data:`BACKUP_COUNT` old files
  (``wargame.log.1`` … ``wargame.log.5``), so it never grows without bound;
- every record of level INFO and above from any logger (wargame's own, Alembic's
  migrations, …), and every *unhandled* exception — in the main thread (``sys.excepthook``,
  which is also where PySide6 sends exceptions raised in slots) and in other threads
  (``threading.excepthook``) — with its traceback;
- warnings and errors also go to standard error, as Python does when logging is not
  configured (nothing is written there when the process has no stderr, as in a windowed
  Windows app).

A log folder that cannot be created or written (a read-only home, a full disk) never stops
the app: logging then goes to standard error only, and :func:`configure_logging` says so by
returning ``None``.

The Help menu's "Open log folder" opens :func:`log_dir`.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import platform
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Final

import platformdirs

from wargame import __version__
from wargame.text import for_terminal

APP_NAME: Final = "wargame"
LOG_DIR_ENV: Final = "WARGAME_LOG_DIR"
"""Environment variable naming another log folder (tests, portable installs)."""
LOG_FILE_NAME: Final = "wargame.log"
MAX_BYTES: Final = 1_000_000
"""Size at which the log file is rotated."""
BACKUP_COUNT: Final = 5
"""How many rotated files are kept beside the current one."""
FILE_FORMAT: Final = "%(asctime)s %(levelname)-8s %(name)s [%(process)d]: %(message)s"
QUIET_LOGGERS: Final = ("alembic.runtime.plugins",)
"""Loggers whose INFO lines say nothing useful in a bug report (kept at WARNING)."""

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
ThreadExceptHook = Callable[[threading.ExceptHookArgs], object]


def log_dir() -> Path:
    """The folder of the log files (``WARGAME_LOG_DIR`` if set, else the platform's)."""
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override)
    return platformdirs.user_log_path(APP_NAME, appauthor=False)


def log_file() -> Path:
    """The current log file (older ones have ``.1``, ``.2``, … appended)."""
    return log_dir() / LOG_FILE_NAME


class _RotatingFile(logging.handlers.RotatingFileHandler):
    """A rotating file handler that keeps logging when it cannot rotate.

    On Windows a second running copy of the app holds the file open and renaming it fails;
    the record then goes into the current file and rotation is tried again later.
    """

    def doRollover(self) -> None:  # noqa: N802 - the logging module's name
        """Rotate the files; on failure, keep writing to the current one."""
        with contextlib.suppress(OSError):
            super().doRollover()
        if self.stream is None:
            self.stream = self._open()


class _Stderr(logging.Handler):
    """Writes records to whatever ``sys.stderr`` is at the time (nothing when it is None)."""

    def emit(self, record: logging.LogRecord) -> None:
        """Write one formatted record and a newline."""
        stream = sys.stderr
        if stream is None:  # a windowed app on Windows has no stderr
            return
        try:
            stream.write(for_terminal(self.format(record)) + "\n")  # no raw escapes
            stream.flush()
        except Exception:  # logging must never raise
            self.handleError(record)


class _State:
    """What :func:`configure_logging` installed, so it can be replaced or removed."""

    file_handler: _RotatingFile | None = None
    stderr_handler: _Stderr | None = None
    previous_excepthook: ExceptHook | None = None
    previous_threading_excepthook: ThreadExceptHook | None = None


_state = _State()


def _log_unhandled(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    """``sys.excepthook``: log the exception with its traceback, then do what was done before."""
    if not issubclass(kind, KeyboardInterrupt):
        log.critical("unhandled exception", exc_info=(kind, value, tb))
    previous = _state.previous_excepthook or sys.__excepthook__
    previous(kind, value, tb)


def _log_unhandled_in_thread(args: threading.ExceptHookArgs) -> None:
    """``threading.excepthook``: the same for an exception that ends a thread."""
    if args.exc_type is not SystemExit and args.exc_value is not None:
        name = args.thread.name if args.thread is not None else "?"
        log.critical(
            "unhandled exception in thread %s",
            name,
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )
    previous = _state.previous_threading_excepthook or threading.__excepthook__
    previous(args)


def _open_file_handler(path: Path) -> _RotatingFile | None:
    """A rotating handler on ``path``, or None when the folder cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _RotatingFile(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError as exc:
        if sys.stderr is not None:
            sys.stderr.write(
                f"wargame: cannot write the log file {path} ({exc.strerror or exc}); "
                "logging to standard error only\n"
            )
        return None
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    handler.setLevel(logging.INFO)
    return handler


def configure_logging(level: int = logging.INFO) -> Path | None:
    """Send the app's log to the rotating file and log unhandled exceptions there.

    Safe to call more than once: a second call keeps the handlers it installed, or moves the
    file handler when :func:`log_dir` has changed (``WARGAME_LOG_DIR`` set in between).

    Args:
        level: the root logger's level; records below it are dropped everywhere.

    Returns:
        The log file's path, or None when its folder cannot be written (logging then goes to
        standard error only).
    """
    root = logging.getLogger()
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
    path = log_file()

    current = _state.file_handler
    if current is not None and Path(current.baseFilename) != path.absolute():
        root.removeHandler(current)
        current.close()
        _state.file_handler = current = None
    started = current is None
    if current is None:
        _state.file_handler = _open_file_handler(path)
        if _state.file_handler is not None:
            root.addHandler(_state.file_handler)

    if _state.stderr_handler is None:
        _state.stderr_handler = _Stderr(logging.WARNING)
        root.addHandler(_state.stderr_handler)

    if sys.excepthook is not _log_unhandled:
        _state.previous_excepthook = sys.excepthook
        sys.excepthook = _log_unhandled
    if threading.excepthook is not _log_unhandled_in_thread:
        _state.previous_threading_excepthook = threading.excepthook
        threading.excepthook = _log_unhandled_in_thread

    if started and _state.file_handler is not None:
        log.info(
            "wargame %s on %s, Python %s%s, pid %d",
            __version__,
            platform.platform(),
            platform.python_version(),
            " (bundle)" if getattr(sys, "frozen", False) else "",
            os.getpid(),
        )
    return path if _state.file_handler is not None else None


def shutdown_logging() -> None:
    """Undo :func:`configure_logging`: close the file, restore the exception hooks."""
    root = logging.getLogger()
    for handler in (_state.file_handler, _state.stderr_handler):
        if handler is not None:
            root.removeHandler(handler)
            handler.close()
    _state.file_handler = None
    _state.stderr_handler = None
    if sys.excepthook is _log_unhandled:
        sys.excepthook = _state.previous_excepthook or sys.__excepthook__
    if threading.excepthook is _log_unhandled_in_thread:
        threading.excepthook = _state.previous_threading_excepthook or threading.__excepthook__
    _state.previous_excepthook = None
    _state.previous_threading_excepthook = None
