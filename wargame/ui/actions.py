"""The main window's actions, declared once: menus, shortcuts, Help › Keyboard shortcuts.

Each :class:`ActionSpec` says an action's text, handler (a method of the main window),
shortcut, tip, menu, and when it is enabled; :func:`build_actions` makes the ``QAction``s,
:func:`build_menus` the menus, :func:`shortcuts_html` the help page, and
:func:`update_actions` enables each one, saying in its tooltip why it is greyed out
("Adjudicate is available in an adjudication phase; the game is in 'Briefing'").
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from wargame.ui.main_window import MainWindow

Key = QKeySequence.StandardKey


class ActionSlots:
    """The main window's action attributes, typed (``build_actions`` sets them)."""

    new_action: QAction
    open_action: QAction
    close_action: QAction
    host_action: QAction
    join_action: QAction
    export_action: QAction
    briefings_action: QAction
    quit_action: QAction
    observation_action: QAction
    note_action: QAction
    search_log_action: QAction
    start_action: QAction
    next_action: QAction
    move_action: QAction
    reveal_action: QAction
    adjudicate_action: QAction
    question_action: QAction
    inject_action: QAction
    ad_hoc_action: QAction
    team_entry_action: QAction
    team_pages_action: QAction
    pin_action: QAction
    summary_action: QAction
    end_action: QAction
    projector_action: QAction
    reset_layout_action: QAction
    shortcuts_action: QAction
    log_folder_action: QAction
    about_action: QAction


@dataclass(frozen=True)
class ActionSpec:
    """One action of the main window.

    Attributes:
        name: The window attribute it is kept in (``next_action``).
        text: The menu text, with its ``&`` mnemonic.
        handler: The name of the window's method it calls.
        shortcut: Its key (a string, a standard key, or none).
        tip: What it does, for the status bar and the tooltip.
        menu: The menu it sits in; ``group`` starts a new group (a separator) when it changes.
        when: ``always``, ``game`` (a game is open), ``setup`` (not started), ``running``,
            or ``not_ended``.
        phase: For a game action, the phase rule that allows it (``turns.Action`` value).
    """

    name: str
    text: str
    handler: str
    shortcut: str | QKeySequence.StandardKey | None = None
    tip: str = ""
    menu: str = "Game"
    group: int = 0
    when: str = "always"
    phase: str | None = None


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new_action", "&New game…", "show_new_game", Key.New,
               "Start a new game from a scenario", "File", 0),
    ActionSpec("open_action", "&Open game…", "choose_game", Key.Open,
               "Open a *.wargame file", "File", 0),
    ActionSpec("close_action", "&Close game", "close_game", "Ctrl+W",
               "Close the game (everything is already saved)", "File", 1, "game"),
    ActionSpec("host_action", "&Host on a shared database…", "show_host_dialog", None,
               "Create a game in a PostgreSQL database that the teams' laptops join", "File", 2),
    ActionSpec("join_action", "&Join a shared game…", "show_join_dialog", None,
               "Open a shared game with the join string the facilitator gave you", "File", 2),
    ActionSpec("export_action", "Export after-action &report…", "export_report", "Ctrl+E",
               "Write the after-action report as a PDF", "File", 3, "game"),
    ActionSpec("briefings_action", "Print &briefing packs…", "export_briefings", "Ctrl+Shift+P",
               "Write each team's briefing pack as a PDF", "File", 3, "game"),
    ActionSpec("quit_action", "&Quit", "close", Key.Quit, "Quit wargame", "File", 4),
    ActionSpec("observation_action", "Write an &observation", "focus_observation",
               "Ctrl+Shift+O", "Write an observation (from anywhere)", "Edit", 1, "game"),
    ActionSpec("note_action", "Write a &note", "focus_note", "Ctrl+Shift+N",
               "Write a note (from anywhere)", "Edit", 1, "game"),
    ActionSpec("search_log_action", "Search the &log", "focus_log", "Ctrl+L",
               "Search the log", "Edit", 1, "game"),
    ActionSpec("start_action", "&Start game", "start_game", None, "Start turn 1",
               "Game", 0, "setup"),
    ActionSpec("next_action", "&Next phase", "next_phase", "F8",
               "Close this phase and open the next", "Game", 0, "running"),
    ActionSpec("move_action", "Enter a &move for a team…", "new_move", "Ctrl+M",
               "Enter a move for a team", "Game", 1, "running", "submit_move"),
    ActionSpec("reveal_action", "&Reveal moves", "reveal", "Ctrl+R",
               "Reveal every sealed move of the turn", "Game", 1, "running", "reveal"),
    ActionSpec("adjudicate_action", "&Adjudicate…", "adjudicate_selected", "Ctrl+J",
               "Adjudicate the selected move", "Game", 1, "running", "adjudicate"),
    ActionSpec("question_action", "Adjudicate an open &question…", "adjudicate_question", None,
               "Adjudicate a question no move asked", "Game", 1, "running", "adjudicate"),
    ActionSpec("inject_action", "Release next &inject", "release_inject", "Ctrl+I",
               "Release the next pending inject", "Game", 2, "running", "release_inject"),
    ActionSpec("ad_hoc_action", "A&d hoc inject…", "ad_hoc", "Ctrl+Shift+I",
               "Write and release an inject that is not in the scenario", "Game", 2, "running",
               "release_inject"),
    ActionSpec("team_entry_action", "&Team entry (hot seat)…", "choose_team_entry", "Ctrl+T",
               "Let a team type its moves on this laptop", "Game", 3, "running"),
    ActionSpec("team_pages_action", "Team pages on the &venue network…", "show_team_pages", None,
               "Serve each team a page in the browser: links and QR codes, who is connected",
               "Game", 3, "game"),
    ActionSpec("pin_action", "Set my &PIN…", "set_facilitator_pin", None,
               "The PIN that hands the laptop back from a team's entry screen", "Game", 4,
               "game"),
    ActionSpec("summary_action", "E&xecutive summary…", "edit_executive_summary", None,
               "Write the executive summary of the after-action report", "Game", 4, "game"),
    ActionSpec("end_action", "&End game…", "end_game", None,
               "End the game (it cannot be resumed)", "Game", 4, "not_ended"),
    ActionSpec("projector_action", "&Projector window", "toggle_projector", "F5",
               "Show the room's screen full screen (on the second screen if there is one); "
               "public state only", "View", 0, "game"),
    ActionSpec("reset_layout_action", "&Reset layout", "reset_layout", None,
               "Put every panel back where it started", "View", 2),
    ActionSpec("shortcuts_action", "&Keyboard shortcuts", "show_shortcuts", Key.HelpContents,
               "Every keyboard shortcut", "Help", 0),
    ActionSpec("log_folder_action", "Open &log folder", "open_log_folder", None,
               "The log file to send with a bug report", "Help", 0),
    ActionSpec("about_action", "&About wargame", "show_about", None, "What this is", "Help", 0),
)  # fmt: skip
"""Every action of the main window, in menu order."""

EXTRA_SHORTCUTS = (
    ("Ctrl+Space", "Start or pause the phase timer"),
    ("Ctrl+Shift+Space", "One more minute for the phase"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo"),
    ("Ctrl+1 … Ctrl+6", "Show or hide a panel"),
    ("Ctrl+0, Ctrl++, Ctrl+-", "Fit, zoom in, zoom out the map"),
)
"""Shortcuts of widgets other than the menus' (the timer, the map, undo, the panels)."""

ONCE_PER_PRESS = frozenset({"start_action", "next_action", "inject_action"})
"""Actions that change the record without asking first: a double press acts once (the
others ask a question or open a dialog first, which takes the second press)."""

_WHY_NOT = {
    "game": "Open a game first.",
    "setup": "The game has already started.",
    "running": "Available while the game runs (start it first; an ended game is closed).",
    "not_ended": "The game has ended.",
}


def build_actions(window: MainWindow) -> dict[str, QAction]:
    """Make every action of :data:`ACTIONS` on the window, as attributes and by name."""
    out: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(spec.text, window)
        if isinstance(spec.shortcut, str) or spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        action.setStatusTip(spec.tip)
        action.setToolTip(spec.tip)
        handler: Callable[[], object] = getattr(window, spec.handler)
        if spec.name in ONCE_PER_PRESS:  # a key pressed twice at once acts once
            action.triggered.connect(
                lambda _checked=False, h=handler, n=spec.name: window.clicks.run(n, h)
            )
        else:
            action.triggered.connect(lambda _checked=False, h=handler: h())
        window.addAction(action)
        setattr(window, spec.name, action)
        out[spec.name] = action
    return out


def menu_actions(menu: str) -> list[list[str]]:
    """The names of a menu's actions, in groups (a separator between groups)."""
    groups: dict[int, list[str]] = {}
    for spec in ACTIONS:
        if spec.menu == menu:
            groups.setdefault(spec.group, []).append(spec.name)
    return [groups[k] for k in sorted(groups)]


def shortcuts_html() -> str:
    """Help › Keyboard shortcuts, from the same table as the menus."""
    rows = []
    for spec in ACTIONS:
        if spec.shortcut is None:
            continue
        key = QKeySequence(spec.shortcut).toString(QKeySequence.SequenceFormat.NativeText)
        if key:
            rows.append((key, spec.text.replace("&", "").rstrip("…")))
    rows += list(EXTRA_SHORTCUTS)
    cells = "".join(
        f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>" for k, v in rows
    )
    return f"<table cellpadding='3'>{cells}</table>"


def update_actions(window: MainWindow) -> None:
    """Enable each action for where the game stands; a greyed-out one says why in its tip."""
    session = window.session
    summary = session.summary() if session is not None else None
    status = summary.status if summary is not None else None
    state = {
        "always": True,
        "game": session is not None,
        "setup": status == "setup",
        "running": status == "running",
        "not_ended": status in ("setup", "running"),
    }
    for spec in ACTIONS:
        action: QAction = getattr(window, spec.name)
        enabled = state[spec.when]
        why = "" if enabled else _WHY_NOT.get(spec.when, "")
        if enabled and spec.phase is not None and session is not None:
            why = session.why_not(spec.phase)
            enabled = not why
        action.setEnabled(enabled)
        action.setToolTip(spec.tip if enabled else f"{spec.text.replace('&', '')}: {why}")
