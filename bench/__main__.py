"""Run every benchmark: ``python -m bench`` (``make bench``)."""

from __future__ import annotations

from bench import bench_moves


def main() -> None:
    """Run the benchmarks one after another, printing their figures."""
    bench_moves.main()


if __name__ == "__main__":
    main()
