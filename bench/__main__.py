"""Run every benchmark: ``python -m bench`` (``make bench``).

Prints each figure with its aim, then a summary of the ratio aims; exits 1 when one is
missed (bench/aims.py).
"""

from __future__ import annotations

import sys

from bench import (
    bench_compare,
    bench_long_text,
    bench_moves,
    bench_report,
    bench_shared,
    bench_ui,
)
from bench.aims import summary


def main() -> int:
    """Run the benchmarks one after another; return 1 when a ratio aim was missed."""
    aims = bench_moves.main()
    aims += bench_ui.main()
    bench_shared.main()
    aims += bench_report.main()
    aims += bench_compare.main()
    aims += bench_long_text.main()
    text, status = summary(aims)
    print(text)
    return status


if __name__ == "__main__":
    sys.exit(main())
