"""The marks an umpire puts on a ruling besides its outcome: move tags and an announced rationale.

Tags come from the scenario's ``adjudication.move_tags``; triggers such as "a move tagged
*strike* succeeded" read them, so changing them changes the preview's red lines and
injects. Marking the rationale as read out to the room lets the public edition of the
report print it; otherwise only the facilitator edition does. The dialog puts both into the
same :class:`~wargame.game.cases.adjudication.AdjudicationRequest` it previews and commits.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QVBoxLayout, QWidget

TAG_COLUMNS = 3
"""Tags per row: a scenario declares a handful, and three fit the dialog's right column."""


class RulingMarks(QWidget):
    """Check boxes for the scenario's move tags, and "rationale read out to the room".

    Signals:
        changed: A tag or the announcement was ticked or cleared.
    """

    changed = Signal()

    def __init__(self, move_tags: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tag_checks: dict[str, QCheckBox] = {}
        if move_tags:
            label = QLabel("Tags on the move (for the scenario's triggers):")
            label.setWordWrap(True)
            layout.addWidget(label)
            grid = QGridLayout()
            for i, tag in enumerate(move_tags):
                box = QCheckBox(tag)
                box.setToolTip(f"Tag this move '{tag}': triggers on '{tag}' moves count it")
                box.toggled.connect(lambda _on: self.changed.emit())
                grid.addWidget(box, i // TAG_COLUMNS, i % TAG_COLUMNS)
                self.tag_checks[tag] = box
            layout.addLayout(grid)
        self.announce = QCheckBox("Rationale read out to the room")
        self.announce.setToolTip(
            "The public edition of the report prints the rationale only when it was read "
            "out; the facilitator edition always does"
        )
        self.announce.toggled.connect(lambda _on: self.changed.emit())
        layout.addWidget(self.announce)

    def tags(self) -> tuple[str, ...]:
        """The tags ticked, in the scenario's order."""
        return tuple(tag for tag, box in self.tag_checks.items() if box.isChecked())

    def announced(self) -> bool:
        """Whether the rationale was read out to the room."""
        return self.announce.isChecked()
