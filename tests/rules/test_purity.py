"""The rules are pure (ARCHITECTURE.md): they import only the standard library and the scenario."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import wargame.rules

RULES = Path(wargame.rules.__file__).parent
ALLOWED_PACKAGES = ("wargame.rules", "wargame.scenario")


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", sorted(RULES.glob("*.py")), ids=lambda p: p.name)
def test_rules_import_only_the_standard_library_and_the_scenario(path: Path) -> None:
    for module in imported_modules(path):
        top = module.split(".")[0]
        own = any(module == pkg or module.startswith(f"{pkg}.") for pkg in ALLOWED_PACKAGES)
        assert top in sys.stdlib_module_names or own, module
