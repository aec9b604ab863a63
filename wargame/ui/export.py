"""Export: the after-action report and the teams' briefing packs, as PDFs.

The PDFs are written by :mod:`wargame.report` on a worker thread (a big report takes a
while) while the window shows a busy indicator; the finished file is then opened with the
system's viewer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from wargame.game import Audience
from wargame.ui.notifier import sentence
from wargame.ui.session import GameSession
from wargame.ui.workers import Job

if TYPE_CHECKING:
    from wargame.ui.main_window import MainWindow


def default_paper() -> str:
    """'letter' where the locale measures in US units, else 'a4'."""
    system = QLocale.system().measurementSystem()
    return "letter" if system == QLocale.MeasurementSystem.ImperialUSSystem else "a4"


def _slug(text: str) -> str:
    return re.sub(r"[^\w\- ]+", "", text).strip() or "game"


class ExportOptionsDialog(QDialog):
    """Who the after-action report is for, and the paper it is printed on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export after-action report")
        self.audiences: dict[Audience, QRadioButton] = {}
        audience_box = QGroupBox("Report for")
        audience_layout = QVBoxLayout(audience_box)
        group = QButtonGroup(self)
        for audience, label in (
            (Audience.FACILITATOR, "The white cell: everything, with notes and unrevealed moves"),
            (Audience.OBSERVER, "Observers and analysts: revealed moves and observations"),
            (Audience.PUBLIC, "Everyone: what the room saw"),
        ):
            button = QRadioButton(label)
            group.addButton(button)
            audience_layout.addWidget(button)
            self.audiences[audience] = button
        self.audiences[Audience.FACILITATOR].setChecked(True)
        paper_box = QGroupBox("Paper")
        paper_layout = QVBoxLayout(paper_box)
        self.a4 = QRadioButton("A4")
        self.letter = QRadioButton("US Letter")
        paper_layout.addWidget(self.a4)
        paper_layout.addWidget(self.letter)
        (self.letter if default_paper() == "letter" else self.a4).setChecked(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose file…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(audience_box)
        layout.addWidget(paper_box)
        layout.addWidget(buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def audience(self) -> Audience:
        """The audience chosen."""
        return next(a for a, b in self.audiences.items() if b.isChecked())

    def paper(self) -> str:
        """'a4' or 'letter'."""
        return "letter" if self.letter.isChecked() else "a4"


def _run(
    window: MainWindow,
    what: str,
    work: Callable[[], Any],
    result: Path,
) -> Job:
    window.set_busy(f"{what}…")
    job = Job(work, window)

    def done(_value: object) -> None:
        window.set_busy(None)
        window.statusBar().showMessage(f"Wrote {result}", 8000)
        window.notifier.open_document(result)

    def failed(message: str) -> None:
        window.set_busy(None)
        window.notifier.error(what, sentence(message))

    job.finished.connect(done)
    job.failed.connect(failed)
    window.export_job = job
    job.start()
    return job


def export_after_action_report(window: MainWindow, session: GameSession) -> Job | None:
    """Ask for the audience, paper and file, then write the report off the UI thread."""
    dialog = ExportOptionsDialog(window)
    window.export_dialog = dialog
    holder: dict[str, Job] = {}

    def chosen() -> None:
        summary = session.summary()
        suggested = str(session.path.with_name(f"{_slug(summary.title)} - after-action report.pdf"))
        target = window.notifier.choose_save_file(
            "Export after-action report", "PDF (*.pdf)", suggested
        )
        if not target:
            return
        path = Path(target)
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        audience, paper = dialog.audience(), dialog.paper()
        game = session.game

        def write() -> object:  # on the worker: the PDF library loads there, not on the UI
            from wargame.report import write_after_action_report

            return write_after_action_report(game, path, paper=paper, audience=audience)

        holder["job"] = _run(window, "Writing the after-action report", write, path)

    dialog.accepted.connect(chosen)
    dialog.open()
    return holder.get("job")


def export_briefings(window: MainWindow, session: GameSession) -> Job | None:
    """Ask for a folder, then write each team's briefing pack into it.

    The dialog opens on the game file's folder, which exists (a folder that does not yet
    exist would leave its Choose button disabled); choosing that folder itself puts the
    packs in a new "<title> - briefings" folder beside the game.
    """
    here = session.path.parent
    named = here / f"{_slug(session.summary().title)} - briefings"
    target = window.notifier.choose_folder("Folder for the briefing packs", str(here))
    if not target:
        return None
    folder = named if Path(target) == here else Path(target)
    game = session.game

    def write() -> object:  # on the worker: the PDF library loads there, not on the UI
        from wargame.report import write_briefings

        return write_briefings(game, folder)

    return _run(window, "Writing the briefing packs", write, folder)
