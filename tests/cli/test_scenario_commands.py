"""`wargame validate`, `schema`, `scenarios` and `--version`, run as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wargame import __version__
from wargame.cli import main

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"wargame {__version__}"


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SCENARIOS / "tutorial.yaml")]) == 0
    assert "ok" in capsys.readouterr().out


def test_validate_lists_every_error_of_every_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (SCENARIOS / "tutorial.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        text.replace(
            "maps/tutorial.geojson", str(SCENARIOS.parent / "assets/maps/tutorial.geojson")
        )
        .replace("    region: borovia\n", "    region: mars\n")
        .replace("    owner: aurelia\n", "    owner: atlantis\n"),
        encoding="utf-8",
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text("format_version: 1\nmetadata: [\n", encoding="utf-8")
    code = main(["validate", str(bad), str(broken), str(SCENARIOS / "tutorial.yaml")])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert any("mars" in line and line.startswith(f"{bad}:") for line in err)
    assert any("atlantis" in line for line in err)
    assert any(line.startswith(f"{broken}:") for line in err)


def test_schema_is_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "wargame scenario"
    assert "metadata" in schema["properties"]


def test_scenarios_lists_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    assert "tutorial" in out
    assert "troop-deployment" in out


def test_installed_entry_point_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "wargame.cli", "validate", str(SCENARIOS / "tutorial.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_a_windowed_start_without_stdout_or_stderr_runs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # pythonw on Windows, and the frozen windowed app, start with no standard streams.
    monkeypatch.setenv("WARGAME_LOG_DIR", str(tmp_path))
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert main(["validate", str(tmp_path / "missing.yaml")]) == 1
    sinks = (sys.stdout, sys.stderr)
    assert all(sink is not None and sink.name == os.devnull for sink in sinks)
    for sink in sinks:
        sink.close()


def test_a_reader_that_goes_away_ends_the_command_quietly() -> None:
    # `wargame schema | head`: the reader closes the pipe; no traceback, SIGPIPE's status.
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write to the pipe now fails, as after `head` has read enough
    try:
        done = subprocess.run(
            [sys.executable, "-m", "wargame.cli", "schema"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 128 + 13
