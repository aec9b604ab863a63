"""Building a document holds the garbage collector back and gives its thresholds back."""

from __future__ import annotations

import copy
import gc
import threading

import pytest

from wargame.report.document import _Frame
from wargame.report.memory import BUILD_THRESHOLD, fewer_collections


def test_thresholds_are_raised_inside_and_restored_after() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] >= BUILD_THRESHOLD
        assert gc.get_threshold()[1:] == before[1:]
        assert gc.isenabled()
    assert gc.get_threshold() == before


def test_nested_and_threaded_builds_restore_only_when_the_last_ends() -> None:
    before = gc.get_threshold()
    inside = threading.Event()
    release = threading.Event()

    def other_build() -> None:
        with fewer_collections():
            inside.set()
            release.wait(30)

    worker = threading.Thread(target=other_build)
    with fewer_collections():
        worker.start()
        assert inside.wait(30)
        with fewer_collections():
            pass
        assert gc.get_threshold()[0] >= BUILD_THRESHOLD
    assert gc.get_threshold()[0] >= BUILD_THRESHOLD  # the worker's build still runs
    release.set()
    worker.join(30)
    assert gc.get_threshold() == before


def test_a_failed_build_restores_the_thresholds() -> None:
    before = gc.get_threshold()
    with pytest.raises(ValueError, match="the build failed"), fewer_collections():
        raise ValueError("the build failed")
    assert gc.get_threshold() == before


def test_a_frame_copy_shares_numbers_and_copies_lists() -> None:
    frame = _Frame(0, 0, 100, 200, id="body")
    frame._generated_content = ["kept"]
    clone = copy.deepcopy(frame)
    assert type(clone) is _Frame
    assert clone.__dict__ == frame.__dict__
    assert clone._generated_content is not frame._generated_content
    clone._generated_content.append("more")
    assert frame._generated_content == ["kept"]
    assert (clone._aW, clone._aH) == (frame._aW, frame._aH) == (88, 188)  # 6 points padding
