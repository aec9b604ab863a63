"""Guards of the live room: one click makes one change, and typed words are never lost.

**One click, one change.** A double-click on "Next phase" used to open two phases in the
same second. A :class:`ClickGuard` lets an action run once at a time, and ignores a repeat
that arrives within the platform's double-click interval after it finished (the second
click of a double-click is delivered only once the first one's handler returned);
:func:`connect_once` wires a button that changes the record through it.

**Typed words are never lost.** Every field where a person types words is marked with
:func:`holds_words` (what it holds, named for a question: "an observation"); every other
editable field says why it is not (:func:`not_words`: a PIN, a search, dice faces).
:func:`unsent_words` lists what is typed under a window and not yet recorded, and
:func:`may_discard` asks "Discard / Keep editing" before anything would throw it away:
Escape, Cancel, closing a window, closing the game, Quit. (The hot seat asks nothing when
a team hands it back: the words wait as the team's draft, :mod:`wargame.ui.team_drafts`.)
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QElapsedTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

TextField = QLineEdit | QPlainTextEdit | QTextEdit
"""A field a person can type in."""
Confirm = Callable[[str, str], bool]
"""Asks a yes/no question (title, question): the app's notifier's ``confirm``."""

WORDS = "wargame_words"
"""The dynamic property naming what a field of words holds ("an observation")."""
NOT_WORDS = "wargame_not_words"
"""The dynamic property saying why an editable field holds no words to keep ("a PIN")."""
_START = "wargame_words_start"
_TRIGGERS = itertools.count(1)


class ClickGuard:
    """Runs each named action once at a time; drops repeats that follow too closely."""

    def __init__(self) -> None:
        self._running: set[str] = set()
        self._finished: dict[str, QElapsedTimer] = {}

    def busy(self, name: str) -> bool:
        """Whether ``name`` is running, or finished less than a double-click ago."""
        if name in self._running:
            return True
        clock = self._finished.get(name)
        return clock is not None and clock.elapsed() < QApplication.doubleClickInterval()

    def quiet(self) -> bool:
        """Whether a click now would act: nothing runs or finished less than a double-click ago."""
        return not any(self.busy(name) for name in (*self._running, *self._finished))

    @contextmanager
    def once(self, name: str) -> Iterator[bool]:
        """``with guard.once("next") as go:`` — ``go`` is False for a repeat to ignore."""
        if self.busy(name):
            yield False
            return
        self._running.add(name)
        try:
            yield True
        finally:
            self._running.discard(name)
            clock = QElapsedTimer()
            clock.start()
            self._finished[name] = clock

    def run(self, name: str, handler: Callable[[], object]) -> None:
        """Run ``handler`` unless ``name`` is busy (a repeat click to ignore)."""
        with self.once(name) as go:
            if go:
                handler()


def connect_once(
    trigger: QAbstractButton | QLineEdit,
    guard: ClickGuard,
    handler: Callable[[], object],
    name: str = "",
) -> None:
    """Connect a record-changing button (or a line's Enter) so that a double-click acts once.

    Triggers of one action (a line's Enter and the button beside it) share a ``name``.
    """
    key = name or f"trigger-{next(_TRIGGERS)}"  # never an id(): a dead widget's is reused
    if isinstance(trigger, QLineEdit):
        trigger.returnPressed.connect(lambda: guard.run(key, handler))
    else:
        trigger.clicked.connect(lambda _checked=False: guard.run(key, handler))


# ---------------------------------------------------------------------- typed words


def text_of(field: TextField) -> str:
    """The text of a line, plain-text or rich-text field."""
    return field.text() if isinstance(field, QLineEdit) else field.toPlainText()


def holds_words(field: TextField, name: str) -> TextField:
    """Mark ``field`` as holding a person's words, named for a question ("a note").

    What it holds now (a pre-filled title, an amended move's text) counts as nothing typed.
    """
    field.setProperty(WORDS, name)
    settled(field)
    return field


def not_words(field: TextField, why: str) -> TextField:
    """Mark an editable field as holding nothing that must be kept ("a PIN", "a search")."""
    field.setProperty(NOT_WORDS, why)
    return field


def settled(field: TextField) -> None:
    """What ``field`` holds now is recorded (or was put there by the app): nothing is typed."""
    field.setProperty(_START, text_of(field).strip())


def words_name(field: TextField) -> str:
    """What a field of words holds ("" for a field not marked as words)."""
    name = field.property(WORDS)
    return name if isinstance(name, str) else ""


def unsent(field: TextField) -> bool:
    """Whether a field of words holds text typed and not yet recorded."""
    start = field.property(_START)
    return bool(words_name(field)) and text_of(field).strip() != (start or "")


def text_fields(root: QWidget) -> list[TextField]:
    """Every editable text field under ``root`` (itself included), in creation order."""
    found: list[TextField] = [
        *root.findChildren(QLineEdit),
        *root.findChildren(QPlainTextEdit),
        *root.findChildren(QTextEdit),
    ]
    found = [
        f
        for f in found
        if not f.isReadOnly() and not isinstance(f.parent(), QAbstractSpinBox)  # numbers, dates
    ]
    if isinstance(root, QLineEdit | QPlainTextEdit | QTextEdit) and not root.isReadOnly():
        found.insert(0, root)
    return found


def unsent_words(root: QWidget) -> list[str]:
    """What is typed under ``root`` and not yet recorded, each named once ("a note").

    Fields of other windows under ``root`` (its dialogs) count only while they are shown:
    a dialog closed is done with, whatever it held.
    """
    out: dict[str, None] = {}
    for field in text_fields(root):
        window = field.window()
        if window is not root.window() and not window.isVisible():
            continue
        if unsent(field):
            out[words_name(field)] = None
    return list(out)


def may_discard(confirm: Confirm, doing: str, typed: list[str]) -> bool:
    """Ask before ``doing`` throws ``typed`` away; True when nothing would be lost.

    The question is Discard (yes) / Keep editing (no), "no" being the default answer.
    """
    if not typed:
        return True
    return confirm(
        doing,
        f"You typed {' and '.join(typed)} that is not recorded yet.\n\n"
        f"{doing} and discard it? (Yes: discard it. No: keep editing.)",
    )
