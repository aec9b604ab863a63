"""Who plays in which team, assigned by drag and drop.

:class:`AssignmentModel` is a two-level tree: groups (each team, the observers, and in
the new-game wizard the not-yet-assigned) holding participants. Dropping a participant
on a group calls the ``mover`` it was given; the wizard moves the name in its plan, the
main window calls ``Game.assign`` and redraws from the record.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from wargame.game import GameEvent, JoinRequest, Role, RoleChange
from wargame.game.views import ParticipantView
from wargame.scenario.model import Scenario
from wargame.ui.forms import KeptTextDialog, Problem
from wargame.ui.session import GameSession

MIME_TYPE = "application/x-wargame-participant"
KEY_ROLE = Qt.ItemDataRole.UserRole + 10
GROUP_ROLE = Qt.ItemDataRole.UserRole + 11

OBSERVERS = "@observers"
"""The group key of the observers."""
UNASSIGNED = "@unassigned"
"""The group key of people not yet placed (wizard only)."""

Mover = Callable[[str, str], bool]
"""Called with (participant key, group key) when a participant is dropped on a group."""


@dataclass(frozen=True)
class Group:
    """A drop target: a team, the observers, or 'not yet assigned'."""

    key: str
    label: str
    colour: QColor | None = None
    tooltip: str = ""


@dataclass(frozen=True)
class Member:
    """A participant shown under a group."""

    key: str
    name: str
    group: str
    tooltip: str = ""


class AssignmentModel(QStandardItemModel):
    """Groups and their members; drag members between groups.

    Signals:
        dropped: After a drop was handled: (keys the mover accepted, group key).
    """

    dropped = Signal(list, str)

    def __init__(self, mover: Mover, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._mover = mover
        self._groups: list[Group] = []

    def set_content(self, groups: Sequence[Group], members: Sequence[Member]) -> None:
        """Rebuild the tree."""
        self.clear()
        self._groups = list(groups)
        by_group: dict[str, list[Member]] = {g.key: [] for g in groups}
        for member in members:
            by_group.setdefault(member.group, []).append(member)
        for group in groups:
            count = len(by_group[group.key])
            item = QStandardItem(f"{group.label}  ({count})")
            item.setData(group.key, GROUP_ROLE)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDropEnabled)
            if group.colour is not None:
                item.setData(group.colour, Qt.ItemDataRole.DecorationRole)
            if group.tooltip:
                item.setToolTip(group.tooltip)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            for member in by_group[group.key]:
                child = QStandardItem(member.name)
                child.setData(member.key, KEY_ROLE)
                child.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsDragEnabled
                )
                if member.tooltip:
                    child.setToolTip(member.tooltip)
                item.appendRow(child)
            self.appendRow(item)

    def group_index(self, key: str) -> QModelIndex:
        """The index of a group."""
        for row in range(self.rowCount()):
            index = self.index(row, 0)
            if index.data(GROUP_ROLE) == key:
                return index
        return QModelIndex()

    def member_index(self, key: str) -> QModelIndex:
        """The index of a member."""
        for row in range(self.rowCount()):
            parent = self.index(row, 0)
            for child in range(self.rowCount(parent)):
                index = self.index(child, 0, parent)
                if index.data(KEY_ROLE) == key:
                    return index
        return QModelIndex()

    def members_of(self, key: str) -> list[str]:
        """Names under a group."""
        parent = self.group_index(key)
        return [str(self.index(r, 0, parent).data()) for r in range(self.rowCount(parent))]

    @override
    def mimeTypes(self) -> list[str]:
        """Participants travel as a JSON list of keys."""
        return [MIME_TYPE]

    @override
    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """Encode the dragged participants."""
        keys = [str(i.data(KEY_ROLE)) for i in indexes if i.data(KEY_ROLE) is not None]
        data = QMimeData()
        data.setData(MIME_TYPE, json.dumps(keys).encode())
        return data

    @override
    def supportedDragActions(self) -> Qt.DropAction:
        """The model moves people itself, so the view never removes rows."""
        return Qt.DropAction.CopyAction

    @override
    def supportedDropActions(self) -> Qt.DropAction:
        """See :meth:`supportedDragActions`."""
        return Qt.DropAction.CopyAction

    @override
    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        """Participants may be dropped on a group or on one of its members."""
        return data.hasFormat(MIME_TYPE) and parent.isValid()

    @override
    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        """Hand each dropped participant to the mover, with the group dropped on."""
        if not data.hasFormat(MIME_TYPE) or not parent.isValid():
            return False
        group_index = parent if parent.data(GROUP_ROLE) is not None else parent.parent()
        group = group_index.data(GROUP_ROLE)
        if group is None:
            return False
        keys = [str(k) for k in json.loads(bytes(data.data(MIME_TYPE).data()).decode())]
        # The mover rebuilds this model; never do that inside the view's drop handling.
        QTimer.singleShot(0, lambda: self._apply(keys, str(group)))
        return True

    def _apply(self, keys: list[str], group: str) -> None:
        moved = [key for key in keys if self._mover(key, group)]
        self.dropped.emit(moved, group)

    def drop(self, member_key: str, group_key: str) -> bool:
        """Drop a member on a group exactly as a drag and drop would (keyboard, tests)."""
        data = self.mimeData([self.member_index(member_key)])
        return self.dropMimeData(
            data, Qt.DropAction.CopyAction, -1, -1, self.group_index(group_key)
        )


class AssignmentTree(QTreeView):
    """A tree view set up for dragging participants between groups."""

    def __init__(self, model: AssignmentModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setHeaderHidden(True)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setToolTip("Drag people onto a team to assign them")
        model.modelReset.connect(self.expandAll)
        model.rowsInserted.connect(lambda *_: self.expandAll())


def team_groups(
    scenario: Scenario, *, observers: bool = True, unassigned: bool = False
) -> list[Group]:
    """Groups for every team of a scenario (plus observers, and 'not yet assigned')."""
    groups = []
    if unassigned:
        clear = QColor(0, 0, 0, 0)  # a blank swatch keeps the names aligned with the teams
        groups.append(Group(UNASSIGNED, "Not yet assigned", clear, "Drag each person to a team"))
    for team in scenario.teams:
        actor = scenario.actor(team.actor)
        tip = f"{team.name} plays {actor.name}; {team.min_players}–{team.max_players} players"
        groups.append(Group(team.id, team.name, QColor(actor.colour), tip))
    if observers:
        groups.append(Group(OBSERVERS, scenario.roles.observers.name, QColor("#7f8c8d")))
    return groups


class JoinDialog(KeptTextDialog):
    """Add a participant to a running game: name, role, team, optional PIN.

    A mistake (an empty name, a PIN that is not four digits, a name already taken) is shown
    in the dialog, which stays open with what was typed.
    """

    def __init__(self, session: GameSession, parent: QWidget | None = None) -> None:
        super().__init__(session.notifier.confirm, parent)
        self.setWindowTitle("Add participant")
        self.name = QLineEdit()
        self.role = QComboBox()
        self.role.addItem("Player", Role.PLAYER.value)
        self.role.addItem("Observer", Role.OBSERVER.value)
        self.team = QComboBox()
        for team in session.scenario.teams:
            self.team.addItem(team.name, team.id)
        self.role.currentIndexChanged.connect(
            lambda _i: self.team.setEnabled(self.role.currentData() == "player")
        )
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText("optional, for hot-seat entry")
        form = QFormLayout(self)
        form.addRow("&Name", self.name)
        form.addRow("", self.keep(self.name, "a participant's name"))
        form.addRow("&Role", self.role)
        form.addRow("&Team", self.team)
        form.addRow("&PIN", self.pin)
        form.addRow("", self.keep(self.pin, "a participant's PIN"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(self.refusal)
        form.addRow(buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def problems(self) -> list[Problem]:
        """A name is needed."""
        if not self.name.text().strip():
            return [(self.name, "Give the participant's name.")]
        return []


class ParticipantsPanel(QWidget):
    """The game's participants by team; drag a player to another team to reassign them."""

    def __init__(self, session: GameSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.model = AssignmentModel(self._move, self)
        self.tree = AssignmentTree(self.model)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.hide_voided = QCheckBox("Hide removed")
        self.hide_voided.setChecked(True)
        self.hide_voided.toggled.connect(lambda _b: self.refresh())
        add = QPushButton("Add participant…")
        add.clicked.connect(self.add_participant)
        bar = QHBoxLayout()
        bar.addWidget(self.hide_voided)
        bar.addStretch(1)
        bar.addWidget(add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.note)
        layout.addLayout(bar)
        session.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, event: GameEvent) -> None:
        if event.action in (
            "join",
            "assign",
            "change_role",
            "remove_participant",
            "start",
            "advance",
            "void",
            "reinstate",
        ):
            self.refresh()

    def refresh(self) -> None:
        """Re-read participants and their teams."""
        members = []
        for person in self._session.participants():
            if person.role is Role.FACILITATOR or (person.voided and self.hide_voided.isChecked()):
                continue
            group = person.team_id if person.role is Role.PLAYER and person.team_id else OBSERVERS
            pin = " · has a PIN" if person.has_pin else ""
            members.append(
                Member(
                    str(person.id),
                    person.name + (" (removed)" if person.voided else "") + self._moving(person),
                    group,
                    f"{person.role}{pin}",
                )
            )
        self.model.set_content(team_groups(self._session.scenario), members)
        running = self._session.summary().status != "setup"
        self.note.setText(
            "Drag a player to another team (from next turn once the game runs; drag them back "
            "to cancel), or between a team and the observers (at once)."
            if running
            else "Drag a player to another team, or between a team and the observers."
        )

    def _moving(self, person: ParticipantView) -> str:
        """The waiting move shown after a name ("→ Red team from turn 2"), or nothing."""
        if person.role is not Role.PLAYER or person.next_team_id in (None, person.team_id):
            return ""
        turn = self._session.summary().turn + 1
        return f" → {self._session.team_name(person.next_team_id)} from turn {turn}"

    def _move(self, key: str, group: str) -> bool:
        """A person was dropped on a group: another team, the observers, or a team at last.

        The change is asked for first: it cannot be undone (a later drop changes it again).
        """
        session = self._session
        person = next((p for p in session.participants() if str(p.id) == key), None)
        if person is None:
            return False
        where = "the observers" if group == OBSERVERS else session.team_name(group)
        waiting = person.next_team_id not in (None, person.team_id) and group == person.team_id
        question = (
            f"Keep {person.name} in {where}? Their move to "
            f"{session.team_name(person.next_team_id)} next turn is cancelled."
            if waiting
            else f"Move {person.name} to {where}?\n\nThis cannot be undone; "
            "a later drag and drop can change it again."
        )
        if not session.notifier.confirm("Reassign participant", question):
            return False
        by = session.facilitator_id
        if group == OBSERVERS:
            done = session.act(
                "Make an observer",
                lambda: session.game.change_role(
                    by,
                    RoleChange(
                        participant_id=person.id,
                        role=Role.OBSERVER,
                        reason="made an observer by drag and drop",
                    ),
                ),
            )
            if done.ok:
                session.say(f"{person.name} is now an observer")
            return done.ok
        if person.role is Role.OBSERVER:
            done = session.act(
                "Make a player",
                lambda: session.game.change_role(
                    by,
                    RoleChange(
                        participant_id=person.id,
                        role=Role.PLAYER,
                        team_id=group,
                        reason="made a player by drag and drop",
                    ),
                ),
            )
            if done.ok:
                session.say(f"{person.name} now plays in {session.team_name(group)}")
            return done.ok
        result = session.act(
            "Assign participant",
            lambda: session.game.assign(by, person.id, group, reason="reassigned by drag and drop"),
        )
        if result.ok and waiting:
            session.say(f"{person.name} stays in {where}")
        elif result.ok:
            session.say(f"Reassigned to {where} from turn {result.value}")
        return result.ok

    def add_participant(self) -> JoinDialog:
        """Open the dialog to add a participant."""
        dialog = JoinDialog(self._session, self)
        session = self._session

        def join() -> str:
            role = str(dialog.role.currentData())
            team = str(dialog.team.currentData()) if role == "player" else None
            return session.act_undoable(
                f"Add participant '{dialog.name.text().strip()}'",
                lambda: session.game.join(
                    session.facilitator_id,
                    JoinRequest(
                        name=dialog.name.text(),
                        role=role,
                        team_id=team,
                        pin=dialog.pin.text() or None,
                    ),
                ),
                quiet=True,
            ).message

        dialog.submit = join
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog
