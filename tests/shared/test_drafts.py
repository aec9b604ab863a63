"""The draft store keeps what a participant types until it is committed (no database needed
for most of it: a game file stands in for the shared game)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from wargame.game import Game, GameFileProblem, JoinRequest, MoveContent, WrongPhase
from wargame.game import service as service_module
from wargame.game.drafts import DRAFT_NEW_MOVE, Draft, DraftStore, commit_draft
from wargame.scenario import load_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture
def game(tmp_path: Path) -> Iterator[tuple[Game, int]]:
    g = Game.create(tmp_path / "g.wargame", load_scenario(SCENARIOS / "tutorial.yaml"), seed=1)
    f = g.queries().participants()[0].id
    player = g.join(f, JoinRequest(name="Ola", role="player", team_id="blue"))
    g.start(f)
    g.advance(f)
    yield g, player
    g.close()


def test_save_load_discard_and_unicode(tmp_path: Path) -> None:
    store = DraftStore.for_game("ab" * 16, 3, folder=tmp_path)
    assert store.load() is None
    saved = store.save(Draft(title="Ход 🎲", action="Дія", reasons=("a", "b")))
    assert saved.saved_at
    again = DraftStore(store.path)  # a restarted app reads the same file
    assert again.load() == saved
    store.save(Draft(key="move-7", title="edit", move_id=7, expected_version=2))
    assert {d.key for d in again.drafts()} == {DRAFT_NEW_MOVE, "move-7"}
    store.discard()
    assert again.load() is None
    assert again.load("move-7") is not None
    assert list(tmp_path.glob(".drafts-*")) == []  # no temp files left behind


def test_each_team_at_the_hot_seat_has_its_own_store_beside_the_participants(
    tmp_path: Path,
) -> None:
    blue = DraftStore.for_team("ab" * 16, "blue", folder=tmp_path)
    red = DraftStore.for_team("ab" * 16, "red", folder=tmp_path)
    hostile = DraftStore.for_team("ab" * 16, "../../etc/passwd", folder=tmp_path)
    participant = DraftStore.for_game("ab" * 16, 3, folder=tmp_path)
    assert len({blue.path, red.path, participant.path}) == 3
    assert {blue.path.parent, red.path.parent, hostile.path.parent} == {tmp_path}
    blue.save(Draft(title="Blue's move"))
    assert red.load() is None and participant.load() is None


def test_a_damaged_file_is_set_aside(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "d.json")
    store.path.write_text("{not json", encoding="utf-8")
    assert store.load() is None
    assert (tmp_path / "d.json.damaged").read_text(encoding="utf-8") == "{not json"
    store.save(Draft(title="fresh"))
    assert (
        json.loads(store.path.read_text(encoding="utf-8"))["drafts"][DRAFT_NEW_MOVE]["title"]
        == "fresh"
    )


def test_commit_forgets_the_draft_only_when_committed(
    game: tuple[Game, int], tmp_path: Path
) -> None:
    g, player = game
    store = DraftStore(tmp_path / "d.json")
    store.save(Draft(title="", action="half typed"))
    with pytest.raises(Exception, match="title"):
        commit_draft(g, store, player)
    assert store.load() is not None  # refused: kept, to be corrected
    store.save(Draft(title="Patrol", action="Send ships", intended_result="Presence"))
    move = commit_draft(g, store, player)
    assert store.load() is None
    assert [m.id for m in g.queries().moves(g.queries().viewer_for(player))] == [move]


def test_a_lost_answer_is_not_submitted_twice(
    game: tuple[Game, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    g, player = game
    store = DraftStore(tmp_path / "d.json")
    store.save(Draft(title="Patrol", action="Send ships", intended_result="Presence"))
    real = service_module.Game.submit_move

    def committed_then_lost(self: Game, *args: object, **kwargs: object) -> int:
        real(self, *args, **kwargs)  # type: ignore[arg-type]
        raise GameFileProblem("Cannot connect to the game database: connection lost")

    monkeypatch.setattr(service_module.Game, "submit_move", committed_then_lost)
    with pytest.raises(GameFileProblem):
        commit_draft(g, store, player)
    kept = store.load()
    assert kept is not None and kept.attempted_at is not None
    monkeypatch.setattr(service_module.Game, "submit_move", real)
    move = commit_draft(g, store, player)
    moves = g.queries().moves(g.queries().viewer_for(player))
    assert [m.id for m in moves] == [move]  # found, not submitted again
    assert store.load() is None


def test_an_edit_draft_uses_the_version_it_started_from(
    game: tuple[Game, int], tmp_path: Path
) -> None:
    g, player = game
    move = g.submit_move(player, MoveContent(title="T", action="A", intended_result="R"))
    store = DraftStore(tmp_path / "d.json")
    store.save(
        Draft(
            key=f"move-{move}",
            title="T2",
            action="A",
            intended_result="R",
            move_id=move,
            expected_version=1,
        )
    )
    assert commit_draft(g, store, player, key=f"move-{move}") == move
    store.save(
        Draft(
            key=f"move-{move}",
            title="T3",
            action="A",
            intended_result="R",
            move_id=move,
            expected_version=1,
        )
    )
    with pytest.raises(Exception, match="changed by someone else"):
        commit_draft(g, store, player, key=f"move-{move}")
    assert store.load(f"move-{move}") is not None


def test_wrong_phase_keeps_the_draft(game: tuple[Game, int], tmp_path: Path) -> None:
    g, player = game
    f = g.queries().participants()[0].id
    g.advance(f)  # adjudication: no more moves
    store = DraftStore(tmp_path / "d.json")
    store.save(Draft(title="Late", action="A", intended_result="R"))
    with pytest.raises(WrongPhase):
        commit_draft(g, store, player)
    assert store.load() is not None


def test_only_postgresql_urls_are_join_strings(tmp_path: Path) -> None:
    from wargame.game import InvalidInput
    from wargame.game.sharing import host_game, parse_join_string

    for bad in ("sqlite:///x.wargame", str(tmp_path / "game.wargame"), "mysql://a@b/c"):
        with pytest.raises(InvalidInput, match="postgresql://"):
            parse_join_string(bad)
    with pytest.raises(InvalidInput):
        host_game("sqlite:///x.wargame", load_scenario(SCENARIOS / "tutorial.yaml"))
    target = parse_join_string("postgresql://wg_x_red:pw@venue.example:6543/db?team=red")
    assert (target.team_id, target.facilitator) == ("red", False)
    assert target.url == "postgresql+psycopg://wg_x_red:pw@venue.example:6543/db"
