"""The app's rotating log file: where it lives, what goes in, and that it never stops the app."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import platformdirs
import pytest

from wargame import applog
from wargame.applog import configure_logging, log_dir, log_file, shutdown_logging

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


@pytest.fixture(autouse=True)
def _log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test logs into its own folder and leaves logging as it found it."""
    folder = tmp_path / "logs"
    monkeypatch.setenv(applog.LOG_DIR_ENV, str(folder))
    root = logging.getLogger()
    level = root.level
    yield folder
    shutdown_logging()
    root.setLevel(level)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_log_dir_is_the_env_override(_log_folder: Path) -> None:
    assert log_dir() == _log_folder
    assert log_file() == _log_folder / "wargame.log"


def test_log_dir_defaults_to_the_platform_user_log_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(applog.LOG_DIR_ENV)
    assert log_dir() == platformdirs.user_log_path("wargame", appauthor=False)


def test_configure_creates_the_folder_and_logs_a_start_line(_log_folder: Path) -> None:
    path = configure_logging()
    assert path == _log_folder / "wargame.log"
    assert path.is_file()
    first = _text(path).splitlines()[0]
    assert "INFO" in first
    assert "wargame " in first
    assert "Python" in first


def test_records_of_any_logger_reach_the_file_in_utf8() -> None:
    path = configure_logging()
    assert path is not None
    logging.getLogger("wargame.game").info("move submitted by Олена 🙂")
    logging.getLogger("alembic.runtime.migration").info("Running upgrade -> 0001")
    logging.getLogger("wargame.store").debug("not at INFO: dropped")
    text = _text(path)
    assert "wargame.game" in text
    assert "move submitted by Олена 🙂" in text
    assert "Running upgrade -> 0001" in text
    assert "dropped" not in text


def test_warnings_also_go_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging()
    logging.getLogger("wargame.x").info("quiet")
    logging.getLogger("wargame.x").warning("loud")
    err = capsys.readouterr().err
    assert "loud" in err
    assert "quiet" not in err


def test_warnings_on_stderr_show_control_characters_as_escapes(
    capsys: pytest.CaptureFixture[str], _log_folder: Path
) -> None:
    configure_logging()
    logging.getLogger("wargame.x").warning("name %s", "\x1b]0;pwned\x07\u202eevil")
    err = capsys.readouterr().err
    assert "name \\x1b]0;pwned\\x07\\u202eevil" in err
    assert "\x1b" not in err and "\u202e" not in err
    assert "\x1b]0;pwned" in _text(log_file())  # the log file keeps the record as it was


def test_calling_twice_installs_one_handler() -> None:
    configure_logging()
    configure_logging()
    root = logging.getLogger()
    ours = [h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]
    assert len(ours) == 1
    path = log_file()
    assert _text(path).count("pid") == 1  # one start line


def test_a_new_log_dir_moves_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = configure_logging()
    other = tmp_path / "elsewhere"
    monkeypatch.setenv(applog.LOG_DIR_ENV, str(other))
    second = configure_logging()
    assert second == other / "wargame.log"
    logging.getLogger("wargame").info("after the move")
    assert first is not None
    assert "after the move" not in _text(first)
    assert "after the move" in _text(second)


def test_unhandled_exception_is_logged_with_traceback_then_passed_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[ExcInfo] = []

    def previous(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        seen.append((kind, value, tb))

    monkeypatch.setattr(sys, "excepthook", previous)
    path = configure_logging()
    assert path is not None
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    text = _text(path)
    assert "CRITICAL" in text
    assert "unhandled exception" in text
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: boom in a slot" in text
    assert len(seen) == 1  # the hook that was there before still runs


def test_keyboard_interrupt_is_not_logged_as_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", lambda *_: None)
    path = configure_logging()
    assert path is not None
    sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert "unhandled" not in _text(path)


def test_unhandled_exception_in_a_thread_is_logged(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(threading, "excepthook", seen.append)
    path = configure_logging()
    assert path is not None

    def work() -> None:
        raise ValueError("boom in a worker")

    worker = threading.Thread(target=work, name="report-worker")
    worker.start()
    worker.join()
    text = _text(path)
    assert "unhandled exception in thread report-worker" in text
    assert "ValueError: boom in a worker" in text
    assert len(seen) == 1


def test_shutdown_restores_the_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    def mine(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        return None

    monkeypatch.setattr(sys, "excepthook", mine)
    configure_logging()
    assert sys.excepthook is not mine
    shutdown_logging()
    assert sys.excepthook is mine
    root = logging.getLogger()
    assert not [h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]


def test_the_file_rotates_and_keeps_a_bounded_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(applog, "MAX_BYTES", 2_000)
    path = configure_logging()
    assert path is not None
    for i in range(400):
        logging.getLogger("wargame").info("line %d %s", i, "x" * 80)
    rotated = sorted(p.name for p in path.parent.iterdir())
    assert rotated == ["wargame.log"] + [f"wargame.log.{i}" for i in range(1, 6)]
    assert path.stat().st_size <= 2_000 + 200
    assert "line 399" in _text(path)


def test_a_failed_rotation_keeps_logging(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(applog, "MAX_BYTES", 500)
    path = configure_logging()
    assert path is not None
    handler = applog._state.file_handler
    assert handler is not None

    def locked(source: str, dest: str) -> None:
        raise PermissionError(13, "in use by another process", source)

    monkeypatch.setattr(handler, "rotate", locked)
    for i in range(20):
        logging.getLogger("wargame").info("still here %d %s", i, "y" * 60)
    assert "still here 19" in _text(path)
    assert not (path.parent / "wargame.log.1").exists()


def test_an_unwritable_log_folder_never_stops_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(applog.LOG_DIR_ENV, str(blocker / "logs"))
    assert configure_logging() is None
    assert "cannot write the log file" in capsys.readouterr().err
    logging.getLogger("wargame").error("still reported")
    assert "still reported" in capsys.readouterr().err


def test_the_command_line_configures_logging(
    _log_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from wargame.cli import main

    assert main(["schema"]) == 0
    capsys.readouterr()
    assert "wargame " in _text(_log_folder / "wargame.log")
