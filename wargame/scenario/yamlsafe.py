"""A bounded, safe YAML reader that keeps node positions and reports precise errors.

PyYAML's ``safe_load`` is safe against code execution but not against hostile size: an
alias "billion laughs" loads quickly as shared references and then explodes in whatever
walks it, deep nesting overflows the recursion limit, and duplicate keys are silently
accepted (the last wins). This module composes YAML with the pure-Python loader, counting
the *expanded* size of every node and the nesting depth as it goes, rejects duplicate keys
naming both lines, and resolves only the YAML 1.2 core schema (so ``NO`` stays the string
Norway's ISO code is, and ``010`` is ten).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from wargame.text import surrogate_problem

MAX_BYTES = 2 * 1024 * 1024
"""Largest file accepted (bytes). Real scenarios are tens of kilobytes."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and sequences accepted."""
MAX_NODES = 200_000
"""Largest document accepted, counted with every alias expanded."""
MAX_ALIASES = 1_000
"""Most alias references (``*name``) accepted in one document."""


@dataclass(frozen=True)
class Position:
    """A place in a text file, 1-based as editors show it."""

    line: int
    column: int


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where, and a sentence saying what."""

    source: str
    position: Position | None
    message: str

    def __str__(self) -> str:
        if self.position is None:
            return f"{self.source}: {self.message}"
        return f"{self.source}:{self.position.line}:{self.position.column}: {self.message}"


class YamlProblem(Exception):
    """The text could not be read as YAML within our limits."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class _LimitExceeded(yaml.YAMLError):
    def __init__(self, message: str, mark: yaml.Mark | None) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


class _CoreResolver(yaml.resolver.BaseResolver):
    """Implicit types of the YAML 1.2 core schema only."""


_CORE_RESOLVERS: list[tuple[str, str, list[str]]] = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    (
        "tag:yaml.org,2002:int",
        r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
        list("-+0123456789"),
    ),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+0123456789."),
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]
for _tag, _pattern, _first in _CORE_RESOLVERS:
    _CoreResolver.add_implicit_resolver(_tag, re.compile(_pattern), _first)


class _CoreConstructor(SafeConstructor):
    """Builds plain Python values with YAML 1.2 core semantics for numbers."""

    def construct_yaml_int(self, node: Node) -> int:
        text = str(self.construct_scalar(node))  # type: ignore[arg-type]
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        return int(text, 10)

    def construct_yaml_float(self, node: Node) -> float:
        text = str(self.construct_scalar(node)).lower()  # type: ignore[arg-type]
        if text.endswith(".inf"):
            return float("-inf") if text.startswith("-") else float("inf")
        if text == ".nan":
            return float("nan")
        return float(text)


_CoreConstructor.add_constructor(  # type: ignore[type-var]
    "tag:yaml.org,2002:int", _CoreConstructor.construct_yaml_int
)
_CoreConstructor.add_constructor(  # type: ignore[type-var]
    "tag:yaml.org,2002:float", _CoreConstructor.construct_yaml_float
)


class _BoundedLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    _CoreConstructor,
    _CoreResolver,
):
    """Pure-Python safe loader that bounds depth, expanded size and alias count."""

    def __init__(self, text: str) -> None:
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _CoreConstructor.__init__(self)
        _CoreResolver.__init__(self)
        self._depth = 0
        self._aliases = 0
        self._weights: dict[int, int] = {}

    def _check_flow_depth(self) -> None:
        # Checked while scanning: PyYAML's scanner keeps a possible simple key per open
        # bracket, so thousands of '[' cost quadratic time before the composer sees them.
        if self.flow_level >= MAX_DEPTH:
            raise _LimitExceeded(f"nesting is deeper than {MAX_DEPTH} levels", self.get_mark())

    def fetch_flow_sequence_start(self) -> None:
        self._check_flow_depth()
        super().fetch_flow_sequence_start()

    def fetch_flow_mapping_start(self) -> None:
        self._check_flow_depth()
        super().fetch_flow_mapping_start()

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _LimitExceeded(
                    f"the file uses more than {MAX_ALIASES} aliases (*name); "
                    "refusing it as a possible alias bomb",
                    mark,
                )
            return super().compose_node(parent, index)
        mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _LimitExceeded(f"nesting is deeper than {MAX_DEPTH} levels", mark)
        node = super().compose_node(parent, index)
        self._depth -= 1
        if node is None:  # pragma: no cover - the composer returns a node here
            return None
        if isinstance(node, ScalarNode):
            problem = surrogate_problem(node.value)
            if problem is not None:  # a "\ud800" escape: no file or database can hold it
                raise _LimitExceeded(f"the text holds {problem}; remove it", node.start_mark)
        weight = 1
        if isinstance(node, SequenceNode):
            weight += sum(self._weights.get(id(child), 1) for child in node.value)
        elif isinstance(node, MappingNode):
            weight += sum(
                self._weights.get(id(k), 1) + self._weights.get(id(v), 1) for k, v in node.value
            )
        if weight > MAX_NODES:
            raise _LimitExceeded(
                f"the document expands to more than {MAX_NODES:,} values "
                "(through aliases or sheer size); refusing it",
                mark,
            )
        self._weights[id(node)] = weight
        return node


def _position(mark: yaml.Mark | None) -> Position | None:
    if mark is None:
        return None
    return Position(mark.line + 1, mark.column + 1)


def node_position(node: Node) -> Position:
    """The 1-based position where a node starts."""
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 text file, refusing oversize, binary and non-UTF-8 files in a sentence."""
    source = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise YamlProblem(Problem(source, None, "no such file")) from None
    except OSError as exc:
        raise YamlProblem(Problem(source, None, f"cannot read the file ({exc.strerror})")) from None
    if not path.is_file():
        raise YamlProblem(Problem(source, None, "is not a file"))
    if size > max_bytes:
        raise YamlProblem(
            Problem(
                source,
                None,
                f"the file is {size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB",
            )
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlProblem(Problem(source, None, f"cannot read the file ({exc.strerror})")) from None
    return decode_text(raw, source)


def decode_text(raw: bytes, source: str) -> str:
    """Decode bytes as UTF-8 text, or say in a sentence where they stop being text."""
    if b"\x00" in raw[:8192]:
        return _fail_binary(raw, source)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem(
            Problem(
                source,
                Position(line, column),
                f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                "save it as UTF-8 in your editor",
            )
        ) from None
    return text.removeprefix("\ufeff")


def _fail_binary(raw: bytes, source: str) -> str:
    offset = raw.index(b"\x00")
    line = raw.count(b"\n", 0, offset) + 1
    raise YamlProblem(
        Problem(source, Position(line, 1), "the file is binary, not a YAML text file")
    )


@dataclass(frozen=True)
class Document:
    """A parsed YAML document: plain Python values and the node tree with positions."""

    source: str
    node: Node
    value: Any


def parse(text: str, source: str) -> Document:
    """Parse one YAML document within our limits; raise :class:`YamlProblem` otherwise."""
    try:
        loader = _BoundedLoader(text)
    except yaml.YAMLError as exc:  # the reader checks the whole text for control characters
        raise YamlProblem(Problem(source, _reader_position(exc, text), _plain(exc))) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem(Problem(source, None, "the file is empty"))
        _check_duplicate_keys(node, source)
        value = loader.construct_document(node)
    except _LimitExceeded as exc:
        raise YamlProblem(Problem(source, _position(exc.mark), exc.message)) from None
    except yaml.MarkedYAMLError as exc:
        raise YamlProblem(
            Problem(source, _position(exc.problem_mark), _yaml_sentence(exc))
        ) from None
    except yaml.YAMLError as exc:  # ReaderError and others without a problem mark
        raise YamlProblem(Problem(source, _reader_position(exc, text), _plain(exc))) from None
    except RecursionError:
        raise YamlProblem(Problem(source, None, "the document is nested too deeply")) from None
    finally:
        loader.dispose()
    return Document(source, node, value)


def _yaml_sentence(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "the YAML is malformed"
    sentence = f"YAML syntax error: {problem}"
    if exc.context:
        where = _position(exc.context_mark)
        at = f" (line {where.line})" if where else ""
        sentence += f", {exc.context}{at}"
    if problem.startswith("mapping values are not allowed"):
        sentence += "; a text containing ': ' must be put in quotes, e.g. title: \"Phase 2: talks\""
    return sentence


def _plain(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.reader.ReaderError):
        char = exc.character
        code = f"#x{ord(char):04x}" if isinstance(char, str) else f"0x{char:02x}"
        return f"the file contains the control character {code}, which YAML does not allow"
    return f"YAML error: {exc}"


def _reader_position(exc: yaml.YAMLError, text: str) -> Position | None:
    if isinstance(exc, yaml.reader.ReaderError):
        offset = exc.position
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return Position(line, column)
    return None


def _check_duplicate_keys(root: Node, source: str) -> None:
    stack: list[Node] = [root]
    seen_nodes: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, MappingNode):
            first: dict[str, Node] = {}
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    if key.value in first:
                        earlier = node_position(first[key.value])
                        raise YamlProblem(
                            Problem(
                                source,
                                node_position(key),
                                f"duplicate key '{key.value}' (first given on line "
                                f"{earlier.line}); the second would silently replace the first",
                            )
                        )
                    first[key.value] = key
                stack.append(value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


class _Dumper(yaml.SafeDumper):
    """Writes YAML that our core-schema reader (and YAML 1.1 readers) read back unchanged."""

    def represent_str(self, data: str) -> yaml.ScalarNode:
        # Plain and block styles would turn NEL, LS, PS and CR into ordinary line breaks.
        if _NEEDS_ESCAPES.search(data):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        return super().represent_str(data)


_NEEDS_ESCAPES = re.compile(
    "[\r\x85\u2028\u2029\ufeff]|[^\n\t\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_Dumper.add_representer(str, _Dumper.represent_str)


for _tag, _pattern, _first in _CORE_RESOLVERS:
    _Dumper.add_implicit_resolver(_tag, re.compile(_pattern), _first)


def dump(value: Any) -> str:
    """Dump plain values (dicts, lists, str, numbers) as block-style UTF-8 YAML."""
    return yaml.dump(
        value,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=88,
    )
