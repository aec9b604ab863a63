"""Hypothesis: importing a moves sheet of arbitrary content refuses only with the project's
own errors, and a refused import changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.cli.errors import CommandError
from wargame.cli.game_commands import read_moves_csv
from wargame.game import Game, GameError, JoinRequest, Viewer
from wargame.scenario import load_scenario

REPO = Path(__file__).resolve().parents[2]
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
BOUNDED = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEADER = ["team", "author", "title", "action", "intended_result", "reasons", "visibility"]


@pytest.fixture(scope="module")
def game(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Game]:
    path = tmp_path_factory.mktemp("fuzz") / "game.wargame"
    with Game.create(path, load_scenario(REPO / "scenarios" / "tutorial.yaml"), seed=4) as g:
        fac = g.queries().participants()[0].id
        g.join(fac, JoinRequest(name="Alice", role="player", team_id="blue"))
        g.join(fac, JoinRequest(name="Bob", role="player", team_id="red"))
        g.start(fac)
        yield g


def _import(game: Game, path: Path) -> None:
    fac = game.queries().participants()[0].id
    before = game.queries().moves(Viewer.facilitator())
    try:
        rows = read_moves_csv(path)
        game.import_moves(fac, 1, rows)
    except (CommandError, GameError) as error:
        assert str(error)
        assert game.queries().moves(Viewer.facilitator()) == before


@BOUNDED
@given(st.binary(max_size=300))
def test_arbitrary_bytes_are_imported_or_refused(tmp_path: Path, game: Game, raw: bytes) -> None:
    path = tmp_path / "moves.csv"
    path.write_bytes(raw)
    _import(game, path)


@pytest.mark.slow
@BOUNDED
@given(
    st.lists(
        st.lists(
            st.one_of(ANY_TEXT, st.sampled_from(["blue", "red", "Alice", "Bob", "public"])),
            min_size=0,
            max_size=8,
        ),
        max_size=4,
    )
)
def test_arbitrary_rows_are_imported_or_refused(
    tmp_path: Path, game: Game, rows: list[list[str]]
) -> None:
    sheet = io.StringIO()
    csv.writer(sheet).writerows([HEADER, *rows])
    path = tmp_path / "moves.csv"
    path.write_text(sheet.getvalue(), encoding="utf-8")
    _import(game, path)
