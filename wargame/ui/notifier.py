"""Every modal question the app asks the facilitator, behind one small interface.

Widgets never call ``QMessageBox`` or ``QFileDialog`` themselves: they ask their
:class:`Notifier`. The app hands them a :class:`DialogNotifier`; tests hand them a
scripted one, so error paths can be driven and checked without a modal dialog blocking
the event loop.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)


def sentence(text: str) -> str:
    """A message as a sentence: capital first letter, final full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    if text[-1] not in ".!?":
        text += "."
    return text


class Notifier(Protocol):
    """What the app needs to tell or ask the facilitator in a modal way."""

    def error(self, title: str, message: str) -> None:
        """Show a refusal or failure: ``message`` is a sentence for the facilitator."""

    def info(self, title: str, message: str) -> None:
        """Tell the facilitator something worth a dialog."""

    def confirm(self, title: str, question: str) -> bool:
        """Ask a yes/no question; True for yes."""

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        """Ask for a line of text (a reason, a name); None when cancelled."""

    def ask_secret(self, title: str, label: str) -> str | None:
        """Ask for a PIN without echoing it; None when cancelled."""

    def choose_open_file(self, title: str, filters: str) -> str | None:
        """Ask for a file to open; None when cancelled."""

    def choose_save_file(self, title: str, filters: str, suggested: str) -> str | None:
        """Ask where to write a file; None when cancelled."""

    def choose_folder(self, title: str, suggested: str) -> str | None:
        """Ask for a folder; None when cancelled."""

    def open_document(self, path: Path) -> None:
        """Open a written file (a PDF, a folder) with the system's viewer."""


class DialogNotifier:
    """The real thing: Qt's standard dialogs, parented to the active window."""

    def _parent(self) -> QWidget | None:
        return QApplication.activeWindow()

    def error(self, title: str, message: str) -> None:
        """Show a warning box with the message."""
        QMessageBox.warning(self._parent(), title, sentence(message))

    def info(self, title: str, message: str) -> None:
        """Show an information box."""
        QMessageBox.information(self._parent(), title, sentence(message))

    def confirm(self, title: str, question: str) -> bool:
        """Ask a yes/no question, 'No' being the default."""
        answer = QMessageBox.question(
            self._parent(),
            title,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        """Ask for a text; Escape or Cancel with words typed asks before dropping them."""
        from wargame.ui.forms import TextDialog

        dialog = TextDialog(title, label, self.confirm, self._parent(), text=text, one_line=True)
        return dialog.value() if dialog.exec() == TextDialog.DialogCode.Accepted else None

    def ask_secret(self, title: str, label: str) -> str | None:
        """Ask for a PIN, echoed as dots."""
        value, ok = QInputDialog.getText(self._parent(), title, label, QLineEdit.EchoMode.Password)
        return value if ok else None

    def choose_open_file(self, title: str, filters: str) -> str | None:
        """Ask for a file to open."""
        path, _ = QFileDialog.getOpenFileName(self._parent(), title, "", filters)
        return path or None

    def choose_save_file(self, title: str, filters: str, suggested: str) -> str | None:
        """Ask where to save."""
        path, _ = QFileDialog.getSaveFileName(self._parent(), title, suggested, filters)
        return path or None

    def choose_folder(self, title: str, suggested: str) -> str | None:
        """Ask for a folder."""
        path = QFileDialog.getExistingDirectory(self._parent(), title, suggested)
        return path or None

    def open_document(self, path: Path) -> None:
        """Open the file with the desktop's default application."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
