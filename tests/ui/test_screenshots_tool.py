"""``python -m tools.screenshots`` renders screens at the sizes asked, each exactly that size."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tools.screenshots import Screen, main


def test_screen_names_parse_both_ways() -> None:
    assert Screen.parse("1920x1080@1.5") == Screen(1920, 1080, 1.5)
    assert Screen.parse("1920x1080@1.5").name == "1920x1080@150%"
    assert Screen.parse("projector-1024x768") == Screen(1024, 768, 1.0, projector=True)


@pytest.mark.slow
def test_the_projector_is_rendered_at_the_screen_size(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path), "--only", "projector-1024x768"]) == 0
    image = QImage(str(tmp_path / "projector-1024x768" / "01-projector.png"))
    assert (image.width(), image.height()) == (1024, 768)
