"""The benchmarks under bench/ run at a tiny size."""
