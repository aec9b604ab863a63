"""The adjudication dialog: method, inputs, odds, dice on screen, outcome, effects preview.

Everything shown before "Record" is a preview computed with the pure rules
(:mod:`wargame.rules.adjudication`, :func:`wargame.rules.effects.apply_effect`,
:func:`wargame.rules.redlines.crossed_red_lines`); the record is made by one call to
``Game.adjudicate``, which rolls, grades and applies the effects in one transaction.

Digital dice are a pure function of the game's seed and the roll's sequence number, so
"Roll" shows the very faces the game will record. Rolling locks the inputs: the umpire
rates the argument first and then rolls, as at the table. Physical dice are typed in.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from wargame.game.views import MoveView
from wargame.rules import adjudication as adj
from wargame.rules.dice import DiceSpec, Roll, roll_digital, roll_physical
from wargame.rules.effects import apply_effect
from wargame.rules.errors import RuleError
from wargame.rules.redlines import crossed_red_lines, due_conditional_injects
from wargame.rules.state import GameState, UnitState
from wargame.scenario.model import Effect, Method
from wargame.ui.dice_widget import DiceWidget, OddsBar
from wargame.ui.effects_editor import EffectsEditor
from wargame.ui.session import GameSession
from wargame.ui.theme import ALERT, OUTCOME_COLOURS, RED_LINE

METHOD_NAMES = {
    Method.MATRIX: "Matrix argument (2d6 + modifiers)",
    Method.ODDS: "Odds scale (d6)",
    Method.PROBABILITY: "Estimative probability (d100)",
    Method.RULING: "Umpire's ruling (no dice)",
    Method.TABLE: "Lookup table",
}


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class WrappedCheck(QWidget):
    """A check box whose text wraps (a long counter-argument would widen the dialog).

    Clicking the text toggles the box, as with a plain :class:`QCheckBox`.
    """

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox()
        self.box.setAccessibleName(text)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setMinimumWidth(120)  # wraps instead of widening the dialog
        self.label.mousePressEvent = lambda _event: self.box.toggle()  # type: ignore[method-assign]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)

    def setToolTip(self, text: str) -> None:  # noqa: N802 - Qt's name
        """The tip on the box and its text."""
        super().setToolTip(text)
        self.box.setToolTip(text)
        self.label.setToolTip(text)


@dataclass(frozen=True)
class Preview:
    """What the inputs give before the dice: a result (once rolled) and the odds."""

    odds: dict[adj.Outcome, float] | None
    result: adj.AdjudicationResult | None
    problem: str = ""


class AdjudicationDialog(QDialog):
    """Adjudicate a move (or an open question) by one of the scenario's methods.

    Signals:
        rolled: The dice settled on screen.
        recorded: The adjudication was committed (its id).
    """

    rolled = Signal()
    recorded = Signal(int)

    def __init__(
        self, session: GameSession, move_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        scenario = session.scenario
        self._rules = scenario.adjudication
        self._roll: Roll | None = None
        self._locked = False
        summary = session.summary()
        self._seed = summary.seed
        self.setWindowTitle("Adjudicate")
        self.setWindowModality(Qt.WindowModality.WindowModal)

        # ---- what is adjudicated
        self.move_combo = QComboBox()
        self.move_combo.setMinimumContentsLength(24)
        self.move_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.move_combo.addItem("An open question (no move)", 0)
        adjudicated = {
            a.move_id
            for a in session.adjudications(session.viewer, summary.turn)
            if not a.voided and a.move_id
        }
        self._moves: dict[int, MoveView] = {}
        for move in session.moves(session.viewer, summary.turn):
            if move.voided or move.status == "withdrawn" or move.id in adjudicated:
                continue
            self._moves[move.id] = move
            marker = " ● sealed" if move.sealed else ""
            self.move_combo.addItem(
                f"#{move.id} {session.team_name(move.team_id)}: {move.title}{marker}", move.id
            )
        if move_id is not None:
            index = self.move_combo.findData(move_id)
            if index >= 0:
                self.move_combo.setCurrentIndex(index)
        self.move_text = QTextBrowser()
        self.move_text.setMinimumHeight(120)
        self.move_text.setMaximumHeight(190)

        self.method_combo = QComboBox()
        for method in self._rules.methods:
            self.method_combo.addItem(METHOD_NAMES[method], method.value)
        self.method_combo.setCurrentIndex(
            max(0, self.method_combo.findData(self._rules.default_method.value))
        )

        # ---- method inputs
        self.inputs = QStackedWidget()
        self._pages: dict[Method, QWidget] = {}
        self._build_matrix()
        self._build_odds()
        self._build_probability()
        self._build_ruling()
        self._build_table()
        self.odds_bar = OddsBar()
        self.explained = QLabel()
        self.explained.setWordWrap(True)

        # ---- dice
        self.dice = DiceWidget()
        self.dice.settled.connect(self._settled)
        self.roll_button = QPushButton("Roll the dice")
        self.roll_button.setToolTip(
            "Roll the game's digital dice on screen (Ctrl+D); the inputs are then fixed"
        )
        self.roll_button.setShortcut(QKeySequence("Ctrl+D"))
        self.roll_button.clicked.connect(self.roll)
        self.physical = QLineEdit()
        self.physical.setPlaceholderText("or type the dice thrown, e.g. 3 5")
        self.physical.setToolTip("Dice thrown on the table: the faces, separated by spaces")
        self.physical.textChanged.connect(lambda _t: self._physical_changed())
        self.dice_label = QLabel()
        self.outcome_label = QLabel()
        big = QFont(self.outcome_label.font())
        big.setPointSizeF(big.pointSizeF() * 1.6)
        big.setBold(True)
        self.outcome_label.setFont(big)
        self.outcome_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.outcome_label.setMinimumHeight(self.outcome_label.fontMetrics().height() + 4)
        self.result_text = QLabel()
        self.result_text.setWordWrap(True)
        self.result_text.setAlignment(Qt.AlignmentFlag.AlignCenter)

        # ---- narrative, effects, facts
        self.narrative = QPlainTextEdit()
        self.narrative.setPlaceholderText("What happens, as told to the room")
        self.narrative.setTabChangesFocus(True)
        self.narrative.setMinimumHeight(64)
        self.narrative.setMaximumHeight(110)
        self.rationale = QPlainTextEdit()
        self.rationale.setPlaceholderText("Why (required for a ruling; kept in the record)")
        self.rationale.setTabChangesFocus(True)
        self.rationale.setMinimumHeight(44)
        self.rationale.setMaximumHeight(80)
        self.effects = EffectsEditor(scenario)
        self.fact = QLineEdit()
        self.fact.setPlaceholderText("A fact this outcome establishes (optional)")
        self.end_facts: dict[int, QCheckBox] = {}
        facts_box = QVBoxLayout()
        for fact in session.queries.facts():
            if fact.in_force:
                short = fact.text if len(fact.text) <= 70 else fact.text[:67] + "…"
                box = QCheckBox(f"End: {short}")
                box.setToolTip(fact.text)
                self.end_facts[fact.id] = box
                facts_box.addWidget(box)
        self.preview = QTextBrowser()
        self.preview.setMinimumHeight(120)

        # ---- layout: what and how on the left; dice, outcome and consequences on the right
        left = QVBoxLayout()
        top = QFormLayout()
        top.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        top.addRow("&Adjudicate", self.move_combo)
        top.addRow("&Method", self.method_combo)
        left.addLayout(top)
        left.addWidget(self.move_text)
        inputs_box = QGroupBox("Inputs")
        inputs_layout = QVBoxLayout(inputs_box)
        inputs_layout.addWidget(self.inputs)
        inputs_layout.addWidget(self.explained)
        inputs_layout.addWidget(QLabel("Chances before the roll"))
        inputs_layout.addWidget(self.odds_bar)
        left.addWidget(inputs_box)
        left.addWidget(QLabel("What recording this will do"))
        left.addWidget(self.preview, 1)

        dice_box = QGroupBox("Dice and outcome")
        dice_layout = QVBoxLayout(dice_box)
        dice_row = QHBoxLayout()
        dice_row.addWidget(self.dice_label)
        dice_row.addWidget(self.roll_button)
        dice_row.addWidget(self.physical, 1)
        dice_layout.addLayout(dice_row)
        shown = QHBoxLayout()
        shown.addWidget(self.dice, 1)
        verdict = QVBoxLayout()
        verdict.addWidget(self.outcome_label)
        verdict.addWidget(self.result_text)
        shown.addLayout(verdict, 1)
        dice_layout.addLayout(shown)
        right = QVBoxLayout()
        right.addWidget(dice_box)
        narrative_label = QLabel("&Narrative")
        narrative_label.setBuddy(self.narrative)
        rationale_label = QLabel("&Rationale")
        rationale_label.setBuddy(self.rationale)
        right.addWidget(narrative_label)
        right.addWidget(self.narrative)
        right.addWidget(rationale_label)
        right.addWidget(self.rationale)
        effects_box = QGroupBox("Effects")
        effects_layout = QVBoxLayout(effects_box)
        effects_layout.addWidget(self.effects)
        right.addWidget(effects_box)
        facts_group = QGroupBox("Facts (matrix games)")
        facts_layout = QVBoxLayout(facts_group)
        facts_layout.addWidget(self.fact)
        facts_layout.addLayout(facts_box)
        right.addWidget(facts_group)
        right.addStretch(1)
        splitter = QSplitter()
        for column in (left, right):
            holder = QWidget()
            holder.setLayout(column)
            scroll = QScrollArea()
            scroll.setWidget(holder)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            splitter.addWidget(scroll)
        splitter.setSizes([520, 600])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.record_button = self.buttons.addButton(
            "Record adjudication", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.record_button.setToolTip(
            "Commit the roll, the outcome and the effects to the record (Ctrl+Return)"
        )
        self.record_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)
        self.problem_label = QLabel()
        self.problem_label.setStyleSheet(f"color: {ALERT.name()}")
        self.problem_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.resize(1120, 780)

        self.move_combo.currentIndexChanged.connect(lambda _i: self._move_changed())
        self.method_combo.currentIndexChanged.connect(lambda _i: self._method_changed())
        self.effects.changed.connect(self.update_preview)
        self.narrative.textChanged.connect(self._update_buttons)
        self.rationale.textChanged.connect(self._update_buttons)
        self.fact.textChanged.connect(lambda _t: self.update_preview())
        self._move_changed()
        self._method_changed()

    # ------------------------------------------------------------------ building the inputs

    def _page(self, method: Method, widget: QWidget) -> None:
        self._pages[method] = widget
        self.inputs.addWidget(widget)

    def _build_matrix(self) -> None:
        rules = self._rules.matrix
        page = QWidget()
        form = QFormLayout(page)
        self.strong_reasons = QSpinBox()
        self.strong_reasons.setRange(0, 12)
        self.strong_reasons.setMaximumWidth(90)
        self.strong_reasons.setToolTip(f"Each strong reason adds {rules.reason_bonus}")
        self.counters_box = QVBoxLayout()
        self.counter_checks: dict[int, QCheckBox] = {}
        self._counter_rows: list[WrappedCheck] = []
        counters = QWidget()
        counters.setLayout(self.counters_box)
        self.adjustment = QSpinBox()
        self.adjustment.setRange(-rules.max_modifier - 6, rules.max_modifier + 6)
        self.adjustment.setMaximumWidth(90)
        self.adjustment.setToolTip("The umpire's own adjustment, up or down")
        form.addRow("Strong &reasons", self.strong_reasons)
        form.addRow("Accepted &counter-arguments", counters)
        form.addRow("Umpire's ad&justment", self.adjustment)
        form.addRow(
            _note(
                f"2d6 + modifier ≥ {rules.target} succeeds; up to {rules.partial_margin} short "
                f"is a partial "
                f"success. Modifiers are capped at ±{rules.max_modifier}."
            )
        )
        self.strong_reasons.valueChanged.connect(lambda _v: self.update_preview())
        self.adjustment.valueChanged.connect(lambda _v: self.update_preview())
        self._page(Method.MATRIX, page)

    def _build_odds(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        self.rating = QComboBox()
        for rating in self._rules.odds.scale:
            needs = (
                "always"
                if rating.target <= 1
                else "never"
                if rating.target > 6
                else f"{rating.target}+"
            )
            self.rating.addItem(f"{rating.rating} (d6 {needs})", rating.rating)
        self.rating.setCurrentIndex(self.rating.count() // 2)
        self.rating.currentIndexChanged.connect(lambda _i: self.update_preview())
        form.addRow("Rate the &argument", self.rating)
        self._page(Method.ODDS, page)

    def _build_probability(self) -> None:
        rules = self._rules.probability
        page = QWidget()
        form = QFormLayout(page)
        self.estimates: dict[str, tuple[QCheckBox, QSpinBox]] = {}
        for team in self._session.scenario.teams:
            given = QCheckBox(team.name)
            given.setChecked(True)
            spin = QSpinBox()
            spin.setRange(0, 100)
            spin.setSuffix(" %")
            spin.setValue(50)
            given.toggled.connect(spin.setEnabled)
            given.toggled.connect(lambda _b: self.update_preview())
            spin.valueChanged.connect(lambda _v: self.update_preview())
            form.addRow(given, spin)
            self.estimates[team.id] = (given, spin)
        self.umpire_chance = QSpinBox()
        self.umpire_chance.setRange(0, 100)
        self.umpire_chance.setSuffix(" %")
        self.umpire_chance.setValue(50)
        self.umpire_chance.valueChanged.connect(lambda _v: self.update_preview())
        if rules.combine == "umpire":
            form.addRow("&Umpire's figure", self.umpire_chance)
        form.addRow(
            _note(
                f"Each team's estimate of the chance; combined by {rules.combine}. "
                f"d100 at or under the "
                f"chance succeeds; up to {rules.partial_band} over is a partial success."
            )
        )
        self._page(Method.PROBABILITY, page)

    def _build_ruling(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.outcome_group = QButtonGroup(page)
        self.outcome_buttons: dict[str, QRadioButton] = {}
        row = QHBoxLayout()
        for outcome in ("success", "partial", "failure"):
            button = QRadioButton({"partial": "Partial success"}.get(outcome, outcome.capitalize()))
            self.outcome_group.addButton(button)
            self.outcome_buttons[outcome] = button
            button.toggled.connect(lambda _b: self.update_preview())
            row.addWidget(button)
        layout.addLayout(row)
        layout.addWidget(_note("A ruling has no dice: write the rationale on the right."))
        self._page(Method.RULING, page)

    def _build_table(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.table_combo = QComboBox()
        for table in self._rules.tables:
            self.table_combo.addItem(f"{table.name} ({table.dice})", table.id)
        self.table_rows = QLabel()
        self.table_rows.setWordWrap(True)
        self.table_rows.setTextFormat(Qt.TextFormat.RichText)
        self.table_combo.currentIndexChanged.connect(lambda _i: self.update_preview())
        layout.addWidget(self.table_combo)
        layout.addWidget(self.table_rows)
        self._page(Method.TABLE, page)

    # ------------------------------------------------------------------ reacting

    def method(self) -> Method:
        """The method chosen."""
        return Method(self.method_combo.currentData())

    def set_method(self, method: Method | str) -> None:
        """Choose a method (keyboard and tests)."""
        self.method_combo.setCurrentIndex(self.method_combo.findData(Method(method).value))

    def chosen_move(self) -> MoveView | None:
        """The move adjudicated (None: an open question)."""
        move_id = self.move_combo.currentData()
        return self._moves.get(int(move_id)) if move_id else None

    def _move_changed(self) -> None:
        move = self.chosen_move()
        for row in self._counter_rows:
            row.setParent(None)
            row.deleteLater()
        self._counter_rows = []
        self.counter_checks = {}
        if move is None:
            self.move_text.setHtml(
                "<p><i>An open question: no move is attached. "
                "Write what was asked in the narrative.</i></p>"
            )
            self.strong_reasons.setValue(0)
        else:
            from wargame.ui.moves_panel import move_html

            self.move_text.setHtml(move_html(move, None, self._session.team_name(move.team_id)))
            self.strong_reasons.setValue(len(move.reasons))
            for counter in move.counters:
                if counter.voided:
                    continue
                row = WrappedCheck(counter.text)
                row.setToolTip(f"{counter.text}\n— {counter.author}")
                row.box.setChecked(True)
                row.box.toggled.connect(lambda _b: self.update_preview())
                self.counters_box.addWidget(row)
                self._counter_rows.append(row)
                self.counter_checks[counter.id] = row.box
        if not self.counter_checks:
            none = WrappedCheck("(none)")
            none.setEnabled(False)
            self.counters_box.addWidget(none)
            self._counter_rows.append(none)
            self.counter_checks[-1] = none.box
        self.update_preview()

    def _method_changed(self) -> None:
        method = self.method()
        for page_method, page in self._pages.items():
            policy = (
                QSizePolicy.Policy.Preferred
                if page_method is method
                else QSizePolicy.Policy.Ignored
            )
            page.setSizePolicy(policy, policy)
        self.inputs.setCurrentWidget(self._pages[method])
        self.inputs.adjustSize()
        dice = self._spec()
        self.roll_button.setEnabled(dice is not None and not self._locked)
        self.physical.setEnabled(dice is not None and not self._locked)
        self.dice.clear(dice.sides if dice else 6)
        self._roll = None
        self.physical.blockSignals(True)
        self.physical.clear()
        self.physical.blockSignals(False)
        self.dice_label.setText(f"Roll {dice}" if dice else "No dice: the umpire rules")
        self.update_preview()

    def _spec(self) -> DiceSpec | None:
        method = self.method()
        table = self.table_combo.currentData() if method is Method.TABLE else None
        try:
            return adj.required_dice(method, self._rules, table)
        except RuleError:
            return None

    # ------------------------------------------------------------------ computing

    def _counters_accepted(self) -> list[int]:
        return [cid for cid, box in self.counter_checks.items() if cid > 0 and box.isChecked()]

    def _estimates(self) -> dict[str, int]:
        return {
            team: spin.value()
            for team, (given, spin) in self.estimates.items()
            if given.isChecked()
        }

    def compute(self) -> Preview:
        """Odds of the inputs, and the result once there are dice (pure rules only)."""
        rules = self._rules
        method = self.method()
        roll = self._roll
        try:
            if method is Method.MATRIX:
                modifier, explained = adj.matrix_modifier(
                    self.strong_reasons.value(),
                    len(self._counters_accepted()),
                    rules.matrix,
                    self.adjustment.value(),
                )
                self.explained.setText(
                    f"Modifier {modifier:+d}" + (": " + "; ".join(explained) if explained else "")
                )
                odds = adj.matrix_odds(modifier, rules.matrix)
                result = (
                    adj.adjudicate_matrix(roll, modifier, explained, rules.matrix) if roll else None
                )
            elif method is Method.ODDS:
                rating = str(self.rating.currentData())
                self.explained.setText("")
                odds = adj.odds_odds(rating, rules.odds)
                result = adj.adjudicate_odds(rating, roll, rules.odds) if roll else None
            elif method is Method.PROBABILITY:
                umpire = (
                    self.umpire_chance.value() if rules.probability.combine == "umpire" else None
                )
                chance = adj.combine_estimates(self._estimates(), rules.probability.combine, umpire)
                self.explained.setText(f"Combined chance: {chance}%")
                odds = adj.probability_odds(chance, rules.probability)
                result = (
                    adj.adjudicate_probability(chance, roll, rules.probability) if roll else None
                )
            elif method is Method.TABLE:
                table = adj.find_table(rules, str(self.table_combo.currentData()))
                rows = "".join(
                    f"<tr><td>{r.min}–{r.max}</td><td>"
                    f"<b style='color:{OUTCOME_COLOURS[r.outcome].name()}'>"
                    f"{r.outcome}</b></td><td>{html.escape(r.narrative or '')}</td></tr>"
                    for r in table.rows
                )
                self.table_rows.setText(f"<table cellpadding='2'>{rows}</table>")
                self.explained.setText("")
                odds = adj.table_odds(table)
                result = adj.adjudicate_table(table, roll) if roll else None
            else:
                self.explained.setText("")
                chosen = next((o for o, b in self.outcome_buttons.items() if b.isChecked()), None)
                odds = None
                result = (
                    adj.adjudicate_ruling(
                        adj.Outcome(chosen), self.rationale.toPlainText() or "(rationale to follow)"
                    )
                    if chosen
                    else None
                )
        except RuleError as exc:
            return Preview(None, None, str(exc))
        return Preview(odds, result)

    def _effects(self, result: adj.AdjudicationResult | None) -> list[Effect]:
        effects: list[Effect] = list(self.effects.effects())
        if result is not None and result.table_row is not None:
            effects.extend(result.table_row.effects)
        return effects

    def update_preview(self) -> None:
        """Recompute odds, outcome and the effects' consequences."""
        preview = self.compute()
        self.odds_bar.set_odds(preview.odds)
        result = preview.result
        if result is None:
            self.outcome_label.setText("")
            self.result_text.setText(preview.problem)
        else:
            colour = OUTCOME_COLOURS[result.outcome.value]
            self.outcome_label.setText(result.outcome.value.upper())
            self.outcome_label.setStyleSheet(f"color: {colour.name()}")
            self.result_text.setText(result.explanation)
        self.preview.setHtml(self._consequences(result))
        self._update_buttons()

    def _state_now(self) -> GameState:
        view = self._session.state()
        return GameState(
            tracks={str(t.id): t.value for t in view.tracks},
            units={u.id: UnitState(u.region, u.strength) for u in view.units},
        )

    def _consequences(self, result: adj.AdjudicationResult | None) -> str:
        scenario = self._session.scenario
        e = html.escape
        effects = self._effects(result)
        lines: list[str] = []
        if self.method() is Method.TABLE and result is None:
            lines.append(
                "<p><i>The table row's own effects are added once the dice are rolled.</i></p>"
            )
        if not effects:
            lines.append("<p>No effects on tracks or units.</p>")
        state = before = self._state_now()
        try:
            applied = []
            for effect in effects:
                state, one = apply_effect(state, effect, scenario)
                applied.append(one)
        except RuleError as exc:
            return (
                f"<p style='color:{ALERT.name()}'><b>These effects cannot apply:</b> "
                f"{e(str(exc))}</p>"
            )
        if applied:
            lines.append(
                "<ul>" + "".join(f"<li>{e(a.explanation)}</li>" for a in applied) + "</ul>"
            )
        newly = crossed_red_lines(state, scenario) - crossed_red_lines(before, scenario)
        for line_id in sorted(newly):
            line = scenario.red_line(line_id)
            lines.append(
                f"<p style='color:{RED_LINE.name()}'><b>Red line crossed: {e(line.name)}</b>"
                + (f" — {e(line.declared_consequence)}" if line.declared_consequence else "")
                + "</p>"
            )
        released = {
            i.inject_id
            for i in self._session.injects(self._session.viewer)
            if not i.voided and i.inject_id
        }
        due = due_conditional_injects(
            scenario, state, crossed_red_lines(before, scenario) | newly, frozenset(released)
        )
        for inject in due:
            if inject.id not in released:
                lines.append(f"<p><b>Inject fires:</b> {e(inject.title)}</p>")
        if self.fact.text().strip():
            lines.append(f"<p><b>Fact established:</b> {e(self.fact.text().strip())}</p>")
        ended = [box.toolTip() for box in self.end_facts.values() if box.isChecked()]
        for text in ended:
            lines.append(f"<p><b>Fact ended:</b> {e(text)}</p>")
        return "".join(lines)

    def _update_buttons(self) -> None:
        method = self.method()
        problems = []
        if not self.narrative.toPlainText().strip():
            problems.append("write the narrative")
        if method is not Method.RULING and self._roll is None:
            problems.append("roll the dice (or type the dice thrown)")
        if method is Method.RULING:
            if not any(b.isChecked() for b in self.outcome_buttons.values()):
                problems.append("choose the outcome")
            if not self.rationale.toPlainText().strip():
                problems.append("give the rationale")
        preview_problem = (
            self.result_text.text() if self._roll is None and method is not Method.RULING else ""
        )
        self.record_button.setEnabled(not problems)
        text = ("To record: " + ", ".join(problems) + ".") if problems else ""
        if self.physical.text().strip() and self._physical_problem:
            text = self._physical_problem
        self.problem_label.setText(text or preview_problem)

    # ------------------------------------------------------------------ dice

    _physical_problem = ""

    def _physical_changed(self) -> None:
        text = self.physical.text().strip()
        spec = self._spec()
        self._physical_problem = ""
        if not text or spec is None:
            self._roll = None
            self.dice.clear(spec.sides if spec else 6)
            self.update_preview()
            return
        try:
            faces = [int(part) for part in text.replace(",", " ").replace("+", " ").split()]
            self._roll = roll_physical(spec, faces)
        except ValueError as exc:  # RuleError is a ValueError, and so is int("x")
            self._roll = None
            self._physical_problem = (
                str(exc) if isinstance(exc, RuleError) else f"'{text}' is not dice faces"
            )
            self.dice.clear(spec.sides)
            self.update_preview()
            return
        self.dice.show_faces(self._roll.faces, spec.sides, "physical")
        self.update_preview()

    def next_sequence(self) -> int:
        """The sequence number the game's next roll will have."""
        rolls = self._session.queries.rolls()
        return (rolls[-1].sequence + 1) if rolls else 1

    def roll(self) -> None:
        """Roll the digital dice on screen and fix the inputs."""
        spec = self._spec()
        if spec is None or self._seed is None:  # no seed: a shared game's team role
            return
        self._roll = roll_digital(self._seed, self.next_sequence(), spec)
        self._lock()
        self.dice.roll_to(self._roll.faces, spec.sides, "digital")

    def _lock(self) -> None:
        self._locked = True
        for widget in (
            self.inputs,
            self.method_combo,
            self.move_combo,
            self.roll_button,
            self.physical,
        ):
            widget.setEnabled(False)
        self.roll_button.setText("Rolled")

    def _settled(self) -> None:
        self.update_preview()
        self.rolled.emit()

    # ------------------------------------------------------------------ recording

    def record(self) -> int | None:
        """Commit through ``Game.adjudicate`` (undoable); close on success."""
        session = self._session
        method = self.method()
        move = self.chosen_move()
        rules = self._rules
        physical = (
            self._roll.faces if self._roll is not None and self._roll.source == "physical" else None
        )
        matrix = method is Method.MATRIX
        narrative = self.narrative.toPlainText()
        rationale = self.rationale.toPlainText()
        effects = list(self.effects.effects())
        fact = self.fact.text().strip() or None
        end_facts = [fid for fid, box in self.end_facts.items() if box.isChecked()]
        strong = self.strong_reasons.value() if matrix else None
        counters = self._counters_accepted() if matrix else None
        adjustment = self.adjustment.value() if matrix else 0
        rating = str(self.rating.currentData()) if method is Method.ODDS else None
        estimates = self._estimates() if method is Method.PROBABILITY else None
        umpire = (
            self.umpire_chance.value()
            if method is Method.PROBABILITY and rules.probability.combine == "umpire"
            else None
        )
        table = str(self.table_combo.currentData()) if method is Method.TABLE else None
        outcome = (
            next((o for o, b in self.outcome_buttons.items() if b.isChecked()), None)
            if method is Method.RULING
            else None
        )
        what = f"'{move.title}'" if move else "an open question"
        shown = self._roll.faces if self._roll is not None else None
        result = session.act_undoable(
            f"Adjudicate {what} ({method.value})",
            lambda: session.game.adjudicate(
                session.facilitator_id,
                method=method,
                move_id=move.id if move else None,
                narrative=narrative,
                rationale=rationale,
                physical_faces=physical,
                strong_reasons=strong,
                accepted_counters=counters,
                adjustment=adjustment,
                rating=rating,
                estimates=estimates,
                umpire_chance=umpire,
                table_id=table,
                outcome=outcome,
                effects=effects,
                establish_fact=fact,
                end_facts=end_facts,
            ),
        )
        if not result.ok or not isinstance(result.value, int):
            return None
        adjudication_id = result.value
        recorded = next(
            (a for a in session.adjudications(session.viewer) if a.id == adjudication_id),
            None,
        )
        if (
            recorded is not None
            and shown is not None
            and recorded.rolls
            and recorded.rolls[0].faces != shown
        ):
            session.notifier.info(
                "Dice",
                f"Another roll was recorded meanwhile, so the game rolled "
                f"{recorded.rolls[0].faces} "
                f"instead of {shown}; the outcome is {recorded.outcome}",
            )
        self.recorded.emit(adjudication_id)
        self.accept()
        return adjudication_id
