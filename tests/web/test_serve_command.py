"""``wargame serve``: the real program in a subprocess, its links, QR codes and refusals."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

import pytest

from wargame.cli import main

from .support import new_game, request


def _read_until_ready(stream: IO[str], ready: queue.Queue[list[str]]) -> None:
    """Collect the server's output up to its "Press Ctrl+C" line, then hand it over."""
    lines: list[str] = []
    for line in stream:
        lines.append(line)
        if line.startswith("Press Ctrl+C"):
            break
    ready.put(lines)


def test_serve_prints_a_link_per_team_that_opens_its_page_and_stops_on_ctrl_c(
    tmp_path: Path,
) -> None:
    played = new_game(tmp_path / "game.wargame")
    played.game.close()
    env = dict(os.environ, WARGAME_LOG_DIR=str(tmp_path / "log"), PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "wargame.cli", "serve", str(played.path)]
    command += ["--address", "127.0.0.1", "--port", "0", "--qr", str(tmp_path / "qr")]
    # Standard error goes to a file, so a chatty server can never block on a full pipe, and
    # standard output is read on a thread, so a server that never gets ready fails the test
    # after a bound instead of hanging the run.
    err_path = tmp_path / "serve.err"
    with (
        err_path.open("w", encoding="utf-8") as err_file,
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=err_file, text=True, env=env
        ) as process,
    ):
        assert process.stdout is not None
        ready: queue.Queue[list[str]] = queue.Queue()
        threading.Thread(
            target=_read_until_ready, args=(process.stdout, ready), daemon=True
        ).start()
        try:
            lines = ready.get(timeout=60)
        except queue.Empty:
            process.kill()
            process.wait(timeout=20)
            pytest.fail(f"wargame serve printed no links in 60 s: {err_path.read_text()}")
        links = dict(re.findall(r"^  (\w+): (http://\S+)$", "".join(lines), re.MULTILINE))
        assert set(links) == {"blue", "red"}
        assert "Red team" in request(links["red"]).text
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=20)
    out = "".join(lines) + rest
    err = err_path.read_text(encoding="utf-8")
    assert process.returncode == 0, err
    assert "Team pages stopped." in out
    assert "Traceback" not in err
    assert (tmp_path / "qr" / "blue.png").read_bytes().startswith(b"\x89PNG")
    assert "<svg" in (tmp_path / "qr" / "red.svg").read_text(encoding="utf-8")


def test_serve_refuses_every_interface_without_confirmation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    played = new_game(tmp_path / "game.wargame")
    played.game.close()
    assert main(["serve", str(played.path), "--address", "0.0.0.0", "--port", "0"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "every network" in err[0]


def test_serve_refuses_a_missing_game_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.wargame"
    assert main(["serve", str(missing), "--address", "127.0.0.1"]) == 1
    assert f"there is no game file {missing}" in capsys.readouterr().err
