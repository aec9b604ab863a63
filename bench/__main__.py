"""Run the benchmarks: ``python -m bench`` (``make bench``) runs the default set.

``python -m bench NAME…`` runs only those named (``make bench BENCH="web"``); ``web``, the
team pages' minute-long load test, runs only when named (``make bench BENCH=all`` for all).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from bench import bench_long_text, bench_moves, bench_report, bench_shared, bench_ui, bench_web

DEFAULT: dict[str, Callable[[], None]] = {
    "moves": bench_moves.main,
    "ui": bench_ui.main,
    "shared": bench_shared.main,
    "report": bench_report.main,
    "long_text": bench_long_text.main,
}
ON_REQUEST: dict[str, Callable[[], None]] = {"web": bench_web.main}


def main(argv: list[str] | None = None) -> None:
    """Run the benchmarks named (default: the default set), one after another."""
    names = list(sys.argv[1:] if argv is None else argv)
    every = {**DEFAULT, **ON_REQUEST}
    if names == ["all"]:
        names = list(every)
    for name in names:
        if name not in every:
            sys.exit(f"bench: no benchmark '{name}'; choose from {', '.join(every)} or all")
    for name in names or list(DEFAULT):
        every[name]()
    if not names:
        print("(team pages load test: make bench BENCH=web)")


if __name__ == "__main__":
    main()
