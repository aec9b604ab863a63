"""One chain over the whole record: every attack on a game file is named by `verify`.

Each test plays a real game into a file, edits it with Python's sqlite3 module as a forger
would (foreign keys off, as the sqlite3 shell has them), and asks the game layer or the
command line what it makes of it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select, update

from wargame.cli import main
from wargame.game import Game, GameFileProblem, InvalidInput
from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.game.chain import fingerprint, parse_fingerprint, roll_context, seed_commitment
from wargame.game.views import ChainCheck
from wargame.rules import dice as dice_rules
from wargame.scenario import LoadedScenario
from wargame.store import chain as store_chain
from wargame.store import models as m
from wargame.store.engine import open_engine

from .support import Table, copy_of, make_table, play_tutorial, sqlite_exec, sqlite_rows


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory, tutorial_loaded: LoadedScenario) -> Path:
    return play_tutorial(
        tmp_path_factory.mktemp("chain") / "played.wargame", tutorial_loaded, seed=11
    )


@pytest.fixture
def copy(played: Path, tmp_path: Path) -> Path:
    return copy_of(played, tmp_path)


def _check(path: Path, expect: str | None = None) -> ChainCheck:
    with Game.open(path) as game:
        return game.queries().verify_chain(expect=expect)


def _problems(path: Path) -> str:
    check = _check(path)
    assert not check.ok
    return " | ".join(check.problems)


def test_an_untouched_game_verifies_every_action(copy: Path) -> None:
    check = _check(copy)
    assert check.ok, check.problems
    assert check.actions > 20 and check.rolls == 5
    assert check.fingerprint is not None and len(check.fingerprint) == 14


def test_an_adjudication_outcome_changed_is_named_with_its_action(copy: Path) -> None:
    (ruling,) = sqlite_rows(copy, "SELECT id FROM adjudication WHERE outcome = 'success' LIMIT 1")
    sqlite_exec(copy, "UPDATE adjudication SET outcome = 'failure' WHERE id = ?", ruling[0])
    problems = _problems(copy)
    assert f"adjudication #{ruling[0]} no longer matches what action #" in problems
    assert "'adjudicate' by Fay" in problems


def test_the_last_roll_deleted_with_its_audit_line_is_caught(copy: Path) -> None:
    sqlite_exec(copy, "DELETE FROM roll WHERE sequence = (SELECT MAX(sequence) FROM roll)")
    sqlite_exec(
        copy,
        "DELETE FROM audit WHERE id = (SELECT MAX(id) FROM audit "
        "WHERE action = 'adjudication.record')",
    )
    problems = _problems(copy)
    assert "roll #5, written by action #" in problems and "is missing" in problems
    assert "audit #" in problems


@pytest.mark.parametrize("table", ["move", "adjudication", "audit"])
def test_a_deleted_row_is_named(copy: Path, table: str) -> None:
    (row,) = sqlite_rows(copy, f"SELECT MIN(id) FROM {table}")
    sqlite_exec(copy, f"DELETE FROM {table} WHERE id = ?", row[0])
    problems = _problems(copy)
    assert f"{table} #{row[0]}, written by action #" in problems
    assert "deleted outside wargame" in problems


def test_a_row_slipped_in_is_named(copy: Path) -> None:
    sqlite_exec(
        copy,
        "INSERT INTO note (game_id, turn, author_id, text, created_at) "
        "VALUES (1, 1, 1, 'planted', '2026-01-01 10:00:00.000000')",
    )
    assert "is in no action of the record: it was added outside wargame" in _problems(copy)


def test_a_row_slipped_in_stays_unsealed_after_the_next_action(
    tmp_path: Path, tutorial_loaded: LoadedScenario
) -> None:
    """In a file, the app's next action seals only what it wrote: no laundering of a row
    (and an audit line for it) planted between two actions."""
    path = tmp_path / "game.wargame"
    with Game.create(path, tutorial_loaded, seed=2, facilitator="Fay") as game:
        fac = game.queries().participants()[0].id
        game.note(fac, "first")
    sqlite_exec(
        path,
        "INSERT INTO note (game_id, turn, author_id, text, created_at) "
        "VALUES (1, 0, 1, 'planted', '2026-01-01 10:00:00.000000')",
    )
    sqlite_exec(
        path,
        "INSERT INTO audit (game_id, at, participant_id, actor, action, entity, entity_id, "
        "details) VALUES (1, '2026-01-01 10:00:00.000000', 1, 'Fay', 'note.add', 'note', "
        "(SELECT MAX(id) FROM note), '{}')",
    )
    with Game.open(path) as game:
        game.note(fac, "second")
        check = game.queries().verify_chain()
    assert not check.ok
    assert sum("is in no action of the record" in p for p in check.problems) == 2


def test_a_deleted_action_is_named(copy: Path) -> None:
    sqlite_exec(copy, "DELETE FROM chain_row WHERE link_id = 10")
    sqlite_exec(copy, "DELETE FROM chain_link WHERE id = 10")
    problems = _problems(copy)
    assert "action #10 is missing from the record" in problems


@pytest.mark.parametrize(
    ("sql", "named"),
    [
        (
            "CREATE TRIGGER evil AFTER INSERT ON note BEGIN UPDATE move SET title = 'x'; END",
            "trigger 'evil' on note",
        ),
        (
            "CREATE TRIGGER eraser AFTER INSERT ON audit BEGIN DELETE FROM audit "
            "WHERE id = new.id; END",
            "trigger 'eraser' on audit",
        ),
        ("CREATE VIEW everything AS SELECT * FROM move", "view 'everything'"),
        ("CREATE INDEX ix_spy ON move (title)", "index 'ix_spy' on move"),
        ("CREATE TABLE stash (x)", "table 'stash'"),
    ],
)
def test_a_file_changed_outside_wargame_is_refused(copy: Path, sql: str, named: str) -> None:
    sqlite_exec(copy, sql)
    before = copy.read_bytes()
    with pytest.raises(GameFileProblem) as refused:
        Game.open(copy)
    assert f"this file was changed outside wargame: {named}" in str(refused.value)
    assert copy.read_bytes() == before


def _reseal(path: Path) -> None:
    """What a forger holding the project's code can do: recompute every digest and link."""
    engine = open_engine(path, create=False)
    try:
        with engine.begin() as connection:
            links = connection.execute(
                select(m.ChainLink.__table__).order_by(m.ChainLink.sequence)
            ).all()
            previous = store_chain.GENESIS
            for link in links:
                rows = connection.execute(
                    select(m.ChainRow.__table__).where(m.ChainRow.link_id == link.id)
                ).all()
                sealed = []
                for row in rows:
                    table = m.Base.metadata.tables[row.entity]
                    digests = dict(store_chain.digests_of(connection, table, 1, [row.entity_id]))
                    digest = digests[row.entity_id]
                    connection.execute(
                        update(m.ChainRow).where(m.ChainRow.id == row.id).values(digest=digest)
                    )
                    sealed.append((row.entity, row.entity_id, digest))
                content = store_chain.link_content(
                    link.sequence, link.at, link.turn, link.actor, link.action, sealed
                )
                digest = store_chain.link_hash(previous, content)
                connection.execute(
                    update(m.ChainLink)
                    .where(m.ChainLink.id == link.id)
                    .values(prev_hash=previous, hash=digest)
                )
                previous = digest
    finally:
        engine.dispose()


def _rechain_rolls(path: Path, sequence: int, faces: list[int]) -> None:
    """Change one roll's faces and rebuild the dice chain with the project's chain_hash."""
    rows = sqlite_rows(
        path, "SELECT sequence, dice, faces, source, purpose, salt FROM roll ORDER BY 1"
    )
    (uid,) = sqlite_rows(path, "SELECT uid FROM game")[0]
    previous = dice_rules.GENESIS
    for number, dice, stored, source, purpose, salt in rows:
        values = faces if number == sequence else json.loads(str(stored))
        roll = dice_rules.Roll(dice_rules.DiceSpec.parse(str(dice)), tuple(values), str(source))  # type: ignore[arg-type]
        context = roll_context(str(purpose), str(uid), None if salt is None else str(salt))
        payload = dice_rules.roll_payload(roll, context)  # the file's holder reads the salt
        entry = dice_rules.chain_entry(previous, int(str(number)), payload)
        sqlite_exec(
            path,
            "UPDATE roll SET faces = ?, prev_hash = ?, hash = ? WHERE sequence = ?",
            json.dumps(values),
            entry.prev_hash,
            entry.hash,
            number,
        )
        previous = entry.hash
    sqlite_exec(
        path,
        "UPDATE audit SET details = json_set(details, '$.roll.hash', ?) "
        "WHERE action = 'adjudication.record' AND json_extract(details, '$.roll.hash') IS NOT NULL "
        "AND json_extract(details, '$.roll.sequence') = ?",
        previous,
        len(rows),
    )


def test_a_physical_roll_changed_and_everything_recomputed_is_caught_by_the_fingerprint(
    copy: Path,
) -> None:
    printed = _check(copy).fingerprint  # the head, as read out at the end of the game
    assert printed is not None
    (physical,) = sqlite_rows(copy, "SELECT sequence, faces FROM roll WHERE source = 'physical'")[
        :1
    ]
    faces = [7 - f for f in json.loads(str(physical[1]))]
    _rechain_rolls(copy, int(str(physical[0])), faces)
    _reseal(copy)
    assert _check(copy).ok  # an unkeyed chain in the file can be recomputed by its holder…
    check = _check(copy, expect=printed)  # …but not to the same head
    assert not check.ok
    assert f"no action of this record has the fingerprint {printed}" in check.problems[0]


def test_verify_expect_accepts_each_turns_fingerprint(copy: Path) -> None:
    with Game.open(copy) as game:
        turns = game.queries().fingerprints()
    assert [f.turn for f in turns] == [1, 2]
    for printed in turns:
        typed = printed.fingerprint.lower().replace("-", " ")
        check = _check(copy, expect=parse_fingerprint(typed))
        assert check.ok, check.problems
        assert check.expected is not None and check.expected[1] == printed
        assert f"extends fingerprint {printed.fingerprint}" in check.summary()


def test_verify_expect_on_the_command_line(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Game.open(copy) as game:
        first = game.queries().fingerprints()[0].fingerprint
    assert main(["verify", str(copy), "--expect", first]) == 0
    assert f"extends fingerprint {first}" in capsys.readouterr().out
    sqlite_exec(copy, "UPDATE move SET title = 'rewritten' WHERE id = 1")
    _reseal(copy)
    assert main(["verify", str(copy), "--expect", first]) == 1
    out = capsys.readouterr().out
    assert f"no action of this record has the fingerprint {first}" in out


def test_a_fingerprint_that_is_not_one_is_one_sentence(copy: Path) -> None:
    with pytest.raises(InvalidInput, match="'7F3A' is not a record fingerprint; it has 12"):
        parse_fingerprint("7F3A")
    assert main(["verify", str(copy), "--expect", "nonsense"]) == 1


def test_fingerprints_are_short_and_upper_case() -> None:
    assert fingerprint("7f3a91c20b4d" + "0" * 52) == "7F3A-91C2-0B4D"


@pytest.fixture
def seated(tmp_path: Path, tutorial_loaded: LoadedScenario) -> Iterator[Table]:
    with make_table(str(tmp_path / "game.wargame"), tutorial_loaded) as t:
        yield t


# ---------------------------------------------------------------------------- dice


def test_a_void_and_a_new_ruling_of_the_move_is_reported_as_a_re_roll(seated: Table) -> None:
    seated.go_to("moves")
    move = seated.move(seated.alice, "Patrol")
    seated.go_to("adjudication")
    seated.game.reveal_moves(seated.fac)
    first = seated.game.commit_adjudication(
        seated.fac, AdjudicationRequest(method="matrix", narrative="n", move_id=move)
    )
    seated.game.void(seated.fac, "adjudication", first, reason="wrong modifier")
    seated.game.commit_adjudication(
        seated.fac, AdjudicationRequest(method="matrix", narrative="again", move_id=move)
    )
    check = seated.q.verify_chain()
    assert check.ok, check.problems
    assert check.rerolls == ((1, 2),)
    assert "2 rolls; #1 voided and re-rolled as #2" in check.summary()


def test_the_seed_is_committed_from_the_start(seated: Table) -> None:
    summary = seated.q.summary()
    assert summary.seed is not None
    assert summary.seed_sha256 == seed_commitment(summary.seed)
    # What anyone can type: printf 1234 | sha256sum
    assert seed_commitment(1234) == (
        "03ac674216f3e15c761ee1a5e255f067953623c8b388b4459e13f978d7c846f4"
    )


def test_an_upgraded_0001_file_is_sealed_and_verifies(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[1] / "fixtures" / "store" / "game-0001.wargame"
    target = tmp_path / "old.wargame"
    target.write_bytes(source.read_bytes())
    from wargame.game.chain import check_record
    from wargame.store import GameDatabase

    with GameDatabase.open(target) as db, db.session(write=False) as s:
        game = s.scalars(select(m.Game)).one()
        assert game.seed_sha256 == seed_commitment(game.seed)
        check = check_record(s, game, seed=None, read_chain=True)
        link = s.scalars(select(m.ChainLink)).one()
    assert link.action == "record.upgrade" and link.actor == "wargame"
    assert [p for p in check.problems if "roll" not in p] == []
    assert check.actions == 1
    with closing(sqlite3.connect(target)) as connection:
        sealed = connection.execute("SELECT COUNT(*) FROM chain_row").fetchone()[0]
        rows = sum(
            connection.execute(f'SELECT COUNT(*) FROM "{t.name}"').fetchone()[0]
            for t in store_chain.sealed_tables()
        )
    assert sealed == rows


def test_an_adjudication_line_in_a_players_name_does_not_move_the_dice_head(copy: Path) -> None:
    """A forged 'adjudication.record' line by a player, named 'Facilitator', raises no false
    'rolls were cut off': only the facilitator's own lines say where the dice chain ends."""
    (player,) = sqlite_rows(copy, "SELECT id FROM participant WHERE role = 'player' LIMIT 1")[0]
    sqlite_exec(
        copy,
        "INSERT INTO audit (game_id, at, participant_id, actor, action, entity, entity_id, "
        "details) VALUES (1, '2026-01-01 10:00:00.000000', ?, 'Facilitator', "
        "'adjudication.record', 'adjudication', 1, ?)",
        player,
        json.dumps({"roll": {"sequence": 99, "hash": "f" * 64}}),
    )
    problems = _problems(copy)
    assert "is in no action of the record" in problems
    assert "cut off" not in problems
