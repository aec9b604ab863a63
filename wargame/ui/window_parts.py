"""Smaller parts of the main window, kept apart so that the window's module stays short.

Each takes the window and does one thing: watch for its first paint, offer a scenario,
ask for the facilitator's PIN, ask which team takes the hot seat, build the connection
banner's bar of a shared game. Only Qt is imported here: the window is drawn before the
game layer loads.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

if TYPE_CHECKING:
    from wargame.ui.main_window import MainWindow
    from wargame.ui.shared_link import ConnectionBanner


class OnFirstPaint(QObject):
    """Call a function once, when a widget is first painted."""

    def __init__(self, widget: QWidget, then: Callable[[], object]) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Watch for the first paint, then stop watching."""
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._then()
        return False


def offer_scenario(window: MainWindow, name: str) -> None:
    """For ``--scenario``: offer a recent game of it, or else open the wizard on it."""
    from wargame.ui.catalogue import find_entry

    entry = find_entry(name)
    if entry is None:
        window.notifier.error(
            "Scenario", f"There is no scenario file or bundled scenario called '{name}'."
        )
        return
    if not entry.ok:
        window.notifier.error(
            "Scenario does not validate", f"{entry.path.name} cannot be used:\n{entry.problem}"
        )
        return
    if window.start_page is not None and window.start_page.offer_scenario(entry):
        return
    window.show_new_game(str(entry.path))


def ask_facilitator_pin(window: MainWindow) -> None:
    """Ask for a new facilitator PIN (blank clears it) and record it."""
    session = window.session
    if session is None:
        return
    pin = window.notifier.ask_secret(
        "Set my PIN",
        "New PIN for the facilitator (4 or more characters; blank: none). Setting it cannot "
        "be undone: set it again to change it.",
    )
    if pin is None:
        return
    result = session.act(
        "Set my PIN",
        lambda: session.game.set_pin(session.facilitator_id, session.facilitator_id, pin),
    )
    if result.ok:
        session.say("Facilitator PIN set" if pin.strip() else "Facilitator PIN cleared")


def summary_editor(window: MainWindow) -> QDialog | None:
    """The executive summary's editor: saving is undoable (undo puts the old text back)."""
    from wargame.ui.forms import TextDialog

    session = window.session
    if session is None:
        return None
    old = session.summary().executive_summary or ""
    dialog = TextDialog(
        "Executive summary",
        "The executive summary opens the after-action report: what happened and what it "
        "means, in a few paragraphs.",
        window.notifier.confirm,
        window,
        text=old,
        words="the executive summary",
    )
    dialog.resize(640, 420)

    def save() -> str:
        by, new = session.facilitator_id, dialog.value()
        return session.act_replacing(
            "Executive summary",
            lambda: session.game.set_executive_summary(by, new),
            lambda: session.game.set_executive_summary(by, old),
        ).message

    dialog.submit = save
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def ask_hand_over(window: MainWindow) -> str | None:
    """Ask which team sits at the laptop (after a warning if the facilitator has no PIN)."""
    from wargame.ui.team_entry import choose_team

    session = window.session
    if session is None:
        return None
    facilitator = next(p for p in session.participants() if p.id == session.facilitator_id)
    if not facilitator.has_pin and not window.notifier.confirm(
        "Team entry without a PIN",
        "The facilitator has no PIN in this game, so anyone at the laptop can hand it back "
        "and see every team's moves. Hand it over anyway?",
    ):
        return None
    return choose_team(session, window)


def connection_bar(window: MainWindow, banner: ConnectionBanner) -> QToolBar:
    """The bar above the turn bar that shows a shared game's connection banner."""
    bar = QToolBar("Connection")  # above the turn bar, across the whole window
    bar.setObjectName("connection-toolbar")
    bar.setMovable(False)
    holder = QWidget()  # a toolbar's own widgets ignore show()/hide(); this one's do not
    holder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    holder_layout = QVBoxLayout(holder)
    holder_layout.setContentsMargins(0, 0, 0, 0)
    holder_layout.addWidget(banner)
    bar.addWidget(holder)
    bar.hide()
    banner.shown.connect(bar.setVisible)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    if window._turn_toolbar is not None:
        window.insertToolBar(window._turn_toolbar, bar)
        window.insertToolBarBreak(window._turn_toolbar)
    return bar


def unsent_text(window: MainWindow) -> list[str]:
    """Words typed in the window or its open dialogs and not yet recorded ("a note")."""
    from wargame.ui.guard import unsent_words

    out = unsent_words(window)
    dialog = window.adjudication
    if dialog is not None and dialog.isVisible() and dialog.typed() and not out:
        out.append("an adjudication's dice roll")
    return out


def may_discard(window: MainWindow, doing: str) -> bool:
    """Ask before ``doing`` throws typed text away; True when nothing would be lost."""
    from wargame.ui import guard

    return guard.may_discard(window.notifier.confirm, doing, unsent_text(window))


def opening_page(window: MainWindow, page: QLabel | None, path: Path) -> QLabel:
    """The "Opening GAME…" page (made on first use), shown in the window's centre."""
    if page is None:
        page = QLabel()
        page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        page.setObjectName("opening")
        font = page.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        page.setFont(font)
        window.stack.addWidget(page)
    page.setText(f"Opening {path.name}…")
    page.setToolTip(str(path))
    window.stack.setCurrentWidget(page)
    return page


def open_when_painted(page: QWidget, start: Callable[[], object]) -> OnFirstPaint:
    """Call ``start`` once, after ``page`` is first painted (or after a second regardless)."""
    done = False

    def once() -> None:
        nonlocal done
        if not done:
            done = True
            start()

    QTimer.singleShot(1000, once)  # never drawn (started minimised): open anyway
    return OnFirstPaint(page, lambda: QTimer.singleShot(0, once))


def keep_on_screen(window: MainWindow, before: QSize) -> None:
    """Undo any growth past ``before`` that would take the window off its screen."""
    room = window.screen().availableGeometry().size()
    fitted = before.width() <= room.width() and before.height() <= room.height()
    grown = window.width() > room.width() or window.height() > room.height()
    if fitted and grown:
        window.resize(before.boundedTo(room))


def refresh_panels(window: MainWindow) -> None:
    """After a reconnection: the panels that refresh only on some events re-read too."""
    # One not built yet reads everything when it is.
    for panel in (window.notes_if_built(), window.participants_if_built()):
        if panel is not None:
            panel.refresh()


class PageStack(QStackedWidget):
    """The window's centre: as large as the page it shows, not the largest page it holds.

    The start page stays in the stack after a game opens; sized by it, the centre would
    keep the start page's width and squeeze the docks beside the game's map.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    @override
    def sizeHint(self) -> QSize:
        """The shown page's."""
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    @override
    def minimumSizeHint(self) -> QSize:
        """The shown page's."""
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()
