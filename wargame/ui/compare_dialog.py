"""File › Compare games…: several plays of one scenario compared in a PDF.

The games are read on the UI thread one by one (a few tenths of a second each); plays of
another scenario or another version are refused with the game layer's sentence, shown in
the dialog, which stays open with the list as it was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wargame.game import GameError
from wargame.game.series import read_series
from wargame.report import ReportError
from wargame.report.compare import build_comparison


class CompareDialog(QDialog):
    """Choose two or more games, then write their comparison."""

    def __init__(self, parent: QWidget | None = None, start: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare games")
        self._folder = start.parent if start is not None else Path.home()
        self.games = QListWidget()
        self.games.setAccessibleName("Games to compare")
        if start is not None:
            self.games.addItem(str(start))
        add = QPushButton("Add games…")
        add.clicked.connect(self._choose)
        remove = QPushButton("Remove")
        remove.clicked.connect(lambda: self.games.takeItem(self.games.currentRow()))
        self.message = QLabel("Choose two or more plays of one scenario (the same version of it).")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.written: Path | None = None
        buttons = QDialogButtonBox()
        self.compare_button = buttons.addButton("Compare…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self._ask_output)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.games, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(640, 380)

    def paths(self) -> list[Path]:
        """The games listed, in order."""
        return [Path(self.games.item(i).text()) for i in range(self.games.count())]

    def add_files(self, paths: list[Path]) -> None:
        """Add games to the list (each once)."""
        listed = set(self.paths())
        for path in paths:
            if path not in listed:
                self.games.addItem(str(path))
                listed.add(path)

    def _choose(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, "Add games", str(self._folder), "Games (*.wargame)"
        )
        if names:
            self._folder = Path(names[0]).parent
            self.add_files([Path(n) for n in names])

    def _ask_output(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the comparison", str(self._folder / "series.pdf"), "PDF (*.pdf)"
        )
        if name:
            self.compare(Path(name))

    def compare(self, output: Path) -> bool:
        """Compare the listed games into ``output``; on refusal say why and keep the list."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            series = read_series(self.paths())
            built = build_comparison(series, output)
        except (GameError, ReportError) as exc:
            self.message.setText(f"Not compared: {exc}.")
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.written = built.path
        self.message.setText(
            f"Compared {len(series.plays)} plays into {built.path} ({built.pages} pages)."
        )
        return True
