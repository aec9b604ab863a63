"""The action reference of docs/play-scripts.md, generated from the play-script models.

Regenerate it after changing an action: ``python -m wargame.game.script_reference --write
docs/``; a test fails while the guide is out of date.
"""

from __future__ import annotations

import argparse
import sys
import typing
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from wargame.game import script

GUIDE_NAME = "play-scripts.md"
START = "<!-- actions:start -->"
END = "<!-- actions:end -->"
ORDER = (
    "join",
    "assign",
    "role",
    "start",
    "advance",
    "move",
    "edit",
    "withdraw",
    "counter",
    "reveal",
    "adjudicate",
    "effect",
    "inject",
    "note",
    "observe",
    "hotwash",
    "summary",
    "void",
    "end",
)


def actions() -> dict[str, type[BaseModel]]:
    """Every action model of play scripts, by its ``do`` word."""
    found: dict[str, type[BaseModel]] = {}
    for name in dir(script):
        obj = getattr(script, name)
        if isinstance(obj, type) and issubclass(obj, script._Action) and obj is not script._Action:
            (do,) = typing.get_args(obj.model_fields["do"].annotation)
            found[str(do)] = obj
    return found


def _required(model: type[BaseModel], field: str) -> str:
    info = model.model_fields[field]
    if info.is_required():
        return "**required**"
    if info.default in (None, (), ""):
        return "optional"
    return f"default `{info.default!r}`".replace("'", '"')


def render_actions() -> str:
    """The reference: one section per action, a table of its fields."""
    models = actions()
    order = [d for d in ORDER if d in models] + sorted(set(models) - set(ORDER))
    lines: list[str] = []
    for do in order:
        model = models[do]
        lines += [f"### `{do}`", "", (model.__doc__ or "").strip(), ""]
        lines += ["| field | required | what it is |", "|---|---|---|"]
        for field, info in model.model_fields.items():
            if field != "do":
                lines.append(f"| `{field}` | {_required(model, field)} | {info.description} |")
        lines.append("")
    return "\n".join(lines)


def replace_actions(guide: str) -> str:
    """The guide with its generated section replaced by the current reference."""
    head, rest = guide.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{render_actions()}{END}{tail}"


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite the guide's action reference in a docs folder."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", metavar="DOCS_DIR", required=True, type=Path)
    args = parser.parse_args(argv)
    guide = args.write / GUIDE_NAME
    guide.write_text(replace_actions(guide.read_text(encoding="utf-8")), encoding="utf-8")
    sys.stdout.write(f"rewrote {guide}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
