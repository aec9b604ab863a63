"""Building a document pauses the garbage collector and resumes it; drawing leaves no cycles."""

from __future__ import annotations

import copy
import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from wargame.report.document import _Frame
from wargame.report.fonts import REGULAR, register_fonts
from wargame.report.memory import paused_collector
from wargame.report.paragraph import Para


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_the_collector_is_paused_inside_and_resumed_after() -> None:
    with paused_collector():
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_nested_and_threaded_builds_resume_only_when_the_last_ends() -> None:
    inside = threading.Event()
    release = threading.Event()

    def other_build() -> None:
        with paused_collector():
            inside.set()
            release.wait(30)

    worker = threading.Thread(target=other_build)
    with paused_collector():
        worker.start()
        assert inside.wait(30)
        with paused_collector():
            pass
        assert not gc.isenabled()
    assert not gc.isenabled()  # the worker's build still runs
    release.set()
    worker.join(30)
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_a_failed_build_resumes_the_collector() -> None:
    with pytest.raises(ValueError, match="the build failed"), paused_collector():
        raise ValueError("the build failed")
    assert gc.isenabled()


def test_a_collector_paused_by_someone_else_stays_paused() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with paused_collector():
            pass
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_drawing_paragraphs_leaves_no_cyclic_garbage(tmp_path: Path) -> None:
    """ReportLab draws a paragraph of several fragments with a self-referencing text object."""
    register_fonts()
    style = ParagraphStyle("t", fontName=REGULAR, fontSize=9, leading=11)
    canvas = Canvas(str(tmp_path / "cycles.pdf"))
    paras = [Para(f"<b>Move {i}:</b> the <i>coalition</i> deploys", style) for i in range(300)]
    gc.collect()
    with paused_collector():
        for para in paras:
            para.wrapOn(canvas, 300, 100)
            para.drawOn(canvas, 20, 20)
    assert gc.collect() < 30  # ReportLab's own Paragraph leaves about 7 objects per paragraph


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
