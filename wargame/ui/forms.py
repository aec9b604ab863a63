"""Dialogs that never lose what a person typed.

A :class:`KeptTextDialog` checks its fields when the person presses OK: a field in error is
marked, with a sentence beside it, and the dialog stays open. It then runs its use case; a
refusal is shown in the dialog, which stays open with the text. Cancel, Escape and the
window's close button ask before discarding typed text ("Discard" / "Keep editing").
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from wargame.ui.guard import (
    Confirm,
    TextField,
    holds_words,
    may_discard,
    settled,
    text_of,
    unsent_words,
    words_name,
)
from wargame.ui.theme import ALERT, readable

__all__ = ["Confirm", "KeptTextDialog", "Problem", "TextDialog", "TextField", "text_of"]

Problem = tuple[TextField, str]
"""A field in error and the sentence shown beside it."""


def _window() -> QColor:
    return QApplication.palette().color(QPalette.ColorRole.Window)


class KeptTextDialog(QDialog):
    """A form that validates inline, never closes on an error, and asks before discarding.

    Subclasses register their text fields with :meth:`keep` (which returns the label to put
    beside the field), say what is wrong in :meth:`problems`, and set :attr:`submit`: it
    runs the use case and returns "" on success or the refusal's sentence.
    """

    def __init__(self, confirm: Confirm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._confirm = confirm
        self._fields: dict[TextField, tuple[str, QLabel]] = {}
        self.submit: Callable[[], str] | None = None
        self.refusal = QLabel()
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet(f"color: {readable(ALERT, _window()).name()}")
        self.refusal.hide()

    def keep(self, field: TextField, name: str = "") -> QLabel:
        """Watch a text field: its typed text is kept; returns its error label (hidden).

        Args:
            field: The field (marked as holding words, unless it already is).
            name: What it holds, for the question before discarding ("a title").
        """
        note = QLabel()
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {readable(ALERT, _window()).name()}")
        note.hide()
        if name or not words_name(field):
            holds_words(field, name or f"text in “{self.windowTitle() or 'this dialog'}”")
        self._fields[field] = (text_of(field), note)
        return note

    def typed(self) -> bool:
        """Whether any field of words here holds text other than what it started with."""
        return bool(unsent_words(self))

    def problems(self) -> list[Problem]:
        """What is wrong with the fields, one sentence per field (none: all is well)."""
        return []

    def field_problem(self, field: TextField) -> str:
        """The sentence shown beside a field ("" when it is fine)."""
        _, note = self._fields[field]
        return note.text() if note.isVisible() or note.text() else ""

    def _mark(self, problems: list[Problem]) -> None:
        for field, (_, note) in self._fields.items():
            message = next((m for f, m in problems if f is field), "")
            note.setText(message)
            note.setVisible(bool(message))
            field.setStyleSheet(f"border: 2px solid {ALERT.name()};" if message else "")
            field.setAccessibleDescription(message)
        if problems:
            problems[0][0].setFocus()

    def accept(self) -> None:
        """Check the fields, run the use case, and close only if both succeed."""
        problems = self.problems()
        self._mark(problems)
        if problems:
            return
        message = self.submit() if self.submit is not None else ""
        self.refusal.setText(message)
        self.refusal.setVisible(bool(message))
        if not message:
            for field in self._fields:  # what was typed is now in the record
                settled(field)
            super().accept()

    def reject(self) -> None:
        """Cancel, Escape or the close button: ask first if text would be lost."""
        if not may_discard(self._confirm, f"Close “{self.windowTitle()}”", unsent_words(self)):
            return
        super().reject()


class TextDialog(KeptTextDialog):
    """Asks for a text (a reason, an argument, an observation), never losing what is typed.

    ``submit`` (optional) records the text and returns "" or the refusal's sentence; the
    dialog stays open with the text on a refusal. Without it, OK accepts any non-blank text.
    """

    def __init__(
        self,
        title: str,
        label: str,
        confirm: Confirm,
        parent: QWidget | None = None,
        *,
        text: str = "",
        words: str = "",
        one_line: bool = False,
    ) -> None:
        super().__init__(confirm, parent)
        self.setWindowTitle(title)
        prompt = QLabel(label)
        prompt.setWordWrap(True)
        self.field: TextField = QLineEdit(text) if one_line else QPlainTextEdit(text)
        """A line (a reason: Enter answers) or a paragraph field (an observation)."""
        if isinstance(self.field, QPlainTextEdit):
            self.field.setTabChangesFocus(True)
            self.field.setMinimumHeight(self.field.fontMetrics().height() * 4 + 12)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.field, 0 if one_line else 1)
        layout.addWidget(self.keep(self.field, words or f"“{title}” text"))
        layout.addWidget(self.refusal)
        layout.addWidget(buttons)
        self.resize(460, 140 if one_line else 240)

    @property
    def text(self) -> QPlainTextEdit:
        """The paragraph field (of a dialog that is not ``one_line``)."""
        assert isinstance(self.field, QPlainTextEdit)
        return self.field

    def problems(self) -> list[Problem]:
        """Blank text is no answer."""
        if not text_of(self.field).strip():
            return [(self.field, "Write something first, or press Cancel.")]
        return []

    def value(self) -> str:
        """The text typed."""
        return text_of(self.field)
