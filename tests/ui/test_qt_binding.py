"""The Qt binding installed keeps Python's reference counts straight.

PySide6 6.12.0 on Python 3.11 drops one reference to ``None`` each time Python calls a C++
method that returns nothing (``QLabel.setText``, ``QPainter.fillPath`` …). A session of the
app makes hundreds of thousands of such calls (every repaint of the map makes hundreds), so
``None``'s count runs out and the interpreter aborts with "none_dealloc: deallocating None"
— mid-game or at exit. ``pyproject.toml`` keeps that release off Python 3.11; this test
fails if a release with the same fault is ever installed.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QApplication, QLabel

CALLS = 1000


@pytest.mark.skipif(
    sys.version_info >= (3, 12),
    reason="None is immortal from Python 3.12 (PEP 683): its count cannot run out",
)
def test_calling_qt_does_not_use_up_the_references_to_none(qapp: QApplication) -> None:
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        label.setText("x")
        label.setVisible(False)
    lost = before - sys.getrefcount(None)
    assert lost < CALLS // 100, f"{lost} references to None lost in {2 * CALLS} calls to Qt"
