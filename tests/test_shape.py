"""The shape of the code: short functions, use cases as plain methods.

A use case of :class:`wargame.game.Game` is a method under ``@use_case`` that takes its
arguments (or a request object) and runs in one transaction; it builds no closure for a
transaction runner to call. No function in ``wargame/`` is over 100 lines.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from wargame.game import Game

PACKAGE = Path(__file__).resolve().parents[1] / "wargame"
CASES = PACKAGE / "game" / "cases"
LONGEST = 100


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_no_function_in_the_package_is_over_100_lines() -> None:
    too_long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for function in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            length = (function.end_lineno or function.lineno) - function.lineno + 1
            if length > LONGEST:
                where = f"{path.relative_to(PACKAGE.parent)}:{function.lineno}"
                too_long.append(f"{where} {function.name} ({length} lines)")
    assert too_long == []


def _is_use_case(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(
        isinstance(d, ast.Call) and isinstance(d.func, ast.Name) and d.func.id == "use_case"
        for d in function.decorator_list
    )


@pytest.mark.parametrize("path", sorted(CASES.glob("*.py")), ids=lambda p: p.name)
def test_use_cases_build_no_closure(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    cases = [f for f in _functions(tree) if _is_use_case(f)]
    nested = [
        f"{case.name}.{inner.name}"
        for case in cases
        for inner in _functions(case)
        if inner is not case
    ]
    assert nested == []
    runs = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "_run"
    ]
    assert runs == [], f"{path.name} calls _run directly at lines {runs}"


def test_a_use_case_shows_callers_only_what_they_pass() -> None:
    assert list(inspect.signature(Game.note).parameters) == ["self", "by", "text"]
    assert list(inspect.signature(Game.submit_move).parameters) == [
        "self",
        "by",
        "move",
        "team_id",
    ]
    assert Game.submit_move.__doc__ is not None and "submits" in Game.submit_move.__doc__
