"""Fewer garbage collections while a document is laid out.

A report's story holds tens of thousands of flowables, and laying it out allocates
millions of small objects. With Python's default thresholds the cyclic collector runs
every 700 allocations and, as the story grows, its older generations are rescanned again
and again: in a 1,000-move report that rescanning took about a third of the build
(``bench/bench_report.py``). While a document is built the first generation's threshold is
raised, so the collector still runs (cycles are still freed) but far less often; the
thresholds are restored when the last build running in the process ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["BUILD_THRESHOLD", "fewer_collections"]

BUILD_THRESHOLD = 100_000
"""Allocations between two collections of the youngest generation while building."""

_lock = threading.Lock()
_builds = 0
_saved: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the collector's first threshold for the block (nested and threaded builds too)."""
    global _builds, _saved
    with _lock:
        if _builds == 0:
            _saved = gc.get_threshold()
            first, second, third = _saved
            gc.set_threshold(max(first, BUILD_THRESHOLD), second, third)
        _builds += 1
    try:
        yield
    finally:
        with _lock:
            _builds -= 1
            if _builds == 0:
                gc.set_threshold(*_saved)
