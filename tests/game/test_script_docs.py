"""The play-script guide covers every action and every field, and every field is described."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from wargame.game import script

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "play-scripts.md"


def _actions() -> dict[str, type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {}
    for name in dir(script):
        obj = getattr(script, name)
        if isinstance(obj, type) and issubclass(obj, script._Action) and obj is not script._Action:
            (do,) = typing.get_args(obj.model_fields["do"].annotation)
            found[do] = obj
    return found


ACTIONS = _actions()


@pytest.mark.parametrize("do", sorted(ACTIONS))
def test_every_field_of_every_action_has_a_description(do: str) -> None:
    bare = [f for f, info in ACTIONS[do].model_fields.items() if not info.description]
    assert bare == [], f"fields of '{do}' without a description: {bare}"


@pytest.mark.parametrize("do", sorted(ACTIONS))
def test_the_guide_has_a_section_on_every_action_naming_every_field(do: str) -> None:
    text = GUIDE.read_text(encoding="utf-8")
    heading = f"### `{do}`\n"
    assert heading in text, f"docs/play-scripts.md has no section '{heading.strip()}'"
    section = text.split(heading, 1)[1].split("\n### ", 1)[0]
    for field, info in ACTIONS[do].model_fields.items():
        if field != "do":
            assert f"| `{field}` |" in section, f"'{do}' section does not describe '{field}'"
            assert str(info.description) in section, f"'{do}.{field}' description is stale"


def test_the_schema_of_scripts_carries_the_descriptions() -> None:
    schema = script.script_json_schema()
    text = str(schema)
    assert "ruling only: success, partial or failure" in text
