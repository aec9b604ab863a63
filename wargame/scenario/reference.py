"""The field reference of the scenario format, generated from the Pydantic models.

``render_reference()`` walks the models' fields and annotations and writes one Markdown
heading and table per model: each field, its type in plain words, whether it is required
(or its default) and its description. The hand-written guide ``docs/scenario-format.md``
embeds this output between two markers, and ``docs/scenario.schema.json`` holds the JSON
Schema; both are regenerated with::

    python -m wargame.scenario.reference --write docs/

Without ``--write`` the reference is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import inspect
import json
import sys
import types
import typing
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from wargame.scenario import model, yamlsafe
from wargame.scenario.schema import scenario_json_schema

__all__ = [
    "GUIDE_NAME",
    "REFERENCE_END",
    "REFERENCE_START",
    "SCHEMA_NAME",
    "main",
    "render_reference",
    "replace_reference",
    "schema_text",
    "write_docs",
]

GUIDE_NAME = "scenario-format.md"
"""The hand-written guide, in the docs folder."""
SCHEMA_NAME = "scenario.schema.json"
"""The JSON Schema file, in the docs folder."""
REFERENCE_START = "<!-- reference:start -->"
REFERENCE_END = "<!-- reference:end -->"
REGENERATE = "python -m wargame.scenario.reference --write docs/"
"""The command that rewrites the generated parts of the docs."""

ORDER: tuple[type[BaseModel], ...] = (
    model.Scenario,
    model.Metadata,
    model.GameClock,
    model.Actor,
    model.Team,
    model.Roles,
    model.Cell,
    model.Control,
    model.TurnPlan,
    model.Phase,
    model.Track,
    model.Rung,
    model.RedLine,
    model.TrackAtLeast,
    model.TrackAtMost,
    model.UnitInRegion,
    model.RedLineCrossed,
    model.MoveAdjudicated,
    model.FactEstablished,
    model.TurnReached,
    model.InjectReleased,
    model.AllOf,
    model.AnyOf,
    model.NotOf,
    model.GameMap,
    model.Region,
    model.UnitTypeDef,
    model.Unit,
    model.Fact,
    model.TrackEffect,
    model.TrackSetEffect,
    model.UnitMoveEffect,
    model.UnitStrengthEffect,
    model.UnitCreateEffect,
    model.UnitRemoveEffect,
    model.FactEstablishEffect,
    model.FactRetractEffect,
    model.Inject,
    model.AnalysisPlan,
    model.Objective,
    model.Question,
    model.AdjudicationRules,
    model.MatrixRules,
    model.OddsRules,
    model.OddsRating,
    model.ProbabilityRules,
    model.LookupTable,
    model.TableRow,
)
"""The order of the reference; any model reachable from Scenario but not listed follows."""

REFERS_TO = {
    "actor": "actor",
    "declared_by": "actor",
    "owner": "actor",
    "audience": "team",
    "phase": "phase",
    "track": "track",
    "red_line": "red line",
    "region": "region",
    "regions": "region",
    "adjacent": "region",
    "to": "region",
    "unit": "unit",
    "objective": "objective",
    "actors": "actor",
    "fact": "fact",
    "inject": "inject",
    "team": "team",
}
"""Identifier fields, by name, and what kind of thing their value names."""


def _alias_parts(alias: Any) -> tuple[str | None, str | None]:
    """The pattern and description of an ``Annotated`` string alias such as Ident."""
    pattern = description = None
    for meta in typing.get_args(alias)[1:]:
        pattern = getattr(meta, "pattern", None) or pattern
        if isinstance(meta, FieldInfo):
            description = meta.description or description
    return pattern, description


_IDENT_PATTERN, _IDENT_DESCRIPTION = _alias_parts(model.Ident)
_COLOUR_PATTERN, _ = _alias_parts(model.Colour)


# ---------------------------------------------------------------------------- types in words


def _plural(word: str, plural: bool) -> str:
    return word + "s" if plural else word


def _bounds(metadata: Sequence[Any]) -> tuple[float | None, float | None]:
    """Inclusive bounds from ``Ge``/``Gt``/``Le``/``Lt`` metadata (whole numbers for Gt/Lt)."""
    low = high = None
    for meta in metadata:
        if getattr(meta, "ge", None) is not None:
            low = meta.ge
        elif getattr(meta, "gt", None) is not None:
            low = meta.gt + 1
        if getattr(meta, "le", None) is not None:
            high = meta.le
        elif getattr(meta, "lt", None) is not None:
            high = meta.lt - 1
    return low, high


def _number(word: str, metadata: Sequence[Any], plural: bool) -> str:
    low, high = _bounds(metadata)
    text = _plural(word, plural)
    if low is not None and high is not None:
        return f"{text} from {low} to {high}"
    if low is not None:
        return f"{text} ≥ {low}"
    if high is not None:
        return f"{text} ≤ {high}"
    return text


def _string(metadata: Sequence[Any], name: str | None, plural: bool) -> str:
    pattern = max_length = None
    for meta in metadata:
        pattern = getattr(meta, "pattern", None) or pattern
        max_length = getattr(meta, "max_length", None) or max_length
    if pattern == _IDENT_PATTERN:
        if name in REFERS_TO:
            return f"{REFERS_TO[name]} {_plural('id', plural)}"
        return _plural("identifier", plural)
    if pattern == _COLOUR_PATTERN:
        return f"{_plural('colour', plural)} `#rrggbb`"
    if pattern is not None and pattern.endswith(r"\.geojson$"):
        return f"{_plural('file path', plural)} ending `.geojson`"
    if pattern is not None:
        return f"{_plural('text', plural)} matching `{pattern}`"
    if max_length is not None and max_length <= 1000:
        each = "each " if plural else ""
        return f"{_plural('short text', plural)} ({each}≤ {max_length:,} characters)"
    return _plural("text", plural)


def _link(cls: type[BaseModel]) -> str:
    return f"[{cls.__name__}](#{cls.__name__.lower()})"


def _or_list(items: Sequence[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " or " + items[-1]


def _describe(
    annotation: Any, metadata: Sequence[Any] = (), *, name: str | None = None, plural: bool = False
) -> str:
    """A field's type in plain words, e.g. 'list of Actor' or 'whole number ≥ 1'."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _describe(args[0], [*metadata, *args[1:]], name=name, plural=plural)
    if origin is typing.Union or isinstance(annotation, types.UnionType):
        members = [a for a in args if a is not type(None)]
        if len(members) == 1:
            return _describe(members[0], metadata, name=name, plural=plural)
        if all(isinstance(a, type) and issubclass(a, BaseModel) for a in members):
            return _or_list([_link(a) for a in members]) + " (chosen by `kind`)"
        return ", or ".join(_describe(a, metadata, name=name, plural=plural) for a in members)
    if origin is typing.Literal:
        values = [f"`{v}`" for v in args]
        return values[0] if len(values) == 1 else "one of " + ", ".join(values)
    if origin is tuple:
        return _sequence(args, metadata, name)
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return _link(annotation)
        if issubclass(annotation, enum.Enum):
            return "one of " + ", ".join(f"`{m.value}`" for m in annotation)
        if issubclass(annotation, bool):
            return "true or false"
        if issubclass(annotation, int):
            return _number("whole number", metadata, plural)
        if issubclass(annotation, float):
            return _number("number", metadata, plural)
        if issubclass(annotation, dt.date):
            return _plural("date", plural) + " (YYYY-MM-DD)"
        if issubclass(annotation, str):
            return _string(metadata, name, plural)
    return str(annotation)


def _sequence(args: tuple[Any, ...], metadata: Sequence[Any], name: str | None) -> str:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _describe(args[0], name=name, plural=True)
        text = ("list, each " if item.startswith("one of ") else "list of ") + item
    elif len(set(args)) == 1:
        text = f"list of {len(args)} " + _describe(args[0], name=name, plural=True)
    else:
        text = "list of " + ", ".join(_describe(a, name=name) for a in args)
    least = max((getattr(meta, "min_length", None) or 0 for meta in metadata), default=0)
    if least:
        text += f" (at least {least})"
    return text


# ---------------------------------------------------------------------------- defaults


def _value(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _dump_default(value: Any) -> Any:
    """The default as plain data without its own defaults; empty when nothing is worth showing."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, tuple) and value and all(isinstance(v, BaseModel) for v in value):
        return [v.model_dump(mode="json", exclude_defaults=True) for v in value]
    return None


def _default(field: FieldInfo) -> tuple[str, Any]:
    """The required/default cell, and a default too big for the cell (or None)."""
    if field.is_required():
        return "**required**", None
    value = field.get_default(call_default_factory=True)
    if value is None or value == ():
        return "optional", None
    if isinstance(value, BaseModel) or (
        isinstance(value, tuple) and all(isinstance(v, BaseModel) for v in value)
    ):
        dumped = _dump_default(value)
        if dumped:
            return "optional (default below)", dumped
        return "optional (all its defaults)", None
    return f"default `{_value(value)}`", None


# ---------------------------------------------------------------------------- descriptions


def _docstring(cls: type) -> str:
    return " ".join(inspect.cleandoc(cls.__doc__ or "").split()).replace("``", "`")


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        out.extend(_models_in(arg))
    return out


def _description(name: str, field: FieldInfo) -> str:
    text = field.description
    if text == _IDENT_DESCRIPTION:
        text = (
            "Unique among its kind; the rest of the scenario refers to it by this."
            if name == "id"
            else None
        )
    if not text:
        models = _models_in(field.annotation)
        text = _docstring(models[0]) if len(models) == 1 else ""
    return text


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


# ---------------------------------------------------------------------------- the reference


def _reachable(root: type[BaseModel]) -> Iterator[type[BaseModel]]:
    """Every model used by ``root``, depth first in field order, ``root`` first."""
    seen: set[type[BaseModel]] = set()
    stack = [root]
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.add(cls)
        yield cls
        children = [m for f in cls.model_fields.values() for m in _models_in(f.annotation)]
        stack.extend(reversed(children))


def _models() -> list[type[BaseModel]]:
    reachable = list(_reachable(model.Scenario))
    return [m for m in ORDER if m in reachable] + [m for m in reachable if m not in ORDER]


def _model_section(cls: type[BaseModel]) -> list[str]:
    lines = [f"### {cls.__name__}", "", _docstring(cls), ""]
    lines += ["| Field | Type | Required / default | Description |", "|---|---|---|---|"]
    extras: list[tuple[str, Any]] = []
    for name, field in cls.model_fields.items():
        kind = _describe(field.annotation, field.metadata, name=name)
        needed, extra = _default(field)
        if extra is not None:
            extras.append((name, extra))
        lines.append(
            f"| `{name}` | {_cell(kind)} | {needed} | {_cell(_description(name, field))} |"
        )
    lines.append("")
    for name, extra in extras:
        lines += [f"Default of `{name}`:", "", "```yaml"]
        lines += yamlsafe.dump({name: extra}).rstrip("\n").split("\n")
        lines += ["```", ""]
    return lines


def render_reference() -> str:
    """Markdown reference tables of every model of the scenario format, in a fixed order."""
    lines = [
        "Generated from the format's models; do not edit by hand. Regenerate with",
        f"`{REGENERATE}`.",
        "",
        "In the tables, *identifier* means lower-case letters, digits, `-` or `_`, starting",
        "with a letter (at most 64 characters), and *region id*, *actor id* and so on mean",
        "the identifier of one of the scenario's regions, actors … . Every list may be",
        "written in block style (one `- item` a line) or flow style (`[a, b]`).",
        "",
    ]
    for cls in _models():
        lines += _model_section(cls)
    return "\n".join(lines).rstrip("\n") + "\n"


# ---------------------------------------------------------------------------- writing the docs


def schema_text() -> str:
    """The JSON Schema file's exact text (what ``wargame schema`` prints)."""
    return json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False) + "\n"


def replace_reference(guide: str, reference: str) -> str:
    """The guide with the text between the reference markers replaced by ``reference``.

    Raises:
        ValueError: If the markers are missing or out of order.
    """
    head, start, rest = guide.partition(REFERENCE_START)
    _, end, tail = rest.partition(REFERENCE_END)
    if not start or not end:
        raise ValueError(f"the guide needs the markers {REFERENCE_START} and {REFERENCE_END}")
    return f"{head}{REFERENCE_START}\n{reference}{REFERENCE_END}{tail}"


def write_docs(docs_dir: Path) -> list[Path]:
    """Rewrite the guide's reference section and the schema file; return the files changed."""
    changed: list[Path] = []
    guide_path = docs_dir / GUIDE_NAME
    guide = guide_path.read_text(encoding="utf-8")
    updated = replace_reference(guide, render_reference())
    if updated != guide:
        guide_path.write_text(updated, encoding="utf-8")
        changed.append(guide_path)
    schema_path = docs_dir / SCHEMA_NAME
    schema = schema_text()
    old = schema_path.read_text(encoding="utf-8") if schema_path.is_file() else None
    if old != schema:
        schema_path.write_text(schema, encoding="utf-8")
        changed.append(schema_path)
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    """Print the reference, or with ``--write DIR`` rewrite the generated docs in DIR."""
    parser = argparse.ArgumentParser(
        prog="python -m wargame.scenario.reference",
        description="Print the scenario format's field reference, or rewrite the docs.",
    )
    parser.add_argument(
        "--write",
        metavar="DIR",
        type=Path,
        help=f"rewrite the reference section of DIR/{GUIDE_NAME} and DIR/{SCHEMA_NAME}",
    )
    args = parser.parse_args(argv)
    if args.write is None:
        sys.stdout.write(render_reference())
        return 0
    try:
        changed = write_docs(args.write)
    except (OSError, ValueError) as exc:
        sys.stderr.write(f"reference: {exc}\n")
        return 1
    for path in changed:
        sys.stdout.write(f"rewrote {path}\n")
    if not changed:
        sys.stdout.write("the docs were up to date\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
