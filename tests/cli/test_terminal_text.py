"""What the command line prints cannot act on the terminal, and what it reads must be text.

Escape sequences, bells, carriage returns and bidi overrides in a user's text are printed
as visible escapes; an argument holding undecodable bytes is refused in one sentence
before any file is made; a play script with a lone surrogate is refused with its position.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.cli_run import wargame
from wargame.cli import main
from wargame.game import Game, JoinRequest, Viewer
from wargame.scenario import load_scenario

REPO = Path(__file__).resolve().parents[2]
TUTORIAL = REPO / "scenarios" / "tutorial.yaml"
HEADER = "team,author,title,action,intended_result\n"
ESCAPES = "\x1b[31mEvil\x1b]0;pwned\x07\x9b2J\u202eegami"


@pytest.fixture
def started(tmp_path: Path) -> Path:
    path = tmp_path / "game.wargame"
    with Game.create(path, load_scenario(TUTORIAL), seed=1) as game:
        fac = game.queries().participants()[0].id
        game.join(fac, JoinRequest(name="Alice", role="player", team_id="blue"))
        game.join(fac, JoinRequest(name="Bob", role="player", team_id="red"))
        game.start(fac)
    return path


def _no_raw_controls(text: str) -> None:
    for ch in "\x1b\x07\x9b\u202e\r":
        assert ch not in text, repr(text)


def test_an_imported_authors_escape_sequences_are_shown_not_run(
    started: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "moves.csv"
    sheet.write_text(HEADER + f"blue,{ESCAPES},t,a,r\n", encoding="utf-8")
    assert main(["import-moves", str(started), str(sheet), "--turn", "1"]) == 1
    err = capsys.readouterr().err
    _no_raw_controls(err)
    assert "\\x1b[31mEvil\\x1b]0;pwned\\x07\\x9b2J\\u202eegami" in err
    with Game.open(started) as game:
        assert game.queries().moves(Viewer.facilitator()) == ()


def test_a_line_break_in_a_name_cannot_fake_a_line(
    started: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "moves.csv"
    sheet.write_text(HEADER + 'blue,"Nobody\rall rows imported",t,a,r\n', encoding="utf-8")
    assert main(["import-moves", str(started), str(sheet), "--turn", "1"]) == 1
    err = capsys.readouterr().err
    _no_raw_controls(err)
    problem, summary = err.splitlines()  # the line break in the name is shown, not made
    assert "Nobody\\nall rows imported" in problem
    assert summary == "wargame: 1 bad row; nothing was imported"


def test_a_file_name_with_escapes_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "evil\x1b[2Jname.wargame"
    assert main(["verify", str(missing)]) == 1
    err = capsys.readouterr().err
    _no_raw_controls(err)
    assert "evil\\x1b[2Jname" in err


def test_json_on_the_terminal_stays_json_with_controls_escaped(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Game.open(started) as game:
        fac = game.queries().participants()[0].id
        game.note(fac, "bell\x07 csi\x9b31m override\u202e end")
    assert main(["export", str(started)]) == 0
    out = capsys.readouterr().out
    _no_raw_controls(out)
    data = json.loads(out)
    assert data["notes"][0]["text"] == "bell\x07 csi\x9b31m override\u202e end"


def test_a_title_with_an_invalid_byte_is_refused_before_any_file_is_made(
    tmp_path: Path,
) -> None:
    target = tmp_path / "new.wargame"
    title = os.fsdecode(b"Caf\xe9 talks")  # what Python makes of the byte in argv
    done = wargame("new", "tutorial", "-o", target, "--title", title)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "wargame: the argument --title holds an undecodable byte 0xe9 at character 4; "
        "type it again as UTF-8 text"
    ]
    assert list(tmp_path.iterdir()) == []
    again = wargame("new", "tutorial", "-o", target)
    assert again.returncode == 0, again.stderr


def test_a_file_name_may_hold_any_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / os.fsdecode(b"caf\xe9.wargame")
    assert main(["new", "tutorial", "-o", str(target), "--title", "Café talks"]) == 0
    assert target.exists()
    out = capsys.readouterr().out
    assert "\\udce9" in out  # the undecodable byte is shown, not written raw


def test_a_play_script_with_a_lone_surrogate_is_refused_with_its_place(
    started: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "script.yaml"
    script.write_text('- do: note\n  text: "before \\ud800 after"\n', encoding="utf-8")
    assert main(["play", str(started), str(script)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") <= 2 and "Traceback" not in err
    assert "script.yaml:2:9" in err
    assert "lone surrogate U+D800" in err
    with Game.open(started) as game:
        assert game.queries().notes(Viewer.facilitator()) == ()


def test_a_scenario_with_a_lone_surrogate_is_refused_with_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = TUTORIAL.read_text(encoding="utf-8")
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines) if line.strip().startswith("title:"))
    indent = lines[number][: len(lines[number]) - len(lines[number].lstrip())]
    lines[number] = f'{indent}title: "Kest \\udcff Strait"'
    path = tmp_path / "bad.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"bad.yaml:{number + 1}:{len(indent) + 8}:" in err
    assert "an undecodable byte 0xff at character 6" in err
    assert "Traceback" not in err
