"""Hypothesis: the scenario loader, fed arbitrary text, refuses only with ScenarioError.

Arbitrary Unicode (lone surrogates included), arbitrary bytes on disk, and the tutorial
scenario with arbitrary text spliced in somewhere. Each property's run is bounded.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.scenario import ScenarioError, load_scenario, parse_scenario

REPO = Path(__file__).resolve().parents[2]
TUTORIAL = (REPO / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8")
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=200)
BOUNDED = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _loads_or_refuses(text: str) -> None:
    try:
        parse_scenario(text)
    except ScenarioError as error:
        assert error.problems and all(str(p) for p in error.problems)


@BOUNDED
@given(ANY_TEXT)
def test_arbitrary_text_is_loaded_or_refused(text: str) -> None:
    _loads_or_refuses(text)


@settings(BOUNDED, max_examples=20)
@given(st.integers(min_value=0, max_value=len(TUTORIAL)), ANY_TEXT)
def test_the_tutorial_with_text_spliced_in_is_loaded_or_refused(at: int, text: str) -> None:
    _loads_or_refuses(TUTORIAL[:at] + text + TUTORIAL[at:])


@settings(BOUNDED, max_examples=20)
@given(
    st.integers(min_value=0, max_value=TUTORIAL.count("\n") - 1),
    st.one_of(ANY_TEXT.map(json.dumps), ANY_TEXT.map(lambda t: json.dumps(t, ensure_ascii=False))),
)
def test_a_value_replaced_by_any_quoted_string_is_loaded_or_refused(line: int, value: str) -> None:
    lines = TUTORIAL.splitlines()
    key, colon, _ = lines[line].partition(": ")
    if colon:
        lines[line] = f"{key}: {value}"
    _loads_or_refuses("\n".join(lines))


@BOUNDED
@given(st.binary(max_size=300))
def test_arbitrary_bytes_on_disk_are_loaded_or_refused(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(raw)
    try:
        load_scenario(path)
    except ScenarioError as error:
        assert error.problems
