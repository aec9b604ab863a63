"""Load scenario files: safe YAML, format upgrades, validation, precise error messages.

Every problem an author can make — bad YAML, an unknown field, a wrong type, a dangling
reference, a duplicate id, a missing map feature — is reported as a :class:`Problem` with
the file, the 1-based line and column of the offending node, and one plain sentence.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as _field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from wargame.scenario import yamlsafe
from wargame.scenario.geography import MapFileProblem, MapSource, feature_ids, read_map_bytes
from wargame.scenario.model import FORMAT_VERSION, ReferenceErrors, ReferenceProblem, Scenario
from wargame.scenario.upgrade import UPGRADES
from wargame.scenario.yamlsafe import Position, Problem, YamlProblem, node_position

__all__ = [
    "LoadedScenario",
    "ScenarioError",
    "describe_validation_error",
    "dump_scenario",
    "load_scenario",
    "parse_scenario",
    "referenced_paths",
]


class ScenarioError(Exception):
    """A scenario file was refused; ``problems`` lists every reason, each with its place."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario with the exact text it was read from and that text's hash.

    A game keeps ``text`` and ``sha256``, and every file the scenario names (``files``: its
    path as written → its bytes; :attr:`Scenario.files` holds the same), so it stands alone
    even if the files change or move later.
    """

    scenario: Scenario
    text: str
    sha256: str
    source: str
    base_dir: Path | None
    files: Mapping[str, bytes] = _field(default_factory=dict)

    def file_hashes(self) -> dict[str, str]:
        """The SHA-256 of each file the scenario names, by its path as written."""
        return {name: hashlib.sha256(raw).hexdigest() for name, raw in self.files.items()}


Upgrade = Callable[[dict[str, Any]], dict[str, Any]]


def load_scenario(path: Path | str) -> LoadedScenario:
    """Read, upgrade and validate a scenario file; raise :class:`ScenarioError` if refused."""
    path = Path(path)
    try:
        text = yamlsafe.read_text(path)
    except YamlProblem as exc:
        raise ScenarioError([exc.problem]) from None
    return parse_scenario(text, source=str(path), base_dir=path.parent)


def parse_scenario(
    text: str,
    *,
    source: str = "<scenario>",
    base_dir: Path | None = None,
    files: Mapping[str, bytes] | None = None,
) -> LoadedScenario:
    """Validate scenario text and read the files it names.

    Args:
        text: The scenario's YAML.
        source: What to call it in messages (its file name).
        base_dir: The scenario file's folder: the files it names are read relative to it,
            then from the bundled assets.
        files: The files a game stored with its scenario (path as written → bytes). When
            given, they are the only place files are read from: a game never looks outside
            itself.
    """
    if len(text.encode("utf-8", "surrogatepass")) > yamlsafe.MAX_BYTES:
        raise ScenarioError(
            [Problem(source, None, f"the text is larger than {yamlsafe.MAX_BYTES:,} bytes")]
        )
    try:
        doc = yamlsafe.parse(text, source)
    except YamlProblem as exc:
        raise ScenarioError([exc.problem]) from None
    data = doc.value
    if not isinstance(data, dict):
        raise ScenarioError(
            [
                Problem(
                    source,
                    node_position(doc.node),
                    "the top level must be a mapping (format_version:, metadata:, actors: …)",
                )
            ]
        )
    data = _upgrade(data, doc)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(list(_problems(exc, doc))) from None
    read, problems = _read_files(scenario, doc, base_dir, files)
    problems.extend(_check_map_files(scenario, doc, read))
    if problems:
        raise ScenarioError(problems)
    scenario.attach_files(read)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return LoadedScenario(scenario, text, digest, source, base_dir, read)


def dump_scenario(scenario: Scenario) -> str:
    """Write a scenario as YAML that :func:`parse_scenario` reads back to an equal scenario."""
    header = (
        "# yaml-language-server: $schema="
        f"https://wargame.invalid/schema/scenario-{FORMAT_VERSION}.json\n"
    )
    return header + yamlsafe.dump(scenario.model_dump(mode="json", exclude_defaults=True))


def upgrade_text(text: str, *, source: str = "<scenario>", base_dir: Path | None = None) -> str:
    """A scenario's text rewritten in the current format (validated first; comments are lost).

    Raises:
        ScenarioError: If the scenario does not validate.
    """
    loaded = parse_scenario(text, source=source, base_dir=base_dir)
    return dump_scenario(loaded.scenario)


# ---------------------------------------------------------------------------- upgrades


def _upgrade(data: dict[str, Any], doc: yamlsafe.Document) -> dict[str, Any]:
    version = data.get("format_version")
    where = _locate(doc.node, ("format_version",)) or node_position(doc.node)
    if version is None:
        raise ScenarioError(
            [
                Problem(
                    doc.source,
                    node_position(doc.node),
                    f"format_version is missing; add 'format_version: {FORMAT_VERSION}' at the top",
                )
            ]
        )
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ScenarioError(
            [Problem(doc.source, where, "format_version must be a whole number such as 1")]
        )
    if version > FORMAT_VERSION:
        raise ScenarioError(
            [
                Problem(
                    doc.source,
                    where,
                    f"this scenario is written in format {version}, newer than this version "
                    f"of wargame reads (up to {FORMAT_VERSION}); update wargame",
                )
            ]
        )
    while version < FORMAT_VERSION:
        data = UPGRADES[version](data)
        version += 1
        data["format_version"] = version
    return data


# ---------------------------------------------------------------------------- error mapping


def _problems(exc: ValidationError, doc: yamlsafe.Document) -> Iterable[Problem]:
    errors = exc.errors(include_url=False)
    # A list whose items all failed is also "too short" once they are dropped: the items'
    # own problems say what is wrong, so the list's is left out.
    failed_items = {
        tuple(e["loc"][:-1]) for e in errors if e["loc"] and isinstance(e["loc"][-1], int)
    }
    for error in errors:
        if error["type"] == "too_short" and tuple(error["loc"]) in failed_items:
            continue
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, ReferenceErrors):
            for ref in cause.errors:
                yield _reference_problem(ref, error["loc"], doc)
            continue
        yield describe_validation_error(error, doc)


def _reference_problem(
    ref: ReferenceProblem, prefix: tuple[int | str, ...], doc: yamlsafe.Document
) -> Problem:
    loc = (*prefix, *ref.loc)
    return Problem(doc.source, _locate(doc.node, loc), f"{_dotted(loc)}: {ref.message}")


def describe_validation_error(error: Any, doc: yamlsafe.Document) -> Problem:
    """One Pydantic error as a Problem placed at its YAML node (used for scripts too)."""
    loc: tuple[int | str, ...] = tuple(error["loc"])
    kind: str = error["type"]
    at_key = kind == "extra_forbidden"
    position = _locate(doc.node, loc, at_key=at_key)
    path = _dotted(_data_path(doc.node, loc))
    if kind == "extra_forbidden":
        field = str(loc[-1])
        known = _field_names(_data_path(doc.node, loc)[:-1])
        hint = difflib.get_close_matches(field, known, n=1)
        message = f"unknown field '{field}'"
        if hint:
            message += f"; did you mean '{hint[0]}'?"
        elif known:
            message += f" (allowed here: {', '.join(sorted(known))})"
        parent = _dotted(_data_path(doc.node, loc)[:-1])
        return Problem(doc.source, position, f"{parent or 'top level'}: {message}")
    if kind == "missing":
        return Problem(doc.source, position, f"{path}: this required field is missing")
    if kind == "union_tag_invalid":
        ctx = error.get("ctx") or {}
        return Problem(
            doc.source,
            position,
            f"{path}: unknown kind {ctx.get('tag')!r}; expected one of {ctx.get('expected_tags')}",
        )
    if kind == "union_tag_not_found":
        return Problem(
            doc.source, position, f"{path}: 'kind' is missing (it says which sort this is)"
        )
    message = _sentence(error)
    if kind.startswith(("date_", "datetime_")):
        message += " (write dates as YYYY-MM-DD, e.g. 2027-03-15)"
    elif kind.startswith("time_"):
        message += " (write times of day as HH:MM, e.g. 06:30)"
    if kind == "string_type" and not isinstance(error.get("input"), str | dict | list):
        message += " (put the value in quotes to make it text)"
    return Problem(doc.source, position, f"{path or 'top level'}: {message}")


def _sentence(error: Any) -> str:
    msg: str = error["msg"]
    msg = msg.removeprefix("Value error, ")
    return msg[:1].lower() + msg[1:]


def _dotted(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def _data_path(root: Node, loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """The part of a Pydantic location that names real keys and indexes in the document.

    Pydantic adds union member tags (``track_at_least``, ``tuple[...]``) to locations;
    those are not in the file and are dropped.
    """
    node: Node | None = root
    kept: list[int | str] = []
    for part in loc:
        if isinstance(node, MappingNode) and isinstance(part, str):
            child = _mapping_child(node, part)
            if child is None:
                if part in _all_field_names():
                    kept.append(part)  # a missing or unknown key: still part of the path
                    node = None
                continue
            kept.append(part)
            node = child[1]
        elif isinstance(node, SequenceNode) and isinstance(part, int):
            kept.append(part)
            node = node.value[part] if 0 <= part < len(node.value) else None
        elif node is None:
            kept.append(part)
    return tuple(kept)


def _mapping_child(node: MappingNode, key: str) -> tuple[Node, Node] | None:
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.value == key:
            return k, v
    return None


def _locate(root: Node, loc: tuple[int | str, ...], *, at_key: bool = False) -> Position | None:
    """Walk a location through the node tree; the deepest node reached gives the position."""
    node = root
    key_node: Node | None = None
    for part in loc:
        if isinstance(node, MappingNode) and isinstance(part, str):
            child = _mapping_child(node, part)
            if child is None:
                continue  # a union tag or a missing key: stay on this node
            key_node, node = child
        elif isinstance(node, SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            key_node, node = None, node.value[part]
        else:
            continue
    if at_key and key_node is not None:
        return node_position(key_node)
    return node_position(node)


def _field_names(path: tuple[int | str, ...]) -> set[str]:
    """Field names allowed at a data path, found by walking the models' annotations."""
    candidates: list[Any] = [Scenario]
    for part in path:
        following: list[Any] = []
        for candidate in candidates:
            for model in _models_in(candidate):
                if isinstance(part, str) and part in model.model_fields:
                    following.append(model.model_fields[part].annotation)
            if isinstance(part, int):
                following.extend(_items_of(candidate))
        candidates = following
    names: set[str] = set()
    for candidate in candidates:
        for model in _models_in(candidate):
            names.update(model.model_fields)
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in _args(annotation):
        out.extend(_models_in(arg))
    return out


def _items_of(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is tuple or origin is list:
        return [a for a in typing.get_args(annotation) if a is not Ellipsis]
    out: list[Any] = []
    for arg in _args(annotation):
        out.extend(_items_of(arg))
    return out


def _args(annotation: Any) -> tuple[Any, ...]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return (typing.get_args(annotation)[0],)
    if origin is typing.Union or isinstance(annotation, types.UnionType):
        return typing.get_args(annotation)
    return ()


@functools.cache
def _all_field_names() -> frozenset[str]:
    """Every field name of every scenario model (to tell a field from a union tag)."""
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()
    stack: list[type[BaseModel]] = [Scenario]
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, field in model.model_fields.items():
            names.add(name)
            stack.extend(_models_in(field.annotation))
            for item in _items_of(field.annotation):
                stack.extend(_models_in(item))
    return frozenset(names)


# ---------------------------------------------------------------------------- named files


def referenced_paths(scenario: Scenario) -> list[tuple[tuple[str, ...], str]]:
    """Every file a scenario names, with the field that names it."""
    out: list[tuple[tuple[str, ...], str]] = []
    if scenario.map is not None:
        out.append((("map", "geometry"), scenario.map.geometry))
        if scenario.map.cities is not None:
            out.append((("map", "cities"), scenario.map.cities))
    return out


def _read_files(
    scenario: Scenario,
    doc: yamlsafe.Document,
    base_dir: Path | None,
    stored: Mapping[str, bytes] | None,
) -> tuple[dict[str, bytes], list[Problem]]:
    """Read every file the scenario names: from a game's store, or beside the scenario."""
    from wargame.scenario.discovery import resolve_asset

    read: dict[str, bytes] = {}
    problems: list[Problem] = []
    for loc, name in referenced_paths(scenario):
        where = _locate(doc.node, loc)
        field_name = ".".join(loc)
        if stored is not None:
            if name in stored:
                read[name] = stored[name]
            else:
                problems.append(
                    Problem(doc.source, where, f"{field_name}: the game holds no file '{name}'")
                )
            continue
        path = resolve_asset(name, base_dir)
        if path is None:
            beside = f"next to {Path(doc.source).name}" if base_dir is not None else "here"
            problems.append(
                Problem(
                    doc.source,
                    where,
                    f"{field_name}: no file '{name}' {beside} or in the bundled assets "
                    "(paths are relative to the scenario file)",
                )
            )
            continue
        try:
            read[name] = read_map_bytes(path)
        except MapFileProblem as exc:
            problems.append(Problem(doc.source, where, f"{field_name}: {exc}"))
    return read, problems


def _check_map_files(
    scenario: Scenario, doc: yamlsafe.Document, files: Mapping[str, bytes]
) -> Iterable[Problem]:
    from wargame.scenario.geography import read_features

    game_map = scenario.map
    if game_map is None or game_map.geometry not in files:
        return
    geometry_loc = ("map", "geometry")
    source: MapSource = (game_map.geometry, files[game_map.geometry])
    try:
        ids = feature_ids(source)
        kinds = {f.id: f.kind for f in read_features(source)}
    except MapFileProblem as exc:
        yield Problem(doc.source, _locate(doc.node, geometry_loc), f"map.geometry: {exc}")
        return
    name = game_map.geometry.rsplit("/", 1)[-1]
    for i, region in enumerate(game_map.regions):
        if region.id not in ids:
            yield Problem(
                doc.source,
                _locate(doc.node, ("map", "regions", i, "id")),
                f"map.regions[{i}].id: the map file {name} has no feature with id '{region.id}'",
            )
        elif kinds.get(region.id) == "sea" and region.kind.value != "sea":
            yield Problem(
                doc.source,
                _locate(doc.node, ("map", "regions", i, "id")),
                f"map.regions[{i}]: the map file {name} marks '{region.id}' as sea; "
                "add 'kind: sea' to the region",
            )
