"""The rules in the service: a seed replays the same game, and the dice log is tamper-evident.

``wargame verify`` must pass on an untouched game and fail — exit 1, naming the problem —
once a roll's faces are altered or a roll row is deleted behind the app's back.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_run import Ran, wargame
from wargame.game import Game, Viewer
from wargame.game.script import ScriptRunner, load_script
from wargame.rules import dice as dice_rules
from wargame.scenario import LoadedScenario

from .support import FIXTURES, copy_of, sqlite_exec, sqlite_rows

SCRIPT = FIXTURES / "tutorial-game.yaml"
FAC = Viewer.facilitator()


def _play(path: Path, loaded: LoadedScenario, seed: int) -> dict[str, object]:
    """Play the fixture script into a new file; return what must replay identically."""
    with Game.create(path, loaded, seed=seed, facilitator="Fay") as game:
        ScriptRunner(game).run(load_script(SCRIPT))
        record = game.queries().record(FAC)
    return {
        "rolls": [(r.sequence, r.dice, r.faces, r.source, r.purpose) for r in record.rolls],
        "adjudications": [
            (
                a.move_id,
                a.method,
                a.outcome,
                a.inputs["explanation"],
                [(e.target, e.before, e.after) for e in a.effects],
            )
            for a in record.adjudications
        ],
        "states": [
            (
                s.turn,
                [(t.id, t.value) for t in s.tracks],
                [(u.id, u.region, u.strength) for u in s.units],
                [(r.id, r.first_crossed_turn) for r in s.red_lines],
            )
            for s in record.states
        ],
        "injects": [(i.inject_id, i.trigger, i.turn) for i in record.injects],
        "facts": [(f.text, f.established_turn, f.ended_turn) for f in record.facts],
    }


def test_the_same_seed_replays_the_same_game(
    tmp_path: Path, tutorial_loaded: LoadedScenario
) -> None:
    first = _play(tmp_path / "first.wargame", tutorial_loaded, seed=424242)
    second = _play(tmp_path / "second.wargame", tutorial_loaded, seed=424242)
    assert first == second
    rolls = first["rolls"]
    assert isinstance(rolls, list) and len(rolls) == 5
    assert [r[3] for r in rolls] == ["digital", "physical", "digital", "digital", "physical"]
    other = _play(tmp_path / "other.wargame", tutorial_loaded, seed=424243)
    other_rolls = other["rolls"]
    assert isinstance(other_rolls, list)
    digital = [r for r in rolls if r[3] == "digital"]
    assert [r for r in other_rolls if r[3] == "digital"] != digital
    # Physical dice are what was typed in, whatever the seed.
    physical = [r for r in rolls if r[3] == "physical"]
    assert [r for r in other_rolls if r[3] == "physical"] == physical


# ---------------------------------------------------------------------------- verify


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory, tutorial_loaded: LoadedScenario) -> Path:
    path = tmp_path_factory.mktemp("verify") / "played.wargame"
    _play(path, tutorial_loaded, seed=7)
    return path


@pytest.fixture
def game_copy(played: Path, tmp_path: Path) -> Path:
    return copy_of(played, tmp_path)


def _verify(path: Path) -> Ran:
    return wargame("verify", path)


def test_verify_passes_on_an_untouched_game(game_copy: Path) -> None:
    done = _verify(game_copy)
    assert done.returncode == 0, done.stderr
    assert "and 5 rolls verified" in done.stdout
    assert done.stderr == ""


def test_verify_fails_when_a_rolls_faces_are_altered(game_copy: Path) -> None:
    (faces,) = sqlite_rows(game_copy, "SELECT faces FROM roll WHERE sequence = 1")[0]
    altered = [7 - f for f in json.loads(str(faces))]
    sqlite_exec(game_copy, "UPDATE roll SET faces = ? WHERE sequence = 1", json.dumps(altered))
    done = _verify(game_copy)
    assert done.returncode == 1
    assert "roll #1" in done.stdout and "problem" in done.stdout
    assert "Traceback" not in done.stderr


def _check(path: Path) -> tuple[bool, str]:
    """What `wargame verify` reports, without starting a process."""
    with Game.open(path) as game:
        check = game.queries().verify_chain()
    return check.ok, " ".join(check.problems)


def test_verify_fails_when_a_physical_roll_is_changed(game_copy: Path) -> None:
    sqlite_exec(game_copy, "UPDATE roll SET faces = '[6]' WHERE sequence = 2")  # was [5]
    ok, problems = _check(game_copy)
    assert not ok
    assert "roll #2" in problems


def test_verify_fails_when_a_roll_row_is_deleted(game_copy: Path) -> None:
    sqlite_exec(game_copy, "DELETE FROM roll WHERE sequence = 3")
    done = _verify(game_copy)
    assert done.returncode == 1
    assert "roll #3" in done.stdout or "#3" in done.stdout, done.stdout


def test_verify_fails_when_the_last_roll_is_deleted(game_copy: Path) -> None:
    sqlite_exec(game_copy, "DELETE FROM roll WHERE sequence = 5")
    done = _verify(game_copy)
    assert done.returncode == 1, done.stdout
    assert "cut off" in done.stdout


def test_verify_names_each_problem_in_a_plain_sentence(game_copy: Path) -> None:
    sqlite_exec(game_copy, "DELETE FROM roll WHERE sequence = 3")
    done = _verify(game_copy)
    assert done.returncode == 1
    assert "ChainProblem(" not in done.stdout and "<ChainProblemKind" not in done.stdout
    problems = [line for line in done.stdout.splitlines() if line.startswith("  - ")]
    assert problems and all(line.rstrip().endswith(".") for line in problems), problems


def test_verify_catches_a_re_roll_even_with_the_chain_recomputed(game_copy: Path) -> None:
    """A forger who rewrites a digital roll and rebuilds every hash is still caught: digital
    rolls are recomputed from the game's seed."""
    rows = sqlite_rows(
        game_copy, "SELECT sequence, dice, faces, source, purpose FROM roll ORDER BY sequence"
    )
    (uid,) = sqlite_rows(game_copy, "SELECT uid FROM game")[0]
    previous = dice_rules.GENESIS
    for sequence, dice, faces, source, purpose in rows:
        spec = dice_rules.DiceSpec.parse(str(dice))
        values = tuple(json.loads(str(faces)))
        if sequence == 3:
            values = tuple(f % spec.sides + 1 for f in values)  # a different, legal throw
        roll = dice_rules.Roll(spec, values, str(source))  # type: ignore[arg-type]
        payload = dice_rules.roll_payload(roll, {"purpose": purpose, "game": uid})
        entry = dice_rules.chain_entry(previous, int(str(sequence)), payload)
        sqlite_exec(
            game_copy,
            "UPDATE roll SET faces = ?, prev_hash = ?, hash = ? WHERE sequence = ?",
            json.dumps(list(values)),
            entry.prev_hash,
            entry.hash,
            sequence,
        )
        previous = entry.hash
    ok, problems = _check(game_copy)
    assert not ok
    assert "roll #3" in problems


def test_the_game_still_opens_after_tampering(game_copy: Path) -> None:
    sqlite_exec(game_copy, "DELETE FROM roll WHERE sequence = 2")
    with Game.open(game_copy) as game:
        check = game.queries().verify_chain()
    assert not check.ok and check.rolls == 4
    assert check.problems


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Short.", "Short."),
        ("word " * 30, ("word " * 16).strip() + "…"),
        ("x" * 100, "x" * 80 + "…"),
        ("two\nlines", "two lines"),
    ],
)
def test_a_log_entry_gives_the_start_of_a_long_text_ending_at_a_word(text: str, label: str) -> None:
    from wargame.game.replay import _snippet

    assert _snippet(text) == label
