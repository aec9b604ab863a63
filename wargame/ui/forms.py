"""Dialogs that never lose what a person typed.

A :class:`KeptTextDialog` checks its fields when the person presses OK: a field in error is
marked, with a sentence beside it, and the dialog stays open. It then runs its use case; a
refusal is shown in the dialog, which stays open with the text. Cancel, Escape and the
window's close button ask before discarding typed text ("Discard" / "Keep editing").
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QPlainTextEdit, QWidget

from wargame.ui.theme import ALERT, readable

TextField = QLineEdit | QPlainTextEdit
Confirm = Callable[[str, str], bool]
"""Asks a yes/no question (title, question): the app's notifier's ``confirm``."""
Problem = tuple[TextField, str]
"""A field in error and the sentence shown beside it."""


def _window() -> QColor:
    return QApplication.palette().color(QPalette.ColorRole.Window)


def text_of(field: TextField) -> str:
    """The text of a line or a plain-text field."""
    return field.text() if isinstance(field, QLineEdit) else field.toPlainText()


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

    def keep(self, field: TextField) -> QLabel:
        """Watch a text field: its typed text is kept; returns its error label (hidden)."""
        note = QLabel()
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {readable(ALERT, _window()).name()}")
        note.hide()
        self._fields[field] = (text_of(field), note)
        return note

    def typed(self) -> bool:
        """Whether any kept field holds text other than what it started with."""
        return any(text_of(f).strip() != start.strip() for f, (start, _) in self._fields.items())

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
                self._fields[field] = (text_of(field), self._fields[field][1])
            super().accept()

    def reject(self) -> None:
        """Cancel, Escape or the close button: ask first if text would be lost."""
        if self.typed() and not self._confirm(
            self.windowTitle(),
            f"Discard what you typed in “{self.windowTitle()}”?\n\n"
            "Yes: discard it. No: keep editing.",
        ):
            return
        super().reject()
