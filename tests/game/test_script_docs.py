"""The play-script guide covers every action and every field, and every field is described."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.game import script
from wargame.game.script_reference import END, START, actions, render_actions

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "play-scripts.md"
ACTIONS = actions()


@pytest.mark.parametrize("do", sorted(ACTIONS))
def test_every_field_of_every_action_has_a_description(do: str) -> None:
    bare = [f for f, info in ACTIONS[do].model_fields.items() if not info.description]
    assert bare == [], f"fields of '{do}' without a description: {bare}"


def test_the_guide_has_the_current_action_reference() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split(START, 1)[1].split(END, 1)[0]
    assert section == "\n" + render_actions(), (
        "docs/play-scripts.md is out of date; regenerate it with "
        "`python -m wargame.game.script_reference --write docs/`"
    )
    for do in ACTIONS:
        assert f"### `{do}`\n" in section


def test_the_schema_of_scripts_carries_the_descriptions() -> None:
    assert "ruling only: success, partial or failure" in str(script.script_json_schema())
