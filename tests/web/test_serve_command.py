"""``wargame serve``: the real program in a subprocess, its links, QR codes and refusals."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from wargame.cli import main

from .support import new_game, request


def test_serve_prints_a_link_per_team_that_opens_its_page_and_stops_on_ctrl_c(
    tmp_path: Path,
) -> None:
    played = new_game(tmp_path / "game.wargame")
    played.game.close()
    env = dict(os.environ, WARGAME_LOG_DIR=str(tmp_path / "log"), PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "wargame.cli", "serve", str(played.path)]
    command += ["--address", "127.0.0.1", "--port", "0", "--qr", str(tmp_path / "qr")]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as process:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("Press Ctrl+C"):
                break
        links = dict(re.findall(r"^  (\w+): (http://\S+)$", "".join(lines), re.MULTILINE))
        assert set(links) == {"blue", "red"}
        assert "Red team" in request(links["red"]).text
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
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
