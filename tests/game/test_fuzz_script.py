"""Hypothesis: the play-script parser and runner, fed arbitrary text, refuse only with the
project's own errors (ScriptError while parsing, ActionRefused while running).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.game import Game, JoinRequest
from wargame.game.script import ActionRefused, ScriptError, ScriptRunner, load_script
from wargame.scenario import LoadedScenario

ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=120)
BOUNDED = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ACTIONS = ("join", "note", "move", "observe", "inject", "advance", "counter", "start")


@pytest.fixture(scope="module")
def game(
    tmp_path_factory: pytest.TempPathFactory, tutorial_loaded: LoadedScenario
) -> Iterator[Game]:
    path = tmp_path_factory.mktemp("fuzz") / "game.wargame"
    with Game.create(path, tutorial_loaded, seed=9) as opened:
        fac = opened.queries().participants()[0].id
        opened.join(fac, JoinRequest(name="Alice", role="player", team_id="blue"))
        opened.join(fac, JoinRequest(name="Bob", role="player", team_id="red"))
        opened.start(fac)
        yield opened


def _parse(folder: Path, raw: bytes) -> None:
    path = folder / "script.yaml"
    path.write_bytes(raw)
    try:
        load_script(path)
    except ScriptError as error:
        assert str(error)


@BOUNDED
@given(ANY_TEXT)
def test_arbitrary_text_is_parsed_or_refused(tmp_path: Path, text: str) -> None:
    _parse(tmp_path, text.encode("utf-8", "surrogatepass"))


@BOUNDED
@given(st.binary(max_size=200))
def test_arbitrary_bytes_are_parsed_or_refused(tmp_path: Path, raw: bytes) -> None:
    _parse(tmp_path, raw)


@BOUNDED
@given(
    st.sampled_from(ACTIONS),
    st.dictionaries(
        st.sampled_from(("by", "name", "text", "title", "action", "intended_result", "to")),
        ANY_TEXT,
        max_size=4,
    ),
)
def test_actions_with_arbitrary_values_run_or_are_refused(
    tmp_path: Path, game: Game, do: str, fields: dict[str, str]
) -> None:
    line = json.dumps([{"do": do, **fields}])  # JSON is YAML; \\ud800 escapes included
    path = tmp_path / "script.yaml"
    path.write_text(line, encoding="utf-8")
    try:
        actions = load_script(path)
    except ScriptError:
        return
    try:
        ScriptRunner(game).run(actions)
    except ActionRefused as refused:
        assert refused.reason
