"""Adjudication: turning a move and a roll into an outcome, one function per method.

A scenario allows some of five methods (:class:`~wargame.scenario.model.Method`):

- **matrix** — the classic matrix argument: 2d6 plus a modifier for strong reasons and
  accepted counter-arguments, against a target number;
- **odds** — the umpire rates the argument on an odds scale and a d6 decides;
- **probability** — the teams estimate a percentage chance, the estimates are combined
  and a d100 decides;
- **ruling** — the umpire decides, without dice, and must say why;
- **table** — the roll is looked up in one of the scenario's tables.

Each ``adjudicate_*`` function returns an :class:`AdjudicationResult` carrying everything
that went into the outcome, so the record can show — and an auditor recompute — how it was
reached. Each method that rolls also has an ``*_odds`` function giving the exact chance of
each outcome, for the facilitator to announce before the dice are thrown.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Literal

from wargame.rules.dice import D6, D100, TWO_D6, DiceSpec, Roll, total_distribution
from wargame.rules.errors import RuleError
from wargame.scenario.model import (
    AdjudicationRules,
    LookupTable,
    MatrixRules,
    Method,
    OddsRating,
    OddsRules,
    ProbabilityRules,
    TableRow,
)


class Outcome(StrEnum):
    """How a move turned out; the same three words a lookup table's rows use."""

    SUCCESS = "success"
    PARTIAL = "partial"
    FAILURE = "failure"


@dataclass(frozen=True)
class AdjudicationResult:
    """An outcome and everything that produced it, for the record and the report.

    Attributes:
        method: The method used.
        outcome: Success, partial success or failure.
        roll: The dice, unless the method is a ruling.
        target: The number the roll had to reach (matrix: 2d6 total; odds: d6 face).
        chance: The percentage chance (probability method).
        modifier: The net modifier added to the roll (matrix method), after the cap.
        modifiers_explained: How the modifier was made up, in words, one line each.
        rating: The odds rating chosen (odds method).
        table_row: The table row the roll fell in (table method); its effects apply.
        explanation: The outcome in one plain sentence, for the facilitator and the report.
    """

    method: Method
    outcome: Outcome
    explanation: str
    roll: Roll | None = None
    target: int | None = None
    chance: int | None = None
    modifier: int = 0
    modifiers_explained: tuple[str, ...] = ()
    rating: str | None = None
    table_row: TableRow | None = None


def _require(roll: Roll, spec: DiceSpec, method: str) -> None:
    if roll.spec != spec:
        raise RuleError(f"{method} adjudication needs a {spec} roll; a {roll.spec} roll was given")


def _signed(n: int) -> str:
    return f"+{n}" if n >= 0 else f"-{-n}"


def _odds(chances: Mapping[Outcome, Fraction]) -> dict[Outcome, float]:
    return {outcome: float(chances.get(outcome, Fraction(0))) for outcome in Outcome}


# ---------------------------------------------------------------------------- matrix


def matrix_modifier(
    strong_reasons: int,
    counter_arguments: int,
    rules: MatrixRules,
    adjustment: int = 0,
) -> tuple[int, tuple[str, ...]]:
    """The net modifier of a matrix argument, and how it was made up, in words.

    Each strong reason adds ``reason_bonus``, each accepted counter-argument takes off
    ``counter_penalty``, and the umpire may adjust further; the sum is capped at
    ``max_modifier`` either way so that a long list of reasons cannot make any move
    certain.

    Args:
        strong_reasons: How many of the move's reasons the umpire judged strong.
        counter_arguments: How many counter-arguments the umpire accepted.
        rules: The scenario's matrix rules.
        adjustment: The umpire's own adjustment, positive or negative.

    Returns:
        The modifier, and one line of explanation per part of it.

    Raises:
        RuleError: If a count is negative.
    """
    if strong_reasons < 0 or counter_arguments < 0:
        raise RuleError("the numbers of strong reasons and counter-arguments cannot be negative")
    explained: list[str] = []
    if strong_reasons:
        bonus = strong_reasons * rules.reason_bonus
        reasons = "strong reason" if strong_reasons == 1 else "strong reasons"
        explained.append(
            f"{_signed(bonus)} for {strong_reasons} {reasons} ({_signed(rules.reason_bonus)} each)"
        )
    if counter_arguments:
        penalty = counter_arguments * rules.counter_penalty
        counters = "counter-argument" if counter_arguments == 1 else "counter-arguments"
        explained.append(
            f"{_signed(-penalty)} for {counter_arguments} accepted {counters} "
            f"({_signed(-rules.counter_penalty)} each)"
        )
    if adjustment:
        explained.append(f"{_signed(adjustment)} umpire's adjustment")
    raw = (
        strong_reasons * rules.reason_bonus - counter_arguments * rules.counter_penalty + adjustment
    )
    cap = rules.max_modifier
    modifier = max(-cap, min(cap, raw))
    if modifier != raw:
        explained.append(f"{_signed(raw)} capped at {_signed(modifier)} (the scenario's limit)")
    return modifier, tuple(explained)


def _matrix_outcome(score: int, rules: MatrixRules) -> Outcome:
    if score >= rules.target:
        return Outcome.SUCCESS
    if score >= rules.target - rules.partial_margin:
        return Outcome.PARTIAL
    return Outcome.FAILURE


def _check_matrix_modifier(modifier: int, rules: MatrixRules) -> None:
    if abs(modifier) > rules.max_modifier:
        raise RuleError(
            f"a modifier of {_signed(modifier)} is beyond the scenario's limit of "
            f"{rules.max_modifier} either way"
        )


def adjudicate_matrix(
    roll: Roll,
    modifier: int,
    explained: tuple[str, ...],
    rules: MatrixRules,
) -> AdjudicationResult:
    """Adjudicate a matrix argument: 2d6 plus the modifier against the target.

    At or above the target is a success; short of it by at most ``partial_margin`` is a
    partial success; anything lower is a failure.

    Args:
        roll: A 2d6 roll.
        modifier: The net modifier, as :func:`matrix_modifier` gives it.
        explained: How the modifier was made up, as :func:`matrix_modifier` gives it.
        rules: The scenario's matrix rules.

    Raises:
        RuleError: If the roll is not 2d6, or the modifier is beyond the scenario's cap.
    """
    _require(roll, TWO_D6, "matrix")
    _check_matrix_modifier(modifier, rules)
    score = roll.total + modifier
    outcome = _matrix_outcome(score, rules)
    shown = "+".join(str(f) for f in roll.faces)
    with_modifier = f", {_signed(modifier)} = {score}," if modifier else ""
    explanation = (
        f"Rolled {shown} = {roll.total}{with_modifier} against a target of {rules.target}: "
        f"{_OUTCOME_WORDS[outcome]}."
    )
    return AdjudicationResult(
        method=Method.MATRIX,
        outcome=outcome,
        explanation=explanation,
        roll=roll,
        target=rules.target,
        modifier=modifier,
        modifiers_explained=explained,
    )


def matrix_odds(modifier: int, rules: MatrixRules) -> dict[Outcome, float]:
    """The exact chance of each outcome of a matrix argument, over the 36 ways 2d6 fall.

    Raises:
        RuleError: If the modifier is beyond the scenario's cap.
    """
    _check_matrix_modifier(modifier, rules)
    chances: dict[Outcome, Fraction] = {}
    for total, p in total_distribution(TWO_D6).items():
        outcome = _matrix_outcome(total + modifier, rules)
        chances[outcome] = chances.get(outcome, Fraction(0)) + p
    return _odds(chances)


_OUTCOME_WORDS = {
    Outcome.SUCCESS: "success",
    Outcome.PARTIAL: "partial success",
    Outcome.FAILURE: "failure",
}


# ---------------------------------------------------------------------------- odds


def odds_rating(rating: str, rules: OddsRules) -> OddsRating:
    """The rating of this name on the scenario's odds scale.

    The name is matched exactly, or else ignoring case and surrounding spaces.

    Raises:
        RuleError: If there is no such rating; the message lists the valid ones.
    """
    for candidate in rules.scale:
        if candidate.rating == rating:
            return candidate
    wanted = rating.strip().casefold()
    for candidate in rules.scale:
        if candidate.rating.casefold() == wanted:
            return candidate
    valid = ", ".join(f"'{r.rating}'" for r in rules.scale)
    raise RuleError(f"'{rating}' is not on this scenario's odds scale; choose one of {valid}")


def _odds_outcome(face: int, target: int) -> Outcome:
    if face >= target:
        return Outcome.SUCCESS
    if face == target - 1 and target <= 6:  # "Impossible" (7) is not even partly achieved
        return Outcome.PARTIAL
    return Outcome.FAILURE


def adjudicate_odds(rating: str, roll: Roll, rules: OddsRules) -> AdjudicationResult:
    """Adjudicate by the odds scale: the umpire's rating sets the d6 score that succeeds.

    A d6 at or above the rating's target is a success, so a target of 1 always succeeds
    and a target of 7 never does. A d6 exactly one short of the target is a partial
    success — the move nearly came off — which gives every rating short of certainty a
    one-in-six chance of a partial (so even an 'Impossible' move, target 7, is partly
    achieved on a 6); anything lower is a failure.

    Args:
        rating: The rating's name, as on the scenario's odds scale.
        roll: A 1d6 roll.
        rules: The scenario's odds rules.

    Raises:
        RuleError: If the rating is unknown or the roll is not 1d6.
    """
    chosen = odds_rating(rating, rules)
    _require(roll, D6, "odds")
    face = roll.total
    outcome = _odds_outcome(face, chosen.target)
    if chosen.target <= 1:
        needs = "any roll succeeds"
    elif chosen.target > D6.sides:
        needs = "no roll succeeds"
    else:
        needs = f"{chosen.target} or more succeeds"
    explanation = f"Rated '{chosen.rating}' ({needs}); rolled {face}: {_OUTCOME_WORDS[outcome]}."
    return AdjudicationResult(
        method=Method.ODDS,
        outcome=outcome,
        explanation=explanation,
        roll=roll,
        target=chosen.target,
        rating=chosen.rating,
    )


def odds_odds(rating: str, rules: OddsRules) -> dict[Outcome, float]:
    """The exact chance of each outcome for a rating on the odds scale.

    Raises:
        RuleError: If the rating is unknown.
    """
    target = odds_rating(rating, rules).target
    chances: dict[Outcome, Fraction] = {}
    for face in range(1, D6.sides + 1):
        outcome = _odds_outcome(face, target)
        chances[outcome] = chances.get(outcome, Fraction(0)) + Fraction(1, D6.sides)
    return _odds(chances)


# ---------------------------------------------------------------------------- probability

Combine = Literal["mean", "median", "umpire"]
"""How the teams' percentage estimates become one chance."""


def _round_half_up(x: Fraction) -> int:
    return math.floor(x + Fraction(1, 2))


def _check_percent(value: object, whose: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise RuleError(f"{whose} of {value!r} is not a whole percentage from 0 to 100")
    return value


def combine_estimates(
    estimates: Mapping[str, int],
    how: Combine,
    umpire: int | None = None,
) -> int:
    """Combine the teams' estimates of a move's chance into one percentage.

    ``mean`` and ``median`` take the teams' figures (a median of an even number of
    figures is the mean of the middle two), rounded half up to a whole percent so the
    same estimates always give the same chance; ``umpire`` takes the umpire's own figure
    and ignores the teams'.

    Args:
        estimates: Each team's estimate, in percent (0 to 100), keyed by team id.
        how: How to combine them; the scenario's ``probability.combine``.
        umpire: The umpire's figure; required for ``umpire`` and refused otherwise, so
            that a figure that would be ignored is not silently recorded.

    Returns:
        The chance of success, in percent.

    Raises:
        RuleError: If a figure is not a percentage, there are no estimates to combine,
            or the umpire's figure is missing or not wanted.
    """
    for team, estimate in estimates.items():
        _check_percent(estimate, f"the estimate of '{team}'")
    if how == "umpire":
        if umpire is None:
            raise RuleError("the umpire's figure is needed when estimates are combined by umpire")
        return _check_percent(umpire, "the umpire's figure")
    if umpire is not None:
        raise RuleError(
            f"an umpire's figure is used only when estimates are combined by umpire, not {how}"
        )
    if how not in ("mean", "median"):
        raise RuleError(f"estimates are combined by mean, median or umpire, not '{how}'")
    if not estimates:
        raise RuleError("no team has given an estimate yet")
    figures = sorted(estimates.values())
    if how == "mean":
        return _round_half_up(Fraction(sum(figures), len(figures)))
    middle = len(figures) // 2
    if len(figures) % 2:
        return figures[middle]
    return _round_half_up(Fraction(figures[middle - 1] + figures[middle], 2))


def _probability_outcome(face: int, chance: int, rules: ProbabilityRules) -> Outcome:
    if face <= chance:
        return Outcome.SUCCESS
    if face <= chance + rules.partial_band:
        return Outcome.PARTIAL
    return Outcome.FAILURE


def adjudicate_probability(chance: int, roll: Roll, rules: ProbabilityRules) -> AdjudicationResult:
    """Adjudicate by estimated probability: d100 at or under the chance succeeds.

    A roll above the chance by at most ``partial_band`` is a partial success; anything
    higher is a failure. A chance of 0 never succeeds and a chance of 100 always does.

    Args:
        chance: The chance of success in percent, as :func:`combine_estimates` gives it.
        roll: A 1d100 roll.
        rules: The scenario's probability rules.

    Raises:
        RuleError: If the chance is not 0 to 100 or the roll is not 1d100.
    """
    _check_percent(chance, "a chance")
    _require(roll, D100, "probability")
    face = roll.total
    outcome = _probability_outcome(face, chance, rules)
    explanation = f"Chance {chance}%; rolled {face} on d100: {_OUTCOME_WORDS[outcome]}."
    return AdjudicationResult(
        method=Method.PROBABILITY,
        outcome=outcome,
        explanation=explanation,
        roll=roll,
        chance=chance,
    )


def probability_odds(chance: int, rules: ProbabilityRules) -> dict[Outcome, float]:
    """The exact chance of each outcome for a given percentage chance.

    Raises:
        RuleError: If the chance is not 0 to 100.
    """
    _check_percent(chance, "a chance")
    partial = min(rules.partial_band, D100.sides - chance)
    return _odds(
        {
            Outcome.SUCCESS: Fraction(chance, 100),
            Outcome.PARTIAL: Fraction(partial, 100),
            Outcome.FAILURE: Fraction(100 - chance - partial, 100),
        }
    )


# ---------------------------------------------------------------------------- ruling


def adjudicate_ruling(outcome: Outcome, rationale: str) -> AdjudicationResult:
    """Record an umpire's ruling: an outcome decided without dice.

    A ruling has no roll to audit, so its rationale is its only record and is required.

    Raises:
        RuleError: If the rationale is blank or the outcome is not one of the three.
    """
    try:
        decided = Outcome(outcome)
    except ValueError:
        raise RuleError(f"a ruling is a success, partial or failure, not '{outcome}'") from None
    if not rationale.strip():
        raise RuleError("a ruling needs the umpire's reasons; none were given")
    return AdjudicationResult(
        method=Method.RULING,
        outcome=decided,
        explanation=f"Umpire's ruling: {_OUTCOME_WORDS[decided]}. {rationale.strip()}",
    )


# ---------------------------------------------------------------------------- table


def table_row(table: LookupTable, total: int) -> TableRow:
    """The row of ``table`` that a die total falls in.

    Raises:
        RuleError: If no row covers the total.
    """
    for row in table.rows:
        if row.min <= total <= row.max:
            return row
    raise RuleError(f"no row of the table '{table.name}' covers a total of {total}")


def adjudicate_table(table: LookupTable, roll: Roll) -> AdjudicationResult:
    """Adjudicate by looking the roll up in one of the scenario's tables.

    The row's effects are not applied here; the caller applies them (see
    :func:`wargame.rules.effects.apply_effects`) once the facilitator confirms.

    Raises:
        RuleError: If the roll is not the dice the table is for.
    """
    spec = DiceSpec.parse(table.dice)
    if roll.spec != spec:
        raise RuleError(
            f"the table '{table.name}' is read with {spec}; a {roll.spec} roll was given"
        )
    row = table_row(table, roll.total)
    outcome = Outcome(row.outcome)
    narrative = f" {row.narrative}" if row.narrative else ""
    explanation = (
        f"Rolled {roll.total} on '{table.name}' ({row.min}-{row.max}): "
        f"{_OUTCOME_WORDS[outcome]}.{narrative}"
    )
    return AdjudicationResult(
        method=Method.TABLE,
        outcome=outcome,
        explanation=explanation,
        roll=roll,
        table_row=row,
    )


def table_odds(table: LookupTable) -> dict[Outcome, float]:
    """The exact chance of each outcome of a lookup table."""
    chances: dict[Outcome, Fraction] = {}
    for total, p in total_distribution(DiceSpec.parse(table.dice)).items():
        outcome = Outcome(table_row(table, total).outcome)
        chances[outcome] = chances.get(outcome, Fraction(0)) + p
    return _odds(chances)


# ---------------------------------------------------------------------------- what to roll

_METHOD_DICE: Mapping[Method, DiceSpec | None] = {
    Method.MATRIX: TWO_D6,
    Method.ODDS: D6,
    Method.PROBABILITY: D100,
    Method.RULING: None,
}


def find_table(rules: AdjudicationRules, table_id: str) -> LookupTable:
    """The scenario's lookup table with this id.

    Raises:
        RuleError: If there is none; the message lists the tables there are.
    """
    for table in rules.tables:
        if table.id == table_id:
            return table
    known = ", ".join(f"'{t.id}'" for t in rules.tables) or "none"
    raise RuleError(f"there is no table '{table_id}' in this scenario (tables: {known})")


def required_dice(
    method: Method, rules: AdjudicationRules, table_id: str | None = None
) -> DiceSpec | None:
    """What to roll for a method, so the UI can offer the right dice; None for a ruling.

    Args:
        method: The adjudication method.
        rules: The scenario's adjudication rules.
        table_id: The table to roll on (table method only).

    Raises:
        RuleError: If the scenario does not allow the method, or the table method is
            asked for without a known table.
    """
    if method not in rules.methods:
        allowed = ", ".join(m.value for m in rules.methods)
        raise RuleError(
            f"this scenario does not allow '{method}' adjudication (allowed: {allowed})"
        )
    if method is Method.TABLE:
        if table_id is None:
            raise RuleError("the table method needs a table to roll on; none was chosen")
        return DiceSpec.parse(find_table(rules, table_id).dice)
    return _METHOD_DICE[method]
