"""Bad input gets one clear sentence and changes nothing.

Every refusal is a :class:`GameError` whose message is one line naming what is wrong; the
record (as the facilitator sees it), the audit trail and the event stream are the same
before and after. Broken, foreign, locked, read-only and newer files are refused by
``Game.open`` without being changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from wargame.game import (
    AdHocInject,
    Game,
    GameError,
    GameFileProblem,
    InvalidInput,
    JoinRequest,
    MoveContent,
    NotAllowed,
    NotFound,
    RoleChange,
    Viewer,
    WrongPhase,
)
from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.scenario import LoadedScenario, parse_scenario
from wargame.scenario.model import TrackEffect, UnitMoveEffect
from wargame.store import GameDatabase

from .support import SCENARIOS, Table, make_table, sqlite_exec

FAC = Viewer.facilitator()


@dataclass(frozen=True)
class Case:
    """One refused use case: where the game must be, the call, and what it must say."""

    name: str
    phase: str | None
    call: Callable[[Table], object]
    error: type[GameError]
    says: str


def _move(
    by: Callable[[Table], int], *, team_id: str | None = None, **fields: Any
) -> Callable[[Table], object]:
    def call(t: Table) -> object:
        values: dict[str, Any] = {"title": "A move", "action": "Act", "intended_result": "Win"}
        values.update(fields)
        return t.game.submit_move(by(t), MoveContent(**values), team_id=team_id)

    return call


def _adjudicate(**arguments: Any) -> Callable[[Table], object]:
    def call(t: Table) -> object:
        values: dict[str, Any] = {"method": "matrix", "narrative": "n"}
        values.update(arguments)
        return t.game.commit_adjudication(t.fac, AdjudicationRequest(**values))

    return call


CASES = [
    Case(
        "unknown team",
        None,
        lambda t: t.game.join(t.fac, JoinRequest(name="Zed", role="player", team_id="green")),
        NotFound,
        r"there is no team 'green' in this scenario \(teams: blue, red\)",
    ),
    Case(
        "unknown team in an inject",
        "briefing",
        lambda t: t.game.release_ad_hoc_inject(
            t.fac, AdHocInject(title="x", text="y", audience=["gold"])
        ),
        NotFound,
        "no team 'gold'",
    ),
    Case(
        "unknown participant",
        "moves",
        _move(lambda t: 999),
        NotFound,
        "there is no participant #999 in this game",
    ),
    Case(
        "unknown participant acting as facilitator",
        "moves",
        lambda t: t.game.note(4242, "hello"),
        NotFound,
        "no participant #4242",
    ),
    Case(
        "submit in the adjudication phase",
        "adjudication",
        _move(lambda t: t.alice),
        WrongPhase,
        "moves can be submitted only in a moves or planning phase; the game is in 'Adjudication'",
    ),
    Case(
        "adjudicate in the moves phase",
        "moves",
        _adjudicate(),
        WrongPhase,
        "moves can be adjudicated only in an adjudication phase; the game is in 'Moves'",
    ),
    Case("submit before the start", None, _move(lambda t: t.alice), WrongPhase, "has not started"),
    Case(
        "a move by an observer",
        "moves",
        _move(lambda t: t.olga),
        NotAllowed,
        "Olga is an observer; observers do not submit moves",
    ),
    Case(
        "a player moving for another team",
        "moves",
        _move(lambda t: t.alice, team_id="red"),
        NotAllowed,
        "Alice plays in Blue team, not Red team",
    ),
    Case(
        "the facilitator's role changed",
        "moves",
        lambda t: t.game.change_role(t.fac, RoleChange(participant_id=t.fac, role="observer")),
        NotAllowed,
        "Fay Facilitator runs the game; the facilitator's role stays",
    ),
    Case(
        "a second facilitator",
        "moves",
        lambda t: t.game.change_role(t.fac, RoleChange(participant_id=t.olga, role="facilitator")),
        NotAllowed,
        "a game has one facilitator; Olga can be a player or an observer",
    ),
    Case(
        "an observer made a player of no team",
        "moves",
        lambda t: t.game.change_role(t.fac, RoleChange(participant_id=t.olga, role="player")),
        InvalidInput,
        "Olga becomes a player; choose a team for them",
    ),
    Case(
        "an observer made a player of an unknown team",
        "moves",
        lambda t: t.game.change_role(
            t.fac, RoleChange(participant_id=t.olga, role="player", team_id="green")
        ),
        NotFound,
        "green",
    ),
    Case(
        "a player made an observer of a team",
        "moves",
        lambda t: t.game.change_role(
            t.fac, RoleChange(participant_id=t.alice, role="observer", team_id="blue")
        ),
        InvalidInput,
        "Alice becomes an observer; only players belong to a team",
    ),
    Case(
        "a role changed to the same role",
        "moves",
        lambda t: t.game.change_role(
            t.fac, RoleChange(participant_id=t.alice, role="player", team_id="red")
        ),
        InvalidInput,
        "Alice is already player",
    ),
    Case(
        "a player changing a role",
        "moves",
        lambda t: t.game.change_role(
            t.alice, RoleChange(participant_id=t.olga, role="player", team_id="blue")
        ),
        NotAllowed,
        "only the facilitator may do this; Alice is player",
    ),
    Case(
        "a player adjudicating",
        "adjudication",
        lambda t: t.game.commit_adjudication(
            t.alice, AdjudicationRequest(method="matrix", narrative="n")
        ),
        NotAllowed,
        "only the facilitator may do this; Alice is player",
    ),
    Case(
        "an empty title",
        "moves",
        _move(lambda t: t.alice, title="   "),
        InvalidInput,
        "the move's title is empty",
    ),
    Case(
        "an overlong action",
        "moves",
        _move(lambda t: t.alice, action="x" * 20_001),
        InvalidInput,
        "the move's action is 20,001 characters long; the limit is 20,000",
    ),
    Case(
        "an overlong title",
        "moves",
        _move(lambda t: t.alice, title="T" * 201),
        InvalidInput,
        "title is 201 characters long; the limit is 200",
    ),
    Case(
        "too many reasons",
        "moves",
        _move(lambda t: t.alice, reasons=[f"r{i}" for i in range(13)]),
        InvalidInput,
        "13 reasons; give at most 12",
    ),
    Case(
        "an unknown method",
        "adjudication",
        _adjudicate(method="dice"),
        InvalidInput,
        "unknown method 'dice'",
    ),
    Case(
        "physical dice out of range",
        "adjudication",
        _adjudicate(physical_faces=[7, 1]),
        InvalidInput,
        "7",
    ),
    Case(
        "too few physical dice",
        "adjudication",
        _adjudicate(physical_faces=[3]),
        InvalidInput,
        "2d6",
    ),
    Case(
        "an unknown odds rating",
        "adjudication",
        _adjudicate(method="odds", rating="Pretty likely"),
        InvalidInput,
        "'Pretty likely' is not on this scenario's odds scale; choose one of 'Can't miss'",
    ),
    Case(
        "an odds adjudication without a rating",
        "adjudication",
        _adjudicate(method="odds"),
        InvalidInput,
        "choose a rating",
    ),
    Case(
        "an estimate above 100",
        "adjudication",
        _adjudicate(method="probability", estimates={"blue": 40, "red": 101}),
        InvalidInput,
        "the estimate of 'red' of 101 is not a whole percentage from 0 to 100",
    ),
    Case(
        "an estimate below 0",
        "adjudication",
        _adjudicate(method="probability", estimates={"blue": -5}),
        InvalidInput,
        "the estimate of 'blue' of -5 is not a whole percentage",
    ),
    Case(
        "no estimates",
        "adjudication",
        _adjudicate(method="probability"),
        InvalidInput,
        "no team has given an estimate",
    ),
    Case(
        "an unknown table",
        "adjudication",
        _adjudicate(method="table", table_id="chess"),
        InvalidInput,
        "no table 'chess'",
    ),
    Case(
        "a ruling without an outcome",
        "adjudication",
        _adjudicate(method="ruling", rationale="because"),
        InvalidInput,
        "needs an outcome",
    ),
    Case(
        "a ship sailing onto land",
        "adjudication",
        _adjudicate(
            method="ruling",
            rationale="r",
            outcome="success",
            effects=[UnitMoveEffect(kind="unit_move", unit="aurelian-frigates", to="isle-of-kest")],
        ),
        InvalidInput,
        "naval",
    ),
    Case(
        "an unknown track",
        "briefing",
        lambda t: t.game.apply_effects(
            t.fac, [TrackEffect(kind="track", track="morale", delta=1)], reason="r"
        ),
        InvalidInput,
        "morale",
    ),
    Case(
        "an unknown counter-argument",
        "adjudication",
        lambda t: t.game.commit_adjudication(
            t.fac, AdjudicationRequest(method="matrix", narrative="n", accepted_counters=(77,))
        ),
        NotFound,
        "counter-argument #77",
    ),
    Case("an unknown move", "adjudication", _adjudicate(move_id=404), NotFound, "no move #404"),
    Case(
        "an unknown role",
        None,
        lambda t: t.game.join(t.fac, JoinRequest(name="Zed", role="umpire")),
        InvalidInput,
        "unknown role 'umpire'",
    ),
    Case(
        "a player without a team",
        None,
        lambda t: t.game.join(t.fac, JoinRequest(name="Zed", role="player")),
        InvalidInput,
        "choose a team",
    ),
]


def _one_sentence(message: str) -> None:
    assert message.strip(), "empty message"
    assert "\n" not in message, message
    assert "Traceback" not in message and "sqlalchemy" not in message.lower(), message


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_refused_use_case_says_why_and_changes_nothing(file_table: Table, case: Case) -> None:
    t = file_table
    if case.phase is not None:
        t.go_to(case.phase)
    before = t.full_record()
    events = len(t.events)
    with pytest.raises(case.error, match=case.says) as info:
        case.call(t)
    _one_sentence(str(info.value))
    after = t.full_record()
    assert after == before
    assert len(t.events) == events


def test_a_method_the_scenario_does_not_allow(
    tmp_path: Path, tutorial_loaded: LoadedScenario
) -> None:
    text = tutorial_loaded.text.replace(
        "methods: [matrix, odds, probability, ruling, table]", "methods: [matrix, ruling]"
    )
    assert text != tutorial_loaded.text
    loaded = parse_scenario(text, source="matrix-only.yaml", base_dir=SCENARIOS)
    with make_table(str(tmp_path / "m.wargame"), loaded) as t:
        t.go_to("adjudication")
        before = t.full_record()
        for method, extra in (
            ("odds", {"rating": "Likely"}),
            ("probability", {"estimates": {"blue": 50}}),
            ("table", {"table_id": "incident-at-sea"}),
        ):
            with pytest.raises(
                InvalidInput,
                match=f"does not allow '{method}' adjudication "
                r"\(allowed: matrix, ruling\)",
            ) as info:
                request = AdjudicationRequest(method=method, narrative="n", **extra)
                t.game.commit_adjudication(t.fac, request)
            _one_sentence(str(info.value))
        assert t.full_record() == before
        assert (
            t.game.commit_adjudication(t.fac, AdjudicationRequest(method="matrix", narrative="n"))
            > 0
        )


def test_create_refuses_a_bad_seed_and_an_existing_file(
    tmp_path: Path, tutorial_loaded: LoadedScenario
) -> None:
    with pytest.raises(InvalidInput, match="seed -1 is out of range"):
        Game.create(tmp_path / "a.wargame", tutorial_loaded, seed=-1)
    assert not (tmp_path / "a.wargame").exists()
    Game.create(tmp_path / "b.wargame", tutorial_loaded, seed=1).close()
    digest = _digest(tmp_path / "b.wargame")
    with pytest.raises(GameFileProblem, match="already exists") as info:
        Game.create(tmp_path / "b.wargame", tutorial_loaded, seed=2)
    _one_sentence(str(info.value))
    assert _digest(tmp_path / "b.wargame") == digest


# ---------------------------------------------------------------------------- files


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def played_file(tmp_path_factory: pytest.TempPathFactory, tutorial_loaded: LoadedScenario) -> Path:
    """A closed game file with a few turns' worth of rows (so it spans many pages)."""
    path = tmp_path_factory.mktemp("played") / "played.wargame"
    with make_table(str(path), tutorial_loaded) as t:
        t.go_to("moves")
        for n in range(40):
            t.move(t.alice, f"Move {n}", action="A long action " * 40)
            t.game.note(t.fac, "A long note " * 40)
        t.go_to("adjudication")
        t.game.reveal_moves(t.fac)
        t.game.commit_adjudication(t.fac, AdjudicationRequest(method="matrix", narrative="n"))
    return path


def _random_bytes(path: Path, played: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _text_file(path: Path, played: Path) -> None:
    path.write_text("Turn 1: Blue patrols.\nTurn 2: Red lands.\n", encoding="utf-8")


def _empty_file(path: Path, played: Path) -> None:
    path.write_bytes(b"")


def _truncated(path: Path, played: Path) -> None:
    data = played.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _scrambled(path: Path, played: Path) -> None:
    data = bytearray(played.read_bytes())
    page = 4096
    data[page * 2 : page * 6] = b"\xa5" * (page * 4)  # damage pages 3-6, keep the header
    path.write_bytes(bytes(data))


def _other_program(path: Path, played: Path) -> None:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        connection.commit()


def _newer(path: Path, played: Path) -> None:
    shutil.copyfile(played, path)
    sqlite_exec(path, "UPDATE alembic_version SET version_num = 'f00d_from_the_future'")


FILE_PROBLEMS = [
    pytest.param(
        _random_bytes, "is not a wargame game file: it is not a database", id="random-bytes"
    ),
    pytest.param(_text_file, "is not a wargame game file: it is not a database", id="text"),
    pytest.param(_empty_file, "is not a wargame game file: it is empty", id="empty"),
    pytest.param(_truncated, "damaged|not a wargame game file", id="truncated"),
    pytest.param(
        _scrambled,
        "is damaged and cannot be used safely",
        id="scrambled-pages",
    ),
    pytest.param(
        _other_program,
        "is not a wargame game file: it is a database without wargame's tables",
        id="another-programs-database",
    ),
    pytest.param(
        _newer,
        r"was written by a newer version of wargame "
        r"\(schema f00d_from_the_future\); update wargame to open it",
        id="newer",
    ),
]


@pytest.mark.parametrize(("make", "says"), FILE_PROBLEMS)
def test_a_file_that_is_not_a_usable_game_is_refused_unchanged(
    tmp_path: Path, played_file: Path, make: Callable[[Path, Path], None], says: str
) -> None:
    path = tmp_path / "bad.wargame"
    make(path, played_file)
    digest = _digest(path)
    with pytest.raises(GameFileProblem, match=says) as info:
        Game.open(path)
    message = str(info.value)
    _one_sentence(message)
    assert str(path) in message
    assert _digest(path) == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.wargame"]  # no -wal, no backup


def test_a_missing_file_is_never_created(tmp_path: Path) -> None:
    with pytest.raises(GameFileProblem, match="does not exist"):
        Game.open(tmp_path / "typo.wargame")
    assert not (tmp_path / "typo.wargame").exists()


def _reopen_with(db: GameDatabase, like: Game) -> Game:
    """The same game over a database opened with other settings (short timeout, read-only)."""
    return Game(db, like.game_id, like.scenario)


def test_a_locked_file_says_so_and_changes_nothing(file_table: Table) -> None:
    t = file_table
    t.go_to("moves")
    path = Path(t.game.location)
    impatient = _reopen_with(GameDatabase.open(path, busy_timeout_ms=250), t.game)
    before = t.full_record()
    try:
        with closing(sqlite3.connect(path, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")
            started = time.monotonic()
            with pytest.raises(GameFileProblem, match="busy in another program") as info:
                impatient.note(t.fac, "written while locked")
            assert time.monotonic() - started < 3
            _one_sentence(str(info.value))
            with pytest.raises(GameFileProblem, match="busy"):
                impatient.submit_move(
                    t.alice, MoveContent(title="t", action="a", intended_result="i")
                )
            # Reading still works while another program writes (WAL).
            assert impatient.queries().summary().turn == 1
            other.execute("ROLLBACK")
        assert t.full_record() == before
        impatient.note(t.fac, "written after the lock is gone")
        assert [n.text for n in t.q.notes(FAC)] == ["written after the lock is gone"]
    finally:
        impatient.close()


def test_the_default_busy_timeout_is_at_most_five_seconds() -> None:
    from wargame.store import DEFAULT_BUSY_TIMEOUT_MS

    assert 0 < DEFAULT_BUSY_TIMEOUT_MS <= 5000


def test_a_game_opened_read_only_refuses_writes_and_changes_nothing(file_table: Table) -> None:
    t = file_table
    t.go_to("moves")
    path = Path(t.game.location)
    t.game.close()
    digest = _digest(path)
    reader = _reopen_with(GameDatabase.open(path, read_only=True), t.game)
    try:
        before = reader.queries().record(FAC)
        with pytest.raises(GameFileProblem, match="read-only") as info:
            reader.note(t.fac, "no")
        _one_sentence(str(info.value))
        with pytest.raises(GameFileProblem, match="read-only"):
            reader.submit_move(t.alice, MoveContent(title="t", action="a", intended_result="i"))
        assert reader.queries().record(FAC) == before
    finally:
        reader.close()
    assert _digest(path) == digest


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    """Make a file or folder read-only for real: chmod, or (as root) the immutable flag."""
    flagged: list[Path] = []

    def make(path: Path) -> None:
        if os.geteuid() != 0:
            path.chmod(0o555 if path.is_dir() else 0o444)
            flagged.append(path)
            return
        chattr = shutil.which("chattr")
        if chattr is None:
            pytest.skip(
                "running as root, where chmod does not stop writes, and chattr is "
                "missing: cannot make a file read-only here"
            )
        done = subprocess.run(
            [chattr, "+i", str(path)], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            pytest.skip(
                "running as root, where chmod does not stop writes, and chattr +i "
                f"is refused here ({done.stderr.strip()})"
            )
        flagged.append(path)

    yield make
    for path in flagged:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        else:
            path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_file_or_folder_is_refused_unchanged(
    tmp_path: Path, played_file: Path, read_only: Callable[[Path], None], what: str
) -> None:
    folder = tmp_path / "media"
    folder.mkdir()
    path = folder / "game.wargame"
    shutil.copyfile(played_file, path)
    digest = _digest(path)
    read_only(path if what == "file" else folder)
    with pytest.raises(GameFileProblem, match="read-only") as info:
        Game.open(path)
    _one_sentence(str(info.value))
    assert str(path) in str(info.value)
    assert _digest(path) == digest
