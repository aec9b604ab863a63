"""Hostile or broken files are refused quickly, with a clear sentence, without eating memory."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from wargame.scenario import ScenarioError, load_scenario

TROOP_DEPLOYMENT = Path(__file__).resolve().parents[2] / "scenarios" / "troop-deployment.yaml"


def _baseline_seconds() -> float:
    """The best of three loads of the biggest bundled scenario, on this machine, now."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        load_scenario(TROOP_DEPLOYMENT)
        best = min(best, time.perf_counter() - started)
    return best


def _refused_quickly(path: Path, match: str) -> ScenarioError:
    """Refused in under twice the time a real scenario takes to load, in bounded memory.

    Time and memory are measured in separate runs: tracing memory slows Python down by a
    factor that depends on the machine's load, so it would make a time bound flaky.
    """
    baseline = _baseline_seconds()
    started = time.perf_counter()
    with pytest.raises(ScenarioError, match=match) as info:
        load_scenario(path)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    try:
        with pytest.raises(ScenarioError, match=match):
            load_scenario(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 2 * baseline, f"took {elapsed:.3f} s; a real scenario {baseline:.3f} s"
    assert peak < 64 * 1024 * 1024, f"peak memory {peak / 1e6:.0f} MB"
    return info.value


def test_billion_laughs(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    path = tmp_path / "bomb.yaml"
    path.write_text("format_version: 1\n" + "\n".join(lines) + "\n", encoding="utf-8")
    error = _refused_quickly(path, "alias|expands")
    assert error.problems[0].position is not None


def test_fifty_megabyte_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as f:
        f.write(b"format_version: 1\nmetadata:\n  summary: |\n")
        chunk = b"    " + b"x" * 1020 + b"\n"
        for _ in range(50 * 1024):
            f.write(chunk)
    _refused_quickly(path, r"the file is 5\d\.\d MB; the limit is")


def test_ten_thousand_deep_nesting(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    _refused_quickly(path, "nesting is deeper than")


def test_ten_thousand_deep_block_nesting(tmp_path: Path) -> None:
    path = tmp_path / "deep-block.yaml"
    path.write_text("".join(" " * i + "k:\n" for i in range(2_000)), encoding="utf-8")
    _refused_quickly(path, "nesting is deeper than")


def test_binary_junk(tmp_path: Path) -> None:
    path = tmp_path / "junk.yaml"
    path.write_bytes(bytes(range(256)) * 64)
    error = _refused_quickly(path, "binary")
    assert "junk.yaml" in str(error)


def test_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("format_version: 1\nmetadata:\n  title: Kraków\n".encode("latin-1"))
    error = _refused_quickly(path, "not UTF-8")
    assert error.problems[0].position is not None
    assert error.problems[0].position.line == 3


def test_control_character(tmp_path: Path) -> None:
    path = tmp_path / "bell.yaml"
    path.write_text("format_version: 1\nmetadata:\n  title: a\x07b\n", encoding="utf-8")
    error = _refused_quickly(path, "control character")
    assert error.problems[0].position is not None
    assert error.problems[0].position.line == 3


def test_many_aliases(tmp_path: Path) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text("a: &x 1\nb: [" + ", ".join(["*x"] * 5000) + "]\n", encoding="utf-8")
    _refused_quickly(path, "aliases")


def test_a_directory_is_not_a_scenario(tmp_path: Path) -> None:
    _refused_quickly(tmp_path, "not a file")
