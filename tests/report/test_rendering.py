"""The PDFs render with poppler's pdftoppm, without warnings, with ink on every page.

pdftoppm comes with Debian's poppler-utils, which CI installs: there, a missing pdftoppm
fails these tests; elsewhere they are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader


@pytest.fixture(scope="module")
def pdftoppm() -> str:
    tool = shutil.which("pdftoppm")
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("pdftoppm is missing; CI must install poppler-utils")
        pytest.skip("pdftoppm (poppler-utils) is not installed; the rendering tests need it")
    return tool


def _render(tool: str, pdf: Path, out: Path) -> list[Path]:
    result = subprocess.run(
        [tool, "-png", "-r", "30", str(pdf), str(out / "p")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr
    return sorted(out.glob("p-*.png"))


def _has_ink(png: Path) -> bool:
    """True when the page's body (between the banners) holds something besides white."""
    with Image.open(png) as image:
        grey = image.convert("L")
        width, height = grey.size
        body = grey.crop((0, int(height * 0.07), width, int(height * 0.9)))
        low, _ = body.getextrema()
        assert isinstance(low, int | float)
        return low < 200


def test_report_renders_every_page_without_warnings(
    pdftoppm: str, facilitator_pdf: Path, tmp_path: Path
) -> None:
    images = _render(pdftoppm, facilitator_pdf, tmp_path)
    assert len(images) == len(PdfReader(facilitator_pdf).pages)
    empty = [p.name for p in images if not _has_ink(p)]
    assert not empty


def test_letter_public_report_and_briefing_packs_render(
    pdftoppm: str, public_pdf: Path, briefing_pdfs: list[Path], tmp_path: Path
) -> None:
    for index, pdf in enumerate([public_pdf, *briefing_pdfs]):
        out = tmp_path / str(index)
        out.mkdir()
        images = _render(pdftoppm, pdf, out)
        assert len(images) == len(PdfReader(pdf).pages)
        assert all(_has_ink(p) for p in images)
