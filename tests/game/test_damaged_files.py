"""Damaged game files get one sentence and change nothing; `new` never leaves half a file.

The files are real games edited with Python's sqlite3 module; the command-line tests run
`wargame.cli.main` in-process, and the kill test runs the real program and kills it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from wargame.cli import main
from wargame.game import Game, GameFileProblem, JoinRequest, Viewer
from wargame.scenario import LoadedScenario
from wargame.store import StoreError
from wargame.store.engine import translate_error
from wargame.store.migrate import HEAD_REVISION

from .support import copy_of, play_tutorial, sqlite_exec


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory, tutorial_loaded: LoadedScenario) -> Path:
    return play_tutorial(
        tmp_path_factory.mktemp("damaged") / "played.wargame", tutorial_loaded, seed=5
    )


@pytest.fixture
def copy(played: Path, tmp_path: Path) -> Path:
    return copy_of(played, tmp_path)


DAMAGE = [
    ("UPDATE roll SET faces = 'not json' WHERE id = 1", "roll #1 has faces 'not json'"),
    ("UPDATE roll SET sequence = 'abc' WHERE id = 1", "roll #1 has sequence 'abc'"),
    ("UPDATE roll SET dice = '9999999d9999999' WHERE id = 1", "roll #1 ('9999999d9999999')"),
    ("UPDATE move SET created_at = 'yesterday' WHERE id = 1", "move #1 has created_at"),
    ("UPDATE game SET phase_id = 'nope'", "the game is in phase 'nope'"),
    ("UPDATE move SET turn = 'x' WHERE id = 1", "move #1 has turn 'x'"),
    (
        "UPDATE move SET turn = 2147483647 WHERE id = 1",
        "move #1 is in turn 2147483647, which the scenario does not have",
    ),
    ("UPDATE audit SET details = '{bad' WHERE id = 1", "audit #1 has details '{bad'"),
    ("UPDATE adjudication SET inputs = 'nope' WHERE id = 1", "adjudication #1 has inputs"),
    ("UPDATE move SET reasons = '{\"a\": 1}' WHERE id = 1", "move #1 has reasons"),
]


@pytest.mark.parametrize(("sql", "named"), DAMAGE)
def test_a_damaged_value_is_one_sentence_naming_the_row(copy: Path, sql: str, named: str) -> None:
    sqlite_exec(copy, sql)
    before = copy.read_bytes()
    with pytest.raises(GameFileProblem) as refused:
        Game.open(copy)
    message = str(refused.value)
    assert message.startswith("the game file is damaged: ")
    assert named in message and str(copy) in message
    assert "\n" not in message
    assert copy.read_bytes() == before


@pytest.mark.parametrize("command", ["verify", "report", "export"])
@pytest.mark.parametrize(("sql", "named"), DAMAGE[:3])
def test_damage_gives_each_command_one_line(
    copy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    sql: str,
    named: str,
) -> None:
    sqlite_exec(copy, sql)
    extra = ["-o", str(tmp_path / "out.pdf")] if command == "report" else []
    assert main([command, str(copy), *extra]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the game file is damaged: " in err and named in err
    assert "Traceback" not in err


def test_a_look_alike_file_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "fake.wargame"
    with closing(sqlite3.connect(fake)) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES (?)", (HEAD_REVISION,))
        connection.execute("CREATE TABLE game (id INTEGER PRIMARY KEY, name TEXT)")
        connection.commit()
    with pytest.raises(
        GameFileProblem, match="changed outside wargame: table 'game' is not the one wargame made"
    ):
        Game.open(fake)


def test_a_look_alike_with_every_table_but_a_fake_game_is_refused(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with closing(sqlite3.connect(copy)) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("DROP TABLE game")
        connection.execute("CREATE TABLE game (id INTEGER PRIMARY KEY, title TEXT)")
        connection.commit()
    assert main(["verify", str(copy)]) == 1
    err = capsys.readouterr().err
    assert "this file was changed outside wargame: table 'game' is not the one wargame made" in err


def test_a_full_disk_is_one_sentence(tmp_path: Path, tutorial_loaded: LoadedScenario) -> None:
    """SQLite's max_page_count makes a real SQLITE_FULL on a real file."""
    path = tmp_path / "full.wargame"
    Game.create(path, tutorial_loaded, seed=1).close()
    connection = sqlite3.connect(path)
    try:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(sqlite3.Error) as full:
            connection.execute("CREATE TABLE filler (x)")
            connection.execute("INSERT INTO filler VALUES (zeroblob(1000000))")
            connection.commit()
    finally:
        connection.close()
    translated = translate_error(full.value, str(path), path)
    assert isinstance(translated, StoreError)
    assert str(translated) == (
        f"the disk holding {path} is full; free some space and try again (nothing was changed)."
    )


def test_a_disk_io_error_is_one_sentence(tmp_path: Path) -> None:
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = 10 | (1 << 8)  # SQLITE_IOERR_READ
    translated = translate_error(error, "game.wargame", tmp_path / "game.wargame")
    assert translated is not None
    assert str(translated).startswith("game.wargame could not be read or written (disk I/O")


# ---------------------------------------------------------------------------- read-only


def test_a_read_only_open_writes_nothing_and_still_verifies_and_reports(
    copy: Path, tmp_path: Path
) -> None:
    before = copy.read_bytes()
    with Game.open(copy, read_only=True) as game:
        assert game.queries().verify_chain().ok
        record = game.queries().record(Viewer.public())
        with pytest.raises(GameFileProblem, match="read-only"):
            game.note(record.participants[0].id, "nothing may be written")
    assert copy.read_bytes() == before


# ---------------------------------------------------------------------------- new


def test_a_bad_title_leaves_no_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "game.wargame"
    bad = b"Exercise \xff".decode("utf-8", "surrogateescape")
    assert main(["new", "tutorial", "-o", str(target), "--title", bad]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    assert main(["new", "tutorial", "-o", str(target)]) == 0
    with Game.open(target) as game:
        assert game.queries().verify_chain().ok


@pytest.mark.slow
def test_a_kill_during_new_leaves_no_half_made_file(tmp_path: Path) -> None:
    """SIGKILL at moments spread over `new`'s run: the name holds a whole game or nothing."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "wargame.cli", "new", "tutorial", "--seed", "3", "-o"]
    start = time.perf_counter()
    subprocess.run([*command, str(tmp_path / "timed.wargame")], check=True, env=env)
    whole = time.perf_counter() - start
    for n in range(16):
        target = tmp_path / f"g{n}.wargame"
        process = subprocess.Popen([*command, str(target)], env=env)
        try:
            process.wait(timeout=whole * (0.3 + n / 16))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
        if target.exists():
            with Game.open(target) as game:
                assert game.queries().verify_chain().ok
        else:
            assert main(["new", "tutorial", "--seed", "3", "-o", str(target)]) == 0
            assert not list(tmp_path.glob(f".g{n}.wargame.*"))  # the killed one's is gone


def _immutable(path: Path, on: bool) -> bool:
    """``chattr +i``: a file (or folder) that even root cannot write; False if unsupported."""
    done = subprocess.run(
        ["chattr", "+i" if on else "-i", str(path)], capture_output=True, check=False
    )
    return done.returncode == 0


@pytest.mark.parametrize("locked", ["file", "folder"])
def test_verify_report_and_export_open_a_file_they_cannot_write_read_only(
    copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], locked: str
) -> None:
    folder = copy.parent / "locked"
    folder.mkdir()
    game = folder / "game.wargame"
    game.write_bytes(copy.read_bytes())
    target = game if locked == "file" else folder
    if not _immutable(target, True):
        pytest.skip("chattr +i is not available here (needs root on ext4 or similar)")
    try:
        assert not os.access(game if locked == "file" else folder, os.W_OK)
        assert main(["verify", str(game)]) == 0
        assert main(["report", str(game), "-o", str(tmp_path / "aar.pdf")]) == 0
        assert main(["export", str(game), "-o", str(tmp_path / "record.json")]) == 0
        assert "Traceback" not in capsys.readouterr().err
        assert (tmp_path / "aar.pdf").stat().st_size > 0
    finally:
        _immutable(target, False)
    assert game.read_bytes() == copy.read_bytes()


def test_a_game_stepped_back_from_turn_two_still_opens(
    tmp_path: Path, tutorial_loaded: LoadedScenario
) -> None:
    """Undoing the change into turn 2 leaves rows of turn 2 behind: not damage."""
    path = tmp_path / "undone.wargame"
    with Game.create(path, tutorial_loaded, seed=1, facilitator="Fay") as game:
        fac = game.queries().participants()[0].id
        game.join(fac, JoinRequest(name="Alice", role="player", team_id="blue"))
        game.start(fac)
        while game.queries().summary().turn < 2:
            game.advance(fac)
        with closing(sqlite3.connect(path)) as connection:
            (phase,) = connection.execute("SELECT MAX(id) FROM phase_record").fetchone()
        game.void(fac, "phase", phase, reason="too early")
        assert game.queries().summary().turn == 1
    with Game.open(path) as game:
        assert game.queries().verify_chain().ok
