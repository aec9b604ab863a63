"""The scenario-format docs match the code: generated parts current, every snippet valid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wargame.scenario import ScenarioError, parse_scenario
from wargame.scenario.reference import (
    REFERENCE_END,
    REFERENCE_START,
    REGENERATE,
    render_reference,
    schema_text,
)
from wargame.scenario.yamlsafe import YamlProblem, parse

DOCS = Path(__file__).resolve().parents[2] / "docs"
GUIDE = DOCS / "scenario-format.md"
SCHEMA = DOCS / "scenario.schema.json"
STALE = f"is out of date; regenerate it with `{REGENERATE}`"

_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```yaml[ \t]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


def _yaml_blocks() -> list[tuple[int, str]]:
    """Every fenced ```yaml block of the guide: its line number and its dedented text."""
    text = GUIDE.read_text(encoding="utf-8")
    blocks = []
    for match in _FENCE.finditer(text):
        indent = len(match["indent"])
        body = "".join(line[indent:] for line in match["body"].splitlines(keepends=True))
        blocks.append((text.count("\n", 0, match.start()) + 1, body))
    return blocks


BLOCKS = _yaml_blocks()


def test_reference_section_is_current() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert text.count(REFERENCE_START) == 1 and text.count(REFERENCE_END) == 1, (
        f"{GUIDE.name} needs exactly one {REFERENCE_START} and one {REFERENCE_END}"
    )
    section = text.split(REFERENCE_START, 1)[1].split(REFERENCE_END, 1)[0]
    assert section == "\n" + render_reference(), f"the field reference in {GUIDE.name} {STALE}"


def test_schema_file_is_current() -> None:
    assert SCHEMA.is_file(), f"{SCHEMA.name} is missing; write it with `{REGENERATE}`"
    assert SCHEMA.read_text(encoding="utf-8") == schema_text(), f"{SCHEMA.name} {STALE}"


def test_guide_has_yaml_snippets() -> None:
    assert len(BLOCKS) >= 20


@pytest.mark.parametrize(("line", "snippet"), BLOCKS, ids=[f"line-{n}" for n, _ in BLOCKS])
def test_every_yaml_snippet_parses(line: int, snippet: str) -> None:
    try:
        parse(snippet, f"{GUIDE.name}, the yaml block on line {line}")
    except YamlProblem as exc:
        pytest.fail(str(exc))


def test_minimal_scenario_validates() -> None:
    skeletons = [s for _, s in BLOCKS if s.startswith("format_version:")]
    assert skeletons, "the guide has no complete scenario (a yaml block starting format_version:)"
    try:
        loaded = parse_scenario(skeletons[0], source="the minimal scenario in the guide")
    except ScenarioError as exc:
        pytest.fail(str(exc))
    assert loaded.scenario.metadata.id == "my-exercise"
