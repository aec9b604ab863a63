"""The pre-commit hooks and `make checks` run the same checks, on the same code."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def _make_target(name: str) -> list[str]:
    """The commands of one Makefile target, with ``$(BIN)/`` and ``$(CODE)`` spelled out."""
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    code = re.search(r"^CODE := (.+)$", text, re.MULTILINE)
    assert code is not None
    body = re.search(rf"^{name}:.*\n((?:\t.*\n)+)", text, re.MULTILINE)
    assert body is not None, f"no target {name}"
    return [
        line.strip().replace("$(BIN)/", ".venv/bin/").replace("$(CODE)", code.group(1))
        for line in body.group(1).splitlines()
    ]


def test_pre_commit_runs_what_make_checks_runs() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    entries = {hook["entry"] for hook in hooks}
    commands = _make_target("checks")
    code = commands[1].removeprefix(".venv/bin/ruff check ").split()
    assert {c.removesuffix(" " + " ".join(code)) for c in commands} == entries
    for hook in hooks:
        if hook.get("pass_filenames", True):
            assert hook["files"] == "^(" + "|".join(code) + ")/", hook["id"]


def test_make_test_and_test_fast_run_the_checks_first() -> None:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: checks$", text, re.MULTILINE)
    assert re.search(r"^test-fast: checks$", text, re.MULTILINE)
    assert '-m "not slow"' in "\n".join(_make_target("test-fast"))
