"""A link seals what an action wrote from the session's objects, with no read back.

The digests it computes so must equal those ``wargame verify`` computes from the rows read
back, for every table and every kind of value (times, JSON numbers and objects, booleans,
stored files): checked here over every row of the whole demo game, and through verify.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Table, select
from sqlalchemy.orm import Session, undefer

from wargame.cli import main
from wargame.game import Game, MoveContent
from wargame.store import GameDatabase
from wargame.store import chain as store_chain
from wargame.store import models as m

from .support import Table as Seated


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo game, played to its end by ``wargame demo``."""
    folder = tmp_path_factory.mktemp("demo")
    assert main(["demo", "-o", str(folder)]) == 0
    return folder / "demo.wargame"


@pytest.fixture
def session(demo: Path) -> Iterator[Session]:
    with GameDatabase.open(demo, read_only=True) as db, db.session(write=False) as s:
        yield s


def _model(table: Table) -> type[m.Base]:
    return next(mapper.class_ for mapper in m.Base.registry.mappers if mapper.local_table is table)


def test_the_demo_game_verifies(demo: Path) -> None:
    with Game.open(demo, read_only=True) as game:
        check = game.queries().verify_chain()
    assert check.ok, check.problems
    assert check.actions > 50


def test_every_row_digests_alike_from_its_object_and_read_back(session: Session) -> None:
    dialect = session.connection().dialect
    compared: dict[str, int] = {}
    for table in store_chain.sealed_tables():
        game_id = session.scalars(select(m.Game.id)).one()
        read_back = dict(store_chain.digests_of(session.connection(), table, game_id))
        model = _model(table)
        for obj in session.scalars(select(model).options(undefer("*"))):
            digest = store_chain.object_digest(obj, dialect)
            row_id = obj.id  # type: ignore[attr-defined]
            assert digest is not None, f"{table.name} #{row_id}"
            assert digest == read_back[row_id], f"{table.name} #{row_id}"
            compared[table.name] = compared.get(table.name, 0) + 1
    for name in ("game", "move", "adjudication", "roll", "effect", "audit", "inject_release"):
        assert compared.get(name, 0) > 0, f"the demo game has no {name} row to compare"


def test_a_column_not_loaded_is_read_back_instead(session: Session) -> None:
    game = session.scalars(select(m.Game)).one()  # the scenario's text is deferred
    assert store_chain.object_digest(game, session.connection().dialect) is None


def test_a_number_sqlite_may_store_otherwise_is_read_back_instead(session: Session) -> None:
    effect = session.scalars(select(m.Effect).where(m.Effect.kind == "track")).first()
    assert effect is not None
    dialect = session.connection().dialect
    assert store_chain.object_digest(effect, dialect) is not None
    effect.before = 3.0  # SQLite would store the JSON text "3.0" as the integer 3
    assert store_chain.object_digest(effect, dialect) is None
    session.expunge(effect)


def test_two_games_open_on_one_file_writing_in_turn_keep_one_chain(
    tmp_path: Path, file_table: Seated
) -> None:
    """Each action reads the chain's head inside its own write transaction: another
    window's actions in between are followed, never forked."""
    game, fac = file_table.game, file_table.fac
    game.start(fac)
    game.advance(fac)  # the moves phase
    with Game.open(tmp_path / "game.wargame") as other:
        for i in range(3):
            game.submit_move(file_table.alice, MoveContent(f"Ours {i}", "Act", "Result"))
            other.submit_move(file_table.bob, MoveContent(f"Theirs {i}", "Act", "Result"))
        other.note(fac, "a note from the other window")
    game.note(fac, "and one from this one")
    check = game.queries().verify_chain()
    assert check.ok, check.problems
    path = tmp_path / "game.wargame"
    with GameDatabase.open(path, read_only=True) as db, db.session(write=False) as s:
        sequences = list(s.scalars(select(m.ChainLink.sequence).order_by(m.ChainLink.sequence)))
    assert sequences == list(range(1, check.actions + 1))
    assert check.actions >= 10
