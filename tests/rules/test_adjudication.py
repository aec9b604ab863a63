"""Each adjudication method, its odds function and every refusal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wargame.rules import (
    D6,
    D100,
    TWO_D6,
    DiceSpec,
    Outcome,
    Roll,
    RuleError,
    adjudicate_matrix,
    adjudicate_odds,
    adjudicate_probability,
    adjudicate_ruling,
    adjudicate_table,
    combine_estimates,
    find_table,
    matrix_modifier,
    matrix_odds,
    odds_odds,
    odds_rating,
    probability_odds,
    required_dice,
    roll_physical,
    table_odds,
    table_row,
)
from wargame.scenario import Scenario
from wargame.scenario.model import (
    AdjudicationRules,
    LookupTable,
    MatrixRules,
    Method,
    OddsRules,
    ProbabilityRules,
    TableRow,
)

MATRIX = MatrixRules()  # target 7, +1/-1, cap 3, partial margin 2
ODDS = OddsRules()
PROBABILITY = ProbabilityRules()  # partial band 10


def d6(face: int) -> Roll:
    return roll_physical(D6, [face])


def two_d6(a: int, b: int) -> Roll:
    return roll_physical(TWO_D6, [a, b])


def d100(face: int) -> Roll:
    return roll_physical(D100, [face])


# ---------------------------------------------------------------- matrix


def test_matrix_modifier_counts_reasons_and_counters() -> None:
    modifier, explained = matrix_modifier(2, 1, MATRIX)
    assert modifier == 1
    assert explained == (
        "+2 for 2 strong reasons (+1 each)",
        "-1 for 1 accepted counter-argument (-1 each)",
    )


def test_matrix_modifier_singular_and_umpire_adjustment() -> None:
    modifier, explained = matrix_modifier(1, 2, MATRIX, adjustment=-1)
    assert modifier == -2
    assert explained == (
        "+1 for 1 strong reason (+1 each)",
        "-2 for 2 accepted counter-arguments (-1 each)",
        "-1 umpire's adjustment",
    )


def test_matrix_modifier_with_nothing_is_zero_and_unexplained() -> None:
    assert matrix_modifier(0, 0, MATRIX) == (0, ())


@pytest.mark.parametrize(
    ("reasons", "counters", "adjustment", "expected", "cap_line"),
    [
        (5, 0, 0, 3, "+5 capped at +3 (the scenario's limit)"),
        (0, 4, -2, -3, "-6 capped at -3 (the scenario's limit)"),
    ],
)
def test_matrix_modifier_is_capped(
    reasons: int, counters: int, adjustment: int, expected: int, cap_line: str
) -> None:
    modifier, explained = matrix_modifier(reasons, counters, MATRIX, adjustment)
    assert modifier == expected
    assert explained[-1] == cap_line


def test_matrix_modifier_uses_the_scenarios_bonus_and_penalty() -> None:
    rules = MatrixRules(reason_bonus=2, counter_penalty=3, max_modifier=12)
    assert matrix_modifier(3, 1, rules)[0] == 3


@given(
    reasons=st.integers(0, 20),
    counters=st.integers(0, 20),
    adjustment=st.integers(-20, 20),
    cap=st.integers(0, 12),
)
def test_matrix_modifier_never_exceeds_the_cap(
    reasons: int, counters: int, adjustment: int, cap: int
) -> None:
    modifier, _ = matrix_modifier(reasons, counters, MatrixRules(max_modifier=cap), adjustment)
    assert -cap <= modifier <= cap


@pytest.mark.parametrize(("reasons", "counters"), [(-1, 0), (0, -1)])
def test_matrix_modifier_refuses_negative_counts(reasons: int, counters: int) -> None:
    with pytest.raises(RuleError, match="cannot be negative"):
        matrix_modifier(reasons, counters, MATRIX)


@pytest.mark.parametrize(
    ("faces", "modifier", "outcome"),
    [
        ((3, 4), 0, Outcome.SUCCESS),  # 7: on target
        ((6, 6), -3, Outcome.SUCCESS),  # 9
        ((2, 3), 2, Outcome.SUCCESS),  # 7
        ((3, 3), 0, Outcome.PARTIAL),  # 6: one short
        ((2, 3), 0, Outcome.PARTIAL),  # 5: two short, the margin
        ((2, 2), 0, Outcome.FAILURE),  # 4: three short
        ((1, 1), 3, Outcome.PARTIAL),  # 5
        ((3, 4), -3, Outcome.FAILURE),  # 4
    ],
)
def test_adjudicate_matrix(faces: tuple[int, int], modifier: int, outcome: Outcome) -> None:
    explained = ("+1 for 1 strong reason (+1 each)",)
    result = adjudicate_matrix(two_d6(*faces), modifier, explained, MATRIX)
    assert result.outcome is outcome
    assert result.method is Method.MATRIX
    assert result.target == 7
    assert result.modifier == modifier
    assert result.modifiers_explained == explained
    assert result.roll == two_d6(*faces)
    assert (result.chance, result.rating, result.table_row) == (None, None, None)


def test_adjudicate_matrix_explains_itself() -> None:
    result = adjudicate_matrix(two_d6(3, 3), 2, (), MATRIX)
    assert result.explanation == "Rolled 3+3 = 6, +2 = 8, against a target of 7: success."
    result = adjudicate_matrix(two_d6(3, 3), 0, (), MATRIX)
    assert result.explanation == "Rolled 3+3 = 6 against a target of 7: partial success."


def test_adjudicate_matrix_uses_the_scenarios_target_and_margin() -> None:
    rules = MatrixRules(target=9, partial_margin=0)
    assert adjudicate_matrix(two_d6(4, 4), 0, (), rules).outcome is Outcome.FAILURE
    assert adjudicate_matrix(two_d6(4, 5), 0, (), rules).outcome is Outcome.SUCCESS


@pytest.mark.parametrize("roll", [d6(6), d100(50), roll_physical(DiceSpec(3, 6), [1, 2, 3])])
def test_adjudicate_matrix_needs_2d6(roll: Roll) -> None:
    with pytest.raises(
        RuleError, match=f"matrix adjudication needs a 2d6 roll; a {roll.spec} roll"
    ):
        adjudicate_matrix(roll, 0, (), MATRIX)


def test_adjudicate_matrix_refuses_a_modifier_beyond_the_cap() -> None:
    with pytest.raises(RuleError, match=r"a modifier of \+4 is beyond the scenario's limit of 3"):
        adjudicate_matrix(two_d6(1, 1), 4, (), MATRIX)
    with pytest.raises(RuleError, match="a modifier of -4"):
        matrix_odds(-4, MATRIX)


def test_matrix_odds_with_no_modifier() -> None:
    odds = matrix_odds(0, MATRIX)
    assert odds[Outcome.SUCCESS] == pytest.approx(21 / 36)  # 7..12
    assert odds[Outcome.PARTIAL] == pytest.approx(9 / 36)  # 5, 6
    assert odds[Outcome.FAILURE] == pytest.approx(6 / 36)  # 2..4


@given(modifier=st.integers(-3, 3))
def test_matrix_odds_add_up_and_agree_with_every_face(modifier: int) -> None:
    odds = matrix_odds(modifier, MATRIX)
    assert set(odds) == set(Outcome)
    assert sum(odds.values()) == pytest.approx(1)
    counted = dict.fromkeys(Outcome, 0)
    for a in range(1, 7):
        for b in range(1, 7):
            counted[adjudicate_matrix(two_d6(a, b), modifier, (), MATRIX).outcome] += 1
    assert {o: n / 36 for o, n in counted.items()} == pytest.approx(odds)


# ---------------------------------------------------------------- odds


@pytest.mark.parametrize(
    ("rating", "face", "outcome"),
    [
        ("Even chance", 4, Outcome.SUCCESS),
        ("Even chance", 6, Outcome.SUCCESS),
        ("Even chance", 3, Outcome.PARTIAL),  # one short of the target
        ("Even chance", 2, Outcome.FAILURE),
        ("Can't miss", 1, Outcome.SUCCESS),  # target 1 always succeeds
        ("Very likely", 1, Outcome.PARTIAL),
        ("Impossible", 6, Outcome.FAILURE),  # target 7 never succeeds, not even partly
        ("Impossible", 5, Outcome.FAILURE),
    ],
)
def test_adjudicate_odds(rating: str, face: int, outcome: Outcome) -> None:
    result = adjudicate_odds(rating, d6(face), ODDS)
    assert result.outcome is outcome
    assert result.method is Method.ODDS
    assert result.rating == rating
    assert result.target == odds_rating(rating, ODDS).target


def test_target_seven_never_succeeds_and_target_one_always_does() -> None:
    for face in range(1, 7):
        assert adjudicate_odds("Impossible", d6(face), ODDS).outcome is not Outcome.SUCCESS
        assert adjudicate_odds("Can't miss", d6(face), ODDS).outcome is Outcome.SUCCESS


def test_adjudicate_odds_explains_itself() -> None:
    assert adjudicate_odds("Likely", d6(2), ODDS).explanation == (
        "Rated 'Likely' (3 or more succeeds); rolled 2: partial success."
    )
    assert "no roll succeeds" in adjudicate_odds("Impossible", d6(1), ODDS).explanation
    assert "any roll succeeds" in adjudicate_odds("Can't miss", d6(1), ODDS).explanation


def test_odds_rating_forgives_case_and_spaces() -> None:
    assert odds_rating("  even CHANCE ", ODDS).target == 4
    assert adjudicate_odds("likely", d6(3), ODDS).rating == "Likely"


def test_unknown_rating_names_the_valid_ones() -> None:
    with pytest.raises(RuleError) as caught:
        adjudicate_odds("Probable", d6(3), ODDS)
    message = str(caught.value)
    assert message.startswith("'Probable' is not on this scenario's odds scale; choose one of ")
    for rating in ODDS.scale:
        assert f"'{rating.rating}'" in message
    with pytest.raises(RuleError, match="'Probable' is not on"):
        odds_odds("Probable", ODDS)


def test_adjudicate_odds_needs_1d6() -> None:
    with pytest.raises(RuleError, match="odds adjudication needs a 1d6 roll; a 2d6 roll"):
        adjudicate_odds("Likely", two_d6(1, 2), ODDS)


@pytest.mark.parametrize(
    ("rating", "success", "partial"),
    [
        ("Can't miss", 6, 0),
        ("Very likely", 5, 1),
        ("Even chance", 3, 1),
        ("Very unlikely", 1, 1),
        ("Impossible", 0, 0),
    ],
)
def test_odds_odds(rating: str, success: int, partial: int) -> None:
    odds = odds_odds(rating, ODDS)
    assert odds[Outcome.SUCCESS] == pytest.approx(success / 6)
    assert odds[Outcome.PARTIAL] == pytest.approx(partial / 6)
    assert odds[Outcome.FAILURE] == pytest.approx((6 - success - partial) / 6)


# ---------------------------------------------------------------- probability


@pytest.mark.parametrize(
    ("estimates", "how", "expected"),
    [
        ({"blue": 40, "red": 60}, "mean", 50),
        ({"blue": 40, "red": 61}, "mean", 51),  # 50.5 rounds half up
        ({"blue": 40, "red": 60, "green": 60}, "mean", 53),  # 53.33
        ({"blue": 0, "red": 1}, "mean", 1),  # 0.5 rounds up
        ({"blue": 10, "red": 90, "green": 30}, "median", 30),
        ({"blue": 10, "red": 90, "green": 30, "white": 41}, "median", 36),  # 35.5 up
        ({"blue": 100}, "median", 100),
    ],
)
def test_combine_estimates(estimates: dict[str, int], how: str, expected: int) -> None:
    assert combine_estimates(estimates, how) == expected  # type: ignore[arg-type]


def test_combine_by_umpire_takes_the_umpires_figure() -> None:
    assert combine_estimates({"blue": 90}, "umpire", umpire=20) == 20
    assert combine_estimates({}, "umpire", umpire=0) == 0


@given(st.dictionaries(st.text(min_size=1, max_size=5), st.integers(0, 100), min_size=1))
def test_combined_estimates_lie_between_the_extremes(estimates: dict[str, int]) -> None:
    for how in ("mean", "median"):
        combined = combine_estimates(estimates, how)
        assert min(estimates.values()) <= combined <= max(estimates.values())


@pytest.mark.parametrize(
    ("estimates", "how", "umpire", "message"),
    [
        ({"blue": 101}, "mean", None, "the estimate of 'blue' of 101 is not a whole percentage"),
        ({"red": -1}, "median", None, "the estimate of 'red' of -1 is not"),
        ({"red": 50.5}, "mean", None, "of 50.5 is not a whole percentage"),
        ({"red": True}, "mean", None, "of True is not"),
        ({"blue": 120}, "umpire", 50, "the estimate of 'blue' of 120"),
        ({}, "mean", None, "no team has given an estimate yet"),
        ({}, "median", None, "no team has given an estimate yet"),
        ({"blue": 50}, "umpire", None, "the umpire's figure is needed"),
        ({"blue": 50}, "umpire", 150, "the umpire's figure of 150 is not"),
        ({"blue": 50}, "mean", 40, "used only when estimates are combined by umpire, not mean"),
        ({"blue": 50}, "vote", None, "by mean, median or umpire, not 'vote'"),
    ],
)
def test_combine_estimates_refuses(
    estimates: dict[str, int], how: str, umpire: int | None, message: str
) -> None:
    with pytest.raises(RuleError, match=message):
        combine_estimates(estimates, how, umpire)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("chance", "face", "outcome"),
    [
        (40, 1, Outcome.SUCCESS),
        (40, 40, Outcome.SUCCESS),
        (40, 41, Outcome.PARTIAL),
        (40, 50, Outcome.PARTIAL),
        (40, 51, Outcome.FAILURE),
        (0, 1, Outcome.PARTIAL),
        (0, 11, Outcome.FAILURE),
        (100, 100, Outcome.SUCCESS),
        (95, 100, Outcome.PARTIAL),
    ],
)
def test_adjudicate_probability(chance: int, face: int, outcome: Outcome) -> None:
    result = adjudicate_probability(chance, d100(face), PROBABILITY)
    assert result.outcome is outcome
    assert result.method is Method.PROBABILITY
    assert result.chance == chance
    assert result.target is None


def test_adjudicate_probability_explains_itself() -> None:
    assert adjudicate_probability(40, d100(45), PROBABILITY).explanation == (
        "Chance 40%; rolled 45 on d100: partial success."
    )


def test_adjudicate_probability_refuses() -> None:
    with pytest.raises(RuleError, match="probability adjudication needs a 1d100 roll"):
        adjudicate_probability(50, d6(3), PROBABILITY)
    with pytest.raises(RuleError, match="a chance of 101 is not a whole percentage"):
        adjudicate_probability(101, d100(3), PROBABILITY)
    with pytest.raises(RuleError, match="a chance of -5"):
        probability_odds(-5, PROBABILITY)


@pytest.mark.parametrize(
    ("chance", "band", "success", "partial"),
    [(40, 10, 40, 10), (95, 10, 95, 5), (100, 10, 100, 0), (0, 10, 0, 10), (50, 0, 50, 0)],
)
def test_probability_odds(chance: int, band: int, success: int, partial: int) -> None:
    odds = probability_odds(chance, ProbabilityRules(partial_band=band))
    assert odds[Outcome.SUCCESS] == pytest.approx(success / 100)
    assert odds[Outcome.PARTIAL] == pytest.approx(partial / 100)
    assert odds[Outcome.FAILURE] == pytest.approx((100 - success - partial) / 100)


@given(chance=st.integers(0, 100), band=st.integers(0, 50))
def test_probability_odds_agree_with_every_face(chance: int, band: int) -> None:
    rules = ProbabilityRules(partial_band=band)
    counted = dict.fromkeys(Outcome, 0)
    for face in range(1, 101):
        counted[adjudicate_probability(chance, d100(face), rules).outcome] += 1
    assert {o: n / 100 for o, n in counted.items()} == pytest.approx(
        probability_odds(chance, rules)
    )


# ---------------------------------------------------------------- ruling


def test_adjudicate_ruling() -> None:
    result = adjudicate_ruling(Outcome.PARTIAL, "  The blockade holds but leaks.  ")
    assert result.outcome is Outcome.PARTIAL
    assert result.method is Method.RULING
    assert result.roll is None
    assert result.explanation == "Umpire's ruling: partial success. The blockade holds but leaks."


def test_adjudicate_ruling_accepts_the_outcomes_word() -> None:
    assert adjudicate_ruling("failure", "No.").outcome is Outcome.FAILURE  # type: ignore[arg-type]


@pytest.mark.parametrize("rationale", ["", "   ", "\n\t"])
def test_a_ruling_needs_reasons(rationale: str) -> None:
    with pytest.raises(RuleError, match="a ruling needs the umpire's reasons; none were given"):
        adjudicate_ruling(Outcome.SUCCESS, rationale)


def test_a_ruling_is_one_of_the_three_outcomes() -> None:
    with pytest.raises(RuleError, match="a ruling is a success, partial or failure, not 'draw'"):
        adjudicate_ruling("draw", "Both sides claim victory.")  # type: ignore[arg-type]


# ---------------------------------------------------------------- table


def test_adjudicate_table(tutorial: Scenario) -> None:
    table = find_table(tutorial.adjudication, "incident-at-sea")
    result = adjudicate_table(table, two_d6(1, 2))
    assert result.outcome is Outcome.FAILURE
    assert result.method is Method.TABLE
    assert result.table_row is table.rows[0]
    assert result.table_row.effects  # the collision raises escalation
    assert result.explanation == (
        "Rolled 3 on 'Incident at sea' (2-5): failure. "
        "The ships collide; both sides blame the other."
    )
    assert adjudicate_table(table, two_d6(4, 4)).outcome is Outcome.PARTIAL
    assert adjudicate_table(table, two_d6(6, 6)).outcome is Outcome.SUCCESS


def test_adjudicate_table_needs_the_tables_dice(tutorial: Scenario) -> None:
    table = find_table(tutorial.adjudication, "incident-at-sea")
    with pytest.raises(RuleError, match="'Incident at sea' is read with 2d6; a 1d6 roll was given"):
        adjudicate_table(table, d6(4))


def test_table_without_narrative() -> None:
    table = LookupTable(
        id="coin",
        name="Coin",
        dice="1d6",
        rows=(
            TableRow(min=1, max=3, outcome="failure"),
            TableRow(min=4, max=6, outcome="success"),
        ),
    )
    assert adjudicate_table(table, d6(5)).explanation == "Rolled 5 on 'Coin' (4-6): success."
    assert table_odds(table) == {Outcome.SUCCESS: 0.5, Outcome.PARTIAL: 0.0, Outcome.FAILURE: 0.5}


def test_table_row_refuses_a_total_off_the_table(tutorial: Scenario) -> None:
    table = find_table(tutorial.adjudication, "incident-at-sea")
    with pytest.raises(
        RuleError, match="no row of the table 'Incident at sea' covers a total of 13"
    ):
        table_row(table, 13)


def test_table_odds(tutorial: Scenario) -> None:
    odds = table_odds(find_table(tutorial.adjudication, "incident-at-sea"))
    assert odds[Outcome.FAILURE] == pytest.approx(10 / 36)
    assert odds[Outcome.PARTIAL] == pytest.approx(16 / 36)
    assert odds[Outcome.SUCCESS] == pytest.approx(10 / 36)


def test_find_table_names_the_tables(tutorial: Scenario) -> None:
    with pytest.raises(RuleError, match=r"no table 'dogfight' .*\(tables: 'incident-at-sea'\)"):
        find_table(tutorial.adjudication, "dogfight")
    with pytest.raises(RuleError, match=r"\(tables: none\)"):
        find_table(AdjudicationRules(), "dogfight")


# ---------------------------------------------------------------- what to roll


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (Method.MATRIX, TWO_D6),
        (Method.ODDS, D6),
        (Method.PROBABILITY, D100),
        (Method.RULING, None),
    ],
)
def test_required_dice(tutorial: Scenario, method: Method, expected: DiceSpec | None) -> None:
    assert required_dice(method, tutorial.adjudication) == expected


def test_required_dice_for_a_table(tutorial: Scenario) -> None:
    assert required_dice(Method.TABLE, tutorial.adjudication, "incident-at-sea") == TWO_D6
    with pytest.raises(RuleError, match="the table method needs a table to roll on"):
        required_dice(Method.TABLE, tutorial.adjudication)
    with pytest.raises(RuleError, match="there is no table 'nope'"):
        required_dice(Method.TABLE, tutorial.adjudication, "nope")


def test_required_dice_refuses_a_method_the_scenario_does_not_allow() -> None:
    rules = AdjudicationRules(methods=(Method.MATRIX,))
    with pytest.raises(
        RuleError, match=r"this scenario does not allow 'odds' adjudication \(allowed: matrix\)"
    ):
        required_dice(Method.ODDS, rules)
