"""Every benchmark module runs, at a tiny size, in-process: a broken bench fails the tests.

No timing is asserted (figures on a shared machine say nothing here); what is asserted is
that each benchmark builds its game or document, measures both sides and returns or prints
its figures. The sizes are lowered through the modules' own constants.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pytest

import bench.__main__ as bench_main
from bench import (
    bench_compare,
    bench_fog,
    bench_long_text,
    bench_moves,
    bench_quicklook,
    bench_report,
    bench_shared,
    bench_ui,
    bench_verify,
    bench_web,
)
from bench.aims import Aim

Shrink = Callable[[pytest.MonkeyPatch], None]


def _tiny_moves(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(bench_moves, "N", 5)


def _tiny_report(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(bench_report, "TURNS", 6)  # the scenario has injects up to turn 6
    mp.setattr(bench_report, "MOVES", 12)
    mp.setattr(bench_report, "RUNS", 1)


def _tiny_compare(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(bench_compare, "PLAYS", 2)


def _tiny_quick_look(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(bench_quicklook, "RUNS", 1)


def _tiny_long_text(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(bench_long_text, "RUNS", 1)
    mp.setattr(bench_long_text, "LINE_BREAKS", "Begin." + "\n" * 200 + "End.")
    mp.setattr(bench_long_text, "SHORT_LINES", "x\n" * 100 + "x")


def _tiny_verify(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(bench_verify, "MOVES", 5)


def _tiny_fog(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(bench_fog, "MOVES", 6)
    mp.setattr(bench_fog, "MEASURED", 3)


def _tiny_ui(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(bench_ui, "RUNS", 1)
    mp.setattr(bench_ui, "ENTRIES", 200)


SHRINK: dict[str, Shrink] = {
    "moves": _tiny_moves,
    "report": _tiny_report,
    "compare": _tiny_compare,
    "quick_look": _tiny_quick_look,
    "long_text": _tiny_long_text,
    "verify": _tiny_verify,
    "ui": _tiny_ui,
    "fog": _tiny_fog,
}
"""How each benchmark of the default run is made tiny (``shared`` is run on its own)."""

SLOW = ("ui", "long_text", "quick_look", "compare", "fog")
"""Those that start processes (the fog benchmark a PostgreSQL server) or play the whole demo
game: left to ``make test``."""

HEADINGS = {
    "moves": "submit move",
    "report": "after-action report",
    "compare": "compare 2 plays",
    "quick_look": "quick look of the demo game",
    "long_text": "after-action report with one",
    "verify": "verify a game of",
    "ui": "start-up (median of 1",
    "fog": "fog of war: a unit move",
}


def _assert_aims(aims: Sequence[Aim]) -> None:
    assert aims, "the benchmark returned no aim"
    for aim in aims:
        assert math.isfinite(aim.figure) and aim.figure > 0, aim
        assert aim.limit > 0 and aim.baseline


def test_every_default_benchmark_has_a_tiny_size() -> None:
    assert set(SHRINK) | {"shared"} == set(bench_main.DEFAULT)
    assert set(bench_main.ON_REQUEST) == {"web"}


@pytest.mark.parametrize(
    "name",
    [pytest.param(name, marks=pytest.mark.slow) if name in SLOW else name for name in SHRINK],
)
def test_benchmark_runs_at_a_tiny_size(
    name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    SHRINK[name](monkeypatch)
    aims = bench_main.DEFAULT[name]()
    printed = capsys.readouterr().out
    if name == "fog" and not aims and "benchmark skipped" in printed:
        pytest.skip(printed.strip())  # no PostgreSQL here: said, not silent
    _assert_aims(aims or ())
    assert HEADINGS[name] in printed


def test_the_runner_prints_each_aim_and_its_verdict(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _tiny_moves(monkeypatch)
    _tiny_verify(monkeypatch)
    status = bench_main.main(["moves", "verify"])
    printed = capsys.readouterr().out
    assert status in (0, 1)
    assert "submit move p50" in printed and "verify vs reading moves and audit" in printed
    assert ("every aim met" in printed) == (status == 0)


def test_the_runner_refuses_an_unknown_benchmark() -> None:
    with pytest.raises(SystemExit, match="no benchmark 'nope'"):
        bench_main.main(["nope"])


@pytest.mark.slow
@pytest.mark.postgres
def test_shared_game_benchmark_runs_briefly(capsys: pytest.CaptureFixture[str]) -> None:
    bench_shared.main(["--duration", "1"])
    printed = capsys.readouterr().out
    if "shared game benchmark skipped" in printed:
        pytest.skip(printed.strip())
    assert "teams" in printed


@pytest.mark.slow
def test_team_pages_load_test_runs_briefly(capsys: pytest.CaptureFixture[str]) -> None:
    bench_web.main(["--duration", "2", "--public-every", "2"])
    printed = capsys.readouterr().out
    assert "team pages: 8 teams" in printed
