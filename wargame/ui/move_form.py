"""The form a move is written in: title, action, intended result, reasons, secrecy.

Used by the hot-seat team entry, by the facilitator entering a move for a team, and by
"Amend…" in the log. The form only collects text; the game service checks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from wargame.game.views import MoveView
from wargame.ui.forms import Confirm, KeptTextDialog, Problem, text_of
from wargame.ui.guard import holds_words, settled, unsent_words


@dataclass(frozen=True)
class MoveText:
    """What a move form holds."""

    title: str
    action: str
    intended_result: str
    reasons: tuple[str, ...]
    secret: bool

    @property
    def visibility(self) -> Literal["secret", "public"]:
        """'secret' or 'public', as the service wants it."""
        return "secret" if self.secret else "public"


class MoveForm(QWidget):
    """The fields of a move."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLineEdit()
        self.title.setPlaceholderText("A short name for the move")
        self.title.setMaxLength(200)
        self.action = QPlainTextEdit()
        self.action.setPlaceholderText("What your side does")
        self.action.setTabChangesFocus(True)
        self.intended = QPlainTextEdit()
        self.intended.setPlaceholderText("What you want it to achieve")
        self.intended.setTabChangesFocus(True)
        self.reasons = QPlainTextEdit()
        self.reasons.setPlaceholderText("Why it will work — one reason per line")
        self.reasons.setTabChangesFocus(True)
        for edit in (self.action, self.intended, self.reasons):
            edit.setMinimumHeight(edit.fontMetrics().height() * 3 + 12)
        holds_words(self.title, "a move's title")
        holds_words(self.action, "a move's action")
        holds_words(self.intended, "a move's intended result")
        holds_words(self.reasons, "a move's reasons")
        self.secret = QCheckBox("Secret until the facilitator reveals the moves")
        self.secret.setChecked(True)
        self.secret.setToolTip("Other teams see a secret move only after it is revealed")
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addRow("&Title", self.title)
        layout.addRow("&Action", self.action)
        layout.addRow("&Intended result", self.intended)
        layout.addRow("&Reasons", self.reasons)
        layout.addRow("", self.secret)

    def value(self) -> MoveText:
        """The move as typed."""
        reasons = tuple(
            line.strip() for line in self.reasons.toPlainText().splitlines() if line.strip()
        )
        return MoveText(
            self.title.text(),
            self.action.toPlainText(),
            self.intended.toPlainText(),
            reasons,
            self.secret.isChecked(),
        )

    def set_value(self, move: MoveView | MoveText) -> None:
        """Fill the form from a move."""
        self.title.setText(move.title)
        self.action.setPlainText(move.action)
        self.intended.setPlainText(move.intended_result)
        self.reasons.setPlainText("\n".join(move.reasons))
        secret = move.secret if isinstance(move, MoveText) else move.visibility == "secret"
        self.secret.setChecked(secret)
        self.settle()

    def clear(self) -> None:
        """Empty every field (secret stays the default)."""
        for edit in (self.title,):
            edit.clear()
        for text in (self.action, self.intended, self.reasons):
            text.clear()
        self.secret.setChecked(True)
        self.settle()

    def settle(self) -> None:
        """What the form holds now is recorded (or was never typed): nothing is unsent."""
        for field in (self.title, self.action, self.intended, self.reasons):
            settled(field)

    def typed(self) -> bool:
        """Whether the form holds words typed and not yet recorded."""
        return bool(unsent_words(self))


class MoveDialog(KeptTextDialog):
    """A move written by the facilitator: for a team (new) or as an amendment (with a reason).

    Never closes on an error: an empty field is marked with a sentence beside it, and a
    refusal of the game shows in the dialog with the text kept.
    """

    def __init__(
        self,
        teams: list[tuple[str, str]],
        confirm: Confirm,
        *,
        amend: MoveView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(confirm, parent)
        self.setWindowTitle("Amend move" if amend else "Enter a move for a team")
        self._amend = amend
        self.team = QComboBox()
        for team_id, name in teams:
            self.team.addItem(name, team_id)
        self.form = MoveForm()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Why the move is corrected (kept in the record)")
        top = QFormLayout()
        if amend is None:
            top.addRow("&Team", self.team)
        else:
            note = QLabel(
                f"Move #{amend.id} will be voided and superseded by the corrected text below. "
                "This cannot be undone; amend it again to correct it further."
            )
            note.setWordWrap(True)
            top.addRow(note)
            top.addRow("Reason for the &correction", self.reason)
            top.addRow("", self.keep(self.reason, "the reason for the correction"))
            self.form.set_value(amend)
            self.form.secret.setEnabled(False)
        form = self.form.layout()
        assert isinstance(form, QFormLayout)
        for row, field in ((1, self.form.title), (3, self.form.action), (5, self.form.intended)):
            form.insertRow(row, "", self.keep(field))
        self.keep(self.form.reasons)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Amend" if amend else "Submit move")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.refusal)
        layout.addWidget(buttons)
        self.resize(560, 560)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def problems(self) -> list[Problem]:
        """Empty required fields, each named."""
        out: list[Problem] = []
        required: list[Problem] = [
            (self.form.title, "Give the move a title."),
            (self.form.action, "Say what the team does."),
            (self.form.intended, "Say what the move should achieve."),
        ]
        if self._amend is not None:
            required.insert(0, (self.reason, "Say why the move is corrected."))
        for field, message in required:
            if not text_of(field).strip():
                out.append((field, message))
        return out

    def team_id(self) -> str:
        """The team chosen."""
        return str(self.team.currentData())


class CounterDialog(KeptTextDialog):
    """A counter-argument the facilitator enters: which team raised it, and why not."""

    def __init__(
        self,
        move: MoveView,
        teams: list[tuple[str, str]],
        confirm: Confirm,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(confirm, parent)
        self.setWindowTitle("Counter-argument")
        self.team = QComboBox()
        for team_id, name in teams:
            if team_id != move.team_id:
                self.team.addItem(name, team_id)
        self.team.addItem("The white cell", "")
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(f"Why will '{move.title}' not work?")
        self.text.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow(QLabel(f"Against #{move.id} {move.title}"))
        form.addRow("Raised &by", self.team)
        form.addRow("&Argument", self.text)
        form.addRow("", self.keep(self.text, "a counter-argument"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Record")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.refusal)
        layout.addWidget(buttons)
        self.resize(480, 300)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def team_id(self) -> str | None:
        """The team that raised it (None: the white cell)."""
        return str(self.team.currentData()) or None

    def problems(self) -> list[Problem]:
        """The argument must say something."""
        if not self.text.toPlainText().strip():
            return [(self.text, "Write the counter-argument.")]
        return []
