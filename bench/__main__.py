"""Run the benchmarks: ``python -m bench`` (``make bench``) runs the default set.

Prints each figure with its aim, then a summary of the ratio aims; exits 1 when one is
missed (bench/aims.py). ``python -m bench NAME…`` runs only those named
(``make bench BENCH=web``); ``web``, the team pages' minute-long load test, runs only when
named (``make bench BENCH=all`` runs everything).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

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
from bench.aims import Aim, summary

Bench = Callable[[], "Sequence[Aim] | None"]

DEFAULT: dict[str, Bench] = {
    "moves": bench_moves.main,
    "ui": bench_ui.main,
    "shared": bench_shared.main,
    "fog": bench_fog.main,
    "report": bench_report.main,
    "compare": bench_compare.main,
    "quick_look": bench_quicklook.main,
    "long_text": bench_long_text.main,
    "verify": bench_verify.main,
}
ON_REQUEST: dict[str, Bench] = {"web": bench_web.main}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks named (default: the default set); 1 when a ratio aim was missed."""
    names = list(sys.argv[1:] if argv is None else argv)
    every = {**DEFAULT, **ON_REQUEST}
    if names == ["all"]:
        names = list(every)
    for name in names:
        if name not in every:
            sys.exit(f"bench: no benchmark '{name}'; choose from {', '.join(every)} or all")
    aims: list[Aim] = []
    for name in names or list(DEFAULT):
        aims += every[name]() or ()
    text, status = summary(aims)
    print(text)
    if not names:
        print("(the team pages' load test runs on request: make bench BENCH=web)")
    return status


if __name__ == "__main__":
    sys.exit(main())
