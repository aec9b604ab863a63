"""No garbage collections while a document is laid out.

A report's story holds tens of thousands of flowables, and laying it out allocates
millions of small objects that stay alive until the PDF is written. Every collection of
the cyclic garbage collector walks the young ones again, and each that survives is walked
again by the collections of the older generations: in a 1,000-move report collections
took about a sixth of the build with the first threshold raised to 100,000, and more with
Python's defaults (``bench/bench_report.py``). Nothing a report makes needs the collector:
its objects are freed by their reference counts once the document is written, and the
one reference cycle ReportLab makes per paragraph is broken as each is drawn
(:meth:`wargame.report.paragraph.Para.draw`). So the collector is paused while a document
is built, and resumed when the last build running in the process ends (unless something
else had paused it before).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_collector"]

_lock = threading.Lock()
_builds = 0
_was_enabled = True


@contextmanager
def paused_collector() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (nested and threaded builds too)."""
    global _builds, _was_enabled
    with _lock:
        if _builds == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _builds += 1
    try:
        yield
    finally:
        with _lock:
            _builds -= 1
            if _builds == 0 and _was_enabled:
                gc.enable()
