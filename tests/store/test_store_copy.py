"""Backups and copies between databases: every row, same ids, references intact."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from wargame.store import (
    Game,
    GameDatabase,
    GameFileExists,
    Move,
    backup,
    copy_database,
)


def test_backup_of_a_game_file_in_use(
    game_file: GameDatabase,
    tmp_path: Path,
    populate: Callable[..., Any],
    row_counts: Callable[..., Any],
) -> None:
    populate(game_file)
    destination = tmp_path / "copy.wargame"
    with game_file.session(write=False) as s:  # a reader is busy meanwhile
        s.scalars(select(Game)).all()
        assert backup(game_file, destination) == destination
    with GameDatabase.open(destination) as copy:
        assert row_counts(copy) == row_counts(game_file)
    check = sqlite3.connect(destination)
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    check.close()
    with pytest.raises(GameFileExists):
        backup(game_file, destination)


def test_copy_between_game_files_keeps_ids_and_references(
    game_file: GameDatabase,
    tmp_path: Path,
    populate: Callable[..., Any],
    row_counts: Callable[..., Any],
) -> None:
    made = populate(game_file)
    with GameDatabase.create(tmp_path / "copy.wargame") as copy:
        copied = copy_database(game_file, copy)
        assert copied == sum(row_counts(game_file).values())
        assert row_counts(copy) == row_counts(game_file)
        with copy.session(write=False) as s:
            voided = s.get(Move, made.voided_move_id)
            assert voided is not None and voided.superseded_by_id == made.move_id


@pytest.mark.postgres
def test_copy_one_game_from_postgresql_into_a_file(
    pg_url: str,
    tmp_path: Path,
    populate: Callable[..., Any],
    row_counts: Callable[..., Any],
) -> None:
    with GameDatabase.create(pg_url) as shared:
        populate(shared, title="first game")
        second = populate(shared, title="second game — другая")
        with GameDatabase.create(tmp_path / "pulled.wargame") as pulled:
            copy_database(shared, pulled, game_id=second.game_id)
            counts = row_counts(pulled)
            assert counts["game"] == 1
            assert counts == {name: n // 2 for name, n in row_counts(shared).items()}
            with pulled.session(write=False) as s:
                game = s.scalars(select(Game)).one()
                assert (game.id, game.title) == (second.game_id, "second game — другая")
                move = s.get(Move, second.move_id)
                assert move is not None and move.reasons == ["allies", "treaty"]
                assert [c.text for c in move.counter_arguments] == ["Too late"]
            with pulled.session() as s:  # the file is a working game: new rows get new ids
                s.add(
                    Move(
                        game_id=second.game_id, turn=2, team_id="blue", author_id=second.player_id,
                        title="Next", action="a", intended_result="r",
                    )
                )  # fmt: skip


@pytest.mark.postgres
def test_copy_a_file_into_postgresql_and_keep_playing(
    game_file: GameDatabase,
    pg_url: str,
    populate: Callable[..., Any],
    row_counts: Callable[..., Any],
) -> None:
    made = populate(game_file)
    with GameDatabase.create(pg_url) as shared:
        copy_database(game_file, shared)
        assert row_counts(shared) == row_counts(game_file)
        with shared.session() as s:  # sequences were moved past the copied ids
            move = Move(
                game_id=made.game_id, turn=2, team_id="blue", author_id=made.player_id,
                title="Next", action="a", intended_result="r",
            )  # fmt: skip
            s.add(move)
            s.flush()
            assert move.id > made.move_id


@pytest.mark.postgres
def test_backup_of_a_postgresql_game_is_a_game_file(
    pg_url: str,
    tmp_path: Path,
    populate: Callable[..., Any],
    row_counts: Callable[..., Any],
) -> None:
    with GameDatabase.create(pg_url) as shared:
        populate(shared)
        destination = backup(shared, tmp_path / "shared.wargame")
        with GameDatabase.open(destination) as copy:
            assert copy.is_sqlite
            assert row_counts(copy) == row_counts(shared)
