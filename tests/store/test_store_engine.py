"""Engine and session behaviour on real files (and PostgreSQL where marked)."""

from __future__ import annotations

import functools
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from wargame.store import (
    DatabaseUnavailable,
    Game,
    GameDatabase,
    GameFileCorrupt,
    GameFileExists,
    GameFileLocked,
    GameFileMissing,
    GameFileReadOnly,
    Move,
    NotAGameFile,
    Participant,
    Roll,
    StaleDataError,
    StoreError,
    open_engine,
)
from wargame.store.engine import BUSY_TIMEOUT_ENV


def _pragmas(run: Callable[[str], object]) -> dict[str, object]:
    return {
        name: run(f"PRAGMA {name}")
        for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
    }


def _first_value(cursor: Any, sql: str) -> object:
    return cursor.execute(sql).fetchone()[0]


EXPECTED_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,
    "busy_timeout": 5000,
}


# ------------------------------------------------------------------ connection settings


def test_pragmas_are_in_force_on_every_connection(game_file: GameDatabase) -> None:
    # Several connections at once, so the pool must make new ones, each set up the same.
    connections = [game_file.engine.connect() for _ in range(3)]
    try:
        for connection in connections:
            cursor = connection.connection.cursor()  # the DBAPI connection, no transaction
            found = _pragmas(functools.partial(_first_value, cursor))
            assert found == EXPECTED_PRAGMAS
    finally:
        for connection in connections:
            connection.close()
    for write in (True, False):
        with game_file.session(write=write) as s:
            found = _pragmas(lambda sql: s.execute(text(sql)).scalar_one())
            assert found == EXPECTED_PRAGMAS


def test_busy_timeout_is_configurable(tmp_path: Path) -> None:
    GameDatabase.create(tmp_path / "g.wargame").close()
    with GameDatabase.open(tmp_path / "g.wargame", busy_timeout_ms=250) as db, db.session() as s:
        assert s.execute(text("PRAGMA busy_timeout")).scalar_one() == 250


def test_write_session_takes_the_write_lock_at_begin(game_file: GameDatabase) -> None:
    """BEGIN IMMEDIATE: a second writer cannot start while a write session is open."""
    assert game_file.path is not None
    other = sqlite3.connect(game_file.path, timeout=0, isolation_level=None)
    try:
        with game_file.session(write=True) as s:
            s.connection()  # the transaction begins when the session first connects
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_read_session_neither_blocks_nor_waits_for_a_writer(game_file: GameDatabase) -> None:
    assert game_file.path is not None
    other = sqlite3.connect(game_file.path, timeout=0, isolation_level=None)
    try:
        with game_file.session(write=False) as s:
            s.connection()
            other.execute("BEGIN IMMEDIATE")  # a writer is not blocked by our reader
            assert s.execute(select(Game)).all() == []  # and our reader does not wait
            other.execute("ROLLBACK")
    finally:
        other.close()


def test_read_session_refuses_to_write(
    game_file: GameDatabase, populate: Callable[..., Any]
) -> None:
    populate(game_file)
    with pytest.raises(RuntimeError, match="read session"), game_file.session(write=False) as s:
        s.scalars(select(Game)).one().title = "changed"
    with game_file.session(write=False) as s:
        assert s.scalars(select(Game)).one().title != "changed"


# ------------------------------------------------------------------ round trip


def test_row_round_trip(new_db: GameDatabase, populate: Callable[..., Any]) -> None:
    made = populate(new_db)
    with new_db.session(write=False) as s:
        game = s.scalars(select(Game)).one()
        assert game.title == "Test game — Тест 🎲"
        assert game.seed == 2**40 + 7
        assert len(game.uid) == 32
        assert game.version_id == 1
        assert game.created_at.tzinfo is UTC
        assert game.created_at - datetime.now(UTC) < timedelta(minutes=1)
        names = set(s.scalars(select(Participant.name)))
        assert names == {"Анна", "محمد", "Zażółć"}
        move = s.get(Move, made.move_id)
        assert move is not None
        assert move.reasons == ["allies", "treaty"]
        assert move.title == "Exercise 🎖"
        assert move.revealed_at is not None and move.revealed_at.tzinfo is UTC
        assert [c.text for c in move.counter_arguments] == ["Too late"]
        voided = s.get(Move, made.voided_move_id)
        assert voided is not None and voided.is_void and voided.superseded_by_id == move.id
        roll = s.scalars(select(Roll)).one()
        assert roll.faces == [2, 6]
        assert roll.adjudication_id == made.adjudication_id


def test_timestamps_are_stored_in_utc(new_db: GameDatabase) -> None:
    kyiv = timezone(timedelta(hours=3))
    with new_db.session() as s:
        game = Game(
            title="t",
            scenario_id="s",
            scenario_title="S",
            scenario_text="",
            scenario_sha256="0" * 64,
            seed=1,
            created_at=datetime(2024, 5, 1, 12, 0, tzinfo=kyiv),
        )
        s.add(game)
    with new_db.session(write=False) as s:
        stored = s.scalars(select(Game.created_at)).one()
    assert stored == datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    assert stored.tzinfo is UTC


def test_naive_timestamps_are_refused(game_file: GameDatabase) -> None:
    with pytest.raises(Exception, match="naive datetime"), game_file.session() as s:
        s.add(
            Game(
                title="t",
                scenario_id="s",
                scenario_title="S",
                scenario_text="",
                scenario_sha256="0" * 64,
                seed=1,
                created_at=datetime(2024, 5, 1, 12, 0),  # naive: the point of the test
            )
        )


def test_check_constraints_guard_enumerations(new_db: GameDatabase) -> None:
    with pytest.raises(IntegrityError), new_db.session() as s:
        s.add(
            Game(
                title="t",
                scenario_id="s",
                scenario_title="S",
                scenario_text="",
                scenario_sha256="0" * 64,
                seed=1,
                status="paused",
            )
        )


# ------------------------------------------------------------------ append-only, locking


def test_optimistic_locking_refuses_a_stale_edit(
    new_db: GameDatabase, populate: Callable[..., Any]
) -> None:
    made = populate(new_db)
    with new_db.session(write=False) as s:
        seen = s.get(Move, made.move_id)
    assert seen is not None and seen.version_id == 1

    with new_db.session() as s:  # someone else edits the move meanwhile
        current = s.get(Move, made.move_id)
        assert current is not None
        current.title = "Edited elsewhere"
    with new_db.session(write=False) as s:
        after = s.get(Move, made.move_id)
        assert after is not None and after.version_id == 2

    with pytest.raises(StaleDataError), new_db.session() as s:
        stale = s.merge(seen, load=False)
        stale.title = "Edited from an old screen"
    with new_db.session(write=False) as s:
        kept = s.get(Move, made.move_id)
        assert kept is not None and kept.title == "Edited elsewhere"


@pytest.mark.postgres
def test_optimistic_locking_between_concurrent_sessions_on_postgresql(
    pg_url: str, populate: Callable[..., Any]
) -> None:
    with GameDatabase.create(pg_url) as db:
        made = populate(db)
        with db.session() as first, db.session() as second:
            a = first.get(Move, made.move_id)
            b = second.get(Move, made.move_id)
            assert a is not None and b is not None
            a.title = "first"
            first.commit()
            b.title = "second"
            with pytest.raises(StaleDataError):
                second.flush()


def test_rows_are_never_deleted(game_file: GameDatabase, populate: Callable[..., Any]) -> None:
    populate(game_file)
    with pytest.raises(RuntimeError, match="append-only"), game_file.session() as s:
        s.delete(s.scalars(select(Move)).first())
    # Below the ORM, ON DELETE RESTRICT refuses to delete a parent with children.
    with pytest.raises(IntegrityError), game_file.session() as s:
        s.execute(text("DELETE FROM participant"))
    with game_file.session(write=False) as s:
        assert len(s.scalars(select(Move)).all()) == 2


def test_rolls_are_never_changed(game_file: GameDatabase, populate: Callable[..., Any]) -> None:
    populate(game_file)
    with pytest.raises(RuntimeError, match="never changed"), game_file.session() as s:
        s.scalars(select(Roll)).one().faces = [6, 6]
    with game_file.session(write=False) as s:
        assert s.scalars(select(Roll)).one().faces == [2, 6]


# ------------------------------------------------------------------ create and open


def test_open_never_creates_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.wargame"
    with pytest.raises(GameFileMissing) as caught:
        GameDatabase.open(missing)
    assert str(missing) in str(caught.value)
    assert not missing.exists()
    with pytest.raises(GameFileMissing):
        open_engine(missing, create=False)


def test_create_never_overwrites(tmp_path: Path) -> None:
    existing = tmp_path / "mine.wargame"
    existing.write_text("precious")
    with pytest.raises(GameFileExists, match="already exists"):
        GameDatabase.create(existing)
    assert existing.read_text() == "precious"


def test_create_in_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(GameFileMissing, match="folder does not exist"):
        GameDatabase.create(tmp_path / "no" / "such" / "game.wargame")


def test_reopen_keeps_the_rows(tmp_path: Path, populate: Callable[..., Any]) -> None:
    path = tmp_path / "g.wargame"
    with GameDatabase.create(path) as db:
        populate(db)
    assert not Path(f"{path}-wal").exists()  # closing folded the WAL into the file
    with GameDatabase.open(path) as db, db.session(write=False) as s:
        assert s.scalars(select(Game.title)).one() == "Test game — Тест 🎲"


# ------------------------------------------------------------------ bad files


def _game_bytes(tmp_path: Path, populate: Callable[..., Any]) -> bytes:
    path = tmp_path / "source.wargame"
    with GameDatabase.create(path) as db:
        for n in range(20):  # enough pages that truncation cuts through tables
            populate(db, title=f"game {n}")
    return path.read_bytes()


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (os.urandom(8192), NotAGameFile),
        (b"", NotAGameFile),
        ("Turn 1: blue moves north.\nTurn 2: …\n".encode() * 50, NotAGameFile),
        (b"SQLite format 3\x00" + b"\xff" * 4000, NotAGameFile),
    ],
    ids=["random-bytes", "empty", "text-file", "sqlite-header-then-garbage"],
)
def test_files_that_are_not_games_are_refused_unchanged(
    tmp_path: Path, content: bytes, error: type[StoreError]
) -> None:
    path = tmp_path / "bad.wargame"
    path.write_bytes(content)
    with pytest.raises(error) as caught:
        GameDatabase.open(path)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.wargame"]


def test_a_database_of_another_program_is_not_a_game(tmp_path: Path) -> None:
    path = tmp_path / "photos.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY, name TEXT)")
    other.commit()
    other.close()
    before = path.read_bytes()
    with pytest.raises(NotAGameFile, match="without wargame's tables"):
        GameDatabase.open(path)
    assert path.read_bytes() == before


def test_a_truncated_game_file_is_corrupt(tmp_path: Path, populate: Callable[..., Any]) -> None:
    content = _game_bytes(tmp_path, populate)
    path = tmp_path / "truncated.wargame"
    path.write_bytes(content[: len(content) // 2])
    with pytest.raises(GameFileCorrupt) as caught:
        GameDatabase.open(path)
    assert str(path) in str(caught.value)
    assert "backup" in str(caught.value)


def test_a_damaged_game_file_is_corrupt(tmp_path: Path, populate: Callable[..., Any]) -> None:
    content = bytearray(_game_bytes(tmp_path, populate))
    page = 4096
    for n in range(2, len(content) // page):  # keep page 1 (the schema), spoil the rest
        content[n * page + 8 : n * page + 64] = b"\xa5" * 56
    path = tmp_path / "damaged.wargame"
    path.write_bytes(bytes(content))
    with pytest.raises(GameFileCorrupt):
        GameDatabase.open(path)


def test_a_locked_file_raises_game_file_locked_within_the_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "g.wargame"
    GameDatabase.create(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with GameDatabase.open(path, busy_timeout_ms=200) as db:
            started = time.monotonic()
            with pytest.raises(GameFileLocked) as caught, db.session() as s:
                s.execute(select(Game)).all()
            elapsed = time.monotonic() - started
            assert 0.15 <= elapsed < 3
            assert str(path) in str(caught.value)
            with db.session(write=False) as s:  # reading still works meanwhile
                assert s.execute(select(Game)).all() == []
        other.execute("ROLLBACK")
    finally:
        other.close()


# ------------------------------------------------------------------ read-only


def test_read_only_open_reads_but_refuses_writes(
    tmp_path: Path, populate: Callable[..., Any]
) -> None:
    path = tmp_path / "g.wargame"
    with GameDatabase.create(path) as db:
        populate(db)
    with GameDatabase.open(path, read_only=True) as db:
        with db.session(write=False) as s:
            assert s.scalars(select(Game.title)).one() == "Test game — Тест 🎲"
        with pytest.raises(GameFileReadOnly, match="opened read-only"), db.session():
            pass
        # Even around the guard, SQLite itself refuses: the connection is read-only.
        with pytest.raises(OperationalError, match="readonly"), db.engine.begin() as connection:
            connection.exec_driver_sql("UPDATE game SET title = 'x'")
    with GameDatabase.open(path) as db, db.session(write=False) as s:
        assert s.scalars(select(Game.title)).one() == "Test game — Тест 🎲"


_OPEN_CHECK = """
import sys
from wargame.store import GameDatabase, GameFileReadOnly
try:
    GameDatabase.open(sys.argv[1]).close()
except GameFileReadOnly as error:
    print("READONLY", error)
else:
    print("OPENED")
"""


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_file_or_folder_is_refused(tmp_path: Path, what: str) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "g.wargame"
    GameDatabase.create(path).close()
    (path if what == "file" else folder).chmod(0o444 if what == "file" else 0o555)
    try:
        if os.geteuid() != 0:
            with pytest.raises(GameFileReadOnly, match="read-only") as caught:
                GameDatabase.open(path)
            assert str(path) in str(caught.value)
            message = str(caught.value)
        else:
            message = _open_without_root_powers(path)
        assert str(path) in message
        assert (
            "file cannot be written" if what == "file" else "folder cannot be written"
        ) in message
    finally:
        folder.chmod(0o755)


def _open_without_root_powers(path: Path) -> str:
    """Root ignores file modes; without CAP_DAC_OVERRIDE it obeys them like anyone else."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: chmod does not stop root writing")
    done = subprocess.run(
        [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--",
         sys.executable, "-c", _OPEN_CHECK, str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )  # fmt: skip
    if "setpriv:" in done.stderr:
        pytest.skip(f"running as root and cannot drop CAP_DAC_OVERRIDE: {done.stderr.strip()}")
    assert done.stdout.startswith("READONLY"), done.stdout + done.stderr
    return done.stdout


# ------------------------------------------------------------------ PostgreSQL URLs


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u:secret@db.example/game",
        "postgres://u:secret@db.example/game",
        "postgresql+psycopg://u:secret@db.example/game",
    ],
)
def test_postgresql_urls_use_psycopg_3(url: str) -> None:
    engine = open_engine(url, create=False)  # no connection is made yet
    try:
        assert engine.url.drivername == "postgresql+psycopg"
        assert engine.url.database == "game"
    finally:
        engine.dispose()


def test_an_unreachable_server_is_reported_without_the_password() -> None:
    port = _closed_port()
    with pytest.raises(DatabaseUnavailable) as caught:
        GameDatabase.open(f"postgresql://player:hunter2@127.0.0.1:{port}/game")
    message = str(caught.value)
    assert message.startswith(
        f"Cannot connect to the game database postgresql://player:***@127.0.0.1:{port}/game:"
    )
    assert "hunter2" not in message


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when the block ends


@pytest.mark.parametrize(
    ("value", "expected", "warned"),
    [("", 5000, False), ("250", 250, False), ("0", 5000, True), ("soon", 5000, True)],
)
def test_the_busy_wait_comes_from_the_environment_when_it_is_sensible(
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
    value: str,
    expected: int,
    warned: bool,
) -> None:
    monkeypatch.setenv(BUSY_TIMEOUT_ENV, value)
    with GameDatabase.create(tmp_path / "g.wargame") as db, db.session() as s:
        assert s.execute(text("PRAGMA busy_timeout")).scalar_one() == expected
    assert (BUSY_TIMEOUT_ENV in caplog.text) is warned
