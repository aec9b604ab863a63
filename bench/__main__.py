"""Run every benchmark: ``python -m bench`` (``make bench``)."""

from __future__ import annotations

from bench import bench_long_text, bench_moves, bench_report, bench_shared, bench_ui


def main() -> None:
    """Run the benchmarks one after another, printing their figures."""
    bench_moves.main()
    bench_ui.main()
    bench_shared.main()
    bench_report.main()
    bench_long_text.main()


if __name__ == "__main__":
    main()
