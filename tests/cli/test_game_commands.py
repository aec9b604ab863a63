"""`wargame new`, `play`, `schema --actions`, `export`, `import-moves`, `demo` and `verify`,
run as a user would: the real command line (in-process, through ``wargame.cli.main``) on
real files in tmp_path; tests/cli/test_scenario_commands.py proves the console scripts start.

A user's mistake must give exit status 1 and exactly one line ``wargame: …`` on stderr,
never a traceback, and must leave the game as it was.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.cli_run import Ran, wargame
from wargame.game import Game, GameRecord, JoinRequest, Viewer
from wargame.game.script import ScriptRunner, load_script
from wargame.scenario import load_scenario, parse_scenario
from wargame.store.engine import BUSY_TIMEOUT_ENV

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "scenarios"
FIXTURES = REPO / "tests" / "fixtures" / "game"
GAME_SCRIPT = FIXTURES / "tutorial-game.yaml"
FAC = Viewer.facilitator()


@pytest.fixture(autouse=True)
def _log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The programs run here log into the test's folder, not the user's."""
    monkeypatch.setenv("WARGAME_LOG_DIR", str(tmp_path / "log"))


def assert_refused(done: Ran, *fragments: str) -> str:
    """Exit 1, one line ``wargame: …`` on stderr naming the problem, no traceback."""
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("wargame: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def record(path: Path) -> GameRecord:
    with Game.open(path) as game:
        return game.queries().record(FAC)


def write_script(path: Path, actions: list[dict[str, object]]) -> Path:
    path.write_text(yaml.safe_dump(actions, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Closed tutorial games with Alice (blue), Bob (red), Olga (observer), in each phase."""
    folder = tmp_path_factory.mktemp("templates")
    loaded = load_scenario(SCENARIOS / "tutorial.yaml")
    out: dict[str, Path] = {}
    for phase in ("setup", "moves", "adjudication"):
        path = folder / f"{phase}.wargame"
        with Game.create(path, loaded, seed=3, facilitator="Fay") as game:
            fac = game.queries().participants()[0].id
            game.join(fac, JoinRequest(name="Alice", role="player", team_id="blue"))
            game.join(fac, JoinRequest(name="Bob", role="player", team_id="red"))
            game.join(fac, JoinRequest(name="Olga", role="observer"))
            if phase != "setup":
                game.start(fac)
                while game.queries().summary().phase_id != phase:
                    game.advance(fac)
        out[phase] = path
    return out


@pytest.fixture
def game_in(templates: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    """Fresh copies of the templates for one test."""
    copies = {}
    for phase, path in templates.items():
        copies[phase] = tmp_path / f"game-{phase}.wargame"
        shutil.copyfile(path, copies[phase])
    return copies


# ---------------------------------------------------------------------------- new


def test_new_creates_a_game_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "kest.wargame"
    done = wargame(
        "new",
        "tutorial",
        "-o",
        path,
        "--seed",
        "5",
        "--title",
        "Kest — Кест",
        "--facilitator",
        "Fay",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines() == [
        f"created {path}: Kest — Кест (scenario tutorial, seed 5)",
        # printf 5 | sha256sum
        "dice commitment (SHA-256 of the seed): "
        "ef2d127de37b942baad06145e54b0c619a1f22327b2ebbcfbec78f5564afe39d",
    ]
    summary = record(path).summary
    assert (summary.title, summary.seed, summary.status, summary.facilitator) == (
        "Kest — Кест",
        5,
        "setup",
        "Fay",
    )

    before = digest(path)
    again = wargame("new", "troop-deployment", "-o", path)
    assert_refused(again, str(path), "already exists")
    assert digest(path) == before

    scenario_file = wargame(
        "new", SCENARIOS / "troop-deployment.yaml", "-o", tmp_path / "t.wargame"
    )
    assert scenario_file.returncode == 0, scenario_file.stderr
    assert record(tmp_path / "t.wargame").summary.scenario_id == "troop-deployment"


def test_new_refuses_an_unknown_scenario_and_a_missing_folder(tmp_path: Path) -> None:
    assert_refused(
        wargame("new", "atlantis", "-o", tmp_path / "a.wargame"),
        "no scenario file or bundled scenario called 'atlantis'",
    )
    assert not (tmp_path / "a.wargame").exists()
    assert_refused(
        wargame("new", "tutorial", "-o", tmp_path / "no" / "such" / "g.wargame"),
        "folder does not exist",
    )


# ---------------------------------------------------------------------------- play


def test_play_applies_a_whole_game_one_action_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "game.wargame"
    assert wargame("new", "tutorial", "-o", path, "--seed", "11").returncode == 0
    done = wargame("play", "-v", path, GAME_SCRIPT)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    actions = yaml.safe_load(GAME_SCRIPT.read_text(encoding="utf-8"))
    assert lines[:-1] == [f"ok {i} {a['do']}" for i, a in enumerate(actions, start=1)]
    assert lines[-1] == f"applied {len(actions)} actions to {path}"
    r = record(path)
    assert r.summary.status == "ended"
    assert len(r.moves) == 4 and len(r.adjudications) == 6 and len(r.rolls) == 5
    assert {p.name for p in r.participants} >= {"Alice", "Bob", "Olga"}
    assert [f.kind for f in r.findings] == ["strength", "improvement"]
    assert any(red_line.crossed for red_line in r.states[-1].red_lines)
    assert r.chain is not None and r.chain.ok


def test_play_stops_at_the_first_refused_action_keeping_those_before(
    game_in: dict[str, Path], tmp_path: Path
) -> None:
    path = game_in["moves"]
    script = write_script(
        tmp_path / "s.yaml",
        [
            {"do": "note", "text": "First, committed"},
            {
                "do": "move",
                "by": "Alice",
                "title": "Second, committed",
                "action": "a",
                "intended_result": "r",
            },
            {
                "do": "move",
                "by": "Olga",
                "title": "Third, refused",
                "action": "a",
                "intended_result": "r",
            },
            {"do": "note", "text": "Fourth, never tried"},
        ],
    )
    done = wargame("play", "-v", path, script)
    line = assert_refused(
        done,
        "action 3 (move) refused:",
        "Olga is an observer; observers do not submit moves",
        "actions before it are committed",
    )
    assert line.startswith("wargame: action 3")
    assert done.stdout.splitlines() == ["ok 1 note", "ok 2 move"]
    r = record(path)
    assert [n.text for n in r.notes] == ["First, committed"]
    assert [m.title for m in r.moves] == ["Second, committed"]


def test_play_changes_roles(game_in: dict[str, Path], tmp_path: Path) -> None:
    path = game_in["moves"]
    script = write_script(
        tmp_path / "roles.yaml",
        [
            {"do": "role", "name": "Olga", "role": "player", "team": "red", "reason": "short"},
            {
                "do": "move",
                "by": "Olga",
                "title": "Olga's move",
                "action": "a",
                "intended_result": "r",
            },
            {"do": "role", "name": "Olga", "role": "observer"},
        ],
    )
    done = wargame("play", "-v", path, script)
    assert done.returncode == 0, done.stderr
    r = record(path)
    assert [(m.title, m.team_id) for m in r.moves] == [("Olga's move", "red")]
    olga = next(p for p in r.participants if p.name == "Olga")
    assert (olga.role, olga.team_id) == ("observer", None)


def test_play_refuses_a_malformed_script_before_touching_the_game(
    game_in: dict[str, Path], tmp_path: Path
) -> None:
    path = game_in["moves"]
    before = digest(path)
    script = tmp_path / "bad.yaml"
    script.write_text("- {do: note, text: fine}\n- {do: dance, with: Bob}\n", encoding="utf-8")
    done = wargame("play", path, script)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("wargame: the script is malformed")
    assert f"{script}:2:" in done.stderr  # where the mistake is
    assert digest(path) == before


# Use cases refused through `play`: (phase, action, what the one line must say)
REFUSED = [
    ("setup", {"do": "join", "name": "Zed", "team": "green"}, "there is no team 'green'"),
    (
        "moves",
        {"do": "move", "by": "Nobody", "title": "t", "action": "a", "intended_result": "r"},
        "there is no participant called 'Nobody'",
    ),
    (
        "adjudication",
        {"do": "move", "by": "Alice", "title": "t", "action": "a", "intended_result": "r"},
        "moves can be submitted only in a moves",
    ),
    (
        "moves",
        {"do": "adjudicate", "method": "matrix", "narrative": "n"},
        "moves can be adjudicated only in an adjudication phase",
    ),
    (
        "moves",
        {"do": "move", "by": "Olga", "title": "t", "action": "a", "intended_result": "r"},
        "observers do not submit moves",
    ),
    (
        "moves",
        {
            "do": "move",
            "by": "Alice",
            "team": "red",
            "title": "t",
            "action": "a",
            "intended_result": "r",
        },
        "Alice plays in Blue team, not Red team",
    ),
    (
        "moves",
        {"do": "move", "by": "Alice", "title": " ", "action": "a", "intended_result": "r"},
        "the move's title is empty",
    ),
    (
        "moves",
        {"do": "move", "by": "Alice", "title": "t", "action": "x" * 20_001, "intended_result": "r"},
        "20,001 characters long; the limit is 20,000",
    ),
    (
        "adjudication",
        {"do": "adjudicate", "method": "matrix", "narrative": "n", "dice": [7, 1]},
        "7",
    ),
    (
        "adjudication",
        {"do": "adjudicate", "method": "odds", "rating": "Pretty likely", "narrative": "n"},
        "'Pretty likely' is not on this scenario's odds scale",
    ),
    (
        "adjudication",
        {"do": "adjudicate", "method": "probability", "estimates": {"blue": 101}, "narrative": "n"},
        "the estimate of 'blue' of 101 is not a whole percentage from 0 to 100",
    ),
]


@pytest.mark.parametrize(
    ("phase", "action", "says"), REFUSED, ids=[s.split(";")[0][:40] for _, _, s in REFUSED]
)
def test_a_refused_action_is_one_line_and_changes_nothing(
    game_in: dict[str, Path], tmp_path: Path, phase: str, action: dict[str, object], says: str
) -> None:
    path = game_in[phase]
    before = record(path)
    done = wargame("play", path, write_script(tmp_path / "one.yaml", [action]))
    assert_refused(done, f"action 1 ({action['do']}) refused: ", says)
    assert record(path) == before


def test_a_method_the_scenario_does_not_allow_through_play(tmp_path: Path) -> None:
    text = (SCENARIOS / "tutorial.yaml").read_text(encoding="utf-8")
    variant = text.replace(
        "methods: [matrix, odds, probability, ruling, table]", "methods: [matrix, ruling]"
    )
    assert variant != text
    path = tmp_path / "g.wargame"
    loaded = parse_scenario(variant, source="matrix-only.yaml", base_dir=SCENARIOS)
    with Game.create(path, loaded, seed=1) as game:
        fac = game.queries().participants()[0].id
        game.join(fac, JoinRequest(name="Alice", role="player", team_id="blue"))
        game.start(fac)
        while game.queries().summary().phase_id != "adjudication":
            game.advance(fac)
    before = record(path)
    bad = write_script(
        tmp_path / "bad.yaml",
        [{"do": "adjudicate", "method": "odds", "rating": "Likely", "narrative": "n"}],
    )
    assert_refused(
        wargame("play", path, bad),
        "this scenario does not allow 'odds' adjudication (allowed: matrix, ruling)",
    )
    assert record(path) == before


# ---------------------------------------------------------------------------- files


def _other_program(path: Path) -> None:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
        connection.commit()


def _newer(path: Path, template: Path) -> None:
    shutil.copyfile(template, path)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00d_from_the_future'")
        connection.commit()


@pytest.mark.parametrize(
    ("kind", "command"),
    [
        ("random-bytes", "verify"),
        ("text", "play"),
        ("empty", "export"),
        ("truncated", "verify"),
        ("sqlite", "play"),
        ("newer", "verify"),
        ("newer", "play"),
        ("missing", "export"),
        ("folder", "verify"),
    ],
)
def test_a_bad_file_is_one_line_for_every_command(
    templates: dict[str, Path], tmp_path: Path, kind: str, command: str
) -> None:
    path = tmp_path / "bad.wargame"
    if kind == "random-bytes":
        path.write_bytes(os.urandom(4096))
    elif kind == "text":
        path.write_text("not a game\n", encoding="utf-8")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        data = templates["moves"].read_bytes()
        path.write_bytes(data[: len(data) // 3])
    elif kind == "sqlite":
        _other_program(path)
    elif kind == "newer":
        _newer(path, templates["moves"])
    elif kind == "folder":
        path.mkdir()
    before = digest(path) if path.is_file() else None
    args: list[str | Path] = [command, path]
    if command == "play":
        args.append(write_script(tmp_path / "note.yaml", [{"do": "note", "text": "n"}]))
    line = assert_refused(wargame(*args))
    assert str(path) in line
    if before is not None:
        assert digest(path) == before


def test_a_locked_game_is_one_line_and_changes_nothing(
    game_in: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(BUSY_TIMEOUT_ENV, "200")  # refused after 0.2 s, not the default 5 s
    path = game_in["moves"]
    before = record(path)
    script = write_script(tmp_path / "note.yaml", [{"do": "note", "text": "while locked"}])
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        done = wargame("play", path, script)
        waited = time.monotonic() - started
        other.execute("ROLLBACK")
    assert_refused(done, "action 1 (note) refused", "busy in another program")
    assert waited < 4
    assert record(path) == before


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[Path]:
    """A game file nobody can write, not even root (chmod as a user, chattr +i as root)."""
    path = tmp_path / "ro.wargame"
    yield path
    if os.geteuid() == 0 and path.exists():
        subprocess.run(["chattr", "-i", str(path)], check=False)
    elif path.exists():
        path.chmod(0o644)


def test_a_read_only_game_is_one_line_and_changes_nothing(
    templates: dict[str, Path], immutable: Path, tmp_path: Path
) -> None:
    shutil.copyfile(templates["moves"], immutable)
    if os.geteuid() == 0:
        chattr = shutil.which("chattr")
        done = (
            subprocess.run([chattr, "+i", str(immutable)], capture_output=True, check=False)
            if chattr
            else None
        )
        if done is None or done.returncode != 0:
            pytest.skip(
                "running as root, where chmod does not stop writes, and chattr +i is "
                "unavailable: cannot make a read-only file here"
            )
    else:
        immutable.chmod(0o444)
    before = digest(immutable)
    script = write_script(tmp_path / "note.yaml", [{"do": "note", "text": "n"}])
    assert_refused(wargame("play", immutable, script), str(immutable), "read-only")
    assert digest(immutable) == before


# ---------------------------------------------------------------------------- schema


def test_schema_of_actions_is_a_json_schema_that_accepts_our_scripts() -> None:
    done = wargame("schema", "--actions")
    assert done.returncode == 0, done.stderr
    schema = json.loads(done.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    script = yaml.safe_load(GAME_SCRIPT.read_text(encoding="utf-8"))
    assert list(validator.iter_errors(script)) == []
    demo = SCENARIOS / "troop-deployment.demo.yaml"
    if demo.exists():
        assert list(validator.iter_errors(yaml.safe_load(demo.read_text(encoding="utf-8")))) == []
    assert list(validator.iter_errors([{"do": "dance"}]))
    assert list(validator.iter_errors([{"do": "note"}]))  # text is required
    assert list(validator.iter_errors([{"do": "note", "text": "t", "colour": "red"}]))


# ---------------------------------------------------------------------------- export


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture game, played in-process (`play` itself is tested above)."""
    path = tmp_path_factory.mktemp("played") / "played.wargame"
    with Game.create(path, load_scenario(SCENARIOS / "tutorial.yaml"), seed=2) as game:
        ScriptRunner(game).run(load_script(GAME_SCRIPT))
    return path


def test_export_json_holds_the_full_record(played: Path, tmp_path: Path) -> None:
    to_stdout = wargame("export", played)
    assert to_stdout.returncode == 0, to_stdout.stderr
    data = json.loads(to_stdout.stdout)
    out = tmp_path / "record.json"
    to_file = wargame("export", played, "--format", "json", "-o", out)
    assert to_file.returncode == 0, to_file.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == data
    titles = [m["title"] for m in data["moves"]]
    assert titles == [
        "Frigates into the strait",
        "Marines land on Kest",
        "Accept mediation",
        "Withdraw the marines",
    ]
    assert len(data["rolls"]) == 5 and all(r["hash"] for r in data["rolls"])
    assert data["summary"]["seed"] == 2
    assert {"notes", "observations", "findings", "audit", "facts", "injects"} <= set(data)
    assert any(n["voided"] for n in data["notes"])  # the voided note is still there
    assert data["chain"]["ok"] is True


def test_export_csv_writes_one_file_per_table(played: Path, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    done = wargame("export", played, "--format", "csv", "-o", folder)
    assert done.returncode == 0, done.stderr
    names = {p.name for p in folder.iterdir()}
    assert {
        "moves.csv",
        "adjudications.csv",
        "rolls.csv",
        "participants.csv",
        "notes.csv",
        "observations.csv",
        "injects.csv",
        "effects.csv",
        "audit.csv",
    } <= names
    full = record(played)
    for table, rows in (
        ("moves", full.moves),
        ("rolls", full.rolls),
        ("adjudications", full.adjudications),
        ("audit", full.audit),
    ):
        with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as f:
            parsed = list(csv.DictReader(f))
        assert len(parsed) == len(rows), table
    with (folder / "moves.csv").open(encoding="utf-8", newline="") as f:
        moves = list(csv.DictReader(f))
    assert moves[0]["title"] == "Frigates into the strait"
    assert json.loads(moves[0]["reasons"]) == [
        "Our navy is stronger",
        "The trawler seizure was illegal",
    ]
    assert_refused(wargame("export", played, "--format", "csv"), "give a folder with -o")


# ---------------------------------------------------------------------------- import-moves


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


HEADER = ["team", "author", "title", "action", "intended_result", "reasons"]


def test_import_moves_takes_every_row(game_in: dict[str, Path], tmp_path: Path) -> None:
    path = game_in["moves"]
    sheet = _csv(
        tmp_path / "moves.csv",
        [
            HEADER,
            [
                "blue",
                "Alice",
                "Escort the trawlers",
                "Frigates escort",
                "Fishing resumes",
                "Navy; Law",
            ],
            ["red", "bob", "Coast guard patrol", "Patrol Kest", "Presence", ""],
            ["red", "Fay", "Entered by the white cell", "Act", "Result", "One"],
        ],
    )
    done = wargame("import-moves", path, sheet, "--turn", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "imported 3 moves into turn 1"
    moves = record(path).moves
    assert [(m.team_id, m.author, m.title, m.reasons, m.turn, m.sealed) for m in moves] == [
        ("blue", "Alice", "Escort the trawlers", ("Navy", "Law"), 1, True),
        ("red", "Bob", "Coast guard patrol", (), 1, True),
        ("red", "Fay", "Entered by the white cell", ("One",), 1, True),
    ]


def test_import_moves_with_bad_rows_imports_none_and_reports_each(
    game_in: dict[str, Path], tmp_path: Path
) -> None:
    path = game_in["moves"]
    before = record(path)
    sheet = _csv(
        tmp_path / "moves.csv",
        [
            HEADER,
            ["blue", "Alice", "A good row", "Act", "Result", ""],
            ["green", "Alice", "Unknown team", "Act", "Result", ""],
            ["red", "Alice", "Wrong team for Alice", "Act", "Result", ""],
            ["blue", "Alice", "", "Empty title", "Result", ""],
            ["red", "Nobody", "Unknown author", "Act", "Result", ""],
            ["red", "Olga", "An observer's move", "Act", "Result", ""],
            ["blue", "Alice", "Another good row", "Act", "Result", ""],
        ],
    )
    done = wargame("import-moves", path, sheet, "--turn", "1")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines[-1] == "wargame: 5 bad rows; nothing was imported"
    reported = lines[:-1]
    assert len(reported) == 5, reported
    for line, says in zip(
        reported,
        [
            "no team 'green'",
            "Alice played in Blue team",
            "title is empty",
            "no participant called 'Nobody'",
            "Olga is an observer",
        ],
        strict=True,
    ):
        assert line.startswith(f"{sheet}:line "), line
        assert says in line, (says, line)
    assert [line.split(":line ")[1].split(":")[0] for line in reported] == ["3", "4", "5", "6", "7"]
    assert record(path) == before


def test_import_moves_refuses_a_sheet_without_the_columns(
    game_in: dict[str, Path], tmp_path: Path
) -> None:
    path = game_in["moves"]
    sheet = _csv(tmp_path / "moves.csv", [["team", "title"], ["blue", "x"]])
    assert_refused(
        wargame("import-moves", path, sheet, "--turn", "1"),
        f"{sheet}:1: the header lacks the columns author, action, intended_result",
    )
    good = _csv(tmp_path / "good.csv", [HEADER, ["blue", "Alice", "t", "a", "r", ""]])
    assert_refused(wargame("import-moves", path, good, "--turn", "2"), "turn 2 has not been played")


# ---------------------------------------------------------------------------- demo, verify


@pytest.mark.slow
def test_demo_plays_a_whole_game_that_verifies(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    done = wargame("demo", "-o", folder)
    assert done.returncode == 0, done.stderr
    game = folder / "demo.wargame"
    assert game.is_file()
    verified = wargame("verify", game)
    assert verified.returncode == 0, verified.stdout
    assert "verified" in verified.stdout

    r = record(game)
    scenario = load_scenario(SCENARIOS / "troop-deployment.yaml").scenario
    turns = scenario.turn_plan.turns
    assert r.summary.status == "ended" and r.summary.turn == turns
    for turn in range(1, turns + 1):
        teams = {m.team_id for m in r.moves if m.turn == turn and not m.voided}
        assert teams == {t.id for t in scenario.teams}, f"turn {turn}: {teams}"
    assert any(m.counters for m in r.moves)
    assert {a.method for a in r.adjudications} == {m.value for m in scenario.adjudication.methods}
    assert r.injects and any(line.crossed for line in r.states[-1].red_lines)
    assert r.observations and r.findings


def test_verify_a_played_game(played: Path) -> None:
    done = wargame("verify", played)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("All ") and "and 5 rolls verified" in done.stdout


# ---------------------------------------------------------------------------- known bugs


def test_export_into_a_missing_folder_is_one_line(played: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "record.json"
    assert_refused(wargame("export", played, "-o", target), str(target))


def test_demo_into_a_path_that_cannot_be_a_folder_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "report.txt"
    blocker.write_text("a file, not a folder\n", encoding="utf-8")
    assert_refused(wargame("demo", "-o", blocker / "demo"), "report.txt")


def test_play_with_a_missing_script_is_one_line(game_in: dict[str, Path], tmp_path: Path) -> None:
    missing = tmp_path / "nosuch.yaml"
    line = assert_refused(wargame("play", game_in["moves"], missing), str(missing))
    assert "malformed" not in line


def test_import_moves_refuses_a_sheet_that_is_not_utf8(
    game_in: dict[str, Path], tmp_path: Path
) -> None:
    sheet = tmp_path / "latin1.csv"
    sheet.write_bytes(b"team,author,title,action,intended_result\nblue,Alice,caf\xe9,a,r\n")
    assert_refused(
        wargame("import-moves", game_in["moves"], sheet, "--turn", "1"), "not UTF-8 text"
    )
    assert record(game_in["moves"]).moves == ()


def test_import_moves_keeps_line_breaks_inside_a_cell(
    game_in: dict[str, Path], tmp_path: Path
) -> None:
    sheet = _csv(
        tmp_path / "moves.csv",
        [HEADER, ["blue", "Alice", "Two paragraphs", "First step.\nSecond step.", "r", ""]],
    )
    assert wargame("import-moves", game_in["moves"], sheet, "--turn", "1").returncode == 0
    (move,) = record(game_in["moves"]).moves
    assert move.action == "First step.\nSecond step."


def test_import_moves_reports_the_file_line_of_a_bad_row(
    game_in: dict[str, Path], tmp_path: Path
) -> None:
    sheet = _csv(
        tmp_path / "moves.csv",
        [
            HEADER,
            ["blue", "Alice", "Long", "One.\nTwo.\nThree.", "r", ""],  # file lines 2-4
            ["green", "Alice", "Bad team", "a", "r", ""],  # file line 5
        ],
    )
    done = wargame("import-moves", game_in["moves"], sheet, "--turn", "1")
    assert done.returncode == 1
    assert f"{sheet}:line 5:" in done.stderr, done.stderr


def test_import_moves_reports_an_unknown_visibility(
    game_in: dict[str, Path], tmp_path: Path
) -> None:
    sheet = _csv(
        tmp_path / "moves.csv",
        [[*HEADER, "visibility"], ["blue", "Alice", "Meant to be public", "a", "r", "", "publc"]],
    )
    done = wargame("import-moves", game_in["moves"], sheet, "--turn", "1")
    assert done.returncode == 1
    assert f"{sheet}:line 2:" in done.stderr and "publc" in done.stderr, done.stderr
    assert record(game_in["moves"]).moves == ()
