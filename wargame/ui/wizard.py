"""The new-game wizard: scenario, game details, and people assigned to teams.

1. **Scenario** — bundled and user scenarios with their summaries, or any file; one that
   does not validate is listed with its problems and cannot be chosen.
2. **Game** — title, game file, seed (for replayable digital dice), the facilitator's
   name and PIN (the PIN unlocks the app after a team has used the hot seat).
3. **People** — typed or pasted one per line, then dragged onto teams (or the observers).

Finishing emits a :class:`NewGamePlan`; :func:`create_from_plan` turns it into a game
file through ``Game.create`` and ``Game.join``.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from typing_extensions import override

from wargame.game import Game, JoinRequest, Role
from wargame.game.views import counted
from wargame.scenario import LoadedScenario, user_data_dir
from wargame.ui.catalogue import ScenarioEntry, catalogue, load_entry
from wargame.ui.delegates import SUBTITLE_ROLE, TwoLineDelegate
from wargame.ui.guard import holds_words, may_discard, not_words, settled, unsent_words
from wargame.ui.notifier import Notifier
from wargame.ui.participants import (
    OBSERVERS,
    UNASSIGNED,
    AssignmentModel,
    AssignmentTree,
    Group,
    Member,
    team_groups,
)
from wargame.ui.start_page import scenario_html
from wargame.ui.theme import ALERT

PATH_ROLE = Qt.ItemDataRole.UserRole + 30
MAX_SEED = 2**63 - 1


@dataclass(frozen=True)
class Person:
    """Someone joining the game: name, role, team (players) and optional PIN."""

    name: str
    role: Role
    team_id: str | None = None
    pin: str | None = None


@dataclass(frozen=True)
class NewGamePlan:
    """Everything the wizard collected."""

    loaded: LoadedScenario
    path: Path
    title: str
    seed: int
    facilitator: str
    facilitator_pin: str | None
    people: tuple[Person, ...] = field(default=())


def create_from_plan(plan: NewGamePlan) -> Game:
    """Create the game file and add its people; the game is returned open.

    Raises:
        GameError: If the service refuses the game or a person (the file may then exist
            with the people added before the refusal).
    """
    game = Game.create(
        plan.path,
        plan.loaded,
        title=plan.title,
        seed=plan.seed,
        facilitator=plan.facilitator,
        facilitator_pin=plan.facilitator_pin,
    )
    try:
        facilitator = next(
            p.id for p in game.queries().participants() if p.role is Role.FACILITATOR
        )
        for person in plan.people:
            game.join(
                facilitator,
                JoinRequest(
                    name=person.name, role=person.role, team_id=person.team_id, pin=person.pin
                ),
            )
    except BaseException:
        game.close()
        raise
    return game


def default_games_folder() -> Path:
    """Where new game files go unless the facilitator says otherwise: the user's data folder."""
    return user_data_dir() / "games"


def suggest_file(folder: Path, title: str) -> Path:
    """A file name from the title that does not exist yet."""
    stem = re.sub(r"[^\w\- ]+", "", title).strip().replace(" ", "-").lower() or "game"
    candidate = folder / f"{stem}.wargame"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}.wargame"
        n += 1
    return candidate


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _row(layout: QHBoxLayout) -> QWidget:
    holder = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    holder.setLayout(layout)
    return holder


def _expanding(page: QWizardPage) -> None:
    page.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)


class ScenarioPage(QWizardPage):
    """Pick a scenario and read its summary."""

    def __init__(self, notifier: Notifier, preselect: str | None) -> None:
        super().__init__()
        self._notifier = notifier
        self.setTitle("Scenario")
        self.setSubTitle("Choose the scenario to play. Its summary shows on the right.")
        self.list = QListWidget()
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setItemDelegate(TwoLineDelegate(self.list))
        self.list.currentItemChanged.connect(lambda _c, _p: self._changed())
        self.summary = QTextBrowser()
        self.summary.setOpenLinks(False)
        other = QPushButton("Other scenario file…")
        other.clicked.connect(self.choose_file)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(other)
        holder = QWidget()
        holder.setLayout(left)
        splitter = QSplitter()
        splitter.addWidget(holder)
        splitter.addWidget(self.summary)
        splitter.setSizes([340, 560])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        _expanding(self)
        self.entries: dict[str, ScenarioEntry] = {}
        for entry in catalogue():
            self._add(entry)
        if preselect:
            self.add_file(Path(preselect), quiet=True)
        elif self.list.count():
            self.list.setCurrentRow(0)

    def _add(self, entry: ScenarioEntry) -> QListWidgetItem:
        key = str(entry.path.resolve())
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(PATH_ROLE) == key:
                return item
        label = entry.title if entry.ok else f"⚠ {entry.path.name} (does not validate)"
        item = QListWidgetItem(label)
        item.setData(SUBTITLE_ROLE, f"{entry.origin} · {entry.path.name}")
        item.setData(PATH_ROLE, key)
        item.setToolTip(entry.problem or "")
        self.entries[key] = entry
        self.list.addItem(item)
        return item

    def add_file(self, path: Path, *, quiet: bool = False) -> ScenarioEntry:
        """Load a scenario file into the list and select it; say so if it does not validate."""
        entry = load_entry(path)
        item = self._add(entry)
        self.list.setCurrentItem(item)
        if not entry.ok and not quiet:
            self._notifier.error(
                "Scenario does not validate",
                f"{path.name} cannot be used until these problems are fixed:\n{entry.problem}",
            )
        return entry

    def choose_file(self) -> None:
        """Ask for a scenario file."""
        path = self._notifier.choose_open_file(
            "Scenario file", "Scenarios (*.yaml *.yml);;All files (*)"
        )
        if path:
            self.add_file(Path(path))

    def entry(self) -> ScenarioEntry | None:
        """The scenario selected."""
        item = self.list.currentItem()
        return self.entries.get(str(item.data(PATH_ROLE))) if item else None

    def _changed(self) -> None:
        entry = self.entry()
        self.summary.setHtml(scenario_html(entry) if entry else "")
        self.completeChanged.emit()

    @override
    def isComplete(self) -> bool:
        """A scenario that validates is selected."""
        entry = self.entry()
        return entry is not None and entry.ok


class GamePage(QWizardPage):
    """Title, file, seed, facilitator and PIN."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Game")
        self.setSubTitle(
            "The game file is the document: every action is saved to it as it happens."
        )
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(200)
        self.file_edit = QLineEdit()
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(browse)
        self.seed_edit = QLineEdit(str(secrets.randbits(63)))
        self.seed_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"^\d{1,19}$"), self)
        )
        self.seed_edit.setToolTip(
            "Digital dice are a function of this number: the same seed replays the same rolls"
        )
        reseed = QPushButton("New seed")
        reseed.clicked.connect(lambda: self.seed_edit.setText(str(secrets.randbits(63))))
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed_edit, 1)
        seed_row.addWidget(reseed)
        self.facilitator_edit = QLineEdit("Facilitator")
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setPlaceholderText("optional; needed to leave team entry")
        self.pin_again = QLineEdit()
        self.pin_again.setEchoMode(QLineEdit.EchoMode.Password)
        holds_words(self.title_edit, "the game's title")
        holds_words(self.facilitator_edit, "the facilitator's name")
        not_words(self.file_edit, "a file path, chosen again in a moment")
        not_words(self.seed_edit, "a number the app draws")
        not_words(self.pin_edit, "a PIN")
        not_words(self.pin_again, "a PIN")
        self.problem = QLabel()
        self.problem.setStyleSheet(f"color: {ALERT.name()}")
        self.problem.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("Game &title", self.title_edit)
        form.addRow(_buddy("Game &file", self.file_edit), _row(file_row))
        form.addRow(_buddy("&Seed", self.seed_edit), _row(seed_row))
        form.addRow("&Facilitator", self.facilitator_edit)
        form.addRow("Facilitator's &PIN", self.pin_edit)
        form.addRow("PIN &again", self.pin_again)
        form.addRow(self.problem)
        for edit in (
            self.title_edit,
            self.file_edit,
            self.seed_edit,
            self.facilitator_edit,
            self.pin_edit,
            self.pin_again,
        ):
            edit.textChanged.connect(lambda _t: self.completeChanged.emit())

    @override
    def initializePage(self) -> None:
        """Default title and file from the scenario chosen."""
        wizard = self.wizard()
        entry = wizard.scenario_page.entry() if isinstance(wizard, NewGameWizard) else None
        if entry is not None and entry.loaded is not None and not self.title_edit.text():
            title = entry.loaded.scenario.metadata.title
            self.title_edit.setText(title)
            settled(self.title_edit)  # the scenario's title, not yet anyone's words
            if not self.file_edit.text():
                self.file_edit.setText(str(suggest_file(default_games_folder(), title)))

    def _browse(self) -> None:
        wizard = self.wizard()
        if not isinstance(wizard, NewGameWizard):
            return
        path = wizard.notifier.choose_save_file(
            "New game file", "Game files (*.wargame)", self.file_edit.text()
        )
        if path:
            if not path.endswith(".wargame"):
                path += ".wargame"
            self.file_edit.setText(path)

    def _check(self) -> str:
        if not self.title_edit.text().strip():
            return "Give the game a title."
        text = self.file_edit.text().strip()
        if not text:
            return "Choose where to save the game file."
        path = Path(text)
        if path.exists():
            return f"{path} already exists; choose another name (a game file is never overwritten)."
        if not self.seed_edit.text() or int(self.seed_edit.text()) > MAX_SEED:
            return f"The seed must be a whole number from 0 to {MAX_SEED}."
        if not self.facilitator_edit.text().strip():
            return "Give the facilitator's name."
        if self.pin_edit.text() != self.pin_again.text():
            return "The two PINs differ."
        return ""

    @override
    def isComplete(self) -> bool:
        """Everything is filled in and consistent."""
        problem = self._check()
        self.problem.setText(problem if self.title_edit.text() or self.file_edit.text() else "")
        return not problem

    def path(self) -> Path:
        """The game file."""
        path = Path(self.file_edit.text().strip())
        return path if path.suffix == ".wargame" else path.with_suffix(".wargame")


class PeoplePage(QWizardPage):
    """Names typed or pasted, dragged onto teams."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("People")
        self.setSubTitle(
            "Type or paste the participants, one per line, then drag each onto a team "
            "(or the observers). People can be added later too."
        )
        self.names = QPlainTextEdit()
        self.names.setPlaceholderText("Anna Kowalska\nБорис Петров\n…")
        self.names.setTabChangesFocus(True)
        holds_words(self.names, "participants' names")
        add = QPushButton("Add to the list ▸")
        add.clicked.connect(self.add_names)
        deal = QPushButton("Deal out evenly")
        deal.setToolTip("Put everyone not yet assigned into the teams in turn")
        deal.clicked.connect(self.deal)
        pin = QPushButton("PIN…")
        pin.setToolTip("Give the selected person a PIN for hot-seat move entry")
        pin.clicked.connect(self.set_pin)
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_selected)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.people: dict[str, Person] = {}
        self.model = AssignmentModel(self._move, self)
        self.tree = AssignmentTree(self.model)
        left = QVBoxLayout()
        left.addWidget(QLabel("Names"))
        left.addWidget(self.names, 1)
        left.addWidget(add)
        right = QVBoxLayout()
        right.addWidget(QLabel("Teams — drag people onto a team"))
        right.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(deal)
        buttons.addWidget(pin)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        right.addLayout(buttons)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.message)
        _expanding(self)

    @override
    def initializePage(self) -> None:
        """Build the team groups for the scenario chosen."""
        self._rebuild()

    def _scenario_groups(self) -> list[Group]:
        wizard = self.wizard()
        entry = wizard.scenario_page.entry() if isinstance(wizard, NewGameWizard) else None
        if entry is None or entry.loaded is None:
            return []
        return list(team_groups(entry.loaded.scenario, unassigned=True))

    def _rebuild(self) -> None:
        groups = self._scenario_groups()
        keys = {g.key for g in groups}
        members = []
        for key, person in self.people.items():
            group = OBSERVERS if person.role is Role.OBSERVER else (person.team_id or UNASSIGNED)
            if group not in keys:
                group = UNASSIGNED
                self.people[key] = Person(person.name, Role.PLAYER, None, person.pin)
            tip = "has a PIN" if person.pin else ""
            members.append(Member(key, person.name, group, tip))
        self.model.set_content(groups, members)
        self._hint()
        self.completeChanged.emit()

    def add_names(self) -> list[str]:
        """Add the typed or pasted names (duplicates are left out, and said so)."""
        added, skipped = [], []
        for raw in self.names.toPlainText().splitlines():
            name = " ".join(raw.replace("\t", " ").split())
            if not name:
                continue
            key = name.casefold()
            if key in self.people or name.casefold() == self._facilitator().casefold():
                skipped.append(name)
                continue
            self.people[key] = Person(name, Role.PLAYER)
            added.append(name)
        self.names.clear()
        self._rebuild()
        if skipped:
            self.message.setText("Already in the list, left out: " + ", ".join(skipped))
        return added

    def _facilitator(self) -> str:
        wizard = self.wizard()
        return (
            wizard.game_page.facilitator_edit.text().strip()
            if isinstance(wizard, NewGameWizard)
            else ""
        )

    def _move(self, key: str, group: str) -> bool:
        person = self.people.get(key)
        if person is None:
            return False
        if group == OBSERVERS:
            self.people[key] = Person(person.name, Role.OBSERVER, None, person.pin)
        elif group == UNASSIGNED:
            self.people[key] = Person(person.name, Role.PLAYER, None, person.pin)
        else:
            self.people[key] = Person(person.name, Role.PLAYER, group, person.pin)
        self._rebuild()
        return True

    def deal(self) -> None:
        """Put every unassigned person into the teams in turn, fewest first."""
        wizard = self.wizard()
        entry = wizard.scenario_page.entry() if isinstance(wizard, NewGameWizard) else None
        if entry is None or entry.loaded is None:
            return
        teams = [t.id for t in entry.loaded.scenario.teams]
        counts = {t: sum(1 for p in self.people.values() if p.team_id == t) for t in teams}
        for key, person in list(self.people.items()):
            if person.role is Role.PLAYER and person.team_id is None:
                team = min(teams, key=lambda t: (counts[t], teams.index(t)))
                counts[team] += 1
                self.people[key] = Person(person.name, Role.PLAYER, team, person.pin)
        self._rebuild()

    def _selected_keys(self) -> list[str]:
        from wargame.ui.participants import KEY_ROLE

        return [str(i.data(KEY_ROLE)) for i in self.tree.selectedIndexes() if i.data(KEY_ROLE)]

    def set_pin(self) -> None:
        """Give the selected person a PIN."""
        wizard = self.wizard()
        keys = self._selected_keys()
        if not keys or not isinstance(wizard, NewGameWizard):
            self.message.setText("Select a person first.")
            return
        person = self.people[keys[0]]
        pin = wizard.notifier.ask_secret("PIN", f"PIN for {person.name} (empty for none):")
        if pin is None:
            return
        self.people[keys[0]] = Person(person.name, person.role, person.team_id, pin or None)
        self._rebuild()

    def remove_selected(self) -> None:
        """Take the selected people off the list."""
        for key in self._selected_keys():
            self.people.pop(key, None)
        self._rebuild()

    def _hint(self) -> None:
        wizard = self.wizard()
        entry = wizard.scenario_page.entry() if isinstance(wizard, NewGameWizard) else None
        if entry is None or entry.loaded is None:
            return
        waiting = sum(
            1 for p in self.people.values() if p.role is Role.PLAYER and p.team_id is None
        )
        short = []
        for team in entry.loaded.scenario.teams:
            n = sum(1 for p in self.people.values() if p.team_id == team.id)
            if n < team.min_players:
                short.append(f"{team.name} needs {team.min_players - n} more")
        parts = []
        if waiting:
            parts.append(f"{counted(waiting, 'person', 'people')} not yet on a team.")
        if short:
            parts.append("; ".join(short) + " (you can add people later).")
        self.message.setText(" ".join(parts))

    @override
    def isComplete(self) -> bool:
        """Everyone listed is on a team or an observer."""
        return all(p.role is Role.OBSERVER or p.team_id for p in self.people.values())

    def plan_people(self) -> tuple[Person, ...]:
        """The people, in the order they were added."""
        return tuple(self.people.values())


class NewGameWizard(QWizard):
    """Scenario, game, people.

    Signals:
        plan_ready: The facilitator finished; the :class:`NewGamePlan` to create.
    """

    plan_ready = Signal(object)

    def __init__(
        self, notifier: Notifier, scenario_path: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self.setWindowTitle("New game")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.scenario_page = ScenarioPage(notifier, scenario_path)
        self.game_page = GamePage()
        self.people_page = PeoplePage()
        for page in (self.scenario_page, self.game_page, self.people_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Create game")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(960, 640)

    def plan(self) -> NewGamePlan | None:
        """What the pages hold, as a plan (None while incomplete)."""
        entry = self.scenario_page.entry()
        if entry is None or entry.loaded is None:
            return None
        pin = self.game_page.pin_edit.text() or None
        return NewGamePlan(
            loaded=entry.loaded,
            path=self.game_page.path(),
            title=self.game_page.title_edit.text().strip(),
            seed=int(self.game_page.seed_edit.text() or 0),
            facilitator=self.game_page.facilitator_edit.text().strip(),
            facilitator_pin=pin,
            people=self.people_page.plan_people(),
        )

    def reject(self) -> None:
        """Cancel, Escape or closing: ask before the names and titles typed are lost."""
        typed = unsent_words(self)
        if self.people_page.people and "participants' names" not in typed:
            typed.append("participants' names")
        if may_discard(self.notifier.confirm, "Cancel the new game", typed):
            super().reject()

    def accept(self) -> None:
        """Hand the plan over and close."""
        plan = self.plan()
        if plan is not None:
            self.game_page.path().parent.mkdir(parents=True, exist_ok=True)
            self.plan_ready.emit(plan)
        super().accept()
