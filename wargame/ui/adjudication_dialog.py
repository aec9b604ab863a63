"""The adjudication dialog: method, inputs, odds, dice on screen, outcome, effects preview.

The dialog decides no rule. It builds an :class:`AdjudicationRequest` from its inputs, shows
the game's preview of it (``Game.preview_adjudication``: the commit's own code, rolled back)
and records by committing the same request (``Game.commit_adjudication``).

Digital dice are a function of the game's seed and the roll's sequence number, so "Roll"
shows the very faces the game will record. Rolling locks the inputs: the umpire rates the
argument first and then rolls, as at the table; changing them means voiding the roll.
Physical dice are typed in.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QPalette
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

from wargame.game.cases.adjudication import AdjudicationPreview, AdjudicationRequest
from wargame.game.views import MoveView
from wargame.scenario.model import Method
from wargame.ui.dice_widget import DiceWidget, OddsBar
from wargame.ui.effects_editor import EffectsEditor
from wargame.ui.guard import holds_words, may_discard, not_words, unsent_words
from wargame.ui.ruling_marks import RulingMarks
from wargame.ui.session import GameSession
from wargame.ui.theme import ALERT, OUTCOME_COLOURS, RED_LINE, readable

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
        self._rolled = False
        """The digital dice were rolled on screen: previews keep that roll."""
        self._locked = False
        self.last_preview = AdjudicationPreview()
        summary = session.summary()
        self._seed = summary.seed
        self._turn = summary.turn
        self.setWindowTitle("Adjudicate")
        self.setWindowModality(Qt.WindowModality.WindowModal)

        self._build_choice(move_id)
        self._build_method_inputs()
        self._build_dice()
        self._build_texts()
        self._lay_out()
        self.move_combo.currentIndexChanged.connect(lambda _i: self._move_changed())
        self.method_combo.currentIndexChanged.connect(lambda _i: self._method_changed())
        self.effects.changed.connect(self.update_preview)
        self.marks.changed.connect(self.update_preview)
        self.narrative.textChanged.connect(self._update_buttons)
        self.rationale.textChanged.connect(self._update_buttons)
        self.fact.textChanged.connect(lambda _t: self.update_preview())
        self._move_changed()
        self._method_changed()

    def _build_choice(self, move_id: int | None) -> None:
        """What is adjudicated, and by which method."""
        session = self._session
        # ---- what is adjudicated
        self.move_combo = QComboBox()
        self.move_combo.setMinimumContentsLength(24)
        self.move_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.move_combo.addItem("An open question (no move)", 0)
        adjudicated = {
            a.move_id
            for a in session.adjudications(session.viewer, self._turn)
            if not a.voided and a.move_id
        }
        self._moves: dict[int, MoveView] = {}
        for move in session.moves(session.viewer, self._turn):
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

    def _build_method_inputs(self) -> None:
        """Each method's inputs, and the odds."""
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

    def _build_dice(self) -> None:
        """The dice, the roll button, the physical faces and the outcome."""
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
        not_words(self.physical, "dice faces, read off the table again")
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

    def _build_texts(self) -> None:
        """Narrative, rationale, effects, facts and the consequences."""
        session = self._session
        # ---- narrative, effects, facts
        self.narrative = QPlainTextEdit()
        self.narrative.setPlaceholderText("What happens, as told to the room")
        self.narrative.setTabChangesFocus(True)
        self.narrative.setMinimumHeight(64)
        self.narrative.setMaximumHeight(110)
        holds_words(self.narrative, "an adjudication's narrative")
        self.rationale = QPlainTextEdit()
        self.rationale.setPlaceholderText("Why (required for a ruling; kept in the record)")
        self.rationale.setTabChangesFocus(True)
        self.rationale.setMinimumHeight(44)
        self.rationale.setMaximumHeight(80)
        holds_words(self.rationale, "an adjudication's rationale")
        self.marks = RulingMarks(tuple(self._rules.move_tags))
        self.effects = EffectsEditor(self._session.scenario)
        self.fact = QLineEdit()
        self.fact.setPlaceholderText("A fact this outcome establishes (optional)")
        holds_words(self.fact, "a fact")
        self.end_facts: dict[int, QCheckBox] = {}
        self._facts_box = QVBoxLayout()
        for fact in session.queries.facts():
            if fact.in_force:
                short = fact.text if len(fact.text) <= 70 else fact.text[:67] + "…"
                box = QCheckBox(f"End: {short}")
                box.setToolTip(fact.text)
                self.end_facts[fact.id] = box
                self._facts_box.addWidget(box)
        self.preview = QTextBrowser()
        self.preview.setMinimumHeight(120)

    def _lay_out(self) -> None:
        """What and how on the left; dice, outcome and consequences on the right."""
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
        right.addWidget(self.marks)
        effects_box = QGroupBox("Effects")
        effects_layout = QVBoxLayout(effects_box)
        effects_layout.addWidget(self.effects)
        right.addWidget(effects_box)
        facts_group = QGroupBox("Facts (matrix games)")
        facts_layout = QVBoxLayout(facts_group)
        facts_layout.addWidget(self.fact)
        facts_layout.addLayout(self._facts_box)
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
        self.problem_label.setStyleSheet(f"color: {readable(ALERT, self._window_colour()).name()}")
        self.problem_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.resize(1120, 780)

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
        self.table_combo.currentIndexChanged.connect(lambda _i: self._method_changed())
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
        self._rolled = False
        self.physical.blockSignals(True)
        self.physical.clear()
        self.physical.blockSignals(False)
        if method is Method.TABLE:
            self._show_table()
        self.update_preview()
        dice = self.last_preview.dice
        rolls = dice is not None and not self._locked
        self.roll_button.setEnabled(rolls and self._seed is not None)
        self.physical.setEnabled(rolls)
        self.dice.clear(self.last_preview.sides or 6)
        self.dice_label.setText(f"Roll {dice}" if dice else "No dice: the umpire rules")

    def _show_table(self) -> None:
        table_id = self.table_combo.currentData()
        table = next((t for t in self._rules.tables if t.id == table_id), None)
        if table is None:
            self.table_rows.setText("")
            return
        window = self._window_colour()
        rows = "".join(
            f"<tr><td>{r.min}–{r.max}</td><td>"
            f"<b style='color:{readable(OUTCOME_COLOURS[r.outcome], window).name()}'>"
            f"{r.outcome}</b></td><td>{html.escape(r.narrative or '')}</td></tr>"
            for r in table.rows
        )
        self.table_rows.setText(f"<table cellpadding='2'>{rows}</table>")

    # ------------------------------------------------------------------ the request

    def _counters_accepted(self) -> list[int]:
        return [cid for cid, box in self.counter_checks.items() if cid > 0 and box.isChecked()]

    def _estimates(self) -> dict[str, int]:
        return {
            team: spin.value()
            for team, (given, spin) in self.estimates.items()
            if given.isChecked()
        }

    def _typed_faces(self) -> tuple[int, ...] | None:
        text = self.physical.text().replace(",", " ").replace("+", " ").split()
        if not text:
            return None
        try:
            return tuple(int(part) for part in text)
        except ValueError:
            return None

    def request(self) -> AdjudicationRequest:
        """What the inputs ask the game to record (previewed, then committed as it is)."""
        method = self.method()
        move = self.chosen_move()
        matrix = method is Method.MATRIX
        probability = method is Method.PROBABILITY
        return AdjudicationRequest(
            method=method,
            narrative=self.narrative.toPlainText(),
            rationale=self.rationale.toPlainText(),
            move_id=move.id if move else None,
            physical_faces=self._typed_faces(),
            strong_reasons=self.strong_reasons.value() if matrix else None,
            accepted_counters=tuple(self._counters_accepted()) if matrix else None,
            adjustment=self.adjustment.value() if matrix else 0,
            rating=str(self.rating.currentData()) if method is Method.ODDS else None,
            estimates=self._estimates() if probability else None,
            umpire_chance=(
                self.umpire_chance.value()
                if probability and self._rules.probability.combine == "umpire"
                else None
            ),
            table_id=str(self.table_combo.currentData()) if method is Method.TABLE else None,
            outcome=(
                next((o for o, b in self.outcome_buttons.items() if b.isChecked()), None)
                if method is Method.RULING
                else None
            ),
            effects=tuple(self.effects.effects()),
            establish_fact=self.fact.text().strip() or None,
            end_facts=tuple(fid for fid, box in self.end_facts.items() if box.isChecked()),
            tags=self.marks.tags(),
            announce_rationale=self.marks.announced(),
        )

    # ------------------------------------------------------------------ the preview

    def update_preview(self) -> None:
        """Ask the game what the request gives: odds, dice, outcome and consequences."""
        session = self._session
        preview = session.game.preview_adjudication(
            session.facilitator_id, self.request(), roll=self._rolled
        )
        self.last_preview = preview
        self.effects.show_problems(session.game.effect_problems(self.effects.effects()))
        self.odds_bar.set_odds(preview.odds)
        self.explained.setText(preview.inputs_text)
        if preview.outcome is None:
            self.outcome_label.setText("")
            self.result_text.setText("")
        else:
            colour = readable(OUTCOME_COLOURS[preview.outcome], self._window_colour())
            self.outcome_label.setText(preview.outcome.upper())
            self.outcome_label.setStyleSheet(f"color: {colour.name()}")
            self.result_text.setText(preview.explanation)
        if self._typed_faces() is not None and preview.faces is not None:
            self.dice.show_faces(preview.faces, preview.sides or 6, "physical")
        self.preview.setHtml(self._consequences(preview))
        self._update_buttons()

    def _consequences(self, preview: AdjudicationPreview) -> str:
        e = html.escape
        lines: list[str] = []
        if self.method() is Method.TABLE and preview.outcome is None:
            lines.append(
                "<p><i>The table row's own effects are added once the dice are rolled.</i></p>"
            )
        if preview.effects:
            lines.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in preview.effects) + "</ul>")
        else:
            lines.append("<p>No effects on tracks or units.</p>")
        red = readable(RED_LINE).name()
        for line in preview.red_lines:
            lines.append(
                f"<p style='color:{red}'><b>Red line crossed: {e(line.name)}</b>"
                + (f" — {e(line.declared_consequence)}" if line.declared_consequence else "")
                + "</p>"
            )
        for title in preview.injects:
            lines.append(f"<p><b>Inject fires:</b> {e(title)}</p>")
        for text in preview.facts_established:
            lines.append(f"<p><b>Fact established:</b> {e(text)}</p>")
        for text in preview.facts_ended:
            lines.append(f"<p><b>Fact ended:</b> {e(text)}</p>")
        return "".join(lines)

    def _update_buttons(self) -> None:
        method = self.method()
        problems = []
        if not self.narrative.toPlainText().strip():
            problems.append("write the narrative")
        if method is not Method.RULING and self.last_preview.faces is None:
            problems.append("roll the dice (or type the dice thrown)")
        if method is Method.RULING:
            if not any(b.isChecked() for b in self.outcome_buttons.values()):
                problems.append("choose the outcome")
            if not self.rationale.toPlainText().strip():
                problems.append("give the rationale")
        game_problem = self.last_preview.problem
        if "is empty" in game_problem:  # the form's own wording covers empty fields
            game_problem = ""
        self.record_button.setEnabled(not problems and not game_problem)
        text = ("To record: " + ", ".join(problems) + ".") if problems else ""
        self.record_button.setToolTip(
            text or game_problem or "Commit the roll, the outcome and the effects (Ctrl+Return)"
        )
        if self.physical.text().strip() and self.last_preview.faces is None:
            text = game_problem or f"'{self.physical.text().strip()}' is not dice faces"
        self.problem_label.setText(game_problem if game_problem and not text else text)

    # ------------------------------------------------------------------ dice

    def _physical_changed(self) -> None:
        if not self.physical.text().strip():
            self.dice.clear(self.last_preview.sides or 6)
        self.update_preview()

    def roll(self) -> None:
        """Roll the digital dice on screen and fix the inputs."""
        if self.last_preview.dice is None or self._seed is None:  # no seed: a team's laptop
            return
        self._rolled = True
        self.update_preview()
        faces = self.last_preview.faces
        if faces is None:  # the game refused the inputs: nothing rolled
            self._rolled = False
            return
        self._lock()
        self.dice.roll_to(faces, self.last_preview.sides or 6, "digital")

    def _lock(self) -> None:
        self._locked = True
        for widget in (
            self.inputs,
            self.method_combo,
            self.move_combo,
            self.roll_button,
            self.physical,
            self.effects,
        ):
            widget.setEnabled(False)
            widget.setToolTip("Fixed by the roll; to change it, void the roll and adjudicate again")
        self.roll_button.setText("Rolled")

    def _settled(self) -> None:
        self._update_buttons()
        self.rolled.emit()

    def _window_colour(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Window)

    # ------------------------------------------------------------------ leaving

    def typed(self) -> bool:
        """Whether the umpire wrote a narrative, rationale or fact, or rolled the dice."""
        return bool(unsent_words(self)) or self._rolled

    def reject(self) -> None:
        """Cancel, Escape or closing: ask before throwing away the narrative or the roll."""
        typed = unsent_words(self) + (["the dice rolled"] if self._rolled else [])
        if not may_discard(self._session.notifier.confirm, "Close the adjudication", typed):
            return
        super().reject()

    # ------------------------------------------------------------------ recording

    def record(self) -> int | None:
        """Commit the request previewed (undoable); close on success."""
        session = self._session
        request = self.request()
        shown = self.last_preview.faces if self._rolled else None
        move = self.chosen_move()
        what = f"'{move.title}'" if move else "an open question"
        result = session.act_undoable(
            f"Adjudicate {what} ({self.method().value})",
            lambda: session.game.commit_adjudication(session.facilitator_id, request),
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
            and tuple(recorded.rolls[0].faces) != shown
        ):
            session.notifier.info(
                "Dice",
                f"Another roll was recorded meanwhile, so the game rolled "
                f"{list(recorded.rolls[0].faces)} "
                f"instead of {list(shown)}; the outcome is {recorded.outcome}",
            )
        self.recorded.emit(adjudication_id)
        self.accept()
        return adjudication_id
